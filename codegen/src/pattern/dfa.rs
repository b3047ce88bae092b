//! A compiled program as a deterministic automaton (subset construction), when it has no
//! lookaround, atomic group, backreference or word boundary: the runtime then takes one step per
//! character, whatever the pattern, instead of backtracking.
//!
//! The automaton's states are the sets of the program's states (an instruction, and for a run
//! of a class the count of characters taken so far) that are alive after a prefix of the value.
//! Its columns are the sets of the program's classes a character can belong to; every
//! instruction that takes a character names a class (characters get a class of their own here).
//! Unless the pattern starts with `^`, every state also holds the program's start, so the
//! automaton searches. A state is matched when the program's `Match` is among its states, and
//! matched at the end when it is once `$` holds too. Matching stops at a matched state, so such
//! a state has no way out: the states only a match leads past are never built, which keeps the
//! automata of unanchored patterns small.

use std::collections::{BTreeSet, HashMap};

use lean_aws_runtime::validation::pattern::Inst;

/// The most states an automaton may have; a program that needs more keeps the backtracker.
pub const MAX_STATES: usize = 2_000;

/// The most states one run of a class may take (a run counts its characters up to its bound).
const MAX_RUN_COUNTS: u32 = 64;

/// An automaton's tables, as the runtime's `Dfa` holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DfaTables {
    pub ascii: [u8; 128],
    pub columns: Vec<u64>,
    /// Little-endian `u16` states.
    pub next: Vec<u8>,
    pub matched: Vec<u8>,
    pub matched_at_end: Vec<u8>,
}

/// Builds the automaton of `insts`, adding to `classes` a class for each character an
/// instruction takes; `None` when the program is not fit for one (see the module docs).
pub fn build(insts: &[Inst], classes: &mut Vec<Vec<(char, char)>>) -> Option<DfaTables> {
    let mut first = Vec::with_capacity(insts.len() + 1);
    let mut states = 0u32;
    for inst in insts {
        first.push(states);
        states += match *inst {
            Inst::Look { .. }
            | Inst::Atomic { .. }
            | Inst::Succeed
            | Inst::Save(_)
            | Inst::Backref(_)
            | Inst::WordBoundary
            | Inst::NotWordBoundary => return None,
            Inst::Run { min, max, .. } => {
                let counts = if max == u32::MAX { min } else { max };
                if counts >= MAX_RUN_COUNTS {
                    return None;
                }
                counts + 1
            }
            _ => 1,
        };
    }
    first.push(states);
    // The class each taking instruction tests.
    let mut extra = classes.clone();
    let class_of: Vec<Option<usize>> = insts
        .iter()
        .map(|inst| match *inst {
            Inst::Class(class) | Inst::Run { class, .. } => Some(usize::from(class)),
            Inst::Char(c) => {
                let single = vec![(c, c)];
                Some(extra.iter().position(|k| *k == single).unwrap_or_else(|| {
                    extra.push(single);
                    extra.len() - 1
                }))
            }
            _ => None,
        })
        .collect();
    if extra.len() > 64 {
        return None;
    }
    let mut nfa = Nfa {
        insts,
        first: &first,
        owner: (0..insts.len())
            .flat_map(|pc| (first[pc]..first[pc + 1]).map(move |_| pc))
            .collect(),
        class_of,
        stamp: vec![0; states as usize],
        epoch: 0,
    };
    let (ascii, columns) = alphabet(&extra)?;
    let anchored = insts.first() == Some(&Inst::Start);
    let restart = nfa.closure(&[0], false, false).0;
    let (start, _) = nfa.closure(&[0], true, false);
    // Sets of states, the start kept apart: only there does `^` hold.
    let mut ids: HashMap<(bool, Vec<u32>), u16> = HashMap::new();
    let mut sets: Vec<(bool, Vec<u32>)> = vec![(true, start.clone())];
    ids.insert((true, start), 0);
    let mut next = Vec::new();
    // Whether each state, in order, holds the match.
    let mut has_match = Vec::new();
    let mut i = 0;
    while i < sets.len() {
        let (_, set) = sets[i].clone();
        has_match.push(nfa.has_match(&set));
        // Matching stops once a match is found: such a state is never left.
        if has_match[i] {
            for _ in &columns {
                next.extend_from_slice(&u16::MAX.to_le_bytes());
            }
            i += 1;
            continue;
        }
        for &column in &columns {
            let taken = nfa.step(&set, column);
            let mut after = nfa.closure(&taken, false, false).0;
            if !anchored {
                after.extend_from_slice(&restart);
                after.sort_unstable();
                after.dedup();
            }
            if after.is_empty() {
                next.extend_from_slice(&u16::MAX.to_le_bytes());
                continue;
            }
            let key = (false, after);
            let id = match ids.get(&key) {
                Some(id) => *id,
                None => {
                    if sets.len() >= MAX_STATES {
                        return None;
                    }
                    let id = sets.len() as u16;
                    ids.insert(key.clone(), id);
                    sets.push(key);
                    id
                }
            };
            next.extend_from_slice(&id.to_le_bytes());
        }
        i += 1;
    }
    let bits = sets.len().div_ceil(8);
    let (mut matched, mut matched_at_end) = (vec![0u8; bits], vec![0u8; bits]);
    for (id, (is_start, set)) in sets.iter().enumerate() {
        if has_match[id] {
            matched[id / 8] |= 1 << (id % 8);
        }
        if nfa.closure(set, *is_start, true).1 {
            matched_at_end[id / 8] |= 1 << (id % 8);
        }
    }
    *classes = extra;
    Some(DfaTables {
        ascii,
        columns,
        next,
        matched,
        matched_at_end,
    })
}

struct Nfa<'a> {
    insts: &'a [Inst],
    first: &'a [u32],
    owner: Vec<usize>,
    class_of: Vec<Option<usize>>,
    /// For [`Nfa::closure`]: a state is seen in the current call when its stamp is `epoch`.
    stamp: Vec<u32>,
    epoch: u32,
}

impl Nfa<'_> {
    fn has_match(&self, set: &[u32]) -> bool {
        set.iter()
            .any(|&s| self.insts[self.owner[s as usize]] == Inst::Match)
    }

    /// Every state reached from `from` without taking a character, sorted; and whether the
    /// match is among them.
    fn closure(&mut self, from: &[u32], at_start: bool, at_end: bool) -> (Vec<u32>, bool) {
        self.epoch += 1;
        let mut seen = Vec::new();
        let mut stack: Vec<u32> = from.to_vec();
        let mut matched = false;
        while let Some(state) = stack.pop() {
            if self.stamp[state as usize] == self.epoch {
                continue;
            }
            self.stamp[state as usize] = self.epoch;
            seen.push(state);
            let pc = self.owner[state as usize];
            match self.insts[pc] {
                Inst::Match => matched = true,
                Inst::Split(a, b) => {
                    stack.push(self.first[a as usize]);
                    stack.push(self.first[b as usize]);
                }
                Inst::Jump(to) => stack.push(self.first[to as usize]),
                Inst::Start if at_start => stack.push(self.first[pc + 1]),
                Inst::End if at_end => stack.push(self.first[pc + 1]),
                Inst::Run { min, .. } if state - self.first[pc] >= min => {
                    stack.push(self.first[pc + 1]);
                }
                _ => {}
            }
        }
        seen.sort_unstable();
        (seen, matched)
    }

    /// The states reached from `set` by taking a character of the classes in `column`.
    fn step(&self, set: &[u32], column: u64) -> Vec<u32> {
        let mut out = Vec::new();
        for &state in set {
            let pc = self.owner[state as usize];
            let Some(class) = self.class_of[pc] else {
                continue;
            };
            if column & (1 << class) == 0 {
                continue;
            }
            match self.insts[pc] {
                Inst::Char(_) | Inst::Class(_) => out.push(self.first[pc + 1]),
                Inst::Run { min, max, .. } => {
                    let count = state - self.first[pc];
                    if max == u32::MAX {
                        out.push(self.first[pc] + (count + 1).min(min));
                    } else if count < max {
                        out.push(self.first[pc] + count + 1);
                    }
                }
                _ => {}
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The columns: every set of `classes` some character belongs to, as bit sets, and the column
/// of each ASCII character; `None` past 256 columns.
fn alphabet(classes: &[Vec<(char, char)>]) -> Option<([u8; 128], Vec<u64>)> {
    // Every place where some class starts or stops holding characters.
    let mut cuts: Vec<u32> = vec![0];
    for class in classes {
        for &(low, high) in class {
            cuts.push(u32::from(low));
            cuts.push(u32::from(high) + 1);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let set_at = |c: char| -> u64 {
        classes
            .iter()
            .enumerate()
            .filter(|(_, ranges)| ranges.iter().any(|&(low, high)| low <= c && c <= high))
            .fold(0, |set, (i, _)| set | 1 << i)
    };
    let mut columns: BTreeSet<u64> = BTreeSet::new();
    for &cut in &cuts {
        // The character at the cut stands for the whole stretch up to the next cut. Cuts
        // inside the surrogates (which are no characters) stand for nothing.
        if let Some(c) = char::from_u32(cut) {
            columns.insert(set_at(c));
        } else if cut < 0xE000 {
            columns.insert(set_at('\u{e000}'));
        }
    }
    let columns: Vec<u64> = columns.into_iter().collect();
    if columns.len() > 256 {
        return None;
    }
    let mut ascii = [0u8; 128];
    for (b, column) in ascii.iter_mut().enumerate() {
        let set = set_at(char::from(b as u8));
        *column = columns
            .iter()
            .position(|&c| c == set)
            .expect("every character's set is a column") as u8;
    }
    Some((ascii, columns))
}
