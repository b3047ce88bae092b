//! The files only a split service has ([`crate::plan::Split`]): the shared and part crates'
//! manifests and roots, and the facade's modules, which re-export every crate's items under the
//! paths one crate would have (`types::X`, `types::builders::XBuilder`, `operation::x`).
//!
//! The shared and part crates keep the module layout of a whole crate, and each part's modules
//! begin with a glob import of the shared crate's: code a part shares with a whole crate names
//! a shared type `crate::types::X` and finds it. What one crate calls in another is public and
//! hidden from docs ([`Ctx::crate_vis`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::crate_files::{client_feature, operation_features, runtime_dependency, toml_list};
use super::{Content, Ctx, Unit};
use crate::naming;
use crate::plan::Split;

/// The split of the plan; only called for the crates of one.
fn split<'a>(ctx: &Ctx<'a, '_>) -> &'a Split {
    match &ctx.plan.split {
        Some(split) => split,
        None => panic!("generator bug: a crate of a split emitted without one"),
    }
}

/// What enabling a crate feature (`client`, `serde`) enables in the crates below this one.
pub(super) fn forwarded(ctx: &Ctx<'_, '_>, feature: &str) -> Vec<String> {
    let Some(split) = &ctx.plan.split else {
        return Vec::new();
    };
    match ctx.unit {
        Unit::Whole | Unit::Shared => Vec::new(),
        Unit::Part(_) => vec![format!("{}/{feature}", split.shared)],
        Unit::Facade => std::iter::once(format!("{}/{feature}", split.shared))
            .chain(split.parts.iter().map(|p| format!("{}?/{feature}", p.name)))
            .collect(),
    }
}

/// What an operation feature (by index) enables: in the facade its part and the shared crate,
/// in a part the shared crate.
pub(super) fn operation_feature(ctx: &Ctx<'_, '_>, feature: usize) -> Vec<String> {
    let Some(split) = &ctx.plan.split else {
        return Vec::new();
    };
    let name = &ctx.plan.features.list[feature].name;
    let shared = format!("{}/{name}", split.shared);
    match ctx.unit {
        Unit::Whole | Unit::Shared => Vec::new(),
        Unit::Part(_) => vec![shared],
        Unit::Facade => {
            let part = &split.parts[split.part_of_feature[feature]].name;
            vec![format!("dep:{part}"), format!("{part}/{name}"), shared]
        }
    }
}

/// The `[dependencies]` lines for the crates below this one.
pub(super) fn member_dependencies(ctx: &Ctx<'_, '_>) -> String {
    let Some(split) = &ctx.plan.split else {
        return String::new();
    };
    let line = |name: &str, from: &str, optional: bool| {
        let optional = if optional { ", optional = true" } else { "" };
        format!("{name} = {{ version = \"0.1.0\", path = \"{from}{name}\"{optional} }}\n")
    };
    let dir = format!("{}/", super::PARTS_DIR);
    match ctx.unit {
        Unit::Whole | Unit::Shared => String::new(),
        Unit::Part(_) => line(&split.shared, "../", false),
        Unit::Facade => std::iter::once(line(&split.shared, &dir, false))
            .chain(split.parts.iter().map(|p| line(&p.name, &dir, true)))
            .collect(),
    }
}

/// The runtime's path from a crate two directories below the facade.
fn runtime_path_below(ctx: &Ctx<'_, '_>) -> Option<String> {
    let path = ctx.runtime_path.as_deref()?;
    Some(if std::path::Path::new(path).is_absolute() {
        path.to_owned()
    } else {
        format!("../../{path}")
    })
}

/// `Cargo.toml` of the shared crate or a part.
pub(super) fn member_manifest(ctx: &Ctx<'_, '_>) -> String {
    let split = split(ctx);
    let name = ctx.package().unwrap_or_default();
    let role = match ctx.unit {
        Unit::Shared => "the types several of its parts use".to_owned(),
        Unit::Part(p) => {
            let features: Vec<&str> = split.parts[p]
                .features
                .iter()
                .map(|f| ctx.plan.features.list[*f].name.as_str())
                .collect();
            format!("the operations of the features {}", features.join(", "))
        }
        Unit::Whole | Unit::Facade => String::new(),
    };
    let mut serde = vec!["dep:serde".to_owned(), "lean-aws-runtime/serde".to_owned()];
    serde.extend(forwarded(ctx, "serde"));
    let member_ctx = Ctx {
        runtime_path: runtime_path_below(ctx),
        ..ctx.clone()
    };
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
rust-version = "1.88"
description = "Part of `{facade}`, the crate to depend on: {role}"
license = "Apache-2.0"
publish = false

[lib]
# Its examples are the facade's.
doctest = false

[features]
{client}
serde = {serde}
{operations}
[dependencies]
{runtime}
serde = {{ version = "1", features = ["derive"], optional = true }}
{members}"#,
        facade = ctx.crate_name,
        client = client_feature(ctx),
        serde = toml_list(&serde),
        operations = operation_features(ctx),
        runtime = runtime_dependency(member_ctx.runtime_path.as_deref()),
        members = member_dependencies(ctx),
    )
}

/// `src/lib.rs` of the shared crate or a part: its modules, all public and hidden (the facade
/// shows them), and in the shared crate the trait through which inputs reach a client.
pub(super) fn member_lib_rs(ctx: &Ctx<'_, '_>) -> TokenStream {
    let doc = format!(
        " Part of `{}`, which re-exports it under its own paths: depend on that crate instead.",
        ctx.crate_name
    );
    let operation = match ctx.unit {
        Unit::Part(_) => quote! {
            #[doc(hidden)]
            #[rustfmt::skip]
            pub mod operation;
        },
        _ => TokenStream::new(),
    };
    let service_client = match ctx.unit {
        Unit::Shared => quote! {
            /// What an input's `send_with` sends through: the facade's `Client`.
            #[cfg(feature = "client")]
            #[doc(hidden)]
            pub trait ServiceClient {
                /// The client's connection to the service.
                fn handle(&self) -> &::lean_aws_runtime::client::Handle;
            }
        },
        _ => TokenStream::new(),
    };
    let recursion_limit = ctx.plan.recursion_limit.map(|limit| {
        let limit = limit.to_string();
        quote! { #![recursion_limit = #limit] }
    });
    quote! {
        #![doc = #doc]
        #recursion_limit
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #![forbid(unsafe_code)]
        #![allow(deprecated)]
        #![allow(clippy::type_complexity)]

        #operation
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod types;
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod validators;
        #[cfg(feature = "client")]
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod protocol_serde;
        #service_client
    }
}

/// The facade's `types.rs` and `operation.rs`: glob re-exports of each crate's modules, each
/// part's compiled when one of its features is on.
pub(super) fn facade_modules(ctx: &Ctx<'_, '_>) -> Vec<(String, Content)> {
    let split = split(ctx);
    let shared = format_ident!("{}", naming::crate_ident(&split.shared));
    let parts: Vec<(TokenStream, proc_macro2::Ident)> = (0..split.parts.len())
        .map(|p| {
            let cfg = ctx.cfg(&split.gate_of_part(p));
            let krate = format_ident!("{}", naming::crate_ident(&split.parts[p].name));
            (cfg, krate)
        })
        .collect();
    let globs = |path: TokenStream, with_shared: bool| {
        // A crate may have nothing under a path (no errors, say): its glob is then unused.
        let shared =
            with_shared.then(|| quote! { #[allow(unused_imports)] pub use ::#shared::#path*; });
        let parts = parts.iter().map(|(cfg, krate)| {
            quote! { #cfg #[allow(unused_imports)] pub use ::#krate::#path*; }
        });
        quote! { #shared #( #parts )* }
    };
    let types = globs(quote! { types:: }, true);
    let builders = globs(quote! { types::builders:: }, true);
    let errors = globs(quote! { types::error:: }, true);
    let error_builders = globs(quote! { types::error::builders:: }, true);
    let operations = globs(quote! { operation:: }, false);
    vec![
        (
            "src/types.rs".to_owned(),
            Content::tokens(quote! {
                //! Data types the operations use: structures, enums and unions.
                #types
                /// Errors the service returns, as data.
                pub mod error {
                    #errors
                    /// Builders for the errors above.
                    pub mod builders {
                        #error_builders
                    }
                }
                /// Builders for the structures above.
                pub mod builders {
                    #builders
                }
            }),
        ),
        (
            "src/operation.rs".to_owned(),
            Content::tokens(quote! {
                //! One module per operation, holding its input and output types.
                /// The request id of an output or error, where aws-sdk-rust has it.
                #[cfg(feature = "client")]
                pub use ::lean_aws_runtime::client::RequestId;
                #operations
            }),
        ),
    ]
}
