//! The generator is not tied to the two operations in `model/`: every AWS JSON model in
//! `../shared/reference/models/` (the whole SageMaker model in both formats, KMS, ECS, Glue,
//! DynamoDB), read in place, generates without a single problem.

use std::path::PathBuf;

use codegen::Options;

#[test]
fn every_reference_model_generates() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/models");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipping: ../shared not found ({})", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut generated = 0;
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
    {
        let model = codegen::output::read_model(path)
            .unwrap_or_else(|e| panic!("{} does not load:\n{e}", path.display()));
        let files = codegen::generate(&model, &Options::default())
            .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", path.display()));
        println!(
            "{}: {} shapes, {} files",
            path.file_name().unwrap_or_default().to_string_lossy(),
            model.shapes.len(),
            files.len()
        );
        assert!(files.iter().any(|f| f.path == "src/client.rs"));
        generated += 1;
    }
    assert!(
        generated >= 6,
        "expected the six reference models, found {generated}"
    );
}
