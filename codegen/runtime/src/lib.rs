//! The runtime every generated AWS service crate shares.
//!
//! A generated crate holds what is particular to its service (types, builders, validators, one
//! function per operation); everything else lives here, compiled once however many services a
//! program uses. So two generated services share one [`primitives::DateTime`], one
//! `client::Config` way of configuring, one HTTP client and one credentials provider.
//!
//! - [`primitives`]: `Blob`, `DateTime`, `Document` and the value of an unknown enum variant.
//! - [`validation`]: the constraint checks generated validators call, and their report.
//! - [`endpoint`]: the Smithy endpoint rules engine and AWS partitions.
//! - [`error`]: errors of building values (and, with `client`, of calls).
//! - [`json`]: the exact JSON reader and writer generated (de)serializers call.
//! - [`protocol`]: what each wire protocol needs beyond per-shape code.
//! - `serde_util` (feature `serde`): the JSON codecs generated types name in their serde
//!   attributes.
//! - `client` (feature `client`): configuration, credentials, HTTP, signing, retries, timeouts
//!   and the request pipeline generated operations call.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "client")]
pub mod client;
pub mod endpoint;
pub mod error;
pub mod json;
pub mod primitives;
pub mod protocol;
#[cfg(feature = "serde")]
pub mod serde_util;
pub mod validation;
