//! The [`Handle`] a generated client holds: the service's description, and what is settled once
//! per client (HTTP client, endpoint, user agent, credentials cache, retry quota).

use std::sync::Arc;

use http::header::{HeaderName, HeaderValue};

use super::credentials::CredentialsCache;
use super::http_client::UnavailableClient;
use super::retry::RetryQuota;
use super::{Config, HttpClient};
use crate::protocol::aws_json;

/// The client made when none is set: hyper's with the `http2` feature (HTTP/2 by ALPN), else
/// this runtime's HTTP/1.1 client.
#[cfg(feature = "http2")]
type DefaultClient = super::HyperClient;
#[cfg(not(feature = "http2"))]
type DefaultClient = super::Http1Client;

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

/// Shared state of a generated client: configuration, service description,
/// HTTP client, resolved endpoint, credentials cache and retry quota. Cheap
/// to clone.
#[derive(Clone, Debug)]
pub struct Handle {
    pub(super) inner: Arc<HandleInner>,
}

/// What a [`Handle`] shares between its clones.
#[derive(Debug)]
pub(super) struct HandleInner {
    pub(super) config: Config,
    pub(super) spec: &'static ServiceSpec,
    pub(super) http: Arc<dyn HttpClient>,
    pub(super) endpoint: Result<ResolvedEndpoint, String>,
    /// What the endpoint was resolved from, for calls whose operation adds parameters of its
    /// own (`@staticContextParams`, `@contextParam`): the parsed rule set and the built-ins.
    pub(super) endpoint_inputs: Result<EndpointInputs, String>,
    pub(super) user_agent: HeaderValue,
    pub(super) content_type: HeaderValue,
    pub(super) credentials: Option<CredentialsCache>,
    pub(super) retry_quota: RetryQuota,
}

impl Handle {
    /// Creates the shared state. The endpoint is resolved here, once (the
    /// rule set is parsed once); a resolution failure is reported by every
    /// call as [`SdkError::ConstructionFailure`](super::SdkError::ConstructionFailure).
    pub fn new(config: Config, spec: &'static ServiceSpec) -> Handle {
        let http: Arc<dyn HttpClient> = match &config.http_client {
            Some(client) => client.clone(),
            None => config
                .default_http_client
                .get_or_init(|| match DefaultClient::from_config(&config) {
                    Ok(client) => Arc::new(client),
                    Err(e) => Arc::new(UnavailableClient(e.to_string())),
                })
                .clone(),
        };
        let endpoint_inputs = EndpointInputs::new(&config, spec, &|name| std::env::var(name).ok());
        let endpoint = endpoint_inputs
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|inputs| inputs.resolve(&[], None));
        let credentials = config.credentials.clone().map(CredentialsCache::new);
        Handle {
            inner: Arc::new(HandleInner {
                http,
                endpoint,
                endpoint_inputs,
                user_agent: user_agent(spec),
                content_type: aws_json::content_type(spec.json_version),
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

/// The endpoint of a call is resolved from these: the service's rule set, parsed once, and the
/// parameters the configuration gives (region, FIPS, dual-stack, a custom endpoint, the account
/// ID endpoint mode).
#[derive(Debug)]
pub(super) struct EndpointInputs {
    rule_set: Option<crate::endpoint::RuleSet>,
    endpoint_prefix: &'static str,
    params: crate::endpoint::Params,
    /// The rule set takes the caller's account ID (`AWS::Auth::AccountId`), which the
    /// credentials of each call may carry.
    pub(super) takes_account_id: bool,
}

/// The built-in of the caller's account ID, from the credentials.
const ACCOUNT_ID: &str = "AWS::Auth::AccountId";
/// The built-in of [`Config::account_id_endpoint_mode`].
const ACCOUNT_ID_ENDPOINT_MODE: &str = "AWS::Auth::AccountIdEndpointMode";

impl EndpointInputs {
    fn new(
        config: &Config,
        spec: &ServiceSpec,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<EndpointInputs, String> {
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
        let mut params = crate::endpoint::Params {
            region: config.region.clone(),
            use_fips: config.use_fips,
            use_dual_stack: config.use_dual_stack,
            endpoint: custom,
            extra: Default::default(),
        };
        let rule_set = spec
            .rule_set
            .map(crate::endpoint::RuleSet::from_json)
            .transpose()
            .map_err(|e| format!("invalid endpoint rule set: {e}"))?;
        let takes = |built_in: &str| {
            rule_set.as_ref().is_some_and(|r| {
                r.parameters()
                    .iter()
                    .any(|p| p.built_in.as_deref() == Some(built_in))
            })
        };
        if takes(ACCOUNT_ID_ENDPOINT_MODE) {
            // Unset, the mode is `preferred`, as aws-sdk-rust's configuration defaults it.
            let mode = config.account_id_endpoint_mode.clone().unwrap_or_default();
            params.extra.insert(
                ACCOUNT_ID_ENDPOINT_MODE.to_owned(),
                crate::endpoint::Value::String(mode.to_string()),
            );
        }
        Ok(EndpointInputs {
            takes_account_id: takes(ACCOUNT_ID),
            rule_set,
            endpoint_prefix: spec.endpoint_prefix,
            params,
        })
    }

    /// The endpoint with an operation's own parameters (by rule-set name) and the caller's
    /// account ID beside the configuration's.
    pub(super) fn resolve(
        &self,
        operation_params: &[(&str, crate::endpoint::Value)],
        account_id: Option<&str>,
    ) -> Result<ResolvedEndpoint, String> {
        let mut params = self.params.clone();
        for (name, value) in operation_params {
            params.extra.insert((*name).to_owned(), value.clone());
        }
        if let Some(account_id) = account_id {
            params.extra.insert(
                ACCOUNT_ID.to_owned(),
                crate::endpoint::Value::String(account_id.to_owned()),
            );
        }
        let endpoint = match &self.rule_set {
            Some(rule_set) => rule_set.resolve(&params),
            None => crate::endpoint::resolve_standard(self.endpoint_prefix, &params),
        }
        .map_err(|e| format!("endpoint resolution failed: {e}"))?;
        resolved(&endpoint)
    }
}

/// How a request is sent to `endpoint`.
fn resolved(endpoint: &crate::endpoint::Endpoint) -> Result<ResolvedEndpoint, String> {
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

/// The endpoint of a [`Handle`], resolved once (and again for each call of an operation with
/// endpoint parameters of its own).
#[derive(Debug, Clone)]
pub(super) struct ResolvedEndpoint {
    /// The request URI (endpoint URL with the `/` operation path).
    pub(super) uri: http::Uri,
    /// Headers the rule set asks for.
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    /// SigV4 signing name override from `authSchemes`.
    pub(super) signing_name: Option<String>,
    /// SigV4 signing region override from `authSchemes`.
    pub(super) signing_region: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ConfigBuilder;
    use crate::client::tests::{FakeClient, SPEC, config};

    fn resolve_endpoint(
        config: &Config,
        spec: &ServiceSpec,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ResolvedEndpoint, String> {
        EndpointInputs::new(config, spec, env)?.resolve(&[], None)
    }

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
