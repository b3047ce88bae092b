//! What the endpoint tests share.

use std::sync::{Arc, Mutex};

use lean_aws_runtime::client::{
    Credentials, DisplayErrorContext, HttpClient, HttpFuture, SdkError,
};

/// Credentials, with the caller's account ID when the case gives one.
pub fn credentials(account: Option<&str>) -> Credentials {
    let mut builder = Credentials::builder()
        .access_key_id("AKID")
        .secret_access_key("SECRET")
        .provider_name("endpoint tests");
    if let Some(account) = account {
        builder = builder.account_id(account);
    }
    builder.build()
}

/// Records each request and answers it with a modeled error, so that no output has to be read.
#[derive(Debug, Default)]
pub struct Recorder(Mutex<Vec<http::Request<Vec<u8>>>>);

impl Recorder {
    pub fn new() -> Arc<Recorder> {
        Arc::default()
    }
}

impl HttpClient for Recorder {
    fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        self.0.lock().expect("not poisoned").push(request);
        Box::pin(async {
            Ok(http::Response::builder()
                .status(400)
                .header("x-amzn-errortype", "ResourceNotFoundException")
                .body(b"{}".to_vec())?)
        })
    }
}

pub enum Expect {
    /// The request goes to `url`, with these headers, signed for this (region, name).
    Endpoint {
        url: &'static str,
        headers: &'static [(&'static str, &'static str)],
        scope: Option<(Option<&'static str>, Option<&'static str>)>,
    },
    /// The call fails before anything is sent, with this message.
    Error(&'static str),
}

/// What is wrong with a call's outcome, if anything.
pub fn check<O, E: std::error::Error + 'static>(
    recorder: &Recorder,
    result: Result<O, SdkError<E>>,
    expect: Expect,
) -> Option<String> {
    let requests = recorder.0.lock().expect("not poisoned");
    match expect {
        Expect::Error(message) => match (result, requests.first()) {
            (Err(e @ SdkError::ConstructionFailure(_)), None) => {
                let text = DisplayErrorContext(&e).to_string();
                (!text.contains(message))
                    .then(|| format!("expected the error {message:?}, got {text:?}"))
            }
            (_, Some(request)) => Some(format!(
                "expected the error {message:?}, but the request went to {}",
                request.uri()
            )),
            (Err(e), None) => Some(format!(
                "expected the error {message:?}, got {}",
                DisplayErrorContext(&e)
            )),
            (Ok(_), None) => Some(format!("expected the error {message:?}, got an output")),
        },
        Expect::Endpoint {
            url,
            headers,
            scope,
        } => {
            let Some(request) = requests.first() else {
                return Some(match result {
                    Err(e) => format!("expected {url}, got {}", DisplayErrorContext(&e)),
                    Ok(_) => format!("expected {url}, but nothing was sent"),
                });
            };
            let sent = request.uri().to_string();
            if sent.trim_end_matches('/') != url.trim_end_matches('/') {
                return Some(format!("expected {url}, the request went to {sent}"));
            }
            for (name, value) in headers {
                let values: Vec<_> = request.headers().get_all(*name).iter().collect();
                if !values.iter().any(|v| v.as_bytes() == value.as_bytes()) {
                    return Some(format!(
                        "expected the header {name}: {value}, got {values:?}"
                    ));
                }
            }
            if let Some((region, name)) = scope {
                let authorization = request
                    .headers()
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                let scope_part = |part: Option<&str>| {
                    part.is_none_or(|p| authorization.contains(&format!("/{p}/")))
                };
                if !scope_part(region) || !scope_part(name) {
                    return Some(format!(
                        "expected a signature for {region:?} and {name:?}, got {authorization:?}"
                    ));
                }
            }
            None
        }
    }
}
