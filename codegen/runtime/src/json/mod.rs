//! A small, exact JSON reader and writer for generated AWS JSON (de)serializers.
//!
//! Generated code does not go through serde for request and response bodies: it needs things
//! serde's data model makes awkward or lossy, so it calls these functions directly.
//!
//! - Reading: [`parse`] checks the whole body once (strict RFC 8259, nesting limited to
//!   [`MAX_DEPTH`], linear time, never panics) into a [`Json`] tree that keeps numbers as their
//!   text. The typed readers ([`read_i32`], [`read_f64`], [`read_timestamp`], …) then convert
//!   each value exactly once to its own type: integers must be exact and in range, floats are
//!   correctly rounded from the text (an `f32` directly, not via `f64`), and epoch-seconds
//!   timestamps keep every nanosecond. Errors are [`DeError`]s, which generated code wraps with
//!   the member, index or key they occurred at, so a message reads
//!   ``at `UserSettings.SecurityGroups[3]`: expected a string, found a number``.
//! - Writing: [`JsonWriter`] produces the bytes botocore sends (Python's
//!   `json.dumps(value, separators=(',', ':'))`, `ensure_ascii` on): the same escaping and the
//!   same `repr(float)` layout, so bodies match the reference SDK byte for byte.
//!
//! A generated deserializer reads an object member by member, one call each ([`member`]):
//!
//! ```text
//! let body = json::parse(bytes)?;
//! for (name, value) in body.as_object()? {
//!     match name.as_ref() {
//!         _ if value.is_null() => {}
//!         "Name" => out.name = Some(json::member(value, "Name", json::read_string)?),
//!         "Tags" => out.tags = Some(json::member(value, "Tags", de_tag_list)?),
//!         _ => {} // unknown members are ignored
//!     }
//! }
//! ```
//!
//! and a list or map shape with [`read_list`] or [`read_map`] and its items' reader.

mod compose;
mod read;
mod write;

#[cfg(test)]
mod tests;

pub use compose::{
    Reader, member, read_date_time, read_enum, read_epoch_seconds, read_http_date, read_int_enum,
    read_list, read_map, read_sparse_list, read_sparse_map,
};
pub use read::{
    DeError, Json, MAX_DEPTH, parse, read_blob, read_bool, read_document, read_f32, read_f64,
    read_i8, read_i16, read_i32, read_i64, read_string, read_timestamp,
};
pub use write::{JsonWriter, SerError};
