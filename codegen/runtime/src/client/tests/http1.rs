//! The HTTP/1.1 client against loopback servers that answer with raw bytes: every way a body
//! can be delimited, interim responses, connection reuse, TLS, and responses that are broken or
//! hostile (each a transport failure, never a panic).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};

use super::*;

/// A server on 127.0.0.1 that answers the requests on a connection with `answer(n)` (`n`
/// counting them from 0), written in pieces a little apart, and closes the connection once the
/// next answer would be `None`; the returned counter counts connections.
fn server(
    answer: impl Fn(usize) -> Option<Vec<Vec<u8>>> + Send + Sync + 'static,
) -> (SocketAddr, Arc<AtomicU32>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicU32::new(0));
    let counter = connections.clone();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counter.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let answer = answer.clone();
            std::thread::spawn(move || {
                for n in 0.. {
                    if read_request(&mut stream).is_err() {
                        return;
                    }
                    let Some(pieces) = answer(n) else { return };
                    for piece in pieces {
                        if stream.write_all(&piece).is_err() {
                            return;
                        }
                        let _ = stream.flush();
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    if answer(n + 1).is_none() {
                        return;
                    }
                }
            });
        }
    });
    (addr, connections)
}

/// Reads one request (head and `content-length` body).
fn read_request(stream: &mut TcpStream) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body)
}

fn handle(addr: SocketAddr) -> Handle {
    let builder = config()
        .endpoint_url(format!("http://{addr}"))
        .retry_config(RetryConfig::disabled());
    DefaultClient::Http1.handle(builder)
}

fn pieces(parts: &[&str]) -> Option<Vec<Vec<u8>>> {
    Some(parts.iter().map(|p| p.as_bytes().to_vec()).collect())
}

const OK_HEAD: &str = "HTTP/1.1 200 OK\r\nx-amzn-requestid: r-1\r\n";

#[tokio::test]
async fn every_body_delimitation_is_read() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[OK_HEAD, "content-length: 7\r\n\r\n", "{\"a\"", ":1}"],
            "{\"a\":1}",
        ),
        (
            &[
                OK_HEAD,
                "transfer-encoding: chunked\r\n\r\n",
                "4;ext=1\r\n{\"a\"\r\n",
                "3\r\n:1}\r\n0\r\n",
                "x-checksum: abc\r\n\r\n",
            ],
            "{\"a\":1}",
        ),
        (
            &[
                OK_HEAD,
                "transfer-encoding: chunked\r\n\r\n",
                "A\r\n0123456789\r\n0\r\n\r\n",
            ],
            "0123456789",
        ),
        (&[OK_HEAD, "content-length: 0\r\n\r\n"], ""),
        // 1xx interim responses are passed over.
        (
            &[
                "HTTP/1.1 100 Continue\r\n\r\n",
                OK_HEAD,
                "content-length: 2\r\n\r\n{}",
            ],
            "{}",
        ),
    ];
    for (parts, expected) in cases {
        let parts: Vec<String> = parts.iter().map(|p| (*p).to_owned()).collect();
        let (addr, _) = server(move |n| {
            (n == 0).then(|| parts.iter().map(|p| p.clone().into_bytes()).collect())
        });
        let raw = invoke(&handle(addr), "Op", b"{}".to_vec()).await.unwrap();
        assert_eq!(raw.status, 200);
        assert_eq!(raw.request_id(), Some("r-1"));
        assert_eq!(String::from_utf8(raw.body).unwrap(), *expected);
    }
    // Without a length, the body runs to the connection's end.
    let (addr, _) =
        server(|n| (n == 0).then(|| vec![format!("{OK_HEAD}\r\nuntil close").into_bytes()]));
    let raw = invoke(&handle(addr), "Op", b"{}".to_vec()).await.unwrap();
    assert_eq!(raw.body, b"until close");
}

#[tokio::test]
async fn connections_are_reused_unless_closed() {
    // Kept open: three calls, one connection.
    let (addr, connections) = server(|_| pieces(&[OK_HEAD, "content-length: 2\r\n\r\n{}"]));
    let handle = handle(addr);
    for _ in 0..3 {
        let raw = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
        assert_eq!(raw.body, b"{}");
    }
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    // Closed by the server after each answer, without saying so: each call sees the pooled
    // connection closed and opens another.
    let (addr, connections) = server(|n| {
        (n == 0).then(|| vec![format!("{OK_HEAD}content-length: 2\r\n\r\n{{}}").into_bytes()])
    });
    let handle = self::handle(addr);
    for _ in 0..3 {
        let raw = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
        assert_eq!(raw.body, b"{}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(connections.load(Ordering::SeqCst), 3);
    // `connection: close`, and a body that runs to the end: never pooled.
    for head in [
        format!("{OK_HEAD}connection: close\r\ncontent-length: 2\r\n\r\n{{}}"),
        format!("{OK_HEAD}\r\n{{}}"),
    ] {
        let (addr, connections) =
            server(move |n| (n == 0).then(|| vec![head.clone().into_bytes()]));
        let handle = self::handle(addr);
        for _ in 0..2 {
            let raw = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
            assert_eq!(raw.body, b"{}");
        }
        assert_eq!(connections.load(Ordering::SeqCst), 2);
    }
}

#[tokio::test]
async fn broken_and_hostile_responses_are_transport_failures() {
    let huge_head = format!("{OK_HEAD}x-big: {}\r\n", "a".repeat(70 * 1024));
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("not HTTP", vec!["SSH-2.0-OpenSSH\r\n\r\n".into()]),
        ("closed before a response", vec![]),
        ("head cut off", vec!["HTTP/1.1 200 OK\r\ncontent-le".into()]),
        ("head too long", vec![huge_head]),
        ("bad header", vec![format!("{OK_HEAD}bad header\r\n\r\n")]),
        (
            "body cut off",
            vec![format!("{OK_HEAD}content-length: 10\r\n\r\n{{}}")],
        ),
        (
            "two lengths",
            vec![format!(
                "{OK_HEAD}content-length: 2\r\ncontent-length: 3\r\n\r\n{{}}"
            )],
        ),
        (
            "bad length",
            vec![format!("{OK_HEAD}content-length: -2\r\n\r\n{{}}")],
        ),
        (
            "bad chunk size",
            vec![format!(
                "{OK_HEAD}transfer-encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n"
            )],
        ),
        (
            "chunk longer than said",
            vec![format!(
                "{OK_HEAD}transfer-encoding: chunked\r\n\r\n1\r\n{{}}\r\n0\r\n\r\n"
            )],
        ),
        (
            "chunk size overflows",
            vec![format!(
                "{OK_HEAD}transfer-encoding: chunked\r\n\r\n1ffffffffffffffff\r\n"
            )],
        ),
        (
            "chunked cut off",
            vec![format!(
                "{OK_HEAD}transfer-encoding: chunked\r\n\r\n5\r\n{{}}"
            )],
        ),
        (
            "endless chunk line",
            vec![format!(
                "{OK_HEAD}transfer-encoding: chunked\r\n\r\n1;{}",
                "x".repeat(20_000)
            )],
        ),
        (
            "switching protocols",
            vec!["HTTP/1.1 101 Switching Protocols\r\nupgrade: h2c\r\n\r\n".into()],
        ),
    ];
    for (what, parts) in cases {
        let (addr, _) = server(move |n| {
            (n == 0).then(|| parts.iter().map(|p| p.clone().into_bytes()).collect())
        });
        let err = invoke(&handle(addr), "Op", b"{}".to_vec())
            .await
            .unwrap_err();
        assert!(matches!(err, InvokeError::Dispatch(_)), "{what}: {err:?}");
    }
}

#[tokio::test]
async fn https_on_loopback_with_a_private_ca() {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let read = |name: &str| {
        std::fs::read(format!(
            "{}/src/client/tests/tls/{name}.der",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let server_config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from(read("p256-leaf"))],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(read("p256-leaf.key"))),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server_config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let mut tls = acceptor.accept(socket).await.unwrap();
        for _ in 0..2 {
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n{}") {
                tls.read_exact(&mut byte).await.unwrap();
                request.push(byte[0]);
            }
            tls.write_all(format!("{OK_HEAD}content-length: 7\r\n\r\n{{\"a\":1}}").as_bytes())
                .await
                .unwrap();
        }
    });
    let mut roots = rustls::RootCertStore::empty();
    roots.add(CertificateDer::from(read("p256-ca"))).unwrap();
    let tls =
        rustls::ClientConfig::builder_with_provider(Arc::new(super::super::tls::aws_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
    let client = Http1Client::with_tls_config(Some(Duration::from_secs(5)), tls);
    let cfg = config()
        .endpoint_url(format!("https://localhost:{port}"))
        .retry_config(RetryConfig::disabled())
        .http_client(client)
        .build();
    let handle = Handle::new(cfg, &SPEC);
    // Two calls on one TLS connection (the server accepts only one).
    for _ in 0..2 {
        let raw = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
        assert_eq!(raw.body, br#"{"a":1}"#);
    }
    server.await.unwrap();
}

#[tokio::test]
async fn a_tls_handshake_that_never_ends_hits_the_connect_timeout() {
    // Accepts and reads, never answering the ClientHello.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = Http1Client::new(Some(Duration::from_millis(300))).unwrap();
    let request = http::Request::builder()
        .uri(format!("https://localhost:{port}/"))
        .body(Vec::new())
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.call(request).await.unwrap_err();
    assert!(
        err.to_string().contains("TLS handshake") && err.to_string().contains("connect timeout"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    server.abort();
}
