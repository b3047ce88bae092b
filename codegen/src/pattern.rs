//! Translation of Smithy `@pattern` values (ECMA-262 regular expressions) into Rust regex syntax.
//!
//! Smithy patterns are ECMA-262 expressions used as a *search* (they are not implicitly anchored)
//! and are written without flags. The `regex` crate looks similar but differs in ways that change
//! what matches: its `\d`, `\w`, `\s` and `\b` are Unicode-aware, its `.` only excludes `\n`,
//! and several characters that are plain literals in ECMA (`#`, `&`, `~`, `[` inside a class, a
//! `{` that starts no quantifier) are syntax there. This module parses the ECMA pattern into a small
//! syntax tree and prints it back in `regex` syntax with every such difference spelled out, so
//! that `regex::Regex::is_match` gives the ECMA answer. Patterns whose lookarounds all stand at
//! fixed places (`^(?!aws:)…`, `…(?<!-)$`) are split into several `regex` checks (module
//! `decompose`); other patterns that need lookaround or backreferences, which `regex` cannot
//! express, are printed for `fancy-regex`.
//!
//! | ECMA                     | printed as                                                     |
//! |--------------------------|----------------------------------------------------------------|
//! | `\d` / `\w`              | `[0-9]` / `[0-9A-Za-z_]` (negated forms: `[^…]`)               |
//! | `\s`                     | ECMA `WhiteSpace` + `LineTerminator`: has U+FEFF, lacks U+0085 |
//! | `.`                      | `[^\n\r\x{2028}-\x{2029}]`                                     |
//! | `\b` / `\B`              | `(?-u:\b)` / `(?-u:\B)`; for fancy-regex, lookaround on `\w`   |
//! | `^` / `$`                | unchanged: without the `m` flag both engines mean input ends   |
//! | `[\W\d]`, `[^\s]` …      | classes with nested `[^…]` classes for negated escapes         |
//! | `[]` / `[^]`             | a class of nothing / of every code point                       |
//! | literals                 | escaped if syntax anywhere in `regex`, `\x{…}` if invisible    |
//! | `(?<name>…)`             | `(?P<name>…)`                                                  |
//! | `\1`, `\k<name>`         | `(?(1)\1)`: an unset group matches empty, as in ECMA           |
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
//! | `\A`, `\z` / `\Z`             | start, end / end or before one final line terminator         |
//! | `X{n}+`, `X*+`, `X{m,n}+` …  | possessive: a fixed count as is, else an atomic group `(?>…)` |
//! | `\0n`, `\0nn`, `\0mnn`         | octal escapes                                                |
//! | `\uD800`, `[\uDBFF-\uDC00]`    | lone surrogates match nothing (no Rust string holds one)     |
//! | `\p{Alnum}`, `\p{Punct}` …    | the POSIX classes, ASCII as in Java                          |
//!
//! Also accepted beyond strict ECMA: `\p{L}`-style property escapes and `\u{…}` without the `u`
//! flag, and quantified assertions such as `${1,128}`.
//!
//! A bounded run of a big Unicode class that ends the input, as in `^[\p{L}\p{N}…]{0,1024}$`,
//! unrolls beyond the `regex` crate's default size limit; such a run is rewritten to count its
//! length in a lookahead over a small class instead, `^(?=[any]{0,1024}$)[\p{L}\p{N}…]*$`, a
//! lookahead at a fixed place when the run starts at one, else for fancy-regex.
//!
//! Refused with an error naming the construct and its byte offset (the generator then leaves the
//! pattern unchecked and says so): the flags `m`, `x` and the others beyond `i` and `s`, a
//! case-sensitive set such as `\p{Lu}` or a backreference under `(?i)`, `\c` without a letter,
//! escaped letters with no meaning in either dialect, unknown properties (`\p{LD}`), and
//! backreferences to a group inside a repetition (ECMA resets such a group on every iteration;
//! fancy-regex keeps the previous iteration's text).

use std::fmt::Write as _;

mod decompose;

/// Which engine the translated source is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Engine {
    /// The `regex` crate: linear-time matching, used whenever the pattern allows it.
    Regex,
    /// The `fancy-regex` crate: only for lookaround and backreferences that [`Engine::Decomposed`]
    /// cannot take; it backtracks, so the runtime bounds its work.
    Fancy,
    /// The `regex` crate, several times: lookaround at fixed places taken out of the pattern
    /// (`source`) and checked on its own ([`Translated::checks`]); see the `decompose` module.
    Decomposed,
}

/// A pattern rewritten for one engine; `source` (and every check) already compiled once with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    pub source: String,
    pub engine: Engine,
    /// For [`Engine::Decomposed`]: what must also (not) match; empty for the other engines.
    pub checks: Vec<Check>,
}

/// One condition of a decomposed pattern: `source` (`regex` syntax) must match the value, or,
/// when `must_match` is false, must not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub source: String,
    pub must_match: bool,
}

/// Translate and verify by compiling with the target engine. Err = human readable problem, e.g.
/// "unsupported escape `\\c` at offset 4" or the engine's compile error.
///
/// # Errors
///
/// When the pattern is not valid ECMA-262, uses a construct listed in the module documentation as
/// unsupported, or the printed source does not compile with the engine's default limits.
pub fn translate(ecma: &str) -> Result<Translated, String> {
    translate_within(ecma, None)
}

/// [`translate`] for a pattern that is only matched against values of at most `max_len`
/// characters (the shape's `@length` max, checked first): counted repetitions whose bound can
/// never be reached within that length are made open-ended ([`crate::repetition`]), which keeps
/// the automaton small and matching fast without changing any verdict.
///
/// # Errors
///
/// As [`translate`].
pub fn translate_within(ecma: &str, max_len: Option<u64>) -> Result<Translated, String> {
    let mut tree = Parser::new(ecma).parse()?;
    let engine = if tree.any(&Node::needs_fancy) {
        Engine::Fancy
    } else {
        Engine::Regex
    };
    if engine == Engine::Fancy
        && let Some(decomposed) = decompose::decompose(&tree, max_len)
    {
        return Ok(decomposed);
    }
    let source = emit(&tree, engine);
    let source = match (max_len, engine) {
        (Some(max_len), Engine::Regex) => crate::repetition::relax(&source, max_len),
        _ => source,
    };
    let Err(error) = compile(&source, engine) else {
        return Ok(Translated {
            source,
            engine,
            checks: Vec::new(),
        });
    };
    // A long run of a large Unicode class (`^[\p{L}\p{N}…]{0,1024}$`) unrolls into an automaton
    // above the default size limit (that one needs about 53 MB). When the run ends the input,
    // counting it in a lookahead over a tiny class is equivalent and small, at the price of
    // needing fancy-regex.
    if guard_runs_at_end(&mut tree) {
        if let Some(decomposed) = decompose::decompose(&tree, max_len) {
            return Ok(decomposed);
        }
        let guarded = emit(&tree, Engine::Fancy);
        if compile(&guarded, Engine::Fancy).is_ok() {
            return Ok(Translated {
                source: guarded,
                engine: Engine::Fancy,
                checks: Vec::new(),
            });
        }
    }
    Err(format!(
        "the {engine:?} engine rejected `{source}` (from `{ecma}`): {error}"
    ))
}

/// Compiles `source` with the default settings of `engine`, as the generated code will.
fn compile(source: &str, engine: Engine) -> Result<(), String> {
    match engine {
        Engine::Regex => regex::Regex::new(source)
            .map(drop)
            .map_err(|e| e.to_string()),
        Engine::Fancy => fancy_regex::Regex::new(source)
            .map(drop)
            .map_err(|e| e.to_string()),
        // Never asked for: decomposition compiles its parts itself.
        Engine::Decomposed => Err("a decomposed pattern has no single source".to_owned()),
    }
}

fn emit(tree: &Node, engine: Engine) -> String {
    let mut emitter = Emitter {
        engine,
        keep_names: !tree.any(&|n| matches!(n, Node::Backref(_))),
        out: String::new(),
    };
    emitter.node(tree);
    emitter.out
}

/// Rewrites every bounded run of one character set that is directly followed by `$`,
/// `C{m,n}$`, into `(?=[any]{m,n}$)C*$`: the run reaches the end of the input, so its length is
/// the length of the rest. Returns whether anything changed.
fn guard_runs_at_end(node: &mut Node) -> bool {
    match node {
        Node::Group { body, .. } | Node::Repeat { body, .. } => guard_runs_at_end(body),
        Node::Alternation(branches) => branches
            .iter_mut()
            .fold(false, |changed, branch| guard_runs_at_end(branch) | changed),
        Node::Concat(items) => {
            let mut changed = false;
            for i in 0..items.len() {
                let before_end = items.get(i + 1) == Some(&Node::Assertion(Assertion::End));
                match &mut items[i] {
                    Node::Repeat {
                        body,
                        min,
                        max: Some(max),
                        greedy,
                    } if before_end
                        && matches!(**body, Node::Char(_) | Node::Set(_) | Node::Class { .. }) =>
                    {
                        let count = Node::Group {
                            kind: GroupKind::Look(Look::Ahead),
                            body: Box::new(Node::Concat(vec![
                                Node::Repeat {
                                    body: Box::new(Node::Set(CharSet::Ranges {
                                        ranges: ALL,
                                        negated: false,
                                    })),
                                    min: *min,
                                    max: Some(*max),
                                    greedy: true,
                                },
                                Node::Assertion(Assertion::End),
                            ])),
                        };
                        let run = Node::Repeat {
                            body: body.clone(),
                            min: 0,
                            max: None,
                            greedy: *greedy,
                        };
                        items[i] = Node::Concat(vec![count, run]);
                        changed = true;
                    }
                    item => changed |= guard_runs_at_end(item),
                }
            }
            changed
        }
        Node::Char(_)
        | Node::Set(_)
        | Node::Class { .. }
        | Node::Assertion(_)
        | Node::Backref(_) => false,
    }
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
/// Java's line terminators but `\n` and `\r`, which `(?m)`'s anchors treat apart.
const OTHER_LINE_TERMINATORS: &[(char, char)] = &[('\u{85}', '\u{85}'), ('\u{2028}', '\u{2029}')];

/// A lookaround of `body`.
fn look(kind: Look, body: Node) -> Node {
    Node::Group {
        kind: GroupKind::Look(kind),
        body: Box::new(body),
    }
}

fn chars(ranges: &'static [(char, char)]) -> Node {
    Node::Set(CharSet::Ranges {
        ranges,
        negated: false,
    })
}

fn group(alternatives: Vec<Node>) -> Node {
    Node::Group {
        kind: GroupKind::NonCapture,
        body: Box::new(Node::Alternation(alternatives)),
    }
}

/// `^` under Java's `(?m)`: at the start of the input, or after a line terminator (`\n`, `\r`
/// not followed by `\n`, U+0085, U+2028, U+2029), but never at the end of the input (Java, like
/// Perl, does not match it there even after a line terminator).
fn java_line_start() -> Node {
    Node::Concat(vec![
        look(Look::NotAhead, Node::Assertion(Assertion::End)),
        group(vec![
            Node::Assertion(Assertion::Start),
            look(Look::Behind, Node::Char('\n')),
            Node::Concat(vec![
                look(Look::Behind, Node::Char('\r')),
                look(Look::NotAhead, Node::Char('\n')),
            ]),
            look(Look::Behind, chars(OTHER_LINE_TERMINATORS)),
        ]),
    ])
}

/// `$` under Java's `(?m)`: at the end of the input, or before a line terminator, but not
/// between the `\r` and `\n` of a `\r\n`.
fn java_line_end() -> Node {
    group(vec![
        Node::Assertion(Assertion::End),
        look(Look::Ahead, chars(&[('\r', '\r')])),
        look(Look::Ahead, chars(OTHER_LINE_TERMINATORS)),
        Node::Concat(vec![
            look(Look::Ahead, Node::Char('\n')),
            look(Look::NotBehind, Node::Char('\r')),
        ]),
    ])
}

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
    /// A capturing group, optionally named (the name only survives if `regex` accepts it).
    Capture(Option<String>),
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

    /// Whether this node itself is beyond the `regex` crate.
    fn needs_fancy(&self) -> bool {
        matches!(
            self,
            Node::Backref(_)
                | Node::Group {
                    kind: GroupKind::Look(_) | GroupKind::Atomic,
                    ..
                }
        )
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

/// What an escape sequence stands for.
enum Escape {
    Char(char),
    Set(CharSet),
    Assertion(Assertion),
    Backref(usize),
    /// A UTF-16 surrogate code unit on its own (Java speaks in them): no character of a Rust
    /// string is one, so it matches nothing.
    Surrogate(u32),
    /// Java's `\Z`: the end, or before a line terminator that ends the input.
    EndBeforeTerminator,
}

/// Java's line terminators, which `\Z` may stand before (`\r\n` counts as one).
const JAVA_LINE_TERMINATORS: &[(char, char)] = &[
    ('\n', '\n'),
    ('\r', '\r'),
    ('\u{85}', '\u{85}'),
    ('\u{2028}', '\u{2029}'),
];

/// Recursive-descent parser for the ECMA-262 pattern grammar (with Annex B leniency).
struct Parser<'a> {
    src: &'a str,
    /// Byte offset of the next character; always on a char boundary.
    pos: usize,
    /// Capturing groups in the whole pattern: ECMA lets `\N` refer to a later group.
    group_count: usize,
    /// Group names in order of their opening parenthesis, with their group number.
    names: Vec<(String, usize)>,
    /// Number of capturing groups opened so far.
    groups_opened: usize,
    depth: usize,
    /// Backreferences seen, as (group number, offset).
    backrefs: Vec<(usize, usize)>,
    /// Groups inside a repetition that can run more than once.
    looped_groups: Vec<usize>,
    /// Java's inline flags in force: `(?i)` (ASCII case-insensitive, as Java without
    /// `UNICODE_CASE`), `(?s)` (`.` matches line terminators too) and `(?m)` (`^` and `$` match at
    /// line terminators too). They last to the end of the enclosing group.
    flags: Flags,
}

/// Java's inline flags this translation supports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Flags {
    case_insensitive: bool,
    dot_all: bool,
    multiline: bool,
}

type Parsed<T> = Result<T, String>;

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        let (group_count, names) = scan_groups(src);
        Parser {
            src,
            pos: 0,
            group_count,
            names,
            groups_opened: 0,
            depth: 0,
            backrefs: Vec::new(),
            looped_groups: Vec::new(),
            flags: Flags::default(),
        }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        self.eat_str(c.encode_utf8(&mut [0; 4]))
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.pos += s.len();
        }
        found
    }

    fn parse(mut self) -> Parsed<Node> {
        let tree = self.alternation()?;
        if self.peek().is_some() {
            return Err(format!("unmatched `)` at offset {}", self.pos));
        }
        // ECMA clears a repeated group's capture at the start of every iteration, so `\1` after
        // `(?:(a)|b)+` can see "unset" where fancy-regex still sees an earlier iteration's text.
        match self
            .backrefs
            .iter()
            .find(|(group, _)| self.looped_groups.contains(group))
        {
            Some((group, offset)) => Err(format!(
                "unsupported backreference `\\{group}` to a group inside a repetition (ECMA \
                 resets it on each iteration) at offset {offset}"
            )),
            None => Ok(tree),
        }
    }

    fn alternation(&mut self) -> Parsed<Node> {
        let mut branches = vec![self.concat()?];
        while self.eat('|') {
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 {
            branches.swap_remove(0)
        } else {
            Node::Alternation(branches)
        })
    }

    fn concat(&mut self) -> Parsed<Node> {
        let mut terms = Vec::new();
        while !matches!(self.peek(), None | Some('|' | ')')) {
            let groups_before = self.groups_opened;
            let atom = self.atom()?;
            if let Some(term) = self.quantified(atom, groups_before)? {
                terms.push(term);
            }
        }
        Ok(Node::Concat(terms))
    }

    fn atom(&mut self) -> Parsed<Node> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(format!("unexpected end of pattern at offset {start}"));
        };
        match c {
            '^' | '$' | '.' => {
                self.bump();
                Ok(match c {
                    '^' if self.flags.multiline => java_line_start(),
                    '$' if self.flags.multiline => java_line_end(),
                    '^' => Node::Assertion(Assertion::Start),
                    '$' => Node::Assertion(Assertion::End),
                    _ => Node::Set(CharSet::Ranges {
                        ranges: if self.flags.dot_all {
                            ALL
                        } else {
                            LINE_TERMINATORS
                        },
                        negated: !self.flags.dot_all,
                    }),
                })
            }
            '(' => self.group(),
            '[' => self.class(),
            '\\' => match self.escape(false)? {
                Escape::Char(c) => Ok(self.literal(c)),
                Escape::Set(set) => {
                    self.case_closed(&set, start)?;
                    Ok(Node::Set(set))
                }
                Escape::Assertion(a) => Ok(Node::Assertion(a)),
                Escape::Backref(_) if self.flags.case_insensitive => Err(format!(
                    "unsupported backreference under `(?i)` at offset {start}"
                )),
                Escape::Backref(n) => Ok(Node::Backref(n)),
                Escape::Surrogate(_) => Ok(Node::Class {
                    negated: false,
                    items: Vec::new(),
                }),
                Escape::EndBeforeTerminator => Ok(end_before_terminator()),
            },
            '*' | '+' | '?' => Err(format!("nothing to repeat before `{c}` at offset {start}")),
            '{' if self.braced_quantifier()?.is_some() => {
                Err(format!("nothing to repeat before `{{` at offset {start}"))
            }
            // Annex B: `]`, `}` and a `{` that starts no quantifier are literals.
            _ => {
                self.bump();
                Ok(self.literal(c))
            }
        }
    }

    /// A literal character; under `(?i)` an ASCII letter matches either case.
    fn literal(&self, c: char) -> Node {
        if self.flags.case_insensitive && c.is_ascii_alphabetic() {
            let (lower, upper) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
            Node::Class {
                negated: false,
                items: vec![
                    ClassItem::Range(upper, upper),
                    ClassItem::Range(lower, lower),
                ],
            }
        } else {
            Node::Char(c)
        }
    }

    /// Under `(?i)`, a set must hold both cases of every ASCII letter it holds; Java folds sets
    /// such as `\p{Lower}` or `\p{Lu}` in ways this translation does not follow, so those are
    /// refused (and the pattern left unchecked) rather than checked differently.
    fn case_closed(&self, set: &CharSet, at: usize) -> Parsed<()> {
        if !self.flags.case_insensitive {
            return Ok(());
        }
        let closed = match set {
            CharSet::Ranges { ranges, .. } => ('a'..='z').all(|c| {
                let has = |c: char| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c));
                has(c) == has(c.to_ascii_uppercase())
            }),
            CharSet::Property { name, .. } => {
                GENERAL_CATEGORIES.iter().any(|(_, short)| short == name)
                    && !matches!(name.as_str(), "Lu" | "Ll" | "Lt" | "LC")
            }
        };
        if closed {
            Ok(())
        } else {
            Err(format!(
                "unsupported case-sensitive set under `(?i)` at offset {at}"
            ))
        }
    }

    /// Parses an optional quantifier after `atom`; `None` when the whole term matches nothing
    /// but the empty string and can be left out.
    fn quantified(&mut self, atom: Node, groups_before: usize) -> Parsed<Option<Node>> {
        let start = self.pos;
        let (min, max, len) = match self.peek() {
            Some('*') => (0, None, 1),
            Some('+') => (1, None, 1),
            Some('?') => (0, Some(1), 1),
            Some('{') => match self.braced_quantifier()? {
                Some(braced) => braced,
                None => return Ok(Some(atom)),
            },
            _ => return Ok(Some(atom)),
        };
        self.pos += len;
        let greedy = !self.eat('?');
        // Java's possessive form (`X{2}+`, `X*+`), an error in ECMA: it never gives back what it
        // took, which is an atomic group; a fixed count has nothing to give back.
        let possessive = greedy && self.eat('+');
        if max.is_none_or(|max| max > 1) {
            self.looped_groups
                .extend(groups_before + 1..=self.groups_opened);
        }
        if atom.is_zero_width() {
            // ECMA allows this only for lookahead (Annex B), models also write `${1,128}`.
            // Repeating a zero-width test is the test itself, or nothing when it may be skipped.
            return if min > 0 {
                Ok(Some(atom))
            } else if atom.any(&|n| {
                matches!(
                    n,
                    Node::Group {
                        kind: GroupKind::Capture(_),
                        ..
                    }
                )
            }) {
                Err(format!(
                    "optional lookaround containing a capturing group at offset {start}"
                ))
            } else {
                Ok(None)
            };
        }
        let repeat = Node::Repeat {
            body: Box::new(atom),
            min,
            max,
            greedy,
        };
        Ok(Some(if possessive && max != Some(min) {
            Node::Group {
                kind: GroupKind::Atomic,
                body: Box::new(repeat),
            }
        } else {
            repeat
        }))
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` at the current position without consuming it; returns the
    /// bounds and the byte length, or `None` when the text is no quantifier (then `{` is literal).
    fn braced_quantifier(&self) -> Parsed<Option<(u32, Option<u32>, usize)>> {
        let rest = self.rest();
        let Some(inner_and_more) = rest.strip_prefix('{') else {
            return Ok(None);
        };
        let Some(close) = inner_and_more.find('}') else {
            return Ok(None);
        };
        let inner = &inner_and_more[..close];
        let (low, high) = match inner.split_once(',') {
            Some((low, high)) => (low, Some(high)),
            None => (inner, None),
        };
        let is_number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !is_number(low) || high.is_some_and(|h| !h.is_empty() && !is_number(h)) {
            return Ok(None);
        }
        let bound = |s: &str| {
            s.parse::<u32>()
                .map_err(|_| format!("quantifier bound `{s}` too large at offset {}", self.pos))
        };
        let min = bound(low)?;
        let max = match high {
            None => Some(min),
            Some("") => None,
            Some(h) => Some(bound(h)?),
        };
        if max.is_some_and(|max| max < min) {
            return Err(format!(
                "numbers out of order in quantifier `{{{inner}}}` at offset {}",
                self.pos
            ));
        }
        Ok(Some((min, max, close + 2)))
    }

    fn group(&mut self) -> Parsed<Node> {
        let start = self.pos;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "groups nested deeper than {MAX_DEPTH} levels at offset {start}"
            ));
        }
        self.bump();
        let outer = self.flags;
        let kind = if let Some(scoped) = self.inline_flags(start)? {
            if !scoped {
                // `(?i)`: in force to the end of the enclosing group, which restores its own.
                self.depth -= 1;
                return Ok(Node::Concat(Vec::new()));
            }
            GroupKind::NonCapture
        } else if self.eat_str("?:") {
            GroupKind::NonCapture
        } else if self.eat_str("?=") {
            GroupKind::Look(Look::Ahead)
        } else if self.eat_str("?!") {
            GroupKind::Look(Look::NotAhead)
        } else if self.eat_str("?<=") {
            GroupKind::Look(Look::Behind)
        } else if self.eat_str("?<!") {
            GroupKind::Look(Look::NotBehind)
        } else if self.eat_str("?<") {
            self.groups_opened += 1;
            GroupKind::Capture(Some(self.group_name()?))
        } else if self.peek() == Some('?') {
            return Err(format!(
                "unsupported group syntax `(?{}` at offset {start}",
                self.peek_nth(1).map(String::from).unwrap_or_default()
            ));
        } else {
            self.groups_opened += 1;
            GroupKind::Capture(None)
        };
        let body = self.alternation()?;
        if !self.eat(')') {
            return Err(format!("unclosed group opened at offset {start}"));
        }
        self.depth -= 1;
        self.flags = outer;
        Ok(Node::Group {
            kind,
            body: Box::new(body),
        })
    }

    /// Java's inline flags after `(`: `?i)`, `?-s)`, `?is:`. Sets them and returns whether they
    /// open a group (`:`); `None`, consuming nothing, when the text is no flag group. Flags other
    /// than `i`, `s` and `m` are refused.
    fn inline_flags(&mut self, start: usize) -> Parsed<Option<bool>> {
        let rest = self.rest();
        let Some(body) = rest.strip_prefix('?') else {
            return Ok(None);
        };
        let len = body
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
            .unwrap_or(body.len());
        let (letters, after) = body.split_at(len);
        let scoped = match after.chars().next() {
            Some(')') => false,
            Some(':') => true,
            _ => return Ok(None),
        };
        if letters.is_empty() || letters.matches('-').count() > 1 {
            return Ok(None);
        }
        let mut on = true;
        for c in letters.chars() {
            match c {
                '-' => on = false,
                'i' => self.flags.case_insensitive = on,
                's' => self.flags.dot_all = on,
                'm' => self.flags.multiline = on,
                other => {
                    return Err(format!(
                        "unsupported inline flag `{other}` at offset {start}"
                    ));
                }
            }
        }
        self.pos += 1 + len + 1;
        Ok(Some(scoped))
    }

    /// Reads `name>` after `(?<`, checking ECMA's identifier rules and uniqueness.
    fn group_name(&mut self) -> Parsed<String> {
        let start = self.pos;
        let name = self.identifier_until_gt()?;
        let earlier = self
            .names
            .iter()
            .filter(|(n, index)| *n == name && *index < self.groups_opened)
            .count();
        if earlier > 0 {
            return Err(format!("duplicate group name `{name}` at offset {start}"));
        }
        Ok(name)
    }

    fn identifier_until_gt(&mut self) -> Parsed<String> {
        let start = self.pos;
        let mut name = String::new();
        loop {
            match self.bump() {
                Some('>') if !name.is_empty() => return Ok(name),
                Some(c) if is_identifier_char(c, name.is_empty()) => name.push(c),
                _ => return Err(format!("invalid group name at offset {start}")),
            }
        }
    }

    fn class(&mut self) -> Parsed<Node> {
        let start = self.pos;
        self.bump();
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None => return Err(format!("unclosed character class opened at offset {start}")),
                Some(']') => {
                    self.bump();
                    if self.flags.case_insensitive {
                        for item in &items {
                            if let ClassItem::Set(set) = item {
                                self.case_closed(set, start)?;
                            }
                        }
                        items = fold_ascii_case(items);
                    }
                    return Ok(Node::Class { negated, items });
                }
                Some(_) => {}
            }
            let atom_start = self.pos;
            let first = self.class_atom()?;
            let is_range =
                self.peek() == Some('-') && !matches!(self.peek_nth(1), None | Some(']'));
            if !is_range {
                let high = first_point(&first);
                push_class_atom(&mut items, first, high);
                continue;
            }
            self.bump();
            match (first, self.class_atom()?) {
                (ClassAtom::Point(low), ClassAtom::Point(high)) if low > high => {
                    return Err(format!(
                        "range out of order in character class at offset {atom_start}"
                    ));
                }
                (ClassAtom::Point(low), ClassAtom::Point(high)) => {
                    push_class_atom(&mut items, ClassAtom::Point(low), high);
                }
                // Annex B: a range with a class escape at either end is a plain list with `-`.
                (first, second) => {
                    let (a, b) = (first_point(&first), first_point(&second));
                    push_class_atom(&mut items, first, a);
                    items.push(ClassItem::Range('-', '-'));
                    push_class_atom(&mut items, second, b);
                }
            }
        }
    }

    /// One class member; a single character comes back as a one-character range.
    fn class_atom(&mut self) -> Parsed<ClassAtom> {
        if self.peek() == Some('\\') {
            let start = self.pos;
            return match self.escape(true)? {
                Escape::Char(c) => Ok(ClassAtom::Point(u32::from(c))),
                Escape::Surrogate(unit) => Ok(ClassAtom::Point(unit)),
                Escape::Set(set) => Ok(ClassAtom::Set(set)),
                Escape::Assertion(_) | Escape::Backref(_) | Escape::EndBeforeTerminator => Err(
                    format!("unsupported escape inside a character class at offset {start}"),
                ),
            };
        }
        match self.bump() {
            Some(c) => Ok(ClassAtom::Point(u32::from(c))),
            None => Err(format!("unexpected end of pattern at offset {}", self.pos)),
        }
    }

    /// Parses the escape at the current `\`.
    fn escape(&mut self, in_class: bool) -> Parsed<Escape> {
        let start = self.pos;
        self.bump();
        let Some(c) = self.bump() else {
            return Err(format!("trailing backslash at offset {start}"));
        };
        let unsupported =
            |what: &str| Err(format!("unsupported escape `{what}` at offset {start}"));
        let ranges = |ranges, negated| Ok(Escape::Set(CharSet::Ranges { ranges, negated }));
        match c {
            'd' | 'D' => ranges(DIGIT, c == 'D'),
            'w' | 'W' => ranges(WORD, c == 'W'),
            's' | 'S' => ranges(SPACE, c == 'S'),
            'p' | 'P' => self.property(start, c == 'P').map(Escape::Set),
            // Java's input anchors, errors in ECMA.
            'A' if !in_class => Ok(Escape::Assertion(Assertion::Start)),
            'z' if !in_class => Ok(Escape::Assertion(Assertion::End)),
            'Z' if !in_class => Ok(Escape::EndBeforeTerminator),
            'b' if in_class => Ok(Escape::Char('\u{8}')),
            'b' => Ok(Escape::Assertion(Assertion::WordBoundary)),
            'B' if !in_class => Ok(Escape::Assertion(Assertion::NotWordBoundary)),
            't' => Ok(Escape::Char('\t')),
            'n' => Ok(Escape::Char('\n')),
            'r' => Ok(Escape::Char('\r')),
            'f' => Ok(Escape::Char('\u{c}')),
            'v' => Ok(Escape::Char('\u{b}')),
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => Ok(Escape::Char('\0')),
            // Java's octal escape `\0n`, `\0nn`, `\0mnn` (m at most 3); ECMA has none.
            '0' if self.peek().is_some_and(|d| d.is_digit(8)) => {
                let digits: Vec<u32> = self
                    .rest()
                    .chars()
                    .map_while(|d| d.to_digit(8))
                    .take(3)
                    .collect();
                let take = if digits.len() == 3 && digits[0] <= 3 {
                    3
                } else {
                    digits.len().min(2)
                };
                self.pos += take;
                let value = digits[..take].iter().fold(0, |v, d| v * 8 + d);
                Ok(Escape::Char(scalar(value, start)?))
            }
            '0'..='9' if in_class => unsupported("\\<digit> (legacy octal) in a class"),
            '1'..='9' => {
                let digits_end = self
                    .rest()
                    .find(|d: char| !d.is_ascii_digit())
                    .unwrap_or(self.rest().len());
                let number = format!("{c}{}", &self.rest()[..digits_end]);
                self.pos += digits_end;
                match number.parse::<usize>() {
                    Ok(n) if n <= self.group_count => {
                        self.backrefs.push((n, start));
                        Ok(Escape::Backref(n))
                    }
                    _ => Err(format!(
                        "backreference `\\{number}` to a missing group (legacy octal escapes are \
                         not supported) at offset {start}"
                    )),
                }
            }
            '0' => unsupported("\\0<digit> (legacy octal)"),
            'k' if !in_class && !self.names.is_empty() => {
                if !self.eat('<') {
                    return Err(format!("expected `<` after `\\k` at offset {start}"));
                }
                let name = self.identifier_until_gt()?;
                match self.names.iter().find(|(n, _)| *n == name) {
                    Some(&(_, index)) => {
                        self.backrefs.push((index, start));
                        Ok(Escape::Backref(index))
                    }
                    None => Err(format!(
                        "backreference to unknown group `{name}` at offset {start}"
                    )),
                }
            }
            'c' => match self.peek() {
                Some(letter) if letter.is_ascii_alphabetic() => {
                    self.bump();
                    Ok(Escape::Char(char::from(letter as u8 % 32)))
                }
                _ => unsupported("\\c"),
            },
            'x' => match self.hex_digits(2) {
                Some(value) => Ok(Escape::Char(scalar(value, start)?)),
                None => unsupported("\\x"),
            },
            'u' => self
                .unicode_escape(start)
                .map(|unit| match char::from_u32(unit) {
                    Some(c) => Escape::Char(c),
                    None => Escape::Surrogate(unit),
                }),
            c if c.is_alphanumeric() => unsupported(&format!("\\{c}")),
            // Identity escape of punctuation, `\/`, `\-` …: the character itself.
            c => Ok(Escape::Char(c)),
        }
    }

    /// Consumes exactly `count` hex digits and returns their value.
    fn hex_digits(&mut self, count: usize) -> Option<u32> {
        let digits = self.rest().get(..count)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let value = u32::from_str_radix(digits, 16).ok()?;
        self.pos += count;
        Some(value)
    }

    /// `\uXXXX`, a `\uHHHH\uLLLL` surrogate pair, or `\u{…}` (after the `\u`): a code point,
    /// or a lone surrogate code unit.
    fn unicode_escape(&mut self, start: usize) -> Parsed<u32> {
        if self.eat('{') {
            let rest = self.rest();
            let end = rest.find('}');
            let value = end
                .map(|end| &rest[..end])
                .filter(|hex| !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok());
            return match (value, end) {
                (Some(value), Some(end)) => {
                    self.pos += end + 1;
                    scalar(value, start).map(u32::from)
                }
                _ => Err(format!("invalid `\\u{{…}}` escape at offset {start}")),
            };
        }
        let Some(high) = self.hex_digits(4) else {
            return Err(format!("unsupported escape `\\u` at offset {start}"));
        };
        if (0xd800..0xdc00).contains(&high) && self.rest().starts_with("\\u") {
            let before = self.pos;
            self.pos += 2;
            match self.hex_digits(4) {
                Some(low @ 0xdc00..0xe000) => {
                    return Ok(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00));
                }
                _ => self.pos = before,
            }
        }
        Ok(high)
    }

    /// `\p{…}` / `\P{…}` after the letter.
    fn property(&mut self, start: usize, negated: bool) -> Parsed<CharSet> {
        let body = self
            .rest()
            .strip_prefix('{')
            .and_then(|rest| rest.split_once('}'))
            .map(|(body, _)| body)
            .filter(|body| {
                !body.is_empty()
                    && body
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'=')
            });
        let Some(body) = body else {
            return Err(format!(
                "unsupported escape `\\p` without `{{name}}` at offset {start}"
            ));
        };
        self.pos += body.len() + 2;
        let unknown = || {
            Err(format!(
                "unknown Unicode property `{body}` at offset {start}"
            ))
        };
        let property = |name: String| Ok(CharSet::Property { name, negated });
        // Surrogates (`Cs`) cannot occur in Rust strings and `regex` has no such table: the
        // set is empty, i.e. the complement of everything.
        let category = |value: &str| {
            GENERAL_CATEGORIES
                .iter()
                .find(|(alias, _)| *alias == value)
                .map(|&(_, short)| match short {
                    "Cs" => CharSet::Ranges {
                        ranges: ALL,
                        negated: !negated,
                    },
                    _ => CharSet::Property {
                        name: short.to_owned(),
                        negated,
                    },
                })
        };
        match body.split_once('=') {
            Some(("General_Category" | "gc", value)) => category(value)
                .ok_or_else(|| format!("unknown Unicode property `{body}` at offset {start}")),
            Some(("Script" | "sc", value)) if !value.is_empty() => property(format!("sc={value}")),
            Some(("Script_Extensions" | "scx", value)) if !value.is_empty() => {
                property(format!("scx={value}"))
            }
            Some(_) => unknown(),
            None => {
                if let Some(set) = category(body) {
                    return Ok(set);
                }
                if let Some((canonical, _)) = BINARY_PROPERTIES
                    .iter()
                    .find(|(canonical, alias)| *canonical == body || *alias == body)
                {
                    return property((*canonical).to_owned());
                }
                match JAVA_POSIX_CLASSES.iter().find(|(name, _)| *name == body) {
                    Some((_, ranges)) => Ok(CharSet::Ranges { ranges, negated }),
                    None => unknown(),
                }
            }
        }
    }
}

/// Checks that `value` is a Unicode scalar value (Rust strings cannot hold lone surrogates).
fn scalar(value: u32, start: usize) -> Parsed<char> {
    char::from_u32(value).ok_or_else(|| {
        format!("unsupported code point U+{value:04X} (lone surrogate?) at offset {start}")
    })
}

/// The code point a class atom starts with (a set has none; its value is unused).
fn first_point(atom: &ClassAtom) -> u32 {
    match atom {
        ClassAtom::Point(p) => *p,
        ClassAtom::Set(_) => 0,
    }
}

/// Adds `atom` (for a point: the range from it to `high`) to a class. Surrogate code units can
/// only match lone surrogates, which Rust strings never hold, so that part of a range is dropped
/// (as Java, matching code points, never matches them in well-formed text).
fn push_class_atom(items: &mut Vec<ClassItem>, atom: ClassAtom, high: u32) {
    let low = match atom {
        ClassAtom::Set(set) => return items.push(ClassItem::Set(set)),
        ClassAtom::Point(low) => low,
    };
    for (lo, hi) in [(low, high.min(0xd7ff)), (low.max(0xe000), high)] {
        if let (Some(lo), Some(hi)) = (char::from_u32(lo), char::from_u32(hi))
            && lo <= hi
        {
            items.push(ClassItem::Range(lo, hi));
        }
    }
}

/// A class under `(?i)`: each ASCII letter range gains its other case (Java without
/// `UNICODE_CASE` folds ASCII only).
fn fold_ascii_case(items: Vec<ClassItem>) -> Vec<ClassItem> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if let ClassItem::Range(lo, hi) = item {
            for (from, to, shift) in [('a', 'z', -32i32), ('A', 'Z', 32)] {
                let (a, b) = (lo.max(from), hi.min(to));
                if a <= b {
                    let moved = |c: char| char::from_u32((c as i32 + shift) as u32).unwrap_or(c);
                    out.push(ClassItem::Range(moved(a), moved(b)));
                }
            }
        }
        out.push(item);
    }
    out
}

/// Java's `\Z` as a lookahead: the end, or one line terminator (`\r\n` counting as one) then
/// the end.
fn end_before_terminator() -> Node {
    let end = || Node::Assertion(Assertion::End);
    Node::Group {
        kind: GroupKind::Look(Look::Ahead),
        body: Box::new(Node::Alternation(vec![
            Node::Concat(vec![Node::Char('\r'), Node::Char('\n'), end()]),
            Node::Concat(vec![
                Node::Set(CharSet::Ranges {
                    ranges: JAVA_LINE_TERMINATORS,
                    negated: false,
                }),
                end(),
            ]),
            end(),
        ])),
    }
}

/// ECMA `RegExpIdentifierName` characters (without `\u` escapes, which are not supported).
fn is_identifier_char(c: char, first: bool) -> bool {
    c == '$'
        || c == '_'
        || c.is_alphabetic()
        || (!first && (c.is_alphanumeric() || c == '\u{200c}' || c == '\u{200d}'))
}

/// Counts capturing groups and collects group names ahead of parsing, because ECMA lets `\2` and
/// `\k<name>` refer forward and decides between backreference and octal escape by the total.
fn scan_groups(src: &str) -> (usize, Vec<(String, usize)>) {
    let mut count = 0;
    let mut names = Vec::new();
    let mut chars = src.char_indices().peekable();
    let mut in_class = false;
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => {
                let rest = src.get(at + 1..).unwrap_or("");
                if !rest.starts_with('?') {
                    count += 1;
                } else if let Some(named) = rest.strip_prefix("?<") {
                    // `(?<=` and `(?<!` are lookbehinds, not named groups.
                    if !named.starts_with(['=', '!']) {
                        count += 1;
                        if let Some((name, _)) = named.split_once('>') {
                            names.push((name.to_owned(), count));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (count, names)
}

/// Prints a parsed pattern in the syntax of the chosen engine.
struct Emitter {
    engine: Engine,
    /// Group names are printed only without backreferences, which are printed by number: older
    /// fancy-regex releases refuse numbered backreferences once a group has a name.
    keep_names: bool,
    out: String,
}

impl Emitter {
    fn node(&mut self, node: &Node) {
        match node {
            Node::Char(c) => push_char(&mut self.out, *c),
            Node::Set(CharSet::Ranges { ranges, negated }) => {
                self.out.push('[');
                if *negated {
                    self.out.push('^');
                }
                push_ranges(&mut self.out, ranges);
                self.out.push(']');
            }
            Node::Set(set @ CharSet::Property { .. }) => self.class_set(set),
            Node::Class { negated, items } => self.class(*negated, items),
            Node::Assertion(assertion) => self.assertion(*assertion),
            Node::Group { kind, body } => {
                match kind {
                    GroupKind::Capture(Some(name))
                        if self.keep_names && is_portable_group_name(name) =>
                    {
                        let _ = write!(self.out, "(?P<{name}>");
                    }
                    GroupKind::Capture(_) => self.out.push('('),
                    GroupKind::NonCapture => self.out.push_str("(?:"),
                    GroupKind::Look(Look::Ahead) => self.out.push_str("(?="),
                    GroupKind::Look(Look::NotAhead) => self.out.push_str("(?!"),
                    GroupKind::Look(Look::Behind) => self.out.push_str("(?<="),
                    GroupKind::Look(Look::NotBehind) => self.out.push_str("(?<!"),
                    GroupKind::Atomic => self.out.push_str("(?>"),
                }
                self.node(body);
                self.out.push(')');
            }
            // ECMA: a backreference to a group that has not matched matches the empty string,
            // while fancy-regex would fail; the conditional restores ECMA's behaviour.
            Node::Backref(n) => {
                let _ = write!(self.out, "(?({n})\\{n})");
            }
            Node::Repeat {
                body,
                min,
                max,
                greedy,
            } => {
                let needs_group = matches!(
                    **body,
                    Node::Concat(_) | Node::Alternation(_) | Node::Repeat { .. }
                );
                if needs_group {
                    self.out.push_str("(?:");
                }
                self.node(body);
                if needs_group {
                    self.out.push(')');
                }
                let _ = match (min, max) {
                    (0, None) => write!(self.out, "*"),
                    (1, None) => write!(self.out, "+"),
                    (0, Some(1)) => write!(self.out, "?"),
                    (min, None) => write!(self.out, "{{{min},}}"),
                    (min, Some(max)) if min == max => write!(self.out, "{{{min}}}"),
                    (min, Some(max)) => write!(self.out, "{{{min},{max}}}"),
                };
                if !greedy {
                    self.out.push('?');
                }
            }
            Node::Concat(nodes) => nodes.iter().for_each(|n| self.node(n)),
            Node::Alternation(branches) => {
                for (i, branch) in branches.iter().enumerate() {
                    if i > 0 {
                        self.out.push('|');
                    }
                    self.node(branch);
                }
            }
        }
    }

    /// A property escape outside a bracketed class.
    fn class_set(&mut self, set: &CharSet) {
        if let CharSet::Property { name, negated } = set {
            let letter = if *negated { 'P' } else { 'p' };
            let _ = write!(self.out, "\\{letter}{{{name}}}");
        }
    }

    fn class(&mut self, negated: bool, items: &[ClassItem]) {
        // ECMA `[]` never matches and `[^]` matches anything; `regex` reads `[]` differently.
        if items.is_empty() {
            self.out.push_str(if negated { "[" } else { "[^" });
            push_ranges(&mut self.out, ALL);
            self.out.push(']');
            return;
        }
        self.out.push('[');
        if negated {
            self.out.push('^');
        }
        for item in items {
            match item {
                ClassItem::Range(low, high) => push_ranges(&mut self.out, &[(*low, *high)]),
                ClassItem::Set(CharSet::Ranges { ranges, negated }) => {
                    // A negated escape such as `\W` inside a class becomes a nested class.
                    if *negated {
                        self.out.push_str("[^");
                    }
                    push_ranges(&mut self.out, ranges);
                    if *negated {
                        self.out.push(']');
                    }
                }
                ClassItem::Set(set) => self.class_set(set),
            }
        }
        self.out.push(']');
    }

    /// ECMA `\b` is an ASCII word boundary. `regex` offers `(?-u:\b)` even for `&str` patterns;
    /// fancy-regex rejects `(?-u:…)`, so there it is spelled out with lookaround.
    fn assertion(&mut self, assertion: Assertion) {
        const WORD_CLASS: &str = "[0-9A-Za-z_]";
        let text = match (assertion, self.engine) {
            (Assertion::Start, _) => "^".to_owned(),
            (Assertion::End, _) => "$".to_owned(),
            (Assertion::WordBoundary, Engine::Regex | Engine::Decomposed) => r"(?-u:\b)".to_owned(),
            (Assertion::NotWordBoundary, Engine::Regex | Engine::Decomposed) => {
                r"(?-u:\B)".to_owned()
            }
            (Assertion::WordBoundary, Engine::Fancy) => {
                format!("(?:(?<={WORD_CLASS})(?!{WORD_CLASS})|(?<!{WORD_CLASS})(?={WORD_CLASS}))")
            }
            (Assertion::NotWordBoundary, Engine::Fancy) => {
                format!("(?:(?<={WORD_CLASS})(?={WORD_CLASS})|(?<!{WORD_CLASS})(?!{WORD_CLASS}))")
            }
        };
        self.out.push_str(&text);
    }
}

/// Whether a group name can be kept: both engines accept ASCII identifiers. Others (ECMA allows
/// `$` and more) become plain groups, which is harmless because backreferences use numbers.
fn is_portable_group_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn push_ranges(out: &mut String, ranges: &[(char, char)]) {
    for &(low, high) in ranges {
        push_char(out, low);
        if high != low {
            out.push('-');
            push_char(out, high);
        }
    }
}

/// Writes `c` as a literal that means the same inside and outside a class in both engines:
/// every character that is syntax somewhere in `regex` is escaped, and invisible or unusual
/// characters are written as `\x{…}` so the source stays readable and unambiguous.
fn push_char(out: &mut String, c: char) {
    match c {
        '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$'
        | '#' | '&' | '-' | '~' => {
            out.push('\\');
            out.push(c);
        }
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        ' '..='~' => out.push(c),
        c if c.is_alphanumeric() => out.push(c),
        c => {
            let _ = write!(out, "\\x{{{:X}}}", u32::from(c));
        }
    }
}

#[cfg(test)]
mod tests;
