//! How deep values nest. Every structure, union, list and map is one level of JSON, and the
//! runtime's reader refuses documents nested deeper than [`MAX_DEPTH`] (so that a hostile
//! response cannot exhaust the stack), so a shape whose values must nest deeper could never be
//! read. The same bound keeps the generated types within what rustc compiles (a chain of
//! thousands of nested structures fails with E0320) and keeps the generated code, whose
//! signatures spell nested collection types out, small.
//!
//! Recursive shapes nest as deep as their data; only the nesting the shapes force is counted:
//! an edge that closes a cycle is not followed.

use std::collections::{BTreeMap, BTreeSet};

use lean_aws_runtime::json::MAX_DEPTH;

use crate::error::Errors;
use crate::index::{ShapeIndex, members_of};
use crate::model::ShapeType;

/// Nesting rustc checks within its default recursion limit of 128. Each level of structures is
/// two levels to its trait solver (the structure and the `Option` holding it), so a chain of 127
/// structures needs a limit above 256.
const RUSTC_DEFAULT_NESTING: usize = 48;

/// Reports each shape where nesting first goes past [`MAX_DEPTH`]: a shape whose values nest
/// deeper, while none of its members' targets does. Returns the `recursion_limit` the crate
/// needs, if rustc's default is not enough.
pub(super) fn check(index: &ShapeIndex<'_>, errors: &mut Errors) -> Option<u32> {
    let depths = depths(index);
    let deepest = depths.values().map(|(d, _)| *d).max().unwrap_or(0);
    for (id, (depth, deepest)) in &depths {
        if *depth <= MAX_DEPTH {
            continue;
        }
        let child_over =
            deepest.is_some_and(|c| depths.get(c).is_some_and(|(d, _)| *d > MAX_DEPTH));
        if child_over {
            continue;
        }
        let through = deepest.map_or(String::new(), |c| format!(" (through `{c}`)"));
        errors.push(
            *id,
            format!(
                "its values nest {depth} levels deep{through}; at most {MAX_DEPTH} are supported, \
                 the depth to which the runtime reads JSON"
            ),
        );
    }
    // Four times the deepest nesting allowed: both a 128-deep chain of structures and one of
    // lists check and lint with it (measured).
    (deepest > RUSTC_DEFAULT_NESTING).then_some(512)
}

/// For every shape of the closure: how many levels its values nest, and the member target
/// through which they nest deepest. Iterative, so a model nested thousands deep cannot overflow
/// the generator's own stack.
fn depths<'m>(index: &ShapeIndex<'m>) -> BTreeMap<&'m str, (usize, Option<&'m str>)> {
    // A shape is measured once all of its members' targets are; one that is seen but not yet
    // measured is on the walk's path, so an edge to it closes a cycle.
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut out: BTreeMap<&'m str, (usize, Option<&'m str>)> = BTreeMap::new();
    let children = |id: &str| -> Vec<&'m str> {
        members_of(index.shape(id))
            .into_iter()
            .map(|(_, m)| m.target.as_str())
            .filter(|t| index.closure.contains(t))
            .collect()
    };
    for root in &index.closure {
        if !seen.insert(root) {
            continue;
        }
        // (shape, its children, the next child to visit)
        let mut stack: Vec<(&'m str, Vec<&'m str>, usize)> = vec![(*root, children(root), 0)];
        while let Some(top) = stack.last_mut() {
            if let Some(child) = top.1.get(top.2).copied() {
                top.2 += 1;
                if seen.insert(child) {
                    let grandchildren = children(child);
                    stack.push((child, grandchildren, 0));
                }
                continue;
            }
            let Some((id, kids, _)) = stack.pop() else {
                break;
            };
            // Children on the path (closing a cycle) have no depth yet and are not followed.
            let best = kids
                .iter()
                .filter_map(|kid| out.get(kid).map(|(d, _)| (*d, Some(*kid))))
                .fold(
                    (0, None),
                    |best, next| if next.0 > best.0 { next } else { best },
                );
            let own = usize::from(matches!(
                index.shape(id).kind,
                ShapeType::Structure
                    | ShapeType::Union
                    | ShapeType::List
                    | ShapeType::Set
                    | ShapeType::Map
            ));
            out.insert(id, (best.0 + own, best.1));
        }
    }
    out
}
