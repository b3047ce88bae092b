//! The wire: one module per protocol writes the private (de)serializers of the generated crate,
//! `src/protocol_serde/`, which only the client calls. Public types carry no wire knowledge.
//!
//! AWS JSON 1.0/1.1 ([`aws_json`]) is the only protocol so far. Adding restJson1 means writing
//! `rest_json.rs` here (HTTP bindings: labels, query, headers, payload; the JSON body reuses the
//! runtime's `json` reader and writer), a `protocol::rest_json` module in the runtime for what is
//! not per shape, and choosing it from the service's protocol trait where `aws_json` is chosen in
//! `emit::crate_files`. The shape walk below ([`Reach`]) is shared by every protocol.

pub(crate) mod aws_json;

use std::collections::BTreeSet;

use super::Ctx;
use crate::model::ShapeType;

/// Which shapes need a serializer (reachable from an input) and which a deserializer (reachable
/// from an output or an error), so the crate compiles no code it never calls.
pub(crate) struct Reach {
    pub ser: BTreeSet<String>,
    pub de: BTreeSet<String>,
}

impl Reach {
    pub fn new(ctx: &Ctx<'_, '_>) -> Reach {
        let mut reach = Reach {
            ser: BTreeSet::new(),
            de: BTreeSet::new(),
        };
        for op in &ctx.index.operations {
            let shape = ctx.shape(op);
            if let Some(input) = &shape.input {
                walk_members(ctx, &input.target, &mut reach.ser);
            }
            if let Some(output) = &shape.output {
                walk_members(ctx, &output.target, &mut reach.de);
            }
            for error in ctx.operation_errors(op) {
                walk(ctx, error, &mut reach.de);
            }
        }
        reach
    }
}

/// Adds the aggregate shapes `id`'s members lead to (not `id` itself: operation inputs and outputs
/// are their own types).
fn walk_members(ctx: &Ctx<'_, '_>, id: &str, seen: &mut BTreeSet<String>) {
    let shape = ctx.shape(id);
    for m in shape
        .members
        .values()
        .chain(shape.member.as_ref())
        .chain(shape.key.as_ref())
        .chain(shape.value.as_ref())
    {
        walk(ctx, &m.target, seen);
    }
}

fn walk(ctx: &Ctx<'_, '_>, id: &str, seen: &mut BTreeSet<String>) {
    let aggregate = matches!(
        ctx.shape(id).kind,
        ShapeType::Structure | ShapeType::Union | ShapeType::List | ShapeType::Set | ShapeType::Map
    );
    if aggregate && seen.insert(id.to_owned()) {
        walk_members(ctx, id, seen);
    }
}
