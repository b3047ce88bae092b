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
mod tests {
    use super::*;

    const NS: &str = "ex";

    /// A small botocore model touching every mapping.
    const SMALL: &str = r#"{
      "version": "2.0",
      "documentation": "<p>Service docs.</p>",
      "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "api.ex", "jsonVersion": "1.1",
        "protocol": "json", "serviceFullName": "Example Service", "serviceId": "Ex Ample",
        "signatureVersion": "v4", "signingName": "ex", "targetPrefix": "ExService"},
      "operations": {
        "Put": {"name": "Put", "http": {"method": "POST", "requestUri": "/"},
          "input": {"shape": "PutRequest"}, "output": {"shape": "PutResponse"},
          "errors": [{"shape": "NotFound"}, {"shape": "Boom"}, {"shape": "Conflict"}],
          "documentation": "<p>Puts.</p>", "idempotent": true,
          "endpoint": {"hostPrefix": "data."}},
        "Ping": {"name": "Ping", "http": {"method": "POST", "requestUri": "/"},
          "deprecated": true, "deprecatedMessage": "use Put", "readonly": true},
        "Shared": {"name": "Shared", "input": {"shape": "Tags"}, "output": {"shape": "PutResponse"}}
      },
      "shapes": {
        "PutRequest": {"type": "structure", "required": ["Name", "Token"],
          "members": {
            "Name": {"shape": "Name", "documentation": "<p>The name.</p>"},
            "Token": {"shape": "Name", "idempotencyToken": true},
            "Old": {"shape": "Name", "deprecated": true, "deprecatedMessage": "gone"},
            "When": {"shape": "Time", "timestampFormat": "iso8601"},
            "Size": {"shape": "Size", "box": true, "jsonvalue": true, "locationName": "size"},
            "Ratio": {"shape": "Ratio"},
            "Kind": {"shape": "Kind"},
            "Choice": {"shape": "Choice"},
            "Doc": {"shape": "Doc"},
            "Tags": {"shape": "Tags"},
            "Meta": {"shape": "Meta"},
            "Body": {"shape": "Body"},
            "Events": {"shape": "Events"},
            "Secret": {"shape": "Secret"}}},
        "PutResponse": {"type": "structure", "members": {}},
        "Name": {"type": "string", "min": 1, "max": 64, "pattern": "[a-z]+"},
        "Secret": {"type": "string", "sensitive": true},
        "Time": {"type": "timestamp", "timestampFormat": "unixTimestamp"},
        "HttpTime": {"type": "timestamp", "timestampFormat": "rfc822"},
        "Size": {"type": "integer", "box": true, "min": 0, "max": 10},
        "Ratio": {"type": "float", "min": 0.25},
        "Kind": {"type": "string", "enum": ["ml.t3.medium", "InProgress", "1", "a.b", "a_b"],
          "documentation": "<p>Kinds.</p>"},
        "Choice": {"type": "structure", "union": true,
          "members": {"A": {"shape": "Name"}, "B": {"shape": "Size"}}},
        "Doc": {"type": "structure", "members": {}, "document": true},
        "Tags": {"type": "list", "member": {"shape": "Name"}, "min": 0, "max": 50},
        "Meta": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Name"}, "max": 5},
        "Body": {"type": "blob", "streaming": true, "max": 100},
        "Events": {"type": "structure", "eventstream": true,
          "members": {"Started": {"shape": "PutResponse"}}},
        "Long": {"type": "long"}, "Bool": {"type": "boolean"}, "Dbl": {"type": "double"},
        "NotFound": {"type": "structure", "members": {"Message": {"shape": "Name"}},
          "exception": true, "error": {"code": "NotFound", "httpStatusCode": 404, "senderFault": true},
          "documentation": "<p>Missing.</p>"},
        "Boom": {"type": "structure", "members": {}, "exception": true, "fault": true},
        "Conflict": {"type": "structure", "members": {}, "exception": true,
          "retryable": {"throttling": true}}
      }
    }"#;

    fn small() -> Model {
        from_botocore("small.json", SMALL, Some(NS)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn detects_botocore_documents() {
        assert!(is_botocore(SMALL));
        assert!(is_botocore(r#"{"metadata": {}, "shapes": {}}"#));
        assert!(!is_botocore(
            r#"{"smithy": "2.0", "metadata": {}, "shapes": {}}"#
        ));
        assert!(!is_botocore(r#"{"metadata": {}}"#));
        assert!(!is_botocore(r#"[{"metadata": {}, "shapes": {}}]"#));
        assert!(!is_botocore("{"));
    }

    #[test]
    fn converts_the_service() {
        let m = small();
        let s = &m.shapes["ex#ExService"];
        assert_eq!(s.kind, ShapeType::Service);
        assert_eq!(s.version.as_deref(), Some("2020-01-01"));
        let ops: Vec<_> = s.operations.iter().map(|t| t.target.as_str()).collect();
        assert_eq!(ops, ["ex#Put", "ex#Ping", "ex#Shared"], "in model order");
        assert_eq!(
            s.traits[traits::AWS_SERVICE],
            json!({"sdkId": "Ex Ample", "endpointPrefix": "api.ex"})
        );
        assert_eq!(s.traits[traits::SIGV4], json!({"name": "ex"}));
        assert_eq!(s.traits[traits::AWS_JSON_1_1], json!({}));
        assert!(!s.traits.contains_key(traits::AWS_JSON_1_0));
        assert_eq!(s.traits[traits::TITLE], "Example Service");
        assert_eq!(s.traits[traits::DOCUMENTATION], "<p>Service docs.</p>");
        assert!(m.shapes.contains_key("smithy.api#String"), "prelude");
    }

    #[test]
    fn converts_operations() {
        let m = small();
        let put = &m.shapes["ex#Put"];
        assert_eq!(put.kind, ShapeType::Operation);
        assert_eq!(put.input.as_ref().unwrap().target, "ex#PutRequest");
        assert_eq!(put.output.as_ref().unwrap().target, "ex#PutResponse");
        let errors: Vec<_> = put.errors.iter().map(|t| t.target.as_str()).collect();
        assert_eq!(errors, ["ex#Boom", "ex#Conflict", "ex#NotFound"], "sorted");
        assert_eq!(put.traits[traits::DOCUMENTATION], "<p>Puts.</p>");
        assert_eq!(put.traits["smithy.api#idempotent"], json!({}));
        assert_eq!(
            put.traits["smithy.api#endpoint"],
            json!({"hostPrefix": "data."})
        );
        let ping = &m.shapes["ex#Ping"];
        assert_eq!(ping.input.as_ref().unwrap().target, "smithy.api#Unit");
        assert_eq!(ping.output.as_ref().unwrap().target, "smithy.api#Unit");
        assert_eq!(
            ping.traits[traits::DEPRECATED],
            json!({"message": "use Put"})
        );
        assert_eq!(ping.traits["smithy.api#readonly"], json!({}));
        // `http` and other botocore-only keys leave no trace.
        assert_eq!(put.traits.len(), 3);
        // Exclusive inputs/outputs are marked; shared ones are not.
        assert!(m.shapes["ex#PutRequest"].traits.contains_key(traits::INPUT));
        assert!(
            !m.shapes["ex#PutResponse"]
                .traits
                .contains_key(traits::OUTPUT)
        );
        assert!(!m.shapes["ex#Tags"].traits.contains_key(traits::INPUT));
        assert!(
            !m.shapes["smithy.api#Unit"]
                .traits
                .contains_key(traits::INPUT)
        );
    }

    #[test]
    fn converts_members_and_their_traits() {
        let m = small();
        let s = &m.shapes["ex#PutRequest"];
        assert_eq!(s.kind, ShapeType::Structure);
        let names: Vec<_> = s.members.keys().map(String::as_str).collect();
        assert_eq!(
            names[..4],
            ["Name", "Token", "Old", "When"],
            "order is kept"
        );
        let name = &s.members["Name"];
        assert_eq!(name.target, "ex#Name");
        assert_eq!(name.traits[traits::REQUIRED], json!({}));
        assert_eq!(name.traits[traits::CLIENT_OPTIONAL], json!({}));
        assert_eq!(name.traits[traits::DOCUMENTATION], "<p>The name.</p>");
        let token = &s.members["Token"];
        assert!(token.traits.contains_key(traits::IDEMPOTENCY_TOKEN));
        assert!(token.traits.contains_key(traits::REQUIRED));
        assert_eq!(
            s.members["Old"].traits[traits::DEPRECATED],
            json!({"message": "gone"})
        );
        assert!(!s.members["Old"].traits.contains_key(traits::REQUIRED));
        assert_eq!(
            s.members["When"].traits[traits::TIMESTAMP_FORMAT],
            "date-time"
        );
        assert!(
            s.members["Size"].traits.is_empty(),
            "box, jsonvalue, locationName are dropped"
        );
    }

    #[test]
    fn converts_simple_shapes_and_constraints() {
        let m = small();
        let t = |id: &str| &m.shapes[&format!("ex#{id}")].traits;
        let kind = |id: &str| m.shapes[&format!("ex#{id}")].kind;
        assert_eq!(kind("Name"), ShapeType::String);
        assert_eq!(t("Name")[traits::LENGTH], json!({"min": 1, "max": 64}));
        assert_eq!(t("Name")[traits::PATTERN], "[a-z]+", "kept exactly");
        assert_eq!(t("Secret")[traits::SENSITIVE], json!({}));
        assert_eq!(t("Time")[traits::TIMESTAMP_FORMAT], "epoch-seconds");
        assert_eq!(t("HttpTime")[traits::TIMESTAMP_FORMAT], "http-date");
        assert_eq!(kind("Size"), ShapeType::Integer);
        assert_eq!(t("Size")[traits::RANGE], json!({"min": 0, "max": 10}));
        assert_eq!(kind("Ratio"), ShapeType::Float);
        assert_eq!(t("Ratio")[traits::RANGE], json!({"min": 0.25}));
        assert_eq!(kind("Tags"), ShapeType::List);
        assert_eq!(
            m.shapes["ex#Tags"].member.as_ref().unwrap().target,
            "ex#Name"
        );
        assert_eq!(t("Tags")[traits::LENGTH], json!({"min": 0, "max": 50}));
        assert_eq!(kind("Meta"), ShapeType::Map);
        assert_eq!(m.shapes["ex#Meta"].key.as_ref().unwrap().target, "ex#Name");
        assert_eq!(
            m.shapes["ex#Meta"].value.as_ref().unwrap().target,
            "ex#Name"
        );
        assert_eq!(t("Meta")[traits::LENGTH], json!({"max": 5}));
        assert_eq!(kind("Body"), ShapeType::Blob);
        assert_eq!(t("Body")[traits::STREAMING], json!({}));
        assert_eq!(t("Body")[traits::LENGTH], json!({"max": 100}));
        assert_eq!(kind("Long"), ShapeType::Long);
        assert_eq!(kind("Bool"), ShapeType::Boolean);
        assert_eq!(kind("Dbl"), ShapeType::Double);
        assert_eq!(kind("Doc"), ShapeType::Document);
        assert!(m.shapes["ex#Doc"].members.is_empty());
        assert_eq!(kind("Choice"), ShapeType::Union);
        assert!(
            !m.shapes["ex#Choice"].members["A"]
                .traits
                .contains_key(traits::REQUIRED)
        );
        assert_eq!(kind("Events"), ShapeType::Union);
        assert_eq!(t("Events")[traits::STREAMING], json!({}));
    }

    #[test]
    fn converts_enums() {
        let m = small();
        let e = &m.shapes["ex#Kind"];
        assert_eq!(e.kind, ShapeType::Enum);
        assert_eq!(e.traits[traits::DOCUMENTATION], "<p>Kinds.</p>");
        let members: Vec<_> = e
            .members
            .iter()
            .map(|(n, m)| {
                assert_eq!(m.target, "smithy.api#Unit");
                (n.as_str(), m.traits[traits::ENUM_VALUE].as_str().unwrap())
            })
            .collect();
        assert_eq!(
            members,
            [
                ("ML_T3_MEDIUM", "ml.t3.medium"),
                ("IN_PROGRESS", "InProgress"),
                ("_1", "1"),
                ("A_B", "a.b"),
                ("A_B_2", "a_b"),
            ]
        );
        for (value, name) in [
            ("ml.p4de.24xlarge", "ML_P4DE_24XLARGE"),
            ("MD5Hash", "MD5_HASH"),
            ("S3Prefix", "S3_PREFIX"),
            (
                "MaxAutoMLJobRuntimeReached",
                "MAX_AUTO_ML_JOB_RUNTIME_REACHED",
            ),
            ("AWS::SageMaker::TrainingJob", "AWS_SAGE_MAKER_TRAINING_JOB"),
            (
                "al2-ami-sagemaker-inference-gpu-2",
                "AL2_AMI_SAGEMAKER_INFERENCE_GPU_2",
            ),
            ("", "EMPTY"),
            ("--", "EMPTY"),
        ] {
            assert_eq!(enum_member_name(value), name, "{value:?}");
        }
    }

    #[test]
    fn converts_errors() {
        let m = small();
        let t = |id: &str| &m.shapes[&format!("ex#{id}")].traits;
        assert_eq!(t("NotFound")[traits::ERROR], "client");
        assert_eq!(t("NotFound")[traits::HTTP_ERROR], 404);
        assert_eq!(t("NotFound")[traits::DOCUMENTATION], "<p>Missing.</p>");
        assert_eq!(t("Boom")[traits::ERROR], "server");
        assert!(!t("Boom").contains_key(traits::HTTP_ERROR));
        assert_eq!(t("Conflict")[traits::ERROR], "client");
        assert_eq!(
            t("Conflict")["smithy.api#retryable"],
            json!({"throttling": true})
        );
        assert!(!t("PutResponse").contains_key(traits::ERROR));
    }

    #[test]
    fn names_the_service_and_namespace_from_metadata() {
        let doc = SMALL.replace(r#""targetPrefix": "ExService""#, r#""uid": "x""#);
        let m = from_botocore("x.json", &doc, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            m.shapes["com.amazonaws.example#ExAmple"].kind,
            ShapeType::Service
        );
        assert!(m.shapes.contains_key("com.amazonaws.example#PutRequest"));
        let v10 = SMALL.replace(r#""jsonVersion": "1.1""#, r#""jsonVersion": "1.0""#);
        let m = from_botocore("x.json", &v10, Some(NS)).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            m.shapes["ex#ExService"]
                .traits
                .contains_key(traits::AWS_JSON_1_0)
        );
    }

    #[test]
    fn reports_every_problem_without_panicking() {
        let err = from_botocore("bad.json", "{", None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("1 problem"), "{err}");
        assert!(err.contains("bad.json: not a botocore model"), "{err}");
        let err = from_botocore("bad.json", "[1]", None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.json: not a botocore model"), "{err}");

        let doc = r#"{"metadata": {"protocol": "rest-json", "targetPrefix": "Svc"},
          "operations": {"Op": {"input": {"shape": "Nope"}, "errors": [{}]}},
          "shapes": {
            "S": {"type": "structure", "required": ["Missing"],
              "members": {"m": {"shape": "Gone"}, "bad-name": {"shape": "S"}}},
            "L": {"type": "list"},
            "T": {"type": "frob"},
            "U": {"type": "timestamp", "timestampFormat": "iso"},
            "V": {"type": "string", "min": -1, "enum": ["a", "a", 3]},
            "W": 7}}"#;
        let err = from_botocore("m.json", doc, Some(NS))
            .unwrap_err()
            .to_string();
        for expected in [
            "ex#Svc: unsupported protocol `rest-json` for service `Svc`",
            "ex#Op: targets `Nope`, which is not a shape of the botocore model",
            "ex#Op: a botocore reference needs a `shape` name",
            "ex#S$m: targets `Gone`, which is not a shape of the botocore model",
            "ex#S$bad-name: the botocore member name is not a Smithy identifier",
            "ex#S: botocore `required` lists \"Missing\", which is not a member",
            "ex#L$member: the botocore shape has no `member`",
            "ex#T: unknown botocore shape type `frob`",
            "ex#U: unknown botocore `timestampFormat` \"iso\"",
            "ex#V: botocore `min` must be a non-negative integer, found -1",
            "ex#V: botocore `enum` lists \"a\" twice",
            "ex#V: botocore `enum` values must be strings, found 3",
            "ex#W: the botocore shape is not an object",
        ] {
            assert!(err.contains(expected), "missing {expected:?} in\n{err}");
        }

        let no_version =
            r#"{"metadata": {"protocol": "json", "targetPrefix": "Svc"}, "shapes": {}}"#;
        let err = from_botocore("m.json", no_version, Some(NS))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`jsonVersion` must be"), "{err}");
        let unnamed = r#"{"metadata": {"protocol": "json", "jsonVersion": "1.0"}, "shapes": {}}"#;
        let err = from_botocore("m.json", unnamed, Some(NS))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("neither `targetPrefix` nor `serviceId`"),
            "{err}"
        );
        let err = from_botocore("m.json", SMALL, Some("not a namespace"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a valid Smithy namespace"), "{err}");
        let err = from_parts(&json!(3), &Map::new(), &Map::new(), NS).unwrap_err();
        assert!(err.to_string().contains("`metadata` is not an object"));
    }

    /// `../shared/reference`, or `None` (with a note) when this checkout has no shared folder.
    fn reference_dir() -> Option<std::path::PathBuf> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference");
        if dir.is_dir() {
            Some(dir)
        } else {
            println!("skipping: ../shared not found ({})", dir.display());
            None
        }
    }

    /// Every shape reachable from the operations, prelude shapes excluded.
    fn closure(model: &Model, ops: &[String]) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = ops.to_vec();
        while let Some(id) = stack.pop() {
            if id.starts_with("smithy.api#") || !seen.insert(id.clone()) {
                continue;
            }
            let Some(s) = model.shapes.get(&id) else {
                continue;
            };
            let refs = s
                .input
                .iter()
                .chain(&s.output)
                .chain(&s.errors)
                .map(|t| &t.target);
            let members = s
                .members
                .values()
                .chain(&s.member)
                .chain(&s.key)
                .chain(&s.value)
                .map(|m| &m.target);
            stack.extend(refs.chain(members).cloned());
        }
        seen
    }

    /// The differences between the two readings of one shape that matter to the generator.
    fn compare_shape(id: &str, b: &Shape, s: &Shape, diffs: &mut Vec<String>) {
        if b.kind != s.kind {
            diffs.push(format!("{id}: kind {} vs {}", b.kind.name(), s.kind.name()));
            return;
        }
        for key in [traits::LENGTH, traits::RANGE] {
            if b.traits.get(key) != s.traits.get(key) {
                diffs.push(format!(
                    "{id}: {key} {:?} vs {:?}",
                    b.traits.get(key),
                    s.traits.get(key)
                ));
            }
        }
        let pattern = |t: &Traits| {
            t.get(traits::PATTERN)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let smithy_pattern = pattern(&s.traits).map(|p| botocore_pattern(&p));
        if pattern(&b.traits) != smithy_pattern {
            diffs.push(format!(
                "{id}: pattern {:?} vs {smithy_pattern:?}",
                pattern(&b.traits),
            ));
        }
        if b.kind == ShapeType::Enum {
            let values = |sh: &Shape| -> BTreeMap<String, String> {
                sh.members
                    .iter()
                    .map(|(n, m)| (m.traits[traits::ENUM_VALUE].to_string(), n.clone()))
                    .collect()
            };
            let (bv, sv) = (values(b), values(s));
            for (v, name) in &bv {
                match sv.get(v) {
                    None => diffs.push(format!("{id}: enum value {v} only in botocore")),
                    Some(other) if other != name => {
                        diffs.push(format!("{id}: enum value {v} named {name} vs {other}"))
                    }
                    Some(_) => {}
                }
            }
            for v in sv.keys().filter(|v| !bv.contains_key(*v)) {
                diffs.push(format!("{id}: enum value {v} only in smithy"));
            }
            return;
        }
        for (name, bm) in &b.members {
            let Some(sm) = s.members.get(name) else {
                diffs.push(format!("{id}${name}: only in botocore"));
                continue;
            };
            if bm.target != sm.target {
                diffs.push(format!(
                    "{id}${name}: target {} vs {}",
                    bm.target, sm.target
                ));
            }
            let req = |m: &Member| m.traits.contains_key(traits::REQUIRED);
            if req(bm) != req(sm) {
                diffs.push(format!("{id}${name}: required {} vs {}", req(bm), req(sm)));
            }
        }
        for name in s.members.keys().filter(|n| !b.members.contains_key(*n)) {
            diffs.push(format!("{id}${name}: only in smithy"));
        }
        let common = |x: &Shape, y: &Shape| -> Vec<String> {
            x.members
                .keys()
                .filter(|k| y.members.contains_key(*k))
                .cloned()
                .collect()
        };
        if common(b, s) != common(s, b) {
            diffs.push(format!("{id}: member order differs"));
        }
        for (part, bm, sm) in [
            ("member", &b.member, &s.member),
            ("key", &b.key, &s.key),
            ("value", &b.value, &s.value),
        ] {
            let (bt, st) = (
                bm.as_ref().map(|m| &m.target),
                sm.as_ref().map(|m| &m.target),
            );
            if bt != st {
                diffs.push(format!("{id}${part}: target {bt:?} vs {st:?}"));
            }
        }
        for (part, bt, st) in [
            ("input", &b.input, &s.input),
            ("output", &b.output, &s.output),
        ] {
            if bt != st {
                diffs.push(format!("{id}: {part} {bt:?} vs {st:?}"));
            }
        }
        if b.errors != s.errors {
            diffs.push(format!("{id}: errors {:?} vs {:?}", b.errors, s.errors));
        }
        for key in [
            traits::ERROR,
            traits::HTTP_ERROR,
            traits::INPUT,
            traits::OUTPUT,
        ] {
            if b.traits.get(key) != s.traits.get(key) {
                diffs.push(format!(
                    "{id}: {key} {:?} vs {:?}",
                    b.traits.get(key),
                    s.traits.get(key)
                ));
            }
        }
    }

    /// How botocore writes a Smithy pattern, as seen in every SageMaker pattern that did not
    /// change between the snapshots: as a whole-value match, with the `^`/`$` anchors stripped
    /// and `.*` where the Smithy pattern was not anchored (unless it already starts or ends so).
    fn botocore_pattern(smithy: &str) -> String {
        let (start, p) = match smithy.strip_prefix('^') {
            Some(p) => ("", p),
            None if smithy.starts_with(".*") => ("", smithy),
            None => (".*", smithy),
        };
        let (p, end) = match p.strip_suffix('$') {
            Some(p) => (p, ""),
            None if p.ends_with(".*") => (p, ""),
            None => (p, ".*"),
        };
        format!("{start}{p}{end}")
    }

    #[test]
    fn botocore_patterns_are_whole_value_matches() {
        for (smithy, botocore) in [
            ("^\\d+$", "\\d+"),
            ("^arn:aws:action/", "arn:aws:action/.*"),
            ("(?:[ \\r\\n\\t].*)*$", ".*(?:[ \\r\\n\\t].*)*"),
            (".*", ".*"),
        ] {
            assert_eq!(botocore_pattern(smithy), botocore);
        }
    }

    /// Differences between the botocore snapshot (Aug 2026) and the Smithy one in the closure of
    /// UpdateUserProfile and UpdatePartnerApp (shape IDs without the namespace). None is a
    /// conversion error:
    /// - newer in botocore: members `PartnerAppConfig$AssignedGroupPatterns`/`RoleGroupAssignments`,
    ///   `UpdatePartnerAppRequest$AppVersion`/`EnableAutoMinorVersionUpgrade`,
    ///   `ResourceSpec$TrainingPlanArn`, `StudioWebPortalSettings$ExecutionRoleSessionNameMode`
    ///   and the shapes they bring; enum values of `AppInstanceType` (ml.g7*, ml.g7e*, ml.p5.4xlarge,
    ///   ml.p6-b200.48xlarge) and `MlTools`; `S3FileSystemConfig$S3Uri` is required only in botocore, and
    ///   `S3SchemaUri` gained `min: 0`;
    /// - enum member names AWS picked by hand (`Canvas`, `Disabled` for "DISABLED", `Admin` for
    ///   "R_STUDIO_ADMIN"), which botocore does not carry; the values agree.
    const EXPECTED_SAGEMAKER_DIFFS: &[&str] = &[
        // Newer in the botocore snapshot.
        "AppInstanceType: enum value \"ml.g7.12xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7.24xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7.2xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7.48xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7.4xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7.8xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7e.12xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7e.24xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7e.2xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7e.48xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7e.4xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.g7e.8xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.p5.4xlarge\" only in botocore",
        "AppInstanceType: enum value \"ml.p6-b200.48xlarge\" only in botocore",
        "AssignedGroupPatternsList: only in botocore closure",
        "ExecutionRoleSessionNameMode: only in botocore closure",
        "GroupNamePattern: only in botocore closure",
        "GroupPatternsList: only in botocore closure",
        "MajorMinorVersion: only in botocore closure",
        "MlTools: enum value \"Datasets\" only in botocore",
        "MlTools: enum value \"Evaluators\" only in botocore",
        "MlTools: enum value \"RunningInstances\" only in botocore",
        "PartnerAppConfig$AssignedGroupPatterns: only in botocore",
        "PartnerAppConfig$RoleGroupAssignments: only in botocore",
        "ResourceSpec$TrainingPlanArn: only in botocore",
        "RoleGroupAssignment: only in botocore closure",
        "RoleGroupAssignmentsList: only in botocore closure",
        "S3FileSystemConfig$S3Uri: required true vs false",
        "S3SchemaUri: smithy.api#length Some(Object {\"min\": Number(0), \"max\": Number(1024)}) vs Some(Object {\"max\": Number(1024)})",
        "StudioResourceSpecTrainingPlanArn: only in botocore closure",
        "StudioWebPortalSettings$ExecutionRoleSessionNameMode: only in botocore",
        "UpdatePartnerAppRequest$EnableAutoMinorVersionUpgrade: only in botocore",
        "UpdatePartnerAppRequest$AppVersion: only in botocore",
        // Enum names: synthesized from the value vs picked by hand.
        "AppType: enum value \"Canvas\" named CANVAS vs Canvas",
        "AppType: enum value \"CodeEditor\" named CODE_EDITOR vs CodeEditor",
        "AppType: enum value \"DetailedProfiler\" named DETAILED_PROFILER vs DetailedProfiler",
        "AppType: enum value \"JupyterLab\" named JUPYTER_LAB vs JupyterLab",
        "AppType: enum value \"JupyterServer\" named JUPYTER_SERVER vs JupyterServer",
        "AppType: enum value \"KernelGateway\" named KERNEL_GATEWAY vs KernelGateway",
        "AppType: enum value \"RSessionGateway\" named R_SESSION_GATEWAY vs RSessionGateway",
        "AppType: enum value \"RStudioServerPro\" named R_STUDIO_SERVER_PRO vs RStudioServerPro",
        "AppType: enum value \"TensorBoard\" named TENSOR_BOARD vs TensorBoard",
        "DataSourceName: enum value \"SalesforceGenie\" named SALESFORCE_GENIE vs SalesforceGenie",
        "DataSourceName: enum value \"Snowflake\" named SNOWFLAKE vs Snowflake",
        "FeatureStatus: enum value \"DISABLED\" named DISABLED vs Disabled",
        "FeatureStatus: enum value \"ENABLED\" named ENABLED vs Enabled",
        "LifecycleManagement: enum value \"DISABLED\" named DISABLED vs Disabled",
        "LifecycleManagement: enum value \"ENABLED\" named ENABLED vs Enabled",
        "NotebookOutputOption: enum value \"Allowed\" named ALLOWED vs Allowed",
        "NotebookOutputOption: enum value \"Disabled\" named DISABLED vs Disabled",
        "RStudioServerProAccessStatus: enum value \"DISABLED\" named DISABLED vs Disabled",
        "RStudioServerProAccessStatus: enum value \"ENABLED\" named ENABLED vs Enabled",
        "RStudioServerProUserGroup: enum value \"R_STUDIO_ADMIN\" named R_STUDIO_ADMIN vs Admin",
        "RStudioServerProUserGroup: enum value \"R_STUDIO_USER\" named R_STUDIO_USER vs User",
        "SageMakerImageName: enum value \"sagemaker_distribution\" named SAGEMAKER_DISTRIBUTION vs sagemaker_distribution",
        "StudioWebPortal: enum value \"DISABLED\" named DISABLED vs Disabled",
        "StudioWebPortal: enum value \"ENABLED\" named ENABLED vs Enabled",
    ];

    #[test]
    fn sagemaker_matches_the_smithy_model() {
        let Some(dir) = reference_dir() else {
            return;
        };
        let read = |name: &str| {
            std::fs::read_to_string(dir.join("models").join(name))
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        let (btext, stext) = (
            read("sagemaker-2017-07-24.botocore.json"),
            read("sagemaker-2017-07-24.smithy.json"),
        );
        assert!(is_botocore(&btext));
        assert!(!is_botocore(&stext));
        let b = from_botocore("sagemaker.botocore.json", &btext, None)
            .unwrap_or_else(|e| panic!("{e}"));
        let s = Model::from_json_sources([("sagemaker.smithy.json", stext.as_str())])
            .unwrap_or_else(|e| panic!("{e}"));

        let ns = "com.amazonaws.sagemaker";
        let bs = &b.shapes[&format!("{ns}#SageMaker")];
        let ss = &s.shapes[&format!("{ns}#SageMaker")];
        assert_eq!(bs.version, ss.version);
        for key in [
            traits::SIGV4,
            traits::AWS_JSON_1_1,
            traits::TITLE,
            traits::DOCUMENTATION,
        ] {
            assert_eq!(bs.traits.get(key), ss.traits.get(key), "{key}");
        }
        for key in ["sdkId", "endpointPrefix"] {
            assert_eq!(
                bs.traits[traits::AWS_SERVICE][key],
                ss.traits[traits::AWS_SERVICE][key]
            );
        }

        let ops: Vec<String> = ["UpdateUserProfile", "UpdatePartnerApp"]
            .iter()
            .map(|o| format!("{ns}#{o}"))
            .collect();
        let (bc, sc) = (closure(&b, &ops), closure(&s, &ops));
        let mut diffs = Vec::new();
        for id in bc.union(&sc) {
            match (b.shapes.get(id), s.shapes.get(id)) {
                (Some(bsh), Some(ssh)) if bc.contains(id) && sc.contains(id) => {
                    compare_shape(id, bsh, ssh, &mut diffs)
                }
                _ if !sc.contains(id) => diffs.push(format!("{id}: only in botocore closure")),
                _ => diffs.push(format!("{id}: only in smithy closure")),
            }
        }
        println!(
            "closure: {} botocore shapes, {} smithy shapes, {} differences",
            bc.len(),
            sc.len(),
            diffs.len()
        );
        for d in &diffs {
            println!("  {d}");
        }
        let found: BTreeSet<String> = diffs
            .iter()
            .map(|d| d.replace(&format!("{ns}#"), ""))
            .collect();
        let expected: BTreeSet<String> = EXPECTED_SAGEMAKER_DIFFS
            .iter()
            .map(|d| d.to_string())
            .collect();
        let unexpected: Vec<_> = found.difference(&expected).collect();
        let missing: Vec<_> = expected.difference(&found).collect();
        assert!(
            unexpected.is_empty() && missing.is_empty(),
            "unexpected differences: {unexpected:#?}\nexpected but not found: {missing:#?}"
        );
    }

    #[test]
    fn sagemaker_reads_through_read_model() {
        let Some(dir) = reference_dir() else {
            return;
        };
        let path = dir.join("models/sagemaker-2017-07-24.botocore.json");
        let m = crate::output::read_model(&path).unwrap_or_else(|e| panic!("{e}"));
        let s = &m.shapes["com.amazonaws.sagemaker#SageMaker"];
        assert_eq!(s.kind, ShapeType::Service);
        println!(
            "sagemaker botocore: {} operations, {} shapes",
            s.operations.len(),
            m.shapes.len()
        );
    }

    #[test]
    fn protocol_test_groups_convert() {
        let Some(dir) = reference_dir() else {
            return;
        };
        let mut files: Vec<_> = std::fs::read_dir(dir.join("protocol-tests"))
            .expect("protocol-tests folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                // The AWS JSON suites; the folder also holds other protocols' suites, which this
                // reader does not claim to convert yet.
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("awsjson"))
                    && p.to_string_lossy().ends_with(".botocore.json")
            })
            .collect();
        files.sort();
        assert!(!files.is_empty());
        let (mut groups, mut ops_total, mut shapes_total) = (0, 0, 0);
        let mut failures = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("readable");
            let doc: Value = serde_json::from_str(&text).expect("JSON");
            for (i, group) in doc.as_array().expect("a list of groups").iter().enumerate() {
                let metadata = &group["metadata"];
                let namespace = match metadata["jsonVersion"].as_str() {
                    Some("1.0") => "aws.protocoltests.json10",
                    _ => "aws.protocoltests.json",
                };
                let mut ops = Map::new();
                for case in group["cases"].as_array().into_iter().flatten() {
                    if let Some(name) = case["given"]["name"].as_str() {
                        ops.insert(name.to_owned(), case["given"].clone());
                    }
                }
                let empty = Map::new();
                let shapes = group["shapes"].as_object().unwrap_or(&empty);
                groups += 1;
                ops_total += ops.len();
                shapes_total += shapes.len();
                if let Err(e) = from_parts(metadata, &ops, shapes, namespace) {
                    failures.push(format!("{} group {i}: {e}", file.display()));
                }
            }
        }
        println!(
            "protocol tests: {} files, {groups} groups, {ops_total} operations, {shapes_total} shapes",
            files.len()
        );
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
