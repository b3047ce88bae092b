//! The errors of a call, as aws-sdk-rust has them: [`SdkError`] is aws-sdk-rust's own type (from
//! `aws-smithy-runtime-api`, already in the dependency graph through the credentials crate), so
//! code that matches on it, or hands it to `DisplayErrorContext`, works unchanged. [`InvokeError`]
//! is the request pipeline's failure before any response, and [`Unhandled`] the sealed variant an
//! operation's error enum keeps for error codes the model does not describe.

use std::error::Error as StdError;
use std::fmt;

use super::{BoxError, RawResponse, TimeoutError};
use crate::validation::ValidationErrors;

pub use aws_smithy_runtime_api::client::result::{ConnectorError, CreateUnhandledError};
pub use aws_smithy_types::error::display::DisplayErrorContext;
pub use aws_smithy_types::error::metadata::{ErrorMetadata, ProvideErrorMetadata};

/// The HTTP response an error keeps (aws-sdk-rust's `HttpResponse`).
pub type HttpResponse = aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// The error of a call: aws-sdk-rust's `SdkError`. `E` is the operation's error enum.
///
/// A failed `validate()` (see [`ValidationMode`](super::ValidationMode)) is a construction
/// failure whose source is the [`ValidationErrors`]; [`validation_errors`] finds it.
pub type SdkError<E, R = HttpResponse> = aws_smithy_runtime_api::client::result::SdkError<E, R>;

/// The key under which [`ErrorMetadata`] keeps the request id (aws-sdk-rust's).
const AWS_REQUEST_ID: &str = "aws_request_id";

/// Failure of [`invoke`](super::invoke): no HTTP response was obtained.
#[derive(Debug)]
#[non_exhaustive]
pub enum InvokeError {
    /// The request could not be built (endpoint, region, credentials, signing).
    Construction(BoxError),
    /// A timeout elapsed.
    Timeout(TimeoutError),
    /// The transport failed (connection, TLS, I/O, oversized body).
    Dispatch(BoxError),
}

impl fmt::Display for InvokeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvokeError::Construction(e) => write!(f, "failed to construct request: {e}"),
            InvokeError::Timeout(e) => fmt::Display::fmt(e, f),
            InvokeError::Dispatch(e) => write!(f, "dispatch failure: {e}"),
        }
    }
}

impl StdError for InvokeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            InvokeError::Construction(e) | InvokeError::Dispatch(e) => Some(&**e),
            InvokeError::Timeout(e) => Some(e),
        }
    }
}

/// The pipeline's failures become the matching `SdkError` variants (also with `?`).
impl<E> From<InvokeError> for SdkError<E> {
    fn from(error: InvokeError) -> Self {
        match error {
            InvokeError::Construction(e) => SdkError::construction_failure(e),
            InvokeError::Timeout(e) => SdkError::timeout_error(e),
            InvokeError::Dispatch(e) => SdkError::dispatch_failure(ConnectorError::other(e, None)),
        }
    }
}

/// The client-side validation failure an `SdkError` carries, if that is what it is.
pub fn validation_errors<E, R>(error: &SdkError<E, R>) -> Option<&ValidationErrors>
where
    E: StdError + 'static,
    R: fmt::Debug,
{
    match error {
        SdkError::ConstructionFailure(_) => StdError::source(error)?.downcast_ref(),
        _ => None,
    }
}

/// The response as aws-sdk-rust's [`HttpResponse`], for [`SdkError`]'s response and service
/// errors. Headers whose value is not UTF-8 (which `HttpResponse` cannot hold) are left out; a
/// status outside 100–999 (which `http` never produces) reads as 500.
pub fn http_response(raw: RawResponse) -> HttpResponse {
    let RawResponse {
        status,
        headers,
        body,
    } = raw;
    let status = aws_smithy_runtime_api::http::StatusCode::try_from(status)
        .or_else(|_| aws_smithy_runtime_api::http::StatusCode::try_from(500))
        .expect("500 is a status code");
    let mut response = HttpResponse::new(status, aws_smithy_types::body::SdkBody::from(body));
    for (name, value) in &headers {
        if let Ok(value) = value.to_str() {
            let _ = response
                .headers_mut()
                .try_append(name.as_str().to_owned(), value.to_owned());
        }
    }
    response
}

/// Error metadata from its parts, the request id kept where aws-sdk-rust keeps it.
pub fn error_metadata(
    code: Option<&str>,
    message: Option<&str>,
    request_id: Option<&str>,
) -> ErrorMetadata {
    let mut builder = ErrorMetadata::builder();
    if let Some(code) = code {
        builder = builder.code(code);
    }
    if let Some(message) = message {
        builder = builder.message(message);
    }
    if let Some(request_id) = request_id {
        builder = builder.custom(AWS_REQUEST_ID, request_id);
    }
    builder.build()
}

/// The id AWS gave the request a response or error answers (aws-sdk-rust's
/// `operation::RequestId`).
pub trait RequestId {
    /// The request id, when the service sent one.
    fn request_id(&self) -> Option<&str>;
}

impl RequestId for ErrorMetadata {
    fn request_id(&self) -> Option<&str> {
        self.extra(AWS_REQUEST_ID)
    }
}

impl RequestId for HttpResponse {
    fn request_id(&self) -> Option<&str> {
        let headers = self.headers();
        headers
            .get("x-amzn-requestid")
            .or_else(|| headers.get("x-amz-request-id"))
    }
}

impl<E> RequestId for SdkError<E> {
    fn request_id(&self) -> Option<&str> {
        self.raw_response().and_then(RequestId::request_id)
    }
}

impl RequestId for Unhandled {
    fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
}

/// An error an operation's error enum keeps in its `Unhandled` variant: an error code the model
/// does not describe, or a modeled one whose body could not be read. Its metadata is reached
/// through the enum's `meta()` and [`ProvideErrorMetadata`].
#[derive(Debug)]
pub struct Unhandled {
    source: BoxError,
    meta: ErrorMetadata,
}

impl Unhandled {
    /// An unhandled error: what went wrong, and the response's metadata.
    pub fn new(source: impl Into<BoxError>, meta: ErrorMetadata) -> Self {
        Unhandled {
            source: source.into(),
            meta,
        }
    }

    /// The response's code, message and request id.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// What went wrong.
    pub fn source(&self) -> &(dyn StdError + Send + Sync + 'static) {
        &*self.source
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::tests::raw;
    use crate::client::{TimeoutKind, parse_error_metadata};
    use crate::validation::Validator;
    use http::header::HeaderValue;
    use std::time::Duration;

    /// An operation error enum as generated crates write it.
    #[derive(Debug)]
    enum OpError {
        Unhandled(#[allow(dead_code)] Unhandled),
    }

    impl fmt::Display for OpError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("unhandled error")
        }
    }

    impl StdError for OpError {}

    #[test]
    fn error_metadata_request_id_and_binary_body() {
        let mut r = raw(500, &[("x-amzn-RequestId", "req-1")], "");
        r.body = vec![0xff, 0xfe, 0x00, 0x7b];
        r.headers.insert(
            "x-amzn-errortype",
            HeaderValue::from_bytes(b"\xffBad").unwrap(),
        );
        let meta = parse_error_metadata(&r);
        assert_eq!(meta.code(), None);
        assert_eq!(meta.request_id(), Some("req-1"));
        let response = http_response(r.clone());
        assert_eq!(response.status().as_u16(), 500);
        assert_eq!(response.body().bytes(), Some(&r.body[..]));
        assert_eq!(response.request_id(), Some("req-1"));
    }

    #[test]
    fn metadata_of_an_error_response() {
        let r = raw(
            400,
            &[("x-amzn-requestid", "abc")],
            r#"{"__type":"Weird","message":"odd"}"#,
        );
        let meta = parse_error_metadata(&r);
        assert_eq!(meta.code(), Some("Weird"));
        assert_eq!(meta.message(), Some("odd"));
        assert_eq!(meta.request_id(), Some("abc"));
        let unhandled = Unhandled::new(meta.clone(), meta);
        assert_eq!(unhandled.meta().code(), Some("Weird"));
        assert_eq!(unhandled.request_id(), Some("abc"));
        assert_eq!(
            unhandled.source().to_string(),
            "Error { code: \"Weird\", message: \"odd\", aws_request_id: \"abc\" }"
        );
    }

    #[test]
    fn sdk_errors_are_aws_sdks_and_print_each_cause_once() {
        let r = raw(404, &[("x-amzn-requestid", "rid")], r#"{"__type":"Nope"}"#);
        let meta = parse_error_metadata(&r);
        let e: SdkError<OpError> = SdkError::service_error(
            OpError::Unhandled(Unhandled::new(meta.clone(), meta)),
            http_response(r),
        );
        assert!(matches!(e.as_service_error(), Some(OpError::Unhandled(_))));
        assert_eq!(e.raw_response().map(|r| r.status().as_u16()), Some(404));
        assert_eq!(e.request_id(), Some("rid"));
        assert_eq!(e.to_string(), "service error");
        // Each cause once, then the whole error's `Debug`.
        let context = DisplayErrorContext(&e).to_string();
        assert!(
            context.starts_with("service error: unhandled error ("),
            "{context}"
        );

        let e = SdkError::<OpError>::from(InvokeError::Timeout(TimeoutError::new(
            TimeoutKind::Operation,
            Duration::from_secs(1),
        )));
        assert!(matches!(e, SdkError::TimeoutError(_)));
        let context = DisplayErrorContext(&e).to_string();
        assert!(
            context.starts_with("request has timed out: operation timed out after 1s ("),
            "{context}"
        );
        let e = SdkError::<OpError>::from(InvokeError::Dispatch("io".into()));
        assert!(matches!(e, SdkError::DispatchFailure(_)));
        let e = SdkError::<OpError>::from(InvokeError::Construction("boom".into()));
        let context = DisplayErrorContext(&e).to_string();
        assert!(
            context.starts_with("failed to construct request: boom ("),
            "{context}"
        );
    }

    #[test]
    fn validation_failures_are_construction_failures() {
        let mut v = Validator::new();
        v.required("DomainId", false);
        let errors = v.finish().expect_err("a violation");
        let e = SdkError::<OpError>::construction_failure(errors.clone());
        assert_eq!(validation_errors(&e), Some(&errors));
        let other = SdkError::<OpError>::construction_failure("not validation");
        assert_eq!(validation_errors(&other), None);
    }
}
