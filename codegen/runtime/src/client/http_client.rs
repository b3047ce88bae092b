//! The transport seam: the [`HttpClient`] trait, the [`ResponseBody`] of a streamed response,
//! and the [`RawResponse`] an attempt yields. The default clients are in `http1` (HTTP/1.1,
//! this runtime's) and, with the `http2` feature, `hyper_client`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use http::header::HeaderMap;
use http_body::Body;

use super::BoxError;

/// Largest response body the default client reads (64 MiB); a longer body fails the attempt
/// with a dispatch failure instead of exhausting memory.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// The future returned by [`HttpClient::call`].
pub type HttpFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, BoxError>> + Send + 'a>>;

/// The future returned by [`HttpClient::call_streaming`].
pub type StreamingFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<ResponseBody>, BoxError>> + Send + 'a>>;

/// Sends one HTTP request and returns the complete response.
///
/// Implement this to plug in a fake for tests or another HTTP stack. Errors
/// are transport failures; they are retried. An error that is a
/// [`TimeoutError`](super::TimeoutError) (as the default client's read timeout
/// returns) is reported as that timeout, and retried when its kind is
/// [`Read`](super::TimeoutKind::Read) or
/// [`OperationAttempt`](super::TimeoutKind::OperationAttempt).
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the whole response body.
    fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_>;

    /// Sends `request` and returns the response as soon as its headers have arrived, its body
    /// read as it arrives: how event-stream operations are sent. By default, the complete
    /// response of [`call`](Self::call), its body as one piece, which is all a test double
    /// needs.
    fn call_streaming(&self, request: http::Request<Vec<u8>>) -> StreamingFuture<'_> {
        let call = self.call(request);
        Box::pin(async move { Ok(call.await?.map(ResponseBody::from)) })
    }
}

impl<T: HttpClient + ?Sized> HttpClient for Arc<T> {
    fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        (**self).call(request)
    }

    fn call_streaming(&self, request: http::Request<Vec<u8>>) -> StreamingFuture<'_> {
        (**self).call_streaming(request)
    }
}

/// A response body read as it arrives, piece by piece: the body of an event stream.
pub struct ResponseBody {
    inner: Pin<Box<dyn Body<Data = Bytes, Error = BoxError> + Send + Sync>>,
}

impl ResponseBody {
    /// A body read from any [`http_body::Body`](Body) of bytes.
    pub fn new<B>(body: B) -> Self
    where
        B: Body<Data = Bytes> + Send + Sync + 'static,
        B::Error: Into<BoxError>,
    {
        use http_body_util::BodyExt;
        ResponseBody {
            inner: Box::pin(body.map_err(Into::into)),
        }
    }

    /// The next piece of the body; `None` at its end. Empty pieces and trailers are skipped.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, BoxError>> {
        use http_body_util::BodyExt;
        loop {
            match self.inner.frame().await? {
                Ok(frame) => match frame.into_data() {
                    Ok(data) if !data.is_empty() => return Some(Ok(data)),
                    _ => {}
                },
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// The rest of the body, at most `limit` bytes; a longer body is an error.
    pub async fn collect(mut self, limit: usize) -> Result<Vec<u8>, BoxError> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            if out.len() + chunk.len() > limit {
                return Err(format!("the response body is longer than {limit} bytes").into());
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

impl From<Vec<u8>> for ResponseBody {
    fn from(body: Vec<u8>) -> Self {
        ResponseBody::from(Bytes::from(body))
    }
}

impl From<Bytes> for ResponseBody {
    fn from(body: Bytes) -> Self {
        ResponseBody::new(http_body_util::Full::new(body))
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseBody").finish_non_exhaustive()
    }
}

/// Stands in for a default client that could not be built; every call fails.
#[derive(Debug)]
pub(super) struct UnavailableClient(pub(super) String);

impl HttpClient for UnavailableClient {
    fn call(&self, _request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        let message = format!("the default HTTP client could not be built: {}", self.0);
        Box::pin(async move { Err(message.into()) })
    }
}

/// A complete HTTP response.
#[derive(Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Response body.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// A response from its parts.
    pub fn new(status: u16, headers: HeaderMap, body: Vec<u8>) -> Self {
        RawResponse {
            status,
            headers,
            body,
        }
    }

    /// Converts an `http` response.
    pub fn from_http(response: http::Response<Vec<u8>>) -> Self {
        let (parts, body) = response.into_parts();
        RawResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
        }
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A header's value, if present and made of visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The request id (`x-amzn-RequestId`, else `x-amz-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-requestid")
            .or_else(|| self.header("x-amz-request-id"))
    }
}

impl AsRef<RawResponse> for RawResponse {
    fn as_ref(&self) -> &RawResponse {
        self
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &BodyDebug(&self.body))
            .finish()
    }
}

/// Debug view of a body: lossy UTF-8, at most 1 KiB.
pub(super) struct BodyDebug<'a>(pub(super) &'a [u8]);

impl fmt::Debug for BodyDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 1024;
        let shown = &self.0[..self.0.len().min(LIMIT)];
        let text = String::from_utf8_lossy(shown);
        if self.0.len() > LIMIT {
            write!(f, "{text:?}... ({} bytes)", self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}
