//! One call of an operation, as a named future: what `send()` returns.
//!
//! The generated crate writes, per operation, only what differs between operations: how its input
//! becomes a [`Request`] (a synchronous function) and how its answers are read (an [`Operation`]
//! of two plain functions). Everything asynchronous is here, once: [`Call`] drives the pipeline's
//! one non-generic future and turns the response into the operation's output or error. A service
//! with hundreds of operations so has no `async fn` per operation, whose state machines were the
//! largest part of what its crate took to type-check and compile.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::http_response;
use super::pipeline::{InvokeOptions, invoke_with};
use super::{BoxError, Customization, Handle, InvokeError, RawResponse, SdkError};
use crate::json::DeError;

/// How one operation's answers are read; a `static` in each generated operation module.
pub struct Operation<O, E> {
    name: &'static str,
    output: fn(&RawResponse) -> Result<O, DeError>,
    error: fn(&RawResponse) -> E,
}

impl<O, E> Operation<O, E> {
    /// An operation by its wire name (`X-Amz-Target`'s suffix), with the functions that read a
    /// success response into its output and classify an error response as its error.
    pub const fn new(
        name: &'static str,
        output: fn(&RawResponse) -> Result<O, DeError>,
        error: fn(&RawResponse) -> E,
    ) -> Self {
        Operation {
            name,
            output,
            error,
        }
    }

    /// The operation's wire name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

// By hand: the derives would ask `O` and `E` to be `Copy` too.
impl<O, E> Clone for Operation<O, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O, E> Copy for Operation<O, E> {}

impl<O, E> fmt::Debug for Operation<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operation")
            .field("name", &self.name)
            .finish()
    }
}

/// A request ready to send: its body, and what the operation's traits and the caller's
/// `customize()` ask of it.
#[derive(Debug, Default)]
pub struct Request {
    pub(super) body: Vec<u8>,
    pub(super) host_prefix: Option<String>,
    /// Set only for operations that allow gzip, so that only they link the compressor in.
    pub(super) gzip: Option<super::pipeline::Compress>,
    pub(super) customization: Customization,
    /// Rule-set parameters the operation binds, by rule-set name.
    pub(super) endpoint_params: Vec<(&'static str, crate::endpoint::Value)>,
}

impl Request {
    /// A request with this body.
    pub fn new(body: Vec<u8>) -> Self {
        Request {
            body,
            ..Request::default()
        }
    }

    /// The `@endpoint` host prefix, its labels filled in (`data.`).
    pub fn host_prefix(mut self, prefix: String) -> Self {
        self.host_prefix = Some(prefix);
        self
    }

    /// The operation allows gzip request compression (`@requestCompression`): bodies of at
    /// least the configured size are sent compressed.
    pub fn gzip(mut self) -> Self {
        self.gzip = Some(super::pipeline::gzip);
        self
    }

    /// The caller's changes to each attempt's HTTP request.
    pub fn customization(mut self, customization: Customization) -> Self {
        self.customization = customization;
        self
    }

    /// A rule-set parameter the operation binds (`@staticContextParams`, or an input member's
    /// `@contextParam`): the endpoint of this call is resolved with it. `None` (an unset member)
    /// binds nothing.
    pub fn endpoint_param(
        mut self,
        name: &'static str,
        value: impl Into<Option<crate::endpoint::Value>>,
    ) -> Self {
        if let Some(value) = value.into() {
            self.endpoint_params.push((name, value));
        }
        self
    }

    /// The options of the pipeline for this request.
    pub(super) fn options(&self) -> InvokeOptions<'_> {
        let mut options = InvokeOptions::new(self.host_prefix.as_deref());
        options.gzip = self.gzip;
        options
            .with_customization(&self.customization)
            .with_endpoint_params(&self.endpoint_params)
    }
}

/// The pipeline's future, the same type for every operation.
type Sending = Pin<Box<dyn Future<Output = Result<RawResponse, InvokeError>> + Send>>;

/// The future of one call: resolves to the operation's output, or an [`SdkError`] of its error.
///
/// It owns everything it needs (`'static`), so it can be spawned; like any future it does nothing
/// until polled.
#[must_use = "a call does nothing unless awaited"]
pub struct Call<O, E> {
    state: State<O, E>,
}

enum State<O, E> {
    Sending {
        future: Sending,
        operation: Operation<O, E>,
    },
    /// A call that reads its answer its own way (an event stream's, or a test double's).
    Other(Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>),
    /// A call whose result is known without sending anything: an input that did not build, or
    /// a test double's answer. Boxed: an `SdkError` is several times the size of the other states.
    Ready(Box<Result<O, SdkError<E>>>),
    Done,
}

impl<O, E> Call<O, E> {
    /// Sends `request` through `handle`'s pipeline; a failure to make it (an invalid input, a
    /// body that cannot be written) is the call's result, as a construction failure.
    pub fn new(
        handle: &Handle,
        operation: &Operation<O, E>,
        request: Result<Request, BoxError>,
    ) -> Self {
        let state = match request {
            Ok(request) => State::Sending {
                future: start(handle.clone(), operation.name, request),
                operation: *operation,
            },
            Err(e) => State::Ready(Box::new(Err(SdkError::construction_failure(e)))),
        };
        Call { state }
    }

    /// A call that fails with `error` without sending anything (an input that did not build).
    pub fn failed(error: SdkError<E>) -> Self {
        Call::ready(Err(error))
    }

    /// A call that resolves to `result` without sending anything: what a test double of a
    /// service's operations trait returns.
    // `SdkError` is aws-sdk-rust's type, and a call's result is what aws-sdk-rust's is.
    #[allow(clippy::result_large_err)]
    pub fn ready(result: Result<O, SdkError<E>>) -> Self {
        Call {
            state: State::Ready(Box::new(result)),
        }
    }

    /// A call that is `future`: for a test double that answers asynchronously, or a call that
    /// reads its answer its own way.
    pub fn from_future(
        future: impl Future<Output = Result<O, SdkError<E>>> + Send + 'static,
    ) -> Self {
        Call {
            state: State::Other(Box::pin(future)),
        }
    }

    /// What an operations trait's method does when an implementation leaves it out: fails as
    /// a construction failure that names the method, without sending anything.
    pub fn not_implemented(method: &'static str) -> Self {
        Call::failed(SdkError::construction_failure(format!(
            "`{method}` is not implemented by this implementation of the operations trait"
        )))
    }
}

/// The pipeline's future for one request; not generic, so compiled once for every operation.
fn start(handle: Handle, name: &'static str, mut request: Request) -> Sending {
    Box::pin(async move {
        let body = std::mem::take(&mut request.body);
        invoke_with(&handle, name, body, &request.options()).await
    })
}

/// The call's result from the final response.
// `SdkError` is aws-sdk-rust's type, and a call's result is what aws-sdk-rust's is.
#[allow(clippy::result_large_err)]
fn finish<O, E>(operation: &Operation<O, E>, raw: RawResponse) -> Result<O, SdkError<E>> {
    if raw.is_success() {
        match (operation.output)(&raw) {
            Ok(output) => Ok(output),
            Err(e) => Err(SdkError::response_error(e, http_response(raw))),
        }
    } else {
        let error = (operation.error)(&raw);
        Err(SdkError::service_error(error, http_response(raw)))
    }
}

// Nothing of `O` or `E` is ever pinned: the output and error are moved out when ready.
impl<O, E> Unpin for Call<O, E> {}

impl<O, E> Future for Call<O, E> {
    type Output = Result<O, SdkError<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let result = match std::mem::replace(&mut self.state, State::Done) {
            State::Sending {
                mut future,
                operation,
            } => match future.as_mut().poll(cx) {
                Poll::Pending => {
                    self.state = State::Sending { future, operation };
                    return Poll::Pending;
                }
                Poll::Ready(Ok(raw)) => finish(&operation, raw),
                Poll::Ready(Err(e)) => Err(e.into()),
            },
            State::Other(mut future) => match future.as_mut().poll(cx) {
                Poll::Pending => {
                    self.state = State::Other(future);
                    return Poll::Pending;
                }
                Poll::Ready(result) => result,
            },
            State::Ready(result) => *result,
            State::Done => panic!("a call was polled after it completed"),
        };
        Poll::Ready(result)
    }
}

impl<O, E> fmt::Debug for Call<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Sending { operation, .. } => operation.name,
            State::Other(_) => "sending",
            State::Ready(result) if result.is_ok() => "ready",
            State::Ready(_) => "failed",
            State::Done => "done",
        };
        f.debug_tuple("Call").field(&state).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{Config, ServiceSpec};

    static SERVICE: ServiceSpec = ServiceSpec {
        target_prefix: "Example",
        json_version: "1.0",
        signing_name: "example",
        endpoint_prefix: "example",
        rule_set: None,
        sdk_id: "Example",
        api_version: "2024-01-01",
    };

    #[derive(Debug)]
    struct Never;

    impl fmt::Display for Never {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("never")
        }
    }

    impl std::error::Error for Never {}

    fn no_output(_: &RawResponse) -> Result<u32, DeError> {
        unreachable!("nothing is sent")
    }

    fn no_error(_: &RawResponse) -> Never {
        unreachable!("nothing is sent")
    }

    static OPERATION: Operation<u32, Never> = Operation::new("GetThing", no_output, no_error);

    fn poll_once<F: Future + Unpin>(mut future: F) -> Poll<F::Output> {
        let waker = std::task::Waker::noop();
        Pin::new(&mut future).poll(&mut Context::from_waker(waker))
    }

    #[test]
    fn a_request_that_could_not_be_made_fails_the_call_as_a_construction_failure() {
        let handle = Handle::new(Config::builder().region("us-east-1").build(), &SERVICE);
        let call = Call::new(&handle, &OPERATION, Err("invalid input".into()));
        assert_eq!(format!("{call:?}"), "Call(\"failed\")");
        match poll_once(call) {
            Poll::Ready(Err(e @ SdkError::ConstructionFailure(_))) => {
                let source = std::error::Error::source(&e).map(ToString::to_string);
                assert_eq!(source.as_deref(), Some("invalid input"));
            }
            other => panic!("expected a construction failure, got {other:?}"),
        }
    }

    #[test]
    fn calls_can_be_spawned() {
        fn spawnable<T: Send + 'static>(_: &T) {}
        let call = Call::<u32, Never>::failed(SdkError::construction_failure("no"));
        spawnable(&call);
        assert_eq!(OPERATION.name(), "GetThing");
    }
}
