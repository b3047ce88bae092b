//! Generic AWS JSON 1.0 / 1.1 client runtime.
//!
//! Compiled with the `client` feature. Generated operations use it like this:
//!
//! 1. validate the input ([`ValidationMode::filter`]) and fail with a construction failure
//!    holding the report (see [`validation_errors`]);
//! 2. serialize the input to JSON;
//! 3. call [`invoke`], which resolves the endpoint, signs the request with
//!    SigV4, sends it and retries throttling and transient failures;
//! 4. parse the body of a successful [`RawResponse`], or classify an error
//!    response with [`parse_error_metadata`] into a modeled error or an
//!    [`Unhandled`] one, returned as aws-sdk-rust's [`SdkError`].
//!
//! Everything here is deliberately non-generic so that a service with hundreds of operations
//! compiles the request pipeline once.
//!
//! The code is one file per concern, each re-exported here so that every item keeps its path
//! `client::X`: configuration (`config`, with `retry` and `timeout` settings), `credentials`, the
//! HTTP seam and [`RawResponse`] (`http_client`), the default client's stalled-stream protection
//! and read timeout (`stalled_stream`), SigV4 `signing`, the [`Handle`] and its resolved
//! endpoint (`handle`), the request `pipeline`, the `error`s of a call, and the
//! [`operations_trait!`](crate::operations_trait) and [`service_error!`](crate::service_error)
//! macros every service declares its trait and its `Error` with. What is particular to
//! the AWS JSON wire format (its headers, reading an error response) lives with the protocol, in
//! [`crate::protocol::aws_json`].

use std::error::Error as StdError;

mod call;
mod config;
mod credentials;
mod customize;
mod error;
pub mod event_stream;
mod handle;
mod http1;
mod http_client;
#[cfg(feature = "http2")]
mod hyper_client;
mod operations;
mod pipeline;
mod region;
mod retry;
#[cfg(feature = "sdk-config")]
mod sdk_config;
mod service_error;
mod signing;
mod stalled_stream;
#[cfg(test)]
mod tests;
mod timeout;
mod tls;

pub use aws_credential_types::Credentials;
pub use aws_credential_types::provider::ProvideCredentials;
/// aws-sdk-rust's type for the setting, so that code naming it works unchanged.
pub use aws_types::endpoint_config::AccountIdEndpointMode;

pub use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
/// Stalled-stream protection settings: aws-sdk-rust's own type (see
/// [`ConfigBuilder::stalled_stream_protection`]).
pub use aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
pub use call::{Call, Operation, Request};
pub use config::{Config, ConfigBuilder, IntoValidationErrors, RequestCompression, ValidationMode};
pub use credentials::EnvironmentCredentials;
pub use customize::{CustomizableOperation, CustomizableSend, Customization, HttpRequest};
pub use error::{
    ConnectorError, CreateUnhandledError, DisplayErrorContext, ErrorMetadata, HttpResponse,
    InvokeError, ProvideErrorMetadata, RequestId, SdkError, Unhandled, error_metadata,
    http_response, validation_errors,
};
pub use handle::{Handle, ServiceSpec};
pub use http_client::{
    HttpClient, HttpFuture, MAX_RESPONSE_BYTES, RawResponse, ResponseBody, StreamingFuture,
};
pub use http1::Http1Client;
#[cfg(feature = "http2")]
pub use hyper_client::HyperClient;
pub use pipeline::{
    Compress, InvokeOptions, idempotency_token, invoke, invoke_with, is_valid_host_label,
};
pub use region::{IntoRegion, Region};
pub use retry::RetryConfig;
pub use stalled_stream::StalledStreamError;
pub use timeout::{TimeoutConfig, TimeoutConfigBuilder, TimeoutError, TimeoutKind};

#[doc(inline)]
pub use crate::protocol::aws_json::parse_error_metadata;

/// A boxed, thread-safe error, used for transport and construction failures.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;
