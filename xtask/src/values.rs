//! Rust expressions for JSON values of model shapes, written with a generated crate's names (the
//! crate is `p` where the expressions are used): how test code builds the inputs, outputs and
//! errors that test files give as JSON.

use std::fmt::Write as _;

use codegen::check::{Home, Plan};
use codegen::model::{Model, ShapeType};
use serde_json::Value;

pub(crate) fn type_path(slot: &codegen::check::TypeSlot) -> String {
    match slot.home {
        Home::Types => format!("p::types::{}", slot.name),
        Home::Error => format!("p::types::error::{}", slot.name),
    }
}

/// Writes Rust expressions for JSON values of model shapes, using the generated crate's names.
pub(crate) struct Gen<'a> {
    pub(crate) model: &'a Model,
    pub(crate) plan: &'a Plan,
    /// Whether a NaN was written (then `==` cannot compare the values).
    pub(crate) nan: std::cell::Cell<bool>,
}

impl Gen<'_> {
    /// `Type::builder().set_x(Some(..))….build()`, with `?` when `build` returns a `Result`.
    pub(crate) fn structure(
        &self,
        id: &str,
        path: &str,
        is_input: bool,
        value: &Value,
    ) -> Result<String, String> {
        let mut out = self.builder(id, path, value)?;
        out.push_str("\n    .build()");
        if is_input || self.plan.build_can_fail(id) {
            let _ = write!(
                out,
                "\n    .map_err(|e| format!(\"{} does not build: {{e}}\"))?",
                path.rsplit("::").next().unwrap_or(path)
            );
        }
        Ok(out)
    }

    /// `Type::builder().set_x(Some(..))…`: the builder with `value`'s members set.
    pub(crate) fn builder(&self, id: &str, path: &str, value: &Value) -> Result<String, String> {
        let shape = &self.model.shapes[id];
        let Value::Object(members) = value else {
            return Err(format!("{id}: expected an object, found {value}"));
        };
        let mut out = format!("{path}::builder()");
        for (name, v) in members {
            let member = shape
                .members
                .get(name)
                .ok_or_else(|| format!("{id} has no member `{name}`"))?;
            if v.is_null() {
                continue;
            }
            let field = &self.plan.fields[&(id.to_owned(), name.clone())];
            let (setter, _) = codegen::naming::accessors(field);
            let expr = self.value(&member.target, v)?;
            let _ = write!(out, "\n    .{setter}(::std::option::Option::Some({expr}))");
        }
        Ok(out)
    }

    pub(crate) fn value(&self, id: &str, v: &Value) -> Result<String, String> {
        let shape = &self.model.shapes[id];
        let text = |v: &Value| {
            v.as_str()
                .map(|s| format!("{s:?}"))
                .ok_or_else(|| format!("{id}: expected a string, found {v}"))
        };
        let int = |v: &Value, min: i64, max: i64, suffix: &str| {
            v.as_i64()
                .filter(|n| (min..=max).contains(n))
                .map(|n| format!("{n}_{suffix}"))
                .ok_or_else(|| format!("{id}: expected an {suffix}, found {v}"))
        };
        Ok(match shape.kind {
            ShapeType::String if self.plan.enums.contains_key(id) => {
                format!("{}::from({})", type_path(&self.plan.types[id]), text(v)?)
            }
            ShapeType::String => format!("::std::string::String::from({})", text(v)?),
            ShapeType::Enum => format!("{}::from({})", type_path(&self.plan.types[id]), text(v)?),
            ShapeType::IntEnum => format!(
                "{}::from({})",
                type_path(&self.plan.types[id]),
                int(v, i32::MIN.into(), i32::MAX.into(), "i32")?
            ),
            ShapeType::Boolean => v
                .as_bool()
                .ok_or_else(|| format!("{id}: expected a boolean, found {v}"))?
                .to_string(),
            ShapeType::Byte => int(v, i8::MIN.into(), i8::MAX.into(), "i8")?,
            ShapeType::Short => int(v, i16::MIN.into(), i16::MAX.into(), "i16")?,
            ShapeType::Integer => int(v, i32::MIN.into(), i32::MAX.into(), "i32")?,
            ShapeType::Long => int(v, i64::MIN, i64::MAX, "i64")?,
            ShapeType::Float => self.float(id, v, "f32")?,
            ShapeType::Double => self.float(id, v, "f64")?,
            ShapeType::Blob => format!("p::primitives::Blob::new({}.as_bytes())", text(v)?),
            ShapeType::Timestamp => timestamp(id, v)?,
            ShapeType::Document => format!(
                "::serde_json::json!({})",
                serde_json::to_string(v).map_err(|e| e.to_string())?
            ),
            ShapeType::List | ShapeType::Set => {
                let items = v
                    .as_array()
                    .ok_or_else(|| format!("{id}: expected a list, found {v}"))?;
                let member = shape.member.as_ref().ok_or("a list without a member")?;
                let sparse = self.plan.members[&(id.to_owned(), "member".to_owned())].nullable;
                let mut parts = Vec::new();
                for item in items {
                    parts.push(self.element(&member.target, item, sparse)?);
                }
                if parts.is_empty() {
                    "::std::vec::Vec::new()".to_owned()
                } else {
                    format!("::std::vec![{}]", parts.join(", "))
                }
            }
            ShapeType::Map => {
                let entries = v
                    .as_object()
                    .ok_or_else(|| format!("{id}: expected a map, found {v}"))?;
                let key = shape.key.as_ref().ok_or("a map without a key")?;
                let value = shape.value.as_ref().ok_or("a map without a value")?;
                let sparse = self.plan.members[&(id.to_owned(), "value".to_owned())].nullable;
                let mut parts = Vec::new();
                for (k, item) in entries {
                    parts.push(format!(
                        "({}, {})",
                        self.value(&key.target, &Value::String(k.clone()))?,
                        self.element(&value.target, item, sparse)?
                    ));
                }
                if parts.is_empty() {
                    "::std::collections::HashMap::new()".to_owned()
                } else {
                    format!("::std::collections::HashMap::from([{}])", parts.join(", "))
                }
            }
            ShapeType::Structure => {
                self.structure(id, &type_path(&self.plan.types[id]), false, v)?
            }
            ShapeType::Union => {
                let members = v
                    .as_object()
                    .ok_or_else(|| format!("{id}: expected an object, found {v}"))?;
                let set: Vec<(&String, &Value)> =
                    members.iter().filter(|(_, v)| !v.is_null()).collect();
                let [(name, item)] = set.as_slice() else {
                    return Err(format!(
                        "{id}: a union value needs exactly one member, found {v}"
                    ));
                };
                let member = shape
                    .members
                    .get(*name)
                    .ok_or_else(|| format!("{id} has no member `{name}`"))?;
                let variant = &self.plan.fields[&(id.to_owned(), (*name).clone())];
                let mut expr = self.value(&member.target, item)?;
                if self.plan.members[&(id.to_owned(), (*name).clone())].boxed {
                    expr = format!("::std::boxed::Box::new({expr})");
                }
                format!("{}::{}({expr})", type_path(&self.plan.types[id]), variant)
            }
            other => return Err(format!("{id}: cannot write a {} value", other.name())),
        })
    }

    /// A list element or map value; sparse collections hold `Option`s.
    fn element(&self, id: &str, v: &Value, sparse: bool) -> Result<String, String> {
        match (sparse, v.is_null()) {
            (true, true) => Ok("::std::option::Option::None".into()),
            (true, false) => Ok(format!(
                "::std::option::Option::Some({})",
                self.value(id, v)?
            )),
            (false, true) => Err(format!("{id}: null in a collection that is not sparse")),
            (false, false) => self.value(id, v),
        }
    }

    fn float(&self, id: &str, v: &Value, ty: &str) -> Result<String, String> {
        match v {
            Value::String(s) => {
                let constant = match s.as_str() {
                    "NaN" => {
                        self.nan.set(true);
                        "NAN"
                    }
                    "Infinity" => "INFINITY",
                    "-Infinity" => "NEG_INFINITY",
                    _ => return Err(format!("{id}: {s:?} is not a number")),
                };
                Ok(format!("{ty}::{constant}"))
            }
            Value::Number(n) => {
                let f = n
                    .as_f64()
                    .ok_or_else(|| format!("{id}: {n} is not a number"))?;
                if ty == "f32" {
                    Ok(format!("{:?}_f32", f as f32))
                } else {
                    Ok(format!("{f:?}_f64"))
                }
            }
            _ => Err(format!("{id}: expected a number, found {v}")),
        }
    }
}

/// A timestamp from epoch seconds, exactly: the JSON number's decimal digits give the nanoseconds
/// (going through `f64` arithmetic could be off by one).
fn timestamp(id: &str, v: &Value) -> Result<String, String> {
    match v {
        Value::Number(n) => {
            if let Some(secs) = n.as_i64() {
                return Ok(format!("p::primitives::DateTime::from_secs({secs}_i64)"));
            }
            let f = n
                .as_f64()
                .ok_or_else(|| format!("{id}: {n} is not a number"))?;
            // Display gives the shortest decimal that reads back as `f`, without an exponent.
            let text = format!("{f}");
            let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
            let negative = whole.starts_with('-');
            let whole: i64 = whole
                .parse()
                .map_err(|_| format!("{id}: {n} is out of range for a timestamp"))?;
            let mut digits: String = frac.chars().take(9).collect();
            while digits.len() < 9 {
                digits.push('0');
            }
            let nanos: u32 = digits.parse().unwrap_or(0);
            let (secs, nanos) = if negative && nanos > 0 {
                (whole - 1, 1_000_000_000 - nanos)
            } else {
                (whole, nanos)
            };
            Ok(format!(
                "p::primitives::DateTime::from_secs_and_nanos({secs}_i64, {nanos}_u32)"
            ))
        }
        Value::String(s) => Ok(format!(
            "p::primitives::DateTime::from_str({s:?}, p::primitives::Format::DateTime).map_err(|e| e.to_string())?"
        )),
        _ => Err(format!("{id}: expected epoch seconds, found {v}")),
    }
}
