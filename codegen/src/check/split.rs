//! Spreading a large service over crates ([`Split`]): which part crate holds each feature's
//! operations. A shape lives in the part that holds every feature reaching it, else in the
//! shared crate, so parts are chosen to keep the features that share shapes together while the
//! parts stay about the same size.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::index::{ShapeIndex, members_of};
use crate::naming;
use crate::plan::{Features, Gate, PartCrate, Split};

/// The largest a group of related features may grow, as a share of a part's even share of the
/// work. For the whole SageMaker in 8 parts, 1.0 leaves 99k of 725k lines in the shared crate and
/// parts of 73k to 88k; 0.5 leaves 109k shared, with parts no more even.
const GROUP_SHARE: f64 = 1.0;

/// A service with at least this many shapes in its closure is split by default.
pub const AUTOMATIC_FROM: usize = 1500;

/// Shapes per part when a service is split by default.
pub const AUTOMATIC_PER_PART: usize = 250;

/// How many parts a service is split into when the user does not say: none below
/// [`AUTOMATIC_FROM`] shapes, then one per [`AUTOMATIC_PER_PART`]. For the whole SageMaker (3,026
/// shapes) that is 12, which measured best (`cargo xtask build-cost`); Glue gets 6.
pub fn automatic(index: &ShapeIndex<'_>) -> usize {
    let shapes = index.closure.len();
    if shapes < AUTOMATIC_FROM {
        0
    } else {
        shapes / AUTOMATIC_PER_PART
    }
}

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
    // Features that together reach a shape no other feature does are merged, the pair with most
    // such shapes first, while the merged group stays within a share of a part; the groups then
    // fill the parts, largest first into the lightest.
    let total: u64 = own.iter().sum();
    let cap = (total as f64 / parts as f64 * GROUP_SHARE).ceil() as u64;
    let mut group_of: Vec<usize> = (0..n).collect();
    let mut size = own.clone();
    loop {
        let mut gains: BTreeMap<(usize, usize), u64> = BTreeMap::new();
        for (gate, w) in &shared_shapes {
            let groups: BTreeSet<usize> = gate.iter().map(|f| group_of[f]).collect();
            if let [a, b] = groups.into_iter().collect::<Vec<_>>()[..] {
                *gains.entry((a, b)).or_default() += w;
            }
        }
        let best = gains
            .into_iter()
            .filter(|((a, b), gain)| size[*a] + size[*b] + gain <= cap)
            .max_by_key(|((a, b), gain)| (*gain, std::cmp::Reverse((*a, *b))));
        let Some(((a, b), gain)) = best else {
            break;
        };
        for g in &mut group_of {
            if *g == b {
                *g = a;
            }
        }
        size[a] += size[b] + gain;
        size[b] = 0;
    }
    let mut groups: Vec<usize> = group_of
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    groups.sort_by_key(|g| (std::cmp::Reverse(size[*g]), *g));
    let mut load = vec![0u64; parts];
    let mut part_of_group = vec![0usize; n];
    for g in groups {
        let lightest = (0..parts).min_by_key(|p| (load[*p], *p)).unwrap_or(0);
        part_of_group[g] = lightest;
        load[lightest] += size[g];
    }
    let part_of_feature: Vec<usize> = group_of.iter().map(|g| part_of_group[*g]).collect();
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
    let mut split = Split {
        shared: naming::shared_crate_name(crate_name),
        parts,
        part_of_feature,
        homes: HashMap::new(),
    };
    split.homes = index
        .closure
        .iter()
        .map(|id| ((*id).to_owned(), split.home_of(&features.needs(id))))
        .collect();
    Some(split)
}

/// About how much code a shape or operation with `members` members makes.
fn weight(members: usize) -> u64 {
    members as u64 + 4
}
