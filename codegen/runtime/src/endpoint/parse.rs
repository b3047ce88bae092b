//! Reading a rule set: its syntax tree, the parser from the trait's JSON, and the static check
//! that every reference names something in scope, so problems surface once rather than per request.

use serde_json::Value as Json;

use super::{EndpointError, ParamType, Parameter, Value, err, invalid, type_matches};

/// One step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PathSeg {
    Key(String),
    Index(usize),
}

/// A piece of a template string.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece {
    Text(String),
    /// `{name}` or `{name#path}`.
    Var(String, Vec<PathSeg>),
}

/// Library functions the interpreter knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    GetAttr,
    Substring,
    IsValidHostLabel,
    ParseUrl,
    UriEncode,
    Coalesce,
    Ite,
    Split,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "isSet" => Func::IsSet,
            "not" => Func::Not,
            "booleanEquals" => Func::BooleanEquals,
            "stringEquals" => Func::StringEquals,
            "getAttr" => Func::GetAttr,
            "substring" => Func::Substring,
            "isValidHostLabel" => Func::IsValidHostLabel,
            "parseURL" => Func::ParseUrl,
            "uriEncode" => Func::UriEncode,
            "coalesce" => Func::Coalesce,
            "ite" => Func::Ite,
            "split" => Func::Split,
            "aws.partition" => Func::Partition,
            "aws.parseArn" => Func::ParseArn,
            "aws.isVirtualHostableS3Bucket" => Func::IsVirtualHostableS3Bucket,
            _ => return None,
        })
    }

    /// Accepted argument counts (min, max).
    fn arity(self) -> (usize, usize) {
        match self {
            Func::IsSet | Func::Not | Func::ParseUrl | Func::UriEncode => (1, 1),
            Func::Partition | Func::ParseArn => (1, 1),
            Func::BooleanEquals | Func::StringEquals | Func::GetAttr => (2, 2),
            Func::IsValidHostLabel | Func::IsVirtualHostableS3Bucket => (2, 2),
            Func::Substring => (4, 4),
            Func::Ite | Func::Split => (3, 3),
            Func::Coalesce => (2, usize::MAX),
        }
    }
}

/// An expression: a literal, a reference, or a function call.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    Str(Vec<Piece>),
    Bool(bool),
    Int(i64),
    /// A JSON number that is not an i64; only meaningful inside properties.
    Number(serde_json::Number),
    Array(Vec<Expr>),
    /// A record literal; only produced for endpoint properties.
    Record(Vec<(String, Expr)>),
    Ref(String),
    Call(Func, Vec<Expr>),
}

#[derive(Debug, Clone)]
pub(super) struct Condition {
    pub(super) func: Func,
    pub(super) args: Vec<Expr>,
    pub(super) assign: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct EndpointTemplate {
    pub(super) url: Expr,
    pub(super) headers: Vec<(String, Vec<Expr>)>,
    pub(super) properties: Vec<(String, Expr)>,
}

#[derive(Debug, Clone)]
pub(super) enum RuleKind {
    Endpoint(EndpointTemplate),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub(super) conditions: Vec<Condition>,
    pub(super) kind: RuleKind,
}

/// Parses a `getAttr` path such as `a.b[0]` (also used after `#` in templates).
pub(super) fn parse_path(path: &str) -> Result<Vec<PathSeg>, EndpointError> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        if !key.is_empty() {
            segs.push(PathSeg::Key(key.to_owned()));
        } else if rest.is_empty() {
            return invalid(&format!("empty segment in path `{path}`"));
        }
        while !rest.is_empty() {
            let Some(inner_and_tail) = rest.strip_prefix('[') else {
                return invalid(&format!("malformed index in path `{path}`"));
            };
            let Some((index, tail)) = inner_and_tail.split_once(']') else {
                return invalid(&format!("unclosed `[` in path `{path}`"));
            };
            let Ok(index) = index.parse::<usize>() else {
                return invalid(&format!("bad index `{index}` in path `{path}`"));
            };
            segs.push(PathSeg::Index(index));
            rest = tail;
        }
    }
    Ok(segs)
}

/// Parses a template string: `{name}` / `{name#path}` are substitutions,
/// `{{` and `}}` are literal braces.
pub(super) fn parse_template(s: &str) -> Result<Vec<Piece>, EndpointError> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut inner = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    inner.push(c);
                }
                if !closed {
                    return invalid(&format!("unclosed `{{` in template `{s}`"));
                }
                let (name, path) = match inner.split_once('#') {
                    Some((name, path)) => (name, parse_path(path)?),
                    None => (inner.as_str(), Vec::new()),
                };
                if name.is_empty() {
                    return invalid(&format!("empty substitution in template `{s}`"));
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Var(name.to_owned(), path));
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() || pieces.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// Parses a function call object `{"fn": ..., "argv": [...]}`.
pub(super) fn parse_call(
    obj: &serde_json::Map<String, Json>,
) -> Result<(Func, Vec<Expr>), EndpointError> {
    let Some(Json::String(name)) = obj.get("fn") else {
        return invalid("`fn` must be a string");
    };
    let Some(func) = Func::from_name(name) else {
        return err(format!("unsupported endpoint rules function `{name}`"));
    };
    let argv = match obj.get("argv") {
        Some(Json::Array(argv)) => argv,
        _ => return invalid(&format!("`{name}` needs an `argv` array")),
    };
    let (min, max) = func.arity();
    if argv.len() < min || argv.len() > max {
        return invalid(&format!("`{name}` given {} arguments", argv.len()));
    }
    let args = argv.iter().map(parse_expr).collect::<Result<Vec<_>, _>>()?;
    Ok((func, args))
}

/// Parses an expression in argument, URL, header or error position.
fn parse_expr(json: &Json) -> Result<Expr, EndpointError> {
    match json {
        Json::String(s) => Ok(Expr::Str(parse_template(s)?)),
        Json::Bool(b) => Ok(Expr::Bool(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Ok(Expr::Int(i)),
            None => invalid(&format!("unsupported number `{n}` in expression")),
        },
        Json::Array(items) => Ok(Expr::Array(
            items.iter().map(parse_expr).collect::<Result<_, _>>()?,
        )),
        Json::Object(obj) if obj.contains_key("ref") => match obj.get("ref") {
            Some(Json::String(name)) => Ok(Expr::Ref(name.clone())),
            _ => invalid("`ref` must be a string"),
        },
        Json::Object(obj) if obj.contains_key("fn") => {
            let (func, args) = parse_call(obj)?;
            Ok(Expr::Call(func, args))
        }
        Json::Object(_) => invalid("an expression object needs `ref` or `fn`"),
        Json::Null => invalid("null expression"),
    }
}

/// Parses an endpoint property value: JSON whose strings are templates.
fn parse_property(json: &Json) -> Result<Expr, EndpointError> {
    match json {
        Json::String(s) => Ok(Expr::Str(parse_template(s)?)),
        Json::Bool(b) => Ok(Expr::Bool(*b)),
        Json::Number(n) => Ok(match n.as_i64() {
            Some(i) => Expr::Int(i),
            None => Expr::Number(n.clone()),
        }),
        Json::Array(items) => Ok(Expr::Array(
            items.iter().map(parse_property).collect::<Result<_, _>>()?,
        )),
        Json::Object(obj) => Ok(Expr::Record(
            obj.iter()
                .map(|(k, v)| Ok((k.clone(), parse_property(v)?)))
                .collect::<Result<_, EndpointError>>()?,
        )),
        Json::Null => invalid("null endpoint property"),
    }
}

fn parse_conditions(rule: &serde_json::Map<String, Json>) -> Result<Vec<Condition>, EndpointError> {
    let list = match rule.get("conditions") {
        None => return Ok(Vec::new()),
        Some(Json::Array(list)) => list,
        Some(_) => return invalid("`conditions` must be an array"),
    };
    let mut out = Vec::with_capacity(list.len());
    for cond in list {
        let Json::Object(obj) = cond else {
            return invalid("a condition must be an object");
        };
        let (func, args) = parse_call(obj)?;
        let assign = match obj.get("assign") {
            None => None,
            Some(Json::String(name)) if !name.is_empty() => Some(name.clone()),
            Some(_) => return invalid("`assign` must be a non-empty string"),
        };
        out.push(Condition { func, args, assign });
    }
    Ok(out)
}

fn parse_endpoint(json: &Json) -> Result<EndpointTemplate, EndpointError> {
    let Json::Object(obj) = json else {
        return invalid("`endpoint` must be an object");
    };
    let url = parse_expr(obj.get("url").unwrap_or(&Json::Null))?;
    let mut headers = Vec::new();
    match obj.get("headers") {
        None | Some(Json::Null) => {}
        Some(Json::Object(map)) => {
            for (name, values) in map {
                let Json::Array(values) = values else {
                    return invalid(&format!("header `{name}` must be an array"));
                };
                let values = values.iter().map(parse_expr).collect::<Result<_, _>>()?;
                headers.push((name.clone(), values));
            }
        }
        Some(_) => return invalid("`headers` must be an object"),
    }
    let properties = match obj.get("properties") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Object(map)) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), parse_property(v)?)))
            .collect::<Result<_, EndpointError>>()?,
        Some(_) => return invalid("`properties` must be an object"),
    };
    Ok(EndpointTemplate {
        url,
        headers,
        properties,
    })
}

pub(super) fn parse_rules(json: Option<&Json>) -> Result<Vec<Rule>, EndpointError> {
    let Some(Json::Array(list)) = json else {
        return invalid("`rules` must be an array");
    };
    let mut rules = Vec::with_capacity(list.len());
    for rule in list {
        let Json::Object(obj) = rule else {
            return invalid("a rule must be an object");
        };
        let conditions = parse_conditions(obj)?;
        let kind = match obj.get("type").and_then(Json::as_str) {
            Some("endpoint") => {
                RuleKind::Endpoint(parse_endpoint(obj.get("endpoint").unwrap_or(&Json::Null))?)
            }
            Some("error") => RuleKind::Error(parse_expr(obj.get("error").unwrap_or(&Json::Null))?),
            Some("tree") => RuleKind::Tree(parse_rules(obj.get("rules"))?),
            Some(other) => return invalid(&format!("unknown rule type `{other}`")),
            None => return invalid("a rule needs a string `type`"),
        };
        rules.push(Rule { conditions, kind });
    }
    Ok(rules)
}

pub(super) fn parse_parameter(name: &str, json: &Json) -> Result<Parameter, EndpointError> {
    let Json::Object(obj) = json else {
        return invalid(&format!("parameter `{name}` must be an object"));
    };
    let kind = match obj
        .get("type")
        .and_then(Json::as_str)
        .map(str::to_ascii_lowercase)
    {
        Some(t) if t == "string" => ParamType::String,
        Some(t) if t == "boolean" => ParamType::Boolean,
        Some(t) if t == "stringarray" => ParamType::StringArray,
        _ => return invalid(&format!("parameter `{name}` has an unsupported type")),
    };
    let built_in = match obj.get("builtIn") {
        None | Some(Json::Null) => None,
        Some(Json::String(b)) => Some(b.clone()),
        Some(_) => return invalid(&format!("parameter `{name}`: `builtIn` must be a string")),
    };
    let required = match obj.get("required") {
        None | Some(Json::Null) => false,
        Some(Json::Bool(b)) => *b,
        Some(_) => return invalid(&format!("parameter `{name}`: `required` must be a boolean")),
    };
    let default = match obj.get("default") {
        None => None,
        Some(d) => Value::from_json(d)?,
    };
    if default.as_ref().is_some_and(|d| !type_matches(kind, d)) {
        return invalid(&format!(
            "parameter `{name}`: default does not match its type"
        ));
    }
    Ok(Parameter {
        name: name.to_owned(),
        kind,
        built_in,
        required,
        default,
    })
}

/// Checks that every `ref` and template substitution names something in scope.
fn check_expr(expr: &Expr, scope: &[&str]) -> Result<(), EndpointError> {
    let known = |name: &str| {
        if scope.contains(&name) {
            Ok(())
        } else {
            invalid(&format!("reference to undefined name `{name}`"))
        }
    };
    match expr {
        Expr::Str(pieces) => {
            for piece in pieces {
                if let Piece::Var(name, _) = piece {
                    known(name)?;
                }
            }
            Ok(())
        }
        Expr::Ref(name) => known(name),
        Expr::Array(items) | Expr::Call(_, items) => {
            items.iter().try_for_each(|e| check_expr(e, scope))
        }
        Expr::Record(fields) => fields.iter().try_for_each(|(_, e)| check_expr(e, scope)),
        Expr::Bool(_) | Expr::Int(_) | Expr::Number(_) => Ok(()),
    }
}

pub(super) fn check_rules<'a>(
    rules: &'a [Rule],
    scope: &mut Vec<&'a str>,
) -> Result<(), EndpointError> {
    for rule in rules {
        let mark = scope.len();
        for cond in &rule.conditions {
            cond.args.iter().try_for_each(|e| check_expr(e, scope))?;
            if let Some(name) = &cond.assign {
                scope.push(name);
            }
        }
        match &rule.kind {
            RuleKind::Endpoint(t) => {
                check_expr(&t.url, scope)?;
                for (_, values) in &t.headers {
                    values.iter().try_for_each(|e| check_expr(e, scope))?;
                }
                for (_, value) in &t.properties {
                    check_expr(value, scope)?;
                }
            }
            RuleKind::Error(message) => check_expr(message, scope)?,
            RuleKind::Tree(sub) => check_rules(sub, scope)?,
        }
        scope.truncate(mark);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::endpoint::{Params, RuleSet};

    #[test]
    fn bad_rule_sets_are_errors() {
        let bad = [
            "",
            "null",
            "[]",
            r#"{"rules": 1}"#,
            r#"{"parameters": [], "rules": []}"#,
            r#"{"rules": [1]}"#,
            r#"{"rules": [{"type": "nope", "conditions": []}]}"#,
            r#"{"rules": [{"conditions": []}]}"#,
            r#"{"rules": [{"type": "endpoint", "conditions": []}]}"#,
            r#"{"rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": "{"}}]}"#,
            r#"{"rules": [{"type": "error", "conditions": [{"fn": "frobnicate", "argv": []}], "error": "e"}]}"#,
            r#"{"rules": [{"type": "error", "conditions": [{"fn": "isSet", "argv": [1, 2]}], "error": "e"}]}"#,
            r#"{"rules": [{"type": "error", "conditions": [{"fn": "isSet"}], "error": "e"}]}"#,
            r#"{"rules": [{"type": "error", "conditions": [], "error": {"ref": "Nope"}}]}"#,
            r#"{"rules": [{"type": "error", "conditions": [], "error": {"x": 1}}]}"#,
            r#"{"rules": [{"type": "tree", "conditions": []}]}"#,
            r#"{"parameters": {"A": {"type": "integer"}}, "rules": []}"#,
            r#"{"parameters": {"A": {"type": "string", "default": true}}, "rules": []}"#,
            r#"{"rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": "x", "headers": {"h": "v"}}}]}"#,
        ];
        for json in bad {
            assert!(RuleSet::from_json(json).is_err(), "accepted: {json}");
        }
        // Parses, but fails at resolution time without panicking.
        let runtime_bad = [
            r#"{"rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": true}}]}"#,
            r#"{"rules": [{"type": "endpoint", "conditions": [{"fn": "not", "argv": ["x"]}], "endpoint": {"url": "u"}}]}"#,
            r#"{"rules": [{"type": "endpoint", "conditions": [{"fn": "getAttr", "argv": [true, "a[b]"]}], "endpoint": {"url": "u"}}]}"#,
            r#"{"rules": []}"#,
            r#"{"rules": [{"type": "error", "conditions": [], "error": {"fn": "isSet", "argv": ["x"]}}]}"#,
        ];
        for json in runtime_bad {
            let rs = RuleSet::from_json(json).unwrap();
            assert!(rs.resolve(&Params::default()).is_err(), "resolved: {json}");
        }
    }
}
