//! The API reference: Markdown pages (services index, one page per service with its data
//! types and flows, one page per action, common errors) and a static HTML rendering (one page
//! per service), from the same [`Model`] the Rust emitter uses, laid out by tera templates.
//!
//! The templates are the files in `codegen/templates/`, embedded at build time; a directory
//! given to [`Templates::with_overrides`] replaces them by file name.

pub mod context;
pub mod links;
pub mod mermaid;
pub mod snippet;
pub mod templates;
pub mod text;

use std::path::PathBuf;

use crate::generate::OutputFile;
use crate::ir::Model;

pub use templates::Templates;

/// Where the reference lives in the project.
pub const DOCS_DIR: &str = "generated/docs";

/// Every page of the reference, with paths relative to the docs root.
pub fn docs_files(model: &Model, t: &Templates) -> anyhow::Result<Vec<OutputFile>> {
    let index = context::index(model);
    // The index pages list services and action names only: a summary context, not the
    // whole model (which, for Tencent's whole API, is tens of megabytes of values).
    let summary = serde_json::json!({
        "common_errors": index.common_errors,
        "services": index.services.iter().map(|s| serde_json::json!({
            "name": s.name,
            "module": s.module,
            "version": s.version,
            "title": s.title,
            "region": s.region,
            "actions": s.actions.iter().map(|a| serde_json::json!({
                "name": a.name,
                "anchor": a.anchor,
                "page": a.page,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let mut files = vec![
        OutputFile {
            path: PathBuf::from("README.md"),
            contents: t.render("index.md", &summary)?,
        },
        OutputFile {
            path: PathBuf::from("common-errors.md"),
            contents: t.render("common-errors.md", &summary)?,
        },
        OutputFile {
            path: PathBuf::from("html/index.html"),
            contents: t.render("index.html", &summary)?,
        },
    ];
    let service_pages = |s: &context::ServiceView| -> anyhow::Result<Vec<OutputFile>> {
        let mut files = Vec::with_capacity(s.actions.len() + 2);
        let dir = PathBuf::from(&s.module);
        files.push(OutputFile {
            path: dir.join("README.md"),
            contents: t.render("service.md", &serde_json::json!({ "service": s }))?,
        });
        // Action pages get the service's header only: the whole service per page would make
        // rendering quadratic in the number of actions.
        let header = serde_json::json!({
            "name": s.name,
            "module": s.module,
            "version": s.version,
            "title": s.title,
            "documented_host": s.documented_host,
            "region": s.region,
            "rust_error": s.rust_error,
        });
        for a in &s.actions {
            files.push(OutputFile {
                path: dir.join(&a.page),
                contents: t.render(
                    "action.md",
                    &serde_json::json!({ "service": header, "action": a }),
                )?,
            });
        }
        files.push(OutputFile {
            path: PathBuf::from("html").join(format!("{}.html", s.module)),
            contents: t.render(
                "service.html",
                &serde_json::json!({ "service": s, "common_errors": index.common_errors }),
            )?,
        });
        Ok(files)
    };
    for pages in crate::parallel::map(&index.services, |s| s.actions.len(), service_pages) {
        files.extend(pages?);
    }
    Ok(files)
}
