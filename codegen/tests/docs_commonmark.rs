//! The committed Markdown reference (`generated/docs/**/*.md`) read by a CommonMark/GFM
//! parser, as a renderer (GitHub, rustdoc, an editor) reads it: every table-looking line is
//! part of a table, every table has a header row of the same width as its rows, and every
//! relative link reaches a page and, with a fragment, a heading or `<a id>` on it.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
}

/// Parses one page; returns its anchors and links, and pushes every problem found.
fn read(path: &Path, text: &str, problems: &mut Vec<String>) -> Page {
    let mut anchors = HashSet::new();
    let mut links = Vec::new();
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
            }
            Event::Html(h) | Event::InlineHtml(h) => html_ids(&h, &mut anchors),
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
            Event::Start(Tag::CodeBlock(_)) => {
                code_lines.push((line_of(range.start), line_of(range.end.saturating_sub(1))));
            }
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
    Page { anchors, links }
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
    let mut checked = 0;
    for (path, page) in &pages {
        for link in &page.links {
            if link.contains("://") || link.starts_with("mailto:") {
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
            } else if !target.exists() {
                problems.push(format!(
                    "{}: link {link}: no file {}",
                    path.display(),
                    target.display()
                ));
            }
        }
    }
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
