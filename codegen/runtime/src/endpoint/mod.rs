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
//!
//! The engine is one file per stage, each re-exported here so that every public item keeps its
//! path `endpoint::X`: the public types and [`RuleSet`]'s entry points are here; `parse` holds the
//! rule set's syntax tree, its parser and the static scope check; `eval` the evaluator; `functions`
//! the standard library functions; `partitions` the AWS partition table and its `regionRegex`
//! dialect; and `standard` the regional scheme of models without a rule set.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value as Json;

mod eval;
mod functions;
mod parse;
mod partitions;
mod standard;
#[cfg(test)]
mod tests;

use eval::{Scope, eval_rules, exhausted};
use parse::{Rule, check_rules, parse_parameter, parse_rules};

/// RFC 3986 percent-encoding of all but unreserved characters (the rules' `uriEncode`), which
/// SigV4 signing uses too.
#[cfg(feature = "client")]
pub(crate) use functions::uri_encode;
pub use partitions::{PARTITIONS, Partition, partition};
pub use standard::{StandardScheme, resolve_standard, resolve_standard_scheme};

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

fn err<T>(message: impl Into<String>) -> Result<T, EndpointError> {
    Err(EndpointError::new(message))
}

fn invalid<T>(what: &str) -> Result<T, EndpointError> {
    err(format!("invalid endpoint rule set: {what}"))
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
