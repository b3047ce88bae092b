//! Endpoint resolution: an interpreter for the Smithy endpoint rules language
//! (<https://smithy.io/2.0/additional-specs/rules-engine/>) plus the AWS
//! partition table that `aws.partition` needs.
//!
//! The generator embeds a service's `smithy.rules#endpointRuleSet` trait as JSON
//! text; [`RuleSet::from_json`] parses and checks it once, and
//! [`RuleSet::resolve`] evaluates it for one set of [`Params`]. Models without a
//! rule set use [`resolve_standard`], the standard AWS regional scheme.
//!
//! Interpreting (rather than compiling rules to Rust) keeps the generator small
//! and lets one implementation be tested against every model's own
//! `smithy.rules#endpointTests` cases.
//!
//! Nothing in this module panics on any rule set or input: malformed rule sets
//! and ill-typed expressions become an [`EndpointError`].

use std::collections::BTreeMap;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::Value as Json;

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// A value in the rules engine: parameter values, function results and
/// assigned variables all use it, so that one evaluator handles them all.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string (`string` parameters, template results, URL parts, ...).
    String(String),
    /// A boolean (`boolean` parameters, predicate results).
    Bool(bool),
    /// An integer literal; the language uses these only as function arguments
    /// (`substring` indices, `split` limits).
    Int(i64),
    /// An array (`stringArray` parameters, ARN resource ids, `split` results).
    Array(Vec<Value>),
    /// A record (the partition, URL and ARN structures), read with `getAttr`.
    Object(BTreeMap<String, Value>),
}

impl Value {
    /// Converts to JSON, the representation of endpoint properties.
    pub fn to_json(&self) -> Json {
        match self {
            Value::String(s) => Json::String(s.clone()),
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Array(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Value::Object(map) => {
                Json::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    /// Converts from JSON (parameter defaults, test-case parameters); `null`
    /// means "not set" and non-integral numbers are rejected because the
    /// language has no such type.
    pub fn from_json(json: &Json) -> Result<Option<Value>, EndpointError> {
        Ok(Some(match json {
            Json::Null => return Ok(None),
            Json::Bool(b) => Value::Bool(*b),
            Json::String(s) => Value::String(s.clone()),
            Json::Number(n) => Value::Int(n.as_i64().ok_or_else(|| {
                EndpointError::new(format!("unsupported number `{n}` in endpoint value"))
            })?),
            Json::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match Value::from_json(item)? {
                        Some(v) => out.push(v),
                        None => return Err(EndpointError::new("null inside an endpoint array")),
                    }
                }
                Value::Array(out)
            }
            Json::Object(map) => {
                let mut out = BTreeMap::new();
                for (k, v) in map {
                    if let Some(v) = Value::from_json(v)? {
                        out.insert(k.clone(), v);
                    }
                }
                Value::Object(out)
            }
        }))
    }

    /// Short type name used in error messages.
    fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<Vec<String>> for Value {
    fn from(items: Vec<String>) -> Self {
        Value::Array(items.into_iter().map(Value::String).collect())
    }
}

impl From<Vec<&str>> for Value {
    fn from(items: Vec<&str>) -> Self {
        Value::Array(items.into_iter().map(Value::from).collect())
    }
}

/// Inputs to endpoint resolution. The AWS built-ins every rule set uses have
/// typed fields; any other rule-set parameter (e.g. `AccountId` in `DynamoDB`)
/// goes in `extra`, keyed by its rule-set parameter name.
#[derive(Debug, Clone, Default)]
pub struct Params {
    /// `AWS::Region` (rule-set parameter `Region`).
    pub region: Option<String>,
    /// `AWS::UseFIPS` (rule-set parameter `UseFIPS`).
    pub use_fips: bool,
    /// `AWS::UseDualStack` (rule-set parameter `UseDualStack`).
    pub use_dual_stack: bool,
    /// `SDK::Endpoint` (rule-set parameter `Endpoint`): a custom endpoint URL.
    pub endpoint: Option<String>,
    /// Other parameters by rule-set name (or by built-in name such as
    /// `AWS::Auth::AccountId`); an entry here overrides a typed field.
    pub extra: BTreeMap<String, Value>,
}

impl Params {
    /// Builder-style setter for a parameter in `extra`.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(name.into(), value.into());
        self
    }
}

/// A resolved endpoint: where to send the request, plus headers and
/// properties (e.g. `authSchemes`) the rule set attached to it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Endpoint {
    /// The endpoint URL (scheme, host, optional port and base path).
    pub url: String,
    /// Transport headers to add to requests sent to this endpoint.
    pub headers: BTreeMap<String, Vec<String>>,
    /// Free-form endpoint properties, such as `authSchemes`.
    pub properties: serde_json::Map<String, Json>,
}

impl Endpoint {
    /// An endpoint with only a URL, as the standard scheme produces.
    pub fn new(url: impl Into<String>) -> Self {
        Endpoint {
            url: url.into(),
            ..Endpoint::default()
        }
    }
}

/// Why no endpoint could be resolved: either an `error` rule matched (the
/// message is then exactly the rule set's text) or the rule set or the
/// parameters are invalid.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// Creates an error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }

    /// The message, as displayed.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// The declared type of a rule-set parameter, checked against supplied values
/// so rules can rely on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

impl ParamType {
    /// The type's name as written in rule sets.
    pub fn name(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Boolean => "boolean",
            ParamType::StringArray => "stringArray",
        }
    }
}

/// A declared rule-set parameter, exposed so callers can see which inputs a
/// rule set understands.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Name used by `ref` and templates (e.g. `Region`).
    pub name: String,
    /// Declared type.
    pub kind: ParamType,
    /// Built-in binding such as `AWS::Region`, if any.
    pub built_in: Option<String>,
    /// Whether resolution fails when the value is absent (after defaults).
    pub required: bool,
    /// Value used when the caller supplies none.
    pub default: Option<Value>,
}

/// A parsed and checked endpoint rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    version: String,
    parameters: Vec<Parameter>,
    rules: Vec<Rule>,
}

// ---------------------------------------------------------------------------
// Rule-set syntax tree
// ---------------------------------------------------------------------------

/// One step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq)]
enum PathSeg {
    Key(String),
    Index(usize),
}

/// A piece of a template string.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    /// `{name}` or `{name#path}`.
    Var(String, Vec<PathSeg>),
}

/// Library functions the interpreter knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
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
enum Expr {
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
struct Condition {
    func: Func,
    args: Vec<Expr>,
    assign: Option<String>,
}

#[derive(Debug, Clone)]
struct EndpointTemplate {
    url: Expr,
    headers: Vec<(String, Vec<Expr>)>,
    properties: Vec<(String, Expr)>,
}

#[derive(Debug, Clone)]
enum RuleKind {
    Endpoint(EndpointTemplate),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone)]
struct Rule {
    conditions: Vec<Condition>,
    kind: RuleKind,
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

fn err<T>(message: impl Into<String>) -> Result<T, EndpointError> {
    Err(EndpointError::new(message))
}

fn invalid<T>(what: &str) -> Result<T, EndpointError> {
    err(format!("invalid endpoint rule set: {what}"))
}

/// Parses a `getAttr` path such as `a.b[0]` (also used after `#` in templates).
fn parse_path(path: &str) -> Result<Vec<PathSeg>, EndpointError> {
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
fn parse_template(s: &str) -> Result<Vec<Piece>, EndpointError> {
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
fn parse_call(obj: &serde_json::Map<String, Json>) -> Result<(Func, Vec<Expr>), EndpointError> {
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

fn parse_rules(json: Option<&Json>) -> Result<Vec<Rule>, EndpointError> {
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

fn parse_parameter(name: &str, json: &Json) -> Result<Parameter, EndpointError> {
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

fn type_matches(kind: ParamType, value: &Value) -> bool {
    match (kind, value) {
        (ParamType::String, Value::String(_)) | (ParamType::Boolean, Value::Bool(_)) => true,
        (ParamType::StringArray, Value::Array(items)) => {
            items.iter().all(|v| matches!(v, Value::String(_)))
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Static check: every `ref` and template substitution names something in scope
// ---------------------------------------------------------------------------

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

fn check_rules<'a>(rules: &'a [Rule], scope: &mut Vec<&'a str>) -> Result<(), EndpointError> {
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

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

/// Variables in scope: parameters first, then `assign`ed results, innermost
/// last, so lookups search from the end.
#[derive(Default)]
struct Scope<'a> {
    vars: Vec<(&'a str, Value)>,
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
fn get_attr<'v>(value: &'v Value, path: &[PathSeg]) -> Option<&'v Value> {
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
fn call(func: Func, args: &[Option<Value>]) -> Result<Option<Value>, EndpointError> {
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

fn eval(expr: &Expr, scope: &Scope<'_>) -> Result<Option<Value>, EndpointError> {
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

fn exhausted() -> EndpointError {
    EndpointError::new("no endpoint rule matched the given parameters (rule set exhausted)")
}

/// Evaluates rules in order: `Ok(Some)` for an endpoint, `Err` for an error
/// rule (or evaluation failure), `Ok(None)` if no rule's conditions matched.
fn eval_rules<'a>(
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

impl RuleSet {
    /// Parses the JSON form of a `smithy.rules#endpointRuleSet` trait and checks
    /// it (known functions and arities, parameter types and defaults, every
    /// reference in scope), so problems surface once rather than per request.
    pub fn from_json(json: &str) -> Result<RuleSet, EndpointError> {
        let doc: Json = serde_json::from_str(json)
            .map_err(|e| EndpointError::new(format!("invalid endpoint rule set JSON: {e}")))?;
        RuleSet::from_value(&doc)
    }

    /// Like [`RuleSet::from_json`], for an already-parsed JSON document.
    pub fn from_value(doc: &Json) -> Result<RuleSet, EndpointError> {
        let Json::Object(obj) = doc else {
            return invalid("top level must be an object");
        };
        let version = match obj.get("version") {
            Some(Json::String(v)) => v.clone(),
            None => String::new(),
            Some(_) => return invalid("`version` must be a string"),
        };
        let parameters = match obj.get("parameters") {
            None => Vec::new(),
            Some(Json::Object(map)) => map
                .iter()
                .map(|(name, p)| parse_parameter(name, p))
                .collect::<Result<_, _>>()?,
            Some(_) => return invalid("`parameters` must be an object"),
        };
        let rules = parse_rules(obj.get("rules"))?;
        let mut scope: Vec<&str> = parameters
            .iter()
            .map(|p: &Parameter| p.name.as_str())
            .collect();
        check_rules(&rules, &mut scope)?;
        Ok(RuleSet {
            version,
            parameters,
            rules,
        })
    }

    /// The rule set's declared `version` (e.g. `1.0`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The declared parameters, so callers can tell which inputs matter.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// Resolves the endpoint for `params`: binds parameters (applying defaults
    /// and checking `required` and types), then evaluates the rules.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        let mut scope = Scope::default();
        for p in &self.parameters {
            let value = match supplied_value(p, params) {
                Some(v) => Some(v),
                None => p.default.clone(),
            };
            match value {
                Some(v) if type_matches(p.kind, &v) => scope.vars.push((&p.name, v)),
                Some(v) => {
                    return err(format!(
                        "endpoint parameter `{}` has the wrong type: expected {}, got {}",
                        p.name,
                        p.kind.name(),
                        v.type_name()
                    ));
                }
                None if p.required => {
                    return err(format!(
                        "endpoint parameter `{}` is required but not set",
                        p.name
                    ));
                }
                None => {}
            }
        }
        eval_rules(&self.rules, &mut scope)?.ok_or_else(exhausted)
    }
}

/// Finds the caller's value for a parameter: `extra` by name or built-in name
/// first, then the typed field for a known built-in (or, without a built-in,
/// for the conventional parameter name).
fn supplied_value(p: &Parameter, params: &Params) -> Option<Value> {
    if let Some(v) = params.extra.get(&p.name) {
        return Some(v.clone());
    }
    if let Some(v) = p.built_in.as_ref().and_then(|b| params.extra.get(b)) {
        return Some(v.clone());
    }
    let key = match &p.built_in {
        Some(b) => b.as_str(),
        None => match p.name.as_str() {
            "Region" => "AWS::Region",
            "UseFIPS" => "AWS::UseFIPS",
            "UseDualStack" => "AWS::UseDualStack",
            "Endpoint" => "SDK::Endpoint",
            _ => return None,
        },
    };
    match key {
        "AWS::Region" => params.region.clone().map(Value::String),
        "AWS::UseFIPS" => Some(Value::Bool(params.use_fips)),
        "AWS::UseDualStack" => Some(Value::Bool(params.use_dual_stack)),
        "SDK::Endpoint" => params.endpoint.clone().map(Value::String),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Standard library functions
// ---------------------------------------------------------------------------

/// `substring`: ASCII-only, `start` inclusive, `stop` exclusive; with
/// `reverse` the indices count from the end of the string.
fn substring(s: &str, start: i64, stop: i64, reverse: bool) -> Option<String> {
    if !s.is_ascii() {
        return None;
    }
    let (start, stop) = (usize::try_from(start).ok()?, usize::try_from(stop).ok()?);
    let len = s.len();
    if start >= stop || stop > len {
        return None;
    }
    let range = if reverse {
        (len - stop)..(len - start)
    } else {
        start..stop
    };
    s.get(range).map(str::to_owned)
}

fn is_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// `isValidHostLabel`: an RFC 1123 label (or dot-joined labels when
/// `allow_sub_domains`).
fn is_valid_host_label(s: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        s.split('.').all(is_host_label)
    } else {
        is_host_label(s)
    }
}

/// `uriEncode`: RFC 3986 percent-encoding of everything but unreserved
/// characters, with uppercase hex digits.
fn uri_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// `parseURL`: http(s) URLs without a query; yields the `URL` structure
/// (`scheme`, `authority`, `path`, `normalizedPath`, `isIp`).
fn parse_url(input: &str) -> Option<Value> {
    let (scheme, rest) = input.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    // A fragment is never sent; a query makes the URL unusable as an endpoint.
    let rest = rest.split('#').next().unwrap_or_default();
    if rest.contains('?') {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inner, after) = bracketed.split_once(']')?;
        inner.parse::<Ipv6Addr>().ok()?;
        let port = if after.is_empty() {
            None
        } else {
            Some(after.strip_prefix(':')?)
        };
        (authority.get(..inner.len() + 2)?, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let bad_port = |port: &str| {
        port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u16>().is_err()
    };
    if port.is_some_and(bad_port) {
        return None;
    }
    let is_ip = host.starts_with('[') || host.parse::<Ipv4Addr>().is_ok();
    let host_ok = is_ip
        || (!host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=".contains(&b)));
    if !host_ok {
        return None;
    }
    let mut normalized = String::from(path);
    if !normalized.starts_with('/') {
        normalized.insert(0, '/');
    }
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    let mut url = BTreeMap::new();
    url.insert("scheme".to_owned(), Value::String(scheme));
    url.insert("authority".to_owned(), Value::from(authority));
    url.insert("path".to_owned(), Value::from(path));
    url.insert("normalizedPath".to_owned(), Value::String(normalized));
    url.insert("isIp".to_owned(), Value::Bool(is_ip));
    Some(Value::Object(url))
}

/// `split` (rules engine 1.1): splits on a literal, non-empty delimiter; a
/// positive `limit` caps the number of parts, zero or less means no cap.
fn split(s: &str, delimiter: &str, limit: i64) -> Option<Value> {
    if delimiter.is_empty() {
        return None;
    }
    let parts: Vec<Value> = match usize::try_from(limit) {
        Ok(n) if n > 0 => s.splitn(n, delimiter).map(Value::from).collect(),
        _ => s.split(delimiter).map(Value::from).collect(),
    };
    Some(Value::Array(parts))
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, the
/// resource split on `:` and `/` into `resourceId`.
fn parse_arn(s: &str) -> Option<Value> {
    let mut parts = s.splitn(6, ':');
    let (arn, partition, service) = (parts.next()?, parts.next()?, parts.next()?);
    let (region, account, resource) = (parts.next()?, parts.next()?, parts.next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).map(Value::from).collect();
    let mut out = BTreeMap::new();
    out.insert("partition".to_owned(), Value::from(partition));
    out.insert("service".to_owned(), Value::from(service));
    out.insert("region".to_owned(), Value::from(region));
    out.insert("accountId".to_owned(), Value::from(account));
    out.insert("resourceId".to_owned(), Value::Array(resource_id));
    Some(Value::Object(out))
}

/// `aws.isVirtualHostableS3Bucket`: a bucket name usable as a DNS label
/// (3–63 lowercase letters, digits, `-`, and `.` only when sub-domains are
/// allowed; no IP-address look-alikes, no `..`, `.-` or `-.`).
fn is_virtual_hostable_s3_bucket(s: &str, allow_sub_domains: bool) -> bool {
    let bytes = s.as_bytes();
    let edge_ok = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    (3..=63).contains(&bytes.len())
        && edge_ok(bytes.first())
        && edge_ok(bytes.last())
        && bytes.iter().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || *b == b'-'
                || (allow_sub_domains && *b == b'.')
        })
        && !s.contains("..")
        && !s.contains(".-")
        && !s.contains("-.")
        && !looks_like_ipv4(s)
        && is_valid_host_label(s, allow_sub_domains)
}

/// Four dot-separated runs of digits (S3 rejects such bucket names for
/// virtual hosting even when they are not valid addresses).
fn looks_like_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

// ---------------------------------------------------------------------------
// AWS partitions
// ---------------------------------------------------------------------------

/// An AWS partition: a group of regions sharing DNS suffixes and feature
/// support, as returned by `aws.partition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// Partition id, e.g. `aws-cn`.
    pub id: &'static str,
    /// Pattern for region names in this partition (a small regex dialect:
    /// `^`, literals, `\-`, `(a|b)`, `\w+`, `\d+`, `$`).
    pub region_regex: &'static str,
    /// Regions known by name, including the partition's global pseudo-region.
    pub regions: &'static [&'static str],
    /// Default DNS suffix.
    pub dns_suffix: &'static str,
    /// DNS suffix of dual-stack (IPv4 + IPv6) endpoints.
    pub dual_stack_dns_suffix: &'static str,
    /// Whether FIPS endpoints exist in this partition.
    pub supports_fips: bool,
    /// Whether dual-stack endpoints exist in this partition.
    pub supports_dual_stack: bool,
    /// Region that global endpoints are served from.
    pub implicit_global_region: &'static str,
}

impl Partition {
    /// The `Partition` structure as the rules language sees it.
    fn to_value(self) -> Value {
        let mut out = BTreeMap::new();
        out.insert("name".to_owned(), Value::from(self.id));
        out.insert("dnsSuffix".to_owned(), Value::from(self.dns_suffix));
        out.insert(
            "dualStackDnsSuffix".to_owned(),
            Value::from(self.dual_stack_dns_suffix),
        );
        out.insert("supportsFIPS".to_owned(), Value::Bool(self.supports_fips));
        out.insert(
            "supportsDualStack".to_owned(),
            Value::Bool(self.supports_dual_stack),
        );
        out.insert(
            "implicitGlobalRegion".to_owned(),
            Value::from(self.implicit_global_region),
        );
        Value::Object(out)
    }
}

/// The partition table. Order matters only for regex matching, where the
/// patterns are disjoint anyway; `aws` comes first because it is the fallback.
pub const PARTITIONS: &[Partition] = &[
    Partition {
        id: "aws",
        region_regex: r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
    },
    Partition {
        id: "aws-cn",
        region_regex: r"^cn\-\w+\-\d+$",
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
    },
    Partition {
        id: "aws-us-gov",
        region_regex: r"^us\-gov\-\w+\-\d+$",
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
    },
    Partition {
        id: "aws-iso",
        region_regex: r"^us\-iso\-\w+\-\d+$",
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "c2s.ic.gov",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "us-iso-east-1",
    },
    Partition {
        id: "aws-iso-b",
        region_regex: r"^us\-isob\-\w+\-\d+$",
        regions: &["aws-iso-b-global", "us-isob-east-1"],
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "sc2s.sgov.gov",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "us-isob-east-1",
    },
    Partition {
        id: "aws-iso-e",
        region_regex: r"^eu\-isoe\-\w+\-\d+$",
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "cloud.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "eu-isoe-west-1",
    },
    Partition {
        id: "aws-iso-f",
        region_regex: r"^us\-isof\-\w+\-\d+$",
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "csp.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "us-isof-south-1",
    },
    Partition {
        id: "aws-eusc",
        region_regex: r"^eusc\-(de)\-\w+\-\d+$",
        regions: &["eusc-de-east-1"],
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "amazonaws.eu",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "eusc-de-east-1",
    },
];

/// The partition a region belongs to: an explicitly listed region first, then
/// the first `regionRegex` that matches, else `aws` (as the spec requires for
/// unknown regions).
pub fn partition(region: &str) -> &'static Partition {
    PARTITIONS
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| {
            PARTITIONS
                .iter()
                .find(|p| regex_lite_matches(p.region_regex, region) == Some(true))
        })
        .unwrap_or(&PARTITIONS[0])
}

/// A token of the tiny regex dialect used by `regionRegex`.
#[derive(Debug, Clone, PartialEq)]
enum RegexToken {
    Lit(char),
    /// `(a|b|c)`: literal alternatives.
    Alt(Vec<Vec<char>>),
    /// `\w` or `\d`, with `+` when `repeat` is true.
    Class {
        digit: bool,
        repeat: bool,
    },
}

/// Parses the regex dialect; `None` for anything outside it.
fn regex_lite_parse(pattern: &str) -> Option<Vec<RegexToken>> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let chars: Vec<char> = body.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\\' => {
                let escaped = *chars.get(i)?;
                i += 1;
                match escaped {
                    'w' | 'd' => {
                        let repeat = chars.get(i) == Some(&'+');
                        if repeat {
                            i += 1;
                        }
                        tokens.push(RegexToken::Class {
                            digit: escaped == 'd',
                            repeat,
                        });
                    }
                    c if c.is_ascii_punctuation() => tokens.push(RegexToken::Lit(c)),
                    _ => return None,
                }
            }
            '(' => {
                let mut alts = vec![Vec::new()];
                loop {
                    let c = *chars.get(i)?;
                    i += 1;
                    match c {
                        ')' => break,
                        '|' => alts.push(Vec::new()),
                        '\\' => {
                            let escaped = *chars.get(i)?;
                            i += 1;
                            if !escaped.is_ascii_punctuation() {
                                return None;
                            }
                            alts.last_mut()?.push(escaped);
                        }
                        c if c.is_alphanumeric() || c == '-' => alts.last_mut()?.push(c),
                        _ => return None,
                    }
                }
                tokens.push(RegexToken::Alt(alts));
            }
            c if c.is_alphanumeric() || c == '-' || c == '_' => tokens.push(RegexToken::Lit(c)),
            _ => return None,
        }
    }
    Some(tokens)
}

fn regex_lite_match_tokens(tokens: &[RegexToken], s: &[char]) -> bool {
    let Some((token, rest)) = tokens.split_first() else {
        return s.is_empty();
    };
    match token {
        RegexToken::Lit(c) => match s.split_first() {
            Some((first, tail)) => first == c && regex_lite_match_tokens(rest, tail),
            None => false,
        },
        RegexToken::Alt(alts) => alts.iter().any(|alt| {
            s.starts_with(alt)
                && s.get(alt.len()..)
                    .is_some_and(|tail| regex_lite_match_tokens(rest, tail))
        }),
        RegexToken::Class { digit, repeat } => {
            let in_class = |c: &char| {
                if *digit {
                    c.is_ascii_digit()
                } else {
                    c.is_alphanumeric() || *c == '_'
                }
            };
            let max = if *repeat { s.len() } else { s.len().min(1) };
            (1..=max)
                .take_while(|&n| s.get(n - 1).is_some_and(in_class))
                .any(|n| {
                    s.get(n..)
                        .is_some_and(|tail| regex_lite_match_tokens(rest, tail))
                })
        }
    }
}

/// Whether `s` matches `pattern`; `None` if the pattern is outside the dialect.
fn regex_lite_matches(pattern: &str, s: &str) -> Option<bool> {
    let tokens = regex_lite_parse(pattern)?;
    let chars: Vec<char> = s.chars().collect();
    Some(regex_lite_match_tokens(&tokens, &chars))
}

// ---------------------------------------------------------------------------
// Standard regional scheme (models without a rule set)
// ---------------------------------------------------------------------------

/// Service-specific shape of the standard AWS regional endpoint scheme.
///
/// Most services follow `https://{prefix}.{region}.{dnsSuffix}` with the FIPS
/// variant `https://{prefix}-fips.{region}.{dnsSuffix}`, but some use a
/// different FIPS host in some partitions (`api.sagemaker` uses
/// `api-fips.sagemaker.{region}.{dnsSuffix}` in `aws` and `aws-us-gov`);
/// `fips_hostname_overrides` expresses that.
#[derive(Debug, Clone, Copy, Default)]
pub struct StandardScheme<'a> {
    /// The endpoint prefix, e.g. `api.sagemaker`.
    pub endpoint_prefix: &'a str,
    /// `(partition id, hostname template)` pairs replacing the FIPS
    /// (non-dual-stack) host in that partition. Templates may use `{region}`
    /// and `{dnsSuffix}`, like botocore's `endpoints.json` variants, e.g.
    /// `("aws", "api-fips.sagemaker.{region}.{dnsSuffix}")`.
    pub fips_hostname_overrides: &'a [(&'a str, &'a str)],
}

/// Resolves with the standard AWS regional scheme for `endpoint_prefix`, with
/// the same behaviour and error texts as the standard generated rule sets:
/// custom endpoint first (incompatible with FIPS / dual-stack), then the
/// FIPS / dual-stack variants of `https://{prefix}.{region}.{dnsSuffix}`.
pub fn resolve_standard(endpoint_prefix: &str, params: &Params) -> Result<Endpoint, EndpointError> {
    resolve_standard_scheme(
        &StandardScheme {
            endpoint_prefix,
            fips_hostname_overrides: &[],
        },
        params,
    )
}

/// [`resolve_standard`] with service-specific variations (see [`StandardScheme`]).
pub fn resolve_standard_scheme(
    scheme: &StandardScheme<'_>,
    params: &Params,
) -> Result<Endpoint, EndpointError> {
    let prefix = scheme.endpoint_prefix;
    if let Some(endpoint) = &params.endpoint {
        if params.use_fips {
            return err("Invalid Configuration: FIPS and custom endpoint are not supported");
        }
        if params.use_dual_stack {
            return err("Invalid Configuration: Dualstack and custom endpoint are not supported");
        }
        return Ok(Endpoint::new(endpoint.clone()));
    }
    let Some(region) = &params.region else {
        return err("Invalid Configuration: Missing Region");
    };
    let p = partition(region);
    let url = match (params.use_fips, params.use_dual_stack) {
        (true, true) => {
            if !(p.supports_fips && p.supports_dual_stack) {
                return err(
                    "FIPS and DualStack are enabled, but this partition does not support one or both",
                );
            }
            format!("https://{prefix}-fips.{region}.{}", p.dual_stack_dns_suffix)
        }
        (true, false) => {
            if !p.supports_fips {
                return err("FIPS is enabled but this partition does not support FIPS");
            }
            match scheme
                .fips_hostname_overrides
                .iter()
                .find(|(id, _)| *id == p.id)
            {
                Some((_, host)) => format!(
                    "https://{}",
                    expand_placeholders(host, &[("region", region), ("dnsSuffix", p.dns_suffix)])
                ),
                None => format!("https://{prefix}-fips.{region}.{}", p.dns_suffix),
            }
        }
        (false, true) => {
            if !p.supports_dual_stack {
                return err("DualStack is enabled but this partition does not support DualStack");
            }
            format!("https://{prefix}.{region}.{}", p.dual_stack_dns_suffix)
        }
        (false, false) => format!("https://{prefix}.{region}.{}", p.dns_suffix),
    };
    Ok(Endpoint::new(url))
}

/// Single-pass `{name}` substitution (so substituted text is never rescanned);
/// unknown names are kept literally.
fn expand_placeholders(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let replaced = after.find('}').and_then(|close| {
            let name = after.get(1..close)?;
            let value = values.iter().find(|(n, _)| *n == name)?.1;
            Some((value, close))
        });
        match replaced {
            Some((value, close)) => {
                out.push_str(value);
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Evaluates one function call from its JSON form with no variables bound.
    fn call_json(json: Json) -> Result<Option<Value>, EndpointError> {
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

    fn s(v: &str) -> Option<Value> {
        Some(Value::from(v))
    }

    fn b(v: bool) -> Option<Value> {
        Some(Value::Bool(v))
    }

    /// A one-parameter rule set with the given rules, for behaviour tests.
    fn rule_set(params: Json, rules: Json) -> RuleSet {
        let doc = serde_json::json!({"version": "1.0", "parameters": params, "rules": rules});
        RuleSet::from_value(&doc).expect("test rule set parses")
    }

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
        let eq =
            |f: &str, a: Json, b: Json| call_json(serde_json::json!({"fn": f, "argv": [a, b]}));
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
    fn substring_function() {
        assert_eq!(substring("abcdef", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 4, true).as_deref(), Some("cdef"));
        assert_eq!(substring("abcdef", 2, 6, false).as_deref(), Some("cdef"));
        assert_eq!(substring("abcdef", 0, 7, false), None);
        assert_eq!(substring("abcdef", 3, 3, false), None);
        assert_eq!(substring("abcdef", -1, 3, false), None);
        assert_eq!(substring("abcdéf", 0, 2, false), None);
        let got = call_json(serde_json::json!({"fn": "substring", "argv": ["hello", 1, 3, false]}));
        assert_eq!(got.unwrap(), s("el"));
    }

    #[test]
    fn host_label_functions() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("a_b", false));

        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
        assert!(!is_virtual_hostable_s3_bucket("a.-b", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
    }

    fn url_part(url: &Option<Value>, key: &str) -> Option<Value> {
        url.as_ref()
            .and_then(|u| get_attr(u, &[PathSeg::Key(key.to_owned())]).cloned())
    }

    #[test]
    fn parse_url_function() {
        let u = parse_url("https://example.com");
        assert_eq!(url_part(&u, "scheme"), s("https"));
        assert_eq!(url_part(&u, "authority"), s("example.com"));
        assert_eq!(url_part(&u, "path"), s(""));
        assert_eq!(url_part(&u, "normalizedPath"), s("/"));
        assert_eq!(url_part(&u, "isIp"), b(false));

        let u = parse_url("http://example.com:80/foo/bar");
        assert_eq!(url_part(&u, "authority"), s("example.com:80"));
        assert_eq!(url_part(&u, "path"), s("/foo/bar"));
        assert_eq!(url_part(&u, "normalizedPath"), s("/foo/bar/"));

        assert_eq!(url_part(&parse_url("https://127.0.0.1"), "isIp"), b(true));
        let v6 = parse_url("https://[fe80::1]:8443/x/");
        assert_eq!(url_part(&v6, "isIp"), b(true));
        assert_eq!(url_part(&v6, "authority"), s("[fe80::1]:8443"));
        assert_eq!(url_part(&v6, "normalizedPath"), s("/x/"));

        assert_eq!(parse_url("https://example.com:8443?foo=bar&faz=baz"), None);
        assert_eq!(parse_url("ftp://example.com"), None);
        assert_eq!(parse_url("example.com"), None);
        assert_eq!(parse_url("https://"), None);
        assert_eq!(parse_url("https://a.com:port"), None);
        assert_eq!(parse_url("https://[zz]"), None);
        assert_eq!(parse_url("https://a b.com"), None);
    }

    #[test]
    fn uri_encode_function() {
        assert_eq!(uri_encode("abc-_.~XYZ09"), "abc-_.~XYZ09");
        assert_eq!(uri_encode("a b/c?d=e"), "a%20b%2Fc%3Fd%3De");
        assert_eq!(uri_encode("é"), "%C3%A9");
        assert_eq!(uri_encode("{}|"), "%7B%7D%7C");
    }

    #[test]
    fn partition_function() {
        let name = |r: &str| partition(r).id;
        assert_eq!(name("us-east-1"), "aws");
        assert_eq!(name("aws-global"), "aws");
        assert_eq!(name("eu-west-9"), "aws"); // by regex
        assert_eq!(name("cn-north-1"), "aws-cn");
        assert_eq!(name("aws-cn-global"), "aws-cn");
        assert_eq!(name("us-gov-west-1"), "aws-us-gov");
        assert_eq!(name("us-gov-central-7"), "aws-us-gov"); // by regex
        assert_eq!(name("aws-us-gov-global"), "aws-us-gov");
        assert_eq!(name("us-iso-east-1"), "aws-iso");
        assert_eq!(name("aws-iso-global"), "aws-iso");
        assert_eq!(name("us-isob-east-1"), "aws-iso-b");
        assert_eq!(name("aws-iso-b-global"), "aws-iso-b");
        assert_eq!(name("eu-isoe-west-1"), "aws-iso-e");
        assert_eq!(name("us-isof-south-1"), "aws-iso-f");
        assert_eq!(name("eusc-de-east-1"), "aws-eusc");
        assert_eq!(name("eusc-de-north-2"), "aws-eusc"); // by regex
        assert_eq!(name("mars-central-1"), "aws"); // unknown: fallback
        assert_eq!(name(""), "aws");
        let p = partition("cn-north-1").to_value();
        let attr = |k: &str| get_attr(&p, &[PathSeg::Key(k.to_owned())]).cloned();
        assert_eq!(attr("dnsSuffix"), s("amazonaws.com.cn"));
        assert_eq!(
            attr("dualStackDnsSuffix"),
            s("api.amazonwebservices.com.cn")
        );
        assert_eq!(attr("supportsFIPS"), b(true));
        assert_eq!(attr("implicitGlobalRegion"), s("cn-northwest-1"));
        assert!(!partition("us-iso-east-1").supports_dual_stack);
    }

    #[test]
    fn partition_regexes_parse_and_match() {
        for p in PARTITIONS {
            assert!(
                regex_lite_parse(p.region_regex).is_some(),
                "{}",
                p.region_regex
            );
        }
        let aws = PARTITIONS[0].region_regex;
        assert_eq!(regex_lite_matches(aws, "us-east-1"), Some(true));
        assert_eq!(regex_lite_matches(aws, "us-gov-west-1"), Some(false));
        assert_eq!(regex_lite_matches(aws, "us-east-"), Some(false));
        assert_eq!(regex_lite_matches(aws, "us-east-1a"), Some(false));
        assert_eq!(regex_lite_matches(aws, "xx-east-1"), Some(false));
        assert_eq!(regex_lite_matches(r"^a\w$", "ab"), Some(true));
        assert_eq!(regex_lite_matches("^a.*$", "ab"), None);
    }

    #[test]
    fn parse_arn_function() {
        let arn = |s: &str, key: &str| {
            parse_arn(s).and_then(|v| get_attr(&v, &parse_path(key).unwrap()).cloned())
        };
        let sns = "arn:aws:sns:us-west-2:012345678910:example-sns-topic-name";
        assert_eq!(arn(sns, "partition"), s("aws"));
        assert_eq!(arn(sns, "service"), s("sns"));
        assert_eq!(arn(sns, "region"), s("us-west-2"));
        assert_eq!(arn(sns, "accountId"), s("012345678910"));
        assert_eq!(arn(sns, "resourceId[0]"), s("example-sns-topic-name"));
        let iam = "arn:aws:iam::012345678910:user/johndoe";
        assert_eq!(arn(iam, "region"), s(""));
        assert_eq!(
            arn(iam, "resourceId"),
            Some(Value::from(vec!["user", "johndoe"]))
        );
        assert_eq!(
            arn("arn:aws:s3:::bucket_name", "resourceId[0]"),
            s("bucket_name")
        );
        assert_eq!(
            arn("arn:aws:s3:::a:b/c", "resourceId"),
            Some(Value::from(vec!["a", "b", "c"]))
        );
        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
        assert_eq!(parse_arn("arn:aws:s3:us-east-1:123"), None);
        assert_eq!(parse_arn("arn::s3:::bucket"), None);
        assert_eq!(parse_arn("arn:aws:s3:::"), None);
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

    #[test]
    fn standard_scheme_basics() {
        let p = |region: &str, fips: bool, dual: bool| Params {
            region: Some(region.into()),
            use_fips: fips,
            use_dual_stack: dual,
            ..Params::default()
        };
        let url = |params: &Params| resolve_standard("kms", params).map(|e| e.url);
        assert_eq!(
            url(&p("us-east-1", false, false)).unwrap(),
            "https://kms.us-east-1.amazonaws.com"
        );
        assert_eq!(
            url(&p("us-east-1", true, true)).unwrap(),
            "https://kms-fips.us-east-1.api.aws"
        );
        assert_eq!(
            url(&p("cn-north-1", false, true)).unwrap(),
            "https://kms.cn-north-1.api.amazonwebservices.com.cn"
        );
        assert_eq!(
            url(&p("us-iso-east-1", false, true)).unwrap_err().message(),
            "DualStack is enabled but this partition does not support DualStack"
        );
        assert_eq!(
            url(&Params::default()).unwrap_err().message(),
            "Invalid Configuration: Missing Region"
        );
        let custom = Params {
            endpoint: Some("https://example.com".into()),
            use_fips: true,
            ..Params::default()
        };
        assert_eq!(
            url(&custom).unwrap_err().message(),
            "Invalid Configuration: FIPS and custom endpoint are not supported"
        );
        assert_eq!(
            expand_placeholders(
                "a-{region}.{dnsSuffix}.{other}",
                &[("region", "{dnsSuffix}"), ("dnsSuffix", "d")]
            ),
            "a-{dnsSuffix}.d.{other}"
        );
    }

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

    // ---- reference test suites ------------------------------------------

    /// Where the shared reference files live: `$ENDPOINT_REFERENCE_DIR`, else
    /// `../../shared/reference` from the including crate (`/work/main/generated`).
    fn reference_dir() -> PathBuf {
        match std::env::var_os("ENDPOINT_REFERENCE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../shared/reference"
            )),
        }
    }

    fn read_json(path: &std::path::Path) -> Option<Json> {
        let text = std::fs::read_to_string(path).ok()?;
        Some(serde_json::from_str(&text).expect("reference file is valid JSON"))
    }

    /// Test-case `params` as [`Params`]: the four built-ins go to typed fields,
    /// everything else to `extra`. Names the rule set does not declare are
    /// returned so the caller can report them.
    fn case_params(case: &Json, declared: &[&str]) -> (Params, Vec<String>) {
        let mut params = Params::default();
        let mut unsupported = Vec::new();
        let Some(Json::Object(map)) = case.get("params") else {
            return (params, unsupported);
        };
        for (name, value) in map {
            match (name.as_str(), value) {
                ("Region", Json::String(v)) => params.region = Some(v.clone()),
                ("Endpoint", Json::String(v)) => params.endpoint = Some(v.clone()),
                ("UseFIPS", Json::Bool(v)) => params.use_fips = *v,
                ("UseDualStack", Json::Bool(v)) => params.use_dual_stack = *v,
                _ => {
                    if !declared.contains(&name.as_str()) {
                        unsupported.push(name.clone());
                    }
                    if let Ok(Some(v)) = Value::from_json(value) {
                        params.extra.insert(name.clone(), v);
                    }
                }
            }
        }
        (params, unsupported)
    }

    /// Checks one outcome against a test case's `expect`; `Err` describes the miss.
    fn check_case(case: &Json, got: &Result<Endpoint, EndpointError>) -> Result<(), String> {
        let expect = case.get("expect").cloned().unwrap_or(Json::Null);
        if let Some(Json::String(message)) = expect.get("error") {
            return match got {
                Err(e) if e.message() == message => Ok(()),
                other => Err(format!("expected error {message:?}, got {other:?}")),
            };
        }
        let Some(want) = expect.get("endpoint") else {
            return Err("test case has neither `endpoint` nor `error`".into());
        };
        let ep = got
            .as_ref()
            .map_err(|e| format!("expected endpoint, got error {:?}", e.message()))?;
        if want.get("url").and_then(Json::as_str) != Some(ep.url.as_str()) {
            return Err(format!("expected url {}, got {}", want["url"], ep.url));
        }
        let props = want.get("properties");
        if let Some(props) = props.filter(|p| *p != &Json::Object(ep.properties.clone())) {
            return Err(format!(
                "expected properties {props}, got {:?}",
                ep.properties
            ));
        }
        if let Some(Json::Object(headers)) = want.get("headers") {
            let ours: serde_json::Map<String, Json> = ep
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), Json::from(v.clone())))
                .collect();
            if headers != &ours {
                return Err(format!("expected headers {headers:?}, got {ours:?}"));
            }
        }
        Ok(())
    }

    struct Outcome {
        passed: usize,
        failures: Vec<String>,
        unsupported: BTreeMap<String, usize>,
    }

    fn run_cases(
        cases: &[Json],
        declared: &[&str],
        resolve: impl Fn(&Params) -> Result<Endpoint, EndpointError>,
    ) -> Outcome {
        let mut outcome = Outcome {
            passed: 0,
            failures: Vec::new(),
            unsupported: BTreeMap::new(),
        };
        for (i, case) in cases.iter().enumerate() {
            let (params, unsupported) = case_params(case, declared);
            for name in unsupported {
                *outcome.unsupported.entry(name).or_default() += 1;
            }
            match check_case(case, &resolve(&params)) {
                Ok(()) => outcome.passed += 1,
                Err(why) => {
                    let doc = case
                        .get("documentation")
                        .and_then(Json::as_str)
                        .unwrap_or("");
                    outcome.failures.push(format!("#{i} {doc}: {why}"));
                }
            }
        }
        outcome
    }

    fn report(label: &str, outcome: &Outcome) {
        println!(
            "{label}: {} passed, {} failed",
            outcome.passed,
            outcome.failures.len()
        );
        for f in &outcome.failures {
            println!("  FAIL {f}");
        }
        for (name, count) in &outcome.unsupported {
            println!(
                "  unsupported parameter `{name}` in {count} case(s): not declared by the rule set"
            );
        }
    }

    /// Loads the botocore SageMaker rule set and its test cases, or `None`
    /// (after saying so) when the shared reference files are absent.
    fn sagemaker_reference() -> Option<(RuleSet, Vec<Json>)> {
        let dir = reference_dir();
        let rules = read_json(&dir.join("sagemaker-endpoint-rule-set.botocore.json"));
        let tests = read_json(&dir.join("sagemaker-endpoint-tests.botocore.json"));
        let (Some(rules), Some(tests)) = (rules, tests) else {
            println!(
                "skipping: ../shared not found ({} has no SageMaker endpoint files)",
                dir.display()
            );
            return None;
        };
        let rule_set = RuleSet::from_value(&rules).expect("SageMaker rule set parses");
        let cases = tests["testCases"].as_array().cloned().unwrap_or_default();
        Some((rule_set, cases))
    }

    #[test]
    fn sagemaker_reference_cases() {
        let Some((rule_set, cases)) = sagemaker_reference() else {
            return;
        };
        let declared: Vec<&str> = rule_set
            .parameters()
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        let outcome = run_cases(&cases, &declared, |p| rule_set.resolve(p));
        println!(
            "endpoint cases: {} passed, {} failed",
            outcome.passed,
            outcome.failures.len()
        );
        report("sagemaker (botocore rule set)", &outcome);
        assert_eq!(cases.len(), 47, "expected the 47 SageMaker cases");
        assert!(outcome.failures.is_empty(), "{:#?}", outcome.failures);
        assert!(outcome.unsupported.is_empty());
    }

    /// The rule set's only deviation from the standard scheme: FIPS hosts in
    /// `aws` and `aws-us-gov` are `api-fips.sagemaker.{region}.amazonaws.com`.
    const SAGEMAKER_FIPS: &[(&str, &str)] = &[
        ("aws", "api-fips.sagemaker.{region}.{dnsSuffix}"),
        ("aws-us-gov", "api-fips.sagemaker.{region}.{dnsSuffix}"),
    ];

    #[test]
    fn sagemaker_reference_cases_standard_scheme() {
        let Some((_, cases)) = sagemaker_reference() else {
            return;
        };
        let declared = ["Region", "UseFIPS", "UseDualStack", "Endpoint"];
        let plain = run_cases(&cases, &declared, |p| resolve_standard("api.sagemaker", p));
        println!(
            "endpoint cases (resolve_standard): {} passed, {} failed",
            plain.passed,
            plain.failures.len()
        );
        report("sagemaker via resolve_standard(\"api.sagemaker\")", &plain);
        // Every miss is a FIPS-only case in `aws` / `aws-us-gov`, where the
        // SageMaker rule set uses `api-fips.sagemaker.…` instead of the
        // standard `api.sagemaker-fips.…`.
        for f in &plain.failures {
            assert!(
                f.contains("https://api-fips.sagemaker."),
                "unexpected miss: {f}"
            );
        }
        assert_eq!(plain.passed, 41);
        assert_eq!(plain.failures.len(), 6);

        let scheme = StandardScheme {
            endpoint_prefix: "api.sagemaker",
            fips_hostname_overrides: SAGEMAKER_FIPS,
        };
        let tuned = run_cases(&cases, &declared, |p| resolve_standard_scheme(&scheme, p));
        report(
            "sagemaker via resolve_standard_scheme(+FIPS overrides)",
            &tuned,
        );
        assert!(tuned.failures.is_empty(), "{:#?}", tuned.failures);
    }

    #[test]
    fn smithy_model_reference_cases() {
        let dir = reference_dir().join("models");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!(
                "skipping: ../shared not found ({} is missing)",
                dir.display()
            );
            return;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".smithy.json"))
            .collect();
        paths.sort();
        let mut total_failed = 0;
        for path in paths {
            let model = read_json(&path).expect("model readable");
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let shapes = model["shapes"].as_object().cloned().unwrap_or_default();
            for (shape_id, shape) in shapes {
                if shape["type"] != "service" {
                    continue;
                }
                let traits = &shape["traits"];
                let Some(rules) = traits.get("smithy.rules#endpointRuleSet") else {
                    println!("{name} {shape_id}: no endpoint rule set");
                    continue;
                };
                let rule_set = match RuleSet::from_value(rules) {
                    Ok(rs) => rs,
                    Err(e) => {
                        println!("{name} {shape_id}: rule set rejected: {e}");
                        total_failed += 1;
                        continue;
                    }
                };
                let cases = traits["smithy.rules#endpointTests"]["testCases"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let declared: Vec<&str> = rule_set
                    .parameters()
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect();
                let outcome = run_cases(&cases, &declared, |p| rule_set.resolve(p));
                total_failed += outcome.failures.len();
                report(
                    &format!(
                        "{name} ({} params: {})",
                        declared.len(),
                        declared.join(", ")
                    ),
                    &outcome,
                );
            }
        }
        assert_eq!(total_failed, 0);
    }
}
