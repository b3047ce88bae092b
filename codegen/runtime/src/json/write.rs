//! [`JsonWriter`]: compact JSON written byte for byte as botocore writes it.
//!
//! botocore sends `json.dumps(value, separators=(',', ':'))` with `ensure_ascii` on, so the
//! writer uses no whitespace, escapes every non-ASCII character, and lays floats out as Python's
//! `repr(float)` does. Matching it exactly keeps request bodies (and so their signatures and any
//! recorded fixtures) identical to those of the reference SDK.

use super::read::MAX_DEPTH;
use crate::primitives::{DateTime, Document, Format, base64};
use std::fmt::{self, Write as _};

/// Builds one JSON value into a buffer through begin/key/value/end calls.
///
/// Commas are written automatically. Misuse (a value without a key in an object, unbalanced
/// begin/end) is a bug in the caller: it never panics but is recorded, and [`finish`] returns
/// the first such error.
///
/// [`finish`]: JsonWriter::finish
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: String,
    /// The open arrays and objects, innermost last.
    stack: Vec<Frame>,
    /// Whether the top-level value has been started.
    started: bool,
    error: Option<SerError>,
}

#[derive(Debug, Clone, Copy)]
enum Frame {
    /// `members`: a member was written (the next key needs a comma); `key_pending`: a key was
    /// written and its value is due.
    Object { members: bool, key_pending: bool },
    /// `items`: an item was written (the next one needs a comma).
    Array { items: bool },
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that the value cannot be written (say, a union member this client does not know);
    /// [`finish`](JsonWriter::finish) then reports the first such problem instead of bytes.
    pub fn fail(&mut self, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(SerError {
                message: message.into(),
            });
        }
    }

    /// Writes the separator a value needs at this point, and checks that a value may go here.
    fn value_start(&mut self) {
        let problem = match self.stack.last_mut() {
            None if self.started => Some("more than one top-level value"),
            None => {
                self.started = true;
                None
            }
            Some(Frame::Array { items }) => {
                if *items {
                    self.out.push(',');
                }
                *items = true;
                None
            }
            Some(Frame::Object { key_pending, .. }) if *key_pending => {
                *key_pending = false;
                None
            }
            Some(Frame::Object { .. }) => Some("value without a key"),
        };
        if let Some(problem) = problem {
            self.fail(problem);
        }
    }

    /// Starts an object.
    pub fn begin_object(&mut self) {
        self.value_start();
        self.stack.push(Frame::Object {
            members: false,
            key_pending: false,
        });
        self.out.push('{');
    }

    /// Ends the innermost object.
    pub fn end_object(&mut self) {
        match self.stack.last() {
            Some(Frame::Object { key_pending, .. }) => {
                if *key_pending {
                    self.fail("key without a value");
                }
                self.stack.pop();
                self.out.push('}');
            }
            _ => self.fail("end_object without a matching begin_object"),
        }
    }

    /// Writes a member name: a comma if this is not the object's first member, then `"name":`.
    pub fn key(&mut self, name: &str) {
        match self.stack.last_mut() {
            Some(Frame::Object {
                members,
                key_pending: key_pending @ false,
            }) => {
                if *members {
                    self.out.push(',');
                }
                *members = true;
                *key_pending = true;
                push_string(&mut self.out, name);
                self.out.push(':');
            }
            Some(Frame::Object { .. }) => self.fail(format!("key {name:?} after a key")),
            _ => self.fail(format!("key {name:?} outside an object")),
        }
    }

    /// Starts an array.
    pub fn begin_array(&mut self) {
        self.value_start();
        self.stack.push(Frame::Array { items: false });
        self.out.push('[');
    }

    /// Ends the innermost array.
    pub fn end_array(&mut self) {
        match self.stack.last() {
            Some(Frame::Array { .. }) => {
                self.stack.pop();
                self.out.push(']');
            }
            _ => self.fail("end_array without a matching begin_array"),
        }
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.value_start();
        self.out.push_str("null");
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, v: bool) {
        self.value_start();
        self.out.push_str(if v { "true" } else { "false" });
    }

    /// Writes a string, escaped as Python's `json.dumps` with `ensure_ascii`.
    pub fn string(&mut self, v: &str) {
        self.value_start();
        push_string(&mut self.out, v);
    }

    /// Writes an integer (any Smithy integer type widens to `i64`).
    pub fn integer(&mut self, v: i64) {
        self.value_start();
        // Writing to a String cannot fail.
        let _ = write!(self.out, "{v}");
    }

    /// Writes a double as Python's `repr(float)` does; non-finite values as the strings `"NaN"`,
    /// `"Infinity"` and `"-Infinity"`.
    pub fn f64(&mut self, v: f64) {
        self.value_start();
        if v.is_finite() {
            push_float(&mut self.out, &format!("{v:e}"));
        } else {
            push_non_finite(&mut self.out, v.is_nan(), v > 0.0);
        }
    }

    /// Writes a float in the same layout as [`f64`](JsonWriter::f64), with the shortest digits
    /// that read back as the same `f32` (`1.1`, not `1.100000023841858`).
    pub fn f32(&mut self, v: f32) {
        self.value_start();
        if v.is_finite() {
            push_float(&mut self.out, &format!("{v:e}"));
        } else {
            push_non_finite(&mut self.out, v.is_nan(), v > 0.0);
        }
    }

    /// Writes bytes as a base64 string.
    pub fn blob(&mut self, bytes: &[u8]) {
        self.value_start();
        // The base64 alphabet needs no escaping.
        self.out.push('"');
        self.out.push_str(&base64::encode(bytes));
        self.out.push('"');
    }

    /// Writes a timestamp: epoch seconds as an exact number, the other formats as strings. A
    /// timestamp `format` cannot express (year outside 0000–9999) is recorded as an error and
    /// written as `null`, never changed into another value.
    pub fn timestamp(&mut self, v: &DateTime, format: Format) {
        self.value_start();
        match (v.fmt(format), format) {
            (Ok(text), Format::EpochSeconds) => self.out.push_str(&text),
            (Ok(text), _) => push_string(&mut self.out, &text),
            (Err(e), _) => {
                self.fail(e.to_string());
                self.out.push_str("null");
            }
        }
    }

    /// Writes a document in the same style: members in the map's order, integers as integers,
    /// floats as [`f64`](JsonWriter::f64) writes them.
    pub fn document(&mut self, v: &Document) {
        self.document_at(v, 0);
    }

    /// `depth` guards the recursion: a hand-built `Value` can be nested without limit.
    fn document_at(&mut self, v: &Document, depth: usize) {
        match v {
            Document::Null => self.null(),
            Document::Bool(b) => self.bool(*b),
            Document::Number(n) => {
                if let Some(i) = n.as_i64() {
                    self.integer(i);
                } else if let Some(u) = n.as_u64() {
                    self.value_start();
                    let _ = write!(self.out, "{u}");
                } else {
                    // Without `arbitrary_precision` every other number is a finite f64.
                    self.f64(n.as_f64().unwrap_or(f64::NAN));
                }
            }
            Document::String(s) => self.string(s),
            _ if depth >= MAX_DEPTH => {
                self.fail(format!("document nested deeper than {MAX_DEPTH} levels"));
                self.null();
            }
            Document::Array(items) => {
                self.begin_array();
                for item in items {
                    self.document_at(item, depth + 1);
                }
                self.end_array();
            }
            Document::Object(map) => {
                self.begin_object();
                for (key, value) in map {
                    self.key(key);
                    self.document_at(value, depth + 1);
                }
                self.end_object();
            }
        }
    }

    /// The bytes written, or the first misuse or unwritable value recorded. A writer with an
    /// unclosed array or object, or with nothing written, is an error too.
    pub fn finish(self) -> Result<Vec<u8>, SerError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let message = match self.stack.last() {
            Some(Frame::Object { .. }) => "an object was not ended",
            Some(Frame::Array { .. }) => "an array was not ended",
            None if !self.started => "no value was written",
            None => return Ok(self.out.into_bytes()),
        };
        Err(SerError {
            message: message.to_owned(),
        })
    }

    /// What is written so far (for tests and debugging).
    pub fn as_str(&self) -> &str {
        &self.out
    }
}

/// Why a [`JsonWriter`] could not produce a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerError {
    message: String,
}

impl SerError {
    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write JSON: {}", self.message)
    }
}

impl std::error::Error for SerError {}

fn push_non_finite(out: &mut String, nan: bool, positive: bool) {
    out.push_str(match (nan, positive) {
        (true, _) => "\"NaN\"",
        (false, true) => "\"Infinity\"",
        (false, false) => "\"-Infinity\"",
    });
}

/// Lays out a finite float given as Rust's shortest round-trip scientific text (`{:e}`:
/// `-1.5e-5`, `1e16`) the way Python's `repr(float)` does: positional with at least one fraction
/// digit when the decimal exponent is in -4..16 (`0.0001`, `100.0`), otherwise scientific with a
/// signed, at least two-digit exponent (`1.5e-05`, `1e+16`).
fn push_float(out: &mut String, scientific: &str) {
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    // `{:e}` always writes a decimal exponent that fits an i32 (|exp| ≤ 324).
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mantissa = match mantissa.strip_prefix('-') {
        Some(rest) => {
            out.push('-');
            rest
        }
        None => mantissa,
    };
    if !(-4..16).contains(&exponent) {
        out.push_str(mantissa);
        let sign = if exponent < 0 { '-' } else { '+' };
        let _ = write!(out, "e{sign}{:02}", exponent.unsigned_abs());
        return;
    }
    let (first, rest) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if exponent < 0 {
        out.push_str("0.");
        for _ in 1..exponent.unsigned_abs() {
            out.push('0');
        }
        out.push_str(first);
        out.push_str(rest);
        return;
    }
    // 0 ≤ exponent < 16: `first` and the first `exponent` digits of `rest` are the whole part.
    let whole_from_rest = exponent as usize;
    out.push_str(first);
    if rest.len() > whole_from_rest {
        out.push_str(&rest[..whole_from_rest]);
        out.push('.');
        out.push_str(&rest[whole_from_rest..]);
    } else {
        out.push_str(rest);
        for _ in rest.len()..whole_from_rest {
            out.push('0');
        }
        out.push_str(".0");
    }
}

/// Appends `s` as a JSON string escaped as Python's `json.dumps(ensure_ascii=True)`: only
/// printable ASCII (U+0020–U+007E) is written as is, except `"` and `\`; the usual short escapes;
/// everything else (including U+007F) as `\uXXXX` in lowercase hex, UTF-16 surrogate pairs above
/// U+FFFF.
fn push_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run_start = 0;
    for (at, c) in s.char_indices() {
        if matches!(c, ' '..='~') && c != '"' && c != '\\' {
            continue;
        }
        out.push_str(&s[run_start..at]);
        run_start = at + c.len_utf8();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push_str(&s[run_start..]);
    out.push('"');
}
