//! Smithy `@pattern` values (ECMA-262 regular expressions), compiled for the runtime's engine.
//!
//! Smithy patterns are ECMA-262 expressions used as a *search* (they are not implicitly anchored)
//! and are written without flags. The parser (module `parse`) reads a pattern into a small syntax
//! tree in which every dialect question is settled, and module `compile` turns the tree into a
//! program of the runtime engine (`lean_aws_runtime::validation::pattern`): instructions, and
//! classes as code-point ranges. How ECMA's escapes read:
//!
//! | ECMA                     | means                                                          |
//! |--------------------------|----------------------------------------------------------------|
//! | `\d` / `\w`              | `[0-9]` / `[0-9A-Za-z_]`, ASCII only                            |
//! | `\s`                     | ECMA `WhiteSpace` + `LineTerminator`: has U+FEFF, lacks U+0085 |
//! | `.`                      | anything but `\n`, `\r`, U+2028 and U+2029                      |
//! | `\b` / `\B`              | a boundary of ASCII word characters / not one                   |
//! | `^` / `$`                | without the `m` flag, the start and the end of the input       |
//! | `[]` / `[^]`             | a class of nothing / of every code point                       |
//! | `\1`, `\k<name>`         | the group's text; an unset group matches empty, as in ECMA     |
//!
//! The translation of the same tree into the syntax of the `regex` and `fancy-regex` crates
//! (module `translate`, built for tests only) is the oracle the compiled programs are tested
//! against, on every pattern of every model the tests can read (module `agreement`).
//!
//! Matching follows code points (as ECMA does with the `u` flag), because Rust strings cannot hold
//! lone surrogates. For the same reason, a `\uXXXX\uXXXX` surrogate pair means one code point.
//!
//! AWS services check patterns with Java's `java.util.regex`, and some models are written in its
//! dialect. Its constructs that are errors in ECMA are read as Java reads them (the tests hold
//! Java's own verdicts); what both dialects share keeps its ECMA meaning:
//!
//! | Java                         | read as                                                      |
//! |------------------------------|--------------------------------------------------------------|
//! | `(?i)`, `(?s)`, `(?-s)`, `(?i:…)` | flags to the end of the enclosing group; `i` folds ASCII only, as Java without `UNICODE_CASE` |
//! | `(?m)` then `^`, `$`          | at every Java line terminator too (`\r\n` as one); `^` never at the end of the input |
//! | `\A`, `\z` / `\Z`             | start, end / end or before one final line terminator         |
//! | `X{n}+`, `X*+`, `X{m,n}+` …  | possessive: a fixed count as is, else an atomic group `(?>…)` |
//! | `\0n`, `\0nn`, `\0mnn`         | octal escapes                                                |
//! | `\uD800`, `[\uDBFF-\uDC00]`    | lone surrogates match nothing (no Rust string holds one)     |
//! | `\p{Alnum}`, `\p{Punct}` …    | the POSIX classes, ASCII as in Java                          |
//!
//! Also accepted beyond strict ECMA: `\p{L}`-style property escapes and `\u{…}` without the `u`
//! flag, and quantified assertions such as `${1,128}`.
//!
//! Refused with an error naming the construct and its byte offset (the generator then leaves the
//! pattern unchecked and says so): the flag `x` and the others beyond `i`, `s` and `m`, a
//! case-sensitive set such as `\p{Lu}` or a backreference under `(?i)`, `\c` without a letter,
//! escaped letters with no meaning in either dialect, unknown properties (`\p{LD}`), and
//! backreferences to a group inside a repetition (ECMA resets such a group on every iteration;
//! the engines of the translation keep the previous iteration's text).

mod compile;
#[cfg(test)]
mod decompose;
pub mod dfa;
mod parse;
#[cfg(test)]
mod translate;

#[cfg(test)]
use translate::{Check, Engine, Translated, emit, translate, translate_within};

pub use compile::{Compiled, MAX_INSTS};

/// Compiles a pattern for the runtime's engine, for values of at most `max_len` characters
/// (the shape's `@length` max, checked as well; see [`compile`]).
///
/// # Errors
///
/// When the pattern is not valid ECMA-262, uses a construct listed in the module documentation as
/// unsupported, or compiles to more than [`MAX_INSTS`] instructions.
pub fn compile(ecma: &str, max_len: Option<u64>) -> Result<Compiled, String> {
    let tree = parse::Parser::new(ecma).parse()?;
    compile::compile(&tree, max_len)
}

/// Deepest group nesting accepted; keeps the recursive parser and printer far from the stack
/// limit (the `regex` crate itself stops at 250 levels of groups and repetitions).
const MAX_DEPTH: usize = 100;

/// ECMA `\d`.
const DIGIT: &[(char, char)] = &[('0', '9')];
/// ECMA `\w`: ASCII only, unlike the `regex` crate's Unicode `\w`.
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
/// ECMA `\s`: `WhiteSpace` plus `LineTerminator`. It includes U+FEFF and excludes U+0085, unlike
/// Unicode's `White_Space` that the `regex` crate uses.
const SPACE: &[(char, char)] = &[
    ('\t', '\r'),
    (' ', ' '),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{feff}', '\u{feff}'),
];
/// What ECMA `.` does *not* match: the `LineTerminator` characters.
const LINE_TERMINATORS: &[(char, char)] = &[('\n', '\n'), ('\r', '\r'), ('\u{2028}', '\u{2029}')];
/// Every code point; `[^]` in ECMA, and (negated) the never-matching `[]`.
const ALL: &[(char, char)] = &[('\0', char::MAX)];

/// `General_Category` values and aliases that ECMA-262 accepts, each mapped to the short name,
/// which the `regex` crate (and `fancy-regex`, which lower-cases it) resolves to the category.
const GENERAL_CATEGORIES: &[(&str, &str)] = &[
    ("C", "C"),
    ("Other", "C"),
    ("Cc", "Cc"),
    ("Control", "Cc"),
    ("cntrl", "Cc"),
    ("Cf", "Cf"),
    ("Format", "Cf"),
    ("Cn", "Cn"),
    ("Unassigned", "Cn"),
    ("Co", "Co"),
    ("Private_Use", "Co"),
    ("Cs", "Cs"),
    ("Surrogate", "Cs"),
    ("L", "L"),
    ("Letter", "L"),
    ("LC", "LC"),
    ("Cased_Letter", "LC"),
    ("Ll", "Ll"),
    ("Lowercase_Letter", "Ll"),
    ("Lm", "Lm"),
    ("Modifier_Letter", "Lm"),
    ("Lo", "Lo"),
    ("Other_Letter", "Lo"),
    ("Lt", "Lt"),
    ("Titlecase_Letter", "Lt"),
    ("Lu", "Lu"),
    ("Uppercase_Letter", "Lu"),
    ("M", "M"),
    ("Mark", "M"),
    ("Combining_Mark", "M"),
    ("Mc", "Mc"),
    ("Spacing_Mark", "Mc"),
    ("Me", "Me"),
    ("Enclosing_Mark", "Me"),
    ("Mn", "Mn"),
    ("Nonspacing_Mark", "Mn"),
    ("N", "N"),
    ("Number", "N"),
    ("Nd", "Nd"),
    ("Decimal_Number", "Nd"),
    ("digit", "Nd"),
    ("Nl", "Nl"),
    ("Letter_Number", "Nl"),
    ("No", "No"),
    ("Other_Number", "No"),
    ("P", "P"),
    ("Punctuation", "P"),
    ("punct", "P"),
    ("Pc", "Pc"),
    ("Connector_Punctuation", "Pc"),
    ("Pd", "Pd"),
    ("Dash_Punctuation", "Pd"),
    ("Pe", "Pe"),
    ("Close_Punctuation", "Pe"),
    ("Pf", "Pf"),
    ("Final_Punctuation", "Pf"),
    ("Pi", "Pi"),
    ("Initial_Punctuation", "Pi"),
    ("Po", "Po"),
    ("Other_Punctuation", "Po"),
    ("Ps", "Ps"),
    ("Open_Punctuation", "Ps"),
    ("S", "S"),
    ("Symbol", "S"),
    ("Sc", "Sc"),
    ("Currency_Symbol", "Sc"),
    ("Sk", "Sk"),
    ("Modifier_Symbol", "Sk"),
    ("Sm", "Sm"),
    ("Math_Symbol", "Sm"),
    ("So", "So"),
    ("Other_Symbol", "So"),
    ("Z", "Z"),
    ("Separator", "Z"),
    ("Zl", "Zl"),
    ("Line_Separator", "Zl"),
    ("Zp", "Zp"),
    ("Paragraph_Separator", "Zp"),
    ("Zs", "Zs"),
    ("Space_Separator", "Zs"),
];

/// Binary properties that ECMA-262 accepts (canonical name, short alias or ""), printed by their
/// canonical name so that neither engine can mistake them for a category or script.
/// `Changes_When_NFKC_Casefolded` is left out: the `regex` crate has no table for it.
const BINARY_PROPERTIES: &[(&str, &str)] = &[
    ("ASCII", ""),
    ("ASCII_Hex_Digit", "AHex"),
    ("Alphabetic", "Alpha"),
    ("Any", ""),
    ("Assigned", ""),
    ("Bidi_Control", "Bidi_C"),
    ("Bidi_Mirrored", "Bidi_M"),
    ("Case_Ignorable", "CI"),
    ("Cased", ""),
    ("Changes_When_Casefolded", "CWCF"),
    ("Changes_When_Casemapped", "CWCM"),
    ("Changes_When_Lowercased", "CWL"),
    ("Changes_When_Titlecased", "CWT"),
    ("Changes_When_Uppercased", "CWU"),
    ("Dash", ""),
    ("Default_Ignorable_Code_Point", "DI"),
    ("Deprecated", "Dep"),
    ("Diacritic", "Dia"),
    ("Emoji", ""),
    ("Emoji_Component", "EComp"),
    ("Emoji_Modifier", "EMod"),
    ("Emoji_Modifier_Base", "EBase"),
    ("Emoji_Presentation", "EPres"),
    ("Extended_Pictographic", "ExtPict"),
    ("Extender", "Ext"),
    ("Grapheme_Base", "Gr_Base"),
    ("Grapheme_Extend", "Gr_Ext"),
    ("Hex_Digit", "Hex"),
    ("IDS_Binary_Operator", "IDSB"),
    ("IDS_Trinary_Operator", "IDST"),
    ("ID_Continue", "IDC"),
    ("ID_Start", "IDS"),
    ("Ideographic", "Ideo"),
    ("Join_Control", "Join_C"),
    ("Logical_Order_Exception", "LOE"),
    ("Lowercase", "Lower"),
    ("Math", ""),
    ("Noncharacter_Code_Point", "NChar"),
    ("Pattern_Syntax", "Pat_Syn"),
    ("Pattern_White_Space", "Pat_WS"),
    ("Quotation_Mark", "QMark"),
    ("Radical", ""),
    ("Regional_Indicator", "RI"),
    ("Sentence_Terminal", "STerm"),
    ("Soft_Dotted", "SD"),
    ("Terminal_Punctuation", "Term"),
    ("Unified_Ideograph", "UIdeo"),
    ("Uppercase", "Upper"),
    ("Variation_Selector", "VS"),
    ("White_Space", "space"),
    ("XID_Continue", "XIDC"),
    ("XID_Start", "XIDS"),
];

/// `java.util.regex` POSIX classes (ASCII-only there) that are not ECMA names but occur in AWS
/// models; ECMA would reject them, Java (Smithy's own validator) gives them this meaning.
const JAVA_POSIX_CLASSES: &[(&str, &[(char, char)])] = &[
    ("Alnum", &[('0', '9'), ('A', 'Z'), ('a', 'z')]),
    ("Blank", &[('\t', '\t'), (' ', ' ')]),
    ("Cntrl", &[('\0', '\u{1f}'), ('\u{7f}', '\u{7f}')]),
    ("Digit", DIGIT),
    ("Graph", &[('!', '~')]),
    ("Print", &[(' ', '~')]),
    ("Punct", &[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')]),
    ("Space", &[('\t', '\r'), (' ', ' ')]),
    ("XDigit", &[('0', '9'), ('A', 'F'), ('a', 'f')]),
];

/// A set of characters written as one escape (`\d`, `\S`, `\p{L}` …).
#[derive(Debug, Clone, PartialEq, Eq)]
enum CharSet {
    /// A fixed list of inclusive ranges, complemented when `negated`.
    Ranges {
        ranges: &'static [(char, char)],
        negated: bool,
    },
    /// A Unicode property in the `regex` crate's `\p{…}` syntax, e.g. `L` or `sc=Greek`.
    Property { name: String, negated: bool },
}

/// One member of a bracketed class.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ClassItem {
    Range(char, char),
    Set(CharSet),
}

/// A class member while the class is read: code points as numbers, because Java classes may
/// name UTF-16 surrogates, which are no `char`.
enum ClassAtom {
    Point(u32),
    Set(CharSet),
}

/// A zero-width assertion that needs no lookaround engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Assertion {
    Start,
    End,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    Ahead,
    NotAhead,
    Behind,
    NotBehind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum GroupKind {
    /// A capturing group: its number (from 1, in order of opening parentheses, as ECMA counts)
    /// and its name, if any (the name only survives if `regex` accepts it).
    Capture {
        number: u16,
        name: Option<String>,
    },
    NonCapture,
    Look(Look),
    /// Java's atomic group, written for a possessive quantifier (`X{1,3}+` is `(?>X{1,3})`).
    Atomic,
}

/// The parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Char(char),
    Set(CharSet),
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
    Assertion(Assertion),
    Group {
        kind: GroupKind,
        body: Box<Node>,
    },
    /// A backreference by group number (named ones are resolved to their number).
    Backref(usize),
    Repeat {
        body: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
}

impl Node {
    /// Whether `test` holds for this node or any node inside it.
    fn any(&self, test: &impl Fn(&Node) -> bool) -> bool {
        test(self)
            || match self {
                Node::Group { body, .. } | Node::Repeat { body, .. } => body.any(test),
                Node::Concat(nodes) | Node::Alternation(nodes) => nodes.iter().any(|n| n.any(test)),
                Node::Char(_)
                | Node::Set(_)
                | Node::Class { .. }
                | Node::Assertion(_)
                | Node::Backref(_) => false,
            }
    }

    /// Whether the node matches no text, so that quantifying it is pointless.
    fn is_zero_width(&self) -> bool {
        matches!(
            self,
            Node::Assertion(_)
                | Node::Group {
                    kind: GroupKind::Look(_),
                    ..
                }
        )
    }
}

#[cfg(test)]
mod agreement;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
