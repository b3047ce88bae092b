//! Which outcomes are retried, how often, and what is finally returned.

use super::*;

const THROTTLED: Reply = Ok((
    400,
    vec![],
    r#"{"__type":"ThrottlingException","message":"slow"}"#,
));

#[tokio::test]
async fn throttling_is_retried_then_returned() {
    let fake = FakeClient::new(vec![
        THROTTLED,
        THROTTLED,
        THROTTLED,
        Ok((200, vec![], "{}")),
    ]);
    let handle = handle_with(config(), fake.clone());
    let body = br#"{"ClientToken":"tok-1"}"#.to_vec();
    let raw = invoke(&handle, "UpdateUserProfile", body.clone())
        .await
        .unwrap();
    assert_eq!(raw.status, 400);
    assert_eq!(
        parse_error_metadata(&raw).code(),
        Some("ThrottlingException")
    );
    assert_eq!(fake.calls(), 3);
    let requests = fake.requests();
    for (i, r) in requests.iter().enumerate() {
        assert_eq!(r.body(), &body, "same body on every attempt");
        assert_eq!(
            r.headers()["amz-sdk-request"],
            format!("attempt={}; max=3", i + 1).as_str()
        );
        assert_eq!(
            r.headers()["amz-sdk-invocation-id"],
            requests[0].headers()["amz-sdk-invocation-id"]
        );
    }
}

#[tokio::test]
async fn server_error_then_success() {
    let fake = FakeClient::new(vec![
        Ok((500, vec![], "oops")),
        Ok((200, vec![("x-amzn-requestid", "r2")], r#"{"a":1}"#)),
    ]);
    let handle = handle_with(config(), fake.clone());
    let raw = invoke(&handle, "ListDomains", b"{}".to_vec())
        .await
        .unwrap();
    assert!(raw.is_success());
    assert_eq!(raw.body, br#"{"a":1}"#);
    assert_eq!(raw.request_id(), Some("r2"));
    assert_eq!(fake.calls(), 2);
}

#[tokio::test]
async fn retryable_statuses_and_codes() {
    for reply in [
        Ok((502, vec![], "")),
        Ok((503, vec![], "<html/>")),
        Ok((504, vec![], "")),
        Ok((429, vec![], "")),
        Ok((
            400,
            vec![("x-amzn-errortype", "RequestTimeoutException")],
            "",
        )),
        Ok((400, vec![], r#"{"code":"InternalServerError"}"#)),
        Err("connection reset"),
    ] {
        let fake = FakeClient::new(vec![reply.clone(), Ok((200, vec![], "{}"))]);
        let handle = handle_with(config(), fake.clone());
        let raw = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
        assert_eq!(raw.status, 200, "{reply:?}");
        assert_eq!(fake.calls(), 2, "{reply:?}");
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for reply in [
        Ok((400, vec![], r#"{"__type":"ValidationException"}"#)),
        Ok((400, vec![], r#"{"__type":"ResourceLimitExceeded"}"#)),
        Ok((404, vec![], "")),
        Ok((501, vec![], "")),
    ] {
        let fake = FakeClient::new(vec![reply.clone(), Ok((200, vec![], "{}"))]);
        let handle = handle_with(config(), fake.clone());
        let raw = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
        assert!(!raw.is_success(), "{reply:?}");
        assert_eq!(fake.calls(), 1, "{reply:?}");
    }
}

#[tokio::test]
async fn transport_errors_exhaust_into_dispatch_failure() {
    let fake = FakeClient::new(vec![Err("reset"), Err("reset"), Err("reset")]);
    let handle = handle_with(config(), fake.clone());
    let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
    assert!(matches!(err, InvokeError::Dispatch(_)), "{err:?}");
    assert_eq!(fake.calls(), 3);
    let sdk: SdkError<ErrorMetadata> = err.into();
    assert!(matches!(sdk, SdkError::DispatchFailure(_)));
    assert!(DisplayErrorContext(&sdk).to_string().contains("reset"));
    assert!(sdk.source().is_some());
}

#[tokio::test]
async fn disabled_retries_make_one_attempt() {
    let fake = FakeClient::new(vec![THROTTLED, Ok((200, vec![], "{}"))]);
    let handle = handle_with(config().retry_config(RetryConfig::disabled()), fake.clone());
    let raw = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
    assert_eq!(raw.status, 400);
    assert_eq!(fake.calls(), 1);
}

#[tokio::test]
async fn more_attempts_when_configured() {
    let fake = FakeClient::new(vec![
        THROTTLED,
        THROTTLED,
        THROTTLED,
        THROTTLED,
        Ok((200, vec![], "{}")),
    ]);
    let retry = config().build().retry_config().with_max_attempts(5);
    let handle = handle_with(config().retry_config(retry), fake.clone());
    let raw = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(fake.calls(), 5);
}
