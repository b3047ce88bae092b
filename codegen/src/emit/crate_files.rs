//! The files of the generated crate and how they fit together: the manifest, the crate root, one
//! file per type, one per operation, the validators, and the hand-written runtime files.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::protocol::aws_json;
use super::structure::{self, StructSpec};
use super::validate::{self, Validators};
use super::{Content, Ctx, Job, Part, Unit, client, enums, ident, split, union};
use crate::check::Home;
use crate::model::{ShapeType, shape_name};

/// The prelude's empty structure, which stands for "no input" or "no output".
const UNIT: &str = "smithy.api#Unit";

/// Every job that makes the crate's files.
pub(crate) fn jobs<'a>(
    ctx: &'a Ctx<'_, '_>,
    vals: &'a Validators,
    serde: &'a aws_json::Names,
) -> Vec<Job<'a>> {
    let root: Job<'a> = if ctx.is_member() {
        Box::new(move || {
            vec![
                (
                    "Cargo.toml".to_owned(),
                    Content::Text(split::member_manifest(ctx)),
                ),
                (
                    "src/lib.rs".to_owned(),
                    Content::tokens(split::member_lib_rs(ctx)),
                ),
            ]
        })
    } else {
        Box::new(move || {
            vec![
                ("Cargo.toml".to_owned(), Content::Text(manifest(ctx))),
                ("src/lib.rs".to_owned(), Content::tokens(lib_rs(ctx))),
                ("src/client.rs".to_owned(), {
                    let (tokens, invocation) = client::client_rs(ctx);
                    Content::Rust(vec![Part::Tokens(tokens), Part::Formatted(invocation)])
                }),
                ("src/error_meta.rs".to_owned(), {
                    let (tokens, invocation) = client::error_meta_rs(ctx);
                    Content::Rust(vec![Part::Tokens(tokens), Part::Formatted(invocation)])
                }),
            ]
        })
    };
    let mut jobs = vec![root];
    // A facade's types and operations are its crates'.
    if ctx.unit == Unit::Facade {
        jobs.push(Box::new(move || split::facade_modules(ctx)));
        return jobs;
    }
    validators(ctx, vals, &mut jobs);
    types(ctx, vals, serde, &mut jobs);
    operations(ctx, vals, serde, &mut jobs);
    jobs.extend(aws_json::jobs(ctx, serde));
    jobs
}

/// `validators.rs`, and for a large service `validators/part_NN.rs` files of
/// [`validate::PART_SIZE`] functions each: the functions of what this crate owns.
fn validators<'a>(ctx: &'a Ctx<'_, '_>, vals: &'a Validators<'_>, jobs: &mut Vec<Job<'a>>) {
    let subjects: Vec<validate::Subject<'_>> = vals
        .subjects()
        .iter()
        .filter(|s| match s {
            validate::Subject::Operation { op, .. } => ctx.owns_operation(op),
            validate::Subject::Shape(id) => ctx.owns_shape(id),
        })
        .copied()
        .collect();
    let parts = if subjects.len() <= validate::PART_SIZE {
        0
    } else {
        subjects.len().div_ceil(validate::PART_SIZE)
    };
    let inline = if parts == 0 {
        subjects.clone()
    } else {
        Vec::new()
    };
    jobs.push(Box::new(move || {
        vec![(
            "src/validators.rs".to_owned(),
            Content::tokens(validate::root(ctx, vals, &inline, parts)),
        )]
    }));
    for (i, chunk) in subjects.chunks(validate::PART_SIZE).enumerate().take(parts) {
        let chunk = chunk.to_vec();
        jobs.push(Box::new(move || {
            vec![(
                format!("src/validators/part_{i:02}.rs"),
                Content::tokens(validate::part(ctx, vals, &chunk)),
            )]
        }));
    }
}

fn manifest(ctx: &Ctx<'_, '_>) -> String {
    let title = &ctx.plan.service.title;
    let ops: Vec<&str> = ctx
        .plan
        .operations
        .values()
        .map(|o| o.wire_name.as_str())
        .collect();
    // A facade has no types of its own: its crates bring serde.
    let mut serde = if ctx.unit == Unit::Facade {
        vec![]
    } else {
        vec!["dep:serde".to_owned()]
    };
    serde.push("lean-aws-runtime/serde".to_owned());
    serde.extend(split::forwarded(ctx, "serde"));
    let serde_dependency = if ctx.unit == Unit::Facade {
        ""
    } else {
        "serde = { version = \"1\", features = [\"derive\"], optional = true }\n"
    };
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
rust-version = "1.88"
description = "Types, validators and a client for {title} ({ops}), generated from its Smithy model"
license = "Apache-2.0"
publish = false

[features]
default = ["client", "all-operations"]
{client}
# serde's `Serialize`/`Deserialize` on every type, in the member-name JSON form. The client does
# not need it: it reads and writes the wire through its own (de)serializers.
serde = {serde}
# aws-config plugs in: `Client::new(&sdk_config)` and `config::Builder::from(&sdk_config)` take
# the region, credentials, endpoint, retry and timeout settings of aws-types' `SdkConfig`.
sdk-config = ["client", "lean-aws-runtime/sdk-config"]
{operations}
[dependencies]
{runtime}
{serde_dependency}{members}
[dev-dependencies]
# The end-to-end tests run a real HTTP server on loopback and recompute SigV4 signatures themselves.
aws-sigv4 = {{ version = "1", default-features = false, features = ["sign-http", "http1"] }}
http-body-util = "0.1"
hyper = {{ version = "1", features = ["server", "http1"] }}
regex = "1"
serde_json = "1"
sha2 = "0.10"
hyper-util = {{ version = "0.1", features = ["tokio"] }}
tokio = {{ version = "1", features = ["rt", "rt-multi-thread", "time", "macros", "net"] }}
"#,
        name = ctx.crate_name,
        ops = ops.join(", "),
        runtime = runtime_dependency(ctx.runtime_path.as_deref()),
        operations = operation_features(ctx),
        client = client_feature(ctx),
        serde = toml_list(&serde),
        members = split::member_dependencies(ctx),
    )
}

/// A TOML array of strings on one line.
pub(super) fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// The manifest's `client` feature, with HTTP/2 when an operation streams events.
pub(super) fn client_feature(ctx: &Ctx<'_, '_>) -> String {
    let mut list = vec!["lean-aws-runtime/client".to_owned()];
    let comment = if ctx.plan.service.http2 {
        list.push("lean-aws-runtime/http2".to_owned());
        "# The client: AWS JSON over HTTPS (hyper's client, rustls with ring), SigV4 signing, retries,\n\
         # and HTTP/2, over which the service streams events. Without it the crate is types and\n\
         # validators only, with no async runtime or HTTP stack.\n"
    } else {
        "# The client: AWS JSON over HTTPS (the runtime's HTTP/1.1 client, rustls with ring), SigV4\n\
         # signing, retries. Without it the crate is types and validators only, with no async runtime\n\
         # or HTTP stack.\n"
    };
    list.extend(split::forwarded(ctx, "client"));
    format!("{comment}client = {}", toml_list(&list))
}

/// The operation features of the manifest: `all-operations`, then one per operation or resource.
pub(super) fn operation_features(ctx: &Ctx<'_, '_>) -> String {
    let features = &ctx.plan.features;
    let mut out = String::from(if features.grouped {
        "# Operations, grouped by the resource they act on (the service has more operations than a\n\
         # crate may have features). A feature compiles only the types, validators and\n\
         # (de)serializers its operations need.\n"
    } else {
        "# Operations, one feature each. A feature compiles only the types, validators and\n\
         # (de)serializers its operation needs.\n"
    });
    // A part declares only its own features.
    let declared: Vec<(usize, &crate::plan::Feature)> = features
        .list
        .iter()
        .enumerate()
        .filter(|(i, _)| match (&ctx.plan.split, ctx.unit) {
            (Some(split), Unit::Part(p)) => split.part_of_feature[*i] == p,
            _ => true,
        })
        .collect();
    out.push_str("all-operations = [\n");
    for (_, f) in &declared {
        out.push_str(&format!("    \"{}\",\n", f.name));
    }
    out.push_str("]\n");
    for (i, f) in declared {
        if features.grouped {
            let names: Vec<&str> = f.operations.iter().map(|op| shape_name(op)).collect();
            out.push_str(&wrap_comment(&names.join(", ")));
        }
        out.push_str(&format!(
            "{} = {}\n",
            f.name,
            toml_list(&split::operation_feature(ctx, i))
        ));
    }
    out
}

/// `# ` lines of at most 100 columns.
pub(super) fn wrap_comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split(' ') {
        if line.len() + 1 + word.len() > 100 && line != "#" {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The runtime crate as a dependency: by version, and by path too when the output sits beside a
/// checkout of the generator (cargo uses the path there and the version from a registry).
pub(super) fn runtime_dependency(path: Option<&str>) -> String {
    let version = crate::RUNTIME_VERSION;
    match path {
        Some(path) => format!(
            "{} = {{ version = \"{version}\", path = \"{}\" }}",
            crate::RUNTIME_CRATE,
            path.escape_default()
        ),
        None => format!("{} = \"{version}\"", crate::RUNTIME_CRATE),
    }
}

fn lib_rs(ctx: &Ctx<'_, '_>) -> TokenStream {
    let facts = &ctx.plan.service;
    let title = &facts.title;
    let mut docs = vec![
        format!(" Types, validators and a client for {title}, generated from its Smithy model."),
        String::new(),
    ];
    if let Some((id, _)) = ctx.index.service
        && let Some(markdown) = ctx.plan.notes.get(id).and_then(|n| n.docs.as_deref())
    {
        docs.extend(markdown.lines().map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        }));
        docs.push(String::new());
    }
    docs.extend([
        " With the default `client` feature, `Client` calls the service over AWS JSON, signed with"
            .into(),
        " SigV4, with endpoint resolution, retries and typed errors; `Config` says how. Without it"
            .into(),
        " the crate is types and validators only, with no async runtime or HTTP stack.".into(),
        String::new(),
    ]);
    if let Some(split) = &ctx.plan.split {
        let first = split.parts.first().map_or("", |p| p.name.as_str());
        let last = split.parts.last().map_or("", |p| p.name.as_str());
        docs.extend([
            format!(
                " The code is spread over {} crates that compile side by side, which this crate",
                split.parts.len() + 1
            ),
            format!(
                " re-exports under its own paths: `{}` and `{first}` to `{last}`.",
                split.shared
            ),
            " Depend on this crate alone; an operation's feature turns on the crate that holds it."
                .to_owned(),
        ]);
        docs.push(String::new());
    }
    let features = &ctx.plan.features;
    let unit = if features.grouped {
        " Each operation has a cargo feature (operations that act on one resource share it, as the"
            .to_owned()
            + "\n service has more operations than a crate may have features), shown beside it below."
    } else {
        " Each operation has a cargo feature, named as its module is.".to_owned()
    };
    docs.extend(unit.lines().map(str::to_owned));
    docs.extend([
        " A type, its validator and its (de)serializers compile only when an enabled operation".into(),
        " needs them, so a program that calls a few operations builds only those:".into(),
        " `default-features = false, features = [\"client\", \"<feature>\", …]`. The default".into(),
        " `all-operations` enables every one.".into(),
        String::new(),
        " With the `serde` feature every type implements serde's `Serialize` and `Deserialize` in a".into(),
        " plain form: members by their model names, absent members omitted, timestamps in the".into(),
        " member's format. It is for storing and showing values; the client never goes through serde.".into(),
        String::new(),
    ]);
    docs.push(" Operations:".into());
    docs.push(String::new());
    for (op, o) in &ctx.plan.operations {
        let feature = features
            .of_operation
            .get(op)
            .map(|i| features.list[*i].name.as_str())
            .unwrap_or_default();
        docs.push(format!(
            " - `{}`: see [`operation::{}`] (feature `{feature}`)",
            o.wire_name,
            o.module.trim_start_matches("r#")
        ));
    }
    if !ctx.index.skipped.is_empty() {
        docs.push(String::new());
        docs.push(" Not generated (the rest of the service does not depend on them):".into());
        docs.push(String::new());
        for (op, reason) in &ctx.index.skipped {
            docs.push(format!(" - `{}`: {reason}", shape_name(op)));
        }
    }
    if let Some((op, first)) = ctx.plan.operations.iter().next() {
        let gate = ctx.cfg_predicate(&features.operation(op));
        docs.extend(
            [
                String::new(),
                " Every input checks itself against the model's constraints and reports all violations:".into(),
                String::new(),
                " ```".into(),
                format!(" # #[cfg({gate})] {{"),
                format!(" use {}::operation::{}::{};", ctx.crate_name, first.module, first.input),
                format!(" let input = {}::builder().build().expect(\"inputs always build\");", first.input),
                " if let Err(errors) = input.validate() {".into(),
                "     for violation in errors.violations() {".into(),
                "         println!(\"{violation}\");".into(),
                "     }".into(),
                " }".into(),
                " # }".into(),
                " ```".into(),
            ],
        );
    }
    // Every module documents itself with inner docs, so links in them resolve in its own scope.
    let mut mods = vec!["operation"];
    if !ctx.plan.types.is_empty() {
        mods.push("types");
    }
    let mod_items = mods.iter().map(|m| {
        let m = format_ident!("{}", m);
        quote! { #[rustfmt::skip] pub mod #m; }
    });
    let api = format_ident!("{}", facts.api_trait);
    // hyper's client (HTTP/2 by ALPN) only exists where the runtime's `http2` feature is on.
    let hyper_client = if ctx.plan.service.http2 {
        quote! { pub use ::lean_aws_runtime::client::HyperClient; }
    } else {
        TokenStream::new()
    };
    // A facade's validators and (de)serializers are its crates'.
    let (validators, protocol_serde) = if ctx.unit == Unit::Facade {
        (TokenStream::new(), TokenStream::new())
    } else {
        (
            quote! {
                #[rustfmt::skip]
                mod validators;
            },
            quote! {
                #[cfg(feature = "client")]
                #[rustfmt::skip]
                mod protocol_serde;
            },
        )
    };
    let recursion_limit = ctx.plan.recursion_limit.map(|limit| {
        let limit = limit.to_string();
        quote! {
            // Values nest deeply enough that rustc's default query depth (128) is not enough.
            #![recursion_limit = #limit]
        }
    });
    quote! {
        #( #![doc = #docs] )*
        #recursion_limit
        // Formatted by the generator; rustfmt would only fight it.
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // The model's deprecations are for the crate's users; the crate itself still has to name
        // deprecated shapes and members (in builders, validators, the client).
        #![allow(deprecated)]
        // Types nest as deeply as the model's shapes do (a list of maps of lists …); naming
        // each level would only add aliases no model asked for.
        #![allow(clippy::type_complexity)]

        #( #mod_items )*
        #validators
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        pub mod client;
        #protocol_serde
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        mod error_meta;
        /// Every error the service's operations can return, which each operation's error (and
        /// `SdkError` of it) converts into.
        #[cfg(feature = "client")]
        pub use error_meta::Error;

        pub use ::lean_aws_runtime::{error, primitives, validation};
        #[cfg(feature = "client")]
        pub use client::{Client, #api};
        #[cfg(feature = "client")]
        pub use ::lean_aws_runtime::client::{Call, Config, SdkError};
        /// How the client is configured: region, credentials, retries, timeouts, stalled-stream
        /// protection, validation and the HTTP client. Every generated service shares these types.
        #[cfg(feature = "client")]
        pub mod config {
            pub use ::lean_aws_runtime::client::{
                AccountIdEndpointMode, BehaviorVersion, Config, ConfigBuilder as Builder, Credentials, EnvironmentCredentials, HttpClient,
                Http1Client, HttpFuture, ProvideCredentials, Region, RequestCompression, ResponseBody,
                RetryConfig, StalledStreamProtectionConfig, StreamingFuture, TimeoutConfig, ValidationMode,
            };
            #hyper_client
            /// Retry settings, where aws-sdk-rust has them.
            pub mod retry {
                pub use ::lean_aws_runtime::client::RetryConfig;
            }
            /// Timeout settings, where aws-sdk-rust has them.
            pub mod timeout {
                pub use ::lean_aws_runtime::client::{TimeoutConfig, TimeoutConfigBuilder};
            }
        }
    }
}

/// `types.rs`, `types/error.rs`, and one file per type (an event stream's error enum included).
fn types<'a>(
    ctx: &'a Ctx<'_, '_>,
    vals: &'a Validators,
    serde: &'a aws_json::Names,
    jobs: &mut Vec<Job<'a>>,
) {
    for (id, stream) in &ctx.plan.event_streams {
        if !ctx.owns_shape(id) {
            continue;
        }
        jobs.push(Box::new(move || {
            vec![(
                format!("src/types/error/{}.rs", stream.error.module),
                Content::Rust(vec![Part::Formatted(super::op_error::emit_stream(
                    ctx, serde, id,
                ))]),
            )]
        }));
    }
    for (id, slot) in ctx.plan.types.iter().filter(|(id, _)| ctx.owns_shape(id)) {
        jobs.push(Box::new(move || {
            let shape = ctx.shape(id);
            let part = match shape.kind {
                ShapeType::Structure => {
                    let spec = StructSpec {
                        id,
                        name: slot.name.clone(),
                        is_input: false,
                        is_output: false,
                        doc_prefix: None,
                        validator: vals.name(id),
                    };
                    Part::Formatted(structure::emit(ctx, &spec))
                }
                ShapeType::Union => Part::Tokens(union::emit(ctx, id, &vals.name(id))),
                _ => enums::emit(ctx, id),
            };
            let dir = match slot.home {
                Home::Types => "src/types",
                Home::Error => "src/types/error",
            };
            vec![(
                format!("{dir}/{}.rs", slot.module),
                Content::Rust(vec![part]),
            )]
        }));
    }
    if !ctx.plan.types.is_empty() || ctx.is_member() {
        jobs.push(Box::new(move || type_modules(ctx)));
    }
}

/// `types.rs` and `types/error.rs`: the modules of the type files, and their builders.
fn type_modules(ctx: &Ctx<'_, '_>) -> Vec<(String, Content)> {
    let mut files = Vec::new();
    let mut homes: [Vec<(&str, &crate::check::TypeSlot)>; 2] = [Vec::new(), Vec::new()];
    for (id, slot) in ctx.plan.types.iter().filter(|(id, _)| ctx.owns_shape(id)) {
        homes[usize::from(slot.home == Home::Error)].push((id, slot));
    }
    let [plain, errors] = homes;
    let builders = |list: &[(&str, &crate::check::TypeSlot)]| {
        list.iter()
            .filter(|(id, _)| ctx.shape(id).kind == ShapeType::Structure)
            .map(|(id, slot)| {
                let m = format_ident!("{}", slot.module);
                let b = format_ident!("{}Builder", slot.name);
                let cfg = ctx.cfg(&ctx.needs(id));
                quote! { #cfg pub use super::#m::#b; }
            })
            .collect::<Vec<_>>()
    };
    let module_items = |list: &[(&str, &crate::check::TypeSlot)]| {
        list.iter()
            .map(|(id, slot)| {
                let m = format_ident!("{}", slot.module);
                let n = ident(&slot.name);
                let cfg = ctx.cfg(&ctx.needs(id));
                quote! { #cfg mod #m; #cfg pub use #m::#n; }
            })
            .collect::<Vec<_>>()
    };
    // An event stream's error enum, with the client only: only the client reads streams.
    let stream_errors = ctx
        .plan
        .event_streams
        .iter()
        .filter(|(id, _)| ctx.owns_shape(id))
        .map(|(id, stream)| {
            let m = format_ident!("{}", stream.error.module);
            let n = ident(&stream.error.name);
            let cfg = ctx.cfg(&ctx.needs(id));
            quote! {
                #cfg #[cfg(feature = "client")] mod #m;
                #cfg #[cfg(feature = "client")] pub use #m::#n;
            }
        });
    let plain_mods = module_items(&plain);
    let plain_builders = builders(&plain);
    let owned_streams = ctx.plan.event_streams.keys().any(|id| ctx.owns_shape(id));
    // The shared crate of a split always has an error module, which the parts' extend.
    let has_errors = !errors.is_empty() || owned_streams || ctx.unit == Unit::Shared;
    // A part sees the shared crate's types as its own: the code it shares with a whole crate
    // names them `crate::types::…`.
    let shared = |path: TokenStream| match (&ctx.plan.split, ctx.unit) {
        (Some(split), Unit::Part(_)) => {
            let krate = format_ident!("{}", crate::naming::crate_ident(&split.shared));
            quote! { #[allow(unused_imports)] pub use ::#krate::types::#path*; }
        }
        _ => TokenStream::new(),
    };
    let shared_types = shared(TokenStream::new());
    let shared_builders = shared(quote! { builders:: });
    let shared_errors = shared(quote! { error:: });
    let shared_error_builders = shared(quote! { error::builders:: });
    let error_mod = if !has_errors {
        quote! {}
    } else {
        quote! {
            /// Errors the service returns, as data.
            pub mod error;
        }
    };
    files.push((
        "src/types.rs".into(),
        Content::tokens(quote! {
            //! Data types the operations use: structures, enums and unions.
            #shared_types
            #( #plain_mods )*
            #error_mod
            /// Builders for the structures above.
            pub mod builders {
                #shared_builders
                #( #plain_builders )*
            }
        }),
    ));
    if has_errors {
        let mut error_mods = module_items(&errors);
        error_mods.extend(stream_errors);
        let error_builders = builders(&errors);
        files.push((
            "src/types/error.rs".into(),
            Content::tokens(quote! {
                #shared_errors
                #( #error_mods )*
                /// Builders for the errors above.
                pub mod builders {
                    #shared_error_builders
                    #( #error_builders )*
                }
            }),
        ));
    }
    files
}

/// `operation.rs` and one module per operation with its input and output.
fn operations<'a>(
    ctx: &'a Ctx<'_, '_>,
    vals: &'a Validators,
    serde: &'a aws_json::Names,
    jobs: &mut Vec<Job<'a>>,
) {
    let owned = || {
        ctx.index
            .operations
            .iter()
            .filter(|op| ctx.owns_operation(op))
    };
    if owned().next().is_none() {
        return;
    }
    for op in owned() {
        jobs.push(Box::new(move || operation_files(ctx, vals, serde, op)));
    }
    jobs.push(Box::new(move || {
        let mods = owned().map(|op| {
            let names = &ctx.plan.operations[*op];
            let module = ident(&names.module);
            let op_doc = ctx.docs(op);
            let cfg = ctx.cfg(&ctx.plan.features.operation(op));
            // The operations trait reaches each module by the method's name (`r#match` for the
            // module `match_`).
            let alias = if names.method == names.module {
                quote! {}
            } else {
                let method = ident(&names.method);
                let vis = ctx.crate_vis();
                quote! { #[cfg(feature = "client")] #cfg #vis use self::#module as #method; }
            };
            quote! { #op_doc #cfg pub mod #module; #alias }
        });
        vec![(
            "src/operation.rs".into(),
            Content::tokens(quote! {
                //! One module per operation, holding its input and output types.
                /// The request id of an output or error, where aws-sdk-rust has it.
                #[cfg(feature = "client")]
                pub use ::lean_aws_runtime::client::RequestId;
                #( #mods )*
            }),
        )]
    }));
}

/// `operation/<op>.rs` (input, output, builders) and `operation/<op>/client.rs`.
fn operation_files(
    ctx: &Ctx<'_, '_>,
    vals: &Validators,
    serde: &aws_json::Names,
    op: &str,
) -> Vec<(String, Content)> {
    let mut files = Vec::new();
    let names = &ctx.plan.operations[op];
    let shape = ctx.shape(op);
    let mut items = Vec::new();
    let mut builders = Vec::new();
    for (part, target, ty) in [
        ("input", &shape.input, &names.input),
        ("output", &shape.output, &names.output),
    ] {
        let doc_prefix = Some(format!("The {part} of `{}`.", names.wire_name));
        let validator = vals.name(&format!("{part}:{op}"));
        let b = format_ident!("{}Builder", ty);
        builders.push(quote! { pub use super::#b; });
        // No input or output is `smithy.api#Unit`, an empty structure: every operation still
        // gets both types, so all operations look alike to callers.
        let id = target.as_ref().map_or(UNIT, |t| t.target.as_str());
        items.push(structure::emit(
            ctx,
            &StructSpec {
                id,
                name: ty.clone(),
                is_input: part == "input",
                is_output: part == "output",
                doc_prefix,
                validator,
            },
        ));
    }
    let errors: Vec<String> = ctx
        .operation_errors(op)
        .into_iter()
        .map(|e| {
            format!(
                "[`{}`](crate::types::error::{})",
                shape_name(e),
                ctx.plan.types[e].name
            )
        })
        .collect();
    let mut docs = vec![format!(" The `{}` operation.", names.wire_name)];
    if !errors.is_empty() {
        docs.push(String::new());
        docs.push(format!(
            " Errors this operation can return: {}.",
            errors.join(", ")
        ));
    }
    let stem = names.module.trim_start_matches("r#");
    let error_ty = ident(&names.error);
    let fluent = format_ident!("{}FluentBuilder", names.name);
    let vis = ctx.crate_vis();
    files.push((
        format!("src/operation/{stem}/client.rs"),
        Content::Rust({
            let (error, tokens, fluent) = client::operation_items(ctx, serde, op);
            vec![
                Part::Tokens(quote! {
                    //! The client side of this operation: its error type, fluent builder and request pipeline.
                    use super::*;
                }),
                Part::Formatted(error),
                Part::Tokens(tokens),
                Part::Formatted(fluent),
            ]
        }),
    ));
    let mut parts = vec![Part::Tokens(quote! { #( #![doc = #docs] )* })];
    parts.extend(items.into_iter().map(Part::Formatted));
    parts.push(Part::Tokens(quote! {
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        mod client;
        #[cfg(feature = "client")]
        pub use client::#error_ty;
        #[cfg(feature = "client")]
        #vis use client::send;
        /// Builders for this operation's input and output (and, with the client, its call).
        pub mod builders {
            #( #builders )*
            #[cfg(feature = "client")]
            pub use super::client::#fluent;
        }
    }));
    files.push((format!("src/operation/{stem}.rs"), Content::Rust(parts)));
    files
}
