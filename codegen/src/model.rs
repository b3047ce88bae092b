//! The Smithy 2.0 JSON AST, mirrored one to one in serde types.
//!
//! Shapes are kept in a `BTreeMap` so every walk over the model is ordered by shape ID; members keep
//! the order the model gives them, because that order becomes field order in the generated code.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use crate::error::Errors;

mod json;
mod mixins;
pub mod strict;

/// A whole model: one or more JSON AST files merged, plus the Smithy prelude.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Every shape by absolute shape ID (`namespace#Name`).
    pub shapes: BTreeMap<String, Shape>,
    /// Model metadata, merged across files.
    pub metadata: BTreeMap<String, Value>,
}

/// One JSON AST file, as serialized. A key the format does not have is an error, not ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AstFile {
    smithy: String,
    #[serde(default)]
    metadata: BTreeMap<String, Value>,
    /// Read shape by shape, so one malformed shape is reported by its ID and the rest still load.
    #[serde(default)]
    shapes: BTreeMap<String, Value>,
}

/// The shape types of Smithy 2.0 (plus `set` and `apply` from the JSON AST).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ShapeType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Set,
    Map,
    Structure,
    Union,
    Operation,
    Service,
    Resource,
    Apply,
}

impl ShapeType {
    /// The name used in the Smithy specification and in error messages.
    pub fn name(self) -> &'static str {
        match self {
            ShapeType::Blob => "blob",
            ShapeType::Boolean => "boolean",
            ShapeType::String => "string",
            ShapeType::Byte => "byte",
            ShapeType::Short => "short",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::Float => "float",
            ShapeType::Double => "double",
            ShapeType::BigInteger => "bigInteger",
            ShapeType::BigDecimal => "bigDecimal",
            ShapeType::Timestamp => "timestamp",
            ShapeType::Document => "document",
            ShapeType::Enum => "enum",
            ShapeType::IntEnum => "intEnum",
            ShapeType::List => "list",
            ShapeType::Set => "set",
            ShapeType::Map => "map",
            ShapeType::Structure => "structure",
            ShapeType::Union => "union",
            ShapeType::Operation => "operation",
            ShapeType::Service => "service",
            ShapeType::Resource => "resource",
            ShapeType::Apply => "apply",
        }
    }

    /// Whether values of this type are numbers that `@range` applies to.
    pub fn is_number(self) -> bool {
        matches!(
            self,
            ShapeType::Byte
                | ShapeType::Short
                | ShapeType::Integer
                | ShapeType::Long
                | ShapeType::Float
                | ShapeType::Double
                | ShapeType::BigInteger
                | ShapeType::BigDecimal
        )
    }
}

/// A reference to another shape: `{"target": "ns#Name"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub target: String,
}

/// A member of a structure, union, enum, list or map.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub target: String,
    #[serde(default)]
    pub traits: Traits,
}

/// Raw trait values by absolute trait ID. Unknown traits are kept and ignored; typed views live in
/// [`crate::traits`].
pub type Traits = BTreeMap<String, Value>;

/// One shape of any type. The JSON AST is flat, so one struct with optional parts is the faithful
/// mirror; [`crate::check`] reports parts that are missing or misplaced for a shape's type.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: ShapeType,
    #[serde(default)]
    pub traits: Traits,
    /// Structure, union, enum and intEnum members, in model order.
    #[serde(default)]
    pub members: IndexMap<String, Member>,
    /// List and set element.
    pub member: Option<Member>,
    /// Map key and value.
    pub key: Option<Member>,
    pub value: Option<Member>,
    /// Operation parts.
    pub input: Option<Target>,
    pub output: Option<Target>,
    #[serde(default)]
    pub errors: Vec<Target>,
    /// The mixins whose members and traits this shape copies; empty once the model is read,
    /// which resolves them (`model/mixins.rs`).
    #[serde(default)]
    pub mixins: Vec<Target>,
    /// Service and resource parts.
    pub version: Option<String>,
    #[serde(default)]
    pub operations: Vec<Target>,
    #[serde(default)]
    pub collection_operations: Vec<Target>,
    #[serde(default)]
    pub resources: Vec<Target>,
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Resource identifiers and properties, by name.
    #[serde(default)]
    pub identifiers: IndexMap<String, Target>,
    #[serde(default)]
    pub properties: IndexMap<String, Target>,
    pub create: Option<Target>,
    pub put: Option<Target>,
    pub read: Option<Target>,
    pub update: Option<Target>,
    pub delete: Option<Target>,
    pub list: Option<Target>,
}

impl Shape {
    /// A shape with nothing but its type, to be filled in (the prelude, the botocore reader).
    pub fn empty(kind: ShapeType) -> Shape {
        Shape {
            kind,
            traits: Traits::new(),
            members: IndexMap::new(),
            member: None,
            key: None,
            value: None,
            input: None,
            output: None,
            errors: Vec::new(),
            mixins: Vec::new(),
            version: None,
            operations: Vec::new(),
            collection_operations: Vec::new(),
            resources: Vec::new(),
            rename: BTreeMap::new(),
            identifiers: IndexMap::new(),
            properties: IndexMap::new(),
            create: None,
            put: None,
            read: None,
            update: None,
            delete: None,
            list: None,
        }
    }

    /// Operations bound to a resource, lifecycle ones included.
    pub fn resource_operations(&self) -> impl Iterator<Item = &Target> {
        [
            &self.create,
            &self.put,
            &self.read,
            &self.update,
            &self.delete,
            &self.list,
        ]
        .into_iter()
        .flatten()
        .chain(&self.operations)
        .chain(&self.collection_operations)
    }
}

/// The namespace of the Smithy prelude.
pub const PRELUDE: &str = "smithy.api";

impl Model {
    /// An empty model holding only the prelude shapes.
    pub fn with_prelude() -> Model {
        let mut model = Model::default();
        let simple = [
            ("String", ShapeType::String),
            ("Blob", ShapeType::Blob),
            ("BigInteger", ShapeType::BigInteger),
            ("BigDecimal", ShapeType::BigDecimal),
            ("Timestamp", ShapeType::Timestamp),
            ("Document", ShapeType::Document),
            ("Boolean", ShapeType::Boolean),
            ("Byte", ShapeType::Byte),
            ("Short", ShapeType::Short),
            ("Integer", ShapeType::Integer),
            ("Long", ShapeType::Long),
            ("Float", ShapeType::Float),
            ("Double", ShapeType::Double),
        ];
        for (name, kind) in simple {
            model
                .shapes
                .insert(format!("{PRELUDE}#{name}"), Shape::empty(kind));
        }
        // The deprecated primitive shapes carry a zero default: members targeting them are not optional.
        let primitives = [
            ("PrimitiveBoolean", ShapeType::Boolean, Value::Bool(false)),
            ("PrimitiveByte", ShapeType::Byte, Value::from(0)),
            ("PrimitiveShort", ShapeType::Short, Value::from(0)),
            ("PrimitiveInteger", ShapeType::Integer, Value::from(0)),
            ("PrimitiveLong", ShapeType::Long, Value::from(0)),
            ("PrimitiveFloat", ShapeType::Float, Value::from(0)),
            ("PrimitiveDouble", ShapeType::Double, Value::from(0)),
        ];
        for (name, kind, default) in primitives {
            let mut shape = Shape::empty(kind);
            shape.traits.insert("smithy.api#default".into(), default);
            model.shapes.insert(format!("{PRELUDE}#{name}"), shape);
        }
        let mut unit = Shape::empty(ShapeType::Structure);
        unit.traits.insert(
            "smithy.api#unitType".into(),
            Value::Object(Default::default()),
        );
        model.shapes.insert(format!("{PRELUDE}#Unit"), unit);
        model
    }

    /// Parses JSON AST documents (file name, text) into one model with the prelude.
    ///
    /// Every problem in every file is reported; a shape defined twice is an error. `apply` shapes
    /// merge their traits into the shape they name once all files are read.
    pub fn from_json_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Model, Errors> {
        let (model, errors) = Model::parse_all(sources);
        errors.into_result(model)
    }

    /// Like [`Model::from_json_sources`], but also returns what could be read when there are
    /// problems, so later stages can report theirs too (see [`crate::generate_with`]).
    pub fn parse_all<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Model, Errors) {
        let mut model = Model::with_prelude();
        let mut errors = Errors::default();
        let mut applies = Vec::new();
        for (name, text) in sources {
            // A byte order mark is not JSON, but editors write one; it carries no meaning here.
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            // serde would read `[...]` as the fields in order and report a confusing type error.
            match text.trim_start().chars().next() {
                Some('{') => {}
                first => {
                    let found = match first {
                        None => "nothing".to_owned(),
                        Some('[') => "an array".to_owned(),
                        Some(c) => format!("`{c}`"),
                    };
                    errors.push(
                        name,
                        format!("not a Smithy JSON AST document: it must be a JSON object, and it starts with {found}"),
                    );
                    continue;
                }
            }
            let file: AstFile = match json::parse(text).and_then(serde_json::from_value) {
                Ok(file) => file,
                Err(e) => {
                    errors.push(name, format!("not a Smithy JSON AST document: {e}"));
                    continue;
                }
            };
            if !file.smithy.starts_with('1') && !file.smithy.starts_with('2') {
                errors.push(
                    name,
                    format!("unsupported Smithy version `{}`", file.smithy),
                );
            }
            model.metadata.extend(file.metadata);
            for (id, shape) in file.shapes {
                let shape: Shape = match serde_json::from_value(shape) {
                    Ok(shape) => shape,
                    Err(e) => {
                        errors.push(&id, format!("is not a valid shape: {e}"));
                        continue;
                    }
                };
                if shape.kind == ShapeType::Apply {
                    applies.push((id, shape.traits));
                } else {
                    match model.shapes.entry(id) {
                        Entry::Occupied(e) => errors
                            .push(e.key(), format!("defined more than once (again in {name})")),
                        Entry::Vacant(e) => {
                            e.insert(shape);
                        }
                    }
                }
            }
        }
        // Traits applied to a mixin reach the shapes that copy it, so those are applied first;
        // an inherited member exists only once mixins are resolved.
        let mut pending = Vec::new();
        for (id, traits) in applies {
            if let Err(traits) = model.apply(&id, traits) {
                pending.push((id, traits));
            }
        }
        mixins::resolve(&mut model.shapes, &mut errors);
        for (id, traits) in pending {
            if model.apply(&id, traits).is_err() {
                errors.push(&id, "`apply` names a shape or member that does not exist");
            }
        }
        strict::check(&model, &mut errors);
        (model, errors)
    }

    /// Adds `traits` to the shape or member (`ns#Shape$member`) `id`; gives them back when there
    /// is no such shape or member.
    fn apply(&mut self, id: &str, traits: Traits) -> Result<(), Traits> {
        let (shape_id, member) = match id.split_once('$') {
            Some((shape_id, member)) => (shape_id, Some(member)),
            None => (id, None),
        };
        let Some(shape) = self.shapes.get_mut(shape_id) else {
            return Err(traits);
        };
        let target = match member {
            None => &mut shape.traits,
            Some(name) => {
                let part = match name {
                    "member" => shape.member.as_mut(),
                    "key" => shape.key.as_mut(),
                    "value" => shape.value.as_mut(),
                    _ => None,
                };
                match part.or_else(|| shape.members.get_mut(name)) {
                    Some(m) => &mut m.traits,
                    None => return Err(traits),
                }
            }
        };
        target.extend(traits);
        Ok(())
    }
}

/// Splits `ns#Name` into namespace and name; `None` when the ID is not absolute.
pub fn split_id(id: &str) -> Option<(&str, &str)> {
    let (ns, name) = id.split_once('#')?;
    (!ns.is_empty() && !name.is_empty() && !name.contains('$')).then_some((ns, name))
}

/// The name part of a shape ID (`Name` of `ns#Name`); the whole text when it has no namespace.
pub fn shape_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_shapes_prelude_and_apply() {
        let a = r#"{"smithy":"2.0","shapes":{
            "ex#S":{"type":"structure","members":{"B":{"target":"smithy.api#String"},"A":{"target":"ex#L"}}},
            "ex#L":{"type":"list","member":{"target":"smithy.api#Integer"},"traits":{"smithy.api#length":{"max":3}}}}}"#;
        let b = r#"{"smithy":"2.0","shapes":{"ex#S":{"type":"apply","traits":{"smithy.api#documentation":"hi"}}}}"#;
        let model = Model::from_json_sources([("a.json", a), ("b.json", b)]).unwrap();
        let s = &model.shapes["ex#S"];
        assert_eq!(s.kind, ShapeType::Structure);
        assert_eq!(
            s.members.keys().collect::<Vec<_>>(),
            ["B", "A"],
            "member order is kept"
        );
        assert_eq!(s.traits["smithy.api#documentation"], "hi");
        assert!(model.shapes.contains_key("smithy.api#Unit"));
        assert_eq!(
            model.shapes["smithy.api#PrimitiveInteger"].traits["smithy.api#default"],
            0
        );
    }

    #[test]
    fn reports_every_bad_file_and_duplicate() {
        let a = r#"{"smithy":"2.0","shapes":{"ex#S":{"type":"string"}}}"#;
        let err = Model::from_json_sources([
            ("a.json", a),
            ("b.json", a),
            ("c.json", "{"),
            (
                "d.json",
                r#"{"smithy":"2.0","shapes":{"ex#T":{"type":"frob"}}}"#,
            ),
        ])
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("ex#S: defined more than once (again in b.json)"),
            "{text}"
        );
        assert!(
            text.contains("c.json: not a Smithy JSON AST document"),
            "{text}"
        );
        assert!(
            text.contains("ex#T: is not a valid shape: unknown variant `frob`"),
            "{text}"
        );
    }

    #[test]
    fn splits_ids() {
        assert_eq!(split_id("a.b#C"), Some(("a.b", "C")));
        assert_eq!(split_id("C"), None);
        assert_eq!(split_id("a#C$m"), None);
        assert_eq!(shape_name("a.b#C"), "C");
    }
}
