//! One service's items as a token stream: what `include_spec!` expands to. The same
//! load → check → allowlist → IR → [`rust::service_tokens`] road as the CLI and
//! [`Builder`](crate::Builder): the service file's text, lexed, with no file written.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proc_macro2::TokenStream;

use crate::allowlist::{self, Allow, AllowlistError};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::{ir, rust};

/// The items of one service version, and every spec file read to make them.
#[derive(Debug, Clone)]
pub struct Inlined {
    /// The service's items: a generated `<module>.rs`, lexed.
    pub tokens: TokenStream,
    /// Every spec file read, as loaded (for `include_bytes!` and rebuild tracking).
    pub files: Vec<PathBuf>,
    /// The service's short name.
    pub service: String,
}

/// Why a spec could not be inlined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineError {
    /// Problems in the spec (or a path that does not name exactly one service version).
    Specs(Diagnostics),
    /// Names in the allowlist that the spec does not define.
    Allowlist(AllowlistError),
}

impl InlineError {
    /// The diagnostics, whatever the kind.
    pub fn diagnostics(&self) -> &Diagnostics {
        match self {
            InlineError::Specs(d) => d,
            InlineError::Allowlist(a) => &a.diagnostics,
        }
    }

    /// The diagnostics, mutably (e.g. to shorten file paths for display).
    pub fn diagnostics_mut(&mut self) -> &mut Diagnostics {
        match self {
            InlineError::Specs(d) => d,
            InlineError::Allowlist(a) => &mut a.diagnostics,
        }
    }
}

impl std::fmt::Display for InlineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.diagnostics().fmt(f)
    }
}

impl std::error::Error for InlineError {}

/// Loads and checks the spec at `path` (a file with its imported sibling, see
/// [`with_imported_siblings`](crate::spec::load::with_imported_siblings), or a directory holding one service version), keeps only
/// `actions` when given, and returns the service's items.
pub fn service_items(path: &Path, actions: Option<&[String]>) -> Result<Inlined, InlineError> {
    let paths = crate::spec::load::with_imported_siblings(&[path.to_path_buf()]);
    let set = crate::generate::load(&paths).map_err(InlineError::Specs)?;
    if set.services.len() != 1 {
        let file: Arc<Path> = Arc::from(path);
        let found: Vec<String> = set
            .services
            .iter()
            .map(|s| format!("{} {}", s.service.value, s.version.value))
            .collect();
        let message = if found.is_empty() {
            "this spec defines no service version (`common.yaml` alone is not a service)".to_owned()
        } else {
            format!(
                "this path holds {} service versions ({}); `include_spec!` takes one",
                found.len(),
                found.join(", ")
            )
        };
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::new(&Pos::new(&file, 0, 0), message)
                .hint("name one `<service>/<version>.yaml` file, once per module"),
        );
        return Err(InlineError::Specs(d));
    }
    let service = set.services[0].service.value.clone();
    let allow: Vec<Allow> = actions
        .map(|actions| Allow {
            service: service.clone(),
            actions: actions.to_vec(),
        })
        .into_iter()
        .collect();
    let selection = allowlist::select(&set, &allow).map_err(InlineError::Allowlist)?;
    let model = ir::build(&set, &selection).map_err(InlineError::Specs)?;
    let tokens = model
        .services
        .first()
        .map(rust::service_tokens)
        .unwrap_or_default();
    Ok(Inlined {
        tokens,
        files: set.files,
        service,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> PathBuf {
        crate::test_specs::dir()
    }

    /// A file's items, normalised: lexed and written again, so comments and spacing do not
    /// count, and any difference in the tokens does.
    fn normalized(text: &str) -> String {
        text.parse::<TokenStream>()
            .expect("generated file lexes")
            .to_string()
    }

    fn normalized_tokens(tokens: TokenStream) -> String {
        tokens.to_string()
    }

    #[test]
    fn items_equal_the_cli_file_for_every_service() {
        let (_, model) = crate::load_and_check(&[specs()]).unwrap();
        let files = crate::generate::service_files(&model);
        for s in &model.services {
            let path = s.files[0].clone();
            // A hand-written file comes first; a service with only an imported one (cvm)
            // is named by that file.
            if s.files.len() > 1 {
                assert!(!path.to_string_lossy().contains(".imported."));
            }
            let got = service_items(&path, None).unwrap();
            assert_eq!(got.files, s.files, "the imported sibling is read too");
            let file = files
                .iter()
                .find(|f| f.path == Path::new(&format!("{}.rs", s.feature)))
                .unwrap();
            assert_eq!(
                normalized_tokens(got.tokens),
                normalized(&file.contents),
                "{}",
                s.module
            );
        }
    }

    #[test]
    fn allowlisted_items_equal_the_builder_file() {
        let path = specs().join("car/2022-01-10.yaml");
        let actions = vec!["ApplyConcurrent".to_owned()];
        let got = service_items(&path, Some(&actions)).unwrap();
        let dir = std::env::temp_dir().join(format!("tcapi-inline-{}", std::process::id()));
        crate::Builder::new()
            .spec(&path)
            .actions("car", ["ApplyConcurrent"])
            .out_dir(&dir)
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap();
        let text = std::fs::read_to_string(dir.join("car.rs")).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(normalized_tokens(got.tokens), normalized(&text));
        assert!(text.contains("pub mod apply_concurrent"));
        assert!(
            !text.contains("pub mod create_session"),
            "only the listed action"
        );
    }

    #[test]
    fn common_file_alone_is_not_a_service() {
        let e = service_items(&specs().join("common.yaml"), None).unwrap_err();
        assert!(e.to_string().contains("defines no service version"), "{e}");
    }

    #[test]
    fn a_directory_of_several_services_is_refused_with_their_names() {
        let e = service_items(&specs(), None).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("`include_spec!` takes one"), "{text}");
        assert!(text.contains("gse 2019-11-12"), "{text}");
    }

    #[test]
    fn missing_file_reports_its_path() {
        let e = service_items(Path::new("no/such/spec.yaml"), None).unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with("no/such/spec.yaml:0:0: error: cannot read the spec file"),
            "{text}"
        );
        assert!(text.contains("help: check the path"), "{text}");
    }
}
