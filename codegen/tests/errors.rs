//! Broken models: `generate` never panics and never returns partial output; it reports every
//! problem, each located by shape ID (`ns#Shape$member` for members).

use codegen::error::Problem;
use codegen::{Errors, Model, Options};

/// A service with one operation whose input holds `members`, plus `shapes`.
fn model_text(members: &str, shapes: &str) -> String {
    format!(
        r#"{{
    "smithy": "2.0",
    "shapes": {{
        "example.broken#BrokenService": {{
            "type": "service", "version": "1",
            "operations": [{{"target": "example.broken#DoThing"}}],
            "traits": {{"aws.protocols#awsJson1_1": {{}}}}
        }},
        "example.broken#DoThing": {{
            "type": "operation",
            "input": {{"target": "example.broken#DoThingInput"}},
            "output": {{"target": "smithy.api#Unit"}}
        }},
        "example.broken#DoThingInput": {{
            "type": "structure", "traits": {{"smithy.api#input": {{}}}},
            "members": {{ {members} }}
        }}
        {shapes}
    }}
}}"#
    )
}

/// Members and shapes with one problem each that the checker finds.
const CHECK_MEMBERS: &str = r#"
    "FooBar": {"target": "smithy.api#String"},
    "foo_bar": {"target": "smithy.api#String"},
    "Kind": {"target": "example.broken#Kind"},
    "Code": {"target": "example.broken#Code"},
    "Count": {"target": "example.broken#Count"},
    "Limit": {"target": "smithy.api#Integer", "traits": {"smithy.api#length": {"min": 1}}}"#;

const CHECK_SHAPES: &str = r#",
    "example.broken#Kind": {"type": "enum", "members": {
        "UNKNOWN": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "UNKNOWN"}},
        "UNKNOWN_": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "Unknown"}},
        "ML_T3": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "ml.t3"}},
        "MlT3": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "ml.t3"}}
    }},
    "example.broken#Code": {"type": "string", "traits": {"smithy.api#pattern": "^(unclosed$"}},
    "example.broken#Count": {"type": "integer", "traits": {"smithy.api#length": {"max": 3}}}"#;

/// What the checker must say about `CHECK_MEMBERS`/`CHECK_SHAPES`: (location, part of message).
const CHECK_PROBLEMS: &[(&str, &str)] = &[
    (
        "example.broken#DoThingInput$foo_bar",
        "its Rust name `foo_bar` is also the name for member `FooBar`",
    ),
    (
        "example.broken#Kind$UNKNOWN_",
        "its variant name `UnknownValue` is also the name for `UNKNOWN`",
    ),
    (
        "example.broken#Kind$MlT3",
        "its variant name `MlT3` is also the name for `ML_T3`",
    ),
    (
        "example.broken#Kind$MlT3",
        "its value \"ml.t3\" is also the value of `ML_T3`",
    ),
    ("example.broken#Count", "`@length` does not apply to a"),
    (
        "example.broken#DoThingInput$Limit",
        "`@length` does not apply to a",
    ),
];

fn parse(text: &str) -> Result<Model, Errors> {
    Model::from_json_sources([("broken.json", text)])
}

fn generate(text: &str) -> Result<Vec<codegen::GeneratedFile>, Errors> {
    let (model, problems) = Model::parse_all([("broken.json", text)]);
    codegen::generate_with(&model, problems, &Options::default())
}

fn assert_reports(errors: &Errors, expected: &[(&str, &str)]) {
    let problems = errors.problems();
    let shown = errors.to_string();
    for (at, message) in expected {
        assert!(
            problems
                .iter()
                .any(|p: &Problem| p.at == *at && p.message.contains(message)),
            "missing `{at}: {message}` in:\n{shown}"
        );
        assert!(shown.contains(at), "the report names {at}:\n{shown}");
    }
}

#[test]
fn the_checker_reports_every_problem_at_once() {
    let errors = generate(&model_text(CHECK_MEMBERS, CHECK_SHAPES)).expect_err("broken model");
    assert_reports(&errors, CHECK_PROBLEMS);
    assert_eq!(
        errors.problems().len(),
        CHECK_PROBLEMS.len(),
        "exactly these problems, no duplicates or noise:\n{errors}"
    );
    assert!(
        errors.to_string().starts_with(&format!(
            "{} problems in the model:\n",
            CHECK_PROBLEMS.len()
        )),
        "{errors}"
    );
}

#[test]
fn dangling_targets_name_the_member() {
    let errors = generate(&model_text(
        r#""Missing": {"target": "example.broken#DoesNotExist"},
           "Items": {"target": "example.broken#Items"}"#,
        r#", "example.broken#Items": {"type": "list", "member": {"target": "example.broken#Gone"}}"#,
    ))
    .expect_err("dangling targets");
    assert_reports(
        &errors,
        &[
            (
                "example.broken#DoThingInput$Missing",
                "targets `example.broken#DoesNotExist`, which is not defined",
            ),
            (
                "example.broken#Items$member",
                "targets `example.broken#Gone`, which is not defined",
            ),
        ],
    );
}

#[test]
fn an_unknown_shape_type_is_an_error_not_a_panic() {
    let errors = parse(&model_text(
        r#""Weird": {"target": "example.broken#Weird"}"#,
        r#", "example.broken#Weird": {"type": "frobnicate"}"#,
    ))
    .expect_err("unknown shape type");
    let shown = errors.to_string();
    assert!(
        shown.contains("example.broken#Weird: is not a valid shape: unknown variant `frobnicate`"),
        "{shown}"
    );
}

/// Every kind of problem in one model: all of them, from every stage, in one report.
#[test]
fn every_problem_of_every_stage_at_once() {
    let members = format!(
        r#"{CHECK_MEMBERS},
        "Missing": {{"target": "example.broken#DoesNotExist"}},
        "Weird": {{"target": "example.broken#Weird"}}"#
    );
    let shapes = format!(r#"{CHECK_SHAPES}, "example.broken#Weird": {{"type": "frobnicate"}}"#);
    let errors = generate(&model_text(&members, &shapes)).expect_err("broken model");
    let mut expected = CHECK_PROBLEMS.to_vec();
    expected.push((
        "example.broken#DoThingInput$Missing",
        "targets `example.broken#DoesNotExist`, which is not defined",
    ));
    expected.push(("example.broken#Weird", "frobnicate"));
    assert_reports(&errors, &expected);
}

#[test]
fn malformed_trait_values_are_reported() {
    let errors = generate(&model_text(
        r#""A": {"target": "example.broken#A"},
           "B": {"target": "smithy.api#Integer", "traits": {"smithy.api#range": {"min": 5, "max": 1}}},
           "C": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": 42}}"#,
        r#", "example.broken#A": {"type": "string", "traits": {"smithy.api#length": {"min": -1}}}"#,
    ))
    .expect_err("bad traits");
    assert_reports(
        &errors,
        &[
            (
                "example.broken#A",
                "`@length` min must be a non-negative integer",
            ),
            (
                "example.broken#DoThingInput$B",
                "`@range` min 5 is greater than max 1",
            ),
            (
                "example.broken#DoThingInput$C",
                "`@pattern` must be a string",
            ),
        ],
    );
}

/// Reading is strict: what the JSON AST does not allow is reported, every instance at once,
/// instead of being read some other way.
#[test]
fn the_model_is_read_strictly_and_completely() {
    let errors = generate(&model_text(
        r#""A": {"target": "smithy.api#String", "traits": {
                "smithy.api#required": false,
                "smithy.api#documentation": 4,
                "smithy.api#jsonName": 1,
                "smithy.api#length": "x",
                "smithy.api#pattern": 5,
                "smithy.api#default": 5}},
           "r#": {"target": "smithy.api#String"},
           "a": {"target": "smithy.api#String"},
           "L": {"target": "example.broken#L", "traits": {"smithy.api#default": ["x"]}},
           "E": {"target": "example.broken#E", "traits": {"smithy.api#default": "C"}},
           "M": {"target": "example.broken#Mixin"},
           "U": {"target": "smithy.api#Unit"}"#,
        r#", "example.broken#L": {"type": "list", "member": {"target": "smithy.api#String"}},
           "example.broken#E": {"type": "enum", "members": {"B": {"target": "smithy.api#Unit"}}},
           "example.broken#Mixin": {"type": "structure", "traits": {"smithy.api#mixin": {}}, "members": {}},
           "example.broken#S": {"type": "structure", "mixins": [{"target": "example.broken#Nope"}], "members": {}},
           "example.broken#bad id!": {"type": "string"},
           "": {"type": "string"},
           "example.broken#doThingInput": {"type": "string"},
           "example.broken#Svc": {"type": "service", "version": "1",
               "traits": {"aws.auth#sigv4": {"name": 5}, "aws.api#service": {}}}"#,
    ))
    .expect_err("a model with problems");
    let m = "example.broken#DoThingInput";
    assert_reports(
        &errors,
        &[
            (
                &format!("{m}$A"),
                "`@required` is an annotation: its value must be `{}`, found false",
            ),
            (
                &format!("{m}$A"),
                "`@documentation` must be a string, found 4",
            ),
            (&format!("{m}$A"), "`@jsonName` must be a string, found 1"),
            (&format!("{m}$A"), "`@length` must be an object"),
            (&format!("{m}$A"), "`@pattern` must be a string"),
            (
                &format!("{m}$A"),
                "`@default` for a string must be a string, found 5",
            ),
            (&format!("{m}$r#"), "is not a valid member name"),
            (&format!("{m}$a"), "differs from member `A` only by case"),
            (&format!("{m}$L"), "`@default` for a list must be `[]`"),
            (
                &format!("{m}$E"),
                "`@default` \"C\" is not a value of this enum (its values: B)",
            ),
            (&format!("{m}$M"), "targets `example.broken#Mixin`, a mixin"),
            (
                &format!("{m}$U"),
                "targets `smithy.api#Unit`, which only union members and operations may target",
            ),
            (
                "example.broken#S",
                "mixes in `example.broken#Nope`, which is not defined",
            ),
            ("example.broken#bad id!", "is not a valid shape ID"),
            // An empty ID is named as such: every problem says where it is.
            ("\"\"", "is not a valid shape ID"),
            (
                "example.broken#doThingInput",
                "differs from `example.broken#DoThingInput` only by case",
            ),
            (
                "example.broken#Svc",
                "`@aws.auth#sigv4` `name` must be a string, found 5",
            ),
            ("example.broken#Svc", "`@aws.api#service` needs `sdkId`"),
        ],
    );
}

#[test]
fn json_the_format_does_not_allow_is_refused() {
    for (text, expected) in [
        (
            model_text(
                r#""A": {"target": "smithy.api#String"}, "A": {"target": "smithy.api#Integer"}"#,
                "",
            ),
            "the key \"A\" appears twice in one object",
        ),
        (
            model_text(r#""A": {"target": "smithy.api#String", "trait": {}}"#, ""),
            "unknown field `trait`",
        ),
        (
            model_text("", "").replacen("\"shapes\"", "\"apply\": {}, \"shapes\"", 1),
            "unknown field `apply`",
        ),
    ] {
        let errors = generate(&text).expect_err("refused");
        assert!(
            errors.to_string().contains(expected),
            "{expected:?} in:\n{errors}"
        );
    }
}

#[test]
fn not_json_at_all() {
    let errors = parse("{ this is not json").expect_err("not JSON");
    assert!(errors.to_string().contains("broken.json"), "{errors}");
}

#[test]
fn a_byte_order_mark_is_not_a_problem() {
    let text = format!("\u{feff}{}", model_text("", ""));
    let files = generate(&text).expect("a model behind a BOM generates");
    assert!(files.iter().any(|f| f.path == "src/lib.rs"));
}

#[test]
fn a_file_that_is_not_an_object_says_so_and_nothing_more() {
    for (text, found) in [
        ("[{\"smithy\": \"2.0\"}]", "an array"),
        ("\"2.0\"", "`\"`"),
        ("", "nothing"),
    ] {
        let errors = generate(text).expect_err("not a model");
        let problems = errors.problems();
        assert_eq!(problems.len(), 1, "one problem, no spurious one:\n{errors}");
        assert_eq!(problems[0].at, "broken.json");
        assert!(
            problems[0].message.contains("must be a JSON object")
                && problems[0].message.contains(found),
            "{errors}"
        );
    }
    // A file-level problem is not followed by "no operations to generate" either.
    let errors = generate("{ this is not json").expect_err("not JSON");
    assert_eq!(errors.problems().len(), 1, "{errors}");
}

#[test]
fn crate_names_are_checked_and_defaulted() {
    let (model, problems) = Model::parse_all([("m.json", model_text("", "").as_str())]);
    for bad in ["", "a b", "../../evil", "9lives"] {
        let options = Options {
            crate_name: Some(bad.to_owned()),
            ..Options::default()
        };
        let errors = codegen::generate_with(&model, problems.clone(), &options)
            .expect_err("not a crate name");
        assert_reports(&errors, &[("--crate-name", "is not a crate name")]);
    }
    // An empty SDK ID falls back to the service's name.
    let text = model_text("", "").replace(
        "\"traits\": {\"aws.protocols#awsJson1_1\": {}}",
        "\"traits\": {\"aws.protocols#awsJson1_1\": {}, \"aws.api#service\": {\"sdkId\": \"\"}}",
    );
    assert!(text.contains("sdkId"));
    let files = generate(&text).expect("generates");
    let manifest = files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .expect("a manifest");
    assert!(
        manifest.contents.contains("name = \"brokenservice\""),
        "{}",
        manifest.contents
    );
}

#[test]
fn a_member_targeting_an_operation_is_named_not_the_operation() {
    let text = model_text(
        r#""Bad": {"target": "example.broken#DoThing"}, "List": {"target": "example.broken#Services"}"#,
        r#", "example.broken#Services": {"type": "list", "member": {"target": "example.broken#BrokenService"}}"#,
    );
    let errors = generate(&text).expect_err("members must target data");
    assert_reports(
        &errors,
        &[
            (
                "example.broken#DoThingInput$Bad",
                "targets `example.broken#DoThing`, an operation",
            ),
            (
                "example.broken#Services$member",
                "targets `example.broken#BrokenService`, a service",
            ),
        ],
    );
    assert!(
        errors
            .problems()
            .iter()
            .all(|p| p.at != "example.broken#DoThing"),
        "the operation itself is not the problem:\n{errors}"
    );
}
