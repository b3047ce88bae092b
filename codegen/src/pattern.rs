//! Translation of Smithy `@pattern` values (ECMA-262 regular expressions) into Rust regex syntax.
//!
//! Smithy patterns are ECMA-262 expressions used as a *search* (they are not implicitly anchored)
//! and are written without flags. The `regex` crate looks similar but differs in ways that change
//! what matches: its `\d`, `\w`, `\s` and `\b` are Unicode-aware, its `.` only excludes `\n`,
//! and several characters that are plain literals in ECMA (`#`, `&`, `~`, `[` inside a class, a
//! `{` that starts no quantifier) are syntax there. This module parses the ECMA pattern into a small
//! syntax tree and prints it back in `regex` syntax with every such difference spelled out, so
//! that `regex::Regex::is_match` gives the ECMA answer. Patterns that need lookaround or
//! backreferences, which `regex` cannot express, are printed for `fancy-regex` instead.
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
//! Beyond strict ECMA, a few constructs found in real AWS models are accepted with the meaning
//! their authors evidently intended (and that Java, which Smithy's tooling uses, gives them):
//! `\p{L}`-style property escapes and `\u{…}` without the `u` flag, the POSIX classes
//! `\p{Alnum}`, `\p{Print}` … (ASCII, as in `java.util.regex`), and quantified assertions such as
//! `${1,128}`.
//!
//! A bounded run of a big Unicode class that ends the input, as in `^[\p{L}\p{N}…]{0,1024}$`,
//! unrolls beyond the `regex` crate's default size limit; such a run is rewritten to count its
//! length in a lookahead over a small class instead, `^(?=[any]{0,1024}$)[\p{L}\p{N}…]*$`, which
//! needs fancy-regex.
//!
//! Refused with an error naming the construct and its byte offset: group modifiers such as
//! `(?i:…)`, legacy octal escapes, `\c` without a letter, escaped letters without an ECMA meaning,
//! lone surrogates, unknown properties, and backreferences to a group inside a repetition (ECMA
//! resets such a group on every iteration; fancy-regex keeps the previous iteration's text).

use std::fmt::Write as _;

/// Which engine the translated source is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Engine {
    /// The `regex` crate: linear-time matching, used whenever the pattern allows it.
    Regex,
    /// The `fancy-regex` crate: only for lookaround and backreferences.
    Fancy,
}

/// A pattern rewritten for one engine; `source` already compiled once with that engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    pub source: String,
    pub engine: Engine,
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
    let source = emit(&tree, engine);
    let source = match (max_len, engine) {
        (Some(max_len), Engine::Regex) => crate::repetition::relax(&source, max_len),
        _ => source,
    };
    let Err(error) = compile(&source, engine) else {
        return Ok(Translated { source, engine });
    };
    // A long run of a large Unicode class (`^[\p{L}\p{N}…]{0,1024}$`) unrolls into an automaton
    // above the default size limit (that one needs about 53 MB). When the run ends the input,
    // counting it in a lookahead over a tiny class is equivalent and small, at the price of
    // needing fancy-regex.
    if guard_runs_at_end(&mut tree) {
        let guarded = emit(&tree, Engine::Fancy);
        if compile(&guarded, Engine::Fancy).is_ok() {
            return Ok(Translated {
                source: guarded,
                engine: Engine::Fancy,
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
                    kind: GroupKind::Look(_),
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
}

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
                    '^' => Node::Assertion(Assertion::Start),
                    '$' => Node::Assertion(Assertion::End),
                    _ => Node::Set(CharSet::Ranges {
                        ranges: LINE_TERMINATORS,
                        negated: true,
                    }),
                })
            }
            '(' => self.group(),
            '[' => self.class(),
            '\\' => Ok(match self.escape(false)? {
                Escape::Char(c) => Node::Char(c),
                Escape::Set(set) => Node::Set(set),
                Escape::Assertion(a) => Node::Assertion(a),
                Escape::Backref(n) => Node::Backref(n),
            }),
            '*' | '+' | '?' => Err(format!("nothing to repeat before `{c}` at offset {start}")),
            '{' if self.braced_quantifier()?.is_some() => {
                Err(format!("nothing to repeat before `{{` at offset {start}"))
            }
            // Annex B: `]`, `}` and a `{` that starts no quantifier are literals.
            _ => {
                self.bump();
                Ok(Node::Char(c))
            }
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
        Ok(Some(Node::Repeat {
            body: Box::new(atom),
            min,
            max,
            greedy,
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
        let kind = if self.eat_str("?:") {
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
        Ok(Node::Group {
            kind,
            body: Box::new(body),
        })
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
                    return Ok(Node::Class { negated, items });
                }
                Some(_) => {}
            }
            let atom_start = self.pos;
            let first = self.class_atom()?;
            let is_range =
                self.peek() == Some('-') && !matches!(self.peek_nth(1), None | Some(']'));
            if !is_range {
                items.push(first);
                continue;
            }
            self.bump();
            match (first, self.class_atom()?) {
                (ClassItem::Range(low, _), ClassItem::Range(high, _)) if low > high => {
                    return Err(format!(
                        "range out of order in character class at offset {atom_start}"
                    ));
                }
                (ClassItem::Range(low, _), ClassItem::Range(high, _)) => {
                    items.push(ClassItem::Range(low, high));
                }
                // Annex B: a range with a class escape at either end is a plain list with `-`.
                (first, second) => {
                    items.extend([first, ClassItem::Range('-', '-'), second]);
                }
            }
        }
    }

    /// One class member; a single character comes back as a one-character range.
    fn class_atom(&mut self) -> Parsed<ClassItem> {
        if self.peek() == Some('\\') {
            let start = self.pos;
            return match self.escape(true)? {
                Escape::Char(c) => Ok(ClassItem::Range(c, c)),
                Escape::Set(set) => Ok(ClassItem::Set(set)),
                Escape::Assertion(_) | Escape::Backref(_) => Err(format!(
                    "unsupported escape inside a character class at offset {start}"
                )),
            };
        }
        match self.bump() {
            Some(c) => Ok(ClassItem::Range(c, c)),
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
            'b' if in_class => Ok(Escape::Char('\u{8}')),
            'b' => Ok(Escape::Assertion(Assertion::WordBoundary)),
            'B' if !in_class => Ok(Escape::Assertion(Assertion::NotWordBoundary)),
            't' => Ok(Escape::Char('\t')),
            'n' => Ok(Escape::Char('\n')),
            'r' => Ok(Escape::Char('\r')),
            'f' => Ok(Escape::Char('\u{c}')),
            'v' => Ok(Escape::Char('\u{b}')),
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => Ok(Escape::Char('\0')),
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
            'u' => self.unicode_escape(start).map(Escape::Char),
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

    /// `\uXXXX`, a `\uHHHH\uLLLL` surrogate pair, or `\u{…}` (after the `\u`).
    fn unicode_escape(&mut self, start: usize) -> Parsed<char> {
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
                    scalar(value, start)
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
                    return scalar(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00), start);
                }
                _ => self.pos = before,
            }
        }
        scalar(high, start)
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
            (Assertion::WordBoundary, Engine::Regex) => r"(?-u:\b)".to_owned(),
            (Assertion::NotWordBoundary, Engine::Regex) => r"(?-u:\B)".to_owned(),
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
mod tests {
    use super::*;

    fn matches(t: &Translated, input: &str) -> bool {
        match t.engine {
            Engine::Regex => regex::Regex::new(&t.source)
                .expect("translated source compiles")
                .is_match(input),
            Engine::Fancy => fancy_regex::Regex::new(&t.source)
                .expect("translated source compiles")
                .is_match(input)
                .expect("no backtrack limit hit"),
        }
    }

    /// Translates `pattern` and checks it on inputs chosen where ECMA and `regex` disagree.
    fn check(pattern: &str, engine: Engine, accept: &[&str], reject: &[&str]) {
        let t = translate(pattern).unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
        assert_eq!(t.engine, engine, "{pattern:?} -> {:?}", t.source);
        for input in accept {
            assert!(
                matches(&t, input),
                "{pattern:?} -> {:?} should match {input:?}",
                t.source
            );
        }
        for input in reject {
            assert!(
                !matches(&t, input),
                "{pattern:?} -> {:?} should reject {input:?}",
                t.source
            );
        }
    }

    #[test]
    fn not_blank() {
        check(
            r"^(?!\s*$).+$",
            Engine::Fancy,
            &[" a", "a", "\u{85}", "a\u{85}", "x\u{FEFF}"],
            &[
                "",
                "   ",
                "\u{FEFF}",
                "\t\n\u{b}\u{c}\r",
                "\u{3000}\u{2028}",
                "a\n",
                "\u{a0}",
            ],
        );
    }

    #[test]
    fn iam_role_arn() {
        check(
            r"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$",
            Engine::Regex,
            &[
                "arn:aws:iam::123456789012:role/Admin",
                "arn:aws-cn:iam::123456789012:role/a/b_c",
            ],
            &[
                "arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/Admin",
                "arn:aws:iam::１２３４５６７８９０１２:role/Admin",
                "arn:aws:iam::123456789012:role/Admin\n",
                "arn:aws:iam::123456789012:role/Ädmin",
            ],
        );
    }

    #[test]
    fn tag_value() {
        check(
            r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$",
            Engine::Regex,
            &[
                "",
                "héllo wörld 123",
                "東京",
                "a\u{3000}b",
                "٣",
                "x_y.z:/=+-@",
            ],
            &["a\tb", "a#b", "a\n", "😀", "a&b", "a~b", "a[b"],
        );
    }

    #[test]
    fn label_like() {
        let max = format!("a{}", "-b".repeat(62));
        let too_long = format!("a{}", "b".repeat(63));
        check(
            r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$",
            Engine::Regex,
            &["a", "a--b", &max],
            &["-a", "a-", "é", &too_long],
        );
        check(
            r"^d-(-*[a-z0-9]){1,61}$",
            Engine::Regex,
            &["d-abc", "d--a"],
            &["d-", "d-A", "xd-abc", "d-٣"],
        );
    }

    #[test]
    fn schedule() {
        check(
            r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):([0-5]\d)$",
            Engine::Regex,
            &["Mon:00:00", "Sun:23:59"],
            &["Mon:24:00", "Mon:0٣:00", "Mon:00:00\n", "mon:00:00"],
        );
    }

    #[test]
    fn semver() {
        check(
            r"(^\d+$)|(^\d+.\d+$)|(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)",
            Engine::Regex,
            &[
                "1",
                "1.5",
                "1x5",
                "1.2.3",
                "1.2.3-alpha.1+build.5",
                "1.2.3-x-y",
            ],
            &[
                "1.2.3-",
                "1.2.3-01",
                "1\n2",
                "1\r2",
                "1\u{2028}2",
                "١.٢",
                "1.2.3\n",
            ],
        );
    }

    #[test]
    fn sagemaker_image_arn() {
        check(
            r"^arn:aws(-[\w]+)*:sagemaker:.+:[0-9]{12}:image/[a-zA-Z0-9]([-.]?[a-zA-Z0-9])*$",
            Engine::Regex,
            &[
                "arn:aws:sagemaker:us-east-1:123456789012:image/my-image",
                "arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:image/a.b",
            ],
            &[
                "arn:aws-é:sagemaker:us-east-1:123456789012:image/x",
                "arn:aws:sagemaker:us\neast:123456789012:image/x",
                "arn:aws:sagemaker:us-east-1:123456789012:image/a\n",
            ],
        );
    }

    #[test]
    fn word_class_with_punctuation() {
        check(
            r"^[\w+=,.@*-]+$",
            Engine::Regex,
            &["abc+=,.@*-_", "A_9"],
            &["é", "a b", "٣", "a&b", "a~b"],
        );
    }

    #[test]
    fn search_is_unanchored() {
        check("abc", Engine::Regex, &["xxabcxx", "abc"], &["ab", "xabx"]);
        check(r"\d", Engine::Regex, &["a1b"], &["a٣b", ""]);
    }

    #[test]
    fn dot_and_anchors() {
        check(
            "^.$",
            Engine::Regex,
            &["a", "\u{85}", "😀", "\u{FEFF}"],
            &["\r", "\n", "\u{2028}", "\u{2029}", "", "ab"],
        );
        check("^a$", Engine::Regex, &["a"], &["a\n", "\na", "ba"]);
        check("(?=a)^a$", Engine::Fancy, &["a"], &["a\n", "\na"]);
    }

    #[test]
    fn ascii_word_boundary() {
        // ECMA: `é` is not a word character, so there is a boundary between `é` and `f`.
        check(
            r"\bfoo\b",
            Engine::Regex,
            &["a foo b", "éfooé", "foo"],
            &["xfoo", "foo_"],
        );
        check(
            r"(?=.)\bfoo\b",
            Engine::Fancy,
            &["a foo b", "éfooé"],
            &["xfoo", "foo_"],
        );
        check(r"a\Bb", Engine::Regex, &["ab"], &["a b"]);
        check(r"a\B", Engine::Regex, &["ab"], &["aé", "a"]);
        check(r"(?=a)a\B", Engine::Fancy, &["ab"], &["aé", "a"]);
    }

    #[test]
    fn escapes_inside_classes() {
        check(r"^[\W]$", Engine::Regex, &["é", "-", "٣"], &["a", "_", "5"]);
        check(
            r"^[^\s\d]$",
            Engine::Regex,
            &["a", "é", "٣", "\u{85}"],
            &[" ", "5", "\u{FEFF}"],
        );
        check(r"^[\w-]+$", Engine::Regex, &["a-b_9"], &["é", "a b"]);
        check(r"^[\D]$", Engine::Regex, &["٣", "a"], &["3"]);
        check(
            r"^[\S]$",
            Engine::Regex,
            &["\u{85}", "x"],
            &["\u{a0}", "\u{FEFF}"],
        );
        check(r"^[^\W]$", Engine::Regex, &["a", "_"], &["é", "-"]);
        check(r"^[\d-z]+$", Engine::Regex, &["1-z"], &["a"]);
        check(r"^[a-b-c]+$", Engine::Regex, &["a-bc"], &["d"]);
        check(r"^[\b]$", Engine::Regex, &["\u{8}"], &["b"]);
        check(r"(?=.)^[\W\d]$", Engine::Fancy, &["é", "5"], &["a"]);
    }

    #[test]
    fn regex_syntax_characters_stay_literal() {
        check(r"^[[]$", Engine::Regex, &["["], &["]"]);
        check(r"^[&&~~]+$", Engine::Regex, &["&~"], &["a"]);
    }

    #[test]
    fn literal_braces_and_specials() {
        check("^a{,5}$", Engine::Regex, &["a{,5}"], &["aaaaa"]);
        check("^a{x}$", Engine::Regex, &["a{x}"], &["a"]);
        check("^a{1$", Engine::Regex, &["a{1"], &["a"]);
        check("^]}$", Engine::Regex, &["]}"], &[]);
        check("^a#b c&d~e$", Engine::Regex, &["a#b c&d~e"], &["ab"]);
        check(
            r"^\[\]\{\}\$\^\.\*\+\?\(\)\|\\\/\-\_\ $",
            Engine::Regex,
            &[r"[]{}$^.*+?()|\/-_ "],
            &[],
        );
    }

    #[test]
    fn character_escapes() {
        check(
            r"^\u0041\x42\u{1F600}\t\/\-$",
            Engine::Regex,
            &["AB😀\t/-"],
            &[],
        );
        check(
            r"^\v\f\0\cJ\ca$",
            Engine::Regex,
            &["\u{b}\u{c}\0\n\u{1}"],
            &[],
        );
        check(
            r"^[\uD800\uDC00-\uDBFF\uDFFF]$",
            Engine::Regex,
            &["😀", "\u{10FFFF}"],
            &["a"],
        );
        check(r"^\uD83D\uDE00$", Engine::Regex, &["😀"], &[]);
        check(
            r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*$",
            Engine::Regex,
            &["ok \t😀\u{FFFD}"],
            &["\n", "\u{FFFE}"],
        );
    }

    #[test]
    fn empty_classes() {
        check("^[]$", Engine::Regex, &[], &["", "a", "]"]);
        check(
            "^[^]$",
            Engine::Regex,
            &["a", "\n", "\u{2028}"],
            &["", "ab"],
        );
    }

    #[test]
    fn quantifiers() {
        check(
            "^a+?b{2,3}?c*?d??$",
            Engine::Regex,
            &["aabbcd", "abbb"],
            &["ab"],
        );
        check("^(?:ab){2}$", Engine::Regex, &["abab"], &["ab"]);
        // Quantified assertions, as written in some AWS models.
        check(r"^a${1,128}$", Engine::Regex, &["a"], &["a\n"]);
        check(r"^(?=a)*b", Engine::Regex, &["b"], &["a"]);
        check(r"^(?=a)+a", Engine::Fancy, &["a"], &["b"]);
    }

    #[test]
    fn properties() {
        check(r"^\p{Print}+$", Engine::Regex, &["abc ~"], &["é", "\t"]);
        check(r"^[\p{Alnum}\-]+$", Engine::Regex, &["a-9"], &["é", "٣"]);
        check(r"^\P{L}$", Engine::Regex, &["1", "-"], &["a", "é"]);
        check(r"^[^\P{L}]$", Engine::Regex, &["é"], &["1"]);
        check(
            r"^\p{Letter}\p{gc=Nd}\p{Script=Greek}\p{Alpha}$",
            Engine::Regex,
            &["a٣αé"],
            &["a٣ab"],
        );
        check(r"(?=.)^[\p{L}\P{N}]$", Engine::Fancy, &["a", "-"], &["1"]);
        check(r"(?=.)^[\P{L}\P{N}]$", Engine::Fancy, &["a", "1", "-"], &[]);
    }

    #[test]
    fn every_property_name_compiles() {
        let names = GENERAL_CATEGORIES.iter().map(|(alias, _)| *alias);
        let binary = BINARY_PROPERTIES
            .iter()
            .flat_map(|(name, alias)| [*name, *alias])
            .filter(|name| !name.is_empty());
        let posix = JAVA_POSIX_CLASSES.iter().map(|(name, _)| *name);
        for name in names.chain(binary).chain(posix) {
            for pattern in [format!(r"\p{{{name}}}"), format!(r"(?=.)[\P{{{name}}}a]")] {
                translate(&pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
            }
        }
        check(r"\p{Cs}", Engine::Regex, &[], &["a", "\u{FFFD}"]);
        check(r"^\p{Any}$", Engine::Regex, &["\n"], &[]);
        check(r"^\p{digit}$", Engine::Regex, &["٣"], &["a"]);
    }

    #[test]
    fn groups_and_backreferences() {
        let t = translate(r"^(?<year>\d{4})$").expect("translates");
        assert_eq!(t.source, "^(?P<year>[0-9]{4})$");
        check(
            r"^(?<year>\d{4})-\k<year>$",
            Engine::Fancy,
            &["2020-2020"],
            &["2020-2021"],
        );
        // ECMA: a backreference to a group that did not participate matches the empty string.
        check(r"^(a)?b\1$", Engine::Fancy, &["b", "aba"], &["ab", "bb"]);
        check(r"^(a)\1[0]$", Engine::Fancy, &["aa0"], &["a0"]);
        check(
            r"^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10$",
            Engine::Fancy,
            &["abcdefghijj"],
            &["abcdefghija0"],
        );
        check(r"(?<=\$)\d+", Engine::Fancy, &["$5"], &["5", "€5"]);
        check(
            r"^(?!^[.-])^([a-zA-Z0-9-_.]+)$",
            Engine::Fancy,
            &["a-b"],
            &[".a", "-a", "a b"],
        );
        check(
            r"^([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)$",
            Engine::Fancy,
            &["ab"],
            &["ab-"],
        );
        check(r"^(?<$x>a)$", Engine::Regex, &["a"], &["b"]);
    }

    #[test]
    fn linear_time_aws_url() {
        let t = translate(r"^https://([.\-_a-zA-Z0-9]+/?){3,1016}$").expect("translates");
        assert_eq!(t.engine, Engine::Regex);
        let hostile = format!("https://{}!", "a".repeat(1016));
        assert!(!matches(&t, &hostile));
        assert!(matches(&t, "https://a/b/c"));
    }

    #[test]
    fn long_unicode_run_is_counted_by_lookahead() {
        let full = "é".repeat(1024);
        let over = "é".repeat(1025);
        check(
            r"^[\p{L}\p{M}\p{Z}\p{N}\p{P}]{0,1024}$",
            Engine::Fancy,
            &["", "héllo, wörld 42.", &full],
            &[&over, "a😀", "a\n", "a\t"],
        );
        // Short runs stay with the linear-time engine.
        check(r"^[\p{L}\p{N}]{1,64}$", Engine::Regex, &["a1"], &["", "a-"]);
    }

    #[test]
    fn errors_name_construct_and_offset() {
        let cases = [
            ("(", "unclosed group opened at offset 0"),
            ("[z-a]", "range out of order in character class at offset 1"),
            (r"abcd\c", r"unsupported escape `\c` at offset 4"),
            (r"\c1", r"unsupported escape `\c` at offset 0"),
            ("a)", "unmatched `)` at offset 1"),
            ("*a", "nothing to repeat before `*` at offset 0"),
            ("a**", "nothing to repeat before `*` at offset 2"),
            ("x{2}{3}", "nothing to repeat before `{` at offset 4"),
            ("a{3,2}", "numbers out of order"),
            ("[a", "unclosed character class opened at offset 0"),
            ("[a--]", "range out of order"),
            ("a\\", "trailing backslash at offset 1"),
            (r"\1", "backreference `\\1` to a missing group"),
            ("(?i:a)", "unsupported group syntax `(?i` at offset 0"),
            (r"(?<a>x)\k<b>", "unknown group `b`"),
            (r"\k<b>", r"unsupported escape `\k`"),
            (r"\p{Foo}", "unknown Unicode property `Foo`"),
            (r"\p{}", r"unsupported escape `\p`"),
            (r"\p{L", r"unsupported escape `\p`"),
            (r"\uD800", "lone surrogate"),
            (r"\x4", r"unsupported escape `\x`"),
            (r"\q", r"unsupported escape `\q`"),
            (r"[\B]", r"unsupported escape `\B`"),
            (r"\07", "legacy octal"),
            (r"(?<a>x)(?<a>y)", "duplicate group name `a`"),
            ("a{99999999999}", "too large"),
            ("(?=(a))?", "optional lookaround"),
            (
                r"^(?:(a)|b)+\1$",
                r"unsupported backreference `\1` to a group inside a repetition",
            ),
            (r"^(a\1)+$", "at offset 3"),
            (r"\p{Script=Klingon}", "rejected"),
        ];
        for (pattern, expected) in cases {
            match translate(pattern) {
                Ok(t) => panic!("{pattern:?} should fail but gave {t:?}"),
                Err(e) => assert!(
                    e.contains(expected),
                    "{pattern:?}: {e:?} lacks {expected:?}"
                ),
            }
        }
        let deep = format!("{}a{}", "(".repeat(1000), ")".repeat(1000));
        assert!(translate(&deep).is_err());
    }

    /// Feeds many odd strings through the translator: it must return, never panic, and whatever
    /// it accepts must compile (which `translate` itself checks).
    #[test]
    fn never_panics() {
        const ALPHABET: &[&str] = &[
            "\\", "(", ")", "[", "]", "{", "}", "^", "$", ".", "*", "+", "?", "|", "-", ",", "<",
            ">", "=", "!", ":", "a", "z", "0", "1", "9", "d", "w", "s", "b", "B", "p", "P", "u",
            "x", "c", "k", "D", "é", "😀", "\u{FEFF}", "&", "~", "#", " ", "\n", "{1}", "{2,}",
            "\\u", "\\x", "\\p{", "(?<", "(?", "[^", "D8", "FF", "L}",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = next() % 12;
            let pattern: String = (0..len)
                .map(|_| {
                    let pick = next() % ALPHABET.len() as u64;
                    ALPHABET[usize::try_from(pick).expect("index below the alphabet size")]
                })
                .collect();
            let _ = translate(&pattern);
        }
    }

    #[test]
    fn reference_models() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/reference/models");
        let Ok(entries) = std::fs::read_dir(dir) else {
            println!("skipping: ../shared not found ({dir})");
            return;
        };
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".smithy.json"))
            .collect();
        files.sort();
        let (mut total, mut fancy) = (0, 0);
        let mut failures = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("model readable");
            let json: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
            let mut patterns = Vec::new();
            collect_patterns(&json, &mut patterns);
            let mut file_fancy = 0;
            for pattern in &patterns {
                match translate(pattern) {
                    Ok(t) if t.engine == Engine::Fancy => file_fancy += 1,
                    Ok(_) => {}
                    Err(e) => failures.push(format!("{}: {e}", file.display())),
                }
            }
            println!(
                "{}: {} patterns, {} Regex, {} Fancy",
                file.file_name().unwrap_or_default().to_string_lossy(),
                patterns.len(),
                patterns.len() - file_fancy,
                file_fancy
            );
            total += patterns.len();
            fancy += file_fancy;
        }
        println!(
            "all models: {total} patterns, {} Regex, {fancy} Fancy",
            total - fancy
        );
        assert!(failures.is_empty(), "{failures:#?}");
    }

    fn collect_patterns(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("smithy.api#pattern", serde_json::Value::String(p)) => out.push(p.clone()),
                        _ => collect_patterns(value, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_patterns(v, out)),
            _ => {}
        }
    }
}
