use super::super::parse::Parser;
use super::super::testing::{
    Rng, alphabet, generate, model_files, mutate, patterns_in, shared_models,
};
use super::super::translate::{Oracle, translate};
use super::*;
use std::time::{Duration, Instant};

/// A decomposed pattern, compiled.
fn decomposed(t: &Translated) -> Oracle {
    assert_eq!(t.engine, Engine::Decomposed, "{t:?}");
    Oracle::new(t)
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
    let (ours, theirs) = (decomposed(&t), fancy(&tree));
    let mut verdicts = [false; 2];
    for input in inputs {
        let expected = theirs.is_match(input).expect("fancy-regex returns");
        assert_eq!(
            ours.is_match(input),
            Some(expected),
            "{pattern:?} on {input:?}"
        );
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
    assert_eq!(decomposed(&never).is_match("a"), Some(false));
    assert_eq!(decomposed(&never).is_match(""), Some(false));
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
    let oracle = decomposed(&t);
    for n in [26, 10_000] {
        let hostile = "a".repeat(n);
        assert_eq!(oracle.is_match(&hostile), Some(false));
        assert_eq!(oracle.is_match(&format!("{hostile}b")), Some(true));
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

/// Compares the decomposition with fancy-regex on the original translation for generated inputs:
/// random strings over the pattern's characters, strings generated from it, and mutations of the
/// ones that match. Returns (inputs compared, of which matched); panics on a disagreement.
fn differential(pattern: &str, tree: &Node, t: &Translated, budget: Duration) -> (usize, usize) {
    let (ours, theirs) = (decomposed(t), fancy(tree));
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
            Some(expected),
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
    let Some(dir) = shared_models("aws") else {
        return;
    };
    let mut patterns: Vec<String> = model_files(&dir)
        .iter()
        .flat_map(|f| patterns_in(f))
        .collect();
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
