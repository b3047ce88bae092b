//! Every Rust name the generator emits comes from here.
//!
//! Public names are exactly aws-sdk-rust's, so that moving from it is a change of crate path:
//! `UserSettings`, `sage_maker_image_arn`, `size_in_gib`, `AppInstanceType::MlT32Xlarge`. They are
//! made the way smithy-rs makes them, with its two different case converters:
//! - snake case (fields, methods, modules) splits words as smithy-rs's `toSnakeCase` does
//!   ([`snake_case`]): separators split, a lower case letter or digit before a capital splits,
//!   an acronym ends before its last capital (`HTTPRequest` → `http_request`) unless that starts
//!   a plural `s` (`ARNs`) or a `v<digit>`, and `ipv4`, `ipv6`, `sigv4`, `mib`, `gib`, `kib`,
//!   `ttl` stay whole words (`SizeInGiB` → `size_in_gib`);
//! - Pascal case (types, enum and union variants) is Smithy's `CaseUtils` ([`pascal_case`]):
//!   `ML_G4DN_XLARGE` → `MlG4DnXlarge`, `ACLs` → `AcLs`.
//!
//! Keywords become raw identifiers (`r#type`), except `self`, `crate` and `super` (`self_`) and, for
//! modules, every keyword (`type_`). Operation structs and error enums keep the model's casing
//! (`CreateAutoMLJobError`); their inputs and outputs do not (`CreateAutoMlJobInput`).

use heck::ToShoutySnakeCase;

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

/// Method names generated on every structure, builder or fluent builder; a member snake-cased to
/// one of these gets a `_value` suffix. The first eight are aws-sdk-rust's; `validate` and
/// `validate_into` are this generator's own methods.
const RESERVED_METHODS: &[&str] = &[
    "build",
    "builder",
    "default",
    "send",
    "make_operation",
    "presigned",
    "customize",
    "meta",
    "validate",
    "validate_into",
];

/// Words smithy-rs never splits, whatever their casing (`GiB`, `IPv6`, `SigV4`).
const COMPLETE_WORDS: &[&str] = &["ipv4", "ipv6", "sigv4", "mib", "gib", "kib", "ttl"];

/// The words of a name as smithy-rs's `toSnakeCase` splits them, lower-cased.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let all_lower = name.to_lowercase() == name;
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    // "Complete word in progress": whether `cur` may still grow into one of COMPLETE_WORDS.
    let mut whole_word = true;
    let emit = |cur: &mut String, out: &mut Vec<String>, whole_word: &mut bool, next: char| {
        *whole_word = true;
        if !cur.is_empty() {
            out.push(cur.to_lowercase());
        }
        cur.clear();
        if next.is_alphanumeric() {
            cur.push(next);
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let in_word = |cur: &str, whole_word: &mut bool| {
            if cur.chars().nth(5).is_some() {
                // Longer than any complete word: it cannot be one in progress.
                *whole_word = false;
                return false;
            }
            let lower = cur.to_lowercase();
            // The longest complete word has 5 characters: no more of the name can matter, which
            // keeps the split linear in the name's length.
            let rest: String = lower
                .chars()
                .chain(chars[i..].iter().take(5).flat_map(|c| c.to_lowercase()))
                .collect();
            *whole_word = *whole_word
                && !cur.is_empty()
                && COMPLETE_WORDS
                    .iter()
                    .any(|w| w.starts_with(&lower) && rest.starts_with(w) && *w != lower);
            *whole_word
        };
        let last = cur.chars().last();
        // smithy-rs's rules, first match wins: a separator splits (and is dropped); the first
        // character starts a word; then, unless a complete word is in progress, a capital after a
        // lower-case letter or digit splits, and so does a lower-case letter after a digit when
        // the whole name is lower case; and an acronym ends before a capitalised word.
        let split = !c.is_alphanumeric()
            || (!cur.is_empty() && {
                let in_progress = in_word(&cur, &mut whole_word);
                let lower_or_digit = last.is_some_and(|l| l.is_lowercase() || l.is_numeric());
                (!in_progress && c.is_uppercase() && lower_or_digit)
                    || (!in_progress
                        && all_lower
                        && last.is_some_and(char::is_numeric)
                        && c.is_lowercase())
                    || end_of_acronym(last, c, chars.get(i + 1), chars.get(i + 2))
            });
        if split {
            emit(&mut cur, &mut out, &mut whole_word, c);
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur.to_lowercase());
    }
    out
}

/// Whether `c` starts a new word after an acronym: `DB|Proxy`, but not `AC|Ls` (a plural) or
/// `DynamoD|Bv2`.
fn end_of_acronym(last: Option<char>, c: char, peek: Option<&char>, after: Option<&char>) -> bool {
    let Some(peek) = peek else {
        return false;
    };
    if !(last.is_some_and(char::is_uppercase) && c.is_uppercase() && peek.is_lowercase()) {
        return false;
    }
    let plural = *peek == 's' && !after.is_some_and(|a| a.is_lowercase());
    let version = *peek == 'v' && after.is_some_and(|a| a.is_ascii_digit());
    !plural && !version
}

/// smithy-rs's snake case: [`words`] joined by `_`.
pub fn snake_case(name: &str) -> String {
    words(name).join("_")
}

/// Smithy's `CaseUtils.toPascalCase(CaseUtils.toSnakeCase(name))`, which smithy-rs uses for type
/// and variant names: an upper-case run before a capitalised word splits before its last capital,
/// a lower-case letter or digit before a capital splits, spaces and `-` become `_`; then each
/// `_`-separated piece is capitalised and the rest lower-cased. Other characters are kept.
pub fn pascal_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    // ([A-Z]+)([A-Z][a-z]) → $1_$2, leftmost and non-overlapping.
    let mut step1 = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_uppercase() {
            let mut end = i;
            while end < chars.len() && chars[end].is_ascii_uppercase() {
                end += 1;
            }
            if end - i >= 2 && chars.get(end).is_some_and(char::is_ascii_lowercase) {
                step1.extend(&chars[i..end - 1]);
                step1.push('_');
                step1.push(chars[end - 1]);
                step1.push(chars[end]);
                i = end + 1;
            } else {
                step1.extend(&chars[i..end]);
                i = end;
            }
        } else {
            step1.push(chars[i]);
            i += 1;
        }
    }
    // ([a-z\d])([A-Z]) → $1_$2, then (\s|-) → _, then lower case.
    let chars: Vec<char> = step1.chars().collect();
    let mut snake = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c.is_ascii_lowercase() || c.is_ascii_digit())
            && chars.get(i + 1).is_some_and(char::is_ascii_uppercase)
        {
            snake.push(c);
            snake.push('_');
            snake.push(chars[i + 1]);
            i += 2;
            continue;
        }
        snake.push(
            if matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '-') {
                '_'
            } else {
                c
            },
        );
        i += 1;
    }
    let snake = snake.to_lowercase();
    let mut out = String::new();
    let mut capitalize = true;
    for c in snake.chars() {
        if matches!(c, ' ' | '_' | '-') {
            capitalize = !out.is_empty();
        } else if capitalize || out.is_empty() {
            out.extend(c.to_uppercase());
            capitalize = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The Rust type name for a shape name: `EFSFileSystemConfig` → `EfsFileSystemConfig`.
pub fn type_name(shape_name: &str) -> String {
    let name = pascal_case(shape_name);
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
    let snake = snake_case(member);
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

/// A module (and file) name for an operation: `UpdateUserProfile` → `update_user_profile`,
/// `Match` → `match_`.
pub fn module_name(name: &str) -> String {
    let snake = snake_case(name);
    if KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// `Client`'s own methods, which an operation's method must not take.
const CLIENT_METHODS: &[&str] = &["new", "from_conf", "config", "endpoint"];

/// The `Client` method (and operations-trait method) of an operation: `update_user_profile`,
/// `Match` → `r#match`, `Config` → `config_operation` (`Client::config` is the configuration).
pub fn method_name(operation: &str) -> String {
    let snake = snake_case(operation);
    if CLIENT_METHODS.contains(&snake.as_str()) {
        format!("{snake}_operation")
    } else {
        ident_text(&snake)
    }
}

/// An operation's own name, which its error enum and fluent builder keep: the model's, with its
/// first letter upper-cased (`CreateAutoMLJob`, not `CreateAutoMlJob`).
pub fn operation_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The file stem for a module name: raw identifiers lose their `r#`.
pub fn file_stem(module: &str) -> &str {
    module.strip_prefix("r#").unwrap_or(module)
}

/// A module name as a word inside other names (`validate_match_input`): without `r#` or the
/// keyword's `_`.
pub fn bare(module: &str) -> &str {
    file_stem(module).trim_end_matches('_')
}

/// A builder's setter and getter for a field: `set_x` and `get_x` (raw identifiers lose `r#`).
pub fn accessors(field: &str) -> (String, String) {
    let plain = file_stem(field);
    (format!("set_{plain}"), format!("get_{plain}"))
}

/// An enum variant for an enum member name or value: `ML_T3_MEDIUM` → `MlT3Medium`. `Unknown` is
/// taken by the catch-all variant that keeps values this client does not know.
pub fn variant_name(member: &str) -> String {
    // Member names are identifiers already; Smithy 1 `@enum` values without names (`ml.t3.medium`)
    // are not, and their separators split words.
    let cleaned: String = member
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let name = pascal_case(&cleaned);
    let name = if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    };
    match name.as_str() {
        "Self" | "Unknown" => format!("{name}Value"),
        "SelfValue" | "UnknownValue" => format!("{name}_"),
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
    format!("{prefix}_{}", snake_case(name))
}

/// The generated crate's own cargo features, which no operation feature may take.
pub const CRATE_FEATURES: &[&str] = &["default", "client", "serde", "sdk-config", "all-operations"];

/// A cargo feature for operations from a snake-case name (`update_user_profile`); a name the
/// crate's own features use gets `_operations` (`client_operations`).
pub fn feature_name(snake: &str) -> String {
    if CRATE_FEATURES.contains(&snake) {
        format!("{snake}_operations")
    } else {
        snake.to_owned()
    }
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

/// The package name of a split service's shared crate ([`crate::plan::Split`]).
pub fn shared_crate_name(crate_name: &str) -> String {
    format!("{crate_name}-shared")
}

/// The package name of a split service's part crate, by its index (from 0; named from 1).
pub fn part_crate_name(crate_name: &str, part: usize) -> String {
    format!("{crate_name}-part-{:02}", part + 1)
}

/// How Rust code names a package: `sagemaker-shared` → `sagemaker_shared`.
pub fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
}

/// Whether cargo accepts `name` as a package name (and crates.io would: at most 64 characters).
pub fn is_crate_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
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

    // Facts: the names aws-sdk-sagemaker 1.x (generated by smithy-rs) gives these model names,
    // and cases from smithy-rs's own naming tests.

    #[test]
    fn type_names() {
        for (input, expected) in [
            ("UserSettings", "UserSettings"),
            ("EFSFileSystemConfig", "EfsFileSystemConfig"),
            ("AIAdapterSource", "AiAdapterSource"),
            ("FSxLustreConfig", "FSxLustreConfig"),
            ("RStudioServerProAppSettings", "RStudioServerProAppSettings"),
            ("MemoryGiBPerVCpuRequest", "MemoryGiBPerVCpuRequest"),
            (
                "CustomKeyStoreHasCMKsException",
                "CustomKeyStoreHasCmKsException",
            ),
            ("KMSInvalidStateException", "KmsInvalidStateException"),
            ("ACLs", "AcLs"),
            ("HTTPRequest", "HttpRequest"),
            ("lowercase_name", "LowercaseName"),
            ("Self", "SelfValue"),
            // Not renamed by aws-sdk-rust; this generator's code names them unqualified.
            ("String", "StringValue"),
            ("Option", "OptionValue"),
            ("Blob", "BlobValue"),
        ] {
            assert_eq!(type_name(input), expected, "{input}");
        }
    }

    #[test]
    fn snake_case_splits_words_as_smithy_rs_does() {
        for (input, expected) in [
            ("NotificationARNs", "notification_arns"),
            ("application/x-amzn-json-1.1", "application_x_amzn_json_1_1"),
            ("ACLsUpdateStatus", "acls_update_status"),
            ("CNAMEPrefix", "cname_prefix"),
            ("IAMUser", "iam_user"),
            ("DynamoDBv2Action", "dynamo_dbv2_action"),
            ("s3key", "s3_key"),
            ("S3key", "s3key"),
            ("M3u8Settings", "m3u8_settings"),
            ("OtaaV1_0_x", "otaa_v1_0_x"),
            ("TotalGpuMemoryInMiB", "total_gpu_memory_in_mib"),
            ("SizeInGiB", "size_in_gib"),
            ("MemoryInGiB", "memory_in_gib"),
            ("SigV4Authorization", "sigv4_authorization"),
            ("IPv6Address", "ipv6_address"),
            ("AuthTtL", "auth_ttl"),
            ("KMSKeyId", "kms_key_id"),
            ("SSEKMSKeyId", "ssekms_key_id"),
            ("S3Uri", "s3_uri"),
            ("HTTPSPort", "https_port"),
            ("ETag", "e_tag"),
            ("MemoryGiBPerVCpu", "memory_gib_per_v_cpu"),
            ("VolumeSizeInGB", "volume_size_in_gb"),
            ("TLSv1.2", "tlsv1_2"),
            ("_foo", "foo"),
            ("a__b", "a_b"),
            ("", ""),
        ] {
            assert_eq!(snake_case(input), expected, "{input}");
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
            ("SizeInGiB", "size_in_gib"),
            ("DomainId", "domain_id"),
            ("Type", "r#type"),
            ("type", "r#type"),
            ("Match", "r#match"),
            ("Gen", "r#gen"),
            ("Self", "self_"),
            ("super", "super_"),
            ("Crate", "crate_"),
            ("Build", "build_value"),
            ("Builder", "builder_value"),
            ("Default", "default_value"),
            ("Send", "send_value"),
            ("Meta", "meta_value"),
            ("Customize", "customize_value"),
            ("Validate", "validate_value"),
            ("ARN", "arn"),
        ] {
            assert_eq!(field_name(input), expected, "{input}");
            assert!(is_identifier(&field_name(input)), "{input}");
        }
        assert_eq!(accessors("r#type"), ("set_type".into(), "get_type".into()));
    }

    #[test]
    fn variant_names() {
        for (input, expected) in [
            ("ML_T3_MEDIUM", "MlT3Medium"),
            ("ML_T3_2XLARGE", "MlT32Xlarge"),
            ("ML_G4DN_XLARGE", "MlG4DnXlarge"),
            ("ML_M5D_LARGE", "MlM5DLarge"),
            ("ML_P4DE_24XLARGE", "MlP4De24Xlarge"),
            ("S3Object", "S3Object"),
            ("TLSv1_2_2021", "TlSv122021"),
            ("TLS_V1_2", "TlsV12"),
            ("us_east_1", "UsEast1"),
            ("s3_ObjectCreated_", "S3ObjectCreated"),
            ("nodejs18x", "Nodejs18x"),
            ("EFSFileSystem", "EfsFileSystem"),
            ("SYSTEM", "System"),
            ("Unknown", "UnknownValue"),
            ("UNKNOWN", "UnknownValue"),
            ("UnknownValue", "UnknownValue_"),
            ("Self", "SelfValue"),
            // Smithy 1 `@enum` values without names: separators split words.
            ("ml.geospatial.interactive", "MlGeospatialInteractive"),
            ("2xlarge", "V2xlarge"),
            ("", "V"),
        ] {
            assert_eq!(variant_name(input), expected, "{input}");
        }
    }

    #[test]
    fn operation_names() {
        assert_eq!(module_name("UpdateUserProfile"), "update_user_profile");
        assert_eq!(module_name("CreateAutoMLJobV2"), "create_auto_ml_job_v2");
        assert_eq!(module_name("GetSAMLProvider"), "get_saml_provider");
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(module_name("Match"), "match_");
        assert_eq!(method_name("Match"), "r#match");
        assert_eq!(method_name("Config"), "config_operation");
        assert_eq!(method_name("FromConf"), "from_conf_operation");
        assert_eq!(method_name("New"), "new_operation");
        assert_eq!(module_name("Config"), "config");
        assert_eq!(operation_name("CreateAutoMLJob"), "CreateAutoMLJob");
        assert_eq!(operation_name("getThing"), "GetThing");
        assert_eq!(type_name("CreateAutoMLJob"), "CreateAutoMlJob");
    }

    #[test]
    fn other_names() {
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
        for ok in ["sagemaker", "my-crate_2", "A"] {
            assert!(is_crate_name(ok), "{ok}");
        }
        for bad in ["", "a b", "../../evil", "2fast", "é", &"a".repeat(65)] {
            assert!(!is_crate_name(bad), "{bad}");
        }
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
