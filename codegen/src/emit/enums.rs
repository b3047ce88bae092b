//! Enums (string and int). They are open: a value this client does not know is kept in `Unknown`,
//! so reading a response never fails because the service added a value.

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{Code, str_lit};
use super::{Ctx, Part, deprecated_attr, doc_text, ident};
use crate::check::EnumEntry;
use crate::model::ShapeType;
use crate::traits::EnumValue;

pub(crate) fn emit(ctx: &Ctx<'_, '_>, id: &str) -> Part {
    if ctx.shape(id).kind == ShapeType::IntEnum {
        Part::Tokens(int_enum(ctx, id))
    } else {
        Part::Formatted(string_enum(ctx, id))
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

/// A string enum, written as text: the largest services have thousands of variants.
fn string_enum(ctx: &Ctx<'_, '_>, id: &str) -> String {
    let name = ctx.plan.types[id].name.as_str();
    let entries = &ctx.plan.enums[id];
    let values: Vec<String> = entries
        .iter()
        .map(|e| match &e.value {
            EnumValue::String(s) => str_lit(s),
            EnumValue::Int(i) => str_lit(&i.to_string()),
        })
        .collect();
    let any_deprecated = entries.iter().any(|e| e.deprecated.is_some());
    let mut code = Code::new();
    if let Some(markdown) = ctx.markdown(id).filter(|m| !m.trim().is_empty()) {
        code.docs(markdown);
        code.doc_line("");
    }
    code.docs(OPEN_ENUM_DOCS);
    code.deprecated(ctx.deprecation(id));
    code.block(
        "#[derive(
    Clone,
    ::std::fmt::Debug,
    PartialEq,
    ::std::cmp::Eq,
    ::std::cmp::PartialOrd,
    ::std::cmp::Ord,
    ::std::hash::Hash
)]
#[non_exhaustive]",
    );
    code.open(&format!("pub enum {name}"));
    for e in entries {
        if let Some(doc) = e.documentation.as_deref().filter(|d| !d.trim().is_empty()) {
            code.docs(doc);
            code.doc_line("");
        }
        let wire = match &e.value {
            EnumValue::String(s) => s.clone(),
            EnumValue::Int(i) => i.to_string(),
        };
        code.doc_line(&format!("Wire value `{wire}`."));
        code.deprecated(e.deprecated.as_deref());
        code.line(&format!("{},", e.variant));
    }
    code.doc_line("A value this client does not know (the service may be newer than this model).");
    code.line("Unknown(::lean_aws_runtime::primitives::UnknownVariantValue),");
    code.close("");

    if any_deprecated {
        code.line("#[allow(deprecated)]");
    }
    code.open(&format!("impl {name}"));
    code.doc_line("The wire value.");
    code.open_fn("pub fn as_str", &["&self"], "&str");
    code.open("match self");
    for (e, v) in entries.iter().zip(&values) {
        code.line(&format!("Self::{} => {v},", e.variant));
    }
    code.line("Self::Unknown(value) => value.as_str(),");
    code.close("");
    code.close("");
    code.doc_line("Every value this client knows, in model order.");
    code.open_fn("pub const fn values", &[], "&'static [&'static str]");
    let one_line = format!("&[{}]", values.join(", "));
    if code.fits(&one_line) {
        code.line(&one_line);
    } else {
        code.line("&[");
        for v in &values {
            code.line(&format!("    {v},"));
        }
        code.line("]");
    }
    code.close("");
    code.block(&STRING_ENUM_METHODS.replace("{name}", name));
    code.close("");

    if any_deprecated {
        code.line("#[allow(deprecated)]");
    }
    code.open(&format!("impl From<&str> for {name}"));
    code.open_fn("fn from", &["value: &str"], "Self");
    code.open("match value");
    for (e, v) in entries.iter().zip(&values) {
        code.line(&format!("{v} => Self::{},", e.variant));
    }
    code.line(
        "other => Self::Unknown(::lean_aws_runtime::primitives::UnknownVariantValue::new(other)),",
    );
    code.close("");
    code.close("");
    code.close("");
    code.block(&STRING_ENUM_TRAITS.replace("{name}", name));
    code.finish()
}

const OPEN_ENUM_DOCS: &str = "Open enum: values this client does not know are kept in `Unknown`, \
never rejected when
reading. `validate()` on the containing input reports them, as a kind of its own.";

/// The methods of every string enum after `as_str` and `values`.
const STRING_ENUM_METHODS: &str = r#"/// Whether this is one of [`Self::values`].
#[inline]
pub fn is_known(&self) -> bool {
    !::std::matches!(self, Self::Unknown(_))
}
/// Parses a value, refusing those this client does not know (`From<&str>` keeps them).
#[inline]
pub fn try_parse(
    value: &str,
) -> Result<Self, ::lean_aws_runtime::error::UnknownVariantError> {
    match Self::from(value) {
        Self::Unknown(_) => Err(::lean_aws_runtime::error::UnknownVariantError::new(value)),
        known => Ok(known),
    }
}"#;

/// The conversions and formatting every string enum has.
const STRING_ENUM_TRAITS: &str = r#"impl From<String> for {name} {
    #[inline]
    fn from(value: String) -> Self {
        Self::from(value.as_str())
    }
}
impl ::std::str::FromStr for {name} {
    type Err = ::std::convert::Infallible;
    #[inline]
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(value))
    }
}
impl ::std::convert::AsRef<str> for {name} {
    #[inline]
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}
impl ::std::fmt::Display for {name} {
    #[inline]
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}
#[cfg(feature = "serde")]
impl ::serde::Serialize for {name} {
    #[inline]
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
#[cfg(feature = "serde")]
impl<'de> ::serde::Deserialize<'de> for {name} {
    #[inline]
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(
            deserializer,
        )?;
        Ok(Self::from(value.as_ref()))
    }
}"#;

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
