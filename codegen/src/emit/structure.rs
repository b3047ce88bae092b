//! Structures: the type, its getters, its builder, `validate()`, and for `@error` shapes the
//! `Display`/`Error` impls. Operation inputs and outputs are structures too, renamed per operation.

use proc_macro2::{Ident, TokenStream};

use super::text::{Code, str_lit};
use super::{Ctx, ident};
use crate::check::Presence;
use crate::model::{Member, ShapeType};
use crate::naming::accessors;

/// How a structure is emitted.
pub(crate) struct StructSpec<'a> {
    /// The structure's shape ID.
    pub id: &'a str,
    /// The Rust type name.
    pub name: String,
    /// Operation inputs: every member is optional whatever `@required`/`@default` say (Smithy 2.0
    /// client rules), so a service can relax a requirement without breaking callers.
    pub is_input: bool,
    /// An operation's output: it also keeps the response's request id (with `client`).
    pub is_output: bool,
    /// Extra documentation to put first (for synthesized operation shapes).
    pub doc_prefix: Option<String>,
    /// The validator function for this type.
    pub validator: Ident,
}

/// One member as a field.
pub(crate) struct Field<'m> {
    pub member_name: &'m str,
    pub member: &'m Member,
    pub ident: Ident,
    /// The field's name as written in Rust (`r#type`).
    pub name: String,
    /// The value type, boxed when needed to break recursion; without the `Option`.
    pub ty: String,
    pub boxed: bool,
    /// `Option<ty>` in the structure.
    pub optional: bool,
    /// `@required`.
    pub required: bool,
    /// The default for a non-optional member that has one.
    pub default: bool,
    /// The member or its target is `@sensitive`.
    pub sensitive: bool,
    /// Its documentation as Markdown, never empty.
    pub docs: String,
    /// Its deprecation message (empty when the model gives none); `None` when not deprecated.
    pub deprecation: Option<String>,
    /// It holds an event stream: the receiver of its events, there only with the client.
    pub stream: bool,
}

impl Field<'_> {
    /// The value type as tokens.
    pub fn ty_tokens(&self) -> TokenStream {
        super::tokens(&self.ty)
    }

    /// The type the field is declared with: `Option<ty>` when optional.
    fn declared(&self) -> String {
        if self.optional {
            format!("Option<{}>", self.ty)
        } else {
            self.ty.clone()
        }
    }
}

/// The fields of a structure, in model order, as the plan decided them.
pub(crate) fn fields<'m>(ctx: &Ctx<'_, 'm>, id: &'m str, is_input: bool) -> Vec<Field<'m>> {
    let shape = ctx.shape(id);
    shape
        .members
        .iter()
        .map(|(name, m)| {
            let plan = ctx.member(id, name);
            // As in aws-sdk-rust, an event stream is always there, whatever `@required` says: a
            // response that streams has its stream.
            let stream = ctx.event_stream(&m.target).is_some();
            let optional = !stream && (is_input || plan.presence == Presence::Optional);
            let inner = if stream {
                ctx.receiver_type_text(&m.target)
            } else {
                ctx.rust_type_text(&m.target)
            };
            let ty = if plan.boxed {
                format!("Box<{inner}>")
            } else {
                inner
            };
            let field = &ctx.plan.fields[&(id.to_owned(), name.clone())];
            Field {
                member_name: name,
                member: m,
                ident: ident(field),
                name: field.clone(),
                ty,
                boxed: plan.boxed,
                optional,
                required: plan.required,
                default: !optional && plan.presence == Presence::Defaulted,
                sensitive: plan.sensitive,
                docs: ctx.member_markdown(id, name).into_owned(),
                deprecation: ctx.deprecation(&format!("{id}${name}")).map(str::to_owned),
                stream,
            }
        })
        .collect()
}

/// Emits the structure, its impls and its builder, as formatted text.
pub(crate) fn emit(ctx: &Ctx<'_, '_>, spec: &StructSpec<'_>) -> String {
    let fields = fields(ctx, spec.id, spec.is_input);
    let name = spec.name.as_str();
    let builder = format!("{name}Builder");
    let sensitive_shape = ctx.plan.sensitive.contains(spec.id);
    let any_sensitive = sensitive_shape || fields.iter().any(|f| f.sensitive);
    let is_error = ctx.is_error(spec.id);
    // An event stream's receiver is read once, by one owner: it is neither cloned, compared nor
    // serialized, and neither is what holds it.
    let streams = fields.iter().any(|f| f.stream);
    let derive = match (any_sensitive, streams) {
        (true, false) => "Clone, PartialEq",
        (false, false) => "Clone, PartialEq, ::std::fmt::Debug",
        (false, true) => "::std::fmt::Debug",
        // `Debug` by hand, below.
        (true, true) => "",
    };
    let allow_deprecated =
        fields.iter().any(|f| f.deprecation.is_some()) || ctx.deprecation(spec.id).is_some();
    let mut code = Code::new();

    // The type.
    if let Some(prefix) = &spec.doc_prefix {
        code.docs(prefix);
    }
    match ctx.markdown(spec.id).filter(|m| !m.trim().is_empty()) {
        Some(markdown) => code.docs(markdown),
        None if spec.doc_prefix.is_none() => code.doc_line(&format!(
            "The `{}` structure.",
            crate::model::shape_name(spec.id)
        )),
        None => {}
    }
    code.deprecated(ctx.deprecation(spec.id));
    if !derive.is_empty() {
        code.line(&format!("#[derive({derive})]"));
    }
    if !streams {
        code.line(
            r#"#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]"#,
        );
    }
    code.line("#[non_exhaustive]");
    let extra = is_error || spec.is_output;
    if fields.is_empty() && !extra {
        code.line(&format!("pub struct {name} {{}}"));
    } else {
        code.open(&format!("pub struct {name}"));
        for f in &fields {
            code.docs(&f.docs);
            code.deprecated(f.deprecation.as_deref());
            if f.stream {
                code.line(CLIENT_ONLY);
            } else if !streams {
                serde_attr(ctx, spec.id, f, &mut code);
            }
            code.typed(&format!("pub {}: ", f.name), &f.declared(), ",");
        }
        if is_error {
            code.doc_line("The response's code, message and request id.");
            code.line(r#"#[cfg(feature = "client")]"#);
            code.line(r#"#[cfg_attr(feature = "serde", serde(skip))]"#);
            code.line("pub(crate) meta: ::lean_aws_runtime::client::ErrorMetadata,");
        } else if spec.is_output {
            code.line(r#"#[cfg(feature = "client")]"#);
            if !streams {
                code.line(r#"#[cfg_attr(feature = "serde", serde(skip))]"#);
            }
            code.line("pub(crate) _request_id: Option<String>,");
        }
        code.close("");
    }

    // Its getters, `builder()` and `validate()`.
    if allow_deprecated {
        code.line("#[allow(deprecated)]");
    }
    code.open(&format!("impl {name}"));
    for f in &fields {
        getter(ctx, f, &mut code);
    }
    code.doc_line(&format!("Creates a builder for [`{name}`]."));
    code.open_fn("pub fn builder", &[], &builder);
    code.line(&format!("{builder}::default()"));
    code.close("");
    code.doc_line(
        "Checks every constraint the model states and returns all violations, each with the",
    );
    code.doc_line("path of the member it concerns.");
    code.open_fn(
        "pub fn validate",
        &["&self"],
        "Result<(), ::lean_aws_runtime::validation::ValidationErrors>",
    );
    code.line("let mut v = ::lean_aws_runtime::validation::Validator::new();");
    let call = format!("crate::validators::{}(&mut v, self);", spec.validator);
    if code.fits(&call) {
        code.line(&call);
    } else {
        code.line(&format!("crate::validators::{}(", spec.validator));
        code.block("    &mut v,\n    self,");
        code.line(");");
    }
    code.line("v.finish()");
    code.close("");
    code.close("");
    if any_sensitive {
        debug_impl(name, &fields, sensitive_shape, &mut code);
    }
    if is_error {
        error_impls(name, &fields, &mut code);
    }

    // The builder.
    code.doc_line(&format!("A builder for [`{name}`]."));
    let builder_derive = if streams {
        format!(
            "Default{}",
            if any_sensitive {
                ""
            } else {
                ", ::std::fmt::Debug"
            }
        )
    } else {
        derive.replacen("PartialEq", "PartialEq, Default", 1)
    };
    code.line(&format!("#[derive({builder_derive})]"));
    code.line("#[non_exhaustive]");
    if fields.is_empty() && !extra {
        code.line(&format!("pub struct {builder} {{}}"));
    } else {
        code.open(&format!("pub struct {builder}"));
        for f in &fields {
            let ty = format!("Option<{}>", builder_value_type(ctx, f));
            if f.stream {
                code.line(CLIENT_ONLY);
            }
            code.typed(&format!("pub(crate) {}: ", f.name), &ty, ",");
        }
        if is_error {
            code.line(r#"#[cfg(feature = "client")]"#);
            code.line("pub(crate) meta: Option<::lean_aws_runtime::client::ErrorMetadata>,");
        } else if spec.is_output {
            code.line(r#"#[cfg(feature = "client")]"#);
            code.line("pub(crate) _request_id: Option<String>,");
        }
        code.close("");
    }
    if allow_deprecated {
        code.line("#[allow(deprecated)]");
    }
    // Setters are named after members; a member called `Add` must not be taken for `ops::Add`.
    code.line("#[allow(clippy::should_implement_trait)]");
    code.open(&format!("impl {builder}"));
    for f in &fields {
        builder_methods(ctx, f, &mut code);
    }
    build_fn(name, &fields, spec, is_error, &mut code);
    code.close("");
    if is_error {
        code.block(&ERROR_META_METHODS.replace("{builder}", &builder));
    } else if spec.is_output {
        code.block(
            &REQUEST_ID_METHODS
                .replace("{name}", name)
                .replace("{builder}", &builder),
        );
    }
    if any_sensitive {
        debug_impl(&builder, &fields, sensitive_shape, &mut code);
    }
    code.finish()
}

/// What marks the items of a field that holds an event stream, which only the client has.
const CLIENT_ONLY: &str = r#"#[cfg(feature = "client")]"#;

/// Errors keep the response's metadata, as aws-sdk-rust's do (only the client reads responses).
const ERROR_META_METHODS: &str = r#"#[cfg(feature = "client")]
impl {builder} {
    /// Sets the error's metadata: code, message and request id.
    #[inline]
    pub fn meta(mut self, meta: ::lean_aws_runtime::client::ErrorMetadata) -> Self {
        self.meta = Some(meta);
        self
    }
    /// Sets (or with `None`, clears) the error's metadata.
    #[inline]
    pub fn set_meta(
        &mut self,
        meta: Option<::lean_aws_runtime::client::ErrorMetadata>,
    ) -> &mut Self {
        self.meta = meta;
        self
    }
}
"#;

/// Outputs keep the response's request id, as aws-sdk-rust's do.
const REQUEST_ID_METHODS: &str = r#"#[cfg(feature = "client")]
impl ::lean_aws_runtime::client::RequestId for {name} {
    #[inline]
    fn request_id(&self) -> Option<&str> {
        self._request_id.as_deref()
    }
}
#[cfg(feature = "client")]
impl {builder} {
    /// Sets the request id, as a response does (for test doubles).
    #[inline]
    pub fn _request_id(mut self, request_id: impl Into<String>) -> Self {
        self._request_id = Some(request_id.into());
        self
    }
    /// Sets (or with `None`, clears) the request id.
    #[inline]
    pub fn _set_request_id(&mut self, request_id: Option<String>) -> &mut Self {
        self._request_id = request_id;
        self
    }
}
"#;

/// The type a builder holds for a field: the unboxed value type.
fn builder_value_type(ctx: &Ctx<'_, '_>, f: &Field<'_>) -> String {
    if f.boxed {
        ctx.rust_type_text(&f.member.target)
    } else {
        f.ty.clone()
    }
}

/// serde attributes for a field (with the crate's `serde` feature): the wire name, omission of
/// absent members, and formats for the types JSON has no native form for.
fn serde_attr(ctx: &Ctx<'_, '_>, id: &str, f: &Field<'_>, code: &mut Code) {
    let mut parts = Vec::new();
    let wire = f.member_name;
    if f.name.trim_start_matches("r#") != wire {
        parts.push(format!("rename = {}", str_lit(wire)));
    }
    if f.optional {
        parts.push("default".to_owned());
        parts.push(r#"skip_serializing_if = "Option::is_none""#.to_owned());
    } else if f.default {
        parts.push("default".to_owned());
    }
    let target = ctx.shape(&f.member.target);
    // Values JSON has no native form for go through a codec; a list of them through the list form.
    let helper = match (target.kind, &target.member) {
        (ShapeType::List | ShapeType::Set, Some(element))
            if !ctx.member(&f.member.target, "member").nullable =>
        {
            super::codec_name(ctx, (&f.member.target, "member"), element)
                .map(|codec| format!("vec_{codec}"))
        }
        _ => super::codec_name(ctx, (id, f.member_name), f.member).map(str::to_owned),
    };
    if let Some(helper) = helper {
        let opt = if f.optional { "opt_" } else { "" };
        parts.push(format!(
            "with = \"::lean_aws_runtime::serde_util::{opt}{helper}\""
        ));
    }
    if !parts.is_empty() {
        let serde = format!("serde({})", parts.join(", "));
        code.attr("cfg_attr", &[r#"feature = "serde""#.to_owned(), serde]);
    }
}

/// What kind of value a field holds, for choosing getter and setter shapes.
pub(crate) enum Flavor {
    Str,
    /// A list, with its element type.
    List(String),
    /// A map, with its key and value types.
    Map(String, String),
    Copy,
    Other,
}

pub(crate) fn flavor(ctx: &Ctx<'_, '_>, m: &Member) -> Flavor {
    let shape = ctx.shape(&m.target);
    match shape.kind {
        ShapeType::String if !ctx.plan.enums.contains_key(&m.target) => Flavor::Str,
        ShapeType::List | ShapeType::Set => {
            Flavor::List(ctx.element_type_text(&m.target, "member"))
        }
        ShapeType::Map => Flavor::Map(
            ctx.element_type_text(&m.target, "key"),
            ctx.element_type_text(&m.target, "value"),
        ),
        ShapeType::Boolean
        | ShapeType::Byte
        | ShapeType::Short
        | ShapeType::Integer
        | ShapeType::Long
        | ShapeType::Float
        | ShapeType::Double => Flavor::Copy,
        _ => Flavor::Other,
    }
}

fn getter(ctx: &Ctx<'_, '_>, f: &Field<'_>, code: &mut Code) {
    let name = &f.name;
    let inner = if f.stream {
        code.line(CLIENT_ONLY);
        f.ty.clone()
    } else {
        ctx.rust_type_text(&f.member.target)
    };
    let (ret, body) = match (flavor(ctx, f.member), f.optional) {
        (Flavor::Str, true) => ("Option<&str>".to_owned(), format!("self.{name}.as_deref()")),
        (Flavor::Str, false) => ("&str".to_owned(), format!("&self.{name}")),
        // As in aws-sdk-rust: an absent list reads as empty; the field tells the two apart.
        (Flavor::List(elem), true) => (
            format!("&[{elem}]"),
            format!("self.{name}.as_deref().unwrap_or_default()"),
        ),
        (Flavor::List(elem), false) => (format!("&[{elem}]"), format!("&self.{name}")),
        (Flavor::Map(..), true) => (format!("Option<&{inner}>"), format!("self.{name}.as_ref()")),
        (Flavor::Map(..), false) => (format!("&{inner}"), format!("&self.{name}")),
        (Flavor::Copy, true) => (format!("Option<{inner}>"), format!("self.{name}")),
        (Flavor::Copy, false) => (inner, format!("self.{name}")),
        (Flavor::Other, true) if f.boxed => (
            format!("Option<&{inner}>"),
            format!("self.{name}.as_deref()"),
        ),
        (Flavor::Other, true) => (format!("Option<&{inner}>"), format!("self.{name}.as_ref()")),
        (Flavor::Other, false) => (format!("&{inner}"), format!("&self.{name}")),
    };
    code.docs(&f.docs);
    code.deprecated(f.deprecation.as_deref());
    code.open_fn(&format!("pub fn {name}"), &["&self"], &ret);
    code.line(&body);
    code.close("");
}

/// A field's primary setter: the line its docs start with (for a list's or map's adding setter)
/// and its parameters. The builder's and the fluent builder's setters share it.
pub(crate) fn setter_shape(
    f: &Field<'_>,
    flavor: &Flavor,
    value_ty: &str,
) -> (Option<String>, Vec<String>) {
    let set = crate::naming::accessors(&f.name).0;
    match flavor {
        Flavor::List(elem) => (
            Some(format!(
                "Appends one item to `{}`; use [`Self::{set}`] to replace the whole list.",
                f.member_name
            )),
            vec!["mut self".to_owned(), format!("input: impl Into<{elem}>")],
        ),
        Flavor::Map(k, v) => (
            Some(format!(
                "Adds one entry to `{}`; use [`Self::{set}`] to replace the whole map.",
                f.member_name
            )),
            vec![
                "mut self".to_owned(),
                format!("key: impl Into<{k}>"),
                format!("value: impl Into<{v}>"),
            ],
        ),
        _ => (
            None,
            vec![
                "mut self".to_owned(),
                format!("input: impl Into<{value_ty}>"),
            ],
        ),
    }
}

fn builder_methods(ctx: &Ctx<'_, '_>, f: &Field<'_>, code: &mut Code) {
    let (name, set, get) = (&f.name, accessors(&f.name).0, accessors(&f.name).1);
    let ty = builder_value_type(ctx, f);
    let deprecation = f.deprecation.as_deref();
    let flavor = flavor(ctx, f.member);
    let (lead, params) = setter_shape(f, &flavor, &ty);
    let client_only = |code: &mut Code| {
        if f.stream {
            code.line(CLIENT_ONLY);
        }
    };
    client_only(code);
    if let Some(lead) = &lead {
        code.doc_line(lead);
    }
    code.docs(&f.docs);
    if f.required && lead.is_none() {
        code.doc_line("");
        code.doc_line("This member is required.");
    }
    code.deprecated(deprecation);
    let params: Vec<&str> = params.iter().map(String::as_str).collect();
    code.open_fn(&format!("pub fn {name}"), &params, "Self");
    match flavor {
        Flavor::List(_) => code.chain(
            &format!("self.{name}"),
            &[".get_or_insert_with(Vec::new)", ".push(input.into())"],
            ";",
        ),
        Flavor::Map(..) => code.chain(
            &format!("self.{name}"),
            &[
                ".get_or_insert_with(::std::collections::HashMap::new)",
                ".insert(key.into(), value.into())",
            ],
            ";",
        ),
        _ => code.line(&format!("self.{name} = Some(input.into());")),
    }
    code.line("self");
    code.close("");

    client_only(code);
    code.doc_line(&format!(
        "Sets (or with `None`, clears) the `{}` member.",
        f.member_name
    ));
    code.deprecated(deprecation);
    let input = format!("input: Option<{ty}>");
    code.open_fn(&format!("pub fn {set}"), &["mut self", &input], "Self");
    code.line(&format!("self.{name} = input;"));
    code.line("self");
    code.close("");

    client_only(code);
    code.doc_line(&format!("The `{}` member as set so far.", f.member_name));
    code.deprecated(deprecation);
    code.open_fn(
        &format!("pub fn {get}"),
        &["&self"],
        &format!("&Option<{ty}>"),
    );
    code.line(&format!("&self.{name}"));
    code.close("");
}

/// `build()`: infallible unless a member is required, not optional and has no default; operation
/// inputs always return `Result`, as in aws-sdk-rust, so that adding such a member later is not a
/// breaking change.
fn build_fn(
    name: &str,
    fields: &[Field<'_>],
    spec: &StructSpec<'_>,
    is_error: bool,
    code: &mut Code,
) {
    let missing = fields.iter().any(|f| !f.optional && !f.default);
    let fallible = spec.is_input || missing;
    code.doc_line(&format!("Builds a [`{name}`]."));
    if fallible {
        code.doc_line("");
        code.doc_line(if missing {
            "Fails when a required member is missing."
        } else {
            "This currently cannot fail; the `Result` leaves room for required members."
        });
        code.open_fn(
            "pub fn build",
            &["self"],
            &format!("Result<{name}, ::lean_aws_runtime::error::BuildError>"),
        );
    } else {
        code.open_fn("pub fn build", &["self"], name);
    }
    let (open, close) = if fallible {
        (format!("Ok({name}"), ")")
    } else {
        (name.to_owned(), "")
    };
    let extra = is_error || spec.is_output;
    if fields.is_empty() && !extra {
        code.line(&format!("{open} {{}}{close}"));
        code.close("");
        return;
    }
    code.open(&open);
    for f in fields {
        // `name: self.name` and the calls that follow, on one line when it fits, else one call
        // per line.
        if f.stream {
            code.line(CLIENT_ONLY);
        }
        let mut calls = init_expr(f, name);
        let head = format!("{}: self", f.name);
        let one_line = format!("{head}{},", calls.concat());
        if code.fits(&one_line) {
            code.line(&one_line);
            continue;
        }
        let last = calls.len() - 1;
        if !f.optional && !f.default {
            // The missing-member error, its arguments one per line.
            calls[last] = format!(
                ".ok_or_else(|| ::lean_aws_runtime::error::BuildError::missing_field(\n    {},\n    {},\n))?",
                str_lit(f.member_name),
                str_lit(name)
            );
        }
        calls[last].push(',');
        code.line(&head);
        let lines: Vec<String> = calls
            .iter()
            .map(|c| format!("    {}", c.replace('\n', "\n    ")))
            .collect();
        code.block(&lines.join("\n"));
    }
    if is_error {
        code.line(r#"#[cfg(feature = "client")]"#);
        code.line("meta: self.meta.unwrap_or_default(),");
    } else if spec.is_output {
        code.line(r#"#[cfg(feature = "client")]"#);
        code.line("_request_id: self._request_id,");
    }
    code.close(close);
    code.close("");
}

/// How `build()` fills a field from the builder's `self.<name>`: the method calls after it
/// (`.<name>`, then boxing, then the default or the missing-member error).
fn init_expr(f: &Field<'_>, type_name: &str) -> Vec<String> {
    let mut calls = vec![format!(".{}", f.name)];
    if f.boxed {
        calls.push(".map(Box::new)".to_owned());
    }
    if f.default && !f.optional {
        calls.push(".unwrap_or_default()".to_owned());
    } else if !f.optional {
        calls.push(format!(
            ".ok_or_else(|| ::lean_aws_runtime::error::BuildError::missing_field({}, {}))?",
            str_lit(f.member_name),
            str_lit(type_name)
        ));
    }
    calls
}

/// A `Debug` impl that prints `*** Sensitive Data Redacted ***` for sensitive members.
fn debug_impl(name: &str, fields: &[Field<'_>], all: bool, code: &mut Code) {
    code.open(&format!("impl ::std::fmt::Debug for {name}"));
    code.open_fn(
        "fn fmt",
        &["&self", "f: &mut ::std::fmt::Formatter<'_>"],
        "::std::fmt::Result",
    );
    let mut calls: Vec<String> = fields
        .iter()
        .filter(|f| !f.stream)
        .map(|f| {
            let label = str_lit(f.name.trim_start_matches("r#"));
            if all || f.sensitive {
                format!(r#".field({label}, &"*** Sensitive Data Redacted ***")"#)
            } else {
                format!(".field({label}, &self.{})", f.name)
            }
        })
        .collect();
    calls.push(".finish()".to_owned());
    let calls: Vec<&str> = calls.iter().map(String::as_str).collect();
    code.chain(&format!("f.debug_struct({})", str_lit(name)), &calls, "");
    code.close("");
    code.close("");
}

/// `Display` and `Error` for `@error` structures, and `message()` when the first string member is
/// the message (`Message`/`message`, as AWS models name it).
fn error_impls(name: &str, fields: &[Field<'_>], code: &mut Code) {
    let message = fields
        .iter()
        .find(|f| f.member_name.eq_ignore_ascii_case("message"));
    let lit = str_lit(name);
    code.open(&format!("impl ::std::fmt::Display for {name}"));
    code.open_fn(
        "fn fmt",
        &["&self", "f: &mut ::std::fmt::Formatter<'_>"],
        "::std::fmt::Result",
    );
    match message {
        Some(f) if f.optional => {
            code.line(&format!("::std::write!(f, {lit})?;"));
            code.open(&format!("if let Some(message) = &self.{}", f.name));
            code.line(r#"::std::write!(f, ": {}", message)?;"#);
            code.close("");
            code.line("Ok(())");
        }
        // The type name is an identifier: no braces to escape in the format string.
        Some(f) => code.line(&format!(
            r#"::std::write!(f, "{name}: {{}}", self.{})"#,
            f.name
        )),
        None => code.line(&format!("::std::write!(f, {lit})")),
    }
    code.close("");
    code.close("");
    code.line(&format!("impl ::std::error::Error for {name} {{}}"));
    code.block(&ERROR_TRAITS.replace("{name}", name));
}

const ERROR_TRAITS: &str = r#"#[cfg(feature = "client")]
impl ::lean_aws_runtime::client::ProvideErrorMetadata for {name} {
    #[inline]
    fn meta(&self) -> &::lean_aws_runtime::client::ErrorMetadata {
        &self.meta
    }
}
#[cfg(feature = "client")]
impl ::lean_aws_runtime::client::RequestId for {name} {
    #[inline]
    fn request_id(&self) -> Option<&str> {
        ::lean_aws_runtime::client::RequestId::request_id(&self.meta)
    }
}
"#;
