//! Primitive types used by the generated shapes: [`Blob`], [`DateTime`],
//! [`Document`] and [`UnknownVariantValue`].

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// An open-content document (Smithy `document`), kept as JSON.
pub type Document = serde_json::Value;

/// The value of an enum variant this client does not know (the service may be newer
/// than the model this crate was generated from).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    /// Wraps a value as received. Generated enums call this for values they do not know.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        UnknownVariantValue(value.into())
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Binary data (Smithy `blob`). Serialized as a base64 string (standard alphabet,
/// padded).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Blob {
    inner: Vec<u8>,
}

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob {
            inner: bytes.into(),
        }
    }

    /// Takes the bytes out.
    pub fn into_inner(self) -> Vec<u8> {
        self.inner
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.inner
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob { inner: bytes }
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Blob {
            inner: bytes.to_vec(),
        }
    }
}

impl From<Blob> for Vec<u8> {
    fn from(blob: Blob) -> Self {
        blob.inner
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Blob {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::encode(&self.inner))
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BlobVisitor;
        impl serde::de::Visitor<'_> for BlobVisitor {
            type Value = Blob;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64-encoded string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Blob, E> {
                base64::decode(v).map(Blob::new).map_err(E::custom)
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Blob, E> {
                Ok(Blob::new(v))
            }
        }
        deserializer.deserialize_str(BlobVisitor)
    }
}

/// Base64 (RFC 4648 standard alphabet) encoding and decoding.
pub mod base64 {
    use std::fmt;

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// Encodes bytes as padded standard base64.
    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            let symbols = chunk.len() + 1;
            for i in 0..4 {
                if i < symbols {
                    let index = (n >> (18 - 6 * i)) & 0x3f;
                    out.push(char::from(ALPHABET[index as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Why base64 text could not be decoded.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DecodeError {
        message: String,
    }

    impl fmt::Display for DecodeError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "invalid base64: {}", self.message)
        }
    }

    impl std::error::Error for DecodeError {}

    fn error(message: impl Into<String>) -> DecodeError {
        DecodeError {
            message: message.into(),
        }
    }

    fn value(symbol: u8) -> Option<u32> {
        let v = match symbol {
            b'A'..=b'Z' => symbol - b'A',
            b'a'..=b'z' => symbol - b'a' + 26,
            b'0'..=b'9' => symbol - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        Some(u32::from(v))
    }

    /// Decodes standard base64. Padding may be omitted; if present it must complete
    /// the last group of four.
    pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
        let bytes = text.as_bytes();
        let unpadded = bytes
            .iter()
            .rposition(|&b| b != b'=')
            .map_or(0, |last| last + 1);
        let padding = bytes.len() - unpadded;
        if padding > 2 {
            return Err(error("too much padding"));
        }
        if padding > 0 && !bytes.len().is_multiple_of(4) {
            return Err(error("padding does not complete a group of four"));
        }
        let symbols = &bytes[..unpadded];
        if symbols.len() % 4 == 1 {
            return Err(error("truncated input"));
        }
        let mut out = Vec::with_capacity(symbols.len() / 4 * 3 + 2);
        for group in symbols.chunks(4) {
            let mut n = 0u32;
            for (i, &symbol) in group.iter().enumerate() {
                let v = value(symbol).ok_or_else(|| {
                    error(format!(
                        "unexpected character {:?}",
                        char::from(symbol).escape_default().to_string()
                    ))
                })?;
                n |= v << (18 - 6 * i);
            }
            let [_, b0, b1, b2] = n.to_be_bytes();
            out.push(b0);
            if group.len() > 2 {
                out.push(b1);
            }
            if group.len() > 3 {
                out.push(b2);
            }
        }
        Ok(out)
    }
}

/// The text formats of a [`DateTime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Seconds since the Unix epoch, e.g. `1515531081.123`.
    EpochSeconds,
    /// RFC 3339 in UTC, e.g. `2018-01-09T20:51:21Z`.
    DateTime,
    /// IMF-fixdate (RFC 7231), e.g. `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

/// Why a [`DateTime`] could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    message: String,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid timestamp: {}", self.message)
    }
}

impl std::error::Error for DateTimeParseError {}

/// Why a [`DateTime`] could not be formatted (its year is outside 0000–9999).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeFormatError {
    message: String,
}

impl fmt::Display for DateTimeFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot format timestamp: {}", self.message)
    }
}

impl std::error::Error for DateTimeFormatError {}

fn parse_error(message: impl Into<String>) -> DateTimeParseError {
    DateTimeParseError {
        message: message.into(),
    }
}

const NANOS_PER_SECOND: u32 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A point in time (Smithy `timestamp`): whole seconds since the Unix epoch plus
/// nanoseconds within that second. With the `serde` feature it serializes as epoch seconds (the
/// AWS JSON default); `serde_util` has the other formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DateTime {
    seconds: i64,
    subsecond_nanos: u32,
}

impl DateTime {
    /// Whole seconds since the epoch.
    pub fn from_secs(seconds: i64) -> Self {
        DateTime {
            seconds,
            subsecond_nanos: 0,
        }
    }

    /// Milliseconds since the epoch.
    pub fn from_millis(millis: i64) -> Self {
        DateTime {
            seconds: millis.div_euclid(1000),
            // rem_euclid is in 0..1000.
            subsecond_nanos: millis.rem_euclid(1000) as u32 * 1_000_000,
        }
    }

    /// Seconds since the epoch, with a fraction. The value is taken as its shortest
    /// decimal representation (so `1515531081.123` gives exactly 123 ms), truncated to
    /// nanoseconds. Saturates at the ends of the range; NaN gives the epoch.
    pub fn from_fractional_secs(seconds: f64) -> Self {
        if seconds.is_nan() {
            return DateTime::default();
        }
        Self::try_from_f64(seconds).unwrap_or(if seconds < 0.0 {
            DateTime::from_secs(i64::MIN)
        } else {
            DateTime {
                seconds: i64::MAX,
                subsecond_nanos: NANOS_PER_SECOND - 1,
            }
        })
    }

    /// Like [`DateTime::from_fractional_secs`], but `None` for NaN, infinities and
    /// values out of range.
    pub fn try_from_f64(seconds: f64) -> Option<Self> {
        if !seconds.is_finite() {
            return None;
        }
        // Display for f64 gives the shortest text that round-trips, never an exponent.
        parse_epoch_seconds(&format!("{seconds}")).ok()
    }

    /// Seconds plus nanoseconds; nanoseconds of a billion or more carry into the seconds.
    pub fn from_secs_and_nanos(seconds: i64, subsecond_nanos: u32) -> Self {
        DateTime {
            seconds: seconds.saturating_add(i64::from(subsecond_nanos / NANOS_PER_SECOND)),
            subsecond_nanos: subsecond_nanos % NANOS_PER_SECOND,
        }
    }

    /// Whole seconds since the epoch (rounded down).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](DateTime::secs), always below a billion.
    pub fn subsec_nanos(&self) -> u32 {
        self.subsecond_nanos
    }

    /// Seconds since the epoch as a float.
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.subsecond_nanos) / f64::from(NANOS_PER_SECOND)
    }

    /// Milliseconds since the epoch (rounded down), if they fit in an `i64`.
    pub fn to_millis(&self) -> Option<i64> {
        self.seconds
            .checked_mul(1000)?
            .checked_add(i64::from(self.subsecond_nanos / 1_000_000))
    }

    /// The current time.
    pub fn now() -> Self {
        SystemTime::now().into()
    }

    /// Formats in `format`. `EpochSeconds` and `DateTime` keep nanosecond precision
    /// (trailing zeros trimmed, no fraction when whole); `HttpDate` has whole seconds
    /// (the fraction is dropped). `DateTime` and `HttpDate` need a year in 0000–9999.
    pub fn fmt(&self, format: Format) -> Result<String, DateTimeFormatError> {
        match format {
            Format::EpochSeconds => Ok(self.epoch_seconds_text()),
            Format::DateTime => {
                let parts = self.civil()?;
                let mut out = format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                    parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second
                );
                push_fraction(&mut out, self.subsecond_nanos);
                out.push('Z');
                Ok(out)
            }
            Format::HttpDate => {
                let parts = self.civil()?;
                Ok(format!(
                    "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
                    WEEKDAYS[parts.weekday],
                    parts.day,
                    MONTHS[parts.month as usize - 1],
                    parts.year,
                    parts.hour,
                    parts.minute,
                    parts.second
                ))
            }
        }
    }

    /// Parses `text` in `format`. `DateTime` accepts any UTC offset (`Z`, `+02:00`)
    /// and fractional seconds; `HttpDate` accepts optional fractional seconds;
    /// `EpochSeconds` is `[-]digits[.digits]`. Fractions beyond nanoseconds are
    /// truncated.
    pub fn from_str(text: &str, format: Format) -> Result<DateTime, DateTimeParseError> {
        match format {
            Format::EpochSeconds => parse_epoch_seconds(text),
            Format::DateTime => parse_rfc3339(text),
            Format::HttpDate => parse_http_date(text),
        }
    }

    /// Text of the value in epoch seconds, full precision.
    fn epoch_seconds_text(&self) -> String {
        if self.subsecond_nanos == 0 {
            return self.seconds.to_string();
        }
        // The value is seconds + nanos/1e9; for negative values print the magnitude.
        let (sign, whole, nanos) = if self.seconds < 0 {
            (
                "-",
                (i128::from(self.seconds) + 1).unsigned_abs(),
                NANOS_PER_SECOND - self.subsecond_nanos,
            )
        } else {
            (
                "",
                i128::from(self.seconds).unsigned_abs(),
                self.subsecond_nanos,
            )
        };
        let mut out = format!("{sign}{whole}");
        push_fraction(&mut out, nanos);
        out
    }

    fn civil(&self) -> Result<Civil, DateTimeFormatError> {
        let days = self.seconds.div_euclid(SECONDS_PER_DAY);
        let second_of_day = self.seconds.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        if !(0..=9999).contains(&year) {
            return Err(DateTimeFormatError {
                message: format!("year {year} is outside 0000-9999"),
            });
        }
        Ok(Civil {
            year,
            month,
            day,
            hour: (second_of_day / 3600) as u32,
            minute: (second_of_day / 60 % 60) as u32,
            second: (second_of_day % 60) as u32,
            weekday: (days + 4).rem_euclid(7) as usize,
        })
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339, or epoch seconds when the year is outside 0000–9999.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match DateTime::fmt(self, Format::DateTime) {
            Ok(text) => f.write_str(&text),
            Err(_) => f.write_str(&self.epoch_seconds_text()),
        }
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => DateTime {
                seconds: i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                subsecond_nanos: after.subsec_nanos(),
            },
            Err(before) => {
                let before = before.duration();
                let seconds = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                if before.subsec_nanos() == 0 {
                    DateTime::from_secs(-seconds)
                } else {
                    DateTime {
                        seconds: -seconds - 1,
                        subsecond_nanos: NANOS_PER_SECOND - before.subsec_nanos(),
                    }
                }
            }
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for DateTime {
    /// As epoch seconds (a JSON number).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::serde_util::epoch_seconds::serialize(self, serializer)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for DateTime {
    /// From epoch seconds (a JSON number).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::serde_util::epoch_seconds::deserialize(deserializer)
    }
}

/// Broken-down UTC time.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// 0 = Sunday.
    weekday: usize,
}

/// Appends `.fraction` (trailing zeros trimmed) if `nanos` is nonzero.
fn push_fraction(out: &mut String, nanos: u32) {
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 }; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A cursor over ASCII text.
struct Cursor<'a> {
    text: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text: text.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), DateTimeParseError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(parse_error(format!(
                "expected {:?} at offset {}",
                char::from(byte),
                self.pos
            )))
        }
    }

    /// Exactly `count` digits as a number.
    fn digits(&mut self, count: usize) -> Result<u32, DateTimeParseError> {
        let mut n = 0u32;
        for _ in 0..count {
            match self.peek() {
                Some(d @ b'0'..=b'9') => {
                    n = n * 10 + u32::from(d - b'0');
                    self.pos += 1;
                }
                _ => {
                    return Err(parse_error(format!(
                        "expected a digit at offset {}",
                        self.pos
                    )));
                }
            }
        }
        Ok(n)
    }

    /// One or more digits as nanoseconds (digits past the ninth are ignored).
    fn fraction(&mut self) -> Result<u32, DateTimeParseError> {
        let start = self.pos;
        let mut nanos = 0u32;
        let mut scale = NANOS_PER_SECOND;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            if scale > 1 {
                scale /= 10;
                nanos += u32::from(d - b'0') * scale;
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Err(parse_error("expected fractional digits"));
        }
        Ok(nanos)
    }

    /// The next three bytes.
    fn word3(&mut self) -> Result<&'a [u8], DateTimeParseError> {
        let word = self
            .text
            .get(self.pos..self.pos + 3)
            .ok_or_else(|| parse_error("unexpected end of input"))?;
        self.pos += 3;
        Ok(word)
    }

    fn end(&self) -> Result<(), DateTimeParseError> {
        if self.pos == self.text.len() {
            Ok(())
        } else {
            Err(parse_error(format!(
                "unexpected trailing text at offset {}",
                self.pos
            )))
        }
    }
}

fn parse_epoch_seconds(text: &str) -> Result<DateTime, DateTimeParseError> {
    let mut cursor = Cursor::new(text);
    let negative = cursor.eat(b'-');
    let start = cursor.pos;
    while matches!(cursor.peek(), Some(b'0'..=b'9')) {
        cursor.pos += 1;
    }
    let whole = text
        .get(start..cursor.pos)
        .filter(|digits| !digits.is_empty())
        .ok_or_else(|| parse_error(format!("{text:?} is not a number of seconds")))?;
    let whole: i128 = whole
        .parse()
        .map_err(|_| parse_error(format!("{text:?} is out of range")))?;
    let nanos = if cursor.eat(b'.') {
        cursor.fraction()?
    } else {
        0
    };
    cursor.end()?;
    let (seconds, subsecond_nanos) = match (negative, nanos) {
        (false, _) => (whole, nanos),
        (true, 0) => (-whole, 0),
        (true, _) => (-whole - 1, NANOS_PER_SECOND - nanos),
    };
    let seconds =
        i64::try_from(seconds).map_err(|_| parse_error(format!("{text:?} is out of range")))?;
    Ok(DateTime {
        seconds,
        subsecond_nanos,
    })
}

/// Builds a timestamp from validated date fields and time of day.
fn from_fields(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
) -> Result<DateTime, DateTimeParseError> {
    if !(1..=12).contains(&month) {
        return Err(parse_error(format!("month {month} is out of range")));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(parse_error(format!("day {day} is out of range")));
    }
    // A leap second (60) is accepted and counts as the first second of the next minute.
    if hour > 23 || minute > 59 || second > 60 {
        return Err(parse_error("time of day is out of range"));
    }
    let seconds = days_from_civil(year, month, day) * SECONDS_PER_DAY
        + i64::from(hour * 3600 + minute * 60 + second);
    Ok(DateTime {
        seconds,
        subsecond_nanos: nanos,
    })
}

fn parse_rfc3339(text: &str) -> Result<DateTime, DateTimeParseError> {
    let mut c = Cursor::new(text);
    let year = c.digits(4)?;
    c.expect(b'-')?;
    let month = c.digits(2)?;
    c.expect(b'-')?;
    let day = c.digits(2)?;
    if !(c.eat(b'T') || c.eat(b't')) {
        return Err(parse_error("expected 'T' between date and time"));
    }
    let hour = c.digits(2)?;
    c.expect(b':')?;
    let minute = c.digits(2)?;
    c.expect(b':')?;
    let second = c.digits(2)?;
    let nanos = if c.eat(b'.') { c.fraction()? } else { 0 };
    let offset_seconds = if c.eat(b'Z') || c.eat(b'z') {
        0
    } else {
        let sign = if c.eat(b'+') {
            1
        } else if c.eat(b'-') {
            -1
        } else {
            return Err(parse_error("expected 'Z' or a UTC offset"));
        };
        let hours = c.digits(2)?;
        c.expect(b':')?;
        let minutes = c.digits(2)?;
        if hours > 23 || minutes > 59 {
            return Err(parse_error("UTC offset is out of range"));
        }
        sign * i64::from(hours * 3600 + minutes * 60)
    };
    c.end()?;
    let local = from_fields(i64::from(year), month, day, hour, minute, second, nanos)?;
    Ok(DateTime {
        seconds: local.seconds - offset_seconds,
        subsecond_nanos: local.subsecond_nanos,
    })
}

fn parse_http_date(text: &str) -> Result<DateTime, DateTimeParseError> {
    let mut c = Cursor::new(text);
    let weekday = c.word3()?;
    if !WEEKDAYS.iter().any(|w| w.as_bytes() == weekday) {
        return Err(parse_error("expected a day name"));
    }
    c.expect(b',')?;
    c.expect(b' ')?;
    let day = c.digits(2)?;
    c.expect(b' ')?;
    let month_name = c.word3()?;
    let month = MONTHS
        .iter()
        .position(|m| m.as_bytes() == month_name)
        .ok_or_else(|| parse_error("expected a month name"))?;
    c.expect(b' ')?;
    let year = c.digits(4)?;
    c.expect(b' ')?;
    let hour = c.digits(2)?;
    c.expect(b':')?;
    let minute = c.digits(2)?;
    c.expect(b':')?;
    let second = c.digits(2)?;
    let nanos = if c.eat(b'.') { c.fraction()? } else { 0 };
    c.expect(b' ')?;
    if c.word3()? != b"GMT" {
        return Err(parse_error("expected GMT"));
    }
    c.end()?;
    from_fields(
        i64::from(year),
        month as u32 + 1,
        day,
        hour,
        minute,
        second,
        nanos,
    )
}

#[cfg(test)]
mod tests;

/// The types of event streams, where aws-sdk-rust has them (`primitives::event_stream`); with
/// the `client` feature.
#[cfg(feature = "client")]
pub mod event_stream {
    pub use crate::client::event_stream::EventReceiver;
    pub use aws_smithy_types::event_stream::{Header, HeaderValue, Message, RawMessage};
    pub use aws_smithy_types::str_bytes::StrBytes;
}
