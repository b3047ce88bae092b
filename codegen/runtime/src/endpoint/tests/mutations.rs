//! Every part of a rule set replaced by junk, and odd inputs: errors, never panics.

use super::*;

/// Every JSON pointer in `doc`, for exhaustive mutation.
fn pointers(doc: &Json, at: String, out: &mut Vec<String>) {
    match doc {
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Json::Object(map) => {
            for (k, v) in map {
                pointers(v, format!("{at}/{k}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

#[test]
fn mutated_rule_sets_and_odd_inputs_never_panic() {
    let base = serde_json::json!({"version": "1.0",
        "parameters": {
            "Region": {"type": "string", "builtIn": "AWS::Region", "required": false},
            "UseFIPS": {"type": "boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
            "Endpoint": {"type": "string", "builtIn": "SDK::Endpoint", "required": false},
            "Arns": {"type": "stringArray", "required": false}
        },
        "rules": [
            {"type": "tree", "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "Url"}
             ], "rules": [
                {"type": "endpoint", "conditions": [{"fn": "not", "argv": [{"fn": "getAttr", "argv": [{"ref": "Url"}, "isIp"]}]}],
                 "endpoint": {"url": "{Url#scheme}://{Url#authority}{Url#normalizedPath}x", "headers": {"h": ["{Url#path}"]}}},
                {"type": "error", "conditions": [], "error": "ip {Endpoint}"}
             ]},
            {"type": "tree", "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}
             ], "rules": [
                {"type": "endpoint", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Arns"}]},
                    {"fn": "getAttr", "argv": [{"ref": "Arns"}, "[0]"], "assign": "First"},
                    {"fn": "aws.parseArn", "argv": [{"ref": "First"}], "assign": "Arn"},
                    {"fn": "substring", "argv": [{"fn": "uriEncode", "argv": [{"ref": "First"}]}, 0, 3, true], "assign": "Tail"}
                 ], "endpoint": {"url": "https://{Arn#accountId}.{Tail}.{P#dnsSuffix}", "properties": {"a": [{"b": "{Region}"}]}}},
                {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                 "endpoint": {"url": "https://svc-fips.{Region}.{P#dnsSuffix}"}},
                {"type": "endpoint", "conditions": [{"fn": "isValidHostLabel", "argv": [{"ref": "Region"}, false]}],
                 "endpoint": {"url": "https://svc.{Region}.{P#dnsSuffix}"}},
                {"type": "error", "conditions": [], "error": "bad region {Region}"}
             ]},
            {"type": "error", "conditions": [], "error": "Invalid Configuration: Missing Region"}
        ]
    });
    let inputs = [
        Params::default(),
        Params {
            region: Some("us-east-1".into()),
            use_fips: true,
            ..Params::default()
        },
        Params {
            region: Some("é{Region}}{".into()),
            ..Params::default()
        }
        .with("Arns", vec!["arn:aws:s3:::é", "x"]),
        Params {
            endpoint: Some("https://[::1]:99999/{x}".into()),
            ..Params::default()
        },
        Params {
            endpoint: Some("http://user@host:8080/a/b".into()),
            ..Params::default()
        },
        Params::default().with("UseFIPS", "yes"),
        Params::default().with("Arns", Value::Array(vec![Value::Int(1)])),
    ];
    let rs = RuleSet::from_value(&base).unwrap();
    let results: Vec<_> = inputs.iter().map(|p| rs.resolve(p)).collect();
    assert_eq!(
        results[1].as_ref().unwrap().url,
        "https://svc-fips.us-east-1.amazonaws.com"
    );
    assert_eq!(results[4].as_ref().unwrap().url, "http://host:8080/a/b/x");
    assert!(results[5].is_err());
    assert_eq!(
        results[6].as_ref().unwrap_err().message(),
        "endpoint parameter `Arns` has the wrong type: expected stringArray, got array"
    );

    let junk = [
        Json::Null,
        Json::from(1),
        Json::from(-1.5),
        Json::from(true),
        Json::from("{"),
        Json::from("{P#}"),
        Json::from("[0]"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!({"ref": "P"}),
        serde_json::json!({"fn": "coalesce", "argv": [{"ref": "Region"}, 7]}),
    ];
    let mut paths = Vec::new();
    pointers(&base, String::new(), &mut paths);
    let mut parsed = 0;
    for path in paths.iter().filter(|p| !p.is_empty()) {
        for value in &junk {
            let mut doc = base.clone();
            if let Some(slot) = doc.pointer_mut(path) {
                *slot = value.clone();
            }
            if let Ok(rs) = RuleSet::from_value(&doc) {
                parsed += 1;
                for p in &inputs {
                    let _ = rs.resolve(p);
                }
            }
        }
    }
    assert!(parsed > 0);
    println!(
        "mutations that still parsed: {parsed} of {}",
        paths.len() * junk.len()
    );
}
