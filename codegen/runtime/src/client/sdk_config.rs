//! aws-config plugs in (feature `sdk-config`): a [`Config`] from aws-types' `SdkConfig`, as
//! aws-sdk-rust's `Client::new(&sdk_config)` and `config::Builder::from(&sdk_config)` make one.
//!
//! What `SdkConfig` carries and a client here uses: region, credentials provider, endpoint URL,
//! FIPS and dual-stack, retry and timeout settings (the read timeout included), stalled-stream
//! protection, request compression and behavior version. Its other settings (HTTP client, sleep
//! and time sources, identity cache, checksums, app name) are aws-sdk-rust's own machinery and
//! are not read.

use aws_types::SdkConfig;

use super::{Config, ConfigBuilder, IntoRegion, Region};

impl From<&SdkConfig> for ConfigBuilder {
    /// A builder holding what `sdk_config` sets. As in aws-sdk-rust, a service-specific endpoint
    /// from the environment (`AWS_ENDPOINT_URL_<SERVICE>`) wins over the shared
    /// `sdk_config.endpoint_url()`, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`; an
    /// endpoint set on this builder wins over both.
    fn from(sdk_config: &SdkConfig) -> Self {
        from_sdk_config(sdk_config, &|name| std::env::var(name).ok())
    }
}

impl From<&SdkConfig> for Config {
    fn from(sdk_config: &SdkConfig) -> Self {
        ConfigBuilder::from(sdk_config).build()
    }
}

pub(super) fn from_sdk_config(
    sdk_config: &SdkConfig,
    get: &dyn Fn(&str) -> Option<String>,
) -> ConfigBuilder {
    let mut config = Config {
        region: sdk_config.region().map(|r| r.as_ref().to_owned()),
        behavior_version: sdk_config.behavior_version(),
        credentials: sdk_config.credentials_provider(),
        ..Config::default()
    };
    let ignore_configured = get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if !ignore_configured {
        config.service_env_endpoints = true;
    }
    // Below a service-specific endpoint, as aws-sdk-rust ranks the shared one.
    config.env_endpoint_url = sdk_config.endpoint_url().map(ToOwned::to_owned);
    config.use_fips = sdk_config.use_fips().unwrap_or(false);
    config.use_dual_stack = sdk_config.use_dual_stack().unwrap_or(false);
    config.account_id_endpoint_mode = sdk_config.account_id_endpoint_mode().cloned();
    if let Some(retry) = sdk_config.retry_config() {
        config.retry_config = retry.clone().into();
    }
    if let Some(timeouts) = sdk_config.timeout_config() {
        config.timeout_config = timeouts.clone().into();
    }
    if let Some(protection) = sdk_config.stalled_stream_protection() {
        config.stalled_stream_protection = protection;
    }
    if sdk_config.disable_request_compression() == Some(true) {
        config.request_compression.enabled = false;
    }
    if let Some(min) = sdk_config.request_min_compression_size_bytes() {
        config.request_compression.min_size_bytes = usize::try_from(min).unwrap_or(usize::MAX);
    }
    ConfigBuilder { config }
}

impl IntoRegion for aws_types::region::Region {
    fn into_region(self) -> Option<Region> {
        Some(Region::new(self.as_ref().to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aws_credential_types::Credentials;
    use aws_credential_types::provider::SharedCredentialsProvider;
    use aws_smithy_types::retry::RetryConfig as SmithyRetry;
    use aws_smithy_types::timeout::TimeoutConfig as SmithyTimeouts;
    use aws_types::region::Region as SdkRegion;
    use aws_types::sdk_config::StalledStreamProtectionConfig;

    use super::*;
    use crate::client::BehaviorVersion;

    fn sdk_config() -> SdkConfig {
        SdkConfig::builder()
            .region(SdkRegion::new("eu-west-3"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "AKID", "SECRET", None, None, "test",
            )))
            .endpoint_url("http://localhost:4566")
            .use_fips(true)
            .retry_config(SmithyRetry::standard().with_max_attempts(7))
            .timeout_config(
                SmithyTimeouts::builder()
                    .read_timeout(Duration::from_secs(4))
                    .operation_timeout(Duration::from_secs(30))
                    .build(),
            )
            .stalled_stream_protection(
                StalledStreamProtectionConfig::enabled()
                    .grace_period(Duration::from_secs(9))
                    .upload_enabled(false)
                    .build(),
            )
            .request_min_compression_size_bytes(64)
            .behavior_version(BehaviorVersion::latest())
            .build()
    }

    #[test]
    fn every_setting_a_client_uses_is_taken() {
        let config = from_sdk_config(&sdk_config(), &|_| None).build();
        assert_eq!(config.region(), Some("eu-west-3"));
        assert!(config.credentials_provider().is_some());
        assert!(config.use_fips() && !config.use_dual_stack());
        assert_eq!(config.retry_config().max_attempts, 7);
        assert_eq!(
            config.timeout_config().operation_timeout,
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            config.timeout_config().read_timeout,
            Some(Duration::from_secs(4))
        );
        let stalled = config.stalled_stream_protection();
        assert!(!stalled.upload_enabled() && stalled.download_enabled());
        assert_eq!(stalled.grace_period(), Duration::from_secs(9));
        assert_eq!(config.request_compression().min_size_bytes, 64);
        assert_eq!(config.behavior_version, Some(BehaviorVersion::latest()));
        // The shared endpoint ranks below a service-specific one, as in aws-sdk-rust.
        assert_eq!(config.endpoint_url(), None);
        assert_eq!(
            config.env_endpoint_url.as_deref(),
            Some("http://localhost:4566")
        );
        assert!(config.service_env_endpoints);
    }

    #[test]
    fn an_empty_sdk_config_gives_the_defaults_and_the_ignore_flag_is_kept() {
        let empty = SdkConfig::builder().build();
        let ignore =
            |name: &str| (name == "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").then(|| "TRUE".to_owned());
        let config = from_sdk_config(&empty, &ignore).build();
        let defaults = Config::builder().build();
        assert_eq!(config.region(), None);
        assert_eq!(config.retry_config(), defaults.retry_config());
        assert_eq!(config.timeout_config(), defaults.timeout_config());
        assert_eq!(config.request_compression(), defaults.request_compression());
        let stalled = config.stalled_stream_protection();
        assert!(stalled.upload_enabled() && stalled.download_enabled());
        assert_eq!(stalled.grace_period(), Duration::from_secs(5));
        assert!(!config.service_env_endpoints);
    }

    #[test]
    fn aws_types_regions_are_accepted() {
        let config = Config::builder()
            .region(SdkRegion::new("ap-south-2"))
            .build();
        assert_eq!(config.region(), Some("ap-south-2"));
        // Without an impl for `Option` of aws-types' region, `None` still means ours.
        let cleared = Config::builder().region("us-east-1").region(None).build();
        assert_eq!(cleared.region(), None);
    }
}
