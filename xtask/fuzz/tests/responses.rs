//! Every operation against hostile responses: random bytes, random JSON, valid bodies mutated
//! byte by byte, modeled error codes with bodies of the wrong shape, nesting past the reader's
//! depth, any status and odd headers. The client must never panic, never call an error a
//! success, read a valid success exactly, and keep what it prints bounded.

use std::sync::{Arc, Mutex};

use lean_aws_runtime::client::BoxError;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use sagemaker::config::{Credentials, HttpClient, HttpFuture, RetryConfig};
use sagemaker::error::SdkError;
use sagemaker::{Client, Config};

/// One canned answer: status, headers, body.
type Answer = (u16, Vec<(String, String)>, Vec<u8>);

/// An HTTP client that answers every request with the answer it holds.
#[derive(Debug, Clone, Default)]
struct Canned(Arc<Mutex<Option<Answer>>>);

impl HttpClient for Canned {
    fn call(&self, _request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        let answer = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Box::pin(async move {
            let (status, headers, body) = answer.ok_or("no answer set")?;
            let mut response = http::Response::builder().status(status);
            for (name, value) in headers {
                response = response.header(name, value);
            }
            response.body(body).map_err(BoxError::from)
        })
    }
}

/// A runtime, and a client whose every request gets the answer `canned` holds.
fn setup() -> (tokio::runtime::Runtime, Canned, Client) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    let canned = Canned::default();
    let client = client(&canned);
    (runtime, canned, client)
}

fn client(canned: &Canned) -> Client {
    Client::from_conf(
        Config::builder()
            .region("us-west-2")
            .endpoint_url("http://localhost")
            .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .http_client(canned.clone())
            .build(),
    )
}

const PROFILE_ARN: &str = "arn:aws:sagemaker:us-west-2:123456789012:user-profile/d-abc123/alice";
const APP_ARN: &str = "arn:aws:sagemaker:us-west-2:123456789012:partner-app/app-ABC123DEF456";

/// The error codes the operations model, in the spellings AWS JSON services send, and others.
const CODES: &[&str] = &[
    "ResourceNotFound",
    "ResourceInUse",
    "ResourceLimitExceeded",
    "ConflictException",
    "com.amazonaws.sagemaker#ResourceNotFound",
    "ResourceInUse:http://internal.amazon.com/coral/com.amazon.coral.validate/",
    "ThrottlingException",
    "",
    "#",
    ":",
];

/// A JSON value of bounded size, of every kind.
fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("UserProfileArn".to_owned()),
                        Just("Arn".to_owned()),
                        Just("__type".to_owned()),
                        Just("message".to_owned()),
                        Just("Message".to_owned()),
                        "[A-Za-z_]{1,12}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|entries| serde_json::Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// `body` with random bytes replaced, removed and inserted, and maybe cut short.
fn mutated(body: &'static str) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 0..6),
        prop::option::of(any::<prop::sample::Index>()),
    )
        .prop_map(move |(edits, cut)| {
            let mut bytes = body.as_bytes().to_vec();
            for (at, byte, how) in edits {
                if bytes.is_empty() {
                    bytes.push(byte);
                    continue;
                }
                let i = at.index(bytes.len());
                match how {
                    0 => bytes[i] = byte,
                    1 => {
                        bytes.remove(i);
                    }
                    _ => bytes.insert(i, byte),
                }
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            bytes
        })
}

/// Every kind of hostile body.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        json().prop_map(|v| v.to_string().into_bytes()),
        mutated(
            r#"{"UserProfileArn":"arn:aws:sagemaker:us-west-2:123456789012:user-profile/d/a"}"#
        ),
        mutated(
            r#"{"Arn":"arn:aws:sagemaker:us-west-2:123456789012:partner-app/app-ABC123DEF456"}"#
        ),
        (prop::sample::select(CODES), json()).prop_map(|(code, message)| {
            serde_json::json!({"__type": code, "message": message, "Message": message})
                .to_string()
                .into_bytes()
        }),
        (1usize..400)
            .prop_map(|depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()),
        (1usize..400).prop_map(|depth| {
            format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)).into_bytes()
        }),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    let status = prop_oneof![
        Just(200u16),
        Just(400u16),
        Just(404u16),
        Just(500u16),
        Just(503u16),
        100u16..600,
    ];
    let header = prop_oneof![
        (Just("x-amzn-query-error".to_owned()), ".{0,30}"),
        (
            Just("x-amzn-errortype".to_owned()),
            prop::sample::select(CODES).prop_map(str::to_owned)
        ),
        (Just("content-type".to_owned()), ".{0,30}"),
        (Just("x-amzn-requestid".to_owned()), "[ -~]{0,40}"),
    ]
    // Header values must be visible ASCII to be sent at all.
    .prop_filter("a valid header value", |(_, v)| {
        http::HeaderValue::from_str(v).is_ok()
    });
    (status, prop::collection::vec(header, 0..3), body())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}

#[test]
fn no_response_panics_either_operation_or_passes_for_a_success() {
    let (runtime, canned, client) = setup();
    runner(4_000)
        .run(&answer(), |answer| {
            let status = answer.0;
            *canned.0.lock().unwrap() = Some(answer);
            runtime.block_on(async {
                let profile = client
                    .update_user_profile()
                    .domain_id("d-abc123")
                    .user_profile_name("alice")
                    .send()
                    .await;
                let app = client.update_partner_app().arn(APP_ARN).send().await;
                if !(200..300).contains(&status) {
                    prop_assert!(profile.is_err(), "status {status} read as a success");
                    prop_assert!(app.is_err(), "status {status} read as a success");
                }
                // The request was valid, so every failure came from the response.
                for failed in [
                    profile
                        .as_ref()
                        .err()
                        .map(|e| matches!(e, SdkError::ConstructionFailure(_))),
                    app.as_ref()
                        .err()
                        .map(|e| matches!(e, SdkError::ConstructionFailure(_))),
                ] {
                    prop_assert_ne!(failed, Some(true), "the request was not even sent");
                }
                for shown in [
                    profile.as_ref().err().map(|e| format!("{e} {e:?}")),
                    app.as_ref().err().map(|e| format!("{e} {e:?}")),
                ]
                .into_iter()
                .flatten()
                {
                    prop_assert!(shown.len() < 16 * 1024, "{} bytes shown", shown.len());
                }
                Ok(())
            })
        })
        .expect("every hostile response is handled");
}

#[test]
fn valid_successes_are_read_exactly() {
    let (runtime, canned, client) = setup();
    // Unknown members of any shape are ignored; the modeled one is read as sent.
    runner(500)
        .run(&json(), |extra| {
            let body =
                serde_json::json!({"Extra": extra, "UserProfileArn": PROFILE_ARN, "Arn": APP_ARN});
            *canned.0.lock().unwrap() = Some((200, Vec::new(), body.to_string().into_bytes()));
            runtime.block_on(async {
                let profile = client
                    .update_user_profile()
                    .domain_id("d-abc123")
                    .user_profile_name("alice")
                    .send()
                    .await;
                let profile = profile.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                prop_assert_eq!(profile.user_profile_arn(), Some(PROFILE_ARN));
                let app = client.update_partner_app().arn(APP_ARN).send().await;
                let app = app.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                prop_assert_eq!(app.arn(), Some(APP_ARN));
                Ok(())
            })
        })
        .expect("valid successes are read");
}
