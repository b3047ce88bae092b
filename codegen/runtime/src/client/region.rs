//! The region a client calls, under the name aws-sdk-rust gives it (`config::Region`).

use std::borrow::Cow;
use std::fmt;

/// An AWS region, such as `us-east-1`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region by name.
    pub fn new(region: impl Into<Cow<'static, str>>) -> Self {
        Region(region.into())
    }

    /// A region from a static name, in `const` contexts.
    pub const fn from_static(region: &'static str) -> Self {
        Region(Cow::Borrowed(region))
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What [`ConfigBuilder::region`](super::ConfigBuilder::region) accepts: a [`Region`] or an
/// `Option<Region>`, as with aws-sdk-rust, or a region's name.
pub trait IntoRegion {
    /// The region, or `None` to leave it unset.
    fn into_region(self) -> Option<Region>;
}

impl IntoRegion for Region {
    fn into_region(self) -> Option<Region> {
        Some(self)
    }
}

impl IntoRegion for Option<Region> {
    fn into_region(self) -> Option<Region> {
        self
    }
}

impl IntoRegion for &str {
    fn into_region(self) -> Option<Region> {
        Some(Region::new(self.to_owned()))
    }
}

impl IntoRegion for String {
    fn into_region(self) -> Option<Region> {
        Some(Region::new(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_come_as_aws_sdk_and_plain_names() {
        const WEST: Region = Region::from_static("us-west-2");
        assert_eq!(WEST.to_string(), "us-west-2");
        assert_eq!(Region::new("eu-west-1").as_ref(), "eu-west-1");
        assert_eq!("ap-south-1".into_region(), Some(Region::new("ap-south-1")));
        assert_eq!(String::from("x").into_region(), Some(Region::new("x")));
        assert_eq!(None.into_region(), None);
        assert_eq!(
            Some(WEST).into_region().as_ref().map(AsRef::as_ref),
            Some("us-west-2")
        );
    }
}
