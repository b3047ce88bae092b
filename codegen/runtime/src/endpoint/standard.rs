//! The standard AWS regional endpoint scheme, for models without a rule set.

use super::{Endpoint, EndpointError, Params, err, partition};

/// Service-specific shape of the standard AWS regional endpoint scheme.
///
/// Most services follow `https://{prefix}.{region}.{dnsSuffix}` with the FIPS
/// variant `https://{prefix}-fips.{region}.{dnsSuffix}`, but some use a
/// different FIPS host in some partitions (`api.sagemaker` uses
/// `api-fips.sagemaker.{region}.{dnsSuffix}` in `aws` and `aws-us-gov`);
/// `fips_hostname_overrides` expresses that.
#[derive(Debug, Clone, Copy, Default)]
pub struct StandardScheme<'a> {
    /// The endpoint prefix, e.g. `api.sagemaker`.
    pub endpoint_prefix: &'a str,
    /// `(partition id, hostname template)` pairs replacing the FIPS
    /// (non-dual-stack) host in that partition. Templates may use `{region}`
    /// and `{dnsSuffix}`, like botocore's `endpoints.json` variants, e.g.
    /// `("aws", "api-fips.sagemaker.{region}.{dnsSuffix}")`.
    pub fips_hostname_overrides: &'a [(&'a str, &'a str)],
}

/// Resolves with the standard AWS regional scheme for `endpoint_prefix`, with
/// the same behaviour and error texts as the standard generated rule sets:
/// custom endpoint first (incompatible with FIPS / dual-stack), then the
/// FIPS / dual-stack variants of `https://{prefix}.{region}.{dnsSuffix}`.
pub fn resolve_standard(endpoint_prefix: &str, params: &Params) -> Result<Endpoint, EndpointError> {
    resolve_standard_scheme(
        &StandardScheme {
            endpoint_prefix,
            fips_hostname_overrides: &[],
        },
        params,
    )
}

/// [`resolve_standard`] with service-specific variations (see [`StandardScheme`]).
pub fn resolve_standard_scheme(
    scheme: &StandardScheme<'_>,
    params: &Params,
) -> Result<Endpoint, EndpointError> {
    let prefix = scheme.endpoint_prefix;
    if let Some(endpoint) = &params.endpoint {
        if params.use_fips {
            return err("Invalid Configuration: FIPS and custom endpoint are not supported");
        }
        if params.use_dual_stack {
            return err("Invalid Configuration: Dualstack and custom endpoint are not supported");
        }
        return Ok(Endpoint::new(endpoint.clone()));
    }
    let Some(region) = &params.region else {
        return err("Invalid Configuration: Missing Region");
    };
    let p = partition(region);
    let url = match (params.use_fips, params.use_dual_stack) {
        (true, true) => {
            if !(p.supports_fips && p.supports_dual_stack) {
                return err(
                    "FIPS and DualStack are enabled, but this partition does not support one or both",
                );
            }
            format!("https://{prefix}-fips.{region}.{}", p.dual_stack_dns_suffix)
        }
        (true, false) => {
            if !p.supports_fips {
                return err("FIPS is enabled but this partition does not support FIPS");
            }
            match scheme
                .fips_hostname_overrides
                .iter()
                .find(|(id, _)| *id == p.id)
            {
                Some((_, host)) => format!(
                    "https://{}",
                    expand_placeholders(host, &[("region", region), ("dnsSuffix", p.dns_suffix)])
                ),
                None => format!("https://{prefix}-fips.{region}.{}", p.dns_suffix),
            }
        }
        (false, true) => {
            if !p.supports_dual_stack {
                return err("DualStack is enabled but this partition does not support DualStack");
            }
            format!("https://{prefix}.{region}.{}", p.dual_stack_dns_suffix)
        }
        (false, false) => format!("https://{prefix}.{region}.{}", p.dns_suffix),
    };
    Ok(Endpoint::new(url))
}

/// Single-pass `{name}` substitution (so substituted text is never rescanned);
/// unknown names are kept literally.
fn expand_placeholders(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let replaced = after.find('}').and_then(|close| {
            let name = after.get(1..close)?;
            let value = values.iter().find(|(n, _)| *n == name)?.1;
            Some((value, close))
        });
        match replaced {
            Some((value, close)) => {
                out.push_str(value);
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_scheme_basics() {
        let p = |region: &str, fips: bool, dual: bool| Params {
            region: Some(region.into()),
            use_fips: fips,
            use_dual_stack: dual,
            ..Params::default()
        };
        let url = |params: &Params| resolve_standard("kms", params).map(|e| e.url);
        assert_eq!(
            url(&p("us-east-1", false, false)).unwrap(),
            "https://kms.us-east-1.amazonaws.com"
        );
        assert_eq!(
            url(&p("us-east-1", true, true)).unwrap(),
            "https://kms-fips.us-east-1.api.aws"
        );
        assert_eq!(
            url(&p("cn-north-1", false, true)).unwrap(),
            "https://kms.cn-north-1.api.amazonwebservices.com.cn"
        );
        assert_eq!(
            url(&p("us-iso-east-1", false, true)).unwrap_err().message(),
            "DualStack is enabled but this partition does not support DualStack"
        );
        assert_eq!(
            url(&Params::default()).unwrap_err().message(),
            "Invalid Configuration: Missing Region"
        );
        let custom = Params {
            endpoint: Some("https://example.com".into()),
            use_fips: true,
            ..Params::default()
        };
        assert_eq!(
            url(&custom).unwrap_err().message(),
            "Invalid Configuration: FIPS and custom endpoint are not supported"
        );
        assert_eq!(
            expand_placeholders(
                "a-{region}.{dnsSuffix}.{other}",
                &[("region", "{dnsSuffix}"), ("dnsSuffix", "d")]
            ),
            "a-{dnsSuffix}.d.{other}"
        );
    }
}
