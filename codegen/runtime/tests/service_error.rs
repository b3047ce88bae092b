//! `service_error!` as a generated crate calls it: every operation's error, and `SdkError` of it,
//! converts into the service-wide `Error`, keeping the modeled error or the metadata.
#![cfg(feature = "client")]
#![allow(deprecated)] // `Unhandled` is matched on purpose.

use lean_aws_runtime::client::{
    ErrorMetadata, ProvideErrorMetadata, RequestId, SdkError, Unhandled, error_metadata,
};

/// A modeled error, as generated crates write them.
#[derive(Debug)]
pub struct NotFound {
    meta: ErrorMetadata,
}

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NotFound")
    }
}

impl std::error::Error for NotFound {}

impl ProvideErrorMetadata for NotFound {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

mod operation {
    pub mod get_thing {
        #[derive(Debug)]
        pub enum GetThingError {
            NotFound(crate::NotFound),
            #[allow(dead_code)]
            Unhandled(lean_aws_runtime::client::Unhandled),
        }

        impl std::fmt::Display for GetThingError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("get thing failed")
            }
        }

        impl std::error::Error for GetThingError {}

        impl lean_aws_runtime::client::ProvideErrorMetadata for GetThingError {
            fn meta(&self) -> &lean_aws_runtime::client::ErrorMetadata {
                match self {
                    GetThingError::NotFound(e) => {
                        lean_aws_runtime::client::ProvideErrorMetadata::meta(e)
                    }
                    GetThingError::Unhandled(e) => e.meta(),
                }
            }
        }
    }
}

lean_aws_runtime::service_error! {
    /// Every error of the example service.
    pub enum Error {
        /// The thing is not there.
        NotFound(crate::NotFound) if cfg(all()),
        /// A variant whose feature is off: its type does not exist, so this compiles only if
        /// every use of the variant is left out.
        Gone(crate::types::error::Gone) if cfg(any()),
    }
    from {
        get_thing::GetThingError { NotFound }
        // Off, like the variant above: no such module exists.
        #[cfg(any())]
        put_thing::PutThingError { Gone }
    }
}

use operation::get_thing::GetThingError;

fn not_found() -> NotFound {
    NotFound {
        meta: error_metadata(Some("NotFound"), Some("gone"), Some("rid-1")),
    }
}

#[test]
fn operation_errors_convert_keeping_what_they_hold() {
    let e = Error::from(GetThingError::NotFound(not_found()));
    assert!(matches!(e, Error::NotFound(_)));
    assert_eq!(e.code(), Some("NotFound"));
    assert_eq!(e.request_id(), Some("rid-1"));
    assert_eq!(e.to_string(), "NotFound");

    let meta = error_metadata(Some("Throttled"), None, None);
    let e = Error::from(GetThingError::Unhandled(Unhandled::new(meta.clone(), meta)));
    assert!(matches!(e, Error::Unhandled(_)));
    assert_eq!(e.to_string(), "unhandled error (Throttled)");
}

#[test]
fn sdk_errors_convert_and_question_mark_works() {
    fn call(fail: SdkError<GetThingError>) -> Result<(), Error> {
        Err(fail)?
    }
    let raw = lean_aws_runtime::client::http_response(lean_aws_runtime::client::RawResponse::new(
        404,
        Default::default(),
        Vec::new(),
    ));
    let service = SdkError::service_error(GetThingError::NotFound(not_found()), raw);
    assert!(matches!(call(service), Err(Error::NotFound(_))));
    let timeout = SdkError::<GetThingError>::timeout_error("too slow");
    let e = call(timeout).expect_err("fails");
    assert!(matches!(e, Error::Unhandled(_)));
    assert_eq!(e.code(), None);
    assert_eq!(e.to_string(), "unhandled error");
    let build = Error::from(lean_aws_runtime::error::BuildError::missing_field(
        "Name", "Thing",
    ));
    assert!(std::error::Error::source(&build).is_some());
}
