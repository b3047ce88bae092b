//! Real HTTP over loopback with each default client (hyper's serves).

use super::*;

/// Serves `connections` connections on 127.0.0.1, answering every request
/// with `reply` and sending what it saw to the returned channel.
async fn serve(
    reply_body: Vec<u8>,
) -> (
    std::net::SocketAddr,
    std::sync::mpsc::Receiver<(http::request::Parts, Vec<u8>)>,
    tokio::task::JoinHandle<()>,
) {
    use http_body_util::BodyExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let task = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let tx = tx.clone();
            let reply_body = reply_body.clone();
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
                        let tx = tx.clone();
                        let reply_body = reply_body.clone();
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = match body.collect().await {
                                Ok(collected) => collected.to_bytes().to_vec(),
                                Err(_) => b"<body error>".to_vec(),
                            };
                            let _ = tx.send((parts, body));
                            let mut response = http::Response::new(http_body_util::Full::new(
                                bytes::Bytes::from(reply_body),
                            ));
                            let h = response.headers_mut();
                            h.insert("x-amzn-requestid", HeaderValue::from_static("local-1"));
                            h.insert(
                                "content-type",
                                HeaderValue::from_static("application/x-amz-json-1.1"),
                            );
                            Ok::<_, std::convert::Infallible>(response)
                        }
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(socket), service)
                    .await;
            });
        }
    });
    (addr, rx, task)
}

#[tokio::test]
async fn real_http_round_trip() {
    for kind in DefaultClient::all() {
        let (addr, seen, server) = serve(br#"{"DomainArn":"arn:aws:sagemaker:x"}"#.to_vec()).await;
        let cfg = Config::builder()
            .region("us-west-2")
            .credentials_provider(Credentials::new(
                "AKID",
                "SECRET",
                Some("TOK".into()),
                None,
                "t",
            ))
            .endpoint_url(format!("http://{addr}"))
            .timeout_config(
                TimeoutConfig::default().with_operation_timeout(Duration::from_secs(10)),
            );
        let handle = kind.handle(cfg);
        let body = br#"{"DomainId":"d-123","ClientToken":"abc"}"#.to_vec();
        let raw = invoke(&handle, "UpdateUserProfile", body.clone())
            .await
            .unwrap();
        assert_eq!(raw.status, 200);
        assert_eq!(raw.request_id(), Some("local-1"));
        assert_eq!(raw.body, br#"{"DomainArn":"arn:aws:sagemaker:x"}"#);

        let (parts, received) = seen.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(parts.method, http::Method::POST);
        assert_eq!(parts.uri.path(), "/");
        let h = &parts.headers;
        assert_eq!(h["content-type"], "application/x-amz-json-1.1");
        assert_eq!(h["x-amz-target"], "SageMaker.UpdateUserProfile");
        assert_eq!(h["host"], addr.to_string().as_str());
        assert_eq!(h["content-length"], body.len().to_string().as_str());
        assert_eq!(h["x-amz-security-token"], "TOK");
        assert!(h["user-agent"].to_str().unwrap().contains("lang/rust"));
        assert!(
            h["authorization"]
                .to_str()
                .unwrap()
                .starts_with("AWS4-HMAC-SHA256 Credential=AKID/")
        );
        assert!(
            h["authorization"]
                .to_str()
                .unwrap()
                .contains("/us-west-2/sagemaker/aws4_request")
        );
        assert_eq!(received, body);

        // A second call reuses the pooled connection and still works.
        let raw = invoke(&handle, "ListDomains", b"{}".to_vec())
            .await
            .unwrap();
        assert_eq!(raw.status, 200);
        let (parts, received) = seen.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(parts.headers["x-amz-target"], "SageMaker.ListDomains");
        assert_eq!(received, b"{}");
        server.abort();
    }
}

#[tokio::test]
async fn oversized_response_is_a_dispatch_failure() {
    let (addr, _seen, server) = serve(vec![b'x'; 10_000]).await;
    let clients: Vec<Arc<dyn HttpClient>> = vec![
        Arc::new(
            Http1Client::new(Some(Duration::from_secs(3)))
                .unwrap()
                .with_max_response_bytes(1000),
        ),
        #[cfg(feature = "http2")]
        Arc::new(
            HyperClient::new(Some(Duration::from_secs(3)))
                .unwrap()
                .with_max_response_bytes(1000),
        ),
    ];
    for client in clients {
        let cfg = config()
            .endpoint_url(format!("http://{addr}"))
            .retry_config(RetryConfig::disabled())
            .http_client(client)
            .build();
        let err = invoke(&Handle::new(cfg, &SPEC), "Op", b"{}".to_vec())
            .await
            .unwrap_err();
        assert!(matches!(err, InvokeError::Dispatch(_)), "{err:?}");
    }
    server.abort();
}

#[tokio::test]
async fn refused_connection_is_retried_then_dispatch_failure() {
    for kind in DefaultClient::all() {
        // Bind then drop to get a port nobody listens on.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let handle = kind.handle(config().endpoint_url(format!("http://{addr}")));
        let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
        assert!(matches!(err, InvokeError::Dispatch(_)), "{err:?}");
    }
}

/// The ALPN protocols a TLS ClientHello offers, read from its bytes (`None` if it offers none).
fn alpn_offer(hello: &[u8]) -> Option<Vec<String>> {
    // Record header (5), handshake header (4), version (2), random (32).
    let mut at = 5 + 4 + 2 + 32;
    let skip = |at: &mut usize, width: usize| -> Option<()> {
        let bytes = hello.get(*at..*at + width)?;
        let len = bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b));
        *at += width + len;
        Some(())
    };
    skip(&mut at, 1)?; // session id
    skip(&mut at, 2)?; // cipher suites
    skip(&mut at, 1)?; // compression methods
    let end = at + 2 + usize::from(u16::from_be_bytes([*hello.get(at)?, *hello.get(at + 1)?]));
    at += 2;
    while at + 4 <= end {
        let kind = u16::from_be_bytes([hello[at], hello[at + 1]]);
        let len = usize::from(u16::from_be_bytes([hello[at + 2], hello[at + 3]]));
        let data = hello.get(at + 4..at + 4 + len)?;
        if kind == 16 {
            // A 2-byte list length, then length-prefixed protocol names.
            let mut names = Vec::new();
            let mut i = 2;
            while i < data.len() {
                let n = usize::from(data[i]);
                names.push(String::from_utf8_lossy(data.get(i + 1..i + 1 + n)?).into_owned());
                i += 1 + n;
            }
            return Some(names);
        }
        at += 4 + len;
    }
    None
}

/// The ClientHello a client sends to a loopback socket that only reads it.
async fn client_hello(client: &dyn HttpClient) -> Vec<u8> {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut hello = vec![0u8; 5];
        socket.read_exact(&mut hello).await.unwrap();
        let len = usize::from(u16::from_be_bytes([hello[3], hello[4]]));
        hello.resize(5 + len, 0);
        socket.read_exact(&mut hello[5..]).await.unwrap();
        hello
    });
    let request = http::Request::builder()
        .uri(format!("https://localhost:{}/", addr.port()))
        .body(Vec::new())
        .unwrap();
    // The handshake cannot finish (the server only reads); the offer is what is checked.
    let _ = tokio::time::timeout(Duration::from_secs(5), client.call(request)).await;
    server.await.unwrap()
}

/// hyper's client (the `http2` feature) offers HTTP/2 beside HTTP/1.1 by ALPN; the HTTP/1.1
/// client offers no ALPN protocol, which means HTTP/1.1.
#[tokio::test]
async fn tls_connections_offer_http2_only_with_hypers_client() {
    let http1 = Http1Client::new(Some(Duration::from_secs(5))).unwrap();
    assert_eq!(alpn_offer(&client_hello(&http1).await), None);
    #[cfg(feature = "http2")]
    {
        let hyper = HyperClient::new(Some(Duration::from_secs(5))).unwrap();
        let offer = alpn_offer(&client_hello(&hyper).await).expect("ALPN offered");
        assert_eq!(offer, ["h2", "http/1.1"]);
    }
}
