//! `cargo xtask reference-models`: generates a crate for every AWS JSON model in
//! `../shared/reference/models/` (read in place) and compiles them all with clippy, warnings
//! denied. The generator has to hold for whole services, not only the two operations in `model/`.
//! `cargo xtask all-models` adds every AWS JSON 1.0/1.1 model of AWS's published set
//! (`models/aws/`), all in the one workspace, sharing one target directory and runtime crate; the
//! published models of other protocols are read, to prove the strict reader accepts every one,
//! and two synthetic crates nested as deep as a model may nest are compiled too.
//!
//! The crates are written under `target/reference-models/` as a workspace of their own; nothing
//! derived from the reference models is ever written into the repository. Beside them, the
//! program in `xtask/programs/two_services/` calls SageMaker (`generated/`) and the KMS reference
//! crate through one shared configuration, HTTP client and credentials provider, and is run.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use codegen::Options;

pub fn main(root: &Path, all: bool) -> ExitCode {
    match run(root, all) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, all: bool) -> Result<ExitCode, String> {
    let models = root.join("../shared/reference/models");
    let Ok(entries) = std::fs::read_dir(&models) else {
        println!("skipping: ../shared not found ({})", models.display());
        return Ok(ExitCode::SUCCESS);
    };
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    if all {
        let published = models.join("aws");
        let entries = std::fs::read_dir(&published)
            .map_err(|e| format!("cannot read {}: {e}", published.display()))?;
        let (mut more, others): (Vec<_>, Vec<_>) = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            // The protocols the generator speaks; the others are not yet in reach.
            .partition(|p| {
                std::fs::read_to_string(p)
                    .is_ok_and(|text| text.contains("\"aws.protocols#awsJson1_"))
            });
        // The others are still read: reading is strict, and no published model may fall foul
        // of it, whatever its protocol.
        let started = Instant::now();
        for path in &others {
            codegen::output::read_model(path)
                .map_err(|e| format!("{} does not read:\n{e}", path.display()))?;
        }
        println!(
            "{} published models of other protocols read strictly in {:.1?}",
            others.len(),
            started.elapsed()
        );
        more.sort();
        paths.extend(more);
    }
    let out = root.join("target/reference-models");
    let mut members = Vec::new();
    for path in &paths {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        // `sagemaker-2017-07-24.botocore` → `ref_sagemaker_botocore`
        let name: String = stem
            .split(['.', '-'])
            .filter(|part| !part.chars().all(|c| c.is_ascii_digit()) && *part != "smithy")
            .collect::<Vec<_>>()
            .join("_");
        // The published set is named apart: `kms-2014-11-01` must not meet `kms.smithy`.
        let crate_name = if path.parent() == Some(models.join("aws").as_path()) {
            format!("aws_{name}")
        } else {
            format!("ref_{name}")
        };
        let started = Instant::now();
        let (model, problems) = codegen::output::read_model_all(path);
        let options = Options {
            crate_name: Some(crate_name.clone()),
            runtime_path: Some(codegen::output::runtime_path_from(&out.join(&crate_name))),
            ..Options::default()
        };
        let generation = codegen::generate_timed(&model, problems, &options)
            .0
            .map_err(|e| format!("{}: {e}", path.display()))?;
        for w in &generation.warnings {
            eprintln!("warning: {}: {}: {}", path.display(), w.at, w.message);
        }
        let files = generation.files;
        codegen::output::sync(&out.join(&crate_name), &files, false)?;
        println!(
            "{}: {} shapes → {} files in {:.1?}",
            path.file_name().unwrap_or_default().to_string_lossy(),
            model.shapes.len(),
            files.len(),
            started.elapsed()
        );
        members.push(crate_name);
    }
    if all {
        // The deepest nesting a model may have must compile too (rustc's recursion limit).
        use codegen::synthetic::{MAX_DEPTH, Synthetic};
        for (crate_name, shape) in [
            (
                "synthetic_deep_lists",
                Synthetic::DeepLists { depth: MAX_DEPTH },
            ),
            (
                "synthetic_deep_structures",
                Synthetic::DeepStructures { depth: MAX_DEPTH },
            ),
        ] {
            let options = Options {
                crate_name: Some(crate_name.to_owned()),
                runtime_path: Some(codegen::output::runtime_path_from(&out.join(crate_name))),
                ..Options::default()
            };
            let files = codegen::generate(&shape.model(), &options)
                .map_err(|e| format!("{crate_name}: {e}"))?;
            codegen::output::sync(&out.join(crate_name), &files, false)?;
            println!("{crate_name}: {MAX_DEPTH} levels → {} files", files.len());
            members.push(crate_name.to_owned());
        }
    }
    if members.iter().any(|m| m == "ref_kms") {
        write_two_services(root, &out)?;
        members.push(TWO_SERVICES.to_owned());
    }
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    println!(
        "compiling {} crates with clippy, warnings denied",
        members.len()
    );
    // Incremental data for a hundred generated crates would fill a disk (about 20 GB), and no
    // crate here is ever rebuilt after a small change.
    let status = Command::new(env!("CARGO"))
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", out.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .args([
            "clippy",
            "--workspace",
            "--lib",
            "--bins",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Ok(ExitCode::FAILURE);
    }
    println!("every reference model gives a crate that compiles without warnings");
    if !members.iter().any(|m| m == TWO_SERVICES) {
        println!("skipping the two-services program: no KMS reference model");
        return Ok(ExitCode::SUCCESS);
    }
    let status = Command::new(env!("CARGO"))
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", out.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .args(["run", "--quiet", "--package", TWO_SERVICES])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The package of the program that uses two generated services at once.
const TWO_SERVICES: &str = "two_services";

/// Writes the two-services program's crate: its source as kept in `xtask/programs/`, and a
/// manifest naming the two service crates by path.
fn write_two_services(root: &Path, out: &Path) -> Result<(), String> {
    let dir = out.join(TWO_SERVICES);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let source = root.join("xtask/programs/two_services/main.rs");
    std::fs::copy(&source, dir.join("src/main.rs"))
        .map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
    let generated = root.join("generated");
    let manifest = format!(
        r#"[package]
name = "{TWO_SERVICES}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
sagemaker = {{ path = "{sagemaker}" }}
ref_kms = {{ path = "../ref_kms" }}
aws-credential-types = "1"
http-body-util = "0.1"
hyper = {{ version = "1", features = ["server", "http1"] }}
hyper-util = {{ version = "0.1", features = ["tokio"] }}
tokio = {{ version = "1", features = ["rt", "macros", "net"] }}
"#,
        sagemaker = generated.display().to_string().escape_default(),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())
}
