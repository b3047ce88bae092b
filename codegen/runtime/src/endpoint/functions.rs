//! The standard library functions of the rules language that are more than a comparison
//! (`substring`, `parseURL`, `aws.parseArn`, …), on plain values, so they are tested directly.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::Value;

/// `substring`: ASCII-only, `start` inclusive, `stop` exclusive; with
/// `reverse` the indices count from the end of the string.
pub(super) fn substring(s: &str, start: i64, stop: i64, reverse: bool) -> Option<String> {
    if !s.is_ascii() {
        return None;
    }
    let (start, stop) = (usize::try_from(start).ok()?, usize::try_from(stop).ok()?);
    let len = s.len();
    if start >= stop || stop > len {
        return None;
    }
    let range = if reverse {
        (len - stop)..(len - start)
    } else {
        start..stop
    };
    s.get(range).map(str::to_owned)
}

/// One RFC 1123 label: 1 to 63 letters, digits and hyphens, not starting with a hyphen.
fn is_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// `isValidHostLabel`: an RFC 1123 label (or dot-joined labels when
/// `allow_sub_domains`).
pub(super) fn is_valid_host_label(s: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        s.split('.').all(is_host_label)
    } else {
        is_host_label(s)
    }
}

/// `uriEncode`: RFC 3986 percent-encoding of everything but unreserved
/// characters, with uppercase hex digits.
pub(crate) fn uri_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// `parseURL`: http(s) URLs without a query; yields the `URL` structure
/// (`scheme`, `authority`, `path`, `normalizedPath`, `isIp`).
pub(super) fn parse_url(input: &str) -> Option<Value> {
    let (scheme, rest) = input.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    // A fragment is never sent; a query makes the URL unusable as an endpoint.
    let rest = rest.split('#').next().unwrap_or_default();
    if rest.contains('?') {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inner, after) = bracketed.split_once(']')?;
        inner.parse::<Ipv6Addr>().ok()?;
        let port = if after.is_empty() {
            None
        } else {
            Some(after.strip_prefix(':')?)
        };
        (authority.get(..inner.len() + 2)?, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let bad_port = |port: &str| {
        port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u16>().is_err()
    };
    if port.is_some_and(bad_port) {
        return None;
    }
    let is_ip = host.starts_with('[') || host.parse::<Ipv4Addr>().is_ok();
    let host_ok = is_ip
        || (!host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=".contains(&b)));
    if !host_ok {
        return None;
    }
    let mut normalized = String::from(path);
    if !normalized.starts_with('/') {
        normalized.insert(0, '/');
    }
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    let mut url = BTreeMap::new();
    url.insert("scheme".to_owned(), Value::String(scheme));
    url.insert("authority".to_owned(), Value::from(authority));
    url.insert("path".to_owned(), Value::from(path));
    url.insert("normalizedPath".to_owned(), Value::String(normalized));
    url.insert("isIp".to_owned(), Value::Bool(is_ip));
    Some(Value::Object(url))
}

/// `split` (rules engine 1.1): splits on a literal, non-empty delimiter; a
/// positive `limit` caps the number of parts, zero or less means no cap.
pub(super) fn split(s: &str, delimiter: &str, limit: i64) -> Option<Value> {
    if delimiter.is_empty() {
        return None;
    }
    let parts: Vec<Value> = match usize::try_from(limit) {
        Ok(n) if n > 0 => s.splitn(n, delimiter).map(Value::from).collect(),
        _ => s.split(delimiter).map(Value::from).collect(),
    };
    Some(Value::Array(parts))
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, the
/// resource split on `:` and `/` into `resourceId`.
pub(super) fn parse_arn(s: &str) -> Option<Value> {
    let mut parts = s.splitn(6, ':');
    let (arn, partition, service) = (parts.next()?, parts.next()?, parts.next()?);
    let (region, account, resource) = (parts.next()?, parts.next()?, parts.next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).map(Value::from).collect();
    let mut out = BTreeMap::new();
    out.insert("partition".to_owned(), Value::from(partition));
    out.insert("service".to_owned(), Value::from(service));
    out.insert("region".to_owned(), Value::from(region));
    out.insert("accountId".to_owned(), Value::from(account));
    out.insert("resourceId".to_owned(), Value::Array(resource_id));
    Some(Value::Object(out))
}

/// `aws.isVirtualHostableS3Bucket`: a bucket name usable as a DNS label
/// (3–63 lowercase letters, digits, `-`, and `.` only when sub-domains are
/// allowed; no IP-address look-alikes, no `..`, `.-` or `-.`).
pub(super) fn is_virtual_hostable_s3_bucket(s: &str, allow_sub_domains: bool) -> bool {
    let bytes = s.as_bytes();
    let edge_ok = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    (3..=63).contains(&bytes.len())
        && edge_ok(bytes.first())
        && edge_ok(bytes.last())
        && bytes.iter().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || *b == b'-'
                || (allow_sub_domains && *b == b'.')
        })
        && !s.contains("..")
        && !s.contains(".-")
        && !s.contains("-.")
        && !looks_like_ipv4(s)
        && is_valid_host_label(s, allow_sub_domains)
}

/// Four dot-separated runs of digits (S3 rejects such bucket names for
/// virtual hosting even when they are not valid addresses).
fn looks_like_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::eval::get_attr;
    use crate::endpoint::parse::{PathSeg, parse_path};
    use crate::endpoint::tests::{b, call_json, s};

    #[test]
    fn substring_function() {
        assert_eq!(substring("abcdef", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 4, true).as_deref(), Some("cdef"));
        assert_eq!(substring("abcdef", 2, 6, false).as_deref(), Some("cdef"));
        assert_eq!(substring("abcdef", 0, 7, false), None);
        assert_eq!(substring("abcdef", 3, 3, false), None);
        assert_eq!(substring("abcdef", -1, 3, false), None);
        assert_eq!(substring("abcdéf", 0, 2, false), None);
        let got = call_json(serde_json::json!({"fn": "substring", "argv": ["hello", 1, 3, false]}));
        assert_eq!(got.unwrap(), s("el"));
    }

    #[test]
    fn host_label_functions() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("a_b", false));

        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
        assert!(!is_virtual_hostable_s3_bucket("a.-b", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
    }

    fn url_part(url: &Option<Value>, key: &str) -> Option<Value> {
        url.as_ref()
            .and_then(|u| get_attr(u, &[PathSeg::Key(key.to_owned())]).cloned())
    }

    #[test]
    fn parse_url_function() {
        let u = parse_url("https://example.com");
        assert_eq!(url_part(&u, "scheme"), s("https"));
        assert_eq!(url_part(&u, "authority"), s("example.com"));
        assert_eq!(url_part(&u, "path"), s(""));
        assert_eq!(url_part(&u, "normalizedPath"), s("/"));
        assert_eq!(url_part(&u, "isIp"), b(false));

        let u = parse_url("http://example.com:80/foo/bar");
        assert_eq!(url_part(&u, "authority"), s("example.com:80"));
        assert_eq!(url_part(&u, "path"), s("/foo/bar"));
        assert_eq!(url_part(&u, "normalizedPath"), s("/foo/bar/"));

        assert_eq!(url_part(&parse_url("https://127.0.0.1"), "isIp"), b(true));
        let v6 = parse_url("https://[fe80::1]:8443/x/");
        assert_eq!(url_part(&v6, "isIp"), b(true));
        assert_eq!(url_part(&v6, "authority"), s("[fe80::1]:8443"));
        assert_eq!(url_part(&v6, "normalizedPath"), s("/x/"));

        assert_eq!(parse_url("https://example.com:8443?foo=bar&faz=baz"), None);
        assert_eq!(parse_url("ftp://example.com"), None);
        assert_eq!(parse_url("example.com"), None);
        assert_eq!(parse_url("https://"), None);
        assert_eq!(parse_url("https://a.com:port"), None);
        assert_eq!(parse_url("https://[zz]"), None);
        assert_eq!(parse_url("https://a b.com"), None);
    }

    #[test]
    fn uri_encode_function() {
        assert_eq!(uri_encode("abc-_.~XYZ09"), "abc-_.~XYZ09");
        assert_eq!(uri_encode("a b/c?d=e"), "a%20b%2Fc%3Fd%3De");
        assert_eq!(uri_encode("é"), "%C3%A9");
        assert_eq!(uri_encode("{}|"), "%7B%7D%7C");
    }

    #[test]
    fn parse_arn_function() {
        let arn = |s: &str, key: &str| {
            parse_arn(s).and_then(|v| get_attr(&v, &parse_path(key).unwrap()).cloned())
        };
        let sns = "arn:aws:sns:us-west-2:012345678910:example-sns-topic-name";
        assert_eq!(arn(sns, "partition"), s("aws"));
        assert_eq!(arn(sns, "service"), s("sns"));
        assert_eq!(arn(sns, "region"), s("us-west-2"));
        assert_eq!(arn(sns, "accountId"), s("012345678910"));
        assert_eq!(arn(sns, "resourceId[0]"), s("example-sns-topic-name"));
        let iam = "arn:aws:iam::012345678910:user/johndoe";
        assert_eq!(arn(iam, "region"), s(""));
        assert_eq!(
            arn(iam, "resourceId"),
            Some(Value::from(vec!["user", "johndoe"]))
        );
        assert_eq!(
            arn("arn:aws:s3:::bucket_name", "resourceId[0]"),
            s("bucket_name")
        );
        assert_eq!(
            arn("arn:aws:s3:::a:b/c", "resourceId"),
            Some(Value::from(vec!["a", "b", "c"]))
        );
        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
        assert_eq!(parse_arn("arn:aws:s3:us-east-1:123"), None);
        assert_eq!(parse_arn("arn::s3:::bucket"), None);
        assert_eq!(parse_arn("arn:aws:s3:::"), None);
    }
}
