//! Mixins, resolved as Smithy 2.0 defines them: a shape that names mixins gets a copy of their
//! members and traits, and the generator never sees the `mixins` list again.
//!
//! - Members come first from each mixin, in the order the shape lists them (a mixin's own mixins
//!   are resolved before it), then the shape's own members. A shape may restate an inherited
//!   member with the same target to add or override traits on it; another target is an error.
//! - Traits of a mixin are copied, except `@mixin` itself and the traits the mixin lists in its
//!   `localTraits`. Later mixins override earlier ones, and the shape's own traits override all.
//! - An operation inherits its input and output when it has none, and its errors are the mixins'
//!   followed by its own; a service or resource inherits operations, resources and errors the
//!   same way.
//!
//! A mixin that is not defined, is not a mixin, is of another shape type, or takes part in a
//! cycle is reported at the shape that names it.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value;

use super::{Member, Shape, Target, Traits};
use crate::error::Errors;
use crate::traits::MIXIN;

/// Copies every mixin into the shapes that name it.
pub fn resolve(shapes: &mut BTreeMap<String, Shape>, errors: &mut Errors) {
    let users: Vec<String> = shapes
        .iter()
        .filter(|(_, s)| !s.mixins.is_empty())
        .map(|(id, _)| id.clone())
        .collect();
    if users.is_empty() {
        return;
    }
    let mut state = BTreeMap::new();
    let mut order = Vec::new();
    for id in &users {
        visit(shapes, id, &mut state, &mut Vec::new(), &mut order, errors);
    }
    for id in order {
        let mixins = std::mem::take(&mut shapes.get_mut(&id).expect("visited").mixins);
        let mut sources = Vec::new();
        for m in &mixins {
            match mixin_problem(shapes, &id, &m.target) {
                Some(problem) => errors.push(&id, problem),
                None => sources.push((m.target.clone(), shapes[&m.target].clone())),
            }
        }
        let shape = shapes.get_mut(&id).expect("visited");
        let own = std::mem::replace(shape, Shape::empty(shape.kind));
        *shape = merge(&id, own, &sources, errors);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Visiting,
    Done,
}

/// Orders shapes so that every mixin comes before the shapes that use it; reports cycles.
fn visit(
    shapes: &BTreeMap<String, Shape>,
    id: &str,
    state: &mut BTreeMap<String, State>,
    path: &mut Vec<String>,
    order: &mut Vec<String>,
    errors: &mut Errors,
) {
    match state.get(id) {
        Some(State::Done) => return,
        Some(State::Visiting) => {
            let start = path.iter().position(|p| p == id).unwrap_or(0);
            let mut cycle = path[start..].to_vec();
            cycle.push(id.to_owned());
            errors.push(
                id,
                format!("its mixins form a cycle: {}", cycle.join(" -> ")),
            );
            return;
        }
        None => {}
    }
    let Some(shape) = shapes.get(id) else {
        return;
    };
    state.insert(id.to_owned(), State::Visiting);
    path.push(id.to_owned());
    for m in &shape.mixins {
        visit(shapes, &m.target, state, path, order, errors);
    }
    path.pop();
    state.insert(id.to_owned(), State::Done);
    if !shape.mixins.is_empty() {
        order.push(id.to_owned());
    }
}

/// Why `target` cannot be mixed into `user`, if it cannot.
fn mixin_problem(shapes: &BTreeMap<String, Shape>, user: &str, target: &str) -> Option<String> {
    let kind = shapes[user].kind;
    let Some(mixin) = shapes.get(target) else {
        return Some(format!("mixes in `{target}`, which is not defined"));
    };
    if !mixin.traits.contains_key(MIXIN) {
        return Some(format!(
            "mixes in `{target}`, which is not a mixin (it has no `@mixin` trait)"
        ));
    }
    if !mixin.mixins.is_empty() {
        // Left unresolved: it is part of a cycle, reported already.
        return Some(format!(
            "mixes in `{target}`, whose own mixins form a cycle"
        ));
    }
    (mixin.kind != kind).then(|| {
        format!(
            "is a {} and cannot mix in `{target}`, a {}",
            kind.name(),
            mixin.kind.name()
        )
    })
}

/// The shape `own` with the (already resolved) mixins `sources` copied in.
fn merge(id: &str, own: Shape, sources: &[(String, Shape)], errors: &mut Errors) -> Shape {
    let mut out = Shape::empty(own.kind);
    // Members: each mixin's in order, then the shape's own.
    let mut from: BTreeMap<String, &str> = BTreeMap::new();
    for (mixin_id, mixin) in sources {
        for (name, member) in &mixin.members {
            match out.members.get(name) {
                Some(earlier) if earlier.target != member.target => errors.push(
                    format!("{id}${name}"),
                    format!(
                        "is inherited from `{}` and `{mixin_id}` with different targets",
                        from[name]
                    ),
                ),
                Some(_) => {}
                None => {
                    out.members.insert(name.clone(), member.clone());
                    from.insert(name.clone(), mixin_id);
                }
            }
        }
    }
    for (name, member) in own.members {
        match out.members.get_mut(&name) {
            Some(inherited) => {
                let at = format!("{id}${name}");
                restate(&at, from[&name], inherited, member, errors);
            }
            None => {
                out.members.insert(name, member);
            }
        }
    }
    // List element and map key and value.
    for (part, own_part) in [
        (Part::Member, own.member),
        (Part::Key, own.key),
        (Part::Value, own.value),
    ] {
        let inherited = sources
            .iter()
            .rev()
            .find_map(|(mixin_id, m)| part.of(m).map(|p| (mixin_id, p.clone())));
        let merged = match (inherited, own_part) {
            (Some((mixin_id, mut inherited)), Some(own_part)) => {
                let at = format!("{id}${}", part.name());
                restate(&at, mixin_id, &mut inherited, own_part, errors);
                Some(inherited)
            }
            (Some((_, inherited)), None) => Some(inherited),
            (None, own_part) => own_part,
        };
        *part.of_mut(&mut out) = merged;
    }
    // Traits: the mixins', minus their local ones, then the shape's own.
    for (_, mixin) in sources {
        let local = local_traits(&mixin.traits);
        for (trait_id, value) in &mixin.traits {
            if trait_id != MIXIN && !local.contains(trait_id.as_str()) {
                out.traits.insert(trait_id.clone(), value.clone());
            }
        }
    }
    out.traits.extend(own.traits);
    // Operations, services and resources: the shape's own part, else the last mixin's.
    let last = |pick: fn(&Shape) -> &Option<Target>| {
        sources.iter().rev().find_map(|(_, m)| pick(m).clone())
    };
    out.input = own.input.or_else(|| last(|s| &s.input));
    out.output = own.output.or_else(|| last(|s| &s.output));
    out.create = own.create.or_else(|| last(|s| &s.create));
    out.put = own.put.or_else(|| last(|s| &s.put));
    out.read = own.read.or_else(|| last(|s| &s.read));
    out.update = own.update.or_else(|| last(|s| &s.update));
    out.delete = own.delete.or_else(|| last(|s| &s.delete));
    out.list = own.list.or_else(|| last(|s| &s.list));
    out.version = own
        .version
        .or_else(|| sources.iter().rev().find_map(|(_, m)| m.version.clone()));
    out.errors = concat(sources, own.errors, |s| &s.errors);
    out.operations = concat(sources, own.operations, |s| &s.operations);
    out.collection_operations = concat(sources, own.collection_operations, |s| {
        &s.collection_operations
    });
    out.resources = concat(sources, own.resources, |s| &s.resources);
    out.identifiers = union(sources, own.identifiers, |s| &s.identifiers);
    out.properties = union(sources, own.properties, |s| &s.properties);
    out.rename = sources
        .iter()
        .flat_map(|(_, m)| m.rename.clone())
        .chain(own.rename)
        .collect();
    out
}

/// A member that restates an inherited one: same target, its traits over the inherited ones.
fn restate(at: &str, mixin_id: &str, inherited: &mut Member, own: Member, errors: &mut Errors) {
    if own.target != inherited.target {
        errors.push(
            at,
            format!(
                "restates the member inherited from `{mixin_id}` with target `{}`; it must keep `{}`",
                own.target, inherited.target
            ),
        );
        return;
    }
    inherited.traits.extend(own.traits);
}

/// The trait IDs a mixin keeps to itself (`@mixin(localTraits: [...])`).
fn local_traits(traits: &Traits) -> BTreeSet<&str> {
    traits
        .get(MIXIN)
        .and_then(|v| v.get("localTraits"))
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The mixins' targets then `own`, each once, in that order.
fn concat(
    sources: &[(String, Shape)],
    own: Vec<Target>,
    pick: fn(&Shape) -> &Vec<Target>,
) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    for t in sources
        .iter()
        .flat_map(|(_, m)| pick(m).iter().cloned())
        .chain(own)
    {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The mixins' entries then `own`'s, a later one replacing an earlier one of the same name.
fn union(
    sources: &[(String, Shape)],
    own: IndexMap<String, Target>,
    pick: fn(&Shape) -> &IndexMap<String, Target>,
) -> IndexMap<String, Target> {
    let mut out: IndexMap<String, Target> = IndexMap::new();
    for (name, t) in sources.iter().flat_map(|(_, m)| pick(m).clone()).chain(own) {
        out.insert(name, t);
    }
    out
}

/// The parts of a list or map that hold one member each.
#[derive(Clone, Copy)]
enum Part {
    Member,
    Key,
    Value,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Member => "member",
            Part::Key => "key",
            Part::Value => "value",
        }
    }

    fn of(self, shape: &Shape) -> Option<&Member> {
        match self {
            Part::Member => shape.member.as_ref(),
            Part::Key => shape.key.as_ref(),
            Part::Value => shape.value.as_ref(),
        }
    }

    fn of_mut(self, shape: &mut Shape) -> &mut Option<Member> {
        match self {
            Part::Member => &mut shape.member,
            Part::Key => &mut shape.key,
            Part::Value => &mut shape.value,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::model::Model;

    fn read(shapes: serde_json::Value) -> Result<Model, String> {
        let text = json!({"smithy": "2.0", "shapes": shapes}).to_string();
        Model::from_json_sources([("m.json", text.as_str())]).map_err(|e| e.to_string())
    }

    #[test]
    fn members_and_traits_are_copied_in_order() {
        let model = read(json!({
            "ex#Base": {"type": "structure", "mixins": [{"target": "ex#Ids"}],
                "traits": {"smithy.api#mixin": {"localTraits": ["smithy.api#private"]},
                           "smithy.api#private": {},
                           "smithy.api#documentation": "from the mixin",
                           "smithy.api#sensitive": {}},
                "members": {"Name": {"target": "smithy.api#String",
                                     "traits": {"smithy.api#documentation": "mixin doc"}}}},
            "ex#Ids": {"type": "structure", "traits": {"smithy.api#mixin": {}},
                "members": {"Id": {"target": "smithy.api#String"}}},
            "ex#User": {"type": "structure", "mixins": [{"target": "ex#Base"}],
                "traits": {"smithy.api#documentation": "its own"},
                "members": {
                    "Age": {"target": "smithy.api#Integer"},
                    "Name": {"target": "smithy.api#String",
                             "traits": {"smithy.api#required": {}}}}},
            "ex#User$Id": {"type": "apply", "traits": {"smithy.api#required": {}}},
            "ex#Ids$Id": {"type": "apply", "traits": {"smithy.api#documentation": "applied to the mixin"}}
        }))
        .unwrap();
        let user = &model.shapes["ex#User"];
        assert_eq!(
            user.members.keys().collect::<Vec<_>>(),
            ["Id", "Name", "Age"],
            "mixins' members first, in order, then the shape's own"
        );
        assert!(user.mixins.is_empty());
        let id = &user.members["Id"].traits;
        assert!(
            id.contains_key("smithy.api#required"),
            "applied to the inherited member"
        );
        assert_eq!(id["smithy.api#documentation"], "applied to the mixin");
        let name = &user.members["Name"].traits;
        assert!(
            name.contains_key("smithy.api#required"),
            "restated with a trait"
        );
        assert_eq!(name["smithy.api#documentation"], "mixin doc");
        assert_eq!(user.traits["smithy.api#documentation"], "its own");
        assert!(user.traits.contains_key("smithy.api#sensitive"));
        assert!(!user.traits.contains_key("smithy.api#mixin"));
        assert!(
            !user.traits.contains_key("smithy.api#private"),
            "a local trait stays home"
        );
    }

    #[test]
    fn lists_maps_and_operations_inherit_their_parts() {
        let model = read(json!({
            "ex#ListMixin": {"type": "list", "traits": {"smithy.api#mixin": {}, "smithy.api#length": {"max": 3}},
                "member": {"target": "smithy.api#String"}},
            "ex#Names": {"type": "list", "mixins": [{"target": "ex#ListMixin"}],
                "member": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": "^a$"}}},
            "ex#Oops": {"type": "structure", "traits": {"smithy.api#error": "client"}, "members": {}},
            "ex#Mine": {"type": "structure", "traits": {"smithy.api#error": "client"}, "members": {}},
            "ex#OpMixin": {"type": "operation", "traits": {"smithy.api#mixin": {}},
                "errors": [{"target": "ex#Oops"}]},
            "ex#Op": {"type": "operation", "mixins": [{"target": "ex#OpMixin"}],
                "errors": [{"target": "ex#Mine"}, {"target": "ex#Oops"}]}
        }))
        .unwrap();
        let names = &model.shapes["ex#Names"];
        assert_eq!(names.traits["smithy.api#length"], json!({"max": 3}));
        assert_eq!(
            names.member.as_ref().unwrap().traits["smithy.api#pattern"],
            "^a$"
        );
        let errors: Vec<_> = model.shapes["ex#Op"]
            .errors
            .iter()
            .map(|t| t.target.as_str())
            .collect();
        assert_eq!(
            errors,
            ["ex#Oops", "ex#Mine"],
            "the mixin's, then its own, each once"
        );
    }

    #[test]
    fn misuse_is_reported_at_the_shape() {
        let err = read(json!({
            "ex#A": {"type": "structure", "traits": {"smithy.api#mixin": {}}, "mixins": [{"target": "ex#B"}]},
            "ex#B": {"type": "structure", "traits": {"smithy.api#mixin": {}}, "mixins": [{"target": "ex#A"}]},
            "ex#Plain": {"type": "structure", "members": {}},
            "ex#Str": {"type": "string", "traits": {"smithy.api#mixin": {}}},
            "ex#M": {"type": "structure", "traits": {"smithy.api#mixin": {}},
                "members": {"X": {"target": "smithy.api#String"}}},
            "ex#S": {"type": "structure",
                "mixins": [{"target": "ex#Nope"}, {"target": "ex#Plain"}, {"target": "ex#Str"}, {"target": "ex#M"}],
                "members": {"X": {"target": "smithy.api#Integer"}, "Y": {"target": "ex#M"}}}
        }))
        .unwrap_err();
        for expected in [
            "its mixins form a cycle: ex#A -> ex#B -> ex#A",
            "ex#S: mixes in `ex#Nope`, which is not defined",
            "ex#S: mixes in `ex#Plain`, which is not a mixin (it has no `@mixin` trait)",
            "ex#S: is a structure and cannot mix in `ex#Str`, a string",
            "ex#S$X: restates the member inherited from `ex#M` with target `smithy.api#Integer`; it must keep `smithy.api#String`",
            "ex#S$Y: targets `ex#M`, a mixin",
        ] {
            assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
        }
    }
}
