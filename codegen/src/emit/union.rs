//! Unions: one variant per member plus `Unknown`, which a response may carry when the service
//! knows a member this client does not. On the wire a union is an object with exactly one member.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Ctx, ident};
use crate::naming;

struct Variant {
    ident: Ident,
    wire: String,
    ty: TokenStream,
    sensitive: bool,
    /// Held in a `Box` (the union is part of a cycle).
    boxed: bool,
    /// The codec for values JSON has no native form for (timestamps, floats).
    codec: Option<TokenStream>,
}

pub(crate) fn emit(ctx: &Ctx<'_, '_>, id: &str, validator: &Ident) -> TokenStream {
    let shape = ctx.shape(id);
    let slot = &ctx.plan.types[id];
    let name = ident(&slot.name);
    let name_text = slot.name.as_str();
    let docs = ctx.docs(id);
    let docs = if docs.is_empty() {
        super::doc_text(&format!("The `{}` union.", crate::model::shape_name(id)))
    } else {
        docs
    };
    let deprecated = ctx.deprecated(id);
    let sensitive_shape = ctx.plan.sensitive.contains(id);

    let variants: Vec<Variant> = ctx
        .union_members(id)
        .into_iter()
        .map(|(member, m)| {
            let inner = ctx.rust_type(&m.target);
            Variant {
                ident: ident(&ctx.plan.fields[&(id.to_owned(), member.clone())]),
                wire: member.clone(),
                ty: if ctx.member(id, member).boxed {
                    quote! { Box<#inner> }
                } else {
                    inner
                },
                sensitive: sensitive_shape || ctx.member(id, member).sensitive,
                boxed: ctx.member(id, member).boxed,
                codec: super::codec_name(ctx, (id, member), m).map(super::codec_type),
            }
        })
        .collect();

    let defs = variants.iter().map(|v| {
        let docs = super::doc_text(&ctx.member_markdown(id, &v.wire));
        let deprecated = ctx.deprecated(&format!("{id}${}", v.wire));
        let (ident, ty) = (&v.ident, &v.ty);
        quote! { #docs #deprecated #ident(#ty), }
    });
    let accessors = variants.iter().map(|v| {
        let plain = naming::file_stem(&naming::field_name(&v.wire)).to_owned();
        // `is_unknown` is taken by the catch-all variant; a member named `Unknown` must not clash.
        let plain = if plain == "unknown" {
            "unknown_value".to_owned()
        } else {
            plain
        };
        let as_fn = format_ident!("as_{}", plain);
        let is_fn = format_ident!("is_{}", plain);
        let (ident, ty) = (&v.ident, &v.ty);
        // As in aws-sdk-rust, a boxed member is returned as the box.
        let allow = if v.boxed {
            quote! { #[allow(clippy::borrowed_box)] }
        } else {
            quote! {}
        };
        let as_doc = format!(
            " The `{}` value, or `Err(self)` when another member is set.",
            v.wire
        );
        let is_doc = format!(" Whether the `{}` member is set.", v.wire);
        quote! {
            #[doc = #as_doc]
            #allow
            pub fn #as_fn(&self) -> Result<&#ty, &Self> {
                if let #name::#ident(value) = self { Ok(value) } else { Err(self) }
            }
            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                ::std::matches!(self, #name::#ident(_))
            }
        }
    });
    let ser_arms = variants.iter().map(|v| {
        let (ident, wire) = (&v.ident, &v.wire);
        match &v.codec {
            Some(codec) => quote! {
                #name::#ident(value) => map.serialize_entry(#wire, &::lean_aws_runtime::serde_util::encode::<#codec>(value))?,
            },
            None => quote! { #name::#ident(value) => map.serialize_entry(#wire, value)?, },
        }
    });
    let de_arms = variants.iter().map(|v| {
        let (ident, wire, ty) = (&v.ident, &v.wire, &v.ty);
        let read = match &v.codec {
            Some(codec) => quote! {
                map.next_value::<Option<::lean_aws_runtime::serde_util::Decoded<#codec>>>()?.map(|d| d.0)
            },
            None => quote! { map.next_value::<Option<#ty>>()? },
        };
        quote! {
            #wire => {
                // A null member counts as absent: AWS JSON responses may carry explicit nulls.
                if let Some(value) = #read {
                    if found.is_some() {
                        return Err(<A::Error as ::serde::de::Error>::custom(::std::concat!(#name_text, " has more than one member set")));
                    }
                    found = Some(#name::#ident(value));
                }
            }
        }
    });
    let debug_arms = variants.iter().map(|v| {
        let ident = &v.ident;
        let label = ident.to_string();
        if v.sensitive {
            quote! { #name::#ident(_) => f.debug_tuple(#label).field(&"*** Sensitive Data Redacted ***").finish(), }
        } else {
            quote! { #name::#ident(value) => f.debug_tuple(#label).field(value).finish(), }
        }
    });
    let visitor = format_ident!("{}Visitor", slot.name);
    let expecting = format!("a {name_text} union object with exactly one member");
    let allow_deprecated = if shape
        .members
        .keys()
        .any(|m| ctx.deprecation(&format!("{id}${m}")).is_some())
    {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    };

    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        // Variants hold their values inline, as aws-sdk-rust's unions do; boxing the large ones
        // would change the API for a few bytes.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #defs )*
            /// A member this client does not know, read from a response. It cannot be sent.
            Unknown,
        }

        #allow_deprecated
        impl #name {
            #( #accessors )*

            /// Whether this holds a member this client does not know.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, #name::Unknown)
            }

            /// Checks every constraint the model states on the member that is set.
            pub fn validate(&self) -> Result<(), ::lean_aws_runtime::validation::ValidationErrors> {
                let mut v = ::lean_aws_runtime::validation::Validator::new();
                crate::validators::#validator(&mut v, self);
                v.finish()
            }
        }

        #allow_deprecated
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( #debug_arms )*
                    #name::Unknown => f.write_str("Unknown"),
                }
            }
        }

        #allow_deprecated
        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(Some(1))?;
                match self {
                    #( #ser_arms )*
                    #name::Unknown => {
                        return Err(<S::Error as ::serde::ser::Error>::custom(::std::concat!("cannot send an unknown ", #name_text, " member")));
                    }
                }
                map.end()
            }
        }

        #allow_deprecated
        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct #visitor;
                impl<'de> ::serde::de::Visitor<'de> for #visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        let mut found: Option<#name> = None;
                        let mut unknown = false;
                        while let Some(key) = map.next_key::<::std::borrow::Cow<'de, str>>()? {
                            match key.as_ref() {
                                #( #de_arms )*
                                _ => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                    unknown = true;
                                }
                            }
                        }
                        match found {
                            Some(value) => Ok(value),
                            None if unknown => Ok(#name::Unknown),
                            None => Err(<A::Error as ::serde::de::Error>::custom(::std::concat!(#name_text, " has no member set"))),
                        }
                    }
                }
                deserializer.deserialize_map(#visitor)
            }
        }
    }
}
