//! Snapshot tests: each `tests/fixtures/<case>/model.json` must generate exactly the crate committed
//! in `tests/fixtures/<case>/expected/` (a workspace member, so it is also compiled, linted and
//! tested with the rest of the workspace).
//!
//! `UPDATE_EXPECT=1 cargo test -p codegen --test fixtures` rewrites the expected crates through the
//! same `output::sync` that `cargo xtask codegen` uses; hand-written files there (such as
//! `tests/behaviour.rs`) have no `@generated` preamble and are left alone.

use std::path::{Path, PathBuf};

use codegen::Options;
use codegen::output::{read_model, sync};

const FIX_COMMAND: &str = "UPDATE_EXPECT=1 cargo test -p codegen --test fixtures";

/// The fixtures the suite is built around; each one is about one feature.
const CASES: &[&str] = &[
    "constraints",
    "enums",
    "keywords",
    "recursion",
    "shapes",
    "split",
    "streams",
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every directory under `tests/fixtures` that holds a `model.json`, in name order.
fn cases_on_disk() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("model.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

/// A case's options: its crate name, and from a `parts` file in its directory the number of
/// part crates to split it into.
fn options(case: &str) -> Options {
    let parts = std::fs::read_to_string(fixtures_dir().join(case).join("parts"))
        .map(|text| {
            text.trim()
                .parse()
                .expect("a fixture's `parts` file holds a number")
        })
        .unwrap_or(0);
    Options {
        parts: Some(parts),
        crate_name: Some(format!("fixture_{case}")),
        runtime_path: Some(codegen::output::runtime_path_from(
            &fixtures_dir().join(case).join("expected"),
        )),
        ..Options::default()
    }
}

fn update_requested() -> bool {
    std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1")
}

#[test]
fn every_fixture_matches_its_expected_crate() {
    let update = update_requested();
    let mut failures = Vec::new();
    for case in cases_on_disk() {
        let dir = fixtures_dir().join(&case);
        let model = match read_model(&dir.join("model.json")) {
            Ok(model) => model,
            Err(e) => {
                failures.push(format!("fixture `{case}`: its model does not read:\n{e}"));
                continue;
            }
        };
        let files = match codegen::generate(&model, &options(&case)) {
            Ok(files) => files,
            Err(e) => {
                failures.push(format!("fixture `{case}`: generation failed:\n{e}"));
                continue;
            }
        };
        match sync(&dir.join("expected"), &files, !update) {
            Ok(changes) if changes.is_empty() => {}
            Ok(changes) if update => {
                eprintln!("fixture `{case}`: updated expected/:");
                for c in &changes {
                    eprintln!("  {c}");
                }
            }
            Ok(changes) => failures.push(format!(
                "fixture `{case}`: expected/ is stale:\n  {}",
                changes.join("\n  ")
            )),
            Err(e) => failures.push(format!("fixture `{case}`: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended, run `{FIX_COMMAND}` and review the diff.",
        failures.join("\n\n")
    );
}

#[test]
fn the_fixture_set_is_complete() {
    assert_eq!(
        cases_on_disk(),
        CASES,
        "tests/fixtures/ should hold exactly these cases (update CASES when adding one)"
    );
    for case in CASES {
        let manifest = fixtures_dir().join(case).join("expected/Cargo.toml");
        assert!(
            manifest.is_file(),
            "fixture `{case}` has no expected/Cargo.toml; run `{FIX_COMMAND}`"
        );
    }
}

/// The expected crates are compiled only because the workspace lists them; make sure it does.
#[test]
fn expected_crates_are_workspace_members() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("workspace Cargo.toml");
    for members in [
        "codegen/tests/fixtures/*/expected",
        "codegen/tests/fixtures/*/expected/parts/*",
    ] {
        assert!(
            manifest.contains(&format!("\"{members}\"")),
            "the workspace `members` must include \"{members}\" so every expected crate (and \
             every crate of a split one) is built, linted and tested"
        );
    }
}

/// Each fixture crate is named after its case, and its hand-written behaviour test exists.
#[test]
fn expected_crates_are_named_and_tested() {
    for case in CASES {
        let expected = fixtures_dir().join(case).join("expected");
        let manifest = std::fs::read_to_string(expected.join("Cargo.toml")).unwrap_or_default();
        assert!(
            manifest.contains(&format!("name = \"fixture_{case}\"")),
            "fixture `{case}`: expected/Cargo.toml should name the crate `fixture_{case}`; run `{FIX_COMMAND}`"
        );
        let behaviour = expected.join("tests/behaviour.rs");
        let text = std::fs::read_to_string(&behaviour).unwrap_or_default();
        assert!(
            !text.is_empty() && !text.starts_with("// @generated"),
            "fixture `{case}`: {} should be a hand-written test",
            behaviour.display()
        );
    }
}

/// Every function the generator writes is `#[inline]`, so machine code for it is made only in the
/// programs that call it (what keeps a large crate's release build cheap; see `render`). Checked
/// on every fixture's generated files, items and impl methods at any module depth.
#[test]
fn every_generated_function_is_inline() {
    fn check(attrs: &[syn::Attribute], name: &syn::Ident, at: &str, missing: &mut Vec<String>) {
        if !attrs.iter().any(|a| a.path().is_ident("inline")) {
            missing.push(format!("{at}: fn {name}"));
        }
    }
    fn walk(items: &[syn::Item], at: &str, missing: &mut Vec<String>) {
        for item in items {
            match item {
                syn::Item::Fn(f) => check(&f.attrs, &f.sig.ident, at, missing),
                syn::Item::Impl(imp) => {
                    for item in &imp.items {
                        if let syn::ImplItem::Fn(f) = item {
                            check(&f.attrs, &f.sig.ident, at, missing);
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    for item in &t.items {
                        if let syn::TraitItem::Fn(f) = item
                            && f.default.is_some()
                        {
                            check(&f.attrs, &f.sig.ident, at, missing);
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        walk(items, at, missing);
                    }
                }
                _ => {}
            }
        }
    }
    let mut missing = Vec::new();
    let mut functions = 0;
    for case in cases_on_disk() {
        let dir = fixtures_dir().join(&case);
        let model = read_model(&dir.join("model.json")).expect("the model reads");
        let files = codegen::generate(&model, &options(&case)).expect("the fixture generates");
        for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
            let parsed = syn::parse_file(&file.contents).expect("generated Rust parses");
            functions += file.contents.matches("#[inline]").count();
            walk(
                &parsed.items,
                &format!("{case}/{}", file.path),
                &mut missing,
            );
        }
    }
    assert!(
        functions > 500,
        "only {functions} inline functions: the walk found too little"
    );
    assert!(
        missing.is_empty(),
        "functions without #[inline]:\n  {}",
        missing.join("\n  ")
    );
}
