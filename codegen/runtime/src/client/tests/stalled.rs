//! Stalled-stream protection and the read timeout of each default client, against loopback
//! servers (plain threads and blocking sockets) that stall in each way. Grace periods and limits
//! are short (200–300 ms); the bounds asserted are generous.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Instant;

use super::*;

/// A server on 127.0.0.1 running `handle` on each connection, each on its own thread; the
/// returned counter counts connections.
fn server(handle: impl Fn(TcpStream) + Send + Sync + 'static) -> (SocketAddr, Arc<AtomicU32>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicU32::new(0));
    let counter = connections.clone();
    let handle = Arc::new(handle);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            counter.fetch_add(1, Ordering::SeqCst);
            // Nothing here waits longer than the slowest test.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
            let handle = handle.clone();
            std::thread::spawn(move || handle(stream));
        }
    });
    (addr, connections)
}

/// Reads one request (headers and a `content-length` body).
fn read_request(stream: &mut TcpStream) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let mut read_more = |buf: &mut Vec<u8>| match stream.read(&mut chunk)? {
        0 => Err(std::io::ErrorKind::UnexpectedEof.into()),
        n => {
            buf.extend_from_slice(&chunk[..n]);
            Ok::<_, std::io::Error>(())
        }
    };
    let end = loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        read_more(&mut buf)?;
    };
    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < end + length {
        read_more(&mut buf)?;
    }
    Ok(())
}

/// Keeps the connection open, reading nothing of consequence, until the client closes it.
fn hold_until_closed(mut stream: TcpStream) {
    let mut sink = [0u8; 1024];
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
}

fn head(content_length: usize) -> String {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\n\
         x-amzn-requestid: stall-1\r\ncontent-length: {content_length}\r\n\r\n"
    )
}

/// Sends headers promising 100 bytes, then 11 of them, then nothing.
fn stalling_response(mut stream: TcpStream) {
    if read_request(&mut stream).is_ok() {
        let _ = stream.write_all(head(100).as_bytes());
        let _ = stream.write_all(br#"{"partial":"#);
        hold_until_closed(stream);
    }
}

fn grace(millis: u64) -> StalledStreamProtectionConfig {
    StalledStreamProtectionConfig::enabled()
        .grace_period(Duration::from_millis(millis))
        .build()
}

fn client_handle(kind: DefaultClient, addr: SocketAddr, builder: ConfigBuilder) -> Handle {
    kind.handle(builder.endpoint_url(format!("http://{addr}")))
}

fn stalled(err: &InvokeError) -> Option<StalledStreamError> {
    match err {
        InvokeError::Dispatch(e) => e.downcast_ref::<StalledStreamError>().copied(),
        _ => None,
    }
}

#[tokio::test]
async fn a_response_body_that_stops_fails_the_attempt_and_is_retried() {
    for kind in DefaultClient::all() {
        let (addr, connections) = server(stalling_response);
        let handle = client_handle(
            kind,
            addr,
            config().stalled_stream_protection(grace(300)).retry_config(
                RetryConfig::standard()
                    .with_max_attempts(2)
                    .with_initial_backoff(Duration::from_millis(1)),
            ),
        );
        let started = Instant::now();
        let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
        let elapsed = started.elapsed();
        let stall = stalled(&err).unwrap_or_else(|| panic!("expected a stall, got {err:?}"));
        assert!(!stall.is_upload());
        assert_eq!(stall.grace_period(), Duration::from_millis(300));
        // Two attempts, each failed after its own grace period.
        assert_eq!(connections.load(Ordering::SeqCst), 2);
        assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
        let sdk = SdkError::<ErrorMetadata>::from(err);
        assert!(matches!(sdk, SdkError::DispatchFailure(_)));
        let context = DisplayErrorContext(&sdk).to_string();
        assert!(
            context.contains(
                "the response body stalled: no data for 300ms (stalled-stream protection; \
                 configure with `stalled_stream_protection`)"
            ),
            "{context}"
        );
    }
}

#[tokio::test]
async fn a_slow_but_moving_response_body_is_read_whole() {
    for kind in DefaultClient::all() {
        const BODY: &[u8] = br#"{"Slow":"but steady"}"#;
        let (addr, _) = server(|mut stream| {
            if read_request(&mut stream).is_ok() {
                let _ = stream.write_all(head(BODY.len()).as_bytes());
                for byte in BODY {
                    std::thread::sleep(Duration::from_millis(50));
                    if stream.write_all(&[*byte]).is_err() {
                        return;
                    }
                }
                hold_until_closed(stream);
            }
        });
        let handle = client_handle(
            kind,
            addr,
            config()
                .stalled_stream_protection(grace(300))
                .retry_config(RetryConfig::disabled()),
        );
        let started = Instant::now();
        let raw = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
        // 21 bytes, 50 ms apart: well past the grace period in all, never within it.
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(raw.status, 200);
        assert_eq!(raw.body, BODY);
    }
}

#[tokio::test]
async fn with_download_protection_off_the_attempt_timeout_ends_a_stall() {
    for kind in DefaultClient::all() {
        let (addr, connections) = server(stalling_response);
        let attempt = |protection: StalledStreamProtectionConfig| {
            let handle = client_handle(
                kind,
                addr,
                config()
                    .stalled_stream_protection(protection)
                    .retry_config(RetryConfig::disabled())
                    .timeout_config(
                        TimeoutConfig::default()
                            .with_operation_attempt_timeout(Duration::from_millis(800)),
                    ),
            );
            async move {
                let started = Instant::now();
                let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
                (err, started.elapsed())
            }
        };
        // A 200 ms grace period for uploads only, and protection off altogether.
        let uploads_only = StalledStreamProtectionConfig::enabled()
            .grace_period(Duration::from_millis(200))
            .download_enabled(false)
            .build();
        let (first, second) = tokio::join!(
            attempt(uploads_only),
            attempt(StalledStreamProtectionConfig::disabled())
        );
        for (err, elapsed) in [first, second] {
            assert!(
                matches!(&err, InvokeError::Timeout(t) if t.kind() == TimeoutKind::OperationAttempt),
                "{err:?}"
            );
            assert!(elapsed >= Duration::from_millis(800), "{elapsed:?}");
            assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
        }
        assert_eq!(connections.load(Ordering::SeqCst), 2);
    }
}

#[tokio::test]
async fn a_server_that_never_reads_stalls_the_upload() {
    for kind in DefaultClient::all() {
        // Accepts the connection and reads nothing: once the socket buffers are full (a few MB on
        // loopback), no more of the body can be sent.
        let (addr, connections) = server(|stream| {
            std::thread::sleep(Duration::from_secs(15));
            drop(stream);
        });
        let handle = client_handle(
            kind,
            addr,
            config()
                .stalled_stream_protection(grace(300))
                .retry_config(RetryConfig::disabled()),
        );
        let body = vec![b' '; 16 * 1024 * 1024];
        let started = Instant::now();
        let err = invoke(&handle, "Op", body).await.unwrap_err();
        let elapsed = started.elapsed();
        let stall = stalled(&err).unwrap_or_else(|| panic!("expected a stall, got {err:?}"));
        assert!(stall.is_upload());
        assert!(
            err.to_string().contains(
                "the request body stalled: none of it could be sent for 300ms \
                 (stalled-stream protection; configure with `stalled_stream_protection`)"
            ),
            "{err}"
        );
        assert_eq!(connections.load(Ordering::SeqCst), 1);
        assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    }
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_read_timeout_on_every_attempt() {
    for kind in DefaultClient::all() {
        let (addr, connections) = server(|mut stream| {
            if read_request(&mut stream).is_ok() {
                hold_until_closed(stream);
            }
        });
        let handle = client_handle(
            kind,
            addr,
            config()
                .timeout_config(
                    TimeoutConfig::default().with_read_timeout(Duration::from_millis(300)),
                )
                .retry_config(
                    RetryConfig::standard()
                        .with_max_attempts(2)
                        .with_initial_backoff(Duration::from_millis(1)),
                ),
        );
        let started = Instant::now();
        let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
        let elapsed = started.elapsed();
        match &err {
            InvokeError::Timeout(t) => {
                assert_eq!(t.kind(), TimeoutKind::Read);
                assert_eq!(t.duration(), Duration::from_millis(300));
            }
            other => panic!("expected a read timeout, got {other:?}"),
        }
        assert_eq!(connections.load(Ordering::SeqCst), 2);
        assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
        let sdk = SdkError::<ErrorMetadata>::from(err);
        assert!(matches!(sdk, SdkError::TimeoutError(_)));
        assert!(
            DisplayErrorContext(&sdk)
                .to_string()
                .contains("read timed out after 300ms"),
        );
    }
}

#[test]
fn protection_is_on_by_default_with_a_five_second_grace_period() {
    let config = Config::builder().build();
    let protection = config.stalled_stream_protection();
    assert!(protection.is_enabled());
    assert!(protection.upload_enabled() && protection.download_enabled());
    assert_eq!(protection.grace_period(), Duration::from_secs(5));
    assert_eq!(config.timeout_config().read_timeout, None);
    // The client a configuration makes carries its settings.
    let custom = Config::builder()
        .stalled_stream_protection(StalledStreamProtectionConfig::disabled())
        .timeout_config(TimeoutConfig::default().with_read_timeout(Duration::from_secs(7)))
        .build();
    let made: Vec<(String, String)> = vec![
        (
            format!("{:?}", Http1Client::from_config(&custom).unwrap()),
            format!("{:?}", Http1Client::new(None).unwrap()),
        ),
        #[cfg(feature = "http2")]
        (
            format!("{:?}", HyperClient::from_config(&custom).unwrap()),
            format!("{:?}", HyperClient::new(None).unwrap()),
        ),
    ];
    for (debug, default) in made {
        assert!(debug.contains("read_timeout: Some(7s)"), "{debug}");
        assert!(debug.contains("download_enabled: false"), "{debug}");
        assert!(default.contains("grace_period: 5s"), "{default}");
        assert!(default.contains("read_timeout: None"), "{default}");
    }
    // `None` restores the default.
    let mut builder = custom.to_builder();
    builder.set_stalled_stream_protection(None);
    assert!(builder.build().stalled_stream_protection().is_enabled());
}
