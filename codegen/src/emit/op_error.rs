//! An operation's error enum, as aws-sdk-rust shapes it: one variant per modeled error and a
//! deprecated `Unhandled`, classification of an error response by its code, and the methods and
//! traits aws-sdk users call (`meta()`, `code()`, `is_*()`, `unhandled()`, `generic()`,
//! `ProvideErrorMetadata`, `CreateUnhandledError`, `RequestId`). Written as text: it is the same
//! for every operation but for its variants.

use super::Ctx;
use super::protocol::aws_json;
use super::text::{Code, str_lit};
use crate::model::shape_name;

/// One modeled error of an operation.
struct Variant {
    /// The variant (and error type) name.
    name: String,
    /// The error type's path.
    ty: String,
    /// The error code on the wire: the shape's name.
    code: String,
    /// The function that reads an error response as this error.
    read: String,
}

const RT: &str = "::lean_aws_runtime::client";

/// The error enum of operation `op` and its impls.
pub(crate) fn emit(ctx: &Ctx<'_, '_>, serde: &aws_json::Names, op: &str) -> String {
    let names = &ctx.plan.operations[op];
    let variants: Vec<Variant> = ctx
        .operation_errors(op)
        .into_iter()
        .map(|e| Variant {
            name: ctx.plan.types[e].name.clone(),
            ty: ctx.type_path_text(e),
            code: shape_name(e).to_owned(),
            read: serde.error_path(e),
        })
        .collect();
    let doc = format!("An error `{}` can return.", names.wire_name);
    error_enum(&names.error, &doc, &variants, true)
}

/// The error enum of event stream `id`: the errors its messages may end it with. Its messages
/// are read by the stream's unmarshaller, so it has no `from_response`.
pub(crate) fn emit_stream(ctx: &Ctx<'_, '_>, serde: &aws_json::Names, id: &str) -> String {
    let stream = &ctx.plan.event_streams[id];
    let shape = ctx.shape(id);
    let variants: Vec<Variant> = stream
        .errors
        .iter()
        .map(|member| {
            let e = shape.members[member].target.as_str();
            Variant {
                name: ctx.plan.types[e].name.clone(),
                ty: ctx.type_path_text(e),
                code: member.clone(),
                read: serde.error_path(e),
            }
        })
        .collect();
    let doc = format!(
        "An error the `{}` event stream can end with.",
        shape_name(id)
    );
    error_enum(&stream.error.name, &doc, &variants, false)
}

/// An error enum with `variants`, and `from_response` when it is an operation's.
fn error_enum(error: &str, doc: &str, variants: &[Variant], from_response: bool) -> String {
    let mut code = Code::new();

    code.doc_line(doc);
    code.line("#[derive(::std::fmt::Debug)]");
    code.line("#[non_exhaustive]");
    code.open(&format!("pub enum {error}"));
    for v in variants {
        code.doc_line(&format!("The service returned `{}`.", v.code));
        code.line(&format!("{}({}),", v.name, v.ty));
    }
    code.block(UNHANDLED_VARIANT);
    code.close("");

    code.line("#[allow(deprecated)]");
    code.open(&format!("impl {error}"));
    if from_response {
        self::from_response(variants, &mut code);
    }
    code.block(&format!(
        "/// The `Unhandled` variant for any error.
#[inline]
pub fn unhandled(err: impl Into<{RT}::BoxError>) -> Self {{
    Self::Unhandled({RT}::Unhandled::new(err, ::std::default::Default::default()))
}}
/// The `Unhandled` variant for an error response's metadata.
#[inline]
pub fn generic(err: {RT}::ErrorMetadata) -> Self {{
    Self::Unhandled({RT}::Unhandled::new(err.clone(), err))
}}"
    ));
    code.doc_line("The error's code, message and request id.");
    code.open_fn("pub fn meta", &["&self"], &format!("&{RT}::ErrorMetadata"));
    code.open("match self");
    for v in variants {
        code.line(&format!(
            "Self::{}(e) => {RT}::ProvideErrorMetadata::meta(e),",
            v.name
        ));
    }
    code.line("Self::Unhandled(e) => e.meta(),");
    code.close("");
    code.close("");
    code.doc_line("The error code: the modeled error's name, or what the service sent.");
    code.open_fn("pub fn code", &["&self"], "Option<&str>");
    code.open("match self");
    for v in variants {
        code.line(&format!(
            "Self::{}(_) => Some({}),",
            v.name,
            str_lit(&v.code)
        ));
    }
    code.line("Self::Unhandled(e) => e.meta().code(),");
    code.close("");
    code.close("");
    for v in variants {
        let f = format!(
            "is_{}",
            crate::naming::file_stem(&crate::naming::field_name(&v.code))
        );
        code.doc_line(&format!("Whether this is `{}`.", v.code));
        code.open_fn(&format!("pub fn {f}"), &["&self"], "bool");
        code.line(&format!("::std::matches!(self, Self::{}(_))", v.name));
        code.close("");
    }
    code.close("");

    code.line("#[allow(deprecated)]");
    code.open(&format!("impl ::std::fmt::Display for {error}"));
    code.open_fn(
        "fn fmt",
        &["&self", "f: &mut ::std::fmt::Formatter<'_>"],
        "::std::fmt::Result",
    );
    code.open("match self");
    for v in variants {
        code.line(&format!(
            "Self::{}(e) => ::std::fmt::Display::fmt(e, f),",
            v.name
        ));
    }
    code.block(
        r#"Self::Unhandled(_) => match self.code() {
    Some(code) => ::std::write!(f, "unhandled error ({code})"),
    None => f.write_str("unhandled error"),
},"#,
    );
    code.close("");
    code.close("");
    code.close("");

    code.line("#[allow(deprecated)]");
    code.open(&format!("impl ::std::error::Error for {error}"));
    code.open_fn(
        "fn source",
        &["&self"],
        "Option<&(dyn ::std::error::Error + 'static)>",
    );
    code.open("match self");
    for v in variants {
        code.line(&format!("Self::{}(e) => Some(e),", v.name));
    }
    code.line("Self::Unhandled(e) => Some(e.source()),");
    code.close("");
    code.close("");
    code.close("");
    code.block(&TRAITS.replace("{error}", error).replace("{RT}", RT));
    code.finish()
}

/// `from_response`: the variant the response's error code names, its body read into the error
/// type; `Unhandled` when the code is not modeled or the body cannot be read.
fn from_response(variants: &[Variant], code: &mut Code) {
    code.doc_line("Classifies an error response by its AWS JSON error code.");
    code.open_fn(
        "pub(crate) fn from_response",
        &[&format!("raw: &{RT}::RawResponse")],
        "Self",
    );
    code.line(&format!("let meta = {RT}::parse_error_metadata(raw);"));
    if variants.is_empty() {
        code.line("Self::generic(meta)");
        code.close("");
        return;
    }
    code.line("let body = ::lean_aws_runtime::protocol::aws_json::parse_body(&raw.body);");
    code.open("match meta.code()");
    for v in variants {
        code.open(&format!("Some({}) =>", str_lit(&v.code)));
        code.chain(
            &format!("{}(&body, meta)", v.read),
            &[&format!(".map_or_else(Self::Unhandled, Self::{})", v.name)],
            "",
        );
        code.close("");
    }
    code.line("_ => Self::generic(meta),");
    code.close("");
    code.close("");
}

const UNHANDLED_VARIANT: &str = r#"/// An error the model does not describe (throttling, a service fault, a newer error),
/// or a modeled one whose body could not be read.
#[deprecated(
    note = "Matching `Unhandled` directly is not forwards compatible: match other errors with a wildcard pattern and check `.code()` (`ProvideErrorMetadata`)."
)]
Unhandled(::lean_aws_runtime::client::Unhandled),"#;

const TRAITS: &str = r#"impl {RT}::ProvideErrorMetadata for {error} {
    #[inline]
    fn meta(&self) -> &{RT}::ErrorMetadata {
        {error}::meta(self)
    }
}
#[allow(deprecated)]
impl {RT}::CreateUnhandledError for {error} {
    #[inline]
    fn create_unhandled_error(
        source: {RT}::BoxError,
        meta: Option<{RT}::ErrorMetadata>,
    ) -> Self {
        Self::Unhandled({RT}::Unhandled::new(source, meta.unwrap_or_default()))
    }
}
impl {RT}::RequestId for {error} {
    #[inline]
    fn request_id(&self) -> Option<&str> {
        {RT}::RequestId::request_id(self.meta())
    }
}"#;
