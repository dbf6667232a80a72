//! Spec text into rustdoc, safely: nothing a maintainer writes can break the build, start a
//! doctest, form a broken link or trip a lint.

use syn::Attribute;

use crate::rust::ast;

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

/// `#[doc = "..."]` attributes, one per line of already-escaped Markdown.
pub fn attrs(markdown: &str) -> Vec<Attribute> {
    let mut out = Vec::new();
    append(markdown, &mut out);
    out
}

/// Appends the `#[doc = "..."]` attributes of `markdown` to `out`.
pub fn append(markdown: &str, out: &mut Vec<Attribute>) {
    let mut line = String::new();
    for l in markdown.lines() {
        line.clear();
        if !l.is_empty() {
            line.push(' ');
            line.push_str(l);
        }
        out.push(ast::doc_attr(&line));
    }
}

/// Appends `markdown` as `///` lines at `indent`: the text prettyplease prints for the
/// attributes of [`attrs`] (each line without bidirectional controls, no trailing spaces).
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

    /// The `///` lines written as text are what prettyplease prints for the attributes.
    #[test]
    fn lines_equal_the_printed_attributes() {
        for md in [
            "one line",
            "a\n\nb  \nc",
            "trailing   ",
            "   \nx",
            "bidi \u{202E}x",
            "quote \"# and \u{7}",
        ] {
            let mut f: syn::ItemStruct = syn::parse_quote!(
                struct S;
            );
            f.attrs = attrs(md);
            let printed = prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: Vec::new(),
                items: vec![syn::Item::Struct(f)],
            });
            let mut text = String::new();
            push_lines(md, "", &mut text);
            text.push_str("struct S;\n");
            assert_eq!(text, printed, "{md:?}");
        }
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("IPv4"), "`IPv4`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("  "), "(empty)");
    }
}
