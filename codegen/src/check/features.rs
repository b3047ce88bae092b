//! Cargo features for operations: one per operation, or, for a service with more operations
//! than a crate may have features (crates.io accepts 300), one per resource. Each shape gets the
//! set of features whose operations reach it, so a type, its validator and its (de)serializers
//! compile only when some enabled operation needs them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::index::{ShapeIndex, members_of};
use crate::model::shape_name;
use crate::naming;
use crate::plan::{Feature, Features, Gate};

/// The most features a crate may have on crates.io.
const CRATES_IO_FEATURES: usize = 300;

/// Operation features a crate can have beside its own ([`naming::CRATE_FEATURES`]).
pub const MAX_OPERATION_FEATURES: usize = CRATES_IO_FEATURES - naming::CRATE_FEATURES.len();

/// The features of the selected operations, and the features each shape of the closure needs.
pub fn features(index: &ShapeIndex<'_>) -> Features {
    let (list, grouped) = split(&index.operations);
    let mut features = Features {
        grouped,
        ..Features::default()
    };
    for (i, f) in list.iter().enumerate() {
        for op in &f.operations {
            features.of_operation.insert(op.clone(), i);
        }
    }
    features.list = list;
    let service_errors = index
        .service
        .map(|(_, s)| s.errors.as_slice())
        .unwrap_or_default();
    for op in &index.operations {
        let feature = features.of_operation[*op];
        let shape = index.shape(op);
        let sent = shape.input.iter().map(|t| t.target.as_str());
        reach(index, sent, feature, &mut features.sends);
        let received = shape
            .output
            .iter()
            .chain(&shape.errors)
            .chain(service_errors)
            .map(|t| t.target.as_str());
        reach(index, received, feature, &mut features.receives);
    }
    features
}

/// Adds `feature` to every shape reachable from `roots`.
fn reach<'m>(
    index: &ShapeIndex<'m>,
    roots: impl Iterator<Item = &'m str>,
    feature: usize,
    gates: &mut HashMap<String, Gate>,
) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = roots.collect();
    while let Some(id) = stack.pop() {
        if !index.closure.contains(id) || !seen.insert(id) {
            continue;
        }
        gates.entry(id.to_owned()).or_default().insert(feature);
        stack.extend(
            members_of(index.shape(id))
                .into_iter()
                .map(|(_, m)| m.target.as_str()),
        );
    }
}

/// The features, in name order, and whether they group operations by resource.
fn split(operations: &[&str]) -> (Vec<Feature>, bool) {
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let grouped = operations.len() > MAX_OPERATION_FEATURES;
    if grouped {
        let resources = resources(operations);
        for op in operations {
            let name = naming::feature_name(&resources[*op]);
            by_name.entry(name).or_default().push((*op).to_owned());
        }
    } else {
        for op in operations {
            let name = naming::feature_name(&naming::snake_case(shape_name(op)));
            by_name.entry(name).or_default().push((*op).to_owned());
        }
    }
    let mut list: Vec<Feature> = by_name
        .into_iter()
        .map(|(name, operations)| Feature { name, operations })
        .collect();
    // A service with more resources than features: neighbouring resources (in name order) share a
    // feature, named after the first.
    if list.len() > MAX_OPERATION_FEATURES {
        let per = list.len().div_ceil(MAX_OPERATION_FEATURES);
        list = list
            .chunks(per)
            .map(|chunk| Feature {
                name: format!("{}_and_more", chunk[0].name),
                operations: chunk.iter().flat_map(|f| f.operations.clone()).collect(),
            })
            .collect();
    }
    for f in &mut list {
        f.operations.sort();
    }
    (list, grouped)
}

/// Operation ID → the resource it acts on, in snake case: its name without the leading verb
/// (`CreateTrainingJob` → `training_job`; `Batch` and the verb after it: `BatchDeleteClusterNodes`),
/// a plural made singular when another operation names
/// the singular (`ListTrainingJobs` → `training_job`, `ListPolicies` → `policy`). A one-word
/// operation is its own resource.
fn resources(operations: &[&str]) -> HashMap<String, String> {
    let nouns: HashMap<&str, String> = operations
        .iter()
        .map(|op| {
            let words = naming::words(shape_name(op));
            // `BatchDescribeModelPackage` acts on model packages too.
            let verb = if words.len() > 2 && words[0] == "batch" {
                2
            } else {
                1
            };
            let noun = if words.len() > verb {
                &words[verb..]
            } else {
                &words[..]
            };
            (*op, noun.join("_"))
        })
        .collect();
    let known: BTreeSet<&str> = nouns.values().map(String::as_str).collect();
    nouns
        .iter()
        .map(|(op, noun)| {
            let singular = [("ies", "y"), ("es", ""), ("s", "")]
                .iter()
                .filter_map(|(plural, single)| {
                    let stem = noun.strip_suffix(plural)?;
                    let candidate = format!("{stem}{single}");
                    known.contains(candidate.as_str()).then_some(candidate)
                })
                .next();
            ((*op).to_owned(), singular.unwrap_or_else(|| noun.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| format!("ns#{n}")).collect()
    }

    #[test]
    fn one_feature_per_operation_when_they_fit() {
        let ops = ops(&["UpdateUserProfile", "Client", "ListTags"]);
        let refs: Vec<&str> = ops.iter().map(String::as_str).collect();
        let (list, grouped) = split(&refs);
        assert!(!grouped);
        let names: Vec<&str> = list.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["client_operations", "list_tags", "update_user_profile"]
        );
    }

    #[test]
    fn operations_group_by_resource_past_the_limit() {
        let mut names = vec![
            "CreateTrainingJob".to_owned(),
            "ListTrainingJobs".to_owned(),
            "GetPolicy".to_owned(),
            "ListPolicies".to_owned(),
            "ListAliases".to_owned(),
            "Search".to_owned(),
            "BatchDeleteTrainingJobs".to_owned(),
        ];
        // Enough other operations to pass the limit, each its own resource.
        names.extend((0..MAX_OPERATION_FEATURES - 6).map(|i| format!("DescribeThing{i:03}")));
        let ops: Vec<String> = names.iter().map(|n| format!("ns#{n}")).collect();
        let refs: Vec<&str> = ops.iter().map(String::as_str).collect();
        let (list, grouped) = split(&refs);
        assert!(grouped);
        let find = |name: &str| {
            list.iter()
                .find(|f| f.name == name)
                .map(|f| f.operations.clone())
        };
        assert_eq!(
            find("training_job").unwrap(),
            [
                "ns#BatchDeleteTrainingJobs",
                "ns#CreateTrainingJob",
                "ns#ListTrainingJobs"
            ]
        );
        assert_eq!(find("policy").unwrap(), ["ns#GetPolicy", "ns#ListPolicies"]);
        // No `Alias` operation: the plural stays.
        assert_eq!(find("aliases").unwrap(), ["ns#ListAliases"]);
        assert_eq!(find("search").unwrap(), ["ns#Search"]);
        assert_eq!(list.len(), 4 + MAX_OPERATION_FEATURES - 6);
    }

    #[test]
    fn neighbouring_resources_share_past_the_limit() {
        let ops = ops(&(0..2 * MAX_OPERATION_FEATURES + 1)
            .map(|i| format!("DescribeThing{i:03}"))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>());
        let refs: Vec<&str> = ops.iter().map(String::as_str).collect();
        let (list, grouped) = split(&refs);
        assert!(grouped);
        assert!(list.len() <= MAX_OPERATION_FEATURES, "{}", list.len());
        assert_eq!(list[0].name, "thing000_and_more");
        assert_eq!(
            list.iter().map(|f| f.operations.len()).sum::<usize>(),
            refs.len()
        );
    }
}
