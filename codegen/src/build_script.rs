//! The build script of a service crate that the repository does not commit: generates the
//! service from the repository's `specs/` into `OUT_DIR`, for users who depend on the
//! repository by git (the published crate carries the code and has no build script).

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::crates::SPECS_ENV;

/// Why the build script failed.
#[derive(Debug)]
pub enum BuildError {
    /// The service's spec directory is not there.
    MissingSpecs {
        /// Where its specs were expected.
        path: PathBuf,
    },
    /// The specs produce other modules than `lib.rs` includes (they changed since
    /// `tcapi-codegen generate`).
    Modules {
        /// The module `lib.rs` includes that was not produced.
        missing: String,
        /// The modules the specs produced.
        produced: Vec<String>,
    },
    /// Generation failed (spec problems, or a file could not be written).
    Generate(crate::builder::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingSpecs { path } => write!(
                f,
                "error: the specs of this service are not at {}\n  = help: this crate is generated at build time from the repository's specs/ directory: depend on the repository through git or a path, on the published crate, or set {SPECS_ENV} to a specs directory",
                path.display()
            ),
            BuildError::Modules { missing, produced } => write!(
                f,
                "error: lib.rs includes `{missing}.rs` but the specs produce {}\n  = help: the specs changed since lib.rs was generated: run `cargo run -p tcapi-codegen -- generate`",
                if produced.is_empty() {
                    "nothing".to_owned()
                } else {
                    produced
                        .iter()
                        .map(|m| format!("`{m}.rs`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
            BuildError::Generate(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Generate(e) => Some(e),
            _ => None,
        }
    }
}

/// The build script of a service crate: generates the service whose specs are in `dir`
/// (relative to `$TCAPI_SPECS`, or to the repository's `specs/`, two directories above the
/// crate) into `OUT_DIR`, and checks that it produced `modules`. Prints the
/// `cargo:rerun-if-*` lines.
pub fn run(dir: &str, modules: &[&str]) -> Result<Vec<PathBuf>, BuildError> {
    println!("cargo:rerun-if-env-changed={SPECS_ENV}");
    let env = |k: &str| std::env::var_os(k);
    let specs = match env(SPECS_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env("CARGO_MANIFEST_DIR").unwrap_or_default()).join("../../specs"),
    };
    generate_service(dir, modules, &specs, None, true)
}

/// Generates the service in `specs/<dir>` (with `specs/common.yaml`) into `out_dir`
/// (`OUT_DIR` when `None`) and checks that it produced `modules`. Returns the files.
pub fn generate_service(
    dir: &str,
    modules: &[&str],
    specs: &Path,
    out_dir: Option<&Path>,
    rerun_if_changed: bool,
) -> Result<Vec<PathBuf>, BuildError> {
    let path = specs.join(dir);
    if !path.is_dir() {
        return Err(BuildError::MissingSpecs { path });
    }
    let mut b = crate::Builder::new();
    b.emit_rerun_if_changed(rerun_if_changed);
    if let Some(d) = out_dir {
        b.out_dir(d);
    }
    let common = specs.join("common.yaml");
    if common.is_file() {
        b.spec(&common);
    }
    b.spec(path);
    let out = b.generate().map_err(BuildError::Generate)?;
    let produced: Vec<String> = out
        .files
        .iter()
        .filter_map(|f| f.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    // A module named like a keyword (`r#as`) is in the file `as.rs`.
    use crate::names::unraw as file_of;
    if let Some(missing) = modules
        .iter()
        .find(|m| !produced.iter().any(|p| p == file_of(m)))
    {
        return Err(BuildError::Modules {
            missing: file_of(missing).to_owned(),
            produced,
        });
    }
    Ok(out.files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> PathBuf {
        crate::test_specs::dir()
    }

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("tcapi-buildrs-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&d).ok();
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Rust items without rustdoc (the committed files add doc-test examples).
    fn code(text: &str) -> String {
        text.lines()
            .filter(|l| !l.trim_start().starts_with("///"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_build_script_writes_what_the_cli_writes_for_a_service() {
        let out = temp("same");
        let files = generate_service("cvm", &["cvm"], &specs(), Some(&out), false).unwrap();
        assert_eq!(files, [out.join("cvm.rs")]);
        let built = std::fs::read_to_string(out.join("cvm.rs")).unwrap();
        let m = crate::load_and_check(&[specs()]).unwrap().1;
        let cvm = m.services.iter().find(|s| s.name == "cvm").unwrap();
        let committed = crate::rust::service_file(cvm, true);
        assert!(built.contains("pub mod describe_instances"));
        assert_eq!(code(&built), code(&committed));
        std::fs::remove_dir_all(&out).ok();
    }

    #[test]
    fn several_versions_are_one_crate_with_a_module_each() {
        let dir = temp("versions");
        std::fs::create_dir_all(dir.join("gse")).unwrap();
        let gse = std::fs::read_to_string(specs().join("gse/2019-11-12.yaml")).unwrap();
        std::fs::write(dir.join("gse/2019-11-12.yaml"), &gse).unwrap();
        std::fs::write(
            dir.join("gse/2020-01-01.yaml"),
            gse.replace("version: \"2019-11-12\"", "version: \"2020-01-01\""),
        )
        .unwrap();
        let out = dir.join("out");
        let files = generate_service(
            "gse",
            &["gse_2019_11_12", "gse_2020_01_01"],
            &dir,
            Some(&out),
            false,
        )
        .unwrap();
        assert_eq!(
            files,
            [out.join("gse_2019_11_12.rs"), out.join("gse_2020_01_01.rs")]
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn missing_specs_and_changed_modules_are_clear_errors() {
        let dir = temp("errors");
        let err =
            generate_service("cvm", &["cvm"], &dir, Some(&dir.join("out")), false).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, BuildError::MissingSpecs { .. }), "{text}");
        assert!(
            text.contains("the specs of this service are not at"),
            "{text}"
        );
        assert!(text.contains(SPECS_ENV), "{text}");
        let err = generate_service(
            "gse",
            &["gse_2019_11_12"],
            &specs(),
            Some(&dir.join("out")),
            false,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("lib.rs includes `gse_2019_11_12.rs` but the specs produce `gse.rs`"),
            "{text}"
        );
        assert!(text.contains("tcapi-codegen -- generate"), "{text}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_service_named_like_a_keyword_builds_as_its_raw_module() {
        // Auto Scaling's `as` is the module `r#as`, in the file `as.rs`.
        let dir = temp("raw");
        std::fs::create_dir_all(dir.join("as")).unwrap();
        std::fs::write(
            dir.join("as/2018-04-19.yaml"),
            "service: as\nversion: \"2018-04-19\"\ntitle: Auto Scaling\nactions:\n  DoIt:\n    description: x\n",
        )
        .unwrap();
        let files = generate_service("as", &["r#as"], &dir, Some(&dir.join("out")), false).unwrap();
        assert_eq!(files, [dir.join("out/as.rs")]);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn spec_errors_come_with_positions() {
        let dir = temp("bad");
        std::fs::create_dir_all(dir.join("bad")).unwrap();
        std::fs::write(
            dir.join("bad/2020-01-01.yaml"),
            "service: bad\nversion: \"2020-01-01\"\ntitle: Bad\nactions:\n  DoIt:\n    description: x\n    input:\n      A: { type: Nope }\n",
        )
        .unwrap();
        let err =
            generate_service("bad", &["bad"], &dir, Some(&dir.join("out")), false).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("2020-01-01.yaml:8:"), "{text}");
        assert!(!dir.join("out").exists(), "nothing is written on error");
        std::fs::remove_dir_all(&dir).ok();
    }
}
