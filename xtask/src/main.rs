//! `cargo xtask codegen [--model PATH] [--out DIR] [--operations A,B] [--crate-name NAME] [--check]`
//!
//! Reads the model, generates the crate in memory, and only then touches the output directory: a
//! broken model leaves it exactly as it was. `--check` writes nothing and fails, naming the stale
//! files, when the output is not what the model gives.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{GeneratedFile, Options};

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
        _ => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask codegen [--model PATH] [--out DIR] [--operations A,B] [--crate-name NAME] [--check]

  --model PATH        a model file or a directory of *.json model files (default: model/)
  --out DIR           where the crate is written (default: generated/)
  --operations A,B    operations to generate (default: all of the service's)
  --crate-name NAME   the generated crate's name (default: from the service's SDK ID)
  --check             write nothing; fail and name the files that are not up to date";

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
            "--check" => a.check = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(a)
}

/// Model files: the file itself, or every `*.json` in the directory, in name order.
fn model_sources(path: &Path) -> Result<Vec<(String, String)>, String> {
    let files = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(format!("no *.json model files in {}", path.display()));
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    files
        .into_iter()
        .map(|f| {
            std::fs::read_to_string(&f)
                .map(|text| (f.display().to_string(), text))
                .map_err(|e| format!("cannot read {}: {e}", f.display()))
        })
        .collect()
}

fn codegen(a: &Args) -> Result<ExitCode, String> {
    let started = std::time::Instant::now();
    let sources = model_sources(&a.model)?;
    let model =
        codegen::Model::from_json_sources(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| format!("{e}nothing was written"))?;
    let files =
        codegen::generate(&model, &a.options).map_err(|e| format!("{e}nothing was written"))?;
    let outcome = sync(&a.out, &files, a.check)?;
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

/// Writes (or in check mode compares) every file, and removes generated files the model no longer
/// gives. Hand-written files in the output directory (no `@generated` preamble) are never touched.
/// Returns one line per file that differed.
fn sync(out: &Path, files: &[GeneratedFile], check: bool) -> Result<Vec<String>, String> {
    let mut changes = Vec::new();
    for f in files {
        let path = out.join(&f.path);
        match std::fs::read_to_string(&path) {
            Ok(current) if current == f.contents => continue,
            Ok(_) => changes.push(format!("stale: {}", f.path)),
            Err(_) => changes.push(format!("missing: {}", f.path)),
        }
        if !check {
            write_atomically(&path, &f.contents)?;
        }
    }
    let wanted: std::collections::BTreeSet<PathBuf> =
        files.iter().map(|f| out.join(&f.path)).collect();
    for path in generated_files_in(out) {
        if !wanted.contains(&path) {
            let shown = path
                .strip_prefix(out)
                .unwrap_or(&path)
                .display()
                .to_string();
            changes.push(format!("no longer generated: {shown}"));
            if !check {
                std::fs::remove_file(&path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            }
        }
    }
    Ok(changes)
}

fn write_atomically(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, contents).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Files under `dir` (Cargo.toml and src/) whose first line marks them as generated.
fn generated_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.join("src")];
    let manifest = dir.join("Cargo.toml");
    if is_generated(&manifest) {
        out.push(manifest);
    }
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if is_generated(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn is_generated(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.lines().next().map(|l| l.contains("@generated by")))
        .unwrap_or(false)
}
