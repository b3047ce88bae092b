//! One call, customized: what a fluent builder's `customize()` returns, as in aws-sdk-rust.
//! `mutate_request` changes the HTTP request of every attempt just before it is signed, so an
//! added header is signed like the others.

use std::fmt;
use std::sync::Arc;

use aws_smithy_types::body::SdkBody;

use super::{BoxError, Call};

/// The HTTP request `mutate_request` sees: aws-sdk-rust's (`headers_mut().insert("x-a", "b")`).
pub type HttpRequest = aws_smithy_runtime_api::client::orchestrator::HttpRequest;

type Mutator = Arc<dyn Fn(&mut HttpRequest) + Send + Sync>;

/// What `customize()` changes about one call.
#[derive(Clone, Default)]
pub struct Customization {
    mutators: Vec<Mutator>,
}

impl fmt::Debug for Customization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Customization")
            .field("mutate_request", &self.mutators.len())
            .finish()
    }
}

impl Customization {
    /// Whether the call is made as it is without customizing.
    pub fn is_empty(&self) -> bool {
        self.mutators.is_empty()
    }

    /// Runs the request mutators, in the order they were added, on a request about to be
    /// signed. `Content-Length` follows a body they replaced; a body that is not in memory is
    /// refused (this client sends bodies it holds whole).
    pub(super) fn apply(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Request<Vec<u8>>, BoxError> {
        if self.mutators.is_empty() {
            return Ok(request);
        }
        let mut request = HttpRequest::try_from(request.map(SdkBody::from))?;
        for mutate in &self.mutators {
            mutate(&mut request);
        }
        let request = request.try_into_http1x()?;
        let (mut parts, body) = request.into_parts();
        let Some(bytes) = body.bytes() else {
            return Err("mutate_request set a body that is not held in memory".into());
        };
        parts
            .headers
            .insert(http::header::CONTENT_LENGTH, bytes.len().into());
        Ok(http::Request::from_parts(parts, bytes.to_vec()))
    }
}

/// A fluent builder whose call can be customized; generated for every operation.
pub trait CustomizableSend: Sized {
    /// The operation's output.
    type Output;
    /// The operation's error.
    type Error;

    /// Builds the input and sends it with `customization`.
    fn send_customized(self, customization: Customization) -> Call<Self::Output, Self::Error>;
}

/// A call with its customizations, from a fluent builder's `customize()`; `send()` makes it.
pub struct CustomizableOperation<B> {
    builder: B,
    customization: Customization,
}

impl<B: fmt::Debug> fmt::Debug for CustomizableOperation<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomizableOperation")
            .field("builder", &self.builder)
            .field("customization", &self.customization)
            .finish()
    }
}

impl<B: CustomizableSend> CustomizableOperation<B> {
    /// The call `builder` would make, not yet customized.
    pub fn new(builder: B) -> Self {
        CustomizableOperation {
            builder,
            customization: Customization::default(),
        }
    }

    /// Changes the HTTP request of every attempt just before it is signed: headers, URI, body.
    pub fn mutate_request<F>(mut self, f: F) -> Self
    where
        F: Fn(&mut HttpRequest) + Send + Sync + 'static,
    {
        self.customization.mutators.push(Arc::new(f));
        self
    }

    /// Sends the request; await the call for its output.
    pub fn send(self) -> Call<B::Output, B::Error> {
        self.builder.send_customized(self.customization)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> http::Request<Vec<u8>> {
        let mut request = http::Request::new(b"{}".to_vec());
        *request.uri_mut() = "https://api.example.com/".parse().unwrap();
        request
            .headers_mut()
            .insert(http::header::CONTENT_LENGTH, 2.into());
        request
    }

    #[test]
    fn mutators_run_in_order_and_content_length_follows_the_body() {
        let mut c = Customization::default();
        assert!(c.is_empty());
        c.mutators.push(Arc::new(|r: &mut HttpRequest| {
            r.headers_mut().insert("x-trace", "first");
        }));
        c.mutators.push(Arc::new(|r: &mut HttpRequest| {
            r.headers_mut().append("x-trace", "second");
            *r.body_mut() = SdkBody::from("{\"a\":1}");
        }));
        let out = c.apply(request()).unwrap();
        let traces: Vec<_> = out.headers().get_all("x-trace").iter().collect();
        assert_eq!(traces, ["first", "second"]);
        assert_eq!(out.headers()[http::header::CONTENT_LENGTH], "7");
        assert_eq!(out.body(), b"{\"a\":1}");
        assert_eq!(out.uri(), "https://api.example.com/");
    }

    #[test]
    fn a_streaming_body_is_refused_not_sent() {
        let mut c = Customization::default();
        c.mutators.push(Arc::new(|r: &mut HttpRequest| {
            *r.body_mut() = SdkBody::taken();
        }));
        let err = c.apply(request()).unwrap_err().to_string();
        assert!(err.contains("not held in memory"), "{err}");
    }
}
