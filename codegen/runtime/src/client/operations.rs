//! The operations trait every generated service declares, written once here as a macro so that
//! a service with hundreds of operations lists each in two lines instead of two dozen.

/// Declares a service's operations trait and implements it for the service's `Client`.
///
/// Generated crates call it once, in `client.rs`, listing every operation by its method name,
/// which is also a path to its module under `crate::operation` (a module named after a keyword,
/// `match_`, is re-exported there as `r#match`), and the names of its input, output and error
/// types:
///
/// ```ignore
/// lean_aws_runtime::operations_trait! {
///     /// The operations of Example Service, one async method each.
///     pub trait ExampleApi for Client {
///         /// Calls `GetThing` with a built input.
///         get_thing(GetThingInput) -> GetThingOutput, GetThingError if cfg(feature = "get_thing");
///     }
/// }
/// ```
///
/// which expands, in the calling crate, to
///
/// ```text
/// pub trait ExampleApi: Send + Sync {
///     /// Calls `GetThing` with a built input.
///     fn get_thing(&self, input: crate::operation::get_thing::GetThingInput)
///         -> Call<crate::operation::get_thing::GetThingOutput,
///                 crate::operation::get_thing::GetThingError> {
///         Call::not_implemented("get_thing")
///     }
/// }
/// impl ExampleApi for Client {
///     fn get_thing(&self, input: crate::operation::get_thing::GetThingInput) -> Call<…> {
///         crate::operation::get_thing::send(&self.handle, input, Default::default())
///     }
/// }
/// ```
///
/// The calling crate's `Client` has a `handle: Handle` field, and each operation module a
/// `send(&Handle, Input, Customization)` function returning the call.
/// A trailing `if cfg(…)` declares and implements the method only under that predicate (the
/// operation's feature).
///
/// Each method returns the named future [`Call`](crate::client::Call) rather than an
/// `impl Future + Send`: proving every operation's future `Send` where the trait is declared
/// cost SageMaker (403 operations) 5.5 s of a 66.6 s `cargo check`; a `Call` is a named type,
/// whose `Send` is proved only where a caller needs it (to spawn the call).
/// A test double answers with [`Call::ready`](crate::client::Call::ready) or
/// [`Call::from_future`](crate::client::Call::from_future), and implements only the methods it
/// needs: the others fail, naming themselves, without sending anything.
#[macro_export]
// `crate::operation` is meant: the calling crate's operation modules.
#[allow(clippy::crate_in_macro_def)]
macro_rules! operations_trait {
    (
        $(#[$trait_meta:meta])*
        pub trait $api:ident for $client:ident {
            $(
                $(#[$op_meta:meta])*
                $op:ident($input:ident) -> $output:ident, $error:ident $(if cfg($gate:meta))?;
            )*
        }
    ) => {
        $(#[$trait_meta])*
        pub trait $api: ::std::marker::Send + ::std::marker::Sync {
            $(
                $(#[$op_meta])*
                $(#[cfg($gate)])?
                fn $op(
                    &self,
                    input: crate::operation::$op::$input,
                ) -> $crate::client::Call<crate::operation::$op::$output, crate::operation::$op::$error> {
                    let _ = input;
                    $crate::client::Call::not_implemented(::std::stringify!($op))
                }
            )*
        }

        impl $api for $client {
            $(
                $(#[cfg($gate)])?
                #[inline]
                fn $op(
                    &self,
                    input: crate::operation::$op::$input,
                ) -> $crate::client::Call<crate::operation::$op::$output, crate::operation::$op::$error> {
                    crate::operation::$op::send(&self.handle, input, ::std::default::Default::default())
                }
            )*
        }
    };
}
