//! Escaping spec prose for the places the pages put it: appended to a page by the writers of
//! the embedded templates (`push_*`), or as tera filters for templates given by the user.
//! Descriptions are Markdown of the subset `crate::markup` parses: written as Markdown by
//! `prose`, `prose_cell` and `inline`, as HTML by `push_html_prose`.

use std::collections::HashMap;

use tera::{Result, Value};

use crate::markup::{self, Layout, Piece};

/// Text for one Markdown table cell: one line, pipes escaped, HTML-looking text inert,
/// paragraph and line breaks kept as `<br>`.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_cell(&mut out, s);
    out
}

/// [`cell`], appended to `out`.
pub fn push_cell(out: &mut String, s: &str) {
    for (i, line) in s.trim().lines().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        push_replaced(out, line.trim(), |b| match b {
            b'|' => Some("\\|"),
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            _ => None,
        });
    }
}

/// A description in one Markdown table cell: one line (paragraph and line breaks as
/// `<br>`), code, links and bold as Markdown, everything else escaped (pipes included).
pub fn prose_cell(s: &str) -> String {
    markup::markdown(s, Layout::Cell)
}

/// [`prose_cell`], appended to `out`.
pub fn push_prose_cell(out: &mut String, s: &str) {
    markup::push_markdown(out, s, Layout::Cell);
}

/// Spec text inline in Markdown (a title in a heading or a link's text): one line, code
/// spans as Markdown, links as their text, everything else escaped.
pub fn inline(s: &str) -> String {
    markup::markdown(s, Layout::Line)
}

/// [`inline`], appended to `out`.
pub fn push_inline(out: &mut String, s: &str) {
    markup::push_markdown(out, s, Layout::Line);
}

/// Appends `s` to `out` with each ASCII byte that `rep` maps replaced by its text; runs of
/// other bytes are copied whole.
fn push_replaced(out: &mut String, s: &str, rep: impl Fn(u8) -> Option<&'static str>) {
    let mut last = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if let Some(r) = rep(b) {
            out.push_str(&s[last..i]);
            out.push_str(r);
            last = i + 1;
        }
    }
    out.push_str(&s[last..]);
}

/// HTML escaping, as tera's own escaper writes it (`&`, `<`, `>`, `"`, `'` and `/`), without
/// going character by character.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_html(&mut out, s);
    out
}

/// [`escape_html`], appended to `out`.
pub fn push_html(out: &mut String, s: &str) {
    push_replaced(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#x27;"),
        b'/' => Some("&#x2F;"),
        _ => None,
    });
}

/// A description in HTML: each line break as `<br>` (`\r\n` is one break), and the pieces
/// `crate::markup` finds as `<code>`, `<a href="…" rel="noopener">`, `<strong>` and `<br>`;
/// everything else escaped as [`escape_html`] does.
pub fn push_html_prose(out: &mut String, s: &str) {
    let s = crate::text::without_bidi(s);
    for piece in s.split_inclusive('\n') {
        let (line, brk) = match piece.strip_suffix('\n') {
            Some(line) => (line.strip_suffix('\r').unwrap_or(line), true),
            None => (piece, false),
        };
        markup::parse_line(line, &mut |p| match p {
            Piece::Text(t) => push_html(out, t),
            Piece::Code(c) => {
                out.push_str("<code>");
                push_html(out, c);
                out.push_str("</code>");
            }
            Piece::Url(u) => {
                push_link_start(out, u);
                push_html(out, u);
                out.push_str("</a>");
            }
            Piece::LinkStart(u) => push_link_start(out, u),
            Piece::LinkEnd => out.push_str("</a>"),
            Piece::StrongStart => out.push_str("<strong>"),
            Piece::StrongEnd => out.push_str("</strong>"),
            Piece::Break => out.push_str("<br>"),
        });
        if brk {
            out.push_str("<br>");
        }
    }
}

/// [`push_html_prose`] into a new string.
pub fn html_prose(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_html_prose(&mut out, s);
    out
}

fn push_link_start(out: &mut String, url: &str) {
    out.push_str("<a href=\"");
    push_html(out, url);
    out.push_str("\" rel=\"noopener\">");
}

/// A description as Markdown paragraphs: code, links and bold as Markdown, everything else
/// escaped, each line ending in a hard break.
pub fn prose(s: &str) -> String {
    markup::markdown(s, Layout::Paragraphs)
}

/// [`prose`], appended to `out`.
pub fn push_prose(out: &mut String, s: &str) {
    markup::push_markdown(out, s, Layout::Paragraphs);
}

/// A fenced code block whose fence is longer than any backtick run inside.
pub fn fenced(s: &str, lang: &str) -> String {
    let mut out = String::with_capacity(s.len() + lang.len() + 10);
    push_fenced(&mut out, s, lang);
    out
}

/// [`fenced`], appended to `out`.
pub fn push_fenced(out: &mut String, s: &str, lang: &str) {
    let mut longest = 0;
    let mut run = 0;
    for &c in s.as_bytes() {
        if c == b'`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = (longest + 1).max(3);
    let push_fence = |out: &mut String| out.extend(std::iter::repeat_n('`', fence));
    push_fence(out);
    out.push_str(lang);
    out.push('\n');
    out.push_str(s.trim_end());
    out.push('\n');
    push_fence(out);
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

/// Tera's own filter `name`, for the values the replacements below leave to it.
fn builtin(name: &str) -> Result<&'static dyn tera::Filter> {
    static BUILTINS: std::sync::OnceLock<tera::Tera> = std::sync::OnceLock::new();
    BUILTINS.get_or_init(tera::Tera::default).get_filter(name)
}

/// Registers the filters `cell`, `prose_cell`, `inline`, `prose`, `html_prose` and
/// `fenced(lang=…)`, and the escaping of HTML templates.
///
/// The builtin filters `escape`, `linebreaksbr`, `lower` and `join` are replaced by versions
/// that write the same text without first copying and decoding their input, as tera's do on
/// every call; values other than text (and lists of text, for `join`) still go to tera's
/// own. The autoescaper is likewise replaced by one that copies unescaped runs whole. The
/// pages call them for nearly every value they show.
pub fn register(t: &mut tera::Tera) {
    t.set_escape_fn(escape_html);
    t.register_filter("cell", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(cell(str_arg(v, "cell")?)))
    });
    t.register_filter("prose_cell", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(prose_cell(str_arg(v, "prose_cell")?)))
    });
    t.register_filter("html_prose", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(html_prose(str_arg(v, "html_prose")?)))
    });
    t.register_filter("inline", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(inline(str_arg(v, "inline")?)))
    });
    t.register_filter("prose", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(prose(str_arg(v, "prose")?)))
    });
    t.register_filter("fenced", |v: &Value, args: &HashMap<String, Value>| {
        let lang = args.get("lang").and_then(Value::as_str).unwrap_or("");
        Ok(Value::String(fenced(str_arg(v, "fenced")?, lang)))
    });
    t.register_filter(
        "escape",
        |v: &Value, args: &HashMap<String, Value>| match v.as_str() {
            Some(s) => Ok(Value::String(escape_html(s))),
            None => builtin("escape")?.filter(v, args),
        },
    );
    t.register_filter(
        "linebreaksbr",
        |v: &Value, args: &HashMap<String, Value>| {
            let Some(s) = v.as_str() else {
                return builtin("linebreaksbr")?.filter(v, args);
            };
            let mut out = String::with_capacity(s.len() + 16);
            // `\r\n` is one break, as in tera's filter; a lone `\r` is kept.
            for piece in s.split_inclusive('\n') {
                match piece.strip_suffix('\n') {
                    Some(line) => {
                        out.push_str(line.strip_suffix('\r').unwrap_or(line));
                        out.push_str("<br>");
                    }
                    None => out.push_str(piece),
                }
            }
            Ok(Value::String(out))
        },
    );
    t.register_filter(
        "lower",
        |v: &Value, args: &HashMap<String, Value>| match v.as_str() {
            Some(s) => Ok(Value::String(s.to_lowercase())),
            None => builtin("lower")?.filter(v, args),
        },
    );
    t.register_filter("join", |v: &Value, args: &HashMap<String, Value>| {
        let items = v.as_array().filter(|a| a.iter().all(Value::is_string));
        let sep = match args.get("sep") {
            None => Some(String::new()),
            // Written `\n` and `\t` in a template, tera's filter joins with the characters.
            Some(s) => s
                .as_str()
                .map(|s| s.replace("\\n", "\n").replace("\\t", "\t")),
        };
        match (items, sep) {
            (Some(items), Some(sep)) => {
                let mut out = String::new();
                for (i, item) in items.iter().filter_map(Value::as_str).enumerate() {
                    if i > 0 {
                        out.push_str(&sep);
                    }
                    out.push_str(item);
                }
                Ok(Value::String(out))
            }
            _ => builtin("join")?.filter(v, args),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_is_one_line_without_tags() {
        assert_eq!(
            inline("Start <script>alert(1)</script>\n by `Id`"),
            "Start &lt;script&gt;alert(1)&lt;/script&gt; by `Id`"
        );
    }

    #[test]
    fn cells_hold_one_line_and_no_bare_pipes() {
        assert_eq!(cell(" a | b\n\nc<d> "), "a \\| b<br><br>c&lt;d&gt;");
    }

    #[test]
    fn replaced_builtins_write_what_teras_write() {
        let text = "a & b <c> \"d\" 'e' /f/ ünï\r\nline\n\nlast\r\r\nend\r";
        let mut ours = tera::Tera::default();
        register(&mut ours);
        let theirs = tera::Tera::default();
        let mut ctx = tera::Context::new();
        ctx.insert("t", text);
        for tpl in [
            "{{ t }}",
            "{{ t | escape }}",
            "{{ t | linebreaksbr }}",
            "{{ t | lower }}",
            "{{ t | escape | linebreaksbr | safe }}",
            "{{ [t, t] | join(sep=\"; \") }}",
            "{{ [t, 1] | join(sep=\"\\\\n\") }}",
            "{{ [] | join(sep=\"; \") }}",
            "{{ [t, t] | join(sep=\"\\n\\t\") }}",
            "{{ [t] | join }}",
        ] {
            let render = |t: &tera::Tera| {
                let mut t = t.clone();
                t.add_raw_template("x.html", tpl).expect("parses");
                t.autoescape_on(vec![".html"]);
                t.render("x.html", &ctx).expect("renders")
            };
            assert_eq!(render(&ours), render(&theirs), "{tpl}");
        }
        assert_eq!(escape_html(text), tera::escape_html(text));
    }

    #[test]
    fn fences_outgrow_backticks_inside() {
        assert_eq!(fenced("a ```` b", "text"), "`````text\na ```` b\n`````");
        assert_eq!(fenced("{}", "json"), "```json\n{}\n```");
    }
}
