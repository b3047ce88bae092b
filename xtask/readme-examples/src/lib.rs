//! Every Rust block of the repository's README, as this crate's documentation: `cargo test`
//! compiles each against `generated/` and runs it, so an example that stops compiling, or stops
//! doing what it says, fails the build.
#![doc = include_str!("../../../README.md")]
