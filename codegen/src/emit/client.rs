//! The client: `Client`, a trait with one method per operation (for test doubles), and per
//! operation a fluent builder, the `send` pipeline and the error enum. Everything protocol-generic
//! lives in the runtime crate's `client` module, and the wire in `protocol_serde`; this emits only
//! what differs per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::protocol::aws_json;
use super::structure::{self, Field, fields};
use super::text::Code;
use super::{Ctx, Unit, ident, op_error};
use crate::check::{HostPrefixPart, ServicePlan};
use crate::plan::Gate;

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
    let facade = facade_methods(ctx);
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

            /// Creates a client from its configuration, or, with the `sdk-config` feature, from
            /// aws-config's shared settings as aws-sdk-rust does: `Client::new(&sdk_config)`.
            pub fn new(config: impl Into<::lean_aws_runtime::client::Config>) -> Self {
                Self::from_conf(config.into())
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

        #facade
    };
    (tokens, invocation)
}

/// What a split service's facade adds to `client.rs`: the method that starts each operation
/// (a whole crate has it in the operation's module, a part cannot add methods to the facade's
/// `Client`), and the shared crate's trait through which inputs' `send_with` reach the handle.
fn facade_methods(ctx: &Ctx<'_, '_>) -> TokenStream {
    let Some(split) = ctx.plan.split.as_ref().filter(|_| ctx.unit == Unit::Facade) else {
        return quote! {
            // Each operation's own methods on `Client` are in its module, `operation::<name>`.
        };
    };
    let shared = format_ident!("{}", crate::naming::crate_ident(&split.shared));
    let methods = ctx.index.operations.iter().map(|op| {
        let names = &ctx.plan.operations[*op];
        let module = ident(&names.module);
        let fluent = format_ident!("{}FluentBuilder", names.name);
        let cfg = ctx.cfg(&ctx.plan.features.operation(op));
        let method = client_method(
            ctx,
            op,
            quote! { crate::operation::#module::builders::#fluent },
        );
        quote! { #cfg #method }
    });
    quote! {
        #( #methods )*

        impl ::#shared::ServiceClient for Client {
            #[inline]
            fn handle(&self) -> &::lean_aws_runtime::client::Handle {
                &self.handle
            }
        }
    }
}

/// The method of `Client` that starts an operation's call with its fluent builder (`fluent`,
/// the builder's path where the method is).
fn client_method(ctx: &Ctx<'_, '_>, op: &str, fluent: TokenStream) -> TokenStream {
    let names = &ctx.plan.operations[op];
    let method = ident(&names.method);
    let op_doc = ctx.docs(op);
    let start_doc = format!(
        " Starts a `{}` call; set members on the builder, then `.send().await`.",
        names.wire_name
    );
    quote! {
        impl crate::client::Client {
            #[doc = #start_doc]
            #[doc = ""]
            #op_doc
            pub fn #method(&self) -> #fluent {
                #fluent::new(self.handle.clone())
            }
        }
    }
}

/// The call of the runtime's `operations_trait!`, which declares the operations trait and
/// implements it for `Client`: two lines per operation here instead of two dozen. Laid out as
/// text because prettyplease would print its body as one paragraph.
fn operations_trait(ctx: &Ctx<'_, '_>, title: &str) -> String {
    let mut out = format!(
        "::lean_aws_runtime::operations_trait! {{
    /// The operations of {title}, one method each, returning the call to await.
    ///
    /// [`Client`] implements it; code that takes `&impl` this trait can be tested with a double
    /// that does not touch the network. A double implements only the methods it needs and
    /// answers with `Call::ready` or `Call::from_future`; the others fail, naming themselves.
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
        let gate = ctx.cfg_predicate(&ctx.plan.features.operation(op));
        let line = format!("        {m}({input}) -> {output}, {error} if cfg({gate});\n");
        if line.len() <= 101 {
            out.push_str(&line);
        } else {
            out.push_str(&format!(
                "        {m}({input})\n            -> {output},\n            {error}\n            if cfg({gate});\n"
            ));
        }
    }
    out.push_str("    }\n}\n");
    out
}

/// Client parts of an operation module: the error enum, the fluent builder and `send`.
/// An operation's client side: its error type as formatted text, its request pipeline and
/// fluent builder type as tokens, and the fluent builder's methods as formatted text.
pub(crate) fn operation_items(
    ctx: &Ctx<'_, '_>,
    serde: &aws_json::Names,
    op: &str,
) -> (String, TokenStream, String) {
    let names = &ctx.plan.operations[op];
    let shape = ctx.shape(op);
    let vis = ctx.crate_vis();
    let (input, output, error) = (
        ident(&names.input),
        ident(&names.output),
        ident(&names.error),
    );
    let input_builder = format_ident!("{}Builder", names.input);
    let fluent = format_ident!("{}FluentBuilder", names.name);
    let wire = &names.wire_name;

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
    let fluent_doc = format!(
        " Builds and sends a `{wire}` request; created by the client's method of the same name."
    );
    let send_doc = format!(
        " Sends a built `{wire}` input: the call, which the caller awaits for the service's answer."
    );
    let ser = serde.ser(&format!("input:{op}"));
    let de_output = serde.de(&format!("output:{op}"));
    // `@requestCompression` with gzip among its encodings lets the runtime compress large bodies.
    // Only then is the compressor named, so that programs without such operations lack it.
    let gzip = if call.gzip {
        quote! { .gzip() }
    } else {
        TokenStream::new()
    };
    let (prefix, with_prefix) = match host_prefix(ctx, op, &input_fields) {
        Some(prefix) => (prefix, quote! { .host_prefix(host_prefix) }),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let endpoint_params = call.endpoint_params.iter().map(endpoint_param);
    // A constant rather than a static: a static would make the functions it names machine code of
    // this crate, sent or not; a constant is compiled only where a program sends the operation.
    let operation_doc = format!(" How the client reads `{wire}`'s answers.");
    let request_doc = format!(
        " The request for a built `{wire}` input: fills idempotency tokens, validates as configured, and writes the body."
    );

    // An output that streams events is read from the stream's initial response, and the call
    // resolves once the stream has started.
    let stream = shape
        .output
        .as_ref()
        .and_then(|t| {
            ctx.shape(&t.target)
                .members
                .values()
                .find(|m| ctx.event_stream(&m.target).is_some())
        })
        .map(|m| m.target.as_str());
    let reading = match stream {
        None => quote! {
            #[doc = #operation_doc]
            const OPERATION: ::lean_aws_runtime::client::Operation<#output, #error> =
                ::lean_aws_runtime::client::Operation::new(#wire, read_output, #error::from_response);

            /// Reads a success response: the output, with the response's request id.
            fn read_output(raw: &::lean_aws_runtime::client::RawResponse) -> Result<#output, ::lean_aws_runtime::json::DeError> {
                let body = ::lean_aws_runtime::protocol::aws_json::parse_body(&raw.body)?;
                let mut output = #de_output(&body)?;
                output._request_id = raw.request_id().map(ToOwned::to_owned);
                Ok(output)
            }

            #[doc = #send_doc]
            #vis fn send(
                handle: &::lean_aws_runtime::client::Handle,
                input: #input,
                customization: ::lean_aws_runtime::client::Customization,
            ) -> ::lean_aws_runtime::client::Call<#output, #error> {
                ::lean_aws_runtime::client::Call::new(handle, &OPERATION, request(handle, input, customization))
            }
        },
        Some(union) => {
            let event = ctx.type_path(union);
            let stream_error = crate::emit::tokens(&format!(
                "crate::types::error::{}",
                ctx.plan.event_streams[union].error.name
            ));
            let unmarshall = crate::emit::tokens(&serde.unmarshall_path(union));
            let es = quote! { ::lean_aws_runtime::client::event_stream };
            quote! {
                #[doc = #operation_doc]
                const OPERATION: #es::EventStreamOperation<#output, #error, #event, #stream_error> =
                    #es::EventStreamOperation::new(#wire, read_output, #unmarshall, #error::from_response);

                /// Makes the output of a success response: its members from the stream's initial
                /// response, the receiver of its events, and the response's request id.
                fn read_output(
                    initial: &[u8],
                    stream: #es::EventReceiver<#event, #stream_error>,
                    request_id: Option<&str>,
                ) -> Result<#output, ::lean_aws_runtime::json::DeError> {
                    let body = ::lean_aws_runtime::protocol::aws_json::parse_body(initial)?;
                    let mut output = #de_output(&body, stream)?;
                    output._request_id = request_id.map(ToOwned::to_owned);
                    Ok(output)
                }

                #[doc = #send_doc]
                #vis fn send(
                    handle: &::lean_aws_runtime::client::Handle,
                    input: #input,
                    customization: ::lean_aws_runtime::client::Customization,
                ) -> ::lean_aws_runtime::client::Call<#output, #error> {
                    ::lean_aws_runtime::client::Call::event_stream(handle, &OPERATION, request(handle, input, customization))
                }
            }
        }
    };

    // A part's operations start from the facade's `Client`, which has their methods.
    let client_method = if ctx.is_member() {
        TokenStream::new()
    } else {
        client_method(ctx, op, quote! { #fluent })
    };
    let tokens = quote! {
        #reading

        #[doc = #request_doc]
        #allow_deprecated
        fn request(
            handle: &::lean_aws_runtime::client::Handle,
            #mut_input input: #input,
            customization: ::lean_aws_runtime::client::Customization,
        ) -> Result<::lean_aws_runtime::client::Request, ::lean_aws_runtime::client::BoxError> {
            #( #tokens )*
            if let Some(errors) = handle.config().validation_mode().check(|| input.validate()) {
                return Err(errors.into());
            }
            let mut writer = ::lean_aws_runtime::json::JsonWriter::new();
            #ser(&mut writer, &input);
            let body = writer.finish()?;
            #prefix
            Ok(::lean_aws_runtime::client::Request::new(body)
                #gzip
                #with_prefix
                #( #endpoint_params )*
                .customization(customization))
        }

        #client_method

        #[doc = #fluent_doc]
        #[derive(Clone, ::std::fmt::Debug)]
        pub struct #fluent {
            handle: ::lean_aws_runtime::client::Handle,
            inner: #input_builder,
        }

    };
    let names = FluentNames {
        method: crate::naming::file_stem(&names.method),
        fluent: &fluent.to_string(),
        input_builder: &input_builder.to_string(),
        output: &names.output,
        error: &names.error,
    };
    (
        op_error::emit(ctx, serde, op),
        tokens,
        fluent_impl(ctx, &names, &input_fields, any_deprecated),
    )
}

/// The type names a fluent builder's methods mention.
struct FluentNames<'a> {
    method: &'a str,
    fluent: &'a str,
    input_builder: &'a str,
    output: &'a str,
    error: &'a str,
}

/// The fluent builder's methods: construction, `send()`, and one setter, `set_` and `get_` per
/// input member, each handing over to the input's builder.
fn fluent_impl(
    ctx: &Ctx<'_, '_>,
    names: &FluentNames<'_>,
    fields: &[Field<'_>],
    any_deprecated: bool,
) -> String {
    let FluentNames {
        method,
        fluent,
        input_builder,
        output,
        error,
    } = names;
    let mut code = Code::new();
    if any_deprecated {
        code.line("#[allow(deprecated)]");
    }
    code.line("#[allow(clippy::should_implement_trait)]");
    code.open(&format!("impl {fluent}"));
    if ctx.is_member() {
        code.line("#[doc(hidden)]");
    }
    code.open_fn(
        if ctx.is_member() {
            "pub fn new"
        } else {
            "pub(crate) fn new"
        },
        &["handle: ::lean_aws_runtime::client::Handle"],
        "Self",
    );
    code.open(fluent);
    code.line("handle,");
    code.line("inner: Default::default(),");
    code.close("");
    code.close("");
    code.doc_line("The input built so far.");
    code.open_fn("pub fn as_input", &["&self"], &format!("&{input_builder}"));
    code.line("&self.inner");
    code.close("");
    let call = format!("::lean_aws_runtime::client::Call<{output}, {error}>");
    code.doc_line("Builds the input and sends the request; await the call for its output.");
    code.open_fn("pub fn send", &["self"], &call);
    code.line("let customization = ::lean_aws_runtime::client::Customization::default();");
    code.line("::lean_aws_runtime::client::CustomizableSend::send_customized(self, customization)");
    code.close("");
    code.doc_line("Customizes the call, as aws-sdk-rust's `customize()`:");
    code.doc_line("`.customize().mutate_request(|req| { /* … */ }).send().await`.");
    code.open_fn(
        "pub fn customize",
        &["self"],
        "::lean_aws_runtime::client::CustomizableOperation<Self>",
    );
    code.line("::lean_aws_runtime::client::CustomizableOperation::new(self)");
    code.close("");
    for f in fields {
        let (name, (set, get)) = (&f.name, crate::naming::accessors(&f.name));
        let ty = if f.boxed {
            ctx.rust_type_text(&f.member.target)
        } else {
            f.ty.clone()
        };
        let deprecation = f.deprecation.as_deref();
        let flavor = structure::flavor(ctx, f.member);
        let (lead, params) = structure::setter_shape(f, &flavor, &ty);
        if let Some(lead) = &lead {
            code.doc_line(lead);
        }
        code.docs(&f.docs);
        code.deprecated(deprecation);
        let params: Vec<&str> = params.iter().map(String::as_str).collect();
        code.open_fn(&format!("pub fn {name}"), &params, "Self");
        let args = if matches!(flavor, structure::Flavor::Map(..)) {
            "key, value"
        } else {
            "input"
        };
        code.chain(
            "self.inner = self",
            &[".inner", &format!(".{name}({args})")],
            ";",
        );
        code.line("self");
        code.close("");

        code.doc_line(&format!(
            "Sets (or with `None`, clears) the `{}` member.",
            f.member_name
        ));
        code.deprecated(deprecation);
        let input = format!("input: Option<{ty}>");
        code.open_fn(&format!("pub fn {set}"), &["mut self", &input], "Self");
        code.chain(
            "self.inner = self",
            &[".inner", &format!(".{set}(input)")],
            ";",
        );
        code.line("self");
        code.close("");

        code.doc_line(&format!("The `{}` member as set so far.", f.member_name));
        code.deprecated(deprecation);
        code.open_fn(
            &format!("pub fn {get}"),
            &["&self"],
            &format!("&Option<{ty}>"),
        );
        code.line(&format!("self.inner.{get}()"));
        code.close("");
    }
    code.close("");

    code.open(&format!(
        "impl ::lean_aws_runtime::client::CustomizableSend for {fluent}"
    ));
    code.line(&format!("type Output = {output};"));
    code.line(&format!("type Error = {error};"));
    code.open_fn(
        "fn send_customized",
        &[
            "self",
            "customization: ::lean_aws_runtime::client::Customization",
        ],
        &call,
    );
    code.open("match self.inner.build()");
    code.line("Ok(input) => send(&self.handle, input, customization),");
    code.line("Err(e) => {");
    code.line(
        "    ::lean_aws_runtime::client::Call::failed(::lean_aws_runtime::client::SdkError::construction_failure(e))",
    );
    code.line("}");
    code.close("");
    code.close("");
    code.close("");

    code.open(&format!("impl {input_builder}"));
    code.doc_line(&format!(
        "Builds the input and sends it with `client`, as `client.{method}()` with these members set and `.send()` would."
    ));
    // A part cannot name the facade's `Client`: it takes what implements the shared crate's
    // trait, which only the facade's `Client` does.
    let (client, handle) = match &ctx.plan.split {
        Some(split) if ctx.is_member() => {
            let shared = crate::naming::crate_ident(&split.shared);
            (
                format!("client: &impl ::{shared}::ServiceClient"),
                format!("handle: ::{shared}::ServiceClient::handle(client).clone(),"),
            )
        }
        _ => (
            "client: &crate::client::Client".to_owned(),
            "handle: client.handle.clone(),".to_owned(),
        ),
    };
    code.open_fn("pub fn send_with", &["self", &client], &call);
    code.open(fluent);
    code.line(&handle);
    code.line("inner: self,");
    code.close("");
    code.line("    .send()");
    code.close("");
    code.close("");
    code.finish()
}

/// `.endpoint_param(…)` binding one of the operation's endpoint parameters.
fn endpoint_param(param: &crate::plan::EndpointParam) -> TokenStream {
    use crate::plan::EndpointParamValue;
    let value = quote! { ::lean_aws_runtime::endpoint::Value };
    let name = &param.name;
    let bound = match &param.value {
        EndpointParamValue::Text(text) => quote! { #value::String(#text.to_owned()) },
        EndpointParamValue::Flag(flag) => quote! { #value::Bool(#flag) },
        EndpointParamValue::Texts(texts) => {
            quote! { #value::Array(vec![ #( #value::String(#texts.to_owned()) ),* ]) }
        }
        EndpointParamValue::Member { field, flag: false } => {
            let field = ident(field);
            quote! { input.#field.clone().map(#value::String) }
        }
        EndpointParamValue::Member { field, flag: true } => {
            let field = ident(field);
            quote! { input.#field.map(#value::Bool) }
        }
        EndpointParamValue::Path(path) => context_path(path, &value),
    };
    quote! { .endpoint_param(#name, #bound) }
}

/// An `Option<Value>` expression: what `path` reaches from `input`.
fn context_path(path: &crate::plan::ContextPath, value: &TokenStream) -> TokenStream {
    use crate::plan::{ContextPath, PathValue};
    let text = quote! { |s| #value::String(s.as_str().to_owned()) };
    match path {
        ContextPath::Value { steps, value: kind } => {
            let reached = reach(quote! { input }, steps);
            match kind {
                PathValue::Text => quote! { #reached.map(#text) },
                PathValue::Flag => quote! { #reached.copied().map(#value::Bool) },
                PathValue::Texts { nullable } => {
                    let items = if *nullable {
                        quote! { list.iter().flatten() }
                    } else {
                        quote! { list.iter() }
                    };
                    quote! { #reached.map(|list| #value::Array(#items.map(#text).collect())) }
                }
            }
        }
        ContextPath::Keys { steps } => {
            let reached = reach(quote! { input }, steps);
            quote! { #reached.map(|map| #value::Array(map.keys().map(#text).collect())) }
        }
        ContextPath::Each {
            list,
            nullable,
            each,
        } => {
            let reached = reach(quote! { input }, list);
            let items = if *nullable {
                quote! { list.iter().flatten() }
            } else {
                quote! { list.iter() }
            };
            let each = each.iter().map(|steps| {
                let reached = reach(quote! { item }, steps);
                quote! { #reached.map(#text) }
            });
            quote! {
                #reached.map(|list| {
                    #value::Array(#items.flat_map(|item| [ #( #each ),* ]).flatten().collect())
                })
            }
        }
    }
}

/// An `Option<&T>` expression: the value at the end of `steps` from `root`, `None` when an
/// optional field on the way is unset.
fn reach(root: TokenStream, steps: &[crate::plan::PathStep]) -> TokenStream {
    // Fields held without an `Option` are plain places until the first optional one.
    let mut place = Some(root);
    let mut option = quote! {};
    for step in steps {
        let field = ident(&step.field);
        (place, option) = match (place, step.optional) {
            (Some(p), false) => (Some(quote! { #p.#field }), option),
            (Some(p), true) => (None, quote! { #p.#field.as_ref() }),
            (None, false) => (None, quote! { #option.map(|v| &v.#field) }),
            (None, true) => (None, quote! { #option.and_then(|v| v.#field.as_ref()) }),
        };
    }
    match place {
        Some(p) => quote! { ::std::option::Option::Some(&#p) },
        None => option,
    }
}

/// For an operation with `@endpoint`: statements that set `host_prefix` to the trait's `hostPrefix`
/// with each `{label}` replaced by the input member of that name, failing the call when the value
/// is not a valid host label (empty included).
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
                    return Err(::std::format!(#message, label).into());
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
        let head = format!("{name}(crate::types::error::{name})", name = slot.name);
        out.push_str(&gated(ctx, &ctx.needs(id), &head, ","));
    }
    out.push_str("    }\n    from {\n");
    for op in &ctx.index.operations {
        let names = &ctx.plan.operations[*op];
        let variants: Vec<&str> = ctx
            .operation_errors(op)
            .into_iter()
            .map(|e| ctx.plan.types[e].name.as_str())
            .collect();
        out.push_str(&gated(ctx, &ctx.plan.features.operation(op), "", ""));
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

/// A line of a macro call in `error_meta.rs`, compiled only for the features in `gate`: a
/// variant, `head if cfg(…)`, or with an empty `head` the `#[cfg(…)]` line of what follows. A
/// long list of features goes one per line.
fn gated(ctx: &Ctx<'_, '_>, gate: &Gate, head: &str, end: &str) -> String {
    const PAD: &str = "        ";
    let predicate = ctx.cfg_predicate(gate);
    let (open, close, inner) = if head.is_empty() {
        (format!("{PAD}#[cfg("), format!(")]{end}"), PAD.to_owned())
    } else {
        (
            format!("{PAD}    if cfg("),
            format!("){end}"),
            format!("{PAD}    "),
        )
    };
    let one = if head.is_empty() {
        format!("{open}{predicate}{close}\n")
    } else {
        format!("{PAD}{head} if cfg({predicate}{close}\n")
    };
    if one.len() <= 101 {
        return one;
    }
    let mut out = if head.is_empty() {
        String::new()
    } else {
        format!("{PAD}{head}\n")
    };
    let next = format!("{open}{predicate}{close}\n");
    if next.len() <= 101 || gate.iter().count() < 2 {
        out.push_str(&next);
        return out;
    }
    out.push_str(&format!("{open}any(\n"));
    for i in gate.iter() {
        out.push_str(&format!(
            "{inner}    feature = \"{}\",\n",
            ctx.plan.features.list[i].name
        ));
    }
    out.push_str(&format!("{inner}){close}\n"));
    out
}
