//! What the event-stream programs share (copied beside each program's `main.rs`): messages in the
//! `application/vnd.amazon.eventstream` framing, a response body sent in small pieces, and a
//! loopback server.

use std::convert::Infallible;
use std::future::Future;

use hyper::body::{Bytes, Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use lean_aws_runtime::client::event_stream::{Header, HeaderValue, Message, encode};

/// A framed message of this `:message-type`, its type (`:event-type` or `:exception-type`) in
/// `type_header`, and a JSON payload.
pub fn message(
    kind: &'static str,
    type_header: &'static str,
    name: &'static str,
    payload: &str,
) -> Vec<u8> {
    let message = Message::new(payload.as_bytes().to_vec())
        .add_header(Header::new(
            ":message-type",
            HeaderValue::String(kind.into()),
        ))
        .add_header(Header::new(type_header, HeaderValue::String(name.into())))
        .add_header(Header::new(
            ":content-type",
            HeaderValue::String("application/json".into()),
        ));
    encode(&message).expect("the message encodes")
}

/// An event of type `name` with a JSON payload.
pub fn event(name: &'static str, payload: &str) -> Vec<u8> {
    message("event", ":event-type", name, payload)
}

/// A body sent in pieces of `size` bytes, so that every message straddles reads.
pub struct Pieces {
    bytes: Vec<u8>,
    at: usize,
    size: usize,
}

impl Pieces {
    pub fn new(bytes: Vec<u8>, size: usize) -> Pieces {
        Pieces { bytes, at: 0, size }
    }
}

impl hyper::body::Body for Pieces {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let start = self.at;
        let end = (start + self.size).min(self.bytes.len());
        self.at = end;
        std::task::Poll::Ready(
            (start < end)
                .then(|| Ok(Frame::data(Bytes::copy_from_slice(&self.bytes[start..end])))),
        )
    }
}

/// Serves `answer` over HTTP/1.1 on a loopback port, in the background; returns the server's
/// `http://` address.
pub async fn serve<F>(answer: fn(Request<Incoming>) -> F) -> String
where
    F: Future<Output = Result<Response<Pieces>, Infallible>> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        while let Ok((connection, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(connection), service_fn(answer))
                    .await;
            });
        }
    });
    address
}
