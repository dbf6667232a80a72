//! The API reference: Markdown pages (services index, one page per service with its data
//! types and flows, one page per action, common errors) and a static HTML rendering (one page
//! per service), from the same [`Model`] the Rust emitter uses, laid out by tera templates.
//!
//! The templates are the files in `codegen/templates/`, embedded at build time; a directory
//! given to [`Templates::with_overrides`] replaces them by file name.

pub mod context;
pub mod links;
pub mod mermaid;
pub mod site;
pub mod templates;
pub mod text;

use std::path::PathBuf;

use serde_json::Value;

use crate::ir::{self, Model};
use crate::writer::OutputFile;
use context::IntoValue as _;

pub use templates::Templates;

/// Where the reference lives in the project.
pub const DOCS_DIR: &str = "generated/docs";

/// Every page of the reference, with paths relative to the docs root.
///
/// Each service's view is built and turned into a template context once, on the worker that
/// renders its pages: the service page and its HTML rendering share that context, and each
/// action page then takes its action's part of it (moved, not copied) with the service's
/// header.
pub fn docs_files(model: &Model, t: &Templates) -> anyhow::Result<Vec<OutputFile>> {
    let common_errors = context::common_errors(model).into_value();
    let service_pages = |s: &ir::Service| -> anyhow::Result<(Value, Vec<OutputFile>)> {
        let view = context::service(s);
        // The index pages list services and action names only: a summary, not the whole
        // model (which, for Tencent's whole API, is tens of megabytes of values).
        let summary = serde_json::json!({
            "name": view.name,
            "module": view.module,
            "feature": view.feature,
            "version": view.version,
            "title": view.title,
            "region": view.region,
            "actions": view.actions.iter().map(|a| serde_json::json!({
                "name": a.name,
                "anchor": a.anchor,
                "page": a.page,
            })).collect::<Vec<_>>(),
        });
        // Action pages get the service's header only: the whole service per page would make
        // rendering quadratic in the number of actions.
        let header = serde_json::json!({
            "name": view.name,
            "module": view.module,
            "feature": view.feature,
            "version": view.version,
            "title": view.title,
            "documented_host": view.documented_host,
            "region": view.region,
            "rust_error": view.rust_error,
        });
        let pages: Vec<String> = view.actions.iter().map(|a| a.page.clone()).collect();
        let mut ctx = context_of([
            ("service", view.into_value()),
            ("common_errors", common_errors.clone()),
        ]);
        let mut files = Vec::with_capacity(pages.len() + 2);
        let dir = PathBuf::from(&s.feature);
        files.push(OutputFile {
            path: dir.join("README.md"),
            contents: t.render_context("service.md", &ctx)?,
        });
        let html = OutputFile {
            path: PathBuf::from("html").join(format!("{}.html", s.feature)),
            contents: t.render_context("service.html", &ctx)?,
        };
        let actions = match ctx.remove("service") {
            Some(Value::Object(mut service)) => match service.remove("actions") {
                Some(Value::Array(actions)) => actions,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        for (page, action) in pages.into_iter().zip(actions) {
            let ctx = context_of([("service", header.clone()), ("action", action)]);
            files.push(OutputFile {
                path: dir.join(page),
                contents: t.render_context("action.md", &ctx)?,
            });
        }
        files.push(html);
        Ok((summary, files))
    };
    let mut services = Vec::with_capacity(model.services.len());
    let mut service_files = Vec::new();
    for r in crate::parallel::map(&model.services, |s| s.actions.len(), service_pages) {
        let (summary, pages) = r?;
        services.push(summary);
        service_files.extend(pages);
    }
    let summary = context_of([
        ("common_errors", common_errors),
        ("services", Value::Array(services)),
    ]);
    let mut files = vec![
        OutputFile {
            path: PathBuf::from("README.md"),
            contents: t.render_context("index.md", &summary)?,
        },
        OutputFile {
            path: PathBuf::from("common-errors.md"),
            contents: t.render_context("common-errors.md", &summary)?,
        },
        OutputFile {
            path: PathBuf::from("html/index.html"),
            contents: t.render_context("index.html", &summary)?,
        },
    ];
    files.append(&mut service_files);
    Ok(files)
}

/// A template context of named values, moved in (not serialized again).
fn context_of<const N: usize>(entries: [(&str, Value); N]) -> tera::Context {
    let object = entries
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    tera::Context::from_value(Value::Object(object)).expect("an object is a context")
}
