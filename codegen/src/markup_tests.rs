//! The parser and the Markdown writer against pulldown-cmark (the oracle): any text gives
//! only the allowed events, showing the text the parser says it shows; and examples from
//! the specs.

use proptest::prelude::*;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::*;

/// rustdoc's extensions (without smart punctuation, which rewrites text).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut v = Vec::new();
    parse_line(line, &mut |p| v.push(p));
    v
}

fn no_space(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect()
}

/// What the parser says `text` shows, without whitespace: the lines as the writers take
/// them.
fn shown(text: &str) -> String {
    let text = crate::text::without_bidi(text);
    let mut out = String::new();
    for line in text.trim().lines() {
        for p in pieces(line.trim()) {
            match p {
                Piece::Text(t) | Piece::Code(t) | Piece::Url(t) => out.push_str(t),
                _ => {}
            }
        }
    }
    no_space(&out)
}

fn is_http(dest: &str) -> bool {
    dest.starts_with("http://") || dest.starts_with("https://")
}

/// The inline events allowed anywhere; their text appended to `shown`.
fn inline_event(e: &Event, links: bool, shown: &mut String) -> Result<(), String> {
    match e {
        Event::Text(t) | Event::Code(t) => shown.push_str(t),
        Event::SoftBreak
        | Event::HardBreak
        | Event::Start(Tag::Strong)
        | Event::End(TagEnd::Strong | TagEnd::Link) => {}
        Event::Start(Tag::Link {
            link_type: LinkType::Inline | LinkType::Autolink,
            dest_url,
            ..
        }) if links && is_http(dest_url) => {}
        other => return Err(format!("{other:?}")),
    }
    Ok(())
}

/// Checks the Markdown of `text` in `layout`; an error names what went wrong.
fn check_markdown(text: &str, layout: Layout) -> Result<(), String> {
    let md = markdown(text, layout);
    if md.len() > 8 * text.len() + 16 {
        return Err(format!("{} bytes from {}", md.len(), text.len()));
    }
    let doc = match layout {
        Layout::Paragraphs => md.clone(),
        Layout::Cell => format!("| h |\n| --- |\n| {md} |\n"),
        Layout::Line => format!("# {md}\n"),
    };
    let mut seen = String::new();
    let mut cells = 0;
    let mut in_body = false;
    for e in Parser::new_ext(&doc, options()) {
        let ok = match (&e, layout) {
            (Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph), Layout::Paragraphs) => {
                Ok(())
            }
            (Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)), Layout::Line) => {
                Ok(())
            }
            (Event::Start(Tag::Table(_)) | Event::End(TagEnd::Table), Layout::Cell)
            | (Event::Start(Tag::TableRow) | Event::End(TagEnd::TableRow), Layout::Cell)
            | (Event::End(TagEnd::TableCell), Layout::Cell) => Ok(()),
            (Event::Start(Tag::TableHead), Layout::Cell) => {
                in_body = false;
                Ok(())
            }
            (Event::End(TagEnd::TableHead), Layout::Cell) => {
                in_body = true;
                Ok(())
            }
            (Event::Start(Tag::TableCell), Layout::Cell) => {
                cells += 1;
                Ok(())
            }
            (Event::InlineHtml(h), Layout::Cell) if &**h == "<br>" => Ok(()),
            (Event::Text(t), Layout::Cell) if !in_body => {
                if &**t == "h" {
                    Ok(())
                } else {
                    Err("header changed".to_owned())
                }
            }
            _ => inline_event(&e, layout != Layout::Line, &mut seen),
        };
        ok.map_err(|err| format!("{err} in {md:?}"))?;
    }
    if layout == Layout::Cell && cells != 2 && !md.is_empty() {
        return Err(format!("{cells} cells in {md:?}"));
    }
    let expected = shown(text);
    if no_space(&seen) != expected {
        return Err(format!("shows {seen:?}, not {expected:?}, in {md:?}"));
    }
    Ok(())
}

#[cfg(feature = "docs")]
/// Checks the HTML of `text`: only the allowed tags, attributes escaped, links to http(s).
fn check_html(text: &str) -> Result<(), String> {
    let html = crate::docs::text::html_prose(text);
    if html.len() > 16 * text.len() + 16 {
        return Err(format!("{} bytes from {}", html.len(), text.len()));
    }
    let mut seen = String::new();
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        seen.push_str(&rest[..open]);
        let close = open + rest[open..].find('>').ok_or("unclosed tag")?;
        let tag = &rest[open..=close];
        match tag {
            "<code>" | "</code>" | "<strong>" | "</strong>" | "<br>" | "</a>" => {}
            _ => {
                let href = tag
                    .strip_prefix("<a href=\"")
                    .and_then(|t| t.strip_suffix("\" rel=\"noopener\">"))
                    .ok_or_else(|| format!("tag {tag} in {html:?}"))?;
                if href.contains(['"', '<', '>', '\'']) {
                    return Err(format!("attribute {href}"));
                }
                if !is_http(&unescape_html(href)) {
                    return Err(format!("link to {href}"));
                }
            }
        }
        rest = &rest[close + 1..];
    }
    seen.push_str(rest);
    if seen.contains(['>', '"', '\'']) {
        return Err(format!("unescaped text in {html:?}"));
    }
    // The HTML keeps every line's own text (it trims nothing).
    let mut expected = String::new();
    for line in crate::text::without_bidi(text).lines() {
        for p in pieces(line.strip_suffix('\r').unwrap_or(line)) {
            if let Piece::Text(t) | Piece::Code(t) | Piece::Url(t) = p {
                expected.push_str(t);
            }
        }
    }
    if no_space(&unescape_html(&seen)) != no_space(&expected) {
        return Err(format!("shows {seen:?}, not {expected:?}"));
    }
    Ok(())
}

#[cfg(feature = "docs")]
fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

fn check_all(text: &str) -> Result<(), String> {
    for layout in [Layout::Paragraphs, Layout::Cell, Layout::Line] {
        check_markdown(text, layout).map_err(|e| format!("{layout:?}: {e}"))?;
    }
    #[cfg(feature = "docs")]
    check_html(text).map_err(|e| format!("HTML: {e}"))?;
    Ok(())
}

/// Text made of the pieces that matter to Markdown, and some of any text.
fn markupish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("`"),
        Just("``"),
        Just("**"),
        Just("*"),
        Just("_"),
        Just("["),
        Just("]"),
        Just("("),
        Just(")"),
        Just("]("),
        Just("https://a.com/x_y"),
        Just("[a `b`](https://a.com/x)"),
        Just("**a**"),
        Just("http://"),
        Just("javascript:x"),
        Just("<br>"),
        Just("<BR />"),
        Just(" "),
        Just("  "),
        Just("\n"),
        Just("\n\n"),
        Just("a"),
        Just("Id"),
        Just("中"),
        Just("，"),
        Just("："),
        Just("ⓐ"),
        Just("\u{200b}"),
        Just("\u{a0}"),
        Just("\u{2028}"),
        Just("\u{301}"),
        Just("$"),
        Just("-"),
        Just("1."),
        Just("#"),
        Just("|"),
        Just("\\"),
        Just("&"),
        Just("&amp;"),
        Just("<"),
        Just(">"),
        Just("\t"),
        Just("    "),
        Just(":"),
        Just("!"),
        Just("~"),
        Just("="),
        Just("^"),
        Just("\r"),
        Just("\u{7}"),
        Just("\u{85}"),
        Just("\u{202e}"),
    ];
    prop_oneof![
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3000)
    ))]

    #[test]
    fn any_text_renders_safely(text in markupish()) {
        if let Err(e) = check_all(&text) {
            prop_assert!(false, "{:?}: {}", text, e);
        }
    }
}

#[test]
fn rendered_examples() {
    let cases = [
        // Code spans, links, bold, from the specs.
        (
            "Instance ID, such as `ins-r8hr2upy`. You can query it via [DescribeInstances](https://www.tencentcloud.com/document/api/213/15728).",
            "Instance ID, such as `ins-r8hr2upy`. You can query it via [DescribeInstances](https://www.tencentcloud.com/document/api/213/15728).",
        ),
        (
            "Valid values:<br>- **TRUE**: enabled<br/>- **FALSE**: disabled",
            "Valid values:\\\n\\- **TRUE**: enabled\\\n\\- **FALSE**: disabled",
        ),
        (
            "value range: [1, 300]. Pattern ([-a-z0-9]*[a-z0-9])",
            "value range: \\[1, 300\\]. Pattern (\\[-a-z0-9\\]\\*\\[a-z0-9\\])",
        ),
        (
            "See [API](/document/api/215/15784) and [x](javascript:alert(1)).",
            "See \\[API\\](/document/api/215/15784) and \\[x\\](javascript:alert(1)).",
        ),
        (
            "请参考[`DescribeZones`](https://cloud.tencent.com/document/api/213/15707)接口，**注意**：单位为秒",
            "请参考[`DescribeZones`](https://cloud.tencent.com/document/api/213/15707)接口，**注意**：单位为秒",
        ),
        ("see https://a.com/doc.", "see <https://a.com/doc>."),
        (
            "unbalanced `code and ``more",
            "unbalanced \\`code and \\`\\`more",
        ),
        ("`code and ``more`", "```code and ``more```"),
        ("a ` ` b", "a \\` \\` b"),
        ("`` a`b ``", "``a`b``"),
        ("`` `a ``", "`` `a ``"),
        ("[](https://a.com/x)", "<https://a.com/x>"),
        (
            "**bold** and ** not ** and **(x)**",
            "**bold** and \\*\\* not \\*\\* and **(x)**",
        ),
        ("a**(x)**b", "a\\*\\*(x)\\*\\*b"),
        ("*em* and _em_", "\\*em\\* and \\_em\\_"),
        (
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
        (
            "1. one\n2) two\n# three",
            "1\\. one\\\n2\\) two\\\n\\# three",
        ),
        // Never a fence: the info string of a backtick fence cannot hold a backtick.
        (
            "`default``: Custom. `reserved`: System variable.",
            "```default``: Custom. ```reserved\\`: System variable.",
        ),
        // A link after `!` is not an image.
        (
            "figure:\n![image](https://a.com/x.png)",
            "figure:\\\n\\![image](https://a.com/x.png)",
        ),
    ];
    for (text, md) in cases {
        assert_eq!(markdown(text, Layout::Paragraphs), md, "{text}");
        check_all(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    assert_eq!(
        markdown("a | `b|c`\n\nd<br>e", Layout::Cell),
        "a \\| `b\\|c`<br><br>d<br>e"
    );
    assert_eq!(
        markdown("Use [`X`](https://a.com/x) <br> now", Layout::Line),
        "Use `X` now"
    );
}

#[cfg(feature = "docs")]
#[test]
fn html_examples() {
    assert_eq!(
        crate::docs::text::html_prose("`a<b` [x](https://a.com/?q=1&r=\"2\") **y**\nz<br>w"),
        "<code>a&lt;b</code> [x](<a href=\"https:&#x2F;&#x2F;a.com&#x2F;?q=1&amp;r=\" rel=\"noopener\">https:&#x2F;&#x2F;a.com&#x2F;?q=1&amp;r=</a>&quot;2&quot;) <strong>y</strong><br>z<br>w"
    );
    assert_eq!(
        crate::docs::text::html_prose("[x](https://a.com/?q=1&r=2) https://b.com/c."),
        "<a href=\"https:&#x2F;&#x2F;a.com&#x2F;?q=1&amp;r=2\" rel=\"noopener\">x</a> <a href=\"https:&#x2F;&#x2F;b.com&#x2F;c\" rel=\"noopener\">https:&#x2F;&#x2F;b.com&#x2F;c</a>."
    );
}

/// Inputs that make naive parsers quadratic end quickly and render safely.
#[test]
fn long_inputs_take_linear_time() {
    let mut runs = String::new();
    for n in 1..400 {
        runs.push_str(&"`".repeat(n));
        runs.push(' ');
    }
    let inputs = [
        "`".repeat(100_000),
        "[".repeat(100_000),
        "**a ".repeat(30_000),
        "a** ".repeat(30_000),
        "[a](http".repeat(20_000),
        "[a](https://a.com/[a](".repeat(10_000),
        "http://".repeat(20_000),
        "https://a.com/".repeat(10_000),
        "<br".repeat(30_000),
        format!("**a{}", "!**b".repeat(25_000)),
        format!("**x{}", "https://a.com**b".repeat(8_000)),
        "**http://x".repeat(10_000),
        runs,
    ];
    for input in inputs {
        let start = std::time::Instant::now();
        check_all(&input).unwrap_or_else(|e| panic!("{}: {e}", &input[..40]));
        let took = start.elapsed();
        assert!(took.as_secs() < 10, "{took:?} for {}", &input[..40]);
    }
}

/// Every description of a corpus (`TCAPI_MARKUP_CORPUS`: a file of JSON strings, one a
/// line) renders safely; prints what the subset finds in it.
#[test]
#[ignore = "needs TCAPI_MARKUP_CORPUS"]
fn corpus_renders_safely() {
    let path = std::env::var("TCAPI_MARKUP_CORPUS").expect("TCAPI_MARKUP_CORPUS");
    let text = std::fs::read_to_string(path).expect("corpus");
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    let mut failures = Vec::new();
    for line in text.lines() {
        let d: String = serde_json::from_str(line).expect("a JSON string");
        let mut seen = std::collections::BTreeSet::new();
        for l in d.lines() {
            for p in pieces(l.trim()) {
                let kind = match p {
                    Piece::Code(_) => "code spans",
                    Piece::Url(_) => "bare URLs",
                    Piece::LinkStart(_) => "links",
                    Piece::StrongStart => "strong",
                    Piece::Break => "breaks",
                    _ => continue,
                };
                *counts.entry(kind).or_default() += 1;
                seen.insert(kind);
            }
        }
        if d.trim().lines().count() > 1 {
            seen.insert("several lines");
        }
        for kind in &seen {
            *counts
                .entry(match *kind {
                    "code spans" => "descriptions with code spans",
                    "bare URLs" => "descriptions with bare URLs",
                    "links" => "descriptions with links",
                    "strong" => "descriptions with strong",
                    "breaks" => "descriptions with breaks",
                    _ => "descriptions of several lines",
                })
                .or_default() += 1;
        }
        if seen.iter().any(|k| *k != "bare URLs") {
            *counts
                .entry("descriptions rendered differently")
                .or_default() += 1;
        }
        *counts.entry("descriptions").or_default() += 1;
        if let Err(e) = check_all(&d) {
            failures.push(format!("{d:?}: {e}"));
        }
    }
    for (k, n) in &counts {
        println!("{k}: {n}");
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}
