//! `cargo xtask reference-models`: generates a crate for every AWS JSON model in
//! `../shared/reference/models/` (read in place) and compiles them all with clippy, warnings
//! denied. The generator has to hold for whole services, not only the two operations in `model/`.
//! `cargo xtask all-models` adds every AWS JSON 1.0/1.1 model of AWS's published set
//! (`models/aws/`), all in the one workspace, sharing one target directory and runtime crate; the
//! published models of other protocols are read, to prove the strict reader accepts every one,
//! and two synthetic crates nested as deep as a model may nest are compiled too.
//!
//! The crates are written under `target/reference-models/` as a workspace of their own; nothing
//! derived from the reference models is ever written into the repository. Beside them, programs
//! kept in `xtask/programs/` are built against the generated crates and run: `two_services` calls
//! SageMaker (`generated/`) and the KMS reference crate through one shared configuration, HTTP
//! client and credentials provider; `kinesis_stream` streams events through Kinesis
//! `SubscribeToShard`, generated from AWS's published model, on loopback.
//!
//! `--also DIR` adds the AWS JSON models of other folders, as the published set's are added: a
//! model AWS publishes that `../shared` does not hold (CloudWatch Logs, whose `StartLiveTail`
//! the `logs_live_tail` program streams) can be checked the same way. Without it, that program
//! says it is skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use codegen::Options;

/// Which models are taken besides `../shared`'s.
#[derive(Debug, Default)]
pub struct Selection {
    /// More folders of published models (`--also`).
    pub also: Vec<PathBuf>,
    /// When not empty, only the models whose file names start with one of these (`--only`), to
    /// try a change on a few services; the synthetic crates are left out then.
    pub only: Vec<String>,
}

pub fn main(root: &Path, all: bool, selection: &Selection) -> ExitCode {
    match run(root, all, selection) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, all: bool, selection: &Selection) -> Result<ExitCode, String> {
    let also = &selection.also;
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
    // Folders of AWS's published models: the set in `../shared`, and any the caller adds.
    let published: Vec<PathBuf> = std::iter::once(models.join("aws"))
        .chain(also.iter().cloned())
        .collect();
    if all {
        let mut entries = Vec::new();
        for dir in &published {
            let read = std::fs::read_dir(dir)
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            entries.extend(read.flatten().map(|e| e.path()));
        }
        let (mut more, others): (Vec<_>, Vec<_>) = entries
            .into_iter()
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
    if !selection.only.is_empty() {
        paths.retain(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            selection.only.iter().any(|o| name.starts_with(o.as_str()))
        });
    }
    let out = root.join("target/reference-models");
    let mut members = Vec::new();
    let mut endpoint_modules = Vec::new();
    for path in &paths {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        // `sagemaker-2017-07-24.botocore` → `ref_sagemaker_botocore`
        let name: String = stem
            .split(['.', '-'])
            .filter(|part| !part.chars().all(|c| c.is_ascii_digit()) && *part != "smithy")
            .collect::<Vec<_>>()
            .join("_");
        // The published set is named apart: `kms-2014-11-01` must not meet `kms.smithy`.
        let crate_name = if path
            .parent()
            .is_some_and(|p| published.iter().any(|d| d == p))
        {
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
        if crate_name.starts_with("aws_")
            && let Some(module) = crate::endpoint_tests::module(&model, &crate_name)
                .map_err(|e| format!("{}: endpoint tests: {e}", path.display()))?
        {
            endpoint_modules.push(module);
        }
        println!(
            "{}: {} shapes → {} files in {:.1?}",
            path.file_name().unwrap_or_default().to_string_lossy(),
            model.shapes.len(),
            files.len(),
            started.elapsed()
        );
        members.push(crate_name);
    }
    if all && selection.only.is_empty() {
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
    let mut programs = Vec::new();
    for program in &PROGRAMS {
        if members.iter().any(|m| m == program.needs) {
            write_program(root, &out, program)?;
            programs.push(program.name);
        } else {
            println!(
                "skipping the {} program: no model gave its `{}` crate",
                program.name, program.needs
            );
        }
    }
    if !endpoint_modules.is_empty() {
        write_endpoint_tests(root, &out, &endpoint_modules)?;
        members.push(ENDPOINT_TESTS.to_owned());
    }
    members.extend(programs.iter().map(|p| (*p).to_owned()));
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\n",
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
    if !endpoint_modules.is_empty() {
        programs.push(ENDPOINT_TESTS);
    }
    for program in programs {
        let status = Command::new(env!("CARGO"))
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", out.join("target"))
            .env("CARGO_INCREMENTAL", "0")
            .args(["run", "--quiet", "--package", program])
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            eprintln!("the {program} program failed");
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The program that runs the models' endpoint tests through the generated clients.
const ENDPOINT_TESTS: &str = "endpoint_tests";

/// Writes the `endpoint_tests` program: a module per service, and what they share.
fn write_endpoint_tests(
    root: &Path,
    out: &Path,
    modules: &[crate::endpoint_tests::Module],
) -> Result<(), String> {
    let dir = out.join(ENDPOINT_TESTS);
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).map_err(|e| e.to_string())?;
    let write = |path: std::path::PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(
        src.join("main.rs"),
        &crate::endpoint_tests::program(modules),
    )?;
    let common = root.join("xtask/programs/endpoint_tests_common.rs");
    std::fs::copy(&common, src.join("common.rs"))
        .map_err(|e| format!("cannot copy {}: {e}", common.display()))?;
    let mut dependencies = String::new();
    for m in modules {
        write(src.join(format!("{}.rs", m.crate_name)), &m.source)?;
        dependencies.push_str(&format!("{0} = {{ path = \"../{0}\" }}\n", m.crate_name));
    }
    let runtime = root
        .join("codegen/runtime")
        .display()
        .to_string()
        .escape_default()
        .to_string();
    write(
        dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{ENDPOINT_TESTS}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dependencies}http = \"1\"\n\
             lean-aws-runtime = {{ path = \"{runtime}\", features = [\"client\"] }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n"
        ),
    )?;
    println!(
        "endpoint tests that name operations (cases): {}",
        modules
            .iter()
            .map(|m| format!("{} of {}", m.cases, m.crate_name))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// A program kept in `xtask/programs/<name>/main.rs`, built against generated crates and run.
struct Program {
    name: &'static str,
    /// The generated crate it cannot do without; without it, it is skipped.
    needs: &'static str,
    /// Its dependencies besides the loopback server's, as manifest lines; `{sagemaker}` and
    /// `{runtime}` stand for the paths of `generated/` and the runtime crate.
    dependencies: &'static str,
}

const PROGRAMS: [Program; 3] = [
    Program {
        name: "two_services",
        needs: "ref_kms",
        dependencies: r#"sagemaker = { path = "{sagemaker}" }
ref_kms = { path = "../ref_kms" }
aws-credential-types = "1""#,
    },
    Program {
        name: "kinesis_stream",
        needs: "aws_kinesis",
        dependencies: r#"aws_kinesis = { path = "../aws_kinesis" }
lean-aws-runtime = { path = "{runtime}", features = ["client"] }"#,
    },
    Program {
        name: "logs_live_tail",
        needs: "aws_cloudwatch_logs",
        dependencies: r#"aws_cloudwatch_logs = { path = "../aws_cloudwatch_logs" }
lean-aws-runtime = { path = "{runtime}", features = ["client"] }"#,
    },
];

/// Writes a program's crate: its source as kept in `xtask/programs/`, and its manifest.
fn write_program(root: &Path, out: &Path, program: &Program) -> Result<(), String> {
    let dir = out.join(program.name);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let source = root.join(format!("xtask/programs/{}/main.rs", program.name));
    std::fs::copy(&source, dir.join("src/main.rs"))
        .map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
    // What the programs share; a program that declares `mod loopback;` compiles it.
    let shared = root.join("xtask/programs/loopback.rs");
    std::fs::copy(&shared, dir.join("src/loopback.rs"))
        .map_err(|e| format!("cannot copy {}: {e}", shared.display()))?;
    let path = |p: &str| {
        root.join(p)
            .display()
            .to_string()
            .escape_default()
            .to_string()
    };
    let dependencies = program
        .dependencies
        .replace("{sagemaker}", &path("generated"))
        .replace("{runtime}", &path("codegen/runtime"));
    let manifest = format!(
        r#"[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
{dependencies}
http-body-util = "0.1"
hyper = {{ version = "1", features = ["server", "http1"] }}
hyper-util = {{ version = "0.1", features = ["tokio"] }}
tokio = {{ version = "1", features = ["rt", "macros", "net"] }}
"#,
        name = program.name,
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())
}
