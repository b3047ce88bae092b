//! Lookaround at a fixed position, decomposed into linear-time checks.
//!
//! The `regex` crate has no lookaround, and `fancy-regex`, which has, backtracks: `^(a|a)*(?<=a)b$`
//! takes it exponential time. But in almost every AWS pattern with lookaround, each lookaround
//! stands where the match can only ever be at one place: `^(?!aws:)…`, `^…(?<!\.)$`. There the
//! lookaround is a test of the whole input, independent of the rest of the match, and the pattern
//! is the conjunction of
//!
//! - the *main* pattern, the original with those lookarounds removed, and
//! - per lookaround, whether its body matches at that place, asked of the `regex` crate with the
//!   place spelled out (`(?s:.){k}` counts `k` characters of any kind):
//!
//! | lookaround, at `p`                              | check (must match for `(?=` / `(?<=`, must not for `(?!` / `(?<!`) |
//! |-------------------------------------------------|------------------------------------------|
//! | `(?=X)`, `p` = `k` characters after the start    | `^(?s:.){k}(?:X)`                        |
//! | `(?<=X)`, `p` = `k` characters before the end    | `(?:X)(?s:.){k}$`                        |
//! | `(?=X)`, `p` = `k` before the end, `X` `w` wide  | `(?:X)(?s:.){k-w}$` (never if `w` > `k`) |
//! | `(?<=X)`, `p` = `k` after the start, `X` `w` wide| `^(?s:.){k-w}(?:X)` (never if `w` > `k`) |
//!
//! A lookaround's place is known when it stands in the top-level concatenation of the pattern
//! (groups that are not repeated count as part of it) next to a `^` or a `$` of that same
//! concatenation with only fixed-width items between: `^` can only match at 0 and `$` only at the
//! end, and a path through a concatenation moves forward, so every successful match passes the
//! lookaround at `k` characters after the `^` (or `k` before the `$`). A lookaround on the other
//! side of the anchor (before `^`, after `$`) is at the anchor itself: the position can neither go
//! back nor go beyond it. Since every match passes the lookaround at that one place `p`, and the
//! lookaround's verdict depends only on the input and `p` (its body holds no backreference to the
//! main pattern: the checks must compile with `regex`), a match of the original is exactly a
//! match of the main pattern where the lookaround holds at `p`. Assertions inside the body (`^`,
//! `$`, `\b`) keep their meaning, because every check runs on the whole input.
//!
//! Everything else (lookaround inside a repetition or an alternative, at a place that depends on
//! how much a variable part took, or a body that needs fancy-regex itself) is not decomposed.

use super::translate::needs_fancy;
use super::{Assertion, Check, Engine, GroupKind, Look, Node, Translated, emit};

/// Decomposes `tree` (which needs fancy-regex) into a main `regex` pattern and checks, or `None`
/// when some lookaround is not at a fixed place or a part does not compile with `regex`. The
/// sources are relaxed for values of at most `max_len` characters, as single patterns are.
pub(super) fn decompose(tree: &Node, max_len: Option<u64>) -> Option<Translated> {
    let mut items = Vec::new();
    flatten(tree, &mut items);
    let mut checks = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Node::Group {
            kind: GroupKind::Look(look),
            body,
        } = item
        else {
            continue;
        };
        let place = place(&items, i)?;
        if let Some(check) = condition(*look, body, place)? {
            checks.push(check);
        }
    }
    let mut main = tree.clone();
    strip(&mut main);
    if main.any(&needs_fancy) {
        return None;
    }
    let relax = |source: String| match max_len {
        Some(max_len) => crate::repetition::relax(&source, max_len),
        None => source,
    };
    let source = relax(emit(&main, Engine::Regex));
    regex::Regex::new(&source).ok()?;
    for check in &mut checks {
        check.source = relax(std::mem::take(&mut check.source));
        regex::Regex::new(&check.source).ok()?;
    }
    Some(Translated {
        source,
        engine: Engine::Decomposed,
        checks,
    })
}

/// The items of the top-level concatenation, groups that match once opened up.
fn flatten<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    match node {
        Node::Concat(items) => items.iter().for_each(|item| flatten(item, out)),
        Node::Group {
            kind: GroupKind::Capture { .. } | GroupKind::NonCapture,
            body,
        } => flatten(body, out),
        _ => out.push(node),
    }
}

/// Removes the lookarounds that [`flatten`] lists (every one of them has a check).
fn strip(node: &mut Node) {
    match node {
        Node::Concat(items) => items.iter_mut().for_each(strip),
        Node::Group {
            kind: GroupKind::Capture { .. } | GroupKind::NonCapture,
            body,
        } => strip(body),
        Node::Group {
            kind: GroupKind::Look(_),
            ..
        } => *node = Node::Concat(Vec::new()),
        _ => {}
    }
}

/// Where a lookaround is in every match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    /// Characters from the start of the input, if fixed.
    from_start: Option<usize>,
    /// Characters before the end of the input, if fixed.
    from_end: Option<usize>,
}

/// The place of the lookaround `items[i]`, if a `^` or `$` of the same concatenation fixes it.
fn place(items: &[&Node], i: usize) -> Option<Place> {
    let fixed_span = |between: &[&Node]| {
        between.iter().try_fold(0usize, |sum, item| {
            let (min, max) = bounds(item);
            (max == Some(min)).then(|| sum.checked_add(min)).flatten()
        })
    };
    let mut place = Place {
        from_start: None,
        from_end: None,
    };
    for (at, item) in items.iter().enumerate() {
        match item {
            Node::Assertion(Assertion::Start) if place.from_start.is_none() => {
                place.from_start = if at > i {
                    Some(0)
                } else {
                    fixed_span(&items[at + 1..i])
                };
            }
            Node::Assertion(Assertion::End) if place.from_end.is_none() => {
                place.from_end = if at < i {
                    Some(0)
                } else {
                    fixed_span(&items[i + 1..at])
                };
            }
            _ => {}
        }
    }
    (place.from_start.is_some() || place.from_end.is_some()).then_some(place)
}

/// The check for lookaround `look` with body `body` at `place`: `Ok(None)` when it always holds,
/// `None` when it cannot be written as a check.
fn condition(look: Look, body: &Node, place: Place) -> Option<Option<Check>> {
    if body.any(&needs_fancy) {
        return None;
    }
    let (min, max) = bounds(body);
    let fixed = (max == Some(min)).then_some(min);
    let x = emit(body, Engine::Regex);
    let any = |n: usize| match n {
        0 => String::new(),
        n => format!("(?s:.){{{n}}}"),
    };
    let ahead = matches!(look, Look::Ahead | Look::NotAhead);
    // `Some(source)`: the body matches at the place iff `source` matches the input;
    // `None`: the body can never match there.
    let holds: Option<String> = match (ahead, place.from_start, place.from_end) {
        (true, Some(k), _) => Some(format!("^{}(?:{x})", any(k))),
        (false, _, Some(k)) => Some(format!("(?:{x}){}$", any(k))),
        (true, None, Some(k)) | (false, Some(k), None) => {
            if min > k {
                None
            } else {
                let gap = any(k - fixed?);
                Some(if ahead {
                    format!("(?:{x}){gap}$")
                } else {
                    format!("^{gap}(?:{x})")
                })
            }
        }
        (_, None, None) => return None,
    };
    let must_match = matches!(look, Look::Ahead | Look::Behind);
    Some(match (holds, must_match) {
        (Some(source), _) => Some(Check { source, must_match }),
        // A negative lookaround whose body cannot fit always holds.
        (None, false) => None,
        // A positive one never does: so the pattern never matches.
        (None, true) => Some(Check {
            source: emit(
                &Node::Class {
                    negated: false,
                    items: Vec::new(),
                },
                Engine::Regex,
            ),
            must_match,
        }),
    })
}

/// The fewest and the most characters a match of `node` can span (`None`: no limit).
fn bounds(node: &Node) -> (usize, Option<usize>) {
    match node {
        Node::Char(_) | Node::Set(_) | Node::Class { .. } => (1, Some(1)),
        Node::Assertion(_)
        | Node::Group {
            kind: GroupKind::Look(_),
            ..
        } => (0, Some(0)),
        Node::Group { body, .. } => bounds(body),
        Node::Backref(_) => (0, None),
        Node::Repeat { body, min, max, .. } => {
            let (low, high) = bounds(body);
            let count = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
            let high = match (high, max) {
                (Some(0), _) => Some(0),
                (Some(high), Some(max)) => high.checked_mul(count(*max)),
                _ => None,
            };
            (low.saturating_mul(count(*min)), high)
        }
        Node::Concat(items) => items.iter().fold((0, Some(0)), |(low, high), item| {
            let (l, h) = bounds(item);
            (
                low.saturating_add(l),
                high.zip(h).and_then(|(a, b)| a.checked_add(b)),
            )
        }),
        Node::Alternation(branches) => {
            let all: Vec<_> = branches.iter().map(bounds).collect();
            let low = all.iter().map(|b| b.0).min().unwrap_or(0);
            let high = all
                .iter()
                .try_fold(0usize, |most, b| b.1.map(|h| most.max(h)));
            (low, high)
        }
    }
}

#[cfg(test)]
mod tests;
