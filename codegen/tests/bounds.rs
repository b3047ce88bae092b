//! The generator's work is bounded: values may nest as deep as the runtime reads JSON (128
//! levels) and no deeper, which a model learns as a clear problem instead of a crate rustc cannot
//! compile; a model nested thousands deep is refused without exhausting the generator's stack;
//! and the output grows linearly with the number of shapes. (How long generation takes is
//! measured by `cargo xtask bench`, not here.)

use codegen::synthetic::{MAX_DEPTH, Synthetic};
use codegen::{GeneratedFile, Options};

fn generate(shape: Synthetic) -> Result<Vec<GeneratedFile>, String> {
    codegen::generate(&shape.model(), &Options::default()).map_err(|e| e.to_string())
}

fn bytes(files: &[GeneratedFile]) -> usize {
    files.iter().map(|f| f.contents.len()).sum()
}

fn lib_rs(files: &[GeneratedFile]) -> &str {
    &files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .expect("a lib.rs")
        .contents
}

#[test]
fn values_nest_as_deep_as_the_runtime_reads_and_no_deeper() {
    for (deepest, too_deep, last) in [
        (
            Synthetic::DeepLists { depth: MAX_DEPTH },
            Synthetic::DeepLists {
                depth: MAX_DEPTH + 1,
            },
            format!("synthetic#List{}", MAX_DEPTH),
        ),
        (
            Synthetic::DeepStructures { depth: MAX_DEPTH },
            Synthetic::DeepStructures {
                depth: MAX_DEPTH + 1,
            },
            format!("synthetic#Level{}", MAX_DEPTH),
        ),
    ] {
        let files = generate(deepest).expect("128 levels generate");
        // rustc's default recursion limit is not enough for that depth (E0275 on trait checks).
        assert!(
            lib_rs(&files).contains("#![recursion_limit = \"512\"]"),
            "{deepest:?}"
        );
        let err = generate(too_deep).expect_err("129 levels are refused");
        assert!(
            err.contains(&format!(
                "synthetic#RunInput: its values nest 129 levels deep (through `{last}`); at most 128 are supported"
            )),
            "{err}"
        );
        assert!(
            err.starts_with("1 problem"),
            "one problem, where it starts:\n{err}"
        );
    }
}

#[test]
fn shallow_crates_keep_rustcs_default_recursion_limit() {
    let files = generate(Synthetic::DeepStructures { depth: 8 }).expect("generates");
    assert!(!lib_rs(&files).contains("recursion_limit"));
}

#[test]
fn a_model_nested_thousands_deep_is_refused_at_the_shape_where_it_goes_too_deep() {
    let err = generate(Synthetic::DeepStructures { depth: 5_000 }).expect_err("refused");
    // Level n holds level n - 1 and nests n levels, so the first one past the limit is 129.
    assert!(
        err.contains(
            "synthetic#Level129: its values nest 129 levels deep (through `synthetic#Level128`)"
        ),
        "{err}"
    );
    assert!(err.starts_with("1 problem"), "{err}");
}

#[test]
fn output_grows_linearly_with_the_shapes() {
    let narrow = bytes(&generate(Synthetic::Wide { width: 100 }).expect("generates"));
    let wide = bytes(&generate(Synthetic::Wide { width: 400 }).expect("generates"));
    // Four times the shapes, about four times the code (a fixed part makes it a little less).
    let ratio = wide as f64 / narrow as f64;
    assert!(
        (3.0..=4.2).contains(&ratio),
        "{narrow} → {wide} bytes: ×{ratio:.2}"
    );
    // The deepest allowed nesting stays small too: nested collection types are spelled out in
    // signatures, which would grow with the cube of the depth if depth were not bounded.
    let deep = bytes(&generate(Synthetic::DeepLists { depth: MAX_DEPTH }).expect("generates"));
    assert!(
        deep < 8_000_000,
        "{deep} bytes for {MAX_DEPTH} levels of lists"
    );
}
