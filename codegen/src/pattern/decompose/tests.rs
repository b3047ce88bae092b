use super::super::parse::Parser;
use super::super::tests::collect_patterns;
use super::super::{CharSet, ClassItem, translate};
use super::*;
use std::time::{Duration, Instant};

/// A decomposed pattern, compiled.
struct Checks {
    main: regex::Regex,
    checks: Vec<(regex::Regex, bool)>,
}

impl Checks {
    fn new(t: &Translated) -> Checks {
        assert_eq!(t.engine, Engine::Decomposed, "{t:?}");
        let compile = |s: &str| regex::Regex::new(s).expect("decomposed sources compile");
        Checks {
            main: compile(&t.source),
            checks: t
                .checks
                .iter()
                .map(|c| (compile(&c.source), c.must_match))
                .collect(),
        }
    }

    fn is_match(&self, input: &str) -> bool {
        self.main.is_match(input)
            && self
                .checks
                .iter()
                .all(|(re, must)| re.is_match(input) == *must)
    }
}

/// The pattern as fancy-regex matches it without decomposition (default backtrack limit).
fn fancy(tree: &Node) -> fancy_regex::Regex {
    fancy_regex::Regex::new(&emit(tree, Engine::Fancy)).expect("fancy translation compiles")
}

fn parse(pattern: &str) -> Node {
    Parser::new(pattern)
        .parse()
        .unwrap_or_else(|e| panic!("{pattern:?}: {e}"))
}

/// Decomposes `pattern`, checks the parts (main, then each check as `(source, must_match)`) and
/// that the decomposition agrees with fancy-regex on `inputs`, which must include both verdicts.
fn decomposes(pattern: &str, main: &str, checks: &[(&str, bool)], inputs: &[&str]) {
    let tree = parse(pattern);
    let t = decompose(&tree, None).unwrap_or_else(|| panic!("{pattern:?} should decompose"));
    assert_eq!(t.source, main, "{pattern:?}");
    let got: Vec<(&str, bool)> = t
        .checks
        .iter()
        .map(|c| (c.source.as_str(), c.must_match))
        .collect();
    assert_eq!(got, checks, "{pattern:?}");
    let (ours, theirs) = (Checks::new(&t), fancy(&tree));
    let mut verdicts = [false; 2];
    for input in inputs {
        let expected = theirs.is_match(input).expect("fancy-regex returns");
        assert_eq!(ours.is_match(input), expected, "{pattern:?} on {input:?}");
        verdicts[usize::from(expected)] = true;
    }
    assert_eq!(
        verdicts,
        [true, true],
        "{pattern:?}: inputs need both verdicts"
    );
}

#[test]
fn lookahead_after_start() {
    decomposes(
        r"^(?!aws:)[a-z:]+$",
        "^[a-z:]+$",
        &[("^(?:aws:)", false)],
        &["abc", "aws:x", "aw:s", "aws", "", "x aws:"],
    );
    // `k` characters after `^`.
    decomposes(
        r"^[a-zA-Z](?!.*--)[0-9A-Za-z-]*$",
        "^[a-zA-Z][0-9A-Za-z\\-]*$",
        &[("^(?s:.){1}(?:[^\\n\\r\\x{2028}-\\x{2029}]*\\-\\-)", false)],
        &["a-b-c", "a--b", "-a", "ab--", "a\n--", "a-"],
    );
    // Several in a row, with `^` inside the body.
    decomposes(
        r"^(?!^.*--)(?!^[0-9]+$)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$",
        "^^[A-Za-z0-9\\-]+$",
        &[
            ("^(?:^[^\\n\\r\\x{2028}-\\x{2029}]*\\-\\-)", false),
            ("^(?:^[0-9]+$)", false),
            ("^(?:^\\-)", false),
            ("^(?:[^\\n\\r\\x{2028}-\\x{2029}]*\\-$)", false),
        ],
        &["a-1", "123", "12a", "-a", "a-", "a--b", "a-b-c"],
    );
    // An ASCII word boundary inside the body sees the character before the place.
    decomposes(
        r"^a(?=\b-)-$",
        "^a\\-$",
        &[("^(?s:.){1}(?:(?-u:\\b)\\-)", true)],
        &["a-", "-", "aa", "a"],
    );
}

#[test]
fn lookahead_before_start_of_an_unanchored_pattern() {
    // The third group starts with `^`: every match starts at 0, so do the lookaheads.
    decomposes(
        r"(?=^.{3,6}$)(?!^(\d+\.)+\d+$)(^([a-z0-9]+\.)*[a-z0-9]+$)",
        "(^([a-z0-9]+\\.)*[a-z0-9]+$)",
        &[
            ("^(?:^[^\\n\\r\\x{2028}-\\x{2029}]{3,6}$)", true),
            ("^(?:^([0-9]+\\.)+[0-9]+$)", false),
        ],
        &["ab.cd", "1.2.3", "1.2a", "ab", "abcdefg", "a.b.c"],
    );
}

#[test]
fn lookbehind_before_end() {
    decomposes(
        r"^[0-9A-Za-z\.\-_]*(?<!\.)$",
        "^[0-9A-Za-z\\.\\-_]*$",
        &[("(?:\\.)$", false)],
        &["a.b", "a.", ".", "", "a"],
    );
    // `k` characters before `$`.
    decomposes(
        r"^[a-z]*(?<=x)\d\d$",
        "^[a-z]*[0-9][0-9]$",
        &[("(?:x)(?s:.){2}$", true)],
        &["x12", "ax12", "a12", "12", "xx1"],
    );
    // After `$`, it is at the end.
    decomposes(
        r"^a*$(?<!b)",
        "^a*$",
        &[("(?:b)$", false)],
        &["aa", "", "ab"],
    );
    // Both ends.
    decomposes(
        r"^(?! )^[a-z ]+(?<! )$",
        "^^[a-z ]+$",
        &[("^(?: )", false), ("(?: )$", false)],
        &["a b", " a", "a ", "ab", " "],
    );
}

#[test]
fn fixed_width_bodies_on_the_far_side() {
    // A lookahead `k` before the end, body `w` wide: it starts `k - w` before the end of its match.
    decomposes(
        r"^[a-z]*(?=ab)[a-z]{2}$",
        "^[a-z]*[a-z]{2}$",
        &[("(?:ab)$", true)],
        &["ab", "cab", "ba", "abc"],
    );
    decomposes(
        r"^[a-z]*(?=a)[a-z]{2}$",
        "^[a-z]*[a-z]{2}$",
        &[("(?:a)(?s:.){1}$", true)],
        &["ab", "cab", "ba", "aa"],
    );
    // A body wider than what is left can never match: `(?!…)` always holds …
    decomposes(r"^[a-z.]*(?!\.)$", "^[a-z\\.]*$", &[], &["a.", "ab", "-"]);
    // … and `(?=…)` never does.
    let never = decompose(&parse(r"^[a-z]*(?=\.)$"), None).expect("decomposes");
    assert_eq!(never.checks.len(), 1);
    assert!(!Checks::new(&never).is_match("a"));
    assert!(!Checks::new(&never).is_match(""));
    // A lookbehind `k` after the start, body `w` wide: it starts `k - w` after the start.
    decomposes(
        r"^ab(?<=b)c",
        "^abc",
        &[("^(?s:.){1}(?:b)", true)],
        &["abc", "abcd", "abd", "xabc"],
    );
    decomposes(r"^a(?<!ba)b", "^ab", &[], &["ab", "bab", "ac"]);
    decomposes(
        r"^.(?<!a)b",
        "^[^\\n\\r\\x{2028}-\\x{2029}]b",
        &[("^(?:a)", false)],
        &["ab", "xb", "b"],
    );
}

#[test]
fn the_filed_pattern_decomposes() {
    let pattern = r"^(a|a)*(?<=a)b$";
    decomposes(
        pattern,
        "^(a|a)*b$",
        &[("(?:a)(?s:.){1}$", true)],
        &["ab", "aaab", "b", "aaa", "aaaab!", "ba"],
    );
    let t = translate(pattern).expect("translates");
    assert_eq!(t.engine, Engine::Decomposed);
    let checks = Checks::new(&t);
    for n in [26, 10_000] {
        let hostile = "a".repeat(n);
        assert!(!checks.is_match(&hostile));
        assert!(checks.is_match(&format!("{hostile}b")));
    }
}

#[test]
fn what_is_not_decomposed() {
    for pattern in [
        // Inside a repetition.
        r"^(?:(?!-)[a-z-])+$",
        r"^(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+$",
        // In one alternative only.
        r"^[A-Za-z](?!.*--)[0-9A-Za-z-]*[^-]|^default(?!.*--)[0-9A-Za-z-.]*[^-]$",
        r"^(^$|(?!.*/aws-service-role/.*)arn:aws:iam:.*)$",
        // After a part of varying length, with no `$` at a fixed distance.
        r"^a*(?=b)b*c$",
        r"^(arn:[a-z]+/)?([a-z0-9]{1,62})(?<!-)(/[0-9]{1,9})?$",
        // Unanchored.
        r"a(?=b)",
        r"(?<!a)b",
        // Lookbehind of varying width `k` after the start, lookahead `k` before the end.
        r"^ab(?<=a|ab)c",
        r"^[a-z]*(?=a|ab)[a-z]{2}$",
        // A body that needs fancy-regex itself.
        r"^(?!.*?(.)\1{3})[a-z]*$",
        r"^(?!(?=a)b)c",
        // A backreference in the main pattern.
        r"^(?!x)(a)\1$",
    ] {
        let tree = parse(pattern);
        assert_eq!(decompose(&tree, None), None, "{pattern:?}");
        assert_eq!(
            translate(pattern).map(|t| t.engine),
            Ok(Engine::Fancy),
            "{pattern:?}"
        );
    }
}

/// Sources are relaxed for the length bound, as single patterns are.
#[test]
fn sources_are_relaxed_for_the_length_bound() {
    let t = super::super::translate_within(r"^(?!x)(ab|c){1,500}$", Some(100)).expect("ok");
    assert_eq!(t.engine, Engine::Decomposed);
    assert_eq!(t.source, "^(ab|c){1,}$");
    // A long run of a large class at the end is counted by a lookahead at 0.
    let t = translate(r"^[\p{L}\p{M}\p{Z}\p{N}\p{P}]{0,1024}$").expect("ok");
    assert_eq!(t.engine, Engine::Decomposed, "{t:?}");
}

/// Small xorshift generator: the differential test must be reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).expect("fits")
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Characters worth trying on a pattern: its literals, the ends and middle of its ranges, and
/// some that patterns often treat specially.
fn alphabet(tree: &Node) -> Vec<char> {
    let mut out: Vec<char> = "aZ09-_. :/@\\\"'$*\n\t\u{a0}\u{3000}é😀,=+x"
        .chars()
        .collect();
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

/// A string that often matches `node` (lookarounds and negated sets are not heeded).
fn generate(node: &Node, rng: &mut Rng, alphabet: &[char], out: &mut String) {
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

/// `input` with a small random change.
fn mutate(input: &str, rng: &mut Rng, alphabet: &[char]) -> String {
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

/// Compares the decomposition with fancy-regex on the original translation for generated inputs:
/// random strings over the pattern's characters, strings generated from it, and mutations of the
/// ones that match. Returns (inputs compared, of which matched); panics on a disagreement.
fn differential(pattern: &str, tree: &Node, t: &Translated, budget: Duration) -> (usize, usize) {
    let (ours, theirs) = (Checks::new(t), fancy(tree));
    let alphabet = alphabet(tree);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ pattern.len() as u64);
    let mut matching: Vec<String> = Vec::new();
    let (mut compared, mut matched) = (0, 0);
    let started = Instant::now();
    for round in 0..4000 {
        if started.elapsed() > budget {
            break;
        }
        let input = match round % 3 {
            0 => (0..rng.below(24)).map(|_| rng.pick(&alphabet)).collect(),
            1 if !matching.is_empty() => {
                let base = matching[rng.below(matching.len())].clone();
                mutate(&base, &mut rng, &alphabet)
            }
            _ => {
                let mut out = String::new();
                generate(tree, &mut rng, &alphabet, &mut out);
                out
            }
        };
        let Ok(expected) = theirs.is_match(&input) else {
            continue;
        };
        assert_eq!(
            ours.is_match(&input),
            expected,
            "{pattern:?} decomposed as {t:?} disagrees with fancy-regex on {input:?}"
        );
        compared += 1;
        if expected {
            matched += 1;
            if matching.len() < 200 {
                matching.push(input);
            }
        }
    }
    (compared, matched)
}

/// Every lookaround pattern of the real AWS models: each decomposition agrees with fancy-regex.
#[test]
fn real_models_agree_with_fancy_regex() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/reference/models/aws"
    );
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("skipping: ../shared not found ({dir})");
        return;
    };
    let mut patterns = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("model readable");
            let json: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
            collect_patterns(&json, &mut patterns);
        }
    }
    patterns.retain(|p| ["(?=", "(?!", "(?<=", "(?<!"].iter().any(|l| p.contains(l)));
    patterns.sort();
    patterns.dedup();
    let (mut kept, mut compared, mut matched) = (Vec::new(), 0, 0);
    let mut decomposed = 0;
    for pattern in &patterns {
        let Ok(tree) = Parser::new(pattern).parse() else {
            kept.push(format!("{pattern} (not translated)"));
            continue;
        };
        match decompose(&tree, None) {
            Some(t) => {
                decomposed += 1;
                let (c, m) = differential(pattern, &tree, &t, Duration::from_millis(150));
                compared += c;
                matched += m;
            }
            None => kept.push(pattern.clone()),
        }
    }
    println!(
        "{decomposed} of {} lookaround patterns decompose ({compared} inputs compared, \
         {matched} matching); left to fancy-regex:\n{}",
        patterns.len(),
        kept.join("\n")
    );
    assert!(
        decomposed * 2 > patterns.len(),
        "most real patterns decompose"
    );
    assert!(matched * 10 > compared, "the inputs exercise matches too");
}
