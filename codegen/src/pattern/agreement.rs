//! The compiled programs against the translation the `regex` and `fancy-regex` engines run,
//! on every pattern of every model in `../shared/reference/models`: values written from each
//! pattern's own tree (so that most of them match), and each of them changed by one character
//! (so that many do not). Two independent engines must give the same verdicts.

use super::{CharSet, ClassItem, Engine, GroupKind, Node, Translated, compile, parse, translate};

/// A small deterministic generator (xorshift), so that a failure can be reproduced.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Characters that sets and mutations draw from: ASCII, line terminators and a few others the
/// dialects treat differently.
const EXTRA: &[char] = &[
    ' ', '\t', '\n', '\r', '\u{85}', '\u{a0}', '\u{2028}', '\u{feff}', 'é', 'ß', 'K', '\u{212a}',
    '中', '١', '😀', '-', '_', '.', '/', ':', '@', '0', '9', 'a', 'z', 'A', 'Z',
];

/// Appends a value the node would likely match.
fn write(node: &Node, rng: &mut Rng, out: &mut String) {
    match node {
        Node::Char(c) => out.push(*c),
        Node::Set(_) | Node::Class { .. } => out.push(member(node, rng)),
        Node::Assertion(_) | Node::Backref(_) => {}
        Node::Group { kind, body } => {
            if !matches!(kind, GroupKind::Look(_)) {
                write(body, rng, out);
            }
        }
        Node::Repeat { body, min, max, .. } => {
            let max = max.unwrap_or(min + 3).min(min + 3);
            let count = *min as usize + rng.below((max - min) as usize + 1);
            for _ in 0..count.min(64) {
                write(body, rng, out);
            }
        }
        Node::Concat(items) => items.iter().for_each(|n| write(n, rng, out)),
        Node::Alternation(branches) => write(&branches[rng.below(branches.len())], rng, out),
    }
}

/// A character of a set or class: one of its ranges' ends, or any character.
fn member(node: &Node, rng: &mut Rng) -> char {
    let pick = |rng: &mut Rng, ranges: &[(char, char)]| -> char {
        if ranges.is_empty() || rng.below(8) == 0 {
            return EXTRA[rng.below(EXTRA.len())];
        }
        let (low, high) = ranges[rng.below(ranges.len())];
        if rng.below(2) == 0 { low } else { high }
    };
    match node {
        Node::Set(CharSet::Ranges {
            ranges,
            negated: false,
        }) => pick(rng, ranges),
        Node::Class {
            negated: false,
            items,
        } => {
            let ranges: Vec<(char, char)> = items
                .iter()
                .filter_map(|i| match i {
                    ClassItem::Range(low, high) => Some((*low, *high)),
                    ClassItem::Set(_) => None,
                })
                .collect();
            pick(rng, &ranges)
        }
        _ => EXTRA[rng.below(EXTRA.len())],
    }
}

/// The value with one character inserted, removed or replaced.
fn mutate(value: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    let at = rng.below(chars.len() + 1);
    let c = EXTRA[rng.below(EXTRA.len())];
    match rng.below(3) {
        0 => chars.insert(at, c),
        1 if at < chars.len() => {
            chars.remove(at);
        }
        _ if at < chars.len() => chars[at] = c,
        _ => chars.push(c),
    }
    chars.into_iter().collect()
}

/// The translation, compiled once with its engine.
enum Oracle {
    Regex(regex::Regex),
    Fancy(fancy_regex::Regex),
    Decomposed(regex::Regex, Vec<(regex::Regex, bool)>),
}

impl Oracle {
    fn new(t: &Translated) -> Oracle {
        let regex = |source: &str| regex::Regex::new(source).expect("translated source compiles");
        match t.engine {
            Engine::Regex => Oracle::Regex(regex(&t.source)),
            Engine::Fancy => Oracle::Fancy(
                fancy_regex::Regex::new(&t.source).expect("translated source compiles"),
            ),
            Engine::Decomposed => Oracle::Decomposed(
                regex(&t.source),
                t.checks
                    .iter()
                    .map(|c| (regex(&c.source), c.must_match))
                    .collect(),
            ),
        }
    }

    /// The verdict; `None` when fancy-regex reaches its backtracking limit.
    fn is_match(&self, input: &str) -> Option<bool> {
        match self {
            Oracle::Regex(re) => Some(re.is_match(input)),
            Oracle::Fancy(re) => re.is_match(input).ok(),
            Oracle::Decomposed(main, checks) => Some(
                main.is_match(input)
                    && checks
                        .iter()
                        .all(|(check, must_match)| check.is_match(input) == *must_match),
            ),
        }
    }
}

/// Every pattern text in a model, Smithy JSON (`smithy.api#pattern`) or botocore (`pattern`).
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

fn model_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            model_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn compiled_programs_agree_with_the_translation_on_every_model_pattern() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/reference/models"
    ));
    if !dir.exists() {
        println!("skipping: ../shared not found ({})", dir.display());
        return;
    }
    let mut files = Vec::new();
    model_files(dir, &mut files);
    files.sort();
    let mut patterns = std::collections::BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("model readable");
        let json: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
        let mut found = Vec::new();
        collect(&json, &mut found);
        patterns.extend(found);
    }
    let (mut values, mut matched, mut skipped) = (0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    let mut refused = Vec::new();
    let mut automata = 0;
    for (n, pattern) in patterns.iter().enumerate() {
        let (Ok(tree), Ok(translated)) = (parse::Parser::new(pattern).parse(), translate(pattern))
        else {
            // Refused by the parser: the generator leaves such a pattern unchecked.
            continue;
        };
        let compiled = match compile(pattern, None) {
            Ok(compiled) => compiled,
            Err(e) => {
                refused.push(format!("{pattern:?}: {e}"));
                continue;
            }
        };
        let oracle = Oracle::new(&translated);
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ n as u64);
        let mut inputs = vec![String::new()];
        for _ in 0..6 {
            let mut value = String::new();
            write(&tree, &mut rng, &mut value);
            inputs.push(mutate(&value, &mut rng));
            inputs.push(value);
        }
        for input in &inputs {
            let Ok(ours) = compiled.with_program(|p| p.is_match(input)) else {
                skipped += 1;
                continue;
            };
            let Some(theirs) = oracle.is_match(input) else {
                skipped += 1;
                continue;
            };
            values += 1;
            matched += usize::from(ours);
            if ours != theirs {
                disagreements.push(format!(
                    "{pattern:?} on {input:?}: compiled {ours}, translated ({:?}) {theirs}",
                    translated.engine
                ));
            }
            // With an automaton, `ours` is its verdict; the backtracker must agree as well.
            if compiled.dfa.is_some()
                && let Ok(backtracked) = compiled.with_program_using(false, |p| p.is_match(input))
                && backtracked != theirs
            {
                disagreements.push(format!(
                    "{pattern:?} on {input:?}: backtracked {backtracked}, translated ({:?}) {theirs}",
                    translated.engine
                ));
            }
        }
        automata += usize::from(compiled.dfa.is_some());
    }
    println!(
        "{} patterns from {} models ({automata} as automata): {values} values compared ({matched} matching), {skipped} without a verdict",
        patterns.len(),
        files.len()
    );
    // Only the size limit may refuse a pattern the parser reads (a repetition of a group
    // with a bound no `@length` makes unreachable, unrolled past it).
    println!("{} refused: {refused:#?}", refused.len());
    assert!(
        refused.iter().all(|r| r.contains("instructions")) && refused.len() <= 1,
        "{refused:#?}"
    );
    assert!(
        values > 10 * patterns.len() && matched > values / 4,
        "too few values compared"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements: {:#?}",
        disagreements.len(),
        &disagreements[..disagreements.len().min(30)]
    );
}
