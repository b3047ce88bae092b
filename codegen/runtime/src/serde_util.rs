//! Serde helpers for generated shapes, used as
//! `#[serde(with = "crate::serde_util::<module>")]`.
//!
//! Each format comes as four modules: `<name>` for `T`, `opt_<name>` for `Option<T>`
//! (use with `#[serde(default, skip_serializing_if = "Option::is_none")]`),
//! `vec_<name>` for `Vec<T>` and `opt_vec_<name>` for `Option<Vec<T>>`:
//!
//! | name            | type       | JSON form                                               |
//! |-----------------|------------|---------------------------------------------------------|
//! | `epoch_seconds` | `DateTime` | number, e.g. `1515531081` or `1515531081.123`           |
//! | `date_time`     | `DateTime` | RFC 3339 string, e.g. `"2018-01-09T20:51:21.123Z"`      |
//! | `http_date`     | `DateTime` | IMF-fixdate string, e.g. `"Tue, 29 Apr 2014 18:30:38 GMT"` |
//! | `float`         | `f32`      | number, or `"NaN"`, `"Infinity"`, `"-Infinity"`         |
//! | `double`        | `f64`      | number, or `"NaN"`, `"Infinity"`, `"-Infinity"`         |
//!
//! `Blob` (base64) and `DateTime` (epoch seconds) serialize themselves, so maps of
//! those need no helper; maps of other timestamp formats or of floats have none.
//! Deserializers never panic: a wrong type or an invalid value is a serde error.

use crate::primitives::{DateTime, Format};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Error as _, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// How one value type is written and read in one format.
pub trait Codec {
    /// The Rust type.
    type Value;
    /// Writes `value`.
    fn serialize<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value.
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self::Value, D::Error>;
}

/// Serializes a borrowed value through codec `C`.
struct Ser<'a, C: Codec>(&'a C::Value, PhantomData<C>);

impl<'a, C: Codec> Ser<'a, C> {
    fn new(value: &'a C::Value) -> Self {
        Ser(value, PhantomData)
    }
}

impl<C: Codec> Serialize for Ser<'_, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::serialize(self.0, serializer)
    }
}

/// Deserializes a value through codec `C`.
struct De<C: Codec>(C::Value, PhantomData<C>);

impl<'de, C: Codec> Deserialize<'de> for De<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::deserialize(deserializer).map(|value| De(value, PhantomData))
    }
}

/// Serializes `value` through codec `C`: for generated code that writes values by hand, such as
/// union members.
pub fn encode<'a, C: Codec + 'a>(value: &'a C::Value) -> impl Serialize + 'a {
    Ser::<C>::new(value)
}

/// A value read through codec `C`: for generated code that reads values by hand, such as union
/// members.
pub struct Decoded<C: Codec>(pub C::Value, PhantomData<C>);

impl<'de, C: Codec> Deserialize<'de> for Decoded<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::deserialize(deserializer).map(|value| Decoded(value, PhantomData))
    }
}

fn serialize_opt<C: Codec, S: Serializer>(
    value: &Option<C::Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&Ser::<C>::new(value)),
        None => serializer.serialize_none(),
    }
}

fn deserialize_opt<'de, C: Codec, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<C::Value>, D::Error> {
    Ok(Option::<De<C>>::deserialize(deserializer)?.map(|de| de.0))
}

fn serialize_vec<C: Codec, S: Serializer>(
    values: &[C::Value],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(values.iter().map(Ser::<C>::new))
}

fn deserialize_vec<'de, C: Codec, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<C::Value>, D::Error> {
    Ok(Vec::<De<C>>::deserialize(deserializer)?
        .into_iter()
        .map(|de| de.0)
        .collect())
}

/// Serializes through [`SerVec`] so `Option<Vec<T>>` can use `serialize_some`.
struct SerVec<'a, C: Codec>(&'a [C::Value], PhantomData<C>);

impl<C: Codec> Serialize for SerVec<'_, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_vec::<C, S>(self.0, serializer)
    }
}

fn serialize_opt_vec<C: Codec, S: Serializer>(
    values: &Option<Vec<C::Value>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match values {
        Some(values) => serializer.serialize_some(&SerVec::<C>(values, PhantomData)),
        None => serializer.serialize_none(),
    }
}

fn deserialize_opt_vec<'de, C: Codec, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<C::Value>>, D::Error> {
    Ok(Option::<Vec<De<C>>>::deserialize(deserializer)?
        .map(|values| values.into_iter().map(|de| de.0).collect()))
}

macro_rules! with_modules {
    ($codec:ident, $ty:ty, $what:literal, $plain:ident, $opt:ident, $vec:ident, $opt_vec:ident) => {
        #[doc = concat!("`", stringify!($ty), "` as ", $what, ".")]
        pub mod $plain {
            use super::*;
            /// Serializes the value.
            pub fn serialize<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                <$codec as Codec>::serialize(value, serializer)
            }
            /// Deserializes a value.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$ty, D::Error> {
                <$codec as Codec>::deserialize(deserializer)
            }
        }

        #[doc = concat!("`Option<", stringify!($ty), ">` as ", $what, " or null.")]
        pub mod $opt {
            use super::*;
            /// Serializes the value.
            pub fn serialize<S: Serializer>(
                value: &Option<$ty>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serialize_opt::<$codec, S>(value, serializer)
            }
            /// Deserializes a value.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<$ty>, D::Error> {
                deserialize_opt::<$codec, D>(deserializer)
            }
        }

        #[doc = concat!("`Vec<", stringify!($ty), ">` as a list of ", $what, ".")]
        pub mod $vec {
            use super::*;
            /// Serializes the values.
            pub fn serialize<S: Serializer>(
                values: &[$ty],
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serialize_vec::<$codec, S>(values, serializer)
            }
            /// Deserializes the values.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Vec<$ty>, D::Error> {
                deserialize_vec::<$codec, D>(deserializer)
            }
        }

        #[doc = concat!("`Option<Vec<", stringify!($ty), ">>` as a list of ", $what, " or null.")]
        pub mod $opt_vec {
            use super::*;
            /// Serializes the values.
            pub fn serialize<S: Serializer>(
                values: &Option<Vec<$ty>>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serialize_opt_vec::<$codec, S>(values, serializer)
            }
            /// Deserializes the values.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<Vec<$ty>>, D::Error> {
                deserialize_opt_vec::<$codec, D>(deserializer)
            }
        }
    };
}

/// Timestamps as JSON numbers of epoch seconds, millisecond precision.
pub struct EpochSecondsCodec;

impl Codec for EpochSecondsCodec {
    type Value = DateTime;

    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        // Round to milliseconds; an integer when whole.
        let millis = i128::from(value.secs()) * 1000
            + i128::from((value.subsec_nanos() + 500_000) / 1_000_000);
        if millis % 1000 == 0 {
            let seconds = i64::try_from(millis / 1000)
                .map_err(|_| S::Error::custom("timestamp out of range"))?;
            return serializer.serialize_i64(seconds);
        }
        // Go through decimal text so the number is the f64 nearest to the exact value
        // (which JSON then prints as e.g. 1515531081.123).
        let sign = if millis < 0 { "-" } else { "" };
        let magnitude = millis.unsigned_abs();
        let text = format!("{sign}{}.{:03}", magnitude / 1000, magnitude % 1000);
        let seconds: f64 = text.parse().unwrap_or_else(|_| value.as_secs_f64());
        serializer.serialize_f64(seconds)
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        struct EpochVisitor;
        impl Visitor<'_> for EpochVisitor {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of seconds since the epoch")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime, E> {
                Ok(DateTime::from_secs(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime, E> {
                i64::try_from(v)
                    .map(DateTime::from_secs)
                    .map_err(|_| E::custom(format!("timestamp {v} is out of range")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateTime, E> {
                DateTime::try_from_f64(v)
                    .ok_or_else(|| E::custom(format!("timestamp {v} is out of range")))
            }
        }
        deserializer.deserialize_f64(EpochVisitor)
    }
}

/// Visitor reading a timestamp string in one format.
struct TextVisitor(Format);

impl Visitor<'_> for TextVisitor {
    type Value = DateTime;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Format::DateTime => f.write_str("an RFC 3339 date-time string"),
            Format::HttpDate => f.write_str("an HTTP date string"),
            Format::EpochSeconds => f.write_str("a string of epoch seconds"),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
        DateTime::from_str(v, self.0).map_err(E::custom)
    }
}

/// Timestamps as RFC 3339 strings.
pub struct DateTimeCodec;

impl Codec for DateTimeCodec {
    type Value = DateTime;

    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        let text = value.fmt(Format::DateTime).map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_str(TextVisitor(Format::DateTime))
    }
}

/// Timestamps as IMF-fixdate strings.
pub struct HttpDateCodec;

impl Codec for HttpDateCodec {
    type Value = DateTime;

    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        let text = value.fmt(Format::HttpDate).map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_str(TextVisitor(Format::HttpDate))
    }
}

/// The string a non-finite float is written as, if it is not finite.
fn non_finite_text(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("Infinity")
    } else if value == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// Reads a JSON number or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or \"NaN\", \"Infinity\" or \"-Infinity\"")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

/// `f64` (Smithy `double`) with non-finite values as strings.
pub struct DoubleCodec;

impl Codec for DoubleCodec {
    type Value = f64;

    fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(*value) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*value),
        }
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

/// `f32` (Smithy `float`) with non-finite values as strings.
pub struct FloatCodec;

impl Codec for FloatCodec {
    type Value = f32;

    fn serialize<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(f64::from(*value)) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f32(*value),
        }
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        let value = deserializer.deserialize_any(FloatVisitor)?;
        let narrowed = value as f32;
        if value.is_finite() && !narrowed.is_finite() {
            return Err(de::Error::custom(format!(
                "{value} is out of range for a float"
            )));
        }
        Ok(narrowed)
    }
}

with_modules!(
    EpochSecondsCodec,
    crate::primitives::DateTime,
    "epoch seconds (a JSON number)",
    epoch_seconds,
    opt_epoch_seconds,
    vec_epoch_seconds,
    opt_vec_epoch_seconds
);
with_modules!(
    DateTimeCodec,
    crate::primitives::DateTime,
    "an RFC 3339 string",
    date_time,
    opt_date_time,
    vec_date_time,
    opt_vec_date_time
);
with_modules!(
    HttpDateCodec,
    crate::primitives::DateTime,
    "an IMF-fixdate string",
    http_date,
    opt_http_date,
    vec_http_date,
    opt_vec_http_date
);
with_modules!(
    FloatCodec,
    f32,
    "a number or \"NaN\"/\"Infinity\"/\"-Infinity\"",
    float,
    opt_float,
    vec_float,
    opt_vec_float
);
with_modules!(
    DoubleCodec,
    f64,
    "a number or \"NaN\"/\"Infinity\"/\"-Infinity\"",
    double,
    opt_double,
    vec_double,
    opt_vec_double
);

#[cfg(test)]
mod tests {
    use crate::primitives::{Blob, DateTime};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Shape {
        #[serde(with = "crate::serde_util::epoch_seconds")]
        created: DateTime,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::serde_util::opt_epoch_seconds"
        )]
        modified: Option<DateTime>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::serde_util::opt_date_time"
        )]
        rfc: Option<DateTime>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::serde_util::opt_http_date"
        )]
        http: Option<DateTime>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::serde_util::opt_float"
        )]
        ratio: Option<f32>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::serde_util::opt_double"
        )]
        score: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<Blob>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::serde_util::opt_vec_date_time"
        )]
        history: Option<Vec<DateTime>>,
    }

    fn minimal() -> Shape {
        Shape {
            created: DateTime::from_secs(1_515_531_081),
            modified: None,
            rfc: None,
            http: None,
            ratio: None,
            score: None,
            body: None,
            history: None,
        }
    }

    fn round_trip(shape: &Shape, json: &str) {
        assert_eq!(serde_json::to_string(shape).ok().as_deref(), Some(json));
        let back: Shape = serde_json::from_str(json).expect("deserialize");
        // NaN != NaN: compare the re-serialized text.
        assert_eq!(serde_json::to_string(&back).ok().as_deref(), Some(json));
    }

    #[test]
    fn minimal_shape() {
        round_trip(&minimal(), r#"{"Created":1515531081}"#);
        let with_nulls: Shape = serde_json::from_str(
            r#"{"Created":1515531081,"Modified":null,"Rfc":null,"Ratio":null,"History":null}"#,
        )
        .expect("nulls are None");
        assert_eq!(with_nulls, minimal());
    }

    #[test]
    fn timestamps() {
        let shape = Shape {
            created: DateTime::from_millis(1_515_531_081_123),
            modified: Some(DateTime::from_millis(-1500)),
            rfc: Some(DateTime::from_millis(1_515_531_081_123)),
            http: Some(DateTime::from_secs(1_398_796_238)),
            history: Some(vec![DateTime::from_secs(0), DateTime::from_secs(-1)]),
            ..minimal()
        };
        let json = r#"{"Created":1515531081.123,"Modified":-1.5,"Rfc":"2018-01-09T20:51:21.123Z","Http":"Tue, 29 Apr 2014 18:30:38 GMT","History":["1970-01-01T00:00:00Z","1969-12-31T23:59:59Z"]}"#;
        round_trip(&shape, json);
        let back: Shape = serde_json::from_str(json).expect("deserialize");
        assert_eq!(back, shape);
    }

    #[test]
    fn epoch_seconds_numbers() {
        let parse = |json: &str| serde_json::from_str::<Shape>(&format!(r#"{{"Created":{json}}}"#));
        assert_eq!(
            parse("1.5e9").expect("exponent").created,
            DateTime::from_secs(1_500_000_000)
        );
        assert_eq!(
            parse("1515531081.0").expect("float").created,
            DateTime::from_secs(1_515_531_081)
        );
        assert_eq!(
            parse("-1").expect("negative").created,
            DateTime::from_secs(-1)
        );
        // Serialization rounds to milliseconds.
        let shape = Shape {
            created: DateTime::from_secs_and_nanos(1, 999_600_000),
            ..minimal()
        };
        assert_eq!(
            serde_json::to_string(&shape).ok().as_deref(),
            Some(r#"{"Created":2}"#)
        );
        let shape = Shape {
            created: DateTime::from_secs_and_nanos(-1, 1),
            ..minimal()
        };
        assert_eq!(
            serde_json::to_string(&shape).ok().as_deref(),
            Some(r#"{"Created":-1}"#)
        );
        let shape = Shape {
            created: DateTime::from_secs_and_nanos(-1, 1_000_000),
            ..minimal()
        };
        assert_eq!(
            serde_json::to_string(&shape).ok().as_deref(),
            Some(r#"{"Created":-0.999}"#)
        );
        let shape = Shape {
            created: DateTime::from_secs(i64::MAX),
            ..minimal()
        };
        assert!(serde_json::to_string(&shape).is_ok());
        let shape = Shape {
            created: DateTime::from_secs_and_nanos(i64::MAX, 999_999_999),
            ..minimal()
        };
        assert!(serde_json::to_string(&shape).is_err());
    }

    #[test]
    fn out_of_range_timestamps_fail_to_serialize() {
        let shape = Shape {
            rfc: Some(DateTime::from_secs(i64::MAX)),
            ..minimal()
        };
        assert!(serde_json::to_string(&shape).is_err());
        let shape = Shape {
            http: Some(DateTime::from_secs(i64::MIN)),
            ..minimal()
        };
        assert!(serde_json::to_string(&shape).is_err());
    }

    #[test]
    fn floats() {
        for (ratio, score, json) in [
            (
                f32::NAN,
                f64::NAN,
                r#"{"Created":0,"Ratio":"NaN","Score":"NaN"}"#,
            ),
            (
                f32::INFINITY,
                f64::NEG_INFINITY,
                r#"{"Created":0,"Ratio":"Infinity","Score":"-Infinity"}"#,
            ),
            (
                f32::NEG_INFINITY,
                f64::INFINITY,
                r#"{"Created":0,"Ratio":"-Infinity","Score":"Infinity"}"#,
            ),
            (
                0.1,
                2.5e-300,
                r#"{"Created":0,"Ratio":0.1,"Score":2.5e-300}"#,
            ),
            (-3.0, 7.0, r#"{"Created":0,"Ratio":-3.0,"Score":7.0}"#),
        ] {
            let shape = Shape {
                created: DateTime::from_secs(0),
                ratio: Some(ratio),
                score: Some(score),
                ..minimal()
            };
            round_trip(&shape, json);
        }
        let back: Shape =
            serde_json::from_str(r#"{"Created":0,"Ratio":"NaN","Score":3}"#).expect("deserialize");
        assert!(back.ratio.is_some_and(f32::is_nan));
        assert_eq!(back.score, Some(3.0));
    }

    #[test]
    fn lists() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Lists {
            #[serde(with = "crate::serde_util::vec_double")]
            doubles: Vec<f64>,
            #[serde(with = "crate::serde_util::vec_epoch_seconds")]
            times: Vec<DateTime>,
            #[serde(with = "crate::serde_util::vec_http_date")]
            dates: Vec<DateTime>,
            #[serde(default, with = "crate::serde_util::opt_vec_float")]
            floats: Option<Vec<f32>>,
        }
        let lists = Lists {
            doubles: vec![1.5, f64::INFINITY],
            times: vec![DateTime::from_millis(1500), DateTime::from_secs(2)],
            dates: vec![DateTime::from_secs(0)],
            floats: Some(vec![f32::NEG_INFINITY]),
        };
        let json = r#"{"doubles":[1.5,"Infinity"],"times":[1.5,2],"dates":["Thu, 01 Jan 1970 00:00:00 GMT"],"floats":["-Infinity"]}"#;
        assert_eq!(serde_json::to_string(&lists).ok().as_deref(), Some(json));
        assert_eq!(serde_json::from_str::<Lists>(json).ok(), Some(lists));
        let without: Lists =
            serde_json::from_str(r#"{"doubles":[],"times":[],"dates":[]}"#).expect("deserialize");
        assert_eq!(without.floats, None);
    }

    #[test]
    fn bad_input_is_an_error() {
        for json in [
            r#"{}"#,
            r#"{"Created":null}"#,
            r#"{"Created":"1515531081"}"#,
            r#"{"Created":true}"#,
            r#"{"Created":1e300}"#,
            r#"{"Created":-1e300}"#,
            r#"{"Created":18446744073709551615}"#,
            r#"{"Created":[1]}"#,
            r#"{"Created":0,"Modified":"x"}"#,
            r#"{"Created":0,"Rfc":1515531081}"#,
            r#"{"Created":0,"Rfc":"2018-01-09"}"#,
            r#"{"Created":0,"Rfc":"2018-02-30T00:00:00Z"}"#,
            r#"{"Created":0,"Http":"2018-01-09T20:51:21Z"}"#,
            r#"{"Created":0,"Ratio":"nan"}"#,
            r#"{"Created":0,"Ratio":"inf"}"#,
            r#"{"Created":0,"Ratio":1e300}"#,
            r#"{"Created":0,"Ratio":true}"#,
            r#"{"Created":0,"Score":{}}"#,
            r#"{"Created":0,"Score":"1.5"}"#,
            r#"{"Created":0,"Body":"***"}"#,
            r#"{"Created":0,"Body":42}"#,
            r#"{"Created":0,"History":"2018-01-09T20:51:21Z"}"#,
            r#"{"Created":0,"History":[1]}"#,
        ] {
            assert!(
                serde_json::from_str::<Shape>(json).is_err(),
                "{json} should be rejected"
            );
        }
    }

    #[test]
    fn blob_field() {
        let shape = Shape {
            body: Some(Blob::new(*b"ab")),
            ..minimal()
        };
        round_trip(&shape, r#"{"Created":1515531081,"Body":"YWI="}"#);
    }
}
