//! `generated/` is committed; this test fails when it is not exactly what `model/` gives, through
//! the same `output::sync` (in check mode) that `cargo xtask codegen` writes with.

use std::path::Path;

#[test]
fn generated_crate_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent");
    let model = codegen::output::read_model(&root.join("model"))
        .unwrap_or_else(|e| panic!("model/ does not read:\n{e}"));
    let out = root.join("generated");
    let options = codegen::Options {
        runtime_path: Some(codegen::output::runtime_path_from(&out)),
        ..codegen::Options::default()
    };
    let files = codegen::generate(&model, &options)
        .unwrap_or_else(|e| panic!("model/ does not generate:\n{e}"));
    let stale = codegen::output::sync(&out, &files, true)
        .unwrap_or_else(|e| panic!("cannot compare generated/: {e}"));
    assert!(
        stale.is_empty(),
        "generated/ is stale: run `{}`\n  {}",
        codegen::COMMAND,
        stale.join("\n  ")
    );
}
