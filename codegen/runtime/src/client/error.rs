//! The errors of a call: [`SdkError`], what a generated operation returns; [`InvokeError`], when
//! no response was obtained; and the [`ErrorMetadata`] of an error response, kept in an
//! [`Unhandled`] error when the model does not describe its code.

use std::error::Error as StdError;
use std::fmt;

use super::http_client::BodyDebug;
use super::{BoxError, RawResponse, TimeoutError};
use crate::validation::ValidationErrors;

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

/// Code, message and request id of an error response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl ErrorMetadata {
    /// Metadata from its parts.
    pub fn new(code: Option<String>, message: Option<String>, request_id: Option<String>) -> Self {
        ErrorMetadata {
            code,
            message,
            request_id,
        }
    }

    /// The sanitized error code (shape name), e.g. `ResourceNotFound`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The error message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code().unwrap_or("unknown error"))?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        if let Some(request_id) = self.request_id() {
            write!(f, " (request id: {request_id})")?;
        }
        Ok(())
    }
}

/// An error response whose code the model does not describe.
#[derive(Clone, PartialEq, Eq)]
pub struct Unhandled {
    meta: ErrorMetadata,
    status: u16,
    body: Vec<u8>,
}

impl Unhandled {
    /// An unhandled error from its metadata and the response (by value or
    /// by reference).
    pub fn new(meta: ErrorMetadata, raw: impl AsRef<RawResponse>) -> Self {
        let raw = raw.as_ref();
        Unhandled {
            meta,
            status: raw.status,
            body: raw.body.clone(),
        }
    }

    /// The error code, if any.
    pub fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    /// The error message, if any.
    pub fn message(&self) -> Option<&str> {
        self.meta.message()
    }

    /// The request id, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// The whole metadata.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Debug for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unhandled")
            .field("meta", &self.meta)
            .field("status", &self.status)
            .field("body", &BodyDebug(&self.body))
            .finish()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unhandled error (HTTP {}): {}", self.status, self.meta)
    }
}

impl StdError for Unhandled {}

/// Failure of an operation. `E` is the operation's modeled error type.
///
/// `Display` names the category followed by the inner error's message;
/// `source()` returns the inner error.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built (serialization, endpoint, region,
    /// credentials, signing).
    ConstructionFailure(BoxError),
    /// The input failed client-side validation; nothing was sent.
    ValidationFailure(ValidationErrors),
    /// A configured timeout elapsed.
    TimeoutError(TimeoutError),
    /// The transport failed after all attempts.
    DispatchFailure(BoxError),
    /// A successful (2xx) response could not be parsed.
    ResponseError {
        /// Why parsing failed.
        source: BoxError,
        /// The response.
        raw: RawResponse,
    },
    /// The service returned an error.
    ServiceError {
        /// The modeled (or [`Unhandled`]) error.
        err: E,
        /// The response.
        raw: RawResponse,
    },
}

impl<E> SdkError<E> {
    /// A construction failure.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        SdkError::ConstructionFailure(source.into())
    }

    /// A validation failure.
    pub fn validation(errors: ValidationErrors) -> Self {
        SdkError::ValidationFailure(errors)
    }

    /// A timeout.
    pub fn timeout(error: TimeoutError) -> Self {
        SdkError::TimeoutError(error)
    }

    /// A transport failure.
    pub fn dispatch_failure(source: impl Into<BoxError>) -> Self {
        SdkError::DispatchFailure(source.into())
    }

    /// An unparseable successful response.
    pub fn response_error(source: impl Into<BoxError>, raw: RawResponse) -> Self {
        SdkError::ResponseError {
            source: source.into(),
            raw,
        }
    }

    /// A service error.
    pub fn service_error(err: E, raw: RawResponse) -> Self {
        SdkError::ServiceError { err, raw }
    }

    /// Converts an [`invoke`](super::invoke) failure (also available through `?`).
    pub fn from_invoke(error: InvokeError) -> Self {
        match error {
            InvokeError::Construction(e) => SdkError::ConstructionFailure(e),
            InvokeError::Timeout(e) => SdkError::TimeoutError(e),
            InvokeError::Dispatch(e) => SdkError::DispatchFailure(e),
        }
    }

    /// The service error, if this is one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::ServiceError { err, .. } => Some(err),
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::ServiceError { err, .. } => Some(err),
            _ => None,
        }
    }

    /// The HTTP response, for service and response errors.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            SdkError::ServiceError { raw, .. } | SdkError::ResponseError { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The request id of the response, if there was one.
    pub fn request_id(&self) -> Option<&str> {
        self.raw_response().and_then(RawResponse::request_id)
    }

    /// Converts the service error type.
    pub fn map_service_error<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            SdkError::ValidationFailure(e) => SdkError::ValidationFailure(e),
            SdkError::TimeoutError(e) => SdkError::TimeoutError(e),
            SdkError::DispatchFailure(e) => SdkError::DispatchFailure(e),
            SdkError::ResponseError { source, raw } => SdkError::ResponseError { source, raw },
            SdkError::ServiceError { err, raw } => SdkError::ServiceError { err: f(err), raw },
        }
    }
}

impl<E> From<InvokeError> for SdkError<E> {
    fn from(error: InvokeError) -> Self {
        SdkError::from_invoke(error)
    }
}

/// Input serialization failures are construction failures.
impl<E> From<serde_json::Error> for SdkError<E> {
    fn from(error: serde_json::Error) -> Self {
        SdkError::ConstructionFailure(Box::new(error))
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::ConstructionFailure(e) => write!(f, "failed to construct request: {e}"),
            SdkError::ValidationFailure(e) => write!(f, "invalid input: {e}"),
            SdkError::TimeoutError(e) => fmt::Display::fmt(e, f),
            SdkError::DispatchFailure(e) => write!(f, "dispatch failure: {e}"),
            SdkError::ResponseError { source, raw } => {
                write!(
                    f,
                    "failed to parse response (HTTP {}): {source}",
                    raw.status
                )
            }
            SdkError::ServiceError { err, .. } => write!(f, "service error: {err}"),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::ConstructionFailure(e) | SdkError::DispatchFailure(e) => Some(&**e),
            SdkError::ValidationFailure(e) => Some(e),
            SdkError::TimeoutError(e) => Some(e),
            SdkError::ResponseError { source, .. } => Some(&**source),
            SdkError::ServiceError { err, .. } => Some(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::tests::raw;
    use crate::client::{TimeoutKind, parse_error_metadata};
    use http::header::HeaderValue;
    use std::time::Duration;

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
        assert_eq!(r.request_id(), Some("req-1"));
        let unhandled = Unhandled::new(meta.clone(), &r);
        assert_eq!(unhandled.status(), 500);
        assert_eq!(unhandled.body(), &r.body[..]);
        assert_eq!(unhandled.request_id(), Some("req-1"));
        assert!(unhandled.to_string().contains("HTTP 500"));
        let by_value = Unhandled::new(meta, r);
        assert_eq!(by_value, unhandled);
    }

    #[test]
    fn unhandled_accessors_and_display() {
        let r = raw(
            400,
            &[("x-amzn-requestid", "abc")],
            r#"{"__type":"Weird","message":"odd"}"#,
        );
        let u = Unhandled::new(parse_error_metadata(&r), &r);
        assert_eq!(u.code(), Some("Weird"));
        assert_eq!(u.message(), Some("odd"));
        assert_eq!(u.request_id(), Some("abc"));
        assert_eq!(
            u.to_string(),
            "unhandled error (HTTP 400): Weird: odd (request id: abc)"
        );
        assert!(format!("{u:?}").contains("Weird"));
    }

    #[test]
    fn sdk_error_accessors() {
        let r = raw(404, &[("x-amzn-requestid", "rid")], r#"{"__type":"Nope"}"#);
        let u = Unhandled::new(parse_error_metadata(&r), &r);
        let e = SdkError::service_error(u.clone(), r.clone());
        assert_eq!(e.as_service_error(), Some(&u));
        assert_eq!(e.raw_response(), Some(&r));
        assert_eq!(e.request_id(), Some("rid"));
        assert!(
            e.to_string()
                .starts_with("service error: unhandled error (HTTP 404): Nope")
        );
        assert!(e.source().unwrap().downcast_ref::<Unhandled>().is_some());
        let mapped = e.map_service_error(|u| u.status());
        assert_eq!(mapped.into_service_error(), Some(404));

        let json_err = serde_json::from_slice::<serde_json::Value>(b"{").unwrap_err();
        let e = SdkError::<Unhandled>::response_error(json_err, raw(200, &[], "{"));
        assert!(
            e.to_string()
                .starts_with("failed to parse response (HTTP 200)")
        );
        assert!(e.raw_response().is_some());
        assert!(e.into_service_error().is_none());

        #[allow(clippy::result_large_err)] // generated crates allow it crate-wide
        fn serialize() -> Result<(), SdkError<Unhandled>> {
            let map: std::collections::HashMap<Vec<u8>, u8> = [(vec![1u8], 1u8)].into();
            let _ = serde_json::to_vec(&map)?;
            Ok(())
        }
        assert!(matches!(serialize(), Err(SdkError::ConstructionFailure(_))));
        let e = SdkError::<Unhandled>::construction_failure("boom");
        assert_eq!(e.to_string(), "failed to construct request: boom");
        let e = SdkError::<Unhandled>::dispatch_failure("io");
        assert_eq!(e.to_string(), "dispatch failure: io");
        let e = SdkError::<Unhandled>::timeout(TimeoutError::new(
            TimeoutKind::Operation,
            Duration::from_secs(1),
        ));
        assert_eq!(e.to_string(), "operation timed out after 1s");
    }
}
