//! AWS JSON 1.0/1.1: the body of every request and response is one JSON object.

use crate::json::{DeError, Json, parse};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
