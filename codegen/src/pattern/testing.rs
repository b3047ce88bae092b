//! What the pattern tests share: a reproducible generator, values written from a pattern's own
//! tree and changed by a character or two, and the pattern texts of the models in `../shared`.

use std::path::{Path, PathBuf};

use super::{CharSet, ClassItem, GroupKind, Node};

/// A small deterministic generator (xorshift), so that a failure can be reproduced.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).expect("fits")
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Characters worth trying on any pattern: ASCII that patterns often treat specially, line
/// terminators, and characters the dialects read differently (U+0085 is `\s` in Java but not in
/// ECMA, U+FEFF the other way round; the Kelvin sign folds to `k`; `١` is a Unicode digit).
const EVERYWHERE: &str =
    "aZ09-_. :/@\\\"'$*,=+x\t\n\r\u{85}\u{a0}\u{2028}\u{3000}\u{feff}éßK\u{212a}中١😀";

/// Characters worth trying on a pattern: [`EVERYWHERE`], its literals, and the ends and middle of
/// its ranges.
pub fn alphabet(tree: &Node) -> Vec<char> {
    let mut out: Vec<char> = EVERYWHERE.chars().collect();
    let add_range = |lo: char, hi: char, out: &mut Vec<char>| {
        let mid = char::from_u32((u32::from(lo) + u32::from(hi)) / 2).unwrap_or(lo);
        out.extend([lo, mid, hi]);
    };
    let mut stack = vec![tree];
    while let Some(node) = stack.pop() {
        match node {
            Node::Char(c) => out.push(*c),
            Node::Set(CharSet::Ranges { ranges, .. }) => ranges
                .iter()
                .take(8)
                .for_each(|&(lo, hi)| add_range(lo, hi, &mut out)),
            Node::Class { items, .. } => {
                for item in items {
                    match item {
                        ClassItem::Range(lo, hi) => add_range(*lo, *hi, &mut out),
                        ClassItem::Set(CharSet::Ranges { ranges, .. }) => ranges
                            .iter()
                            .take(8)
                            .for_each(|&(lo, hi)| add_range(lo, hi, &mut out)),
                        ClassItem::Set(CharSet::Property { .. }) => {}
                    }
                }
            }
            Node::Group { body, .. } | Node::Repeat { body, .. } => stack.push(body),
            Node::Concat(items) | Node::Alternation(items) => stack.extend(items),
            Node::Set(CharSet::Property { .. }) | Node::Assertion(_) | Node::Backref(_) => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn from_ranges(ranges: &[(char, char)], rng: &mut Rng) -> Option<char> {
    let (lo, hi) = rng.pick(ranges);
    let span = u32::from(hi) - u32::from(lo) + 1;
    char::from_u32(u32::from(lo) + u32::try_from(rng.below(span as usize)).ok()?)
}

/// Appends a value that often matches `node` (lookarounds and negated sets are not heeded).
pub fn generate(node: &Node, rng: &mut Rng, alphabet: &[char], out: &mut String) {
    match node {
        Node::Char(c) => out.push(*c),
        Node::Set(CharSet::Ranges {
            ranges,
            negated: false,
        }) => out.extend(from_ranges(ranges, rng)),
        Node::Class {
            negated: false,
            items,
        } if !items.is_empty() => match &items[rng.below(items.len())] {
            ClassItem::Range(lo, hi) => out.extend(from_ranges(&[(*lo, *hi)], rng)),
            ClassItem::Set(CharSet::Ranges {
                ranges,
                negated: false,
            }) => out.extend(from_ranges(ranges, rng)),
            ClassItem::Set(_) => out.push(rng.pick(alphabet)),
        },
        Node::Set(_) | Node::Class { .. } => out.push(rng.pick(alphabet)),
        // Sometimes the text a lookaround looks for, so that it gets exercised both ways.
        Node::Group {
            kind: GroupKind::Look(_),
            body,
        } => {
            if rng.below(2) == 0 {
                generate(body, rng, alphabet, out);
            }
        }
        Node::Assertion(_) | Node::Backref(_) => {}
        Node::Group { body, .. } => generate(body, rng, alphabet, out),
        Node::Repeat { body, min, max, .. } => {
            let min = usize::try_from(*min).unwrap_or(usize::MAX).min(80);
            let extra = max.map_or(4, |max| {
                usize::try_from(max)
                    .unwrap_or(usize::MAX)
                    .saturating_sub(min)
                    .min(4)
            });
            for _ in 0..min + rng.below(extra + 1) {
                generate(body, rng, alphabet, out);
            }
        }
        Node::Concat(items) => items
            .iter()
            .for_each(|item| generate(item, rng, alphabet, out)),
        Node::Alternation(branches) => {
            generate(&branches[rng.below(branches.len())], rng, alphabet, out);
        }
    }
}

/// `input` with a small random change: characters removed, replaced, repeated or inserted, or
/// the end cut off.
pub fn mutate(input: &str, rng: &mut Rng, alphabet: &[char]) -> String {
    let mut chars: Vec<char> = input.chars().collect();
    for _ in 0..=rng.below(2) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 if at < chars.len() => chars[at] = rng.pick(alphabet),
            2 => {
                let span = chars[at..].iter().take(3).copied().collect::<Vec<_>>();
                chars.splice(at..at, span);
            }
            3 => chars.truncate(at),
            _ => chars.insert(at, rng.pick(alphabet)),
        }
    }
    chars.into_iter().collect()
}

/// `../shared/reference/models` (or a folder of it), or `None` with a line saying the test
/// skips.
pub fn shared_models(under: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/models")
        .join(under);
    if dir.exists() {
        Some(dir)
    } else {
        println!("skipping: ../shared not found ({})", dir.display());
        None
    }
}

/// The `.json` files under `dir`, at any depth, sorted.
pub fn model_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// Every pattern text in a model file, Smithy JSON (`smithy.api#pattern`) or botocore
/// (`pattern`), in the order found.
pub fn patterns_in(file: &Path) -> Vec<String> {
    fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("smithy.api#pattern" | "pattern", serde_json::Value::String(p)) => {
                            out.push(p.clone());
                        }
                        _ => collect(value, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(file).expect("model readable");
    let json: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
    let mut out = Vec::new();
    collect(&json, &mut out);
    out
}
