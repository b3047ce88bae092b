//! The body of a response as it arrives on the connection, delimited as RFC 9112 says: by its
//! `Content-Length`, by chunked transfer coding, or by the end of the connection. Read through
//! [`http_body::Body`], a piece at a time; once it has been read to its end, a connection that
//! may be used again goes back to the pool.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

use super::conn::Conn;
use super::pool::Checkout;
use crate::client::BoxError;

/// The longest chunk-size line (with extensions) or trailer section accepted.
const MAX_LINE: usize = 8 * 1024;

/// How the body's end is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Framing {
    /// This many bytes remain.
    Length(u64),
    /// Chunked transfer coding, in the given state.
    Chunked(Chunk),
    /// The body ends when the server closes the connection.
    UntilClose,
    /// The body has been read.
    Done,
}

/// Where chunked decoding stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chunk {
    /// Before a chunk-size line.
    Size,
    /// Inside a chunk: this many bytes remain.
    Data(u64),
    /// After a chunk's data: its CRLF.
    DataEnd,
    /// After the last chunk: trailer fields, up to an empty line.
    Trailers,
}

/// A response body read from its connection.
#[derive(Debug)]
pub(super) struct Incoming {
    conn: Option<Conn>,
    framing: Framing,
    /// Where the connection goes back when the body is done, if it may be used again.
    checkout: Option<Checkout>,
}

impl Incoming {
    pub(super) fn new(conn: Conn, framing: Framing, checkout: Option<Checkout>) -> Self {
        let mut body = Incoming {
            conn: Some(conn),
            framing,
            checkout,
        };
        if framing == Framing::Done {
            body.finish();
        }
        body
    }

    /// The body is read: the connection goes back to the pool when it may.
    fn finish(&mut self) {
        self.framing = Framing::Done;
        if let (Some(conn), Some(checkout)) = (self.conn.take(), self.checkout.take()) {
            checkout.give_back(conn);
        }
    }

    /// Takes up to `limit` buffered bytes as a data frame.
    fn take(&mut self, limit: u64) -> Option<Bytes> {
        let conn = self.conn.as_mut()?;
        let available = conn.buffered().len();
        if available == 0 {
            return None;
        }
        let n = usize::try_from(limit).map_or(available, |limit| limit.min(available));
        Some(conn.consume(n))
    }

    /// Reads more from the connection; `Ok(false)` when it has ended.
    fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<Result<bool, BoxError>> {
        match self.conn.as_mut() {
            Some(conn) => conn
                .poll_fill(cx)
                .map(|r| r.map(|n| n > 0).map_err(Into::into)),
            None => Poll::Ready(Ok(false)),
        }
    }

    fn poll_chunked(
        &mut self,
        cx: &mut Context<'_>,
        state: Chunk,
    ) -> Poll<Result<Option<Bytes>, BoxError>> {
        match state {
            Chunk::Data(remaining) => {
                if let Some(data) = self.take(remaining) {
                    let left = remaining - data.len() as u64;
                    self.framing = Framing::Chunked(if left == 0 {
                        Chunk::DataEnd
                    } else {
                        Chunk::Data(left)
                    });
                    return Poll::Ready(Ok(Some(data)));
                }
            }
            Chunk::Size | Chunk::DataEnd | Chunk::Trailers => {
                let conn = self.conn.as_mut().ok_or("the connection is gone")?;
                if let Some(end) = find_crlf(conn.buffered()) {
                    let line = conn.consume(end + 2);
                    let line = &line[..end];
                    self.framing = match state {
                        Chunk::DataEnd if line.is_empty() => Framing::Chunked(Chunk::Size),
                        Chunk::DataEnd => {
                            return Poll::Ready(Err("a chunk is longer than its size".into()));
                        }
                        Chunk::Size => match chunk_size(line)? {
                            0 => Framing::Chunked(Chunk::Trailers),
                            n => Framing::Chunked(Chunk::Data(n)),
                        },
                        // Trailer fields are read past; the empty line ends the body.
                        _ if line.is_empty() => Framing::Done,
                        _ => Framing::Chunked(Chunk::Trailers),
                    };
                    if self.framing == Framing::Done {
                        self.finish();
                    }
                    return Poll::Ready(Ok(None));
                }
                if conn.buffered().len() > MAX_LINE {
                    return Poll::Ready(Err(format!(
                        "a chunk-size or trailer line is longer than {MAX_LINE} bytes"
                    )
                    .into()));
                }
            }
        }
        if !ready!(self.poll_fill(cx))? {
            return Poll::Ready(Err(
                "the connection closed before the chunked body's end".into()
            ));
        }
        Poll::Ready(Ok(None))
    }
}

/// The size a chunk-size line gives (hexadecimal, before any `;` extension).
fn chunk_size(line: &[u8]) -> Result<u64, BoxError> {
    let digits = line
        .split(|&b| b == b';')
        .next()
        .unwrap_or_default()
        .trim_ascii_end();
    if digits.is_empty() {
        return Err("a chunk-size line has no size".into());
    }
    let mut size: u64 = 0;
    for &b in digits {
        let digit = char::from(b)
            .to_digit(16)
            .ok_or_else(|| format!("a chunk size has the character {:?}", char::from(b)))?;
        size = size
            .checked_mul(16)
            .and_then(|size| size.checked_add(u64::from(digit)))
            .ok_or("a chunk size does not fit in 64 bits")?;
    }
    Ok(size)
}

fn find_crlf(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|w| w == b"\r\n")
}

impl Body for Incoming {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        loop {
            let error: BoxError = match this.framing {
                Framing::Done => return Poll::Ready(None),
                Framing::Length(remaining) => {
                    if let Some(data) = this.take(remaining) {
                        let left = remaining - data.len() as u64;
                        if left == 0 {
                            this.finish();
                        } else {
                            this.framing = Framing::Length(left);
                        }
                        return Poll::Ready(Some(Ok(Frame::data(data))));
                    }
                    match ready!(this.poll_fill(cx)) {
                        Ok(true) => continue,
                        Ok(false) => format!(
                            "the connection closed with {remaining} bytes of the body unread"
                        )
                        .into(),
                        Err(e) => e,
                    }
                }
                Framing::UntilClose => {
                    if let Some(data) = this.take(u64::MAX) {
                        return Poll::Ready(Some(Ok(Frame::data(data))));
                    }
                    match ready!(this.poll_fill(cx)) {
                        Ok(true) => continue,
                        Ok(false) => {
                            this.finish();
                            return Poll::Ready(None);
                        }
                        Err(e) => e,
                    }
                }
                Framing::Chunked(state) => match ready!(this.poll_chunked(cx, state)) {
                    Ok(Some(data)) => return Poll::Ready(Some(Ok(Frame::data(data)))),
                    Ok(None) => continue,
                    Err(e) => e,
                },
            };
            // A broken body leaves the connection unusable: it is dropped, not pooled.
            this.conn = None;
            this.checkout = None;
            this.framing = Framing::Done;
            return Poll::Ready(Some(Err(error)));
        }
    }

    fn is_end_stream(&self) -> bool {
        self.framing == Framing::Done
    }

    fn size_hint(&self) -> SizeHint {
        match self.framing {
            Framing::Length(n) => SizeHint::with_exact(n),
            Framing::Done => SizeHint::with_exact(0),
            _ => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_sizes() {
        assert_eq!(chunk_size(b"1a").unwrap(), 26);
        assert_eq!(chunk_size(b"FF;name=value").unwrap(), 255);
        assert_eq!(chunk_size(b"0 ").unwrap(), 0);
        assert!(chunk_size(b"").is_err());
        assert!(chunk_size(b"-1").is_err());
        assert!(chunk_size(b"x").is_err());
        assert!(chunk_size(b"10000000000000000").is_err());
        assert_eq!(chunk_size(b"ffffffffffffffff").unwrap(), u64::MAX);
    }
}
