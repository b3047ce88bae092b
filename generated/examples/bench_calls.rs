//! Per-call speed, run by `cargo xtask bench` (in release mode): `UpdateUserProfile` through the
//! client. Prints three lines:
//!
//! - `in memory: N ns/call`: what the client itself costs per call (validation, the body, SigV4
//!   signing, the pipeline, reading the output), with an HTTP client that answers from memory;
//! - `sequential: N ns/call`: one call at a time through the default HTTP client (the pooled
//!   HTTP/1.1 connection with stalled-stream protection) against a loopback server that answers
//!   at once, on a two-thread runtime that the server shares;
//! - `concurrent: N calls/s`: the same from 32 callers.

#[cfg(not(feature = "client"))]
fn main() {
    eprintln!("this benchmark calls the service: build it with the `client` feature (the default)");
    std::process::exit(1);
}

#[cfg(feature = "client")]
fn main() {
    calls::main();
}

#[cfg(feature = "client")]
mod calls {
    use std::convert::Infallible;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, Instant};

    use http_body_util::{BodyExt, Full};
    use hyper::body::{Bytes, Incoming};
    use hyper::service::service_fn;
    use hyper::{Request, Response};
    use hyper_util::rt::TokioIo;
    use sagemaker::config::{Credentials, RetryConfig};
    use sagemaker::types::{ResourceSpec, UserSettings};
    use sagemaker::{Client, Config};

    const OUTPUT: &str = r#"{"UserProfileArn":"arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-abc123/alice"}"#;

    /// Calls made one at a time after the warm-up.
    const SEQUENTIAL_CALLS: u32 = 20_000;
    /// Callers at once, and how long they call.
    const CALLERS: usize = 32;
    const CONCURRENT_FOR: Duration = Duration::from_secs(3);

    async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
        // The request is read whole, as a service would.
        let _ = request.into_body().collect().await;
        Ok(Response::builder()
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amzn-requestid", "4f7c2a1e-bench")
            .body(Full::new(Bytes::from_static(OUTPUT.as_bytes())))
            .expect("a response"))
    }

    async fn call(client: &Client) {
        let output = client
            .update_user_profile()
            .domain_id("d-abc123")
            .user_profile_name("alice")
            .user_settings(
                UserSettings::builder()
                    .execution_role("arn:aws:iam::123456789012:role/Bench")
                    .jupyter_server_app_settings(
                        sagemaker::types::JupyterServerAppSettings::builder()
                            .default_resource_spec(
                                ResourceSpec::builder()
                                    .instance_type(sagemaker::types::AppInstanceType::MlT3Medium)
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await
            .expect("the call succeeds");
        assert!(output.user_profile_arn().is_some());
    }

    /// Answers every request from memory, at once.
    #[derive(Debug)]
    struct InMemory;

    impl sagemaker::config::HttpClient for InMemory {
        fn call(&self, request: hyper::Request<Vec<u8>>) -> sagemaker::config::HttpFuture<'_> {
            drop(request);
            Box::pin(async {
                Ok(hyper::Response::builder()
                    .header("content-type", "application/x-amz-json-1.1")
                    .header("x-amzn-requestid", "4f7c2a1e-bench")
                    .body(OUTPUT.as_bytes().to_vec())?)
            })
        }
    }

    pub fn main() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind loopback");
            let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
            tokio::spawn(async move {
                while let Ok((connection, _)) = listener.accept().await {
                    let _ = connection.set_nodelay(true);
                    tokio::spawn(async move {
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(connection), service_fn(answer))
                            .await;
                    });
                }
            });
            let config = || {
                Config::builder()
                    .region("us-east-1")
                    .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "bench"))
                    .retry_config(RetryConfig::disabled())
            };
            let in_memory = Client::from_conf(config().http_client(Arc::new(InMemory)).build());
            for _ in 0..2_000 {
                call(&in_memory).await;
            }
            let started = Instant::now();
            for _ in 0..SEQUENTIAL_CALLS {
                call(&in_memory).await;
            }
            let per_call = started.elapsed().as_nanos() / u128::from(SEQUENTIAL_CALLS);
            println!("in memory: {per_call} ns/call");

            let client = Client::from_conf(config().endpoint_url(endpoint).build());
            for _ in 0..2_000 {
                call(&client).await;
            }
            let started = Instant::now();
            for _ in 0..SEQUENTIAL_CALLS {
                call(&client).await;
            }
            let per_call = started.elapsed().as_nanos() / u128::from(SEQUENTIAL_CALLS);
            println!("sequential: {per_call} ns/call");

            let done = Arc::new(AtomicU64::new(0));
            let deadline = Instant::now() + CONCURRENT_FOR;
            let callers: Vec<_> = (0..CALLERS)
                .map(|_| {
                    let (client, done) = (client.clone(), done.clone());
                    tokio::spawn(async move {
                        while Instant::now() < deadline {
                            call(&client).await;
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                    })
                })
                .collect();
            for caller in callers {
                caller.await.expect("a caller finishes");
            }
            let rate = done.load(Ordering::Relaxed) as f64 / CONCURRENT_FOR.as_secs_f64();
            println!("concurrent: {rate:.0} calls/s");
        });
    }
}
