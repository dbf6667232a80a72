//! Every Rust name generated code uses, derived from wire names in one place. The IR
//! resolves names only through these functions; the importer uses them to predict the names
//! the IR will choose (so the specs it writes never collide).

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

/// The identifier without a raw prefix (`r#type` → `type`): the name a file, a feature or a
/// derived name (`set_type`) takes.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
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

/// The UpperCamelCase type name (unescaped), e.g. `GetWsTokenReq_Label` → `GetWsTokenReqLabel`;
/// `Self` (a keyword) becomes `SelfValue`.
pub fn camel(wire: &str) -> String {
    let s = upper_camel(wire);
    if s == "Self" {
        "SelfValue".to_owned()
    } else {
        s
    }
}

/// UpperCamelCase of the ASCII letters and digits of `wire`, `V`-prefixed when it would
/// not start with a letter: the stem of derived names (`SelfRequest`).
fn upper_camel(wire: &str) -> String {
    let s: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let s = s.to_upper_camel_case();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else {
        s
    }
}

/// A field's Rust name, escaped: the spec's `rust_name`, else the snake_case wire name
/// (`Type` → `r#type`, `Self` → `self_`).
pub fn field(wire: &str, rust_name: Option<&str>) -> String {
    escape_ident(&rust_name.map_or_else(|| snake(wire), str::to_owned))
}

/// The setter of an optional field: the field's name, or `set_<name>` where the name is
/// one of the struct's own methods.
pub fn setter(field: &str) -> String {
    let base = unraw(field);
    if matches!(base, "new" | "validate" | "validate_into") {
        format!("set_{base}")
    } else {
        field.to_owned()
    }
}

/// The methods every input struct has besides its setters.
pub const STRUCT_METHODS: &[&str] = &["new"];

/// An action's module name, escaped (`DescribeX` → `describe_x`).
pub fn action_module(action: &str) -> String {
    escape_ident(&snake(action))
}

/// A data type's Rust name (`GetWsTokenReq_Label` → `GetWsTokenReqLabel`).
pub fn type_name(wire: &str) -> String {
    camel(wire)
}

/// The request, response and error types of an action.
pub fn action_types(action: &str) -> [String; 3] {
    let c = upper_camel(action);
    [
        format!("{c}Request"),
        format!("{c}Response"),
        format!("{c}Error"),
    ]
}

/// The error enum shared by a service's actions: the spec's `error_enum` when it names one,
/// else `<Service>Error` (`car` → `CarError`).
pub fn service_error(service: &str, given: Option<&str>) -> String {
    match given {
        Some(name) => name.to_owned(),
        None => format!("{}Error", upper_camel(service)),
    }
}

/// A service version's module, escaped: the service name, or `<name>_<version>` when several
/// versions of one service are generated together (`gse_2019_11_12`); `crate` → `crate_`.
pub fn service_module(service: &str, version: &str, several_versions: bool) -> String {
    if several_versions {
        escape_ident(&format!("{service}_{}", version.replace('-', "_")))
    } else {
        escape_ident(service)
    }
}

/// Service names whose crate (`tcapi-<name>`) would take the name of one of the project's
/// own crates.
pub const RESERVED_SERVICES: &[&str] = &["codegen", "macros", "mock"];

/// The crate of a service: `tcapi-cvm` (every API version of the service is in it).
pub fn crate_name(service: &str) -> String {
    format!("tcapi-{service}")
}

/// The crate of a service as Rust code names it: `tcapi_cvm`.
pub fn crate_ident(service: &str) -> String {
    format!("tcapi_{service}")
}

/// The Rust name of a parameter's enum type: `enum.name`, else the owner type and field
/// (`TypeField`), else the field.
///
/// A derived name that generated code reserves (a field `Result` of an action) gets the
/// suffix `Value` (`ResultValue`); an explicit `enum.name` that is reserved is reported by
/// the IR.
pub fn enum_type(explicit: Option<&str>, owner_type: Option<&str>, field: &str) -> String {
    match (explicit, owner_type) {
        (Some(n), _) => camel(n),
        (None, Some(t)) => reserved_suffix(format!("{}{}", upper_camel(t), upper_camel(field))),
        (None, None) => reserved_suffix(camel(field)),
    }
}

fn reserved_suffix(name: String) -> String {
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name + "Value"
    } else {
        name
    }
}

/// The variant of an enum value: the spec's `enum.variants` entry, else the UpperCamelCase
/// value. Characters outside ASCII become `U<hex>` (`华北` → `U534eU5317`), so every value
/// has a deterministic, lint-clean name.
pub fn enum_variant(value: &str, explicit: Option<&str>) -> String {
    if let Some(n) = explicit {
        return camel(n);
    }
    if value.is_ascii() {
        return camel(value);
    }
    let mut spelled = String::with_capacity(value.len() * 3);
    for c in value.chars() {
        if c.is_ascii() {
            spelled.push(c);
        } else {
            spelled.push_str(&format!("_U{:x}_", u32::from(c)));
        }
    }
    camel(&spelled)
}

/// The built-in variant of every generated enum that keeps unlisted values.
pub const ENUM_FALLBACK: &str = "Unknown";

/// A variant for every value of an enum, distinct from each other and from the built-in
/// [`ENUM_FALLBACK`], in the order of `values`: `(variant, named)`, where `named` says the
/// spec must give the variant in `enum.variants` because it is not the value's default.
///
/// The rule (deterministic, and stable for the values that do not collide): every value
/// whose default variant ([`enum_variant`]) no earlier value takes and that is not the
/// fallback keeps it. Each other value gets its default followed by the first free number
/// from 2 (`on`, `ON` → `On`, `On2`; `a-b`, `a_b` → `AB`, `Ab2`: the name as the spec's
/// entry reads back), or followed by `Value`
/// when it meets the fallback (`UNKNOWN` → `UnknownValue`, then `UnknownValue2`, ...).
/// Numbers and `Value` keep names lint-clean UpperCamelCase (an `_` or a case difference
/// alone would not). Repeated values get one variant each as well; the spec checker reports
/// them separately.
pub fn distinct_enum_variants<'a>(
    values: impl IntoIterator<Item = &'a str>,
) -> Vec<(String, bool)> {
    let defaults: Vec<String> = values.into_iter().map(|v| enum_variant(v, None)).collect();
    let mut taken: std::collections::HashSet<String> =
        std::collections::HashSet::from([ENUM_FALLBACK.to_owned()]);
    // Pass 1: the first value of each default name keeps it; pass 2 names the others, so
    // that a renamed value never takes the default of a later one.
    let keeps: Vec<bool> = defaults.iter().map(|d| taken.insert(d.clone())).collect();
    defaults
        .iter()
        .zip(keeps)
        .map(|(d, keeps)| {
            if keeps {
                return (d.clone(), false);
            }
            let stem = if d == ENUM_FALLBACK {
                format!("{d}Value")
            } else {
                d.clone()
            };
            let mut n = if d == ENUM_FALLBACK { 1 } else { 2 };
            loop {
                // Past every number the values could take, `Value<n>` (always free of
                // case conversion) ends the search.
                let wanted = match n {
                    1 => stem.clone(),
                    n if n <= defaults.len() + 2 => format!("{stem}{n}"),
                    n => format!("Value{n}"),
                };
                // The spec's entry is read through `enum_variant` again, so the name must
                // read back as itself (`AB2` reads as `Ab2`, which does).
                let name = enum_variant("", Some(&wanted));
                if enum_variant("", Some(&name)) == name && taken.insert(name.clone()) {
                    return (name, true);
                }
                n += 1;
            }
        })
        .collect()
}

/// The error variant of a code: `ResourceNotFound.NoIdle` → `ResourceNotFoundNoIdle`.
pub fn error_variant(code: &str) -> String {
    camel(&code.replace('.', "_"))
}

/// Variants every error enum has besides the documented codes.
pub const ERROR_BUILTINS: &[&str] = &["Common", "Unknown"];

/// The implicit response field every action has.
pub const REQUEST_ID_FIELD: &str = "request_id";

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
        assert_eq!(field("Type", None), "r#type");
        assert_eq!(field("Self", None), "self_");
        assert_eq!(field("X", Some("self_")), "self_");
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

    #[test]
    fn modules_and_setters() {
        assert_eq!(service_module("crate", "2020-01-01", false), "crate_");
        assert_eq!(service_module("type", "2020-01-01", false), "r#type");
        assert_eq!(service_module("gse", "2019-11-12", true), "gse_2019_11_12");
        assert_eq!(setter("r#type"), "r#type");
        assert_eq!(setter("new"), "set_new");
        assert_eq!(action_module("Self"), "self_");
    }

    #[test]
    fn non_ascii_variants_are_spelled_out() {
        assert_eq!(enum_variant("华北", None), "U534eU5317");
        assert_eq!(enum_variant("ap-华北", None), "ApU534eU5317");
        assert_ne!(enum_variant("ap-华北", None), enum_variant("ap-华南", None));
        assert_eq!(enum_variant("é", Some("Acute")), "Acute");
        assert_eq!(enum_variant("on", None), "On");
    }

    fn named(values: &[&str]) -> Vec<(String, bool)> {
        distinct_enum_variants(values.iter().copied())
    }

    #[test]
    fn colliding_enum_values_are_numbered() {
        let v = |s: &str, n: bool| (s.to_owned(), n);
        assert_eq!(
            named(&["on", "ON", "off"]),
            [v("On", false), v("On2", true), v("Off", false)]
        );
        assert_eq!(
            named(&["a-b", "a_b", "A B"]),
            [v("AB", false), v("Ab2", true), v("Ab3", true)]
        );
        assert_eq!(
            named(&["RUNNING", "UNKNOWN", "unknown"]),
            [
                v("Running", false),
                v("UnknownValue", true),
                v("UnknownValue2", true)
            ]
        );
        // A renamed value does not take a later value's default (`On2` stays `on2`'s).
        assert_eq!(
            named(&["on", "ON", "on2"]),
            [v("On", false), v("On3", true), v("On2", false)]
        );
        assert_eq!(
            named(&["x", "X", "x"]),
            [v("X", false), v("X2", true), v("X3", true)]
        );
        assert_eq!(
            named(&["华北", "华北"]),
            [v("U534eU5317", false), v("U534eU53172", true)]
        );
        assert!(named(&[]).is_empty());
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// Values like the documented ones: case and separator variations of a few words,
        /// digits, non-ASCII letters, `unknown`.
        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                "(on|ON|On|a-b|a_b|A B|unknown|UNKNOWN|Unknown|x2|X|v1|1|01)",
                "[a-zA-Z0-9_ .\\-]{0,8}",
                "[a-z华北é]{1,4}",
            ]
        }

        proptest! {
            #[test]
            fn every_value_gets_its_own_lint_clean_variant(values in prop::collection::vec(value(), 0..12)) {
                let got = distinct_enum_variants(values.iter().map(String::as_str));
                prop_assert_eq!(got.len(), values.len());
                let mut seen = std::collections::HashSet::from([ENUM_FALLBACK.to_owned()]);
                for ((variant, named), value) in got.iter().zip(&values) {
                    prop_assert!(seen.insert(variant.clone()), "{variant} twice in {values:?}");
                    prop_assert!(is_pascal(variant), "{variant}");
                    prop_assert!(!variant.contains('_'), "{variant}");
                    // What the spec records reads back as the same variant.
                    let spec = if *named { Some(variant.as_str()) } else { None };
                    prop_assert_eq!(&enum_variant(value, spec), variant);
                    prop_assert_eq!(*named, *variant != enum_variant(value, None));
                }
                prop_assert_eq!(&got, &distinct_enum_variants(values.iter().map(String::as_str)));
            }

            #[test]
            fn values_that_do_not_collide_keep_their_default(values in prop::collection::vec(value(), 0..12)) {
                let defaults: Vec<String> = values.iter().map(|v| enum_variant(v, None)).collect();
                let got = distinct_enum_variants(values.iter().map(String::as_str));
                for (i, d) in defaults.iter().enumerate() {
                    let first = defaults.iter().position(|x| x == d) == Some(i);
                    if first && d != ENUM_FALLBACK {
                        prop_assert_eq!(&got[i], &(d.clone(), false));
                    }
                }
            }

        }
    }
}
