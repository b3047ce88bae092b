//! Typed views of the traits the generator acts on. The raw map keeps every trait; these accessors
//! read the ones that matter and say precisely what is wrong with a malformed value.

use serde_json::{Number, Value};

use crate::model::Traits;

pub const DOCUMENTATION: &str = "smithy.api#documentation";
pub const REQUIRED: &str = "smithy.api#required";
pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
pub const DEFAULT: &str = "smithy.api#default";
pub const LENGTH: &str = "smithy.api#length";
pub const RANGE: &str = "smithy.api#range";
pub const PATTERN: &str = "smithy.api#pattern";
pub const ENUM_VALUE: &str = "smithy.api#enumValue";
pub const ENUM: &str = "smithy.api#enum";
pub const ERROR: &str = "smithy.api#error";
pub const HTTP_ERROR: &str = "smithy.api#httpError";
pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
pub const SENSITIVE: &str = "smithy.api#sensitive";
pub const DEPRECATED: &str = "smithy.api#deprecated";
pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
pub const JSON_NAME: &str = "smithy.api#jsonName";
pub const SPARSE: &str = "smithy.api#sparse";
pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
pub const INPUT: &str = "smithy.api#input";
pub const OUTPUT: &str = "smithy.api#output";
pub const STREAMING: &str = "smithy.api#streaming";
pub const TITLE: &str = "smithy.api#title";
pub const BOX: &str = "smithy.api#box";
pub const AWS_SERVICE: &str = "aws.api#service";
pub const SIGV4: &str = "aws.auth#sigv4";
pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
/// An event member read from a message header of its name.
pub const EVENT_HEADER: &str = "smithy.api#eventHeader";
/// The event member that is the whole message payload.
pub const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
/// An operation's endpoint parameters of constant value.
pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
/// An input member whose value is an endpoint parameter.
pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
/// An operation's endpoint parameters bound to paths into its input.
pub const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";
pub const ENDPOINT: &str = "smithy.api#endpoint";
pub const HOST_LABEL: &str = "smithy.api#hostLabel";
pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";

/// The trait that makes a shape a mixin (see `model::mixins`).
pub const MIXIN: &str = "smithy.api#mixin";
pub const EXTERNAL_DOCUMENTATION: &str = "smithy.api#externalDocumentation";

/// Annotation traits of the prelude: their only value is `{}`.
const ANNOTATIONS: &[&str] = &[
    REQUIRED,
    CLIENT_OPTIONAL,
    IDEMPOTENCY_TOKEN,
    SENSITIVE,
    SPARSE,
    UNIQUE_ITEMS,
    INPUT,
    OUTPUT,
    STREAMING,
    BOX,
    HOST_LABEL,
    "smithy.api#unitType",
    "smithy.api#addedDefault",
    EVENT_HEADER,
    EVENT_PAYLOAD,
    "smithy.api#idempotent",
    "smithy.api#readonly",
    "smithy.api#requiresLength",
    "smithy.api#internal",
    "smithy.api#private",
    "smithy.api#unstable",
    "smithy.api#httpChecksumRequired",
    "smithy.api#optionalAuth",
];

/// How a trait is written in reports: `@required` for the prelude, `@aws.auth#sigv4` otherwise.
pub fn display_name(id: &str) -> String {
    match id.strip_prefix("smithy.api#") {
        Some(name) => format!("`@{name}`"),
        None => format!("`@{id}`"),
    }
}

/// Every problem with the values of the traits in `traits` that the generator knows, each
/// naming the trait. Traits it does not know are kept and not judged.
pub fn value_problems(traits: &Traits) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, value) in traits {
        if let Some(problem) = value_problem(id, value) {
            problems.push(problem);
        }
    }
    // The typed views judge the traits they read; their reports are the checker's too.
    let typed = [
        traits.length().err(),
        traits.range_bounds().err(),
        traits.pattern().err(),
        traits.enum_value().err(),
        traits.enum_definitions().err(),
        traits.error_fault().err(),
        traits.http_error().err(),
        traits.timestamp_format().err(),
        traits.json_name().err(),
    ];
    problems.extend(typed.into_iter().flatten());
    problems
}

/// What is wrong with `value` for the trait `id`, for the traits without a typed view.
fn value_problem(id: &str, value: &Value) -> Option<String> {
    let name = display_name(id);
    let is_empty_object = value.as_object().is_some_and(|o| o.is_empty());
    if ANNOTATIONS.contains(&id) {
        return (!is_empty_object)
            .then(|| format!("{name} is an annotation: its value must be `{{}}`, found {value}"));
    }
    // (trait, fields that must be strings when present, fields that must be present)
    let (strings, required): (&[&str], &[&str]) = match id {
        DOCUMENTATION | TITLE => {
            return (!value.is_string()).then(|| format!("{name} must be a string, found {value}"));
        }
        DEPRECATED => (&["message", "since"], &[]),
        SIGV4 => (&["name"], &["name"]),
        AWS_SERVICE => (
            &[
                "sdkId",
                "arnNamespace",
                "cloudFormationName",
                "cloudTrailEventSource",
                "endpointPrefix",
                "docId",
            ],
            &["sdkId"],
        ),
        ENDPOINT => (&["hostPrefix"], &["hostPrefix"]),
        EXTERNAL_DOCUMENTATION => (&[], &[]),
        MIXIN | REQUEST_COMPRESSION | AWS_JSON_1_0 | AWS_JSON_1_1 => (&[], &[]),
        _ => return None,
    };
    let Some(object) = value.as_object() else {
        return Some(format!("{name} must be an object, found {value}"));
    };
    for field in required {
        if !object.contains_key(*field) {
            return Some(format!("{name} needs `{field}`, found {value}"));
        }
    }
    let string_list = |v: &Value| {
        v.as_array()
            .is_some_and(|items| items.iter().all(Value::is_string))
    };
    for (field, v) in object {
        let (ok, expected) = match (id, field.as_str()) {
            (MIXIN, "localTraits") | (REQUEST_COMPRESSION, "encodings") => {
                (string_list(v), "a list of strings")
            }
            (AWS_JSON_1_0 | AWS_JSON_1_1, "http" | "eventStreamHttp") => {
                (string_list(v), "a list of strings")
            }
            (EXTERNAL_DOCUMENTATION, _) => (v.is_string(), "a string"),
            _ if strings.contains(&field.as_str()) => (v.is_string(), "a string"),
            _ => (true, ""),
        };
        if !ok {
            return Some(format!("{name} `{field}` must be {expected}, found {v}"));
        }
    }
    None
}

/// `@length` bounds, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Length {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// `@range` bounds, inclusive, as the model wrote them (they may be fractional).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Range {
    pub min: Option<Number>,
    pub max: Option<Number>,
}

/// Who is at fault for an `@error` structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    Client,
    Server,
}

/// `@timestampFormat` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// The value of an enum member: a string for `enum`, an integer for `intEnum`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumValue {
    String(String),
    Int(i64),
}

/// One entry of the Smithy 1.0 `@enum` trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDefinition {
    pub value: String,
    pub name: Option<String>,
    pub documentation: Option<String>,
    pub deprecated: bool,
}

/// Typed access to a shape's or member's traits.
pub trait TraitsExt {
    fn has(&self, id: &str) -> bool;
    fn documentation(&self) -> Option<&str>;
    fn length(&self) -> Result<Option<Length>, String>;
    fn range_bounds(&self) -> Result<Option<Range>, String>;
    fn pattern(&self) -> Result<Option<&str>, String>;
    fn enum_value(&self) -> Result<Option<EnumValue>, String>;
    fn enum_definitions(&self) -> Result<Option<Vec<EnumDefinition>>, String>;
    fn error_fault(&self) -> Result<Option<ErrorFault>, String>;
    fn http_error(&self) -> Result<Option<u16>, String>;
    fn timestamp_format(&self) -> Result<Option<TimestampFormat>, String>;
    fn json_name(&self) -> Result<Option<&str>, String>;
    fn deprecated_message(&self) -> Option<String>;
    fn default_value(&self) -> Option<&Value>;
}

impl TraitsExt for Traits {
    fn has(&self, id: &str) -> bool {
        self.contains_key(id)
    }

    fn documentation(&self) -> Option<&str> {
        self.get(DOCUMENTATION).and_then(Value::as_str)
    }

    fn length(&self) -> Result<Option<Length>, String> {
        let Some(v) = self.get(LENGTH) else {
            return Ok(None);
        };
        let bound = |key: &str| -> Result<Option<u64>, String> {
            match v.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(n) => n.as_u64().map(Some).ok_or_else(|| {
                    format!("`@length` {key} must be a non-negative integer, found {n}")
                }),
            }
        };
        if !v.is_object() {
            return Err(format!("`@length` must be an object, found {v}"));
        }
        let length = Length {
            min: bound("min")?,
            max: bound("max")?,
        };
        if let (Some(min), Some(max)) = (length.min, length.max)
            && min > max
        {
            return Err(format!("`@length` min {min} is greater than max {max}"));
        }
        Ok(Some(length))
    }

    fn range_bounds(&self) -> Result<Option<Range>, String> {
        let Some(v) = self.get(RANGE) else {
            return Ok(None);
        };
        if !v.is_object() {
            return Err(format!("`@range` must be an object, found {v}"));
        }
        let bound = |key: &str| -> Result<Option<Number>, String> {
            match v.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) => Ok(Some(n.clone())),
                Some(other) => Err(format!("`@range` {key} must be a number, found {other}")),
            }
        };
        let range = Range {
            min: bound("min")?,
            max: bound("max")?,
        };
        if let (Some(min), Some(max)) = (&range.min, &range.max)
            && min.as_f64() > max.as_f64()
        {
            return Err(format!("`@range` min {min} is greater than max {max}"));
        }
        Ok(Some(range))
    }

    fn pattern(&self) -> Result<Option<&str>, String> {
        match self.get(PATTERN) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(format!("`@pattern` must be a string, found {other}")),
        }
    }

    fn enum_value(&self) -> Result<Option<EnumValue>, String> {
        match self.get(ENUM_VALUE) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(EnumValue::String(s.clone()))),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(|i| Some(EnumValue::Int(i)))
                .ok_or_else(|| format!("`@enumValue` must be an integer or string, found {n}")),
            Some(other) => Err(format!(
                "`@enumValue` must be an integer or string, found {other}"
            )),
        }
    }

    fn enum_definitions(&self) -> Result<Option<Vec<EnumDefinition>>, String> {
        let Some(v) = self.get(ENUM) else {
            return Ok(None);
        };
        let Some(items) = v.as_array() else {
            return Err(format!("`@enum` must be a list, found {v}"));
        };
        let mut defs = Vec::with_capacity(items.len());
        for item in items {
            let Some(value) = item.get("value").and_then(Value::as_str) else {
                return Err(format!("`@enum` entry without a string `value`: {item}"));
            };
            let text = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
            defs.push(EnumDefinition {
                value: value.to_owned(),
                name: text("name"),
                documentation: text("documentation"),
                deprecated: item
                    .get("deprecated")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            });
        }
        Ok(Some(defs))
    }

    fn error_fault(&self) -> Result<Option<ErrorFault>, String> {
        match self.get(ERROR) {
            None => Ok(None),
            Some(v) => match v.as_str() {
                Some("client") => Ok(Some(ErrorFault::Client)),
                Some("server") => Ok(Some(ErrorFault::Server)),
                _ => Err(format!(
                    "`@error` must be \"client\" or \"server\", found {v}"
                )),
            },
        }
    }

    fn http_error(&self) -> Result<Option<u16>, String> {
        match self.get(HTTP_ERROR) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                // Any HTTP status: AWS models use redirects too (license-manager's 308), and AWS
                // JSON classifies errors by code, not status.
                .filter(|n| (100..1000).contains(n))
                .map(Some)
                .ok_or_else(|| format!("`@httpError` must be an HTTP status code, found {v}")),
        }
    }

    fn timestamp_format(&self) -> Result<Option<TimestampFormat>, String> {
        match self.get(TIMESTAMP_FORMAT) {
            None => Ok(None),
            Some(v) => match v.as_str() {
                Some("epoch-seconds") => Ok(Some(TimestampFormat::EpochSeconds)),
                Some("date-time") => Ok(Some(TimestampFormat::DateTime)),
                Some("http-date") => Ok(Some(TimestampFormat::HttpDate)),
                _ => Err(format!("unknown `@timestampFormat` {v}")),
            },
        }
    }

    fn json_name(&self) -> Result<Option<&str>, String> {
        match self.get(JSON_NAME) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(format!("`@jsonName` must be a string, found {other}")),
        }
    }

    fn deprecated_message(&self) -> Option<String> {
        let v = self.get(DEPRECATED)?;
        let message = v.get("message").and_then(Value::as_str);
        let since = v.get("since").and_then(Value::as_str);
        Some(match (message, since) {
            (Some(m), Some(s)) => format!("{m} (since {s})"),
            (Some(m), None) => m.to_owned(),
            (None, Some(s)) => format!("deprecated since {s}"),
            (None, None) => String::new(),
        })
    }

    fn default_value(&self) -> Option<&Value> {
        self.get(DEFAULT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn traits(v: Value) -> Traits {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn reads_constraints() {
        let t = traits(json!({
            LENGTH: {"min": 1, "max": 5},
            RANGE: {"min": 0.5},
            PATTERN: "^a$",
            ERROR: "client",
            HTTP_ERROR: 404,
            TIMESTAMP_FORMAT: "http-date",
        }));
        assert_eq!(
            t.length().unwrap(),
            Some(Length {
                min: Some(1),
                max: Some(5)
            })
        );
        assert_eq!(
            t.range_bounds().unwrap().unwrap().min.unwrap().as_f64(),
            Some(0.5)
        );
        assert_eq!(t.pattern().unwrap(), Some("^a$"));
        assert_eq!(t.error_fault().unwrap(), Some(ErrorFault::Client));
        assert_eq!(t.http_error().unwrap(), Some(404));
        assert_eq!(
            t.timestamp_format().unwrap(),
            Some(TimestampFormat::HttpDate)
        );
    }

    #[test]
    fn rejects_malformed_values_with_reasons() {
        let t = traits(json!({
            LENGTH: {"min": 5, "max": 1},
            RANGE: {"min": "x"},
            PATTERN: 3,
            ERROR: "nobody",
            HTTP_ERROR: 1000,
            TIMESTAMP_FORMAT: "iso",
            ENUM: [{"name": "A"}],
        }));
        assert!(t.length().unwrap_err().contains("greater than max"));
        assert!(t.range_bounds().unwrap_err().contains("must be a number"));
        assert!(t.pattern().is_err());
        assert!(t.error_fault().is_err());
        assert!(t.http_error().is_err());
        assert!(t.timestamp_format().is_err());
        assert!(
            t.enum_definitions()
                .unwrap_err()
                .contains("without a string `value`")
        );
    }

    #[test]
    fn reads_smithy_1_enum_trait() {
        let t = traits(
            json!({ENUM: [{"value": "a.b", "name": "A_B"}, {"value": "c", "deprecated": true}]}),
        );
        let defs = t.enum_definitions().unwrap().unwrap();
        assert_eq!(defs[0].name.as_deref(), Some("A_B"));
        assert!(defs[1].deprecated);
    }
}
