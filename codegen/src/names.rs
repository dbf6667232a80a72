//! Rust names derived from wire names. Shared by `check` (to find collisions) and `ir`.

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Makes an identifier safe: raw (`r#type`) for keywords, `_`-suffixed where raw is not
/// allowed, `_`-prefixed when it starts with a digit.
pub fn escape_ident(s: &str) -> String {
    if NOT_RAW.contains(&s) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s) {
        format!("r#{s}")
    } else if s.starts_with(|c: char| c.is_ascii_digit()) || s.is_empty() {
        format!("_{s}")
    } else {
        s.to_owned()
    }
}

/// The snake_case field or module name (unescaped), e.g. `IPAddressVersion` → `ip_address_version`.
pub fn snake(wire: &str) -> String {
    let s: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let s = s.to_snake_case();
    if s.is_empty() { "field".to_owned() } else { s }
}

/// The UpperCamelCase type name (unescaped), e.g. `GetWsTokenReq_Label` → `GetWsTokenReqLabel`.
pub fn camel(wire: &str) -> String {
    let s: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let s = s.to_upper_camel_case();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else if s == "Self" {
        "Self_".to_owned()
    } else {
        s
    }
}

/// The error variant of a code: `ResourceNotFound.NoIdle` → `ResourceNotFoundNoIdle`.
pub fn error_variant(code: &str) -> String {
    camel(&code.replace('.', "_"))
}

/// The Rust name of a service's error enum: the spec's `error_enum`, or `<Service>Error`.
pub fn service_error_enum(service: &str, given: Option<&str>) -> String {
    match given {
        Some(name) => name.to_owned(),
        None => format!("{}Error", camel(service)),
    }
}

/// Rust names that generated code relies on inside a service module: the prelude's types
/// and traits it names without a path (`Option<String>`, `Result<Self, json::JsonError>`),
/// and `SERVICE`. Data types and enums must not take them: an item of the same name would
/// shadow the prelude's in its module. (The prelude's values `Some`, `None`, `Ok`, `Err` are
/// safe: generated items never live in the value namespace.)
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "SERVICE", "Option", "Vec", "String", "Box", "Result", "Into",
];

/// Whether a name is PascalCase as Tencent writes it: an upper-case letter, then letters,
/// digits or `_`.
pub fn is_pascal(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(snake("IPAddressVersion"), "ip_address_version");
        assert_eq!(snake("ApplicationVersionId"), "application_version_id");
        assert_eq!(snake("hadAutoFixVul"), "had_auto_fix_vul");
        assert_eq!(escape_ident(&snake("Type")), "r#type");
        assert_eq!(escape_ident("self"), "self_");
        assert_eq!(camel("GetWsTokenReq_Label"), "GetWsTokenReqLabel");
        assert_eq!(camel("cn2"), "Cn2");
        assert_eq!(camel("FULL"), "Full");
        assert_eq!(camel("1"), "V1");
        assert_eq!(
            error_variant("ResourceNotFound.NoIdle"),
            "ResourceNotFoundNoIdle"
        );
        assert!(is_pascal("IPAddressVersion"));
        assert!(!is_pascal("userId"));
    }
}
