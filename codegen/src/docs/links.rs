//! Checking the links of a set of generated pages: every relative link must reach a page of
//! the set, and every `#anchor` an `id` on that page.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::writer::OutputFile;

/// A link whose target is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link.
    pub page: PathBuf,
    /// The link as written.
    pub link: String,
    /// What is missing.
    pub reason: String,
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: link `{}`: {}",
            self.page.display(),
            self.link,
            self.reason
        )
    }
}

/// The relative link targets of a page: Markdown `](target)` and HTML `href="target"`.
pub fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [("](", ')'), ("href=\"", '"')] {
        let mut rest = text;
        while let Some(i) = rest.find(open) {
            rest = &rest[i + open.len()..];
            if let Some(end) = rest.find(close) {
                let decoded = decode_entities(&rest[..end]);
                let target = decoded.as_str();
                if !target.contains(char::is_whitespace)
                    && !target.contains("://")
                    && !target.starts_with("mailto:")
                {
                    out.push(target.to_owned());
                }
            }
        }
    }
    out
}

/// The anchors a page defines: `id="…"` and `name="…"` attributes.
pub fn anchors(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for attr in [" id=\"", " name=\""] {
        let mut rest = text;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.insert(decode_entities(&rest[..end]));
            }
        }
    }
    out
}

/// Decodes the entities the pages' HTML escaping writes into attribute values.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `base/../x` → `x`, without touching the file system.
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

/// Every broken link of `files` (paths relative to one root).
pub fn broken_links(files: &[OutputFile]) -> Vec<BrokenLink> {
    let pages: HashMap<PathBuf, HashSet<String>> = files
        .iter()
        .map(|f| (normalize(&f.path), anchors(&f.contents)))
        .collect();
    let mut out = Vec::new();
    for f in files {
        let dir = f.path.parent().unwrap_or(Path::new(""));
        for link in links(&f.contents) {
            let (file, anchor) = match link.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (link.as_str(), None),
            };
            let target = if file.is_empty() {
                normalize(&f.path)
            } else {
                normalize(&dir.join(file))
            };
            let broken = |reason: String| BrokenLink {
                page: f.path.clone(),
                link: link.clone(),
                reason,
            };
            match pages.get(&target) {
                None => out.push(broken(format!("no page {}", target.display()))),
                Some(ids) => {
                    if let Some(a) = anchor {
                        if !ids.contains(a) {
                            out.push(broken(format!("no anchor `{a}` on {}", target.display())));
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            contents: text.to_owned(),
        }
    }

    #[test]
    fn finds_missing_pages_and_anchors() {
        let files = [
            page(
                "README.md",
                "[a](x/README.md) [b](x/README.md#t) [c](x/Nope.md) [d](https://e.x)",
            ),
            page(
                "x/README.md",
                "<a id=\"t\"></a> [up](../README.md) [self](#u)",
            ),
        ];
        let broken: Vec<String> = broken_links(&files)
            .iter()
            .map(|b| b.link.clone())
            .collect();
        assert_eq!(broken, ["x/Nope.md", "#u"]);
    }
}
