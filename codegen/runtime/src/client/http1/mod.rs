//! The default HTTP client: HTTP/1.1 over TCP, with TLS by rustls, keeping connections for the
//! next request to the same host. Written for this runtime (AWS JSON and event streams need no
//! more of HTTP/1.1 than requests with a known length and responses delimited every way RFC 9112
//! allows), it leaves out a general-purpose client's machinery, and its size: a one-call program
//! is about 0.6 MB smaller than with hyper's client.
//!
//! * `conn`: one connection; connecting, writing a request, reading a response head.
//! * `body`: the response body as it arrives (`Content-Length`, chunked, or until close).
//! * `pool`: idle connections, by scheme, host and port.

mod body;
mod conn;
mod pool;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use self::body::Incoming;
use self::conn::{Conn, Target};
use self::pool::{Checkout, Pool};
use super::BoxError;
use super::stalled_stream::{AttemptLimits, RequestBody, UploadProgress, default_client_common};

/// The default [`HttpClient`](super::HttpClient) (without the `http2` feature): HTTP/1.1 with
/// pooled connections, TLS by rustls with Mozilla's webpki roots; accepts `https` and `http`
/// URLs. Its TLS offers what AWS endpoints use and nothing else, so that programs carry no code
/// for the rest: TLS 1.3 and 1.2 with AES-GCM, ECDHE over P-256 and P-384, RSA and ECDSA
/// certificates. No X25519, ChaCha20-Poly1305, Ed25519 certificates or client certificates; for
/// those, see [`with_crypto_provider`](Self::with_crypto_provider). Requires a Tokio runtime with
/// the time driver enabled.
///
/// Connections lie idle for at most 90 s, and one the server has closed meanwhile is not used.
/// Besides the connect timeout it applies, per attempt:
///
/// * stalled-stream protection
///   ([`with_stalled_stream_protection`](Self::with_stalled_stream_protection); on by default
///   for uploads and downloads, with a 5 s grace period, as in aws-sdk-rust). Once the response
///   headers have arrived, a response body of which no byte arrives for the grace period fails
///   the attempt; so does a request body of which the connection takes nothing for the grace
///   period (a server that stops reading it). The request body is written in pieces of at most
///   64 KiB, each piece taken being progress. Either failure is a
///   [`StalledStreamError`](super::StalledStreamError), a transport failure, retried as such.
/// * the read timeout ([`with_read_timeout`](Self::with_read_timeout); none by default): from
///   when the whole request body has been written until the response headers arrive. Its
///   expiry is a [`TimeoutError`](super::TimeoutError) of kind
///   [`Read`](super::TimeoutKind::Read), retried as an attempt timeout is.
#[derive(Clone)]
pub struct Http1Client {
    tls: tokio_rustls::TlsConnector,
    pool: Arc<Pool>,
    connect_timeout: Option<Duration>,
    limits: AttemptLimits,
}

impl fmt::Debug for Http1Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Http1Client")
            .field("connect_timeout", &self.connect_timeout)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Http1Client {
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
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(provider))
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Self::with_tls_config(connect_timeout, config))
    }

    /// A client whose TLS is `config`'s: for example one that trusts a private CA (a local
    /// endpoint's self-signed certificate, a proxy that inspects TLS). Offer no ALPN protocol
    /// other than `http/1.1` in it: this client speaks nothing else.
    pub fn with_tls_config(
        connect_timeout: Option<Duration>,
        config: rustls::ClientConfig,
    ) -> Self {
        Http1Client {
            tls: tokio_rustls::TlsConnector::from(Arc::new(config)),
            pool: Arc::default(),
            connect_timeout,
            limits: AttemptLimits::default(),
        }
    }

    /// Sends `request` and reads the response head, within the upload's stalled-stream
    /// protection and the read timeout.
    async fn response_of(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Incoming>, BoxError> {
        self.limits
            .until_head(|progress| self.exchange(request, progress))
            .await
    }

    /// One request on a pooled connection, or a new one.
    async fn exchange(
        &self,
        request: http::Request<Vec<u8>>,
        progress: Arc<UploadProgress>,
    ) -> Result<http::Response<Incoming>, BoxError> {
        let (parts, body) = request.into_parts();
        let target = Target::of(&parts.uri)?;
        let mut conn = match self.pool.take(&target) {
            Some(conn) => conn,
            None => Conn::open(&target, &self.tls, self.connect_timeout).await?,
        };
        conn.send(
            &parts,
            &target,
            RequestBody::new(Bytes::from(body), progress),
        )
        .await?;
        let (head, framing, reusable) = conn.read_head(&parts.method).await?;
        let checkout = reusable.then(|| Checkout::new(self.pool.clone(), target));
        Ok(http::Response::from_parts(
            head,
            Incoming::new(conn, framing, checkout),
        ))
    }
}

default_client_common!(Http1Client);
