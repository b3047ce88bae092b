//! `cargo xtask build-cost`: what the whole-SageMaker crate costs its users to build, measured on
//! this machine. It generates the crate from the botocore model in `../shared` (403 operations)
//! into `target/build-cost/`, as a large service should be generated: split over [`PARTS`] part
//! crates and a shared crate, which the `sagemaker` crate re-exports (`cargo xtask codegen
//! --parts`). It builds their dependencies once, and then measures, each from a clean build of
//! the crate and its parts alone:
//!
//! - `cargo build --release` and `cargo check` of the whole crate (every operation);
//! - a program that can call every operation: its release build alone, on top of the crate's
//!   (generated functions are `#[inline]`, so their machine code is made in the program);
//! - `cargo build --release` with one operation feature (`--feature`, default `user_profile`);
//! - a one-call program (`UpdateUserProfile` through the client, that feature only): its clean
//!   release build, dependencies included, in a target directory of its own, and its binary size.
//!
//! Time is wall-clock. Memory is measured twice: the peak resident size of the largest process
//! (a rustc), as the kernel reports it for the waited-for build (`wait4`), and the peak of the
//! sum over every process of the build at once (sampled from `/proc` every 50 ms), which is what
//! a machine must have when parts compile side by side. With `--aws-sdk VERSION` the same crate
//! measurements are taken of `aws-sdk-sagemaker` from the registry, side by side.
//!
//! `--quick` (what CI runs) measures only the one-feature build and the one-call program's binary
//! size, built beside it, each against its limit: a few minutes instead of about twenty.
//!
//! Two limits are enforced (a failure exits non-zero): the one-feature build under 15 s and the
//! one-call binary at most 4 MiB. The ratios to aws-sdk's figures are printed against their goal
//! (a third), not enforced: they need the side-by-side run, which takes half an hour.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use codegen::Options;

/// A build with one operation enabled must take at most this.
const ONE_FEATURE_LIMIT: Duration = Duration::from_secs(15);

/// The most a one-call program's release binary may weigh.
const BINARY_LIMIT: u64 = 4 * 1024 * 1024;

/// The part crates the whole SageMaker is split into. Measured on the two-core machine
/// (`cargo check`, all at once): 4 parts 25.4 s and 1.13 GB, 8 parts 21.9 s and 0.72 GB, 12 parts
/// 22.0 s and 0.54 GB, 16 parts 21.0 s and 0.52 GB; the shared crate, built before the parts,
/// grows with their number (69k, 99k, 108k, 114k lines).
const PARTS: usize = 12;

pub fn main(root: &Path, args: &[String]) -> ExitCode {
    match run(root, args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One measured command.
struct Cost {
    wall: Duration,
    /// The largest process's peak.
    peak_kb: u64,
    /// The peak of all the build's processes at once.
    total_kb: u64,
}

impl std::fmt::Display for Cost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let gb = |kb: u64| kb as f64 / 1024.0 / 1024.0;
        write!(
            f,
            "{:.1} s, peak {:.2} GB all at once ({:.2} GB the largest process)",
            self.wall.as_secs_f64(),
            gb(self.total_kb),
            gb(self.peak_kb)
        )
    }
}

fn run(root: &Path, args: &[String]) -> Result<bool, String> {
    let mut feature = "user_profile".to_owned();
    let mut aws_sdk: Option<String> = None;
    let mut quick = false;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--quick" => quick = true,
            "--feature" => feature = it.next().cloned().ok_or("--feature needs a value")?,
            "--aws-sdk" => aws_sdk = Some(it.next().cloned().ok_or("--aws-sdk needs a version")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let model = root.join("../shared/reference/models/sagemaker-2017-07-24.botocore.json");
    if !model.exists() {
        println!("skipping: ../shared not found ({})", model.display());
        return Ok(true);
    }
    let base = root.join("target/build-cost");
    let krate = base.join("sagemaker");
    let (parsed, problems) = codegen::output::read_model_all(&model);
    let options = Options {
        runtime_path: Some(codegen::output::runtime_path_from(&krate)),
        parts: Some(PARTS),
        ..Options::default()
    };
    let generation = codegen::generate_timed(&parsed, problems, &options)
        .0
        .map_err(|e| format!("{}: {e}", model.display()))?;
    let mut files = generation.files;
    // A workspace of its own, so the crate builds apart from this repository's.
    for file in &mut files {
        if file.path == "Cargo.toml" {
            file.contents.push_str("\n[workspace]\n");
        }
    }
    codegen::output::sync(&krate, &files, false)?;
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    // The crate's packages: `sagemaker`, and its shared and part crates.
    let mut packages = vec!["sagemaker".to_owned()];
    packages.extend(files.iter().filter_map(|f| {
        let name = f.path.strip_prefix("parts/")?.strip_suffix("/Cargo.toml")?;
        Some(name.to_owned())
    }));
    println!(
        "generated the whole SageMaker crate: {} files, {lines} lines, in {} packages",
        files.len(),
        packages.len()
    );
    let packages: Vec<&str> = packages.iter().map(String::as_str).collect();
    let target = base.join("target");
    let mut ok = true;

    // The dependencies, built once: the crate with its client and no operation.
    let runtime = ["--no-default-features", "--features", "client"];
    if quick {
        return quick_run(root, &base, (&krate, &packages), &target, &feature);
    }
    let whole = measure_crate(&krate, &target, &packages, &runtime)?;
    let every = every_call(&base, &krate, &target)?;
    let one_feature = format!("client,{feature}");
    let one = measure(
        &krate,
        &target,
        &packages,
        &["build", "--release"],
        &runtime,
        &["--no-default-features", "--features", &one_feature],
    )?;
    let (program, size) = one_call(root, &base, &krate, &feature, None)?;

    println!();
    println!(
        "whole-SageMaker crate alone (every operation; its {PARTS} parts and shared crate included):"
    );
    println!("  release build  {}", whole.release);
    println!("  cargo check    {}", whole.check);
    println!("a program that can call every operation, release build of it alone:");
    println!("  {every}");
    println!("one feature (client,{feature}), release build of the crate alone:");
    println!("  {one}  (limit {} s)", ONE_FEATURE_LIMIT.as_secs());
    if one.wall > ONE_FEATURE_LIMIT {
        eprintln!("FAILED: the one-feature build is over its limit");
        ok = false;
    }
    println!("one-call program (UpdateUserProfile), clean release build with dependencies:");
    println!("  {program}");
    ok &= check_size(size);

    if let Some(version) = aws_sdk {
        let sdk = base.join("aws-sdk-sagemaker");
        std::fs::create_dir_all(sdk.join("src")).map_err(|e| e.to_string())?;
        std::fs::write(
            sdk.join("Cargo.toml"),
            format!(
                "[package]\nname = \"aws-sdk-cost\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
                 publish = false\n\n[dependencies]\naws-sdk-sagemaker = \"={version}\"\n\n[workspace]\n"
            ),
        )
        .map_err(|e| e.to_string())?;
        std::fs::write(sdk.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
        let theirs = measure_crate(
            &sdk,
            &base.join("aws-sdk-target"),
            &["aws-sdk-sagemaker"],
            &[],
        )?;
        println!("aws-sdk-sagemaker {version} alone:");
        println!("  release build  {}", theirs.release);
        println!("  cargo check    {}", theirs.check);
        // Memory all at once: the parts compile side by side, aws-sdk's crate alone.
        let ratio = |ours: &Cost, theirs: &Cost| {
            format!(
                "time {:.2}×, memory {:.2}× of aws-sdk's (goal ≤ 0.33×)",
                ours.wall.as_secs_f64() / theirs.wall.as_secs_f64(),
                ours.total_kb as f64 / theirs.total_kb as f64
            )
        };
        println!(
            "  ours, release: {}",
            ratio(&whole.release, &theirs.release)
        );
        println!("  ours, check:   {}", ratio(&whole.check, &theirs.check));
    }
    Ok(ok)
}

/// `--quick`, for CI: only what is cheap to measure. The one-feature release build (its limit
/// enforced) and the one-call program's binary size, built beside it rather than from clean.
fn quick_run(
    root: &Path,
    base: &Path,
    (krate, packages): (&Path, &[&str]),
    target: &Path,
    feature: &str,
) -> Result<bool, String> {
    let one_feature = format!("client,{feature}");
    let one = measure(
        krate,
        target,
        packages,
        &["build", "--release"],
        &["--no-default-features", "--features", "client"],
        &["--no-default-features", "--features", &one_feature],
    )?;
    let (_, size) = one_call(root, base, krate, feature, Some(target))?;
    println!("one feature (client,{feature}), release build of the crate alone:");
    println!("  {one}  (limit {} s)", ONE_FEATURE_LIMIT.as_secs());
    println!("one-call program (UpdateUserProfile):");
    let mut ok = check_size(size);
    if one.wall > ONE_FEATURE_LIMIT {
        eprintln!("FAILED: the one-feature build is over its limit");
        ok = false;
    }
    Ok(ok)
}

/// Prints the one-call binary's size against its limit; false when it is over.
fn check_size(size: u64) -> bool {
    println!(
        "  binary {:.2} MiB (limit {:.0} MiB)",
        size as f64 / 1024.0 / 1024.0,
        BINARY_LIMIT as f64 / 1024.0 / 1024.0,
    );
    if size > BINARY_LIMIT {
        eprintln!("FAILED: the one-call binary is over its limit");
    }
    size <= BINARY_LIMIT
}

struct CrateCost {
    release: Cost,
    check: Cost,
}

/// Release build and `cargo check` of one package, each from clean, its dependencies built first.
/// `deps` are the arguments that build the dependencies (for the generated crate, itself with the
/// client and no operation, which `cargo clean -p` then removes); when it is empty the whole
/// package is built and then cleaned.
fn measure_crate(
    dir: &Path,
    target: &Path,
    packages: &[&str],
    deps: &[&str],
) -> Result<CrateCost, String> {
    let release = measure(dir, target, packages, &["build", "--release"], deps, &[])?;
    let check = measure(dir, target, packages, &["check"], deps, &[])?;
    Ok(CrateCost { release, check })
}

/// One command (`build --release`, `check`) of `packages` with `args`, from clean, after their
/// dependencies are built.
fn measure(
    dir: &Path,
    target: &Path,
    packages: &[&str],
    command: &[&str],
    deps: &[&str],
    args: &[&str],
) -> Result<Cost, String> {
    fn joined<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
        a.iter().chain(b).copied().collect()
    }
    let release = command.contains(&"--release");
    if deps.is_empty() {
        cargo(dir, target, &joined(command, args))?;
    } else {
        cargo(dir, target, &joined(command, deps))?;
    }
    let mut clean = vec!["clean"];
    for package in packages {
        clean.extend(["-p", package]);
    }
    if release {
        clean.push("--release");
    }
    cargo(dir, target, &clean)?;
    cargo(dir, target, &joined(command, args))
}

/// Writes and builds a program that can call every operation (it holds the client as a `&dyn`
/// of the service's trait, which compiles every method); returns the cost of building the program
/// alone, its dependencies (the whole crate among them) built first. Generated functions are
/// `#[inline]`, so this is where the machine code of all 403 operations is made: what a program
/// that uses them all pays, on top of the crate's own release build.
fn every_call(base: &Path, krate: &Path, target: &Path) -> Result<Cost, String> {
    let dir = base.join("every-call");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"every-call\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsagemaker = {{ path = \"{}\" }}\n\n[workspace]\n",
        krate.display()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/main.rs"), EVERY_CALL).map_err(|e| e.to_string())?;
    // The crate's own lock file, so the dependencies are the ones already built.
    std::fs::copy(krate.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let deps = ["--package", "sagemaker"];
    measure(
        &dir,
        target,
        &["every-call"],
        &["build", "--release"],
        &deps,
        &[],
    )
}

const EVERY_CALL: &str = r#"//! Can call every SageMaker operation: the client as a trait object compiles all of them.
use sagemaker::{Client, Config, SageMakerApi};

fn main() {
    let client = Client::from_conf(Config::from_env());
    let api: &dyn SageMakerApi = &client;
    std::hint::black_box(api);
}
"#;

/// Writes and builds a program that calls one operation, from clean in its own target directory
/// or, given `shared`, in that one as it is; returns its build cost and the size of its binary.
fn one_call(
    root: &Path,
    base: &Path,
    krate: &Path,
    feature: &str,
    shared: Option<&Path>,
) -> Result<(Cost, u64), String> {
    let dir = base.join("one-call");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"one-call\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsagemaker = {{ path = \"{}\", default-features = false, features = [\"client\", \"{feature}\"] }}\n\
         tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\n\
         [profile.release]\nstrip = \"debuginfo\"\n\n[workspace]\n",
        krate.display()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/main.rs"), ONE_CALL).map_err(|e| e.to_string())?;
    let lock = root.join("Cargo.lock");
    // The repository's lock file pins the same dependency versions the tests use.
    let _ = std::fs::copy(&lock, dir.join("Cargo.lock"));
    let target = match shared {
        Some(target) => target.to_owned(),
        None => {
            let target = base.join("one-call-target");
            let _ = std::fs::remove_dir_all(&target);
            target
        }
    };
    let cost = cargo(&dir, &target, &["build", "--release"])?;
    let binary = target.join("release/one-call");
    let size = std::fs::metadata(&binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .len();
    Ok((cost, size))
}

const ONE_CALL: &str = r#"//! Calls one SageMaker operation, as a small program would.
use sagemaker::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = Client::from_conf(Config::from_env());
    let result = client
        .update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .send()
        .await;
    match result {
        Ok(output) => println!("{:?}", output.user_profile_arn()),
        Err(e) => eprintln!("{}", sagemaker::error::DisplayErrorContext(&e)),
    }
}
"#;

/// Runs cargo in `dir` and measures it: wall time and the peak resident size of the largest
/// process it waited for.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<Cost, String> {
    let started = Instant::now();
    let child = Command::new(env!("CARGO"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .arg("--quiet")
        .args(args)
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let (done, pid) = (done.clone(), child.id());
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(tree_rss_kb(pid));
                std::thread::sleep(Duration::from_millis(50));
            }
            peak
        })
    };
    let waited = wait(child);
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let total_kb = sampler.join().unwrap_or(0);
    let (status, peak_kb) = waited?;
    let wall = started.elapsed();
    if !status {
        return Err(format!(
            "`cargo {}` failed in {}",
            args.join(" "),
            dir.display()
        ));
    }
    Ok(Cost {
        wall,
        peak_kb,
        total_kb: total_kb.max(peak_kb),
    })
}

/// The resident size of process `root` and all its descendants now, in KB, from `/proc`.
fn tree_rss_kb(root: u32) -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    // (pid, parent, resident KB) of every process.
    let mut procs: Vec<(u32, u32, u64)> = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
        };
        if let Some(parent) = field("PPid:") {
            procs.push((pid, parent as u32, field("VmRSS:").unwrap_or(0)));
        }
    }
    let mut tree = vec![root];
    let mut total = 0;
    let mut i = 0;
    while i < tree.len() {
        let pid = tree[i];
        for (child, parent, rss) in &procs {
            if *parent == pid {
                tree.push(*child);
            }
            if *child == pid {
                total += rss;
            }
        }
        i += 1;
    }
    total
}

/// Waits for the child with `wait4`, whose resource usage covers the child and every process it
/// waited for: `ru_maxrss` is the largest of their peaks, in KB.
fn wait(child: std::process::Child) -> Result<(bool, u64), String> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our own child, not yet
    // waited for (the `Child` is dropped without waiting, which only closes its pipes).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    drop(child);
    if r < 0 {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((ok, usage.ru_maxrss as u64))
}
