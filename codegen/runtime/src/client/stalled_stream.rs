//! Stalled-stream protection and the read timeout of the default clients
//! ([`Http1Client`](super::Http1Client), and `HyperClient` with the `http2` feature): the
//! request body they send ([`RequestBody`], which reports
//! its progress), the [`Watchdog`] that fails the wait for the response when the upload stalls or
//! the read timeout elapses, and the [`DownloadGuard`] around the response body.
//!
//! What counts as progress, and so what "stalled" means here: for an upload, the HTTP connection
//! taking another chunk (at most [`UPLOAD_CHUNK`] bytes) of the request body; for a download, a
//! frame with at least one byte (or trailers) arriving. A stream stalls when no progress is made
//! for the whole grace period. aws-sdk-rust's rule is a throughput below 1 byte per second (over
//! a one-second window) for the grace period: both stop a stream that has stopped and let one
//! that moves at a byte per second or faster through; only streams slower than that on average
//! (a byte every few seconds) are treated differently.

use std::convert::Infallible;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use super::{BoxError, TimeoutError, TimeoutKind};

/// The largest piece of a request body handed to the connection at once. Each piece taken
/// counts as progress of the upload.
pub(super) const UPLOAD_CHUNK: usize = 64 * 1024;

/// The grace period stalled-stream protection has by default: 5 s, as aws-sdk-rust's clients
/// have (its `StalledStreamProtectionConfig::enabled().build()` alone gives 20 s).
pub(super) const DEFAULT_GRACE_PERIOD: Duration = Duration::from_secs(5);

/// aws-sdk-rust's default: protection on for uploads and downloads, with a 5 s grace period.
pub(super) fn default_protection() -> super::StalledStreamProtectionConfig {
    super::StalledStreamProtectionConfig::enabled()
        .grace_period(DEFAULT_GRACE_PERIOD)
        .build()
}

/// What the default clients apply to each attempt: the largest response body read, the read
/// timeout and stalled-stream protection.
#[derive(Clone, Debug)]
pub(super) struct AttemptLimits {
    pub(super) max_response_bytes: usize,
    pub(super) read_timeout: Option<Duration>,
    pub(super) stalled_stream_protection: super::StalledStreamProtectionConfig,
}

impl Default for AttemptLimits {
    fn default() -> Self {
        AttemptLimits {
            max_response_bytes: super::MAX_RESPONSE_BYTES,
            read_timeout: None,
            stalled_stream_protection: default_protection(),
        }
    }
}

impl AttemptLimits {
    /// Runs `send` (which hands the request body over through the progress it is given) until
    /// the response head arrives, watched for an upload that stalls and for the read timeout.
    pub(super) async fn until_head<T, E, F>(
        &self,
        send: impl FnOnce(Arc<UploadProgress>) -> F,
    ) -> Result<T, BoxError>
    where
        E: Into<BoxError>,
        F: Future<Output = Result<T, E>>,
    {
        let protection = &self.stalled_stream_protection;
        let upload_grace = protection
            .upload_enabled()
            .then_some(protection.grace_period());
        let progress = Arc::new(UploadProgress::default());
        let sent = send(progress.clone());
        match Watchdog::new(progress, upload_grace, self.read_timeout) {
            Some(watchdog) => race(sent, watchdog).await,
            None => sent.await.map_err(Into::into),
        }
    }

    /// The response with its whole body, watched for stalls and at most `max_response_bytes`
    /// long.
    pub(super) async fn read_whole<B>(
        &self,
        response: http::Response<B>,
    ) -> Result<http::Response<Vec<u8>>, BoxError>
    where
        B: Body<Data = Bytes> + Unpin,
        B::Error: Into<BoxError>,
    {
        use http_body_util::BodyExt as _;
        let protection = &self.stalled_stream_protection;
        let download_grace = protection
            .download_enabled()
            .then_some(protection.grace_period());
        let (parts, body) = response.into_parts();
        let body = DownloadGuard::new(body, download_grace);
        let collected = http_body_util::Limited::new(body, self.max_response_bytes)
            .collect()
            .await?;
        Ok(http::Response::from_parts(
            parts,
            Vec::from(collected.to_bytes()),
        ))
    }
}

/// What both default clients share: their setters, and [`HttpClient`](super::HttpClient) on top
/// of `response_of` (the response once its head has arrived). `$client` has a `limits:
/// AttemptLimits` field, a `new(connect_timeout)` constructor and that `response_of`.
macro_rules! default_client_common {
    ($client:ident) => {
        impl super::HttpClient for $client {
            fn call(&self, request: http::Request<Vec<u8>>) -> super::HttpFuture<'_> {
                Box::pin(async move {
                    self.limits
                        .read_whole(self.response_of(request).await?)
                        .await
                })
            }

            /// The response body is not watched for stalls: an event stream may rightly be
            /// quiet for as long as the service has nothing to send.
            fn call_streaming(
                &self,
                request: http::Request<Vec<u8>>,
            ) -> super::StreamingFuture<'_> {
                Box::pin(async move {
                    Ok(self
                        .response_of(request)
                        .await?
                        .map(super::ResponseBody::new))
                })
            }
        }

        impl $client {
            /// A client with the connect and read timeouts of `config`'s
            /// [`TimeoutConfig`](super::TimeoutConfig) and its stalled-stream protection: the one
            /// [`Config`](super::Config) makes when no HTTP client is set.
            pub fn from_config(config: &super::Config) -> Result<Self, super::BoxError> {
                let timeouts = config.timeout_config();
                Ok($client::new(timeouts.connect_timeout)?
                    .with_read_timeout(timeouts.read_timeout)
                    .with_stalled_stream_protection(config.stalled_stream_protection()))
            }

            /// Sets the largest response body accepted (default
            /// [`MAX_RESPONSE_BYTES`](super::MAX_RESPONSE_BYTES)).
            pub fn with_max_response_bytes(mut self, max_response_bytes: usize) -> Self {
                self.limits.max_response_bytes = max_response_bytes;
                self
            }

            /// Sets (or with `None`, clears) the read timeout: how long to wait for the
            /// response headers once the whole request has been handed to the connection
            /// (default: none).
            pub fn with_read_timeout(
                mut self,
                read_timeout: impl Into<Option<std::time::Duration>>,
            ) -> Self {
                self.limits.read_timeout = read_timeout.into();
                self
            }

            /// Sets stalled-stream protection (aws-sdk-rust's own settings type; default: on
            /// for uploads and downloads, 5 s grace period).
            pub fn with_stalled_stream_protection(
                mut self,
                stalled_stream_protection: super::StalledStreamProtectionConfig,
            ) -> Self {
                self.limits.stalled_stream_protection = stalled_stream_protection;
                self
            }
        }
    };
}
pub(super) use default_client_common;

/// Stalled-stream protection stopped an attempt: the request body could not be sent, or the
/// response body stopped arriving, for the whole grace period. It is a transport failure
/// ([`SdkError::DispatchFailure`](super::SdkError::DispatchFailure)), retried as such.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StalledStreamError {
    upload: bool,
    grace_period: Duration,
}

impl StalledStreamError {
    /// Whether the request body stalled (`false`: the response body did).
    pub fn is_upload(&self) -> bool {
        self.upload
    }

    /// The configured grace period, for which no progress was made.
    pub fn grace_period(&self) -> Duration {
        self.grace_period
    }
}

impl fmt::Display for StalledStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.upload {
            write!(
                f,
                "the request body stalled: none of it could be sent for {:?}",
                self.grace_period
            )?;
        } else {
            write!(
                f,
                "the response body stalled: no data for {:?}",
                self.grace_period
            )?;
        }
        f.write_str(" (stalled-stream protection; configure with `stalled_stream_protection`)")
    }
}

impl StdError for StalledStreamError {}

/// How far the upload of one request has gone, shared between its [`RequestBody`] (polled by
/// the connection's task) and the [`Watchdog`] (polled by the caller's).
#[derive(Debug, Default)]
pub(super) struct UploadProgress {
    state: Mutex<UploadState>,
}

#[derive(Debug, Default)]
struct UploadState {
    /// When the connection last took a chunk; `None` until it takes the first.
    last_progress: Option<Instant>,
    /// When the whole body had been handed to the connection.
    sent_at: Option<Instant>,
    /// The watchdog's task, woken when the upload starts or ends.
    waker: Option<Waker>,
}

impl UploadProgress {
    fn update(&self, f: impl FnOnce(&mut UploadState, Instant) -> bool) {
        let waker = {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            let changed_phase = f(&mut state, Instant::now());
            if changed_phase {
                state.waker.take()
            } else {
                None
            }
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// The connection took a chunk; `last` when it was the body's last.
    fn chunk_taken(&self, last: bool) {
        self.update(|state, now| {
            let started = state.last_progress.replace(now).is_none();
            let finished = last && state.sent_at.is_none();
            if finished {
                state.sent_at = Some(now);
            }
            started || finished
        });
    }

    /// The connection has the whole body (also when it was empty).
    fn finished(&self) {
        self.update(|state, now| {
            let finished = state.sent_at.is_none();
            if finished {
                state.sent_at = Some(now);
            }
            finished
        });
    }
}

/// The request body the default client sends: the bytes, handed over in chunks of at most
/// [`UPLOAD_CHUNK`] without copying, each recorded as progress.
#[derive(Debug)]
pub(super) struct RequestBody {
    remaining: Bytes,
    progress: Arc<UploadProgress>,
}

impl RequestBody {
    pub(super) fn new(data: Bytes, progress: Arc<UploadProgress>) -> Self {
        RequestBody {
            remaining: data,
            progress,
        }
    }
}

impl Body for RequestBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if this.remaining.is_empty() {
            this.progress.finished();
            return Poll::Ready(None);
        }
        let chunk = this
            .remaining
            .split_to(this.remaining.len().min(UPLOAD_CHUNK));
        this.progress.chunk_taken(this.remaining.is_empty());
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        let end = self.remaining.is_empty();
        if end {
            // The connection asks this instead of polling an empty body.
            self.progress.finished();
        }
        end
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining.len() as u64)
    }
}

/// Watches the wait for a response: resolves to the error that ends it when the upload makes no
/// progress for `upload_grace`, or when no response arrives within `read_timeout` of the whole
/// request being sent. Pending for ever otherwise, so it is raced against the response.
#[derive(Debug)]
pub(super) struct Watchdog {
    progress: Arc<UploadProgress>,
    upload_grace: Option<Duration>,
    read_timeout: Option<Duration>,
    /// Made on first need, inside the runtime.
    sleep: Option<Pin<Box<Sleep>>>,
}

impl Watchdog {
    /// A watchdog, or `None` when there is nothing to watch.
    pub(super) fn new(
        progress: Arc<UploadProgress>,
        upload_grace: Option<Duration>,
        read_timeout: Option<Duration>,
    ) -> Option<Self> {
        (upload_grace.is_some() || read_timeout.is_some()).then_some(Watchdog {
            progress,
            upload_grace,
            read_timeout,
            sleep: None,
        })
    }
}

impl Future for Watchdog {
    type Output = BoxError;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<BoxError> {
        let this = self.get_mut();
        let (deadline, error): (Instant, BoxError) = {
            let mut state = this
                .progress
                .state
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match &state.waker {
                Some(waker) if waker.will_wake(cx.waker()) => {}
                _ => state.waker = Some(cx.waker().clone()),
            }
            let watched = match (state.sent_at, state.last_progress) {
                (Some(sent), _) => this.read_timeout.map(|limit| {
                    let error = TimeoutError::new(TimeoutKind::Read, limit);
                    (sent.checked_add(limit), Box::new(error) as BoxError)
                }),
                (None, Some(last)) => this.upload_grace.map(|grace| {
                    let error = StalledStreamError {
                        upload: true,
                        grace_period: grace,
                    };
                    (last.checked_add(grace), Box::new(error) as BoxError)
                }),
                // Not started: connecting is bounded by the connect timeout.
                (None, None) => None,
            };
            match watched {
                Some((Some(deadline), error)) => (deadline, error),
                // Nothing to watch now, or a limit too far away to reach.
                _ => return Poll::Pending,
            }
        };
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if sleep.deadline() != deadline {
            sleep.as_mut().reset(deadline);
        }
        // The deadline was just computed from the latest progress, so its passing is a stall.
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(error),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Races `response` against `watchdog`: the response (or its error), unless the watchdog fires
/// first.
pub(super) async fn race<T, E: Into<BoxError>>(
    response: impl Future<Output = Result<T, E>>,
    watchdog: Watchdog,
) -> Result<T, BoxError> {
    let mut response = std::pin::pin!(response);
    let mut watchdog = watchdog;
    std::future::poll_fn(|cx| {
        if let Poll::Ready(result) = response.as_mut().poll(cx) {
            return Poll::Ready(result.map_err(Into::into));
        }
        match Pin::new(&mut watchdog).poll(cx) {
            Poll::Ready(error) => Poll::Ready(Err(error)),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// A response body that fails with a [`StalledStreamError`] when no data arrives for the grace
/// period (counted from when the guard is made, which is when the headers arrived).
#[derive(Debug)]
pub(super) struct DownloadGuard<B> {
    inner: B,
    /// The grace period; `None` watches nothing.
    grace: Option<Duration>,
    last_progress: Instant,
    /// Made on first need, inside the runtime.
    sleep: Option<Pin<Box<Sleep>>>,
}

impl<B> DownloadGuard<B> {
    pub(super) fn new(inner: B, grace: Option<Duration>) -> Self {
        DownloadGuard {
            inner,
            grace,
            last_progress: Instant::now(),
            sleep: None,
        }
    }
}

impl<B> Body for DownloadGuard<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if frame.data_ref().is_none_or(|data| !data.is_empty()) {
                    this.last_progress = Instant::now();
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                let Some(grace) = this.grace else {
                    return Poll::Pending;
                };
                let Some(deadline) = this.last_progress.checked_add(grace) else {
                    return Poll::Pending;
                };
                // The timer is moved only when it is polled, not on every frame.
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                if sleep.deadline() != deadline {
                    sleep.as_mut().reset(deadline);
                }
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(StalledStreamError {
                        upload: false,
                        grace_period: grace,
                    })))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_direction_and_the_setting() {
        let download = StalledStreamError {
            upload: false,
            grace_period: Duration::from_secs(5),
        };
        assert_eq!(
            download.to_string(),
            "the response body stalled: no data for 5s \
             (stalled-stream protection; configure with `stalled_stream_protection`)"
        );
        assert!(!download.is_upload());
        assert_eq!(download.grace_period(), Duration::from_secs(5));
        let upload = StalledStreamError {
            upload: true,
            grace_period: Duration::from_millis(300),
        };
        assert!(upload.is_upload());
        assert!(
            upload
                .to_string()
                .starts_with("the request body stalled: none of it could be sent for 300ms")
        );
    }

    #[test]
    fn defaults_are_aws_sdks() {
        let config = default_protection();
        assert!(config.upload_enabled() && config.download_enabled());
        assert_eq!(config.grace_period(), Duration::from_secs(5));
    }

    #[test]
    fn the_request_body_is_chunked_without_copying_and_reports_progress() {
        let data = Bytes::from(vec![7u8; UPLOAD_CHUNK * 2 + 10]);
        let progress = Arc::new(UploadProgress::default());
        let mut body = RequestBody::new(data.clone(), progress.clone());
        assert_eq!(body.size_hint().exact(), Some(data.len() as u64));
        let waker = Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut sizes = Vec::new();
        let mut rebuilt = Vec::new();
        while let Poll::Ready(Some(Ok(frame))) = Pin::new(&mut body).poll_frame(&mut cx) {
            let chunk = frame.into_data().unwrap();
            // A view of the same allocation.
            let offset = chunk.as_ptr() as usize - data.as_ptr() as usize;
            assert_eq!(offset, rebuilt.len());
            sizes.push(chunk.len());
            rebuilt.extend_from_slice(&chunk);
            let state = progress.state.lock().unwrap();
            assert!(state.last_progress.is_some());
            assert_eq!(state.sent_at.is_some(), rebuilt.len() == data.len());
        }
        assert_eq!(sizes, [UPLOAD_CHUNK, UPLOAD_CHUNK, 10]);
        assert_eq!(rebuilt, data);
        assert!(body.is_end_stream());

        let empty = Arc::new(UploadProgress::default());
        assert!(RequestBody::new(Bytes::new(), empty.clone()).is_end_stream());
        assert!(empty.state.lock().unwrap().sent_at.is_some());
    }
}
