//! The HTML pages of the reference (the single page per service, its index) and of the
//! reference site, read back as an HTML reader tokenizes them: every element the pages open
//! is closed in order, tags and attributes are the pages' own, every `&` starts an entity,
//! no `<` or `>` stands in text, and every link reaches a page and an `id` on it. Read over
//! the pages of every spec set (seed services, fixtures, edge cases) and of specs of random
//! hostile text, whose text must come out escaped, never as markup.

mod support;

use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use support::pages::{HOSTILE_PIECES, HOSTILE_TEXTS, hostile_spec, spec_sets, try_model_of};

use tcapi_codegen::docs;
use tcapi_codegen::generate::OutputFile;

/// Elements that have no closing tag.
const VOID: &[&str] = &["meta", "link", "br", "input", "hr", "img"];

/// The elements the pages are made of.
const ELEMENTS: &[&str] = &[
    "html", "head", "meta", "title", "link", "style", "body", "script", "nav", "h1", "h2", "h3",
    "h4", "p", "a", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "ul", "ol", "li",
    "input", "strong", "em", "br", "section", "div", "span", "details", "summary", "dl", "dt",
    "dd",
];

/// The attributes the pages set.
const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "rel",
    "href",
    "id",
    "class",
    "type",
    "placeholder",
    "autofocus",
    "src",
    "data-action",
    "name",
    "title",
];

/// What links need of a page: its `href`s and its `id`s (entities decoded).
#[derive(Default)]
struct Page {
    hrefs: Vec<String>,
    ids: HashSet<String>,
}

/// The first problem of an HTML page, if any.
fn html_problem(page: &str) -> Option<String> {
    read(page).err()
}

/// Reads a page as an HTML reader tokenizes it: its links and ids, or its first problem.
fn read(page: &str) -> Result<Page, String> {
    let mut found = Page::default();
    let mut open: Vec<&str> = Vec::new();
    let mut rest = page;
    let at = |rest: &str| -> String { rest.chars().take(60).collect() };
    while !rest.is_empty() {
        let Some(i) = rest.find(['<', '>', '&']) else {
            break;
        };
        let (text, tail) = rest.split_at(i);
        let _ = text;
        rest = tail;
        if rest.starts_with('>') {
            return Err(format!("a `>` in text: {}", at(rest)));
        }
        if rest.starts_with('&') {
            match entity_len(rest) {
                Some(n) => rest = &rest[n..],
                None => return Err(format!("a `&` that starts no entity: {}", at(rest))),
            }
            continue;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").ok_or("a comment that does not end")?;
            rest = &comment[end + 3..];
            continue;
        }
        if let Some(doctype) = rest.strip_prefix("<!DOCTYPE html>") {
            rest = doctype;
            continue;
        }
        let Some(end) = rest.find('>') else {
            return Err(format!("a tag that does not end: {}", at(rest)));
        };
        let tag = &rest[1..end];
        let after = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name => {}
                top => {
                    return Err(format!(
                        "`</{name}>` closes {top:?} (open: {open:?}): {}",
                        at(rest)
                    ));
                }
            }
            rest = after;
            continue;
        }
        let name_end = tag.find([' ', '\n']).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if !ELEMENTS.contains(&name) {
            return Err(format!("element `{name}`: {}", at(rest)));
        }
        if let Some(p) = attributes_problem(&tag[name_end..], &mut found) {
            return Err(format!("{p}: {}", at(rest)));
        }
        rest = after;
        if name == "style" || name == "script" {
            // Raw text up to the closing tag; the pages' scripts are external.
            let close = format!("</{name}>");
            let Some(e) = rest.find(&close) else {
                return Err(format!("`<{name}>` never closed"));
            };
            if name == "script" && e != 0 {
                return Err("an inline script".to_owned());
            }
            rest = &rest[e + close.len()..];
            continue;
        }
        if !VOID.contains(&name) {
            open.push(name);
        }
    }
    match open.is_empty() {
        true => Ok(found),
        false => Err(format!("never closed: {open:?}")),
    }
}

/// The length of the entity at the start of `s` (`&amp;`, `&#x2F;`, `&#39;`), if it is one.
fn entity_len(s: &str) -> Option<usize> {
    let end = s.find(';')?;
    let body = &s[1..end];
    let ok = match body.strip_prefix('#') {
        Some(n) => match n.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()),
        },
        None => {
            !body.is_empty() && body.len() < 10 && body.chars().all(|c| c.is_ascii_alphanumeric())
        }
    };
    ok.then_some(end + 1)
}

/// A problem of the attributes of a start tag (` a="b" c`), if any: each a known name, each
/// value quoted, holding no `<`, `>` or `"`, every `&` an entity.
fn attributes_problem(mut s: &str, found: &mut Page) -> Option<String> {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return None;
        }
        let name_end = s.find(['=', ' ']).unwrap_or(s.len());
        let name = &s[..name_end];
        if !ATTRIBUTES.contains(&name) {
            return Some(format!("attribute `{name}`"));
        }
        s = &s[name_end..];
        if let Some(v) = s.strip_prefix("=\"") {
            let Some(end) = v.find('"') else {
                return Some(format!("a value of `{name}` that does not end"));
            };
            let value = &v[..end];
            if value.contains(['<', '>']) {
                return Some(format!("attribute value `{value}`"));
            }
            let mut amp = value;
            while let Some(i) = amp.find('&') {
                let n = entity_len(&amp[i..])
                    .ok_or_else(|| format!("a `&` in the value `{value}`"))
                    .ok()?;
                amp = &amp[i + n..];
            }
            let decoded = decode(value);
            match name {
                "href" | "src" => found.hrefs.push(decoded),
                "id" => {
                    found.ids.insert(decoded);
                }
                _ => {}
            }
            s = &v[end + 1..];
        } else if s.starts_with('=') {
            return Some(format!("an unquoted value of `{name}`"));
        }
    }
}

/// The HTML pages of a model: the single pages with their index, and the site.
fn html_pages(model: &tcapi_codegen::ir::Model) -> (Vec<OutputFile>, Vec<OutputFile>) {
    let single = docs::docs_files(model)
        .into_iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .collect();
    let site = docs::site::site_files(model).expect("the site");
    (single, site)
}

/// An attribute value with the pages' entities decoded.
fn decode(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `a/b/../c` → `a/c`.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Every problem of a set of pages: markup, and links. On the site every relative link must
/// reach one of its files and, with a fragment, an `id` there (a query, `?q=cvm`, is the
/// search page's); the single pages link to the Markdown reference too, which is not among
/// them, so there only links within the page are followed.
fn problems(single: &[OutputFile], site: &[OutputFile]) -> Vec<String> {
    let mut out = Vec::new();
    let mut read_all = |files: &[OutputFile]| -> HashMap<PathBuf, Page> {
        let mut pages = HashMap::new();
        for f in files {
            if f.path.extension().is_none_or(|e| e != "html") {
                pages.insert(normalize(&f.path), Page::default());
                continue;
            }
            match read(&f.contents) {
                Ok(p) => {
                    pages.insert(normalize(&f.path), p);
                }
                Err(p) => out.push(format!("{}: {p}", f.path.display())),
            }
        }
        pages
    };
    let single_pages = read_all(single);
    let site_pages = read_all(site);
    for (pages, whole) in [(&single_pages, false), (&site_pages, true)] {
        for (path, page) in pages {
            for href in &page.hrefs {
                if href.contains("://") || href.starts_with("mailto:") {
                    continue;
                }
                let href_path = href.split('?').next().unwrap_or_default();
                let (file, fragment) = href_path.split_once('#').unwrap_or((href_path, ""));
                if !whole && !file.is_empty() {
                    continue;
                }
                let target = if file.is_empty() {
                    path.clone()
                } else {
                    normalize(&path.parent().unwrap_or(Path::new("")).join(file))
                };
                match pages.get(&target) {
                    None => out.push(format!("{}: link `{href}`: no file", path.display())),
                    Some(t) if !fragment.is_empty() && !t.ids.contains(fragment) => out.push(
                        format!("{}: link `{href}`: no id `{fragment}`", path.display()),
                    ),
                    _ => {}
                }
            }
        }
    }
    out
}

#[test]
fn the_html_pages_of_every_spec_set_are_well_formed_and_linked() {
    for (what, model) in spec_sets() {
        let (single, site) = html_pages(&model);
        assert!(!single.is_empty() && site.len() > 4, "{what}");
        let p = problems(&single, &site);
        assert!(
            p.is_empty(),
            "{what}: {} problems:\n{}",
            p.len(),
            p.join("\n")
        );
    }
}

#[test]
fn the_checker_finds_broken_markup() {
    assert_eq!(html_problem("<p>a &amp; b<br></p>"), None);
    assert_eq!(
        html_problem("<!DOCTYPE html>\n<!-- x -->\n<a href=\"a&#x2F;b\">x</a>"),
        None
    );
    for bad in [
        "<p>a</b>",
        "<p>a",
        "<b>a</b>",
        "a > b",
        "a & b",
        "<a href=x>y</a>",
        "<a onclick=\"x\">y</a>",
        "<script>alert(1)</script>",
        "<a href=\"a<b\">y</a>",
    ] {
        assert!(html_problem(bad).is_some(), "{bad}");
    }
    let page = |path: &str, contents: &str| OutputFile {
        path: path.into(),
        contents: contents.into(),
    };
    let site = [
        page(
            "index.html",
            "<a href=\"s&#x2F;index.html#x\">s</a><p id=\"top\"></p>",
        ),
        page(
            "s/index.html",
            "<h1 id=\"x\"><a href=\"..&#x2F;index.html?q=s\">i</a></h1>",
        ),
        page(
            "s/A.html",
            "<a href=\"index.html#y\">no</a><a href=\"B.html\">no</a>",
        ),
    ];
    let found = problems(&[], &site);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|p| p.starts_with("s/A.html")), "{found:?}");
}

fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HOSTILE_PIECES), 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever text a spec holds, in any place, the HTML pages stay well-formed and the
    /// text comes out escaped: markup the text spells is never markup of the page.
    #[test]
    fn hostile_text_never_breaks_an_html_page(
        texts in prop::collection::vec(any_text(), HOSTILE_TEXTS)
    ) {
        let texts: [String; HOSTILE_TEXTS] = std::array::from_fn(|i| texts[i].clone());
        let yaml = hostile_spec(&texts);
        let model = try_model_of("hostile", &yaml);
        prop_assume!(model.is_ok());
        let (single, site) = html_pages(&model.unwrap());
        let p = problems(&single, &site);
        prop_assert!(p.is_empty(), "{}\n{yaml}", p.join("\n"));
    }
}
