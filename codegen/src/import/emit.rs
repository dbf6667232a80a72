//! A small YAML writer for spec files: block mappings and sequences, flow notation for
//! short values (`{ min: 1, max: 25 }`, `[String]`), literal blocks for multi-line text,
//! plain scalars where unambiguous and double quotes otherwise. Output is deterministic.

use std::fmt::Write;

/// A YAML value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Y {
    /// A string (written plain, quoted or as a literal block as needed).
    Str(String),
    /// Text written verbatim, for values that are valid YAML as they are (`[String]`, `true`, `25`).
    Raw(String),
    /// A block sequence.
    Seq(Vec<Y>),
    /// A block mapping, in order.
    Map(Vec<(String, Y)>),
    /// A flow mapping on one line: `{ a: 1, b: 2 }` (values must be scalars).
    FlowMap(Vec<(String, Y)>),
    /// A flow sequence on one line: `[a, b]` (items must be scalars).
    FlowSeq(Vec<Y>),
}

impl Y {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Y {
        Y::Str(s.into())
    }
}

/// Writes a document whose root is a mapping.
pub fn document(header: &str, root: &[(String, Y)]) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    write_map(&mut out, root, 0);
    out
}

fn indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn write_map(out: &mut String, entries: &[(String, Y)], ind: usize) {
    for (key, value) in entries {
        indent(out, ind);
        out.push_str(&scalar(key));
        out.push(':');
        write_value_after_key(out, value, ind);
    }
}

/// Writes a value after `key:` (or after `- `), ending with a newline.
fn write_value_after_key(out: &mut String, value: &Y, ind: usize) {
    match value {
        Y::Map(m) if m.is_empty() => out.push_str(" {}\n"),
        Y::Seq(s) if s.is_empty() => out.push_str(" []\n"),
        Y::Map(m) => {
            out.push('\n');
            write_map(out, m, ind + 2);
        }
        Y::Seq(items) => {
            out.push('\n');
            write_seq(out, items, ind + 2);
        }
        Y::Str(s) if s.contains('\n') && block_ok(s) => {
            out.push_str(if s.ends_with('\n') { " |\n" } else { " |-\n" });
            for line in s.trim_end_matches('\n').split('\n') {
                if !line.is_empty() {
                    indent(out, ind + 2);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, items: &[Y], ind: usize) {
    for item in items {
        indent(out, ind);
        match item {
            Y::Map(m) if !m.is_empty() => {
                out.push_str("- ");
                let (k, v) = &m[0];
                out.push_str(&scalar(k));
                out.push(':');
                write_value_after_key(out, v, ind + 2);
                write_map(out, &m[1..], ind + 2);
            }
            other => {
                out.push('-');
                write_value_after_key(out, other, ind);
            }
        }
    }
}

/// A scalar or flow value on one line.
fn inline(value: &Y) -> String {
    match value {
        Y::Str(s) => scalar(s),
        Y::Raw(r) => r.clone(),
        Y::FlowMap(m) if m.is_empty() => "{}".to_owned(),
        Y::FlowMap(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", flow_scalar(k), inline_flow(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        Y::FlowSeq(items) => {
            let parts: Vec<String> = items.iter().map(inline_flow).collect();
            format!("[{}]", parts.join(", "))
        }
        Y::Map(_) | Y::Seq(_) => {
            // Not reachable from the spec writer; render as JSON-like flow to stay valid YAML.
            let mut s = String::new();
            let _ = write!(s, "{value:?}");
            quote(&s)
        }
    }
}

fn inline_flow(value: &Y) -> String {
    match value {
        Y::Str(s) => flow_scalar(s),
        other => inline(other),
    }
}

/// A string as a block-context scalar: plain when that reads back as the same string.
pub fn scalar(s: &str) -> String {
    if plain_ok(s, false) {
        s.to_owned()
    } else {
        quote(s)
    }
}

/// A string as a flow-context scalar (inside `[...]` or `{...}`).
fn flow_scalar(s: &str) -> String {
    if plain_ok(s, true) {
        s.to_owned()
    } else {
        quote(s)
    }
}

/// Whether `s` can be written plain and read back as the same string (conservative).
fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with(' ') || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ")
        || s.contains(" #")
        || s.chars()
            .any(|c| c.is_control() || c == '\u{feff}' || c == '\u{85}')
    {
        return false;
    }
    if flow && s.contains(['[', ']', '{', '}', ',']) {
        return false;
    }
    !looks_typed(s)
}

/// Whether a plain scalar would be read as something other than a string (YAML 1.1 or 1.2).
fn looks_typed(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf",
        ".nan", "=", "<<",
    ];
    if WORDS.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        return true;
    }
    // YAML 1.1 timestamps: `2019-11-12 10:00:00`.
    let b = s.as_bytes();
    if b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' {
        return true;
    }
    let t = s.trim_start_matches(['+', '-']);
    t.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && t.chars().all(|c| {
            c.is_ascii_hexdigit()
                || matches!(c, '.' | '_' | ':' | 'x' | 'o' | 'X' | 'O' | '+' | '-')
        })
}

/// Whether a multi-line string can be a literal block (`|`) and read back unchanged.
fn block_ok(s: &str) -> bool {
    let first = s.split('\n').next().unwrap_or("");
    !first.starts_with([' ', '\t'])
        && s.len() - s.trim_end_matches('\n').len() <= 1
        && !s.contains('\r')
        && s.lines()
            .all(|l| l == l.trim_end() && !l.chars().any(|c| c.is_control() && c != '\t'))
        && !s.trim_start_matches('\n').is_empty()
        && !s.starts_with('\n')
}

/// A double-quoted scalar.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || c == '\u{feff}'
                || c == '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}' =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use yaml_rust2::{Yaml, YamlLoader};

    fn round_trip(s: &str) -> Yaml {
        let doc = document("", &[("k".to_owned(), Y::str(s))]);
        let docs = YamlLoader::load_from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
        docs[0]["k"].clone()
    }

    #[test]
    fn strings_read_back_unchanged() {
        for s in [
            "plain text",
            "Valid values: a, b",
            "- dash",
            "true",
            "On",
            "12",
            "0x1F",
            "1.5e3",
            "2019-11-12",
            "a #b",
            "ends:",
            "'q'",
            "\"dq\"",
            "back\\slash",
            "tab\there",
            "",
            " lead",
            "multi\nline\n\n- item",
            "multi\nline\n",
            "  indented\nsecond",
            "trailing \nspace",
            "[String]",
            "{x}",
            "*star",
            "&amp",
            "%pct",
            "@at",
            "`tick`",
            "中文说明",
            "bell\u{7}",
            "=",
            "<<",
            "0000-00-00 00:00:00",
        ] {
            assert_eq!(round_trip(s), Yaml::String(s.to_owned()), "{s:?}");
        }
    }

    #[test]
    fn structure_and_flow() {
        let root = vec![
            ("service".to_owned(), Y::str("gse")),
            ("version".to_owned(), Y::str("2019-11-12")),
            (
                "actions".to_owned(),
                Y::Map(vec![(
                    "A".to_owned(),
                    Y::Map(vec![
                        ("type".to_owned(), Y::Raw("[String]".to_owned())),
                        (
                            "items".to_owned(),
                            Y::FlowMap(vec![("min".to_owned(), Y::Raw("1".to_owned()))]),
                        ),
                        (
                            "enum".to_owned(),
                            Y::FlowSeq(vec![Y::str("a,b"), Y::str("on")]),
                        ),
                        (
                            "errors".to_owned(),
                            Y::Map(vec![("X".to_owned(), Y::str("x"))]),
                        ),
                        (
                            "examples".to_owned(),
                            Y::Seq(vec![Y::Map(vec![
                                ("title".to_owned(), Y::str("t")),
                                ("request".to_owned(), Y::str("{\n  \"a\": 1\n}")),
                            ])]),
                        ),
                    ]),
                )]),
            ),
        ];
        let text = document("header line", &root);
        assert!(
            text.starts_with("# header line\nservice: gse\nversion: \"2019-11-12\"\n"),
            "{text}"
        );
        assert!(text.contains("\n    enum: [\"a,b\", \"on\"]\n"), "{text}");
        let y = &YamlLoader::load_from_str(&text).unwrap()[0];
        let a = &y["actions"]["A"];
        assert_eq!(a["type"][0].as_str(), Some("String"));
        assert_eq!(a["items"]["min"].as_i64(), Some(1));
        assert_eq!(a["enum"][1].as_str(), Some("on"));
        assert_eq!(a["errors"]["X"].as_str(), Some("x"));
        assert_eq!(
            a["examples"][0]["request"].as_str(),
            Some("{\n  \"a\": 1\n}")
        );
    }
}
