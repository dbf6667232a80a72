//! The API reference: Markdown pages (services index, one page per service with its data
//! types and flows, one page per action, common errors) and a static HTML rendering (one page
//! per service), from the same [`Model`] the Rust emitter uses, laid out by tera templates.
//!
//! The templates are the files in `codegen/templates/`, embedded at build time; a directory
//! given to [`Templates::with_overrides`] replaces them by file name. The embedded ones are
//! written by Rust functions that mirror them ([`markdown`], [`html`]; tested to give the
//! same bytes), the others rendered by tera.

pub mod context;
pub mod html;
pub mod links;
pub mod markdown;
pub mod mermaid;
pub mod pages;
pub mod site;
pub mod site_html;
pub mod templates;
pub mod text;

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

use crate::ir::{self, Model};
use crate::writer::OutputFile;
use context::{IntoValue as _, ServiceSummary, ServiceView};

pub use templates::Templates;

/// Where the reference lives in the project.
pub const DOCS_DIR: &str = "generated/docs";

/// The templates of the pages of each service.
const SERVICE_TEMPLATES: [&str; 3] = ["service.md", "service.html", "action.md"];
/// The templates of the pages over all services.
const INDEX_TEMPLATES: [&str; 3] = ["index.md", "common-errors.md", "index.html"];

/// Every page of the reference, with paths relative to the docs root.
///
/// Each service's view is built once, on the worker that writes its pages. The template
/// values a tera template sees are built only when one renders (a template given by the
/// user): the service page and its HTML rendering then share one context, and each action
/// page takes its action's part of it (moved, not copied) with the service's header.
pub fn docs_files(model: &Model, t: &Templates) -> anyhow::Result<Vec<OutputFile>> {
    let common = context::common_errors(model);
    let common_value = OnceLock::new();
    let common_value = || -> Value {
        common_value
            .get_or_init(|| context::common_errors(model).into_value())
            .clone()
    };
    let service_pages = |s: &ir::Service| -> anyhow::Result<(ServiceSummary, Vec<OutputFile>)> {
        let view = context::service(s);
        let summary = ServiceSummary::of(&view);
        let values = SERVICE_TEMPLATES
            .iter()
            .any(|n| t.through_tera(n))
            .then(|| ServiceValues::new(s, &view, common_value()));
        let mut files = Vec::with_capacity(view.actions.len() + 2);
        let dir = PathBuf::from(&s.feature);
        let readme = match &values {
            Some(v) if t.through_tera("service.md") => t.render_context("service.md", &v.ctx)?,
            _ => write(|out| markdown::service(out, &view)),
        };
        files.push(OutputFile {
            path: dir.join("README.md"),
            contents: readme,
        });
        let html = match &values {
            Some(v) if t.through_tera("service.html") => {
                t.render_context("service.html", &v.ctx)?
            }
            _ => write(|out| html::service(out, &view, &common)),
        };
        let mut action_values = values.map(ServiceValues::into_actions);
        for a in &view.actions {
            let ctx = action_values.as_mut().and_then(Iterator::next);
            let contents = match ctx {
                Some(ctx) if t.through_tera("action.md") => t.render_context("action.md", &ctx)?,
                _ => write(|out| markdown::action(out, &view, a)),
            };
            files.push(OutputFile {
                path: dir.join(&a.page),
                contents,
            });
        }
        files.push(OutputFile {
            path: PathBuf::from("html").join(format!("{}.html", s.feature)),
            contents: html,
        });
        Ok((summary, files))
    };
    let mut services = Vec::with_capacity(model.services.len());
    let mut service_files = Vec::new();
    for r in crate::parallel::map(&model.services, |s| s.actions.len(), service_pages) {
        let (summary, pages) = r?;
        services.push(summary);
        service_files.extend(pages);
    }
    let summary = match INDEX_TEMPLATES.iter().any(|n| t.through_tera(n)) {
        true => Some(context_of([
            ("common_errors", common_value()),
            ("services", serde_json::to_value(&services)?),
        ])),
        false => None,
    };
    let index_page = |name: &str, direct: &dyn Fn(&mut String)| match &summary {
        Some(ctx) if t.through_tera(name) => t.render_context(name, ctx),
        _ => Ok(write(direct)),
    };
    let mut files = vec![
        OutputFile {
            path: PathBuf::from("README.md"),
            contents: index_page("index.md", &|out| markdown::index(out, &services))?,
        },
        OutputFile {
            path: PathBuf::from("common-errors.md"),
            contents: index_page("common-errors.md", &|out| {
                markdown::common_errors(out, &common)
            })?,
        },
        OutputFile {
            path: PathBuf::from("html/index.html"),
            contents: index_page("index.html", &|out| html::index(out, &services, &common))?,
        },
    ];
    files.append(&mut service_files);
    Ok(files)
}

/// A page from the writer of its embedded template.
///
/// Each thread writes into a buffer of its own that keeps its size from page to page, so a
/// page is copied once into a string of its exact size rather than grown by doubling (the
/// whole API's reference is a quarter of a gigabyte, held until it is written).
fn write(writer: impl FnOnce(&mut String)) -> String {
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUFFER.with_borrow_mut(|buf| {
        buf.clear();
        writer(buf);
        match crate::text::without_bidi(buf) {
            std::borrow::Cow::Borrowed(page) => page.to_owned(),
            std::borrow::Cow::Owned(clean) => clean,
        }
    })
}

/// What tera templates see of a service: the whole service view (and the common codes) for
/// the service pages, then each action with the service's header for its page (the whole
/// service per page would make rendering quadratic in the number of actions).
struct ServiceValues {
    ctx: tera::Context,
    header: Value,
}

impl ServiceValues {
    fn new(s: &ir::Service, view: &ServiceView, common_errors: Value) -> Self {
        let header = serde_json::json!({
            "name": view.name,
            "module": view.module,
            "feature": view.feature,
            "path": view.path,
            "krate": view.krate,
            "version": view.version,
            "title": view.title,
            "documented_host": view.documented_host,
            "region": view.region,
            "rust_error": view.rust_error,
        });
        let ctx = context_of([
            ("service", context::service(s).into_value()),
            ("common_errors", common_errors),
        ]);
        ServiceValues { ctx, header }
    }

    /// The context of each action's page, in order.
    fn into_actions(mut self) -> impl Iterator<Item = tera::Context> {
        let actions = match self.ctx.remove("service") {
            Some(Value::Object(mut service)) => match service.remove("actions") {
                Some(Value::Array(actions)) => actions,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let header = self.header;
        actions
            .into_iter()
            .map(move |a| context_of([("service", header.clone()), ("action", a)]))
    }
}

/// A template context of named values, moved in (not serialized again).
fn context_of<const N: usize>(entries: [(&str, Value); N]) -> tera::Context {
    let object = entries
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    tera::Context::from_value(Value::Object(object)).expect("an object is a context")
}
