//! The pipeline as a library: load → check → IR → emit. The CLI, build scripts and the
//! proc macro all go through here.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::ir::{self, Model};
use crate::rust;
#[cfg(feature = "docs")]
use crate::sdk::{self, Shipping};
use crate::spec::{self, SpecSet};

pub use crate::writer::OutputFile;

/// What one generation produced.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Files, relative to the output root.
    pub files: Vec<OutputFile>,
    /// Number of service versions.
    pub services: usize,
    /// Number of actions.
    pub actions: usize,
}

/// Loads specs from files and directories, checks them and resolves them into the model
/// (every action kept): all problems at once.
pub fn load_and_check(paths: &[PathBuf]) -> Result<(SpecSet, Model), Diagnostics> {
    let set = load(paths)?;
    let t = Timer::start();
    let model = ir::build(&set, &crate::allowlist::Selection::all())?;
    t.lap("ir");
    Ok((set, model))
}

/// Loads specs from files and directories and checks their shape: all problems at once.
/// [`ir::build`] then resolves them (names, collisions, allowlist).
pub fn load(paths: &[PathBuf]) -> Result<SpecSet, Diagnostics> {
    let t = Timer::start();
    let (set, mut diags) = spec::load_paths(paths);
    t.lap("load");
    if set.services.is_empty() && set.common.is_none() && diags.is_empty() {
        let shown = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let pos = Pos::new(&std::sync::Arc::from(Path::new(&shown)), 0, 0);
        diags.push(
            Diagnostic::new(&pos, "no spec files found")
                .hint("point at a `.yaml` spec or a directory holding them (e.g. `specs/`)"),
        );
    }
    diags.0.extend(crate::check::check(&set).0);
    t.lap("check");
    diags.into_result()?;
    Ok(set)
}

/// Phase timings on stderr when `TCAPI_TIMINGS` is set (for benchmarks and profiling).
pub struct Timer {
    on: bool,
    last: std::cell::Cell<std::time::Instant>,
}

impl Timer {
    /// Starts timing.
    pub fn start() -> Self {
        Timer {
            on: std::env::var_os("TCAPI_TIMINGS").is_some(),
            last: std::cell::Cell::new(std::time::Instant::now()),
        }
    }

    /// Prints the time since the last lap.
    pub fn lap(&self, what: &str) {
        if self.on {
            let now = std::time::Instant::now();
            eprintln!("timing: {what}: {:.3?}", now - self.last.get());
            self.last.set(now);
        }
    }
}

/// An internal emission failure (a bug, reported rather than panicking).
#[cfg(feature = "docs")]
fn emit_error(what: &str, e: syn::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "internal error: generated code for {what} does not parse ({e}); please report this with the spec"
    )
}

/// The service files alone (`<module>.rs`), for build scripts and the macro.
pub fn service_files(model: &Model) -> Vec<OutputFile> {
    rendered_services(model, false)
}

/// The service files; `doc_examples`: request docs carry compiled examples naming
/// `tcapi_sdk` paths (the committed crate only).
fn rendered_services(model: &Model, doc_examples: bool) -> Vec<OutputFile> {
    crate::parallel::map(
        &model.services,
        |s| s.actions.len() + s.types.len(),
        |s| OutputFile {
            path: PathBuf::from(format!("{}.rs", s.feature)),
            contents: rust::service_file(s, doc_examples),
        },
    )
}

/// Everything the CLI writes under the project root: the `tcapi-sdk` crate in
#[cfg(feature = "docs")]
/// `generated/` (manifest, `lib.rs` and `build.rs` for every service of `model`, the code of
/// the services `ship` says are committed), the API reference of those in `generated/docs/`
/// and the runtime's common error enum.
pub fn project_files(model: &Model, ship: &Shipping) -> anyhow::Result<Generated> {
    let mut files = vec![
        OutputFile {
            path: PathBuf::from("generated/Cargo.toml"),
            contents: sdk::cargo_toml(model, ship),
        },
        OutputFile {
            path: PathBuf::from("generated/build.rs"),
            contents: sdk::build_rs(model, ship).map_err(|e| emit_error("build.rs", e))?,
        },
        OutputFile {
            path: PathBuf::from("generated/rustfmt.toml"),
            contents: "# Files here are written by tcapi-codegen and formatted with prettyplease; rustfmt leaves them alone.\ndisable_all_formatting = true\n".to_owned(),
        },
        OutputFile {
            path: PathBuf::from("generated/src/lib.rs"),
            contents: sdk::lib_file(model, ship).map_err(|e| emit_error("lib.rs", e))?,
        },
    ];
    let all = model;
    // The committed services' part of the model; the model itself when every service is
    // committed (a whole imported API: copying it would cost a second model's memory).
    let committed;
    let model = if all.services.iter().all(|s| ship.is_committed(&s.name)) {
        all
    } else {
        committed = ship.committed_model(all);
        &committed
    };
    let t = Timer::start();
    for f in rendered_services(model, true) {
        files.push(OutputFile {
            path: Path::new("generated/src").join(f.path),
            contents: f.contents,
        });
    }
    t.lap("rust");
    let templates = crate::docs::Templates::embedded()?;
    for f in crate::docs::docs_files(model, &templates)? {
        files.push(OutputFile {
            path: Path::new(crate::docs::DOCS_DIR).join(f.path),
            contents: f.contents,
        });
    }
    t.lap("docs");
    if !model.common_errors.is_empty() {
        files.push(OutputFile {
            path: PathBuf::from("runtime/src/common_error.rs"),
            contents: rust::common_error_file(model)
                .map_err(|e| emit_error("common_error.rs", e))?,
        });
    }
    Ok(Generated {
        files,
        services: all.services.len(),
        actions: all.services.iter().map(|s| s.actions.len()).sum(),
    })
}
