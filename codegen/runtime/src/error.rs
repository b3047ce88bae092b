//! Errors of building values.

use std::fmt;

/// The error of a call; generated crates re-export it where aws-sdk-rust has it (`error::SdkError`).
#[cfg(feature = "client")]
pub use crate::client::SdkError;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_member_and_type() {
        let e = BuildError::missing_field("Key", "Tag");
        assert_eq!(e.to_string(), "Tag: the required member `Key` was not set");
        assert_eq!(e.field(), "Key");
    }
}
