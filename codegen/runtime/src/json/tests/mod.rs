//! Tests of the JSON reader and writer, split by side; the helpers are shared.

use super::*;

mod compose;
mod read;
mod write;

fn parsed(text: &str) -> Json<'_> {
    parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

fn parse_error(bytes: &[u8]) -> String {
    match parse(bytes) {
        Ok(v) => panic!(
            "{:?} should not parse, got {v:?}",
            String::from_utf8_lossy(bytes)
        ),
        Err(e) => e.to_string(),
    }
}

fn written(build: impl FnOnce(&mut JsonWriter)) -> String {
    let mut w = JsonWriter::new();
    build(&mut w);
    let bytes = w.finish().expect("well-formed");
    String::from_utf8(bytes).expect("UTF-8")
}

fn f64_text(v: f64) -> String {
    written(|w| w.f64(v))
}

fn f32_text(v: f32) -> String {
    written(|w| w.f32(v))
}

/// xorshift64: deterministic pseudo-random bit patterns without a dependency.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}
