//! The `@pattern` engine: a small backtracking machine that runs programs the code generator
//! compiled from the model's ECMA-262 text.
//!
//! The generator parses each pattern, settles every dialect question (ECMA's ASCII `\w`, its
//! `\s`, `.` without line terminators, Java's flags and anchors, Unicode properties resolved to
//! code-point ranges) and writes the result as a [`Program`]: instructions and character classes
//! in `static` data, so nothing is parsed or compiled when a value is checked, and the crate
//! needs no regular-expression library and no Unicode tables beyond the classes its own patterns
//! use.
//!
//! Matching is a search (Smithy patterns are not implicitly anchored) by depth-first
//! backtracking, in ECMA's order of alternatives. Every state — an instruction and a position —
//! is explored at most once per run: a state that was reached before either failed already or
//! is being explored and would only repeat an empty loop, so the work is bounded by the size of
//! the program times the length of the value, whatever the value. Backreferences make the
//! outcome depend on captured text rather than on the state alone, so a program with them runs
//! without that memory and gives up after [`BACKREF_STEP_LIMIT`] steps instead; the caller lets
//! such a value through (the service checks it).

use std::collections::HashSet;

/// One instruction of a [`Program`]. Positions are indices into the program's instructions;
/// classes are indices into its classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Inst {
    /// The character itself.
    Char(char),
    /// One character of the class.
    Class(u16),
    /// Characters of the class, at least `min` and at most `max` of them (`u32::MAX`: no
    /// limit); the longest run is tried first when `greedy`, the shortest otherwise. One
    /// instruction however large the bounds: `[a-z]{1,4096}` is not unrolled.
    Run {
        /// The class each character belongs to.
        class: u16,
        /// The fewest characters.
        min: u32,
        /// The most characters, `u32::MAX` for no limit.
        max: u32,
        /// Whether longer runs are tried first.
        greedy: bool,
    },
    /// Goes on at the first instruction, and if that fails, at the second.
    Split(u32, u32),
    /// Goes on at the instruction.
    Jump(u32),
    /// The start of the value.
    Start,
    /// The end of the value.
    End,
    /// Between an ASCII word character (`[0-9A-Za-z_]`) and a character that is not one (or
    /// an end of the value).
    WordBoundary,
    /// Not at a [`Inst::WordBoundary`].
    NotWordBoundary,
    /// A lookaround: its body runs from the next instruction to a [`Inst::Succeed`], forwards
    /// (`ahead`) or backwards from the current position, and must succeed (or, when
    /// `negated`, must not); matching goes on at `next` without having moved.
    Look {
        /// Forwards (lookahead) or backwards (lookbehind).
        ahead: bool,
        /// Whether the body must fail.
        negated: bool,
        /// Where matching goes on.
        next: u32,
    },
    /// An atomic group: its body runs from the next instruction to a [`Inst::Succeed`], and
    /// its first success is kept; matching goes on at `next` from where the body ended, never
    /// trying the body's other ways.
    Atomic {
        /// Where matching goes on.
        next: u32,
    },
    /// The end of a lookaround's or atomic group's body.
    Succeed,
    /// Records the position in a capture slot (group `n` has slots `2n` and `2n + 1`).
    Save(u16),
    /// The text group `n` captured, again; a group that captured nothing matches the empty
    /// string, as in ECMA.
    Backref(u16),
    /// The pattern matched.
    Match,
}

/// A compiled pattern: instructions, and the classes they name as sorted, disjoint inclusive
/// ranges of characters.
#[derive(Debug, Clone, Copy)]
pub struct Program<'a> {
    /// The instructions; matching starts at the first.
    pub insts: &'a [Inst],
    /// The character classes.
    pub classes: &'a [&'a [(char, char)]],
}

/// How many steps a program with backreferences may take on one value before it gives up.
/// Programs without them need no limit: their work is bounded by the program's size times the
/// value's length.
pub const BACKREF_STEP_LIMIT: u64 = 100_000;

/// Matching stopped before it had an answer (a program with backreferences took more than
/// [`BACKREF_STEP_LIMIT`] steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GaveUp;

impl std::fmt::Display for GaveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "gave up after {BACKREF_STEP_LIMIT} steps of a pattern with backreferences"
        )
    }
}

impl Program<'_> {
    /// Whether the pattern matches somewhere in `value`.
    ///
    /// # Errors
    /// [`GaveUp`] when a program with backreferences runs out of steps.
    pub fn is_match(&self, value: &str) -> Result<bool, GaveUp> {
        let text: Vec<char> = value.chars().collect();
        let backrefs = self.insts.iter().any(|i| matches!(i, Inst::Backref(_)));
        let slots = self
            .insts
            .iter()
            .filter_map(|i| match i {
                Inst::Save(slot) => Some(usize::from(*slot) + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let states = self.insts.len().saturating_mul(text.len() + 1);
        let mut vm = Vm {
            program: *self,
            memo: (!backrefs).then(|| vec![0u64; states.div_ceil(64)]),
            sub_memos: Vec::new(),
            depth: 0,
            caps: vec![usize::MAX; slots],
            steps_left: BACKREF_STEP_LIMIT,
            text,
        };
        let anchored = self.insts.first() == Some(&Inst::Start);
        let last = if anchored { 0 } else { vm.text.len() };
        for start in 0..=last {
            if vm.run(0, start, false)?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// A saved alternative.
enum Frame {
    /// Go on at `pc` from `pos`.
    At { pc: usize, pos: usize },
    /// The untried ends of a [`Inst::Run`]: go on at `pc` from `next`, then from each position
    /// one `step` further up to `last`.
    Run {
        pc: usize,
        next: usize,
        last: usize,
        step: isize,
    },
    /// Undo a capture.
    Restore { slot: usize, value: usize },
}

struct Vm<'a> {
    program: Program<'a>,
    text: Vec<char>,
    /// States explored by the top-level run: bit `pc * (len + 1) + pos`. `None` for programs
    /// with backreferences.
    memo: Option<Vec<u64>>,
    /// States explored by the body runs in progress (lookarounds, atomic groups), one set per
    /// nesting depth; each body run starts with its set empty, because a body that succeeded
    /// leaves states behind that did not fail.
    sub_memos: Vec<HashSet<(usize, usize)>>,
    depth: usize,
    caps: Vec<usize>,
    steps_left: u64,
}

impl Vm<'_> {
    /// Whether `(pc, pos)` was explored before in this run; marks it explored.
    fn seen(&mut self, pc: usize, pos: usize) -> bool {
        if self.depth == 0 {
            if let Some(memo) = &mut self.memo {
                let bit = pc * (self.text.len() + 1) + pos;
                let (word, mask) = (bit / 64, 1u64 << (bit % 64));
                let seen = memo[word] & mask != 0;
                memo[word] |= mask;
                return seen;
            }
        } else if self.memo.is_some() {
            return !self.sub_memos[self.depth - 1].insert((pc, pos));
        }
        false
    }

    /// The position after the character at `pos` in the direction of matching, if there is
    /// a character there and `test` accepts it.
    fn step(&self, pos: usize, back: bool, test: impl Fn(char) -> bool) -> Option<usize> {
        if back {
            let before = pos.checked_sub(1)?;
            test(self.text[before]).then_some(before)
        } else {
            let c = *self.text.get(pos)?;
            test(c).then_some(pos + 1)
        }
    }

    fn is_word(&self, pos: Option<usize>) -> bool {
        pos.and_then(|p| self.text.get(p))
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
    }

    /// Runs from `pc` at `pos` until a [`Inst::Match`] or [`Inst::Succeed`], trying every
    /// alternative in order; returns the position where it got there.
    fn run(&mut self, pc: usize, pos: usize, back: bool) -> Result<Option<usize>, GaveUp> {
        let insts = self.program.insts;
        let mut stack = vec![Frame::At { pc, pos }];
        while let Some(frame) = stack.pop() {
            let (mut pc, mut pos) = match frame {
                Frame::At { pc, pos } => (pc, pos),
                Frame::Run {
                    pc,
                    next,
                    last,
                    step,
                } => {
                    if next != last {
                        stack.push(Frame::Run {
                            pc,
                            next: next.wrapping_add_signed(step),
                            last,
                            step,
                        });
                    }
                    (pc, next)
                }
                Frame::Restore { slot, value } => {
                    self.caps[slot] = value;
                    continue;
                }
            };
            loop {
                if self.memo.is_none() {
                    self.steps_left = self.steps_left.checked_sub(1).ok_or(GaveUp)?;
                }
                if self.seen(pc, pos) {
                    break;
                }
                match insts[pc] {
                    Inst::Char(want) => match self.step(pos, back, |c| c == want) {
                        Some(next) => (pc, pos) = (pc + 1, next),
                        None => break,
                    },
                    Inst::Class(class) => {
                        let ranges = self.program.classes[usize::from(class)];
                        match self.step(pos, back, |c| contains(ranges, c)) {
                            Some(next) => (pc, pos) = (pc + 1, next),
                            None => break,
                        }
                    }
                    Inst::Run {
                        class,
                        min,
                        max,
                        greedy,
                    } => {
                        let ranges = self.program.classes[usize::from(class)];
                        let (mut end, mut count, mut near) = (pos, 0u32, None);
                        while count < max {
                            if count == min {
                                near = Some(end);
                            }
                            match self.step(end, back, |c| contains(ranges, c)) {
                                Some(next) => (end, count) = (next, count + 1),
                                None => break,
                            }
                        }
                        if count == min {
                            near = Some(end);
                        }
                        let Some(near) = near else { break };
                        let toward_start: isize = if back { 1 } else { -1 };
                        let (first, last, step) = if greedy {
                            (end, near, toward_start)
                        } else {
                            (near, end, -toward_start)
                        };
                        if first != last {
                            stack.push(Frame::Run {
                                pc: pc + 1,
                                next: first.wrapping_add_signed(step),
                                last,
                                step,
                            });
                        }
                        (pc, pos) = (pc + 1, first);
                    }
                    Inst::Split(first, second) => {
                        stack.push(Frame::At {
                            pc: second as usize,
                            pos,
                        });
                        pc = first as usize;
                    }
                    Inst::Jump(to) => pc = to as usize,
                    Inst::Start if pos == 0 => pc += 1,
                    Inst::End if pos == self.text.len() => pc += 1,
                    Inst::WordBoundary | Inst::NotWordBoundary => {
                        let boundary = self.is_word(pos.checked_sub(1)) != self.is_word(Some(pos));
                        if boundary != (insts[pc] == Inst::WordBoundary) {
                            break;
                        }
                        pc += 1;
                    }
                    Inst::Start | Inst::End => break,
                    Inst::Look {
                        ahead,
                        negated,
                        next,
                    } => {
                        let found = self.body(pc + 1, pos, !ahead)?.is_some();
                        if found == negated {
                            break;
                        }
                        pc = next as usize;
                    }
                    Inst::Atomic { next } => match self.body(pc + 1, pos, back)? {
                        Some(end) => (pc, pos) = (next as usize, end),
                        None => break,
                    },
                    Inst::Succeed | Inst::Match => return Ok(Some(pos)),
                    Inst::Save(slot) => {
                        let slot = usize::from(slot);
                        stack.push(Frame::Restore {
                            slot,
                            value: self.caps[slot],
                        });
                        self.caps[slot] = pos;
                        pc += 1;
                    }
                    Inst::Backref(group) => {
                        let group = usize::from(group);
                        let (start, end) = (self.caps[2 * group], self.caps[2 * group + 1]);
                        if start == usize::MAX || end == usize::MAX || end < start {
                            pc += 1;
                            continue;
                        }
                        let len = end - start;
                        let at = if back {
                            pos.checked_sub(len)
                        } else {
                            Some(pos)
                        };
                        match at.filter(|at| {
                            self.text.get(*at..at + len) == Some(&self.text[start..end])
                        }) {
                            Some(at) => (pc, pos) = (pc + 1, if back { at } else { at + len }),
                            None => break,
                        }
                    }
                }
            }
        }
        Ok(None)
    }

    /// A lookaround's or atomic group's body, run from `pc` at `pos` with memory of its own.
    fn body(&mut self, pc: usize, pos: usize, back: bool) -> Result<Option<usize>, GaveUp> {
        if self.sub_memos.len() == self.depth {
            self.sub_memos.push(HashSet::new());
        }
        self.sub_memos[self.depth].clear();
        self.depth += 1;
        let result = self.run(pc, pos, back);
        self.depth -= 1;
        result
    }
}

/// Whether `c` is in the sorted, disjoint `ranges`.
fn contains(ranges: &[(char, char)], c: char) -> bool {
    if ranges.len() <= 4 {
        return ranges.iter().any(|&(low, high)| low <= c && c <= high);
    }
    ranges
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}
