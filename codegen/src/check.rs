//! Checks the selected closure before anything is generated and, when it is sound, fixes every
//! name and translates every pattern. Emission reads the resulting [`Plan`] and cannot fail.
//!
//! All problems are collected, each naming its shape ID (`ns#Shape$Member` for members).

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Errors;
use crate::index::ShapeIndex;
use crate::model::{Member, Shape, ShapeType, shape_name};
use crate::naming;
use crate::pattern::{self, Translated};
use crate::traits::{self, EnumValue, TraitsExt};

/// Where a generated type lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// `crate::types`
    Types,
    /// `crate::types::error`
    Error,
}

/// A named type in `types` or `types::error`.
#[derive(Debug, Clone)]
pub struct TypeSlot {
    pub name: String,
    pub home: Home,
    /// The private module (and file stem) that holds it: `_user_settings`.
    pub module: String,
}

/// Names for one operation.
#[derive(Debug, Clone)]
pub struct OperationNames {
    /// `UpdateUserProfile`
    pub name: String,
    /// The wire name (shape name), used in `X-Amz-Target`.
    pub wire_name: String,
    /// `update_user_profile`
    pub module: String,
    pub input: String,
    pub output: String,
    pub error: String,
}

/// One enum member: its variant name and wire value.
#[derive(Debug, Clone)]
pub struct EnumEntry {
    pub member: String,
    pub variant: String,
    pub value: EnumValue,
    pub documentation: Option<String>,
    /// `Some` when deprecated, with the model's message (empty when it gives none).
    pub deprecated: Option<String>,
}

/// A translated `@pattern`, shared by every shape that uses the same text.
#[derive(Debug, Clone)]
pub struct PatternSlot {
    pub static_name: String,
    pub translated: Translated,
}

/// Everything emission needs beyond the index: names, enum entries, patterns.
#[derive(Debug, Default)]
pub struct Plan {
    pub types: BTreeMap<String, TypeSlot>,
    pub operations: BTreeMap<String, OperationNames>,
    /// `(structure or union, member)` → field/variant name.
    pub fields: BTreeMap<(String, String), String>,
    /// Enum shape → its members in model order.
    pub enums: BTreeMap<String, Vec<EnumEntry>>,
    /// Pattern text → its static.
    /// (pattern text, `@length` max it is checked with) → its static.
    pub patterns: BTreeMap<(String, Option<u64>), PatternSlot>,
}

/// Validates the closure and builds the plan, or reports every problem found.
pub fn check(index: &ShapeIndex<'_>) -> Result<Plan, Errors> {
    let mut c = Checker {
        index,
        errors: Errors::default(),
        plan: Plan::default(),
    };
    c.service();
    c.operations();
    let referenced = c.member_targets();
    for id in &index.closure {
        c.shape(id, index.shape(id), &referenced);
    }
    c.unique_type_names();
    c.errors.into_result(c.plan)
}

struct Checker<'a, 'm> {
    index: &'a ShapeIndex<'m>,
    errors: Errors,
    plan: Plan,
}

impl Checker<'_, '_> {
    /// The service must name a protocol this generator speaks, and its endpoint rule set (if any)
    /// must load in the runtime's rules engine.
    fn service(&mut self) {
        let Some((id, shape)) = self.index.service else {
            return;
        };
        let t = &shape.traits;
        if !t.has(traits::AWS_JSON_1_0) && !t.has(traits::AWS_JSON_1_1) {
            let protocols: Vec<&str> = t
                .keys()
                .filter(|k| k.starts_with("aws.protocols#"))
                .map(String::as_str)
                .collect();
            self.errors.push(
                id,
                if protocols.is_empty() {
                    "has no protocol trait; this generator speaks `aws.protocols#awsJson1_0` and `aws.protocols#awsJson1_1`".to_owned()
                } else {
                    format!("uses {}; this generator speaks `aws.protocols#awsJson1_0` and `aws.protocols#awsJson1_1`", protocols.join(", "))
                },
            );
        }
        if let Some(rules) = t.get(traits::ENDPOINT_RULE_SET)
            && let Err(e) = lean_aws_runtime::endpoint::RuleSet::from_value(rules)
        {
            self.errors
                .push(id, format!("its endpoint rule set cannot be used: {e}"));
        }
    }

    fn operations(&mut self) {
        let mut modules: BTreeMap<String, &str> = BTreeMap::new();
        for op in &self.index.operations {
            let shape = self.index.shape(op);
            let wire_name = shape_name(op).to_owned();
            let name = naming::type_name(&wire_name);
            let module = naming::module_name(&wire_name);
            if let Some(other) = modules.insert(module.clone(), op) {
                self.errors.push(
                    *op,
                    format!("its module `{module}` is also the module of `{other}`"),
                );
            }
            for (part, target) in [("input", &shape.input), ("output", &shape.output)] {
                if let Some(t) = target {
                    let Some(kind) = self.kind_of(&t.target) else {
                        continue;
                    };
                    if kind != ShapeType::Structure {
                        self.errors.push(
                            *op,
                            format!(
                                "its {part} `{}` is a {}, not a structure",
                                t.target,
                                kind.name()
                            ),
                        );
                    }
                }
            }
            for e in &shape.errors {
                let Some(target) = self.index.model.shapes.get(&e.target) else {
                    continue;
                };
                if target.kind != ShapeType::Structure || !target.traits.has(traits::ERROR) {
                    self.errors.push(
                        *op,
                        format!(
                            "lists `{}` as an error, but it is not an `@error` structure",
                            e.target
                        ),
                    );
                }
            }
            self.plan.operations.insert(
                (*op).to_owned(),
                OperationNames {
                    input: format!("{name}Input"),
                    output: format!("{name}Output"),
                    error: format!("{name}Error"),
                    name,
                    wire_name,
                    module,
                },
            );
        }
    }

    /// Shapes that some member targets (so an input/output shape referenced elsewhere also gets a
    /// type of its own).
    fn member_targets(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for id in &self.index.closure {
            for (_, m) in crate::index::members_of(self.index.shape(id)) {
                out.insert(m.target.clone());
            }
        }
        out
    }

    fn shape(&mut self, id: &str, shape: &Shape, referenced: &BTreeSet<String>) {
        let traits = &shape.traits;
        self.constraint_traits(id, shape.kind, traits);
        match shape.kind {
            ShapeType::BigInteger | ShapeType::BigDecimal => self.errors.push(
                id,
                format!(
                    "{} shapes are not supported yet (no AWS JSON service uses them)",
                    shape.kind.name()
                ),
            ),
            ShapeType::Blob if traits.has(traits::STREAMING) => self.errors.push(
                id,
                "streaming blobs are not supported by AWS JSON protocols",
            ),
            ShapeType::Timestamp => {
                if let Err(e) = traits.timestamp_format() {
                    self.errors.push(id, e);
                }
            }
            ShapeType::String => {
                if let Some(Some(defs)) = self.ok(id, traits.enum_definitions()) {
                    let entries = defs
                        .into_iter()
                        .map(|d| EnumEntry {
                            variant: naming::variant_name(d.name.as_deref().unwrap_or(&d.value)),
                            member: d.name.unwrap_or_else(|| d.value.clone()),
                            value: EnumValue::String(d.value),
                            documentation: d.documentation,
                            deprecated: d.deprecated.then(String::new),
                        })
                        .collect();
                    self.enum_entries(id, entries);
                    self.type_slot(id, Home::Types);
                }
            }
            ShapeType::Enum | ShapeType::IntEnum => {
                let mut entries = Vec::new();
                for (name, m) in &shape.members {
                    let at = format!("{id}${name}");
                    let value = match (self.ok(&at, m.traits.enum_value()), shape.kind) {
                        (Some(Some(EnumValue::String(s))), ShapeType::Enum) => EnumValue::String(s),
                        (Some(None), ShapeType::Enum) => EnumValue::String(name.clone()),
                        (Some(Some(EnumValue::Int(i))), ShapeType::IntEnum) => {
                            if i32::try_from(i).is_err() {
                                self.errors.push(
                                    &at,
                                    format!("intEnum value {i} does not fit a 32-bit integer"),
                                );
                            }
                            EnumValue::Int(i)
                        }
                        (Some(_), _) => {
                            self.errors.push(
                                &at,
                                format!(
                                    "{} members need a {} `@enumValue`",
                                    shape.kind.name(),
                                    if shape.kind == ShapeType::Enum {
                                        "string"
                                    } else {
                                        "integer"
                                    }
                                ),
                            );
                            continue;
                        }
                        (None, _) => continue,
                    };
                    entries.push(EnumEntry {
                        member: name.clone(),
                        variant: naming::variant_name(name),
                        value,
                        documentation: m.traits.documentation().map(str::to_owned),
                        deprecated: m.traits.deprecated_message(),
                    });
                }
                if entries.is_empty() {
                    self.errors
                        .push(id, format!("{} has no members", shape.kind.name()));
                }
                self.enum_entries(id, entries);
                self.type_slot(id, Home::Types);
            }
            ShapeType::List | ShapeType::Set => match &shape.member {
                Some(m) => self.member(id, "member", m),
                None => self.errors.push(id, "list has no `member`"),
            },
            ShapeType::Map => {
                match &shape.key {
                    Some(k) => {
                        self.member(id, "key", k);
                        if self.kind_of(&k.target).is_some_and(|kind| {
                            !matches!(kind, ShapeType::String | ShapeType::Enum)
                        }) {
                            self.errors
                                .push(format!("{id}$key"), "map keys must target a string shape");
                        }
                    }
                    None => self.errors.push(id, "map has no `key`"),
                }
                match &shape.value {
                    Some(v) => self.member(id, "value", v),
                    None => self.errors.push(id, "map has no `value`"),
                }
            }
            ShapeType::Structure | ShapeType::Union => {
                if shape.kind == ShapeType::Union && traits.has(traits::STREAMING) {
                    self.errors.push(id, "event streams are not supported");
                }
                if shape.kind == ShapeType::Union && shape.members.is_empty() {
                    self.errors.push(id, "union has no members");
                }
                if let Err(e) = traits.error_fault().and_then(|_| traits.http_error()) {
                    self.errors.push(id, e);
                }
                self.fields(id, shape);
                let is_op_shape = self.index.operation_of(id).is_some();
                if traits.has(traits::ERROR) {
                    self.type_slot(id, Home::Error);
                } else if !is_op_shape || referenced.contains(id) {
                    self.type_slot(id, Home::Types);
                }
            }
            ShapeType::Operation | ShapeType::Service | ShapeType::Resource | ShapeType::Apply => {
                self.errors.push(
                    id,
                    format!("a {} cannot be the target of a member", shape.kind.name()),
                );
            }
            _ => {}
        }
    }

    /// The kind of a target, or `None` for a dangling one (which the index already reported).
    fn kind_of(&self, id: &str) -> Option<ShapeType> {
        self.index.model.shapes.get(id).map(|s| s.kind)
    }

    fn ok<T>(&mut self, at: &str, r: Result<T, String>) -> Option<T> {
        r.map_err(|e| self.errors.push(at, e)).ok()
    }

    /// Checks a list/map member: traits on it and its target's kind.
    fn member(&mut self, container: &str, name: &str, m: &Member) {
        let at = format!("{container}${name}");
        let Some(kind) = self.kind_of(&m.target) else {
            return;
        };
        self.constraint_traits(&at, kind, &m.traits);
        self.member_pattern(&at, m);
    }

    /// Constraint traits must parse and must fit the type they are on.
    fn constraint_traits(&mut self, at: &str, kind: ShapeType, t: &crate::model::Traits) {
        if let Some(Some(_)) = self.ok(at, t.length())
            && !matches!(
                kind,
                ShapeType::String
                    | ShapeType::Enum
                    | ShapeType::Blob
                    | ShapeType::List
                    | ShapeType::Set
                    | ShapeType::Map
            )
        {
            self.errors
                .push(at, format!("`@length` does not apply to a {}", kind.name()));
        }
        if let Some(Some(_)) = self.ok(at, t.range_bounds())
            && !kind.is_number()
        {
            self.errors
                .push(at, format!("`@range` does not apply to a {}", kind.name()));
        }
        if let Some(Some(p)) = self.ok(at, t.pattern()) {
            if !matches!(kind, ShapeType::String | ShapeType::Enum) {
                self.errors.push(
                    at,
                    format!("`@pattern` does not apply to a {}", kind.name()),
                );
            } else {
                let max_len = t.length().ok().flatten().and_then(|l| l.max);
                self.register_pattern(at, p, max_len);
            }
        }
        if t.has(traits::UNIQUE_ITEMS) && !matches!(kind, ShapeType::List | ShapeType::Set) {
            self.errors.push(
                at,
                format!("`@uniqueItems` does not apply to a {}", kind.name()),
            );
        }
    }

    /// Translates a pattern once per (text, length bound) it is used with. The length bound lets
    /// counted repetitions that can never bind be relaxed ([`crate::repetition`]).
    fn register_pattern(&mut self, at: &str, p: &str, max_len: Option<u64>) {
        let key = (p.to_owned(), max_len);
        if self.plan.patterns.contains_key(&key) {
            return;
        }
        match pattern::translate_within(p, max_len) {
            Ok(translated) => {
                let base = at.rsplit('#').next().unwrap_or(at).replace('$', "_");
                let mut static_name = format!("PATTERN_{}", naming::const_name(&base));
                while self
                    .plan
                    .patterns
                    .values()
                    .any(|s| s.static_name == static_name)
                {
                    static_name.push('_');
                }
                self.plan.patterns.insert(
                    key,
                    PatternSlot {
                        static_name,
                        translated,
                    },
                );
            }
            Err(e) => self
                .errors
                .push(at, format!("`@pattern` {p:?} cannot be used: {e}")),
        }
    }

    /// A member's own `@pattern`/`@length` combine with its target's (member traits win), and the
    /// combination is what gets checked, so its pattern is registered with the combined bound.
    fn member_pattern(&mut self, at: &str, m: &Member) {
        if !m.traits.has(traits::PATTERN) && !m.traits.has(traits::LENGTH) {
            return;
        }
        let Some(target) = self.index.model.shapes.get(&m.target) else {
            return;
        };
        let pick = |key: &str| m.traits.get(key).or_else(|| target.traits.get(key));
        let Some(p) = pick(traits::PATTERN)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
        else {
            return;
        };
        let max_len = pick(traits::LENGTH)
            .and_then(|v| v.get("max"))
            .and_then(|v| v.as_u64());
        if matches!(target.kind, ShapeType::String | ShapeType::Enum) {
            self.register_pattern(at, &p, max_len);
        }
    }

    /// Field names of a structure or union: valid, and distinct after snake-casing (including the
    /// builder's `set_`/`get_` methods, which must not collide either).
    fn fields(&mut self, id: &str, shape: &Shape) {
        let mut methods: BTreeMap<String, &str> = BTreeMap::new();
        for (name, m) in &shape.members {
            let at = format!("{id}${name}");
            let Some(target_kind) = self.kind_of(&m.target) else {
                continue;
            };
            self.constraint_traits(&at, target_kind, &m.traits);
            self.member_pattern(&at, m);
            if let Err(e) = m.traits.timestamp_format() {
                self.errors.push(&at, e);
            }
            let field = if shape.kind == ShapeType::Union {
                naming::variant_name(name)
            } else {
                naming::field_name(name)
            };
            if !naming::is_identifier(&field) {
                self.errors
                    .push(&at, format!("gives no usable Rust name (`{field}`)"));
            }
            let plain = naming::file_stem(&field).to_owned();
            let all = if shape.kind == ShapeType::Union {
                vec![plain.clone()]
            } else {
                vec![
                    plain.clone(),
                    format!("set_{plain}"),
                    format!("get_{plain}"),
                ]
            };
            // One report per member: the first of its names that collides.
            for method in all {
                if let Some(other) = methods.insert(method.clone(), name) {
                    self.errors.push(
                        &at,
                        format!("its Rust name `{method}` is also the name for member `{other}`"),
                    );
                    break;
                }
            }
            self.plan
                .fields
                .insert((id.to_owned(), name.clone()), field);
        }
    }

    fn enum_entries(&mut self, id: &str, entries: Vec<EnumEntry>) {
        let mut variants: BTreeMap<&str, &str> = BTreeMap::new();
        let mut values: BTreeMap<String, &str> = BTreeMap::new();
        for e in &entries {
            let at = format!("{id}${}", e.member);
            if let Some(other) = variants.insert(&e.variant, &e.member) {
                self.errors.push(
                    &at,
                    format!(
                        "its variant name `{}` is also the name for `{other}`",
                        e.variant
                    ),
                );
            }
            let value = match &e.value {
                EnumValue::String(s) => s.clone(),
                EnumValue::Int(i) => i.to_string(),
            };
            if let Some(other) = values.insert(value.clone(), &e.member) {
                self.errors.push(
                    &at,
                    format!("its value {value:?} is also the value of `{other}`"),
                );
            }
        }
        self.plan.enums.insert(id.to_owned(), entries);
    }

    fn type_slot(&mut self, id: &str, home: Home) {
        let name = naming::type_name(shape_name(id));
        let module = format!("_{}", naming::file_stem(&naming::module_name(&name)));
        self.plan
            .types
            .insert(id.to_owned(), TypeSlot { name, home, module });
    }

    /// Two shapes must not get the same type name or file in the same module.
    fn unique_type_names(&mut self) {
        let mut seen: BTreeMap<(Home, String), &str> = BTreeMap::new();
        let mut problems = Vec::new();
        for (id, slot) in &self.plan.types {
            for key in [
                (slot.home, slot.name.clone()),
                (slot.home, slot.module.clone()),
            ] {
                if let Some(other) = seen.insert(key.clone(), id) {
                    problems.push((
                        id.clone(),
                        format!("its Rust name `{}` is also the name of `{other}`", key.1),
                    ));
                }
            }
        }
        for (id, message) in problems {
            self.errors.push(id, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    fn check_shapes(shapes: &str) -> Result<Plan, String> {
        let text = format!(
            r#"{{"smithy":"2.0","shapes":{{
            "ex#Svc":{{"type":"service","version":"1","operations":[{{"target":"ex#Op"}}],"traits":{{"aws.protocols#awsJson1_1":{{}}}}}},
            "ex#Op":{{"type":"operation","input":{{"target":"ex#In"}}}},
            {shapes}}}}}"#
        );
        let model =
            Model::from_json_sources([("m.json", text.as_str())]).map_err(|e| e.to_string())?;
        let index = ShapeIndex::build(&model, &[]).map_err(|e| e.to_string())?;
        check(&index).map_err(|e| e.to_string())
    }

    #[test]
    fn reports_all_problems_with_their_shape_ids() {
        let err = check_shapes(
            r#""ex#In":{"type":"structure","members":{
                "FooBar":{"target":"ex#S"}, "foo_bar":{"target":"ex#S"},
                "E":{"target":"ex#E"}, "N":{"target":"ex#N"}, "B":{"target":"ex#Big"}}},
            "ex#S":{"type":"string","traits":{"smithy.api#pattern":"(unclosed","smithy.api#range":{"min":1}}},
            "ex#E":{"type":"enum","members":{
                "A_B":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"a"}},
                "a_b":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"a"}}}},
            "ex#N":{"type":"integer","traits":{"smithy.api#length":{"max":3}}},
            "ex#Big":{"type":"bigDecimal"}"#,
        )
        .unwrap_err();
        for expected in [
            "ex#In$foo_bar: its Rust name `foo_bar` is also the name for member `FooBar`",
            "ex#S: `@pattern` \"(unclosed\" cannot be used",
            "ex#S: `@range` does not apply to a string",
            "ex#E$a_b: its variant name `AB` is also the name for `A_B`",
            "ex#E$a_b: its value \"a\" is also the value of `A_B`",
            "ex#N: `@length` does not apply to a integer",
            "ex#Big: bigDecimal shapes are not supported",
        ] {
            assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
        }
    }

    #[test]
    fn reports_unsupported_protocols_and_broken_rule_sets() {
        let text = r#"{"smithy":"2.0","shapes":{
            "ex#Svc":{"type":"service","version":"1","operations":[{"target":"ex#Op"}],
                "traits":{"aws.protocols#restJson1":{},"smithy.rules#endpointRuleSet":{"version":"1.0","parameters":{},"rules":[{"type":"frob"}]}}},
            "ex#Op":{"type":"operation"}}}"#;
        let model = Model::from_json_sources([("m.json", text)]).unwrap();
        let index = ShapeIndex::build(&model, &[]).unwrap();
        let err = check(&index).unwrap_err().to_string();
        assert!(
            err.contains("ex#Svc: uses aws.protocols#restJson1; this generator speaks"),
            "{err}"
        );
        assert!(
            err.contains("ex#Svc: its endpoint rule set cannot be used"),
            "{err}"
        );
    }

    #[test]
    fn reports_colliding_type_names() {
        let err = check_shapes(
            r#""ex#In":{"type":"structure","members":{"A":{"target":"ex#Thing"},"B":{"target":"other#Thing"}}},
            "ex#Thing":{"type":"structure","members":{}},
            "other#Thing":{"type":"structure","members":{}}"#,
        )
        .unwrap_err();
        assert!(
            err.contains("other#Thing: its Rust name `Thing` is also the name of `ex#Thing`"),
            "{err}"
        );
    }

    #[test]
    fn plans_names_and_patterns() {
        let plan = check_shapes(
            r#""ex#In":{"type":"structure","members":{"Type":{"target":"ex#S"},"Kind":{"target":"ex#E"}}},
            "ex#S":{"type":"string","traits":{"smithy.api#pattern":"^\\d+$"}},
            "ex#E":{"type":"enum","members":{"ML_T3":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"ml.t3"}}}}"#,
        )
        .unwrap();
        assert_eq!(plan.fields[&("ex#In".into(), "Type".into())], "r#type");
        assert_eq!(plan.enums["ex#E"][0].variant, "MlT3");
        assert_eq!(
            plan.patterns[&("^\\d+$".to_owned(), None)].static_name,
            "PATTERN_S"
        );
        assert!(
            !plan.types.contains_key("ex#In"),
            "operation input lives in its operation module"
        );
        assert_eq!(plan.operations["ex#Op"].input, "OpInput");
    }
}
