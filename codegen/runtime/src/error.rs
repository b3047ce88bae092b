//! Errors of building and parsing values.

use std::fmt;

/// The errors of a call, where aws-sdk-rust has them (`error::SdkError`, `error::ProvideErrorMetadata`,
/// …); generated crates re-export this module as their `error`.
#[cfg(feature = "client")]
pub use crate::client::{
    BoxError, ConnectorError, DisplayErrorContext, ErrorMetadata, ProvideErrorMetadata, SdkError,
    validation_errors,
};

/// A builder could not build its value: a required member was not set.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuildError {
    field: &'static str,
    type_name: &'static str,
}

impl BuildError {
    /// A required member was missing.
    pub fn missing_field(field: &'static str, type_name: &'static str) -> Self {
        BuildError { field, type_name }
    }

    /// The wire name of the member that was missing.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the required member `{}` was not set",
            self.type_name, self.field
        )
    }
}

impl std::error::Error for BuildError {}

/// An enum's `try_parse` was given a value the enum does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariantError {
    value: String,
}

impl UnknownVariantError {
    /// The error for `value` (generated enums call this).
    pub fn new(value: impl Into<String>) -> Self {
        UnknownVariantError {
            value: value.into(),
        }
    }
}

impl fmt::Display for UnknownVariantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown enum variant: '{}'", self.value)
    }
}

impl std::error::Error for UnknownVariantError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_member_and_type() {
        let e = BuildError::missing_field("Key", "Tag");
        assert_eq!(e.to_string(), "Tag: the required member `Key` was not set");
        assert_eq!(e.field(), "Key");
    }

    #[test]
    fn unknown_variants_are_named_as_aws_sdk_names_them() {
        let e = UnknownVariantError::new("ml.x9.huge");
        assert_eq!(e.to_string(), "unknown enum variant: 'ml.x9.huge'");
    }
}
