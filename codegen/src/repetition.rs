//! Length-aware relaxation of counted repetitions in patterns translated for the `regex` crate,
//! the test oracle (`pattern::translate`); the compiler does the same on the tree.
//!
//! `^https://([.\-_a-zA-Z0-9]+/?){3,1016}$` compiles to an automaton with a thousand copies of
//! its group: the lazy DFA overflows its cache and matching a hostile 1 KiB value takes tens of
//! milliseconds. But the shape also says `@length` max 1024, and the validator checks `@length`
//! before `@pattern` (a value outside its length bounds is not matched at all). A match of the
//! pattern spends 8 of at most 1024 characters on `https://` and every iteration of the group
//! consumes at least one more, so on values that are matched at all the group can iterate at most
//! 1016 times: `{3,1016}` and `{3,}` accept exactly the same values. The rewrite is applied only
//! when that argument holds, so it never changes a verdict.

use regex_syntax::ast::parse::Parser;
use regex_syntax::ast::print::Printer;
use regex_syntax::ast::{Ast, GroupKind, RepetitionKind, RepetitionRange};

/// Rewrites `X{n,m}` to `X{n,}` where every match of `X` is at least one character long and `m`
/// is at least the number of iterations that fit in `max_len` characters next to what the rest of
/// the pattern must match. `source` is regex-crate syntax (a translated pattern); on any parse
/// problem it is returned unchanged.
pub fn relax(source: &str, max_len: u64) -> String {
    let Ok(mut ast) = Parser::new().parse(source) else {
        return source.to_owned();
    };
    if !rewrite(&mut ast, max_len) {
        return source.to_owned();
    }
    let mut out = String::new();
    match Printer::new().print(&ast, &mut out) {
        Ok(()) => out,
        Err(_) => source.to_owned(),
    }
}

/// Rewrites in place; returns whether anything changed. `budget` is how many characters a match
/// of `ast` can span: `max_len` less what its siblings in enclosing concatenations must consume.
/// Inside a repetition the budget is not reduced further, which can only make it too generous and
/// so can only prevent a rewrite, never allow a wrong one.
fn rewrite(ast: &mut Ast, budget: u64) -> bool {
    match ast {
        Ast::Repetition(rep) => {
            let mut changed = rewrite(&mut rep.ast, budget);
            let each = min_len(&rep.ast);
            if let RepetitionKind::Range(RepetitionRange::Bounded(n, m)) = rep.op.kind
                && each >= 1
                && u64::from(m) >= budget / each
            {
                rep.op.kind = RepetitionKind::Range(RepetitionRange::AtLeast(n));
                changed = true;
            }
            changed
        }
        Ast::Group(group) => rewrite(&mut group.ast, budget),
        Ast::Alternation(alt) => alt
            .asts
            .iter_mut()
            .fold(false, |c, a| rewrite(a, budget) | c),
        Ast::Concat(concat) => {
            let mins: Vec<u64> = concat.asts.iter().map(min_len).collect();
            let total = mins.iter().fold(0, |a: u64, b| a.saturating_add(*b));
            concat.asts.iter_mut().zip(mins).fold(false, |c, (a, own)| {
                let others = total - own;
                rewrite(a, budget.saturating_sub(others)) | c
            })
        }
        _ => false,
    }
}

/// The fewest characters any match of `ast` consumes. Exact for what it knows and 0 for anything
/// else (flags, assertions, empty), so it never overestimates.
fn min_len(ast: &Ast) -> u64 {
    match ast {
        Ast::Literal(_)
        | Ast::Dot(_)
        | Ast::ClassUnicode(_)
        | Ast::ClassPerl(_)
        | Ast::ClassBracketed(_) => 1,
        Ast::Repetition(rep) => {
            let times = match &rep.op.kind {
                RepetitionKind::ZeroOrOne | RepetitionKind::ZeroOrMore => 0,
                RepetitionKind::OneOrMore => 1,
                RepetitionKind::Range(
                    RepetitionRange::Exactly(n)
                    | RepetitionRange::AtLeast(n)
                    | RepetitionRange::Bounded(n, _),
                ) => u64::from(*n),
            };
            times.saturating_mul(min_len(&rep.ast))
        }
        Ast::Group(group) => match group.kind {
            GroupKind::CaptureIndex(_)
            | GroupKind::CaptureName { .. }
            | GroupKind::NonCapturing(_) => min_len(&group.ast),
        },
        Ast::Alternation(alt) => alt.asts.iter().map(min_len).min().unwrap_or(0),
        Ast::Concat(concat) => concat.asts.iter().map(min_len).fold(0, u64::saturating_add),
        Ast::Empty(_) | Ast::Flags(_) | Ast::Assertion(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxes_only_bounds_that_cannot_bind() {
        let url = r"^https://([.\-_a-zA-Z0-9]+/?){3,1016}$";
        assert_eq!(relax(url, 1024), r"^https://([.\-_a-zA-Z0-9]+/?){3,}$");
        assert_eq!(
            relax(url, 1025),
            url,
            "1017 iterations would fit in a longer value"
        );
        // A group that can match empty is left alone: its iterations need not consume anything.
        assert_eq!(relax("(a?){3,10}", 5), "(a?){3,10}");
        assert_eq!(relax("(ab|c){0,7}x", 8), "(ab|c){0,}x");
        assert_eq!(relax("(ab|c){0,6}x", 8), "(ab|c){0,6}x");
        assert_eq!(relax("(ab){0,4}", 8), "(ab){0,}");
        assert_eq!(relax("(ab){0,3}", 8), "(ab){0,3}");
        assert_eq!(relax("[a-z]{1,64}", 64), "[a-z]{1,}");
        assert_eq!(relax("[a-z]{1,63}", 64), "[a-z]{1,63}");
        assert_eq!(
            relax("(?:(?-u:\\b)[0-9]{2,9}){1,3}", 9),
            "(?:(?-u:\\b)[0-9]{2,}){1,3}"
        );
        assert_eq!(relax("(", 5), "(", "unparsable input comes back unchanged");
    }

    #[test]
    fn relaxed_patterns_accept_the_same_values_within_the_length() {
        let original = regex::Regex::new(r"^(ab|c){2,6}$").unwrap();
        let relaxed = regex::Regex::new(&relax(r"^(ab|c){2,6}$", 6)).unwrap();
        // Every value over the alphabet up to length 6.
        let mut values = vec![String::new()];
        for _ in 0..6 {
            let next: Vec<String> = values
                .iter()
                .flat_map(|v| ["a", "b", "c"].map(|c| format!("{v}{c}")))
                .filter(|v| v.len() <= 6)
                .collect();
            values.extend(next);
            values.sort();
            values.dedup();
        }
        for v in &values {
            assert_eq!(original.is_match(v), relaxed.is_match(v), "{v:?}");
        }
    }
}
