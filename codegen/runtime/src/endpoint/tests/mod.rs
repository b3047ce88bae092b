//! Tests of the whole engine (rule sets parsed and resolved, the reference suites); the helpers
//! here are shared, also with the unit tests beside the code.

use super::*;
use crate::endpoint::eval::{call, eval};
use crate::endpoint::parse::parse_call;

mod mutations;
mod reference;
mod rules;

/// Evaluates one function call from its JSON form with no variables bound.
pub(super) fn call_json(json: Json) -> Result<Option<Value>, EndpointError> {
    let Json::Object(obj) = json else {
        panic!("test helper needs an object");
    };
    let (func, args) = parse_call(&obj)?;
    let scope = Scope::default();
    let args = args
        .iter()
        .map(|a| eval(a, &scope))
        .collect::<Result<Vec<_>, _>>()?;
    call(func, &args)
}

pub(super) fn s(v: &str) -> Option<Value> {
    Some(Value::from(v))
}

pub(super) fn b(v: bool) -> Option<Value> {
    Some(Value::Bool(v))
}

/// A one-parameter rule set with the given rules, for behaviour tests.
pub(super) fn rule_set(params: Json, rules: Json) -> RuleSet {
    let doc = serde_json::json!({"version": "1.0", "parameters": params, "rules": rules});
    RuleSet::from_value(&doc).expect("test rule set parses")
}
