//! The checker's problems and the plan it builds, on small models.

use super::*;
use crate::model::Model;

fn check_shapes(shapes: &str) -> Result<Plan, String> {
    let text = format!(
        r#"{{"smithy":"2.0","shapes":{{
        "ex#Svc":{{"type":"service","version":"1","operations":[{{"target":"ex#Op"}}],"traits":{{"aws.protocols#awsJson1_1":{{}}}}}},
        "ex#Op":{{"type":"operation","input":{{"target":"ex#In"}}}},
        {shapes}}}}}"#
    );
    check_text(&text)
}

/// The plan of a whole model, or its problems as text.
fn check_text(text: &str) -> Result<Plan, String> {
    let model = Model::from_json_sources([("m.json", text)]).map_err(|e| e.to_string())?;
    let index = ShapeIndex::build(&model, &[]).map_err(|e| e.to_string())?;
    check(&index).map_err(|e| e.to_string())
}

#[test]
fn reports_all_problems_with_their_shape_ids() {
    let err = check_shapes(
        r#""ex#In":{"type":"structure","members":{
            "FooBar":{"target":"ex#S"}, "foo_bar":{"target":"ex#S"},
            "E":{"target":"ex#E"}, "N":{"target":"ex#N"}, "B":{"target":"ex#Big"}}},
        "ex#S":{"type":"string","traits":{"smithy.api#pattern":"(unclosed","smithy.api#range":{"min":1}}},
        "ex#E":{"type":"enum","members":{
            "A_B":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"a"}},
            "A__B":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"a"}}}},
        "ex#N":{"type":"integer","traits":{"smithy.api#length":{"max":3}}},
        "ex#Big":{"type":"bigDecimal"}"#,
    )
    .unwrap_err();
    for expected in [
        "ex#In$foo_bar: its Rust name `foo_bar` is also the name for member `FooBar`",
        "ex#S: `@range` does not apply to a string",
        "ex#E$A__B: its variant name `AB` is also the name for `A_B`",
        "ex#E$A__B: its value \"a\" is also the value of `A_B`",
        "ex#N: `@length` does not apply to a integer",
        "ex#Big: bigDecimal shapes are not supported",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn reports_unsupported_protocols_and_broken_rule_sets() {
    let text = r#"{"smithy":"2.0","shapes":{
        "ex#Svc":{"type":"service","version":"1","operations":[{"target":"ex#Op"}],
            "traits":{"aws.protocols#restJson1":{},"smithy.rules#endpointRuleSet":{"version":"1.0","parameters":{},"rules":[{"type":"frob"}]}}},
        "ex#Op":{"type":"operation"}}}"#;
    let model = Model::from_json_sources([("m.json", text)]).unwrap();
    let index = ShapeIndex::build(&model, &[]).unwrap();
    let err = check(&index).unwrap_err().to_string();
    assert!(
        err.contains("ex#Svc: uses aws.protocols#restJson1; this generator speaks"),
        "{err}"
    );
    assert!(
        err.contains("ex#Svc: its endpoint rule set cannot be used"),
        "{err}"
    );
}

#[test]
fn reports_colliding_type_names() {
    let err = check_shapes(
        r#""ex#In":{"type":"structure","members":{"A":{"target":"ex#Thing"},"B":{"target":"other#Thing"}}},
        "ex#Thing":{"type":"structure","members":{}},
        "other#Thing":{"type":"structure","members":{}}"#,
    )
    .unwrap_err();
    assert!(
        err.contains("other#Thing: its Rust name `Thing` is also the name of `ex#Thing`"),
        "{err}"
    );
}

#[test]
fn plans_names_and_patterns() {
    let plan = check_shapes(
        r#""ex#In":{"type":"structure","members":{"Type":{"target":"ex#S"},"Kind":{"target":"ex#E"}}},
        "ex#S":{"type":"string","traits":{"smithy.api#pattern":"^\\d+$"}},
        "ex#E":{"type":"enum","members":{"ML_T3":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"ml.t3"}}}}"#,
    )
    .unwrap();
    assert_eq!(plan.fields[&("ex#In".into(), "Type".into())], "r#type");
    assert_eq!(plan.enums["ex#E"][0].variant, "MlT3");
    assert_eq!(
        plan.patterns[&("^\\d+$".to_owned(), None)].static_name,
        "PATTERN_S"
    );
    assert!(
        !plan.types.contains_key("ex#In"),
        "operation input lives in its operation module"
    );
    assert_eq!(plan.operations["ex#Op"].input, "OpInput");
}

/// `check_shapes` with the operation's traits replaced.
fn check_op(op_traits: &str, input: &str) -> Result<Plan, String> {
    let text = format!(
        r#"{{"smithy":"2.0","shapes":{{
        "ex#Svc":{{"type":"service","version":"1","operations":[{{"target":"ex#Op"}}],"traits":{{"aws.protocols#awsJson1_1":{{}}}}}},
        "ex#Op":{{"type":"operation","input":{{"target":"ex#In"}},"traits":{{{op_traits}}}}},
        "ex#In":{input}}}}}"#
    );
    check_text(&text)
}

#[test]
fn host_prefixes_are_parsed_into_the_plan() {
    let plan = check_op(
        r#""smithy.api#endpoint":{"hostPrefix":"data-{Name}.x."},
           "smithy.api#requestCompression":{"encodings":["gzip"]}"#,
        r#"{"type":"structure","members":{
            "Name":{"target":"smithy.api#String","traits":{"smithy.api#hostLabel":{},"smithy.api#required":{}}},
            "Token":{"target":"smithy.api#String","traits":{"smithy.api#idempotencyToken":{}}}}}"#,
    )
    .unwrap();
    let call = &plan.calls["ex#Op"];
    assert_eq!(
        call.host_prefix.as_deref(),
        Some(
            &[
                HostPrefixPart::Literal("data-".into()),
                HostPrefixPart::Label {
                    member: "Name".into()
                },
                HostPrefixPart::Literal(".x.".into()),
            ][..]
        )
    );
    assert!(call.gzip);
    assert_eq!(call.idempotency_tokens, ["Token"]);
}

#[test]
fn bad_host_prefixes_are_model_errors() {
    let member = |traits: &str| {
        format!(
            r#"{{"type":"structure","members":{{"Name":{{"target":"smithy.api#String","traits":{{{traits}}}}},
                "Count":{{"target":"smithy.api#Integer","traits":{{"smithy.api#hostLabel":{{}},"smithy.api#required":{{}}}}}}}}}}"#
        )
    };
    let cases = [
        (
            r#""smithy.api#endpoint":{"hostPrefix":"{Name"}"#,
            member(r#""smithy.api#hostLabel":{},"smithy.api#required":{}"#),
            "has a `{` without its `}`",
        ),
        (
            r#""smithy.api#endpoint":{"hostPrefix":"a_b.{Name}"}"#,
            member(r#""smithy.api#hostLabel":{},"smithy.api#required":{}"#),
            "has '_', which cannot be part of a host name",
        ),
        (
            r#""smithy.api#endpoint":{"hostPrefix":"{Nope}.{Name}.{Count}"}"#,
            member(r#""smithy.api#hostLabel":{},"smithy.api#required":{}"#),
            "uses `Nope`, which is not a member of the input",
        ),
        (
            r#""smithy.api#endpoint":{"hostPrefix":"{Name}.{Count}"}"#,
            member(r#""smithy.api#required":{}"#),
            "uses `Name`, which is not marked `@hostLabel`",
        ),
        (
            r#""smithy.api#endpoint":{"hostPrefix":"{Name}.{Count}"}"#,
            member(r#""smithy.api#hostLabel":{}"#),
            "uses `Name`, which is not `@required`",
        ),
        (
            r#""smithy.api#endpoint":{"hostPrefix":"{Name}.{Count}"}"#,
            member(r#""smithy.api#hostLabel":{},"smithy.api#required":{}"#),
            "uses `Count`, which is a integer, not a string",
        ),
        (
            r#""smithy.api#endpoint":{"hostPrefix":"{Name}."}"#,
            member(r#""smithy.api#hostLabel":{},"smithy.api#required":{}"#),
            "ex#Op$input$Count: is marked `@hostLabel`, but the host prefix \"{Name}.\" does not use it",
        ),
    ];
    for (traits, input, expected) in cases {
        let err = check_op(traits, &input).unwrap_err();
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn member_decisions_are_in_the_plan() {
    let plan = check_shapes(
        r#""ex#In":{"type":"structure","members":{"Nested":{"target":"ex#Out"}}},
        "ex#Out":{"type":"structure","members":{
            "Req":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}},
            "Opt":{"target":"smithy.api#String","traits":{"smithy.api#required":{},"smithy.api#clientOptional":{}}},
            "Zero":{"target":"smithy.api#Integer","traits":{"smithy.api#default":0}},
            "NonZero":{"target":"smithy.api#Integer","traits":{"smithy.api#default":3}},
            "Secret":{"target":"ex#Secret"},
            "When":{"target":"ex#Stamps"}}},
        "ex#Secret":{"type":"string","traits":{"smithy.api#sensitive":{}}},
        "ex#Stamps":{"type":"list","member":{"target":"smithy.api#Timestamp","traits":{"smithy.api#timestampFormat":"date-time"}}}"#,
    )
    .unwrap();
    let m = |c: &str, n: &str| plan.members[&(c.to_owned(), n.to_owned())];
    assert_eq!(m("ex#Out", "Req").presence, Presence::Required);
    assert_eq!(m("ex#Out", "Opt").presence, Presence::Optional);
    assert_eq!(m("ex#Out", "Zero").presence, Presence::Defaulted);
    assert_eq!(m("ex#Out", "NonZero").presence, Presence::Optional);
    assert!(m("ex#Out", "Secret").sensitive && !m("ex#Out", "Req").sensitive);
    assert_eq!(
        m("ex#Stamps", "member").timestamp_format,
        Some(TimestampFormat::DateTime)
    );
    assert_eq!(m("ex#Out", "Req").timestamp_format, None);
}

#[test]
fn docs_and_deprecations_are_in_the_plan_as_markdown() {
    let plan = check_shapes(
        r#""ex#In":{"type":"structure","members":{"Nested":{"target":"ex#Out"}}},
        "ex#Out":{"type":"structure",
            "traits":{"smithy.api#documentation":"<p>The <code>Out</code> shape.</p>",
                      "smithy.api#deprecated":{"message":"use In","since":"2020"}},
            "members":{
            "Doc":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"<p>Has <b>docs</b>.</p>"}},
            "Empty":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"<p/>"}},
            "Old":{"target":"smithy.api#String","traits":{"smithy.api#deprecated":{}}},
            "Plain":{"target":"smithy.api#String"}}}"#,
    )
    .unwrap();
    let notes = |key: &str| plan.notes.get(key).cloned();
    let out = notes("ex#Out").expect("documented and deprecated");
    assert_eq!(out.docs.as_deref(), Some("The `Out` shape."));
    assert_eq!(out.deprecated.as_deref(), Some("use In (since 2020)"));
    let doc = notes("ex#Out$Doc").expect("documented");
    assert_eq!(doc.docs.as_deref(), Some("Has **docs**."));
    assert_eq!(doc.deprecated, None);
    assert_eq!(
        notes("ex#Out$Empty"),
        Some(Notes::default()),
        "an empty <p/> is no documentation"
    );
    assert_eq!(
        notes("ex#Out$Old").and_then(|n| n.deprecated).as_deref(),
        Some("")
    );
    assert_eq!(notes("ex#Out$Plain"), None, "nothing to say, no entry");
}

#[test]
fn effective_constraints_are_in_the_plan() {
    // `ex#In$A` restates only `@length`, so it keeps its target's pattern, checked within its own
    // bound; `ex#In$B` says nothing and is checked by its target's function.
    let plan = check_shapes(
        r#""ex#In":{"type":"structure","members":{
            "A":{"target":"ex#Code","traits":{"smithy.api#length":{"max":4}}},
            "B":{"target":"ex#Code"},
            "C":{"target":"ex#Ids"},
            "D":{"target":"smithy.api#Integer","traits":{"smithy.api#range":{"min":1}}},
            "E":{"target":"ex#Secret"}}},
        "ex#Code":{"type":"string","traits":{"smithy.api#pattern":"^[a-z]+$","smithy.api#length":{"min":1,"max":64}}},
        "ex#Ids":{"type":"list","member":{"target":"ex#Code"},"traits":{"smithy.api#uniqueItems":{}}},
        "ex#Secret":{"type":"string","traits":{"smithy.api#sensitive":{}}}"#,
    )
    .unwrap();
    let c = |key: &str| plan.constraints.get(key).cloned();
    let code = c("ex#Code").expect("the shape's own");
    assert_eq!(
        code.length.map(|l| (l.min, l.max)),
        Some((Some(1), Some(64)))
    );
    let a = c("ex#In$A").expect("restated");
    assert_eq!(a.length.map(|l| (l.min, l.max)), Some((None, Some(4))));
    let (own, within_four) = (code.pattern.unwrap(), a.pattern.unwrap());
    assert_ne!(own, within_four, "one static per length bound");
    for (name, bound) in [(&own, Some(64)), (&within_four, Some(4))] {
        let slot = &plan.patterns[&("^[a-z]+$".to_owned(), bound)];
        assert_eq!(&slot.static_name, name);
    }
    assert_eq!(
        c("ex#In$B"),
        None,
        "nothing restated: the target's function checks it"
    );
    assert!(c("ex#Ids").unwrap().unique_items);
    assert!(c("ex#In$D").unwrap().range.is_some());
    assert_eq!(plan.sensitive.iter().collect::<Vec<_>>(), ["ex#Secret"]);
}

/// A service whose rule set declares `Kind` (a string), `Fast` (a boolean), `Names` (a string
/// array) and `Arn` (a string), with operation `Op` bound as `op_traits` and `In` as given.
fn with_rule_set(op_traits: &str, input: &str) -> Result<Plan, String> {
    let text = format!(
        r#"{{"smithy":"2.0","shapes":{{
        "ex#Svc":{{"type":"service","version":"1","operations":[{{"target":"ex#Op"}}],
            "traits":{{"aws.protocols#awsJson1_1":{{}},"smithy.rules#endpointRuleSet":{{"version":"1.0",
            "parameters":{{"Kind":{{"type":"String"}},"Fast":{{"type":"Boolean"}},
                          "Names":{{"type":"stringArray"}},"Arn":{{"type":"String"}}}},
            "rules":[{{"conditions":[],"type":"endpoint","endpoint":{{"url":"https://example.com"}}}}]}}}}}},
        "ex#Op":{{"type":"operation","input":{{"target":"ex#In"}},"traits":{{{op_traits}}}}},
        "ex#In":{input}}}}}"#
    );
    let model = Model::from_json_sources([("m.json", text.as_str())]).map_err(|e| e.to_string())?;
    let index = ShapeIndex::build(&model, &[]).map_err(|e| e.to_string())?;
    check(&index).map_err(|e| e.to_string())
}

#[test]
fn operations_bind_the_endpoint_parameters_their_service_declares() {
    let plan = with_rule_set(
        r#""smithy.rules#staticContextParams":{"Kind":{"value":"data"},"Fast":{"value":true},
            "Names":{"value":["a","b"]},"Undeclared":{"value":"x"},"Arn":{"value":"static"}}"#,
        r#"{"type":"structure","members":{
            "StreamArn":{"target":"smithy.api#String","traits":{"smithy.rules#contextParam":{"name":"Arn"}}},
            "Other":{"target":"smithy.api#String","traits":{"smithy.rules#contextParam":{"name":"Nope"}}}}}"#,
    )
    .unwrap();
    let bound: Vec<(&str, &EndpointParamValue)> = plan.calls["ex#Op"]
        .endpoint_params
        .iter()
        .map(|p| (p.name.as_str(), &p.value))
        .collect();
    assert_eq!(
        bound,
        [
            // The member's value wins over the static one of the same name.
            (
                "Arn",
                &EndpointParamValue::Member {
                    field: "stream_arn".into(),
                    flag: false
                }
            ),
            ("Fast", &EndpointParamValue::Flag(true)),
            ("Kind", &EndpointParamValue::Text("data".into())),
            (
                "Names",
                &EndpointParamValue::Texts(vec!["a".into(), "b".into()])
            ),
        ]
    );
    let err = with_rule_set(
        r#""smithy.rules#staticContextParams":{"Kind":{"value":true}}"#,
        r#"{"type":"structure","members":{
            "N":{"target":"smithy.api#Integer","traits":{"smithy.rules#contextParam":{"name":"Arn"}}}}}"#,
    )
    .unwrap_err();
    for expected in [
        "ex#Op: `@smithy.rules#staticContextParams` gives `Kind` a value that is not a string",
        "ex#In$N: binds endpoint parameter `Arn`, a string, but does not target a string shape",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn paths_into_the_input_bind_endpoint_parameters() {
    use crate::plan::{ContextPath, PathStep, PathValue};
    let step = |field: &str, optional: bool| PathStep {
        field: field.into(),
        optional,
    };
    // `In`, and beside it the shapes its paths go through.
    let shapes = r#"{"type":"structure","members":{
            "Nested":{"target":"ex#Nested"},
            "Items":{"target":"ex#Items"},
            "Table":{"target":"ex#Table"},
            "Flag":{"target":"smithy.api#Boolean"},
            "Count":{"target":"smithy.api#Integer"}}},
        "ex#Nested":{"type":"structure","members":{
            "Name":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}}},
        "ex#Items":{"type":"list","member":{"target":"ex#Item"},"traits":{"smithy.api#sparse":{}}},
        "ex#Item":{"type":"structure","members":{
            "Get":{"target":"ex#Nested"},
            "Name":{"target":"smithy.api#String"}}},
        "ex#Table":{"type":"map","key":{"target":"smithy.api#String"},
                    "value":{"target":"smithy.api#String"}}"#;
    let plan = with_rule_set(
        r#""smithy.rules#operationContextParams":{
            "Arn":{"path":"Nested.Name"},
            "Names":{"path":"Items[*].[Get.Name, Name][]"},
            "Fast":{"path":"Flag"},
            "Undeclared":{"path":"Count"}}"#,
        shapes,
    )
    .unwrap();
    let bound: Vec<(&str, &EndpointParamValue)> = plan.calls["ex#Op"]
        .endpoint_params
        .iter()
        .map(|p| (p.name.as_str(), &p.value))
        .collect();
    assert_eq!(
        bound,
        [
            (
                "Arn",
                &EndpointParamValue::Path(ContextPath::Value {
                    // Inputs hold every member in an `Option`; `Nested` holds its required
                    // `Name` without one.
                    steps: vec![step("nested", true), step("name", false)],
                    value: PathValue::Text,
                })
            ),
            (
                "Fast",
                &EndpointParamValue::Path(ContextPath::Value {
                    steps: vec![step("flag", true)],
                    value: PathValue::Flag,
                })
            ),
            (
                "Names",
                &EndpointParamValue::Path(ContextPath::Each {
                    list: vec![step("items", true)],
                    nullable: true,
                    each: vec![
                        vec![step("get", true), step("name", false)],
                        vec![step("name", true)]
                    ],
                })
            ),
        ]
    );
    let keys = with_rule_set(
        r#""smithy.rules#operationContextParams":{"Names":{"path":"keys(Table)"}}"#,
        shapes,
    )
    .unwrap();
    assert_eq!(
        keys.calls["ex#Op"].endpoint_params[0].value,
        EndpointParamValue::Path(ContextPath::Keys {
            steps: vec![step("table", true)]
        })
    );
    let err = with_rule_set(
        r#""smithy.rules#operationContextParams":{
            "Arn":{"path":"Nested.Missing"},
            "Kind":{"path":"Count"},
            "Names":{"path":"keys(Items)"},
            "Fast":{"path":"Items[0]"}}"#,
        shapes,
    )
    .unwrap_err();
    for expected in [
        "binds `Arn` to \"Nested.Missing\", which names `Missing`, which `ex#Nested` does not have",
        "binds `Kind` to \"Count\", which reaches an integer, not a string",
        "binds `Names` to \"keys(Items)\", which takes the keys of a list, not a map",
        "binds `Fast` to \"Items[0]\", which has \"Items[0]\" where a member name belongs",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// Five operations: `A` and `B` share a structure, `C` and `D` another, and `Common` is in
/// every input.
fn split_model(parts: usize) -> (Plan, Option<crate::plan::Split>) {
    let op = |name: &str, members: &str| {
        format!(
            r#""ex#{name}":{{"type":"operation","input":{{"target":"ex#{name}In"}}}},
            "ex#{name}In":{{"type":"structure","members":{{{members}}}}},"#
        )
    };
    let text = format!(
        r#"{{"smithy":"2.0","shapes":{{
        "ex#Svc":{{"type":"service","version":"1","traits":{{"aws.protocols#awsJson1_1":{{}}}},
            "operations":[{{"target":"ex#A"}},{{"target":"ex#B"}},{{"target":"ex#C"}},{{"target":"ex#D"}},{{"target":"ex#E"}}]}},
        {}{}{}{}{}
        "ex#Ab":{{"type":"structure","members":{{"X":{{"target":"smithy.api#String"}}}}}},
        "ex#Cd":{{"type":"structure","members":{{"Y":{{"target":"smithy.api#String"}}}}}},
        "ex#Own":{{"type":"structure","members":{{"Z":{{"target":"smithy.api#String"}}}}}},
        "ex#Common":{{"type":"structure","members":{{"W":{{"target":"smithy.api#String"}}}}}}
        }}}}"#,
        op(
            "A",
            r#""Ab":{"target":"ex#Ab"},"Common":{"target":"ex#Common"}"#
        ),
        op(
            "B",
            r#""Ab":{"target":"ex#Ab"},"Common":{"target":"ex#Common"}"#
        ),
        op(
            "C",
            r#""Cd":{"target":"ex#Cd"},"Common":{"target":"ex#Common"}"#
        ),
        op(
            "D",
            r#""Cd":{"target":"ex#Cd"},"Common":{"target":"ex#Common"}"#
        ),
        op(
            "E",
            r#""Own":{"target":"ex#Own"},"Common":{"target":"ex#Common"}"#
        ),
    );
    let model = Model::from_json_sources([("m.json", text.as_str())]).expect("the model reads");
    let index = ShapeIndex::build(&model, &[]).expect("the model indexes");
    let plan = check(&index).expect("the model checks");
    let split = split::split(&index, &plan.features, parts, "svc");
    (plan, split)
}

#[test]
fn a_split_keeps_features_that_share_shapes_together() {
    use crate::plan::CrateHome;
    assert_eq!(split_model(0).1, None, "no parts asked for: one crate");
    let (plan, split) = split_model(2);
    let split = split.expect("two parts asked for");
    assert_eq!(split.shared, "svc-shared");
    let names: Vec<&str> = split.parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["svc-part-01", "svc-part-02"]);
    let part_of = |op: &str| split.part_of_feature[plan.features.of_operation[op]];
    assert_eq!(part_of("ex#A"), part_of("ex#B"), "A and B share `Ab`");
    assert_eq!(part_of("ex#C"), part_of("ex#D"), "C and D share `Cd`");
    assert_ne!(part_of("ex#A"), part_of("ex#C"), "the parts are balanced");
    let home = |id: &str| split.home_of(&plan.features.needs(id));
    assert_eq!(home("ex#Ab"), CrateHome::Part(part_of("ex#A")));
    assert_eq!(home("ex#Cd"), CrateHome::Part(part_of("ex#C")));
    assert_eq!(home("ex#Own"), CrateHome::Part(part_of("ex#E")));
    assert_eq!(
        home("ex#Common"),
        CrateHome::Shared,
        "every operation reaches it"
    );
    for (p, part) in split.parts.iter().enumerate() {
        assert!(!part.features.is_empty(), "part {p} holds no feature");
        for f in &part.features {
            assert_eq!(split.part_of_feature[*f], p);
        }
    }
    // More parts than features: one part per feature at most, none empty.
    let (plan, split) = split_model(9);
    let split = split.expect("parts asked for");
    assert!(split.parts.len() <= plan.features.list.len());
    assert!(split.parts.iter().all(|p| !p.features.is_empty()));
}
