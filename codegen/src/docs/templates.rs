//! Loading the templates (embedded defaults, overrides from a directory) and rendering them
//! with errors that name the template file and line.
//!
//! An embedded template is not rendered by tera but by the writer that mirrors it
//! ([`super::markdown`], [`super::html`]): the same bytes, without building a template
//! context. A template given by the user is rendered through tera, with the context the
//! embedded template would see; [`Templates::embedded_through_tera`] renders the embedded ones
//! through tera too, which is what the writers are tested against.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow};
use serde::Serialize;

/// The default templates: name, source. A template's file is `codegen/templates/<name>.tera`.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("index.md", include_str!("../../templates/index.md.tera")),
    (
        "common-errors.md",
        include_str!("../../templates/common-errors.md.tera"),
    ),
    (
        "service.md",
        include_str!("../../templates/service.md.tera"),
    ),
    ("action.md", include_str!("../../templates/action.md.tera")),
    (
        "index.html",
        include_str!("../../templates/index.html.tera"),
    ),
    (
        "service.html",
        include_str!("../../templates/service.html.tera"),
    ),
];

/// The extension of template files.
pub const EXTENSION: &str = "tera";

/// A loaded, parsed set of templates.
#[derive(Debug)]
pub struct Templates {
    tera: tera::Tera,
    /// Per template name: the file it came from (for messages) and its source.
    sources: Vec<(String, PathBuf, String)>,
    /// The names rendered through tera: the overridden ones, or all.
    through_tera: Vec<String>,
}

impl Templates {
    /// The embedded defaults.
    pub fn embedded() -> anyhow::Result<Self> {
        Self::build(Self::defaults(), Vec::new())
    }

    /// The embedded defaults, every one rendered through tera rather than by the writer that
    /// mirrors it: slower, the same bytes (tested), the reference the writers are held to.
    pub fn embedded_through_tera() -> anyhow::Result<Self> {
        let names = DEFAULTS.iter().map(|(n, _)| (*n).to_owned()).collect();
        Self::build(Self::defaults(), names)
    }

    fn defaults() -> Vec<(String, PathBuf, String)> {
        DEFAULTS
            .iter()
            .map(|(n, s)| {
                (
                    (*n).to_owned(),
                    PathBuf::from(format!("codegen/templates/{n}.{EXTENSION}")),
                    (*s).to_owned(),
                )
            })
            .collect()
    }

    /// Whether page `name` is rendered by tera (its template was given by the user, or all
    /// are); otherwise by the writer of the embedded template.
    pub fn through_tera(&self, name: &str) -> bool {
        self.through_tera.iter().any(|n| n == name)
    }

    /// The defaults, with every `<name>.tera` in `dir` replacing the default of that name.
    /// Files in `dir` that match no template are an error (a misspelt name would otherwise be
    /// ignored silently).
    pub fn with_overrides(dir: &Path) -> anyhow::Result<Self> {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the templates directory {}", dir.display()))?;
        let mut sources = Self::defaults();
        let mut through_tera = Vec::new();
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_none_or(|e| e != EXTENSION) {
                continue;
            }
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Some(slot) = sources.iter_mut().find(|(n, _, _)| *n == name) else {
                let known: Vec<String> = DEFAULTS
                    .iter()
                    .map(|(n, _)| format!("{n}.{EXTENSION}"))
                    .collect();
                return Err(anyhow!(
                    "{}: no template is called `{name}`; the templates are {}",
                    path.display(),
                    known.join(", ")
                ));
            };
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read template {}", path.display()))?;
            through_tera.push(name.clone());
            *slot = (name, path, text);
        }
        Self::build(sources, through_tera)
    }

    fn build(
        sources: Vec<(String, PathBuf, String)>,
        through_tera: Vec<String>,
    ) -> anyhow::Result<Self> {
        let mut tera = tera::Tera::default();
        super::text::register(&mut tera);
        // Only HTML is escaped; Markdown escaping is explicit (`cell`, `prose`).
        tera.autoescape_on(vec![".html"]);
        for (name, path, src) in &sources {
            // One at a time, so a syntax error names its own file.
            tera.add_raw_template(name, src)
                .map_err(|e| describe(&e, path, src))?;
        }
        Ok(Self {
            tera,
            sources,
            through_tera,
        })
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &impl Serialize) -> anyhow::Result<String> {
        let ctx = tera::Context::from_serialize(context)
            .map_err(|e| anyhow!("internal error: docs context for `{name}`: {e}"))?;
        self.render_context(name, &ctx)
    }

    /// Renders template `name` with a context already built (several pages may share one).
    ///
    /// Each thread renders into a buffer of its own that keeps its size from page to page, so
    /// a page is copied once into its string rather than grown from nothing by doubling.
    pub fn render_context(&self, name: &str, ctx: &tera::Context) -> anyhow::Result<String> {
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUFFER.with_borrow_mut(|buf| {
            buf.clear();
            self.tera.render_to(name, ctx, &mut *buf).map_err(|e| {
                match self.sources.iter().find(|(n, _, _)| n == name) {
                    Some((_, path, src)) => describe(&e, path, src),
                    None => anyhow!("no template is called `{name}`"),
                }
            })?;
            let page = String::from_utf8(buf.as_slice().to_owned()).map_err(|e| {
                anyhow!("internal error: template `{name}` wrote invalid UTF-8: {e}")
            })?;
            Ok(clean(page))
        })
    }
}

/// Whatever a page shows, no bidirectional control reaches it.
pub(super) fn clean(page: String) -> String {
    match crate::text::without_bidi(&page) {
        std::borrow::Cow::Borrowed(_) => page,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

/// The whole chain of a tera error, prefixed with the file, and with a line number: tera's
/// own for syntax errors (`--> line:column`), else the first line of the template that
/// mentions the name the error is about.
fn describe(e: &tera::Error, path: &Path, src: &str) -> anyhow::Error {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let text = parts.join(": ");
    let line = syntax_line(&text).or_else(|| mentioned_line(&text, src));
    let at = match line {
        Some(l) => format!("{}:{l}", path.display()),
        None => path.display().to_string(),
    };
    anyhow!("template {at}: {}", text.trim())
}

/// `--> 12:5` in a pest syntax error.
fn syntax_line(text: &str) -> Option<usize> {
    let rest = &text[text.find("--> ")? + 4..];
    rest.split(':').next()?.trim().parse().ok()
}

/// The first template line holding a backquoted name from the message
/// (``Variable `action.nme` not found``).
fn mentioned_line(text: &str, src: &str) -> Option<usize> {
    let mut names = text.split('`').skip(1).step_by(2);
    names.find_map(|n| {
        let n = n.trim();
        if n.is_empty() || n.contains('\'') {
            return None;
        }
        src.lines().position(|l| l.contains(n)).map(|i| i + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        Templates::embedded().expect("default templates parse");
    }

    fn override_with(name: &str, text: &str) -> anyhow::Result<Templates> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("tcapi-templates-{}-{n}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(name), text)?;
        let r = Templates::with_overrides(&dir);
        std::fs::remove_dir_all(&dir)?;
        r
    }

    #[test]
    fn syntax_errors_name_the_file_and_line() {
        let e = override_with(
            "index.md.tera",
            "# Services\n\n{{ services | length + }}\n\nmore text\n",
        )
        .expect_err("bad syntax");
        let msg = format!("{e:#}");
        assert!(msg.contains("index.md.tera:3"), "{msg}");
    }

    #[test]
    fn render_errors_name_the_file_and_line() {
        let t = override_with("index.md.tera", "# Services\n\n{{ nothing_here.title }}\n")
            .expect("parses");
        let e = t
            .render("index.md", &serde_json::json!({ "services": [] }))
            .expect_err("unknown variable");
        let msg = format!("{e:#}");
        assert!(msg.contains("index.md.tera:3"), "{msg}");
        assert!(msg.contains("nothing_here"), "{msg}");
    }

    #[test]
    fn unknown_template_files_are_refused() {
        let e = override_with("acton.md.tera", "x").expect_err("misspelt");
        assert!(format!("{e:#}").contains("no template is called `acton.md`"));
    }
}
