//! Generic AWS JSON 1.0 / 1.1 client runtime.
//!
//! Compiled with the `client` feature. Generated operations use it like this:
//!
//! 1. validate the input ([`ValidationMode::filter`]) and fail with
//!    [`SdkError::validation`];
//! 2. serialize the input to JSON;
//! 3. call [`invoke`], which resolves the endpoint, signs the request with
//!    SigV4, sends it and retries throttling and transient failures;
//! 4. parse the body of a successful [`RawResponse`], or classify an error
//!    response with [`parse_error_metadata`] into a modeled error or an
//!    [`Unhandled`] one.
//!
//! Everything here is deliberately non-generic (except the small [`SdkError`]
//! helpers) so that a service with hundreds of operations compiles the
//! request pipeline once.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::provider::error::CredentialsError;
use http::header::{
    AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderMap, HeaderName, HeaderValue,
    USER_AGENT,
};

use crate::validation::ValidationErrors;

pub use aws_credential_types::Credentials;
pub use aws_credential_types::provider::ProvideCredentials;

/// A boxed, thread-safe error, used for transport and construction failures.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// Largest response body the default [`HyperClient`] reads (64 MiB); a longer
/// body fails the attempt with a dispatch failure instead of exhausting memory.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------
// Service description
// ---------------------------------------------------------------------------

/// Static description of one AWS JSON service, emitted once by the generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    /// Prefix of the `X-Amz-Target` header (`{target_prefix}.{operation}`).
    pub target_prefix: &'static str,
    /// AWS JSON protocol version, `"1.0"` or `"1.1"`.
    pub json_version: &'static str,
    /// SigV4 signing name.
    pub signing_name: &'static str,
    /// Endpoint prefix, used when no rule set is available.
    pub endpoint_prefix: &'static str,
    /// The service's endpoint rule set (JSON text), if the model has one.
    pub rule_set: Option<&'static str>,
    /// The service's SDK id (for example `"SageMaker"`).
    pub sdk_id: &'static str,
    /// The service's API version (for example `"2017-07-24"`).
    pub api_version: &'static str,
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/// Retry settings (AWS "standard" retry mode).
///
/// Throttling errors, transient errors, HTTP 500/502/503/504 (and 429),
/// transport failures and attempt timeouts are retried, with exponential
/// backoff and full jitter: before retry `n` (0-based) the client sleeps a
/// random duration in `[0, min(max_backoff, initial_backoff * 2^n))`.
/// Retries also draw from a per-client retry quota (500 tokens, 5 per retry,
/// 10 per retry after a timeout, refunded on success) so that an outage does
/// not multiply the load on the service. Like the AWS SDKs, transport
/// failures are retried whatever the operation; generated code fills
/// idempotency tokens before the first attempt, and every attempt sends the
/// same body.
///
/// Defaults follow the AWS SDKs: 3 attempts, 1 s initial backoff, 20 s cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Total number of attempts, including the first one (0 is treated as 1).
    pub max_attempts: u32,
    /// Backoff scale of the first retry.
    pub initial_backoff: Duration,
    /// Upper bound of any single backoff.
    pub max_backoff: Duration,
}

impl RetryConfig {
    /// Standard mode: 3 attempts, 1 s initial backoff, 20 s maximum backoff.
    pub fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// No retries: every operation makes exactly one attempt.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sets the total number of attempts.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets the backoff scale of the first retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the upper bound of a single backoff.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Timeout settings.
///
/// Defaults: `connect_timeout` 3.1 s, no attempt timeout, no operation
/// timeout. These are the AWS SDKs' "standard" defaults: a short connect
/// timeout is safe because a failed connection is retried (a dropped SYN is
/// recovered faster by a new attempt than by waiting), while no response
/// timeout is imposed by default because the runtime cannot know how long an
/// operation legitimately takes. Set `operation_attempt_timeout` and/or
/// `operation_timeout` to bound calls against a server that may never answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimeoutConfig {
    /// Limit for establishing a TCP connection (default [`HyperClient`] only).
    pub connect_timeout: Option<Duration>,
    /// Limit for one attempt: credentials, signing, sending and reading the
    /// whole response. A timed-out attempt is retried.
    pub operation_attempt_timeout: Option<Duration>,
    /// Limit for the whole operation, all attempts and backoff included.
    pub operation_timeout: Option<Duration>,
}

impl TimeoutConfig {
    /// No timeouts at all.
    pub fn disabled() -> Self {
        TimeoutConfig {
            connect_timeout: None,
            operation_attempt_timeout: None,
            operation_timeout: None,
        }
    }

    /// Sets (or with `None`, clears) the connect timeout.
    pub fn with_connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = timeout.into();
        self
    }

    /// Sets (or with `None`, clears) the per-attempt timeout.
    pub fn with_operation_attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation_attempt_timeout = timeout.into();
        self
    }

    /// Sets (or with `None`, clears) the whole-operation timeout.
    pub fn with_operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation_timeout = timeout.into();
        self
    }
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig {
            connect_timeout: Some(Duration::from_millis(3100)),
            operation_attempt_timeout: None,
            operation_timeout: None,
        }
    }
}

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
    region: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    endpoint_url: Option<String>,
    env_endpoint_url: Option<String>,
    service_env_endpoints: bool,
    use_fips: bool,
    use_dual_stack: bool,
    retry_config: RetryConfig,
    timeout_config: TimeoutConfig,
    validation_mode: ValidationMode,
    http_client: Option<Arc<dyn HttpClient>>,
    /// The HTTP client made when none was set, on first use; every clone of one built `Config`
    /// shares it, so clients of several services built from it share one connection pool.
    default_http_client: Arc<OnceLock<Arc<dyn HttpClient>>>,
    time_source: fn() -> SystemTime,
    request_compression: RequestCompression,
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
    /// default timeouts, lenient validation, the hyper-based HTTP client.
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

    /// Retry settings.
    pub fn retry_config(&self) -> RetryConfig {
        self.retry_config
    }

    /// Timeout settings.
    pub fn timeout_config(&self) -> TimeoutConfig {
        self.timeout_config
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
            credentials: None,
            endpoint_url: None,
            env_endpoint_url: None,
            service_env_endpoints: false,
            use_fips: false,
            use_dual_stack: false,
            retry_config: RetryConfig::default(),
            timeout_config: TimeoutConfig::default(),
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
    config: Config,
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
    /// * `AWS_MAX_ATTEMPTS`;
    /// * `AWS_DISABLE_REQUEST_COMPRESSION`, `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`.
    pub fn from_env() -> ConfigBuilder {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    fn from_lookup(get: &dyn Fn(&str) -> Option<String>) -> ConfigBuilder {
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

    /// Sets the region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Sets the credentials provider: static [`Credentials`],
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

    /// Sets the retry settings.
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.config.retry_config = retry_config;
        self
    }

    /// Sets the timeout settings.
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.config.timeout_config = timeout_config;
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

    /// Replaces the default [`HyperClient`] (the connect timeout of
    /// [`TimeoutConfig`] then no longer applies).
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

/// Credentials provider reading `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`
/// and (optionally) `AWS_SESSION_TOKEN` each time it is asked.
#[derive(Clone, Copy, Debug, Default)]
pub struct EnvironmentCredentials {
    _private: (),
}

impl EnvironmentCredentials {
    /// A provider reading the process environment.
    pub fn new() -> Self {
        EnvironmentCredentials { _private: () }
    }

    fn load(get: &dyn Fn(&str) -> Option<String>) -> Result<Credentials, CredentialsError> {
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
        Ok(Credentials::new(
            access_key,
            secret_key,
            get("AWS_SESSION_TOKEN"),
            None,
            "Environment",
        ))
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

// ---------------------------------------------------------------------------
// HTTP client
// ---------------------------------------------------------------------------

/// The future returned by [`HttpClient::call`].
pub type HttpFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, BoxError>> + Send + 'a>>;

/// Sends one HTTP request and returns the complete response.
///
/// Implement this to plug in a fake for tests or another HTTP stack. Errors
/// are transport failures; they are retried.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the whole response body.
    fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_>;
}

impl<T: HttpClient + ?Sized> HttpClient for Arc<T> {
    fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        (**self).call(request)
    }
}

type HyperInner = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    http_body_util::Full<bytes::Bytes>,
>;

/// The default [`HttpClient`]: hyper 1 (HTTP/1.1, pooled connections) with
/// rustls (ring, Mozilla's webpki roots); accepts `https` and `http` URLs.
/// Requires a Tokio runtime with the time driver enabled.
#[derive(Clone, Debug)]
pub struct HyperClient {
    client: HyperInner,
    max_response_bytes: usize,
}

impl HyperClient {
    /// A client with the given TCP connect timeout.
    pub fn new(connect_timeout: Option<Duration>) -> Result<Self, BoxError> {
        let provider = rustls::crypto::ring::default_provider();
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(connect_timeout);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .pool_timer(hyper_util::rt::TokioTimer::new())
                .pool_idle_timeout(Duration::from_secs(90))
                .build(https);
        Ok(HyperClient {
            client,
            max_response_bytes: MAX_RESPONSE_BYTES,
        })
    }

    /// Sets the largest response body accepted (default [`MAX_RESPONSE_BYTES`]).
    pub fn with_max_response_bytes(mut self, max_response_bytes: usize) -> Self {
        self.max_response_bytes = max_response_bytes;
        self
    }
}

impl HttpClient for HyperClient {
    fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        use http_body_util::BodyExt;
        let request = request.map(|body| http_body_util::Full::new(bytes::Bytes::from(body)));
        Box::pin(async move {
            let response = self.client.request(request).await?;
            let (parts, body) = response.into_parts();
            let collected = http_body_util::Limited::new(body, self.max_response_bytes)
                .collect()
                .await?;
            Ok(http::Response::from_parts(
                parts,
                Vec::from(collected.to_bytes()),
            ))
        })
    }
}

/// Stands in for a default client that could not be built; every call fails.
#[derive(Debug)]
struct UnavailableClient(String);

impl HttpClient for UnavailableClient {
    fn call(&self, _request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
        let message = format!("the default HTTP client could not be built: {}", self.0);
        Box::pin(async move { Err(message.into()) })
    }
}

// ---------------------------------------------------------------------------
// Handle
// ---------------------------------------------------------------------------

/// Shared state of a generated client: configuration, service description,
/// HTTP client, resolved endpoint, credentials cache and retry quota. Cheap
/// to clone.
#[derive(Clone, Debug)]
pub struct Handle {
    inner: Arc<HandleInner>,
}

#[derive(Debug)]
struct HandleInner {
    config: Config,
    spec: &'static ServiceSpec,
    http: Arc<dyn HttpClient>,
    endpoint: Result<ResolvedEndpoint, String>,
    user_agent: HeaderValue,
    content_type: HeaderValue,
    credentials: Option<CredentialsCache>,
    retry_quota: RetryQuota,
}

impl Handle {
    /// Creates the shared state. The endpoint is resolved here, once (the
    /// rule set is parsed once); a resolution failure is reported by every
    /// call as [`SdkError::ConstructionFailure`].
    pub fn new(config: Config, spec: &'static ServiceSpec) -> Handle {
        let http: Arc<dyn HttpClient> = match &config.http_client {
            Some(client) => client.clone(),
            None => config
                .default_http_client
                .get_or_init(
                    || match HyperClient::new(config.timeout_config.connect_timeout) {
                        Ok(client) => Arc::new(client),
                        Err(e) => Arc::new(UnavailableClient(e.to_string())),
                    },
                )
                .clone(),
        };
        let endpoint = resolve_endpoint(&config, spec, &|name| std::env::var(name).ok());
        let credentials = config.credentials.clone().map(CredentialsCache::new);
        Handle {
            inner: Arc::new(HandleInner {
                http,
                endpoint,
                user_agent: user_agent(spec),
                content_type: HeaderValue::from_str(&format!(
                    "application/x-amz-json-{}",
                    spec.json_version
                ))
                .unwrap_or(HeaderValue::from_static("application/x-amz-json-1.1")),
                credentials,
                retry_quota: RetryQuota::new(),
                config,
                spec,
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service description.
    pub fn spec(&self) -> &'static ServiceSpec {
        self.inner.spec
    }

    /// The resolved endpoint URL requests are sent to, or why there is none.
    pub fn endpoint(&self) -> Result<String, String> {
        self.inner
            .endpoint
            .as_ref()
            .map(|endpoint| endpoint.uri.to_string())
            .map_err(Clone::clone)
    }
}

fn resolve_endpoint(
    config: &Config,
    spec: &ServiceSpec,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ResolvedEndpoint, String> {
    let service_env = || {
        let name: String = spec
            .sdk_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        env(&format!("AWS_ENDPOINT_URL_{name}"))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let custom = config
        .endpoint_url
        .clone()
        .or_else(|| config.service_env_endpoints.then(service_env).flatten())
        .or_else(|| config.env_endpoint_url.clone());
    let params = crate::endpoint::Params {
        region: config.region.clone(),
        use_fips: config.use_fips,
        use_dual_stack: config.use_dual_stack,
        endpoint: custom,
        extra: Default::default(),
    };
    let endpoint = match spec.rule_set {
        Some(json) => crate::endpoint::RuleSet::from_json(json)
            .map_err(|e| format!("invalid endpoint rule set: {e}"))?
            .resolve(&params),
        None => crate::endpoint::resolve_standard(spec.endpoint_prefix, &params),
    }
    .map_err(|e| format!("endpoint resolution failed: {e}"))?;
    let url = &endpoint.url;
    // AWS JSON operations all POST to "/" under the endpoint's own path.
    let full = format!("{}/", url.trim_end_matches('/'));
    let uri: http::Uri = full
        .parse()
        .map_err(|e| format!("invalid endpoint URL {url:?}: {e}"))?;
    match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(host)) if !host.is_empty() => {}
        _ => {
            return Err(format!(
                "invalid endpoint URL {url:?}: expected an absolute http(s) URL"
            ));
        }
    }
    let mut headers = Vec::new();
    for (name, values) in &endpoint.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| format!("invalid endpoint header {name:?}: {e}"))?;
        for value in values {
            let value = HeaderValue::from_str(value)
                .map_err(|e| format!("invalid value of endpoint header {name}: {e}"))?;
            headers.push((name.clone(), value));
        }
    }
    // A rule set may override the SigV4 signing name / region (`authSchemes`).
    let sigv4 = endpoint
        .properties
        .get("authSchemes")
        .and_then(serde_json::Value::as_array)
        .and_then(|schemes| {
            schemes
                .iter()
                .find(|s| s.get("name").and_then(serde_json::Value::as_str) == Some("sigv4"))
        });
    let sigv4_str = |key: &str| {
        sigv4
            .and_then(|s| s.get(key))
            .and_then(serde_json::Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    Ok(ResolvedEndpoint {
        uri,
        headers,
        signing_name: sigv4_str("signingName"),
        signing_region: sigv4_str("signingRegion"),
    })
}

/// The endpoint of a [`Handle`], resolved once.
#[derive(Debug)]
struct ResolvedEndpoint {
    /// The request URI (endpoint URL with the `/` operation path).
    uri: http::Uri,
    /// Headers the rule set asks for.
    headers: Vec<(HeaderName, HeaderValue)>,
    /// SigV4 signing name override from `authSchemes`.
    signing_name: Option<String>,
    /// SigV4 signing region override from `authSchemes`.
    signing_region: Option<String>,
}

fn user_agent(spec: &ServiceSpec) -> HeaderValue {
    let token = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c) {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect()
    };
    let value = format!(
        "{}/{} api/{}/{} os/{} lang/rust",
        token(env!("CARGO_PKG_NAME")),
        token(env!("CARGO_PKG_VERSION")),
        token(spec.sdk_id),
        token(spec.api_version),
        token(std::env::consts::OS),
    );
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("aws-json-client"))
}

#[derive(Debug)]
struct CredentialsCache {
    provider: SharedCredentialsProvider,
    cached: Mutex<Option<(Credentials, SystemTime)>>,
}

impl CredentialsCache {
    const EXPIRY_BUFFER: Duration = Duration::from_secs(10);
    const DEFAULT_LIFETIME: Duration = Duration::from_secs(15 * 60);

    fn new(provider: SharedCredentialsProvider) -> Self {
        CredentialsCache {
            provider,
            cached: Mutex::new(None),
        }
    }

    async fn get(&self, now: SystemTime) -> Result<Credentials, CredentialsError> {
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

/// AWS standard-mode retry quota (token bucket).
#[derive(Debug)]
struct RetryQuota {
    available: AtomicUsize,
}

impl RetryQuota {
    const CAPACITY: usize = 500;
    const RETRY_COST: usize = 5;
    const TIMEOUT_RETRY_COST: usize = 10;
    const SUCCESS_REFUND: usize = 1;

    fn new() -> Self {
        RetryQuota {
            available: AtomicUsize::new(Self::CAPACITY),
        }
    }

    fn try_acquire(&self, cost: usize) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(cost))
            .is_ok()
    }

    fn release(&self, amount: usize) {
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                Some(n.saturating_add(amount).min(Self::CAPACITY))
            });
    }
}

// ---------------------------------------------------------------------------
// Invocation
// ---------------------------------------------------------------------------

/// Sends one AWS JSON operation: resolves credentials, signs, sends, and
/// retries per [`RetryConfig`] (the same body, hence the same idempotency
/// token, on every attempt), within the [`TimeoutConfig`] limits.
///
/// Returns the final HTTP response whatever its status (an error response
/// after retries are exhausted included); `Err` only when no response was
/// obtained. `InvokeError` converts into [`SdkError`] with `?`.
pub async fn invoke(
    handle: &Handle,
    operation: &str,
    body: Vec<u8>,
) -> Result<RawResponse, InvokeError> {
    invoke_with_host_prefix(handle, operation, body, None).await
}

/// [`invoke`] for an operation with the `@endpoint` trait: `host_prefix` (the
/// trait's `hostPrefix` with its labels filled in, e.g. `data.`) is put in front
/// of the endpoint's host before signing.
pub async fn invoke_with_host_prefix(
    handle: &Handle,
    operation: &str,
    body: Vec<u8>,
    host_prefix: Option<&str>,
) -> Result<RawResponse, InvokeError> {
    let options = InvokeOptions {
        host_prefix,
        ..InvokeOptions::default()
    };
    invoke_with(handle, operation, body, &options).await
}

/// What an operation's model traits ask of the request, beyond the body.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct InvokeOptions<'a> {
    /// The `@endpoint` host prefix with its labels filled in (for example `data.`).
    pub host_prefix: Option<&'a str>,
    /// The operation allows gzip request compression (`@requestCompression`).
    pub gzip: bool,
}

impl<'a> InvokeOptions<'a> {
    /// Options for an operation: its filled-in host prefix and whether it allows gzip.
    pub fn new(host_prefix: Option<&'a str>, gzip: bool) -> Self {
        InvokeOptions { host_prefix, gzip }
    }
}

/// [`invoke`] with the options an operation's traits call for.
pub async fn invoke_with(
    handle: &Handle,
    operation: &str,
    body: Vec<u8>,
    options: &InvokeOptions<'_>,
) -> Result<RawResponse, InvokeError> {
    let inner = &*handle.inner;
    let compression = inner.config.request_compression;
    // Compressed once, before the first attempt: every retry sends the same bytes.
    let (body, content_encoding) =
        if options.gzip && compression.enabled && body.len() >= compression.min_size_bytes {
            (
                gzip(&body).map_err(|e| InvokeError::Construction(e.into()))?,
                Some("gzip"),
            )
        } else {
            (body, None)
        };
    let attempts = invoke_with_retries(
        inner,
        operation,
        &body,
        options.host_prefix,
        content_encoding,
    );
    match inner.config.timeout_config.operation_timeout {
        Some(limit) => tokio::time::timeout(limit, attempts)
            .await
            .unwrap_or_else(|_| {
                Err(InvokeError::Timeout(TimeoutError {
                    kind: TimeoutKind::Operation,
                    duration: limit,
                }))
            }),
        None => attempts.await,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RetryKind {
    Throttling,
    Transient,
    Timeout,
}

impl RetryKind {
    fn cost(self) -> usize {
        match self {
            RetryKind::Timeout => RetryQuota::TIMEOUT_RETRY_COST,
            RetryKind::Throttling | RetryKind::Transient => RetryQuota::RETRY_COST,
        }
    }
}

/// Error codes AWS SDKs treat as throttling.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes AWS SDKs treat as transient.
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "InternalFailure",
    "InternalServerError",
    "InternalServiceError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "IDPCommunicationError",
];

fn retry_kind(result: &Result<RawResponse, InvokeError>) -> Option<RetryKind> {
    match result {
        Ok(raw) if raw.is_success() => None,
        Ok(raw) => {
            let meta = parse_error_metadata(raw);
            match meta.code() {
                Some(code) if THROTTLING_CODES.contains(&code) => Some(RetryKind::Throttling),
                Some(code) if TRANSIENT_CODES.contains(&code) => Some(RetryKind::Transient),
                _ => match raw.status {
                    429 => Some(RetryKind::Throttling),
                    500 | 502 | 503 | 504 => Some(RetryKind::Transient),
                    _ => None,
                },
            }
        }
        Err(InvokeError::Dispatch(_)) => Some(RetryKind::Transient),
        Err(InvokeError::Timeout(t)) if t.kind == TimeoutKind::OperationAttempt => {
            Some(RetryKind::Timeout)
        }
        Err(_) => None,
    }
}

/// Backoff before retry `retry_index` (0 for the first retry), given a random
/// factor `jitter` in `[0, 1)`: `jitter * min(max_backoff, initial * 2^retry_index)`.
fn backoff_delay(config: &RetryConfig, retry_index: u32, jitter: f64) -> Duration {
    let exp = config
        .initial_backoff
        .saturating_mul(2u32.saturating_pow(retry_index.min(31)));
    let cap = exp.min(config.max_backoff);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    Duration::try_from_secs_f64(cap.as_secs_f64() * jitter)
        .unwrap_or(cap)
        .min(cap)
}

/// Gzip-compresses a request body.
fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body)?;
    encoder.finish()
}

async fn invoke_with_retries(
    inner: &HandleInner,
    operation: &str,
    body: &[u8],
    host_prefix: Option<&str>,
    content_encoding: Option<&'static str>,
) -> Result<RawResponse, InvokeError> {
    let endpoint = inner
        .endpoint
        .as_ref()
        .map_err(|e| InvokeError::Construction(e.clone().into()))?;
    let uri = match host_prefix {
        Some(prefix) => prefixed_uri(&endpoint.uri, prefix).map_err(InvokeError::Construction)?,
        None => endpoint.uri.clone(),
    };
    let region = endpoint
        .signing_region
        .as_deref()
        .or(inner.config.region.as_deref())
        .filter(|r| !r.is_empty())
        .ok_or_else(|| InvokeError::Construction("no region is configured".into()))?;
    let credentials = inner
        .credentials
        .as_ref()
        .ok_or_else(|| InvokeError::Construction("no credentials provider is configured".into()))?;
    let target = HeaderValue::from_str(&format!("{}.{}", inner.spec.target_prefix, operation))
        .map_err(|e| InvokeError::Construction(e.into()))?;
    let retry = inner.config.retry_config;
    let max_attempts = retry.max_attempts.max(1);
    let invocation_id = uuid::Uuid::new_v4().to_string();
    let mut last_retry_cost = None;
    let mut attempt = 1;
    loop {
        let request = AttemptRequest {
            inner,
            endpoint,
            uri: &uri,
            region,
            credentials,
            target: &target,
            body,
            content_encoding,
            attempt,
            max_attempts,
            invocation_id: &invocation_id,
        };
        let result = match inner.config.timeout_config.operation_attempt_timeout {
            Some(limit) => tokio::time::timeout(limit, request.send())
                .await
                .unwrap_or_else(|_| {
                    Err(InvokeError::Timeout(TimeoutError {
                        kind: TimeoutKind::OperationAttempt,
                        duration: limit,
                    }))
                }),
            None => request.send().await,
        };
        let Some(kind) = retry_kind(&result) else {
            if matches!(&result, Ok(raw) if raw.is_success()) {
                inner
                    .retry_quota
                    .release(last_retry_cost.unwrap_or(RetryQuota::SUCCESS_REFUND));
            }
            return result;
        };
        if attempt >= max_attempts || !inner.retry_quota.try_acquire(kind.cost()) {
            return result;
        }
        last_retry_cost = Some(kind.cost());
        let delay = backoff_delay(&retry, attempt - 1, fastrand::f64());
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        attempt += 1;
    }
}

/// `uri` with `prefix` put in front of its host: `https://example.com/` and
/// `foo.` give `https://foo.example.com/`.
fn prefixed_uri(uri: &http::Uri, prefix: &str) -> Result<http::Uri, BoxError> {
    let mut parts = uri.clone().into_parts();
    let authority = parts
        .authority
        .as_ref()
        .ok_or("the endpoint URL has no host")?;
    let prefixed = format!("{prefix}{authority}");
    parts.authority =
        Some(prefixed.parse().map_err(|e| {
            format!("invalid host {prefixed:?} with the operation's host prefix: {e}")
        })?);
    Ok(http::Uri::from_parts(parts)?)
}

/// Whether `label` may fill a `{label}` of an `@endpoint` host prefix: one or
/// more dot-separated parts of 1 to 63 ASCII letters, digits and hyphens, none
/// starting with a hyphen.
pub fn is_valid_host_label(label: &str) -> bool {
    !label.is_empty()
        && label.split('.').all(|part| {
            (1..=63).contains(&part.len())
                && !part.starts_with('-')
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

struct AttemptRequest<'a> {
    inner: &'a HandleInner,
    endpoint: &'a ResolvedEndpoint,
    /// The request URI: the endpoint's, with the operation's host prefix.
    uri: &'a http::Uri,
    region: &'a str,
    credentials: &'a CredentialsCache,
    target: &'a HeaderValue,
    body: &'a [u8],
    /// `Content-Encoding` of the body, when it was compressed.
    content_encoding: Option<&'static str>,
    attempt: u32,
    max_attempts: u32,
    invocation_id: &'a str,
}

impl AttemptRequest<'_> {
    async fn send(&self) -> Result<RawResponse, InvokeError> {
        let now = (self.inner.config.time_source)();
        let credentials = self
            .credentials
            .get(now)
            .await
            .map_err(|e| InvokeError::Construction(Box::new(e)))?;
        let request = self
            .build(credentials, now)
            .map_err(InvokeError::Construction)?;
        let response = self
            .inner
            .http
            .call(request)
            .await
            .map_err(InvokeError::Dispatch)?;
        Ok(RawResponse::from_http(response))
    }

    fn build(
        &self,
        credentials: Credentials,
        now: SystemTime,
    ) -> Result<http::Request<Vec<u8>>, BoxError> {
        let uri = self.uri;
        let mut request = http::Request::new(self.body.to_vec());
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = uri.clone();
        let host = match uri.port() {
            Some(port) => format!("{}:{}", uri.host().unwrap_or_default(), port),
            None => uri.host().unwrap_or_default().to_owned(),
        };
        let headers = request.headers_mut();
        for (name, value) in &self.endpoint.headers {
            headers.append(name.clone(), value.clone());
        }
        headers.insert(HOST, HeaderValue::from_str(&host)?);
        headers.insert(CONTENT_TYPE, self.inner.content_type.clone());
        headers.insert(X_AMZ_TARGET, self.target.clone());
        headers.insert(CONTENT_LENGTH, HeaderValue::from(self.body.len()));
        if let Some(encoding) = self.content_encoding {
            headers.insert(
                http::header::CONTENT_ENCODING,
                HeaderValue::from_static(encoding),
            );
        }
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        headers.insert(
            AMZ_SDK_INVOCATION_ID,
            HeaderValue::from_str(self.invocation_id)?,
        );
        headers.insert(
            AMZ_SDK_REQUEST,
            HeaderValue::from_str(&format!(
                "attempt={}; max={}",
                self.attempt, self.max_attempts
            ))?,
        );
        let signing_name = self
            .endpoint
            .signing_name
            .as_deref()
            .unwrap_or(self.inner.spec.signing_name);
        sign(&mut request, credentials, self.region, signing_name, now)?;
        Ok(request)
    }
}

const X_AMZ_TARGET: HeaderName = HeaderName::from_static("x-amz-target");
const AMZ_SDK_INVOCATION_ID: HeaderName = HeaderName::from_static("amz-sdk-invocation-id");
const AMZ_SDK_REQUEST: HeaderName = HeaderName::from_static("amz-sdk-request");

/// Signs `request` in place with SigV4 (headers `authorization`,
/// `x-amz-date`, and `x-amz-security-token` when there is a session token).
fn sign(
    request: &mut http::Request<Vec<u8>>,
    credentials: Credentials,
    region: &str,
    signing_name: &str,
    time: SystemTime,
) -> Result<(), BoxError> {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
    let identity = credentials.into();
    let params: aws_sigv4::http_request::SigningParams<'_> =
        aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name(signing_name)
            .time(time)
            .settings(SigningSettings::default())
            .build()?
            .into();
    let instructions = {
        let mut headers = Vec::with_capacity(request.headers().len());
        for (name, value) in request.headers() {
            headers.push((name.as_str(), value.to_str()?));
        }
        let signable = SignableRequest::new(
            request.method().as_str(),
            request.uri().to_string(),
            headers.into_iter(),
            SignableBody::Bytes(request.body()),
        )?;
        aws_sigv4::http_request::sign(signable, &params)?
            .into_parts()
            .0
    };
    // Applied by hand: `apply_to_request_http1x` panics on values that are not
    // valid header values (for example a session token with a newline).
    let (headers, _query) = instructions.into_parts();
    for header in headers {
        let mut value = HeaderValue::from_str(header.value())?;
        value.set_sensitive(header.sensitive() || header.name() == AUTHORIZATION.as_str());
        request
            .headers_mut()
            .insert(HeaderName::from_bytes(header.name().as_bytes())?, value);
    }
    Ok(())
}

/// Failure of [`invoke`]: no HTTP response was obtained.
#[derive(Debug)]
#[non_exhaustive]
pub enum InvokeError {
    /// The request could not be built (endpoint, region, credentials, signing).
    Construction(BoxError),
    /// A timeout elapsed.
    Timeout(TimeoutError),
    /// The transport failed (connection, TLS, I/O, oversized body).
    Dispatch(BoxError),
}

impl fmt::Display for InvokeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvokeError::Construction(e) => write!(f, "failed to construct request: {e}"),
            InvokeError::Timeout(e) => fmt::Display::fmt(e, f),
            InvokeError::Dispatch(e) => write!(f, "dispatch failure: {e}"),
        }
    }
}

impl StdError for InvokeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            InvokeError::Construction(e) | InvokeError::Dispatch(e) => Some(&**e),
            InvokeError::Timeout(e) => Some(e),
        }
    }
}

/// Which limit of [`TimeoutConfig`] elapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// `operation_attempt_timeout` (after retries were exhausted).
    OperationAttempt,
    /// `operation_timeout`.
    Operation,
}

/// A configured timeout elapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    duration: Duration,
}

impl TimeoutError {
    /// A timeout of `kind` after `duration`.
    pub fn new(kind: TimeoutKind, duration: Duration) -> Self {
        TimeoutError { kind, duration }
    }

    /// Which limit elapsed.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The configured limit.
    pub fn duration(&self) -> Duration {
        self.duration
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::OperationAttempt => "operation attempt",
            TimeoutKind::Operation => "operation",
        };
        write!(f, "{what} timed out after {:?}", self.duration)
    }
}

impl StdError for TimeoutError {}

/// A random UUID v4 string (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`), from the
/// `uuid` crate with OS randomness, for idempotency tokens.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ---------------------------------------------------------------------------
// Responses and errors
// ---------------------------------------------------------------------------

/// A complete HTTP response.
#[derive(Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Response body.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// A response from its parts.
    pub fn new(status: u16, headers: HeaderMap, body: Vec<u8>) -> Self {
        RawResponse {
            status,
            headers,
            body,
        }
    }

    /// Converts an `http` response.
    pub fn from_http(response: http::Response<Vec<u8>>) -> Self {
        let (parts, body) = response.into_parts();
        RawResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
        }
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A header's value, if present and made of visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The request id (`x-amzn-RequestId`, else `x-amz-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-requestid")
            .or_else(|| self.header("x-amz-request-id"))
    }
}

impl AsRef<RawResponse> for RawResponse {
    fn as_ref(&self) -> &RawResponse {
        self
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &BodyDebug(&self.body))
            .finish()
    }
}

/// Debug view of a body: lossy UTF-8, at most 1 KiB.
struct BodyDebug<'a>(&'a [u8]);

impl fmt::Debug for BodyDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 1024;
        let shown = &self.0[..self.0.len().min(LIMIT)];
        let text = String::from_utf8_lossy(shown);
        if self.0.len() > LIMIT {
            write!(f, "{text:?}... ({} bytes)", self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}

/// Code, message and request id of an error response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl ErrorMetadata {
    /// Metadata from its parts.
    pub fn new(code: Option<String>, message: Option<String>, request_id: Option<String>) -> Self {
        ErrorMetadata {
            code,
            message,
            request_id,
        }
    }

    /// The sanitized error code (shape name), e.g. `ResourceNotFound`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The error message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code().unwrap_or("unknown error"))?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        if let Some(request_id) = self.request_id() {
            write!(f, " (request id: {request_id})")?;
        }
        Ok(())
    }
}

/// Extracts the error metadata of an AWS JSON error response.
///
/// The code comes from the `X-Amzn-ErrorType` header, else the body's `code`
/// member, else its `__type` member, sanitized to the bare shape name (what
/// precedes the first `:`, then what follows the last `#`). The message comes
/// from `message`, `Message` or `errorMessage`. A missing, empty or non-JSON
/// body yields no code and no message; nothing here panics.
pub fn parse_error_metadata(raw: &RawResponse) -> ErrorMetadata {
    let body: Option<serde_json::Map<String, serde_json::Value>> = if raw.body.is_empty() {
        None
    } else {
        serde_json::from_slice(&raw.body).ok()
    };
    let body_str = |key: &str| {
        body.as_ref()
            .and_then(|map| map.get(key))
            .and_then(|v| v.as_str())
    };
    let code = raw
        .header("x-amzn-errortype")
        .and_then(sanitize_error_code)
        .or_else(|| body_str("code").and_then(sanitize_error_code))
        .or_else(|| body_str("__type").and_then(sanitize_error_code));
    let message = ["message", "Message", "errorMessage"]
        .into_iter()
        .find_map(body_str)
        .map(str::to_owned);
    ErrorMetadata {
        code,
        message,
        request_id: raw.request_id().map(str::to_owned),
    }
}

/// `aws.protocoltests.restjson#FooError:http://internal.amazon.com/...` → `FooError`.
fn sanitize_error_code(raw: &str) -> Option<String> {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let name = before_colon
        .rsplit('#')
        .next()
        .unwrap_or(before_colon)
        .trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// An error response whose code the model does not describe.
#[derive(Clone, PartialEq, Eq)]
pub struct Unhandled {
    meta: ErrorMetadata,
    status: u16,
    body: Vec<u8>,
}

impl Unhandled {
    /// An unhandled error from its metadata and the response (by value or
    /// by reference).
    pub fn new(meta: ErrorMetadata, raw: impl AsRef<RawResponse>) -> Self {
        let raw = raw.as_ref();
        Unhandled {
            meta,
            status: raw.status,
            body: raw.body.clone(),
        }
    }

    /// The error code, if any.
    pub fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    /// The error message, if any.
    pub fn message(&self) -> Option<&str> {
        self.meta.message()
    }

    /// The request id, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// The whole metadata.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Debug for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unhandled")
            .field("meta", &self.meta)
            .field("status", &self.status)
            .field("body", &BodyDebug(&self.body))
            .finish()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unhandled error (HTTP {}): {}", self.status, self.meta)
    }
}

impl StdError for Unhandled {}

/// Failure of an operation. `E` is the operation's modeled error type.
///
/// `Display` names the category followed by the inner error's message;
/// `source()` returns the inner error.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built (serialization, endpoint, region,
    /// credentials, signing).
    ConstructionFailure(BoxError),
    /// The input failed client-side validation; nothing was sent.
    ValidationFailure(ValidationErrors),
    /// A configured timeout elapsed.
    TimeoutError(TimeoutError),
    /// The transport failed after all attempts.
    DispatchFailure(BoxError),
    /// A successful (2xx) response could not be parsed.
    ResponseError {
        /// Why parsing failed.
        source: BoxError,
        /// The response.
        raw: RawResponse,
    },
    /// The service returned an error.
    ServiceError {
        /// The modeled (or [`Unhandled`]) error.
        err: E,
        /// The response.
        raw: RawResponse,
    },
}

impl<E> SdkError<E> {
    /// A construction failure.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        SdkError::ConstructionFailure(source.into())
    }

    /// A validation failure.
    pub fn validation(errors: ValidationErrors) -> Self {
        SdkError::ValidationFailure(errors)
    }

    /// A timeout.
    pub fn timeout(error: TimeoutError) -> Self {
        SdkError::TimeoutError(error)
    }

    /// A transport failure.
    pub fn dispatch_failure(source: impl Into<BoxError>) -> Self {
        SdkError::DispatchFailure(source.into())
    }

    /// An unparseable successful response.
    pub fn response_error(source: impl Into<BoxError>, raw: RawResponse) -> Self {
        SdkError::ResponseError {
            source: source.into(),
            raw,
        }
    }

    /// A service error.
    pub fn service_error(err: E, raw: RawResponse) -> Self {
        SdkError::ServiceError { err, raw }
    }

    /// Converts an [`invoke`] failure (also available through `?`).
    pub fn from_invoke(error: InvokeError) -> Self {
        match error {
            InvokeError::Construction(e) => SdkError::ConstructionFailure(e),
            InvokeError::Timeout(e) => SdkError::TimeoutError(e),
            InvokeError::Dispatch(e) => SdkError::DispatchFailure(e),
        }
    }

    /// The service error, if this is one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::ServiceError { err, .. } => Some(err),
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::ServiceError { err, .. } => Some(err),
            _ => None,
        }
    }

    /// The HTTP response, for service and response errors.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            SdkError::ServiceError { raw, .. } | SdkError::ResponseError { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The request id of the response, if there was one.
    pub fn request_id(&self) -> Option<&str> {
        self.raw_response().and_then(RawResponse::request_id)
    }

    /// Converts the service error type.
    pub fn map_service_error<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            SdkError::ValidationFailure(e) => SdkError::ValidationFailure(e),
            SdkError::TimeoutError(e) => SdkError::TimeoutError(e),
            SdkError::DispatchFailure(e) => SdkError::DispatchFailure(e),
            SdkError::ResponseError { source, raw } => SdkError::ResponseError { source, raw },
            SdkError::ServiceError { err, raw } => SdkError::ServiceError { err: f(err), raw },
        }
    }
}

impl<E> From<InvokeError> for SdkError<E> {
    fn from(error: InvokeError) -> Self {
        SdkError::from_invoke(error)
    }
}

/// Input serialization failures are construction failures.
impl<E> From<serde_json::Error> for SdkError<E> {
    fn from(error: serde_json::Error) -> Self {
        SdkError::ConstructionFailure(Box::new(error))
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::ConstructionFailure(e) => write!(f, "failed to construct request: {e}"),
            SdkError::ValidationFailure(e) => write!(f, "invalid input: {e}"),
            SdkError::TimeoutError(e) => fmt::Display::fmt(e, f),
            SdkError::DispatchFailure(e) => write!(f, "dispatch failure: {e}"),
            SdkError::ResponseError { source, raw } => {
                write!(
                    f,
                    "failed to parse response (HTTP {}): {source}",
                    raw.status
                )
            }
            SdkError::ServiceError { err, .. } => write!(f, "service error: {err}"),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::ConstructionFailure(e) | SdkError::DispatchFailure(e) => Some(&**e),
            SdkError::ValidationFailure(e) => Some(e),
            SdkError::TimeoutError(e) => Some(e),
            SdkError::ResponseError { source, .. } => Some(&**source),
            SdkError::ServiceError { err, .. } => Some(err),
        }
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::sync::atomic::AtomicU32;

    static SPEC: ServiceSpec = ServiceSpec {
        target_prefix: "SageMaker",
        json_version: "1.1",
        signing_name: "sagemaker",
        endpoint_prefix: "api.sagemaker",
        rule_set: None,
        sdk_id: "SageMaker",
        api_version: "2017-07-24",
    };

    fn fixed_time() -> SystemTime {
        // 2015-08-30T12:36:00Z
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }

    type Reply = Result<(u16, Vec<(&'static str, &'static str)>, &'static str), &'static str>;

    /// Answers from a script; records every request.
    #[derive(Debug, Default)]
    struct FakeClient {
        replies: Mutex<VecDeque<Reply>>,
        requests: Mutex<Vec<http::Request<Vec<u8>>>>,
        calls: AtomicU32,
    }

    impl FakeClient {
        fn new(replies: Vec<Reply>) -> Arc<Self> {
            Arc::new(FakeClient {
                replies: Mutex::new(replies.into()),
                ..FakeClient::default()
            })
        }

        fn calls(&self) -> u32 {
            self.calls.load(Ordering::SeqCst)
        }

        fn requests(&self) -> Vec<http::Request<Vec<u8>>> {
            self.requests
                .lock()
                .unwrap()
                .iter()
                .map(|r| {
                    let mut copy = http::Request::new(r.body().clone());
                    *copy.uri_mut() = r.uri().clone();
                    *copy.method_mut() = r.method().clone();
                    *copy.headers_mut() = r.headers().clone();
                    copy
                })
                .collect()
        }
    }

    impl HttpClient for FakeClient {
        fn call(&self, request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.requests.lock().unwrap().push(request);
            let reply = self
                .replies
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or(Err("no scripted reply"));
            Box::pin(async move {
                let (status, headers, body) = reply?;
                let mut response = http::Response::builder().status(status);
                for (k, v) in headers {
                    response = response.header(k, v);
                }
                Ok(response.body(body.as_bytes().to_vec())?)
            })
        }
    }

    /// Never answers.
    #[derive(Debug, Default)]
    struct PendingClient {
        calls: AtomicU32,
    }

    impl HttpClient for PendingClient {
        fn call(&self, _request: http::Request<Vec<u8>>) -> HttpFuture<'_> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Box::pin(std::future::pending())
        }
    }

    fn config() -> ConfigBuilder {
        Config::builder()
            .region("us-east-1")
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .time_source(fixed_time)
            .retry_config(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(1))
                    .with_max_backoff(Duration::from_millis(5)),
            )
    }

    fn handle_with(builder: ConfigBuilder, client: Arc<impl HttpClient + 'static>) -> Handle {
        Handle::new(builder.http_client(client).build(), &SPEC)
    }

    fn raw(status: u16, headers: &[(&'static str, &str)], body: &str) -> RawResponse {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        RawResponse::new(status, map, body.as_bytes().to_vec())
    }

    // ---- error metadata ------------------------------------------------

    #[test]
    fn error_code_table() {
        let long = "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/";
        let deep = "[".repeat(100_000);
        let long_type = format!(r#"{{"__type":"{long}"}}"#);
        type Case<'a> = (
            Vec<(&'static str, &'a str)>,
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
        );
        let cases: Vec<Case<'_>> = vec![
            // header wins over the body
            (
                vec![("x-amzn-errortype", "HeaderError")],
                r#"{"__type":"TypeError","code":"CodeError","message":"m"}"#,
                Some("HeaderError"),
                Some("m"),
            ),
            // body `code` before `__type`
            (
                vec![],
                r#"{"__type":"TypeError","code":"CodeError"}"#,
                Some("CodeError"),
                None,
            ),
            (vec![], r#"{"__type":"TypeError"}"#, Some("TypeError"), None),
            // sanitization
            (vec![("x-amzn-errortype", long)], "", Some("FooError"), None),
            (vec![], &long_type, Some("FooError"), None),
            (
                vec![],
                r#"{"__type":"com.amazonaws.sagemaker#ResourceNotFound"}"#,
                Some("ResourceNotFound"),
                None,
            ),
            (
                vec![("x-amzn-errortype", "FooError:http://a.b/#frag")],
                "",
                Some("FooError"),
                None,
            ),
            (
                vec![("x-amzn-errortype", "  Spaced  ")],
                "",
                Some("Spaced"),
                None,
            ),
            // an empty header falls back to the body
            (
                vec![("x-amzn-errortype", "")],
                r#"{"code":"C"}"#,
                Some("C"),
                None,
            ),
            // messages
            (
                vec![],
                r#"{"__type":"X","Message":"big"}"#,
                Some("X"),
                Some("big"),
            ),
            (
                vec![],
                r#"{"__type":"X","errorMessage":"em"}"#,
                Some("X"),
                Some("em"),
            ),
            (
                vec![],
                r#"{"message":"first","Message":"second"}"#,
                None,
                Some("first"),
            ),
            // non-string members are ignored
            (vec![], r#"{"__type":5,"message":{"a":1}}"#, None, None),
            // hostile or odd bodies
            (vec![], "", None, None),
            (
                vec![],
                "<html><body>502 Bad Gateway</body></html>",
                None,
                None,
            ),
            (vec![], "\u{0}\u{1}garbage", None, None),
            (vec![], "[1,2,3]", None, None),
            (vec![], "null", None, None),
            (vec![], r#"{"__type":"Trunc"#, None, None),
            (vec![], &deep, None, None),
        ];
        for (headers, body, code, message) in cases {
            let meta = parse_error_metadata(&raw(400, &headers, body));
            let shown = &body[..body.len().min(60)];
            assert_eq!(meta.code(), code, "code for {headers:?} {shown}");
            assert_eq!(meta.message(), message, "message for {headers:?} {shown}");
        }
    }

    #[test]
    fn error_metadata_request_id_and_binary_body() {
        let mut r = raw(500, &[("x-amzn-RequestId", "req-1")], "");
        r.body = vec![0xff, 0xfe, 0x00, 0x7b];
        r.headers.insert(
            "x-amzn-errortype",
            HeaderValue::from_bytes(b"\xffBad").unwrap(),
        );
        let meta = parse_error_metadata(&r);
        assert_eq!(meta.code(), None);
        assert_eq!(meta.request_id(), Some("req-1"));
        assert_eq!(r.request_id(), Some("req-1"));
        let unhandled = Unhandled::new(meta.clone(), &r);
        assert_eq!(unhandled.status(), 500);
        assert_eq!(unhandled.body(), &r.body[..]);
        assert_eq!(unhandled.request_id(), Some("req-1"));
        assert!(unhandled.to_string().contains("HTTP 500"));
        let by_value = Unhandled::new(meta, r);
        assert_eq!(by_value, unhandled);
    }

    #[test]
    fn unhandled_accessors_and_display() {
        let r = raw(
            400,
            &[("x-amzn-requestid", "abc")],
            r#"{"__type":"Weird","message":"odd"}"#,
        );
        let u = Unhandled::new(parse_error_metadata(&r), &r);
        assert_eq!(u.code(), Some("Weird"));
        assert_eq!(u.message(), Some("odd"));
        assert_eq!(u.request_id(), Some("abc"));
        assert_eq!(
            u.to_string(),
            "unhandled error (HTTP 400): Weird: odd (request id: abc)"
        );
        assert!(format!("{u:?}").contains("Weird"));
    }

    // ---- retries ---------------------------------------------------------

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
        let sdk: SdkError<Unhandled> = err.into();
        assert!(matches!(sdk, SdkError::DispatchFailure(_)));
        assert!(sdk.to_string().contains("reset"));
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

    #[test]
    fn backoff_bounds() {
        let cfg = RetryConfig::standard();
        for i in 0..40 {
            let cap = Duration::from_secs(1)
                .saturating_mul(2u32.saturating_pow(i.min(31)))
                .min(Duration::from_secs(20));
            assert_eq!(backoff_delay(&cfg, i, 0.0), Duration::ZERO);
            let high = backoff_delay(&cfg, i, 0.999_999);
            assert!(
                high <= cap && high >= cap.mul_f64(0.99),
                "{i}: {high:?} vs {cap:?}"
            );
            for _ in 0..50 {
                let d = backoff_delay(&cfg, i, fastrand::f64());
                assert!(d <= cap);
            }
        }
        assert!(backoff_delay(&cfg, 0, 0.5) <= Duration::from_millis(500));
        assert_eq!(backoff_delay(&cfg, 4, 0.5), Duration::from_secs(8));
        assert_eq!(backoff_delay(&cfg, 5, 0.5), Duration::from_secs(10));
        // extreme settings neither overflow nor panic
        let huge = RetryConfig::standard()
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        let _ = backoff_delay(&huge, u32::MAX, 0.999_999);
        let _ = backoff_delay(&huge, 3, f64::NAN);
        assert_eq!(backoff_delay(&cfg, 3, 7.0), Duration::from_secs(8));
    }

    #[test]
    fn retry_quota_drains_and_refills() {
        let quota = RetryQuota::new();
        let mut granted = 0;
        while quota.try_acquire(RetryQuota::RETRY_COST) {
            granted += 1;
        }
        assert_eq!(granted, RetryQuota::CAPACITY / RetryQuota::RETRY_COST);
        assert!(!quota.try_acquire(RetryQuota::TIMEOUT_RETRY_COST));
        quota.release(RetryQuota::TIMEOUT_RETRY_COST);
        assert!(quota.try_acquire(RetryQuota::TIMEOUT_RETRY_COST));
        quota.release(usize::MAX);
        assert_eq!(quota.available.load(Ordering::SeqCst), RetryQuota::CAPACITY);
    }

    // ---- timeouts --------------------------------------------------------

    #[tokio::test]
    async fn attempt_timeout_is_retried_then_reported() {
        let pending = Arc::new(PendingClient::default());
        let timeouts =
            TimeoutConfig::default().with_operation_attempt_timeout(Duration::from_millis(50));
        let handle = handle_with(
            config().timeout_config(timeouts).retry_config(
                RetryConfig::standard()
                    .with_max_attempts(2)
                    .with_initial_backoff(Duration::from_millis(1)),
            ),
            pending.clone(),
        );
        let started = std::time::Instant::now();
        let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
        match &err {
            InvokeError::Timeout(t) => {
                assert_eq!(t.kind(), TimeoutKind::OperationAttempt);
                assert_eq!(t.duration(), Duration::from_millis(50));
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert_eq!(pending.calls.load(Ordering::SeqCst), 2);
        assert!(started.elapsed() < Duration::from_secs(5));
        let sdk = SdkError::<Unhandled>::from(err);
        assert!(matches!(sdk, SdkError::TimeoutError(_)));
        assert_eq!(sdk.to_string(), "operation attempt timed out after 50ms");
    }

    #[tokio::test]
    async fn operation_timeout_stops_everything() {
        let pending = Arc::new(PendingClient::default());
        let timeouts = TimeoutConfig::disabled().with_operation_timeout(Duration::from_millis(80));
        let handle = handle_with(config().timeout_config(timeouts), pending.clone());
        let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
        assert!(
            matches!(&err, InvokeError::Timeout(t) if t.kind() == TimeoutKind::Operation),
            "{err:?}"
        );
        assert_eq!(pending.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn silent_server_hits_attempt_timeout_with_hyper_client() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let mut held = Vec::new();
            // Accept and hold connections without ever answering.
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let cfg = config()
            .endpoint_url(format!("http://{addr}"))
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::default().with_operation_attempt_timeout(Duration::from_millis(200)),
            )
            .build();
        let handle = Handle::new(cfg, &SPEC);
        let err = invoke(&handle, "Op", b"{}".to_vec()).await.unwrap_err();
        assert!(
            matches!(&err, InvokeError::Timeout(t) if t.kind() == TimeoutKind::OperationAttempt),
            "{err:?}"
        );
        server.abort();
    }

    // ---- request shape and signing ---------------------------------------

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
        assert!(auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sagemaker/aws4_request"
        ));
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

    #[test]
    fn sigv4_matches_independent_implementation() {
        // Expected value computed with a separate SigV4 implementation
        // (Python hmac/hashlib) for the same request, key and time.
        let mut request = http::Request::new(br#"{"MaxResults":5}"#.to_vec());
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() =
            http::Uri::from_static("https://api.sagemaker.us-east-1.amazonaws.com/");
        let h = request.headers_mut();
        h.insert(
            HOST,
            HeaderValue::from_static("api.sagemaker.us-east-1.amazonaws.com"),
        );
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-amz-json-1.1"),
        );
        h.insert(
            X_AMZ_TARGET,
            HeaderValue::from_static("SageMaker.ListDomains"),
        );
        h.insert(USER_AGENT, HeaderValue::from_static("not-signed/1.0"));
        let creds = Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None, "t");
        sign(&mut request, creds, "us-east-1", "sagemaker", fixed_time()).unwrap();
        assert_eq!(
            request.headers()["authorization"],
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sagemaker/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
             Signature=1535aba694346ba4be8b97376d93530fce92a8d390dadc8f789a4b787dd631e9"
        );
        assert!(request.headers()["x-amz-security-token"].is_sensitive());
    }

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
                aws_credential_types::provider::future::ProvideCredentials::ready(Ok(
                    Credentials::new("AKID", "S", None, None, "counting"),
                ))
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

    // ---- endpoints and environment ---------------------------------------

    #[test]
    fn endpoint_resolution() {
        let env_none = |_: &str| None;
        let cfg = config().build();
        assert_eq!(
            resolve_endpoint(&cfg, &SPEC, &env_none)
                .unwrap()
                .uri
                .to_string(),
            "https://api.sagemaker.us-east-1.amazonaws.com/"
        );
        let cfg = config().use_fips(true).build();
        assert_eq!(
            resolve_endpoint(&cfg, &SPEC, &env_none)
                .unwrap()
                .uri
                .to_string(),
            "https://api.sagemaker-fips.us-east-1.amazonaws.com/"
        );
        let cfg = config().endpoint_url("http://localhost:4566/base/").build();
        assert_eq!(
            resolve_endpoint(&cfg, &SPEC, &env_none)
                .unwrap()
                .uri
                .to_string(),
            "http://localhost:4566/base/"
        );
        static RULES: ServiceSpec = ServiceSpec {
            rule_set: Some(
                r#"{"version":"1.0",
                    "parameters":{"Region":{"type":"String","builtIn":"AWS::Region"}},
                    "rules":[{"conditions":[],"type":"endpoint",
                              "endpoint":{"url":"https://rules.{Region}.example"}}]}"#,
            ),
            ..SPEC
        };
        let cfg = config().region("eu-west-1").build();
        assert_eq!(
            resolve_endpoint(&cfg, &RULES, &env_none)
                .unwrap()
                .uri
                .to_string(),
            "https://rules.eu-west-1.example/"
        );
        assert!(resolve_endpoint(&cfg, &SPEC, &env_none).is_ok());
        let cfg = config().endpoint_url("ftp://x").build();
        assert!(resolve_endpoint(&cfg, &SPEC, &env_none).is_err());
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

    #[test]
    fn config_from_environment() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let get = env(&[
            ("AWS_DEFAULT_REGION", "eu-central-1"),
            ("AWS_ENDPOINT_URL", "http://global:1"),
            ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
            ("AWS_MAX_ATTEMPTS", "7"),
        ]);
        let cfg = ConfigBuilder::from_lookup(&get).build();
        assert_eq!(cfg.region(), Some("eu-central-1"));
        assert!(cfg.use_fips());
        assert!(!cfg.use_dual_stack());
        assert_eq!(cfg.retry_config().max_attempts, 7);
        assert!(cfg.credentials_provider().is_some());
        // FIPS with a custom endpoint is rejected by endpoint resolution
        let err = resolve_endpoint(&cfg, &SPEC, &get).unwrap_err();
        assert!(err.contains("FIPS and custom endpoint"), "{err}");
        let cfg = cfg.to_builder().use_fips(false).build();
        assert_eq!(
            resolve_endpoint(&cfg, &SPEC, &get).unwrap().uri.to_string(),
            "http://global:1/"
        );

        let get = env(&[
            ("AWS_REGION", "us-west-2"),
            ("AWS_DEFAULT_REGION", "eu-central-1"),
            ("AWS_ENDPOINT_URL", "http://global:1"),
            ("AWS_ENDPOINT_URL_SAGEMAKER", "http://service:2"),
        ]);
        let cfg = ConfigBuilder::from_lookup(&get).build();
        assert_eq!(cfg.region(), Some("us-west-2"));
        assert_eq!(
            resolve_endpoint(&cfg, &SPEC, &get).unwrap().uri.to_string(),
            "http://service:2/"
        );
        // an explicit endpoint wins over the environment
        let explicit = cfg.to_builder().endpoint_url("http://explicit:3").build();
        assert_eq!(
            resolve_endpoint(&explicit, &SPEC, &get)
                .unwrap()
                .uri
                .to_string(),
            "http://explicit:3/"
        );

        let get = env(&[
            ("AWS_REGION", "us-west-2"),
            ("AWS_ENDPOINT_URL", "http://global:1"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ]);
        let cfg = ConfigBuilder::from_lookup(&get).build();
        assert_eq!(
            resolve_endpoint(&cfg, &SPEC, &get).unwrap().uri.to_string(),
            "https://api.sagemaker.us-west-2.amazonaws.com/"
        );
    }

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

    // ---- misc API ----------------------------------------------------------

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
        let e: SdkError<Unhandled> = SdkError::validation(mixed());
        assert!(e.to_string().starts_with("invalid input"));
        assert!(
            e.source()
                .unwrap()
                .downcast_ref::<ValidationErrors>()
                .is_some()
        );
    }

    #[test]
    fn sdk_error_accessors() {
        let r = raw(404, &[("x-amzn-requestid", "rid")], r#"{"__type":"Nope"}"#);
        let u = Unhandled::new(parse_error_metadata(&r), &r);
        let e = SdkError::service_error(u.clone(), r.clone());
        assert_eq!(e.as_service_error(), Some(&u));
        assert_eq!(e.raw_response(), Some(&r));
        assert_eq!(e.request_id(), Some("rid"));
        assert!(
            e.to_string()
                .starts_with("service error: unhandled error (HTTP 404): Nope")
        );
        assert!(e.source().unwrap().downcast_ref::<Unhandled>().is_some());
        let mapped = e.map_service_error(|u| u.status());
        assert_eq!(mapped.into_service_error(), Some(404));

        let json_err = serde_json::from_slice::<serde_json::Value>(b"{").unwrap_err();
        let e = SdkError::<Unhandled>::response_error(json_err, raw(200, &[], "{"));
        assert!(
            e.to_string()
                .starts_with("failed to parse response (HTTP 200)")
        );
        assert!(e.raw_response().is_some());
        assert!(e.into_service_error().is_none());

        #[allow(clippy::result_large_err)] // generated crates allow it crate-wide
        fn serialize() -> Result<(), SdkError<Unhandled>> {
            let map: std::collections::HashMap<Vec<u8>, u8> = [(vec![1u8], 1u8)].into();
            let _ = serde_json::to_vec(&map)?;
            Ok(())
        }
        assert!(matches!(serialize(), Err(SdkError::ConstructionFailure(_))));
        let e = SdkError::<Unhandled>::construction_failure("boom");
        assert_eq!(e.to_string(), "failed to construct request: boom");
        let e = SdkError::<Unhandled>::dispatch_failure("io");
        assert_eq!(e.to_string(), "dispatch failure: io");
        let e = SdkError::<Unhandled>::timeout(TimeoutError::new(
            TimeoutKind::Operation,
            Duration::from_secs(1),
        ));
        assert_eq!(e.to_string(), "operation timed out after 1s");
    }

    #[test]
    fn idempotency_tokens_are_uuid_v4() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let bytes = a.as_bytes();
        assert_eq!(bytes[14], b'4');
        assert!(matches!(bytes[19], b'8' | b'9' | b'a' | b'b'));
        assert_eq!(a.matches('-').count(), 4);
    }

    #[test]
    fn futures_and_types_are_send_sync() {
        fn send<T: Send>(_: &T) {}
        fn send_sync<T: Send + Sync>() {}
        let handle = Handle::new(config().build(), &SPEC);
        let fut = invoke(&handle, "Op", Vec::new());
        send(&fut);
        send_sync::<Handle>();
        send_sync::<Config>();
        send_sync::<SdkError<Unhandled>>();
        send_sync::<InvokeError>();
        send_sync::<RawResponse>();
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
        assert_eq!(cfg.validation_mode(), ValidationMode::Lenient);
        assert!(format!("{cfg:?}").contains("Config"));
        let debug = format!("{:?}", raw(200, &[], &"x".repeat(5000)));
        assert!(debug.contains("5000 bytes") && debug.len() < 2000);
    }

    // ---- real network ------------------------------------------------------

    /// Serves `connections` connections on 127.0.0.1, answering every request
    /// with `reply` and sending what it saw to the returned channel.
    async fn serve(
        reply_body: Vec<u8>,
    ) -> (
        std::net::SocketAddr,
        std::sync::mpsc::Receiver<(http::request::Parts, Vec<u8>)>,
        tokio::task::JoinHandle<()>,
    ) {
        use http_body_util::BodyExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let tx = tx.clone();
                let reply_body = reply_body.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(
                        move |req: http::Request<hyper::body::Incoming>| {
                            let tx = tx.clone();
                            let reply_body = reply_body.clone();
                            async move {
                                let (parts, body) = req.into_parts();
                                let body = match body.collect().await {
                                    Ok(collected) => collected.to_bytes().to_vec(),
                                    Err(_) => b"<body error>".to_vec(),
                                };
                                let _ = tx.send((parts, body));
                                let mut response = http::Response::new(http_body_util::Full::new(
                                    bytes::Bytes::from(reply_body),
                                ));
                                let h = response.headers_mut();
                                h.insert("x-amzn-requestid", HeaderValue::from_static("local-1"));
                                h.insert(
                                    "content-type",
                                    HeaderValue::from_static("application/x-amz-json-1.1"),
                                );
                                Ok::<_, std::convert::Infallible>(response)
                            }
                        },
                    );
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(socket), service)
                        .await;
                });
            }
        });
        (addr, rx, task)
    }

    #[tokio::test]
    async fn real_http_round_trip() {
        let (addr, seen, server) = serve(br#"{"DomainArn":"arn:aws:sagemaker:x"}"#.to_vec()).await;
        let cfg = Config::builder()
            .region("us-west-2")
            .credentials_provider(Credentials::new(
                "AKID",
                "SECRET",
                Some("TOK".into()),
                None,
                "t",
            ))
            .endpoint_url(format!("http://{addr}"))
            .timeout_config(
                TimeoutConfig::default().with_operation_timeout(Duration::from_secs(10)),
            )
            .build();
        let handle = Handle::new(cfg, &SPEC);
        let body = br#"{"DomainId":"d-123","ClientToken":"abc"}"#.to_vec();
        let raw = invoke(&handle, "UpdateUserProfile", body.clone())
            .await
            .unwrap();
        assert_eq!(raw.status, 200);
        assert_eq!(raw.request_id(), Some("local-1"));
        assert_eq!(raw.body, br#"{"DomainArn":"arn:aws:sagemaker:x"}"#);

        let (parts, received) = seen.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(parts.method, http::Method::POST);
        assert_eq!(parts.uri.path(), "/");
        let h = &parts.headers;
        assert_eq!(h["content-type"], "application/x-amz-json-1.1");
        assert_eq!(h["x-amz-target"], "SageMaker.UpdateUserProfile");
        assert_eq!(h["host"], addr.to_string().as_str());
        assert_eq!(h["content-length"], body.len().to_string().as_str());
        assert_eq!(h["x-amz-security-token"], "TOK");
        assert!(h["user-agent"].to_str().unwrap().contains("lang/rust"));
        assert!(
            h["authorization"]
                .to_str()
                .unwrap()
                .starts_with("AWS4-HMAC-SHA256 Credential=AKID/")
        );
        assert!(
            h["authorization"]
                .to_str()
                .unwrap()
                .contains("/us-west-2/sagemaker/aws4_request")
        );
        assert_eq!(received, body);

        // A second call reuses the pooled connection and still works.
        let raw = invoke(&handle, "ListDomains", b"{}".to_vec())
            .await
            .unwrap();
        assert_eq!(raw.status, 200);
        let (parts, received) = seen.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(parts.headers["x-amz-target"], "SageMaker.ListDomains");
        assert_eq!(received, b"{}");
        server.abort();
    }

    #[tokio::test]
    async fn oversized_response_is_a_dispatch_failure() {
        let (addr, _seen, server) = serve(vec![b'x'; 10_000]).await;
        let client = HyperClient::new(Some(Duration::from_secs(3)))
            .unwrap()
            .with_max_response_bytes(1000);
        let cfg = config()
            .endpoint_url(format!("http://{addr}"))
            .retry_config(RetryConfig::disabled())
            .http_client(client)
            .build();
        let err = invoke(&Handle::new(cfg, &SPEC), "Op", b"{}".to_vec())
            .await
            .unwrap_err();
        assert!(matches!(err, InvokeError::Dispatch(_)), "{err:?}");
        server.abort();
    }

    #[tokio::test]
    async fn refused_connection_is_retried_then_dispatch_failure() {
        // Bind then drop to get a port nobody listens on.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let cfg = config().endpoint_url(format!("http://{addr}")).build();
        let err = invoke(&Handle::new(cfg, &SPEC), "Op", b"{}".to_vec())
            .await
            .unwrap_err();
        assert!(matches!(err, InvokeError::Dispatch(_)), "{err:?}");
    }

    #[test]
    fn host_prefixes_and_labels() {
        let uri: http::Uri = "https://example.com:8443/custom/".parse().unwrap();
        assert_eq!(
            prefixed_uri(&uri, "foo.bar.").unwrap().to_string(),
            "https://foo.bar.example.com:8443/custom/"
        );
        assert!(prefixed_uri(&uri, "a b.").is_err());
        for good in ["bar", "a-1", "a.b", "0"] {
            assert!(is_valid_host_label(good), "{good}");
        }
        for bad in ["", "-a", "a..b", "a.", "a_b", "a/b", "a:1", &"x".repeat(64)] {
            assert!(!is_valid_host_label(bad), "{bad}");
        }
    }

    #[test]
    fn clients_from_one_config_share_one_http_client() {
        static OTHER: ServiceSpec = ServiceSpec {
            target_prefix: "TrentService",
            json_version: "1.1",
            signing_name: "kms",
            endpoint_prefix: "kms",
            rule_set: None,
            sdk_id: "KMS",
            api_version: "2014-11-01",
        };
        let config = config().build();
        let a = Handle::new(config.clone(), &SPEC);
        let b = Handle::new(config.clone(), &OTHER);
        assert!(Arc::ptr_eq(&a.inner.http, &b.inner.http));
        // A configuration built anew makes its own.
        let c = Handle::new(config.to_builder().build(), &SPEC);
        assert!(!Arc::ptr_eq(&a.inner.http, &c.inner.http));
        // One set by the user is used as it is, by every client.
        let fake = FakeClient::new(vec![]);
        let with_fake = config.to_builder().http_client(fake.clone()).build();
        let d = Handle::new(with_fake.clone(), &SPEC);
        let e = Handle::new(with_fake, &OTHER);
        assert!(Arc::ptr_eq(&d.inner.http, &e.inner.http));
    }
}
