//! The `@pattern` engine: deterministic automata and a small backtracking machine, running
//! programs the code generator compiled from the model's ECMA-262 text.
//!
//! The generator parses each pattern, settles every dialect question (ECMA's ASCII `\w`, its
//! `\s`, `.` without line terminators, Java's flags and anchors, Unicode properties resolved to
//! code-point ranges) and writes the result as a [`Program`]: instructions and character classes
//! in `static` data, so nothing is parsed or compiled when a value is checked, and the crate
//! needs no regular-expression library and no Unicode tables beyond the classes its own patterns
//! use.
//!
//! Most patterns also come as a deterministic automaton ([`Dfa`]), built by the generator: one
//! table step per character. The rest (lookaround, atomic groups, backreferences, word
//! boundaries, long counted runs) and any character an automaton has no column for run on the
//! backtracker below.
//!
//! Backtracking matching is a search (Smithy patterns are not implicitly anchored), depth-first,
//! in ECMA's order of alternatives. Every state — an instruction where paths join
//! and a position — is explored at most once per run: a state that was reached before either
//! failed already or is being explored and would only repeat an empty loop, so the work is
//! bounded by the size of the program times the length of the value, whatever the value, and a
//! run of a class is scanned once however often it is entered. That memory takes a bit per
//! state; when it would take more than [`MEMO_BYTES`] and two bytes per byte of the value, or
//! when the program has backreferences (whose outcome depends on captured text, not on the
//! state alone), matching goes without it and gives up after [`STEP_LIMIT`] steps instead; the
//! caller lets such a value through (the service checks it).

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
/// ranges of characters; and for most patterns the same as a deterministic automaton.
#[derive(Debug, Clone, Copy)]
pub struct Program<'a> {
    /// The instructions; matching starts at the first.
    pub insts: &'a [Inst],
    /// The character classes.
    pub classes: &'a [&'a [(char, char)]],
    /// The automaton, when the generator could build one (no lookaround, atomic groups,
    /// backreferences or word boundaries, and not too many states): one step per character.
    pub dfa: Option<&'a Dfa<'a>>,
}

/// A deterministic automaton for a [`Program`], searching (not anchored unless the pattern
/// is). A character's column is `ascii[c]` for ASCII, else the position in `columns` of the
/// set of the program's classes holding it (bit `i` for class `i`). The tables are bytes, so
/// that generated code holds them as byte strings, which cost the compiler next to nothing.
#[derive(Debug, Clone, Copy)]
pub struct Dfa<'a> {
    /// The column of each ASCII character.
    pub ascii: &'a [u8; 128],
    /// The classes each column stands for, as a bit set over the program's classes.
    pub columns: &'a [u64],
    /// The next state, little-endian `u16` at entry `state * columns.len() + column`;
    /// [`Dfa::DEAD`] when no match can follow.
    pub next: &'a [u8],
    /// Bit `state % 8` of byte `state / 8`: a match is found once the state is reached.
    pub matched: &'a [u8],
    /// Bit `state % 8` of byte `state / 8`: a match is found if the value ends in the state.
    pub matched_at_end: &'a [u8],
}

impl Dfa<'_> {
    /// No match can follow.
    pub const DEAD: u16 = u16::MAX;

    /// Whether some part of `value` matches; the program's classes tell non-ASCII columns.
    /// `None` when a character falls in no column (the generator makes a column for every set
    /// of classes a character can be in, so this only guards against a wrong table).
    fn is_match(&self, classes: &[&[(char, char)]], value: &str) -> Option<bool> {
        let bit = |set: &[u8], state: u16| set[usize::from(state) / 8] & (1 << (state % 8)) != 0;
        let width = self.columns.len();
        let mut state = 0u16;
        for c in value.chars() {
            if bit(self.matched, state) {
                return Some(true);
            }
            let column = match u8::try_from(c) {
                Ok(b) if b.is_ascii() => usize::from(self.ascii[usize::from(b)]),
                _ => {
                    let set = classes
                        .iter()
                        .enumerate()
                        .filter(|(_, ranges)| contains(ranges, c))
                        .fold(0u64, |set, (i, _)| set | 1 << i);
                    self.columns.iter().position(|&c| c == set)?
                }
            };
            let at = 2 * (usize::from(state) * width + column);
            state = u16::from_le_bytes([self.next[at], self.next[at + 1]]);
            if state == Self::DEAD {
                return Some(false);
            }
        }
        Some(bit(self.matched, state) || bit(self.matched_at_end, state))
    }
}

/// How many steps matching without memory of explored states may take on one value before it
/// gives up (a step is an instruction or a character scanned).
pub const STEP_LIMIT: u64 = 100_000;

/// The memory of explored states a value may always take, whatever its length (beyond that,
/// two bytes per byte of the value).
pub const MEMO_BYTES: usize = 64 * 1024;

/// Matching stopped before it had an answer (it went without memory of explored states and
/// took more than [`STEP_LIMIT`] steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GaveUp;

impl std::fmt::Display for GaveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "gave up after {STEP_LIMIT} steps")
    }
}

impl Program<'_> {
    /// Whether the pattern matches somewhere in `value`.
    ///
    /// # Errors
    /// [`GaveUp`] when matching went without memory of explored states (backreferences, or a
    /// value too long for [`MEMO_BYTES`]) and ran out of [`STEP_LIMIT`] steps.
    pub fn is_match(&self, value: &str) -> Result<bool, GaveUp> {
        if let Some(found) = self.dfa.and_then(|dfa| dfa.is_match(self.classes, value)) {
            return Ok(found);
        }
        let insts = self.insts;
        // Instructions where paths join: only there can a state be reached twice. Each gets a
        // row of the memory of explored states.
        let mut join_index = vec![u32::MAX; insts.len() + 1];
        join_index[0] = 0;
        let mut backrefs = false;
        let mut slots = 0;
        for (pc, inst) in insts.iter().enumerate() {
            match *inst {
                Inst::Split(a, b) => {
                    join_index[a as usize] = 0;
                    join_index[b as usize] = 0;
                }
                Inst::Jump(to) => join_index[to as usize] = 0,
                Inst::Run { .. } => join_index[pc + 1] = 0,
                Inst::Look { next, .. } | Inst::Atomic { next } => join_index[next as usize] = 0,
                Inst::Backref(_) => backrefs = true,
                Inst::Save(slot) => slots = slots.max(usize::from(slot) + 1),
                _ => {}
            }
        }
        let mut count = 0u32;
        for index in &mut join_index {
            if *index == 0 {
                *index = count;
                count += 1;
            }
        }
        let positions = value.len() + 1;
        let bits = (count as usize).saturating_mul(positions);
        let budget = MEMO_BYTES.max(2 * value.len()).saturating_mul(8);
        let memo = (!backrefs && bits <= budget).then(|| vec![0u64; bits.div_ceil(64)]);
        let mut vm = Vm {
            program: *self,
            text: value,
            join_index,
            memo,
            sub_memos: Vec::new(),
            depth: 0,
            caps: vec![usize::MAX; slots],
            steps_left: STEP_LIMIT,
            runs: Vec::new(),
            stacks: Vec::new(),
        };
        let anchored = insts.first() == Some(&Inst::Start);
        // A match must start with a character the first instruction takes, if it takes one:
        // other start positions are passed over without running anything.
        let first: Option<&[(char, char)]> = match insts.first() {
            Some(
                Inst::Class(class)
                | Inst::Run {
                    class, min: 1.., ..
                },
            ) => Some(self.classes[usize::from(*class)]),
            _ => None,
        };
        let mut start = 0;
        loop {
            let may_start = match (first, insts.first()) {
                (Some(ranges), _) => value[start..]
                    .chars()
                    .next()
                    .is_some_and(|c| contains(ranges, c)),
                (None, Some(Inst::Char(want))) => value[start..].starts_with(*want),
                _ => true,
            };
            if may_start && vm.run(0, start, false)?.is_some() {
                return Ok(true);
            }
            match value[start..].chars().next() {
                Some(c) if !anchored => start += c.len_utf8(),
                _ => return Ok(false),
            }
        }
    }
}

/// What the top-level run learned about one [`Inst::Run`]: from `from`, characters of its class
/// reach up to `end`; ends from `low` to `high` have been tried already.
#[derive(Debug, Clone, Copy, Default)]
struct RunCache {
    from: usize,
    end: usize,
    low: usize,
    high: usize,
    known: bool,
    tried: bool,
}

/// A saved alternative.
enum Frame {
    /// Go on at `pc` from `pos`.
    At { pc: usize, pos: usize },
    /// The untried ends of a [`Inst::Run`]: go on at `pc` from `next`, then from each position
    /// a character further toward `last` (up the value when `up`), `last` included.
    Run {
        pc: usize,
        next: usize,
        last: usize,
        up: bool,
    },
    /// Undo a capture.
    Restore { slot: usize, value: usize },
}

struct Vm<'a> {
    program: Program<'a>,
    text: &'a str,
    /// For each instruction where paths join, its row in the memory of explored states.
    join_index: Vec<u32>,
    /// States explored by the top-level run: bit `row * (len + 1) + pos`. `None` when matching
    /// goes without (backreferences, or too long a value for the program).
    memo: Option<Vec<u64>>,
    /// States explored by the body runs in progress (lookarounds, atomic groups), one set per
    /// nesting depth; each body run starts with its set empty, because a body that succeeded
    /// leaves states behind that did not fail.
    sub_memos: Vec<HashSet<(usize, usize)>>,
    depth: usize,
    caps: Vec<usize>,
    steps_left: u64,
    /// What the top-level run learned about each [`Inst::Run`], by instruction (allocated when
    /// the first one is met).
    runs: Vec<RunCache>,
    /// Backtracking stacks, kept for the next run.
    stacks: Vec<Vec<Frame>>,
}

impl Vm<'_> {
    /// Whether `(pc, pos)` was explored before in this run; marks it explored.
    #[inline]
    fn seen(&mut self, pc: usize, pos: usize) -> bool {
        let row = self.join_index[pc];
        if row == u32::MAX {
            return false;
        }
        if self.depth == 0 {
            if let Some(memo) = &mut self.memo {
                let bit = row as usize * (self.text.len() + 1) + pos;
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

    /// Counts a step of matching without memory; gives up past the limit.
    #[inline]
    fn tick(&mut self) -> Result<(), GaveUp> {
        if self.memo.is_none() {
            self.steps_left = self.steps_left.checked_sub(1).ok_or(GaveUp)?;
        }
        Ok(())
    }

    /// The character at `pos` in the direction of matching (before it when `back`).
    #[inline]
    fn char_at(&self, pos: usize, back: bool) -> Option<char> {
        let bytes = self.text.as_bytes();
        // ASCII first: one byte is one character.
        let at = if back { pos.checked_sub(1)? } else { pos };
        match bytes.get(at) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            None => None,
            Some(_) if back => self.text[..pos].chars().next_back(),
            Some(_) => self.text[pos..].chars().next(),
        }
    }

    /// The position after the character at `pos` in the direction of matching, if there is
    /// a character there and `test` accepts it.
    #[inline]
    fn step(&self, pos: usize, back: bool, test: impl Fn(char) -> bool) -> Option<usize> {
        let c = self.char_at(pos, back)?;
        test(c).then(|| {
            if back {
                pos - c.len_utf8()
            } else {
                pos + c.len_utf8()
            }
        })
    }

    #[inline]
    fn is_word(c: Option<char>) -> bool {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    }

    /// Runs from `pc` at `pos` until a [`Inst::Match`] or [`Inst::Succeed`], trying every
    /// alternative in order; returns the position where it got there.
    fn run(&mut self, pc: usize, pos: usize, back: bool) -> Result<Option<usize>, GaveUp> {
        let mut stack = self.stacks.pop().unwrap_or_default();
        stack.clear();
        stack.push(Frame::At { pc, pos });
        let result = self.explore(&mut stack, back);
        self.stacks.push(stack);
        result
    }

    fn explore(&mut self, stack: &mut Vec<Frame>, back: bool) -> Result<Option<usize>, GaveUp> {
        let insts = self.program.insts;
        while let Some(frame) = stack.pop() {
            let (mut pc, mut pos) = match frame {
                Frame::At { pc, pos } => (pc, pos),
                Frame::Run { pc, next, last, up } => {
                    if next != last {
                        let c = self
                            .char_at(next, !up)
                            .expect("a run's positions hold characters");
                        let after = if up {
                            next + c.len_utf8()
                        } else {
                            next - c.len_utf8()
                        };
                        stack.push(Frame::Run {
                            pc,
                            next: after,
                            last,
                            up,
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
                self.tick()?;
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
                        let Some((near, far)) = self.run_ends(pc, pos, back, (class, min, max))?
                        else {
                            break;
                        };
                        // Ends are tried from the far one when greedy; `up` is toward the end
                        // of the value.
                        let (first, last) = if greedy { (far, near) } else { (near, far) };
                        if first != last {
                            let up = first < last;
                            let c = self.char_at(first, !up).expect("a run holds characters");
                            let next = if up {
                                first + c.len_utf8()
                            } else {
                                first - c.len_utf8()
                            };
                            stack.push(Frame::Run {
                                pc: pc + 1,
                                next,
                                last,
                                up,
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
                        let boundary = Self::is_word(self.char_at(pos, true))
                            != Self::is_word(self.char_at(pos, false));
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
                        let captured = &self.text.as_bytes()[start..end];
                        let len = captured.len();
                        let at = if back {
                            pos.checked_sub(len)
                        } else {
                            Some(pos)
                        };
                        match at
                            .filter(|at| self.text.as_bytes().get(*at..at + len) == Some(captured))
                        {
                            Some(at) => (pc, pos) = (pc + 1, if back { at } else { at + len }),
                            None => break,
                        }
                    }
                }
            }
        }
        Ok(None)
    }

    /// The ends of a run of `class` from `pos` that are still to be tried, nearest and
    /// farthest: the nearest after `min` characters, the farthest after as many as there are,
    /// up to `max`. `None` when there are fewer than `min` or (in the top-level run, where
    /// only whether some way matches counts) every end was tried before.
    #[inline]
    fn run_ends(
        &mut self,
        pc: usize,
        pos: usize,
        back: bool,
        (class, min, max): (u16, u32, u32),
    ) -> Result<Option<(usize, usize)>, GaveUp> {
        let ranges = self.program.classes[usize::from(class)];
        let cached = self.depth == 0 && self.memo.is_some() && !back && max == u32::MAX;
        let mut near = None;
        let mut end = pos;
        let mut count = 0u32;
        while count < max {
            if count == min {
                near = Some(end);
                if cached {
                    break;
                }
            }
            self.tick()?;
            match self.step(end, back, |c| contains(ranges, c)) {
                Some(next) => (end, count) = (next, count + 1),
                None => break,
            }
        }
        if count == min {
            near = Some(end);
        }
        let Some(near) = near else {
            return Ok(None);
        };
        if !cached {
            return Ok(Some((near, end)));
        }
        // Unbounded, forwards, at the top level: every position of one stretch of the class
        // has the same far end, found once; and ends tried before need no second try.
        if self.runs.is_empty() {
            self.runs = vec![RunCache::default(); self.program.insts.len()];
        }
        let slot = pc;
        let cache = &mut self.runs[slot];
        let far = if cache.known && cache.from <= near && near <= cache.end {
            cache.end
        } else {
            // Scanned up to the stretch known already (entered before, further on), the
            // scan stops there: every character is scanned once per stretch.
            let (known, from, end) = (cache.known, cache.from, cache.end);
            let mut far = near;
            loop {
                if known && far == from {
                    far = end;
                    break;
                }
                match self.step(far, false, |c| contains(ranges, c)) {
                    Some(next) => far = next,
                    None => break,
                }
            }
            let cache = &mut self.runs[slot];
            // Entered earlier in the same stretch, the ends tried before still count.
            let same_stretch = cache.known && cache.end == far;
            (cache.from, cache.end, cache.known) = (near, far, true);
            cache.tried &= same_stretch;
            far
        };
        let cache = &mut self.runs[slot];
        if cache.tried && cache.high == far {
            if near >= cache.low {
                return Ok(None);
            }
            // Only the ends before the ones tried are new.
            let last_new = self.text[..cache.low]
                .chars()
                .next_back()
                .map_or(near, |c| cache.low - c.len_utf8());
            cache.low = near;
            return Ok(Some((near, last_new)));
        }
        (cache.low, cache.high, cache.tried) = (near, far, true);
        Ok(Some((near, far)))
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
#[inline]
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
