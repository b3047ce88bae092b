//! Tests of the whole pipeline, through a scripted fake HTTP client or a real server on loopback,
//! one file per concern. The fixtures here are shared, also with the unit tests beside the code.

use super::*;
use http::header::{HeaderMap, HeaderValue};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod credentials;
mod event_stream;
mod http1;
mod network;
mod requests;
mod retries;
mod stalled;
mod timeouts;
mod tls;

/// The default clients, which the loopback tests run against each in turn: this runtime's
/// HTTP/1.1 client and, with the `http2` feature, hyper's.
#[derive(Clone, Copy, Debug)]
pub(super) enum DefaultClient {
    Http1,
    #[cfg(feature = "http2")]
    Hyper,
}

impl DefaultClient {
    pub(super) fn all() -> Vec<DefaultClient> {
        vec![
            DefaultClient::Http1,
            #[cfg(feature = "http2")]
            DefaultClient::Hyper,
        ]
    }

    /// A handle for `builder`'s configuration, with this client made from it as `Config`
    /// makes its default one.
    pub(super) fn handle(self, builder: ConfigBuilder) -> Handle {
        let config = builder.clone().build();
        let builder = match self {
            DefaultClient::Http1 => builder.http_client(Http1Client::from_config(&config).unwrap()),
            #[cfg(feature = "http2")]
            DefaultClient::Hyper => builder.http_client(HyperClient::from_config(&config).unwrap()),
        };
        Handle::new(builder.build(), &SPEC)
    }
}

pub(super) static SPEC: ServiceSpec = ServiceSpec {
    target_prefix: "SageMaker",
    json_version: "1.1",
    signing_name: "sagemaker",
    endpoint_prefix: "api.sagemaker",
    rule_set: None,
    sdk_id: "SageMaker",
    api_version: "2017-07-24",
};

pub(super) fn fixed_time() -> SystemTime {
    // 2015-08-30T12:36:00Z
    UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

pub(super) type Reply =
    Result<(u16, Vec<(&'static str, &'static str)>, &'static str), &'static str>;

/// Answers from a script; records every request.
#[derive(Debug, Default)]
pub(super) struct FakeClient {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<http::Request<Vec<u8>>>>,
    calls: AtomicU32,
}

impl FakeClient {
    pub(super) fn new(replies: Vec<Reply>) -> Arc<Self> {
        Arc::new(FakeClient {
            replies: Mutex::new(replies.into()),
            ..FakeClient::default()
        })
    }

    fn calls(&self) -> u32 {
        self.calls.load(Ordering::SeqCst)
    }

    fn requests(&self) -> Vec<http::Request<Vec<u8>>> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|r| {
                let mut copy = http::Request::new(r.body().clone());
                *copy.uri_mut() = r.uri().clone();
                *copy.method_mut() = r.method().clone();
                *copy.headers_mut() = r.headers().clone();
                copy
            })
            .collect()
    }
}

impl HttpClient for FakeClient {
    fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.requests.lock().unwrap().push(request);
        let reply = self
            .replies
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Err("no scripted reply"));
        Box::pin(async move {
            let (status, headers, body) = reply?;
            let mut response = http::Response::builder().status(status);
            for (k, v) in headers {
                response = response.header(k, v);
            }
            Ok(response.body(body.as_bytes().to_vec())?)
        })
    }
}

/// Never answers.
#[derive(Debug, Default)]
struct PendingClient {
    calls: AtomicU32,
}

impl HttpClient for PendingClient {
    fn call(&self, _request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(std::future::pending())
    }
}

pub(super) fn config() -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .time_source(fixed_time)
        .retry_config(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
}

fn handle_with(builder: ConfigBuilder, client: Arc<impl HttpClient + 'static>) -> Handle {
    Handle::new(builder.http_client(client).build(), &SPEC)
}

pub(super) fn raw(status: u16, headers: &[(&'static str, &str)], body: &str) -> RawResponse {
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        map.insert(*k, HeaderValue::from_str(v).unwrap());
    }
    RawResponse::new(status, map, body.as_bytes().to_vec())
}

#[test]
fn futures_and_types_are_send_sync() {
    fn send<T: Send>(_: &T) {}
    fn send_sync<T: Send + Sync>() {}
    let handle = Handle::new(config().build(), &SPEC);
    let fut = invoke(&handle, "Op", Vec::new());
    send(&fut);
    send_sync::<Handle>();
    send_sync::<Config>();
    send_sync::<SdkError<ErrorMetadata>>();
    send_sync::<Unhandled>();
    send_sync::<InvokeError>();
    send_sync::<RawResponse>();
}
