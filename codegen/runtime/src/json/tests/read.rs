use super::*;
use crate::primitives::{Blob, DateTime, Format};
use std::borrow::Cow;

#[test]
fn parse_accepts_valid_documents() {
    for text in [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "1",
        "-12",
        "1.5",
        "-0.0e0",
        "1e10",
        "1E+2",
        "1e-2",
        "123456789012345678901234567890",
        "\"\"",
        "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
        "\"\\u00e9\\uD83D\\uDE00\"",
        "\"é😀\u{7f}\"",
        "[]",
        "{}",
        " \t\r\n[ 1 , 2 ] \n",
        "{\"a\":{\"b\":[null,{}]},\"a\":1}",
        "[[[]],[{}]]",
    ] {
        parsed(text);
    }
}

#[test]
fn parse_rejects_invalid_documents() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "expected a value at byte 0, but the input ended"),
        (b"   ", "expected a value at byte 3"),
        (b"nul", "expected a value at byte 0"),
        (
            b"nulls",
            "expected the end of the input at byte 4, found 's'",
        ),
        (b"True", "expected a value at byte 0"),
        (b"1 2", "expected the end of the input at byte 2"),
        (b"{} x", "at byte 3"),
        (b"01", "expected the end of the input at byte 1, found '1'"),
        (b"[01]", "expected ',' or ']' at byte 2"),
        (b"1.", "expected a digit at byte 2"),
        (b"1.e5", "expected a digit at byte 2"),
        (b".5", "expected a value at byte 0"),
        (b"-", "expected a digit at byte 1"),
        (b"-a", "expected a digit at byte 1"),
        (b"+1", "expected a value at byte 0"),
        (b"1e", "expected a digit at byte 2"),
        (b"1e+", "expected a digit at byte 3"),
        (b"0x10", "at byte 1"),
        (b"NaN", "expected a value"),
        (b"Infinity", "expected a value"),
        (b"[1,]", "expected a value at byte 3"),
        (b"[1 2]", "expected ',' or ']' at byte 3"),
        (b"[", "but the input ended"),
        (b"{\"a\" 1}", "expected ':' at byte 5"),
        (b"{\"a\":1,}", "expected a string key at byte 7"),
        (b"{a:1}", "expected a string key at byte 1"),
        (b"{\"a\":1 \"b\":2}", "expected ',' or '}' at byte 7"),
        (b"\"abc", "unterminated string starting at byte 0"),
        (b"\"a\\", "invalid escape at byte 2"),
        (b"[\"\\x\"]", "invalid escape at byte 2"),
        (b"\"\\u12\"", "invalid \\u escape at byte 1"),
        (b"\"\\u12G4\"", "invalid \\u escape at byte 1"),
        (b"\"\\ud800\"", "unpaired surrogate escape at byte 1"),
        (b"\"\\ud800\\n\"", "unpaired surrogate escape at byte 1"),
        (b"\"\\ud800\\u0041\"", "unpaired surrogate escape at byte 1"),
        (b"\"\\udc00\"", "unpaired surrogate escape at byte 1"),
        (
            b"\"a\x01b\"",
            "unescaped control character in string at byte 2",
        ),
        (
            b"\"a\nb\"",
            "unescaped control character in string at byte 2",
        ),
        (b"\"\xff\"", "invalid UTF-8 at byte 1"),
        (b"[\"\xc3\"]", "invalid UTF-8 at byte 2"),
        (b"\xef\xbb\xbf{}", "expected a value at byte 0"),
        (b"\x0c1", "expected a value at byte 0"),
    ];
    for (bytes, expected) in cases {
        let message = parse_error(bytes);
        assert!(
            message.contains(expected),
            "{:?}: {message:?} should contain {expected:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn parse_limits_depth_without_overflowing_the_stack() {
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    parsed(&nested(MAX_DEPTH));
    let objects = format!("{}1{}", "{\"a\":".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
    parsed(&objects);
    assert!(parse_error(nested(MAX_DEPTH + 1).as_bytes()).contains("nesting deeper than 128"));
    let objects = format!(
        "{}1{}",
        "{\"a\":".repeat(MAX_DEPTH + 1),
        "}".repeat(MAX_DEPTH + 1)
    );
    assert!(parse_error(objects.as_bytes()).contains("nesting deeper"));
    assert!(parse_error("[".repeat(100_000).as_bytes()).contains("nesting deeper"));
    assert!(parse_error("[{\"a\":".repeat(100_000).as_bytes()).contains("nesting deeper"));
}

#[test]
fn parse_builds_the_tree() {
    let v = parsed(" {\"a\": [1, -2.5e3, \"x\\ny\", true, null], \"b\": {}, \"a\": false} ");
    let expected = Json::Object(vec![
        (
            Cow::Borrowed("a"),
            Json::Array(vec![
                Json::Number("1"),
                Json::Number("-2.5e3"),
                Json::String(Cow::Owned("x\ny".to_owned())),
                Json::Bool(true),
                Json::Null,
            ]),
        ),
        (Cow::Borrowed("b"), Json::Object(vec![])),
        (Cow::Borrowed("a"), Json::Bool(false)),
    ]);
    assert_eq!(v, expected);
    // Strings without escapes borrow from the input; with escapes they are owned.
    match parsed("[\"plain é\", \"esc\\t\"]")
        .as_array()
        .expect("array")
    {
        [
            Json::String(Cow::Borrowed("plain é")),
            Json::String(Cow::Owned(s)),
        ] => {
            assert_eq!(s, "esc\t");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn parse_decodes_escapes_and_surrogate_pairs() {
    let cases = [
        ("\"\\ud83d\\ude00\"", "😀"),
        ("\"\\uD83D\\uDE00x\"", "😀x"),
        ("\"\\udbff\\udfff\"", "\u{10ffff}"),
        ("\"\\u00e9\\u0000\\u001f\\u007f\"", "é\u{0}\u{1f}\u{7f}"),
        (
            "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
            "a\"b\\c/d\u{8}\u{c}\n\r\t",
        ),
        ("\"é😀 raw\"", "é😀 raw"),
        ("\"\\u4e2d\\u6587\"", "中文"),
    ];
    for (text, expected) in cases {
        assert_eq!(
            read_string(&parsed(text)).as_deref(),
            Ok(expected),
            "{text}"
        );
    }
}

#[test]
fn json_accessors() {
    let v = parsed("{\"a\":[1]}");
    assert!(!v.is_null() && parsed("null").is_null());
    let members = v.as_object().expect("object");
    assert_eq!(members.len(), 1);
    assert_eq!(
        members[0].1.as_array().expect("array"),
        &[Json::Number("1")]
    );
    let kinds = ["null", "true", "1", "\"s\"", "[]", "{}"].map(|t| parsed(t).kind());
    assert_eq!(
        kinds,
        [
            "null",
            "a boolean",
            "a number",
            "a string",
            "an array",
            "an object"
        ]
    );
    let e = parsed("\"s\"").as_object().expect_err("not an object");
    assert_eq!(e.to_string(), "expected an object, found a string");
    let e = parsed("null").as_array().expect_err("not an array");
    assert_eq!(e.to_string(), "expected an array, found null");
}

#[test]
fn de_error_paths() {
    let e = DeError::new("expected a string, found a number");
    assert_eq!(e.to_string(), "expected a string, found a number");
    let e = e
        .in_index(3)
        .in_member("SecurityGroups")
        .in_member("UserSettings");
    assert_eq!(
        e.to_string(),
        "at `UserSettings.SecurityGroups[3]`: expected a string, found a number"
    );
    assert_eq!(e.message(), "expected a string, found a number");
    let e = DeError::new("bad")
        .in_key("k")
        .in_index(3)
        .in_member("B")
        .in_member("A");
    assert_eq!(e.to_string(), "at `A.B[3][\"k\"]`: bad");
    let e = DeError::new("bad").in_member("X").in_key("quo\"te\n");
    assert_eq!(e.to_string(), "at `[\"quo\\\"te\\n\"].X`: bad");
    let e = DeError::new("bad").in_index(0);
    assert_eq!(e.to_string(), "at `[0]`: bad");
    let long = "é".repeat(100);
    let e = DeError::new("bad").in_key(&long);
    assert_eq!(
        e.to_string(),
        format!("at `[\"{}…\"]`: bad", "é".repeat(64))
    );
    let boxed: Box<dyn std::error::Error> = Box::new(DeError::new("x"));
    assert_eq!(boxed.to_string(), "x");
}

#[test]
fn read_strings_and_bools() {
    assert_eq!(read_string(&parsed("\"hi\"")).as_deref(), Ok("hi"));
    assert_eq!(
        read_string(&parsed("1")).expect_err("number").to_string(),
        "expected a string, found a number"
    );
    assert_eq!(read_bool(&parsed("true")), Ok(true));
    assert_eq!(read_bool(&parsed("false")), Ok(false));
    assert_eq!(
        read_bool(&parsed("\"true\""))
            .expect_err("string")
            .message(),
        "expected a boolean, found a string"
    );
}

#[test]
fn read_integers() {
    let i64_of = |t: &str| read_i64(&parsed(t));
    for (text, value) in [
        ("0", 0),
        ("-0", 0),
        ("42", 42),
        ("-42", -42),
        ("1.0", 1),
        ("1e2", 100),
        ("1E+2", 100),
        ("2.50e1", 25),
        ("12300e-2", 123),
        ("0.0", 0),
        ("0e999999999999999999999", 0),
        ("-1.000000e3", -1000),
        ("9223372036854775807", i64::MAX),
        ("-9223372036854775808", i64::MIN),
        ("9.223372036854775807e18", i64::MAX),
        ("9007199254740993.0", 9_007_199_254_740_993),
    ] {
        assert_eq!(i64_of(text), Ok(value), "{text}");
    }
    for (text, message) in [
        ("1.5", "1.5 is not an integer"),
        ("1e-1", "1e-1 is not an integer"),
        ("-0.5", "-0.5 is not an integer"),
        (
            "9223372036854775808",
            "9223372036854775808 is out of range for a long",
        ),
        ("-9223372036854775809", "is out of range for a long"),
        ("1e19", "1e19 is out of range for a long"),
        ("1e999999999999999999999", "is out of range for a long"),
        (
            "123456789012345678901234567890",
            "is out of range for a long",
        ),
    ] {
        let e = i64_of(text).expect_err(text);
        assert!(e.message().contains(message), "{text}: {e}");
    }
    assert_eq!(
        i64_of("\"1\"").expect_err("string").message(),
        "expected an integer, found a string"
    );
    assert_eq!(
        read_i8(&parsed("300")).expect_err("range").message(),
        "300 is out of range for a byte"
    );
    assert_eq!(read_i8(&parsed("-128")), Ok(i8::MIN));
    assert_eq!(read_i8(&parsed("127")), Ok(i8::MAX));
    assert!(read_i8(&parsed("-129")).is_err() && read_i8(&parsed("128")).is_err());
    assert_eq!(read_i16(&parsed("-32768")), Ok(i16::MIN));
    assert_eq!(read_i16(&parsed("3.2767e4")), Ok(i16::MAX));
    assert_eq!(
        read_i16(&parsed("32768")).expect_err("range").message(),
        "32768 is out of range for a short"
    );
    assert_eq!(read_i32(&parsed("2147483647")), Ok(i32::MAX));
    assert_eq!(read_i32(&parsed("-2147483648")), Ok(i32::MIN));
    assert_eq!(
        read_i32(&parsed("2147483648"))
            .expect_err("range")
            .message(),
        "2147483648 is out of range for an integer"
    );
    assert!(read_i32(&parsed("true")).is_err() && read_i32(&parsed("null")).is_err());
    // Long number text is cut in messages.
    let long = format!("1{}", "0".repeat(1000));
    let message = read_i32(&parsed(&long)).expect_err("range").to_string();
    assert!(message.len() < 100 && message.contains("…"), "{message}");
}

#[test]
fn read_floats() {
    let f64_of = |t: &str| read_f64(&parsed(t)).expect(t);
    assert_eq!(f64_of("12299.678466946003"), 12299.678466946003_f64);
    assert_eq!(f64_of("0.1"), 0.1);
    assert_eq!(f64_of("-2.5e-7"), -2.5e-7);
    assert_eq!(f64_of("1"), 1.0);
    assert_eq!(f64_of("5e-324").to_bits(), 1);
    assert_eq!(f64_of("1.7976931348623157e308"), f64::MAX);
    assert_eq!(f64_of("1e400"), f64::INFINITY);
    assert_eq!(f64_of("-1e400"), f64::NEG_INFINITY);
    assert_eq!(f64_of("1e-400"), 0.0);
    assert_eq!(f64_of("-0").to_bits(), (-0.0_f64).to_bits());
    // Halfway between two doubles: only a correctly rounded parse gets this right.
    assert_eq!(f64_of("9007199254740993"), 9_007_199_254_740_992.0);
    assert_eq!(f64_of("9007199254740995"), 9_007_199_254_740_996.0);
    assert!(read_f64(&parsed("\"NaN\"")).expect("NaN").is_nan());
    assert_eq!(read_f64(&parsed("\"Infinity\"")), Ok(f64::INFINITY));
    assert_eq!(read_f64(&parsed("\"-Infinity\"")), Ok(f64::NEG_INFINITY));
    for bad in [
        "\"nan\"", "\"1.5\"", "\"inf\"", "\"\"", "true", "null", "[]",
    ] {
        assert!(read_f64(&parsed(bad)).is_err(), "{bad}");
        assert!(read_f32(&parsed(bad)).is_err(), "{bad}");
    }
    assert_eq!(
        read_f64(&parsed("{}")).expect_err("object").message(),
        "expected a number, found an object"
    );

    let f32_of = |t: &str| read_f32(&parsed(t)).expect(t);
    assert_eq!(f32_of("1.1"), 1.1_f32);
    assert_eq!(f32_of("16777216"), 16_777_216.0_f32);
    assert_eq!(f32_of("1e39"), f32::INFINITY);
    assert!(read_f32(&parsed("\"NaN\"")).expect("NaN").is_nan());
    assert_eq!(read_f32(&parsed("\"-Infinity\"")), Ok(f32::NEG_INFINITY));
    // Via f64 this rounds twice: the text is just above the midpoint between two f32s, but the
    // nearest f64 is the midpoint itself, which then rounds to even (down).
    let text = "1.00000005960464477550";
    assert_eq!(f32_of(text), 1.000_000_1_f32);
    assert_eq!(text.parse::<f64>().expect("f64") as f32, 1.0_f32);
}

#[test]
fn read_blobs() {
    assert_eq!(
        read_blob(&parsed("\"aGVsbG8=\"")),
        Ok(Blob::new(b"hello".to_vec()))
    );
    assert_eq!(read_blob(&parsed("\"\"")), Ok(Blob::new(Vec::new())));
    let e = read_blob(&parsed("\"a!==\"")).expect_err("bad base64");
    assert!(e.message().starts_with("invalid base64"), "{e}");
    assert_eq!(
        read_blob(&parsed("1")).expect_err("number").message(),
        "expected a base64 string, found a number"
    );
}

#[test]
fn read_timestamps() {
    let ts = |t: &str, f: Format| read_timestamp(&parsed(t), f);
    let exact = ts("1577836800.123456", Format::EpochSeconds).expect("exact");
    assert_eq!(
        (exact.secs(), exact.subsec_nanos()),
        (1_577_836_800, 123_456_000)
    );
    // A number is epoch seconds whatever the format.
    assert_eq!(ts("1577836800.123456", Format::DateTime), Ok(exact));
    assert_eq!(ts("1577836800.123456", Format::HttpDate), Ok(exact));
    assert_eq!(
        ts("1.5e9", Format::EpochSeconds),
        Ok(DateTime::from_secs(1_500_000_000))
    );
    assert_eq!(
        ts("1.5151E9", Format::DateTime),
        Ok(DateTime::from_secs(1_515_100_000))
    );
    assert_eq!(
        ts("-1.5", Format::EpochSeconds),
        Ok(DateTime::from_secs_and_nanos(-2, 500_000_000))
    );
    assert_eq!(ts("0", Format::EpochSeconds), Ok(DateTime::from_secs(0)));
    assert_eq!(
        ts("1515531081.123456789123", Format::EpochSeconds),
        Ok(DateTime::from_secs_and_nanos(1_515_531_081, 123_456_789))
    );
    assert!(ts("1e400", Format::EpochSeconds).is_err());
    assert!(ts("1e300", Format::EpochSeconds).is_err());
    assert!(ts("99999999999999999999", Format::EpochSeconds).is_err());
    assert_eq!(
        ts("\"2018-01-09T20:51:21.123Z\"", Format::DateTime),
        Ok(DateTime::from_millis(1_515_531_081_123))
    );
    assert_eq!(
        ts("\"Tue, 29 Apr 2014 18:30:38 GMT\"", Format::HttpDate),
        Ok(DateTime::from_secs(1_398_796_238))
    );
    assert_eq!(
        ts("\"1515531081.5\"", Format::EpochSeconds),
        Ok(DateTime::from_millis(1_515_531_081_500))
    );
    // A string in another format than the one expected is an error.
    assert!(ts("\"Tue, 29 Apr 2014 18:30:38 GMT\"", Format::DateTime).is_err());
    assert!(ts("\"2018-01-09T20:51:21Z\"", Format::EpochSeconds).is_err());
    assert!(ts("\"1515531081\"", Format::DateTime).is_err());
    let e = ts("true", Format::DateTime).expect_err("bool");
    assert_eq!(e.message(), "expected a timestamp, found a boolean");
    let e = ts("\"nope\"", Format::DateTime).expect_err("bad text");
    assert!(e.message().starts_with("invalid timestamp"), "{e}");
}

#[test]
fn read_documents() {
    let doc = read_document(&parsed(
        "{\"a\":[1,-2,18446744073709551615,1.5,1e2,18446744073709551616,-0,\"s\",true,null],\"b\":{},\"b\":{\"c\":0.1}}",
    ))
    .expect("document");
    let expected = serde_json::json!({
        "a": [1, -2, u64::MAX, 1.5, 100.0, 18_446_744_073_709_551_616.0, 0, "s", true, null],
        "b": {"c": 0.1},
    });
    assert_eq!(doc, expected);
    let items = doc["a"].as_array().expect("array");
    assert!(items[0].is_i64() && items[2].is_u64() && items[4].is_f64() && items[5].is_f64());
    let e = read_document(&parsed("{\"k\":[0,1e400]}")).expect_err("infinite");
    assert_eq!(
        e.to_string(),
        "at `[\"k\"][1]`: 1e400 is out of range for a document number"
    );
    // A hand-built tree deeper than any parse result is refused, not recursed into.
    let mut deep = Json::Null;
    for _ in 0..=MAX_DEPTH + 1 {
        deep = Json::Array(vec![deep]);
    }
    assert!(read_document(&deep).is_err());
}

#[test]
fn agrees_with_serde_json_on_what_is_json() {
    const PIECES: &[&str] = &[
        "[", "]", "{", "}", "\"", "\\", "u", "d8", "00", "dc", "0", "1", "9", "-", "+", ".", "e",
        "E", ",", ":", " ", "\n", "true", "null", "fals", "\"a\"", "é", "\u{1}", "\\u", "\"k\":",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut accepted = 0;
    for _ in 0..200_000 {
        let len = (xorshift(&mut state) % 12) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(xorshift(&mut state) % PIECES.len() as u64) as usize])
            .collect();
        let ours = parse(text.as_bytes());
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        assert_eq!(
            ours.is_ok(),
            theirs.is_ok(),
            "{text:?}: {ours:?} vs {theirs:?}"
        );
        if let (Ok(ours), Ok(theirs)) = (ours.as_ref(), theirs.as_ref()) {
            // serde_json reads `-0` as the float -0.0; botocore (and `read_document`) as 0.
            if !text.contains("-0") {
                assert_eq!(read_document(ours).as_ref(), Ok(theirs), "{text:?}");
            }
        }
        accepted += usize::from(ours.is_ok());
    }
    assert!(accepted > 1000, "{accepted}");
    // Arbitrary bytes never panic the parser.
    for _ in 0..50_000 {
        let len = (xorshift(&mut state) % 16) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| xorshift(&mut state) as u8).collect();
        let ours = parse(&bytes);
        let theirs = serde_json::from_slice::<serde_json::Value>(&bytes);
        assert_eq!(ours.is_ok(), theirs.is_ok(), "{bytes:?}");
    }
}
