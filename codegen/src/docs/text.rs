//! Escaping spec prose for the places the templates put it (tera filters).

use std::collections::HashMap;

use tera::{Result, Value};

/// Text for one Markdown table cell: one line, pipes escaped, HTML-looking text inert,
/// paragraph and line breaks kept as `<br>`.
pub fn cell(s: &str) -> String {
    let lines: Vec<&str> = s.trim().lines().map(str::trim).collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in line.chars() {
            match c {
                '|' => out.push_str("\\|"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
    }
    out
}

/// Prose as Markdown paragraphs: kept as written (specs use Markdown), but with HTML-looking
/// text made inert.
pub fn prose(s: &str) -> String {
    s.trim().replace('<', "&lt;").replace('>', "&gt;")
}

/// A fenced code block whose fence is longer than any backtick run inside.
pub fn fenced(s: &str, lang: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{lang}\n{}\n{fence}", s.trim_end())
}

fn str_arg<'a>(v: &'a Value, filter: &str) -> Result<&'a str> {
    v.as_str().ok_or_else(|| {
        tera::Error::msg(format!(
            "filter `{filter}` applies to text, got {}",
            match v {
                Value::Null => "nothing (null)".to_owned(),
                other => other.to_string(),
            }
        ))
    })
}

/// Registers the filters `cell`, `prose` and `fenced(lang=…)`.
pub fn register(t: &mut tera::Tera) {
    t.register_filter("cell", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(cell(str_arg(v, "cell")?)))
    });
    t.register_filter("prose", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(prose(str_arg(v, "prose")?)))
    });
    t.register_filter("fenced", |v: &Value, args: &HashMap<String, Value>| {
        let lang = args.get("lang").and_then(Value::as_str).unwrap_or("");
        Ok(Value::String(fenced(str_arg(v, "fenced")?, lang)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_hold_one_line_and_no_bare_pipes() {
        assert_eq!(cell(" a | b\n\nc<d> "), "a \\| b<br><br>c&lt;d&gt;");
    }

    #[test]
    fn fences_outgrow_backticks_inside() {
        assert_eq!(fenced("a ```` b", "text"), "`````text\na ```` b\n`````");
        assert_eq!(fenced("{}", "json"), "```json\n{}\n```");
    }
}
