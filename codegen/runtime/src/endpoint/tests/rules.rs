//! Behaviour of rule sets: conditions, templates, error and tree rules, scopes and parameters.

use super::*;
use crate::endpoint::parse::{Piece, parse_template};

#[test]
fn is_set_and_not() {
    assert_eq!(
        call_json(serde_json::json!({"fn": "isSet", "argv": ["x"]})).unwrap(),
        b(true)
    );
    assert_eq!(
        call_json(serde_json::json!({"fn": "not", "argv": [true]})).unwrap(),
        b(false)
    );
    assert_eq!(
        call_json(serde_json::json!({"fn": "not", "argv": [{"fn": "isSet", "argv": ["x"]}]}))
            .unwrap(),
        b(false)
    );
    // isSet sees "unset", not truthiness.
    let rs = rule_set(
        serde_json::json!({"Flag": {"type": "boolean", "required": false}}),
        serde_json::json!([
            {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Flag"}]}], "error": "set"},
            {"type": "error", "conditions": [], "error": "unset"}
        ]),
    );
    assert_eq!(
        rs.resolve(&Params::default()).unwrap_err().message(),
        "unset"
    );
    let set_false = Params::default().with("Flag", false);
    assert_eq!(rs.resolve(&set_false).unwrap_err().message(), "set");
}

#[test]
fn equality_functions() {
    let eq = |f: &str, a: Json, b: Json| call_json(serde_json::json!({"fn": f, "argv": [a, b]}));
    assert_eq!(
        eq("booleanEquals", true.into(), true.into()).unwrap(),
        b(true)
    );
    assert_eq!(
        eq("booleanEquals", true.into(), false.into()).unwrap(),
        b(false)
    );
    assert_eq!(eq("stringEquals", "a".into(), "a".into()).unwrap(), b(true));
    assert_eq!(
        eq("stringEquals", "a".into(), "A".into()).unwrap(),
        b(false)
    );
    // Ill-typed arguments are a rule-set error, not a panic.
    assert!(eq("stringEquals", "a".into(), true.into()).is_err());
    assert!(eq("booleanEquals", "true".into(), true.into()).is_err());
}

#[test]
fn templates() {
    let rs = rule_set(
        serde_json::json!({
            "Region": {"type": "String", "builtIn": "AWS::Region", "required": true},
            "Name": {"type": "string", "required": false}
        }),
        serde_json::json!([
            {"type": "endpoint",
             "conditions": [
                 {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"},
                 {"fn": "aws.parseArn", "argv": ["arn:aws:s3:::a/b"], "assign": "Arn"}
             ],
             "endpoint": {
                 "url": "https://{Name}.{Region}.{P#dnsSuffix}/{Arn#resourceId[1]}/{{literal}}",
                 "headers": {"x-region": ["{Region}", {"ref": "Name"}]},
                 "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}", "flag": true, "n": 1.5}]}
             }}
        ]),
    );
    let params = Params {
        region: Some("cn-north-1".into()),
        ..Params::default()
    }
    .with("Name", "svc");
    let ep = rs.resolve(&params).unwrap();
    assert_eq!(
        ep.url,
        "https://svc.cn-north-1.amazonaws.com.cn/b/{literal}"
    );
    assert_eq!(
        ep.headers["x-region"],
        vec!["cn-north-1".to_owned(), "svc".to_owned()]
    );
    assert_eq!(
        Json::Object(ep.properties),
        serde_json::json!({"authSchemes": [{"name": "sigv4", "signingRegion": "cn-north-1", "flag": true, "n": 1.5}]})
    );
    // A template over an unset parameter is an error, not a panic.
    let missing = Params {
        region: Some("us-east-1".into()),
        ..Params::default()
    };
    assert!(rs.resolve(&missing).is_err());
    assert_eq!(
        parse_template("a{{b}}c").unwrap(),
        vec![Piece::Text("a{b}c".into())]
    );
    assert!(parse_template("{unclosed").is_err());
    assert!(parse_template("{}").is_err());
}

#[test]
fn error_rules_and_assign_scope() {
    let rs = rule_set(
        serde_json::json!({"Bucket": {"type": "string", "required": true, "default": "b-1"}}),
        serde_json::json!([
            // Assigns, then fails: `Sub` must not leak into later rules.
            {"type": "endpoint", "conditions": [
                {"fn": "substring", "argv": [{"ref": "Bucket"}, 0, 1, false], "assign": "Sub"},
                {"fn": "stringEquals", "argv": [{"ref": "Sub"}, "zzz"]}
             ], "endpoint": {"url": "https://never"}},
            {"type": "tree", "conditions": [
                {"fn": "substring", "argv": [{"ref": "Bucket"}, 0, 1, false], "assign": "First"}
             ], "rules": [
                {"type": "error", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "First"}, "x"]}],
                 "error": "bucket {Bucket} starts with {First}"},
                {"type": "endpoint", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "First"}, "b"]}],
                 "endpoint": {"url": "https://{First}.example.com"}}
             ]},
            {"type": "error", "conditions": [], "error": "fallthrough"}
        ]),
    );
    // Default applies.
    assert_eq!(
        rs.resolve(&Params::default()).unwrap().url,
        "https://b.example.com"
    );
    let x = Params::default().with("Bucket", "xyz");
    assert_eq!(
        rs.resolve(&x).unwrap_err().to_string(),
        "bucket xyz starts with x"
    );
    // A matched tree whose rules all miss is terminal: exhaustion error.
    let other = Params::default().with("Bucket", "q");
    assert_eq!(rs.resolve(&other).unwrap_err(), exhausted());
    // Empty value: substring fails, tree skipped, fallthrough error.
    let empty = Params::default().with("Bucket", "");
    assert_eq!(rs.resolve(&empty).unwrap_err().message(), "fallthrough");
    // Wrong parameter type.
    assert!(rs.resolve(&Params::default().with("Bucket", true)).is_err());
    // A reference to a variable outside its rule is rejected up front.
    let leaked = serde_json::json!({"version": "1.0", "parameters": {}, "rules": [
        {"type": "endpoint", "conditions": [{"fn": "aws.partition", "argv": ["us-east-1"], "assign": "P"}],
         "endpoint": {"url": "https://a"}},
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{P#name}"}}
    ]});
    assert!(RuleSet::from_value(&leaked).is_err());
}

#[test]
fn required_parameters() {
    let rs = rule_set(
        serde_json::json!({"Region": {"type": "string", "builtIn": "AWS::Region", "required": true}}),
        serde_json::json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Region}"}}]),
    );
    assert!(
        rs.resolve(&Params::default())
            .unwrap_err()
            .message()
            .contains("required")
    );
    let by_builtin = Params::default().with("AWS::Region", "eu-west-1");
    assert_eq!(rs.resolve(&by_builtin).unwrap().url, "https://eu-west-1");
    assert_eq!(rs.parameters()[0].kind, ParamType::String);
    assert_eq!(rs.version(), "1.0");
}
