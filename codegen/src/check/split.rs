//! Spreading a large service over crates ([`Split`]): which part crate holds each feature's
//! operations. A shape lives in the part that holds every feature reaching it, else in the
//! shared crate, so parts are chosen to keep the features that share shapes together while the
//! parts stay about the same size.

use std::collections::BTreeSet;

use crate::index::{ShapeIndex, members_of};
use crate::naming;
use crate::plan::{Features, Gate, PartCrate, Split};

/// How much a part may outgrow an even share of the work while it gathers related features.
const SLACK: f64 = 1.15;

/// The split of `index`'s code over `parts` part crates (at most one per feature), named after
/// `crate_name`; `None` for one crate (`parts` is 0).
pub fn split(
    index: &ShapeIndex<'_>,
    features: &Features,
    parts: usize,
    crate_name: &str,
) -> Option<Split> {
    let parts = parts.min(features.list.len());
    if parts == 0 {
        return None;
    }
    let n = features.list.len();
    // What each feature brings to the part that takes it: its operations, and the shapes only it
    // reaches; and the shapes several features reach, which follow the features into a part only
    // when all of them are there.
    let mut own = vec![0u64; n];
    let mut shared_shapes: Vec<(Gate, u64)> = Vec::new();
    for f in &features.list {
        for op in &f.operations {
            let shape = index.shape(op);
            let members: usize = [&shape.input, &shape.output]
                .into_iter()
                .flatten()
                .map(|t| members_of(index.shape(&t.target)).len())
                .sum();
            own[features.of_operation[op]] += weight(members) * 2;
        }
    }
    for id in &index.closure {
        let gate = features.needs(id);
        let w = weight(members_of(index.shape(id)).len());
        let (first, second) = {
            let mut reached = gate.iter();
            (reached.next(), reached.next())
        };
        match (first, second) {
            (Some(f), None) => own[f] += w,
            (Some(_), Some(_)) => shared_shapes.push((gate, w)),
            _ => {}
        }
    }
    let mut of_feature: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, (gate, _)) in shared_shapes.iter().enumerate() {
        for f in gate.iter() {
            of_feature[f].push(i);
        }
    }
    let total: u64 = own.iter().sum();
    let cap = (total as f64 / parts as f64 * SLACK).ceil() as u64;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|f| (std::cmp::Reverse(own[*f]), *f));
    let mut load = vec![0u64; parts];
    let mut members: Vec<Gate> = vec![Gate::default(); parts];
    let mut part_of_feature = vec![0usize; n];
    for f in order {
        // The part with most shapes in common with the feature, among those it fits in; the
        // lightest part when it fits nowhere, or when it shares nothing.
        let affinity = |p: usize| -> u64 {
            of_feature[f]
                .iter()
                .filter(|i| shared_shapes[**i].0.iter().any(|g| members[p].contains(g)))
                .map(|i| shared_shapes[*i].1)
                .sum()
        };
        let lightest = (0..parts).min_by_key(|p| (load[*p], *p)).unwrap_or(0);
        let best = (0..parts)
            .filter(|p| load[*p] + own[f] <= cap)
            .map(|p| {
                (
                    affinity(p),
                    std::cmp::Reverse(load[p]),
                    std::cmp::Reverse(p),
                )
            })
            .max()
            .filter(|(a, _, _)| *a > 0)
            .map_or(lightest, |(_, _, std::cmp::Reverse(p))| p);
        part_of_feature[f] = best;
        load[best] += own[f];
        members[best].insert(f);
    }
    // Parts that took nothing (more parts than groups of related features) are dropped.
    let used: BTreeSet<usize> = part_of_feature.iter().copied().collect();
    let renumber: Vec<Option<usize>> = (0..parts)
        .map(|p| used.contains(&p).then(|| used.range(..p).count()))
        .collect();
    let part_of_feature: Vec<usize> = part_of_feature
        .iter()
        .map(|p| renumber[*p].unwrap_or_default())
        .collect();
    let parts = (0..used.len())
        .map(|p| PartCrate {
            name: naming::part_crate_name(crate_name, p),
            features: (0..n).filter(|f| part_of_feature[*f] == p).collect(),
        })
        .collect();
    Some(Split {
        shared: naming::shared_crate_name(crate_name),
        parts,
        part_of_feature,
    })
}

/// About how much code a shape or operation with `members` members makes.
fn weight(members: usize) -> u64 {
    members as u64 + 4
}
