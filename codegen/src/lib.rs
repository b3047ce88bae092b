//! Generates a Rust crate (types, builders, validators) from a Smithy service model.
//!
//! The pipeline runs one way: [`model`] parses the JSON AST, [`index`] selects the operations'
//! closure, [`check`] finds every problem and fixes every name, `emit` builds token streams, and
//! `render` formats them. [`generate`] does no I/O; the `xtask` binary reads and writes files.

pub mod botocore;
pub mod check;
pub mod docs;
mod emit;
pub mod error;
pub mod index;
pub mod model;
pub mod naming;
pub mod output;
pub mod pattern;
pub mod plan;
mod render;
#[cfg(test)]
mod repetition;
pub mod synthetic;
pub mod traits;

pub use error::Errors;
pub use model::Model;
pub use render::COMMAND;

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Operations to include, by short name or shape ID; empty means all of the service's.
    pub operations: Vec<String>,
    /// The generated crate's name; by default derived from the service's SDK ID.
    pub crate_name: Option<String>,
    /// Where the runtime crate is, relative to the output directory, for a `path` dependency
    /// beside the version; `None` depends on the version alone. [`output::runtime_path_from`]
    /// computes it for an output directory.
    pub runtime_path: Option<String>,
    /// Spread the code over this many part crates beside a shared crate and the facade users
    /// name ([`plan::Split`]); 0 makes one crate, and `None` decides by the size of the service
    /// ([`check::split::automatic`]).
    pub parts: Option<usize>,
}

/// The package name of the runtime crate generated crates depend on.
pub const RUNTIME_CRATE: &str = "lean-aws-runtime";
/// The version of the runtime crate this generator emits code for.
pub const RUNTIME_VERSION: &str = "0.1.0";

/// One output file, with a path relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Generates the crate for `model`. Pure: the same model and options always give the same files,
/// in path order. On any problem nothing is returned but the full list of problems.
pub fn generate(model: &Model, options: &Options) -> Result<Vec<GeneratedFile>, Errors> {
    generate_with(model, Errors::default(), options)
}

/// [`generate`] for a model that was read with problems (`earlier`, from
/// [`Model::parse_all`] or [`output::read_model_all`]): every stage still looks for its own
/// problems, so a user fixing a model sees all of them at once. Nothing is emitted unless every
/// stage is clean.
pub fn generate_with(
    model: &Model,
    earlier: Errors,
    options: &Options,
) -> Result<Vec<GeneratedFile>, Errors> {
    generate_timed(model, earlier, options)
        .0
        .map(|generation| generation.files)
}

/// What one generation made: the files, and what it left out or relaxed on the way (operations
/// skipped, patterns left unchecked), each naming its shape. Warnings never stop generation.
#[derive(Debug, Clone, Default)]
pub struct Generation {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<error::Problem>,
}

/// How long each stage of one generation took (wall time).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub index: std::time::Duration,
    pub check: std::time::Duration,
    /// Deciding the names every file agrees on, and listing the jobs.
    pub emit: std::time::Duration,
    /// Running the jobs, which build each file's tokens and render them, on every core.
    pub render: std::time::Duration,
}

/// [`generate_with`], also giving the warnings and how long each stage took.
pub fn generate_timed(
    model: &Model,
    earlier: Errors,
    options: &Options,
) -> (Result<Generation, Errors>, Timings) {
    let mut timings = Timings::default();
    let mut clock = std::time::Instant::now();
    let mut lap = |slot: &mut std::time::Duration| {
        let now = std::time::Instant::now();
        *slot = now - clock;
        clock = now;
    };
    let mut errors = earlier;
    let model_is_incomplete = !errors.is_empty();
    if let Some(name) = &options.crate_name
        && !naming::is_crate_name(name)
    {
        errors.push(
            "--crate-name",
            format!("{name:?} is not a crate name: letters, digits, `-` and `_`, starting with a letter, at most 64"),
        );
    }
    let (index, mut more) = index::ShapeIndex::build_all(model, &options.operations);
    if model_is_incomplete {
        // A file that could not be read explains an empty model; saying so again is noise.
        more.retain(|p| (p.at.as_str(), p.message.as_str()) != index::NOTHING_TO_GENERATE);
    }
    errors.extend(more);
    lap(&mut timings.index);
    let checked = check::check(&index);
    lap(&mut timings.check);
    let plan = match checked {
        Ok(plan) => match errors.into_result(plan) {
            Ok(plan) => plan,
            Err(errors) => return (Err(errors), timings),
        },
        Err(more) => {
            errors.extend(more);
            return (Err(errors), timings);
        }
    };
    let mut plan = plan;
    let crate_name = options
        .crate_name
        .clone()
        .unwrap_or_else(|| default_crate_name(&index, &plan));
    let parts = options
        .parts
        .unwrap_or_else(|| check::split::automatic(&index));
    plan.split = check::split::split(&index, &plan.features, parts, &crate_name);
    if let Some(split) = &plan.split {
        let names = std::iter::once(&split.shared).chain(split.parts.iter().map(|p| &p.name));
        let long: Vec<&String> = names.filter(|n| !naming::is_crate_name(n)).collect();
        if !long.is_empty() {
            let mut errors = Errors::default();
            errors.push(
                "--parts",
                format!("the crates of the split would be named {long:?}, which cargo does not accept: choose a shorter --crate-name"),
            );
            return (Err(errors), timings);
        }
    }
    let ctx = emit::Ctx {
        index: &index,
        plan: &plan,
        crate_name,
        runtime_path: options.runtime_path.clone(),
        unit: emit::Unit::Whole,
    };
    let units = ctx.units();
    let shared = emit::Shared::new(&ctx);
    let jobs = emit::jobs(&units, &shared);
    lap(&mut timings.emit);
    let rendered = render::run(&jobs);
    lap(&mut timings.render);
    let generation = rendered.map(|files| Generation {
        files,
        warnings: plan.warnings.clone(),
    });
    (generation, timings)
}

/// The crate name from the service's SDK ID (aws-sdk-rust's `aws-sdk-<name>` without the
/// prefix), else its shape name.
fn default_crate_name(index: &index::ShapeIndex<'_>, plan: &check::Plan) -> String {
    let Some((id, _)) = index.service else {
        return "generated".into();
    };
    [plan.service.sdk_id.as_str(), model::shape_name(id)]
        .into_iter()
        .map(|name| naming::crate_name(name).replace('_', "-"))
        .find(|name| naming::is_crate_name(name))
        .unwrap_or_else(|| "generated".into())
}
