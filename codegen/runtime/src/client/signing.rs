//! SigV4 signing of a request, its headers applied without panicking on any value.

use std::time::SystemTime;

use http::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::{BoxError, Credentials};

/// Signs `request` in place with SigV4 (headers `authorization`,
/// `x-amz-date`, and `x-amz-security-token` when there is a session token).
pub(super) fn sign(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::tests::fixed_time;
    use crate::protocol::aws_json::X_AMZ_TARGET;
    use http::header::{CONTENT_TYPE, HOST, USER_AGENT};

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
}
