//! AWS JSON 1.0/1.1: the body of every request and response is one JSON object.
//!
//! With the `client` feature, also what the client's pipeline needs of the protocol: the headers
//! naming the operation and the body's version, and the code and message of an error response.

use crate::json::{DeError, Json, parse};

#[cfg(feature = "client")]
use crate::client::{ErrorMetadata, RawResponse};
#[cfg(feature = "client")]
use http::header::{HeaderName, HeaderValue, InvalidHeaderValue};

/// Parses a response body. An empty (or all-whitespace) body is an empty object, as services send
/// for operations without output; anything else must be one JSON object, or reading it fails
/// (a top-level array or string is not an output, whatever it holds).
pub fn parse_body(body: &[u8]) -> Result<Json<'_>, DeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Json::Object(Vec::new()));
    }
    let json = parse(body)?;
    json.as_object()?;
    Ok(json)
}

/// The header naming the operation a request calls: `{target_prefix}.{operation}`.
#[cfg(feature = "client")]
pub(crate) const X_AMZ_TARGET: HeaderName = HeaderName::from_static("x-amz-target");

/// The [`X_AMZ_TARGET`] value of `operation` of the service whose target prefix is `target_prefix`.
#[cfg(feature = "client")]
pub(crate) fn target(
    target_prefix: &str,
    operation: &str,
) -> Result<HeaderValue, InvalidHeaderValue> {
    HeaderValue::from_str(&format!("{target_prefix}.{operation}"))
}

/// The `Content-Type` of a request to a service of AWS JSON version `json_version` (`"1.0"` or
/// `"1.1"`): `application/x-amz-json-{json_version}`, the 1.1 one if that is no header value.
#[cfg(feature = "client")]
pub(crate) fn content_type(json_version: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("application/x-amz-json-{json_version}"))
        .unwrap_or(HeaderValue::from_static("application/x-amz-json-1.1"))
}

/// Extracts the error metadata of an AWS JSON error response.
///
/// The code comes from the `X-Amzn-ErrorType` header, else the body's `code`
/// member, else its `__type` member, sanitized to the bare shape name (what
/// precedes the first `:`, then what follows the last `#`). The message comes
/// from `message`, `Message` or `errorMessage`. A missing, empty or non-JSON
/// body yields no code and no message; nothing here panics.
#[cfg(feature = "client")]
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
    crate::client::error_metadata(code.as_deref(), message.as_deref(), raw.request_id())
}

/// `aws.protocoltests.restjson#FooError:http://internal.amazon.com/...` → `FooError`.
#[cfg(feature = "client")]
fn sanitize_error_code(raw: &str) -> Option<String> {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let name = before_colon
        .rsplit('#')
        .next()
        .unwrap_or(before_colon)
        .trim();
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "client")]
    use http::header::HeaderMap;

    #[test]
    fn empty_bodies_are_empty_objects() {
        for body in [&b""[..], b"  \n", b"{}"] {
            assert_eq!(parse_body(body), Ok(Json::Object(Vec::new())));
        }
    }

    #[test]
    fn only_objects_are_bodies() {
        for body in [&br#"["arn:aws:x"]"#[..], br#""x""#, b"1", b"null", b"{"] {
            assert!(
                parse_body(body).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let err = parse_body(br#"["arn:aws:x"]"#).unwrap_err();
        assert!(err.to_string().contains("expected an object"), "{err}");
    }

    #[cfg(feature = "client")]
    fn raw(status: u16, headers: &[(&'static str, &str)], body: &str) -> RawResponse {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        RawResponse::new(status, map, body.as_bytes().to_vec())
    }

    #[cfg(feature = "client")]
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
}
