//! Credentials (resolved, cached, or failing) and the other failures of building a request,
//! which send nothing.

use super::*;
use aws_credential_types::provider::error::CredentialsError;

#[tokio::test]
async fn hostile_credentials_do_not_panic() {
    let fake = FakeClient::new(vec![Ok((200, vec![], "{}"))]);
    let builder = config().credentials_provider(Credentials::new(
        "AKID",
        "SECRET",
        Some("bad\ntoken".into()),
        None,
        "test",
    ));
    let handle = handle_with(builder, fake.clone());
    let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
    assert!(matches!(err, InvokeError::Construction(_)), "{err:?}");
    assert_eq!(fake.calls(), 0);
}

#[tokio::test]
async fn missing_region_credentials_or_endpoint_fail_construction() {
    let fake = FakeClient::new(vec![]);
    let no_region = Config::builder()
        .credentials_provider(Credentials::new("A", "B", None, None, "t"))
        .http_client(fake.clone())
        .build();
    let err = invoke(&Handle::new(no_region, &SPEC), "Op", vec![])
        .await
        .unwrap_err();
    assert!(matches!(err, InvokeError::Construction(_)), "{err:?}");

    let no_creds = Config::builder()
        .region("us-east-1")
        .http_client(fake.clone())
        .build();
    let err = invoke(&Handle::new(no_creds, &SPEC), "Op", vec![])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("credentials"), "{err}");

    let bad_url = config()
        .endpoint_url("not a url")
        .http_client(fake.clone())
        .build();
    let handle = Handle::new(bad_url, &SPEC);
    assert!(handle.endpoint().is_err());
    let err = invoke(&handle, "Op", vec![]).await.unwrap_err();
    assert!(matches!(err, InvokeError::Construction(_)), "{err:?}");

    static BAD_RULES: ServiceSpec = ServiceSpec {
        rule_set: Some("{not json"),
        ..SPEC
    };
    let handle = Handle::new(config().http_client(fake.clone()).build(), &BAD_RULES);
    let err = invoke(&handle, "Op", vec![]).await.unwrap_err();
    assert!(err.to_string().contains("rule set"), "{err}");

    let failing = EnvironmentCredentials::load(&|_| None).unwrap_err();
    assert!(failing.to_string().contains("not loaded") || StdError::source(&failing).is_some());
    assert_eq!(fake.calls(), 0);
}

#[tokio::test]
async fn credentials_provider_errors_are_construction_failures() {
    #[derive(Debug)]
    struct Failing;
    impl ProvideCredentials for Failing {
        fn provide_credentials<'a>(
            &'a self,
        ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            aws_credential_types::provider::future::ProvideCredentials::ready(Err(
                CredentialsError::not_loaded("nope"),
            ))
        }
    }
    let fake = FakeClient::new(vec![]);
    let handle = handle_with(config().credentials_provider(Failing), fake.clone());
    let err = invoke(&handle, "Op", vec![]).await.unwrap_err();
    assert!(matches!(err, InvokeError::Construction(_)), "{err:?}");
    assert_eq!(fake.calls(), 0);
}

#[tokio::test]
async fn credentials_are_cached() {
    #[derive(Debug, Default)]
    struct Counting(AtomicU32);
    impl ProvideCredentials for Counting {
        fn provide_credentials<'a>(
            &'a self,
        ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            self.0.fetch_add(1, Ordering::SeqCst);
            aws_credential_types::provider::future::ProvideCredentials::ready(Ok(Credentials::new(
                "AKID", "S", None, None, "counting",
            )))
        }
    }
    let provider = Arc::new(Counting::default());
    #[derive(Debug)]
    struct Shared(Arc<Counting>);
    impl ProvideCredentials for Shared {
        fn provide_credentials<'a>(
            &'a self,
        ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            self.0.provide_credentials()
        }
    }
    let fake = FakeClient::new(vec![Ok((200, vec![], "{}")), Ok((200, vec![], "{}"))]);
    let handle = handle_with(
        config().credentials_provider(Shared(provider.clone())),
        fake,
    );
    invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
    invoke(&handle, "Op", b"{}".to_vec()).await.unwrap();
    assert_eq!(provider.0.load(Ordering::SeqCst), 1);
}
