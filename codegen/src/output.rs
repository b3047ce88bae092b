//! Writing generated files, and checking them: one code path for both, so `--check` and the
//! freshness test see exactly what a write would do. This is the generator's only file I/O.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::{Errors, GeneratedFile, Model};

/// Reads a model from a file or from every `*.json` file in a directory (in name order). Problems
/// with the files and with their contents are all reported together.
pub fn read_model(path: &Path) -> Result<Model, Errors> {
    let (model, errors) = read_model_all(path);
    errors.into_result(model)
}

/// Like [`read_model`], but also returns what could be read when there are problems, so that
/// [`crate::generate_with`] can report the later stages' problems together with these.
pub fn read_model_all(path: &Path) -> (Model, Errors) {
    let sources = match model_sources(path) {
        Ok(sources) => sources,
        Err(e) => {
            let mut errors = Errors::default();
            errors.push(path.display().to_string(), e);
            return (Model::with_prelude(), errors);
        }
    };
    // A lone botocore `service-2.json` is converted; Smithy models may span several files.
    if let [(name, text)] = sources.as_slice()
        && crate::botocore::is_botocore(text)
    {
        return match crate::botocore::from_botocore(name, text, None) {
            Ok(model) => (model, Errors::default()),
            Err(errors) => (Model::with_prelude(), errors),
        };
    }
    Model::parse_all(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
}

/// Model files: the file itself, or every `*.json` in the directory, in name order.
pub fn model_sources(path: &Path) -> Result<Vec<(String, String)>, String> {
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

/// Writes (or in check mode compares) every file, and removes generated files the model no longer
/// gives. Hand-written files in the output directory (no `@generated` preamble) are never touched.
/// Returns one line per file that differed.
pub fn sync(out: &Path, files: &[GeneratedFile], check: bool) -> Result<Vec<String>, String> {
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
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| out.join(&f.path)).collect();
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
pub fn generated_files_in(dir: &Path) -> Vec<PathBuf> {
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

/// The runtime crate in this checkout of the generator.
pub fn runtime_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime")
}

/// The path from output directory `out` to the runtime crate, `/`-separated, for
/// [`Options::runtime_path`](crate::Options::runtime_path): generated crates inside this checkout
/// (or beside it) depend on the runtime they were generated with.
pub fn runtime_path_from(out: &Path) -> String {
    relative_path(&absolute(out), &absolute(&runtime_dir()))
}

/// `path` made absolute against the working directory, with `.` and `..` resolved lexically (the
/// output directory need not exist yet, so the file system cannot resolve it).
fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The relative path from directory `from` to `to`, both absolute and normalised.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_owned(), from.len() - common);
    let downs = to[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let parts: Vec<String> = ups.chain(downs).collect();
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_walk_up_then_down() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            relative_path(&p("/a/b/generated"), &p("/a/b/codegen/runtime")),
            "../codegen/runtime"
        );
        assert_eq!(relative_path(&p("/a/b"), &p("/a/b/runtime")), "runtime");
        assert_eq!(relative_path(&p("/a/b"), &p("/a/b")), ".");
        assert_eq!(relative_path(&p("/x/y/z"), &p("/a")), "../../../a");
        assert_eq!(absolute(&p("/a/b/../c/./d")), p("/a/c/d"));
    }

    #[test]
    fn the_checked_in_crate_finds_the_runtime() {
        let root = runtime_dir().join("../..");
        assert_eq!(
            runtime_path_from(&root.join("generated")),
            "../codegen/runtime"
        );
    }
}
