//! The resolved view of a model that emission works from: which service, which operations, which
//! shapes they reach, and which members must be boxed to break recursion.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Errors;
use crate::model::{Member, Model, PRELUDE, Shape, ShapeType, Target, shape_name};

/// The problem of a model that selects no operation (located at, message).
pub const NOTHING_TO_GENERATE: (&str, &str) = ("model", "no operations to generate");

/// Shapes reachable from the selected operations, with everything emission needs precomputed.
#[derive(Debug)]
pub struct ShapeIndex<'m> {
    pub model: &'m Model,
    /// The service shape ID and shape, when the model has exactly one (or the operations' one).
    pub service: Option<(&'m str, &'m Shape)>,
    /// Selected operations, ordered by shape ID.
    pub operations: Vec<&'m str>,
    /// Every shape reachable from the operations (operations excluded), ordered by shape ID.
    pub closure: BTreeSet<&'m str>,
    /// `(structure or union, member)` pairs whose value must be boxed to give the type a finite size.
    pub boxed: BTreeSet<(&'m str, &'m str)>,
    /// Operations of the service left out because they use what the generator does not support
    /// yet, each with the reason; the rest of the service is generated.
    pub skipped: BTreeMap<&'m str, String>,
}

impl<'m> ShapeIndex<'m> {
    /// Selects `operations` (short names or absolute IDs; empty means every operation of the
    /// service) and computes their closure. Unknown operations and dangling targets are reported.
    pub fn build(model: &'m Model, operations: &[String]) -> Result<ShapeIndex<'m>, Errors> {
        let (index, errors) = Self::build_all(model, operations);
        errors.into_result(index)
    }

    /// Like [`ShapeIndex::build`], but returns the index even when there are problems: shapes with
    /// dangling targets stay out of the closure, so later stages can still look for their own
    /// problems and the user sees all of them at once.
    pub fn build_all(model: &'m Model, operations: &[String]) -> (ShapeIndex<'m>, Errors) {
        let mut errors = Errors::default();
        let services: Vec<(&str, &Shape)> = model
            .shapes
            .iter()
            .filter(|(_, s)| s.kind == ShapeType::Service)
            .map(|(id, s)| (id.as_str(), s))
            .collect();
        let service = match services.as_slice() {
            [one] => Some(*one),
            [] => None,
            many => {
                let ids: Vec<_> = many.iter().map(|(id, _)| *id).collect();
                errors.push(
                    "model",
                    format!(
                        "more than one service ({}); generate one at a time",
                        ids.join(", ")
                    ),
                );
                None
            }
        };

        let all_operations: Vec<&str> = match service {
            Some((id, shape)) => service_operations(model, id, shape, &mut errors),
            None => model
                .shapes
                .iter()
                .filter(|(_, s)| s.kind == ShapeType::Operation)
                .map(|(id, _)| id.as_str())
                .collect(),
        };
        let mut skipped = BTreeMap::new();
        let selected: Vec<&str> = if operations.is_empty() {
            // An unsupported construct costs its operation, not the service.
            let mut supported = Vec::new();
            for op in &all_operations {
                match unsupported(model, op) {
                    Some(reason) => {
                        skipped.insert(*op, reason);
                    }
                    None => supported.push(*op),
                }
            }
            supported
        } else {
            let mut selected = Vec::new();
            for wanted in operations {
                let found = all_operations
                    .iter()
                    .find(|id| **id == wanted.as_str() || shape_name(id) == wanted.as_str());
                match found {
                    Some(id) => match unsupported(model, id) {
                        // Asked for by name, an operation that cannot be generated is an error.
                        Some(reason) => errors.push(*id, format!("cannot be generated: {reason}")),
                        None => selected.push(*id),
                    },
                    None => errors.push(
                        wanted.as_str(),
                        "no such operation in the model's service".to_string(),
                    ),
                }
            }
            selected.sort_unstable();
            selected.dedup();
            selected
        };
        if selected.is_empty() && errors.is_empty() {
            match skipped.iter().next() {
                Some((op, reason)) => errors.push(
                    *op,
                    format!("every operation is skipped; this one because {reason}"),
                ),
                None => errors.push(NOTHING_TO_GENERATE.0, NOTHING_TO_GENERATE.1),
            }
        }

        let mut closure = BTreeSet::new();
        // (who refers, what it targets): the referrer names the member so errors point at it.
        let mut stack: Vec<(String, &str)> = Vec::new();
        for op in &selected {
            let shape = &model.shapes[*op];
            for t in shape.input.iter().chain(&shape.output).chain(&shape.errors) {
                stack.push((op.to_string(), t.target.as_str()));
            }
        }
        if let Some((id, shape)) = service {
            for t in &shape.errors {
                stack.push((id.to_string(), t.target.as_str()));
            }
        }
        while let Some((from, id)) = stack.pop() {
            let Some((key, shape)) = model.shapes.get_key_value(id) else {
                errors.push(&from, format!("targets `{id}`, which is not defined"));
                continue;
            };
            if !closure.insert(key.as_str()) {
                continue;
            }
            for (member, m) in members_of(shape) {
                stack.push((format!("{key}${member}"), m.target.as_str()));
            }
        }
        // Unit is how operations say "no input/output"; it is not a shape to emit.
        closure.remove(format!("{PRELUDE}#Unit").as_str());

        let boxed = find_boxed(model, &closure);
        (
            ShapeIndex {
                model,
                service,
                operations: selected,
                closure,
                boxed,
                skipped,
            },
            errors,
        )
    }

    /// The shape with this ID. Only call with IDs from the index; they are known to exist.
    pub fn shape(&self, id: &str) -> &'m Shape {
        &self.model.shapes[id]
    }

    /// Whether a member is boxed to break a cycle.
    pub fn is_boxed(&self, container: &str, member: &str) -> bool {
        self.boxed.contains(&(container, member))
    }
}

/// All operations of a service, including those bound through resources, ordered by ID.
fn service_operations<'m>(
    model: &'m Model,
    service_id: &str,
    service: &'m Shape,
    errors: &mut Errors,
) -> Vec<&'m str> {
    let mut ops = BTreeSet::new();
    let mut resources: Vec<(&str, &Target)> =
        service.resources.iter().map(|t| (service_id, t)).collect();
    let mut seen = BTreeSet::new();
    add_ops(
        model,
        service_id,
        &mut service.operations.iter(),
        &mut ops,
        errors,
    );
    while let Some((from, t)) = resources.pop() {
        if !seen.insert(t.target.as_str()) {
            continue;
        }
        match model.shapes.get_key_value(&t.target) {
            Some((id, r)) if r.kind == ShapeType::Resource => {
                add_ops(model, id, &mut r.resource_operations(), &mut ops, errors);
                resources.extend(r.resources.iter().map(|t| (id.as_str(), t)));
            }
            Some((_, s)) => errors.push(
                from,
                format!(
                    "binds `{}` as a resource, but it is a {}",
                    t.target,
                    s.kind.name()
                ),
            ),
            None => errors.push(
                from,
                format!("targets `{}`, which is not defined", t.target),
            ),
        }
    }
    ops.into_iter().collect()
}

/// Adds the operations `targets` names, reporting targets that are not operations.
fn add_ops<'m>(
    model: &'m Model,
    from: &str,
    targets: &mut dyn Iterator<Item = &'m Target>,
    ops: &mut BTreeSet<&'m str>,
    errors: &mut Errors,
) {
    for t in targets {
        match model.shapes.get_key_value(&t.target) {
            Some((id, s)) if s.kind == ShapeType::Operation => {
                ops.insert(id.as_str());
            }
            Some((_, s)) => errors.push(
                from,
                format!(
                    "binds `{}` as an operation, but it is a {}",
                    t.target,
                    s.kind.name()
                ),
            ),
            None => errors.push(
                from,
                format!("targets `{}`, which is not defined", t.target),
            ),
        }
    }
}

/// Members of a shape that point at other shapes, each with its member name.
pub fn members_of(shape: &Shape) -> Vec<(&str, &Member)> {
    let mut out: Vec<(&str, &Member)> = Vec::new();
    match shape.kind {
        ShapeType::Structure | ShapeType::Union => {
            out.extend(shape.members.iter().map(|(n, m)| (n.as_str(), m)));
        }
        ShapeType::List | ShapeType::Set => out.extend(shape.member.iter().map(|m| ("member", m))),
        ShapeType::Map => {
            out.extend(shape.key.iter().map(|m| ("key", m)));
            out.extend(shape.value.iter().map(|m| ("value", m)));
        }
        // Enum members target Unit; nothing to follow.
        _ => {}
    }
    out
}

/// Finds the struct/union members that need `Box`: an edge that stays inside a strongly connected
/// component of the "contains inline" graph. Lists and maps already allocate, so edges through them
/// do not count. Boxing every such edge is more than the minimum but is simple, deterministic, and
/// always sound.
fn find_boxed<'m>(model: &'m Model, closure: &BTreeSet<&'m str>) -> BTreeSet<(&'m str, &'m str)> {
    // Inline edges: structure/union member -> structure/union target.
    let mut edges: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for id in closure {
        let shape = &model.shapes[*id];
        if !matches!(shape.kind, ShapeType::Structure | ShapeType::Union) {
            continue;
        }
        for (name, m) in &shape.members {
            if let Some((tid, t)) = model.shapes.get_key_value(&m.target)
                && matches!(t.kind, ShapeType::Structure | ShapeType::Union)
            {
                edges
                    .entry(id)
                    .or_default()
                    .push((name.as_str(), tid.as_str()));
            }
        }
    }
    let component = tarjan(closure, &edges);
    let mut boxed = BTreeSet::new();
    for (from, out) in &edges {
        for (member, to) in out {
            if component.get(from) == component.get(to) {
                boxed.insert((*from, *member));
            }
        }
    }
    boxed
}

/// Tarjan's strongly connected components, iterative so deep models cannot overflow the stack.
fn tarjan<'m>(
    nodes: &BTreeSet<&'m str>,
    edges: &BTreeMap<&'m str, Vec<(&'m str, &'m str)>>,
) -> BTreeMap<&'m str, usize> {
    let mut index = 0usize;
    let mut indices: BTreeMap<&str, usize> = BTreeMap::new();
    let mut low: BTreeMap<&str, usize> = BTreeMap::new();
    let mut on_stack = BTreeSet::new();
    let mut stack = Vec::new();
    let mut component = BTreeMap::new();
    let mut next_component = 0usize;
    let empty = Vec::new();
    for &root in nodes {
        if indices.contains_key(root) {
            continue;
        }
        // (node, next edge position)
        let mut work: Vec<(&str, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut pos)) = work.last_mut() {
            if *pos == 0 && !indices.contains_key(node) {
                indices.insert(node, index);
                low.insert(node, index);
                index += 1;
                stack.push(node);
                on_stack.insert(node);
            }
            let out = edges.get(node).unwrap_or(&empty);
            if let Some(&(_, next)) = out.get(*pos) {
                *pos += 1;
                if !indices.contains_key(next) {
                    work.push((next, 0));
                } else if on_stack.contains(next) {
                    let l = low[node].min(indices[next]);
                    low.insert(node, l);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let l = low[parent].min(low[node]);
                low.insert(parent, l);
            }
            if low[node] == indices[node] {
                while let Some(top) = stack.pop() {
                    on_stack.remove(top);
                    component.insert(top, next_component);
                    if top == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Why operation `op` cannot be generated yet, if it cannot. Its output may stream events (a
/// `@streaming` union as a member of the output structure, each event a structure whose members
/// are read from the message's JSON payload, its headers (`@eventHeader`) or the whole payload
/// (`@eventPayload`)); not supported yet are input streams. A streaming
/// blob is not skipped: AWS JSON has none, and the checker reports one as a model problem.
fn unsupported(model: &Model, op: &str) -> Option<String> {
    const UNIT: &str = "smithy.api#Unit";
    let shape = model.shapes.get(op)?;
    let is_stream = |id: &str| {
        model.shapes.get(id).is_some_and(|s| {
            s.kind == ShapeType::Union && s.traits.contains_key(crate::traits::STREAMING)
        })
    };
    let top = |io: &Option<crate::model::Target>| {
        io.as_ref()
            .and_then(|t| model.shapes.get(t.target.as_str()))
            .map(|s| {
                members_of(s)
                    .into_iter()
                    .map(|(_, m)| m.target.as_str())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    if let Some(id) = top(&shape.input).into_iter().find(|id| is_stream(id)) {
        return Some(format!(
            "it sends events (`{id}`), which this generator does not support yet"
        ));
    }
    let output_streams: BTreeSet<&str> = top(&shape.output)
        .into_iter()
        .filter(|id| is_stream(id))
        .collect();
    if output_streams.len() > 1 {
        return Some("its output holds more than one event stream".to_owned());
    }
    for id in &output_streams {
        for (name, m) in members_of(&model.shapes[*id]) {
            let Some(event) = model.shapes.get(m.target.as_str()) else {
                continue;
            };
            if event.kind != ShapeType::Structure {
                return Some(format!(
                    "event `{id}${name}` is not a structure, which an event stream's members must be"
                ));
            }
            if let Some(reason) = event_bindings_unsupported(model, &m.target, event) {
                return Some(reason);
            }
        }
    }
    // A stream anywhere else, or a union member without a value, costs the operation too.
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = top(&shape.input);
    stack.extend(
        top(&shape.output)
            .into_iter()
            .filter(|id| !output_streams.contains(id)),
    );
    for id in &output_streams {
        stack.extend(
            members_of(&model.shapes[*id])
                .into_iter()
                .map(|(_, m)| m.target.as_str()),
        );
    }
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(s) = model.shapes.get(id) else {
            continue;
        };
        if is_stream(id) {
            return Some(format!(
                "it holds an event stream (`{id}`) other than as a member of its output"
            ));
        }
        if s.kind == ShapeType::Union
            && let Some((name, _)) = members_of(s).into_iter().find(|(_, m)| m.target == UNIT)
        {
            return Some(format!(
                "union member `{id}${name}` has no value (it targets `{UNIT}`), which this \
                 generator does not support yet"
            ));
        }
        stack.extend(members_of(s).into_iter().map(|(_, m)| m.target.as_str()));
    }
    None
}

/// Why event structure `id` cannot be read from a message, if it cannot: a member bound to a
/// header must hold a value a header can (a boolean, number, string, blob or timestamp), at most
/// one member is bound to the payload (a blob, string, structure or union), and beside it only
/// header members may be.
fn event_bindings_unsupported(model: &Model, id: &str, event: &Shape) -> Option<String> {
    let kind = |m: &crate::model::Member| model.shapes.get(m.target.as_str()).map(|t| t.kind);
    let mut payload = Vec::new();
    let mut body = Vec::new();
    for (name, m) in members_of(event) {
        if m.traits.contains_key(crate::traits::EVENT_HEADER) {
            let ok = matches!(
                kind(m),
                Some(
                    ShapeType::Boolean
                        | ShapeType::Byte
                        | ShapeType::Short
                        | ShapeType::Integer
                        | ShapeType::Long
                        | ShapeType::String
                        | ShapeType::Enum
                        | ShapeType::Blob
                        | ShapeType::Timestamp
                )
            );
            if !ok {
                return Some(format!(
                    "event member `{id}${name}` is bound to a message header but holds no value \
                     a header can"
                ));
            }
        } else if m.traits.contains_key(crate::traits::EVENT_PAYLOAD) {
            let ok = matches!(
                kind(m),
                Some(
                    ShapeType::Blob
                        | ShapeType::String
                        | ShapeType::Enum
                        | ShapeType::Structure
                        | ShapeType::Union
                )
            );
            if !ok {
                return Some(format!(
                    "event member `{id}${name}` is bound to the payload but is no blob, string, \
                     structure or union"
                ));
            }
            payload.push(name);
        } else {
            body.push(name);
        }
    }
    if payload.len() > 1 || (!payload.is_empty() && !body.is_empty()) {
        return Some(format!(
            "event `{id}` binds the payload to `{}` and has other members beside it",
            payload[0]
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(shapes: &str) -> Model {
        let text = format!(r#"{{"smithy":"2.0","shapes":{{{shapes}}}}}"#);
        Model::from_json_sources([("m.json", text.as_str())]).unwrap()
    }

    const SERVICE: &str = r#""ex#Svc":{"type":"service","version":"1","operations":[{"target":"ex#Op"}]},
        "ex#Op":{"type":"operation","input":{"target":"ex#In"},"output":{"target":"smithy.api#Unit"}}"#;

    #[test]
    fn closure_and_self_recursion_box() {
        let m = model(&format!(
            r#"{SERVICE},
            "ex#In":{{"type":"structure","members":{{"Node":{{"target":"ex#Node"}}}}}},
            "ex#Node":{{"type":"structure","members":{{"Next":{{"target":"ex#Node"}},"Kids":{{"target":"ex#Nodes"}}}}}},
            "ex#Nodes":{{"type":"list","member":{{"target":"ex#Node"}}}},
            "ex#Unused":{{"type":"string"}}"#
        ));
        let idx = ShapeIndex::build(&m, &[]).unwrap();
        assert_eq!(idx.operations, ["ex#Op"]);
        assert_eq!(
            idx.closure.iter().copied().collect::<Vec<_>>(),
            ["ex#In", "ex#Node", "ex#Nodes"]
        );
        assert!(idx.is_boxed("ex#Node", "Next"));
        assert!(!idx.is_boxed("ex#Node", "Kids"), "lists allocate already");
        assert!(!idx.is_boxed("ex#In", "Node"));
    }

    #[test]
    fn mutual_recursion_boxes_the_cycle() {
        let m = model(&format!(
            r#"{SERVICE},
            "ex#In":{{"type":"structure","members":{{"A":{{"target":"ex#A"}}}}}},
            "ex#A":{{"type":"structure","members":{{"B":{{"target":"ex#B"}}}}}},
            "ex#B":{{"type":"union","members":{{"A":{{"target":"ex#A"}},"S":{{"target":"smithy.api#String"}}}}}}"#
        ));
        let idx = ShapeIndex::build(&m, &[]).unwrap();
        assert!(idx.is_boxed("ex#A", "B"));
        assert!(idx.is_boxed("ex#B", "A"));
        assert!(!idx.is_boxed("ex#In", "A"));
    }

    #[test]
    fn reports_dangling_targets_and_unknown_operations() {
        let m = model(&format!(
            r#"{SERVICE},
            "ex#In":{{"type":"structure","members":{{"X":{{"target":"ex#Missing"}}}}}}"#
        ));
        let err = ShapeIndex::build(&m, &["Nope".into()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("Nope: no such operation"), "{err}");
        let err = ShapeIndex::build(&m, &[]).unwrap_err().to_string();
        assert!(
            err.contains("ex#In$X: targets `ex#Missing`, which is not defined"),
            "{err}"
        );
    }

    #[test]
    fn operations_through_resources() {
        let m = model(
            r#""ex#Svc":{"type":"service","version":"1","resources":[{"target":"ex#R"}]},
            "ex#R":{"type":"resource","read":{"target":"ex#Get"},"resources":[{"target":"ex#Sub"}]},
            "ex#Sub":{"type":"resource","operations":[{"target":"ex#Poke"}]},
            "ex#Get":{"type":"operation"},"ex#Poke":{"type":"operation"}"#,
        );
        let idx = ShapeIndex::build(&m, &[]).unwrap();
        assert_eq!(idx.operations, ["ex#Get", "ex#Poke"]);
    }

    #[test]
    fn output_event_streams_are_kept_and_what_is_not_supported_skipped() {
        let ops = ["Out", "In", "Header", "Nested", "Two", "UnitVariant"];
        let targets: Vec<String> = ops
            .iter()
            .map(|op| format!(r#"{{"target":"ex#{op}"}}"#))
            .collect();
        let m = model(&format!(
            r#""ex#Svc":{{"type":"service","version":"1","operations":[{}]}},
            "ex#Out":{{"type":"operation","output":{{"target":"ex#OutO"}}}},
            "ex#OutO":{{"type":"structure","members":{{"S":{{"target":"ex#Events"}}}}}},
            "ex#In":{{"type":"operation","input":{{"target":"ex#OutO"}}}},
            "ex#Header":{{"type":"operation","output":{{"target":"ex#HeaderO"}}}},
            "ex#HeaderO":{{"type":"structure","members":{{"S":{{"target":"ex#HeaderEvents"}}}}}},
            "ex#HeaderEvents":{{"type":"union","traits":{{"smithy.api#streaming":{{}}}},
                "members":{{"E":{{"target":"ex#WithHeader"}}}}}},
            "ex#WithHeader":{{"type":"structure","members":{{"H":{{"target":"smithy.api#Document",
                "traits":{{"smithy.api#eventHeader":{{}}}}}}}}}},
            "ex#Nested":{{"type":"operation","output":{{"target":"ex#NestedO"}}}},
            "ex#NestedO":{{"type":"structure","members":{{"L":{{"target":"ex#List"}}}}}},
            "ex#List":{{"type":"list","member":{{"target":"ex#Events"}}}},
            "ex#Two":{{"type":"operation","output":{{"target":"ex#TwoO"}}}},
            "ex#TwoO":{{"type":"structure","members":{{"A":{{"target":"ex#Events"}},"B":{{"target":"ex#HeaderEvents"}}}}}},
            "ex#Events":{{"type":"union","traits":{{"smithy.api#streaming":{{}}}},
                "members":{{"E":{{"target":"ex#Event"}}}}}},
            "ex#Event":{{"type":"structure","members":{{}}}},
            "ex#UnitVariant":{{"type":"operation","input":{{"target":"ex#UnitIn"}}}},
            "ex#UnitIn":{{"type":"structure","members":{{"C":{{"target":"ex#Choice"}}}}}},
            "ex#Choice":{{"type":"union","members":{{"None":{{"target":"smithy.api#Unit"}}}}}}"#,
            targets.join(",")
        ));
        let idx = ShapeIndex::build(&m, &[]).unwrap();
        assert_eq!(idx.operations, ["ex#Out"]);
        let reason = |op: &str| idx.skipped[op].as_str();
        assert!(reason("ex#In").contains("it sends events (`ex#Events`)"));
        assert!(reason("ex#Header").contains(
            "`ex#WithHeader$H` is bound to a message header but holds no value a header can"
        ));
        assert!(reason("ex#Nested").contains("other than as a member of its output"));
        assert!(reason("ex#Two").contains("more than one event stream"));
        assert!(reason("ex#UnitVariant").contains("union member `ex#Choice$None` has no value"));
        let asked = ShapeIndex::build(&m, &["In".to_owned()])
            .unwrap_err()
            .to_string();
        assert!(
            asked.contains("cannot be generated: it sends events"),
            "{asked}"
        );
    }
}
