//! Reads botocore service models (`service-2.json`) into the same [`Model`] the JSON AST reader
//! gives for the equivalent Smithy model, so every later stage works on either source unchanged.
//!
//! Botocore models are generated from Smithy models and lose some information on the way; what is
//! lost cannot be recovered and is left out rather than guessed:
//! - `@pattern` text is kept exactly as botocore writes it, though botocore means it as a
//!   whole-value match: it strips the Smithy pattern's `^`/`$` and writes `.*` where the Smithy
//!   pattern was unanchored (see the tests). Read with Smithy's search semantics the kept text
//!   accepts more than the original, never less; `^(?:…)$` would restore it exactly for models
//!   generated from Smithy, but could reject valid values in hand-written ones.
//! - Enum member names are synthesized from the values (`ml.t3.medium` → `ML_T3_MEDIUM`,
//!   `InProgress` → `IN_PROGRESS`); hand-picked Smithy names (`af` → `AFRIKAANS`) are not in
//!   botocore.
//! - `@default`, `@paginated`, endpoint rules and `aws.api#service` fields beyond `sdkId`,
//!   `endpointPrefix` and `arnNamespace` are not in botocore's service model.
//! - Members targeting prelude shapes (`smithy.api#String`) target a same-named botocore shape
//!   in the service namespace instead; both are plain strings.
//! - Unions that botocore does not flag with `union: true` stay structures.
//!
//! Only the AWS JSON protocols are supported: for them the wire name of a member is its member
//! name and the request line is always `POST /`, so botocore's `locationName` and `http` carry no
//! information the generator needs.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::{Map, Value, json};

use crate::error::Errors;
use crate::model::{Member, Model, PRELUDE, Shape, ShapeType, Target, Traits};
use crate::traits;

/// Whether a JSON document looks like a botocore model (has "metadata" and "operations"/"shapes",
/// no "smithy").
pub fn is_botocore(text: &str) -> bool {
    // Only the top-level keys matter; `IgnoredAny` skips the values without building them.
    let Ok(top) = serde_json::from_str::<BTreeMap<String, IgnoredAny>>(text) else {
        return false;
    };
    top.contains_key("metadata")
        && (top.contains_key("operations") || top.contains_key("shapes"))
        && !top.contains_key("smithy")
}

/// Converts a botocore service model. `namespace` is the Smithy namespace to put shapes in
/// (e.g. "com.amazonaws.sagemaker"); by default it is derived from `metadata.serviceId` (else
/// `endpointPrefix`, else `targetPrefix`) the way AWS names its Smithy namespaces.
pub fn from_botocore(name: &str, text: &str, namespace: Option<&str>) -> Result<Model, Errors> {
    let mut errors = Errors::default();
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            errors.push(name, format!("not a botocore model: {e}"));
            return Err(errors);
        }
    };
    let Some(top) = doc.as_object() else {
        errors.push(
            name,
            "not a botocore model: the document is not a JSON object",
        );
        return Err(errors);
    };
    let empty = Map::new();
    let mut part = |key: &str, required: bool| match top.get(key) {
        Some(Value::Object(m)) => Some(m),
        None if !required => Some(&empty),
        Some(_) => {
            errors.push(
                name,
                format!("not a botocore model: `{key}` is not an object"),
            );
            None
        }
        None => {
            errors.push(name, format!("not a botocore model: no `{key}`"));
            None
        }
    };
    let (Some(metadata), Some(operations), Some(shapes)) = (
        part("metadata", true),
        part("operations", false),
        part("shapes", false),
    ) else {
        return Err(errors);
    };
    let namespace = namespace.map_or_else(|| default_namespace(metadata), str::to_owned);
    let docs = top.get("documentation").and_then(Value::as_str);
    // Unreadable as `MemberOrder` only when malformed, which the conversion reports itself.
    let order = serde_json::from_str::<MemberOrder>(text).unwrap_or_default();
    convert(metadata, operations, shapes, &namespace, docs, &order)
}

/// The member order of every botocore structure. `serde_json::Map` keeps keys sorted (unless
/// serde_json's `preserve_order` feature is on), but member order becomes field order in the
/// generated code, so it is read separately from the text.
#[derive(Debug, Default, Deserialize)]
struct MemberOrder {
    #[serde(default)]
    shapes: IndexMap<String, ShapeMembers>,
}

#[derive(Debug, Deserialize)]
struct ShapeMembers {
    #[serde(default)]
    members: IndexMap<String, IgnoredAny>,
}

/// The same from already-parsed parts (for protocol-test groups: metadata + shapes + operations).
/// Members come in the order of `shapes`' maps: sorted, unless serde_json's `preserve_order`
/// feature is on.
pub fn from_parts(
    metadata: &Value,
    operations: &Map<String, Value>,
    shapes: &Map<String, Value>,
    namespace: &str,
) -> Result<Model, Errors> {
    let Some(metadata) = metadata.as_object() else {
        let mut errors = Errors::default();
        errors.push(namespace, "botocore `metadata` is not an object");
        return Err(errors);
    };
    convert(
        metadata,
        operations,
        shapes,
        namespace,
        None,
        &MemberOrder::default(),
    )
}

/// `com.amazonaws.` + the service ID lowercased without separators: `SageMaker` → `sagemaker`,
/// `Elastic Load Balancing v2` → `elasticloadbalancingv2`, as in AWS's own Smithy models.
fn default_namespace(metadata: &Map<String, Value>) -> String {
    let base = ["serviceId", "endpointPrefix", "targetPrefix"]
        .iter()
        .filter_map(|k| metadata.get(*k).and_then(Value::as_str))
        .map(|s| {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "service".into());
    if base.starts_with(|c: char| c.is_ascii_digit()) {
        format!("com.amazonaws._{base}")
    } else {
        format!("com.amazonaws.{base}")
    }
}

/// A Smithy identifier: `(_+[A-Za-z0-9]|[A-Za-z])[A-Za-z0-9_]*`.
fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    let leading = s.len() - rest.len();
    rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || (leading > 0 && c.is_ascii_digit()))
}

/// The whole conversion: service, operations, shapes, then the `@input`/`@output` markers.
fn convert(
    metadata: &Map<String, Value>,
    operations: &Map<String, Value>,
    shapes: &Map<String, Value>,
    namespace: &str,
    docs: Option<&str>,
    order: &MemberOrder,
) -> Result<Model, Errors> {
    let mut c = Converter {
        ns: namespace,
        shapes,
        order,
        errors: Errors::default(),
        model: Model::with_prelude(),
    };
    if namespace == PRELUDE || !namespace.split('.').all(is_identifier) {
        c.errors
            .push(namespace, "not a valid Smithy namespace for the shapes");
        return Err(c.errors);
    }
    for (name, def) in shapes {
        let id = c.id(name);
        if !is_identifier(name) {
            c.errors
                .push(&id, "the botocore shape name is not a Smithy identifier");
            continue;
        }
        if let Some(shape) = c.shape(name, &id, def) {
            c.model.shapes.insert(id, shape);
        }
    }
    let mut op_ids = Vec::new();
    for (name, def) in operations {
        let id = c.id(name);
        if !is_identifier(name) {
            c.errors.push(
                &id,
                "the botocore operation name is not a Smithy identifier",
            );
            continue;
        }
        if c.model.shapes.contains_key(&id) {
            c.errors.push(
                &id,
                "is both an operation and a shape in the botocore model",
            );
            continue;
        }
        if let Some(op) = c.operation(&id, def) {
            c.model.shapes.insert(id.clone(), op);
            op_ids.push(id);
        }
    }
    c.service(metadata, op_ids, docs);
    mark_inputs_and_outputs(&mut c.model);
    c.errors.into_result(c.model)
}

struct Converter<'a> {
    ns: &'a str,
    /// The botocore shapes, to check that targets exist.
    shapes: &'a Map<String, Value>,
    order: &'a MemberOrder,
    errors: Errors,
    model: Model,
}

impl Converter<'_> {
    fn id(&self, name: &str) -> String {
        format!("{}#{name}", self.ns)
    }

    /// The service shape, named so that `X-Amz-Target` (`{service name}.{operation}`) comes out as
    /// botocore sends it: botocore's `targetPrefix` is that name.
    fn service(
        &mut self,
        metadata: &Map<String, Value>,
        operations: Vec<String>,
        docs: Option<&str>,
    ) {
        let text = |k: &str| metadata.get(k).and_then(Value::as_str);
        let name = match (text("targetPrefix"), text("serviceId")) {
            (Some(prefix), _) => prefix.to_owned(),
            (None, Some(sdk_id)) => sdk_id.split_whitespace().collect(),
            (None, None) => {
                self.errors.push(
                    self.ns,
                    "botocore metadata has neither `targetPrefix` nor `serviceId` to name the service",
                );
                return;
            }
        };
        let id = self.id(&name);
        if !is_identifier(&name) {
            self.errors.push(
                &id,
                "the service name from botocore metadata is not a Smithy identifier",
            );
            return;
        }
        if self.model.shapes.contains_key(&id) {
            self.errors
                .push(&id, "the service name is also a shape or operation name");
            return;
        }
        let mut service = Shape::empty(ShapeType::Service);
        service.version = text("apiVersion").map(str::to_owned);
        service.operations = operations
            .into_iter()
            .map(|target| Target { target })
            .collect();
        let t = &mut service.traits;
        if let Some(sdk_id) = text("serviceId") {
            let mut aws = Map::new();
            aws.insert("sdkId".into(), sdk_id.into());
            for key in ["arnNamespace", "endpointPrefix"] {
                if let Some(v) = text(key) {
                    aws.insert(key.into(), v.into());
                }
            }
            t.insert(traits::AWS_SERVICE.into(), Value::Object(aws));
        }
        let auth = metadata.get("auth").and_then(Value::as_array);
        let sigv4 = match auth {
            Some(schemes) => schemes.iter().any(|s| s == traits::SIGV4),
            None => matches!(text("signatureVersion"), Some("v4" | "s3v4")),
        };
        if sigv4 && let Some(signing) = text("signingName").or(text("endpointPrefix")) {
            t.insert(traits::SIGV4.into(), json!({ "name": signing }));
        }
        let protocol = text("protocol").or_else(|| {
            metadata
                .get("protocols")
                .and_then(Value::as_array)
                .and_then(|p| p.first())
                .and_then(Value::as_str)
        });
        match (protocol, text("jsonVersion")) {
            (Some("json"), Some("1.0")) => {
                t.insert(traits::AWS_JSON_1_0.into(), json!({}));
            }
            (Some("json"), Some("1.1")) => {
                t.insert(traits::AWS_JSON_1_1.into(), json!({}));
            }
            (Some("json"), v) => self.errors.push(
                &id,
                format!(
                    "botocore `jsonVersion` must be \"1.0\" or \"1.1\", found {}",
                    v.map_or("nothing".into(), |v| format!("{v:?}"))
                ),
            ),
            (p, _) => self.errors.push(
                &id,
                format!(
                    "unsupported protocol {} for service `{name}`: only AWS JSON (`json`) is supported",
                    p.map_or("(none given)".into(), |p| format!("`{p}`"))
                ),
            ),
        }
        if metadata.get("awsQueryCompatible").is_some() {
            t.insert("aws.protocols#awsQueryCompatible".into(), json!({}));
        }
        if let Some(title) = text("serviceFullName") {
            t.insert(traits::TITLE.into(), title.into());
        }
        if let Some(docs) = docs {
            t.insert(traits::DOCUMENTATION.into(), docs.into());
        }
        self.model.shapes.insert(id, service);
    }

    /// One operation; `http` is left out (AWS JSON always sends `POST /`).
    fn operation(&mut self, id: &str, def: &Value) -> Option<Shape> {
        let Some(def) = def.as_object() else {
            self.errors
                .push(id, "the botocore operation is not an object");
            return None;
        };
        let mut op = Shape::empty(ShapeType::Operation);
        let unit = || Target {
            target: format!("{PRELUDE}#Unit"),
        };
        // The Smithy serializer writes an absent input or output as `smithy.api#Unit`.
        op.input = Some(match def.get("input") {
            Some(r) => Target {
                target: self.reference(id, r),
            },
            None => unit(),
        });
        op.output = Some(match def.get("output") {
            Some(r) => Target {
                target: self.reference(id, r),
            },
            None => unit(),
        });
        match def.get("errors") {
            None => {}
            Some(Value::Array(errors)) => {
                for e in errors {
                    op.errors.push(Target {
                        target: self.reference(id, e),
                    });
                }
                // AWS's Smithy models list errors by name; botocore's order differs.
                op.errors.sort_by(|a, b| a.target.cmp(&b.target));
            }
            Some(other) => self.errors.push(
                id,
                format!("botocore `errors` must be a list, found {other}"),
            ),
        }
        let t = &mut op.traits;
        common_traits(def, t);
        for (key, trait_id) in [
            ("idempotent", "smithy.api#idempotent"),
            ("readonly", "smithy.api#readonly"),
        ] {
            if def.get(key) == Some(&Value::Bool(true)) {
                t.insert(trait_id.into(), json!({}));
            }
        }
        if let Some(prefix) = def
            .get("endpoint")
            .and_then(|e| e.get("hostPrefix"))
            .and_then(Value::as_str)
        {
            t.insert(
                "smithy.api#endpoint".into(),
                json!({ "hostPrefix": prefix }),
            );
        }
        if let Some(encodings) = def
            .get("requestcompression")
            .and_then(|r| r.get("encodings"))
            .filter(|e| e.is_array())
        {
            t.insert(
                "smithy.api#requestCompression".into(),
                json!({ "encodings": encodings }),
            );
        }
        Some(op)
    }

    /// The absolute ID a botocore `{"shape": "Name"}` reference points at; `at` names the
    /// referrer for the error when the shape does not exist.
    fn reference(&mut self, at: &str, r: &Value) -> String {
        match r.get("shape").and_then(Value::as_str) {
            Some(name) => {
                if !self.shapes.contains_key(name) {
                    self.errors.push(
                        at,
                        format!("targets `{name}`, which is not a shape of the botocore model"),
                    );
                }
                self.id(name)
            }
            None => {
                self.errors.push(
                    at,
                    format!("a botocore reference needs a `shape` name, found {r}"),
                );
                format!("{PRELUDE}#Unit")
            }
        }
    }

    /// A member of a structure, union, list or map, with the traits botocore keeps on members.
    fn member(&mut self, at: &str, def: &Value) -> Member {
        let target = self.reference(at, def);
        let mut t = Traits::new();
        if let Some(def) = def.as_object() {
            common_traits(def, &mut t);
            for (key, trait_id) in [
                ("idempotencyToken", traits::IDEMPOTENCY_TOKEN),
                ("hostLabel", "smithy.api#hostLabel"),
                ("eventheader", "smithy.api#eventHeader"),
                ("eventpayload", "smithy.api#eventPayload"),
                ("sensitive", traits::SENSITIVE),
            ] {
                if def.get(key) == Some(&Value::Bool(true)) {
                    t.insert(trait_id.into(), json!({}));
                }
            }
            self.timestamp_format(at, def, &mut t);
        }
        Member { target, traits: t }
    }

    fn timestamp_format(&mut self, at: &str, def: &Map<String, Value>, t: &mut Traits) {
        let Some(v) = def.get("timestampFormat") else {
            return;
        };
        let format = match v.as_str() {
            Some("iso8601") => "date-time",
            Some("unixTimestamp") => "epoch-seconds",
            Some("rfc822") => "http-date",
            _ => {
                self.errors
                    .push(at, format!("unknown botocore `timestampFormat` {v}"));
                return;
            }
        };
        t.insert(traits::TIMESTAMP_FORMAT.into(), format.into());
    }

    /// One botocore shape; `None` (with an error) when its type is unknown.
    fn shape(&mut self, name: &str, id: &str, def: &Value) -> Option<Shape> {
        let Some(def) = def.as_object() else {
            self.errors.push(id, "the botocore shape is not an object");
            return None;
        };
        let flag = |key: &str| def.get(key) == Some(&Value::Bool(true));
        let kind = match def.get("type").and_then(Value::as_str) {
            Some("structure") if flag("document") => ShapeType::Document,
            Some("structure") if flag("union") || flag("eventstream") => ShapeType::Union,
            Some("structure") => ShapeType::Structure,
            Some("string") if def.contains_key("enum") => ShapeType::Enum,
            Some("string") => ShapeType::String,
            Some("list") => ShapeType::List,
            Some("map") => ShapeType::Map,
            Some("blob") => ShapeType::Blob,
            Some("boolean") => ShapeType::Boolean,
            Some("byte") => ShapeType::Byte,
            Some("short") => ShapeType::Short,
            Some("integer") => ShapeType::Integer,
            Some("long") => ShapeType::Long,
            Some("float") => ShapeType::Float,
            Some("double") => ShapeType::Double,
            Some("bigInteger") => ShapeType::BigInteger,
            Some("bigDecimal") => ShapeType::BigDecimal,
            Some("timestamp") => ShapeType::Timestamp,
            other => {
                self.errors.push(
                    id,
                    format!(
                        "unknown botocore shape type {}",
                        other.map_or("(none given)".into(), |t| format!("`{t}`"))
                    ),
                );
                return None;
            }
        };
        let mut shape = Shape::empty(kind);
        match kind {
            ShapeType::Structure | ShapeType::Union => self.members(name, id, def, &mut shape),
            ShapeType::List => {
                shape.member = Some(self.part(id, def, "member"));
            }
            ShapeType::Map => {
                shape.key = Some(self.part(id, def, "key"));
                shape.value = Some(self.part(id, def, "value"));
            }
            ShapeType::Enum => self.enum_members(id, def, &mut shape),
            _ => {}
        }
        let t = &mut shape.traits;
        common_traits(def, t);
        if flag("sensitive") {
            t.insert(traits::SENSITIVE.into(), json!({}));
        }
        if flag("streaming") || flag("eventstream") {
            t.insert(traits::STREAMING.into(), json!({}));
        }
        if let Some(Value::String(p)) = def.get("pattern") {
            t.insert(traits::PATTERN.into(), p.clone().into());
        }
        self.bounds(id, def, kind, &mut shape.traits);
        self.timestamp_format(id, def, &mut shape.traits);
        if flag("exception") {
            error_traits(def, &mut shape.traits);
        }
        Some(shape)
    }

    /// A list's `member` or a map's `key`/`value`, reported by its member ID when missing.
    fn part(&mut self, id: &str, def: &Map<String, Value>, key: &str) -> Member {
        let at = format!("{id}${key}");
        match def.get(key) {
            Some(m) => self.member(&at, m),
            None => {
                self.errors
                    .push(&at, format!("the botocore shape has no `{key}`"));
                Member {
                    target: format!("{PRELUDE}#Unit"),
                    traits: Traits::new(),
                }
            }
        }
    }

    /// Structure and union members. Botocore's `required` list becomes `@required` plus
    /// `@clientOptional`, as AWS's Smithy 2.0 models mark required members.
    fn members(&mut self, shape_name: &str, id: &str, def: &Map<String, Value>, shape: &mut Shape) {
        let members = match def.get("members") {
            None => return,
            Some(Value::Object(m)) => m,
            Some(other) => {
                self.errors.push(
                    id,
                    format!("botocore `members` must be an object, found {other}"),
                );
                return;
            }
        };
        let mut names: Vec<&String> = members.keys().collect();
        if let Some(order) = self.order.shapes.get(shape_name)
            && order.members.len() == names.len()
            && order.members.keys().all(|k| members.contains_key(k))
        {
            names = order.members.keys().collect();
        }
        for name in names {
            let m = &members[name];
            let at = format!("{id}${name}");
            if !is_identifier(name) {
                self.errors
                    .push(&at, "the botocore member name is not a Smithy identifier");
                continue;
            }
            let member = self.member(&at, m);
            shape.members.insert(name.clone(), member);
        }
        // Smithy unions have no required members; botocore gives none either.
        if shape.kind == ShapeType::Union {
            return;
        }
        let required = match def.get("required") {
            None => return,
            Some(Value::Array(r)) => r,
            Some(other) => {
                self.errors.push(
                    id,
                    format!("botocore `required` must be a list, found {other}"),
                );
                return;
            }
        };
        for name in required {
            match name.as_str().and_then(|n| shape.members.get_mut(n)) {
                Some(m) => {
                    m.traits.insert(traits::REQUIRED.into(), json!({}));
                    m.traits.insert(traits::CLIENT_OPTIONAL.into(), json!({}));
                }
                None => self.errors.push(
                    id,
                    format!("botocore `required` lists {name}, which is not a member"),
                ),
            }
        }
    }

    /// A botocore string `enum` list becomes a Smithy 2.0 enum shape, one member per value, named
    /// by [`enum_member_name`] (made unique with `_2`, `_3`… if two values give the same name).
    fn enum_members(&mut self, id: &str, def: &Map<String, Value>, shape: &mut Shape) {
        let Some(values) = def.get("enum").and_then(Value::as_array) else {
            self.errors
                .push(id, "botocore `enum` must be a list of strings");
            return;
        };
        let mut seen = BTreeSet::new();
        for v in values {
            let Some(v) = v.as_str() else {
                self.errors.push(
                    id,
                    format!("botocore `enum` values must be strings, found {v}"),
                );
                continue;
            };
            if !seen.insert(v) {
                self.errors
                    .push(id, format!("botocore `enum` lists {v:?} twice"));
                continue;
            }
            let base = enum_member_name(v);
            let mut name = base.clone();
            let mut n = 2;
            while shape.members.contains_key(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            let mut traits = Traits::new();
            traits.insert(traits::ENUM_VALUE.into(), v.into());
            shape.members.insert(
                name,
                Member {
                    target: format!("{PRELUDE}#Unit"),
                    traits,
                },
            );
        }
    }

    /// Botocore `min`/`max`: `@length` on strings, enums, blobs, lists and maps, `@range` on
    /// numbers (values kept as written, so `0.25` stays fractional). Ignored on other types, where
    /// Smithy has no such constraint.
    fn bounds(&mut self, id: &str, def: &Map<String, Value>, kind: ShapeType, t: &mut Traits) {
        let length = matches!(
            kind,
            ShapeType::String
                | ShapeType::Enum
                | ShapeType::Blob
                | ShapeType::List
                | ShapeType::Map
        );
        if !length && !kind.is_number() {
            return;
        }
        let mut bounds = Map::new();
        for key in ["min", "max"] {
            match def.get(key) {
                None => {}
                Some(Value::Number(n)) if !length || n.is_u64() => {
                    bounds.insert(key.into(), Value::Number(n.clone()));
                }
                // A whole float (`5.0`) is still a valid length.
                Some(Value::Number(n))
                    if n.as_f64().is_some_and(|f| f >= 0.0 && f.fract() == 0.0) =>
                {
                    bounds.insert(key.into(), json!(n.as_f64().unwrap_or(0.0) as u64));
                }
                Some(other) => self.errors.push(
                    id,
                    format!(
                        "botocore `{key}` must be a {}, found {other}",
                        if length {
                            "non-negative integer"
                        } else {
                            "number"
                        }
                    ),
                ),
            }
        }
        if !bounds.is_empty() {
            let trait_id = if length {
                traits::LENGTH
            } else {
                traits::RANGE
            };
            t.insert(trait_id.into(), Value::Object(bounds));
        }
    }
}

/// Documentation and deprecation, which botocore writes the same way on shapes, members and
/// operations.
fn common_traits(def: &Map<String, Value>, t: &mut Traits) {
    if let Some(Value::String(docs)) = def.get("documentation") {
        t.insert(traits::DOCUMENTATION.into(), docs.clone().into());
    }
    if def.get("deprecated") == Some(&Value::Bool(true)) {
        let mut d = Map::new();
        if let Some(Value::String(m)) = def.get("deprecatedMessage") {
            d.insert("message".into(), m.clone().into());
        }
        if let Some(Value::String(s)) = def.get("deprecatedSince") {
            d.insert("since".into(), s.clone().into());
        }
        t.insert(traits::DEPRECATED.into(), Value::Object(d));
    }
}

/// `exception: true` → `@error`: "server" when botocore says `fault: true` (or gives a 5xx status
/// without `senderFault`), else "client"; `error.httpStatusCode` → `@httpError`.
fn error_traits(def: &Map<String, Value>, t: &mut Traits) {
    let error = def.get("error");
    let status = error
        .and_then(|e| e.get("httpStatusCode"))
        .and_then(Value::as_u64);
    let sender = error
        .and_then(|e| e.get("senderFault"))
        .and_then(Value::as_bool);
    let server = def.get("fault") == Some(&Value::Bool(true))
        || (sender.is_none() && status.is_some_and(|s| s >= 500));
    let fault = if server && sender != Some(true) {
        "server"
    } else {
        "client"
    };
    t.insert(traits::ERROR.into(), fault.into());
    if let Some(status) = status {
        t.insert(traits::HTTP_ERROR.into(), status.into());
    }
    if let Some(Value::Object(r)) = def.get("retryable") {
        let mut retryable = Map::new();
        if let Some(Value::Bool(true)) = r.get("throttling") {
            retryable.insert("throttling".into(), true.into());
        }
        t.insert("smithy.api#retryable".into(), Value::Object(retryable));
    }
}

/// An enum member name from its value, UPPER_SNAKE as in AWS's Smithy models: words split at
/// non-alphanumerics, at lower→upper and digit→upper changes and before the last capital of an
/// acronym (`MLJob` → `ML_JOB`); a leading digit gets a `_` (`1` → `_1`), an empty result is
/// `EMPTY`.
pub fn enum_member_name(value: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for part in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if i > 0 && c.is_ascii_uppercase() {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
                if prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next_lower)
                {
                    words.push(std::mem::take(&mut word));
                }
            }
            word.push(c.to_ascii_uppercase());
        }
        words.push(word);
    }
    let name = words.join("_");
    if name.is_empty() {
        "EMPTY".into()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

/// Marks structures used only as one operation's input (or output) and nowhere else with
/// `@input` (`@output`), which is exactly where AWS's Smithy models have those traits.
fn mark_inputs_and_outputs(model: &mut Model) {
    let mut uses: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for shape in model.shapes.values() {
        if let Some(t) = &shape.input {
            uses.entry(t.target.clone()).or_default().0 += 1;
        }
        if let Some(t) = &shape.output {
            uses.entry(t.target.clone()).or_default().1 += 1;
        }
        let members = shape
            .members
            .values()
            .chain(&shape.member)
            .chain(&shape.key)
            .chain(&shape.value);
        for target in members
            .map(|m| &m.target)
            .chain(shape.errors.iter().map(|e| &e.target))
        {
            uses.entry(target.clone()).or_default().2 += 1;
        }
    }
    for (id, counts) in uses {
        let trait_id = match counts {
            (1, 0, 0) => traits::INPUT,
            (0, 1, 0) => traits::OUTPUT,
            _ => continue,
        };
        if id.starts_with(&format!("{PRELUDE}#")) {
            continue;
        }
        if let Some(shape) = model.shapes.get_mut(&id)
            && shape.kind == ShapeType::Structure
        {
            shape.traits.insert(trait_id.into(), json!({}));
        }
    }
}

#[cfg(test)]
mod tests;
