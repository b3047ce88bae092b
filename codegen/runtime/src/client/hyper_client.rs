//! The default client with the `http2` feature: hyper's, which offers HTTP/2 beside HTTP/1.1
//! on TLS connections (by ALPN) and uses what the server picks. Event streams need it where a
//! service serves them only over HTTP/2 (Kinesis `SubscribeToShard`).

use std::time::Duration;

use bytes::Bytes;

use super::BoxError;
use super::stalled_stream::{AttemptLimits, RequestBody, default_client_common};

type HyperInner = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    RequestBody,
>;

/// The default [`HttpClient`](super::HttpClient) with the `http2` feature: hyper 1 (HTTP/2 and
/// HTTP/1.1, pooled connections) with rustls (ring, Mozilla's webpki roots); accepts `https` and
/// `http` URLs. TLS connections offer HTTP/2 beside HTTP/1.1 (by ALPN), and use it when the
/// server picks it. Its TLS offers what AWS endpoints use, as [`Http1Client`](super::Http1Client)'s
/// does (see [`with_crypto_provider`](Self::with_crypto_provider) for more). Requires a Tokio
/// runtime with the time driver enabled.
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
    limits: AttemptLimits,
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
        let https = https.enable_http2();
        let https = https.wrap_connector(http);
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .pool_timer(hyper_util::rt::TokioTimer::new())
                .pool_idle_timeout(Duration::from_secs(90))
                .build(https);
        Ok(HyperClient {
            client,
            limits: AttemptLimits::default(),
        })
    }
}

default_client_common!(HyperClient);

impl HyperClient {
    /// Sends `request` and waits for the response headers, within the upload's stalled-stream
    /// protection and the read timeout.
    async fn response_of(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<hyper::body::Incoming>, BoxError> {
        self.limits
            .until_head(|progress| {
                self.client
                    .request(request.map(|body| RequestBody::new(Bytes::from(body), progress)))
            })
            .await
    }
}
