//! The same parsed tree printed in the syntax of the `regex` crate, or of `fancy-regex` where it
//! needs lookaround or backreferences: the independent reading the compiled programs are tested
//! against (module `agreement`). Built for tests only.
//!
//! The `regex` crate looks like ECMA but differs in ways that change what matches: its `\d`,
//! `\w`, `\s` and `\b` are Unicode-aware, its `.` only excludes `\n`, and several characters
//! that are plain literals in ECMA (`#`, `&`, `~`, `[` inside a class, a `{` that starts no
//! quantifier) are syntax there. The printer spells every such difference out. Patterns whose
//! lookarounds all stand at fixed places (`^(?!aws:)…`, `…(?<!-)$`) are split into several `regex`
//! checks (module `decompose`).
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
//! A bounded run of a big Unicode class that ends the input, as in `^[\p{L}\p{N}…]{0,1024}$`,
//! unrolls beyond the `regex` crate's default size limit; such a run is rewritten to count its
//! length in a lookahead over a small class instead, `^(?=[any]{0,1024}$)[\p{L}\p{N}…]*$`, a
//! lookahead at a fixed place when the run starts at one, else for fancy-regex.

use std::fmt::Write as _;

use super::{ALL, Assertion, CharSet, ClassItem, GroupKind, Look, Node, decompose, parse};

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
    let mut tree = parse::Parser::new(ecma).parse()?;
    let engine = if tree.any(&needs_fancy) {
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
    let Err(error) = compile_with(&source, engine) else {
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
        if compile_with(&guarded, Engine::Fancy).is_ok() {
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
fn compile_with(source: &str, engine: Engine) -> Result<(), String> {
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

pub(super) fn emit(tree: &Node, engine: Engine) -> String {
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
                    GroupKind::Capture {
                        name: Some(name), ..
                    } if self.keep_names && is_portable_group_name(name) => {
                        let _ = write!(self.out, "(?P<{name}>");
                    }
                    GroupKind::Capture { .. } => self.out.push('('),
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

/// Whether this node itself is beyond the `regex` crate.
pub(super) fn needs_fancy(node: &Node) -> bool {
    matches!(
        node,
        Node::Backref(_)
            | Node::Group {
                kind: GroupKind::Look(_) | GroupKind::Atomic,
                ..
            }
    )
}

/// A translation compiled once with its engine: what the compiled programs are checked against.
pub enum Oracle {
    Regex(regex::Regex),
    Fancy(fancy_regex::Regex),
    Decomposed(regex::Regex, Vec<(regex::Regex, bool)>),
}

impl Oracle {
    /// # Panics
    ///
    /// When a source does not compile: [`translate`] compiled each one already.
    #[must_use]
    pub fn new(t: &Translated) -> Oracle {
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
    #[must_use]
    pub fn is_match(&self, input: &str) -> Option<bool> {
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
