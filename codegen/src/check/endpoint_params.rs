//! The endpoint rule-set parameters an operation binds: `@staticContextParams` (fixed values),
//! `@operationContextParams` (paths into the input, a subset of JMESPath) and the input
//! members' `@contextParam`s. Each is checked against the type the service's rule set declares
//! and planned as typed steps through the input's Rust fields, so that emission only renders.

use std::collections::BTreeMap;

use super::{Checker, Presence, presence};
use crate::model::{Shape, ShapeType};
use crate::naming;
use crate::plan::{ContextPath, EndpointParam, EndpointParamValue, PathStep, PathValue};
use crate::traits::{self, TraitsExt};

impl Checker<'_, '_> {
    /// The endpoint rule-set parameters `op` binds. A parameter bound twice takes the most
    /// specific value: an input member's `@contextParam` over a path of
    /// `@operationContextParams` over a `@staticContextParams` value. Only parameters the
    /// service's rule set declares are bound, with values of the type it declares.
    pub(super) fn endpoint_params(
        &mut self,
        op: &str,
        shape: &Shape,
        input: Option<&Shape>,
    ) -> Vec<EndpointParam> {
        let declared: BTreeMap<String, String> = self
            .index
            .service
            .and_then(|(_, s)| s.traits.get(traits::ENDPOINT_RULE_SET))
            .and_then(|r| r.get("parameters"))
            .and_then(|p| p.as_object())
            .map(|params| {
                params
                    .iter()
                    .map(|(name, p)| {
                        let kind = p.get("type").and_then(|t| t.as_str()).unwrap_or_default();
                        (name.clone(), kind.to_ascii_lowercase())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut bound: BTreeMap<String, EndpointParamValue> = BTreeMap::new();
        let statics = shape
            .traits
            .get(traits::STATIC_CONTEXT_PARAMS)
            .and_then(|v| v.as_object());
        for (name, param) in statics.into_iter().flatten() {
            let Some(kind) = declared.get(name) else {
                continue;
            };
            let value = param.get("value");
            let typed = match (kind.as_str(), value) {
                ("string", Some(serde_json::Value::String(s))) => {
                    Some(EndpointParamValue::Text(s.clone()))
                }
                ("boolean", Some(serde_json::Value::Bool(b))) => Some(EndpointParamValue::Flag(*b)),
                ("stringarray", Some(serde_json::Value::Array(items))) => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .map(EndpointParamValue::Texts),
                _ => None,
            };
            match typed {
                Some(typed) => {
                    bound.insert(name.clone(), typed);
                }
                None => self.errors.push(
                    op,
                    format!(
                        "`@smithy.rules#staticContextParams` gives `{name}` a value that is not \
                         a {kind}, the type the endpoint rule set declares"
                    ),
                ),
            }
        }
        let paths = shape
            .traits
            .get(traits::OPERATION_CONTEXT_PARAMS)
            .and_then(|v| v.as_object());
        for (name, param) in paths.into_iter().flatten() {
            let Some(kind) = declared.get(name) else {
                continue;
            };
            let Some(path) = param.get("path").and_then(|p| p.as_str()) else {
                self.errors.push(
                    op,
                    format!(
                        "`@smithy.rules#operationContextParams` gives `{name}` no string `path`"
                    ),
                );
                continue;
            };
            let input_id = shape.input.as_ref().map(|t| t.target.as_str());
            let resolved = parse_path(path).and_then(|parsed| match (input_id, input) {
                (Some(id), Some(input)) => self.resolve(id, input, &parsed, kind),
                _ => Err("the operation has no input".to_owned()),
            });
            match resolved {
                Ok(path) => {
                    bound.insert(name.clone(), EndpointParamValue::Path(path));
                }
                Err(e) => self.errors.push(
                    op,
                    format!(
                        "`@smithy.rules#operationContextParams` binds `{name}` to {path:?}, \
                         which {e}"
                    ),
                ),
            }
        }
        for (member, m) in input.map(|i| &i.members).into_iter().flatten() {
            let Some(name) = m
                .traits
                .get(traits::CONTEXT_PARAM)
                .and_then(|t| t.get("name"))
                .and_then(|n| n.as_str())
            else {
                continue;
            };
            let Some(kind) = declared.get(name) else {
                continue;
            };
            let target = self.kind_of(&m.target);
            let flag = match (kind.as_str(), target) {
                ("string", Some(ShapeType::String)) => false,
                ("boolean", Some(ShapeType::Boolean)) => true,
                _ => {
                    self.errors.push(
                        format!(
                            "{}${member}",
                            shape.input.as_ref().map_or("", |t| t.target.as_str())
                        ),
                        format!(
                            "binds endpoint parameter `{name}`, a {kind}, but does not target a \
                             {kind} shape"
                        ),
                    );
                    continue;
                }
            };
            bound.insert(
                name.to_owned(),
                EndpointParamValue::Member {
                    field: naming::field_name(member),
                    flag,
                },
            );
        }
        bound
            .into_iter()
            .map(|(name, value)| EndpointParam { name, value })
            .collect()
    }

    /// Plans `path`, read from the operation's input `input_id`, as a value of the rule-set
    /// type `kind`; or says why it cannot be.
    fn resolve(
        &self,
        input_id: &str,
        input: &Shape,
        path: &Path,
        kind: &str,
    ) -> Result<ContextPath, String> {
        match path {
            Path::Value(names) => {
                let (steps, end) = self.steps(input_id, input, names, true)?;
                let value = match (kind, end.kind) {
                    ("string", ShapeType::String | ShapeType::Enum) => PathValue::Text,
                    ("boolean", ShapeType::Boolean) => PathValue::Flag,
                    ("stringarray", ShapeType::List | ShapeType::Set) => PathValue::Texts {
                        nullable: self.list_of_strings(end)?,
                    },
                    _ => return Err(format!("reaches {}, not a {kind}", a(end.kind))),
                };
                Ok(ContextPath::Value { steps, value })
            }
            Path::Keys(names) => {
                let (steps, end) = self.steps(input_id, input, names, true)?;
                if end.kind != ShapeType::Map {
                    return Err(format!("takes the keys of {}, not a map", a(end.kind)));
                }
                if kind != "stringarray" {
                    return Err(format!("gives a list of strings, not a {kind}"));
                }
                Ok(ContextPath::Keys { steps })
            }
            Path::Each { list, each } => {
                if kind != "stringarray" {
                    return Err(format!("gives a list of strings, not a {kind}"));
                }
                let (list_steps, end) = self.steps(input_id, input, list, true)?;
                let item = match (end.kind, &end.member) {
                    (ShapeType::List | ShapeType::Set, Some(item)) => item,
                    _ => return Err(format!("projects {}, not a list", a(end.kind))),
                };
                let nullable = end.traits.has(traits::SPARSE);
                let item_shape = self.shape_of(&item.target)?;
                let mut paths = Vec::new();
                for names in each {
                    let (steps, end) = self.steps(&item.target, item_shape, names, false)?;
                    if !matches!(end.kind, ShapeType::String | ShapeType::Enum) {
                        return Err(format!(
                            "reaches {} through `{}`, not a string",
                            a(end.kind),
                            names.join(".")
                        ));
                    }
                    paths.push(steps);
                }
                Ok(ContextPath::Each {
                    list: list_steps,
                    nullable,
                    each: paths,
                })
            }
        }
    }

    /// The fields `names` go through from the structure `from` (an operation input when
    /// `is_input`), and the shape they end at.
    fn steps<'s>(
        &'s self,
        from_id: &str,
        from: &'s Shape,
        names: &[String],
        is_input: bool,
    ) -> Result<(Vec<PathStep>, &'s Shape), String> {
        let mut steps = Vec::new();
        let (mut id, mut shape) = (from_id.to_owned(), from);
        for (i, name) in names.iter().enumerate() {
            if shape.kind != ShapeType::Structure {
                return Err(format!(
                    "goes into `{id}`, {}; a path goes through structures",
                    a(shape.kind)
                ));
            }
            let Some(member) = shape.members.get(name) else {
                return Err(format!("names `{name}`, which `{id}` does not have"));
            };
            let target = self.shape_of(&member.target)?;
            // Operation inputs hold every member in an `Option`; elsewhere, as the member's
            // presence is planned.
            let optional = (is_input && i == 0) || presence(member, target) == Presence::Optional;
            steps.push(PathStep {
                field: naming::field_name(name),
                optional,
            });
            (id, shape) = (member.target.clone(), target);
        }
        Ok((steps, shape))
    }

    fn shape_of(&self, id: &str) -> Result<&Shape, String> {
        self.index
            .model
            .shapes
            .get(id)
            .ok_or_else(|| format!("reaches `{id}`, which the model does not define"))
    }

    /// Whether the list `list` holds strings (or enums), and if so whether it is `@sparse`.
    fn list_of_strings(&self, list: &Shape) -> Result<bool, String> {
        let item = list
            .member
            .as_ref()
            .ok_or("reaches a list without a member")?;
        match self.shape_of(&item.target)?.kind {
            ShapeType::String | ShapeType::Enum => Ok(list.traits.has(traits::SPARSE)),
            other => Err(format!(
                "reaches a list of {}s, not of strings",
                other.name()
            )),
        }
    }
}

/// `a string`, `an integer`: a kind of shape with its article.
fn a(kind: ShapeType) -> String {
    let name = kind.name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// A path of `@operationContextParams`, parsed: the subset of JMESPath Smithy allows there
/// (identifiers, sub-expressions, one list projection `[*]`, multi-select lists flattened with
/// `[]`, and `keys()`).
#[derive(Debug, PartialEq)]
enum Path {
    /// `a.b.c`.
    Value(Vec<String>),
    /// `keys(a.b)`.
    Keys(Vec<String>),
    /// `a.b[*].c.d`, or `a[*].[c.d, e][]`: from each item of the list, each path.
    Each {
        list: Vec<String>,
        each: Vec<Vec<String>>,
    },
}

fn parse_path(text: &str) -> Result<Path, String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(inner) = compact
        .strip_prefix("keys(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return Ok(Path::Keys(chain(inner)?));
    }
    let Some((list, rest)) = compact.split_once("[*]") else {
        return Ok(Path::Value(chain(&compact)?));
    };
    let list = chain(list)?;
    let Some(rest) = rest.strip_prefix('.') else {
        return Err(if rest.is_empty() {
            "projects a list without selecting from its items".to_owned()
        } else {
            format!("continues with {rest:?} after `[*]`, which is not supported")
        });
    };
    let each = match rest.strip_prefix('[') {
        Some(selected) => {
            let Some(selected) = selected.strip_suffix("][]") else {
                return Err(
                    "selects several values from each item without flattening them (`[…][]`)"
                        .to_owned(),
                );
            };
            selected.split(',').map(chain).collect::<Result<_, _>>()?
        }
        None => vec![chain(rest)?],
    };
    Ok(Path::Each { list, each })
}

/// `a.b.c` → `["a", "b", "c"]`: plain identifiers only.
fn chain(text: &str) -> Result<Vec<String>, String> {
    text.split('.')
        .map(|name| {
            let mut chars = name.chars();
            let plain = chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
            if plain {
                Ok(name.to_owned())
            } else {
                Err(format!(
                    "has {name:?} where a member name belongs; only members, `[*]`, \
                     multi-select lists and `keys()` are supported"
                ))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Path, parse_path};

    fn names(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn the_paths_aws_models_use_parse() {
        assert_eq!(
            parse_path("TableCreationParameters.TableName"),
            Ok(Path::Value(names(&[
                "TableCreationParameters",
                "TableName"
            ])))
        );
        assert_eq!(
            parse_path("keys(RequestItems)"),
            Ok(Path::Keys(names(&["RequestItems"])))
        );
        assert_eq!(
            parse_path("TransactItems[*].Get.TableName"),
            Ok(Path::Each {
                list: names(&["TransactItems"]),
                each: vec![names(&["Get", "TableName"])],
            })
        );
        assert_eq!(
            parse_path(
                "TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, \
                 Update.TableName][]"
            ),
            Ok(Path::Each {
                list: names(&["TransactItems"]),
                each: vec![
                    names(&["ConditionCheck", "TableName"]),
                    names(&["Put", "TableName"]),
                    names(&["Delete", "TableName"]),
                    names(&["Update", "TableName"]),
                ],
            })
        );
    }

    #[test]
    fn what_is_not_supported_is_named() {
        for (path, says) in [
            ("Items[*]", "without selecting"),
            ("Items[*].[A, B]", "without flattening"),
            ("Items[0].Name", "\"Items[0]\""),
            ("Items[*].A[*].B", "\"A[*]\""),
            ("length(Items)", "\"length(Items)\""),
            ("a..b", "\"\""),
            ("Items[?x].A", "\"Items[?x]\""),
        ] {
            let error = parse_path(path).expect_err(path);
            assert!(error.contains(says), "{path}: {error}");
        }
    }
}
