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
///
/// Writing happens in steps so that a failure loses nothing: every changed file is first
/// written beside its target under a name no one else uses (see `staging_name`); if any of those
/// writes fails (a full disk, a directory in the way), the staged files are removed and the
/// output is exactly as it was. Then a journal listing every rename and removal is written
/// (atomically, by rename), the staged files are renamed over their targets, which needs no
/// space, stale generated files are removed, and the journal goes. A run killed before the
/// journal exists leaves the old output (its staged files are removed on the next run); one
/// killed after it leaves a journal, which the next write completes before anything else, so the
/// output becomes the new one. Nothing is flushed to disk by `fsync`: a power loss is not
/// covered.
pub fn sync(out: &Path, files: &[GeneratedFile], check: bool) -> Result<Vec<String>, String> {
    sync_inner(out, files, check, None)
}

/// [`sync`], stopping after `stop_after` renames when given, as a killed run would (for tests).
fn sync_inner(
    out: &Path,
    files: &[GeneratedFile],
    check: bool,
    stop_after: Option<usize>,
) -> Result<Vec<String>, String> {
    if !check {
        finish_interrupted(out)?;
    }
    let mut changes = Vec::new();
    let mut changed = Vec::new();
    for f in files {
        let path = out.join(&f.path);
        match std::fs::read_to_string(&path) {
            Ok(current) if current == f.contents => continue,
            Ok(_) => changes.push(format!("stale: {}", f.path)),
            Err(_) => changes.push(format!("missing: {}", f.path)),
        }
        changed.push((path, f));
    }
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| out.join(&f.path)).collect();
    let stale: Vec<PathBuf> = generated_files_in(out)
        .into_iter()
        .filter(|path| !wanted.contains(path))
        .collect();
    for path in &stale {
        let shown = path.strip_prefix(out).unwrap_or(path).display().to_string();
        changes.push(format!("no longer generated: {shown}"));
    }
    if check {
        return Ok(changes);
    }
    remove_leftover_staging(out);
    let mut staged = Vec::with_capacity(changed.len());
    for (path, f) in &changed {
        match stage(path, &f.contents) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                for (tmp, _) in &staged {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(format!("{e}; nothing was changed"));
            }
        }
    }
    let mut steps: Vec<Step> = staged
        .iter()
        .map(|(tmp, path)| Step::Rename((*tmp).clone(), (*path).clone()))
        .collect();
    steps.extend(stale.iter().cloned().map(Step::Remove));
    if steps.is_empty() {
        return Ok(changes);
    }
    if let Err(e) = write_journal(out, &steps) {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(format!("{e}; nothing was changed"));
    }
    let pending = stop_after.map_or(&steps[..], |n| &steps[..n.min(steps.len())]);
    run_steps(pending)?;
    if pending.len() < steps.len() {
        return Err("stopped before the last rename".to_owned());
    }
    std::fs::remove_file(out.join(JOURNAL))
        .map_err(|e| format!("cannot remove {}: {e}", out.join(JOURNAL).display()))?;
    Ok(changes)
}

/// The journal of a write whose renames have begun, in the output directory.
const JOURNAL: &str = ".lean-codegen-journal";

/// One step of the second half of a write.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// A staged file replaces its target.
    Rename(PathBuf, PathBuf),
    /// A generated file the model no longer gives.
    Remove(PathBuf),
}

/// Writes the journal of `steps`: one line each, `rename<TAB>staged<TAB>target` or
/// `remove<TAB>path`. The paths are the generator's own, so they hold neither tabs nor newlines.
fn write_journal(out: &Path, steps: &[Step]) -> Result<(), String> {
    let mut text = String::new();
    for step in steps {
        match step {
            Step::Rename(tmp, path) => {
                text.push_str(&format!("rename\t{}\t{}\n", tmp.display(), path.display()));
            }
            Step::Remove(path) => text.push_str(&format!("remove\t{}\n", path.display())),
        }
    }
    let journal = out.join(JOURNAL);
    let tmp = stage(&journal, &text)?;
    std::fs::rename(&tmp, &journal).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", journal.display())
    })
}

/// Carries out `steps`; a step already done (its staged file gone, its stale file removed) is
/// passed over, so a journal can be completed more than once.
fn run_steps(steps: &[Step]) -> Result<(), String> {
    for step in steps {
        match step {
            Step::Rename(tmp, path) => {
                if tmp.exists() {
                    std::fs::rename(tmp, path)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                }
            }
            Step::Remove(path) => {
                if is_generated(path) {
                    std::fs::remove_file(path)
                        .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
                }
            }
        }
    }
    Ok(())
}

/// Completes the write a killed run left a journal of, so its output is the new one.
fn finish_interrupted(out: &Path) -> Result<(), String> {
    let journal = out.join(JOURNAL);
    let Ok(text) = std::fs::read_to_string(&journal) else {
        return Ok(());
    };
    let mut steps = Vec::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        match parts.as_slice() {
            ["rename", tmp, path] => steps.push(Step::Rename(tmp.into(), path.into())),
            ["remove", path] => steps.push(Step::Remove(path.into())),
            // Not ours, or not whole: the journal is written by rename, so this is not a
            // journal of a write that began. Leave the output as it is.
            _ => {
                return Err(format!(
                    "{} is not a journal this generator wrote (line {line:?}); remove it to go on",
                    journal.display()
                ));
            }
        }
    }
    run_steps(&steps).map_err(|e| format!("{e} (while completing an interrupted write)"))?;
    std::fs::remove_file(&journal).map_err(|e| format!("cannot remove {}: {e}", journal.display()))
}

/// The file a new version of `path` is written to before it replaces `path`: hidden, and marked
/// with this generator and process, so it is never a file of the user's (`src/lib.tmp` stays
/// `src/lib.tmp`).
fn staging_name(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.{STAGING_MARK}-{}", std::process::id()))
}

/// What every staged file's name carries.
const STAGING_MARK: &str = "lean-codegen-staged";

/// Writes `contents` to the staging file of `path`, creating its directory.
fn stage(path: &Path, contents: &str) -> Result<PathBuf, String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let tmp = staging_name(path);
    if let Err(e) = std::fs::write(&tmp, contents) {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(tmp)
}

/// Removes staged files an interrupted run left in the output's `src/` tree or its root.
fn remove_leftover_staging(out: &Path) {
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                if dir != out || name == "src" {
                    stack.push(p);
                }
            } else if name.starts_with('.') && name.contains(STAGING_MARK) {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
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

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: format!("// @generated by test\n{contents}"),
        }
    }

    /// A fresh directory under the system's temporary one, removed at the end of the test.
    struct Dir(PathBuf);

    impl Dir {
        fn new(name: &str) -> Dir {
            let dir = std::env::temp_dir().join(format!("output-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Dir(dir)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(dir).unwrap().display().to_string();
                    out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_failed_write_changes_nothing_and_leaves_nothing() {
        let dir = Dir::new("failed");
        let out = &dir.0;
        sync(
            out,
            &[file("src/lib.rs", "old"), file("src/a.rs", "old")],
            false,
        )
        .unwrap();
        // A hand-written file where a generated directory must go, and a hand-written `.tmp`.
        std::fs::write(out.join("src/blocked"), "hand-written").unwrap();
        std::fs::write(out.join("src/lib.tmp"), "hand-written").unwrap();
        let before = listing(out);
        let err = sync(
            out,
            &[
                file("src/lib.rs", "new"),
                file("src/a.rs", "new"),
                file("src/blocked/b.rs", "new"),
            ],
            false,
        )
        .unwrap_err();
        assert!(err.contains("nothing was changed"), "{err}");
        assert_eq!(
            listing(out),
            before,
            "every file as it was, no staged file left"
        );
    }

    #[test]
    fn staged_files_replace_their_targets_and_leftovers_are_cleared() {
        let dir = Dir::new("staged");
        let out = &dir.0;
        sync(
            out,
            &[file("src/lib.rs", "one"), file("src/gone.rs", "x")],
            false,
        )
        .unwrap();
        std::fs::write(out.join("src/lib.tmp"), "hand-written").unwrap();
        // What a killed run leaves behind.
        let leftover = out.join(format!("src/.a.rs.{STAGING_MARK}-1"));
        std::fs::write(&leftover, "partial").unwrap();
        let changes = sync(
            out,
            &[file("src/lib.rs", "two"), file("src/a.rs", "a")],
            false,
        )
        .unwrap();
        assert_eq!(
            changes,
            [
                "stale: src/lib.rs",
                "missing: src/a.rs",
                "no longer generated: src/gone.rs"
            ]
        );
        let names: Vec<String> = listing(out).into_iter().map(|(p, _)| p).collect();
        assert_eq!(names, ["src/a.rs", "src/lib.rs", "src/lib.tmp"]);
        assert!(
            std::fs::read_to_string(out.join("src/lib.rs"))
                .unwrap()
                .ends_with("two")
        );
    }

    #[test]
    fn a_write_killed_while_renaming_is_completed_by_the_next() {
        let dir = Dir::new("killed");
        let out = &dir.0;
        let old = [
            file("src/lib.rs", "old"),
            file("src/a.rs", "old"),
            file("src/gone.rs", "old"),
        ];
        sync(out, &old, false).unwrap();
        std::fs::write(out.join("src/notes.rs"), "hand-written").unwrap();
        let new = [
            file("src/lib.rs", "new"),
            file("src/a.rs", "new"),
            file("src/b.rs", "new"),
        ];
        // Killed after the first of four steps: a mix, and the journal that says how to end it.
        assert!(sync_inner(out, &new, false, Some(1)).is_err());
        assert!(out.join(JOURNAL).exists());
        let contents = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_default();
        assert_ne!(
            contents("src/a.rs"),
            contents("src/lib.rs"),
            "a mix of old and new"
        );
        // `--check` reads and reports; it completes nothing.
        assert!(!sync(out, &new, true).unwrap().is_empty());
        assert!(out.join(JOURNAL).exists());
        // The next write completes the journal first, then writes what it was given.
        let changes = sync(out, &new, false).unwrap();
        assert!(
            changes.is_empty(),
            "the journal alone made it new: {changes:?}"
        );
        let names: Vec<String> = listing(out).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            names,
            ["src/a.rs", "src/b.rs", "src/lib.rs", "src/notes.rs"]
        );
        for name in ["src/a.rs", "src/b.rs", "src/lib.rs"] {
            assert!(contents(name).ends_with("new"), "{name}");
        }
        assert_eq!(contents("src/notes.rs"), "hand-written");
    }

    #[test]
    fn a_journal_not_of_ours_stops_the_write() {
        let dir = Dir::new("journal");
        let out = &dir.0;
        sync(out, &[file("src/lib.rs", "old")], false).unwrap();
        std::fs::write(out.join(JOURNAL), "something else\n").unwrap();
        let err = sync(out, &[file("src/lib.rs", "new")], false).unwrap_err();
        assert!(
            err.contains("is not a journal this generator wrote"),
            "{err}"
        );
        assert!(
            std::fs::read_to_string(out.join("src/lib.rs"))
                .unwrap()
                .ends_with("old")
        );
    }

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
