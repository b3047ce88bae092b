//! Evaluating a parsed rule set: expressions, templates and library calls over a [`Scope`] of
//! parameters and assigned results, then the rules in order until one yields an endpoint or error.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::functions::{
    is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url, split, substring,
    uri_encode,
};
use super::parse::{Expr, Func, PathSeg, Piece, Rule, RuleKind, parse_path};
use super::{Endpoint, EndpointError, Value, err, partition};

/// Variables in scope: parameters first, then `assign`ed results, innermost
/// last, so lookups search from the end.
#[derive(Default)]
pub(super) struct Scope<'a> {
    pub(super) vars: Vec<(&'a str, Value)>,
}

impl Scope<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }
}

/// Follows a `getAttr` path; a missing key or index yields "unset".
pub(super) fn get_attr<'v>(value: &'v Value, path: &[PathSeg]) -> Option<&'v Value> {
    let mut current = value;
    for seg in path {
        current = match (seg, current) {
            (PathSeg::Key(k), Value::Object(map)) => map.get(k)?,
            (PathSeg::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

fn render_scalar(value: &Value, what: &str) -> Result<String, EndpointError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Int(i) => Ok(i.to_string()),
        other => err(format!(
            "template substitution `{what}` is a {}, not a string",
            other.type_name()
        )),
    }
}

fn render_template(pieces: &[Piece], scope: &Scope<'_>) -> Result<String, EndpointError> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(name, path) => {
                let value = scope.get(name).and_then(|v| get_attr(v, path));
                match value {
                    Some(v) => out.push_str(&render_scalar(v, name)?),
                    None => return err(format!("template substitution `{name}` is not set")),
                }
            }
        }
    }
    Ok(out)
}

fn type_error<T>(func: Func, got: &Value) -> Result<T, EndpointError> {
    err(format!(
        "endpoint rules function {func:?} got an argument of the wrong type ({})",
        got.type_name()
    ))
}

/// Unwraps a string argument; `Ok(None)` when unset.
fn str_arg(func: Func, arg: &Option<Value>) -> Result<Option<&str>, EndpointError> {
    match arg {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => type_error(func, other),
    }
}

/// Unwraps a boolean argument; `Ok(None)` when unset.
fn bool_arg(func: Func, arg: &Option<Value>) -> Result<Option<bool>, EndpointError> {
    match arg {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => type_error(func, other),
    }
}

/// Unwraps an integer argument; `Ok(None)` when unset.
fn int_arg(func: Func, arg: &Option<Value>) -> Result<Option<i64>, EndpointError> {
    match arg {
        None => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(other) => type_error(func, other),
    }
}

/// Applies a library function to evaluated arguments. `Ok(None)` is the
/// language's empty optional; an unset argument to a function that needs a
/// value yields it too, so such a condition simply does not match.
pub(super) fn call(func: Func, args: &[Option<Value>]) -> Result<Option<Value>, EndpointError> {
    let arity_error = || {
        err(format!(
            "endpoint rules function {func:?}: wrong number of arguments"
        ))
    };
    Ok(match (func, args) {
        (Func::IsSet, [v]) => Some(Value::Bool(v.is_some())),
        (Func::Not, [v]) => bool_arg(func, v)?.map(|b| Value::Bool(!b)),
        (Func::BooleanEquals, [a, b]) => match (bool_arg(func, a)?, bool_arg(func, b)?) {
            (Some(a), Some(b)) => Some(Value::Bool(a == b)),
            _ => None,
        },
        (Func::StringEquals, [a, b]) => match (str_arg(func, a)?, str_arg(func, b)?) {
            (Some(a), Some(b)) => Some(Value::Bool(a == b)),
            _ => None,
        },
        (Func::GetAttr, [v, path]) => match (v, str_arg(func, path)?) {
            (Some(v), Some(path)) => get_attr(v, &parse_path(path)?).cloned(),
            _ => None,
        },
        (Func::Substring, [s, start, stop, rev]) => {
            let s = str_arg(func, s)?;
            let (start, stop) = (int_arg(func, start)?, int_arg(func, stop)?);
            match (s, start, stop, bool_arg(func, rev)?) {
                (Some(s), Some(start), Some(stop), Some(rev)) => {
                    substring(s, start, stop, rev).map(Value::String)
                }
                _ => None,
            }
        }
        (Func::IsValidHostLabel, [s, sub]) => match (str_arg(func, s)?, bool_arg(func, sub)?) {
            (Some(s), Some(sub)) => Some(Value::Bool(is_valid_host_label(s, sub))),
            _ => None,
        },
        (Func::ParseUrl, [s]) => str_arg(func, s)?.and_then(parse_url),
        (Func::UriEncode, [s]) => str_arg(func, s)?.map(|s| Value::String(uri_encode(s))),
        (Func::Coalesce, args) => args.iter().find_map(Clone::clone),
        (Func::Ite, [cond, then, otherwise]) => match bool_arg(func, cond)? {
            Some(true) => then.clone(),
            Some(false) => otherwise.clone(),
            None => None,
        },
        (Func::Split, [s, delim, limit]) => {
            let (s, delim) = (str_arg(func, s)?, str_arg(func, delim)?);
            match (s, delim, int_arg(func, limit)?) {
                (Some(s), Some(delim), Some(limit)) => split(s, delim, limit),
                _ => None,
            }
        }
        (Func::Partition, [region]) => str_arg(func, region)?.map(|r| partition(r).to_value()),
        (Func::ParseArn, [s]) => str_arg(func, s)?.and_then(parse_arn),
        (Func::IsVirtualHostableS3Bucket, [s, sub]) => {
            match (str_arg(func, s)?, bool_arg(func, sub)?) {
                (Some(s), Some(sub)) => Some(Value::Bool(is_virtual_hostable_s3_bucket(s, sub))),
                _ => None,
            }
        }
        _ => return arity_error(),
    })
}

pub(super) fn eval(expr: &Expr, scope: &Scope<'_>) -> Result<Option<Value>, EndpointError> {
    Ok(match expr {
        Expr::Str(pieces) => Some(Value::String(render_template(pieces, scope)?)),
        Expr::Bool(b) => Some(Value::Bool(*b)),
        Expr::Int(i) => Some(Value::Int(*i)),
        Expr::Number(n) => return err(format!("unsupported number `{n}` in expression")),
        Expr::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match eval(item, scope)? {
                    Some(v) => out.push(v),
                    None => return err("array literal contains an unset value"),
                }
            }
            Some(Value::Array(out))
        }
        Expr::Record(fields) => {
            let mut out = BTreeMap::new();
            for (k, e) in fields {
                if let Some(v) = eval(e, scope)? {
                    out.insert(k.clone(), v);
                }
            }
            Some(Value::Object(out))
        }
        Expr::Ref(name) => scope.get(name).cloned(),
        Expr::Call(func, args) => {
            let args = args
                .iter()
                .map(|a| eval(a, scope))
                .collect::<Result<Vec<_>, _>>()?;
            call(*func, &args)?
        }
    })
}

fn eval_string(expr: &Expr, scope: &Scope<'_>, what: &str) -> Result<String, EndpointError> {
    match eval(expr, scope)? {
        Some(Value::String(s)) => Ok(s),
        Some(other) => err(format!(
            "{what} evaluated to a {}, not a string",
            other.type_name()
        )),
        None => err(format!("{what} evaluated to an unset value")),
    }
}

fn eval_property(expr: &Expr, scope: &Scope<'_>) -> Result<Json, EndpointError> {
    Ok(match expr {
        Expr::Number(n) => Json::Number(n.clone()),
        Expr::Array(items) => Json::Array(
            items
                .iter()
                .map(|e| eval_property(e, scope))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Record(fields) => Json::Object(
            fields
                .iter()
                .map(|(k, e)| Ok((k.clone(), eval_property(e, scope)?)))
                .collect::<Result<_, EndpointError>>()?,
        ),
        other => eval(other, scope)?.map_or(Json::Null, |v| v.to_json()),
    })
}

pub(super) fn exhausted() -> EndpointError {
    EndpointError::new("no endpoint rule matched the given parameters (rule set exhausted)")
}

/// Evaluates rules in order: `Ok(Some)` for an endpoint, `Err` for an error
/// rule (or evaluation failure), `Ok(None)` if no rule's conditions matched.
pub(super) fn eval_rules<'a>(
    rules: &'a [Rule],
    scope: &mut Scope<'a>,
) -> Result<Option<Endpoint>, EndpointError> {
    for rule in rules {
        let mark = scope.vars.len();
        let mut matched = true;
        for cond in &rule.conditions {
            let args = cond
                .args
                .iter()
                .map(|a| eval(a, scope))
                .collect::<Result<Vec<_>, _>>()?;
            match call(cond.func, &args)? {
                None | Some(Value::Bool(false)) => {
                    matched = false;
                    break;
                }
                Some(value) => {
                    if let Some(name) = &cond.assign {
                        scope.vars.push((name, value));
                    }
                }
            }
        }
        if matched {
            match &rule.kind {
                RuleKind::Endpoint(t) => {
                    let mut endpoint = Endpoint::new(eval_string(&t.url, scope, "endpoint url")?);
                    for (name, values) in &t.headers {
                        let values = values
                            .iter()
                            .map(|v| eval_string(v, scope, "header value"))
                            .collect::<Result<_, _>>()?;
                        endpoint.headers.insert(name.clone(), values);
                    }
                    for (name, value) in &t.properties {
                        endpoint
                            .properties
                            .insert(name.clone(), eval_property(value, scope)?);
                    }
                    return Ok(Some(endpoint));
                }
                RuleKind::Error(message) => {
                    return Err(EndpointError::new(eval_string(
                        message,
                        scope,
                        "error message",
                    )?));
                }
                // Tree rules are terminal: once their conditions match, falling
                // through all subordinate rules is an error, not a miss.
                RuleKind::Tree(sub) => {
                    return eval_rules(sub, scope)?.map(Some).ok_or_else(exhausted);
                }
            }
        }
        scope.vars.truncate(mark);
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::parse::parse_call;
    use crate::endpoint::tests::{call_json, s};

    #[test]
    fn get_attr_paths() {
        let mut inner = BTreeMap::new();
        inner.insert("b".to_owned(), Value::from(vec!["x", "y"]));
        let mut outer = BTreeMap::new();
        outer.insert("a".to_owned(), Value::Object(inner));
        let v = Value::Object(outer);
        let get = |path: &str| get_attr(&v, &parse_path(path).unwrap()).cloned();
        assert_eq!(get("a.b[0]"), s("x"));
        assert_eq!(get("a.b[1]"), s("y"));
        assert_eq!(get("a.b[2]"), None);
        assert_eq!(get("a.c"), None);
        assert_eq!(get("a.b.c"), None);
        assert_eq!(get("a").map(|v| v.type_name()), Some("object"));
        let list = Value::from(vec!["p", "q"]);
        assert_eq!(
            get_attr(&list, &parse_path("[1]").unwrap()),
            Some(&Value::from("q"))
        );
        assert!(parse_path("a..b").is_err());
        assert!(parse_path("a[x]").is_err());
        assert!(parse_path("a[0").is_err());
        // Through the function, on a parsed ARN.
        let got = call_json(serde_json::json!({"fn": "getAttr", "argv": [
            {"fn": "aws.parseArn", "argv": ["arn:aws:ec2:us-east-1:012345678910:vpc/vpc-1"]},
            "resourceId[1]"
        ]}));
        assert_eq!(got.unwrap(), s("vpc-1"));
    }

    #[test]
    fn coalesce_ite_split() {
        let scope = Scope::default();
        let unset = serde_json::json!({"fn": "getAttr", "argv": [{"fn": "aws.parseArn", "argv": ["x"]}, "a"]});
        let ev = |j: Json| {
            let Json::Object(o) = j else { unreachable!() };
            let (f, args) = parse_call(&o).unwrap();
            let args: Vec<_> = args.iter().map(|a| eval(a, &scope).unwrap()).collect();
            call(f, &args).unwrap()
        };
        assert_eq!(
            ev(serde_json::json!({"fn": "coalesce", "argv": [unset, "b", "c"]})),
            s("b")
        );
        assert_eq!(
            ev(serde_json::json!({"fn": "ite", "argv": [false, "yes", "no"]})),
            s("no")
        );
        assert_eq!(
            ev(serde_json::json!({"fn": "split", "argv": ["a--b--c", "--", 2]})),
            Some(Value::from(vec!["a", "b--c"]))
        );
        assert_eq!(
            ev(serde_json::json!({"fn": "split", "argv": ["a,b,c", ",", 0]})),
            Some(Value::from(vec!["a", "b", "c"]))
        );
    }
}
