//! Renders emitted files to text, each behind a preamble that says it is generated and by what:
//! token parts through `syn` and prettyplease, parts the emitters already formatted as they are.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::GeneratedFile;
use crate::emit::{Content, Job, Part};
use crate::error::Errors;

/// The command that regenerates the output, named in every preamble.
pub const COMMAND: &str = "cargo xtask codegen";

/// Renders every file, one thread; a token stream that does not parse is a generator bug,
/// reported by path.
#[cfg(test)]
pub(crate) fn render(files: Vec<(String, Content)>) -> Result<Vec<GeneratedFile>, Errors> {
    let mut errors = Errors::default();
    let mut out = Vec::with_capacity(files.len());
    for (path, content) in files {
        match render_one(path, content) {
            Ok(file) => out.push(file),
            Err((path, e)) => errors.push(&path, e),
        }
    }
    errors.into_result(out)
}

/// The stack of each render thread: reserved, not committed, so it costs only what is used.
const RENDER_STACK: usize = 64 * 1024 * 1024;

/// Runs every job and renders its files, on as many threads as the machine has cores (jobs are
/// independent; each thread renders what its jobs made). The files come back in path order,
/// whatever ran where, so the output does not depend on scheduling.
pub(crate) fn run(jobs: &[Job<'_>]) -> Result<Vec<GeneratedFile>, Errors> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return done;
            };
            for (path, content) in job() {
                done.push(render_one(path, content));
            }
        }
    };
    // Always on threads of ours: parsing and printing a type nested 128 deep (the most a model
    // may nest) recurses deeper than a default 2 MiB thread stack allows in a debug build.
    let mut results = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(RENDER_STACK)
                    .spawn_scoped(scope, work)
            })
            .collect();
        let mut all = Vec::new();
        for handle in handles {
            // A thread that cannot be started is not a model problem; say so plainly.
            let handle = handle.unwrap_or_else(|e| panic!("cannot start a render thread: {e}"));
            match handle.join() {
                Ok(done) => all.extend(done),
                // A panic in an emitter is a generator bug; let it surface as one.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_by(|a, b| path_of(a).cmp(path_of(b)));
    let mut errors = Errors::default();
    let mut out = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => out.push(file),
            Err((path, e)) => errors.push(&path, e),
        }
    }
    errors.into_result(out)
}

fn path_of(result: &Result<GeneratedFile, (String, String)>) -> &str {
    match result {
        Ok(file) => &file.path,
        Err((path, _)) => path,
    }
}

fn render_one(path: String, content: Content) -> Result<GeneratedFile, (String, String)> {
    let mut contents = preamble(&path);
    match content {
        Content::Rust(parts) => {
            let mut formatted = false;
            for part in parts {
                match part {
                    Part::Tokens(tokens) => match pretty(tokens) {
                        Ok(rust) => contents.push_str(&rust),
                        Err(e) => return Err((path, e)),
                    },
                    Part::Formatted(text) => {
                        formatted = true;
                        contents.push_str(&text);
                    }
                }
            }
            // Text written by templates must still parse. Checking costs as much as formatting
            // tokens, so only builds with debug assertions do it (tests and `cargo xtask
            // codegen`); every generated crate is compiled in CI besides.
            if formatted
                && cfg!(debug_assertions)
                && let Err(e) = syn::parse_file(&contents)
            {
                let e = format!("generated text does not parse (a generator bug): {e}");
                return Err((path, e));
            }
        }
        Content::Text(text) => contents.push_str(&text),
    }
    Ok(GeneratedFile { path, contents })
}

/// Tokens as formatted Rust, every function in them `#[inline]`; tokens that do not parse are a
/// generator bug.
fn pretty(tokens: proc_macro2::TokenStream) -> Result<String, String> {
    let mut file = syn::parse2::<syn::File>(tokens)
        .map_err(|e| format!("generated code does not parse (a generator bug): {e}"))?;
    inline_functions(&mut file.items);
    Ok(prettyplease::unparse(&file))
}

/// Marks every function `#[inline]`: free functions, methods of impls and traits' provided
/// methods, in nested modules too (text templates write the attribute themselves, `Code::open_fn`).
///
/// This is what keeps a release build of a large crate cheap. A function without the attribute is
/// compiled to machine code in the crate that defines it, used or not; an `#[inline]` one only in
/// the crates that call it, and only if they do. A program that calls three operations of a
/// 400-operation crate then pays the optimizer for those three (their builders, serializers and
/// validators), and the crate's own release build hardly reaches the code generator at all
/// (`cargo xtask build-cost` measures both).
fn inline_functions(items: &mut [syn::Item]) {
    fn mark(attrs: &mut Vec<syn::Attribute>) {
        if !attrs.iter().any(|a| a.path().is_ident("inline")) {
            attrs.push(syn::parse_quote!(#[inline]));
        }
    }
    for item in items {
        match item {
            syn::Item::Fn(f) => mark(&mut f.attrs),
            syn::Item::Impl(imp) => {
                for item in &mut imp.items {
                    if let syn::ImplItem::Fn(f) = item {
                        mark(&mut f.attrs);
                    }
                }
            }
            syn::Item::Trait(t) => {
                for item in &mut t.items {
                    if let syn::TraitItem::Fn(f) = item
                        && f.default.is_some()
                    {
                        mark(&mut f.attrs);
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &mut m.content {
                    inline_functions(items);
                }
            }
            _ => {}
        }
    }
}

/// `// @generated …` for Rust, `# @generated …` for TOML.
fn preamble(path: &str) -> String {
    let comment = if path.ends_with(".toml") { "#" } else { "//" };
    format!("{comment} @generated by `{COMMAND}`. Do not edit by hand.\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn renders_with_preambles() {
        let files = vec![
            (
                "src/a.rs".to_owned(),
                Content::tokens(quote! { #[doc = " Hi."] pub struct A; }),
            ),
            (
                "src/b.rs".to_owned(),
                Content::Rust(vec![
                    Part::Tokens(quote! { pub struct B; }),
                    Part::Formatted("m! {\n    x\n}\n".into()),
                ]),
            ),
            ("Cargo.toml".to_owned(), Content::Text("[package]\n".into())),
        ];
        let out = render(files).unwrap();
        assert_eq!(
            out[0].contents,
            "// @generated by `cargo xtask codegen`. Do not edit by hand.\n/// Hi.\npub struct A;\n"
        );
        assert_eq!(
            out[1].contents,
            "// @generated by `cargo xtask codegen`. Do not edit by hand.\npub struct B;\nm! {\n    x\n}\n",
            "the formatted text follows the tokens as laid out"
        );
        assert!(
            out[2].contents.starts_with(
                "# @generated by `cargo xtask codegen`. Do not edit by hand.\n[package]"
            )
        );
    }

    #[test]
    fn unparsable_tokens_are_an_error_not_a_panic() {
        let files = vec![(
            "src/bad.rs".to_owned(),
            Content::tokens(quote! { fn broken }),
        )];
        let err = render(files).unwrap_err().to_string();
        assert!(
            err.contains("src/bad.rs: generated code does not parse"),
            "{err}"
        );
    }

    #[test]
    fn formatted_text_that_does_not_parse_is_an_error() {
        let files = vec![(
            "src/bad.rs".to_owned(),
            Content::Rust(vec![
                Part::Tokens(quote! { pub struct A; }),
                Part::Formatted("m! { unclosed\n".into()),
            ]),
        )];
        let err = render(files).unwrap_err().to_string();
        assert!(
            err.contains("src/bad.rs: generated text does not parse (a generator bug)"),
            "{err}"
        );
    }
}
