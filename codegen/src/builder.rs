//! [`Builder`]: generate clients from specs in a build script.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::allowlist::{self, Allow};
use crate::diag::Diagnostics;
use crate::{generate, ir, writer};

/// Generates Rust clients from YAML specs in a `build.rs`, in the style of
/// `prost_build::Config`.
///
/// Each service version becomes one file `<module>.rs` in the output directory (`OUT_DIR` by
/// default), holding only items, so it can be included into a module of your crate:
///
/// ```toml
/// # Cargo.toml
/// [dependencies]
/// tcapi = { version = "0.1", default-features = false }
/// [build-dependencies]
/// # The generator alone: no CLI, no docs engine.
/// tcapi-codegen = { version = "0.1", default-features = false }
/// ```
///
/// ```no_run
/// // build.rs
/// fn main() {
///     if let Err(e) = tcapi_codegen::Builder::new()
///         .spec("specs/gse/2019-11-12.yaml")
///         .actions("gse", ["JoinGameServerSessionBatch"])
///         .generate()
///     {
///         // The same `file:line:column` diagnostics as `tcapi-codegen check`.
///         eprintln!("{e}");
///         std::process::exit(1);
///     }
/// }
/// ```
///
/// ```ignore
/// // src/lib.rs
/// pub mod gse {
///     include!(concat!(env!("OUT_DIR"), "/gse.rs"));
/// }
/// ```
///
/// The module name is the service's short name (`gse`), or `<service>_<version>` with
/// underscores (`gse_2019_11_12`) when several versions of one service are loaded; the
/// [`Output::files`] of [`generate`](Builder::generate) list them. The generated code uses
/// the `tcapi` runtime through absolute paths (`::tcapi::...`), so the crate must depend on
/// `tcapi` under that name.
///
/// Rebuilds: `generate` prints `cargo:rerun-if-changed=<path>` for every spec file it read
/// (only those, so unrelated edits do not rerun the build script) and for every directory
/// given to [`spec`](Builder::spec), so that a spec file added there is picked up. Files are
/// written only when their content changed, so a rerun that produces the same code does not
/// rebuild the crate.
// The example is a whole build script, `fn main` included.
#[allow(clippy::needless_doctest_main)]
#[derive(Debug, Clone, Default)]
pub struct Builder {
    specs: Vec<PathBuf>,
    allow: Vec<Allow>,
    out_dir: Option<PathBuf>,
    quiet: bool,
}

/// What [`Builder::generate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Every generated file (`<out_dir>/<module>.rs`), written or already up to date.
    pub files: Vec<PathBuf>,
    /// The files that were created or changed by this run.
    pub written: Vec<PathBuf>,
    /// Every spec file read.
    pub spec_files: Vec<PathBuf>,
}

/// Why [`Builder::generate`] failed.
#[derive(Debug)]
pub enum Error {
    /// Problems in the specs or the allowlist; displays exactly as the CLI prints them
    /// (`file:line:column: error: ...` with `= help:` hints, then a count).
    Specs(Diagnostics),
    /// No output directory: neither [`Builder::out_dir`] nor `OUT_DIR` is set.
    NoOutDir,
    /// A generated file could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Specs(d) => d.fmt(f),
            Error::NoOutDir => f.write_str(
                "error: no output directory: OUT_DIR is not set (call `Builder::out_dir` when not in a build script)",
            ),
            Error::Write { path, source } => {
                write!(f, "error: cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Specs(d) => Some(d),
            Error::Write { source, .. } => Some(source),
            Error::NoOutDir => None,
        }
    }
}

impl Builder {
    /// A builder with no specs, writing to `OUT_DIR`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec file, or a directory searched recursively for `*.yaml`/`*.yml` (a
    /// `common.yaml` there is read too). For a hand-written `<version>.yaml` file, its
    /// importer-written sibling `<version>.imported.yaml` is read too when it exists.
    /// Relative paths start at the current directory, which for a build script is the
    /// package's root. Repeatable.
    pub fn spec(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.specs.push(path.as_ref().to_path_buf());
        self
    }

    /// Generates only `actions` (wire names) of `service` (short name such as `gse`, or
    /// module name such as `gse_2019_11_12`), and only the data types they reach. Services
    /// without an allowlist keep every action. A name the specs do not define is an error
    /// naming it. Calling it again for the same service adds to its list.
    pub fn actions<I, S>(&mut self, service: &str, actions: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let actions = actions.into_iter().map(Into::into);
        match self.allow.iter_mut().find(|a| a.service == service) {
            Some(a) => a.actions.extend(actions),
            None => self.allow.push(Allow {
                service: service.to_owned(),
                actions: actions.collect(),
            }),
        }
        self
    }

    /// Where to write the `<module>.rs` files (created if missing). Default: `OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default `true`; turn off outside
    /// build scripts).
    pub fn emit_rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.quiet = !on;
        self
    }

    /// Loads and checks the specs, applies the allowlists and writes one file per service
    /// version. Nothing is written when any spec has a problem; every problem is reported.
    pub fn generate(&self) -> Result<Output, Error> {
        if !self.quiet {
            self.emit_rerun(self.specs.iter().filter(|p| p.is_dir()));
        }
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let specs = crate::spec::load::with_imported_siblings(&self.specs);
        let set = generate::load(&specs).map_err(Error::Specs)?;
        let selection =
            allowlist::select(&set, &self.allow).map_err(|e| Error::Specs(e.diagnostics))?;
        let model = ir::build(&set, &selection).map_err(Error::Specs)?;
        if !self.quiet {
            self.emit_rerun(set.files.iter());
        }
        let files = generate::service_files(&model);
        let mut out = Output {
            spec_files: set.files,
            ..Output::default()
        };
        for f in files {
            let path = out_dir.join(&f.path);
            let wrote =
                writer::write_if_changed(&path, &f.contents).map_err(|source| Error::Write {
                    path: path.clone(),
                    source,
                })?;
            if wrote {
                out.written.push(path.clone());
            }
            out.files.push(path);
        }
        Ok(out)
    }

    fn emit_rerun<'a>(&self, paths: impl Iterator<Item = &'a PathBuf>) {
        let mut stdout = std::io::stdout().lock();
        for p in paths {
            // A closed stdout only loses rebuild hints; generation itself still succeeds.
            let _ = writeln!(stdout, "cargo:rerun-if-changed={}", p.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> PathBuf {
        crate::test_specs::dir()
    }

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("tcapi-builder-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&d).ok();
        d
    }

    #[test]
    fn writes_the_same_service_files_as_the_cli() {
        let out = temp("same");
        let got = Builder::new()
            .spec(specs())
            .out_dir(&out)
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap();
        let (_, model) = crate::load_and_check(&[specs()]).unwrap();
        for f in generate::service_files(&model) {
            let written = std::fs::read_to_string(out.join(&f.path)).unwrap();
            assert_eq!(written, f.contents, "{}", f.path.display());
        }
        // The committed crates' files differ only in rustdoc: they add doc-test examples
        // that name the service crates.
        let code = |text: &str| -> String {
            text.lines()
                .filter(|l| !l.trim_start().starts_with("///"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let cli = generate::project_files(
            &model,
            &crate::crates::Shipping::all_committed(),
            &Default::default(),
        )
        .unwrap();
        let cli_services: Vec<_> = cli
            .files
            .iter()
            .filter(|f| {
                f.path.starts_with("generated")
                    && f.path.parent().is_some_and(|p| p.ends_with("src"))
                    && !f.path.ends_with("lib.rs")
            })
            .collect();
        assert_eq!(got.files.len(), cli_services.len());
        for f in cli_services {
            let name = f.path.file_name().unwrap();
            let written = std::fs::read_to_string(out.join(name)).unwrap();
            assert_eq!(
                code(&written),
                code(&f.contents),
                "{}",
                name.to_string_lossy()
            );
        }
        assert!(got.spec_files.iter().any(|f| f.ends_with("common.yaml")));
        std::fs::remove_dir_all(&out).ok();
    }

    #[test]
    fn writes_only_when_content_changed() {
        let out = temp("unchanged");
        let mut b = Builder::new();
        b.spec(specs().join("gse/2019-11-12.yaml"))
            .out_dir(&out)
            .emit_rerun_if_changed(false);
        let first = b.generate().unwrap();
        assert_eq!(first.written, [out.join("gse.rs")]);
        let before = std::fs::metadata(out.join("gse.rs"))
            .unwrap()
            .modified()
            .unwrap();
        let second = b.generate().unwrap();
        assert!(second.written.is_empty());
        assert_eq!(second.files, [out.join("gse.rs")]);
        let after = std::fs::metadata(out.join("gse.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        std::fs::remove_dir_all(&out).ok();
    }

    #[test]
    fn spec_errors_display_exactly_as_the_cli_prints_them() {
        let dir = temp("bad");
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("bad.yaml");
        std::fs::write(
            &spec,
            "service: bad\nversion: \"2020-01-01\"\ntitle: Bad\nactions:\n  DoIt:\n    description: x\n    input:\n      A: { type: Nope }\n",
        )
        .unwrap();
        let err = Builder::new()
            .spec(&spec)
            .out_dir(dir.join("out"))
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap_err();
        let cli = crate::load_and_check(std::slice::from_ref(&spec)).unwrap_err();
        assert_eq!(err.to_string(), cli.to_string());
        assert!(err.to_string().contains("bad.yaml:8:"), "{err}");
        assert!(!dir.join("out").exists(), "nothing is written on error");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn unknown_allowlisted_action_is_an_error_naming_it() {
        let err = Builder::new()
            .spec(specs().join("car/2022-01-10.yaml"))
            .actions("car", ["ApplyConcurrent", "ApplyConcurent"])
            .out_dir(temp("allow"))
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`ApplyConcurent`"), "{text}");
        assert!(text.contains("did you mean `ApplyConcurrent`?"), "{text}");
        assert!(text.ends_with("1 error in specs"), "{text}");
    }

    #[test]
    fn allowlist_calls_add_up() {
        let out = temp("addup");
        Builder::new()
            .spec(specs().join("car/2022-01-10.yaml"))
            .actions("car", ["ApplyConcurrent"])
            .actions("car", ["CreateSession"])
            .out_dir(&out)
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap();
        let text = std::fs::read_to_string(out.join("car.rs")).unwrap();
        assert!(text.contains("pub mod apply_concurrent"));
        assert!(text.contains("pub mod create_session"));
        assert!(!text.contains("pub mod create_application_version"));
        std::fs::remove_dir_all(&out).ok();
    }

    #[test]
    fn missing_out_dir_is_reported() {
        if std::env::var_os("OUT_DIR").is_some() {
            return;
        }
        let err = Builder::new()
            .spec(specs().join("gse"))
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap_err();
        assert!(matches!(err, Error::NoOutDir), "{err}");
    }
}
