//! Structures: the type, its getters, its builder, `validate()`, and for `@error` shapes the
//! `Display`/`Error` impls. Operation inputs and outputs are structures too, renamed per operation.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Ctx, accessor_idents, ident};
use crate::check::Presence;
use crate::model::{Member, ShapeType};

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
    /// The value type, boxed when needed to break recursion; without the `Option`.
    pub ty: TokenStream,
    pub boxed: bool,
    /// `Option<ty>` in the structure.
    pub optional: bool,
    /// `@required`.
    pub required: bool,
    /// The default for a non-optional member that has one.
    pub default: bool,
    /// The member or its target is `@sensitive`.
    pub sensitive: bool,
    /// Its documentation (`#[doc]` lines), never empty.
    pub docs: TokenStream,
    /// `#[deprecated]`, or nothing.
    pub deprecated: TokenStream,
}

/// The fields of a structure, in model order, as the plan decided them.
pub(crate) fn fields<'m>(ctx: &Ctx<'_, 'm>, id: &'m str, is_input: bool) -> Vec<Field<'m>> {
    let shape = ctx.shape(id);
    shape
        .members
        .iter()
        .map(|(name, m)| {
            let plan = ctx.member(id, name);
            let optional = is_input || plan.presence == Presence::Optional;
            let inner = ctx.rust_type(&m.target);
            let ty = if plan.boxed {
                quote! { Box<#inner> }
            } else {
                inner
            };
            Field {
                member_name: name,
                member: m,
                ident: ident(&ctx.plan.fields[&(id.to_owned(), name.clone())]),
                ty,
                boxed: plan.boxed,
                optional,
                required: plan.required,
                default: !optional && plan.presence == Presence::Defaulted,
                sensitive: plan.sensitive,
                docs: ctx.member_docs(id, name),
                deprecated: ctx.deprecated(&format!("{id}${name}")),
            }
        })
        .collect()
}

/// Emits the structure, its impls and its builder.
pub(crate) fn emit(ctx: &Ctx<'_, '_>, spec: &StructSpec<'_>) -> TokenStream {
    let fields = fields(ctx, spec.id, spec.is_input);
    let name = ident(&spec.name);
    let builder = format_ident!("{}Builder", spec.name);
    let prefix = spec
        .doc_prefix
        .as_deref()
        .map(super::doc_text)
        .unwrap_or_default();
    let docs = ctx.docs(spec.id);
    let docs = if docs.is_empty() && spec.doc_prefix.is_none() {
        super::doc_text(&format!(
            "The `{}` structure.",
            crate::model::shape_name(spec.id)
        ))
    } else {
        docs
    };
    let deprecated = ctx.deprecated(spec.id);
    let sensitive_shape = ctx.plan.sensitive.contains(spec.id);
    let any_sensitive = sensitive_shape || fields.iter().any(|f| f.sensitive);

    let struct_fields = fields.iter().map(|f| {
        let (docs, deprecated) = (&f.docs, &f.deprecated);
        let ident = &f.ident;
        let ty = &f.ty;
        let ty = if f.optional {
            quote! { Option<#ty> }
        } else {
            ty.clone()
        };
        let serde = serde_attrs(ctx, spec.id, f);
        quote! { #docs #deprecated #serde pub #ident: #ty, }
    });
    let getters = fields.iter().map(|f| getter(ctx, f));
    let debug_derive = if any_sensitive {
        quote! {}
    } else {
        quote! { ::std::fmt::Debug, }
    };
    let struct_debug = if any_sensitive {
        debug_impl(&name, &fields, sensitive_shape)
    } else {
        quote! {}
    };
    let builder_debug_impl = if any_sensitive {
        debug_impl(&builder, &fields, sensitive_shape)
    } else {
        quote! {}
    };
    let validator = &spec.validator;
    let builder_doc = format!(" Creates a builder for [`{}`].", spec.name);
    let builder_type_doc = format!(" A builder for [`{}`].", spec.name);
    let is_error = ctx.is_error(spec.id);
    let error_impls = if is_error {
        error_impls(&name, &spec.name, &fields)
    } else {
        quote! {}
    };

    let builder_fields = fields.iter().map(|f| {
        let ident = &f.ident;
        let ty = builder_value_type(ctx, f);
        quote! { pub(crate) #ident: Option<#ty>, }
    });
    let builder_methods = fields.iter().map(|f| builder_methods(ctx, f));
    let build = build_fn(
        &name,
        &spec.name,
        &fields,
        spec.is_input,
        is_error,
        spec.is_output,
    );
    // Errors keep the response's metadata, as aws-sdk-rust's do (only the client reads responses).
    let (meta_field, meta_builder_field, meta_methods) = if is_error {
        (
            quote! {
                /// The response's code, message and request id.
                #[cfg(feature = "client")]
                #[cfg_attr(feature = "serde", serde(skip))]
                pub(crate) meta: ::lean_aws_runtime::client::ErrorMetadata,
            },
            quote! {
                #[cfg(feature = "client")]
                pub(crate) meta: Option<::lean_aws_runtime::client::ErrorMetadata>,
            },
            quote! {
                #[cfg(feature = "client")]
                impl #builder {
                    /// Sets the error's metadata: code, message and request id.
                    pub fn meta(mut self, meta: ::lean_aws_runtime::client::ErrorMetadata) -> Self {
                        self.meta = Some(meta);
                        self
                    }

                    /// Sets (or with `None`, clears) the error's metadata.
                    pub fn set_meta(&mut self, meta: Option<::lean_aws_runtime::client::ErrorMetadata>) -> &mut Self {
                        self.meta = meta;
                        self
                    }
                }
            },
        )
    } else if spec.is_output {
        (
            quote! {
                #[cfg(feature = "client")]
                #[cfg_attr(feature = "serde", serde(skip))]
                pub(crate) _request_id: Option<String>,
            },
            quote! {
                #[cfg(feature = "client")]
                pub(crate) _request_id: Option<String>,
            },
            quote! {
                #[cfg(feature = "client")]
                impl ::lean_aws_runtime::client::RequestId for #name {
                    fn request_id(&self) -> Option<&str> {
                        self._request_id.as_deref()
                    }
                }

                #[cfg(feature = "client")]
                impl #builder {
                    /// Sets the request id, as a response does (for test doubles).
                    pub fn _request_id(mut self, request_id: impl Into<String>) -> Self {
                        self._request_id = Some(request_id.into());
                        self
                    }

                    /// Sets (or with `None`, clears) the request id.
                    pub fn _set_request_id(&mut self, request_id: Option<String>) -> &mut Self {
                        self._request_id = request_id;
                        self
                    }
                }
            },
        )
    } else {
        (quote! {}, quote! {}, quote! {})
    };
    let allow_deprecated =
        if fields.iter().any(|f| !f.deprecated.is_empty()) || ctx.deprecation(spec.id).is_some() {
            quote! { #[allow(deprecated)] }
        } else {
            quote! {}
        };

    quote! {
        #prefix
        #docs
        #deprecated
        #[derive(Clone, PartialEq, #debug_derive)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        #[non_exhaustive]
        pub struct #name {
            #( #struct_fields )*
            #meta_field
        }

        #allow_deprecated
        impl #name {
            #( #getters )*

            #[doc = #builder_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }

            /// Checks every constraint the model states and returns all violations, each with the
            /// path of the member it concerns.
            pub fn validate(&self) -> Result<(), ::lean_aws_runtime::validation::ValidationErrors> {
                let mut v = ::lean_aws_runtime::validation::Validator::new();
                crate::validators::#validator(&mut v, self);
                v.finish()
            }
        }

        #struct_debug
        #error_impls

        #[doc = #builder_type_doc]
        #[derive(Clone, PartialEq, Default, #debug_derive)]
        #[non_exhaustive]
        pub struct #builder {
            #( #builder_fields )*
            #meta_builder_field
        }

        #allow_deprecated
        // Setters are named after members; a member called `Add` must not be taken for `ops::Add`.
        #[allow(clippy::should_implement_trait)]
        impl #builder {
            #( #builder_methods )*
            #build
        }

        #meta_methods
        #builder_debug_impl
    }
}

/// The type a builder holds for a field: the unboxed value type.
fn builder_value_type(ctx: &Ctx<'_, '_>, f: &Field<'_>) -> TokenStream {
    if f.boxed {
        ctx.rust_type(&f.member.target)
    } else {
        f.ty.clone()
    }
}

/// serde attributes for a field (with the crate's `serde` feature): the wire name, omission of absent members, and formats for the
/// types JSON has no native form for.
fn serde_attrs(ctx: &Ctx<'_, '_>, id: &str, f: &Field<'_>) -> TokenStream {
    let mut parts = Vec::new();
    let wire = f.member_name;
    if f.ident.to_string().trim_start_matches("r#") != wire {
        parts.push(quote! { rename = #wire });
    }
    if f.optional {
        parts.push(quote! { default, skip_serializing_if = "Option::is_none" });
    } else if f.default {
        parts.push(quote! { default });
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
        let path = if f.optional {
            format!("::lean_aws_runtime::serde_util::opt_{helper}")
        } else {
            format!("::lean_aws_runtime::serde_util::{helper}")
        };
        parts.push(quote! { with = #path });
    }
    if parts.is_empty() {
        quote! {}
    } else {
        quote! { #[cfg_attr(feature = "serde", serde(#(#parts),*))] }
    }
}

/// What kind of value a field holds, for choosing getter and setter shapes.
enum Flavor {
    Str,
    List(TokenStream),
    Map(TokenStream, TokenStream),
    Copy,
    Other,
}

fn flavor(ctx: &Ctx<'_, '_>, m: &Member) -> Flavor {
    let shape = ctx.shape(&m.target);
    match shape.kind {
        ShapeType::String if !ctx.plan.enums.contains_key(&m.target) => Flavor::Str,
        ShapeType::List | ShapeType::Set => Flavor::List(ctx.element_type(&m.target, "member")),
        ShapeType::Map => Flavor::Map(
            ctx.element_type(&m.target, "key"),
            ctx.element_type(&m.target, "value"),
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

fn getter(ctx: &Ctx<'_, '_>, f: &Field<'_>) -> TokenStream {
    let ident = &f.ident;
    let (docs, deprecated) = (&f.docs, &f.deprecated);
    let inner = ctx.rust_type(&f.member.target);
    let (ret, body) = match (flavor(ctx, f.member), f.optional) {
        (Flavor::Str, true) => (quote! { Option<&str> }, quote! { self.#ident.as_deref() }),
        (Flavor::Str, false) => (quote! { &str }, quote! { &self.#ident }),
        // As in aws-sdk-rust: an absent list reads as empty; the field tells the two apart.
        (Flavor::List(elem), true) => (
            quote! { &[#elem] },
            quote! { self.#ident.as_deref().unwrap_or_default() },
        ),
        (Flavor::List(elem), false) => (quote! { &[#elem] }, quote! { &self.#ident }),
        (Flavor::Map(..), true) => (quote! { Option<&#inner> }, quote! { self.#ident.as_ref() }),
        (Flavor::Map(..), false) => (quote! { &#inner }, quote! { &self.#ident }),
        (Flavor::Copy, true) => (quote! { Option<#inner> }, quote! { self.#ident }),
        (Flavor::Copy, false) => (quote! { #inner }, quote! { self.#ident }),
        (Flavor::Other, true) if f.boxed => (
            quote! { Option<&#inner> },
            quote! { self.#ident.as_deref() },
        ),
        (Flavor::Other, true) => (quote! { Option<&#inner> }, quote! { self.#ident.as_ref() }),
        (Flavor::Other, false) => (quote! { &#inner }, quote! { &self.#ident }),
    };
    quote! {
        #docs
        #deprecated
        pub fn #ident(&self) -> #ret {
            #body
        }
    }
}

fn builder_methods(ctx: &Ctx<'_, '_>, f: &Field<'_>) -> TokenStream {
    let (ident, set, get) = accessor_idents(&f.ident.to_string());
    let ty = builder_value_type(ctx, f);
    let (docs, deprecated) = (&f.docs, &f.deprecated);
    let required = if f.required {
        quote! { #[doc = ""] #[doc = " This member is required."] }
    } else {
        quote! {}
    };
    let set_doc = format!(
        " Sets (or with `None`, clears) the `{}` member.",
        f.member_name
    );
    let get_doc = format!(" The `{}` member as set so far.", f.member_name);
    let primary = match flavor(ctx, f.member) {
        Flavor::List(elem) => {
            let doc = format!(
                " Appends one item to `{}`; use [`Self::{set}`] to replace the whole list.",
                f.member_name
            );
            quote! {
                #[doc = #doc]
                #docs
                #deprecated
                pub fn #ident(mut self, input: impl Into<#elem>) -> Self {
                    self.#ident.get_or_insert_with(Vec::new).push(input.into());
                    self
                }
            }
        }
        Flavor::Map(k, v) => {
            let doc = format!(
                " Adds one entry to `{}`; use [`Self::{set}`] to replace the whole map.",
                f.member_name
            );
            quote! {
                #[doc = #doc]
                #docs
                #deprecated
                pub fn #ident(mut self, key: impl Into<#k>, value: impl Into<#v>) -> Self {
                    self.#ident.get_or_insert_with(::std::collections::HashMap::new).insert(key.into(), value.into());
                    self
                }
            }
        }
        _ => quote! {
            #docs
            #required
            #deprecated
            pub fn #ident(mut self, input: impl Into<#ty>) -> Self {
                self.#ident = Some(input.into());
                self
            }
        },
    };
    quote! {
        #primary
        #[doc = #set_doc]
        #deprecated
        pub fn #set(mut self, input: Option<#ty>) -> Self {
            self.#ident = input;
            self
        }
        #[doc = #get_doc]
        #deprecated
        pub fn #get(&self) -> &Option<#ty> {
            &self.#ident
        }
    }
}

/// `build()`: infallible unless a member is required, not optional and has no default; operation
/// inputs always return `Result`, as in aws-sdk-rust, so that adding such a member later is not a
/// breaking change.
fn build_fn(
    name: &Ident,
    type_name: &str,
    fields: &[Field<'_>],
    is_input: bool,
    is_error: bool,
    is_output: bool,
) -> TokenStream {
    let fallible = is_input || fields.iter().any(|f| !f.optional && !f.default);
    let assigns = fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = f.member_name;
        let value = if f.boxed { quote! { self.#ident.map(Box::new) } } else { quote! { self.#ident } };
        if f.optional {
            quote! { #ident: #value, }
        } else if f.default {
            quote! { #ident: #value.unwrap_or_default(), }
        } else {
            quote! {
                #ident: #value.ok_or_else(|| ::lean_aws_runtime::error::BuildError::missing_field(#wire, #type_name))?,
            }
        }
    });
    let meta = if is_error {
        quote! { #[cfg(feature = "client")] meta: self.meta.unwrap_or_default(), }
    } else if is_output {
        quote! { #[cfg(feature = "client")] _request_id: self._request_id, }
    } else {
        quote! {}
    };
    let doc = format!(" Builds a [`{type_name}`].");
    if fallible {
        let doc_err = if fields.iter().any(|f| !f.optional && !f.default) {
            " Fails when a required member is missing."
        } else {
            " This currently cannot fail; the `Result` leaves room for required members."
        };
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #doc_err]
            pub fn build(self) -> Result<#name, ::lean_aws_runtime::error::BuildError> {
                Ok(#name { #( #assigns )* #meta })
            }
        }
    } else {
        quote! {
            #[doc = #doc]
            pub fn build(self) -> #name {
                #name { #( #assigns )* #meta }
            }
        }
    }
}

/// A `Debug` impl that prints `*** Sensitive Data Redacted ***` for sensitive members.
fn debug_impl(name: &Ident, fields: &[Field<'_>], all: bool) -> TokenStream {
    let name_text = name.to_string();
    let entries = fields.iter().map(|f| {
        let ident = &f.ident;
        let label = ident.to_string().trim_start_matches("r#").to_owned();
        if all || f.sensitive {
            quote! { .field(#label, &"*** Sensitive Data Redacted ***") }
        } else {
            quote! { .field(#label, &self.#ident) }
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name_text) #( #entries )* .finish()
            }
        }
    }
}

/// `Display` and `Error` for `@error` structures, and `message()` when the first string member is
/// the message (`Message`/`message`, as AWS models name it).
fn error_impls(name: &Ident, type_name: &str, fields: &[Field<'_>]) -> TokenStream {
    let message = fields
        .iter()
        .find(|f| f.member_name.eq_ignore_ascii_case("message"));
    let display = match message {
        Some(f) if f.optional => {
            let ident = &f.ident;
            quote! {
                ::std::write!(f, #type_name)?;
                if let Some(message) = &self.#ident {
                    ::std::write!(f, ": {}", message)?;
                }
                Ok(())
            }
        }
        Some(f) => {
            let ident = &f.ident;
            quote! { ::std::write!(f, "{}: {}", #type_name, self.#ident) }
        }
        None => quote! { ::std::write!(f, #type_name) },
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }
        impl ::std::error::Error for #name {}
        #[cfg(feature = "client")]
        impl ::lean_aws_runtime::client::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::lean_aws_runtime::client::ErrorMetadata {
                &self.meta
            }
        }
        #[cfg(feature = "client")]
        impl ::lean_aws_runtime::client::RequestId for #name {
            fn request_id(&self) -> Option<&str> {
                ::lean_aws_runtime::client::RequestId::request_id(&self.meta)
            }
        }
    }
}
