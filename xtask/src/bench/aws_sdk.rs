//! `cargo xtask bench --aws-sdk VERSION`: the same calls through aws-sdk-sagemaker, side by side.
//! A program written against aws-sdk-sagemaker from the registry makes the calls
//! `examples/bench_calls.rs` makes through the generated client: `UpdateUserProfile` with the same
//! input, to the same kind of loopback server answering the same output, one at a time and from
//! 32 callers on a two-thread runtime. It is built in release in `target/build-cost/` (beside the
//! aws-sdk build of `build-cost --aws-sdk`) and run right after the generated client's run.

use std::path::Path;
use std::process::Command;

/// The per-call figures of one client on loopback.
pub struct Loopback {
    /// Nanoseconds per call, one at a time.
    pub sequential_ns: f64,
    /// Calls per second from 32 callers.
    pub concurrent_rate: f64,
}

/// Reads the `sequential: N ns/call` and `concurrent: N calls/s` lines both programs print.
pub fn parse(text: &str) -> Result<Loopback, String> {
    let value = |prefix: &str, suffix: &str| -> Result<f64, String> {
        text.lines()
            .find_map(|l| l.strip_prefix(prefix)?.strip_suffix(suffix)?.parse().ok())
            .ok_or_else(|| format!("no `{prefix}…{suffix}` line in:\n{text}"))
    };
    Ok(Loopback {
        sequential_ns: value("sequential: ", " ns/call")?,
        concurrent_rate: value("concurrent: ", " calls/s")?,
    })
}

/// Builds and runs the aws-sdk program against `version`; returns what it measured.
pub fn run(root: &Path, version: &str) -> Result<Loopback, String> {
    let base = root.join("target/build-cost");
    let dir = base.join("aws-sdk-calls");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"aws-sdk-calls\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\naws-sdk-sagemaker = \"={version}\"\nhttp-body-util = \"0.1\"\n\
             hyper = {{ version = \"1\", features = [\"server\", \"http1\"] }}\n\
             hyper-util = {{ version = \"0.1\", features = [\"tokio\"] }}\n\
             tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\", \"net\", \"time\"] }}\n\n\
             [workspace]\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/main.rs"), PROGRAM).map_err(|e| e.to_string())?;
    println!("building the aws-sdk-sagemaker {version} program (the first build takes minutes)");
    let output = Command::new(env!("CARGO"))
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", base.join("aws-sdk-target"))
        .env_remove("RUSTFLAGS")
        .args(["run", "--quiet", "--release"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the aws-sdk program failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    parse(&String::from_utf8_lossy(&output.stdout))
}

const PROGRAM: &str = r##"//! UpdateUserProfile through aws-sdk-sagemaker, as the generated crate's `examples/bench_calls.rs`
//! calls it through the generated client: the same input, server and output.
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_sagemaker::config::retry::RetryConfig;
use aws_sdk_sagemaker::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_sagemaker::types::{AppInstanceType, JupyterServerAppSettings, ResourceSpec, UserSettings};
use aws_sdk_sagemaker::{Client, Config};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

const OUTPUT: &str = r#"{"UserProfileArn":"arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-abc123/alice"}"#;
const SEQUENTIAL_CALLS: u32 = 20_000;
const CALLERS: usize = 32;
const CONCURRENT_FOR: Duration = Duration::from_secs(3);

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
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
                    JupyterServerAppSettings::builder()
                        .default_resource_spec(
                            ResourceSpec::builder()
                                .instance_type(AppInstanceType::MlT3Medium)
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

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
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
        let config = Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "bench"))
            .retry_config(RetryConfig::disabled())
            .endpoint_url(endpoint)
            .build();
        let client = Client::from_conf(config);
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
"##;
