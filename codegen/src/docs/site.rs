//! The browsable reference site of a whole API (`tcapi-codegen docs --site DIR`): an index
//! of services with a client-side search over services, actions, data types and error codes,
//! one page per service (endpoints, actions, data types, error codes) and one per action
//! (Tencent's sections, the Rust call, the error variants), and the common error codes.
//!
//! Plain static files, no framework: HTML pages written by the functions of
//! [`super::site_html`] (each the one source of its page), one stylesheet and a hand-written
//! `search.js` (`codegen/src/docs/assets/`), and the search index
//! as `search-index.json` plus the same data as `search-index.js` (a script assignment, so the
//! search also works from `file://`, where browsers refuse `fetch`).
//!
//! Layout: `index.html`, `common-errors.html`, `<module>/index.html`,
//! `<module>/<Action>.html`. Anchors: data types `#type-<name>`, error codes
//! `#error-<code>` (see [`error_anchor`]), actions on their service page `#action-<name>`.

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use super::context;
use super::site_html::{self, ServiceRow};
use crate::ir::Model;
use crate::writer::OutputFile;

const SEARCH_JS: &str = include_str!("assets/search.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// The anchor of an error code on a page (`FailedOperation.NoIdle` → `error-failedoperation-noidle`).
pub fn error_anchor(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 6);
    out.push_str("error-");
    for c in code.chars() {
        out.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        });
    }
    out
}

/// The first sentence (or line) of a description, as plain text of at most 160 characters.
pub fn summary(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("").trim();
    let end = line
        .char_indices()
        .find(|&(i, c)| {
            c == '。'
                || (c == '.' && line[i + 1..].starts_with(' '))
                || c == '.' && i + 1 == line.len()
        })
        .map_or(line.len(), |(i, c)| i + c.len_utf8());
    let sentence = &line[..end];
    if sentence.chars().count() <= 160 {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(159).collect();
    format!("{cut}…")
}

/// A search entry of one service: kind, name, url, summary.
type Entry = (char, String, String, String);

/// The search index: every service, action, data type and error code.
#[derive(Debug, Default, Serialize)]
pub struct SearchIndex {
    /// Per service version: module, title, version, page.
    pub services: Vec<(String, String, String, String)>,
    /// `[kind, name, service index, url, summary]`; kind `s` service, `a` action, `t` data
    /// type, `e` error code. The common error codes name no service: their index is one past
    /// the last.
    pub entries: Vec<(char, String, usize, String, String)>,
}

/// Every file of the site, relative to its root.
pub fn site_files(model: &Model) -> anyhow::Result<Vec<OutputFile>> {
    let common = context::common_errors(model);
    let per_service = crate::parallel::map(
        &model.services,
        |s| s.actions.len() + s.types.len(),
        |s| -> anyhow::Result<(Vec<OutputFile>, Vec<Entry>)> {
            let view = context::service(s);
            let dir = PathBuf::from(&s.feature);
            let mut entries = Vec::new();
            let page = format!("{}/index.html", s.feature);
            entries.push(('s', s.name.clone(), page.clone(), view.title.clone()));
            let mut seen_errors = HashSet::new();
            for a in &view.actions {
                let url = format!("{}/{}.html", s.feature, a.name);
                entries.push(('a', a.name.clone(), url.clone(), summary(&a.description)));
                if !a.errors_from_service {
                    for e in &a.errors {
                        if seen_errors.insert(e.code.clone()) {
                            entries.push((
                                'e',
                                e.code.clone(),
                                format!("{url}#{}", error_anchor(&e.code)),
                                summary(&e.description),
                            ));
                        }
                    }
                }
            }
            for ty in &view.types {
                entries.push((
                    't',
                    ty.name.clone(),
                    format!("{page}#{}", ty.anchor),
                    summary(&ty.description),
                ));
            }
            for e in &view.errors {
                if seen_errors.insert(e.code.clone()) {
                    entries.push((
                        'e',
                        e.code.clone(),
                        format!("{page}#{}", error_anchor(&e.code)),
                        summary(&e.description),
                    ));
                }
            }
            let mut files = Vec::with_capacity(view.actions.len() + 1);
            for a in &view.actions {
                files.push(OutputFile {
                    path: dir.join(format!("{}.html", a.name)),
                    contents: super::write(|out| site_html::action(out, &view, a)),
                });
            }
            files.push(OutputFile {
                path: dir.join("index.html"),
                contents: super::write(|out| site_html::service(out, &view)),
            });
            Ok((files, entries))
        },
    );
    let mut files = Vec::new();
    let mut index = SearchIndex::default();
    let mut rows = Vec::with_capacity(model.services.len());
    for (i, (s, r)) in model.services.iter().zip(per_service).enumerate() {
        let (pages, entries) = r.with_context(|| format!("the site pages of `{}`", s.module))?;
        files.extend(pages);
        // Pages live under the feature name (`as/`, not `r#as/`).
        let page = format!("{}/index.html", s.feature);
        index.services.push((
            s.module.clone(),
            s.title.clone(),
            s.version.clone(),
            page.clone(),
        ));
        index.entries.extend(
            entries
                .into_iter()
                .map(|(kind, name, url, summary)| (kind, name, i, url, summary)),
        );
        rows.push(ServiceRow {
            page,
            title: &s.title,
            name: &s.name,
            path: &s.path,
            version: &s.version,
            actions: s.actions.len(),
        });
    }
    // The common codes belong to no service: index one past the last.
    let none = model.services.len();
    for e in &common {
        index.entries.push((
            'e',
            e.code.clone(),
            none,
            format!("common-errors.html#{}", error_anchor(&e.code)),
            summary(&e.description),
        ));
    }
    let actions: usize = model.services.iter().map(|s| s.actions.len()).sum();
    let types: usize = model.services.iter().map(|s| s.types.len()).sum();
    files.push(OutputFile {
        path: PathBuf::from("index.html"),
        contents: super::write(|out| site_html::index(out, &rows, actions, types)),
    });
    files.push(OutputFile {
        path: PathBuf::from("common-errors.html"),
        contents: super::write(|out| site_html::common_errors(out, &common)),
    });
    let json = serde_json::to_string(&index).context("the search index")?;
    files.push(OutputFile {
        path: PathBuf::from("search-index.js"),
        contents: format!(
            "// @generated by tcapi-codegen: the search index (search-index.json) as a script, for pages opened from disk.\nwindow.TCAPI_SEARCH = {json};\n"
        ),
    });
    files.push(OutputFile {
        path: PathBuf::from("search-index.json"),
        contents: json + "\n",
    });
    files.push(OutputFile {
        path: PathBuf::from("search.js"),
        contents: SEARCH_JS.to_owned(),
    });
    files.push(OutputFile {
        path: PathBuf::from("style.css"),
        contents: STYLE_CSS.to_owned(),
    });
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::path::Path;

    fn specs() -> PathBuf {
        crate::test_specs::dir()
    }

    fn site(paths: &[PathBuf]) -> Vec<OutputFile> {
        let (_, model) = crate::load_and_check(paths).unwrap();
        site_files(&model).unwrap()
    }

    fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
        &files
            .iter()
            .find(|f| f.path == Path::new(path))
            .unwrap_or_else(|| panic!("no {path}"))
            .contents
    }

    #[test]
    fn anchors_and_summaries() {
        assert_eq!(
            error_anchor("ResourceNotFound.NoIdle"),
            "error-resourcenotfound-noidle"
        );
        assert_eq!(
            summary("Queries instances. Then more.\nSecond line."),
            "Queries instances."
        );
        assert_eq!(summary("Version 1.5 of it"), "Version 1.5 of it");
        assert_eq!(summary("查询实例。更多"), "查询实例。");
        assert_eq!(summary(&"x".repeat(300)).chars().count(), 160);
    }

    #[test]
    fn every_action_has_a_page_and_an_index_entry() {
        let files = site(&[
            specs().join("common.yaml"),
            specs().join("car"),
            specs().join("gse"),
        ]);
        let index: Value = serde_json::from_str(file(&files, "search-index.json")).unwrap();
        let entries = index["entries"].as_array().unwrap();
        let find = |kind: &str, name: &str| {
            entries
                .iter()
                .find(|e| e[0] == kind && e[1] == name)
                .unwrap_or_else(|| panic!("no {kind} {name}"))[3]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(find("a", "ApplyConcurrent"), "car/ApplyConcurrent.html");
        assert_eq!(find("s", "gse"), "gse/index.html");
        assert_eq!(
            find("t", "PlayerSession"),
            "gse/index.html#type-playersession"
        );
        assert_eq!(
            find("e", "ResourceNotFound.NoIdle"),
            "car/ApplyConcurrent.html#error-resourcenotfound-noidle"
        );
        assert!(find("e", "AuthFailure.SignatureExpire").starts_with("common-errors.html#"));
        let (_, model) =
            crate::load_and_check(&[specs().join("car"), specs().join("gse")]).unwrap();
        for s in &model.services {
            for a in &s.actions {
                let page = file(&files, &format!("{}/{}.html", s.feature, a.name));
                assert!(page.contains(&format!("data-action=\"{}\"", a.name)));
                assert!(page.contains("<h2 id=\"rust\">5. Rust</h2>"));
            }
        }
        // The script form holds the same index.
        let js = file(&files, "search-index.js");
        assert!(js.contains(file(&files, "search-index.json").trim_end()));
        assert!(file(&files, "index.html").contains("<script src=\"search.js\"></script>"));
        // Errors of an action are listed with their Rust variants and anchors.
        let page = file(&files, "car/ApplyConcurrent.html");
        assert!(page.contains("<tr id=\"error-resourcenotfound-noidle\"><td>ResourceNotFound.NoIdle</td><td><code>ApplyConcurrentError::ResourceNotFoundNoIdle</code>"), "{page}");
    }

    #[test]
    fn spec_text_is_escaped() {
        let dir = std::env::temp_dir().join(format!("tcapi-site-escape-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("esc.yaml"),
            "service: esc\nversion: \"2020-01-01\"\ntitle: <b>Esc</b>\nactions:\n  DoIt:\n    description: Runs <script>alert(1)</script> & more.\n",
        )
        .unwrap();
        let files = site(std::slice::from_ref(&dir));
        let page = file(&files, "esc/DoIt.html");
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; more."),
            "{page}"
        );
        assert!(!file(&files, "index.html").contains("<b>Esc</b>"));
        // The JSON index is JSON, whatever the text.
        let index: Value = serde_json::from_str(file(&files, "search-index.json")).unwrap();
        assert!(
            index["entries"][1][4]
                .as_str()
                .unwrap()
                .contains("<script>")
        );
        std::fs::remove_dir_all(&dir).ok();
    }
    #[test]
    fn a_service_named_like_a_keyword_links_to_its_directory() {
        // `as` (Auto Scaling) is the module `r#as`; its pages are under `as/`.
        let dir = std::env::temp_dir().join(format!("tcapi-site-raw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("as.yaml"),
            "service: as\nversion: \"2018-04-19\"\ntitle: Auto Scaling\nactions:\n  DoIt:\n    description: Runs.\n",
        )
        .unwrap();
        let files = site(std::slice::from_ref(&dir));
        file(&files, "as/index.html");
        file(&files, "as/DoIt.html");
        let index = file(&files, "index.html");
        // `/` is escaped in attributes (`&#x2F;`), which every HTML reader decodes.
        assert!(index.contains("<a href=\"as&#x2F;index.html\">"), "{index}");
        assert!(!index.contains("href=\"r#as/"), "{index}");
        assert!(index.contains("<code>tcapi_as</code>"), "{index}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
