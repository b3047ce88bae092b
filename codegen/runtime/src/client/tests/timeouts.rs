//! The attempt and operation timeouts, against a client or server that never answers.

use super::*;

#[tokio::test]
async fn attempt_timeout_is_retried_then_reported() {
    let pending = Arc::new(PendingClient::default());
    let timeouts =
        TimeoutConfig::default().with_operation_attempt_timeout(Duration::from_millis(50));
    let handle = handle_with(
        config().timeout_config(timeouts).retry_config(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(1)),
        ),
        pending.clone(),
    );
    let started = std::time::Instant::now();
    let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
    match &err {
        InvokeError::Timeout(t) => {
            assert_eq!(t.kind(), TimeoutKind::OperationAttempt);
            assert_eq!(t.duration(), Duration::from_millis(50));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(pending.calls.load(Ordering::SeqCst), 2);
    assert!(started.elapsed() < Duration::from_secs(5));
    let sdk = SdkError::<ErrorMetadata>::from(err);
    assert!(matches!(sdk, SdkError::TimeoutError(_)));
    assert_eq!(sdk.to_string(), "request has timed out");
    assert!(
        DisplayErrorContext(&sdk)
            .to_string()
            .contains("operation attempt timed out after 50ms")
    );
}

#[tokio::test]
async fn operation_timeout_stops_everything() {
    let pending = Arc::new(PendingClient::default());
    let timeouts = TimeoutConfig::disabled().with_operation_timeout(Duration::from_millis(80));
    let handle = handle_with(config().timeout_config(timeouts), pending.clone());
    let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
    assert!(
        matches!(&err, InvokeError::Timeout(t) if t.kind() == TimeoutKind::Operation),
        "{err:?}"
    );
    assert_eq!(pending.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn silent_server_hits_attempt_timeout_with_each_client() {
    for kind in DefaultClient::all() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let mut held = Vec::new();
            // Accept and hold connections without ever answering.
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let cfg = config()
            .endpoint_url(format!("http://{addr}"))
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::default().with_operation_attempt_timeout(Duration::from_millis(200)),
            );
        let handle = kind.handle(cfg);
        let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
        assert!(
            matches!(&err, InvokeError::Timeout(t) if t.kind() == TimeoutKind::OperationAttempt),
            "{err:?}"
        );
        server.abort();
    }
}

#[test]
fn the_builder_sets_what_it_is_given_and_nothing_else() {
    let config = TimeoutConfig::builder()
        .operation_timeout(Duration::from_secs(30))
        .operation_attempt_timeout(Duration::from_secs(5))
        .build();
    assert_eq!(config.operation_timeout, Some(Duration::from_secs(30)));
    assert_eq!(
        config.operation_attempt_timeout,
        Some(Duration::from_secs(5))
    );
    assert_eq!(config.connect_timeout, None);
    assert_eq!(config.read_timeout, None);
    let read = TimeoutConfig::builder()
        .read_timeout(Duration::from_secs(2))
        .build();
    assert_eq!(
        read,
        TimeoutConfig::disabled().with_read_timeout(Duration::from_secs(2))
    );
    let connect = TimeoutConfig::builder()
        .connect_timeout(Duration::from_millis(500))
        .build();
    assert_eq!(
        connect,
        TimeoutConfig::disabled().with_connect_timeout(Duration::from_millis(500))
    );
}
