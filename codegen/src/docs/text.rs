//! Escaping spec prose for the places the pages put it, appended to a page by its writer
//! (`push_*`). Descriptions are Markdown of the subset `crate::markup` parses: written as
//! Markdown by `prose`, `prose_cell` and `inline`, as HTML by `push_html_prose`.

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
    // A line ends at `\n`, `\r\n` or a lone `\r`: a CommonMark reader ends a table row at
    // any of them.
    let s = s.trim();
    let unified;
    let s = if s.contains('\r') {
        unified = s.replace("\r\n", "\n").replace('\r', "\n");
        unified.as_str()
    } else {
        s
    };
    for (i, line) in s.split('\n').enumerate() {
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

/// HTML escaping of `&`, `<`, `>`, `"`, `'` and `/` (entities as tera wrote them), without
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
        assert_eq!(cell("a\r\nb\rc\n"), "a<br>b<br>c");
    }

    #[test]
    fn html_escapes_every_special_character() {
        let text = "a & b <c> \"d\" 'e' /f/ ünï\r\nline\n\nlast\r\r\nend\r";
        assert_eq!(
            escape_html(text),
            "a &amp; b &lt;c&gt; &quot;d&quot; &#x27;e&#x27; &#x2F;f&#x2F; ünï\r\nline\n\nlast\r\r\nend\r"
        );
    }

    #[test]
    fn fences_outgrow_backticks_inside() {
        assert_eq!(fenced("a ```` b", "text"), "`````text\na ```` b\n`````");
        assert_eq!(fenced("{}", "json"), "```json\n{}\n```");
    }
}
