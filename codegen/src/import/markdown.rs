//! Descriptions in the official definitions are HTML fragments mixed with Markdown (`<p>`,
//! `<li>` without `<ul>`, `<br>`, `<b>`, `<a href>`, `<code>`, entities). This turns them
//! into plain Markdown, and Markdown into the flat text the constraint reader matches against.

/// HTML tags that are understood; any other `<...>` is literal text (e.g. `<Common request parameters>`).
const KNOWN_TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "div",
    "em",
    "font",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sup",
    "sub",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "u",
    "col",
    "colgroup",
    "h1",
    "h2",
    "h3",
    "h4",
];

struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
    len: usize,
}

/// Parses a tag at the start of `s` (which starts with `<`), if it is one of [`KNOWN_TAGS`].
fn parse_tag(s: &str) -> Option<Tag<'_>> {
    let rest = &s[1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    if name_len == 0 {
        return None;
    }
    let name = rest[..name_len].to_ascii_lowercase();
    if !KNOWN_TAGS.contains(&name.as_str()) {
        return None;
    }
    let after = &rest[name_len..];
    if !(after.starts_with('>') || after.starts_with(char::is_whitespace) || after.starts_with('/'))
    {
        return None;
    }
    let end = after.find(['>', '<'])?;
    if after.as_bytes()[end] != b'>' {
        return None;
    }
    let attrs = after[..end].trim().trim_end_matches('/').trim();
    let len = 1 + usize::from(closing) + name_len + end + 1;
    Some(Tag {
        name,
        closing,
        attrs,
        len,
    })
}

/// Reads `name="value"` (or single-quoted, or bare) from a tag's attributes.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attrs[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        return Some(match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split(|c: char| c.is_whitespace()).next().unwrap_or(""),
        });
    }
    None
}

/// Decodes one entity at the start of `s` (which starts with `&`): the text and its length.
fn entity(s: &str) -> Option<(String, usize)> {
    // `;` is ASCII, so its byte offset is a char boundary whatever precedes it.
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let body = &s[1..end];
    let text = match body {
        "quot" => "\"".to_owned(),
        "amp" => "&".to_owned(),
        "lt" => "<".to_owned(),
        "gt" => ">".to_owned(),
        "apos" => "'".to_owned(),
        "nbsp" | "emsp" | "ensp" | "thinsp" => " ".to_owned(),
        _ => {
            let code =
                if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    body.strip_prefix('#')?.parse().ok()?
                };
            char::from_u32(code)
                .filter(|c| !c.is_control() || *c == '\n')?
                .to_string()
        }
    };
    Some((text, end + 1))
}

#[derive(Clone, Copy)]
enum Inline {
    Bold,
    Italic,
    Code,
    Link,
}

struct Writer {
    out: String,
    /// (ordered, next number, opened by a loose `<li>` without `<ul>`) per open list.
    lists: Vec<(bool, u32, bool)>,
    /// Open inline spans: kind, start offset in `out`, link target.
    spans: Vec<(Inline, usize, Option<String>)>,
    in_item: bool,
}

impl Writer {
    fn code_depth(&self) -> bool {
        self.spans.iter().any(|(k, _, _)| matches!(k, Inline::Code))
    }

    /// Shortens the output; a span opened past the new end now starts at it (so its start
    /// stays on a character boundary when other text follows).
    fn truncate(&mut self, len: usize) {
        self.out.truncate(len);
        for span in &mut self.spans {
            span.1 = span.1.min(len);
        }
    }

    fn newline(&mut self, blank: bool) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.truncate(trimmed);
        if self.out.is_empty() {
            return;
        }
        let have = self.out.len() - self.out.trim_end_matches('\n').len();
        let want = if blank { 2 } else { 1 };
        for _ in have..want {
            self.out.push('\n');
        }
    }

    fn text(&mut self, s: &str) {
        let in_code = self.code_depth();
        for c in s.chars() {
            let between_items = !self.in_item && !self.lists.is_empty();
            if between_items && !c.is_whitespace() && self.lists.last().is_some_and(|l| l.2) {
                // Text after loose items ends their list.
                self.lists.pop();
                self.newline(true);
            }
            match c {
                '\r' => {}
                '\n' if !self.in_item && !self.lists.is_empty() => {}
                '\n' => {
                    let t = self.out.trim_end_matches([' ', '\t']).len();
                    self.truncate(t);
                    self.out.push('\n');
                    if self.in_item && !self.lists.is_empty() {
                        self.indent_continuation();
                    }
                }
                ' ' | '\t' | '\u{a0}' => {
                    if !(self.out.is_empty() || self.out.ends_with([' ', '\n'])) {
                        self.out.push(' ');
                    }
                }
                '<' if !in_code => self.out.push_str("\\<"),
                c if c.is_control() => {}
                c => self.out.push(c),
            }
        }
    }

    fn indent_continuation(&mut self) {
        let depth = self.lists.len().max(1);
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn open_item(&mut self) {
        if self.lists.is_empty() {
            self.lists.push((false, 1, true));
            self.in_item = false;
        }
        self.newline(false);
        let depth = self.lists.len();
        for _ in 1..depth {
            self.out.push_str("  ");
        }
        let last = self.lists.last_mut().expect("a list is open");
        if last.0 {
            let n = last.1;
            last.1 += 1;
            self.out.push_str(&format!("{n}. "));
        } else {
            self.out.push_str("- ");
        }
        self.in_item = true;
    }

    fn close_span(&mut self, kind: Inline) {
        let Some(i) = self
            .spans
            .iter()
            .rposition(|(k, _, _)| std::mem::discriminant(k) == std::mem::discriminant(&kind))
        else {
            return;
        };
        let (_, start, target) = self.spans.remove(i);
        let inner = self.out[start..].to_owned();
        self.out.truncate(start);
        let lead = &inner[..inner.len() - inner.trim_start().len()];
        let trail = &inner[inner.trim_end().len()..];
        let core = inner.trim();
        self.out.push_str(lead);
        if core.is_empty() {
            self.out.push_str(trail);
            return;
        }
        match kind {
            Inline::Bold => self.out.push_str(&format!("**{core}**")),
            Inline::Italic => self.out.push_str(&format!("*{core}*")),
            Inline::Code => {
                let fence = if core.contains('`') { "`` " } else { "`" };
                let close = if core.contains('`') { " ``" } else { "`" };
                self.out.push_str(&format!("{fence}{core}{close}"));
            }
            Inline::Link => match target.filter(|t| t.starts_with("http")) {
                Some(t) if core != t => self.out.push_str(&format!(
                    "[{}]({})",
                    core.replace(']', "\\]"),
                    t.replace(' ', "%20")
                )),
                Some(t) => self.out.push_str(&format!("<{t}>")),
                None => self.out.push_str(core),
            },
        }
        self.out.push_str(trail);
    }

    fn tag(&mut self, tag: &Tag<'_>) {
        let span = match tag.name.as_str() {
            "b" | "strong" => Some(Inline::Bold),
            "em" | "i" => Some(Inline::Italic),
            "code" => Some(Inline::Code),
            "a" => Some(Inline::Link),
            _ => None,
        };
        if let Some(kind) = span {
            if tag.closing {
                self.close_span(kind);
            } else {
                let target = attr(tag.attrs, "href").map(|h| h.trim().replace("&amp;", "&"));
                self.spans.push((kind, self.out.len(), target));
            }
            return;
        }
        match (tag.name.as_str(), tag.closing) {
            ("p" | "div" | "blockquote" | "pre" | "table" | "h1" | "h2" | "h3" | "h4", _) => {
                self.in_item = false;
                self.newline(true);
            }
            ("br", _) => {
                if self.in_item && !self.lists.is_empty() {
                    self.newline(false);
                    self.indent_continuation();
                } else {
                    self.newline(true);
                }
            }
            ("ul" | "ol", false) => {
                self.newline(false);
                self.lists.push((tag.name == "ol", 1, false));
                self.in_item = false;
            }
            ("ul" | "ol", true) => {
                self.lists.pop();
                self.in_item = false;
                self.newline(self.lists.is_empty());
            }
            ("li", false) => self.open_item(),
            ("li", true) => {
                self.in_item = false;
                self.newline(false);
            }
            ("tr", _) => self.newline(false),
            ("td" | "th", false) if !(self.out.is_empty() || self.out.ends_with('\n')) => {
                self.out.push_str(" | ");
            }
            _ => {}
        }
    }
}

/// Converts a description to Markdown: tags become Markdown, entities are decoded, whitespace
/// is tidied (no trailing spaces, at most one blank line), stray `<` is escaped.
pub fn to_markdown(html: &str) -> String {
    let mut w = Writer {
        out: String::with_capacity(html.len()),
        lists: Vec::new(),
        spans: Vec::new(),
        in_item: false,
    };
    let mut rest = html;
    while !rest.is_empty() {
        let next = rest.find(['<', '&']).unwrap_or(rest.len());
        if next > 0 {
            w.text(&rest[..next]);
            rest = &rest[next..];
            continue;
        }
        if rest.starts_with('<') {
            if let Some(tag) = parse_tag(rest) {
                w.tag(&tag);
                rest = &rest[tag.len..];
                continue;
            }
            w.text("<");
            rest = &rest[1..];
        } else if let Some((text, len)) = entity(rest) {
            w.text(&text);
            rest = &rest[len..];
        } else {
            w.text("&");
            rest = &rest[1..];
        }
    }
    while let Some((kind, _, _)) = w.spans.last() {
        let kind = *kind;
        w.close_span(kind);
    }
    tidy(&w.out)
}

/// Trims every line's end, collapses blank lines, trims the whole.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// The flat text of Markdown produced by [`to_markdown`], for matching prose: emphasis and
/// code markers removed, escapes undone, list markers kept at line starts.
pub fn plain(md: &str) -> String {
    let mut s = md
        .replace("**", "")
        .replace('`', "")
        .replace("\\<", "<")
        .replace("\\]", "]");
    for (from, to) in [
        ("\u{201c}", "\""),
        ("\u{201d}", "\""),
        ("\u{2018}", "'"),
        ("\u{2019}", "'"),
        ("\u{ff1a}", ": "),
    ] {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_loose_items() {
        assert_eq!(
            to_markdown(
                "<p>File category. Valid values:</p><ul><li>Image: image;</li><li>Video: video;</li></ul>"
            ),
            "File category. Valid values:\n\n- Image: image;\n- Video: video;"
        );
        assert_eq!(
            to_markdown("Whether to enable it.<li>on: Enable;</li> <li>off: Disable.</li>"),
            "Whether to enable it.\n- on: Enable;\n- off: Disable."
        );
        assert_eq!(
            to_markdown(
                "Switch. Valid values:\n<li>ON: enabled;</li>\n<li>OFF: disabled</li>\nDefault value: ON."
            ),
            "Switch. Valid values:\n- ON: enabled;\n- OFF: disabled\n\nDefault value: ON."
        );
    }

    #[test]
    fn inline_markup_links_and_entities() {
        assert_eq!(
            to_markdown(
                "Use <code>Foo</code> or <b> bar </b>, see <a href=\"https://x.example/a?b=1&amp;c=2\">the doc</a>."
            ),
            "Use `Foo` or **bar** , see [the doc](https://x.example/a?b=1&c=2)."
        );
        assert_eq!(
            to_markdown("a &quot;b&quot; &#39;c&#39; &amp; d &gt; e"),
            "a \"b\" 'c' & d > e"
        );
        assert_eq!(
            to_markdown("Input limit: a<br>b<br/>c"),
            "Input limit: a\n\nb\n\nc"
        );
    }

    #[test]
    fn unknown_tags_are_escaped_text() {
        assert_eq!(
            to_markdown("&<Common request parameters> x < 3 &lt;y&gt;"),
            "&\\<Common request parameters> x \\< 3 \\<y>"
        );
        assert_eq!(to_markdown("`a<b`"), "`a\\<b`");
        assert_eq!(to_markdown("<code>a<b</code>"), "`a<b`");
    }

    #[test]
    fn nested_and_ordered_lists() {
        assert_eq!(
            to_markdown("Modes:<ol><li>one<ul><li>x</li></ul></li><li>two</li></ol>Done."),
            "Modes:\n1. one\n  - x\n2. two\n\nDone."
        );
    }

    #[test]
    fn whitespace_is_tidied() {
        assert_eq!(to_markdown("  a  \n\n\n\n b \t c\n"), "a\n\nb c");
        assert_eq!(plain("**Value**: `on`\\<x"), "Value: on<x");
    }
}
