//! Every Rust name the generator emits comes from here; this is the only module that calls heck.
//!
//! Names follow aws-sdk-rust so that moving from it is a change of crate path: `UserSettings`,
//! `sage_maker_image_arn`, `AppInstanceType::MlT3Medium`.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and edition-2024), which need `r#` or a suffix as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names that would shadow the std prelude or our own runtime items in generated modules.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "String",
    "Option",
    "Result",
    "Box",
    "Vec",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Display",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "ToString",
    "From",
    "Into",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "HashMap",
    "Error",
    "Blob",
    "DateTime",
    "Document",
    "Client",
    "Config",
];

/// Method names generated on every structure or builder; a member snake-cased to one of these
/// gets a `_value` suffix.
const RESERVED_METHODS: &[&str] = &["build", "builder", "validate", "validate_into"];

/// The Rust type name for a shape name: `EFSFileSystemConfig` → `EfsFileSystemConfig`.
pub fn type_name(shape_name: &str) -> String {
    let name = shape_name.to_upper_camel_case();
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("Shape{name}")
    } else {
        name
    };
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// The field/method name for a member: `SageMakerImageArn` → `sage_maker_image_arn`, `Type` →
/// `r#type`, `Self` → `self_`, `Build` → `build_value`.
pub fn field_name(member: &str) -> String {
    let snake = member.to_snake_case();
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) || snake.is_empty() {
        format!("_{snake}")
    } else {
        snake
    };
    if RESERVED_METHODS.contains(&snake.as_str()) {
        return format!("{snake}_value");
    }
    ident_text(&snake)
}

/// A module (and file) name for a type or operation: `UpdateUserProfile` → `update_user_profile`.
pub fn module_name(name: &str) -> String {
    ident_text(&name.to_snake_case())
}

/// The file stem for a module name: raw identifiers lose their `r#`.
pub fn file_stem(module: &str) -> &str {
    module.strip_prefix("r#").unwrap_or(module)
}

/// A builder's setter and getter for a field: `set_x` and `get_x` (raw identifiers lose `r#`).
pub fn accessors(field: &str) -> (String, String) {
    let plain = file_stem(field);
    (format!("set_{plain}"), format!("get_{plain}"))
}

/// An enum variant for an enum member name or value: `ML_T3_MEDIUM` → `MlT3Medium`. `Unknown` is
/// taken by the catch-all variant that keeps values this client does not know.
pub fn variant_name(member: &str) -> String {
    let name = member.to_upper_camel_case();
    let name = if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    };
    match name.as_str() {
        "Self" | "Unknown" => format!("{name}Value"),
        _ => name,
    }
}

/// A `static` item name: `RepositoryUrl` → `REPOSITORY_URL`.
pub fn const_name(name: &str) -> String {
    let name = name.to_shouty_snake_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

/// A free function name with a prefix: (`validate`, `UserSettings`) → `validate_user_settings`.
pub fn fn_name(prefix: &str, name: &str) -> String {
    format!("{prefix}_{}", name.to_snake_case())
}

/// Names handed out once each: a name already taken gets `_` appended until it is free, so
/// functions made from different shapes' names never collide.
#[derive(Debug, Default)]
pub struct Unique {
    taken: std::collections::BTreeSet<String>,
}

impl Unique {
    /// `name`, or the first of `name_`, `name__`, … not yet taken; it is taken from now on.
    pub fn claim(&mut self, mut name: String) -> String {
        while !self.taken.insert(name.clone()) {
            name.push('_');
        }
        name
    }
}

/// A crate name from a service's SDK ID: `SageMaker` → `sagemaker`, `Elastic Load Balancing` →
/// `elasticloadbalancing` (aws-sdk-rust's `aws-sdk-<name>` without the prefix).
pub fn crate_name(sdk_id: &str) -> String {
    sdk_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Makes a snake-case word a usable identifier: `type` → `r#type`, `self` → `self_`.
fn ident_text(word: &str) -> String {
    if NOT_RAW.contains(&word) {
        format!("{word}_")
    } else if KEYWORDS.contains(&word) {
        format!("r#{word}")
    } else {
        word.to_owned()
    }
}

/// Whether `text` (with an optional `r#`) is a valid Rust identifier. The checker uses this to catch
/// names no rule above could fix (for example, member names made only of symbols).
pub fn is_identifier(text: &str) -> bool {
    syn::parse_str::<syn::Ident>(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        for (input, expected) in [
            ("UserSettings", "UserSettings"),
            ("EFSFileSystemConfig", "EfsFileSystemConfig"),
            ("RStudioServerProAppSettings", "RStudioServerProAppSettings"),
            ("String", "StringValue"),
            ("Option", "OptionValue"),
            ("Result", "ResultValue"),
            ("Box", "BoxValue"),
            ("Self", "SelfValue"),
            ("Blob", "BlobValue"),
            ("lowercase_name", "LowercaseName"),
        ] {
            assert_eq!(type_name(input), expected, "{input}");
        }
    }

    #[test]
    fn field_names() {
        for (input, expected) in [
            ("SageMakerImageArn", "sage_maker_image_arn"),
            ("S3KmsKeyId", "s3_kms_key_id"),
            (
                "RStudioServerProAppSettings",
                "r_studio_server_pro_app_settings",
            ),
            ("DomainId", "domain_id"),
            ("Type", "r#type"),
            ("type", "r#type"),
            ("Match", "r#match"),
            ("Gen", "r#gen"),
            ("Self", "self_"),
            ("super", "super_"),
            ("Crate", "crate_"),
            ("Build", "build_value"),
            ("Validate", "validate_value"),
            ("ARN", "arn"),
        ] {
            assert_eq!(field_name(input), expected, "{input}");
            assert!(is_identifier(&field_name(input)), "{input}");
        }
    }

    #[test]
    fn variant_names() {
        for (input, expected) in [
            ("ML_T3_MEDIUM", "MlT3Medium"),
            ("ML_T3_2XLARGE", "MlT32xlarge"),
            ("ml.geospatial.interactive", "MlGeospatialInteractive"),
            ("SYSTEM", "System"),
            ("Unknown", "UnknownValue"),
            ("UNKNOWN", "UnknownValue"),
            ("Self", "SelfValue"),
            ("2xlarge", "V2xlarge"),
            ("", "V"),
        ] {
            assert_eq!(variant_name(input), expected, "{input}");
        }
    }

    #[test]
    fn other_names() {
        assert_eq!(module_name("UpdateUserProfile"), "update_user_profile");
        assert_eq!(module_name("Type"), "r#type");
        assert_eq!(file_stem("r#type"), "type");
        assert_eq!(const_name("RepositoryUrl"), "REPOSITORY_URL");
        assert_eq!(
            fn_name("validate", "UserSettings"),
            "validate_user_settings"
        );
        assert_eq!(crate_name("SageMaker"), "sagemaker");
        assert_eq!(
            crate_name("Elastic Load Balancing v2"),
            "elasticloadbalancingv2"
        );
        assert!(!is_identifier("a-b"));
    }

    #[test]
    fn unique_names_get_underscores() {
        let mut names = Unique::default();
        assert_eq!(names.claim("a".into()), "a");
        assert_eq!(names.claim("a".into()), "a_");
        assert_eq!(names.claim("a_".into()), "a__");
        assert_eq!(names.claim("b".into()), "b");
    }
}
