//! The API reference: Markdown pages (services index, one page per service with its data
//! types and flows, one page per action, common errors) and a static HTML rendering (one page
//! per service), from the same [`Model`] the Rust emitter uses.
//!
//! Each page has one source: the function that writes it ([`markdown`], [`html`],
//! [`site_html`]), appending its text straight from the views ([`context`]) line by line.

pub mod context;
pub mod html;
pub mod links;
pub mod markdown;
pub mod mermaid;
pub mod pages;
pub mod site;
pub mod site_html;
pub mod text;

use std::path::PathBuf;

use crate::ir::{self, Model};
use crate::writer::OutputFile;
use context::ServiceSummary;

/// Where the reference lives in the project.
pub const DOCS_DIR: &str = "generated/docs";

/// Every page of the reference, with paths relative to the docs root.
///
/// Each service's view is built once, on the worker that writes its pages.
pub fn docs_files(model: &Model) -> Vec<OutputFile> {
    let common = context::common_errors(model);
    let service_pages = |s: &ir::Service| -> (ServiceSummary, Vec<OutputFile>) {
        let view = context::service(s);
        let summary = ServiceSummary::of(&view);
        let mut files = Vec::with_capacity(view.actions.len() + 2);
        let dir = PathBuf::from(&s.feature);
        files.push(OutputFile {
            path: dir.join("README.md"),
            contents: write(|out| markdown::service(out, &view)),
        });
        let html = write(|out| html::service(out, &view, &common));
        for a in &view.actions {
            files.push(OutputFile {
                path: dir.join(&a.page),
                contents: write(|out| markdown::action(out, &view, a)),
            });
        }
        files.push(OutputFile {
            path: PathBuf::from("html").join(format!("{}.html", s.feature)),
            contents: html,
        });
        (summary, files)
    };
    let mut services = Vec::with_capacity(model.services.len());
    let mut service_files = Vec::new();
    for (summary, pages) in
        crate::parallel::map(&model.services, |s| s.actions.len(), service_pages)
    {
        services.push(summary);
        service_files.extend(pages);
    }
    let mut files = vec![
        OutputFile {
            path: PathBuf::from("README.md"),
            contents: write(|out| markdown::index(out, &services)),
        },
        OutputFile {
            path: PathBuf::from("common-errors.md"),
            contents: write(|out| markdown::common_errors(out, &common)),
        },
        OutputFile {
            path: PathBuf::from("html/index.html"),
            contents: write(|out| html::index(out, &services, &common)),
        },
    ];
    files.append(&mut service_files);
    files
}

/// A page from its writer.
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
