//! Tests of the primitives: base64, blobs, date-time parsing and formatting.

use super::*;

fn round_trip(dt: DateTime, format: Format, text: &str) {
    assert_eq!(dt.fmt(format).as_deref(), Ok(text), "formatting {dt:?}");
    assert_eq!(DateTime::from_str(text, format), Ok(dt), "parsing {text}");
}

#[test]
fn base64_round_trips() {
    let cases: &[(&[u8], &str)] = &[
        (b"", ""),
        (b"f", "Zg=="),
        (b"fo", "Zm8="),
        (b"foo", "Zm9v"),
        (b"foob", "Zm9vYg=="),
        (b"fooba", "Zm9vYmE="),
        (b"foobar", "Zm9vYmFy"),
        (&[0xff, 0xfe, 0x00, 0x3e, 0x3f], "//4APj8="),
    ];
    for (bytes, text) in cases {
        assert_eq!(base64::encode(bytes), *text);
        assert_eq!(base64::decode(text).as_deref(), Ok(*bytes));
    }
    let all: Vec<u8> = (0..=255).collect();
    assert_eq!(base64::decode(&base64::encode(&all)), Ok(all));
    // Padding may be omitted.
    assert_eq!(base64::decode("Zg").as_deref(), Ok(&b"f"[..]));
    assert_eq!(base64::decode("Zm8").as_deref(), Ok(&b"fo"[..]));
}

#[test]
fn base64_rejects_bad_input() {
    for bad in [
        "Z", "Zg=", "Zg===", "Z===", "Zm9v!", "Zm 9v", "=", "Zg==Zg==", "Zé==",
    ] {
        assert!(base64::decode(bad).is_err(), "{bad:?} should fail");
    }
    assert!(
        base64::decode("Zm9v!")
            .expect_err("bad char")
            .to_string()
            .starts_with("invalid base64")
    );
}

#[cfg(feature = "serde")]
#[test]
fn blob_serde() {
    let blob = Blob::new(b"hello".to_vec());
    assert_eq!(blob.as_ref(), b"hello");
    let json = serde_json::to_string(&blob).expect("serialize");
    assert_eq!(json, "\"aGVsbG8=\"");
    let back: Blob = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, blob);
    assert_eq!(back.into_inner(), b"hello".to_vec());
    assert!(serde_json::from_str::<Blob>("\"a\"").is_err());
    assert!(serde_json::from_str::<Blob>("12").is_err());
    assert!(serde_json::from_str::<Blob>("null").is_err());
    assert_eq!(
        format!("{:?}", Blob::from(&[1u8, 2][..])),
        "Blob { inner: [1, 2] }"
    );
    assert_eq!(Vec::<u8>::from(Blob::from(vec![3u8])), vec![3]);
}

#[test]
fn constructors() {
    let dt = DateTime::from_millis(-1);
    assert_eq!((dt.secs(), dt.subsec_nanos()), (-1, 999_000_000));
    assert_eq!(dt.to_millis(), Some(-1));
    let dt = DateTime::from_millis(1_515_531_081_123);
    assert_eq!((dt.secs(), dt.subsec_nanos()), (1_515_531_081, 123_000_000));
    assert_eq!(DateTime::from_fractional_secs(1_515_531_081.123), dt);
    assert_eq!(
        DateTime::from_fractional_secs(-1.5),
        DateTime::from_secs_and_nanos(-2, 500_000_000)
    );
    assert_eq!(
        DateTime::from_fractional_secs(f64::NAN),
        DateTime::from_secs(0)
    );
    assert_eq!(
        DateTime::from_fractional_secs(f64::NEG_INFINITY).secs(),
        i64::MIN
    );
    assert_eq!(DateTime::from_fractional_secs(1e300).secs(), i64::MAX);
    assert_eq!(DateTime::try_from_f64(f64::INFINITY), None);
    assert_eq!(
        DateTime::from_secs_and_nanos(1, 2_500_000_000),
        DateTime::from_secs_and_nanos(3, 500_000_000)
    );
    assert_eq!(
        DateTime::from_secs_and_nanos(i64::MAX, u32::MAX).secs(),
        i64::MAX
    );
    assert_eq!(dt.as_secs_f64(), 1_515_531_081.123);
    assert!(DateTime::from_secs(-1) < DateTime::from_millis(-1));
    assert!(DateTime::from_millis(-1) < DateTime::from_secs(0));
    assert!(DateTime::now() > DateTime::from_secs(1_700_000_000));
    assert_eq!(
        DateTime::from(UNIX_EPOCH - std::time::Duration::from_millis(1500)),
        DateTime::from_millis(-1500)
    );
    assert_eq!(
        DateTime::from(UNIX_EPOCH + std::time::Duration::from_millis(1500)),
        DateTime::from_millis(1500)
    );
}

#[test]
fn epoch_seconds_format() {
    round_trip(
        DateTime::from_secs(1_515_531_081),
        Format::EpochSeconds,
        "1515531081",
    );
    round_trip(
        DateTime::from_millis(1_515_531_081_123),
        Format::EpochSeconds,
        "1515531081.123",
    );
    round_trip(DateTime::from_millis(-1500), Format::EpochSeconds, "-1.5");
    round_trip(DateTime::from_millis(-500), Format::EpochSeconds, "-0.5");
    round_trip(DateTime::from_secs(-86_400), Format::EpochSeconds, "-86400");
    round_trip(
        DateTime::from_secs_and_nanos(0, 1),
        Format::EpochSeconds,
        "0.000000001",
    );
    round_trip(
        DateTime::from_secs(i64::MIN),
        Format::EpochSeconds,
        &i64::MIN.to_string(),
    );
    round_trip(
        DateTime::from_secs_and_nanos(i64::MIN, 5),
        Format::EpochSeconds,
        "-9223372036854775807.999999995",
    );
    // Digits past nanoseconds are truncated.
    assert_eq!(
        DateTime::from_str("1.1234567899", Format::EpochSeconds),
        Ok(DateTime::from_secs_and_nanos(1, 123_456_789))
    );
    assert_eq!(
        DateTime::from_str("-0", Format::EpochSeconds),
        Ok(DateTime::from_secs(0))
    );
    for bad in [
        "",
        "-",
        "1.",
        ".5",
        "1e9",
        "abc",
        "1.5x",
        "+1",
        " 1",
        "99999999999999999999",
        "-9223372036854775808.5",
    ] {
        assert!(
            DateTime::from_str(bad, Format::EpochSeconds).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn date_time_format() {
    round_trip(
        DateTime::from_secs(0),
        Format::DateTime,
        "1970-01-01T00:00:00Z",
    );
    round_trip(
        DateTime::from_secs(1_515_531_081),
        Format::DateTime,
        "2018-01-09T20:51:21Z",
    );
    round_trip(
        DateTime::from_millis(1_515_531_081_123),
        Format::DateTime,
        "2018-01-09T20:51:21.123Z",
    );
    round_trip(
        DateTime::from_secs_and_nanos(1_515_531_081, 120_000_000),
        Format::DateTime,
        "2018-01-09T20:51:21.12Z",
    );
    // Leap day, pre-1970, far past and far future.
    round_trip(
        DateTime::from_secs(951_782_400),
        Format::DateTime,
        "2000-02-29T00:00:00Z",
    );
    round_trip(
        DateTime::from_secs(-1),
        Format::DateTime,
        "1969-12-31T23:59:59Z",
    );
    round_trip(
        DateTime::from_millis(-1),
        Format::DateTime,
        "1969-12-31T23:59:59.999Z",
    );
    round_trip(
        DateTime::from_secs(-2_203_977_600),
        Format::DateTime,
        "1900-02-28T00:00:00Z",
    );
    round_trip(
        DateTime::from_secs(-62_167_219_200),
        Format::DateTime,
        "0000-01-01T00:00:00Z",
    );
    round_trip(
        DateTime::from_secs(253_402_300_799),
        Format::DateTime,
        "9999-12-31T23:59:59Z",
    );
    round_trip(
        DateTime::from_secs(4_107_542_400),
        Format::DateTime,
        "2100-03-01T00:00:00Z",
    );
    // Offsets and lower-case separators.
    assert_eq!(
        DateTime::from_str("2018-01-09T22:51:21.123+02:00", Format::DateTime),
        Ok(DateTime::from_millis(1_515_531_081_123))
    );
    assert_eq!(
        DateTime::from_str("2018-01-09t15:21:21-05:30", Format::DateTime),
        Ok(DateTime::from_secs(1_515_531_081))
    );
    assert_eq!(
        DateTime::from_str("2018-01-09T20:51:21.1234567891z", Format::DateTime),
        Ok(DateTime::from_secs_and_nanos(1_515_531_081, 123_456_789))
    );
    assert_eq!(
        DateTime::from_str("2016-12-31T23:59:60Z", Format::DateTime),
        DateTime::from_str("2017-01-01T00:00:00Z", Format::DateTime)
    );
    // Out of range years cannot be formatted.
    assert!(
        DateTime::from_secs(253_402_300_800)
            .fmt(Format::DateTime)
            .is_err()
    );
    assert!(
        DateTime::from_secs(-62_167_219_201)
            .fmt(Format::DateTime)
            .is_err()
    );
    assert!(DateTime::from_secs(i64::MIN).fmt(Format::HttpDate).is_err());
    assert_eq!(
        DateTime::from_secs(i64::MAX).to_string(),
        i64::MAX.to_string()
    );
    assert_eq!(DateTime::from_secs(0).to_string(), "1970-01-01T00:00:00Z");
}

#[test]
fn date_time_rejects_bad_input() {
    for bad in [
        "",
        "2018-01-09",
        "2018-01-09T20:51:21",
        "2018-01-09 20:51:21Z",
        "2018-1-09T20:51:21Z",
        "2018-13-09T20:51:21Z",
        "2018-00-09T20:51:21Z",
        "2019-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2018-04-31T00:00:00Z",
        "2018-01-00T00:00:00Z",
        "2018-01-09T24:00:00Z",
        "2018-01-09T20:60:00Z",
        "2018-01-09T20:51:61Z",
        "2018-01-09T20:51:21.Z",
        "2018-01-09T20:51:21+2:00",
        "2018-01-09T20:51:21+24:00",
        "2018-01-09T20:51:21Zjunk",
        "2018-01-09T20:51:21+02:00:00",
        "２018-01-09T20:51:21Z",
    ] {
        assert!(
            DateTime::from_str(bad, Format::DateTime).is_err(),
            "{bad:?}"
        );
    }
    assert!(
        DateTime::from_str("nope", Format::DateTime)
            .expect_err("invalid")
            .to_string()
            .starts_with("invalid timestamp")
    );
}

#[test]
fn http_date_format() {
    round_trip(
        DateTime::from_secs(1_398_796_238),
        Format::HttpDate,
        "Tue, 29 Apr 2014 18:30:38 GMT",
    );
    round_trip(
        DateTime::from_secs(0),
        Format::HttpDate,
        "Thu, 01 Jan 1970 00:00:00 GMT",
    );
    round_trip(
        DateTime::from_secs(-1),
        Format::HttpDate,
        "Wed, 31 Dec 1969 23:59:59 GMT",
    );
    round_trip(
        DateTime::from_secs(951_782_400),
        Format::HttpDate,
        "Tue, 29 Feb 2000 00:00:00 GMT",
    );
    round_trip(
        DateTime::from_secs(-2_203_977_600),
        Format::HttpDate,
        "Wed, 28 Feb 1900 00:00:00 GMT",
    );
    // The fraction is dropped when formatting, accepted when parsing.
    assert_eq!(
        DateTime::from_millis(1_398_796_238_123)
            .fmt(Format::HttpDate)
            .as_deref(),
        Ok("Tue, 29 Apr 2014 18:30:38 GMT")
    );
    assert_eq!(
        DateTime::from_str("Tue, 29 Apr 2014 18:30:38.123 GMT", Format::HttpDate),
        Ok(DateTime::from_millis(1_398_796_238_123))
    );
    for bad in [
        "",
        "Tue, 29 Apr 2014 18:30:38",
        "Tue, 29 Apr 2014 18:30:38 UTC",
        "Tue 29 Apr 2014 18:30:38 GMT",
        "Xyz, 29 Apr 2014 18:30:38 GMT",
        "Tue, 29 Foo 2014 18:30:38 GMT",
        "Tue, 9 Apr 2014 18:30:38 GMT",
        "Tue, 31 Apr 2014 18:30:38 GMT",
        "Tue, 29 Apr 2014 18:30:38. GMT",
        "Tue, 29 Apr 2014 18:30:38 GMTx",
        "Tu",
    ] {
        assert!(
            DateTime::from_str(bad, Format::HttpDate).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn civil_algorithms_agree() {
    // Every day over several 400-year cycles round-trips, and the day count
    // increases by one from day to day.
    let mut expected = days_from_civil(1599, 1, 1);
    for year in 1599..=2401 {
        for month in 1..=12 {
            for day in 1..=days_in_month(year, month) {
                let days = days_from_civil(year, month, day);
                assert_eq!(days, expected);
                assert_eq!(civil_from_days(days), (year, month, day));
                expected += 1;
            }
        }
    }
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert!(is_leap_year(2000) && is_leap_year(2024));
    assert!(!is_leap_year(1900) && !is_leap_year(2023));
}

#[cfg(feature = "serde")]
#[test]
fn date_time_serde_default_is_epoch_seconds() {
    let dt = DateTime::from_millis(1_515_531_081_123);
    assert_eq!(
        serde_json::to_string(&dt).ok().as_deref(),
        Some("1515531081.123")
    );
    let back: DateTime = serde_json::from_str("1515531081.123").expect("deserialize");
    assert_eq!(back, dt);
    let list: Vec<DateTime> = serde_json::from_str("[1, -1.5]").expect("deserialize");
    assert_eq!(
        list,
        vec![DateTime::from_secs(1), DateTime::from_millis(-1500)]
    );
}

#[test]
fn unknown_variant_value() {
    let v = UnknownVariantValue("NewValue".to_owned());
    assert_eq!(v.as_str(), "NewValue");
    assert_eq!(v.to_string(), "NewValue");
}
