//! The compiled programs against the translation the `regex` and `fancy-regex` engines run,
//! on every pattern of every model in `../shared/reference/models`: values written from each
//! pattern's own tree (so that most of them match), and each of them changed by a character or
//! two (so that many do not). Two independent engines must give the same verdicts.

use super::testing::{Rng, alphabet, generate, model_files, mutate, patterns_in, shared_models};
use super::translate::Oracle;
use super::{compile, parse, translate, translate_within};

/// The length bound a translation may count on when it needs one (values are shorter).
const BOUND: usize = 256;

#[test]
fn compiled_programs_agree_with_the_translation_on_every_model_pattern() {
    let Some(dir) = shared_models("") else {
        return;
    };
    let files = model_files(&dir);
    let patterns: std::collections::BTreeSet<String> =
        files.iter().flat_map(|f| patterns_in(f)).collect();
    let (mut values, mut matched, mut skipped) = (0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    let mut refused = Vec::new();
    // Patterns the oracle cannot take even within [`BOUND`]: nothing to compare.
    let mut untranslated = Vec::new();
    let mut automata = 0;
    for (n, pattern) in patterns.iter().enumerate() {
        let Ok(tree) = parse::Parser::new(pattern).parse() else {
            // Refused by the parser: the generator leaves such a pattern unchecked.
            continue;
        };
        // A long run of a big class is beyond the `regex` crate's size limit, unless the
        // translation may count on a bound on the value's length (as the generator's does, with
        // the shape's `@length`): then only values within that bound are compared.
        let (translated, bound) = match translate(pattern) {
            Ok(translated) => (translated, usize::MAX),
            Err(_) => match translate_within(pattern, Some(BOUND as u64)) {
                Ok(translated) => (translated, BOUND),
                Err(e) => {
                    untranslated.push(format!("{pattern:?}: {e}"));
                    continue;
                }
            },
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
        let alphabet = alphabet(&tree);
        let mut inputs = vec![String::new()];
        for _ in 0..6 {
            let mut value = String::new();
            generate(&tree, &mut rng, &alphabet, &mut value);
            inputs.push(mutate(&value, &mut rng, &alphabet));
            inputs.push(value);
        }
        for input in &inputs {
            // Beyond the bound the translation counted on, it has no verdict to give.
            if input.chars().count() > bound {
                skipped += 1;
                continue;
            }
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
    println!(
        "{} without an oracle: {untranslated:#?}",
        untranslated.len()
    );
    // One is known: SageMaker's botocore text of a pattern its Smithy model anchors,
    // `[\p{L}\p{M}\p{Z}\p{N}\p{P}]{0,1024}`. Unanchored and possibly empty, it matches
    // every value; the `regex` crate cannot hold the run, and nothing bounds it to rewrite.
    assert!(untranslated.len() <= 1, "{untranslated:#?}");
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
