//! `cargo xtask codegen [--model PATH] [--out DIR] [--operations A,B] [--crate-name NAME] [--check]`
//!
//! Reads the model, generates the crate in memory, and only then touches the output directory: a
//! broken model leaves it exactly as it was. `--check` writes nothing and fails, naming the stale
//! files, when the output is not what the model gives.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::Options;

/// Generation allocates millions of small token and syntax-tree nodes; mimalloc makes the whole
/// SageMaker model generate about twice as fast as the system allocator does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod build_cost;
mod endpoint_tests;
mod hostile;
mod names;
mod protocol_tests;
mod reference_models;
mod values;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match parse(&args[1..]).and_then(|a| codegen(&a)) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        },
        Some("protocol-tests") => protocol_tests::main(&args[1..]),
        Some("names") => match args.get(1..) {
            Some([flag, path]) if flag == "--model" => names::main(Path::new(path)),
            Some([]) => names::main(&root().join("model")),
            _ => {
                eprintln!("{USAGE}");
                ExitCode::FAILURE
            }
        },
        Some("bench") => bench::main(&root(), &args[1..]),
        Some("hostile") => hostile::main(&root()),
        Some("build-cost") => build_cost::main(&root(), &args[1..]),
        Some("reference-models") => {
            reference_models::main(&root(), false, &reference_models::Selection::default())
        }
        Some("all-models") => {
            let mut selection = reference_models::Selection::default();
            let mut rest = args[1..].iter();
            while let Some(flag) = rest.next() {
                match (flag.as_str(), rest.next()) {
                    ("--also", Some(dir)) => selection.also.push(PathBuf::from(dir)),
                    ("--only", Some(names)) => {
                        selection.only = names.split(',').map(str::to_owned).collect();
                    }
                    _ => {
                        eprintln!("{USAGE}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            reference_models::main(&root(), true, &selection)
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask codegen [--model PATH] [--out DIR] [--operations A,B] [--crate-name NAME] [--parts N] [--check]

  --model PATH        a model file or a directory of *.json model files (default: model/)
  --out DIR           where the crate is written (default: generated/)
  --operations A,B    operations to generate (default: all of the service's)
  --crate-name NAME   the generated crate's name (default: from the service's SDK ID)
  --parts N           spread the code over N part crates and a shared crate under parts/, which
                      the crate re-exports: no compiler process holds the whole of a large service
                      (default: one part per 250 shapes from 1,500 up, so 12 for all of SageMaker;
                      0 makes one crate)
  --check             write nothing; fail and name the files that are not up to date
       cargo xtask names [--model PATH]               (every Rust name the model gets, as TSV)
       cargo xtask protocol-tests [--reference DIR]   (run the AWS JSON protocol tests)
       cargo xtask bench [--aws-sdk VERSION]          (speed targets, in release mode; beside
                                                      aws-sdk-sagemaker's calls)
       cargo xtask hostile                            (validate() on a 100 KB hostile input to every
                                                      operation of the whole SageMaker model)
       cargo xtask build-cost [--quick] [--feature F] [--aws-sdk VERSION]
                                                      (what the whole-SageMaker crate costs to build)
       cargo xtask reference-models                   (generate and compile every reference model)
       cargo xtask all-models [--also DIR]... [--only A,B]
                                                      (the same, with every AWS JSON model AWS publishes
                                                      and those in each DIR; with --only, just the models
                                                      whose file names start with A or B)";

struct Args {
    model: PathBuf,
    out: PathBuf,
    options: Options,
    check: bool,
}

/// The project root, so the command works from any directory.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        model: root().join("model"),
        out: root().join("generated"),
        options: Options::default(),
        check: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))
        };
        match flag.as_str() {
            "--model" => a.model = PathBuf::from(value()?),
            "--out" => a.out = PathBuf::from(value()?),
            "--operations" => {
                a.options.operations = value()?
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            }
            "--crate-name" => a.options.crate_name = Some(value()?),
            "--parts" => {
                let v = value()?;
                a.options.parts = v
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("--parts needs a number, not {v:?}\n\n{USAGE}"))?
            }
            "--check" => a.check = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(a)
}

fn codegen(a: &Args) -> Result<ExitCode, String> {
    let started = std::time::Instant::now();
    let options = Options {
        runtime_path: Some(codegen::output::runtime_path_from(&a.out)),
        ..a.options.clone()
    };
    let (model, problems) = codegen::output::read_model_all(&a.model);
    let generation = codegen::generate_timed(&model, problems, &options)
        .0
        .map_err(|e| format!("{e}nothing was written"))?;
    for w in &generation.warnings {
        eprintln!("warning: {}: {}", w.at, w.message);
    }
    let files = generation.files;
    let outcome = codegen::output::sync(&a.out, &files, a.check)?;
    if a.check {
        if outcome.is_empty() {
            println!("{} is up to date ({} files)", a.out.display(), files.len());
            Ok(ExitCode::SUCCESS)
        } else {
            eprintln!("{} is not what the model gives:", a.out.display());
            for line in &outcome {
                eprintln!("  {line}");
            }
            eprintln!("run `{}` to update it", codegen::COMMAND);
            Ok(ExitCode::FAILURE)
        }
    } else {
        for line in &outcome {
            println!("  {line}");
        }
        println!(
            "generated {} files into {} in {:.2?} ({} changed)",
            files.len(),
            a.out.display(),
            started.elapsed(),
            outcome.len()
        );
        Ok(ExitCode::SUCCESS)
    }
}
