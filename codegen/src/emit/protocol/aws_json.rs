//! AWS JSON 1.0/1.1 bodies: a `ser_*` function per shape an input reaches, writing through the
//! runtime's `JsonWriter`, and a `de_*` function per shape an output or error reaches, reading the
//! runtime's parsed `Json`. Members are keyed by their member names; absent members are omitted;
//! every value keeps its exact wire form (timestamps in the member's format, floats correctly
//! rounded, non-finite floats as strings) in every position: member, list element, map value,
//! union member.
//!
//! Responses are read as Smithy's client error correction asks: unknown members are ignored, a
//! `null` is an absent member, a `null` in a dense list or map is skipped, and a missing member the
//! type holds without `Option` gets its zero value.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Reach;
use crate::emit::structure::{self, Field};
use crate::emit::{Content, Ctx, Job, Unit, ident};
use crate::model::{Member, ShapeType};
use crate::naming;
use crate::plan::Gate;
use crate::traits::TimestampFormat;
use event_stream::unmarshaller;

/// The prelude's empty structure, which stands for "no input" or "no output".
const UNIT: &str = "smithy.api#Unit";

mod event_stream;

/// What one function pair is for.
enum Subject<'m> {
    /// An operation's input (`input: true`) or output, named per operation.
    Operation { op: &'m str, input: bool },
    /// A structure, union, list or map of the closure.
    Shape(&'m str),
}

/// The names of every (de)serializer, decided once so callers and definitions agree.
pub(crate) struct Names {
    stems: BTreeMap<String, String>,
    /// Error shape → the features of the operations that list it: its `error_` function, which
    /// reads an error response, compiles for them.
    errors: BTreeMap<String, Gate>,
    /// The shapes the operations send and receive, found once for every crate of a split.
    reach: Reach,
}

impl Names {
    pub fn new(ctx: &Ctx<'_, '_>) -> Names {
        let mut stems = BTreeMap::new();
        let mut taken = naming::Unique::default();
        let mut add = |key: String, stem: String| {
            stems.insert(key, taken.claim(stem));
        };
        for op in &ctx.index.operations {
            let module = naming::bare(&ctx.plan.operations[*op].module).to_owned();
            add(format!("input:{op}"), format!("{module}_input"));
            add(format!("output:{op}"), format!("{module}_output"));
        }
        for id in &ctx.index.closure {
            add(
                (*id).to_owned(),
                naming::fn_name("shape", crate::model::shape_name(id)),
            );
        }
        let mut errors: BTreeMap<String, Gate> = BTreeMap::new();
        for op in &ctx.index.operations {
            for e in ctx.operation_errors(op) {
                errors
                    .entry(e.to_owned())
                    .or_default()
                    .extend(&ctx.plan.features.operation(op));
            }
        }
        // An event stream's errors are read from its messages as from error responses.
        for (id, stream) in &ctx.plan.event_streams {
            let gate = ctx.plan.features.receiving(id);
            for member in &stream.errors {
                errors
                    .entry(ctx.shape(id).members[member].target.clone())
                    .or_default()
                    .extend(&gate);
            }
        }
        Names {
            stems,
            errors,
            reach: Reach::new(ctx),
        }
    }

    /// `crate::protocol_serde::<stem>::unmarshall_<stem>`: reads a message of event stream `id`.
    pub fn unmarshall_path(&self, id: &str) -> String {
        let stem = self.stem(id);
        format!("crate::protocol_serde::{stem}::unmarshall_{stem}")
    }

    /// `crate::protocol_serde::<stem>::error_<stem>`: reads an error response as error shape
    /// `id`.
    pub fn error_path(&self, id: &str) -> String {
        let stem = self.stem(id);
        format!("crate::protocol_serde::{stem}::error_{stem}")
    }

    fn stem(&self, key: &str) -> &str {
        &self.stems[key]
    }

    /// `crate::protocol_serde::<stem>::ser_<stem>`.
    pub fn ser(&self, key: &str) -> TokenStream {
        let module = format_ident!("{}", self.stem(key));
        let f = format_ident!("ser_{}", self.stem(key));
        quote! { crate::protocol_serde::#module::#f }
    }

    /// `crate::protocol_serde::<stem>::de_<stem>`.
    pub fn de(&self, key: &str) -> TokenStream {
        crate::emit::tokens(&self.de_path(key))
    }

    /// [`Self::de`] as text.
    pub fn de_path(&self, key: &str) -> String {
        let stem = self.stem(key);
        format!("crate::protocol_serde::{stem}::de_{stem}")
    }
}

/// Jobs for `src/protocol_serde.rs` and one file per shape or operation input/output.
pub(crate) fn jobs<'a>(ctx: &'a Ctx<'_, '_>, names: &'a Names) -> Vec<Job<'a>> {
    let reach = &names.reach;
    let mut jobs: Vec<Job<'a>> = Vec::new();
    let mut keys = Vec::new();
    for op in ctx
        .index
        .operations
        .iter()
        .filter(|op| ctx.owns_operation(op))
    {
        for input in [true, false] {
            let key = format!("{}:{op}", if input { "input" } else { "output" });
            keys.push((key.clone(), ctx.plan.features.operation(op)));
            jobs.push(Box::new(move || {
                let subject = Subject::Operation { op, input };
                vec![file(
                    names,
                    &key,
                    functions(ctx, names, &subject, input, !input),
                )]
            }));
        }
    }
    for id in ctx.index.closure.iter().filter(|id| ctx.owns_shape(id)) {
        let (ser, de) = (reach.ser.contains(*id), reach.de.contains(*id));
        if ser || de {
            let mut gate = Gate::default();
            if ser {
                gate.extend(&ctx.plan.features.sending(id));
            }
            if de {
                gate.extend(&ctx.plan.features.receiving(id));
            }
            keys.push(((*id).to_owned(), gate));
            jobs.push(Box::new(move || {
                vec![file(
                    names,
                    id,
                    functions(ctx, names, &Subject::Shape(id), ser, de),
                )]
            }));
        }
    }
    jobs.push(Box::new(move || {
        let modules = keys.iter().map(|(key, gate)| {
            let module = format_ident!("{}", names.stem(key));
            let cfg = ctx.cfg(gate);
            let vis = ctx.crate_vis();
            quote! { #cfg #vis mod #module; }
        });
        // A part's operations (de)serialize the shared crate's shapes with its functions.
        let shared = match (&ctx.plan.split, ctx.unit) {
            (Some(split), Unit::Part(_)) => {
                let krate = format_ident!("{}", crate::naming::crate_ident(&split.shared));
                quote! { #[allow(unused_imports)] pub use ::#krate::protocol_serde::*; }
            }
            _ => TokenStream::new(),
        };
        vec![(
            "src/protocol_serde.rs".to_owned(),
            Content::tokens(quote! {
                //! AWS JSON (de)serializers for every shape the operations send or receive. Private: the
                //! client calls them; the public types know nothing of the wire.
                #![allow(clippy::single_match, clippy::match_single_binding)]
                #shared
                #( #modules )*
            }),
        )]
    }));
    jobs
}

fn file(names: &Names, key: &str, tokens: TokenStream) -> (String, Content) {
    (
        format!("src/protocol_serde/{}.rs", names.stem(key)),
        Content::tokens(tokens),
    )
}

/// The `ser_`/`de_` functions for one subject.
fn functions(
    ctx: &Ctx<'_, '_>,
    names: &Names,
    subject: &Subject<'_>,
    ser: bool,
    de: bool,
) -> TokenStream {
    let vis = ctx.crate_vis();
    // Fields the client fills in from the response rather than the body: an output's request
    // id, an error's metadata.
    let mut extra = TokenStream::new();
    let (key, id, ty, fields) = match subject {
        Subject::Operation { op, input } => {
            let shape = ctx.shape(op);
            let target = if *input { &shape.input } else { &shape.output };
            let id = target.as_ref().map_or(UNIT, |t| t.target.as_str());
            let o = &ctx.plan.operations[*op];
            let module = ident(&o.module);
            let name = ident(if *input { &o.input } else { &o.output });
            let key = format!("{}:{op}", if *input { "input" } else { "output" });
            let fields = structure::fields(ctx, id, *input);
            if !*input {
                extra = quote! { _request_id: None, };
            }
            (
                key,
                id,
                quote! { crate::operation::#module::#name },
                Some(fields),
            )
        }
        Subject::Shape(id) => {
            if ctx.is_error(id) {
                extra = quote! { meta: ::std::default::Default::default(), };
            }
            let fields = (ctx.shape(id).kind == ShapeType::Structure)
                .then(|| structure::fields(ctx, id, false));
            ((*id).to_owned(), *id, ctx.rust_type(id), fields)
        }
    };
    let stem = names.stem(&key);
    let ser_fn = format_ident!("ser_{}", stem);
    let de_fn = format_ident!("de_{}", stem);
    let shape = ctx.shape(id);
    if let Subject::Shape(id) = subject
        && ctx.event_stream(id).is_some()
    {
        return unmarshaller(ctx, names, id, &format_ident!("unmarshall_{}", stem));
    }
    // An output's event stream is not in the JSON it is read from (the initial response's): the
    // client hands its receiver to the reader.
    let mut stream_param = TokenStream::new();
    let fields = fields.map(|fields| {
        let (stream, rest): (Vec<_>, Vec<_>) = fields.into_iter().partition(|f| f.stream);
        if let Some(f) = stream.first() {
            let (field, ty) = (&f.ident, f.ty_tokens());
            stream_param = quote! { , stream: #ty };
            extra.extend(quote! { #field: stream, });
        }
        rest
    });
    let mut out = TokenStream::new();
    if ser {
        let (param, body) = match (&fields, shape.kind) {
            (Some(fields), _) => (quote! { &#ty }, ser_structure(ctx, names, id, fields)),
            (None, ShapeType::Union) => (quote! { &#ty }, ser_union(ctx, names, id)),
            (None, ShapeType::Map) => (quote! { &#ty }, ser_map(ctx, names, id)),
            (None, _) => {
                let elem = ctx.element_type(id, "member");
                (quote! { &[#elem] }, ser_list(ctx, names, id))
            }
        };
        let doc = format!(" Writes a `{}` as AWS JSON.", crate::model::shape_name(id));
        let cfg = match subject {
            Subject::Operation { .. } => TokenStream::new(),
            Subject::Shape(id) => ctx.cfg(&ctx.plan.features.sending(id)),
        };
        out.extend(quote! {
            #[doc = #doc]
            #cfg
            #vis fn #ser_fn(w: &mut ::lean_aws_runtime::json::JsonWriter, v: #param) {
                #body
            }
        });
    }
    if de {
        let body = match (&fields, shape.kind) {
            (Some(fields), _) => de_structure(ctx, names, id, &ty, fields, &extra),
            (None, ShapeType::Union) => de_union(ctx, names, id),
            (None, ShapeType::Map) => de_map(ctx, names, id),
            (None, _) => de_list(ctx, names, id),
        };
        let doc = format!(" Reads a `{}` from AWS JSON.", crate::model::shape_name(id));
        let cfg = match subject {
            Subject::Operation { .. } => TokenStream::new(),
            Subject::Shape(id) => ctx.cfg(&ctx.plan.features.receiving(id)),
        };
        out.extend(quote! {
            #[doc = #doc]
            #cfg
            #vis fn #de_fn(v: &::lean_aws_runtime::json::Json<'_> #stream_param) -> Result<#ty, ::lean_aws_runtime::json::DeError> {
                #body
            }
        });
    }
    if let (true, Subject::Shape(id)) = (de, subject)
        && let Some(gate) = names.errors.get(*id)
    {
        out.extend(error_function(
            ctx,
            id,
            &ty,
            &de_fn,
            &format_ident!("error_{}", stem),
            gate,
        ));
    }
    out
}

/// For an error shape operations list: the function their error enums call to read an error
/// response as it. Written once per error shape rather than once per operation that lists it.
fn error_function(
    ctx: &Ctx<'_, '_>,
    id: &str,
    ty: &TokenStream,
    de_fn: &Ident,
    error_fn: &Ident,
    gate: &Gate,
) -> TokenStream {
    let vis = ctx.crate_vis();
    let doc = format!(
        " Reads an error response as `{}`: its body, the response's message when the body has none, and the response's metadata.",
        crate::model::shape_name(id)
    );
    let cfg = ctx.cfg(gate);
    let message = message_field(ctx, id).map(|m| {
        let m = ident(&m);
        quote! {
            if err.#m.is_none() {
                err.#m = meta.message().map(ToOwned::to_owned);
            }
        }
    });
    quote! {
        #[doc = #doc]
        #cfg
        #vis fn #error_fn(
            body: &Result<::lean_aws_runtime::json::Json<'_>, ::lean_aws_runtime::json::DeError>,
            meta: ::lean_aws_runtime::client::ErrorMetadata,
        ) -> Result<#ty, ::lean_aws_runtime::client::Unhandled> {
            match body.as_ref().map_err(Clone::clone).and_then(#de_fn) {
                Ok(mut err) => {
                    #message
                    err.meta = meta;
                    Ok(err)
                }
                Err(e) => Err(::lean_aws_runtime::client::Unhandled::new(e, meta)),
            }
        }
    }
}

/// The optional string member of an error shape that holds its message, filled from the response's
/// metadata when the body has none.
fn message_field(ctx: &Ctx<'_, '_>, id: &str) -> Option<String> {
    structure::fields(ctx, id, false)
        .into_iter()
        .find(|f| {
            f.member_name.eq_ignore_ascii_case("message")
                && f.optional
                && ctx.shape(&f.member.target).kind == ShapeType::String
        })
        .map(|f| f.name)
}

fn ser_structure(ctx: &Ctx<'_, '_>, names: &Names, id: &str, fields: &[Field<'_>]) -> TokenStream {
    if fields.is_empty() {
        return quote! { let _ = v; w.begin_object(); w.end_object(); };
    }
    let members = fields.iter().map(|f| {
        let (i, wire) = (&f.ident, f.member_name);
        let write = ser_value(ctx, names, (id, f.member_name), f.member, quote! { value });
        if f.optional {
            quote! {
                if let Some(value) = &v.#i {
                    w.key(#wire);
                    #write
                }
            }
        } else {
            quote! { { let value = &v.#i; w.key(#wire); #write } }
        }
    });
    quote! {
        w.begin_object();
        #( #members )*
        w.end_object();
    }
}

fn ser_union(ctx: &Ctx<'_, '_>, names: &Names, id: &str) -> TokenStream {
    let shape = ctx.shape(id);
    let name = ident(&ctx.plan.types[id].name);
    let arms = shape.members.iter().map(|(wire, m)| {
        let variant = ident(&ctx.plan.fields[&(id.to_owned(), wire.clone())]);
        let write = ser_value(ctx, names, (id, wire), m, quote! { value });
        quote! { crate::types::#name::#variant(value) => { w.key(#wire); #write } }
    });
    let unknown = format!(
        "cannot send an unknown {} member",
        crate::model::shape_name(id)
    );
    let path = ctx.type_path(id);
    quote! {
        w.begin_object();
        match v {
            #( #arms )*
            #path::Unknown => w.fail(#unknown),
        }
        w.end_object();
    }
}

fn ser_list(ctx: &Ctx<'_, '_>, names: &Names, id: &str) -> TokenStream {
    let shape = ctx.shape(id);
    let Some(member) = shape.member.as_ref() else {
        return quote! { w.begin_array(); w.end_array(); };
    };
    let item = ser_element(
        ctx.member(id, "member").nullable,
        ser_value(ctx, names, (id, "member"), member, quote! { value }),
    );
    quote! {
        w.begin_array();
        for item in v {
            #item
        }
        w.end_array();
    }
}

/// Writes `item`, a list element or map value: through `write` (which writes `value`), or as
/// `null` when a sparse collection holds none.
fn ser_element(sparse: bool, write: TokenStream) -> TokenStream {
    if sparse {
        quote! {
            match item {
                Some(value) => { #write }
                None => w.null(),
            }
        }
    } else {
        quote! { let value = item; #write }
    }
}

fn ser_map(ctx: &Ctx<'_, '_>, names: &Names, id: &str) -> TokenStream {
    let shape = ctx.shape(id);
    let (Some(key), Some(value)) = (shape.key.as_ref(), shape.value.as_ref()) else {
        return quote! { w.begin_object(); w.end_object(); };
    };
    let key_text = if ctx.plan.enums.contains_key(&key.target) {
        quote! { key.as_str() }
    } else {
        quote! { key }
    };
    let entry = ser_element(
        ctx.member(id, "value").nullable,
        ser_value(ctx, names, (id, "value"), value, quote! { value }),
    );
    quote! {
        w.begin_object();
        for (key, item) in v {
            w.key(#key_text);
            #entry
        }
        w.end_object();
    }
}

/// Statements writing `value` (a reference) of the member's target.
fn ser_value(
    ctx: &Ctx<'_, '_>,
    names: &Names,
    (container, name): (&str, &str),
    m: &Member,
    value: TokenStream,
) -> TokenStream {
    let target = ctx.shape(&m.target);
    match target.kind {
        ShapeType::String if ctx.plan.enums.contains_key(&m.target) => {
            quote! { w.string(#value.as_str()); }
        }
        ShapeType::Enum => quote! { w.string(#value.as_str()); },
        ShapeType::String => quote! { w.string(#value); },
        ShapeType::IntEnum => quote! { w.integer(i64::from(#value.value())); },
        ShapeType::Boolean => quote! { w.bool(*#value); },
        ShapeType::Long => quote! { w.integer(*#value); },
        ShapeType::Byte | ShapeType::Short | ShapeType::Integer => {
            quote! { w.integer(i64::from(*#value)); }
        }
        ShapeType::Float => quote! { w.f32(*#value); },
        ShapeType::Double => quote! { w.f64(*#value); },
        ShapeType::Blob => quote! { w.blob(#value.as_ref()); },
        ShapeType::Timestamp => {
            let format = format_tokens(ctx.member(container, name).timestamp_format);
            quote! { w.timestamp(#value, #format); }
        }
        ShapeType::Document => quote! { w.document(#value); },
        _ => {
            let f = names.ser(&m.target);
            quote! { #f(w, #value); }
        }
    }
}

fn de_structure(
    ctx: &Ctx<'_, '_>,
    names: &Names,
    id: &str,
    ty: &TokenStream,
    fields: &[Field<'_>],
    extra: &TokenStream,
) -> TokenStream {
    if fields.is_empty() {
        return quote! {
            v.as_object()?;
            Ok(#ty { #extra })
        };
    }
    let slots: Vec<Ident> = (0..fields.len()).map(|i| format_ident!("m{}", i)).collect();
    let decls = fields.iter().zip(&slots).map(|(f, slot)| {
        let t = f.ty_tokens();
        quote! { let mut #slot: Option<#t> = None; }
    });
    let arms = fields.iter().zip(&slots).map(|(f, slot)| {
        let wire = f.member_name;
        let reader = de_reader(ctx, names, (id, f.member_name), f.member);
        let read = quote! { ::lean_aws_runtime::json::member(value, #wire, #reader)? };
        if f.boxed {
            quote! { #wire => #slot = Some(Box::new(#read)), }
        } else {
            quote! { #wire => #slot = Some(#read), }
        }
    });
    let assigns = fields.iter().zip(&slots).map(|(f, slot)| {
        let i = &f.ident;
        if f.optional {
            quote! { #i: #slot, }
        } else {
            match zero_value(ctx, names, f) {
                Some(zero) => quote! { #i: match #slot { Some(value) => value, None => #zero }, },
                None => quote! { #i: #slot.unwrap_or_default(), },
            }
        }
    });
    quote! {
        #( #decls )*
        for (key, value) in v.as_object()? {
            // A null member counts as absent.
            if value.is_null() {
                continue;
            }
            match key.as_ref() {
                #( #arms )*
                _ => {}
            }
        }
        Ok(#ty { #( #assigns )* #extra })
    }
}

/// The zero value a missing member the type holds without `Option` gets (Smithy's client error
/// correction): empty, zero, false, the epoch, an empty structure, an unknown union member; `None`
/// where that is the type's `Default`.
fn zero_value(ctx: &Ctx<'_, '_>, names: &Names, f: &Field<'_>) -> Option<TokenStream> {
    let target = ctx.shape(&f.member.target);
    let value = match target.kind {
        ShapeType::String if ctx.plan.enums.contains_key(&f.member.target) => {
            let t = ctx.type_path(&f.member.target);
            quote! { #t::from("") }
        }
        ShapeType::Enum => {
            let t = ctx.type_path(&f.member.target);
            quote! { #t::from("") }
        }
        ShapeType::IntEnum => {
            let t = ctx.type_path(&f.member.target);
            quote! { #t::from(0) }
        }
        ShapeType::Structure => {
            let de = names.de(&f.member.target);
            quote! { #de(&::lean_aws_runtime::json::Json::Object(Vec::new()))? }
        }
        ShapeType::Union => {
            let t = ctx.type_path(&f.member.target);
            quote! { #t::Unknown }
        }
        _ => return None,
    };
    Some(if f.boxed {
        quote! { Box::new(#value) }
    } else {
        value
    })
}

fn de_union(ctx: &Ctx<'_, '_>, names: &Names, id: &str) -> TokenStream {
    let shape = ctx.shape(id);
    let path = ctx.type_path(id);
    let name = crate::model::shape_name(id);
    let arms = shape.members.iter().map(|(wire, m)| {
        let variant = ident(&ctx.plan.fields[&(id.to_owned(), wire.clone())]);
        let reader = de_reader(ctx, names, (id, wire), m);
        let read = quote! { ::lean_aws_runtime::json::member(value, #wire, #reader)? };
        let read = if ctx.member(id, wire).boxed {
            quote! { Box::new(#read) }
        } else {
            read
        };
        let twice = format!("{name} has more than one member set");
        quote! {
            #wire => {
                if found.is_some() {
                    return Err(::lean_aws_runtime::json::DeError::new(#twice));
                }
                found = Some(#path::#variant(#read));
            }
        }
    });
    let none = format!("{name} has no member set");
    quote! {
        let mut found: Option<#path> = None;
        let mut unknown = false;
        for (key, value) in v.as_object()? {
            // A null member counts as absent.
            if value.is_null() {
                continue;
            }
            match key.as_ref() {
                #( #arms )*
                _ => unknown = true,
            }
        }
        match found {
            Some(value) => Ok(value),
            None if unknown => Ok(#path::Unknown),
            None => Err(::lean_aws_runtime::json::DeError::new(#none)),
        }
    }
}

fn de_list(ctx: &Ctx<'_, '_>, names: &Names, id: &str) -> TokenStream {
    let shape = ctx.shape(id);
    let Some(member) = shape.member.as_ref() else {
        return quote! { v.as_array()?; Ok(Vec::new()) };
    };
    let reader = de_reader(ctx, names, (id, "member"), member);
    if ctx.member(id, "member").nullable {
        quote! { ::lean_aws_runtime::json::read_sparse_list(v, #reader) }
    } else {
        quote! { ::lean_aws_runtime::json::read_list(v, #reader) }
    }
}

fn de_map(ctx: &Ctx<'_, '_>, names: &Names, id: &str) -> TokenStream {
    let shape = ctx.shape(id);
    let (Some(_), Some(value)) = (shape.key.as_ref(), shape.value.as_ref()) else {
        return quote! { v.as_object()?; Ok(::std::collections::HashMap::new()) };
    };
    // The key's type (a string, or an enum of strings) is the function's return type's.
    let reader = de_reader(ctx, names, (id, "value"), value);
    if ctx.member(id, "value").nullable {
        quote! { ::lean_aws_runtime::json::read_sparse_map(v, #reader) }
    } else {
        quote! { ::lean_aws_runtime::json::read_map(v, #reader) }
    }
}

/// The reader of the member's target: a function from `&Json` to `Result<T, DeError>`, passed
/// to the runtime's `member`, `read_list` or `read_map` (so a member costs one call, and no
/// closure, to type-check).
fn de_reader(
    ctx: &Ctx<'_, '_>,
    names: &Names,
    (container, name): (&str, &str),
    m: &Member,
) -> TokenStream {
    let target = ctx.shape(&m.target);
    let json = quote! { ::lean_aws_runtime::json };
    match target.kind {
        ShapeType::String | ShapeType::Enum if ctx.plan.enums.contains_key(&m.target) => {
            let t = ctx.type_path(&m.target);
            quote! { #json::read_enum::<#t> }
        }
        ShapeType::String => quote! { #json::read_string },
        ShapeType::IntEnum => {
            let t = ctx.type_path(&m.target);
            quote! { #json::read_int_enum::<#t> }
        }
        ShapeType::Boolean => quote! { #json::read_bool },
        ShapeType::Byte => quote! { #json::read_i8 },
        ShapeType::Short => quote! { #json::read_i16 },
        ShapeType::Integer => quote! { #json::read_i32 },
        ShapeType::Long => quote! { #json::read_i64 },
        ShapeType::Float => quote! { #json::read_f32 },
        ShapeType::Double => quote! { #json::read_f64 },
        ShapeType::Blob => quote! { #json::read_blob },
        ShapeType::Timestamp => {
            match ctx
                .member(container, name)
                .timestamp_format
                .unwrap_or(TimestampFormat::EpochSeconds)
            {
                TimestampFormat::EpochSeconds => quote! { #json::read_epoch_seconds },
                TimestampFormat::DateTime => quote! { #json::read_date_time },
                TimestampFormat::HttpDate => quote! { #json::read_http_date },
            }
        }
        ShapeType::Document => quote! { #json::read_document },
        _ => names.de(&m.target),
    }
}

fn format_tokens(format: Option<TimestampFormat>) -> TokenStream {
    match format.unwrap_or(TimestampFormat::EpochSeconds) {
        TimestampFormat::EpochSeconds => {
            quote! { ::lean_aws_runtime::primitives::Format::EpochSeconds }
        }
        TimestampFormat::DateTime => quote! { ::lean_aws_runtime::primitives::Format::DateTime },
        TimestampFormat::HttpDate => quote! { ::lean_aws_runtime::primitives::Format::HttpDate },
    }
}
