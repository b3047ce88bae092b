//! What generation relaxes instead of refusing: a construct it cannot handle costs that one value
//! check or that one operation, with a warning naming it, and never the whole service.

use codegen::{Generation, Model, Options};

fn generate(text: &str, options: &Options) -> Result<Generation, codegen::Errors> {
    let (model, problems) = Model::parse_all([("lenient.json", text)]);
    codegen::generate_timed(&model, problems, options).0
}

fn file<'g>(generation: &'g Generation, path: &str) -> &'g str {
    match generation.files.iter().find(|f| f.path == path) {
        Some(f) => &f.contents,
        None => panic!("no {path}"),
    }
}

/// A service with `Put` (whose input has a string member with `pattern`) and `Watch`, whose
/// input streams events (which is not supported yet).
fn service(pattern: &str) -> String {
    format!(
        r#"{{
    "smithy": "2.0",
    "shapes": {{
        "example.lenient#Svc": {{
            "type": "service", "version": "1",
            "operations": [{{"target": "example.lenient#Put"}}, {{"target": "example.lenient#Watch"}}],
            "traits": {{"aws.protocols#awsJson1_1": {{}}}}
        }},
        "example.lenient#Put": {{
            "type": "operation",
            "input": {{"target": "example.lenient#PutInput"}},
            "output": {{"target": "smithy.api#Unit"}},
            "errors": [{{"target": "example.lenient#Moved"}}]
        }},
        "example.lenient#PutInput": {{
            "type": "structure",
            "members": {{
                "Code": {{"target": "example.lenient#Code"}},
                "Name": {{"target": "smithy.api#String", "traits": {{"smithy.api#pattern": "^[a-z]+$"}}}}
            }}
        }},
        "example.lenient#Code": {{"type": "string", "traits": {{"smithy.api#pattern": {pattern}}}}},
        "example.lenient#Moved": {{
            "type": "structure", "members": {{}},
            "traits": {{"smithy.api#error": "client", "smithy.api#httpError": 308}}
        }},
        "example.lenient#Watch": {{
            "type": "operation",
            "input": {{"target": "example.lenient#WatchInput"}},
            "output": {{"target": "smithy.api#Unit"}}
        }},
        "example.lenient#WatchInput": {{
            "type": "structure",
            "members": {{"Events": {{"target": "example.lenient#Events"}}}}
        }},
        "example.lenient#Events": {{
            "type": "union", "traits": {{"smithy.api#streaming": {{}}}},
            "members": {{"Tick": {{"target": "example.lenient#Tick"}}}}
        }},
        "example.lenient#Tick": {{"type": "structure", "members": {{}}}}
    }}
}}"#,
        pattern = serde_json::to_string(pattern).unwrap()
    )
}

#[test]
fn a_pattern_that_cannot_be_translated_is_left_to_the_service() {
    // `\p{LD}` is no property any engine knows.
    let generation = generate(&service(r"^\p{LD}+$"), &Options::default())
        .expect("the service generates without the pattern");
    let warning = generation
        .warnings
        .iter()
        .find(|w| w.at == "example.lenient#Code")
        .unwrap_or_else(|| panic!("a warning names the shape: {:?}", generation.warnings));
    assert!(
        warning
            .message
            .contains(r#"`@pattern` "^\\p{LD}+$" is not checked"#),
        "{}",
        warning.message
    );
    let input = file(&generation, "src/operation/put.rs");
    assert!(
        input.contains(r"/// `validate()` does not check this member's pattern, `^\p{LD}+$`:"),
        "the member's docs say so:\n{input}"
    );
    let validators = file(&generation, "src/validators.rs");
    assert!(!validators.contains(r"\p{LD}"), "no check for it");
    assert!(
        validators.contains("^[a-z]+$"),
        "the other member's pattern is still checked"
    );
}

#[test]
fn an_operation_that_sends_events_is_skipped_and_the_rest_generated() {
    let generation = generate(&service("^[0-9]+$"), &Options::default()).expect("generates");
    assert!(
        generation
            .warnings
            .iter()
            .any(|w| w.at == "example.lenient#Watch"
                && w.message
                    .contains("skipped: it sends events (`example.lenient#Events`)")),
        "{:?}",
        generation.warnings
    );
    assert!(
        generation
            .files
            .iter()
            .any(|f| f.path == "src/operation/put.rs")
    );
    assert!(
        !generation
            .files
            .iter()
            .any(|f| f.path.contains("watch") || f.contents.contains("WatchInput")),
        "nothing of the skipped operation is generated"
    );
    let lib = file(&generation, "src/lib.rs");
    assert!(lib.contains("//! Not generated"), "{lib}");
    assert!(lib.contains("//! - `Watch`: it sends events"), "{lib}");
    // The same operation asked for by name is an error, not a silent skip.
    let asked = Options {
        operations: vec!["Watch".to_owned()],
        ..Options::default()
    };
    let err = generate(&service("^[0-9]+$"), &asked).expect_err("cannot be generated");
    assert!(
        err.to_string()
            .contains("cannot be generated: it sends events (`example.lenient#Events`)"),
        "{err}"
    );
}

#[test]
fn any_http_error_status_is_accepted() {
    let generation = generate(&service("^[0-9]+$"), &Options::default()).expect("generates");
    assert!(generation.warnings.iter().all(|w| !w.at.contains("Moved")));
    assert!(file(&generation, "src/operation/put/client.rs").contains("Moved("));
}
