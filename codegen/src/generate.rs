//! The pipeline as a library: load → check → IR → emit. The CLI, build scripts and the
//! proc macro all go through here.

use std::path::{Path, PathBuf};

use crate::crates;
#[cfg(feature = "docs")]
use crate::crates::Shipping;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::ir::{self, Model};
use crate::rust;
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

/// The service files alone (`<module>.rs`), for build scripts and the macro.
pub fn service_files(model: &Model) -> Vec<OutputFile> {
    rendered_services(model, false)
}

/// The service files; `doc_examples`: request docs carry compiled examples naming the
/// service crate's paths (the crates with code only; build scripts and the macro write
/// modules into users' own crates).
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

#[cfg(feature = "docs")]
/// Everything the CLI writes under the project root: a crate per service in
/// `generated/<service>/` (the code of the services `ship` says are committed, a build
/// script over `specs/` for the others), the API reference of the committed ones in
/// `generated/docs/` and the runtime's common error enum.
pub fn project_files(
    model: &Model,
    ship: &Shipping,
    meta: &crates::CrateMeta,
) -> anyhow::Result<Generated> {
    let mut files = vec![OutputFile {
        path: PathBuf::from("generated/rustfmt.toml"),
        contents: "# Files here are written by tcapi-codegen and already formatted; rustfmt leaves them alone.\ndisable_all_formatting = true\n".to_owned(),
    }];
    for c in crates::service_crates(model) {
        let contents = if ship.is_committed(c.service()) {
            crates::Contents::Code
        } else {
            crates::Contents::BuildScript
        };
        files.extend(crates::frame_files(
            &c,
            meta,
            None,
            crates::Layout::Repository,
            contents,
            Path::new("generated"),
        ));
    }
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
    files.extend(crate_sources(model, Path::new("generated")));
    t.lap("rust");
    for f in crate::docs::docs_files(model) {
        files.push(OutputFile {
            path: Path::new(crate::docs::DOCS_DIR).join(f.path),
            contents: f.contents,
        });
    }
    t.lap("docs");
    if !model.common_errors.is_empty() {
        files.push(OutputFile {
            path: PathBuf::from("runtime/src/common_error.rs"),
            contents: rust::common_error_file(model),
        });
    }
    Ok(Generated {
        files,
        services: all.services.len(),
        actions: all.services.iter().map(|s| s.actions.len()).sum(),
    })
}

/// The service modules of every service of `model`, in their crates under `root`
/// (`<root>/<service>/src/<module>.rs`), with compiled examples in their docs.
fn crate_sources(model: &Model, root: &Path) -> Vec<OutputFile> {
    rendered_services(model, true)
        .into_iter()
        .zip(&model.services)
        .map(|(f, s)| OutputFile {
            path: root.join(&s.name).join("src").join(f.path),
            contents: f.contents,
        })
        .collect()
}

/// Everything a release holds: every service's crate with its code, as the registry
/// serves it (no build script, no file outside the package, `tcapi` by version), under
/// `<service>/`, each with the version and `CHANGELOG.md` of `plans` (by service short
/// name; a service missing there gets the project's version and no changelog), and a
/// `Cargo.toml` making them one workspace (for `cargo package`).
pub fn release_files(
    model: &Model,
    meta: &crates::CrateMeta,
    plans: &std::collections::BTreeMap<String, crates::release::CrateRelease>,
) -> Generated {
    let service_crates = crates::service_crates(model);
    let members = service_crates
        .iter()
        .map(|c| format!("    \"{}\",\n", c.dir()))
        .collect::<String>();
    let mut files = vec![OutputFile {
        path: PathBuf::from("Cargo.toml"),
        contents: format!(
            "# @generated by tcapi-codegen release: every service crate of the release.\n[workspace]\nresolver = \"3\"\nmembers = [\n{members}]\n"
        ),
    }];
    for c in &service_crates {
        files.extend(crates::frame_files(
            c,
            meta,
            plans.get(c.service()),
            crates::Layout::Release,
            crates::Contents::Code,
            Path::new(""),
        ));
    }
    files.extend(crate_sources(model, Path::new("")));
    Generated {
        files,
        services: model.services.len(),
        actions: model.services.iter().map(|s| s.actions.len()).sum(),
    }
}
