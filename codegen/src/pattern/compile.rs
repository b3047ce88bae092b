//! The parsed pattern compiled to a program for the runtime's engine
//! (`lean_aws_runtime::validation::pattern`): every set resolved to code-point ranges here, so
//! the generated crate carries only the classes its patterns use.
//!
//! | node                         | instructions                                               |
//! |------------------------------|------------------------------------------------------------|
//! | character, set, class        | `Char`, `Class` (sets and classes as sorted, merged ranges) |
//! | one of those, repeated       | one `Run` with its bounds, however large                  |
//! | other repetitions            | the body `min` times, then a loop or `max - min` optional copies |
//! | alternation                  | `Split` chains in order of the branches                    |
//! | lookaround, atomic group     | `Look` / `Atomic`, the body, `Succeed`; lookbehind bodies reversed |
//! | capturing group              | `Save` around the body, only when the pattern has backreferences |

use lean_aws_runtime::validation::pattern::Inst;

use super::dfa::DfaTables;
use super::{ALL, Assertion, CharSet, ClassItem, GroupKind, Look, Node};

/// The most instructions a pattern may compile to; repetitions of groups are unrolled, and a
/// pattern past this is left unchecked with an error naming the limit.
pub const MAX_INSTS: usize = 20_000;

/// A compiled pattern: instructions, and the classes they name by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    pub insts: Vec<Inst>,
    pub classes: Vec<Vec<(char, char)>>,
    /// The same program as a deterministic automaton, when it has one ([`super::dfa`]).
    pub dfa: Option<DfaTables>,
}

impl Compiled {
    /// The runtime's view of the program, to run it here (with its automaton, if it has one).
    pub fn with_program<T>(
        &self,
        f: impl FnOnce(lean_aws_runtime::validation::pattern::Program<'_>) -> T,
    ) -> T {
        self.with_program_using(true, f)
    }

    /// [`Compiled::with_program`], with the automaton or, when `dfa` is false, without it (so
    /// that the backtracker runs).
    pub fn with_program_using<T>(
        &self,
        dfa: bool,
        f: impl FnOnce(lean_aws_runtime::validation::pattern::Program<'_>) -> T,
    ) -> T {
        let classes: Vec<&[(char, char)]> = self.classes.iter().map(Vec::as_slice).collect();
        let tables = self.dfa.as_ref().filter(|_| dfa);
        let automaton = tables.map(|t| lean_aws_runtime::validation::pattern::Dfa {
            ascii: &t.ascii,
            columns: &t.columns,
            next: &t.next,
            matched: &t.matched,
            matched_at_end: &t.matched_at_end,
        });
        f(lean_aws_runtime::validation::pattern::Program {
            insts: &self.insts,
            classes: &classes,
            dfa: automaton.as_ref(),
        })
    }
}

/// Compiles a parsed pattern. `max_len` is the most characters a checked value can have (the
/// shape's `@length` max, checked as well); a counted repetition whose bound can never be
/// reached within it, and whose unrolling would be large, loops instead.
pub(super) fn compile(tree: &Node, max_len: Option<u64>) -> Result<Compiled, String> {
    let mut compiler = Compiler {
        insts: Vec::new(),
        classes: Vec::new(),
        captures: tree.any(&|n| matches!(n, Node::Backref(_))),
        max_len,
    };
    compiler.node(tree, false, 0)?;
    compiler.push(Inst::Match)?;
    let mut classes = compiler.classes;
    let dfa = super::dfa::build(&compiler.insts, &mut classes);
    Ok(Compiled {
        insts: compiler.insts,
        classes,
        dfa,
    })
}

struct Compiler {
    insts: Vec<Inst>,
    classes: Vec<Vec<(char, char)>>,
    /// Whether groups record what they matched (only backreferences need it).
    captures: bool,
    max_len: Option<u64>,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Result<usize, String> {
        if self.insts.len() >= MAX_INSTS {
            return Err(format!(
                "it compiles to more than {MAX_INSTS} instructions (repetitions of groups are unrolled)"
            ));
        }
        self.insts.push(inst);
        Ok(self.insts.len() - 1)
    }

    fn here(&self) -> u32 {
        self.insts.len() as u32
    }

    /// Compiles `node`, matching backwards when `back` (inside a lookbehind); every match that
    /// goes through `node` takes at least `outside` characters besides the node's own.
    fn node(&mut self, node: &Node, back: bool, outside: u64) -> Result<(), String> {
        match node {
            Node::Char(c) => {
                self.push(Inst::Char(*c))?;
            }
            Node::Set(_) | Node::Class { .. } => {
                let class = self.class_of(node)?;
                self.push(Inst::Class(class))?;
            }
            Node::Assertion(assertion) => {
                self.push(match assertion {
                    Assertion::Start => Inst::Start,
                    Assertion::End => Inst::End,
                    Assertion::WordBoundary => Inst::WordBoundary,
                    Assertion::NotWordBoundary => Inst::NotWordBoundary,
                })?;
            }
            Node::Backref(n) => {
                let n = u16::try_from(*n).map_err(|_| "too many groups".to_owned())?;
                self.push(Inst::Backref(n))?;
            }
            Node::Concat(items) => {
                let widths: Vec<u64> = items.iter().map(min_width).collect();
                let total = widths.iter().fold(0u64, |a, w| a.saturating_add(*w));
                let mut order: Vec<usize> = (0..items.len()).collect();
                if back {
                    order.reverse();
                }
                for i in order {
                    let others = outside.saturating_add(total - widths[i]);
                    self.node(&items[i], back, others)?;
                }
            }
            Node::Alternation(branches) => {
                let mut exits = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    if i + 1 == branches.len() {
                        self.node(branch, back, outside)?;
                    } else {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.node(branch, back, outside)?;
                        exits.push(self.push(Inst::Jump(0))?);
                        self.insts[split] = Inst::Split(split as u32 + 1, self.here());
                    }
                }
                let end = self.here();
                for exit in exits {
                    self.insts[exit] = Inst::Jump(end);
                }
            }
            Node::Group { kind, body } => match kind {
                GroupKind::Capture { number: n, .. } if self.captures => {
                    let n = *n;
                    let (first, last) = if back {
                        (2 * n + 1, 2 * n)
                    } else {
                        (2 * n, 2 * n + 1)
                    };
                    self.push(Inst::Save(first))?;
                    self.node(body, back, outside)?;
                    self.push(Inst::Save(last))?;
                }
                GroupKind::Capture { .. } | GroupKind::NonCapture => {
                    self.node(body, back, outside)?;
                }
                GroupKind::Look(look) => {
                    let ahead = matches!(look, Look::Ahead | Look::NotAhead);
                    let negated = matches!(look, Look::NotAhead | Look::NotBehind);
                    let at = self.push(Inst::Look {
                        ahead,
                        negated,
                        next: 0,
                    })?;
                    // What a lookaround's body matches may overlap the rest of the match.
                    self.node(body, !ahead, 0)?;
                    self.push(Inst::Succeed)?;
                    let next = self.here();
                    self.insts[at] = Inst::Look {
                        ahead,
                        negated,
                        next,
                    };
                }
                GroupKind::Atomic => {
                    let at = self.push(Inst::Atomic { next: 0 })?;
                    self.node(body, back, outside)?;
                    self.push(Inst::Succeed)?;
                    let next = self.here();
                    self.insts[at] = Inst::Atomic { next };
                }
            },
            Node::Repeat {
                body,
                min,
                max,
                greedy,
            } => self.repeat(body, (*min, *max), *greedy, back, outside)?,
        }
        Ok(())
    }

    fn repeat(
        &mut self,
        body: &Node,
        (min, max): (u32, Option<u32>),
        greedy: bool,
        back: bool,
        outside: u64,
    ) -> Result<(), String> {
        // A quantified assertion matches no text: once is as good as many, and none always
        // does (ECMA stops a loop at an iteration that matched nothing).
        if body.is_zero_width() {
            if min > 0 {
                self.node(body, back, outside)?;
            }
            return Ok(());
        }
        if matches!(body, Node::Char(_) | Node::Set(_) | Node::Class { .. }) {
            let class = self.class_of(body)?;
            self.push(Inst::Run {
                class,
                min,
                max: max.unwrap_or(u32::MAX),
                greedy,
            })?;
            return Ok(());
        }
        let width = min_width(body);
        let mut max = max;
        // Each iteration takes at least `width` characters of a value of at most `max_len`, of
        // which the rest of the match takes `outside`: a bound no match can reach never binds,
        // and the loop without it is the same, without unrolling.
        if let (Some(bound), Some(max_len)) = (max, self.max_len)
            && width > 0
            && u64::from(bound) >= max_len.saturating_sub(outside) / width
        {
            max = None;
        }
        let inner = outside.saturating_add(width.saturating_mul(u64::from(min.saturating_sub(1))));
        for _ in 0..min {
            self.node(body, back, inner)?;
        }
        match max {
            None => {
                let split = self.push(Inst::Split(0, 0))?;
                self.node(body, back, inner)?;
                self.push(Inst::Jump(split as u32))?;
                let (into, out) = (split as u32 + 1, self.here());
                self.insts[split] = if greedy {
                    Inst::Split(into, out)
                } else {
                    Inst::Split(out, into)
                };
            }
            Some(max) => {
                let mut splits = Vec::new();
                for _ in min..max {
                    splits.push(self.push(Inst::Split(0, 0))?);
                    self.node(body, back, inner)?;
                }
                let out = self.here();
                for split in splits {
                    let into = split as u32 + 1;
                    self.insts[split] = if greedy {
                        Inst::Split(into, out)
                    } else {
                        Inst::Split(out, into)
                    };
                }
            }
        }
        Ok(())
    }

    /// The index of the class a character, set or bracketed class stands for.
    fn class_of(&mut self, node: &Node) -> Result<u16, String> {
        let ranges = match node {
            Node::Char(c) => vec![(*c, *c)],
            Node::Set(set) => set_ranges(set)?,
            Node::Class { negated, items } => {
                let mut ranges = Vec::new();
                for item in items {
                    match item {
                        ClassItem::Range(low, high) => ranges.push((*low, *high)),
                        ClassItem::Set(set) => ranges.extend(set_ranges(set)?),
                    }
                }
                let ranges = canonical(ranges);
                if *negated {
                    complement(&ranges)
                } else {
                    ranges
                }
            }
            _ => unreachable!("only characters, sets and classes have a class"),
        };
        if let Some(i) = self.classes.iter().position(|c| *c == ranges) {
            return Ok(i as u16);
        }
        let i = u16::try_from(self.classes.len()).map_err(|_| "too many classes".to_owned())?;
        self.classes.push(ranges);
        Ok(i)
    }
}

/// The fewest characters `node` matches.
fn min_width(node: &Node) -> u64 {
    match node {
        Node::Char(_) | Node::Set(_) | Node::Class { .. } => 1,
        Node::Assertion(_) | Node::Backref(_) => 0,
        Node::Group { kind, body } => match kind {
            GroupKind::Look(_) => 0,
            _ => min_width(body),
        },
        Node::Repeat { body, min, .. } => min_width(body).saturating_mul(u64::from(*min)),
        Node::Concat(items) => items.iter().map(min_width).fold(0, u64::saturating_add),
        Node::Alternation(branches) => branches.iter().map(min_width).min().unwrap_or(0),
    }
}

/// The ranges of a set, resolving a Unicode property with the tables of `regex-syntax`.
fn set_ranges(set: &CharSet) -> Result<Vec<(char, char)>, String> {
    let (ranges, negated) = match set {
        CharSet::Ranges { ranges, negated } => (ranges.to_vec(), *negated),
        CharSet::Property { name, negated } => (property(name)?, *negated),
    };
    let ranges = canonical(ranges);
    Ok(if negated { complement(&ranges) } else { ranges })
}

fn property(name: &str) -> Result<Vec<(char, char)>, String> {
    use regex_syntax::hir::{Class, HirKind};
    let hir = regex_syntax::Parser::new()
        .parse(&format!("\\p{{{name}}}"))
        .map_err(|e| format!("unknown property `{name}`: {e}"))?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Ok(class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect()),
        _ => Err(format!("`\\p{{{name}}}` is not a set of characters")),
    }
}

/// Sorted, with overlapping and adjacent ranges merged.
fn canonical(mut ranges: Vec<(char, char)>) -> Vec<(char, char)> {
    ranges.retain(|(low, high)| low <= high);
    ranges.sort_unstable();
    let mut out: Vec<(char, char)> = Vec::with_capacity(ranges.len());
    for (low, high) in ranges {
        match out.last_mut() {
            Some(last) if u32::from(low) <= u32::from(last.1).saturating_add(1) => {
                last.1 = last.1.max(high);
            }
            _ => out.push((low, high)),
        }
    }
    // Ranges either side of the surrogates (which no `char` is) are adjacent too.
    let mut merged: Vec<(char, char)> = Vec::with_capacity(out.len());
    for (low, high) in out {
        match merged.last_mut() {
            Some(last) if last.1 == '\u{d7ff}' && low == '\u{e000}' => last.1 = high,
            _ => merged.push((low, high)),
        }
    }
    merged
}

/// Every character not in the canonical `ranges`.
fn complement(ranges: &[(char, char)]) -> Vec<(char, char)> {
    let mut out = Vec::new();
    let mut next = Some('\0');
    for &(low, high) in ranges {
        if let Some(from) = next
            && from < low
        {
            out.push((from, before(low)));
        }
        next = after(high);
    }
    if let Some(from) = next {
        out.push((from, ALL[0].1));
    }
    canonical(out)
}

fn before(c: char) -> char {
    match c {
        '\u{e000}' => '\u{d7ff}',
        _ => char::from_u32(u32::from(c) - 1).expect("not the first character"),
    }
}

fn after(c: char) -> Option<char> {
    match c {
        '\u{d7ff}' => Some('\u{e000}'),
        char::MAX => None,
        _ => char::from_u32(u32::from(c) + 1),
    }
}
