//! The client against a real HTTP server on loopback: both operations, the wire format, SigV4
//! signatures recomputed independently, modeled and unmodeled errors, retries, hostile responses,
//! timeouts, and validation before sending.
#![cfg(feature = "client")]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use sagemaker::config::{Credentials, RetryConfig, TimeoutConfig, ValidationMode};
use sagemaker::error::ProvideErrorMetadata;
use sagemaker::operation::RequestId;
use sagemaker::operation::update_partner_app::UpdatePartnerAppError;
use sagemaker::operation::update_user_profile::UpdateUserProfileError;
use sagemaker::types::{AppInstanceType, ResourceSpec, TensorBoardAppSettings, UserSettings};
use sagemaker::{Client, Config, SdkError};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// Response headers of a canned answer.
type Headers = Vec<(&'static str, &'static str)>;

/// A canned answer: status, headers, body; `None` means never answer.
type Answer = Option<(u16, Vec<(&'static str, &'static str)>, &'static str)>;

struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// Starts a server on 127.0.0.1 that answers with `answers` in turn (the last one repeats).
async fn server(answers: Vec<Answer>) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let answers = Arc::new(Mutex::new(VecDeque::from(answers)));
    let (seen2, answers2) = (seen.clone(), answers.clone());
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (seen, answers) = (seen2.clone(), answers2.clone());
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<Incoming>| {
                    let (seen, answers) = (seen.clone(), answers.clone());
                    async move {
                        let (parts, body) = req.into_parts();
                        let body = body
                            .collect()
                            .await
                            .map(|b| b.to_bytes().to_vec())
                            .unwrap_or_default();
                        seen.lock().unwrap().push(Seen {
                            method: parts.method.to_string(),
                            path: parts.uri.path().to_owned(),
                            headers: parts
                                .headers
                                .iter()
                                .map(|(n, v)| {
                                    (n.to_string(), v.to_str().unwrap_or_default().to_owned())
                                })
                                .collect(),
                            body,
                        });
                        let answer = {
                            let mut a = answers.lock().unwrap();
                            if a.len() > 1 {
                                a.pop_front().flatten()
                            } else {
                                a.front().cloned().flatten()
                            }
                        };
                        let Some((status, headers, body)) = answer else {
                            // Never answer: hold the connection open.
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                            unreachable!("the client gives up first");
                        };
                        let mut response = Response::builder().status(status);
                        for (n, v) in headers {
                            response = response.header(n, v);
                        }
                        Ok::<_, Infallible>(
                            response
                                .body(Full::new(Bytes::from_static(body.as_bytes())))
                                .unwrap(),
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Server { addr, seen }
}

const FIXED_TIME: u64 = 1_440_938_160; // 2015-08-30T12:36:00Z

fn fixed_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(FIXED_TIME)
}

fn client(server: &Server) -> Client {
    Client::from_conf(
        Config::builder()
            .region("us-west-2")
            .endpoint_url(format!("http://{}", server.addr))
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
                None,
                "test",
            ))
            .time_source(fixed_time)
            .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
            .build(),
    )
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Recomputes the SigV4 signature of a received request from scratch (canonical request and
/// string to sign built here; HMAC chain from aws-sigv4's primitives) and compares it.
fn assert_signed(seen: &Seen, region: &str, service: &str) {
    let auth = seen
        .header("authorization")
        .expect("an Authorization header");
    let rest = auth
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .expect("SigV4 algorithm");
    let field = |name: &str| {
        rest.split(", ")
            .find_map(|p| p.strip_prefix(name).and_then(|p| p.strip_prefix('=')))
            .unwrap_or_else(|| panic!("{name} in {auth}"))
    };
    let (credential, signed_headers, signature) = (
        field("Credential"),
        field("SignedHeaders"),
        field("Signature"),
    );
    let amz_date = seen.header("x-amz-date").expect("x-amz-date");
    assert_eq!(amz_date, "20150830T123600Z");
    let scope = format!("20150830/{region}/{service}/aws4_request");
    assert_eq!(credential, format!("AKIDEXAMPLE/{scope}"));
    for required in ["host", "x-amz-date", "x-amz-target", "content-type"] {
        assert!(
            signed_headers.split(';').any(|h| h == required),
            "{required} is signed: {signed_headers}"
        );
    }
    let canonical_headers: String = signed_headers
        .split(';')
        .map(|h| {
            format!(
                "{h}:{}\n",
                seen.header(h)
                    .unwrap_or_else(|| panic!("signed header {h} was sent"))
                    .trim()
            )
        })
        .collect();
    let canonical_request = format!(
        "{}\n{}\n\n{}\n{}\n{}",
        seen.method,
        seen.path,
        canonical_headers,
        signed_headers,
        hex_sha256(&seen.body)
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex_sha256(canonical_request.as_bytes())
    );
    let key = aws_sigv4::sign::v4::generate_signing_key(
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        fixed_time(),
        region,
        service,
    );
    let expected = aws_sigv4::sign::v4::calculate_signature(key, string_to_sign.as_bytes());
    assert_eq!(signature, expected, "signature of\n{canonical_request}");
}

fn settings() -> UserSettings {
    UserSettings::builder()
        .execution_role("arn:aws:iam::123456789012:role/studio")
        .security_groups("sg-0123456789abcdef0")
        .tensor_board_app_settings(
            TensorBoardAppSettings::builder()
                .default_resource_spec(
                    ResourceSpec::builder()
                        .instance_type(AppInstanceType::MlT3Medium)
                        .build(),
                )
                .build(),
        )
        .build()
}

#[tokio::test]
async fn update_user_profile_is_sent_signed_and_parsed() {
    let arn = r#"{"UserProfileArn":"arn:aws:sagemaker:us-west-2:123456789012:user-profile/d-abc123/alice","Extra":{"ignored":[1,2]}}"#;
    let server = server(vec![Some((
        200,
        vec![("content-type", "application/x-amz-json-1.1")],
        arn,
    ))])
    .await;
    let out = client(&server)
        .update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .user_settings(settings())
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(
        out.user_profile_arn(),
        Some("arn:aws:sagemaker:us-west-2:123456789012:user-profile/d-abc123/alice")
    );
    assert_eq!(out.request_id(), None, "the server sent no request id");
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let req = &seen[0];
    assert_eq!((req.method.as_str(), req.path.as_str()), ("POST", "/"));
    assert_eq!(
        req.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(
        req.header("x-amz-target"),
        Some("SageMaker.UpdateUserProfile")
    );
    assert_eq!(
        req.json(),
        json!({
            "DomainId": "d-abc123",
            "UserProfileName": "alice",
            "UserSettings": {
                "ExecutionRole": "arn:aws:iam::123456789012:role/studio",
                "SecurityGroups": ["sg-0123456789abcdef0"],
                "TensorBoardAppSettings": {"DefaultResourceSpec": {"InstanceType": "ml.t3.medium"}}
            }
        })
    );
    assert_signed(req, "us-west-2", "sagemaker");
}

#[tokio::test]
async fn update_partner_app_fills_the_idempotency_token_and_parses() {
    let body = r#"{"Arn":"arn:aws:sagemaker:us-west-2:123456789012:partner-app/app-ABCDEFGHIJKL"}"#;
    let server = server(vec![Some((200, vec![], body))]).await;
    let out = client(&server)
        .update_partner_app()
        .arn("arn:aws:sagemaker:us-west-2:123456789012:partner-app/app-ABCDEFGHIJKL")
        .tier("medium")
        .enable_iam_session_based_identity(true)
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(
        out.arn(),
        Some("arn:aws:sagemaker:us-west-2:123456789012:partner-app/app-ABCDEFGHIJKL")
    );
    let seen = server.seen.lock().unwrap().clone();
    let req = &seen[0];
    assert_eq!(
        req.header("x-amz-target"),
        Some("SageMaker.UpdatePartnerApp")
    );
    let body = req.json();
    let token = body["ClientToken"]
        .as_str()
        .expect("a ClientToken was filled in");
    let uuid =
        regex::Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
            .unwrap();
    assert!(uuid.is_match(token), "a UUID v4: {token}");
    assert_eq!(body["EnableIamSessionBasedIdentity"], json!(true));
    assert_eq!(body["Tier"], json!("medium"));
    assert!(body.get("Tags").is_none(), "absent members are omitted");
    assert_signed(req, "us-west-2", "sagemaker");
}

#[tokio::test]
async fn modeled_errors_map_to_their_variants() {
    let cases: [(&str, Headers, &str); 3] = [
        (
            "ResourceInUse",
            vec![("x-amzn-errortype", "ResourceInUse:http://internal/")],
            r#"{"message":"in use"}"#,
        ),
        (
            "ResourceLimitExceeded",
            vec![],
            r#"{"__type":"com.amazonaws.sagemaker#ResourceLimitExceeded","Message":"too many"}"#,
        ),
        (
            "ResourceNotFound",
            vec![("x-amzn-requestid", "req-1")],
            r#"{"code":"ResourceNotFound","message":"no such profile"}"#,
        ),
    ];
    for (code, headers, body) in cases {
        let server = server(vec![Some((400, headers, body))]).await;
        let err = client(&server)
            .update_user_profile()
            .domain_id("d-abc123")
            .user_profile_name("alice")
            .send()
            .await
            .expect_err("the service says no");
        assert_eq!(err.to_string(), "service error");
        assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(400));
        let service_err = err.into_service_error();
        assert_eq!(service_err.code(), Some(code));
        assert_eq!(ProvideErrorMetadata::code(&service_err), Some(code));
        match (code, &service_err) {
            ("ResourceInUse", UpdateUserProfileError::ResourceInUse(e)) => {
                assert_eq!(e.message(), Some("in use"))
            }
            ("ResourceLimitExceeded", UpdateUserProfileError::ResourceLimitExceeded(e)) => {
                assert_eq!(e.message(), Some("too many"))
            }
            ("ResourceNotFound", UpdateUserProfileError::ResourceNotFound(e)) => {
                assert_eq!(e.message(), Some("no such profile"));
                assert_eq!(e.request_id(), Some("req-1"));
                assert_eq!(service_err.request_id(), Some("req-1"));
                assert_eq!(e.to_string(), "ResourceNotFound: no such profile");
            }
            other => panic!("wrong variant: {other:?}"),
        }
        assert_eq!(
            server.seen.lock().unwrap().len(),
            1,
            "{code} is not retried"
        );
    }

    let server = server(vec![Some((
        409,
        vec![],
        r#"{"__type":"ConflictException","message":"busy"}"#,
    ))])
    .await;
    let err = client(&server)
        .update_partner_app()
        .arn("arn:aws:sagemaker:us-west-2:123456789012:partner-app/app-ABCDEFGHIJKL")
        .send()
        .await
        .expect_err("conflict");
    assert!(
        matches!(err.into_service_error(), UpdatePartnerAppError::ConflictException(e) if e.message() == Some("busy"))
    );
}

#[tokio::test]
async fn throttling_is_retried_with_the_same_token_then_reported_as_unhandled() {
    let throttled = Some((
        400,
        vec![("x-amzn-requestid", "req-throttle")],
        r#"{"__type":"ThrottlingException","message":"slow down"}"#,
    ));
    let server = server(vec![throttled.clone(), throttled.clone(), throttled]).await;
    let err = client(&server)
        .update_partner_app()
        .arn("arn:aws:sagemaker:us-west-2:123456789012:partner-app/app-ABCDEFGHIJKL")
        .send()
        .await
        .expect_err("throttled every time");
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "three attempts");
    let tokens: Vec<Value> = seen
        .iter()
        .map(|s| s.json()["ClientToken"].clone())
        .collect();
    assert!(
        tokens.iter().all(|t| t == &tokens[0] && t.is_string()),
        "the same token on every attempt: {tokens:?}"
    );
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(400));
    assert_eq!(err.request_id(), Some("req-throttle"));
    // As aws-sdk-rust documents it: a wildcard pattern, then the code.
    match err.into_service_error() {
        UpdatePartnerAppError::ConflictException(e) => panic!("not a conflict: {e}"),
        other => {
            assert_eq!(other.code(), Some("ThrottlingException"));
            assert_eq!(other.message(), Some("slow down"));
            assert_eq!(other.request_id(), Some("req-throttle"));
            assert_eq!(other.to_string(), "unhandled error (ThrottlingException)");
        }
    }
}

#[tokio::test]
async fn a_server_error_with_an_html_body_is_an_error_not_a_panic() {
    let html = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    let server = server(vec![Some((500, vec![("content-type", "text/html")], html))]).await;
    let err = client(&server)
        .update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .send()
        .await
        .expect_err("a 500");
    assert_eq!(server.seen.lock().unwrap().len(), 3, "5xx is retried");
    let raw = err.raw_response().expect("a response");
    assert_eq!(raw.status().as_u16(), 500);
    assert_eq!(raw.body().bytes(), Some(html.as_bytes()));
    let service_err = err.into_service_error();
    assert_eq!(service_err.code(), None);
    assert_eq!(service_err.to_string(), "unhandled error");
}

#[tokio::test]
async fn a_success_whose_body_is_not_json_is_a_response_error() {
    let server = server(vec![Some((200, vec![], "not json {"))]).await;
    let err = client(&server)
        .update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .send()
        .await
        .expect_err("unparsable");
    assert!(matches!(err, SdkError::ResponseError { .. }), "{err:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_timeout() {
    let server = server(vec![None]).await;
    let client = Client::from_conf(
        client(&server)
            .config()
            .to_builder()
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::default().with_operation_attempt_timeout(Duration::from_millis(300)),
            )
            .build(),
    );
    let started = std::time::Instant::now();
    let err = client
        .update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .send()
        .await
        .expect_err("no answer");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn validation_runs_before_sending_as_configured() {
    let server = server(vec![Some((200, vec![], "{}"))]).await;
    let unknown = UserSettings::builder()
        .tensor_board_app_settings(
            TensorBoardAppSettings::builder()
                .default_resource_spec(
                    ResourceSpec::builder()
                        .instance_type("ml.future.large")
                        .build(),
                )
                .build(),
        )
        .build();

    // Lenient (the default): a value newer than the model goes through; a broken one does not.
    let c = client(&server);
    c.update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .user_settings(unknown.clone())
        .send()
        .await
        .expect("lenient lets unknown enum values through");
    let err = c
        .update_user_profile()
        .domain_id("D_BAD")
        .user_profile_name("alice")
        .send()
        .await
        .expect_err("invalid");
    // A construction failure, as in aws-sdk-rust; its source is the validation report.
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let report = sagemaker::error::validation_errors(&err).expect("a validation failure");
    assert_eq!(report.violations()[0].path, "DomainId");
    let context = sagemaker::error::DisplayErrorContext(&err).to_string();
    assert!(
        context.starts_with("failed to construct request: "),
        "{context}"
    );
    assert_eq!(
        server.seen.lock().unwrap().len(),
        1,
        "the invalid call was never sent"
    );

    // Strict: unknown enum values are rejected too. Off: nothing is checked.
    let strict = Client::from_conf(
        c.config()
            .to_builder()
            .validation_mode(ValidationMode::Strict)
            .build(),
    );
    let err = strict
        .update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .user_settings(unknown)
        .send()
        .await
        .expect_err("strict");
    assert!(
        sagemaker::error::validation_errors(&err)
            .is_some_and(|v| v.violations()[0].is_unknown_enum_value()),
        "{err:?}"
    );
    let off = Client::from_conf(
        c.config()
            .to_builder()
            .validation_mode(ValidationMode::Off)
            .build(),
    );
    off.update_user_profile()
        .domain_id("D_BAD")
        .send()
        .await
        .expect("off sends anything");
    assert_eq!(server.seen.lock().unwrap().len(), 2);
}

/// Configuration and calls written the way aws-sdk-sagemaker documents them compile and work.
#[tokio::test]
async fn aws_sdk_style_configuration_and_send_with() {
    use sagemaker::config::retry::RetryConfig as SdkRetryConfig;
    use sagemaker::config::timeout::TimeoutConfig as SdkTimeoutConfig;
    use sagemaker::config::{BehaviorVersion, Region};
    use sagemaker::operation::update_user_profile::UpdateUserProfileInput;

    let server = server(vec![Some((
        200,
        vec![("x-amzn-requestid", "req-ok")],
        r#"{"UserProfileArn":"arn:x"}"#,
    ))])
    .await;
    let config = sagemaker::config::Builder::default()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-central-1"))
        .endpoint_url(format!("http://{}", server.addr))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        ))
        .time_source(fixed_time)
        .retry_config(SdkRetryConfig::standard().with_max_attempts(2))
        .timeout_config(
            SdkTimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(30))
                .build(),
        )
        .build();
    assert_eq!(config.region(), Some("eu-central-1"));
    let client = Client::from_conf(config);
    let out = UpdateUserProfileInput::builder()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .send_with(&client)
        .await
        .expect("the call succeeds");
    assert_eq!(out.user_profile_arn(), Some("arn:x"));
    assert_eq!(out.request_id(), Some("req-ok"));
    let seen = server.seen.lock().unwrap().clone();
    assert_signed(&seen[0], "eu-central-1", "sagemaker");
    assert_eq!(
        AppInstanceType::try_parse("ml.t3.medium"),
        Ok(AppInstanceType::MlT3Medium)
    );
    assert!(AppInstanceType::try_parse("ml.t3.gigantic").is_err());
}

/// `?` turns any call's failure into the service-wide `sagemaker::Error`, as with aws-sdk-rust.
#[tokio::test]
async fn call_failures_convert_into_the_service_error() {
    async fn update(client: &Client) -> Result<(), sagemaker::Error> {
        client
            .update_user_profile()
            .domain_id("d-abc123")
            .user_profile_name("alice")
            .send()
            .await?;
        Ok(())
    }
    let first = server(vec![Some((
        400,
        vec![("x-amzn-requestid", "req-9")],
        r#"{"__type":"ResourceNotFound","message":"no such profile"}"#,
    ))])
    .await;
    let err = update(&client(&first)).await.expect_err("not found");
    assert!(
        matches!(err, sagemaker::Error::ResourceNotFound(_)),
        "{err:?}"
    );
    assert_eq!(err.code(), Some("ResourceNotFound"));
    assert_eq!(err.request_id(), Some("req-9"));
    assert_eq!(err.to_string(), "ResourceNotFound: no such profile");

    let server = server(vec![Some((
        400,
        vec![],
        r#"{"__type":"ThrottlingException","message":"slow down"}"#,
    ))])
    .await;
    let err = update(&client(&server)).await.expect_err("throttled");
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_eq!(err.to_string(), "unhandled error (ThrottlingException)");
}

#[tokio::test]
async fn mutate_request_changes_every_attempt_before_signing() {
    let ok = r#"{"UserProfileArn":"arn"}"#;
    let throttled = r#"{"__type":"ThrottlingException","message":"slow down"}"#;
    let retried = server(vec![
        Some((400, vec![], throttled)),
        Some((200, vec![], ok)),
    ])
    .await;
    let out = client(&retried)
        .update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .customize()
        .mutate_request(|request| {
            request.headers_mut().insert("x-team", "data-science");
        })
        .mutate_request(|request| {
            request.headers_mut().append("x-team", "platform");
        })
        .send()
        .await
        .expect("the retried call succeeds");
    assert_eq!(out.user_profile_arn(), Some("arn"));
    let seen = retried.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "one throttled attempt, one retry");
    for req in &seen {
        let teams: Vec<&str> = req
            .headers
            .iter()
            .filter(|(n, _)| n == "x-team")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(teams, ["data-science", "platform"], "in the order added");
        let auth = req.header("authorization").expect("signed");
        assert!(
            auth.contains("x-team"),
            "the added header is signed: {auth}"
        );
        assert_eq!(req.json()["UserProfileName"], "alice");
    }
    // Without customizing, no header is added.
    let plain = server(vec![Some((200, vec![], ok))]).await;
    client(&plain)
        .update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .send()
        .await
        .expect("the call succeeds");
    let seen = plain.seen.lock().unwrap().clone();
    assert_eq!(seen[0].header("x-team"), None);
}
