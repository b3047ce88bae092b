//! What the protocol test cases of `cargo xtask protocol-tests` run on.
//!
//! `cargo xtask protocol-tests` writes one test file per suite into a workspace of its own under
//! `target/protocol-tests/`; each case there is an async function that builds a generated client
//! over a fake HTTP transport and checks what the client sends or parses. This crate is what those
//! files share, kept in the repository so it is compiled, linted and tested with the project:
//!
//! - [`run_suite`]: runs the cases one by one, reports each and fails on unexpected failures.
//! - [`Canned`] and [`Seen`]: the fake transport's answer and the requests it captured.
//! - [`check_request`]: compares the one captured request with a case's expected request.
//! - [`compare`] and [`json_eq`]: compare parsed values and JSON bodies.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

/// What a case's function returns: `Err` says why the case fails.
pub type CaseFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// How long one case may run before it fails as timed out.
const CASE_TIMEOUT: Duration = Duration::from_secs(60);

/// One case of a suite.
pub struct Case {
    /// The case's id in its test file, used in the report.
    pub id: &'static str,
    /// Starts the case.
    pub run: fn() -> CaseFuture,
}

/// The requests a fake client saw, shared between the fake transport and the case.
pub type Seen = Arc<Mutex<Vec<http::Request<Vec<u8>>>>>;

/// A canned HTTP response, what the fake transport answers every request with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canned {
    /// The status code.
    pub status: u16,
    /// The headers, as (name, value), in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Canned {
    /// `200 {}` with the given `Content-Type`, what request cases answer with.
    pub fn ok_empty(content_type: &str) -> Canned {
        Canned {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: b"{}".to_vec(),
        }
    }

    /// A case's `response`, the JSON text of `{status_code, headers, body}`; a missing status
    /// code is 200, missing headers or body are empty.
    ///
    /// # Panics
    ///
    /// When `text` is not JSON (the generator writes it from a parsed test file).
    pub fn from_json(text: &str) -> Canned {
        let v: Value = serde_json::from_str(text).expect("the response is JSON");
        Canned {
            status: v
                .get("status_code")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(200),
            headers: v
                .get("headers")
                .and_then(Value::as_object)
                .map(|h| {
                    h.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect()
                })
                .unwrap_or_default(),
            body: v
                .get("body")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .as_bytes()
                .to_vec(),
        }
    }

    /// The response to hand the client.
    ///
    /// # Panics
    ///
    /// When the status code or a header is not valid HTTP.
    pub fn to_response(&self) -> http::Response<Vec<u8>> {
        let mut response = http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            response = response.header(name, value);
        }
        response
            .body(self.body.clone())
            .expect("a valid canned response")
    }
}

/// Compares the one request a case sent with the case's `serialized` request (its JSON text):
/// method, URI, host, headers (with `Content-Type` and `X-Amz-Target` expected unless the case
/// names them itself), forbidden and required headers, and the body as JSON. `Err` lists every
/// difference.
///
/// # Panics
///
/// When `serialized`, or the body it expects, is not JSON.
pub fn check_request(
    seen: &Seen,
    serialized: &str,
    content_type: &str,
    target: &str,
) -> Result<(), String> {
    let expected: Value = serde_json::from_str(serialized).expect("serialized is JSON");
    let requests = seen.lock().unwrap_or_else(|e| e.into_inner());
    let request = match requests.as_slice() {
        [one] => one,
        [] => return Err("no request was sent".into()),
        many => return Err(format!("{} requests were sent, not one", many.len())),
    };
    let mut problems = Vec::new();
    let text = |key: &str| expected.get(key).and_then(Value::as_str);
    if let Some(method) = text("method")
        && request.method().as_str() != method
    {
        problems.push(format!("method {} (expected {method})", request.method()));
    }
    if let Some(uri) = text("uri") {
        let actual = request
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        if actual != uri {
            problems.push(format!("URI {actual:?} (expected {uri:?})"));
        }
    }
    if let Some(host) = text("host") {
        let host = host.split('/').next().unwrap_or(host);
        let actual = request.uri().authority().map(|a| a.as_str()).unwrap_or("");
        if actual != host {
            problems.push(format!("host {actual:?} (expected {host:?})"));
        }
    }
    let header = |name: &str| -> Option<String> {
        let values: Vec<&str> = request
            .headers()
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not UTF-8>"))
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    let mut wanted: Vec<(String, String)> = vec![
        ("Content-Type".into(), content_type.into()),
        ("X-Amz-Target".into(), target.into()),
    ];
    if let Some(headers) = expected.get("headers").and_then(Value::as_object) {
        for (name, value) in headers {
            wanted.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            wanted.push((name.clone(), value.as_str().unwrap_or_default().to_owned()));
        }
    }
    for (name, value) in &wanted {
        match header(name) {
            Some(actual) if actual == *value => {}
            Some(actual) => {
                problems.push(format!("header {name}: {actual:?} (expected {value:?})"))
            }
            None => problems.push(format!("header {name} is missing (expected {value:?})")),
        }
    }
    for key in ["forbidHeaders", "forbiddenHeaders"] {
        for name in expected
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = name.as_str().unwrap_or_default();
            if let Some(actual) = header(name) {
                problems.push(format!("header {name} must not be sent, found {actual:?}"));
            }
        }
    }
    for name in expected
        .get("requireHeaders")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = name.as_str().unwrap_or_default();
        if header(name).is_none() {
            problems.push(format!("header {name} is required but missing"));
        }
    }
    if let Some(body) = text("body") {
        let actual = request.body();
        if body.trim().is_empty() {
            if !actual.is_empty() {
                problems.push(format!(
                    "body {:?} (expected no body)",
                    String::from_utf8_lossy(actual)
                ));
            }
        } else {
            let want: Value = serde_json::from_str(body).expect("the expected body is JSON");
            match serde_json::from_slice::<Value>(actual) {
                Ok(got) if json_eq(&got, &want) => {}
                Ok(got) => problems.push(format!("body {got} (expected {want})")),
                Err(e) => problems.push(format!(
                    "body {:?} is not JSON ({e}); expected {want}",
                    String::from_utf8_lossy(actual)
                )),
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// JSON equality where numbers compare by value (`1` equals `1.0`) and objects ignore the order
/// of their keys.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Compares a parsed value with the expected one; with `nan` (the expected value holds a NaN),
/// also by their `Debug` text, since NaN is not equal to itself.
pub fn compare<T: PartialEq + Debug>(actual: &T, expected: &T, nan: bool) -> Result<(), String> {
    if actual == expected || (nan && format!("{actual:?}") == format!("{expected:?}")) {
        Ok(())
    } else {
        Err(format!("parsed {actual:?}, expected {expected:?}"))
    }
}

/// The message a panic was raised with.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(s) => (*s).to_owned(),
            Err(_) => "a panic without a message".to_owned(),
        },
    }
}

/// Runs every case of test file `file` in order, prints one line each, writes the outcomes to
/// `$PROTOCOL_TESTS_RESULTS/<suite>.json` when that variable is set (`<suite>` is `file` without
/// `.botocore.json`, with `-` and `.` as `_`), and panics when a case not listed in `known`
/// fails. A case that panics or runs longer than a minute fails with that reason.
pub fn run_suite(file: &str, cases: &[Case], known: &[&str]) {
    // A panicking case is reported as a failure with its message, not printed by the hook.
    std::panic::set_hook(Box::new(|_| {}));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let mut outcomes = Vec::new();
    for case in cases {
        let outcome = runtime.block_on(async {
            let task = tokio::spawn((case.run)());
            match tokio::time::timeout(CASE_TIMEOUT, task).await {
                Err(_) => Err(format!("timed out after {} s", CASE_TIMEOUT.as_secs())),
                Ok(Ok(outcome)) => outcome,
                Ok(Err(e)) if e.is_panic() => {
                    Err(format!("panicked: {}", panic_message(e.into_panic())))
                }
                Ok(Err(e)) => Err(format!("did not finish: {e}")),
            }
        });
        outcomes.push((case.id, outcome));
    }
    let _ = std::panic::take_hook();
    let mut unexpected = Vec::new();
    for (id, outcome) in &outcomes {
        match outcome {
            Ok(()) => println!("ok     {id}"),
            Err(why) => {
                println!("FAILED {id}: {why}");
                if !known.contains(id) {
                    unexpected.push(*id);
                }
            }
        }
    }
    if let Some(dir) = std::env::var_os("PROTOCOL_TESTS_RESULTS") {
        let list: Vec<Value> = outcomes
            .iter()
            .map(|(id, o)| {
                serde_json::json!({
                    "id": id,
                    "ok": o.is_ok(),
                    "reason": o.as_ref().err(),
                })
            })
            .collect();
        let path = std::path::Path::new(&dir).join(format!("{}.json", suite_stem(file)));
        std::fs::write(&path, serde_json::to_string_pretty(&list).expect("JSON"))
            .expect("the results file can be written");
    }
    assert!(
        unexpected.is_empty(),
        "{file}: {} case(s) failed: {}",
        unexpected.len(),
        unexpected.join(", ")
    );
}

/// `awsjson1_1-input.botocore.json` → `awsjson1_1_input`: the name of a suite's results file.
fn suite_stem(file: &str) -> String {
    file.trim_end_matches(".botocore.json")
        .replace(['-', '.'], "_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A request as (method, URI, headers, body).
    type Sent<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);

    /// A [`Seen`] holding the requests built from `requests`.
    fn seen(requests: &[Sent<'_>]) -> Seen {
        let list = requests
            .iter()
            .map(|(method, uri, headers, body)| {
                let mut r = http::Request::builder().method(*method).uri(*uri);
                for (name, value) in *headers {
                    r = r.header(*name, *value);
                }
                r.body(body.as_bytes().to_vec()).unwrap()
            })
            .collect();
        Arc::new(Mutex::new(list))
    }

    const JSON_1_1: &str = "application/x-amz-json-1.1";
    const HEADERS: &[(&str, &str)] = &[
        ("Content-Type", JSON_1_1),
        ("X-Amz-Target", "JsonProtocol.Greet"),
    ];

    #[test]
    fn json_eq_compares_numbers_by_value_and_objects_by_keys() {
        assert!(json_eq(&json!(1), &json!(1.0)));
        assert!(json_eq(&json!(-3), &json!(-3.0)));
        assert!(json_eq(&json!(u64::MAX), &json!(u64::MAX)));
        assert!(!json_eq(&json!(1), &json!(1.5)));
        assert!(!json_eq(&json!(1), &json!("1")));
        assert!(json_eq(
            &json!({"a": 1, "b": [1, 2.0]}),
            &json!({"b": [1.0, 2], "a": 1.0})
        ));
        assert!(!json_eq(&json!({"a": 1}), &json!({"a": 1, "b": null})));
        assert!(!json_eq(&json!([1, 2]), &json!([2, 1])));
        assert!(!json_eq(&json!([1]), &json!([1, 1])));
    }

    #[test]
    fn compare_accepts_nan_only_when_asked() {
        assert_eq!(compare(&1.5, &1.5, false), Ok(()));
        assert!(compare(&f64::NAN, &f64::NAN, false).is_err());
        assert_eq!(compare(&f64::NAN, &f64::NAN, true), Ok(()));
        assert_eq!(
            compare(&Some(1.0), &Some(2.0), true),
            Err("parsed Some(1.0), expected Some(2.0)".to_owned())
        );
    }

    #[test]
    fn canned_from_json_fills_defaults() {
        let full = Canned::from_json(
            r#"{"status_code": 400, "headers": {"X-Amzn-Errortype": "Bad"}, "body": "{}"}"#,
        );
        assert_eq!(
            full,
            Canned {
                status: 400,
                headers: vec![("X-Amzn-Errortype".into(), "Bad".into())],
                body: b"{}".to_vec(),
            }
        );
        let response = full.to_response();
        assert_eq!(response.status(), 400);
        assert_eq!(response.headers()["x-amzn-errortype"], "Bad");
        assert_eq!(response.body(), b"{}");
        let empty = Canned::from_json("{}");
        assert_eq!(empty.status, 200);
        assert!(empty.headers.is_empty() && empty.body.is_empty());
    }

    #[test]
    fn check_request_accepts_a_matching_request() {
        let seen = seen(&[(
            "POST",
            "https://example.com/",
            HEADERS,
            r#"{"b": 2.0, "a": "x"}"#,
        )]);
        let serialized = r#"{"method": "POST", "uri": "/", "host": "example.com",
            "body": "{\"a\": \"x\", \"b\": 2}", "forbidHeaders": ["X-Forbidden"],
            "requireHeaders": ["Content-Type"]}"#;
        assert_eq!(
            check_request(&seen, serialized, JSON_1_1, "JsonProtocol.Greet"),
            Ok(())
        );
    }

    #[test]
    fn check_request_names_every_difference() {
        let seen = seen(&[(
            "PUT",
            "https://other.example.com/x",
            &[("Content-Type", JSON_1_1), ("X-Forbidden", "1")],
            r#"{"a": 1}"#,
        )]);
        let serialized = r#"{"method": "POST", "uri": "/", "host": "example.com",
            "body": "{\"a\": 2}", "forbidHeaders": ["X-Forbidden"],
            "requireHeaders": ["X-Required"]}"#;
        let problems = check_request(&seen, serialized, JSON_1_1, "JsonProtocol.Greet")
            .expect_err("the request differs");
        for expected in [
            "method PUT (expected POST)",
            r#"URI "/x" (expected "/")"#,
            r#"host "other.example.com" (expected "example.com")"#,
            r#"header X-Amz-Target is missing (expected "JsonProtocol.Greet")"#,
            r#"header X-Forbidden must not be sent, found "1""#,
            "header X-Required is required but missing",
            r#"body {"a":1} (expected {"a":2})"#,
        ] {
            assert!(problems.contains(expected), "{expected:?} in {problems:?}");
        }
        assert!(!problems.contains("Content-Type"), "{problems}");
    }

    #[test]
    fn check_request_lets_the_case_override_expected_headers() {
        let seen = seen(&[(
            "POST",
            "https://example.com/",
            &[("Content-Type", "application/json")],
            "",
        )]);
        // The case's own Content-Type replaces the protocol's, whatever its case.
        let serialized = r#"{"headers": {"content-type": "application/json",
            "X-Amz-Target": "Other.Op"}, "body": ""}"#;
        assert_eq!(
            check_request(&seen, serialized, JSON_1_1, "JsonProtocol.Greet"),
            Err(r#"header X-Amz-Target is missing (expected "Other.Op")"#.to_owned())
        );
    }

    #[test]
    fn check_request_wants_exactly_one_request() {
        let none = seen(&[]);
        assert_eq!(
            check_request(&none, "{}", JSON_1_1, "T.Op"),
            Err("no request was sent".to_owned())
        );
        let one = ("POST", "https://example.com/", HEADERS, "{}");
        let two = seen(&[one, one]);
        assert_eq!(
            check_request(&two, "{}", JSON_1_1, "T.Op"),
            Err("2 requests were sent, not one".to_owned())
        );
    }

    #[test]
    fn check_request_expects_no_body_for_an_empty_one() {
        let seen = seen(&[("POST", "https://example.com/", HEADERS, "{}")]);
        assert_eq!(
            check_request(&seen, r#"{"body": ""}"#, JSON_1_1, "JsonProtocol.Greet"),
            Err(r#"body "{}" (expected no body)"#.to_owned())
        );
    }

    #[test]
    fn panic_messages_are_read_from_either_payload() {
        assert_eq!(panic_message(Box::new("static")), "static");
        assert_eq!(panic_message(Box::new(String::from("owned"))), "owned");
        assert_eq!(panic_message(Box::new(7)), "a panic without a message");
    }

    #[test]
    fn suite_stems_match_the_test_names() {
        assert_eq!(
            suite_stem("awsjson1_1-input.botocore.json"),
            "awsjson1_1_input"
        );
        assert_eq!(
            suite_stem("awsjson1_0-output.botocore.json"),
            "awsjson1_0_output"
        );
    }
}
