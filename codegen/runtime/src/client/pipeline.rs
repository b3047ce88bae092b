//! The request pipeline: [`invoke`] and its variants build, sign and send each attempt of an
//! operation, retrying per [`RetryConfig`](super::RetryConfig) within the
//! [`TimeoutConfig`](super::TimeoutConfig) limits.

use std::time::SystemTime;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderName, HeaderValue, USER_AGENT};

use super::credentials::CredentialsCache;
use super::handle::{HandleInner, ResolvedEndpoint};
use super::retry::{RetryQuota, backoff_delay, error_retry_kind, response_retry_kind};
use super::signing::sign;
use super::{
    BoxError, Credentials, Customization, Handle, InvokeError, MAX_RESPONSE_BYTES, RawResponse,
    ResponseBody, TimeoutError, TimeoutKind,
};
use crate::protocol::aws_json::{self, X_AMZ_TARGET};

/// Sends one AWS JSON operation: resolves credentials, signs, sends, and
/// retries per [`RetryConfig`](super::RetryConfig) (the same body, hence the same idempotency
/// token, on every attempt), within the [`TimeoutConfig`](super::TimeoutConfig) limits.
///
/// Returns the final HTTP response whatever its status (an error response
/// after retries are exhausted included); `Err` only when no response was
/// obtained. `InvokeError` converts into [`SdkError`](super::SdkError) with `?`.
pub async fn invoke(
    handle: &Handle,
    operation: &str,
    body: Vec<u8>,
) -> Result<RawResponse, InvokeError> {
    invoke_with(handle, operation, body, &InvokeOptions::default()).await
}

/// What an operation's model traits ask of the request, beyond the body.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct InvokeOptions<'a> {
    /// The `@endpoint` host prefix with its labels filled in (for example `data.`).
    pub host_prefix: Option<&'a str>,
    /// The operation allows gzip request compression (`@requestCompression`): how to compress.
    /// Only operations that allow it name the compressor, so a program whose operations never
    /// compress carries no compression code.
    pub gzip: Option<Compress>,
    /// What the caller's `customize()` changes about the request.
    pub customization: Option<&'a Customization>,
    /// Rule-set parameters the operation binds: the endpoint is resolved with them for this
    /// call (without any, the client's endpoint, resolved once, is used).
    pub endpoint_params: &'a [(&'static str, crate::endpoint::Value)],
}

impl<'a> InvokeOptions<'a> {
    /// Options for an operation: its filled-in host prefix.
    pub fn new(host_prefix: Option<&'a str>) -> Self {
        InvokeOptions {
            host_prefix,
            gzip: None,
            customization: None,
            endpoint_params: &[],
        }
    }

    /// The same options, for an operation that allows gzip request compression.
    pub fn with_gzip(mut self) -> Self {
        self.gzip = Some(gzip);
        self
    }

    /// The same options, with the operation's endpoint parameters.
    pub fn with_endpoint_params(
        mut self,
        endpoint_params: &'a [(&'static str, crate::endpoint::Value)],
    ) -> Self {
        self.endpoint_params = endpoint_params;
        self
    }

    /// The same options, with the caller's customization of the call.
    pub fn with_customization(mut self, customization: &'a Customization) -> Self {
        self.customization = Some(customization).filter(|c| !c.is_empty());
        self
    }
}

/// [`invoke`] with the options an operation's traits call for.
pub async fn invoke_with(
    handle: &Handle,
    operation: &str,
    body: Vec<u8>,
    options: &InvokeOptions<'_>,
) -> Result<RawResponse, InvokeError> {
    match answer(handle, operation, body, options, Body::Complete).await? {
        Answer::Complete(raw) => Ok(raw),
        // Only streaming calls stream; read to the end all the same.
        Answer::Streaming(parts, body) => Ok(RawResponse::new(
            parts.status.as_u16(),
            parts.headers,
            body.collect(MAX_RESPONSE_BYTES)
                .await
                .map_err(InvokeError::Dispatch)?,
        )),
    }
}

/// How the response body of a call is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Body {
    /// Whole, before the call's answer is given.
    Complete,
    /// As it arrives, when the status is a success (an event stream); an error response is
    /// still read whole, classified and retried as any other.
    Streaming,
}

/// The final answer of a call.
pub(super) enum Answer {
    /// A response read whole: an error response, or any response of a [`Body::Complete`] call.
    Complete(RawResponse),
    /// The success response of a [`Body::Streaming`] call, its body still arriving.
    Streaming(http::response::Parts, ResponseBody),
}

/// Sends one operation as [`invoke_with`] does, its success response's body read as `body`
/// says.
pub(super) async fn answer(
    handle: &Handle,
    operation: &str,
    body: Vec<u8>,
    options: &InvokeOptions<'_>,
    read: Body,
) -> Result<Answer, InvokeError> {
    let inner = &*handle.inner;
    let compression = inner.config.request_compression;
    // Compressed once, before the first attempt: every retry sends the same bytes.
    let compress = options
        .gzip
        .filter(|_| compression.enabled && body.len() >= compression.min_size_bytes);
    let (body, content_encoding) = match compress {
        Some(compress) => (
            compress(&body).map_err(|e| InvokeError::Construction(e.into()))?,
            Some("gzip"),
        ),
        None => (body, None),
    };
    let attempts = invoke_with_retries(inner, operation, &body, options, content_encoding, read);
    match inner.config.timeout_config.operation_timeout {
        Some(limit) => tokio::time::timeout(limit, attempts)
            .await
            .unwrap_or_else(|_| {
                Err(InvokeError::Timeout(TimeoutError::new(
                    TimeoutKind::Operation,
                    limit,
                )))
            }),
        None => attempts.await,
    }
}

/// Compresses a request body.
pub type Compress = fn(&[u8]) -> std::io::Result<Vec<u8>>;

/// Gzip-compresses a request body.
pub(super) fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body)?;
    encoder.finish()
}

async fn invoke_with_retries(
    inner: &HandleInner,
    operation: &str,
    body: &[u8],
    options: &InvokeOptions<'_>,
    content_encoding: Option<&'static str>,
    read: Body,
) -> Result<Answer, InvokeError> {
    // The caller's account ID, for rule sets that route by it: the credentials are resolved
    // before the endpoint (and cached for the attempts).
    let account_id = match (&inner.endpoint_inputs, &inner.credentials) {
        (Ok(inputs), Some(credentials)) if inputs.takes_account_id => credentials
            .get((inner.config.time_source)())
            .await
            .map_err(|e| InvokeError::Construction(Box::new(e)))?
            .account_id()
            .map(|id| id.as_str().to_owned()),
        _ => None,
    };
    let own_endpoint;
    let endpoint = if options.endpoint_params.is_empty() && account_id.is_none() {
        inner.endpoint.as_ref()
    } else {
        own_endpoint = inner
            .endpoint_inputs
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|inputs| inputs.resolve(options.endpoint_params, account_id.as_deref()));
        own_endpoint.as_ref()
    }
    .map_err(|e| InvokeError::Construction(e.clone().into()))?;
    let uri = match options.host_prefix {
        Some(prefix) => prefixed_uri(&endpoint.uri, prefix).map_err(InvokeError::Construction)?,
        None => endpoint.uri.clone(),
    };
    let region = endpoint
        .signing_region
        .as_deref()
        .or(inner.config.region.as_deref())
        .filter(|r| !r.is_empty())
        .ok_or_else(|| InvokeError::Construction("no region is configured".into()))?;
    let credentials = inner
        .credentials
        .as_ref()
        .ok_or_else(|| InvokeError::Construction("no credentials provider is configured".into()))?;
    let target = aws_json::target(inner.spec.target_prefix, operation)
        .map_err(|e| InvokeError::Construction(e.into()))?;
    let retry = inner.config.retry_config;
    let max_attempts = retry.max_attempts.max(1);
    let invocation_id = uuid::Uuid::new_v4().to_string();
    let mut last_retry_cost = None;
    let mut attempt = 1;
    loop {
        let request = AttemptRequest {
            inner,
            endpoint,
            uri: &uri,
            region,
            credentials,
            target: &target,
            body,
            content_encoding,
            customization: options.customization,
            attempt,
            max_attempts,
            invocation_id: &invocation_id,
            read,
        };
        let result = match inner.config.timeout_config.operation_attempt_timeout {
            Some(limit) => tokio::time::timeout(limit, request.send())
                .await
                .unwrap_or_else(|_| {
                    Err(InvokeError::Timeout(TimeoutError::new(
                        TimeoutKind::OperationAttempt,
                        limit,
                    )))
                }),
            None => request.send().await,
        };
        let kind = match &result {
            Ok(Answer::Complete(raw)) => response_retry_kind(raw),
            Ok(Answer::Streaming(..)) => None,
            Err(e) => error_retry_kind(e),
        };
        let Some(kind) = kind else {
            if matches!(&result, Ok(Answer::Complete(raw)) if raw.is_success())
                || matches!(&result, Ok(Answer::Streaming(..)))
            {
                inner
                    .retry_quota
                    .release(last_retry_cost.unwrap_or(RetryQuota::SUCCESS_REFUND));
            }
            return result;
        };
        if attempt >= max_attempts || !inner.retry_quota.try_acquire(kind.cost()) {
            return result;
        }
        last_retry_cost = Some(kind.cost());
        let delay = backoff_delay(&retry, attempt - 1, fastrand::f64());
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        attempt += 1;
    }
}

/// `uri` with `prefix` put in front of its host: `https://example.com/` and
/// `foo.` give `https://foo.example.com/`.
fn prefixed_uri(uri: &http::Uri, prefix: &str) -> Result<http::Uri, BoxError> {
    let mut parts = uri.clone().into_parts();
    let authority = parts
        .authority
        .as_ref()
        .ok_or("the endpoint URL has no host")?;
    let prefixed = format!("{prefix}{authority}");
    parts.authority =
        Some(prefixed.parse().map_err(|e| {
            format!("invalid host {prefixed:?} with the operation's host prefix: {e}")
        })?);
    Ok(http::Uri::from_parts(parts)?)
}

/// Whether `label` may fill a `{label}` of an `@endpoint` host prefix: one or
/// more dot-separated parts of 1 to 63 ASCII letters, digits and hyphens, none
/// starting with a hyphen.
pub fn is_valid_host_label(label: &str) -> bool {
    !label.is_empty()
        && label.split('.').all(|part| {
            (1..=63).contains(&part.len())
                && !part.starts_with('-')
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// One attempt of an operation: everything it needs to build, sign and send its request.
struct AttemptRequest<'a> {
    inner: &'a HandleInner,
    endpoint: &'a ResolvedEndpoint,
    /// The request URI: the endpoint's, with the operation's host prefix.
    uri: &'a http::Uri,
    region: &'a str,
    credentials: &'a CredentialsCache,
    target: &'a HeaderValue,
    body: &'a [u8],
    /// `Content-Encoding` of the body, when it was compressed.
    content_encoding: Option<&'static str>,
    /// The caller's changes to the request, made before signing.
    customization: Option<&'a Customization>,
    attempt: u32,
    max_attempts: u32,
    invocation_id: &'a str,
    read: Body,
}

impl AttemptRequest<'_> {
    async fn send(&self) -> Result<Answer, InvokeError> {
        let now = (self.inner.config.time_source)();
        let credentials = self
            .credentials
            .get(now)
            .await
            .map_err(|e| InvokeError::Construction(Box::new(e)))?;
        let request = self
            .build(credentials, now)
            .map_err(InvokeError::Construction)?;
        match self.read {
            Body::Complete => {
                let response = self.inner.http.call(request).await.map_err(failure)?;
                Ok(Answer::Complete(RawResponse::from_http(response)))
            }
            Body::Streaming => {
                let response = self
                    .inner
                    .http
                    .call_streaming(request)
                    .await
                    .map_err(failure)?;
                let (parts, body) = response.into_parts();
                if parts.status.is_success() {
                    return Ok(Answer::Streaming(parts, body));
                }
                let body = body
                    .collect(MAX_RESPONSE_BYTES)
                    .await
                    .map_err(InvokeError::Dispatch)?;
                Ok(Answer::Complete(RawResponse::new(
                    parts.status.as_u16(),
                    parts.headers,
                    body,
                )))
            }
        }
    }

    fn build(
        &self,
        credentials: Credentials,
        now: SystemTime,
    ) -> Result<http::Request<Vec<u8>>, BoxError> {
        let uri = self.uri;
        let mut request = http::Request::new(self.body.to_vec());
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = uri.clone();
        let host = match uri.port() {
            Some(port) => format!("{}:{}", uri.host().unwrap_or_default(), port),
            None => uri.host().unwrap_or_default().to_owned(),
        };
        let headers = request.headers_mut();
        for (name, value) in &self.endpoint.headers {
            headers.append(name.clone(), value.clone());
        }
        headers.insert(HOST, HeaderValue::from_str(&host)?);
        headers.insert(CONTENT_TYPE, self.inner.content_type.clone());
        headers.insert(X_AMZ_TARGET, self.target.clone());
        headers.insert(CONTENT_LENGTH, HeaderValue::from(self.body.len()));
        if let Some(encoding) = self.content_encoding {
            headers.insert(
                http::header::CONTENT_ENCODING,
                HeaderValue::from_static(encoding),
            );
        }
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        headers.insert(
            AMZ_SDK_INVOCATION_ID,
            HeaderValue::from_str(self.invocation_id)?,
        );
        headers.insert(
            AMZ_SDK_REQUEST,
            HeaderValue::from_str(&format!(
                "attempt={}; max={}",
                self.attempt, self.max_attempts
            ))?,
        );
        let signing_name = self
            .endpoint
            .signing_name
            .as_deref()
            .unwrap_or(self.inner.spec.signing_name);
        if let Some(customization) = self.customization {
            request = customization.apply(request)?;
        }
        sign(&mut request, credentials, self.region, signing_name, now)?;
        Ok(request)
    }
}

/// A transport failure as the pipeline reports it: the default client's read timeout as that
/// timeout, anything else as a dispatch failure.
fn failure(e: BoxError) -> InvokeError {
    match e.downcast::<TimeoutError>() {
        Ok(timeout) => InvokeError::Timeout(*timeout),
        Err(e) => InvokeError::Dispatch(e),
    }
}

const AMZ_SDK_INVOCATION_ID: HeaderName = HeaderName::from_static("amz-sdk-invocation-id");
const AMZ_SDK_REQUEST: HeaderName = HeaderName::from_static("amz-sdk-request");

/// A random UUID v4 string (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`), from the
/// `uuid` crate with OS randomness, for idempotency tokens.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_tokens_are_uuid_v4() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let bytes = a.as_bytes();
        assert_eq!(bytes[14], b'4');
        assert!(matches!(bytes[19], b'8' | b'9' | b'a' | b'b'));
        assert_eq!(a.matches('-').count(), 4);
    }

    #[test]
    fn host_prefixes_and_labels() {
        let uri: http::Uri = "https://example.com:8443/custom/".parse().unwrap();
        assert_eq!(
            prefixed_uri(&uri, "foo.bar.").unwrap().to_string(),
            "https://foo.bar.example.com:8443/custom/"
        );
        assert!(prefixed_uri(&uri, "a b.").is_err());
        for good in ["bar", "a-1", "a.b", "0"] {
            assert!(is_valid_host_label(good), "{good}");
        }
        for bad in ["", "-a", "a..b", "a.", "a_b", "a/b", "a:1", &"x".repeat(64)] {
            assert!(!is_valid_host_label(bad), "{bad}");
        }
    }
}
