//! The AWS partition table `aws.partition` reads, and the small regex dialect of its
//! `regionRegex` patterns (matched without a regex engine).

use std::collections::BTreeMap;

use super::Value;

/// An AWS partition: a group of regions sharing DNS suffixes and feature
/// support, as returned by `aws.partition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// Partition id, e.g. `aws-cn`.
    pub id: &'static str,
    /// Pattern for region names in this partition (a small regex dialect:
    /// `^`, literals, `\-`, `(a|b)`, `\w+`, `\d+`, `$`).
    pub region_regex: &'static str,
    /// Regions known by name, including the partition's global pseudo-region.
    pub regions: &'static [&'static str],
    /// Default DNS suffix.
    pub dns_suffix: &'static str,
    /// DNS suffix of dual-stack (IPv4 + IPv6) endpoints.
    pub dual_stack_dns_suffix: &'static str,
    /// Whether FIPS endpoints exist in this partition.
    pub supports_fips: bool,
    /// Whether dual-stack endpoints exist in this partition.
    pub supports_dual_stack: bool,
    /// Region that global endpoints are served from.
    pub implicit_global_region: &'static str,
}

impl Partition {
    /// The `Partition` structure as the rules language sees it.
    pub(super) fn to_value(self) -> Value {
        let mut out = BTreeMap::new();
        out.insert("name".to_owned(), Value::from(self.id));
        out.insert("dnsSuffix".to_owned(), Value::from(self.dns_suffix));
        out.insert(
            "dualStackDnsSuffix".to_owned(),
            Value::from(self.dual_stack_dns_suffix),
        );
        out.insert("supportsFIPS".to_owned(), Value::Bool(self.supports_fips));
        out.insert(
            "supportsDualStack".to_owned(),
            Value::Bool(self.supports_dual_stack),
        );
        out.insert(
            "implicitGlobalRegion".to_owned(),
            Value::from(self.implicit_global_region),
        );
        Value::Object(out)
    }
}

/// The partition table. Order matters only for regex matching, where the
/// patterns are disjoint anyway; `aws` comes first because it is the fallback.
pub const PARTITIONS: &[Partition] = &[
    Partition {
        id: "aws",
        region_regex: r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
    },
    Partition {
        id: "aws-cn",
        region_regex: r"^cn\-\w+\-\d+$",
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
    },
    Partition {
        id: "aws-us-gov",
        region_regex: r"^us\-gov\-\w+\-\d+$",
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
    },
    Partition {
        id: "aws-iso",
        region_regex: r"^us\-iso\-\w+\-\d+$",
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "c2s.ic.gov",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "us-iso-east-1",
    },
    Partition {
        id: "aws-iso-b",
        region_regex: r"^us\-isob\-\w+\-\d+$",
        regions: &["aws-iso-b-global", "us-isob-east-1"],
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "sc2s.sgov.gov",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "us-isob-east-1",
    },
    Partition {
        id: "aws-iso-e",
        region_regex: r"^eu\-isoe\-\w+\-\d+$",
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "cloud.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "eu-isoe-west-1",
    },
    Partition {
        id: "aws-iso-f",
        region_regex: r"^us\-isof\-\w+\-\d+$",
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "csp.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "us-isof-south-1",
    },
    Partition {
        id: "aws-eusc",
        region_regex: r"^eusc\-(de)\-\w+\-\d+$",
        regions: &["eusc-de-east-1"],
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "amazonaws.eu",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "eusc-de-east-1",
    },
];

/// The partition a region belongs to: an explicitly listed region first, then
/// the first `regionRegex` that matches, else `aws` (as the spec requires for
/// unknown regions).
pub fn partition(region: &str) -> &'static Partition {
    PARTITIONS
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| {
            PARTITIONS
                .iter()
                .find(|p| regex_lite_matches(p.region_regex, region) == Some(true))
        })
        .unwrap_or(&PARTITIONS[0])
}

/// A token of the tiny regex dialect used by `regionRegex`.
#[derive(Debug, Clone, PartialEq)]
enum RegexToken {
    Lit(char),
    /// `(a|b|c)`: literal alternatives.
    Alt(Vec<Vec<char>>),
    /// `\w` or `\d`, with `+` when `repeat` is true.
    Class {
        digit: bool,
        repeat: bool,
    },
}

/// Parses the regex dialect; `None` for anything outside it.
fn regex_lite_parse(pattern: &str) -> Option<Vec<RegexToken>> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let chars: Vec<char> = body.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\\' => {
                let escaped = *chars.get(i)?;
                i += 1;
                match escaped {
                    'w' | 'd' => {
                        let repeat = chars.get(i) == Some(&'+');
                        if repeat {
                            i += 1;
                        }
                        tokens.push(RegexToken::Class {
                            digit: escaped == 'd',
                            repeat,
                        });
                    }
                    c if c.is_ascii_punctuation() => tokens.push(RegexToken::Lit(c)),
                    _ => return None,
                }
            }
            '(' => {
                let mut alts = vec![Vec::new()];
                loop {
                    let c = *chars.get(i)?;
                    i += 1;
                    match c {
                        ')' => break,
                        '|' => alts.push(Vec::new()),
                        '\\' => {
                            let escaped = *chars.get(i)?;
                            i += 1;
                            if !escaped.is_ascii_punctuation() {
                                return None;
                            }
                            alts.last_mut()?.push(escaped);
                        }
                        c if c.is_alphanumeric() || c == '-' => alts.last_mut()?.push(c),
                        _ => return None,
                    }
                }
                tokens.push(RegexToken::Alt(alts));
            }
            c if c.is_alphanumeric() || c == '-' || c == '_' => tokens.push(RegexToken::Lit(c)),
            _ => return None,
        }
    }
    Some(tokens)
}

fn regex_lite_match_tokens(tokens: &[RegexToken], s: &[char]) -> bool {
    let Some((token, rest)) = tokens.split_first() else {
        return s.is_empty();
    };
    match token {
        RegexToken::Lit(c) => match s.split_first() {
            Some((first, tail)) => first == c && regex_lite_match_tokens(rest, tail),
            None => false,
        },
        RegexToken::Alt(alts) => alts.iter().any(|alt| {
            s.starts_with(alt)
                && s.get(alt.len()..)
                    .is_some_and(|tail| regex_lite_match_tokens(rest, tail))
        }),
        RegexToken::Class { digit, repeat } => {
            let in_class = |c: &char| {
                if *digit {
                    c.is_ascii_digit()
                } else {
                    c.is_alphanumeric() || *c == '_'
                }
            };
            let max = if *repeat { s.len() } else { s.len().min(1) };
            (1..=max)
                .take_while(|&n| s.get(n - 1).is_some_and(in_class))
                .any(|n| {
                    s.get(n..)
                        .is_some_and(|tail| regex_lite_match_tokens(rest, tail))
                })
        }
    }
}

/// Whether `s` matches `pattern`; `None` if the pattern is outside the dialect.
fn regex_lite_matches(pattern: &str, s: &str) -> Option<bool> {
    let tokens = regex_lite_parse(pattern)?;
    let chars: Vec<char> = s.chars().collect();
    Some(regex_lite_match_tokens(&tokens, &chars))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::eval::get_attr;
    use crate::endpoint::parse::PathSeg;
    use crate::endpoint::tests::{b, s};

    #[test]
    fn partition_function() {
        let name = |r: &str| partition(r).id;
        assert_eq!(name("us-east-1"), "aws");
        assert_eq!(name("aws-global"), "aws");
        assert_eq!(name("eu-west-9"), "aws"); // by regex
        assert_eq!(name("cn-north-1"), "aws-cn");
        assert_eq!(name("aws-cn-global"), "aws-cn");
        assert_eq!(name("us-gov-west-1"), "aws-us-gov");
        assert_eq!(name("us-gov-central-7"), "aws-us-gov"); // by regex
        assert_eq!(name("aws-us-gov-global"), "aws-us-gov");
        assert_eq!(name("us-iso-east-1"), "aws-iso");
        assert_eq!(name("aws-iso-global"), "aws-iso");
        assert_eq!(name("us-isob-east-1"), "aws-iso-b");
        assert_eq!(name("aws-iso-b-global"), "aws-iso-b");
        assert_eq!(name("eu-isoe-west-1"), "aws-iso-e");
        assert_eq!(name("us-isof-south-1"), "aws-iso-f");
        assert_eq!(name("eusc-de-east-1"), "aws-eusc");
        assert_eq!(name("eusc-de-north-2"), "aws-eusc"); // by regex
        assert_eq!(name("mars-central-1"), "aws"); // unknown: fallback
        assert_eq!(name(""), "aws");
        let p = partition("cn-north-1").to_value();
        let attr = |k: &str| get_attr(&p, &[PathSeg::Key(k.to_owned())]).cloned();
        assert_eq!(attr("dnsSuffix"), s("amazonaws.com.cn"));
        assert_eq!(
            attr("dualStackDnsSuffix"),
            s("api.amazonwebservices.com.cn")
        );
        assert_eq!(attr("supportsFIPS"), b(true));
        assert_eq!(attr("implicitGlobalRegion"), s("cn-northwest-1"));
        assert!(!partition("us-iso-east-1").supports_dual_stack);
    }

    #[test]
    fn partition_regexes_parse_and_match() {
        for p in PARTITIONS {
            assert!(
                regex_lite_parse(p.region_regex).is_some(),
                "{}",
                p.region_regex
            );
        }
        let aws = PARTITIONS[0].region_regex;
        assert_eq!(regex_lite_matches(aws, "us-east-1"), Some(true));
        assert_eq!(regex_lite_matches(aws, "us-gov-west-1"), Some(false));
        assert_eq!(regex_lite_matches(aws, "us-east-"), Some(false));
        assert_eq!(regex_lite_matches(aws, "us-east-1a"), Some(false));
        assert_eq!(regex_lite_matches(aws, "xx-east-1"), Some(false));
        assert_eq!(regex_lite_matches(r"^a\w$", "ab"), Some(true));
        assert_eq!(regex_lite_matches("^a.*$", "ab"), None);
    }
}
