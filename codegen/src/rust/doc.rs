//! Spec text into rustdoc, safely: nothing a maintainer writes can break the build, start a
//! doctest, form a broken link or trip a lint.

/// A description as rustdoc Markdown: the subset `crate::markup` parses (code spans, links
/// to http(s) pages, `**strong**`, bare URLs as autolinks, `<br>`) written as Markdown,
/// everything else escaped: no code blocks (lines are unindented), no HTML, no headings or
/// lists, no links or emphasis by accident. Each line of a paragraph ends in a hard break.
pub fn escape(text: &str) -> String {
    crate::markup::markdown(text, crate::markup::Layout::Paragraphs)
}

/// Inline code, for values taken from specs (enum values, examples): backticks inside are
/// handled by a longer fence.
pub fn code(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    code_into(s, &mut out);
    out
}

/// [`code`], appended to `out`.
pub fn code_into(s: &str, out: &mut String) {
    let s = if s.contains(['\n', '\r', '\t']) {
        std::borrow::Cow::Owned(s.replace(['\n', '\r', '\t'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    if s.trim().is_empty() {
        out.push_str("(empty)");
        return;
    }
    // One backtick more than the longest run inside.
    crate::markup::push_code_span(&s, false, out);
}

/// Appends `markdown` as `///` lines at `indent`: each line without bidirectional
/// controls and without trailing spaces, an empty line as a bare `///`.
pub fn push_lines(markdown: &str, indent: &str, out: &mut String) {
    for l in markdown.lines() {
        out.push_str(indent);
        out.push_str("///");
        if !l.is_empty() {
            let clean = crate::text::without_bidi(l);
            let value = clean.trim_end_matches(' ');
            if !value.is_empty() {
                out.push(' ');
                out.push_str(value);
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(
            escape("a <li>b</li> [x] *y* `z"),
            "a &lt;li&gt;b&lt;/li&gt; \\[x\\] \\*y\\* \\`z"
        );
        assert_eq!(
            escape("    indented code?\n\n\n- item\n1. one"),
            "indented code?\n\n\\- item\\\n1\\. one"
        );
        assert_eq!(
            escape("see https://cloud.tencent.com/doc."),
            "see <https://cloud.tencent.com/doc>."
        );
        assert_eq!(escape("a\u{7}b"), "a b");
        assert_eq!(
            escape("see [the page](https://e.x/a_b?c=1#d)."),
            "see [the page](https://e.x/a_b?c=1#d)."
        );
        assert_eq!(
            escape("`InstanceId`, **TRUE**: on\n- [x](javascript:alert(1))"),
            "`InstanceId`, **TRUE**: on\\\n\\- \\[x\\](javascript:alert(1))"
        );
    }

    /// Each Markdown line is one `///` line: no trailing spaces, no bidirectional
    /// controls, a bare `///` for an empty line.
    #[test]
    fn lines_are_doc_comments() {
        for (md, want) in [
            ("one line", "/// one line\n"),
            ("a\n\nb  \nc", "/// a\n///\n/// b\n/// c\n"),
            ("trailing   ", "/// trailing\n"),
            ("   \nx", "///\n/// x\n"),
            ("bidi \u{202E}x", "/// bidi x\n"),
            ("quote \"# and \u{7}", "/// quote \"# and \u{7}\n"),
        ] {
            let mut text = String::new();
            push_lines(md, "", &mut text);
            assert_eq!(text, want, "{md:?}");
        }
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("IPv4"), "`IPv4`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("  "), "(empty)");
    }
}
