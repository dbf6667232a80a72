//! The Markdown reference read by a CommonMark/GFM parser, as a renderer (GitHub, rustdoc,
//! an editor) reads it: every table-looking line is part of a table, every table has a header
//! row of the same width as its rows, every relative link reaches a page and, with a fragment,
//! a heading or `<a id>` on it, the only raw HTML is the pages' own (`<a id>`, `<br>`, the
//! header comment), and an action page's Rust code is one block that parses as Rust. Read
//! over the committed reference, the pages of other spec sets (seed services, fixtures, edge
//! cases) and of specs of random hostile text.

mod support;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use support::pages::{HOSTILE_PIECES, HOSTILE_TEXTS, hostile_spec, spec_sets, try_model_of};
use tcapi_codegen::docs;
use tcapi_codegen::generate::OutputFile;

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/docs")
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("docs directory") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces
/// become `-`; repeated slugs get `-1`, `-2`, ...
fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c == ' ' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The `id`s `<a id="...">` elements in raw HTML declare.
fn html_ids(html: &str, out: &mut HashSet<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("id=\"") {
        rest = &rest[i + 4..];
        if let Some(end) = rest.find('"') {
            out.insert(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
}

struct Page {
    anchors: HashSet<String>,
    links: Vec<String>,
    /// The raw HTML the parser found (blocks and inline tags).
    html: Vec<String>,
    /// The text of each `rust` code block.
    rust: Vec<String>,
}

/// Parses one page; returns its anchors and links, and pushes every problem found.
fn read(path: &Path, text: &str, problems: &mut Vec<String>) -> Page {
    let mut anchors = HashSet::new();
    let mut links = Vec::new();
    let mut html = Vec::new();
    let mut rust: Vec<String> = Vec::new();
    let mut in_rust = false;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading: Option<String> = None;
    let mut table_lines: Vec<(usize, usize)> = Vec::new();
    let mut code_lines: Vec<(usize, usize)> = Vec::new();
    // Per table: cells in the header row, and in each body row.
    let mut head_cells = 0usize;
    let mut row_cells = 0usize;
    let mut in_head = false;
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H6 => {
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let base = slug(&h);
                    let n = seen.entry(base.clone()).or_default();
                    anchors.insert(if *n == 0 {
                        base.clone()
                    } else {
                        format!("{base}-{n}")
                    });
                    *n += 1;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
                if in_rust {
                    if let Some(code) = rust.last_mut() {
                        code.push_str(&t);
                    }
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                html_ids(&h, &mut anchors);
                html.push(h.to_string());
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Start(Tag::Table(_)) => {
                table_lines.push((line_of(range.start), line_of(range.end.saturating_sub(1))));
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                head_cells = 0;
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => row_cells = 0,
            Event::End(TagEnd::TableRow) if row_cells != head_cells => {
                problems.push(format!(
                    "{}:{}: a row of {row_cells} cells under a header of {head_cells}",
                    path.display(),
                    line_of(range.start)
                ));
            }
            Event::Start(Tag::TableCell) => {
                if in_head {
                    head_cells += 1;
                } else {
                    row_cells += 1;
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                code_lines.push((line_of(range.start), line_of(range.end.saturating_sub(1))));
                if matches!(&kind, CodeBlockKind::Fenced(lang) if &**lang == "rust") {
                    in_rust = true;
                    rust.push(String::new());
                }
            }
            Event::End(TagEnd::CodeBlock) => in_rust = false,
            _ => {}
        }
    }
    let inside = |spans: &[(usize, usize)], n: usize| spans.iter().any(|&(a, b)| a <= n && n <= b);
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim_start().starts_with('|') && !inside(&code_lines, n) && !inside(&table_lines, n)
        {
            problems.push(format!(
                "{}:{n}: a table line that is not part of a table (no header row?): {line}",
                path.display()
            ));
        }
    }
    Page {
        anchors,
        links,
        html,
        rust,
    }
}

#[test]
fn every_committed_page_parses_as_commonmark_with_tables_and_working_links() {
    let root = normalize(&docs_dir());
    let mut files = Vec::new();
    markdown_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 100, "the committed reference has its pages");
    let mut problems = Vec::new();
    let mut pages = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("page");
        pages.insert(f.clone(), read(f, &text, &mut problems));
    }
    let checked = check_links(&pages, |p| p.exists(), |_| false, &mut problems);
    assert!(checked > 100, "links are seen ({checked})");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// `a/b/../c` → `a/c` (the files exist, but `..` must not defeat the page lookup).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn a_table_without_header_is_found() {
    let mut problems = Vec::new();
    read(
        Path::new("t.md"),
        "## 3. Output\n\n| RequestId | String | x |\n",
        &mut problems,
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("t.md:3: a table line that is not part of a table"),
        "{problems:?}"
    );
    let mut problems = Vec::new();
    read(
        Path::new("t.md"),
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
        &mut problems,
    );
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn headings_and_html_ids_are_anchors() {
    let page = read(
        Path::new("t.md"),
        "# 1. API Description\n\n## Error codes\n\n## Error codes\n\n| <a id=\"input-name\"></a>Name |\n| --- |\n",
        &mut Vec::new(),
    );
    for a in [
        "1-api-description",
        "error-codes",
        "error-codes-1",
        "input-name",
    ] {
        assert!(page.anchors.contains(a), "{a}: {:?}", page.anchors);
    }
}

/// Checks every relative link of `pages` (keyed by normalized path): a `.md` target (or the
/// page itself) must be one of `pages`, with the fragment an anchor of it; another file must
/// `exist`. Links that `ignored` (prose of a spec, kept as written) are not checked. Returns
/// how many links were checked.
fn check_links(
    pages: &BTreeMap<PathBuf, Page>,
    exist: impl Fn(&Path) -> bool,
    ignored: impl Fn(&str) -> bool,
    problems: &mut Vec<String>,
) -> usize {
    let mut checked = 0;
    for (path, page) in pages {
        for link in &page.links {
            if link.contains("://") || link.starts_with("mailto:") || ignored(link) {
                continue;
            }
            checked += 1;
            let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if file.is_empty() {
                path.clone()
            } else {
                path.parent().expect("in a directory").join(file)
            };
            let target = normalize(&target);
            if file.ends_with(".md") || file.is_empty() {
                match pages.get(&target) {
                    None => problems.push(format!(
                        "{}: link {link}: no page {}",
                        path.display(),
                        target.display()
                    )),
                    Some(p) if !fragment.is_empty() && !p.anchors.contains(fragment) => problems
                        .push(format!(
                            "{}: link {link}: no heading or id `{fragment}` in {}",
                            path.display(),
                            target.display()
                        )),
                    _ => {}
                }
            } else if !exist(&target) {
                problems.push(format!(
                    "{}: link {link}: no file {}",
                    path.display(),
                    target.display()
                ));
            }
        }
    }
    checked
}

/// The first piece of raw HTML that is not one of the pages' own: the header comment,
/// `<a id="...">`, `</a>`, `<br>`.
fn foreign_html(fragment: &str) -> Option<String> {
    let mut rest = fragment;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let skip = if rest.starts_with("<!-- @generated ") {
            rest.find("-->").map(|e| e + 3)
        } else if rest.starts_with("<br>") || rest.starts_with("</a>") {
            Some(4)
        } else if let Some(id) = rest.strip_prefix("<a id=\"") {
            id.find("\">")
                .filter(|&e| !id[..e].contains(['<', '>', '"']))
                .map(|e| 7 + e + 2)
        } else {
            None
        };
        match skip {
            Some(n) => rest = &rest[n..],
            None => return Some(rest.chars().take(40).collect()),
        }
    }
    None
}

/// Every problem of the Markdown pages among `files` (a reference written in memory):
/// structure, links (but those `ignored`), raw HTML, and each action page's Rust code.
fn page_problems(files: &[OutputFile], ignored: impl Fn(&str) -> bool) -> Vec<String> {
    let mut problems = Vec::new();
    let mut pages = BTreeMap::new();
    for f in files {
        if f.path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let page = read(&f.path, &f.contents, &mut problems);
        for h in &page.html {
            if let Some(bad) = foreign_html(h) {
                problems.push(format!("{}: raw HTML `{bad}`", f.path.display()));
            }
        }
        let action_page = f.contents.contains("\n## 5. Rust\n");
        match (action_page, page.rust.as_slice()) {
            (false, []) => {}
            (true, [code]) => {
                if !code.contains("client.send(request).await") {
                    problems.push(format!("{}: the Rust code sends nothing", f.path.display()));
                }
                if let Err(e) = syn::parse_str::<syn::Block>(&format!("{{\n{code}\n}}")) {
                    problems.push(format!(
                        "{}: the Rust code does not parse: {e}\n{code}",
                        f.path.display()
                    ));
                }
            }
            (_, blocks) => problems.push(format!(
                "{}: {} Rust code blocks",
                f.path.display(),
                blocks.len()
            )),
        }
        pages.insert(normalize(&f.path), page);
    }
    let written: HashSet<PathBuf> = files.iter().map(|f| normalize(&f.path)).collect();
    check_links(&pages, |p| written.contains(p), ignored, &mut problems);
    problems
}

#[test]
fn the_pages_of_every_spec_set_read_back_as_commonmark() {
    for (what, model) in spec_sets() {
        // A link the spec's prose holds is the spec's own (prose is Markdown as written).
        let text = format!("{model:?}");
        let problems = page_problems(&docs::docs_files(&model), |link| text.contains(link));
        assert!(
            problems.is_empty(),
            "{what}: {} problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
}

#[test]
fn raw_html_of_the_pages_own_is_told_from_foreign_html() {
    assert_eq!(
        foreign_html("<!-- @generated by tcapi-codegen. Do not edit. -->"),
        None
    );
    assert_eq!(foreign_html("| <a id=\"input-x\"></a>X | a<br>b |"), None);
    assert!(foreign_html("<b>bold</b>").is_some());
    assert!(foreign_html("<a id=\"x\" onclick=\"y\">").is_some());
    assert!(foreign_html("<a id=\"x<script>\">").is_some());
}

/// Texts that break no line and start with a word: what prose (kept as the spec writes it, in
/// Markdown) may hold without the spec itself asking for a block of its own.
fn inline_text() -> impl Strategy<Value = String> {
    let pieces: Vec<&str> = HOSTILE_PIECES
        .iter()
        .copied()
        .filter(|p| !p.contains(['\n', '\r']))
        .collect();
    prop::collection::vec(prop::sample::select(pieces), 0..10)
        .prop_map(|v| format!("Word {}", v.concat()))
}

/// Any text made of pieces that mean something to Markdown, HTML, JSON, YAML or Rust.
fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HOSTILE_PIECES), 0..12).prop_map(|v| v.concat())
}

/// The places of [`hostile_spec`] that are prose (kept as written): 1, 2, 11, 15, 16, 17, 18.
const PROSE: [usize; 7] = [1, 2, 11, 15, 16, 17, 18];

fn hostile_texts() -> impl Strategy<Value = [String; HOSTILE_TEXTS]> {
    prop::collection::vec((any_text(), inline_text()), HOSTILE_TEXTS).prop_map(|v| {
        std::array::from_fn(|i| {
            let (any, inline) = &v[i];
            if PROSE.contains(&i) {
                inline.clone()
            } else {
                any.clone()
            }
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Hostile text in every place of a spec leaves the pages' structure as the writers lay
    /// it out: tables stay tables, links reach their anchors, no raw HTML comes in, the
    /// Rust code stays one block that parses.
    #[test]
    fn hostile_text_never_breaks_a_markdown_page(texts in hostile_texts()) {
        let yaml = hostile_spec(&texts);
        let model = try_model_of("hostile", &yaml);
        prop_assume!(model.is_ok());
        let model = model.unwrap();
        let files = docs::docs_files(&model);
        // A link in prose is the spec's own (prose is Markdown as written).
        let problems = page_problems(&files, |link| texts.iter().any(|t| t.contains(link)));
        prop_assert!(problems.is_empty(), "{}\n{yaml}", problems.join("\n"));
    }
}
