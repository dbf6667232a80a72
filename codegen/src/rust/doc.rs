//! Spec text into rustdoc, safely: nothing a maintainer writes can break the build, start a
//! doctest, form a broken link or trip a lint.

/// Escapes prose for rustdoc Markdown: no code blocks (lines are unindented), no HTML, no
/// links or emphasis by accident, bare URLs made into autolinks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut blank_run = 0;
    for raw in crate::text::without_bidi(text).replace('\t', " ").lines() {
        let line = raw.trim();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        escape_line(line, &mut out);
    }
    out
}

fn escape_line(line: &str, out: &mut String) {
    // A line of only `-`/`=` would underline the previous one into a heading.
    let start = out.len();
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        escape_word(word, out);
    }
    // Escape list and heading markers at the start of the line.
    let first = out[start..].chars().next();
    if matches!(first, Some('-' | '+' | '=')) {
        out.insert(start, '\\');
    } else if let Some(dot) = out[start..].find(['.', ')']) {
        if dot > 0 && out[start..start + dot].chars().all(|c| c.is_ascii_digit()) {
            out.insert(start + dot, '\\');
        }
    }
}

/// Escapes a word; a URL anywhere in it (also inside Markdown link syntax such as
/// `[text](https://...)`) becomes an autolink `<https://...>`.
fn escape_word(word: &str, out: &mut String) {
    // Most words hold no `:`, so no URL: skip the substring searches for them.
    let start = if word.as_bytes().contains(&b':') {
        word.find("https://").or_else(|| word.find("http://"))
    } else {
        None
    };
    let Some(start) = start else {
        escape_chars(word, out);
        return;
    };
    let rest = &word[start..];
    let len = rest
        .find([')', ']', '<', '>', '"', '\'', '`', '|', '{', '}', '\\'])
        .unwrap_or(rest.len());
    let url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', '。', '，']);
    if is_url(url) {
        escape_chars(&word[..start], out);
        out.push('<');
        out.push_str(url);
        out.push('>');
        escape_word(&word[start + url.len()..], out);
    } else {
        escape_chars(word, out);
    }
}

fn is_url(w: &str) -> bool {
    (w.starts_with("http://") || w.starts_with("https://"))
        && w.len() > 10
        && !w.contains(['<', '>', '"', '`', '[', ']', '\\', '|', '{', '}'])
}

fn escape_chars(s: &str, out: &mut String) {
    // Plain characters are copied in runs, up to the next one that needs escaping.
    let mut plain_from = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '\\' => "\\\\",
            '`' => "\\`",
            '[' => "\\[",
            ']' => "\\]",
            '*' => "\\*",
            '_' => "\\_",
            '#' => "\\#",
            '|' => "\\|",
            '~' => "\\~",
            '<' => "&lt;",
            '>' => "&gt;",
            '&' => "&amp;",
            c if c.is_control() => " ",
            _ => continue,
        };
        out.push_str(&s[plain_from..i]);
        out.push_str(replacement);
        plain_from = i + c.len_utf8();
    }
    out.push_str(&s[plain_from..]);
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
    let fence = longest_backtick_run(&s) + 1;
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    out.extend(std::iter::repeat_n('`', fence));
    out.push_str(pad);
    out.push_str(&s);
    out.push_str(pad);
    out.extend(std::iter::repeat_n('`', fence));
}

fn longest_backtick_run(s: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for b in s.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
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
            escape("a <li>b</li> [x] *y* `z`"),
            "a &lt;li&gt;b&lt;/li&gt; \\[x\\] \\*y\\* \\`z\\`"
        );
        assert_eq!(
            escape("    indented code?\n\n\n- item\n1. one"),
            "indented code?\n\n\\- item\n1\\. one"
        );
        assert_eq!(
            escape("see https://cloud.tencent.com/doc."),
            "see <https://cloud.tencent.com/doc>."
        );
        assert_eq!(escape("a\u{7}b"), "a b");
        assert_eq!(
            escape("see [the page](https://e.x/a_b?c=1#d)."),
            "see \\[the page\\](<https://e.x/a_b?c=1#d>)."
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
