//! Credentials: the provider reading the environment, and the cache each
//! [`Handle`](super::Handle) keeps so that its provider is asked once per credentials' lifetime.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::provider::error::CredentialsError;

use super::{Credentials, ProvideCredentials};

/// Credentials provider reading `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`
/// and (optionally) `AWS_SESSION_TOKEN` and `AWS_ACCOUNT_ID` each time it is asked.
#[derive(Clone, Copy, Debug, Default)]
pub struct EnvironmentCredentials {
    _private: (),
}

impl EnvironmentCredentials {
    /// A provider reading the process environment.
    pub fn new() -> Self {
        EnvironmentCredentials { _private: () }
    }

    pub(super) fn load(
        get: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Credentials, CredentialsError> {
        let get = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let access_key = get("AWS_ACCESS_KEY_ID").ok_or_else(|| {
            CredentialsError::not_loaded("environment variable AWS_ACCESS_KEY_ID is not set")
        })?;
        let secret_key = get("AWS_SECRET_ACCESS_KEY").ok_or_else(|| {
            CredentialsError::not_loaded("environment variable AWS_SECRET_ACCESS_KEY is not set")
        })?;
        let mut credentials = Credentials::builder()
            .access_key_id(access_key)
            .secret_access_key(secret_key)
            .provider_name("Environment");
        credentials.set_session_token(get("AWS_SESSION_TOKEN"));
        credentials.set_account_id(get("AWS_ACCOUNT_ID").map(Into::into));
        Ok(credentials.build())
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::ready(Self::load(&|name| {
            std::env::var(name).ok()
        }))
    }
}

/// Credentials of a provider, cached until shortly before they expire.
#[derive(Debug)]
pub(super) struct CredentialsCache {
    provider: SharedCredentialsProvider,
    cached: Mutex<Option<(Credentials, SystemTime)>>,
}

impl CredentialsCache {
    const EXPIRY_BUFFER: Duration = Duration::from_secs(10);
    const DEFAULT_LIFETIME: Duration = Duration::from_secs(15 * 60);

    pub(super) fn new(provider: SharedCredentialsProvider) -> Self {
        CredentialsCache {
            provider,
            cached: Mutex::new(None),
        }
    }

    pub(super) async fn get(&self, now: SystemTime) -> Result<Credentials, CredentialsError> {
        let cached = self
            .cached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        if let Some((credentials, _)) = cached.filter(|(_, valid_until)| now < *valid_until) {
            return Ok(credentials);
        }
        let credentials = self.provider.provide_credentials().await?;
        let valid_until = match credentials.expiry() {
            Some(expiry) => expiry
                .checked_sub(Self::EXPIRY_BUFFER)
                .unwrap_or(UNIX_EPOCH),
            None => now
                .checked_add(Self::DEFAULT_LIFETIME)
                .unwrap_or(UNIX_EPOCH),
        };
        *self
            .cached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some((credentials.clone(), valid_until));
        Ok(credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_credentials() {
        let creds = EnvironmentCredentials::load(&|name| match name {
            "AWS_ACCESS_KEY_ID" => Some("AKID ".into()),
            "AWS_SECRET_ACCESS_KEY" => Some("SECRET\n".into()),
            "AWS_SESSION_TOKEN" => Some(String::new()),
            _ => None,
        })
        .unwrap();
        assert_eq!(creds.access_key_id(), "AKID");
        assert_eq!(creds.secret_access_key(), "SECRET");
        assert_eq!(creds.session_token(), None);
        let creds = EnvironmentCredentials::load(&|name| match name {
            "AWS_ACCESS_KEY_ID" => Some("A".into()),
            "AWS_SECRET_ACCESS_KEY" => Some("S".into()),
            "AWS_SESSION_TOKEN" => Some("T".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(creds.session_token(), Some("T"));
        assert!(
            EnvironmentCredentials::load(&|name| (name == "AWS_ACCESS_KEY_ID").then(|| "A".into()))
                .is_err()
        );
    }
}
