//! One HTTP/1.1 connection, over TCP or TLS: connecting (name lookup, the connect timeout, the
//! TLS handshake), writing a request, and reading a response's head, with the bytes read but not
//! yet used kept for the body.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Buf as _, Bytes, BytesMut};
use http_body::Body as _;
use http_body_util::BodyExt as _;
use tokio::io::{AsyncRead, AsyncWriteExt as _, ReadBuf};
use tokio::net::TcpStream;

use super::body::Framing;
use crate::client::BoxError;
use crate::client::stalled_stream::RequestBody;

/// The largest response head (status line and header fields) accepted.
const MAX_HEAD: usize = 64 * 1024;

/// The most header fields a response head may have.
const MAX_HEADERS: usize = 128;

/// The largest request head and first body piece written together: what fits one TLS record.
const WITH_HEAD_LIMIT: usize = 16 * 1024;

/// Where a request goes: the scheme, host and port of its URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Target {
    pub(super) https: bool,
    /// The host as the URI writes it (an IPv6 address in brackets).
    pub(super) host: String,
    pub(super) port: u16,
}

impl Target {
    pub(super) fn of(uri: &http::Uri) -> Result<Target, BoxError> {
        let https = match uri.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => true,
            Some(s) if s.eq_ignore_ascii_case("http") => false,
            other => {
                return Err(
                    format!("unsupported URI scheme {other:?} (http and https are)").into(),
                );
            }
        };
        let host = uri
            .host()
            .filter(|h| !h.is_empty())
            .ok_or("the request URI has no host")?;
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        Ok(Target {
            https,
            host: host.to_owned(),
            port,
        })
    }

    /// The host without the brackets of an IPv6 address.
    fn bare_host(&self) -> &str {
        self.host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(&self.host)
    }
}

/// A TCP connection, with TLS when the target is `https`.
#[derive(Debug)]
enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

/// A connection and what has been read from it but not yet used.
#[derive(Debug)]
pub(super) struct Conn {
    stream: Stream,
    read: BytesMut,
}

impl Conn {
    /// Connects to `target`: the addresses its host has, in order, each within
    /// `connect_timeout`; then, for `https`, the TLS handshake, within it too.
    pub(super) async fn open(
        target: &Target,
        tls: &tokio_rustls::TlsConnector,
        connect_timeout: Option<Duration>,
    ) -> Result<Conn, BoxError> {
        let host = target.bare_host();
        let addresses: Vec<_> = tokio::net::lookup_host((host, target.port))
            .await
            .map_err(|e| format!("could not resolve {host}: {e}"))?
            .collect();
        let mut last: Option<BoxError> = None;
        let mut tcp = None;
        for address in addresses {
            let attempt = TcpStream::connect(address);
            let result = match connect_timeout {
                Some(limit) => match tokio::time::timeout(limit, attempt).await {
                    Ok(result) => result,
                    Err(_) => Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!(
                            "connecting to {address} took longer than the connect timeout ({limit:?})"
                        ),
                    )),
                },
                None => attempt.await,
            };
            match result {
                Ok(stream) => {
                    tcp = Some(stream);
                    break;
                }
                Err(e) => last = Some(format!("could not connect to {address}: {e}").into()),
            }
        }
        let tcp = match tcp {
            Some(tcp) => tcp,
            None => return Err(last.unwrap_or_else(|| format!("{host} has no address").into())),
        };
        tcp.set_nodelay(true)?;
        let stream = if target.https {
            let name = rustls::pki_types::ServerName::try_from(host.to_owned())
                .map_err(|e| format!("{host} is not a TLS server name: {e}"))?;
            let handshake = tls.connect(name, tcp);
            // The handshake is part of connecting, and has the same limit.
            let tls = match connect_timeout {
                Some(limit) => tokio::time::timeout(limit, handshake)
                    .await
                    .map_err(|_| format!("the TLS handshake with {host} took longer than the connect timeout ({limit:?})"))??,
                None => handshake.await?,
            };
            Stream::Tls(Box::new(tls))
        } else {
            Stream::Plain(tcp)
        };
        Ok(Conn {
            stream,
            read: BytesMut::new(),
        })
    }

    /// Whether the connection still looks usable after lying idle: the server has neither
    /// closed it nor sent anything unasked (which can only be an alert or garbage).
    pub(super) fn looks_open(&self) -> bool {
        if !self.read.is_empty() {
            return false;
        }
        let tcp = match &self.stream {
            Stream::Plain(tcp) => tcp,
            Stream::Tls(tls) => tls.get_ref().0,
        };
        let mut probe = [0u8; 1];
        matches!(tcp.try_read(&mut probe), Err(e) if e.kind() == io::ErrorKind::WouldBlock)
    }

    /// The bytes read and not yet used.
    pub(super) fn buffered(&self) -> &[u8] {
        &self.read
    }

    /// Takes the first `n` buffered bytes.
    pub(super) fn consume(&mut self, n: usize) -> Bytes {
        self.read.split_to(n).freeze()
    }

    /// Reads more into the buffer; the number of bytes read, 0 at the end of the stream.
    pub(super) fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        const PIECE: usize = 16 * 1024;
        let start = self.read.len();
        self.read.resize(start + PIECE, 0);
        let mut buf = ReadBuf::new(&mut self.read[start..]);
        let result = match &mut self.stream {
            Stream::Plain(tcp) => Pin::new(tcp).poll_read(cx, &mut buf),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, &mut buf),
        };
        let n = buf.filled().len();
        self.read.truncate(start + n);
        result.map_ok(|()| n)
    }

    async fn fill(&mut self) -> io::Result<usize> {
        std::future::poll_fn(|cx| self.poll_fill(cx)).await
    }

    async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.stream {
            Stream::Plain(tcp) => tcp.write_all(bytes).await,
            Stream::Tls(tls) => tls.write_all(bytes).await,
        }
    }

    async fn flush(&mut self) -> io::Result<()> {
        match &mut self.stream {
            Stream::Plain(tcp) => tcp.flush().await,
            Stream::Tls(tls) => tls.flush().await,
        }
    }

    /// Writes the request: its head, then its body a piece at a time as `body` hands it over
    /// (which records the upload's progress).
    pub(super) async fn send(
        &mut self,
        parts: &http::request::Parts,
        target: &Target,
        mut body: RequestBody,
    ) -> Result<(), BoxError> {
        let length = body.size_hint().exact().unwrap_or_default();
        let mut head = Vec::with_capacity(256);
        head.extend_from_slice(parts.method.as_str().as_bytes());
        head.push(b' ');
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        head.extend_from_slice(if path.is_empty() {
            b"/"
        } else {
            path.as_bytes()
        });
        head.extend_from_slice(b" HTTP/1.1\r\n");
        if !parts.headers.contains_key(http::header::HOST) {
            head.extend_from_slice(b"host: ");
            head.extend_from_slice(target.host.as_bytes());
            let default_port = if target.https { 443 } else { 80 };
            if target.port != default_port {
                head.extend_from_slice(format!(":{}", target.port).as_bytes());
            }
            head.extend_from_slice(b"\r\n");
        }
        for (name, value) in &parts.headers {
            // The body's length is this client's to frame.
            if name == http::header::CONTENT_LENGTH || name == http::header::TRANSFER_ENCODING {
                continue;
            }
            head.extend_from_slice(name.as_str().as_bytes());
            head.extend_from_slice(b": ");
            head.extend_from_slice(value.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(format!("content-length: {length}\r\n\r\n").as_bytes());
        // Each piece the body hands over is one write: taking it is the upload's progress. A
        // small first piece goes out with the head, in one write (one segment, one TLS record):
        // the server reads the whole request at once instead of waking twice for it. The body is
        // in memory, so waiting for its first piece never holds the head back.
        let mut head = Some(head);
        while let Some(Ok(frame)) = body.frame().await {
            if let Ok(data) = frame.into_data() {
                match head.take() {
                    Some(mut head) if head.len() + data.len() <= WITH_HEAD_LIMIT => {
                        head.extend_from_slice(&data);
                        self.write_all(&head).await?;
                    }
                    Some(head) => {
                        self.write_all(&head).await?;
                        self.write_all(&data).await?;
                    }
                    None => self.write_all(&data).await?,
                }
            }
        }
        if let Some(head) = head {
            self.write_all(&head).await?;
        }
        self.flush().await?;
        Ok(())
    }

    /// Reads the response head (passing over `1xx` interim responses): the response without its
    /// body, how the body is delimited, and whether the connection may serve another request
    /// once the body has been read.
    pub(super) async fn read_head(
        &mut self,
        method: &http::Method,
    ) -> Result<(http::response::Parts, Framing, bool), BoxError> {
        loop {
            let (parts, length) = loop {
                if let Some(parsed) = parse_head(&self.read)? {
                    break parsed;
                }
                if self.read.len() > MAX_HEAD {
                    return Err(format!("the response head is longer than {MAX_HEAD} bytes").into());
                }
                if self.fill().await? == 0 {
                    return Err(if self.read.is_empty() {
                        "the connection closed before a response arrived".into()
                    } else {
                        "the connection closed inside the response head".into()
                    });
                }
            };
            self.read.advance(length);
            let status = parts.status.as_u16();
            if status == 101 {
                return Err("the server switched protocols, which was not asked for".into());
            }
            if (100..200).contains(&status) {
                continue;
            }
            let (framing, reusable) = framing(&parts, method)?;
            return Ok((parts, framing, reusable));
        }
    }
}

/// The response head at the start of `bytes` and its length, or `None` when it is not all
/// there yet.
fn parse_head(bytes: &[u8]) -> Result<Option<(http::response::Parts, usize)>, BoxError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let length = match response.parse(bytes) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(format!("the response head is not HTTP/1.1: {e}").into()),
    };
    let mut builder = http::Response::builder()
        .status(response.code.unwrap_or_default())
        .version(if response.version == Some(0) {
            http::Version::HTTP_10
        } else {
            http::Version::HTTP_11
        });
    let map = builder
        .headers_mut()
        .ok_or("the response status is not valid")?;
    for header in response.headers.iter() {
        map.append(
            http::HeaderName::from_bytes(header.name.as_bytes())?,
            http::HeaderValue::from_bytes(header.value)?,
        );
    }
    let (parts, ()) = builder.body(())?.into_parts();
    Ok(Some((parts, length)))
}

/// How the body of a response is delimited (RFC 9112, section 6.3), and whether the connection
/// may be used again after it.
fn framing(
    parts: &http::response::Parts,
    method: &http::Method,
) -> Result<(Framing, bool), BoxError> {
    let headers = &parts.headers;
    let has_token = |name: http::header::HeaderName, token: &str| {
        headers.get_all(name).iter().any(|value| {
            value
                .to_str()
                .is_ok_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
        })
    };
    let keep_alive =
        parts.version == http::Version::HTTP_11 && !has_token(http::header::CONNECTION, "close");
    let status = parts.status.as_u16();
    if method == http::Method::HEAD || status == 204 || status == 304 {
        return Ok((Framing::Done, keep_alive));
    }
    let codings: Vec<String> = headers
        .get_all(http::header::TRANSFER_ENCODING)
        .iter()
        .flat_map(|v| {
            v.to_str()
                .unwrap_or("?")
                .split(',')
                .map(|t| t.trim().to_ascii_lowercase())
                .collect::<Vec<_>>()
        })
        .filter(|t| !t.is_empty())
        .collect();
    if !codings.is_empty() {
        // With a transfer coding, a `Content-Length` is ignored; one that is not chunked last
        // runs to the connection's end.
        return Ok(if codings.last().is_some_and(|c| c == "chunked") {
            let also_length = headers.contains_key(http::header::CONTENT_LENGTH);
            (
                Framing::Chunked(super::body::Chunk::Size),
                keep_alive && !also_length,
            )
        } else {
            (Framing::UntilClose, false)
        });
    }
    let mut length: Option<u64> = None;
    for value in headers.get_all(http::header::CONTENT_LENGTH) {
        for part in value.to_str().unwrap_or("?").split(',') {
            let part = part.trim();
            let n = if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse::<u64>().ok()
            } else {
                None
            }
            .ok_or_else(|| format!("the response's Content-Length {part:?} is not a length"))?;
            if length.is_some_and(|l| l != n) {
                return Err("the response has two different Content-Length values".into());
            }
            length = Some(n);
        }
    }
    Ok(match length {
        Some(0) => (Framing::Done, keep_alive),
        Some(n) => (Framing::Length(n), keep_alive),
        None => (Framing::UntilClose, false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> http::response::Parts {
        parse_head(text.as_bytes()).unwrap().unwrap().0
    }

    #[test]
    fn framing_follows_rfc_9112() {
        let post = http::Method::POST;
        let cases: &[(&str, Framing, bool)] = &[
            (
                "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n",
                Framing::Length(5),
                true,
            ),
            (
                "HTTP/1.1 200 OK\r\ncontent-length: 5, 5\r\n\r\n",
                Framing::Length(5),
                true,
            ),
            (
                "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
                Framing::Done,
                true,
            ),
            (
                "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n",
                Framing::Chunked(super::super::body::Chunk::Size),
                true,
            ),
            (
                "HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\ncontent-length: 3\r\n\r\n",
                Framing::Chunked(super::super::body::Chunk::Size),
                false,
            ),
            (
                "HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\n",
                Framing::UntilClose,
                false,
            ),
            ("HTTP/1.1 200 OK\r\n\r\n", Framing::UntilClose, false),
            ("HTTP/1.1 204 No Content\r\n\r\n", Framing::Done, true),
            (
                "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 1\r\n\r\n",
                Framing::Length(1),
                false,
            ),
            (
                "HTTP/1.0 200 OK\r\ncontent-length: 1\r\n\r\n",
                Framing::Length(1),
                false,
            ),
        ];
        for (text, expected, reusable) in cases {
            assert_eq!(
                framing(&head(text), &post).unwrap(),
                (*expected, *reusable),
                "{text:?}"
            );
        }
        for bad in [
            "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\n",
            "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\ncontent-length: 99999999999999999999\r\n\r\n",
            "HTTP/1.1 200 OK\r\ncontent-length: 1 2\r\n\r\n",
        ] {
            assert!(framing(&head(bad), &post).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn heads_are_parsed_or_refused() {
        assert!(
            parse_head(b"HTTP/1.1 200 OK\r\ncontent-le")
                .unwrap()
                .is_none()
        );
        assert!(parse_head(b"NOT HTTP\r\n\r\n").is_err());
        assert!(parse_head(b"HTTP/1.1 200 OK\r\nbad header\r\n\r\n").is_err());
        let (parts, length) =
            parse_head(b"HTTP/1.1 404 Not Found\r\nx-amzn-requestid: r\r\n\r\nbody")
                .unwrap()
                .unwrap();
        assert_eq!((parts.status.as_u16(), length), (404, 47));
        assert_eq!(parts.headers["x-amzn-requestid"], "r");
    }
}
