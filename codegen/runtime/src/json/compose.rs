//! What generated deserializers compose: one call per member, list and map.
//!
//! A member of a structure reads as `json::member(value, "Name", reader)?`, where the reader is a
//! plain function (`read_string`, `read_enum::<T>`, a structure's generated reader). Naming the
//! member, index or key in an error's path happens here, once, instead of in a closure at every
//! member of every shape: a large service has tens of thousands of members, and each closure
//! was a body of its own to type-check.

use std::collections::HashMap;
use std::hash::Hash;

use super::read::{DeError, Json, read_i32, read_string, read_timestamp};
use crate::primitives::{DateTime, Format};

/// A function that reads one JSON value as `T`: what generated code passes to [`member`],
/// [`read_list`] and [`read_map`].
pub type Reader<T> = fn(&Json<'_>) -> Result<T, DeError>;

/// Reads `value`, the member `name` of an object, with `read`; an error names the member.
#[inline]
pub fn member<T>(value: &Json<'_>, name: &str, read: Reader<T>) -> Result<T, DeError> {
    read(value).map_err(|e| e.in_member(name))
}

/// Reads a string as an enum: a value the model does not list becomes the enum's unknown
/// variant, so a newer service value is kept, not refused.
pub fn read_enum<T: for<'s> From<&'s str>>(v: &Json<'_>) -> Result<T, DeError> {
    read_string(v).map(|s| T::from(s.as_str()))
}

/// Reads an integer as an int enum (unknown values kept, as for [`read_enum`]).
pub fn read_int_enum<T: From<i32>>(v: &Json<'_>) -> Result<T, DeError> {
    read_i32(v).map(T::from)
}

/// Reads a timestamp in epoch seconds, the AWS JSON default.
pub fn read_epoch_seconds(v: &Json<'_>) -> Result<DateTime, DeError> {
    read_timestamp(v, Format::EpochSeconds)
}

/// Reads a timestamp as RFC 3339 (`@timestampFormat("date-time")`).
pub fn read_date_time(v: &Json<'_>) -> Result<DateTime, DeError> {
    read_timestamp(v, Format::DateTime)
}

/// Reads a timestamp as an HTTP date (`@timestampFormat("http-date")`).
pub fn read_http_date(v: &Json<'_>) -> Result<DateTime, DeError> {
    read_timestamp(v, Format::HttpDate)
}

/// Reads a dense list: a `null` item is skipped; an error names the item's index.
pub fn read_list<T>(v: &Json<'_>, read: Reader<T>) -> Result<Vec<T>, DeError> {
    let items = v.as_array()?;
    let mut out = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        if !value.is_null() {
            out.push(read(value).map_err(|e| e.in_index(i))?);
        }
    }
    Ok(out)
}

/// Reads a `@sparse` list: a `null` item is kept as `None`.
pub fn read_sparse_list<T>(v: &Json<'_>, read: Reader<T>) -> Result<Vec<Option<T>>, DeError> {
    let items = v.as_array()?;
    let mut out = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        out.push(if value.is_null() {
            None
        } else {
            Some(read(value).map_err(|e| e.in_index(i))?)
        });
    }
    Ok(out)
}

/// Reads a dense map (keys are strings, or an enum of them): a `null` value is skipped; an
/// error names the entry's key.
pub fn read_map<K, T>(v: &Json<'_>, read: Reader<T>) -> Result<HashMap<K, T>, DeError>
where
    K: for<'s> From<&'s str> + Eq + Hash,
{
    let entries = v.as_object()?;
    let mut out = HashMap::with_capacity(entries.len());
    for (key, value) in entries {
        if !value.is_null() {
            let value = read(value).map_err(|e| e.in_key(key))?;
            out.insert(K::from(key.as_ref()), value);
        }
    }
    Ok(out)
}

/// Reads a `@sparse` map: a `null` value is kept as `None`.
pub fn read_sparse_map<K, T>(
    v: &Json<'_>,
    read: Reader<T>,
) -> Result<HashMap<K, Option<T>>, DeError>
where
    K: for<'s> From<&'s str> + Eq + Hash,
{
    let entries = v.as_object()?;
    let mut out = HashMap::with_capacity(entries.len());
    for (key, value) in entries {
        let value = if value.is_null() {
            None
        } else {
            Some(read(value).map_err(|e| e.in_key(key))?)
        };
        out.insert(K::from(key.as_ref()), value);
    }
    Ok(out)
}
