//! Event streams in AWS JSON: the unmarshaller of each stream union, which reads a message as an
//! event (its members from the JSON payload, from headers, or the payload itself) or as one of the
//! errors the stream may end with.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Names;
use crate::emit::structure;
use crate::emit::{Ctx, ident};
use crate::model::ShapeType;

/// For an event stream: the function that reads each of its messages as an event of its enum (one
/// it does not name as `Unknown`) or as an error of its error enum (`Unhandled` for one it does
/// not name, or whose payload cannot be read). An event's payload is its structure's JSON.
pub(super) fn unmarshaller(ctx: &Ctx<'_, '_>, names: &Names, id: &str, f: &Ident) -> TokenStream {
    let vis = ctx.crate_vis();
    let stream = &ctx.plan.event_streams[id];
    let shape = ctx.shape(id);
    let path = ctx.type_path(id);
    let error = crate::emit::tokens(&format!("crate::types::error::{}", stream.error.name));
    let es = quote! { ::lean_aws_runtime::client::event_stream };
    let events = stream.events.iter().map(|member| {
        let variant = ident(&ctx.plan.fields[&(id.to_owned(), member.clone())]);
        let target = shape.members[member].target.as_str();
        let de = names.de(target);
        let boxed = ctx.member(id, member).boxed;
        let Some(binding) = stream.bindings.get(member) else {
            let read = if boxed {
                quote! { #de(&body).map(Box::new) }
            } else {
                quote! { #de(&body) }
            };
            return quote! {
                #member => {
                    let body = ::lean_aws_runtime::protocol::aws_json::parse_body(message.payload())?;
                    Ok(#es::UnmarshalledMessage::Event(#path::#variant(#read.map_err(|e| e.in_member(#member))?)))
                }
            };
        };
        // The JSON payload holds the members not bound elsewhere; with a payload member, there
        // are none, and the event starts from its zero value.
        let body = if binding.payload.is_some() {
            quote! { ::lean_aws_runtime::json::Json::Object(Vec::new()) }
        } else {
            quote! { ::lean_aws_runtime::protocol::aws_json::parse_body(message.payload())? }
        };
        let headers = binding.headers.iter().map(|h| event_header(ctx, target, h));
        let payload = binding.payload.iter().map(|p| event_payload(ctx, names, target, p));
        let event = if boxed {
            quote! { Box::new(event) }
        } else {
            quote! { event }
        };
        quote! {
            #member => {
                let body = #body;
                let mut event = #de(&body).map_err(|e| e.in_member(#member))?;
                #( #headers )*
                #( #payload )*
                Ok(#es::UnmarshalledMessage::Event(#path::#variant(#event)))
            }
        }
    });
    let errors = stream.errors.iter().map(|member| {
        let target = &shape.members[member].target;
        let variant = ident(&ctx.plan.types[target].name);
        let read = crate::emit::tokens(&names.error_path(target));
        quote! {
            #es::MessageKind::Exception(#member) => {
                #read(&::lean_aws_runtime::protocol::aws_json::parse_body(message.payload()), meta)
                    .map_or_else(#error::Unhandled, #error::#variant)
            }
        }
    });
    let doc = format!(
        " Reads a message of the `{}` event stream.",
        crate::model::shape_name(id)
    );
    let cfg = ctx.cfg(&ctx.plan.features.receiving(id));
    quote! {
        #[doc = #doc]
        #cfg
        #vis fn #f(
            message: &#es::Message,
        ) -> Result<#es::UnmarshalledMessage<#path, #error>, ::lean_aws_runtime::json::DeError> {
            let kind = #es::message_kind(message)?;
            if let #es::MessageKind::Event(event) = kind {
                return match event {
                    #( #events )*
                    _ => Ok(#es::UnmarshalledMessage::Event(#path::Unknown)),
                };
            }
            let meta = #es::message_error_metadata(message);
            #[allow(deprecated)]
            let error = match kind {
                #( #errors )*
                _ => #error::generic(meta),
            };
            Ok(#es::UnmarshalledMessage::Error(error))
        }
    }
}

/// Sets `event`'s member `member` from the message header of its name (`@eventHeader`); a
/// missing header leaves an optional member unset and gives another its zero value.
fn event_header(ctx: &Ctx<'_, '_>, event: &str, member: &str) -> TokenStream {
    let field = structure::fields(ctx, event, false)
        .into_iter()
        .find(|f| f.member_name == member)
        .expect("the plan's bound member is a field");
    let target = &field.member.target;
    let es = quote! { ::lean_aws_runtime::client::event_stream };
    let read = if ctx.plan.enums.contains_key(target) {
        let t = ctx.type_path(target);
        let read =
            quote! { #es::header::<String>(message, #member)?.map(|s| #t::from(s.as_str())) };
        if field.optional {
            read
        } else {
            quote! { #read.unwrap_or_else(|| #t::from("")) }
        }
    } else {
        let t = field.ty_tokens();
        let read = quote! { #es::header::<#t>(message, #member)? };
        if field.optional {
            read
        } else {
            quote! { #read.unwrap_or_default() }
        }
    };
    let f = &field.ident;
    quote! { event.#f = #read; }
}

/// Sets `event`'s member `member` to the whole message payload (`@eventPayload`): its bytes, its
/// text, or the shape its JSON holds.
fn event_payload(ctx: &Ctx<'_, '_>, names: &Names, event: &str, member: &str) -> TokenStream {
    let field = structure::fields(ctx, event, false)
        .into_iter()
        .find(|f| f.member_name == member)
        .expect("the plan's bound member is a field");
    let target = &field.member.target;
    let es = quote! { ::lean_aws_runtime::client::event_stream };
    let read = match ctx.shape(target).kind {
        ShapeType::Blob => {
            quote! { ::lean_aws_runtime::primitives::Blob::new(message.payload().to_vec()) }
        }
        ShapeType::String | ShapeType::Enum if ctx.plan.enums.contains_key(target) => {
            let t = ctx.type_path(target);
            quote! { #t::from(#es::payload_text(message)?.as_str()) }
        }
        ShapeType::String => quote! { #es::payload_text(message)? },
        _ => {
            let de = names.de(target);
            let read = quote! {
                #de(&::lean_aws_runtime::protocol::aws_json::parse_body(message.payload())?)
                    .map_err(|e| e.in_member(#member))?
            };
            if field.boxed {
                quote! { Box::new(#read) }
            } else {
                read
            }
        }
    };
    let read = if field.optional {
        quote! { Some(#read) }
    } else {
        read
    };
    let f = &field.ident;
    quote! { event.#f = #read; }
}
