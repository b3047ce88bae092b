//! One program, two generated services: SageMaker (`generated/`) and KMS (generated from the
//! reference model by `cargo xtask reference-models`). Both clients are made from one `Config`, so
//! they share one HTTP client (one connection pool) and one credentials provider. A loopback
//! server answers both and counts the connections it accepted: one connection carrying both
//! calls shows that the pool is shared.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_credential_types::provider::future::ProvideCredentials as CredentialsFuture;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

/// Hands out one set of static credentials and counts how often it was asked (clones share the
/// count).
#[derive(Clone, Debug, Default)]
struct CountingCredentials {
    asked: Arc<AtomicUsize>,
}

impl sagemaker::config::ProvideCredentials for CountingCredentials {
    fn provide_credentials<'a>(&'a self) -> CredentialsFuture<'a>
    where
        Self: 'a,
    {
        self.asked.fetch_add(1, Ordering::SeqCst);
        CredentialsFuture::ready(Ok(sagemaker::config::Credentials::new(
            "AKIDSHARED",
            "secret",
            None,
            None,
            "counting",
        )))
    }
}

/// What the server saw: connections accepted, and (target, authorization) of every request.
#[derive(Default)]
struct Seen {
    connections: AtomicUsize,
    requests: std::sync::Mutex<Vec<(String, String)>>,
}

async fn answer(
    seen: Arc<Seen>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let target = header("x-amz-target");
    let authorization = header("authorization");
    let _ = request.into_body().collect().await;
    let body = match target.as_str() {
        "SageMaker.UpdateUserProfile" => {
            r#"{"UserProfileArn":"arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-1/alice"}"#
        }
        "TrentService.ListKeys" => r#"{"Keys":[{"KeyId":"k-1"}],"Truncated":false}"#,
        _ => "{}",
    };
    seen.requests
        .lock()
        .expect("not poisoned")
        .push((target, authorization));
    Ok(Response::new(Full::new(Bytes::from(body))))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
    let seen = Arc::new(Seen::default());
    let server_seen = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            server_seen.connections.fetch_add(1, Ordering::SeqCst);
            let seen = server_seen.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| answer(seen.clone(), request));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(socket), service)
                    .await;
            });
        }
    });

    let credentials = CountingCredentials::default();
    // One configuration, of the runtime's one `Config` type, for both services.
    let config: sagemaker::Config = sagemaker::Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials_provider(credentials.clone())
        .build();
    let sagemaker = sagemaker::Client::from_conf(config.clone());
    let kms = ref_kms::Client::from_conf(config);

    let profile = sagemaker
        .update_user_profile()
        .domain_id("d-1")
        .user_profile_name("alice")
        .send()
        .await
        .expect("SageMaker answers");
    assert_eq!(
        profile.user_profile_arn(),
        Some("arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-1/alice")
    );
    let keys = kms.list_keys().send().await.expect("KMS answers");
    assert_eq!(keys.keys().len(), 1);

    let requests = seen.requests.lock().expect("not poisoned").clone();
    let targets: Vec<&str> = requests.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        targets,
        ["SageMaker.UpdateUserProfile", "TrentService.ListKeys"]
    );
    for (target, authorization) in &requests {
        assert!(
            authorization.contains("Credential=AKIDSHARED/"),
            "{target} was not signed with the shared credentials: {authorization}"
        );
    }
    assert!(credentials.asked.load(Ordering::SeqCst) >= 1);
    let connections = seen.connections.load(Ordering::SeqCst);
    assert_eq!(
        connections, 1,
        "two services from one Config should share one HTTP client and so one pooled connection"
    );
    println!(
        "two services, one Config: {} calls over {connections} connection, signed by one provider",
        requests.len()
    );
}
