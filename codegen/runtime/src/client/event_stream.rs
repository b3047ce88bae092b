//! Event streams: operations whose output is a `@streaming` union, a series of messages in the
//! `application/vnd.amazon.eventstream` framing that arrive for as long as the stream lasts.
//!
//! The framing is aws-smithy-eventstream's (both CRCs checked); what is particular to a service,
//! which event a message is and how its payload reads, is one generated function per stream
//! union, an [`Unmarshaller`]. [`EventReceiver`] (aws-sdk-rust's name and `recv()`) yields the
//! events; an [`EventStreamOperation`] is how the client reads such an operation's answer: the
//! output's other members come from the stream's `initial-response` message.
//!
//! What `recv()` returns, per message:
//!
//! | message | `recv()` | afterwards |
//! |---|---|---|
//! | an event the model names | `Ok(Some(event))` | goes on |
//! | an event it does not name | `Ok(Some(Unknown))` | goes on |
//! | `exception` (a modeled or other error of the stream) | `Err(ServiceError)` | ends |
//! | `error` (`:error-code`, `:error-message`) | `Err(ServiceError)` of `Unhandled` | ends |
//! | an event whose payload cannot be read | `Err(ResponseError)` | goes on |
//! | a message whose message CRC is wrong | `Err(ResponseError)`, the bytes | goes on |
//! | a prelude that is wrong (CRC, length) | `Err(ResponseError)`, the bytes | ends |
//! | the body ends inside a message | `Err(ResponseError)`, the bytes | ends |
//! | the connection fails | `Err(DispatchFailure)` | ends |
//! | the body ends between messages | `Ok(None)` | ends |
//!
//! Once ended, `recv()` returns `Ok(None)`. aws-sdk-rust differs in two places: it reports an
//! `error` message as a response error (it does not read `:error-code`), and it goes on after a
//! wrong prelude, reading whatever follows as the next message; here the stream ends, since the
//! lengths of a prelude that fails its CRC cannot be trusted.

use std::fmt;

use aws_smithy_eventstream::frame::{read_message_from, write_message_to};
use bytes::{Bytes, BytesMut};

use super::error::http_response;
use super::pipeline::{Answer, Body, answer};
use super::{
    BoxError, Call, ConnectorError, ErrorMetadata, Handle, RawResponse, Request, ResponseBody,
    SdkError, error_metadata,
};
use crate::json::DeError;

pub use aws_smithy_eventstream::frame::UnmarshalledMessage;
pub use aws_smithy_types::event_stream::{Header, HeaderValue, Message, RawMessage};

/// The largest message read: a 12-byte prelude, 128 KiB of headers, a 16 MiB payload and the
/// 4-byte message CRC, the limits of the format. A prelude that announces more ends the stream
/// before anything of it is buffered.
pub const MAX_MESSAGE_BYTES: usize = 12 + 128 * 1024 + 16 * 1024 * 1024 + 4;

/// The prelude: total length, headers length, prelude CRC.
const PRELUDE_BYTES: usize = 12;

/// The smallest message: a prelude and a message CRC.
const MIN_MESSAGE_BYTES: usize = PRELUDE_BYTES + 4;

/// The `:event-type` of the message that carries an output's members other than its stream.
const INITIAL_RESPONSE: &str = "initial-response";

/// Reads one message of a stream as its event or its error; generated per stream union.
pub type Unmarshaller<T, E> = fn(&Message) -> Result<UnmarshalledMessage<T, E>, DeError>;

/// The events of a stream, as they arrive: `recv()` until it returns `Ok(None)`.
pub struct EventReceiver<T, E> {
    body: ResponseBody,
    buffer: BytesMut,
    unmarshall: Unmarshaller<T, E>,
    /// A message read while looking for the initial response, which was not one.
    pending: Option<Message>,
    ended: bool,
}

impl<T, E> EventReceiver<T, E> {
    /// A receiver of the messages in `body`, each read by `unmarshall`.
    ///
    /// The client makes these; a test double can make one over recorded bytes
    /// (`ResponseBody::from(bytes)`).
    pub fn new(body: ResponseBody, unmarshall: Unmarshaller<T, E>) -> Self {
        EventReceiver {
            body,
            buffer: BytesMut::new(),
            unmarshall,
            pending: None,
            ended: false,
        }
    }

    /// The next event; `Ok(None)` when the stream has ended. An error the service sends in the
    /// stream is a `ServiceError` holding the stream's error type; see the module docs for the
    /// rest.
    // `SdkError` is aws-sdk-rust's type, and `recv()`'s result is what aws-sdk-rust's is.
    #[allow(clippy::result_large_err)]
    pub async fn recv(&mut self) -> Result<Option<T>, SdkError<E, RawMessage>> {
        let message = match self.pending.take() {
            Some(message) => message,
            None => match self.next_message().await? {
                Some(message) => message,
                None => return Ok(None),
            },
        };
        match (self.unmarshall)(&message) {
            Ok(UnmarshalledMessage::Event(event)) => Ok(Some(event)),
            Ok(UnmarshalledMessage::Error(error)) => {
                self.ended = true;
                Err(SdkError::service_error(error, RawMessage::Decoded(message)))
            }
            Err(e) => Err(SdkError::response_error(e, RawMessage::Decoded(message))),
        }
    }

    /// The payload of the stream's `initial-response` message, if its first message is one;
    /// any other first message is kept for [`recv`](Self::recv). `None` as well when the stream
    /// ends before any message.
    #[allow(clippy::result_large_err)]
    pub(crate) async fn initial_response(
        &mut self,
    ) -> Result<Option<Bytes>, SdkError<E, RawMessage>> {
        let Some(message) = self.next_message().await? else {
            return Ok(None);
        };
        if header_str(&message, ":event-type") == Some(INITIAL_RESPONSE) {
            return Ok(Some(message.payload().clone()));
        }
        self.pending = Some(message);
        Ok(None)
    }

    /// The next whole message of the body.
    #[allow(clippy::result_large_err)]
    async fn next_message(&mut self) -> Result<Option<Message>, SdkError<E, RawMessage>> {
        while !self.ended {
            match frame_length(&self.buffer) {
                Ok(Some(length)) => {
                    let frame = self.buffer.split_to(length).freeze();
                    return match read_message_from(frame.clone()) {
                        Ok(message) => Ok(Some(message)),
                        // The prelude was sound, so the next message starts after this one.
                        Err(e) => Err(SdkError::response_error(
                            e,
                            RawMessage::Invalid(Some(frame)),
                        )),
                    };
                }
                Ok(None) => {}
                Err(problem) => return Err(self.end(problem)),
            }
            match self.body.next_chunk().await {
                Some(Ok(chunk)) => self.buffer.extend_from_slice(&chunk),
                Some(Err(e)) => {
                    self.ended = true;
                    return Err(SdkError::dispatch_failure(ConnectorError::io(e)));
                }
                None if self.buffer.is_empty() => self.ended = true,
                None => {
                    let problem = format!(
                        "the event stream ended inside a message ({} bytes of it arrived)",
                        self.buffer.len()
                    );
                    return Err(self.end(problem.into()));
                }
            }
        }
        Ok(None)
    }

    /// Ends the stream on `problem`, with what is left of the body.
    fn end(&mut self, problem: BoxError) -> SdkError<E, RawMessage> {
        self.ended = true;
        let rest = self.buffer.split().freeze();
        SdkError::response_error(problem, RawMessage::Invalid(Some(rest)))
    }
}

impl<T, E> fmt::Debug for EventReceiver<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventReceiver")
            .field("buffered", &self.buffer.len())
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

/// The length of the message at the start of `buffer`, once all of it is there: `Ok(None)`
/// while it is not. Its prelude is checked first (its CRC, and a length within
/// [`MAX_MESSAGE_BYTES`]), so that no more than a sound prelude announces is ever waited for.
fn frame_length(buffer: &[u8]) -> Result<Option<usize>, BoxError> {
    let Some(prelude) = buffer.get(..PRELUDE_BYTES) else {
        return Ok(None);
    };
    let word =
        |i: usize| u32::from_be_bytes([prelude[i], prelude[i + 1], prelude[i + 2], prelude[i + 3]]);
    let (total, headers, crc) = (word(0) as usize, word(4) as usize, word(8));
    let expected = crc32fast::hash(&prelude[..8]);
    if crc != expected {
        return Err(format!(
            "event stream prelude checksum mismatch: expected {expected:#010x}, found {crc:#010x}"
        )
        .into());
    }
    if !(MIN_MESSAGE_BYTES..=MAX_MESSAGE_BYTES).contains(&total)
        || headers > total - MIN_MESSAGE_BYTES
    {
        return Err(format!(
            "event stream prelude announces an invalid message of {total} bytes with {headers} \
             bytes of headers (at most {MAX_MESSAGE_BYTES} bytes)"
        )
        .into());
    }
    Ok((buffer.len() >= total).then_some(total))
}

/// `message` in the event-stream framing, as a service sends it: for test doubles and recorded
/// streams. Fails for a message the format cannot hold (a header name over 255 bytes, a header
/// value, or the headers, over their limits).
pub fn encode(message: &Message) -> Result<Vec<u8>, BoxError> {
    let mut out = Vec::new();
    write_message_to(message, &mut out)?;
    Ok(out)
}

/// A header's value, when it is a string.
pub fn header_str<'a>(message: &'a Message, name: &str) -> Option<&'a str> {
    message
        .headers()
        .iter()
        .find(|h| h.name().as_str() == name)
        .and_then(|h| match h.value() {
            HeaderValue::String(s) => Some(s.as_str()),
            _ => None,
        })
}

/// A value an event member bound to a message header (`@eventHeader`) may hold.
pub trait FromHeader: Sized {
    /// What the header must hold, for the error when it holds something else.
    const KIND: &'static str;

    /// The value, when the header holds this type.
    fn from_header(value: &HeaderValue) -> Option<Self>;
}

macro_rules! from_header {
    ($($t:ty, $kind:literal, $value:pat => $out:expr;)*) => {$(
        impl FromHeader for $t {
            const KIND: &'static str = $kind;

            fn from_header(value: &HeaderValue) -> Option<Self> {
                match value {
                    $value => Some($out),
                    _ => None,
                }
            }
        }
    )*};
}

from_header! {
    bool, "a boolean", HeaderValue::Bool(b) => *b;
    i8, "a byte", HeaderValue::Byte(b) => *b;
    i16, "a short", HeaderValue::Int16(n) => *n;
    i32, "an integer", HeaderValue::Int32(n) => *n;
    i64, "a long", HeaderValue::Int64(n) => *n;
    String, "a string", HeaderValue::String(s) => s.as_str().to_owned();
    crate::primitives::Blob, "bytes", HeaderValue::ByteArray(b) => crate::primitives::Blob::new(b.to_vec());
    crate::primitives::DateTime, "a timestamp", HeaderValue::Timestamp(t) => {
        crate::primitives::DateTime::from_secs_and_nanos(t.secs(), t.subsec_nanos())
    };
}

/// A timestamp as an event-stream header holds it (millisecond precision on the wire), for
/// test doubles and recorded streams.
impl From<crate::primitives::DateTime> for HeaderValue {
    fn from(time: crate::primitives::DateTime) -> Self {
        HeaderValue::Timestamp(aws_smithy_types::DateTime::from_secs_and_nanos(
            time.secs(),
            time.subsec_nanos(),
        ))
    }
}

/// The value of an event member bound to header `name` of `message` (`@eventHeader`): `None`
/// when the message has no such header, an error when it holds another type.
pub fn header<T: FromHeader>(message: &Message, name: &str) -> Result<Option<T>, DeError> {
    let Some(header) = message.headers().iter().find(|h| h.name().as_str() == name) else {
        return Ok(None);
    };
    T::from_header(header.value()).map(Some).ok_or_else(|| {
        DeError::new(format!(
            "event header `{name}` does not hold {}: {:?}",
            T::KIND,
            header.value()
        ))
    })
}

/// The payload of `message` as text, for an event member bound to it (`@eventPayload`) that is
/// a string.
pub fn payload_text(message: &Message) -> Result<String, DeError> {
    String::from_utf8(message.payload().to_vec())
        .map_err(|_| DeError::new("event payload is not UTF-8 text"))
}

/// What a message is, by its `:message-type` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageKind<'a> {
    /// An event, by its `:event-type`: a member of the stream union.
    Event(&'a str),
    /// An error the stream ends with, by its `:exception-type`: a member of the stream union
    /// when the model describes it.
    Exception(&'a str),
    /// A service error outside the model (`:message-type` `error`), with its `:error-code` and
    /// `:error-message`.
    Error,
}

/// What `message` is; an error when its headers do not say.
pub fn message_kind(message: &Message) -> Result<MessageKind<'_>, DeError> {
    let required = |name: &str| {
        header_str(message, name).ok_or_else(|| {
            DeError::new(format!(
                "event stream message without a string `{name}` header"
            ))
        })
    };
    match required(":message-type")? {
        "event" => Ok(MessageKind::Event(required(":event-type")?)),
        "exception" => Ok(MessageKind::Exception(required(":exception-type")?)),
        "error" => Ok(MessageKind::Error),
        other => Err(DeError::new(format!(
            "event stream message of unknown `:message-type` {other:?}"
        ))),
    }
}

/// The error metadata of an `exception` or `error` message. An exception's code and message are
/// read from its JSON payload as an error response's are (`__type`/`code`, `message`), its code
/// otherwise being its `:exception-type`; an error's are its `:error-code` and `:error-message`.
pub fn message_error_metadata(message: &Message) -> ErrorMetadata {
    if header_str(message, ":message-type") == Some("error") {
        return error_metadata(
            header_str(message, ":error-code"),
            header_str(message, ":error-message"),
            None,
        );
    }
    let raw = RawResponse::new(400, Default::default(), message.payload().to_vec());
    let meta = crate::protocol::aws_json::parse_error_metadata(&raw);
    match (meta.code(), header_str(message, ":exception-type")) {
        (None, Some(code)) => error_metadata(Some(code), meta.message(), None),
        _ => meta,
    }
}

/// How the client reads the answer of an operation whose output streams events; a `static` in
/// each such generated operation module.
pub struct EventStreamOperation<O, E, T, TE> {
    name: &'static str,
    output: StreamOutput<O, T, TE>,
    unmarshall: Unmarshaller<T, TE>,
    error: fn(&RawResponse) -> E,
}

/// Makes an event-stream operation's output: from the payload of the stream's initial response
/// (`{}` when there is none), the receiver of its events, and the response's request id.
pub type StreamOutput<O, T, TE> =
    fn(&[u8], EventReceiver<T, TE>, Option<&str>) -> Result<O, DeError>;

impl<O, E, T, TE> EventStreamOperation<O, E, T, TE> {
    /// An operation by its wire name, with the functions that make its output, read each
    /// message of its stream, and classify an error response as its error.
    pub const fn new(
        name: &'static str,
        output: StreamOutput<O, T, TE>,
        unmarshall: Unmarshaller<T, TE>,
        error: fn(&RawResponse) -> E,
    ) -> Self {
        EventStreamOperation {
            name,
            output,
            unmarshall,
            error,
        }
    }

    /// The operation's wire name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl<O, E, T, TE> fmt::Debug for EventStreamOperation<O, E, T, TE> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStreamOperation")
            .field("name", &self.name)
            .finish()
    }
}

impl<O, E> Call<O, E>
where
    O: Send + 'static,
    E: Send + 'static,
{
    /// Sends `request` through `handle`'s pipeline as an event-stream call: the call resolves,
    /// once the response headers and the stream's first message (or its end) have arrived, to
    /// the output holding the receiver of the rest.
    pub fn event_stream<T, TE>(
        handle: &Handle,
        operation: &'static EventStreamOperation<O, E, T, TE>,
        request: Result<Request, BoxError>,
    ) -> Self
    where
        T: Send + 'static,
        TE: std::error::Error + Send + 'static,
    {
        let request = match request {
            Ok(request) => request,
            Err(e) => return Call::failed(SdkError::construction_failure(e)),
        };
        let handle = handle.clone();
        let mut request = request;
        Call::from_future(async move {
            let body = std::mem::take(&mut request.body);
            let options = request.options();
            match answer(&handle, operation.name, body, &options, Body::Streaming).await? {
                Answer::Complete(raw) if raw.is_success() => {
                    // Only a test double answers a streaming call whole.
                    let head = RawResponse::new(raw.status, raw.headers.clone(), Vec::new());
                    stream_output(operation, head, ResponseBody::from(raw.body)).await
                }
                Answer::Complete(raw) => Err(SdkError::service_error(
                    (operation.error)(&raw),
                    http_response(raw),
                )),
                Answer::Streaming(parts, body) => {
                    let head = RawResponse::new(parts.status.as_u16(), parts.headers, Vec::new());
                    stream_output(operation, head, body).await
                }
            }
        })
    }
}

/// The output of a success response whose body is the event stream.
#[allow(clippy::result_large_err)]
async fn stream_output<O, E, T, TE: std::error::Error + 'static>(
    operation: &EventStreamOperation<O, E, T, TE>,
    head: RawResponse,
    body: ResponseBody,
) -> Result<O, SdkError<E>> {
    let mut receiver = EventReceiver::new(body, operation.unmarshall);
    let initial = match receiver.initial_response().await {
        Ok(initial) => initial,
        Err(e) => {
            let problem = format!(
                "the event stream's first message could not be read: {}",
                super::DisplayErrorContext(&e)
            );
            return Err(SdkError::response_error(problem, http_response(head)));
        }
    };
    let request_id = head.request_id().map(ToOwned::to_owned);
    let payload = initial.as_deref().unwrap_or(b"{}");
    (operation.output)(payload, receiver, request_id.as_deref())
        .map_err(|e| SdkError::response_error(e, http_response(head)))
}
