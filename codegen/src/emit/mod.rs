//! Turns the checked index and plan into Rust token streams, one per output file. Emitters read
//! the model's structure (which members a shape has, what they target) from the index, and every
//! decision (names, how members are held, docs, deprecations, constraints, sensitivity, what a
//! call does) from the plan; none reads a trait.
//!
//! Generated code names everything by full path (`Option`, `crate::types::Tag`) so a
//! shape called `String` or `Option` cannot change what the code means. What is not particular to
//! the service is named in the runtime crate, `::lean_aws_runtime::…` ([`crate::RUNTIME_CRATE`]).

mod client;
mod crate_files;
mod enums;
mod op_error;
mod protocol;
mod split;
mod structure;
pub(crate) mod text;
mod union;
mod validate;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::check::{Home, Plan};
use crate::index::ShapeIndex;
use crate::model::{Member, Shape, ShapeType};
use crate::plan::{CrateHome, Gate};
use crate::traits::TimestampFormat;

/// Where a split service's shared and part crates go, under the facade's directory.
pub(crate) const PARTS_DIR: &str = "parts";

/// What a file is made of before rendering.
pub(crate) enum Content {
    /// Rust, as parts in file order.
    Rust(Vec<Part>),
    /// Text written as is (`Cargo.toml`).
    Text(String),
}

/// A run of items in a Rust file.
pub(crate) enum Part {
    /// Tokens, rendered with prettyplease.
    Tokens(TokenStream),
    /// Items the emitter wrote already formatted ([`text::Code`]), or a macro call it laid out
    /// by hand (prettyplease prints a macro's body as one running paragraph).
    Formatted(String),
}

impl Content {
    /// A file made of tokens only.
    pub fn tokens(tokens: TokenStream) -> Content {
        Content::Rust(vec![Part::Tokens(tokens)])
    }
}

/// Shared read-only context for all emitters.
#[derive(Clone)]
pub(crate) struct Ctx<'a, 'm> {
    pub index: &'a ShapeIndex<'m>,
    pub plan: &'a Plan,
    pub crate_name: String,
    pub runtime_path: Option<String>,
    /// The crate being emitted, when the plan splits the service ([`crate::plan::Split`]).
    pub unit: Unit,
}

/// One crate of the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// The only crate: the plan does not split the service.
    Whole,
    /// The crate users name: re-exports every part under one crate's paths, owns the client.
    Facade,
    /// The types the operations of several parts reach, their validators and (de)serializers.
    Shared,
    /// A part crate, by index into [`crate::plan::Split::parts`]: its operations, and the types
    /// only they reach.
    Part(usize),
}

/// One independent unit of emission: makes the content of one or a few files. Token streams
/// cannot cross threads, so each job's files are rendered by whichever thread ran it
/// ([`crate::render::run`]); jobs share only the read-only context.
pub(crate) type Job<'a> = Box<dyn Fn() -> Vec<(String, Content)> + Send + Sync + 'a>;

/// The names (and the validators' file layout) every emitter must agree on, decided once before
/// any job runs.
pub(crate) struct Shared<'m> {
    pub validators: validate::Validators<'m>,
    pub serde: protocol::aws_json::Names,
}

impl<'m> Shared<'m> {
    pub fn new(ctx: &Ctx<'_, 'm>) -> Shared<'m> {
        Shared {
            validators: validate::Validators::new(ctx),
            serde: protocol::aws_json::Names::new(ctx),
        }
    }
}

/// Every job that makes the output's files: one crate's, or each crate's of a split service,
/// each in its own directory ([`Ctx::dir`]).
pub(crate) fn jobs<'a>(units: &'a [Ctx<'_, '_>], shared: &'a Shared<'_>) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for ctx in units {
        let dir = ctx.dir();
        let made = crate_files::jobs(ctx, &shared.validators, &shared.serde);
        if dir.is_empty() {
            jobs.extend(made);
            continue;
        }
        jobs.extend(made.into_iter().map(|job| -> Job<'a> {
            let dir = dir.clone();
            Box::new(move || {
                job()
                    .into_iter()
                    .map(|(path, content)| (format!("{dir}{path}"), content))
                    .collect()
            })
        }));
    }
    jobs
}

/// A Rust identifier from generator-made text; `r#` prefixes become raw identifiers.
pub(crate) fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

/// Tokens for a type the emitters wrote as text; the text comes from the plan's names, so one
/// that does not lex is a bug in the generator.
pub(crate) fn tokens(text: &str) -> TokenStream {
    match text.parse() {
        Ok(tokens) => tokens,
        Err(e) => panic!("generator bug: `{text}` is not Rust tokens: {e}"),
    }
}

/// Markdown inline code for any text: fenced with more backticks than it holds in a row.
pub(crate) fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `#[doc = "…"]` lines from Markdown text. Each line gets a leading space, as `///` would.
pub(crate) fn doc_text(markdown: &str) -> TokenStream {
    if markdown.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = markdown.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// `#[deprecated]` with the model's message (empty when it gives none).
pub(crate) fn deprecated_attr(message: Option<&str>) -> TokenStream {
    match message {
        Some(m) if !m.is_empty() => quote! { #[deprecated(note = #m)] },
        Some(_) => quote! { #[deprecated] },
        None => TokenStream::new(),
    }
}

impl<'m> Ctx<'_, 'm> {
    /// A context for each crate of the output: this one alone, or for a split service the
    /// facade, the shared crate and each part.
    pub fn units(&self) -> Vec<Self> {
        let Some(split) = &self.plan.split else {
            return vec![self.clone()];
        };
        let mut units = vec![Unit::Facade, Unit::Shared];
        units.extend((0..split.parts.len()).map(Unit::Part));
        units
            .into_iter()
            .map(|unit| Ctx {
                unit,
                ..self.clone()
            })
            .collect()
    }

    /// Where this crate's files go in the output: the top (the whole crate, the facade), or
    /// `parts/<package>/`.
    pub fn dir(&self) -> String {
        match self.package() {
            Some(name) => format!("{PARTS_DIR}/{name}/"),
            None => String::new(),
        }
    }

    /// The package name of a shared or part crate; `None` for the whole crate and the facade.
    pub fn package(&self) -> Option<&str> {
        let split = self.plan.split.as_ref()?;
        match self.unit {
            Unit::Shared => Some(&split.shared),
            Unit::Part(p) => Some(&split.parts[p].name),
            Unit::Whole | Unit::Facade => None,
        }
    }

    /// Whether this crate is the shared crate or a part: its items other crates of the split
    /// call are public (and hidden from docs) rather than `pub(crate)`.
    pub fn is_member(&self) -> bool {
        matches!(self.unit, Unit::Shared | Unit::Part(_))
    }

    /// The visibility of an item the crate's own code calls, and in a split the other crates'.
    pub fn crate_vis(&self) -> TokenStream {
        if self.is_member() {
            quote! { #[doc(hidden)] pub }
        } else {
            quote! { pub(crate) }
        }
    }

    /// Whether this crate defines a shape's type, validator and (de)serializers.
    pub fn owns_shape(&self, id: &str) -> bool {
        let Some(split) = &self.plan.split else {
            return true;
        };
        let home = split
            .homes
            .get(id)
            .copied()
            .unwrap_or_else(|| split.home_of(&self.needs(id)));
        match self.unit {
            Unit::Whole => true,
            Unit::Facade => false,
            Unit::Shared => home == CrateHome::Shared,
            Unit::Part(p) => home == CrateHome::Part(p),
        }
    }

    /// Whether this crate defines an operation: its module, input, output and call.
    pub fn owns_operation(&self, op: &str) -> bool {
        let Some(split) = &self.plan.split else {
            return true;
        };
        match self.unit {
            Unit::Whole => true,
            Unit::Part(p) => self
                .plan
                .features
                .of_operation
                .get(op)
                .is_some_and(|f| split.part_of_feature[*f] == p),
            Unit::Facade | Unit::Shared => false,
        }
    }

    pub fn shape(&self, id: &str) -> &'m Shape {
        self.index.shape(id)
    }

    /// Whether `id` is an `@error` structure (a type in `types::error`).
    pub fn is_error(&self, id: &str) -> bool {
        self.plan
            .types
            .get(id)
            .is_some_and(|slot| slot.home == Home::Error)
    }

    /// The model's documentation of a shape, operation or service, as `#[doc]` lines (none when
    /// it has none).
    pub fn docs(&self, id: &str) -> TokenStream {
        self.markdown(id).map(doc_text).unwrap_or_default()
    }

    /// The model's documentation of a shape, operation or service, as Markdown.
    pub fn markdown(&self, id: &str) -> Option<&str> {
        self.plan.notes.get(id).and_then(|n| n.docs.as_deref())
    }

    /// A member's documentation as Markdown, or a line naming it when the model has none (every
    /// public item of the generated crate is documented).
    pub fn member_markdown(&self, container: &str, name: &str) -> std::borrow::Cow<'_, str> {
        let key = format!("{container}${name}");
        let docs: std::borrow::Cow<'_, str> = match self.markdown(&key) {
            Some(markdown) => markdown.into(),
            None => format!("The `{name}` member.").into(),
        };
        // A pattern generation could not compile is left to the service; say so where the
        // member is documented.
        let target = self
            .shape(container)
            .members
            .get(name)
            .map(|m| m.target.as_str());
        let unchecked = self
            .plan
            .unchecked_patterns
            .get(&key)
            .or_else(|| target.and_then(|t| self.plan.unchecked_patterns.get(t)));
        match unchecked {
            Some(u) => format!(
                "{docs}\n\n`validate()` does not check this member's pattern, {}: {}.",
                code_span(&u.pattern),
                u.reason
            )
            .into(),
            None => docs,
        }
    }

    /// `#[deprecated]` when the model deprecates the shape, operation or member (`shape$member`).
    pub fn deprecated(&self, key: &str) -> TokenStream {
        deprecated_attr(self.deprecation(key))
    }

    /// The deprecation message of a shape, operation or member (`shape$member`): empty when the
    /// model gives none, `None` when it is not deprecated.
    pub fn deprecation(&self, key: &str) -> Option<&str> {
        self.plan
            .notes
            .get(key)
            .and_then(|n| n.deprecated.as_deref())
    }

    /// The path of a named type: `crate::types::UserSettings`. The checker gives every structure,
    /// union and enum that code can refer to a type, so a miss here is a bug in the generator,
    /// never in the model.
    pub fn type_path(&self, id: &str) -> TokenStream {
        tokens(&self.type_path_text(id))
    }

    /// [`Self::type_path`] as text.
    pub fn type_path_text(&self, id: &str) -> String {
        let Some(slot) = self.plan.types.get(id) else {
            panic!("generator bug: the plan has no type for `{id}`")
        };
        match slot.home {
            Home::Types => format!("crate::types::{}", slot.name),
            Home::Error => format!("crate::types::error::{}", slot.name),
        }
    }

    /// The Rust type of a value of shape `id` (never wrapped in `Option`).
    pub fn rust_type(&self, id: &str) -> TokenStream {
        tokens(&self.rust_type_text(id))
    }

    /// [`Self::rust_type`] as text.
    pub fn rust_type_text(&self, id: &str) -> String {
        let shape = self.shape(id);
        let known = match shape.kind {
            ShapeType::String if self.plan.enums.contains_key(id) => {
                return self.type_path_text(id);
            }
            ShapeType::String => "String",
            ShapeType::Enum | ShapeType::IntEnum => return self.type_path_text(id),
            ShapeType::Blob => "::lean_aws_runtime::primitives::Blob",
            ShapeType::Boolean => "bool",
            ShapeType::Byte => "i8",
            ShapeType::Short => "i16",
            ShapeType::Integer => "i32",
            ShapeType::Long => "i64",
            ShapeType::Float => "f32",
            ShapeType::Double => "f64",
            ShapeType::Timestamp => "::lean_aws_runtime::primitives::DateTime",
            ShapeType::Document => "::lean_aws_runtime::primitives::Document",
            ShapeType::List | ShapeType::Set => {
                return format!("Vec<{}>", self.element_type_text(id, "member"));
            }
            ShapeType::Map => {
                return format!(
                    "::std::collections::HashMap<{}, {}>",
                    self.element_type_text(id, "key"),
                    self.element_type_text(id, "value")
                );
            }
            ShapeType::Structure | ShapeType::Union => return self.type_path_text(id),
            // Rejected by the checker; never reached for a checked plan.
            _ => "::lean_aws_runtime::primitives::Document",
        };
        known.to_owned()
    }

    /// The type of a list's `member` or a map's `key` or `value`; `@sparse` collections hold
    /// `Option`s.
    pub fn element_type(&self, container: &str, name: &str) -> TokenStream {
        tokens(&self.element_type_text(container, name))
    }

    /// [`Self::element_type`] as text.
    pub fn element_type_text(&self, container: &str, name: &str) -> String {
        let shape = self.shape(container);
        let member = match name {
            "member" => shape.member.as_ref(),
            "key" => shape.key.as_ref(),
            _ => shape.value.as_ref(),
        };
        let Some(m) = member else {
            return "()".to_owned();
        };
        let t = self.rust_type_text(&m.target);
        if self.member(container, name).nullable {
            format!("Option<{t}>")
        } else {
            t
        }
    }

    /// The `cfg` predicate of a set of operation features: `feature = "a"`, `any(feature = "a",
    /// feature = "b")`, or `any()` (never) for none.
    pub fn cfg_predicate(&self, gate: &Gate) -> String {
        let features: Vec<String> = gate
            .iter()
            .map(|i| format!("feature = \"{}\"", self.plan.features.list[i].name))
            .collect();
        match features.as_slice() {
            [one] => one.clone(),
            _ => format!("any({})", features.join(", ")),
        }
    }

    /// `#[cfg(…)]` for a set of operation features (built as tokens: there is one on nearly
    /// every item of a large service, and lexing text for each would cost generation time).
    pub fn cfg(&self, gate: &Gate) -> TokenStream {
        let mut names = gate
            .iter()
            .map(|i| self.plan.features.list[i].name.as_str());
        match (names.next(), gate.iter().nth(1)) {
            (Some(one), None) => quote! { #[cfg(feature = #one)] },
            (first, _) => {
                let names = first.into_iter().chain(names);
                quote! { #[cfg(any( #( feature = #names ),* ))] }
            }
        }
    }

    /// The features a shape is compiled for.
    pub fn needs(&self, id: &str) -> Gate {
        self.plan.features.needs(id)
    }

    /// The event stream a streaming union is, if it is one.
    pub fn event_stream(&self, id: &str) -> Option<&crate::plan::EventStreamPlan> {
        self.plan.event_streams.get(id)
    }

    /// The members a union's enum has variants for: all of them, but an event stream's errors,
    /// which are its error enum's.
    pub fn union_members(&self, id: &str) -> Vec<(&'m String, &'m Member)> {
        let members = &self.shape(id).members;
        match self.event_stream(id) {
            Some(stream) => members
                .iter()
                .filter(|(name, _)| stream.events.contains(name))
                .collect(),
            None => members.iter().collect(),
        }
    }

    /// The type of an output member holding event stream `id`: the receiver of its events.
    pub fn receiver_type_text(&self, id: &str) -> String {
        let error = &self.plan.event_streams[id].error.name;
        format!(
            "::lean_aws_runtime::primitives::event_stream::EventReceiver<{}, crate::types::error::{error}>",
            self.type_path_text(id)
        )
    }

    /// The errors an operation can return: its own, then the service's (in model order, once each).
    pub fn operation_errors(&self, op: &str) -> Vec<&'m str> {
        let own = self.shape(op).errors.iter();
        let service = self
            .index
            .service
            .map(|(_, s)| s.errors.as_slice())
            .unwrap_or_default()
            .iter();
        let mut out: Vec<&str> = Vec::new();
        for t in own.chain(service) {
            if !out.contains(&t.target.as_str()) {
                out.push(&t.target);
            }
        }
        out
    }

    /// The plan's decisions for a member (`member` of a list, `key`/`value` of a map). Every
    /// member of the closure has them, so a miss is a bug in the generator.
    pub fn member(&self, container: &str, name: &str) -> crate::check::MemberPlan {
        match self
            .plan
            .members
            .get(&(container.to_owned(), name.to_owned()))
        {
            Some(plan) => *plan,
            None => panic!("generator bug: the plan has no member `{container}${name}`"),
        }
    }
}

/// The `serde_util` codec a value of member `name` of `container` needs (`date_time`, `double`,
/// …), or `None` when serde's own form is the wire form.
pub(crate) fn codec_name(
    ctx: &Ctx<'_, '_>,
    (container, name): (&str, &str),
    member: &Member,
) -> Option<&'static str> {
    if let Some(format) = ctx.member(container, name).timestamp_format {
        return Some(match format {
            TimestampFormat::EpochSeconds => "epoch_seconds",
            TimestampFormat::DateTime => "date_time",
            TimestampFormat::HttpDate => "http_date",
        });
    }
    match ctx.shape(&member.target).kind {
        ShapeType::Float => Some("float"),
        ShapeType::Double => Some("double"),
        _ => None,
    }
}

/// The codec type behind [`codec_name`], for values written by hand (union members).
pub(crate) fn codec_type(name: &str) -> TokenStream {
    let codec = match name {
        "epoch_seconds" => quote! { EpochSecondsCodec },
        "date_time" => quote! { DateTimeCodec },
        "http_date" => quote! { HttpDateCodec },
        "float" => quote! { FloatCodec },
        _ => quote! { DoubleCodec },
    };
    quote! { ::lean_aws_runtime::serde_util::#codec }
}
