//! The browsable reference site of a whole API (`tcapi-codegen docs --site DIR`): an index
//! of services with a client-side search over services, actions, data types and error codes,
//! one page per service (endpoints, actions, data types, error codes) and one per action
//! (Tencent's sections, the Rust call, the error variants), and the common error codes.
//!
//! Plain static files, no framework: HTML from the tera templates in
//! `codegen/templates/site/`, one stylesheet, a hand-written `search.js`, and the search index
//! as `search-index.json` plus the same data as `search-index.js` (a script assignment, so the
//! search also works from `file://`, where browsers refuse `fetch`).
//!
//! Layout: `index.html`, `common-errors.html`, `<module>/index.html`,
//! `<module>/<Action>.html`. Anchors: data types `#type-<name>`, error codes
//! `#error-<code>` (see [`error_anchor`]), actions on their service page `#action-<name>`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::{Context as _, anyhow};
use serde::Serialize;
use serde_json::Value;

use super::context;
use crate::generate::OutputFile;
use crate::ir::Model;

/// The site's templates and static files: name, source.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "index.html",
        include_str!("../../templates/site/index.html.tera"),
    ),
    (
        "service.html",
        include_str!("../../templates/site/service.html.tera"),
    ),
    (
        "action.html",
        include_str!("../../templates/site/action.html.tera"),
    ),
    (
        "common-errors.html",
        include_str!("../../templates/site/common-errors.html.tera"),
    ),
];
const SEARCH_JS: &str = include_str!("../../templates/site/search.js");
const STYLE_CSS: &str = include_str!("../../templates/site/style.css");

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

fn templates() -> anyhow::Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    super::text::register(&mut tera);
    tera.autoescape_on(vec![".html"]);
    tera.register_filter(
        "error_anchor",
        |v: &Value, _: &HashMap<String, Value>| match v.as_str() {
            Some(s) => Ok(Value::String(error_anchor(s))),
            None => Err(tera::Error::msg("error_anchor: expected text")),
        },
    );
    tera.register_filter("summary", |v: &Value, _: &HashMap<String, Value>| {
        match v.as_str() {
            Some(s) => Ok(Value::String(summary(s))),
            None => Err(tera::Error::msg("summary: expected text")),
        }
    });
    for (name, src) in TEMPLATES {
        tera.add_raw_template(name, src)
            .map_err(|e| anyhow!("codegen/templates/site/{name}.tera: {e:?}"))?;
    }
    Ok(tera)
}

fn render(t: &tera::Tera, name: &str, ctx: &tera::Context) -> anyhow::Result<String> {
    t.render(name, ctx).map_err(|e| {
        let mut msg = format!("codegen/templates/site/{name}.tera: {e}");
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            msg.push_str(&format!(": {s}"));
            source = s.source();
        }
        anyhow!(msg)
    })
}

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
    let t = templates()?;
    let common = context::common_errors(model);
    let per_service = crate::parallel::map(
        &model.services,
        |s| s.actions.len() + s.types.len(),
        |s| -> anyhow::Result<(Vec<OutputFile>, Vec<(char, String, String, String)>)> {
            let view = context::service(s);
            let dir = PathBuf::from(&s.module);
            let mut entries = Vec::new();
            let page = format!("{}/index.html", s.module);
            entries.push(('s', s.name.clone(), page.clone(), view.title.clone()));
            let mut seen_errors = HashSet::new();
            for a in &view.actions {
                let url = format!("{}/{}.html", s.module, a.name);
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
            let header = serde_json::json!({
                "name": view.name,
                "module": view.module,
                "version": view.version,
                "title": view.title,
                "documented_host": view.documented_host,
                "region": view.region,
                "rust_error": view.rust_error,
            });
            let mut files = Vec::with_capacity(view.actions.len() + 1);
            for a in &view.actions {
                let mut ctx = tera::Context::new();
                ctx.insert("service", &header);
                ctx.insert("action", a);
                files.push(OutputFile {
                    path: dir.join(format!("{}.html", a.name)),
                    contents: render(&t, "action.html", &ctx)?,
                });
            }
            let mut ctx = tera::Context::new();
            ctx.insert("service", &view);
            files.push(OutputFile {
                path: dir.join("index.html"),
                contents: render(&t, "service.html", &ctx)?,
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
        index.services.push((
            s.module.clone(),
            s.title.clone(),
            s.version.clone(),
            format!("{}/index.html", s.module),
        ));
        index.entries.extend(
            entries
                .into_iter()
                .map(|(kind, name, url, summary)| (kind, name, i, url, summary)),
        );
        rows.push(serde_json::json!({
            "name": s.name,
            "module": s.module,
            "title": s.title,
            "version": s.version,
            "actions": s.actions.len(),
        }));
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
    let mut ctx = tera::Context::new();
    ctx.insert("services", &rows);
    ctx.insert("actions", &actions);
    ctx.insert("types", &types);
    files.push(OutputFile {
        path: PathBuf::from("index.html"),
        contents: render(&t, "index.html", &ctx)?,
    });
    let mut ctx = tera::Context::new();
    ctx.insert("common_errors", &common);
    files.push(OutputFile {
        path: PathBuf::from("common-errors.html"),
        contents: render(&t, "common-errors.html", &ctx)?,
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
