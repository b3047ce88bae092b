//! `cargo xtask hostile`: every operation of the whole SageMaker model against hostile data.
//!
//! - `validate()` on a hostile input of about 100 KB, against the limits the project holds it to:
//!   under 1 ms of work per KB of input, and memory that grows with the input (at most
//!   [`MEMORY_PER_INPUT_BYTE`] bytes allocated at the peak per byte of input, plus 64 KiB).
//! - The client against hostile responses: for every operation, its output with every member
//!   filled (which must be read), that body mutated byte by byte, error bodies with the
//!   operation's modeled error codes and others, random bytes, at any status. No call may panic,
//!   and no error status may be read as a success.
//!
//! The whole model is generated into `target/hostile/`, and so is a program that reads each
//! operation's input from JSON (in the `serde` form), validates it counting time and
//! allocations, then calls the operation through a client whose HTTP client answers with the
//! hostile responses. The inputs are built from the model: every member filled (strings long and
//! failing their patterns, enum values unknown, numbers at their type's edge, lists long, maps
//! with long keys, nested structures down to a depth of 8), so that every constraint is exercised
//! and reports are as long as they can get. Timestamps, blobs, documents and unions are left
//! out: their serde forms are not what this measures. Operations without input (none in
//! SageMaker's 369 at present) are passed over. The generated crate is optimized; the program,
//! which holds a deserializer for every input type, is not, which saves many minutes of build.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, ExitCode};

use codegen::Options;
use codegen::model::{Model, ShapeType};
use serde_json::{Map, Value, json};

/// How large each operation's hostile input is made, in bytes of JSON.
const INPUT_BUDGET: usize = 100 * 1024;

/// How large each operation's full output is made, in bytes of JSON.
const RESPONSE_BUDGET: usize = 4 * 1024;

/// The most `validate()` may take per KB of input.
const NANOS_PER_KB_LIMIT: u128 = 1_000_000;

/// The most `validate()` may allocate at its peak per byte of input (beyond a fixed 64 KiB): a
/// bound on growth, not a target (measured: 3.75 at worst, for inputs of many small values, each
/// reported with its path).
const MEMORY_PER_INPUT_BYTE: usize = 8;

pub fn main(root: &Path) -> ExitCode {
    match run(root) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path) -> Result<ExitCode, String> {
    let path = root.join("../shared/reference/models/sagemaker-2017-07-24.smithy.json");
    if !path.exists() {
        println!("skipping: ../shared not found ({})", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let model = codegen::output::read_model(&path).map_err(|e| e.to_string())?;
    let out = root.join("target/hostile");
    let krate = out.join("sagemaker_whole");
    let options = Options {
        crate_name: Some("sagemaker_whole".to_owned()),
        runtime_path: Some(codegen::output::runtime_path_from(&krate)),
        ..Options::default()
    };
    let files = codegen::generate(&model, &options).map_err(|e| e.to_string())?;
    codegen::output::sync(&krate, &files, false)?;

    let index = codegen::index::ShapeIndex::build(&model, &[]).map_err(|e| e.to_string())?;
    let plan = codegen::check::check(&index).map_err(|e| e.to_string())?;
    let inputs = out.join("inputs");
    std::fs::create_dir_all(&inputs).map_err(|e| e.to_string())?;
    let mut calls = String::new();
    for (op_id, names) in &plan.operations {
        let Some(input) = model.shapes[op_id].input.as_ref() else {
            continue;
        };
        if input.target == "smithy.api#Unit" {
            continue;
        }
        let builder = Builder { model: &model };
        let doc = builder.value(&input.target, INPUT_BUDGET, &mut BTreeSet::new());
        let file = inputs.join(format!("{}.json", names.module));
        std::fs::write(&file, doc.to_string()).map_err(|e| e.to_string())?;
        // What the service may answer: the output with every member, and the modeled errors.
        let shape = &model.shapes[op_id];
        let output = match &shape.output {
            Some(t) if t.target != "smithy.api#Unit" => {
                builder.value(&t.target, RESPONSE_BUDGET, &mut BTreeSet::new())
            }
            _ => json!({}),
        };
        let errors: Vec<&str> = shape
            .errors
            .iter()
            .map(|t| codegen::model::shape_name(&t.target))
            .collect();
        let answers = json!({"output": output, "errors": errors});
        let file = inputs.join(format!("{}.answers.json", names.module));
        std::fs::write(&file, answers.to_string()).map_err(|e| e.to_string())?;
        calls.push_str(&format!(
            "    run::<sagemaker_whole::operation::{module}::{input}>(\"{name}\", &dir.join(\"{module}.json\"), |i| i.validate());\n    \
             answer(&runtime, &canned, \"{name}\", &dir.join(\"{module}.answers.json\"), |c| {{ let call = c.{method}().send(); Box::pin(async move {{ call.await.map(drop).map_err(|e| e.to_string()) }}) }});\n",
            module = names.module,
            input = names.input,
            name = names.name,
            method = names.method,
        ));
    }
    let program = out.join("hostile_bench");
    std::fs::create_dir_all(program.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(
        program.join("Cargo.toml"),
        "[package]\nname = \"hostile_bench\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsagemaker_whole = { path = \"../sagemaker_whole\", features = [\"serde\"] }\n\
         serde = \"1\"\nserde_json = \"1\"\nhttp = \"1\"\n\
         tokio = { version = \"1\", features = [\"rt\"] }\n",
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(
        program.join("src/main.rs"),
        PROGRAM.replace("    // CALLS\n", &calls),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(
        out.join("Cargo.toml"),
        // The program is built without optimization: it holds a deserializer for every input
        // type, and optimizing them all takes many minutes. What is measured, `validate()`, is
        // in the generated crate and the runtime, which are optimized as in a release build.
        "[workspace]\nresolver = \"3\"\nmembers = [\"sagemaker_whole\", \"hostile_bench\"]\n\n\
         [profile.dev]\ndebug = false\n\n\
         [profile.dev.package.sagemaker_whole]\nopt-level = 3\n\n\
         [profile.dev.package.\"*\"]\nopt-level = 3\n",
    )
    .map_err(|e| e.to_string())?;
    // The repository's lock file pins the versions the tests use.
    let _ = std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"));
    println!("building the whole SageMaker crate (optimized) and the program");
    let output = Command::new(env!("CARGO"))
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", out.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .args(["run", "--quiet", "-p", "hostile_bench", "--"])
        .arg(&inputs)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the hostile-input program failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    judge(&String::from_utf8_lossy(&output.stdout))
}

/// Reads the program's lines (`name bytes nanos peak violations`, or `name unreadable: why`) and
/// holds each to the limits.
fn judge(report: &str) -> Result<ExitCode, String> {
    let (mut measured, mut unreadable, mut failed) = (0, Vec::new(), Vec::new());
    let (mut worst_per_kb, mut worst_memory) = (0u128, 0f64);
    let mut total_bytes = 0usize;
    let (mut answered, mut calls_made) = (0, 0);
    for line in report.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["answers", name, calls, read] => {
                answered += 1;
                calls_made += calls
                    .parse::<usize>()
                    .map_err(|_| format!("unreadable: {line}"))?;
                if *read != "ok" {
                    failed.push(format!("{name}: {read}"));
                }
            }
            [name, bytes, nanos, peak, violations] => {
                let parse = |s: &str| s.parse::<u128>().map_err(|_| format!("unreadable: {line}"));
                let (bytes, nanos, peak) = (parse(bytes)?, parse(nanos)?, parse(peak)?);
                let per_kb = nanos * 1024 / bytes.max(1);
                let memory = peak as f64 / bytes.max(1) as f64;
                measured += 1;
                total_bytes += bytes as usize;
                worst_per_kb = worst_per_kb.max(per_kb);
                worst_memory = worst_memory.max(memory);
                if per_kb > NANOS_PER_KB_LIMIT {
                    failed.push(format!(
                        "{name}: {per_kb} ns per KB ({violations} violations)"
                    ));
                }
                if peak as usize > 64 * 1024 + MEMORY_PER_INPUT_BYTE * bytes as usize {
                    failed.push(format!(
                        "{name}: {peak} bytes at the peak for {bytes} of input"
                    ));
                }
            }
            [name, why] => unreadable.push(format!("{name}: {why}")),
            _ => return Err(format!("unreadable line: {line}")),
        }
    }
    println!(
        "validate() on {measured} hostile inputs ({:.1} MB in all): at worst {:.1} µs per KB, and {worst_memory:.2} bytes at the peak per byte of input",
        total_bytes as f64 / 1e6,
        worst_per_kb as f64 / 1000.0
    );
    println!(
        "{calls_made} calls of {answered} operations answered with hostile responses: none panicked"
    );
    for u in &unreadable {
        eprintln!("not measured: {u}");
    }
    for f in &failed {
        eprintln!("over the limit: {f}");
    }
    // Every operation's input must be read: one that is not would go unmeasured.
    if !unreadable.is_empty() || !failed.is_empty() || measured == 0 || answered != measured {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds hostile values of a model's shapes in the `serde` form.
struct Builder<'m> {
    model: &'m Model,
}

impl Builder<'_> {
    /// A value of shape `id` of about `budget` bytes of JSON (`null` for what is left out).
    fn value(&self, id: &str, budget: usize, path: &mut BTreeSet<String>) -> Value {
        self.try_value(id, budget, path).unwrap_or(Value::Null)
    }

    /// A value of shape `id` of about `budget` bytes of JSON; `None` for what is left out.
    fn try_value(&self, id: &str, budget: usize, path: &mut BTreeSet<String>) -> Option<Value> {
        let shape = self.model.shapes.get(id)?;
        let text = |n: usize| {
            // A run of one character, then one that most patterns refuse: the engine reads all
            // of it before it fails.
            let mut s = "a".repeat(n.clamp(1, 20_000));
            s.push('!');
            s
        };
        Some(match shape.kind {
            ShapeType::String => Value::String(text(budget)),
            ShapeType::Enum => Value::String(format!("Unknown{}", text(budget.min(200)))),
            ShapeType::Boolean => Value::Bool(true),
            ShapeType::Byte => json!(i8::MAX),
            ShapeType::Short => json!(i16::MAX),
            ShapeType::Integer | ShapeType::IntEnum => json!(i32::MAX),
            ShapeType::Long => json!(i64::MAX),
            ShapeType::Float | ShapeType::Double => json!(1e30),
            ShapeType::List | ShapeType::Set => {
                let member = shape.member.as_ref()?;
                self.collection(&member.target, budget, path, Value::Array)?
            }
            ShapeType::Map => {
                let value = shape.value.as_ref()?;
                // Keys of 64 characters and more, as long as reports show them.
                self.collection(&value.target, budget, path, |items| {
                    Value::Object(
                        items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| (format!("{i}{}", "k".repeat(64)), v))
                            .collect(),
                    )
                })?
            }
            ShapeType::Structure => {
                if !path.insert(id.to_owned()) || path.len() > 8 {
                    path.remove(id);
                    return None;
                }
                let members: Vec<(String, String)> = shape
                    .members
                    .iter()
                    .map(|(name, m)| (name.clone(), m.target.clone()))
                    .collect();
                let share = budget / members.len().max(1);
                let mut object = Map::new();
                for (name, target) in members {
                    if let Some(v) = self.try_value(&target, share, path) {
                        object.insert(name, v);
                    }
                }
                path.remove(id);
                Value::Object(object)
            }
            // Timestamps, blobs, documents and unions are left out (see the module docs).
            _ => return None,
        })
    }

    /// A list (or map, by `wrap`) of as many elements of `target` as fill `budget`, at most 200.
    fn collection(
        &self,
        target: &str,
        budget: usize,
        path: &mut BTreeSet<String>,
        wrap: impl FnOnce(Vec<Value>) -> Value,
    ) -> Option<Value> {
        let one = self.try_value(target, 256, path)?;
        let size = one.to_string().len().max(1);
        let count = (budget / size).clamp(1, 200);
        let each = budget / count;
        let element = self.try_value(target, each, path)?;
        Some(wrap(vec![element; count]))
    }
}

/// The program run against the generated crate; `// CALLS` becomes one call per operation.
const PROGRAM: &str = r##"//! Validates each operation's hostile input (read as JSON, in the `serde` form) and prints
//! `name<TAB>bytes<TAB>nanoseconds<TAB>peak bytes allocated<TAB>violations` per operation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts the bytes allocated now and at the peak since the last reset.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn run<T: serde::de::DeserializeOwned>(
    name: &str,
    path: &Path,
    validate: impl Fn(&T) -> Result<(), sagemaker_whole::validation::ValidationErrors>,
) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return println!("{name}\tcannot read {}: {e}", path.display()),
    };
    let input: T = match serde_json::from_str(&text) {
        Ok(input) => input,
        Err(e) => return println!("{name}\tnot an input: {e}"),
    };
    let mut best = u128::MAX;
    let mut peak = 0;
    let mut violations = 0;
    for _ in 0..3 {
        let base = CURRENT.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let started = Instant::now();
        let result = validate(&input);
        best = best.min(started.elapsed().as_nanos());
        peak = PEAK.load(Ordering::Relaxed) - base;
        violations = result.err().map_or(0, |e| e.violations().len());
    }
    println!("{name}\t{}\t{best}\t{peak}\t{violations}", text.len());
}

/// An HTTP client that answers every request with the answer it holds.
#[derive(Debug, Clone, Default)]
struct Canned(std::sync::Arc<std::sync::Mutex<(u16, Vec<u8>)>>);

impl sagemaker_whole::config::HttpClient for Canned {
    fn call(&self, _request: http::Request<Vec<u8>>) -> sagemaker_whole::config::HttpFuture<'_> {
        let (status, body) = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Box::pin(async move {
            http::Response::builder()
                .status(status)
                .body(body)
                .map_err(Into::into)
        })
    }
}

/// xorshift64*: the same hostile responses on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

type Called = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>>>>;

/// Calls one operation with hostile answers; prints `answers<TAB>name<TAB>calls<TAB>ok` (or what
/// went wrong in place of `ok`).
fn answer(
    runtime: &tokio::runtime::Runtime,
    (canned, client): &(Canned, sagemaker_whole::Client),
    name: &str,
    path: &Path,
    call: impl Fn(&sagemaker_whole::Client) -> Called,
) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let answers: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let output = answers["output"].to_string().into_bytes();
    let mut codes: Vec<String> = answers["errors"]
        .as_array()
        .map(|codes| codes.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    codes.extend(["ThrottlingException".to_owned(), String::new()]);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
    let mut calls = 0;
    let mut set = |status: u16, body: Vec<u8>| {
        *canned.0.lock().unwrap_or_else(|e| e.into_inner()) = (status, body);
    };
    // The full output must be read.
    set(200, output.clone());
    calls += 1;
    if let Err(e) = runtime.block_on(call(client)) {
        return println!("answers\t{name}\t{calls}\tits full output was not read: {e}");
    }
    for round in 0..24 {
        let (status, body) = match round % 4 {
            0 => {
                let mut body = output.clone();
                for _ in 0..1 + rng.below(4) {
                    if body.is_empty() {
                        break;
                    }
                    let at = rng.below(body.len());
                    match rng.below(3) {
                        0 => body[at] = rng.next() as u8,
                        1 => {
                            body.remove(at);
                        }
                        _ => body.truncate(at),
                    }
                }
                (200, body)
            }
            1 => {
                let code = &codes[rng.below(codes.len())];
                let body = format!(r#"{{"__type":"{code}","message":"hostile","Message":[1,{{}}]}}"#);
                ([400, 404, 409, 500][rng.below(4)], body.into_bytes())
            }
            2 => {
                let len = rng.below(64);
                ((100 + rng.below(500)) as u16, (0..len).map(|_| rng.next() as u8).collect())
            }
            _ => {
                let depth = 1 + rng.below(300);
                (200, format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes())
            }
        };
        set(status, body);
        calls += 1;
        let result = runtime.block_on(call(client));
        if !(200..300).contains(&status) && result.is_ok() {
            return println!("answers\t{name}\t{calls}\tstatus {status} was read as a success");
        }
    }
    println!("answers\t{name}\t{calls}\tok");
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("the inputs' folder"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    let http = Canned::default();
    let client = sagemaker_whole::Client::from_conf(
        sagemaker_whole::Config::builder()
            .region("us-west-2")
            .endpoint_url("http://localhost")
            .credentials_provider(sagemaker_whole::config::Credentials::new(
                "AKID", "secret", None, None, "hostile",
            ))
            .retry_config(sagemaker_whole::config::RetryConfig::standard().with_max_attempts(1))
            // The hostile inputs are not what is called: the calls send empty inputs, unchecked.
            .validation_mode(sagemaker_whole::config::ValidationMode::Off)
            .http_client(http.clone())
            .build(),
    );
    let canned = (http, client);
    // CALLS
}
"##;
