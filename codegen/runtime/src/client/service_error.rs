//! The service-wide `Error` every generated service declares (aws-sdk-rust's `crate::Error`), written
//! once here as a macro: a service with hundreds of operations lists each in one line.

/// Declares a service's `Error`: one variant per error shape any of its operations can return,
/// plus aws-sdk-rust's sealed `Unhandled`, with `From` conversions from every operation's error
/// enum and from `SdkError` of it, so `?` turns any call's failure into it.
///
/// Generated crates call it once, in `error_meta.rs`:
///
/// ```text
/// lean_aws_runtime::service_error! {
///     /// All possible error types for this service.
///     pub enum Error {
///         /// The resource is not there.
///         NotFound(crate::types::error::NotFound) if cfg(feature = "get_thing"),
///     }
///     from {
///         #[cfg(feature = "get_thing")]
///         get_thing::GetThingError { NotFound }
///         put_thing::PutThingError {}
///     }
/// }
/// ```
///
/// A variant's trailing `if cfg(…)`, or a conversion's `#[cfg(…)]`, compiles it only under that
/// predicate (the operation features that need it), matches and all.
#[macro_export]
// `crate::operation` is meant: the calling crate's operation modules.
#[allow(clippy::crate_in_macro_def)]
macro_rules! service_error {
    (
        $(#[$enum_meta:meta])*
        pub enum Error {
            $( $(#[$variant_meta:meta])* $variant:ident($ty:path) $(if cfg($gate:meta))?, )*
        }
        from {
            $( $(#[cfg($op_gate:meta)])? $op:ident :: $op_error:ident { $( $op_variant:ident ),* $(,)? } )*
        }
    ) => {
        $(#[$enum_meta])*
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
        pub enum Error {
            $( $(#[$variant_meta])* $(#[cfg($gate)])? $variant($ty), )*
            /// An error the model does not describe, or a failure with no error response.
            #[deprecated(note = "Matching `Unhandled` directly is not forwards compatible: match other errors with a wildcard pattern and check `.code()` (`ProvideErrorMetadata`).")]
            Unhandled($crate::client::Unhandled),
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $( $(#[cfg($gate)])? Error::$variant(inner) => ::std::fmt::Display::fmt(inner, f), )*
                    Error::Unhandled(_) => {
                        match $crate::client::ProvideErrorMetadata::code(self) {
                            ::std::option::Option::Some(code) => ::std::write!(f, "unhandled error ({code})"),
                            ::std::option::Option::None => f.write_str("unhandled error"),
                        }
                    }
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    $( $(#[cfg($gate)])? Error::$variant(inner) => ::std::option::Option::Some(inner), )*
                    Error::Unhandled(inner) => ::std::option::Option::Some(inner.source()),
                }
            }
        }

        #[allow(deprecated)]
        impl $crate::client::ProvideErrorMetadata for Error {
            fn meta(&self) -> &$crate::client::ErrorMetadata {
                match self {
                    $( $(#[cfg($gate)])? Error::$variant(inner) => $crate::client::ProvideErrorMetadata::meta(inner), )*
                    Error::Unhandled(inner) => inner.meta(),
                }
            }
        }

        impl $crate::client::RequestId for Error {
            fn request_id(&self) -> ::std::option::Option<&str> {
                $crate::client::RequestId::request_id($crate::client::ProvideErrorMetadata::meta(self))
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<$crate::error::BuildError> for Error {
            fn from(value: $crate::error::BuildError) -> Self {
                Error::Unhandled($crate::client::Unhandled::new(value, ::std::default::Default::default()))
            }
        }

        $(
            $(#[cfg($op_gate)])?
            #[allow(deprecated)]
            impl ::std::convert::From<crate::operation::$op::$op_error> for Error {
                fn from(err: crate::operation::$op::$op_error) -> Self {
                    use crate::operation::$op::$op_error as OpError;
                    match err {
                        $( OpError::$op_variant(inner) => Error::$op_variant(inner), )*
                        OpError::Unhandled(inner) => Error::Unhandled(inner),
                        // Every variant is above; an operation error defined in another crate (a
                        // part of a split service) is non-exhaustive there, so the match needs
                        // this arm.
                        #[allow(unreachable_patterns)]
                        other => {
                            let meta = $crate::client::ProvideErrorMetadata::meta(&other).clone();
                            Error::Unhandled($crate::client::Unhandled::new(other, meta))
                        }
                    }
                }
            }

            $(#[cfg($op_gate)])?
            #[allow(deprecated)]
            impl<R> ::std::convert::From<$crate::client::SdkError<crate::operation::$op::$op_error, R>> for Error
            where
                R: ::std::marker::Send + ::std::marker::Sync + ::std::fmt::Debug + 'static,
            {
                fn from(err: $crate::client::SdkError<crate::operation::$op::$op_error, R>) -> Self {
                    match err {
                        $crate::client::SdkError::ServiceError(context) => Self::from(context.into_err()),
                        _ => {
                            let meta = $crate::client::ProvideErrorMetadata::meta(&err).clone();
                            Error::Unhandled($crate::client::Unhandled::new(err, meta))
                        }
                    }
                }
            }
        )*
    };
}
