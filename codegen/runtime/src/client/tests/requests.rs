//! The request as sent: its headers, body and signature, including what an endpoint rule set adds.

use super::*;

#[tokio::test]
async fn request_shape_and_signature() {
    let fake = FakeClient::new(vec![Ok((200, vec![], ""))]);
    let handle = handle_with(config(), fake.clone());
    let raw = invoke(
        &handle,
        "UpdateUserProfile",
        br#"{"DomainId":"d-1"}"#.to_vec(),
    )
    .await
    .unwrap();
    assert!(raw.is_success() && raw.body.is_empty());
    let request = fake.requests().remove(0);
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://api.sagemaker.us-east-1.amazonaws.com/"
    );
    let h = request.headers();
    assert_eq!(h["content-type"], "application/x-amz-json-1.1");
    assert_eq!(h["x-amz-target"], "SageMaker.UpdateUserProfile");
    assert_eq!(h["host"], "api.sagemaker.us-east-1.amazonaws.com");
    assert_eq!(h["content-length"], "18");
    assert!(
        h["user-agent"]
            .to_str()
            .unwrap()
            .contains("api/sagemaker/2017-07-24")
    );
    assert_eq!(h["x-amz-date"], "20150830T123600Z");
    assert!(h.get("x-amz-security-token").is_none());
    let auth = h["authorization"].to_str().unwrap();
    assert!(
        auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sagemaker/aws4_request"
        ),
        "{auth}"
    );
    assert!(auth.contains("SignedHeaders="));
    assert!(auth.contains("x-amz-target"));
    assert!(auth.contains("Signature="));
    assert!(h["authorization"].is_sensitive());
    assert_eq!(request.body(), br#"{"DomainId":"d-1"}"#);
}

#[tokio::test]
async fn session_token_is_sent() {
    let fake = FakeClient::new(vec![Ok((200, vec![], "{}"))]);
    let builder = config().credentials_provider(Credentials::new(
        "AKID",
        "SECRET",
        Some("TOKEN".into()),
        None,
        "test",
    ));
    let handle = handle_with(builder, fake.clone());
    invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
    let request = fake.requests().remove(0);
    assert_eq!(request.headers()["x-amz-security-token"], "TOKEN");
    assert_eq!(request.headers()["x-amz-date"], "20150830T123600Z");
    let auth = request.headers()["authorization"].to_str().unwrap();
    assert!(
        auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sagemaker/aws4_request"
        )
    );
    assert!(auth.contains("x-amz-security-token"));
}

#[tokio::test]
async fn signed_headers_are_stable() {
    // Pin the set of signed headers (the signature itself was checked
    // against an independent SigV4 implementation) so that an accidental
    // change is noticed; it must not vary between calls.
    let fake = FakeClient::new(vec![Ok((200, vec![], "{}")), Ok((200, vec![], "{}"))]);
    let handle = handle_with(config(), fake.clone());
    invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
    invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
    let requests = fake.requests();
    let sig = |r: &http::Request<Vec<u8>>| {
        let auth = r.headers()["authorization"].to_str().unwrap().to_owned();
        auth.split("SignedHeaders=")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        sig(&requests[0]),
        "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target"
    );
    assert_eq!(sig(&requests[0]), sig(&requests[1]));
}

#[tokio::test]
async fn rule_set_headers_and_auth_scheme_are_applied() {
    static AUTH_RULES: ServiceSpec = ServiceSpec {
        rule_set: Some(
            r#"{"version":"1.0",
                "parameters":{"Region":{"type":"String","builtIn":"AWS::Region"}},
                "rules":[{"conditions":[],"type":"endpoint",
                          "endpoint":{"url":"https://x.{Region}.example/base",
                                      "headers":{"x-extra":["a","b"]},
                                      "properties":{"authSchemes":[
                                          {"name":"sigv4a","signingName":"nope"},
                                          {"name":"sigv4","signingName":"other",
                                           "signingRegion":"us-west-1"}]}}}]}"#,
        ),
        ..SPEC
    };
    let fake = FakeClient::new(vec![Ok((200, vec![], "{}"))]);
    let handle = Handle::new(config().http_client(fake.clone()).build(), &AUTH_RULES);
    assert_eq!(
        handle.endpoint().unwrap(),
        "https://x.us-east-1.example/base/"
    );
    invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
    let request = fake.requests().remove(0);
    let extra: Vec<_> = request.headers().get_all("x-extra").iter().collect();
    assert_eq!(extra, ["a", "b"]);
    assert_eq!(request.headers()["host"], "x.us-east-1.example");
    let auth = request.headers()["authorization"].to_str().unwrap();
    assert!(
        auth.contains("/20150830/us-west-1/other/aws4_request"),
        "{auth}"
    );
    assert!(auth.contains("x-extra"), "{auth}");
}

/// A rule set that routes by an operation's own parameters: `Stage` (as `@staticContextParams`
/// would bind it) and `Account` (as an input member's `@contextParam` would).
static STAGED: ServiceSpec = ServiceSpec {
    rule_set: Some(
        r#"{"version":"1.0",
            "parameters":{"Region":{"type":"String","builtIn":"AWS::Region"},
                          "Stage":{"type":"String"},"Account":{"type":"String"}},
            "rules":[
              {"conditions":[{"fn":"isSet","argv":[{"ref":"Account"}]},
                             {"fn":"isValidHostLabel","argv":[{"ref":"Account"},false]}],
               "type":"endpoint","endpoint":{"url":"https://{Account}.{Stage}.{Region}.example"}},
              {"conditions":[{"fn":"isSet","argv":[{"ref":"Account"}]}],
               "type":"error","error":"Account is not a host label"},
              {"conditions":[{"fn":"isSet","argv":[{"ref":"Stage"}]}],
               "type":"endpoint","endpoint":{"url":"https://{Stage}.{Region}.example"}},
              {"conditions":[],"type":"endpoint","endpoint":{"url":"https://{Region}.example"}}]}"#,
    ),
    ..SPEC
};

#[tokio::test]
async fn an_operations_endpoint_parameters_route_its_call() {
    let replies = (0..4).map(|_| Ok((200, vec![], "{}"))).collect();
    let fake = FakeClient::new(replies);
    let handle = Handle::new(config().http_client(fake.clone()).build(), &STAGED);
    assert_eq!(handle.endpoint().unwrap(), "https://us-east-1.example/");
    let send = |request: Request| {
        let handle = handle.clone();
        async move {
            let mut request = request;
            let body = std::mem::take(&mut request.body);
            invoke_with(&handle, "Op", body, &request.options()).await
        }
    };
    let value = |s: &str| Some(crate::endpoint::Value::String(s.to_owned()));
    send(Request::new(Vec::new())).await.unwrap();
    send(Request::new(Vec::new()).endpoint_param("Stage", value("data")))
        .await
        .unwrap();
    send(
        Request::new(Vec::new())
            .endpoint_param("Stage", value("data"))
            .endpoint_param("Account", value("123456789012")),
    )
    .await
    .unwrap();
    // An unset member binds nothing.
    send(Request::new(Vec::new()).endpoint_param("Account", None))
        .await
        .unwrap();
    let hosts: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| r.headers()["host"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        hosts,
        [
            "us-east-1.example",
            "data.us-east-1.example",
            "123456789012.data.us-east-1.example",
            "us-east-1.example",
        ]
    );
    // A value the rule set refuses fails the call before anything is sent.
    let error = send(Request::new(Vec::new()).endpoint_param("Account", value("not a label")))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("Account is not a host label"),
        "{error}"
    );
    assert_eq!(fake.calls(), 4);
}

/// A rule set that routes by the caller's account, as DynamoDB's does: through the
/// `AWS::Auth::AccountId` and `AWS::Auth::AccountIdEndpointMode` built-ins.
static BY_ACCOUNT: ServiceSpec = ServiceSpec {
    rule_set: Some(
        r#"{"version":"1.0",
            "parameters":{"Region":{"type":"String","builtIn":"AWS::Region"},
                          "AccountId":{"type":"String","builtIn":"AWS::Auth::AccountId"},
                          "AccountIdEndpointMode":{"type":"String",
                                                   "builtIn":"AWS::Auth::AccountIdEndpointMode"}},
            "rules":[
              {"conditions":[{"fn":"isSet","argv":[{"ref":"AccountIdEndpointMode"}]},
                             {"fn":"stringEquals","argv":[{"ref":"AccountIdEndpointMode"},"required"]},
                             {"fn":"not","argv":[{"fn":"isSet","argv":[{"ref":"AccountId"}]}]}],
               "type":"error","error":"AccountIdEndpointMode is required but no AccountID was provided"},
              {"conditions":[{"fn":"isSet","argv":[{"ref":"AccountId"}]},
                             {"fn":"isSet","argv":[{"ref":"AccountIdEndpointMode"}]},
                             {"fn":"not","argv":[{"fn":"stringEquals",
                                                  "argv":[{"ref":"AccountIdEndpointMode"},"disabled"]}]}],
               "type":"endpoint","endpoint":{"url":"https://{AccountId}.ddb.{Region}.example"}},
              {"conditions":[],"type":"endpoint","endpoint":{"url":"https://ddb.{Region}.example"}}]}"#,
    ),
    ..SPEC
};

#[tokio::test]
async fn the_callers_account_routes_calls_when_the_rules_take_it() {
    use aws_types::endpoint_config::AccountIdEndpointMode;
    let with_account = Credentials::builder()
        .access_key_id("AKID")
        .secret_access_key("SECRET")
        .account_id("111122223333")
        .provider_name("test")
        .build();
    let host = |builder: ConfigBuilder| async move {
        let fake = FakeClient::new(vec![Ok((200, vec![], "{}"))]);
        let handle = Handle::new(builder.http_client(fake.clone()).build(), &BY_ACCOUNT);
        invoke(&handle, "Op", b"{}".to_vec()).await.map(|_| {
            let request = fake.requests().remove(0);
            request.headers()["host"].to_str().unwrap().to_owned()
        })
    };
    // Unset, the mode is `preferred`: the account routes the call when the credentials carry one.
    assert_eq!(
        host(config().credentials_provider(with_account.clone()))
            .await
            .unwrap(),
        "111122223333.ddb.us-east-1.example"
    );
    assert_eq!(host(config()).await.unwrap(), "ddb.us-east-1.example");
    assert_eq!(
        host(
            config()
                .credentials_provider(with_account.clone())
                .account_id_endpoint_mode(AccountIdEndpointMode::Disabled)
        )
        .await
        .unwrap(),
        "ddb.us-east-1.example"
    );
    assert_eq!(
        host(
            config()
                .credentials_provider(with_account)
                .account_id_endpoint_mode(AccountIdEndpointMode::Required)
        )
        .await
        .unwrap(),
        "111122223333.ddb.us-east-1.example"
    );
    let error = host(config().account_id_endpoint_mode(AccountIdEndpointMode::Required))
        .await
        .unwrap_err();
    assert!(
        matches!(error, InvokeError::Construction(_))
            && error.to_string().contains("no AccountID was provided"),
        "{error}"
    );
}

#[test]
fn the_environment_gives_the_account_and_its_endpoint_mode() {
    let env = |name: &str| match name {
        "AWS_ACCESS_KEY_ID" => Some("AKID".to_owned()),
        "AWS_SECRET_ACCESS_KEY" => Some("SECRET".to_owned()),
        "AWS_ACCOUNT_ID" => Some(" 111122223333 ".to_owned()),
        "AWS_ACCOUNT_ID_ENDPOINT_MODE" => Some("Disabled".to_owned()),
        _ => None,
    };
    let credentials = super::super::credentials::EnvironmentCredentials::load(&env).unwrap();
    assert_eq!(
        credentials.account_id().map(|a| a.as_str()),
        Some("111122223333")
    );
    let config = ConfigBuilder::from_lookup(&env).build();
    assert_eq!(
        config.account_id_endpoint_mode(),
        Some(&aws_types::endpoint_config::AccountIdEndpointMode::Disabled)
    );
    // An unknown mode is passed over.
    let config = ConfigBuilder::from_lookup(&|name: &str| {
        (name == "AWS_ACCOUNT_ID_ENDPOINT_MODE").then(|| "sometimes".to_owned())
    })
    .build();
    assert_eq!(config.account_id_endpoint_mode(), None);
}

/// An operation that allows gzip sends a body of at least the configured size compressed, and
/// a smaller one as it is; one that does not allow it never compresses.
#[tokio::test]
async fn request_compression_for_operations_that_allow_it() {
    use std::io::Read as _;
    let body = format!(r#"{{"Text":"{}"}}"#, "a".repeat(100)).into_bytes();
    let fake = FakeClient::new(vec![
        Ok((200, vec![], "{}")),
        Ok((200, vec![], "{}")),
        Ok((200, vec![], "{}")),
    ]);
    let handle = handle_with(
        config().request_compression(RequestCompression {
            enabled: true,
            min_size_bytes: 64,
        }),
        fake.clone(),
    );
    let gzip = InvokeOptions::new(None).with_gzip();
    invoke_with(&handle, "PutText", body.clone(), &gzip)
        .await
        .unwrap();
    invoke_with(&handle, "PutText", b"{}".to_vec(), &gzip)
        .await
        .unwrap();
    invoke(&handle, "PutText", body.clone()).await.unwrap();
    let requests = fake.requests();
    let sent = &requests[0];
    assert_eq!(sent.headers()["content-encoding"], "gzip");
    assert_eq!(
        sent.headers()["content-length"],
        sent.body().len().to_string().as_str()
    );
    assert!(sent.body().len() < body.len());
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(sent.body().as_slice())
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, body);
    for request in &requests[1..] {
        assert!(request.headers().get("content-encoding").is_none());
    }
    assert_eq!(requests[1].body(), b"{}");
    assert_eq!(requests[2].body(), &body);
}
