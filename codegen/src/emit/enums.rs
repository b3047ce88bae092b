//! Enums (string and int). They are open: a value this client does not know is kept in `Unknown`,
//! so reading a response never fails because the service added a value.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, deprecated_attr, doc_text, ident};
use crate::check::EnumEntry;
use crate::model::ShapeType;
use crate::traits::EnumValue;

pub(crate) fn emit(ctx: &Ctx<'_, '_>, id: &str) -> TokenStream {
    if ctx.shape(id).kind == ShapeType::IntEnum {
        int_enum(ctx, id)
    } else {
        string_enum(ctx, id)
    }
}

fn entry_docs(doc: Option<&str>, value: &str, deprecated: Option<&str>) -> TokenStream {
    let docs = doc.map(doc_text).unwrap_or_default();
    let value_doc = doc_text(&format!("Wire value `{value}`."));
    let deprecated = deprecated_attr(deprecated);
    if docs.is_empty() {
        quote! { #value_doc #deprecated }
    } else {
        quote! { #docs #[doc = ""] #value_doc #deprecated }
    }
}

/// The variants with their docs, and `#[allow(deprecated)]` for impls when any is deprecated.
fn variant_defs(entries: &[EnumEntry], values: &[String]) -> (Vec<TokenStream>, TokenStream) {
    let defs = entries
        .iter()
        .zip(values)
        .map(|(e, v)| {
            let docs = entry_docs(e.documentation.as_deref(), v, e.deprecated.as_deref());
            let variant = ident(&e.variant);
            quote! { #docs #variant, }
        })
        .collect();
    let allow = if entries.iter().any(|e| e.deprecated.is_some()) {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    };
    (defs, allow)
}

fn string_enum(ctx: &Ctx<'_, '_>, id: &str) -> TokenStream {
    let slot = &ctx.plan.types[id];
    let name = ident(&slot.name);
    let entries = &ctx.plan.enums[id];
    let docs = ctx.docs(id);
    let deprecated = ctx.deprecated(id);
    let values: Vec<String> = entries
        .iter()
        .map(|e| match &e.value {
            EnumValue::String(s) => s.clone(),
            EnumValue::Int(i) => i.to_string(),
        })
        .collect();
    let variants: Vec<_> = entries.iter().map(|e| ident(&e.variant)).collect();
    let (variant_defs, allow_deprecated) = variant_defs(entries, &values);
    quote! {
        #docs
        #[doc = ""]
        #[doc = " Open enum: values this client does not know are kept in `Unknown`, never rejected when"]
        #[doc = " reading. `validate()` on the containing input reports them, as a kind of its own."]
        #deprecated
        #[derive(Clone, ::std::fmt::Debug, PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_defs )*
            /// A value this client does not know (the service may be newer than this model).
            Unknown(::lean_aws_runtime::primitives::UnknownVariantValue),
        }

        #allow_deprecated
        impl #name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #name::#variants => #values, )*
                    #name::Unknown(value) => value.as_str(),
                }
            }

            /// Every value this client knows, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#( #values ),*]
            }

            /// Whether this is one of [`Self::values`].
            pub fn is_known(&self) -> bool {
                !::std::matches!(self, #name::Unknown(_))
            }

            /// Parses a value, refusing those this client does not know (`From<&str>` keeps them).
            pub fn try_parse(value: &str) -> Result<Self, ::lean_aws_runtime::error::UnknownVariantError> {
                match #name::from(value) {
                    #name::Unknown(_) => Err(::lean_aws_runtime::error::UnknownVariantError::new(value)),
                    known => Ok(known),
                }
            }
        }

        #allow_deprecated
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => #name::#variants, )*
                    other => #name::Unknown(::lean_aws_runtime::primitives::UnknownVariantValue::new(other)),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                #name::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(#name::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(#name::from(value.as_ref()))
            }
        }
    }
}

fn int_enum(ctx: &Ctx<'_, '_>, id: &str) -> TokenStream {
    let slot = &ctx.plan.types[id];
    let name = ident(&slot.name);
    let entries = &ctx.plan.enums[id];
    let docs = ctx.docs(id);
    let deprecated = ctx.deprecated(id);
    let values: Vec<i32> = entries
        .iter()
        .map(|e| match e.value {
            EnumValue::Int(i) => i32::try_from(i).unwrap_or_default(),
            EnumValue::String(_) => 0,
        })
        .collect();
    let variants: Vec<_> = entries.iter().map(|e| ident(&e.variant)).collect();
    let texts: Vec<String> = values.iter().map(i32::to_string).collect();
    let (variant_defs, allow_deprecated) = variant_defs(entries, &texts);
    quote! {
        #docs
        #[doc = ""]
        #[doc = " Open enum: values this client does not know are kept in `Unknown`."]
        #deprecated
        #[derive(Clone, ::std::marker::Copy, ::std::fmt::Debug, PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_defs )*
            /// A value this client does not know.
            Unknown(i32),
        }

        #allow_deprecated
        impl #name {
            /// The wire value.
            pub fn value(&self) -> i32 {
                match self {
                    #( #name::#variants => #values, )*
                    #name::Unknown(value) => *value,
                }
            }

            /// Every value this client knows, in model order.
            pub const fn values() -> &'static [i32] {
                &[#( #values ),*]
            }

            /// Whether this is one of [`Self::values`].
            pub fn is_known(&self) -> bool {
                !::std::matches!(self, #name::Unknown(_))
            }
        }

        #allow_deprecated
        impl From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #( #values => #name::#variants, )*
                    other => #name::Unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "{}", self.value())
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.value())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(#name::from(<i32 as ::serde::Deserialize>::deserialize(deserializer)?))
            }
        }
    }
}
