//! `validate()` against random and mutated inputs of both operations: every member of a full,
//! valid input in turn replaced by hostile strings (long, empty, any Unicode), extreme numbers,
//! values of the wrong kind, lists grown long, maps given long keys. `validate()` must never
//! panic, give the same report twice, report at most one violation per constraint and value, and
//! keep its report bounded by the number of violations (long values are elided), so that its
//! work and memory grow with the input and no faster.

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use sagemaker::operation::update_partner_app::UpdatePartnerAppInput;
use sagemaker::operation::update_user_profile::UpdateUserProfileInput;
use sagemaker::validation::ValidationErrors;
use serde_json::Value;

/// Full, valid inputs of both operations, in the member-name JSON form of the `serde` feature.
const USER_PROFILE: &str = include_str!("inputs/update_user_profile.json");
const PARTNER_APP: &str = include_str!("inputs/update_partner_app.json");

/// Every path to a value in `doc`, the root included.
fn paths(doc: &Value) -> Vec<Vec<PathStep>> {
    let mut out = Vec::new();
    let mut stack = vec![(doc, Vec::new())];
    while let Some((value, path)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let mut p = path.clone();
                    p.push(PathStep::Key(k.clone()));
                    stack.push((v, p));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(PathStep::Index(i));
                    stack.push((v, p));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out.sort();
    out
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum PathStep {
    Key(String),
    Index(usize),
}

/// The value at `path`, if an earlier mutation has not replaced what held it.
fn at<'v>(doc: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    path.iter().try_fold(doc, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k.as_str()),
        PathStep::Index(i) => v.get_mut(*i),
    })
}

/// What a mutation puts in place of a value.
#[derive(Debug, Clone)]
enum Mutation {
    Text(String),
    Long(char, usize),
    Number(serde_json::Number),
    Bool(bool),
    Null,
    Grow(usize),
    LongKeys(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        ".{0,40}".prop_map(Mutation::Text),
        "\\PC{0,20}".prop_map(Mutation::Text),
        (any::<char>(), 0usize..20_000).prop_map(|(c, n)| Mutation::Long(c, n)),
        any::<i64>().prop_map(|n| Mutation::Number(n.into())),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Mutation::Number)),
        any::<bool>().prop_map(Mutation::Bool),
        Just(Mutation::Null),
        (0usize..300).prop_map(Mutation::Grow),
        (1usize..50, 0usize..5_000).prop_map(|(n, len)| Mutation::LongKeys(n, len)),
    ]
}

fn apply(value: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Text(s) => *value = Value::String(s.clone()),
        Mutation::Long(c, n) => *value = Value::String(c.to_string().repeat(*n)),
        Mutation::Number(n) => *value = Value::Number(n.clone()),
        Mutation::Bool(b) => *value = Value::Bool(*b),
        Mutation::Null => *value = Value::Null,
        Mutation::Grow(n) => {
            if let Value::Array(items) = value
                && let Some(first) = items.first().cloned()
            {
                items.extend(std::iter::repeat_n(first, *n));
            }
        }
        Mutation::LongKeys(n, len) => {
            if let Value::Object(map) = value
                && let Some(first) = map.values().next().cloned()
            {
                for i in 0..*n {
                    map.insert(format!("{i}{}", "k".repeat(*len)), first.clone());
                }
            }
        }
    }
}

/// How many values `doc` holds, containers included.
fn count(doc: &Value) -> usize {
    1 + match doc {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

/// Checks one mutated input; `read` counts the ones that were inputs at all.
fn check<T: serde::de::DeserializeOwned>(
    doc: Value,
    validate: impl Fn(&T) -> Result<(), ValidationErrors>,
    read: &AtomicUsize,
) -> Result<(), TestCaseError> {
    let values = count(&doc);
    let Ok(input) = serde_json::from_value::<T>(doc) else {
        // A value of the wrong kind is not an input; serde says so, and that is all.
        return Ok(());
    };
    read.fetch_add(1, Ordering::Relaxed);
    let first = validate(&input);
    let second = validate(&input);
    prop_assert_eq!(
        first.as_ref().err().map(ToString::to_string),
        second.as_ref().err().map(ToString::to_string),
        "the same report twice"
    );
    if let Err(errors) = first {
        let violations = errors.violations().len();
        // Each value is checked against at most a handful of constraints (required, length,
        // range, pattern, enum), so the violations are bounded by the values.
        prop_assert!(
            violations <= 5 * values,
            "{violations} violations for {values} values"
        );
        let shown = errors.to_string().len();
        prop_assert!(
            shown <= 1024 + 512 * violations,
            "{shown} bytes of report for {violations} violations"
        );
        for v in errors.violations() {
            prop_assert!(!v.path.is_empty(), "a violation without a path: {v:?}");
        }
    }
    Ok(())
}

fn run<T: serde::de::DeserializeOwned>(
    full: &str,
    validate: impl Fn(&T) -> Result<(), ValidationErrors>,
) {
    let doc: Value = serde_json::from_str(full).expect("a valid input document");
    let input: T = serde_json::from_value(doc.clone()).expect("reads");
    assert!(validate(&input).is_ok(), "the full input is valid");
    let paths = paths(&doc);
    let read = AtomicUsize::new(0);
    let mut runner = TestRunner::new(RunnerConfig {
        cases: 5_000,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let strategy = prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4);
    runner
        .run(&strategy, |mutations| {
            let mut doc = doc.clone();
            for (index, mutation) in &mutations {
                let path = &paths[index.index(paths.len())];
                if let Some(value) = at(&mut doc, path) {
                    apply(value, mutation);
                }
            }
            check(doc, &validate, &read)
        })
        .expect("validate() holds for every mutated input");
    let read = read.into_inner();
    assert!(
        read >= 1_000,
        "only {read} of 5,000 mutated documents were inputs; the suite tests too little"
    );
}

#[test]
fn update_user_profile_inputs() {
    run::<UpdateUserProfileInput>(USER_PROFILE, UpdateUserProfileInput::validate);
}

#[test]
fn update_partner_app_inputs() {
    run::<UpdatePartnerAppInput>(PARTNER_APP, UpdatePartnerAppInput::validate);
}
