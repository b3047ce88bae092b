//! Client-side validation of input values against the model's constraint traits
//! (`@required`, `@length`, `@pattern`, `@range`, `@uniqueItems`, enum membership).
//!
//! A [`Validator`] walks a value, keeping track of the path to the member being
//! checked, and collects *every* violation it finds instead of stopping at the first.

use std::borrow::Borrow;
use std::fmt;

/// Text shown instead of the value of a `@sensitive` member.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Values longer than this (in characters) get no "did you mean" suggestion.
const MAX_SUGGESTION_INPUT: usize = 256;

/// What a `@length` constraint counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LengthUnit {
    /// Unicode scalar values of a string.
    Characters,
    /// Elements of a list.
    Elements,
    /// Entries of a map.
    Entries,
    /// Bytes of a blob.
    Bytes,
}

impl fmt::Display for LengthUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LengthUnit::Characters => "characters",
            LengthUnit::Elements => "elements",
            LengthUnit::Entries => "entries",
            LengthUnit::Bytes => "bytes",
        })
    }
}

pub mod pattern;

pub use pattern::GaveUp;

/// A compiled `@pattern`: the model's ECMA 262 text and the program the code generator compiled
/// from it (see [`pattern`]). Generated code holds each one in a `static`; nothing is compiled
/// when a value is checked.
#[derive(Clone, Copy)]
pub struct Pattern {
    ecma: &'static str,
    program: pattern::Program<'static>,
}

impl Pattern {
    /// The pattern `ecma` (the model's text, used in messages), compiled to `insts` over
    /// `classes`.
    pub const fn new(
        ecma: &'static str,
        insts: &'static [pattern::Inst],
        classes: &'static [&'static [(char, char)]],
    ) -> Pattern {
        Pattern {
            ecma,
            program: pattern::Program {
                insts,
                classes,
                dfa: None,
            },
        }
    }

    /// The pattern, matched with `dfa`, the same program as a deterministic automaton.
    pub const fn with_dfa(self, dfa: &'static pattern::Dfa<'static>) -> Pattern {
        Pattern {
            ecma: self.ecma,
            program: pattern::Program {
                insts: self.program.insts,
                classes: self.program.classes,
                dfa: Some(dfa),
            },
        }
    }

    /// Whether the pattern matches somewhere in `value` (Smithy patterns are not
    /// implicitly anchored).
    ///
    /// # Errors
    /// [`GaveUp`] when matching went without memory of explored states (backreferences, or a
    /// value too long for the program) and ran out of steps (see [`pattern::STEP_LIMIT`]).
    pub fn is_match(&self, value: &str) -> Result<bool, GaveUp> {
        self.program.is_match(value)
    }

    /// The model's (ECMA 262) pattern text.
    pub fn as_str(&self) -> &'static str {
        self.ecma
    }

    /// The compiled program.
    pub fn program(&self) -> pattern::Program<'static> {
        self.program
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pattern")
            .field("ecma", &self.ecma)
            .field("instructions", &self.program.insts.len())
            .finish()
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.ecma)
    }
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ViolationKind {
    /// A `@required` member is missing.
    Required,
    /// A `@length` constraint is violated.
    Length {
        /// The minimum length, if any.
        min: Option<u64>,
        /// The maximum length, if any.
        max: Option<u64>,
        /// The actual length.
        actual: u64,
        /// What the length counts.
        unit: LengthUnit,
    },
    /// The value does not match a `@pattern`.
    Pattern {
        /// The model's pattern text.
        pattern: &'static str,
    },
    /// The pattern engine failed while matching.
    ///
    /// No longer reported by [`Validator::pattern`], which lets a value through when the engine
    /// gives up on it (the service checks it: what it may accept, the client never rejects);
    /// kept so that code matching on it still compiles, and for callers' own
    /// [`Validator::report`]s.
    PatternError {
        /// The model's pattern text.
        pattern: &'static str,
        /// The engine's error message.
        error: String,
    },
    /// A `@range` constraint is violated.
    Range {
        /// The minimum, rendered as text.
        min: Option<String>,
        /// The maximum, rendered as text.
        max: Option<String>,
    },
    /// The value is not one of the enum's known values.
    UnknownEnumValue {
        /// The closest known value, if one is reasonably close.
        suggestion: Option<&'static str>,
    },
    /// A union holds a variant this client does not know, so it cannot be sent.
    UnknownUnionVariant,
    /// A `@uniqueItems` list holds the same item twice.
    DuplicateItem {
        /// Index of the first occurrence.
        first: usize,
        /// Index of the duplicate.
        duplicate: usize,
    },
}

/// One constraint violation found by a [`Validator`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Violation {
    /// Path to the offending member, e.g. `UserSettings.SecurityGroups[5]`.
    pub path: String,
    /// What is wrong.
    pub kind: ViolationKind,
    /// The offending value, Debug-escaped, or [`REDACTED`] for sensitive members;
    /// `None` where there is no value (e.g. a missing required member).
    pub value: Option<String>,
}

impl Violation {
    /// Whether this violation is an enum value unknown to this client.
    pub fn is_unknown_enum_value(&self) -> bool {
        matches!(self.kind, ViolationKind::UnknownEnumValue { .. })
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        let value = self.value.as_deref().unwrap_or("the value");
        match &self.kind {
            ViolationKind::Required => f.write_str("required member is missing"),
            ViolationKind::Length {
                min,
                max,
                actual,
                unit,
            } => match (min, max) {
                (Some(min), _) if actual < min => {
                    write!(f, "length {actual} is below the minimum of {min} {unit}")
                }
                (_, Some(max)) if actual > max => {
                    write!(f, "length {actual} is above the maximum of {max} {unit}")
                }
                _ => write!(f, "length {actual} {unit} is outside the allowed range"),
            },
            ViolationKind::Pattern { pattern } => {
                write!(f, "{value} does not match the pattern {pattern}")
            }
            ViolationKind::PatternError { pattern, error } => write!(
                f,
                "{value} could not be checked against the pattern {pattern}: {error}"
            ),
            ViolationKind::Range { min, max } => match (min, max) {
                (Some(min), Some(max)) => {
                    write!(f, "{value} is not within the range {min} to {max}")
                }
                (Some(min), None) => write!(f, "{value} is below the minimum of {min}"),
                (None, Some(max)) => write!(f, "{value} is above the maximum of {max}"),
                (None, None) => write!(f, "{value} is out of range"),
            },
            ViolationKind::UnknownEnumValue { suggestion } => {
                write!(f, "unknown value {value}")?;
                if let Some(suggestion) = suggestion {
                    write!(f, " (did you mean {suggestion:?}?)")?;
                }
                Ok(())
            }
            ViolationKind::UnknownUnionVariant => f.write_str(
                "the union holds a variant unknown to this client, which cannot be sent",
            ),
            ViolationKind::DuplicateItem { first, duplicate } => {
                write!(f, "item [{duplicate}] is a duplicate of item [{first}]")
            }
        }
    }
}

/// All constraint violations found in one value (never empty when returned by
/// [`Validator::finish`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// The violations, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Takes the violations out.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// The violations other than unknown enum values, or `None` if nothing else is
    /// wrong. Lets a caller accept enum values newer than its model (the service may
    /// know values this client does not).
    pub fn without_unknown_enum_values(self) -> Option<ValidationErrors> {
        let violations: Vec<Violation> = self
            .violations
            .into_iter()
            .filter(|v| !v.is_unknown_enum_value())
            .collect();
        if violations.is_empty() {
            None
        } else {
            Some(ValidationErrors { violations })
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.violations.as_slice() {
            [] => f.write_str("no constraint violations"),
            [only] => write!(f, "{only}"),
            all => {
                write!(f, "{} constraint violations:", all.len())?;
                for violation in all {
                    write!(f, "\n  {violation}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}

/// One step of the path from the validated value to a member.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Member(&'static str),
    Index(usize),
    Key(String),
}

fn push_segment(out: &mut String, segment: &Segment) {
    match segment {
        Segment::Member(name) => {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(name);
        }
        Segment::Index(index) => {
            out.push('[');
            out.push_str(&index.to_string());
            out.push(']');
        }
        Segment::Key(key) => {
            out.push('[');
            out.push_str(key);
            out.push(']');
        }
    }
}

/// Collects constraint violations while walking a value.
///
/// Generated `validate` code calls [`enter`](Validator::enter) /
/// [`leave`](Validator::leave) around nested members and the check methods on each
/// value, then [`finish`](Validator::finish).
#[derive(Debug, Clone, Default)]
pub struct Validator {
    path: Vec<Segment>,
    violations: Vec<Violation>,
    /// How many `@sensitive` scopes the checks are inside; values are redacted while above zero.
    sensitive_depth: u32,
}

impl Validator {
    /// A validator positioned at the root, with no violations.
    pub fn new() -> Self {
        Self::default()
    }

    /// Enters a `@sensitive` value: until the matching [`Self::leave_sensitive`], every reported
    /// value is redacted, also those of elements and members nested inside it.
    pub fn enter_sensitive(&mut self) {
        self.sensitive_depth += 1;
    }

    /// Leaves a scope opened by [`Self::enter_sensitive`].
    pub fn leave_sensitive(&mut self) {
        self.sensitive_depth = self.sensitive_depth.saturating_sub(1);
    }

    /// Descends into a structure or union member.
    pub fn enter(&mut self, member: &'static str) {
        self.path.push(Segment::Member(member));
    }

    /// Descends into a list element.
    pub fn enter_index(&mut self, index: usize) {
        self.path.push(Segment::Index(index));
    }

    /// Descends into the value of a map entry. The path shows the key quoted, its first
    /// [`SHOWN_CHARS`] characters only, and not at all inside a sensitive value.
    pub fn enter_key(&mut self, key: &str) {
        let shown = if self.sensitive_depth > 0 {
            REDACTED.to_owned()
        } else {
            shown(key)
        };
        self.path.push(Segment::Key(shown));
    }

    /// Descends into the value of a map entry whose key is `@sensitive`: the path shows
    /// [`REDACTED`] instead of the key.
    pub fn enter_sensitive_key(&mut self) {
        self.path.push(Segment::Key(REDACTED.to_owned()));
    }

    /// Goes back up one step (does nothing at the root).
    pub fn leave(&mut self) {
        self.path.pop();
    }

    /// Checks a member that may be absent: when it is present, `check` runs on its value with the
    /// member's name on the path. What generated validators write for a member whose only checks
    /// are its target's: one call where a block would be. `Borrow` lets a `String` go to a check
    /// of `str`, a `Vec` to one of a slice and a `Box` to one of what it holds.
    #[inline]
    pub fn member<T: Borrow<U>, U: ?Sized>(
        &mut self,
        member: &'static str,
        value: Option<&T>,
        check: fn(&mut Validator, &U),
    ) {
        if let Some(value) = value {
            self.enter(member);
            check(self, value.borrow());
            self.leave();
        }
    }

    /// Checks every element of a list, each with its index on the path.
    #[inline]
    pub fn each<T: Borrow<U>, U: ?Sized>(&mut self, items: &[T], check: fn(&mut Validator, &U)) {
        for (index, item) in items.iter().enumerate() {
            self.enter_index(index);
            check(self, item.borrow());
            self.leave();
        }
    }

    /// The current path, e.g. `UserSettings.SecurityGroups[5]` (empty at the root).
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            push_segment(&mut out, segment);
        }
        out
    }

    /// Whether any violation has been found so far.
    pub fn has_violations(&self) -> bool {
        !self.violations.is_empty()
    }

    /// Records a violation at the current path.
    pub fn report(&mut self, kind: ViolationKind, value: Option<String>) {
        let value = if self.sensitive_depth > 0 {
            value.map(|_| REDACTED.to_owned())
        } else {
            value
        };
        let path = self.path();
        self.violations.push(Violation { path, kind, value });
    }

    /// Reports a missing `@required` member `member` of the current structure.
    pub fn required(&mut self, member: &'static str, present: bool) {
        if !present {
            let mut path = self.path();
            push_segment(&mut path, &Segment::Member(member));
            self.violations.push(Violation {
                path,
                kind: ViolationKind::Required,
                value: None,
            });
        }
    }

    /// Checks `@length` on a string, counting Unicode scalar values.
    ///
    /// Returns whether the value is within bounds: generated code matches `@pattern` only then
    /// (length before pattern), so a value outside its bounds gets the length violation alone.
    pub fn length_str(
        &mut self,
        value: &str,
        min: Option<u64>,
        max: Option<u64>,
        sensitive: bool,
    ) -> bool {
        let actual = value.chars().count() as u64;
        let out = out_of_bounds(actual, min, max);
        if out {
            let shown = show_str(value, sensitive);
            self.report(
                ViolationKind::Length {
                    min,
                    max,
                    actual,
                    unit: LengthUnit::Characters,
                },
                Some(shown),
            );
        }
        !out
    }

    /// Checks `@length` on a list (elements), map (entries) or blob (bytes).
    pub fn length_count(
        &mut self,
        count: usize,
        unit: LengthUnit,
        min: Option<u64>,
        max: Option<u64>,
    ) {
        let actual = count as u64;
        if out_of_bounds(actual, min, max) {
            self.report(
                ViolationKind::Length {
                    min,
                    max,
                    actual,
                    unit,
                },
                None,
            );
        }
    }

    /// Checks `@pattern`. When the engine gives up on the value (see [`Pattern::is_match`])
    /// nothing is reported: the client cannot tell, and what the service may accept it never
    /// rejects; the service still checks the value.
    pub fn pattern(&mut self, value: &str, pattern: &Pattern, sensitive: bool) {
        if let Ok(false) = pattern.is_match(value) {
            self.report(
                ViolationKind::Pattern {
                    pattern: pattern.as_str(),
                },
                Some(show_str(value, sensitive)),
            );
        }
    }

    /// Checks `@range` on an integer value (any integer type, widened to `i64`).
    pub fn range_int(&mut self, value: i64, min: Option<i64>, max: Option<i64>, sensitive: bool) {
        let below = min.is_some_and(|min| value < min);
        let above = max.is_some_and(|max| value > max);
        if below || above {
            let shown = if sensitive {
                REDACTED.to_owned()
            } else {
                value.to_string()
            };
            self.report(
                ViolationKind::Range {
                    min: min.map(|m| m.to_string()),
                    max: max.map(|m| m.to_string()),
                },
                Some(shown),
            );
        }
    }

    /// Checks `@range` on a floating-point value; NaN violates any bound.
    pub fn range_float(&mut self, value: f64, min: Option<f64>, max: Option<f64>, sensitive: bool) {
        let below = min.is_some_and(|min| value.is_nan() || value < min);
        let above = max.is_some_and(|max| value.is_nan() || value > max);
        if below || above {
            let shown = if sensitive {
                REDACTED.to_owned()
            } else {
                format!("{value:?}")
            };
            self.report(
                ViolationKind::Range {
                    min: min.map(|m| format!("{m:?}")),
                    max: max.map(|m| format!("{m:?}")),
                },
                Some(shown),
            );
        }
    }

    /// Reports a string enum value that is not among `known` (the wire values),
    /// suggesting the closest known value when one is reasonably close.
    pub fn unknown_enum_value(&mut self, value: &str, known: &'static [&'static str]) {
        let suggestion = closest(value, known);
        self.report(
            ViolationKind::UnknownEnumValue { suggestion },
            Some(shown(value)),
        );
    }

    /// Reports an intEnum value that is not among `known`.
    pub fn unknown_int_enum_value(&mut self, value: i32, known: &'static [i32]) {
        let _ = known;
        self.report(
            ViolationKind::UnknownEnumValue { suggestion: None },
            Some(value.to_string()),
        );
    }

    /// Reports a union holding a variant this client does not know (it cannot be sent).
    pub fn unknown_union_variant(&mut self) {
        self.report(ViolationKind::UnknownUnionVariant, None);
    }

    /// Checks `@uniqueItems`: reports every item equal to an earlier one, with the
    /// index of its first occurrence.
    pub fn unique_items<T: PartialEq>(&mut self, items: &[T]) {
        for (duplicate, item) in items.iter().enumerate() {
            if let Some(first) = items[..duplicate].iter().position(|other| other == item) {
                self.report(ViolationKind::DuplicateItem { first, duplicate }, None);
            }
        }
    }

    /// `Ok(())` if no violation was found, else all of them.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors {
                violations: self.violations,
            })
        }
    }
}

fn out_of_bounds(actual: u64, min: Option<u64>, max: Option<u64>) -> bool {
    min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max)
}

fn show_str(value: &str, sensitive: bool) -> String {
    if sensitive {
        REDACTED.to_owned()
    } else {
        shown(value)
    }
}

/// How many characters of a value or key a report shows; the rest is elided, so reporting
/// costs the same for a 64 KB value as for a short one.
pub const SHOWN_CHARS: usize = 64;

/// `value` quoted and escaped, cut after [`SHOWN_CHARS`] characters with the total length said.
fn shown(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        None => format!("{value:?}"),
        Some((cut, _)) => {
            let total = value.chars().count();
            format!("{:?}… ({total} characters)", &value[..cut])
        }
    }
}

/// The known value closest to `value` by case-insensitive edit distance, if the
/// distance is at most `max(2, len / 3)` and the value is not wholly different.
fn closest(value: &str, known: &'static [&'static str]) -> Option<&'static str> {
    let value: Vec<char> = value.chars().flat_map(char::to_lowercase).collect();
    if value.len() > MAX_SUGGESTION_INPUT {
        return None;
    }
    let limit = (value.len() / 3).max(2);
    let mut best: Option<(usize, &'static str)> = None;
    for &candidate in known {
        let lowered: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        if lowered.len().abs_diff(value.len()) > limit {
            continue;
        }
        let distance = levenshtein(&value, &lowered);
        let longest = value.len().max(lowered.len());
        if distance <= limit
            && distance < longest
            && best.is_none_or(|(best_distance, _)| distance < best_distance)
        {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Edit distance (insertions, deletions, substitutions) between two char slices.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests;
