//! The JSON parser, the parsed [`Json`] tree and the typed readers generated deserializers call.
//!
//! Parsing is one strict pass over the whole body; the readers then convert single values, so a
//! wrong type is reported with the path of the member it was found at (see [`DeError`]).

use crate::primitives::{Blob, DateTime, Document, Format, base64};
use std::borrow::Cow;
use std::fmt;

/// The deepest nesting of arrays and objects [`parse`] accepts. Deeper input is an error rather
/// than a risk to the stack; AWS documents are nowhere near this deep.
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value, borrowing from the input where it can.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number exactly as written (already checked against the JSON number grammar), so each
    /// reader converts it once, exactly, to its own type.
    Number(&'a str),
    /// A string, borrowed when the text has no escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// Members in document order, duplicates kept.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// Whether this is `null` (generated code treats a `null` member as absent).
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The kind of value with its article, for messages: `"a string"`, `"null"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// The members of an object, or an error naming what was found instead.
    pub fn as_object(&self) -> Result<&[(Cow<'a, str>, Json<'a>)], DeError> {
        match self {
            Json::Object(members) => Ok(members),
            other => Err(other.expected("an object")),
        }
    }

    /// The items of an array, or an error naming what was found instead.
    pub fn as_array(&self) -> Result<&[Json<'a>], DeError> {
        match self {
            Json::Array(items) => Ok(items),
            other => Err(other.expected("an array")),
        }
    }

    fn expected(&self, what: &str) -> DeError {
        DeError::new(format!("expected {what}, found {}", self.kind()))
    }
}

/// Why a body could not be read: a message and where in the document it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError {
    message: String,
    /// Innermost segment first: errors are built at the value and wrapped on the way out.
    path: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Member(String),
    Index(usize),
    Key(String),
}

/// The longest map key kept in a path, in characters; service maps may have long keys.
const MAX_KEY_CHARS: usize = 64;

impl DeError {
    /// An error with `message` and no path yet.
    pub fn new(message: impl Into<String>) -> Self {
        DeError {
            message: message.into(),
            path: Vec::new(),
        }
    }

    /// Places the error inside structure member `name` (shown as `.name`).
    pub fn in_member(mut self, name: &str) -> Self {
        self.path.push(Segment::Member(name.to_owned()));
        self
    }

    /// Places the error inside list item `index` (shown as `[3]`).
    pub fn in_index(mut self, index: usize) -> Self {
        self.path.push(Segment::Index(index));
        self
    }

    /// Places the error inside the map entry `key` (shown as `["key"]`, long keys cut).
    pub fn in_key(mut self, key: &str) -> Self {
        let key = match key.char_indices().nth(MAX_KEY_CHARS) {
            Some((end, _)) => format!("{}…", &key[..end]),
            None => key.to_owned(),
        };
        self.path.push(Segment::Key(key));
        self
    }

    /// The message without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            f.write_str("at `")?;
            for (i, segment) in self.path.iter().rev().enumerate() {
                match segment {
                    Segment::Member(name) if i == 0 => f.write_str(name)?,
                    Segment::Member(name) => write!(f, ".{name}")?,
                    Segment::Index(index) => write!(f, "[{index}]")?,
                    Segment::Key(key) => write!(f, "[{key:?}]")?,
                }
            }
            f.write_str("`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

/// Parses a whole body as one JSON value (RFC 8259, strict): UTF-8, no trailing text, no
/// nesting deeper than [`MAX_DEPTH`]. Linear time; never panics.
pub fn parse(bytes: &[u8]) -> Result<Json<'_>, DeError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| DeError::new(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    let mut parser = Parser {
        text,
        bytes,
        pos: 0,
    };
    parser.skip_whitespace();
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos < bytes.len() {
        return Err(parser.unexpected("the end of the input"));
    }
    Ok(value)
}

/// A cursor over the input. Every slice of `text` it takes starts and ends next to an ASCII
/// byte (or at an end), so it is on a character boundary.
struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn error_at(&self, pos: usize, what: &str) -> DeError {
        DeError::new(format!("{what} at byte {pos}"))
    }

    /// "expected X at byte N, found 'c'" (or "but the input ended").
    fn unexpected(&self, expected: &str) -> DeError {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            Some(c) => DeError::new(format!(
                "expected {expected} at byte {}, found {c:?}",
                self.pos
            )),
            None => DeError::new(format!(
                "expected {expected} at byte {}, but the input ended",
                self.pos
            )),
        }
    }

    /// A value; `depth` is the number of arrays and objects around it.
    fn value(&mut self, depth: usize) -> Result<Json<'a>, DeError> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.unexpected("a value")),
        }
    }

    fn check_depth(&self, depth: usize) -> Result<(), DeError> {
        if depth > MAX_DEPTH {
            return Err(self.error_at(self.pos, &format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Json<'a>, DeError> {
        self.check_depth(depth)?;
        self.pos += 1;
        self.skip_whitespace();
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            if self.eat(b']') {
                return Ok(Json::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.unexpected("',' or ']'"));
            }
            self.skip_whitespace();
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json<'a>, DeError> {
        self.check_depth(depth)?;
        self.pos += 1;
        self.skip_whitespace();
        let mut members = Vec::new();
        if self.eat(b'}') {
            return Ok(Json::Object(members));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a string key"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if !self.eat(b':') {
                return Err(self.unexpected("':'"));
            }
            self.skip_whitespace();
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_whitespace();
            if self.eat(b'}') {
                return Ok(Json::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.unexpected("',' or '}'"));
            }
            self.skip_whitespace();
        }
    }

    fn literal(&mut self, word: &str, value: Json<'a>) -> Result<Json<'a>, DeError> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(value)
        } else {
            Err(self.unexpected("a value"))
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text.
    fn number(&mut self) -> Result<Json<'a>, DeError> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.eat(b'.') {
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            self.required_digits()?;
        }
        Ok(Json::Number(&self.text[start..self.pos]))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), DeError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.unexpected("a digit"));
        }
        self.digits();
        Ok(())
    }

    /// A string starting at the opening quote; borrowed unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, DeError> {
        let start = self.pos;
        self.pos += 1;
        let mut run_start = self.pos;
        let mut owned: Option<String> = None;
        loop {
            match self.peek() {
                None => return Err(self.error_at(start, "unterminated string starting")),
                Some(b'"') => {
                    let run = &self.text[run_start..self.pos];
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(run),
                        Some(mut s) => {
                            s.push_str(run);
                            Cow::Owned(s)
                        }
                    });
                }
                Some(b'\\') => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run_start..self.pos]);
                    self.escape(s)?;
                    run_start = self.pos;
                }
                Some(0x00..=0x1f) => {
                    return Err(self.error_at(self.pos, "unescaped control character in string"));
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// One escape sequence starting at the backslash, appended to `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), DeError> {
        let start = self.pos;
        let c = match self.bytes.get(start + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 2;
                return self.unicode_escape(start, out);
            }
            _ => return Err(self.error_at(start, "invalid escape")),
        };
        out.push(c);
        self.pos += 2;
        Ok(())
    }

    /// The rest of `\uXXXX` (and of its low surrogate `\uXXXX`, if it is a high one).
    fn unicode_escape(&mut self, start: usize, out: &mut String) -> Result<(), DeError> {
        let unit = self.hex4(start)?;
        let code = match unit {
            0xd800..=0xdbff => {
                let low_start = self.pos;
                if self.bytes.get(low_start..low_start + 2) != Some(b"\\u") {
                    return Err(self.error_at(start, "unpaired surrogate escape"));
                }
                self.pos += 2;
                let low = self.hex4(low_start)?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return Err(self.error_at(start, "unpaired surrogate escape"));
                }
                0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(self.error_at(start, "unpaired surrogate escape")),
            _ => unit,
        };
        // Not a surrogate, so always a char.
        let c = char::from_u32(code).ok_or_else(|| self.error_at(start, "invalid escape"))?;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, escape_start: usize) -> Result<u32, DeError> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.error_at(escape_start, "invalid \\u escape"))?;
            unit = unit * 16 + digit;
            self.pos += 1;
        }
        Ok(unit)
    }
}

/// Number text cut for messages: a number can be arbitrarily long.
fn shown(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_KEY_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// Reads a string.
pub fn read_string(v: &Json<'_>) -> Result<String, DeError> {
    match v {
        Json::String(s) => Ok(s.as_ref().to_owned()),
        other => Err(other.expected("a string")),
    }
}

/// Reads a boolean.
pub fn read_bool(v: &Json<'_>) -> Result<bool, DeError> {
    match v {
        Json::Bool(b) => Ok(*b),
        other => Err(other.expected("a boolean")),
    }
}

/// The exact integer value of JSON number text, or `None` if it has a fraction. Works on the
/// decimal digits, never through a float, so `1e2` and `9007199254740993.0` are exact. `Err` is
/// "too large for any integer type".
fn exact_integer(text: &str) -> Result<Option<i128>, ()> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], &unsigned[at + 1..]),
        None => (unsigned, "0"),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // Saturating: an exponent beyond any digit count has the same outcome as a huge one.
    let exponent_negative = exponent.starts_with('-');
    let mut scale: i64 = 0;
    for d in exponent.bytes().filter(u8::is_ascii_digit) {
        scale = (scale * 10 + i64::from(d - b'0')).min(1 << 40);
    }
    if exponent_negative {
        scale = -scale;
    }
    // value = digits × 10^(scale - fraction.len()), with leading and trailing zeros dropped.
    let all = format!("{whole}{fraction}");
    let digits = all.trim_start_matches('0');
    let significant = digits.trim_end_matches('0');
    if significant.is_empty() {
        return Ok(Some(0));
    }
    let zeros = (digits.len() - significant.len()) as i64;
    let power = scale - fraction.len() as i64 + zeros;
    if power < 0 {
        return Ok(None);
    }
    // More than 20 digits cannot fit any type read here (u64::MAX has 20).
    if significant.len() as i64 + power > 20 {
        return Err(());
    }
    let mut value: i128 = 0;
    for d in significant.bytes() {
        value = value * 10 + i128::from(d - b'0');
    }
    for _ in 0..power {
        value *= 10;
    }
    Ok(Some(if negative { -value } else { value }))
}

fn read_integer(v: &Json<'_>, min: i64, max: i64, type_name: &str) -> Result<i64, DeError> {
    let text = match v {
        Json::Number(text) => *text,
        other => return Err(other.expected("an integer")),
    };
    match exact_integer(text) {
        Ok(None) => Err(DeError::new(format!("{} is not an integer", shown(text)))),
        Ok(Some(value)) if (i128::from(min)..=i128::from(max)).contains(&value) => {
            // In range of an i64 by the check above.
            Ok(value as i64)
        }
        _ => Err(DeError::new(format!(
            "{} is out of range for {type_name}",
            shown(text)
        ))),
    }
}

/// Reads a Smithy `byte`: an exact integer in range (`1.0` and `1e1` count, `1.5` does not).
pub fn read_i8(v: &Json<'_>) -> Result<i8, DeError> {
    read_integer(v, i8::MIN.into(), i8::MAX.into(), "a byte").map(|n| n as i8)
}

/// Reads a Smithy `short`: an exact integer in range.
pub fn read_i16(v: &Json<'_>) -> Result<i16, DeError> {
    read_integer(v, i16::MIN.into(), i16::MAX.into(), "a short").map(|n| n as i16)
}

/// Reads a Smithy `integer`: an exact integer in range.
pub fn read_i32(v: &Json<'_>) -> Result<i32, DeError> {
    read_integer(v, i32::MIN.into(), i32::MAX.into(), "an integer").map(|n| n as i32)
}

/// Reads a Smithy `long`: an exact integer in range.
pub fn read_i64(v: &Json<'_>) -> Result<i64, DeError> {
    read_integer(v, i64::MIN, i64::MAX, "a long")
}

/// Reads a float of type `F` from its text (correctly rounded by `str::parse`), or from the
/// strings AWS uses for non-finite values.
fn read_float<F: std::str::FromStr>(
    v: &Json<'_>,
    nan: F,
    infinity: F,
    neg_infinity: F,
) -> Result<F, DeError> {
    match v {
        Json::Number(text) => text
            .parse()
            .map_err(|_| DeError::new(format!("{} is not a number", shown(text)))),
        Json::String(s) => match s.as_ref() {
            "NaN" => Ok(nan),
            "Infinity" => Ok(infinity),
            "-Infinity" => Ok(neg_infinity),
            other => Err(DeError::new(format!(
                "expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", found the string {:?}",
                shown(other)
            ))),
        },
        other => Err(other.expected("a number")),
    }
}

/// Reads a Smithy `float`, parsed directly as `f32` (never via `f64`, which would round twice).
pub fn read_f32(v: &Json<'_>) -> Result<f32, DeError> {
    read_float(v, f32::NAN, f32::INFINITY, f32::NEG_INFINITY)
}

/// Reads a Smithy `double`, correctly rounded from its text; too large text gives ±infinity.
pub fn read_f64(v: &Json<'_>) -> Result<f64, DeError> {
    read_float(v, f64::NAN, f64::INFINITY, f64::NEG_INFINITY)
}

/// Reads a blob: a base64 string.
pub fn read_blob(v: &Json<'_>) -> Result<Blob, DeError> {
    match v {
        Json::String(s) => base64::decode(s)
            .map(Blob::new)
            .map_err(|e| DeError::new(e.to_string())),
        other => Err(other.expected("a base64 string")),
    }
}

/// Reads a timestamp. A number is epoch seconds whatever `format` says (services send numbers
/// for the default format): plain decimal text exactly to the nanosecond, text with an exponent
/// through `f64`. A string is parsed in `format`.
pub fn read_timestamp(v: &Json<'_>, format: Format) -> Result<DateTime, DeError> {
    match v {
        Json::Number(text) if text.contains(['e', 'E']) => text
            .parse::<f64>()
            .ok()
            .and_then(DateTime::try_from_f64)
            .ok_or_else(|| {
                DeError::new(format!("{} is out of range for a timestamp", shown(text)))
            }),
        Json::Number(text) => {
            DateTime::from_str(text, Format::EpochSeconds).map_err(|e| DeError::new(e.to_string()))
        }
        Json::String(s) => DateTime::from_str(s, format).map_err(|e| DeError::new(e.to_string())),
        other => Err(other.expected("a timestamp")),
    }
}

/// Reads any value as a document. Integer text that fits `i64` or `u64` stays an integer; other
/// numbers become `f64` (an infinite one, such as `1e400`, is an error: a document cannot hold it).
pub fn read_document(v: &Json<'_>) -> Result<Document, DeError> {
    document(v, 0)
}

/// `depth` guards against a hand-built `Json` deeper than any [`parse`] returns.
fn document(v: &Json<'_>, depth: usize) -> Result<Document, DeError> {
    if depth > MAX_DEPTH {
        return Err(DeError::new(format!(
            "document nested deeper than {MAX_DEPTH} levels"
        )));
    }
    Ok(match v {
        Json::Null => Document::Null,
        Json::Bool(b) => Document::Bool(*b),
        Json::Number(text) => Document::Number(document_number(text)?),
        Json::String(s) => Document::String(s.as_ref().to_owned()),
        Json::Array(items) => Document::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| document(item, depth + 1).map_err(|e| e.in_index(i)))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(members) => {
            let mut map = serde_json::Map::new();
            for (key, value) in members {
                let value = document(value, depth + 1).map_err(|e| e.in_key(key))?;
                // A repeated key keeps its last value, as botocore's `json.loads` does.
                map.insert(key.as_ref().to_owned(), value);
            }
            Document::Object(map)
        }
    })
}

fn document_number(text: &str) -> Result<serde_json::Number, DeError> {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(n) = text.parse::<i64>() {
            return Ok(n.into());
        }
        if let Ok(n) = text.parse::<u64>() {
            return Ok(n.into());
        }
    }
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .ok_or_else(|| {
            DeError::new(format!(
                "{} is out of range for a document number",
                shown(text)
            ))
        })
}
