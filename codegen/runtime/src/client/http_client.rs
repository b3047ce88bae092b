//! The transport: the [`HttpClient`] seam, the default hyper client, and the
//! [`RawResponse`] an attempt yields.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::HeaderMap;
use hyper::body::Body;

use super::stalled_stream::{DownloadGuard, RequestBody, UploadProgress, Watchdog, race};
use super::{BoxError, StalledStreamProtectionConfig};

/// Largest response body the default [`HyperClient`] reads (64 MiB); a longer
/// body fails the attempt with a dispatch failure instead of exhausting memory.
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

type HyperInner = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    RequestBody,
>;

/// The default [`HttpClient`]: hyper 1 (HTTP/1.1, pooled connections) with
/// rustls (ring, Mozilla's webpki roots); accepts `https` and `http` URLs. Its TLS offers what
/// AWS endpoints use and nothing else, so that programs carry no code for the rest: TLS 1.3
/// and 1.2 with AES-GCM, ECDHE over P-256 and P-384, RSA and ECDSA certificates. No X25519,
/// ChaCha20-Poly1305, Ed25519 certificates or client certificates; for those, see
/// [`with_crypto_provider`](Self::with_crypto_provider). With the `http2`
/// feature, TLS connections offer HTTP/2 too (by ALPN), and use it when the server picks it.
/// Requires a Tokio runtime with the time driver enabled.
///
/// Besides the connect timeout it applies, per attempt:
///
/// * stalled-stream protection
///   ([`with_stalled_stream_protection`](Self::with_stalled_stream_protection); on by default
///   for uploads and downloads, with a 5 s grace period, as in aws-sdk-rust). Once the response
///   headers have arrived, a response body of which no byte arrives for the grace period fails
///   the attempt; so does a request body of which the connection takes nothing for the grace
///   period (a server that stops reading it). The request body is handed to the connection in
///   pieces of at most 64 KiB, each piece taken being progress; that watch starts when the
///   connection takes the first piece (connecting is bounded by the connect timeout) and ends
///   when it has taken the last (waiting for the response is the read timeout's business).
///   Either failure is a [`StalledStreamError`](super::StalledStreamError), a transport
///   failure, retried as such. aws-sdk-rust's rule is a throughput below a minimum of 1 byte
///   per second for the grace period; this one, no progress at all for the grace period,
///   differs from it only for streams that move, on average, slower than that.
/// * the read timeout ([`with_read_timeout`](Self::with_read_timeout); none by default): from
///   when the whole request body has been handed to the connection until the response headers
///   arrive. Its expiry is a [`TimeoutError`](super::TimeoutError) of kind
///   [`Read`](super::TimeoutKind::Read), retried as an attempt timeout is.
#[derive(Clone, Debug)]
pub struct HyperClient {
    client: HyperInner,
    max_response_bytes: usize,
    read_timeout: Option<Duration>,
    stalled_stream_protection: StalledStreamProtectionConfig,
}

impl HyperClient {
    /// A client with the given TCP connect timeout, default stalled-stream protection (5 s) and
    /// no read timeout.
    pub fn new(connect_timeout: Option<Duration>) -> Result<Self, BoxError> {
        Self::with_crypto_provider(connect_timeout, super::tls::aws_provider())
    }

    /// A client like [`new`](Self::new)'s whose TLS uses `provider`'s algorithms instead of
    /// the ones AWS endpoints need; for example rustls's
    /// [`default_provider`](rustls::crypto::ring::default_provider), for a server that needs
    /// X25519, ChaCha20-Poly1305 or an Ed25519 certificate.
    pub fn with_crypto_provider(
        connect_timeout: Option<Duration>,
        provider: rustls::crypto::CryptoProvider,
    ) -> Result<Self, BoxError> {
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(connect_timeout);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)?
            .https_or_http()
            .enable_http1();
        // ALPN offers `h2` then `http/1.1`; the server's choice decides each connection.
        #[cfg(feature = "http2")]
        let https = https.enable_http2();
        let https = https.wrap_connector(http);
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .pool_timer(hyper_util::rt::TokioTimer::new())
                .pool_idle_timeout(Duration::from_secs(90))
                .build(https);
        Ok(HyperClient {
            client,
            max_response_bytes: MAX_RESPONSE_BYTES,
            read_timeout: None,
            stalled_stream_protection: super::stalled_stream::default_protection(),
        })
    }

    /// A client with the connect and read timeouts of `config`'s
    /// [`TimeoutConfig`](super::TimeoutConfig) and its stalled-stream protection: the one
    /// [`Config`](super::Config) makes when no HTTP client is set.
    pub fn from_config(config: &super::Config) -> Result<Self, BoxError> {
        let timeouts = config.timeout_config();
        Ok(HyperClient::new(timeouts.connect_timeout)?
            .with_read_timeout(timeouts.read_timeout)
            .with_stalled_stream_protection(config.stalled_stream_protection()))
    }

    /// Sets the largest response body accepted (default [`MAX_RESPONSE_BYTES`]).
    pub fn with_max_response_bytes(mut self, max_response_bytes: usize) -> Self {
        self.max_response_bytes = max_response_bytes;
        self
    }

    /// Sets (or with `None`, clears) the read timeout: how long to wait for the response headers
    /// once the whole request has been handed to the connection (default: none).
    pub fn with_read_timeout(mut self, read_timeout: impl Into<Option<Duration>>) -> Self {
        self.read_timeout = read_timeout.into();
        self
    }

    /// Sets stalled-stream protection (aws-sdk-rust's own settings type; default: on for
    /// uploads and downloads, 5 s grace period).
    pub fn with_stalled_stream_protection(
        mut self,
        stalled_stream_protection: StalledStreamProtectionConfig,
    ) -> Self {
        self.stalled_stream_protection = stalled_stream_protection;
        self
    }
}

impl HyperClient {
    /// Sends `request` and waits for the response headers, within the upload's stalled-stream
    /// protection and the read timeout.
    async fn response_of(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<hyper::body::Incoming>, BoxError> {
        let protection = &self.stalled_stream_protection;
        let upload_grace = protection
            .upload_enabled()
            .then_some(protection.grace_period());
        let progress = std::sync::Arc::new(UploadProgress::default());
        let request = request.map(|body| RequestBody::new(Bytes::from(body), progress.clone()));
        let sent = self.client.request(request);
        Ok(
            match Watchdog::new(progress, upload_grace, self.read_timeout) {
                Some(watchdog) => race(sent, watchdog).await?,
                None => sent.await?,
            },
        )
    }
}

impl HttpClient for HyperClient {
    fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        use http_body_util::BodyExt;
        let protection = &self.stalled_stream_protection;
        let download_grace = protection
            .download_enabled()
            .then_some(protection.grace_period());
        Box::pin(async move {
            let response = self.response_of(request).await?;
            let (parts, body) = response.into_parts();
            let body = DownloadGuard::new(body, download_grace);
            let collected = http_body_util::Limited::new(body, self.max_response_bytes)
                .collect()
                .await?;
            Ok(http::Response::from_parts(
                parts,
                Vec::from(collected.to_bytes()),
            ))
        })
    }

    /// The response body is not watched for stalls: an event stream may rightly be quiet for
    /// as long as the service has nothing to send.
    fn call_streaming(&self, request: http::Request<Vec<u8>>) -> StreamingFuture<'_> {
        Box::pin(async move { Ok(self.response_of(request).await?.map(ResponseBody::new)) })
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
