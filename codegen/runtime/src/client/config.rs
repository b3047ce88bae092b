//! Client configuration: [`Config`] and its builder (also read from the environment), request
//! compression, and how strictly inputs are validated before they are sent.

use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use aws_credential_types::provider::SharedCredentialsProvider;

use super::{
    AccountIdEndpointMode, EnvironmentCredentials, HttpClient, ProvideCredentials, RetryConfig,
    StalledStreamProtectionConfig, TimeoutConfig,
};
use crate::validation::ValidationErrors;

/// How client-side input validation (model constraints) is applied before a
/// request is sent.
///
/// The default is [`ValidationMode::Lenient`]: constraint violations
/// (missing required members, lengths, ranges, patterns) are reported without
/// a round trip, but enum values the model does not know are let through. The
/// model compiled into this crate can be older than the service, which may
/// already accept new enum values; AWS's guidance is that SDKs must not reject
/// what the service might accept, so only the service gets to reject those.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ValidationMode {
    /// No client-side validation; the service validates.
    Off,
    /// Validate everything except unknown enum values (default).
    #[default]
    Lenient,
    /// Validate everything, unknown enum values included.
    Strict,
}

impl ValidationMode {
    /// Applies the mode to a validation result, returning the errors that
    /// should fail the call (`None` means "send the request").
    ///
    /// Accepts `Result<(), ValidationErrors>` or `Option<ValidationErrors>`.
    pub fn filter(self, outcome: impl IntoValidationErrors) -> Option<ValidationErrors> {
        let errors = outcome.into_validation_errors()?;
        match self {
            ValidationMode::Off => None,
            ValidationMode::Lenient => errors.without_unknown_enum_values(),
            ValidationMode::Strict => Some(errors),
        }
    }

    /// Like [`filter`](Self::filter), but only runs `validate` when the mode
    /// is not [`Off`](ValidationMode::Off).
    pub fn check<R: IntoValidationErrors>(
        self,
        validate: impl FnOnce() -> R,
    ) -> Option<ValidationErrors> {
        match self {
            ValidationMode::Off => None,
            _ => self.filter(validate()),
        }
    }
}

/// Conversion of a validation result into "the errors, if any"; see
/// [`ValidationMode::filter`].
pub trait IntoValidationErrors {
    /// The validation errors, or `None` when the input is valid.
    fn into_validation_errors(self) -> Option<ValidationErrors>;
}

impl IntoValidationErrors for Result<(), ValidationErrors> {
    fn into_validation_errors(self) -> Option<ValidationErrors> {
        self.err()
    }
}

impl IntoValidationErrors for Option<ValidationErrors> {
    fn into_validation_errors(self) -> Option<ValidationErrors> {
        self
    }
}

/// Client configuration; build it with [`Config::builder`] or
/// [`Config::from_env`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(super) region: Option<String>,
    pub(super) behavior_version: Option<super::BehaviorVersion>,
    pub(super) credentials: Option<SharedCredentialsProvider>,
    pub(super) endpoint_url: Option<String>,
    pub(super) env_endpoint_url: Option<String>,
    pub(super) service_env_endpoints: bool,
    pub(super) use_fips: bool,
    pub(super) use_dual_stack: bool,
    pub(super) account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    pub(super) retry_config: RetryConfig,
    pub(super) timeout_config: TimeoutConfig,
    pub(super) stalled_stream_protection: StalledStreamProtectionConfig,
    pub(super) validation_mode: ValidationMode,
    pub(super) http_client: Option<Arc<dyn HttpClient>>,
    /// The HTTP client made when none was set, on first use; every clone of one built `Config`
    /// shares it, so clients of several services built from it share one connection pool.
    pub(super) default_http_client: Arc<OnceLock<Arc<dyn HttpClient>>>,
    pub(super) time_source: fn() -> SystemTime,
    pub(super) request_compression: RequestCompression,
}

/// Request compression for operations that allow it (the model's `@requestCompression` trait):
/// bodies of at least `min_size_bytes` are sent gzip-compressed. AWS SDK defaults: on, 10240 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestCompression {
    /// Whether compression is used at all (`AWS_DISABLE_REQUEST_COMPRESSION` turns it off).
    pub enabled: bool,
    /// The smallest body that is compressed (`AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`).
    pub min_size_bytes: usize,
}

impl Default for RequestCompression {
    fn default() -> Self {
        RequestCompression {
            enabled: true,
            min_size_bytes: 10_240,
        }
    }
}

impl RequestCompression {
    /// Compression switched off.
    pub fn disabled() -> Self {
        RequestCompression {
            enabled: false,
            ..Self::default()
        }
    }

    /// Compression of bodies of at least `min_size_bytes`.
    pub fn with_min_size_bytes(min_size_bytes: usize) -> Self {
        RequestCompression {
            enabled: true,
            min_size_bytes,
        }
    }
}

impl Config {
    /// A builder with defaults: no region, no credentials, standard retries,
    /// default timeouts, stalled-stream protection (5 s), lenient validation, the default
    /// HTTP client ([`Http1Client`](super::Http1Client), or `HyperClient` with the `http2`
    /// feature).
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Configuration from the environment; see [`ConfigBuilder::from_env`].
    pub fn from_env() -> Config {
        ConfigBuilder::from_env().build()
    }

    /// A builder holding this configuration, to derive a modified one.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            config: self.clone(),
        }
    }

    /// The region requests are signed for and sent to.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The explicitly configured endpoint URL, if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints are requested.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack endpoints are requested.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// Whether endpoints may be chosen by account ID (for the services whose endpoint rules
    /// use it), if set; unset, the rules take it as `preferred`.
    pub fn account_id_endpoint_mode(&self) -> Option<&AccountIdEndpointMode> {
        self.account_id_endpoint_mode.as_ref()
    }

    /// Retry settings.
    pub fn retry_config(&self) -> RetryConfig {
        self.retry_config
    }

    /// Timeout settings.
    pub fn timeout_config(&self) -> TimeoutConfig {
        self.timeout_config
    }

    /// Stalled-stream protection of the default HTTP client (see
    /// [`ConfigBuilder::stalled_stream_protection`]). Unlike aws-sdk-rust's, which returns an
    /// `Option`, this is the setting in effect: the default when none was set.
    pub fn stalled_stream_protection(&self) -> StalledStreamProtectionConfig {
        self.stalled_stream_protection.clone()
    }

    /// Client-side validation mode.
    pub fn validation_mode(&self) -> ValidationMode {
        self.validation_mode
    }

    /// How request bodies are compressed for operations that allow it.
    pub fn request_compression(&self) -> RequestCompression {
        self.request_compression
    }

    /// The configured credentials provider, if any.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials.as_ref()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            region: None,
            behavior_version: None,
            credentials: None,
            endpoint_url: None,
            env_endpoint_url: None,
            service_env_endpoints: false,
            use_fips: false,
            use_dual_stack: false,
            account_id_endpoint_mode: None,
            retry_config: RetryConfig::default(),
            timeout_config: TimeoutConfig::default(),
            stalled_stream_protection: super::stalled_stream::default_protection(),
            validation_mode: ValidationMode::default(),
            http_client: None,
            default_http_client: Arc::default(),
            time_source: SystemTime::now,
            request_compression: RequestCompression::default(),
        }
    }
}

/// Builder of [`Config`].
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    pub(super) config: Config,
}

impl ConfigBuilder {
    /// A builder initialised from the process environment:
    ///
    /// * region: `AWS_REGION`, else `AWS_DEFAULT_REGION`;
    /// * credentials: [`EnvironmentCredentials`] (`AWS_ACCESS_KEY_ID`,
    ///   `AWS_SECRET_ACCESS_KEY`, optional `AWS_SESSION_TOKEN`), read lazily;
    /// * endpoint: `AWS_ENDPOINT_URL_<SDK_ID>` (for example
    ///   `AWS_ENDPOINT_URL_SAGEMAKER`), else `AWS_ENDPOINT_URL`, both ignored
    ///   when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`; an explicit
    ///   [`endpoint_url`](Self::endpoint_url) still wins;
    /// * `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` (`true`/`false`);
    /// * `AWS_ACCOUNT_ID_ENDPOINT_MODE` (`preferred`, `disabled`, `required`), and with the
    ///   credentials, `AWS_ACCOUNT_ID`;
    /// * `AWS_MAX_ATTEMPTS`;
    /// * `AWS_DISABLE_REQUEST_COMPRESSION`, `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`.
    pub fn from_env() -> ConfigBuilder {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    pub(super) fn from_lookup(get: &dyn Fn(&str) -> Option<String>) -> ConfigBuilder {
        let get = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let flag = |name: &str| get(name).and_then(|v| parse_bool(&v));
        let mut config = Config {
            region: get("AWS_REGION").or_else(|| get("AWS_DEFAULT_REGION")),
            credentials: Some(SharedCredentialsProvider::new(EnvironmentCredentials::new())),
            ..Config::default()
        };
        if flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") != Some(true) {
            config.env_endpoint_url = get("AWS_ENDPOINT_URL");
            config.service_env_endpoints = true;
        }
        config.use_fips = flag("AWS_USE_FIPS_ENDPOINT").unwrap_or(false);
        config.use_dual_stack = flag("AWS_USE_DUALSTACK_ENDPOINT").unwrap_or(false);
        // An unknown mode is passed over, as aws-config passes it over.
        config.account_id_endpoint_mode =
            get("AWS_ACCOUNT_ID_ENDPOINT_MODE").and_then(|v| v.parse().ok());
        if let Some(n) = get("AWS_MAX_ATTEMPTS").and_then(|v| v.parse::<u32>().ok()) {
            config.retry_config.max_attempts = n.max(1);
        }
        if flag("AWS_DISABLE_REQUEST_COMPRESSION") == Some(true) {
            config.request_compression.enabled = false;
        }
        if let Some(n) = get("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES").and_then(|v| v.parse().ok())
        {
            config.request_compression.min_size_bytes = n;
        }
        ConfigBuilder { config }
    }

    /// Sets the region: a [`Region`](super::Region), an `Option<Region>` (`None` clears it), or a
    /// region's name.
    pub fn region(mut self, region: impl super::IntoRegion) -> Self {
        self.set_region(region.into_region());
        self
    }

    /// Sets (or with `None`, clears) the region.
    pub fn set_region(&mut self, region: Option<super::Region>) -> &mut Self {
        self.config.region = region.map(|r| r.as_ref().to_owned());
        self
    }

    /// Records the behavior version aws-sdk-rust asks for. This client has one behavior, the
    /// latest, so the setting changes nothing; it is accepted so that aws-sdk code compiles.
    pub fn behavior_version(mut self, version: super::BehaviorVersion) -> Self {
        self.config.behavior_version = Some(version);
        self
    }

    /// Sets the credentials provider: static [`Credentials`](super::Credentials),
    /// [`EnvironmentCredentials`], or any [`ProvideCredentials`] (for example
    /// `aws-config`'s default chain). Resolved credentials are cached until
    /// 10 s before they expire (15 minutes when they carry no expiry).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sends requests to this URL instead of the resolved AWS endpoint.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Requests a FIPS endpoint.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = use_fips;
        self
    }

    /// Requests a dual-stack (IPv4 + IPv6) endpoint.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = use_dual_stack;
        self
    }

    /// Whether requests may go to endpoints chosen by the caller's account ID, for services
    /// whose endpoint rules use it (DynamoDB): `Preferred` (the default: when the credentials
    /// carry an account ID), `Disabled`, or `Required` (a call fails without one).
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.config.account_id_endpoint_mode = Some(mode);
        self
    }

    /// Sets (or with `None`, clears) the account ID endpoint mode.
    pub fn set_account_id_endpoint_mode(
        &mut self,
        mode: Option<AccountIdEndpointMode>,
    ) -> &mut Self {
        self.config.account_id_endpoint_mode = mode;
        self
    }

    /// Sets the retry settings: this crate's [`RetryConfig`], or aws-sdk-rust's
    /// (`aws_config::retry::RetryConfig`).
    pub fn retry_config(mut self, retry_config: impl Into<RetryConfig>) -> Self {
        self.config.retry_config = retry_config.into();
        self
    }

    /// Sets the timeout settings: this crate's [`TimeoutConfig`], or aws-sdk-rust's
    /// (`aws_config::timeout::TimeoutConfig`).
    pub fn timeout_config(mut self, timeout_config: impl Into<TimeoutConfig>) -> Self {
        self.config.timeout_config = timeout_config.into();
        self
    }

    /// Sets stalled-stream protection, with aws-sdk-rust's own settings type
    /// (`aws_config::stalled_stream_protection::StalledStreamProtectionConfig`, also
    /// [`StalledStreamProtectionConfig`](super::StalledStreamProtectionConfig) here):
    /// `StalledStreamProtectionConfig::enabled().grace_period(d).build()`, or `disabled()`.
    ///
    /// Default: on for uploads and downloads, with a 5 s grace period, as in aws-sdk-rust (note
    /// that `enabled().build()` without a `grace_period` gives that type's own default, 20 s).
    /// Once the response headers have arrived, an attempt whose response body yields no byte for
    /// the grace period fails; so does one whose request body the connection takes nothing of
    /// for the grace period (a server that stops reading). Either is a
    /// [`StalledStreamError`](super::StalledStreamError), a transport failure, retried as such.
    /// A zero grace period fails an attempt as soon as a body has to be waited for. The
    /// [`Http1Client`](super::Http1Client) docs give the details; an HTTP client set with
    /// [`http_client`](Self::http_client) has its own.
    pub fn stalled_stream_protection(
        mut self,
        stalled_stream_protection: StalledStreamProtectionConfig,
    ) -> Self {
        self.set_stalled_stream_protection(Some(stalled_stream_protection));
        self
    }

    /// Sets stalled-stream protection; `None` restores the default (on, 5 s grace period).
    pub fn set_stalled_stream_protection(
        &mut self,
        stalled_stream_protection: Option<StalledStreamProtectionConfig>,
    ) -> &mut Self {
        self.config.stalled_stream_protection =
            stalled_stream_protection.unwrap_or_else(super::stalled_stream::default_protection);
        self
    }

    /// Sets the client-side validation mode.
    pub fn validation_mode(mut self, validation_mode: ValidationMode) -> Self {
        self.config.validation_mode = validation_mode;
        self
    }

    /// Sets request compression (see [`RequestCompression`]).
    pub fn request_compression(mut self, request_compression: RequestCompression) -> Self {
        self.config.request_compression = request_compression;
        self
    }

    /// Replaces the default client ([`Http1Client`](super::Http1Client), or `HyperClient` with
    /// the `http2` feature). The connect and read timeouts of [`TimeoutConfig`] and the
    /// stalled-stream protection set here then no longer apply: a client passed here has its own
    /// (see [`Http1Client::from_config`](super::Http1Client::from_config)).
    pub fn http_client(mut self, http_client: impl HttpClient + 'static) -> Self {
        self.config.http_client = Some(Arc::new(http_client));
        self
    }

    /// Clock used for signing and credential expiry (tests only).
    #[doc(hidden)]
    pub fn time_source(mut self, time_source: fn() -> SystemTime) -> Self {
        self.config.time_source = time_source;
        self
    }

    /// Finishes the configuration. Clients made from it (and from its clones), of any service,
    /// share one HTTP client: the one set with [`ConfigBuilder::http_client`], or else one made
    /// on first use.
    pub fn build(mut self) -> Config {
        self.config.default_http_client = Arc::default();
        self.config
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::tests::raw;
    use crate::client::{ErrorMetadata, SdkError};
    use std::time::Duration;

    #[test]
    fn validation_modes() {
        use crate::validation::{ValidationErrors, Validator};
        fn errors(unknown_enum: bool, missing: bool) -> Option<ValidationErrors> {
            let mut v = Validator::new();
            if unknown_enum {
                v.enter("Status");
                v.unknown_enum_value("Brand-New", &["InService", "Failed"]);
                v.leave();
            }
            v.required("Name", !missing);
            v.finish().err()
        }
        let only_enum = || errors(true, false).unwrap();
        let mixed = || errors(true, true).unwrap();
        assert_eq!(ValidationMode::default(), ValidationMode::Lenient);
        assert_eq!(ValidationMode::Lenient.filter(Err(only_enum())), None);
        let lenient = ValidationMode::Lenient.filter(Err(mixed())).unwrap();
        assert_eq!(lenient.violations().len(), 1);
        assert_eq!(
            ValidationMode::Strict.filter(Err(only_enum())),
            Some(only_enum())
        );
        assert_eq!(ValidationMode::Off.filter(Err(mixed())), None);
        assert_eq!(ValidationMode::Strict.filter(Ok(())), None);
        assert_eq!(ValidationMode::Strict.filter(Some(mixed())), Some(mixed()));
        assert_eq!(
            ValidationMode::Off.check(|| -> Result<(), _> { panic!("not run") }),
            None
        );
        assert_eq!(ValidationMode::Strict.check(|| Err(mixed())), Some(mixed()));
        assert_eq!(
            ValidationMode::Lenient.check(|| errors(false, false).map_or(Ok(()), Err)),
            None
        );
        let e: SdkError<ErrorMetadata> = SdkError::construction_failure(mixed());
        assert_eq!(e.to_string(), "failed to construct request");
        assert_eq!(crate::client::validation_errors(&e), Some(&mixed()));
    }

    #[test]
    fn defaults() {
        let cfg = Config::builder().build();
        assert_eq!(cfg.retry_config(), RetryConfig::standard());
        assert_eq!(cfg.retry_config().max_attempts, 3);
        assert_eq!(
            cfg.timeout_config().connect_timeout,
            Some(Duration::from_millis(3100))
        );
        assert_eq!(cfg.timeout_config().operation_timeout, None);
        assert_eq!(cfg.timeout_config().read_timeout, None);
        let stalled = cfg.stalled_stream_protection();
        assert!(stalled.upload_enabled() && stalled.download_enabled());
        assert_eq!(stalled.grace_period(), Duration::from_secs(5));
        assert_eq!(cfg.validation_mode(), ValidationMode::Lenient);
        assert!(format!("{cfg:?}").contains("Config"));
        let debug = format!("{:?}", raw(200, &[], &"x".repeat(5000)));
        assert!(debug.contains("5000 bytes") && debug.len() < 2000);
    }
}
