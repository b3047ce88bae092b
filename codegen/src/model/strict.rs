//! The checks that make reading strict: what the JSON AST allows in shape IDs and member names,
//! IDs that differ only by case, mixins where only shapes may go, and trait values of the wrong
//! type, `@default` included. They run over every shape of the model, whether the selected
//! operations reach it or not, and every problem is reported.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Member, Model, Shape, ShapeType};
use crate::error::Errors;
use crate::traits::{self, DEFAULT, EnumValue, MIXIN, TraitsExt};

/// Reports every problem of these kinds in `model`.
pub fn check(model: &Model, errors: &mut Errors) {
    let mut by_folded: BTreeMap<String, &str> = BTreeMap::new();
    for (id, shape) in &model.shapes {
        if !is_shape_id(id) {
            // An empty key still needs a place the report can name.
            let at = if id.is_empty() { "\"\"" } else { id.as_str() };
            errors.push(
                at,
                "is not a valid shape ID: it must be `namespace#Name`, where the namespace is \
                 dot-separated identifiers and every identifier is letters, digits and `_`, \
                 starting with a letter or `_`s then a letter",
            );
        }
        if let Some(other) = by_folded.insert(id.to_lowercase(), id) {
            errors.push(
                id,
                format!("differs from `{other}` only by case; shape IDs must differ ignoring case"),
            );
        }
        shape_problems(model, id, shape, errors);
    }
}

fn shape_problems(model: &Model, id: &str, shape: &Shape, errors: &mut Errors) {
    for problem in traits::value_problems(&shape.traits) {
        errors.push(id, problem);
    }
    if let Some(default) = shape.traits.get(DEFAULT)
        && let Some(problem) = default_problem(shape, default, false)
    {
        errors.push(id, problem);
    }
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    for (name, member) in &shape.members {
        let at = format!("{id}${name}");
        if !is_identifier(name) {
            errors.push(
                &at,
                "is not a valid member name: it must be letters, digits and `_`, starting with a \
                 letter or `_`s then a letter",
            );
        }
        if let Some(other) = names.insert(name.to_lowercase(), name) {
            errors.push(
                &at,
                format!("differs from member `{other}` only by case; member names must differ ignoring case"),
            );
        }
        member_problems(model, &at, member, shape.kind, errors);
    }
    for (part, member) in [
        ("member", &shape.member),
        ("key", &shape.key),
        ("value", &shape.value),
    ] {
        if let Some(member) = member {
            member_problems(model, &format!("{id}${part}"), member, shape.kind, errors);
        }
    }
    // Only shapes are bound to operations, services and resources; a mixin is copied, not used.
    let bound = shape
        .input
        .iter()
        .chain(&shape.output)
        .chain(&shape.errors)
        .chain(shape.resource_operations())
        .chain(&shape.resources);
    for t in bound {
        if is_mixin(model, &t.target) {
            errors.push(
                id,
                format!(
                    "names `{}`, a mixin; a mixin is copied into shapes that list it in `mixins`, and is not used itself",
                    t.target
                ),
            );
        }
    }
}

fn member_problems(
    model: &Model,
    at: &str,
    member: &Member,
    container: ShapeType,
    errors: &mut Errors,
) {
    for problem in traits::value_problems(&member.traits) {
        errors.push(at, problem);
    }
    if is_mixin(model, &member.target) {
        errors.push(
            at,
            format!(
                "targets `{}`, a mixin; a mixin is copied into shapes that list it in `mixins`, and is not targeted",
                member.target
            ),
        );
    }
    // Enum members target Unit and carry `@enumValue`, not `@default`.
    if matches!(container, ShapeType::Enum | ShapeType::IntEnum) {
        return;
    }
    if let Some(default) = member.traits.get(DEFAULT)
        && let Some(target) = model.shapes.get(&member.target)
        && let Some(problem) = default_problem(target, default, true)
    {
        errors.push(at, problem);
    }
}

fn is_mixin(model: &Model, id: &str) -> bool {
    model
        .shapes
        .get(id)
        .is_some_and(|s| s.traits.contains_key(MIXIN))
}

/// What is wrong with `default` as the `@default` of a value of `target` (on a member when
/// `on_member`), if anything.
fn default_problem(target: &Shape, default: &Value, on_member: bool) -> Option<String> {
    use ShapeType::*;
    // A member may say `null` to take away the default its target has.
    if default.is_null() && on_member {
        return None;
    }
    let kind = target.kind;
    let (ok, expected) = match kind {
        String | Blob => (default.is_string(), "a string"),
        Enum => {
            let values = enum_values(target);
            match default.as_str() {
                Some(s) if values.iter().any(|v| v == s) => (true, ""),
                Some(s) => {
                    return Some(format!(
                        "`@default` \"{s}\" is not a value of this enum (its values: {})",
                        values.join(", ")
                    ));
                }
                None => (false, "one of the enum's string values"),
            }
        }
        Boolean => (default.is_boolean(), "`true` or `false`"),
        Byte | Short | Integer | Long | IntEnum | BigInteger => {
            (default.is_i64() || default.is_u64(), "an integer")
        }
        Float | Double | BigDecimal => (default.is_number(), "a number"),
        Timestamp => (
            default.is_number() || default.is_string(),
            "a number (epoch seconds) or a date-time string",
        ),
        Document => (true, ""),
        List | Set => (
            default.as_array().is_some_and(Vec::is_empty),
            "`[]` (a list's only default)",
        ),
        Map => (
            default.as_object().is_some_and(|o| o.is_empty()),
            "`{}` (a map's only default)",
        ),
        Structure | Union | Operation | Service | Resource | Apply => {
            return Some(format!("`@default` cannot apply to a {}", kind.name()));
        }
    };
    (!ok).then(|| {
        format!(
            "`@default` for a {} must be {expected}, found {default}",
            kind.name()
        )
    })
}

/// The string values of an enum shape, in model order: each member's `@enumValue`, else its
/// name (a malformed `@enumValue` is reported on its own).
fn enum_values(shape: &Shape) -> Vec<String> {
    shape
        .members
        .iter()
        .map(|(name, m)| match m.traits.enum_value() {
            Ok(Some(EnumValue::String(value))) => value,
            _ => name.clone(),
        })
        .collect()
}

/// `namespace#Name`: Smithy's absolute root shape ID.
pub fn is_shape_id(id: &str) -> bool {
    let Some((namespace, name)) = id.split_once('#') else {
        return false;
    };
    namespace.split('.').all(is_identifier) && is_identifier(name)
}

/// Smithy's `identifier`: `_`s, then an ASCII letter, then ASCII letters, digits and `_`.
pub fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    let mut chars = rest.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_ids() {
        for ok in ["a", "A1", "_a", "__a_b", "Name_2"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "_", "1a", "r#", "bad name", "é", "a-b", "_1"] {
            assert!(!is_identifier(bad), "{bad}");
        }
        assert!(is_shape_id("com.example#Shape"));
        assert!(is_shape_id("ns#S"));
        for bad in [
            "Shape",
            "#S",
            "ns#",
            "ns..x#S",
            "ns#S$m",
            "ns#bad id",
            "n s#S",
            "ns#S#T",
        ] {
            assert!(!is_shape_id(bad), "{bad}");
        }
    }
}
