//! The readers generated deserializers compose: lists, maps, members, enums, timestamps.

use std::collections::HashMap;

use super::*;
use crate::primitives::DateTime;

/// An enum as generated code declares one: known values, and the rest kept.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Color {
    Red,
    Unknown(String),
}

impl From<&str> for Color {
    fn from(s: &str) -> Self {
        match s {
            "red" => Color::Red,
            other => Color::Unknown(other.to_owned()),
        }
    }
}

#[test]
fn dense_lists_skip_nulls_and_name_the_failing_index() {
    let v = parsed(r#"["a", null, "b"]"#);
    assert_eq!(read_list(&v, read_string).unwrap(), ["a", "b"]);
    let v = parsed(r#"["a", null, 7]"#);
    let e = member(&v, "Names", |v| read_list(v, read_string)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "at `Names[2]`: expected a string, found a number"
    );
    assert!(read_list(&parsed("{}"), read_string).is_err());
}

#[test]
fn sparse_lists_keep_nulls() {
    let v = parsed(r#"[1, null, 3]"#);
    assert_eq!(
        read_sparse_list(&v, read_i32).unwrap(),
        [Some(1), None, Some(3)]
    );
}

#[test]
fn maps_read_string_or_enum_keys_and_name_the_failing_key() {
    let v = parsed(r#"{"red": 1, "blue": null, "teal": 3}"#);
    let strings: HashMap<String, i32> = read_map(&v, read_i32).unwrap();
    assert_eq!(strings.len(), 2);
    assert_eq!(strings["teal"], 3);
    let colors: HashMap<Color, i32> = read_map(&v, read_i32).unwrap();
    assert_eq!(colors[&Color::Red], 1);
    assert_eq!(colors[&Color::Unknown("teal".into())], 3);
    let sparse: HashMap<String, Option<i32>> = read_sparse_map(&v, read_i32).unwrap();
    assert_eq!(sparse["blue"], None);
    let v = parsed(r#"{"ok": 1, "bad": "x"}"#);
    let e = read_map::<String, i32>(&v, read_i32).unwrap_err();
    assert_eq!(
        e.to_string(),
        "at `[\"bad\"]`: expected an integer, found a string"
    );
}

#[test]
fn enums_keep_values_the_model_does_not_list() {
    assert_eq!(read_enum::<Color>(&parsed(r#""red""#)).unwrap(), Color::Red);
    assert_eq!(
        read_enum::<Color>(&parsed(r#""mauve""#)).unwrap(),
        Color::Unknown("mauve".into())
    );
    assert!(read_enum::<Color>(&parsed("1")).is_err());
    assert_eq!(read_int_enum::<i64>(&parsed("7")).unwrap(), 7);
}

#[test]
fn timestamps_read_in_the_format_the_member_names() {
    let at = DateTime::from_secs(1_700_000_000);
    assert_eq!(read_epoch_seconds(&parsed("1700000000")).unwrap(), at);
    assert_eq!(
        read_date_time(&parsed(r#""2023-11-14T22:13:20Z""#)).unwrap(),
        at
    );
    assert_eq!(
        read_http_date(&parsed(r#""Tue, 14 Nov 2023 22:13:20 GMT""#)).unwrap(),
        at
    );
    let e = member(&parsed(r#""2023-11-14""#), "At", read_date_time).unwrap_err();
    assert!(e.to_string().starts_with("at `At`: "), "{e}");
}
