use super::*;
use crate::primitives::{DateTime, Document, Format};

#[test]
fn writes_f64_as_python_repr() {
    for (v, text) in [
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (-1.0, "-1.0"),
        (100.0, "100.0"),
        (1.5, "1.5"),
        (0.1, "0.1"),
        (1.0 / 3.0, "0.3333333333333333"),
        (0.0001, "0.0001"),
        (0.00012, "0.00012"),
        (0.00001, "1e-05"),
        (1.5e-5, "1.5e-05"),
        (-2.5e-7, "-2.5e-07"),
        (12299.678466946003, "12299.678466946003"),
        (123456.789, "123456.789"),
        (1234567890123456.0, "1234567890123456.0"),
        (999999999999999.9, "999999999999999.9"),
        (1e15, "1000000000000000.0"),
        (1e16, "1e+16"),
        (-1e16, "-1e+16"),
        (1.2345678901234568e17, "1.2345678901234568e+17"),
        (1e22, "1e+22"),
        (1e100, "1e+100"),
        (1e300, "1e+300"),
        (1e-300, "1e-300"),
        (5e-324, "5e-324"),
        (f64::MAX, "1.7976931348623157e+308"),
        (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
        (9007199254740993.0, "9007199254740992.0"),
    ] {
        assert_eq!(f64_text(v), text, "{v:e}");
    }
    assert_eq!(f64_text(f64::NAN), "\"NaN\"");
    assert_eq!(f64_text(f64::INFINITY), "\"Infinity\"");
    assert_eq!(f64_text(f64::NEG_INFINITY), "\"-Infinity\"");
}

/// Bit patterns and `json.dumps` output from CPython 3 (random doubles, and values around the
/// layout thresholds).
#[test]
fn writes_f64_exactly_as_cpython() {
    for (bits, text) in [
        (0xf2a74de452e6b438_u64, "-1.989032661366619e+244"),
        (0x6513270e269e0d37, "7.761117632285041e+178"),
        (0x0c5c7fd0a6a3a450, "3.980498358697587e-249"),
        (0xd23f0824128b2f33, "-1.5432835417340557e+88"),
        (0x1818e811892f902b, "1.3647584518757569e-192"),
        (0x9531985d5d9dc9f8, "-1.3701135617873088e-206"),
        (0x36f675cc81e74ef5, "6.294675241195386e-44"),
        (0x3d9c172411e20b8f, "6.387016158513563e-12"),
        (0x4307802419620130, "826852124672038.0"),
        (0x3f10880f12d97da0, "6.306259157317371e-05"),
        (0xbea0a3b088a131da, "-4.958931338977147e-07"),
        (0x3fe1d032e76f125b, "0.5566648979370926"),
        (0xbf3b77fc7c0fce08, "-0.00041913904357146524"),
        (0x43695a8985dc29f4, "5.709136896467344e+16"),
        (0x43424e6e649d1ef0, "1.0305571244359136e+16"),
        (0xbfb8f135d1871f60, "-0.09743057599473337"),
        (0xc33b9cdac26b5fc6, "-7772287749808070.0"),
        (0xc329b1250da9993f, "-3615823559445663.5"),
        (0xc3736e94aa353f2b, "-8.75137495573429e+16"),
        (0x4340000000000001, "9007199254740994.0"),
        (0x3fd3333333333334, "0.30000000000000004"),
        (0x3f33a92a30553262, "0.00030000000000000003"),
        (0x3e7ad7f29abcaf48, "1e-07"),
        (0x419d6f3454000000, "123456789.0"),
    ] {
        assert_eq!(f64_text(f64::from_bits(bits)), text, "{bits:#x}");
    }
}

#[test]
fn writes_f32_with_shortest_f32_digits() {
    for (v, text) in [
        (1.1_f32, "1.1"),
        (16_777_216.0, "16777216.0"),
        (0.1, "0.1"),
        (-0.0, "-0.0"),
        (1e16, "1e+16"),
        (1e-5, "1e-05"),
        (3.4028235e38, "3.4028235e+38"),
        (1e-45, "1e-45"),
        (0.0001, "0.0001"),
        (123.456, "123.456"),
    ] {
        assert_eq!(f32_text(v), text, "{v:e}");
    }
    assert_eq!(f32_text(f32::NAN), "\"NaN\"");
    assert_eq!(f32_text(f32::NEG_INFINITY), "\"-Infinity\"");
}

#[test]
fn floats_round_trip_bit_for_bit() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut values: Vec<f64> = vec![0.0, -0.0, 5e-324, f64::MAX, f64::MIN, 1e-5, 1e16, 0.1];
    values.extend((0..20_000).map(|_| f64::from_bits(xorshift(&mut state))));
    values.extend((0..5_000).map(|i| (xorshift(&mut state) >> 11) as f64 / f64::from(i + 1)));
    let values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
    let body = written(|w| {
        w.begin_array();
        for &v in &values {
            w.f64(v);
        }
        w.end_array();
    });
    let back = parse(body.as_bytes()).expect("writer output parses");
    let items = back.as_array().expect("array");
    assert_eq!(items.len(), values.len());
    for (item, v) in items.iter().zip(&values) {
        assert_eq!(read_f64(item).expect("f64").to_bits(), v.to_bits(), "{v:e}");
    }

    for _ in 0..20_000 {
        let v = f32::from_bits(xorshift(&mut state) as u32);
        if v.is_finite() {
            let text = f32_text(v);
            assert_eq!(
                read_f32(&parsed(&text)).expect("f32").to_bits(),
                v.to_bits()
            );
        }
    }
}

#[test]
fn escapes_strings_as_python_ensure_ascii() {
    for (v, text) in [
        ("", r#""""#),
        ("plain text", r#""plain text""#),
        ("é", r#""\u00e9""#),
        ("😀", r#""\ud83d\ude00""#),
        ("中", r#""\u4e2d""#),
        ("\u{ffff}", r#""\uffff""#),
        ("\u{10ffff}", r#""\udbff\udfff""#),
        // Python's ensure_ascii escapes everything outside U+0020..U+007E, DEL included.
        ("\u{7f}", r#""\u007f""#),
        ("\u{80}", r#""\u0080""#),
        ("\u{1}", r#""\u0001""#),
        ("\u{0}", r#""\u0000""#),
        ("\u{1f}", r#""\u001f""#),
        ("\u{b}", r#""\u000b""#),
        ("\"", r#""\"""#),
        ("\\", r#""\\""#),
        ("/", r#""/""#),
        ("\n\r\t\u{8}\u{c}", r#""\n\r\t\b\f""#),
        ("~ !<>&'", r#""~ !<>&'""#),
        ("a\"é\\😀z", r#""a\"\u00e9\\\ud83d\ude00z""#),
    ] {
        assert_eq!(written(|w| w.string(v)), text, "{v:?}");
        // Keys are escaped the same way, and everything reads back.
        let object = written(|w| {
            w.begin_object();
            w.key(v);
            w.string(v);
            w.end_object();
        });
        assert_eq!(object, format!("{{{text}:{text}}}"));
        let back = parse(object.as_bytes()).expect("parses");
        let members = back.as_object().expect("object");
        assert_eq!(members[0].0, v);
        assert_eq!(read_string(&members[0].1).as_deref(), Ok(v));
    }
}

#[test]
fn writes_nested_structures_with_commas() {
    let body = written(|w| {
        w.begin_object();
        w.key("Name");
        w.string("x");
        w.key("Empty");
        w.begin_object();
        w.end_object();
        w.key("List");
        w.begin_array();
        w.integer(1);
        w.integer(-2);
        w.begin_array();
        w.end_array();
        w.begin_object();
        w.key("a");
        w.null();
        w.key("b");
        w.bool(true);
        w.end_object();
        w.bool(false);
        w.end_array();
        w.key("Max");
        w.integer(i64::MAX);
        w.key("Min");
        w.integer(i64::MIN);
        w.key("Data");
        w.blob(b"hello");
        w.key("Ratio");
        w.f64(0.5);
        w.end_object();
    });
    assert_eq!(
        body,
        concat!(
            r#"{"Name":"x","Empty":{},"List":[1,-2,[],{"a":null,"b":true},false],"#,
            r#""Max":9223372036854775807,"Min":-9223372036854775808,"Data":"aGVsbG8=","Ratio":0.5}"#
        )
    );
    assert_eq!(written(|w| w.integer(0)), "0");
    assert_eq!(written(|w| w.blob(&[0xff, 0xfe])), "\"//4=\"");
    assert_eq!(
        written(|w| {
            w.begin_array();
            w.begin_array();
            w.end_array();
            w.begin_array();
            w.null();
            w.end_array();
            w.end_array();
        }),
        "[[],[null]]"
    );
}

#[test]
fn writes_timestamps() {
    let ts = |v: DateTime, f: Format| written(|w| w.timestamp(&v, f));
    let dt = DateTime::from_secs_and_nanos(1_577_836_800, 123_456_000);
    assert_eq!(ts(dt, Format::EpochSeconds), "1577836800.123456");
    assert_eq!(
        ts(DateTime::from_secs(1_515_531_081), Format::EpochSeconds),
        "1515531081"
    );
    assert_eq!(
        ts(DateTime::from_millis(-1500), Format::EpochSeconds),
        "-1.5"
    );
    assert_eq!(ts(dt, Format::DateTime), "\"2020-01-01T00:00:00.123456Z\"");
    assert_eq!(
        ts(DateTime::from_secs(1_398_796_238), Format::HttpDate),
        "\"Tue, 29 Apr 2014 18:30:38 GMT\""
    );
    // Epoch seconds read back exactly, whatever their precision.
    let text = ts(DateTime::from_secs_and_nanos(-5, 1), Format::EpochSeconds);
    assert_eq!(
        read_timestamp(&parsed(&text), Format::EpochSeconds),
        Ok(DateTime::from_secs_and_nanos(-5, 1))
    );
}

#[test]
fn unformattable_timestamp_is_an_error() {
    let far = DateTime::from_secs(253_402_300_800); // year 10000
    let mut w = JsonWriter::new();
    w.begin_array();
    w.timestamp(&far, Format::DateTime);
    w.end_array();
    assert_eq!(w.as_str(), "[null]");
    let e = w.finish().expect_err("year out of range");
    assert!(e.message().contains("year 10000"), "{e}");
    assert!(e.to_string().starts_with("cannot write JSON: "), "{e}");
    // Epoch seconds can express any timestamp.
    assert_eq!(
        written(|w| w.timestamp(&far, Format::EpochSeconds)),
        "253402300800"
    );
    let mut w = JsonWriter::new();
    w.timestamp(&DateTime::from_secs(i64::MIN), Format::HttpDate);
    assert!(w.finish().is_err());
}

#[test]
fn writes_documents() {
    let doc: Document = serde_json::json!({
        "a": [1, -2, u64::MAX, 1.5, 1e16, 0.0001, "é", true, null],
        "b": {},
        "c": {"d": []},
    });
    assert_eq!(
        written(|w| w.document(&doc)),
        r#"{"a":[1,-2,18446744073709551615,1.5,1e+16,0.0001,"\u00e9",true,null],"b":{},"c":{"d":[]}}"#
    );
    assert_eq!(
        read_document(&parsed(&written(|w| w.document(&doc)))),
        Ok(doc)
    );
    let body = written(|w| {
        w.begin_object();
        w.key("Doc");
        w.document(&serde_json::json!([{"x": 1}, 2.0]));
        w.key("Next");
        w.null();
        w.end_object();
    });
    assert_eq!(body, r#"{"Doc":[{"x":1},2.0],"Next":null}"#);
    let mut deep = Document::Null;
    for _ in 0..200 {
        deep = Document::Array(vec![deep]);
    }
    let mut w = JsonWriter::new();
    w.document(&deep);
    assert!(w.finish().is_err());
}

#[test]
fn misuse_is_recorded_not_panicked() {
    /// A sequence of calls that misuses the writer.
    type Misuse = fn(&mut JsonWriter);
    let first_error = |build: Misuse| {
        let mut w = JsonWriter::new();
        build(&mut w);
        w.finish().expect_err("misuse").message().to_owned()
    };
    let cases: [(Misuse, &str); 10] = [
        (
            |w| {
                w.begin_object();
                w.string("x");
                w.end_object();
            },
            "value without a key",
        ),
        (
            |w| {
                w.begin_object();
                w.key("a");
                w.end_object();
            },
            "key without a value",
        ),
        (
            |w| {
                w.begin_object();
                w.key("a");
                w.key("b");
            },
            "key \"b\" after a key",
        ),
        (
            |w| {
                w.begin_array();
                w.key("a");
            },
            "key \"a\" outside an object",
        ),
        (|w| w.key("a"), "key \"a\" outside an object"),
        (
            |w| w.end_object(),
            "end_object without a matching begin_object",
        ),
        (
            |w| {
                w.begin_object();
                w.end_array();
            },
            "end_array without a matching begin_array",
        ),
        (|w| w.begin_array(), "an array was not ended"),
        (|_| {}, "no value was written"),
        (
            |w| {
                w.null();
                w.null();
            },
            "more than one top-level value",
        ),
    ];
    for (build, message) in cases {
        assert_eq!(first_error(build), message);
    }
    // The first error wins, and writing goes on.
    let mut w = JsonWriter::new();
    w.begin_object();
    w.integer(1);
    w.end_array();
    w.key("k");
    w.integer(2);
    w.end_object();
    assert_eq!(w.as_str(), "{1\"k\":2}");
    let e = w.finish().expect_err("misuse");
    assert_eq!(e.message(), "value without a key");
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert_eq!(boxed.to_string(), "cannot write JSON: value without a key");
}
