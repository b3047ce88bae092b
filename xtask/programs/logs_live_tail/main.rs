//! CloudWatch Logs `StartLiveTail`, generated from AWS's published model by
//! `cargo xtask all-models --also DIR` (the model is not among `../shared`'s, so it comes from a
//! folder the caller names), end to end on loopback. The request goes where the model sends it:
//! the regional endpoint with the operation's `streaming-` host prefix. The HTTP client records
//! that address and carries the request to a loopback server instead, which answers with a live
//! tail session: its start, two updates, an event this client does not know, a corrupted message,
//! and the stream's `SessionTimeoutException`, in pieces of 3 bytes.

mod loopback;

use std::convert::Infallible;
use std::sync::Mutex;

use aws_cloudwatch_logs::config::{
    Credentials, HttpClient, HttpFuture, HyperClient, RetryConfig, StreamingFuture,
};
use aws_cloudwatch_logs::primitives::event_stream::RawMessage;
use aws_cloudwatch_logs::types::StartLiveTailResponseStream;
use aws_cloudwatch_logs::types::error::StartLiveTailResponseStreamError;
use aws_cloudwatch_logs::{Client, Config, SdkError};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{Request, Response};
use loopback::{Pieces, event, message};

/// The session the server sends, in order.
fn session() -> Vec<u8> {
    let mut corrupted = event("sessionUpdate", r#"{"sessionResults":[]}"#);
    let at = corrupted.len() - 6;
    corrupted[at] ^= 0x01;
    [
        event(
            "sessionStart",
            r#"{"requestId":"a7c1","sessionId":"live-1","logGroupIdentifiers":["arn:aws:logs:us-east-1:123456789012:log-group:app"],"logEventFilterPattern":"ERROR"}"#,
        ),
        event(
            "sessionUpdate",
            r#"{"sessionMetadata":{"sampled":false},"sessionResults":[{"logStreamName":"web-1","logGroupIdentifier":"123456789012:app","message":"ERROR disk full \u00e9\ud83d\ude00","timestamp":1732924800123,"ingestionTime":1732924800456}]}"#,
        ),
        event("sessionHeartbeat", r#"{"at":1}"#),
        corrupted,
        event(
            "sessionUpdate",
            r#"{"sessionMetadata":{"sampled":true},"sessionResults":[]}"#,
        ),
        message(
            "exception",
            ":exception-type",
            "SessionTimeoutException",
            r#"{"message":"the session ended after 3 hours"}"#,
        ),
    ]
    .concat()
}

async fn answer(request: Request<Incoming>) -> Result<Response<Pieces>, Infallible> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (target, host) = (header("x-amz-target"), header("host"));
    let body = request.into_body().collect().await.map(|b| b.to_bytes());
    assert_eq!(target, "Logs_20140328.StartLiveTail");
    assert_eq!(host, "streaming-logs.us-east-1.amazonaws.com");
    let body = String::from_utf8(body.expect("the request body").to_vec()).expect("UTF-8");
    assert_eq!(
        body,
        r#"{"logGroupIdentifiers":["arn:aws:logs:us-east-1:123456789012:log-group:app"],"logEventFilterPattern":"ERROR"}"#
    );
    Ok(Response::builder()
        .status(200)
        .header("content-type", "application/vnd.amazon.eventstream")
        .header("x-amzn-requestid", "logs-request-1")
        .body(Pieces::new(session(), 3))
        .expect("a response"))
}

/// The default HTTP client, but every request goes to the loopback server; the address the
/// request was made for is recorded (its `host` header is left as the client set it).
#[derive(Debug)]
struct ToLoopback {
    inner: HyperClient,
    server: String,
    addressed: Mutex<Vec<String>>,
}

impl ToLoopback {
    fn redirect(&self, mut request: hyper::Request<Vec<u8>>) -> hyper::Request<Vec<u8>> {
        let uri = request.uri().to_string();
        self.addressed.lock().expect("not poisoned").push(uri);
        let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
        *request.uri_mut() = format!("{}{path}", self.server).parse().expect("a URI");
        request
    }
}

impl HttpClient for ToLoopback {
    fn call(&self, request: hyper::Request<Vec<u8>>) -> HttpFuture<'_> {
        self.inner.call(self.redirect(request))
    }

    fn call_streaming(&self, request: hyper::Request<Vec<u8>>) -> StreamingFuture<'_> {
        self.inner.call_streaming(self.redirect(request))
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let server = loopback::serve(answer).await;
    let http = std::sync::Arc::new(ToLoopback {
        inner: HyperClient::new(None).expect("the default HTTP client"),
        server,
        addressed: Mutex::default(),
    });
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "loopback"))
        .retry_config(RetryConfig::disabled())
        .http_client(http.clone())
        .build();
    let client = Client::from_conf(config);
    let mut output = client
        .start_live_tail()
        .log_group_identifiers("arn:aws:logs:us-east-1:123456789012:log-group:app")
        .log_event_filter_pattern("ERROR")
        .send()
        .await
        .expect("the live tail starts");
    assert_eq!(
        *http.addressed.lock().expect("not poisoned"),
        ["https://streaming-logs.us-east-1.amazonaws.com/"]
    );

    let start = output
        .response_stream
        .recv()
        .await
        .expect("an event")
        .expect("not the end");
    let StartLiveTailResponseStream::SessionStart(start) = start else {
        panic!("expected the session's start, got {start:?}");
    };
    assert_eq!(start.session_id(), Some("live-1"));
    assert_eq!(start.log_event_filter_pattern(), Some("ERROR"));

    let update = output
        .response_stream
        .recv()
        .await
        .expect("read")
        .expect("an event");
    let StartLiveTailResponseStream::SessionUpdate(update) = update else {
        panic!("expected an update, got {update:?}");
    };
    assert_eq!(update.session_metadata().map(|m| m.sampled()), Some(false));
    let event = &update.session_results()[0];
    assert_eq!(event.message(), Some("ERROR disk full \u{e9}\u{1f600}"));
    assert_eq!(event.timestamp(), Some(1_732_924_800_123));
    assert_eq!(event.ingestion_time(), Some(1_732_924_800_456));

    let unknown = output
        .response_stream
        .recv()
        .await
        .expect("read")
        .expect("an event");
    assert!(unknown.is_unknown(), "{unknown:?}");

    match output.response_stream.recv().await {
        Err(SdkError::ResponseError(e)) => {
            assert!(matches!(e.raw(), RawMessage::Invalid(Some(_))));
        }
        other => panic!("expected the corrupted message's error, got {other:?}"),
    }

    let next = output
        .response_stream
        .recv()
        .await
        .expect("read")
        .expect("an event");
    assert_eq!(
        next.as_session_update()
            .map(|u| u.session_metadata().map(|m| m.sampled())),
        Ok(Some(true))
    );

    match output.response_stream.recv().await {
        Err(SdkError::ServiceError(e)) => {
            assert!(
                matches!(e.err(), StartLiveTailResponseStreamError::SessionTimeoutException(t)
                    if t.message() == Some("the session ended after 3 hours")),
                "{:?}",
                e.err()
            );
        }
        other => panic!("expected SessionTimeoutException, got {other:?}"),
    }
    assert!(
        output
            .response_stream
            .recv()
            .await
            .expect("the end")
            .is_none()
    );
    println!(
        "CloudWatch Logs StartLiveTail streamed on loopback (addressed to its streaming- host): \
         a session start, 2 updates, 1 unknown event, 1 corrupted message reported, the \
         session's timeout read"
    );
}
