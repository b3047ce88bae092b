//! The model reader against mutated models: `model/` with keys removed or renamed, values of
//! every kind put where others belong, shapes given another type, traits given odd values and
//! IDs that differ only by case. Whatever the mutation, reading and generating never panic, and
//! a model that is refused is refused with problems that each say where and what.

use codegen::{Errors, Model, Options};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::Value;

fn model_text() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/sagemaker.json");
    std::fs::read_to_string(path).expect("model/ is readable")
}

/// Every path to a value in `doc`, as JSON pointers.
fn pointers(doc: &Value, at: String, out: &mut Vec<String>) {
    match doc {
        Value::Object(map) => {
            for (k, v) in map {
                let escaped = k.replace('~', "~0").replace('/', "~1");
                pointers(v, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    Replace(Value),
    RenameKey(String),
    Retype(&'static str),
    CaseTwin,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let value = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(Value::from(-1.5)),
        ".{0,12}".prop_map(Value::String),
        Just(serde_json::json!({})),
        Just(serde_json::json!([])),
        Just(serde_json::json!({"target": "smithy.api#String"})),
        Just(serde_json::json!([{"target": "nowhere#Shape"}])),
    ];
    prop_oneof![
        Just(Mutation::Remove),
        value.prop_map(Mutation::Replace),
        "[A-Za-z_#$. ]{0,10}".prop_map(Mutation::RenameKey),
        prop::sample::select(vec![
            "structure",
            "union",
            "list",
            "map",
            "string",
            "integer",
            "enum",
            "intEnum",
            "operation",
            "service",
            "apply",
            "timestamp",
            "frob",
        ])
        .prop_map(Mutation::Retype),
        Just(Mutation::CaseTwin),
    ]
}

fn apply(doc: &mut Value, pointer: &str, mutation: &Mutation) {
    let (parent_ptr, key) = match pointer.rsplit_once('/') {
        Some((parent, key)) => (parent, key.replace("~1", "/").replace("~0", "~")),
        None => return,
    };
    match mutation {
        Mutation::Replace(v) => {
            if let Some(slot) = doc.pointer_mut(pointer) {
                *slot = v.clone();
            }
        }
        Mutation::Retype(kind) => {
            if let Some(Value::Object(shape)) = doc.pointer_mut(pointer)
                && shape.contains_key("type")
            {
                shape.insert("type".into(), Value::from(*kind));
            }
        }
        Mutation::Remove | Mutation::RenameKey(_) | Mutation::CaseTwin => {
            let Some(parent) = doc.pointer_mut(parent_ptr) else {
                return;
            };
            match parent {
                Value::Object(map) => {
                    let Some(value) = map.get(&key).cloned() else {
                        return;
                    };
                    match mutation {
                        Mutation::Remove => {
                            map.remove(&key);
                        }
                        Mutation::RenameKey(new) => {
                            map.remove(&key);
                            map.insert(new.clone(), value);
                        }
                        _ => {
                            let twin = if key.to_lowercase() == key {
                                key.to_uppercase()
                            } else {
                                key.to_lowercase()
                            };
                            map.insert(twin, value);
                        }
                    }
                }
                Value::Array(items) => {
                    if let Ok(i) = key.parse::<usize>()
                        && i < items.len()
                    {
                        let value = items.remove(i);
                        if !matches!(mutation, Mutation::Remove) {
                            items.push(value);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn mutated_models_never_panic_and_every_refusal_says_where_and_what() {
    let text = model_text();
    let doc: Value = serde_json::from_str(&text).expect("model/ is JSON");
    let mut all = Vec::new();
    pointers(&doc, String::new(), &mut all);
    all.sort();
    let mut runner = TestRunner::new(RunnerConfig {
        cases: 120,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let strategy = prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4);
    let refused = std::sync::atomic::AtomicUsize::new(0);
    runner
        .run(&strategy, |mutations| {
            let mut doc = doc.clone();
            for (index, mutation) in &mutations {
                apply(&mut doc, &all[index.index(all.len())], mutation);
            }
            let text = doc.to_string();
            let (model, problems) = Model::parse_all([("model.json", text.as_str())]);
            let result = codegen::generate_with(&model, problems, &Options::default());
            if let Err(errors) = result {
                refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                check_report(&errors)?;
            }
            Ok(())
        })
        .expect("every mutated model is read or refused cleanly");
    let refused = refused.into_inner();
    println!("{refused} of 120 mutated models refused, the rest generated");
    assert!(
        refused >= 30,
        "only {refused} refusals: the mutations test too little"
    );
}

fn check_report(errors: &Errors) -> Result<(), TestCaseError> {
    let problems = errors.problems();
    prop_assert!(!problems.is_empty(), "refused without a problem");
    for p in &problems {
        prop_assert!(!p.at.is_empty(), "a problem that says nowhere: {p:?}");
        prop_assert!(!p.message.is_empty(), "a problem that says nothing: {p:?}");
    }
    Ok(())
}
