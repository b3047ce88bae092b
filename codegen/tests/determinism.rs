//! The generator is a pure function of the model: the same model gives the same bytes, however the
//! JSON happens to order its shapes and traits, and however many times it runs.

use std::path::{Path, PathBuf};

use codegen::{GeneratedFile, Model, Options};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// The project's model files, as (name, text).
fn model_sources() -> Vec<(String, String)> {
    codegen::output::model_sources(&root().join("model")).expect("model/ is readable")
}

fn generate(sources: &[(String, String)]) -> Vec<GeneratedFile> {
    let model = Model::from_json_sources(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .unwrap_or_else(|e| panic!("the model reads:\n{e}"));
    codegen::generate(&model, &Options::default())
        .unwrap_or_else(|e| panic!("the model generates:\n{e}"))
}

/// A small deterministic PRNG (xorshift64*), so a failing order can be reproduced from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Writes `value` as JSON with the keys of every object in shuffled order (arrays keep theirs).
/// Values of traits named in `frozen` are written as they are.
fn write_shuffled(value: &Value, rng: &mut Rng, frozen: &[&str], out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            rng.shuffle(&mut entries);
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).expect("a key serializes"));
                out.push(':');
                if frozen.contains(&key.as_str()) {
                    out.push_str(&serde_json::to_string(value).expect("a value serializes"));
                } else {
                    write_shuffled(value, rng, frozen, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_shuffled(item, rng, frozen, out);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).expect("a scalar serializes")),
    }
}

/// `text` with every object's keys shuffled, except that members keep their order (member order
/// is meaningful in Smithy: it becomes field order) and `frozen` trait values are left as they are.
fn shuffled(text: &str, seed: u64, frozen: &[&str]) -> String {
    let original: Value = serde_json::from_str(text).expect("model JSON parses");
    let mut out = String::new();
    let mut rng = Rng(seed | 1);
    write_shuffled(
        &restore_member_order(&original, text),
        &mut rng,
        frozen,
        &mut out,
    );
    untag_members(&out)
}

/// `serde_json::Value` without `preserve_order` sorts object keys, which would reorder members.
/// Re-reads every `members` object in source order and stores it as an array of `[name, member]`
/// pairs, which the shuffle leaves alone.
fn restore_member_order(value: &Value, text: &str) -> Value {
    #[derive(serde::Deserialize)]
    struct File {
        shapes: indexmap::IndexMap<String, ShapeMembers>,
    }
    #[derive(serde::Deserialize)]
    struct ShapeMembers {
        #[serde(default)]
        members: indexmap::IndexMap<String, serde::de::IgnoredAny>,
    }
    let file: File = serde_json::from_str(text).expect("model JSON parses");
    let mut value = value.clone();
    if let Some(Value::Object(shapes)) = value.get_mut("shapes") {
        for (id, shape) in shapes.iter_mut() {
            let order: Vec<&String> = file.shapes[id].members.keys().collect();
            if let Some(Value::Object(members)) = shape.get_mut("members") {
                // Rebuild as an array of pairs tagged so the writer can keep their order.
                let ordered: Vec<Value> = order
                    .iter()
                    .map(|k| Value::Array(vec![Value::String((*k).clone()), members[*k].clone()]))
                    .collect();
                *shape
                    .as_object_mut()
                    .expect("a shape is an object")
                    .get_mut("members")
                    .expect("members present") = Value::Array(ordered);
            }
        }
    }
    value
}

/// Undoes the tagging of [`restore_member_order`] in the written text: a `members` array of
/// `[name, member]` pairs becomes an object again, in the same order.
fn untag_members(text: &str) -> String {
    let value: Value = serde_json::from_str(text).expect("shuffled JSON parses");
    let mut out = String::new();
    write_untagged(&value, &mut out, false);
    out
}

fn write_untagged(value: &Value, out: &mut String, members: bool) {
    match value {
        Value::Array(pairs) if members => {
            out.push('{');
            for (i, pair) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let name = pair[0].as_str().expect("a member name");
                out.push_str(&serde_json::to_string(name).expect("a key serializes"));
                out.push(':');
                write_untagged(&pair[1], out, false);
            }
            out.push('}');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).expect("a key serializes"));
                out.push(':');
                write_untagged(value, out, key == "members");
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_untagged(item, out, false);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).expect("a scalar serializes")),
    }
}

fn first_difference(a: &[GeneratedFile], b: &[GeneratedFile]) -> Option<String> {
    if a.len() != b.len() {
        return Some(format!("{} files vs {} files", a.len(), b.len()));
    }
    a.iter().zip(b).find_map(|(x, y)| {
        if x.path != y.path {
            Some(format!("path {} vs {}", x.path, y.path))
        } else if x.contents != y.contents {
            let (line, (left, right)) = x
                .contents
                .lines()
                .zip(y.contents.lines())
                .enumerate()
                .find(|(_, (l, r))| l != r)
                .unwrap_or((0, ("(length)", "(length)")));
            Some(format!(
                "{} differs from line {}:\n  - {left}\n  + {right}",
                x.path,
                line + 1
            ))
        } else {
            None
        }
    })
}

#[test]
fn generating_twice_gives_identical_files() {
    let sources = model_sources();
    let first = generate(&sources);
    let second = generate(&sources);
    assert!(!first.is_empty());
    if let Some(diff) = first_difference(&first, &second) {
        panic!("two runs on the same model differ: {diff}");
    }
    let mut paths: Vec<&str> = first.iter().map(|f| f.path.as_str()).collect();
    let listed = paths.clone();
    paths.sort_unstable();
    assert_eq!(listed, paths, "files come in path order");
}

/// The endpoint rule set is embedded in the generated client; its own key order is covered by
/// [`key_order_inside_trait_values_does_not_matter`].
const RULE_SET: &str = "smithy.rules#endpointRuleSet";

fn assert_shuffle_invariant(frozen: &[&str]) {
    let sources = model_sources();
    let expected = generate(&sources);
    for seed in [1_u64, 0x5EED, 0xDEAD_BEEF, 42_424_242] {
        let reordered: Vec<(String, String)> = sources
            .iter()
            .map(|(name, text)| (name.clone(), shuffled(text, seed, frozen)))
            .collect();
        assert_ne!(
            reordered[0].1.replace(char::is_whitespace, ""),
            sources[0].1.replace(char::is_whitespace, ""),
            "seed {seed}: the shuffle changed nothing"
        );
        let actual = generate(&reordered);
        if let Some(diff) = first_difference(&expected, &actual) {
            panic!("with the model's keys shuffled (seed {seed}) the output differs: {diff}");
        }
    }
}

/// Shapes, traits and every other object in any order: the same crate.
#[test]
fn shape_order_in_the_json_does_not_matter() {
    assert_shuffle_invariant(&[RULE_SET]);
}

/// JSON objects are unordered, so even the key order inside a trait value must not change the
/// output.
#[test]
fn key_order_inside_trait_values_does_not_matter() {
    assert_shuffle_invariant(&[]);
}

#[test]
fn fixture_models_are_deterministic_too() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path().join("model.json")))
        .filter(|p| p.is_file())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for path in cases {
        let text = std::fs::read_to_string(&path).expect("fixture model is readable");
        let sources = vec![(path.display().to_string(), text)];
        let expected = generate(&sources);
        let reordered = vec![(
            sources[0].0.clone(),
            shuffled(&sources[0].1, 7, &[RULE_SET]),
        )];
        if let Some(diff) = first_difference(&expected, &generate(&reordered)) {
            panic!(
                "{}: shuffled keys change the output: {diff}",
                path.display()
            );
        }
    }
}
