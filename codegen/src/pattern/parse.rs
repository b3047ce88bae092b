//! The parser: an ECMA-262 pattern (with the Java constructs AWS models use) into the syntax tree
//! that [`super::compile`] compiles for the runtime's engine. Everything one dialect
//! would read differently from the other is settled here, as nodes: Java's `\Z` and `(?m)`
//! anchors become lookarounds, `(?i)` folds classes, possessive quantifiers become atomic
//! groups, and escapes are resolved to characters and sets.

use super::{
    ALL, Assertion, BINARY_PROPERTIES, CharSet, ClassAtom, ClassItem, DIGIT, GENERAL_CATEGORIES,
    GroupKind, JAVA_POSIX_CLASSES, LINE_TERMINATORS, Look, MAX_DEPTH, Node, SPACE, WORD,
};

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
pub(super) struct Parser<'a> {
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
    pub(super) fn new(src: &'a str) -> Self {
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

    pub(super) fn parse(mut self) -> Parsed<Node> {
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
                        kind: GroupKind::Capture { .. },
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
            GroupKind::Capture {
                number: self.group_number()?,
                name: Some(self.group_name()?),
            }
        } else if self.peek() == Some('?') {
            return Err(format!(
                "unsupported group syntax `(?{}` at offset {start}",
                self.peek_nth(1).map(String::from).unwrap_or_default()
            ));
        } else {
            self.groups_opened += 1;
            GroupKind::Capture {
                number: self.group_number()?,
                name: None,
            }
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

    /// The number of the group just opened.
    fn group_number(&self) -> Parsed<u16> {
        u16::try_from(self.groups_opened)
            .map_err(|_| "more than 65,535 capturing groups".to_owned())
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
