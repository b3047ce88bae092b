//! Event streams: the receiver over bodies cut anywhere, corrupted, truncated and hostile, and a
//! streaming call through the pipeline (retries of an error response, the initial response).

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue as EsValue, Message, RawMessage};
use bytes::Bytes;
use hyper::body::{Body, Frame};

use super::*;
use crate::client::event_stream::{
    EventReceiver, EventStreamOperation, MAX_MESSAGE_BYTES, MessageKind, UnmarshalledMessage,
    message_error_metadata, message_kind,
};
use crate::json::DeError;

/// The stream's error in these tests: an exception's code and message.
#[derive(Debug, PartialEq)]
struct StreamError(Option<String>, Option<String>);

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stream error {:?}", self.0)
    }
}

impl std::error::Error for StreamError {}

/// Events are `Tick`s whose payload is their text; other event types are `"?"`.
fn unmarshall(message: &Message) -> Result<UnmarshalledMessage<String, StreamError>, DeError> {
    match message_kind(message)? {
        MessageKind::Event("Tick") => std::str::from_utf8(message.payload())
            .map(|s| UnmarshalledMessage::Event(s.to_owned()))
            .map_err(|_| DeError::new("not UTF-8")),
        MessageKind::Event(_) => Ok(UnmarshalledMessage::Event("?".to_owned())),
        _ => {
            let meta = message_error_metadata(message);
            Ok(UnmarshalledMessage::Error(StreamError(
                meta.code().map(Into::into),
                meta.message().map(Into::into),
            )))
        }
    }
}

fn string(name: &'static str, value: &'static str) -> Header {
    Header::new(name, EsValue::String(value.into()))
}

fn event(event_type: &'static str, payload: &str) -> Vec<u8> {
    let message = Message::new(payload.as_bytes().to_vec())
        .add_header(string(":message-type", "event"))
        .add_header(string(":event-type", event_type));
    frame(&message)
}

fn frame(message: &Message) -> Vec<u8> {
    let mut out = Vec::new();
    write_message_to(message, &mut out).unwrap();
    out
}

fn receiver(body: impl Into<ResponseBody>) -> EventReceiver<String, StreamError> {
    EventReceiver::new(body.into(), unmarshall)
}

/// A body of these chunks, then either its end or a wait for ever.
struct Chunks {
    chunks: std::collections::VecDeque<Bytes>,
    then_pending: bool,
}

impl Body for Chunks {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.chunks.pop_front() {
            Some(chunk) => Poll::Ready(Some(Ok(Frame::data(chunk)))),
            None if self.then_pending => Poll::Pending,
            None => Poll::Ready(None),
        }
    }
}

fn chunked(bytes: &[u8], size: usize, then_pending: bool) -> ResponseBody {
    ResponseBody::new(Chunks {
        chunks: bytes.chunks(size).map(Bytes::copy_from_slice).collect(),
        then_pending,
    })
}

async fn all(mut r: EventReceiver<String, StreamError>) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(e) = r.recv().await.unwrap() {
        out.push(e);
    }
    out
}

#[tokio::test]
async fn events_arrive_in_order_however_the_body_is_cut() {
    let mut body = event("Tick", "one");
    body.extend(event("Other", "{}"));
    body.extend(event("Tick", &"x".repeat(5000)));
    for size in [1, 2, 7, 12, 13, 100, body.len()] {
        let events = all(receiver(chunked(&body, size, false))).await;
        assert_eq!(events.len(), 3, "cut into pieces of {size}");
        assert_eq!(events[0], "one");
        assert_eq!(
            events[1], "?",
            "an event the model does not name is unknown"
        );
        assert_eq!(events[2].len(), 5000);
    }
}

#[tokio::test]
async fn the_initial_response_is_taken_and_any_other_first_message_kept() {
    let mut body = event("initial-response", r#"{"a":1}"#);
    body.extend(event("Tick", "one"));
    let mut r = receiver(body);
    assert_eq!(
        r.initial_response().await.unwrap().as_deref(),
        Some(&br#"{"a":1}"#[..])
    );
    assert_eq!(all(r).await, ["one"]);

    let mut r = receiver(event("Tick", "first"));
    assert_eq!(r.initial_response().await.unwrap(), None);
    assert_eq!(all(r).await, ["first"]);

    let mut r = receiver(Vec::new());
    assert_eq!(r.initial_response().await.unwrap(), None);
    assert!(r.recv().await.unwrap().is_none());
}

#[tokio::test]
async fn a_message_with_a_wrong_crc_is_an_error_and_the_stream_goes_on() {
    let mut bad = event("Tick", "corrupted");
    let at = bad.len() - 6;
    bad[at] ^= 0x20;
    let mut body = event("Tick", "one");
    body.extend(&bad);
    body.extend(event("Tick", "three"));
    let mut r = receiver(body);
    assert_eq!(r.recv().await.unwrap().as_deref(), Some("one"));
    match r.recv().await {
        Err(SdkError::ResponseError(e)) => {
            assert!(matches!(e.raw(), RawMessage::Invalid(Some(b)) if b[..] == bad[..]));
            let text = DisplayErrorContext(&SdkError::<StreamError, RawMessage>::ResponseError(e))
                .to_string();
            assert!(text.contains("checksum"), "{text}");
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(r.recv().await.unwrap().as_deref(), Some("three"));
    assert!(r.recv().await.unwrap().is_none());
}

#[tokio::test]
async fn a_wrong_prelude_ends_the_stream() {
    let mut body = event("Tick", "one");
    let mut bad = event("Tick", "two");
    bad[9] ^= 1;
    body.extend(&bad);
    body.extend(event("Tick", "three"));
    let mut r = receiver(body);
    assert_eq!(r.recv().await.unwrap().as_deref(), Some("one"));
    let e = r.recv().await.unwrap_err();
    assert!(matches!(e, SdkError::ResponseError(_)), "{e:?}");
    assert!(
        DisplayErrorContext(&e)
            .to_string()
            .contains("prelude checksum"),
        "{}",
        DisplayErrorContext(&e)
    );
    assert!(r.recv().await.unwrap().is_none());
    assert!(r.recv().await.unwrap().is_none());
}

#[tokio::test]
async fn a_huge_announced_message_is_refused_before_it_is_waited_for() {
    let total = (MAX_MESSAGE_BYTES + 1) as u32;
    let mut prelude = Vec::new();
    prelude.extend(total.to_be_bytes());
    prelude.extend(0u32.to_be_bytes());
    prelude.extend(crc32fast::hash(&prelude).to_be_bytes());
    // The body never ends: only checking the prelude can answer.
    let mut r = receiver(chunked(&prelude, 12, true));
    let e = tokio::time::timeout(Duration::from_secs(5), r.recv())
        .await
        .expect("answered without waiting for the announced bytes")
        .unwrap_err();
    assert!(
        DisplayErrorContext(&e)
            .to_string()
            .contains("invalid message"),
        "{}",
        DisplayErrorContext(&e)
    );
    assert!(r.recv().await.unwrap().is_none());
}

#[tokio::test]
async fn a_body_that_ends_inside_a_message_is_an_error() {
    let mut body = event("Tick", "one");
    let second = event("Tick", "two");
    body.extend(&second[..second.len() - 3]);
    let mut r = receiver(body);
    assert_eq!(r.recv().await.unwrap().as_deref(), Some("one"));
    match r.recv().await {
        Err(SdkError::ResponseError(e)) => {
            assert!(matches!(e.raw(), RawMessage::Invalid(Some(b)) if b.len() == second.len() - 3));
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert!(r.recv().await.unwrap().is_none());
}

#[tokio::test]
async fn exceptions_and_errors_end_the_stream_as_service_errors() {
    let exception = Message::new(&br#"{"message":"no such shard"}"#[..])
        .add_header(string(":message-type", "exception"))
        .add_header(string(":exception-type", "ResourceNotFoundException"));
    let mut body = event("Tick", "one");
    body.extend(frame(&exception));
    body.extend(event("Tick", "never read"));
    let mut r = receiver(body);
    assert_eq!(r.recv().await.unwrap().as_deref(), Some("one"));
    match r.recv().await {
        Err(SdkError::ServiceError(e)) => {
            assert_eq!(
                e.err(),
                &StreamError(
                    Some("ResourceNotFoundException".into()),
                    Some("no such shard".into())
                )
            );
            assert!(matches!(e.raw(), RawMessage::Decoded(_)));
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    assert!(r.recv().await.unwrap().is_none());

    let error = Message::new(Bytes::new())
        .add_header(string(":message-type", "error"))
        .add_header(string(":error-code", "InternalFailure"))
        .add_header(string(":error-message", "try again"));
    let mut r = receiver(frame(&error));
    match r.recv().await {
        Err(SdkError::ServiceError(e)) => assert_eq!(
            e.err(),
            &StreamError(Some("InternalFailure".into()), Some("try again".into()))
        ),
        other => panic!("expected a service error, got {other:?}"),
    }
    assert!(r.recv().await.unwrap().is_none());
}

#[tokio::test]
async fn a_message_without_a_type_is_a_response_error_and_the_stream_goes_on() {
    let mut body = frame(&Message::new(&b"{}"[..]));
    body.extend(event("Tick", "two"));
    let mut r = receiver(body);
    let e = r.recv().await.unwrap_err();
    assert!(
        matches!(&e, SdkError::ResponseError(r) if matches!(r.raw(), RawMessage::Decoded(_))),
        "{e:?}"
    );
    assert_eq!(r.recv().await.unwrap().as_deref(), Some("two"));
}

#[tokio::test]
async fn random_bytes_never_panic_the_receiver() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let valid = [event("Tick", "a"), event("Other", "b")].concat();
    for _ in 0..2000 {
        let mut body = valid.clone();
        for _ in 0..(next() % 4 + 1) {
            let at = (next() as usize) % body.len();
            body[at] = next() as u8;
        }
        let cut = (next() as usize) % 9 + 1;
        let mut r = receiver(chunked(&body, cut, false));
        for _ in 0..10 {
            if let Ok(None) = r.recv().await {
                break;
            }
        }
    }
}

fn output(
    initial: &[u8],
    receiver: EventReceiver<String, StreamError>,
    request_id: Option<&str>,
) -> Result<Output, DeError> {
    Ok((
        String::from_utf8_lossy(initial).into_owned(),
        request_id.map(Into::into),
        receiver,
    ))
}

type Output = (String, Option<String>, EventReceiver<String, StreamError>);

fn op_error(raw: &RawResponse) -> ErrorMetadata {
    parse_error_metadata(raw)
}

static SUBSCRIBE: EventStreamOperation<Output, ErrorMetadata, String, StreamError> =
    EventStreamOperation::new("Subscribe", output, unmarshall, op_error);

#[tokio::test]
async fn a_streaming_call_is_retried_until_its_stream_starts() {
    let client = Arc::new(StreamingFake {
        inner: FakeClient::new(vec![Ok((
            503,
            vec![("x-amzn-errortype", "ServiceUnavailableException")],
            "{}",
        ))]),
        body: [
            event("initial-response", r#"{"x":1}"#),
            event("Tick", "one"),
        ]
        .concat(),
    });
    let handle = handle_with(config(), client.clone());
    let call = Call::event_stream(&handle, &SUBSCRIBE, Ok(Request::new(b"{}".to_vec())));
    let (initial, request_id, receiver) = call.await.unwrap();
    assert_eq!(initial, r#"{"x":1}"#);
    assert_eq!(request_id.as_deref(), Some("req-1"));
    assert_eq!(all(receiver).await, ["one"]);
    assert_eq!(client.inner.calls(), 2, "the 503 was retried");
}

#[tokio::test]
async fn an_error_response_to_a_streaming_call_is_its_operation_error() {
    let client = FakeClient::new(vec![Ok((
        400,
        vec![("x-amzn-errortype", "ResourceNotFoundException")],
        r#"{"message":"gone"}"#,
    ))]);
    let handle = handle_with(config(), client);
    let call = Call::event_stream(&handle, &SUBSCRIBE, Ok(Request::new(b"{}".to_vec())));
    match call.await {
        Err(SdkError::ServiceError(e)) => {
            assert_eq!(e.err().code(), Some("ResourceNotFoundException"));
            assert_eq!(e.err().message(), Some("gone"));
        }
        other => panic!("expected a service error, got {:?}", other.map(|o| o.0)),
    }
}

/// Answers from its script; once the script is spent, streams `body` with status 200.
#[derive(Debug)]
struct StreamingFake {
    inner: Arc<FakeClient>,
    body: Vec<u8>,
}

impl HttpClient for StreamingFake {
    fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        self.inner.call(request)
    }

    fn call_streaming(&self, request: http::Request<Vec<u8>>) -> StreamingFuture<'_> {
        if self.inner.replies.lock().unwrap().is_empty() {
            self.inner.calls.fetch_add(1, Ordering::SeqCst);
            let body = chunked(&self.body, 5, false);
            return Box::pin(async move {
                Ok(http::Response::builder()
                    .status(200)
                    .header("x-amzn-requestid", "req-1")
                    .body(body)?)
            });
        }
        let call = self.inner.call(request);
        Box::pin(async move { Ok(call.await?.map(ResponseBody::from)) })
    }
}
