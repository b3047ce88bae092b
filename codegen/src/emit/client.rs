//! The client: `Client`, a trait with one method per operation (for test doubles), and per
//! operation a fluent builder, the `send` pipeline and the error enum. Everything protocol-generic
//! lives in the runtime crate's `client` module, and the wire in `protocol_serde`; this emits only
//! what differs per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::protocol::aws_json;
use super::structure::{Field, fields};
use super::{Ctx, accessor_idents, ident};
use crate::check::{HostPrefixPart, ServicePlan};
use crate::model::shape_name;

/// `src/client.rs`: the service description and `Client` as tokens, then the operations trait
/// as a macro call laid out as text.
pub(crate) fn client_rs(ctx: &Ctx<'_, '_>) -> (TokenStream, String) {
    let facts = &ctx.plan.service;
    let ServicePlan {
        target_prefix,
        json_version,
        signing_name,
        endpoint_prefix,
        sdk_id,
        api_version,
        ..
    } = &facts;
    let rule_set = match &facts.rule_set {
        Some(json) => quote! { Some(#json) },
        None => quote! { None },
    };
    let title = &facts.title;
    let client_doc = format!(" A client for {title}.");
    let invocation = operations_trait(ctx, &title.replace(char::is_control, " "));
    let tokens = quote! {
        //! The client: configuration, the `Client` type and the operations trait.

        /// What the runtime needs to know about this service.
        pub(crate) static SERVICE: ::lean_aws_runtime::client::ServiceSpec = ::lean_aws_runtime::client::ServiceSpec {
            target_prefix: #target_prefix,
            json_version: #json_version,
            signing_name: #signing_name,
            endpoint_prefix: #endpoint_prefix,
            rule_set: #rule_set,
            sdk_id: #sdk_id,
            api_version: #api_version,
        };

        #[doc = #client_doc]
        ///
        /// Cheap to clone: clones share configuration, connections and the retry quota.
        #[derive(Clone, ::std::fmt::Debug)]
        pub struct Client {
            pub(crate) handle: ::lean_aws_runtime::client::Handle,
        }

        impl Client {
            /// Creates a client from its configuration.
            pub fn from_conf(config: ::lean_aws_runtime::client::Config) -> Self {
                Client { handle: ::lean_aws_runtime::client::Handle::new(config, &SERVICE) }
            }

            /// Creates a client from its configuration (the same as [`Client::from_conf`]).
            pub fn new(config: ::lean_aws_runtime::client::Config) -> Self {
                Self::from_conf(config)
            }

            /// The configuration this client uses.
            pub fn config(&self) -> &::lean_aws_runtime::client::Config {
                self.handle.config()
            }

            /// The endpoint URL this client sends requests to, resolved once from the configuration
            /// (region, FIPS, dual-stack, explicit URL) by the service's endpoint rules; or why none
            /// could be resolved, which every call then reports.
            pub fn endpoint(&self) -> Result<String, String> {
                // The handle keeps the request URI, which is the endpoint plus the `/` path.
                self.handle.endpoint().map(|uri| uri.strip_suffix('/').map(ToOwned::to_owned).unwrap_or(uri))
            }
        }

        // Each operation's own methods on `Client` are in its module, `operation::<name>`.

    };
    (tokens, invocation)
}

/// The call of the runtime's `operations_trait!`, which declares the operations trait and
/// implements it for `Client`: two lines per operation here instead of two dozen. Laid out as
/// text because prettyplease would print its body as one paragraph.
fn operations_trait(ctx: &Ctx<'_, '_>, title: &str) -> String {
    let mut out = format!(
        "::lean_aws_runtime::operations_trait! {{
    /// The operations of {title}, one async method each.
    ///
    /// [`Client`] implements it; code that takes `&impl` this trait can be tested with a double
    /// that does not touch the network.
    pub trait {} for Client {{
",
        ctx.plan.service.api_trait
    );
    for op in &ctx.index.operations {
        let names = &ctx.plan.operations[*op];
        let (m, input, output, error) = (&names.method, &names.input, &names.output, &names.error);
        out.push_str(&format!(
            "        /// Calls `{}` with a built input.\n",
            names.wire_name
        ));
        let line = format!("        {m}({input}) -> {output}, {error};\n");
        if line.len() <= 101 {
            out.push_str(&line);
        } else {
            out.push_str(&format!(
                "        {m}({input})\n            -> {output},\n            {error};\n"
            ));
        }
    }
    out.push_str("    }\n}\n");
    out
}

/// Client parts of an operation module: the error enum, the fluent builder and `send`.
pub(crate) fn operation_items(ctx: &Ctx<'_, '_>, serde: &aws_json::Names, op: &str) -> TokenStream {
    let names = &ctx.plan.operations[op];
    let shape = ctx.shape(op);
    let (input, output, error) = (
        ident(&names.input),
        ident(&names.output),
        ident(&names.error),
    );
    let input_builder = format_ident!("{}Builder", names.input);
    let fluent = format_ident!("{}FluentBuilder", names.name);
    let wire = &names.wire_name;
    let method = ident(&names.method);
    let op_doc = ctx.docs(op);
    let send_with_doc = format!(
        " Builds the input and sends it with `client`, as `client.{}()` with these members set and `.send()` would.",
        crate::naming::file_stem(&names.method)
    );
    let start_doc =
        format!(" Starts a `{wire}` call; set members on the builder, then `.send().await`.");

    let input_fields = match &shape.input {
        Some(t) => fields(ctx, &t.target, true),
        None => Vec::new(),
    };
    // Idempotency tokens are filled once, before the first attempt, so retries reuse them.
    let call = &ctx.plan.calls[op];
    let tokens: Vec<_> = input_fields
        .iter()
        .filter(|f| call.idempotency_tokens.iter().any(|t| t == f.member_name))
        .map(|f| {
            let i = &f.ident;
            quote! {
                if input.#i.is_none() {
                    input.#i = Some(::lean_aws_runtime::client::idempotency_token());
                }
            }
        })
        .collect();
    let mut_input = if tokens.is_empty() {
        quote! {}
    } else {
        quote! { mut }
    };

    let delegates: Vec<_> = input_fields
        .iter()
        .map(|f| {
            let (name, set, get) = accessor_idents(&f.ident.to_string());
            let docs = &f.docs;
            let builder_ty = if f.boxed {
                ctx.rust_type(&f.member.target)
            } else {
                f.ty.clone()
            };
            let primary = match ctx.shape(&f.member.target).kind {
                crate::model::ShapeType::List | crate::model::ShapeType::Set => {
                    let elem = ctx.element_type(&f.member.target, "member");
                    quote! {
                        #docs
                        pub fn #name(mut self, input: impl Into<#elem>) -> Self {
                            self.inner = self.inner.#name(input);
                            self
                        }
                    }
                }
                crate::model::ShapeType::Map => {
                    let k = ctx.element_type(&f.member.target, "key");
                    let v = ctx.element_type(&f.member.target, "value");
                    quote! {
                        #docs
                        pub fn #name(mut self, key: impl Into<#k>, value: impl Into<#v>) -> Self {
                            self.inner = self.inner.#name(key, value);
                            self
                        }
                    }
                }
                _ => quote! {
                    #docs
                    pub fn #name(mut self, input: impl Into<#builder_ty>) -> Self {
                        self.inner = self.inner.#name(input);
                        self
                    }
                },
            };
            let set_doc = format!(
                " Sets (or with `None`, clears) the `{}` member.",
                f.member_name
            );
            let get_doc = format!(" The `{}` member as set so far.", f.member_name);
            let deprecated = &f.deprecated;
            quote! {
                #deprecated
                #primary
                #deprecated
                #[doc = #set_doc]
                pub fn #set(mut self, input: Option<#builder_ty>) -> Self {
                    self.inner = self.inner.#set(input);
                    self
                }
                #deprecated
                #[doc = #get_doc]
                pub fn #get(&self) -> &Option<#builder_ty> {
                    self.inner.#get()
                }
            }
        })
        .collect();

    let variants: Vec<_> = ctx
        .operation_errors(op)
        .into_iter()
        .map(|e| {
            let slot = &ctx.plan.types[e];
            let v = ident(&slot.name);
            let ty = ctx.type_path(e);
            let de = serde.de(e);
            let code = shape_name(e).to_owned();
            let message_fill = fields(ctx, e, false)
                .into_iter()
                .find(|f| {
                    f.member_name.eq_ignore_ascii_case("message")
                        && f.optional
                        && ctx.shape(&f.member.target).kind == crate::model::ShapeType::String
                })
                .map(|f| {
                    let i = f.ident;
                    quote! {
                        if err.#i.is_none() {
                            err.#i = meta.message().map(ToOwned::to_owned);
                        }
                    }
                })
                .unwrap_or_default();
            (v, ty, de, code, message_fill)
        })
        .collect();
    let variant_defs = variants.iter().map(|(v, ty, _, code, _)| {
        let doc = format!(" The service returned `{code}`.");
        quote! { #[doc = #doc] #v(#ty), }
    });
    let parse_arms = variants.iter().map(|(v, _, de, code, fill)| {
        quote! {
            Some(#code) => match body.as_ref().map_err(Clone::clone).and_then(#de) {
                Ok(mut err) => {
                    #fill
                    err.meta = meta;
                    #error::#v(err)
                }
                Err(e) => #error::Unhandled(::lean_aws_runtime::client::Unhandled::new(e, meta)),
            },
        }
    });
    let display_arms = variants
        .iter()
        .map(|(v, _, _, _, _)| quote! { #error::#v(e) => ::std::fmt::Display::fmt(e, f), });
    let source_arms = variants
        .iter()
        .map(|(v, _, _, _, _)| quote! { #error::#v(e) => Some(e), });
    let meta_arms = variants.iter().map(|(v, _, _, _, _)| {
        quote! { #error::#v(e) => ::lean_aws_runtime::client::ProvideErrorMetadata::meta(e), }
    });
    let code_arms = variants
        .iter()
        .map(|(v, _, _, code, _)| quote! { #error::#v(_) => Some(#code), });
    let is_fns = variants.iter().map(|(v, _, _, code, _)| {
        let f = format_ident!(
            "is_{}",
            crate::naming::file_stem(&crate::naming::field_name(code))
        );
        let doc = format!(" Whether this is `{code}`.");
        quote! { #[doc = #doc] pub fn #f(&self) -> bool { ::std::matches!(self, #error::#v(_)) } }
    });
    let any_deprecated = match &shape.input {
        Some(t) => ctx
            .shape(&t.target)
            .members
            .keys()
            .any(|m| ctx.deprecation(&format!("{}${m}", t.target)).is_some()),
        None => false,
    };
    let allow_deprecated = if any_deprecated {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    };
    let classify = if variants.is_empty() {
        quote! { #error::generic(meta) }
    } else {
        quote! {
            let body = ::lean_aws_runtime::protocol::aws_json::parse_body(&raw.body);
            match meta.code() {
                #( #parse_arms )*
                _ => #error::generic(meta),
            }
        }
    };
    let error_doc = format!(" An error `{wire}` can return.");
    let fluent_doc = format!(
        " Builds and sends a `{wire}` request; created by the client's method of the same name."
    );
    let send_doc = format!(
        " Sends a built `{wire}` input: fills idempotency tokens, validates as configured, calls the service and reads its answer."
    );
    let ser = serde.ser(&format!("input:{op}"));
    let de_output = serde.de(&format!("output:{op}"));
    let body_expr = quote! {
        {
            let mut writer = ::lean_aws_runtime::json::JsonWriter::new();
            #ser(&mut writer, &input);
            writer.finish().map_err(::lean_aws_runtime::client::SdkError::construction_failure)?
        }
    };
    // `@requestCompression` with gzip among its encodings lets the runtime compress large bodies.
    let gzip = call.gzip;
    let invoke = match (host_prefix(ctx, op, &input_fields), gzip) {
        (Some(prefix), _) => quote! {
            #prefix
            let options = ::lean_aws_runtime::client::InvokeOptions::new(Some(&host_prefix), #gzip);
            let raw = ::lean_aws_runtime::client::invoke_with(handle, #wire, body, &options).await?;
        },
        (None, true) => quote! {
            let options = ::lean_aws_runtime::client::InvokeOptions::new(None, true);
            let raw = ::lean_aws_runtime::client::invoke_with(handle, #wire, body, &options).await?;
        },
        (None, false) => quote! {
            let raw = ::lean_aws_runtime::client::invoke(handle, #wire, body).await?;
        },
    };

    quote! {
        #[doc = #error_doc]
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum #error {
            #( #variant_defs )*
            /// An error the model does not describe (throttling, a service fault, a newer error),
            /// or a modeled one whose body could not be read.
            #[deprecated(note = "Matching `Unhandled` directly is not forwards compatible: match other errors with a wildcard pattern and check `.code()` (`ProvideErrorMetadata`).")]
            Unhandled(::lean_aws_runtime::client::Unhandled),
        }

        #[allow(deprecated)]
        impl #error {
            /// Classifies an error response by its AWS JSON error code.
            pub(crate) fn from_response(raw: &::lean_aws_runtime::client::RawResponse) -> Self {
                let meta = ::lean_aws_runtime::client::parse_error_metadata(raw);
                #classify
            }

            /// The `Unhandled` variant for any error.
            pub fn unhandled(err: impl Into<::lean_aws_runtime::client::BoxError>) -> Self {
                #error::Unhandled(::lean_aws_runtime::client::Unhandled::new(err, ::std::default::Default::default()))
            }

            /// The `Unhandled` variant for an error response's metadata.
            pub fn generic(err: ::lean_aws_runtime::client::ErrorMetadata) -> Self {
                #error::Unhandled(::lean_aws_runtime::client::Unhandled::new(err.clone(), err))
            }

            /// The error's code, message and request id.
            pub fn meta(&self) -> &::lean_aws_runtime::client::ErrorMetadata {
                match self {
                    #( #meta_arms )*
                    #error::Unhandled(e) => e.meta(),
                }
            }

            /// The error code: the modeled error's name, or what the service sent.
            pub fn code(&self) -> Option<&str> {
                match self {
                    #( #code_arms )*
                    #error::Unhandled(e) => e.meta().code(),
                }
            }

            #( #is_fns )*
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( #display_arms )*
                    #error::Unhandled(_) => match self.code() {
                        Some(code) => ::std::write!(f, "unhandled error ({code})"),
                        None => f.write_str("unhandled error"),
                    },
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::error::Error for #error {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #( #source_arms )*
                    #error::Unhandled(e) => Some(e.source()),
                }
            }
        }

        impl ::lean_aws_runtime::client::ProvideErrorMetadata for #error {
            fn meta(&self) -> &::lean_aws_runtime::client::ErrorMetadata {
                #error::meta(self)
            }
        }

        #[allow(deprecated)]
        impl ::lean_aws_runtime::client::CreateUnhandledError for #error {
            fn create_unhandled_error(
                source: ::lean_aws_runtime::client::BoxError,
                meta: Option<::lean_aws_runtime::client::ErrorMetadata>,
            ) -> Self {
                #error::Unhandled(::lean_aws_runtime::client::Unhandled::new(source, meta.unwrap_or_default()))
            }
        }

        impl ::lean_aws_runtime::client::RequestId for #error {
            fn request_id(&self) -> Option<&str> {
                ::lean_aws_runtime::client::RequestId::request_id(self.meta())
            }
        }

        #[doc = #send_doc]
        #allow_deprecated
        pub(crate) async fn send(
            handle: &::lean_aws_runtime::client::Handle,
            #mut_input input: #input,
        ) -> Result<#output, ::lean_aws_runtime::client::SdkError<#error>> {
            #( #tokens )*
            if let Some(errors) = handle.config().validation_mode().check(|| input.validate()) {
                return Err(::lean_aws_runtime::client::SdkError::construction_failure(errors));
            }
            let body = #body_expr;
            #invoke
            if raw.is_success() {
                match ::lean_aws_runtime::protocol::aws_json::parse_body(&raw.body).and_then(|body| #de_output(&body)) {
                    Ok(mut output) => {
                        output._request_id = raw.request_id().map(ToOwned::to_owned);
                        Ok(output)
                    }
                    Err(e) => Err(::lean_aws_runtime::client::SdkError::response_error(e, ::lean_aws_runtime::client::http_response(raw))),
                }
            } else {
                let err = #error::from_response(&raw);
                Err(::lean_aws_runtime::client::SdkError::service_error(err, ::lean_aws_runtime::client::http_response(raw)))
            }
        }

        impl crate::client::Client {
            #[doc = #start_doc]
            #[doc = ""]
            #op_doc
            pub fn #method(&self) -> #fluent {
                #fluent::new(self.handle.clone())
            }
        }

        #[doc = #fluent_doc]
        #[derive(Clone, ::std::fmt::Debug)]
        pub struct #fluent {
            handle: ::lean_aws_runtime::client::Handle,
            inner: #input_builder,
        }

        #allow_deprecated
        #[allow(clippy::should_implement_trait)]
        impl #fluent {
            pub(crate) fn new(handle: ::lean_aws_runtime::client::Handle) -> Self {
                #fluent { handle, inner: Default::default() }
            }

            /// The input built so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }

            /// Builds the input and sends the request.
            pub async fn send(self) -> Result<#output, ::lean_aws_runtime::client::SdkError<#error>> {
                let input = self.inner.build().map_err(::lean_aws_runtime::client::SdkError::construction_failure)?;
                send(&self.handle, input).await
            }

            #( #delegates )*
        }

        impl #input_builder {
            #[doc = #send_with_doc]
            pub async fn send_with(self, client: &crate::client::Client) -> Result<#output, ::lean_aws_runtime::client::SdkError<#error>> {
                #fluent { handle: client.handle.clone(), inner: self }.send().await
            }
        }
    }
}

/// For an operation with `@endpoint`: statements that set `host_prefix` to the trait's `hostPrefix`
/// with each `{label}` replaced by the input member of that name, failing the call when the value
/// is not a valid host label (empty included).
/// Statements building `host_prefix` from the plan's template, labels filled from the input and
/// checked to be host labels at call time.
fn host_prefix(ctx: &Ctx<'_, '_>, op: &str, input: &[Field<'_>]) -> Option<TokenStream> {
    let template = ctx.plan.calls[op].host_prefix.as_ref()?;
    let shown: String = template
        .iter()
        .map(|p| match p {
            HostPrefixPart::Literal(text) => text.clone(),
            HostPrefixPart::Label { member } => format!("{{{member}}}"),
        })
        .collect();
    let parts = template.iter().map(|part| match part {
        HostPrefixPart::Literal(text) => quote! { host_prefix.push_str(#text); },
        HostPrefixPart::Label { member } => {
            // The checker made sure the label is a string member of the input.
            let Some(f) = input.iter().find(|f| f.member_name == member) else {
                return TokenStream::new();
            };
            let i = &f.ident;
            // A format string: the template's own braces are escaped.
            let message = format!(
                "`{member}` must be a valid host label (letters, digits, hyphens and dots) to fill the host prefix `{}`, found {{:?}}",
                shown.replace('{', "{{").replace('}', "}}")
            );
            let value = if ctx.plan.enums.contains_key(&f.member.target) {
                quote! { input.#i.as_ref().map(|v| v.as_str()).unwrap_or_default() }
            } else {
                quote! { input.#i.as_deref().unwrap_or_default() }
            };
            quote! {
                let label: &str = #value;
                if !::lean_aws_runtime::client::is_valid_host_label(label) {
                    return Err(::lean_aws_runtime::client::SdkError::construction_failure(::std::format!(#message, label)));
                }
                host_prefix.push_str(label);
            }
        }
    });
    Some(quote! {
        // `@endpoint`: the host prefix, with its labels filled from the input.
        let mut host_prefix = String::new();
        #( #parts )*
    })
}

/// `src/error_meta.rs`: the service-wide `Error` (aws-sdk-rust's `crate::Error`), declared by the
/// runtime's `service_error!`: one variant per error shape, and conversions from every
/// operation's errors. Laid out as text, one line per operation, as `operations_trait!` is.
pub(crate) fn error_meta_rs(ctx: &Ctx<'_, '_>) -> (TokenStream, String) {
    let tokens = quote! {
        //! The service-wide `Error`, which every operation's error converts into.
    };
    let mut out = String::from(
        "::lean_aws_runtime::service_error! {\n    /// Every error this service's operations can return.\n    pub enum Error {\n",
    );
    for (id, slot) in ctx.plan.types.iter().filter(|(id, _)| ctx.is_error(id)) {
        let docs = ctx
            .plan
            .notes
            .get(id.as_str())
            .and_then(|n| n.docs.as_deref());
        match docs {
            Some(markdown) => {
                for line in markdown.lines() {
                    let line = line.replace(char::is_control, " ");
                    if line.is_empty() {
                        out.push_str("        ///\n");
                    } else {
                        out.push_str(&format!("        /// {line}\n"));
                    }
                }
            }
            None => out.push_str(&format!("        /// The `{}` error.\n", slot.name)),
        }
        out.push_str(&format!(
            "        {name}(crate::types::error::{name}),\n",
            name = slot.name
        ));
    }
    out.push_str("    }\n    from {\n");
    for op in &ctx.index.operations {
        let names = &ctx.plan.operations[*op];
        let variants: Vec<&str> = ctx
            .operation_errors(op)
            .into_iter()
            .map(|e| ctx.plan.types[e].name.as_str())
            .collect();
        let line = format!(
            "        {}::{} {{ {} }}\n",
            names.module,
            names.error,
            variants.join(", ")
        );
        if line.len() <= 101 {
            out.push_str(&line);
        } else {
            out.push_str(&format!("        {}::{} {{\n", names.module, names.error));
            for v in variants {
                out.push_str(&format!("            {v},\n"));
            }
            out.push_str("        }\n");
        }
    }
    out.push_str("    }\n}\n");
    (tokens, out)
}
