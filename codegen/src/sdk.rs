//! The `tcapi-sdk` crate (`generated/`) as a product: which services ship as committed,
//! readable code and which its build script generates when their cargo feature is enabled;
//! the crate's manifest, `lib.rs` and `build.rs`; and the build script's entry point,
//! [`build_script`].
//!
//! The split is recorded in one place, the list [`COMMITTED_LIST`] in the specs directory
//! (`specs/committed.txt`): the services named there are written to `generated/src/` and
//! `generated/docs/` by `tcapi-codegen generate`; every other service of the specs gets a
//! cargo feature, a module in `lib.rs` that `include!`s `$OUT_DIR/<module>.rs`, and a row in
//! the generated `build.rs`, which runs [`Builder`](crate::Builder) over that service's spec
//! directory when the feature is on. Without a list (a scratch corpus) every service is
//! committed, as before.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quote::quote;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::ir::{Model, Service};
use crate::rust::{self, doc};

/// The file, in a specs directory, naming the services whose code is committed.
pub const COMMITTED_LIST: &str = "committed.txt";

/// Cargo features of `tcapi-sdk` that are not services.
pub const RESERVED_FEATURES: &[&str] = &["default", "full", "serde", "codegen"];

/// The environment variable that points the build script at another specs directory.
pub const SPECS_ENV: &str = "TCAPI_SDK_SPECS";

/// How the services of the specs reach users: committed code or build-time generation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shipping {
    /// The committed services with where the list names them; `None`: no list, all are.
    committed: Option<BTreeMap<String, Pos>>,
}

impl Shipping {
    /// Every service committed (no list).
    pub fn all_committed() -> Self {
        Shipping::default()
    }

    /// Exactly these services committed; the others are generated at build time.
    pub fn committed<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Self {
        let pos = Pos::new(&Arc::from(Path::new(COMMITTED_LIST)), 0, 0);
        Shipping {
            committed: Some(names.into_iter().map(|n| (n.into(), pos.clone())).collect()),
        }
    }

    /// Whether the code of `service` (short name) is committed.
    pub fn is_committed(&self, service: &str) -> bool {
        self.committed
            .as_ref()
            .is_none_or(|names| names.contains_key(service))
    }

    /// Reads [`COMMITTED_LIST`] from every directory among `spec_paths` that holds one (their
    /// union); no list anywhere: every service is committed. One service name per line; `#`
    /// starts a comment.
    pub fn load(spec_paths: &[PathBuf]) -> Result<Self, Diagnostics> {
        let mut diags = Diagnostics::default();
        let mut committed: Option<BTreeMap<String, Pos>> = None;
        for dir in spec_paths.iter().filter(|p| p.is_dir()) {
            let path = dir.join(COMMITTED_LIST);
            if !path.is_file() {
                continue;
            }
            let file: Arc<Path> = Arc::from(path.as_path());
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    diags.push(Diagnostic::new(
                        &Pos::new(&file, 0, 0),
                        format!("cannot read the list of committed services: {e}"),
                    ));
                    continue;
                }
            };
            let names = committed.get_or_insert_with(BTreeMap::new);
            for (i, line) in text.lines().enumerate() {
                let name = line.split('#').next().unwrap_or("").trim();
                if name.is_empty() {
                    continue;
                }
                let col = line.find(name).unwrap_or(0) + 1;
                let pos = Pos::new(&file, i + 1, col);
                if !name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                {
                    diags.push(
                        Diagnostic::new(&pos, format!("`{name}` is not a service name"))
                            .hint("one service short name per line (lower case letters and digits, e.g. `gse`); `#` starts a comment"),
                    );
                } else if let Some(first) = names.get(name) {
                    diags.push(
                        Diagnostic::new(&pos, format!("`{name}` is listed twice"))
                            .hint(format!("it is already listed at {first}")),
                    );
                } else {
                    names.insert(name.to_owned(), pos);
                }
            }
        }
        diags.into_result()?;
        Ok(Shipping { committed })
    }

    /// Checks the list against the loaded services (every name must be one) and every
    /// service's name against the crate's own features.
    pub fn validate(&self, model: &Model) -> Result<(), Diagnostics> {
        let mut diags = Diagnostics::default();
        let names: BTreeSet<&str> = model.services.iter().map(|s| s.name.as_str()).collect();
        for (name, pos) in self.committed.iter().flatten() {
            if !names.contains(name.as_str()) {
                let mut d = Diagnostic::new(
                    pos,
                    format!("`{name}` is listed as committed but no spec defines that service"),
                );
                d = match crate::diag::did_you_mean(name, names.iter().copied()) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint("remove the line, or add the service's spec"),
                };
                diags.push(d);
            }
        }
        for s in &model.services {
            if RESERVED_FEATURES.contains(&s.name.as_str()) {
                let file: Arc<Path> = Arc::from(s.files.first().map_or(Path::new(""), |f| f));
                diags.push(
                    Diagnostic::new(
                        &Pos::new(&file, 1, 1),
                        format!(
                            "service `{}` would take the name of the `tcapi-sdk` feature `{}`",
                            s.name, s.name
                        ),
                    )
                    .hint(format!(
                        "reserved feature names: {}",
                        RESERVED_FEATURES.join(", ")
                    )),
                );
            }
        }
        diags.into_result()
    }

    /// The model restricted to the committed services.
    /// The spec paths of the committed services under `specs_dir`: its `common.yaml` (when
    /// present) and the directory of every committed service, in name order. For tools
    /// and tests that work on the committed services only, without loading every service of
    /// the directory. No list: the directory itself (every service is committed).
    pub fn committed_paths(&self, specs_dir: &Path) -> Vec<PathBuf> {
        let Some(names) = &self.committed else {
            return vec![specs_dir.to_path_buf()];
        };
        let common = specs_dir.join("common.yaml");
        common
            .is_file()
            .then_some(common)
            .into_iter()
            .chain(names.keys().map(|n| specs_dir.join(n)))
            .collect()
    }

    pub fn committed_model(&self, model: &Model) -> Model {
        Model {
            services: model
                .services
                .iter()
                .filter(|s| self.is_committed(&s.name))
                .cloned()
                .collect(),
            common_errors: model.common_errors.clone(),
        }
    }
}

/// The cargo feature of a service: its name as a module would take it, without a raw
/// prefix (`cvm`, `crate` → `crate_`, `type`), the same for all its versions.
fn feature_of(service: &str) -> String {
    crate::names::unraw(&crate::names::escape_ident(service)).to_owned()
}

/// The services of a model grouped by feature (one per service name), in module order.
fn by_feature(model: &Model) -> Vec<(String, Vec<&Service>)> {
    let mut groups: Vec<(String, Vec<&Service>)> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &model.services {
        match index.get(s.name.as_str()) {
            Some(&i) => groups[i].1.push(s),
            None => {
                index.insert(&s.name, groups.len());
                groups.push((feature_of(&s.name), vec![s]));
            }
        }
    }
    groups
}

/// The spec directory of a service, relative to the specs root (`cvm`).
fn spec_dir(s: &Service) -> String {
    s.files
        .first()
        .and_then(|f| f.parent())
        .and_then(|d| d.file_name())
        .map_or_else(|| s.name.clone(), |d| d.to_string_lossy().into_owned())
}

const HEADER_TOML: &str =
    "# @generated by tcapi-codegen. Do not edit: change specs/ and run `tcapi-codegen generate`.\n";
const HEADER_RS: &str = "// @generated by tcapi-codegen. Do not edit: change specs/ and run `tcapi-codegen generate`.\n\n";

/// `generated/Cargo.toml`: one feature per service (all versions of a service under one).
pub fn cargo_toml(model: &Model, ship: &Shipping) -> String {
    let groups = by_feature(model);
    let (committed, built): (Vec<_>, Vec<_>) = groups
        .iter()
        .partition(|(_, v)| ship.is_committed(&v[0].name));
    let quoted = |g: &[&(String, Vec<&Service>)]| {
        g.iter()
            .map(|(n, _)| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::from(HEADER_TOML);
    out.push_str(
        "[package]\n\
         name = \"tcapi-sdk\"\n\
         description = \"Typed Tencent Cloud API 3.0 clients generated by tcapi-codegen from specs/\"\n\
         version.workspace = true\n\
         edition.workspace = true\n\
         rust-version.workspace = true\n\
         license.workspace = true\n\
         build = \"build.rs\"\n\n\
         [dependencies]\n\
         tcapi = { workspace = true }\n\n\
         [build-dependencies]\n\
         # Generates the services enabled below that are not committed in src/ (see build.rs).\n\
         tcapi-codegen = { workspace = true, optional = true }\n\n\
         [features]\n\
         default = []\n\
         # serde's Serialize/Deserialize on every type (through the JSON wire impls)\n\
         serde = [\"tcapi/serde\"]\n\
         # Every service whose code is committed in src/; the others are enabled one by one.\n",
    );
    out.push_str(&format!("full = [{}]\n", quoted(&committed)));
    out.push_str(
        "# Build-time generation (build.rs over tcapi-codegen); every service below `# generated at build time` turns it on.\n\
         codegen = [\"dep:tcapi-codegen\"]\n",
    );
    if !committed.is_empty() {
        out.push_str("# committed in src/\n");
        for (name, _) in &committed {
            out.push_str(&format!("{name} = []\n"));
        }
    }
    if !built.is_empty() {
        out.push_str("# generated at build time from specs/<service>/\n");
        for (name, _) in &built {
            out.push_str(&format!("{name} = [\"codegen\"]\n"));
        }
    }
    out.push_str("\n[package.metadata.docs.rs]\nfeatures = [\"full\"]\n");
    out
}

/// `1 action`, `33 actions`.
fn actions_count(n: usize) -> String {
    format!("{n} action{}", if n == 1 { "" } else { "s" })
}

/// `generated/src/lib.rs`: one feature-gated module per service version; committed ones are
/// files in `src/`, the others are `include!`d from `OUT_DIR`.
pub fn lib_file(model: &Model, ship: &Shipping) -> Result<String, syn::Error> {
    let mods = model.services.iter().map(|s| {
        let module = rust::tokens::ident(&s.module);
        let feature = feature_of(&s.name);
        let committed = ship.is_committed(&s.name);
        let d = doc::attrs(&format!(
            "{} (`{}`, API version `{}`): {}. Enabled by the `{feature}` feature{}.",
            doc::escape(&s.title),
            s.name,
            s.version,
            actions_count(s.actions.len()),
            if committed {
                ""
            } else {
                "; generated at build time"
            }
        ));
        if committed {
            quote! {
                #[cfg(feature = #feature)]
                #(#d)*
                pub mod #module;
            }
        } else {
            let file = format!("/{}.rs", s.feature);
            quote! {
                #[cfg(feature = #feature)]
                #(#d)*
                pub mod #module {
                    include!(concat!(env!("OUT_DIR"), #file));
                }
            }
        }
    });
    let list: String = model
        .services
        .iter()
        .map(|s| {
            format!(
                "//! - `{}`{}: {} ({}{})\n",
                s.feature,
                if s.feature == feature_of(&s.name) {
                    String::new()
                } else {
                    format!(" (feature `{}`)", feature_of(&s.name))
                },
                // One list item: the title's lines joined.
                doc::escape(&s.title)
                    .split('\n')
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                actions_count(s.actions.len()),
                if ship.is_committed(&s.name) {
                    ""
                } else {
                    ", generated at build time"
                }
            )
        })
        .collect();
    let body = rust::format(quote!(#(#mods)*))?;
    Ok(format!(
        "{HEADER_RS}\
         //! Typed Tencent Cloud API 3.0 clients, generated by `tcapi-codegen` from `specs/`.\n\
         //!\n\
         //! Each service is a module behind a cargo feature named after the service; a service\n\
         //! with several API versions has one module per version under that feature. `full`\n\
         //! enables the services whose code is committed; the others are generated from their\n\
         //! specs by the build script when their feature is on (no network, no tool to install):\n\
         //!\n\
         {list}\
         //!\n\
         //! Every action has a request struct (required parameters in `new`, optional ones as\n\
         //! setters, `validate()` for the documented constraints), a response struct and an error\n\
         //! enum, tied together by [`tcapi::Action`].\n\
         #![forbid(unsafe_code)]\n\
         #![deny(missing_docs)]\n\n{body}"
    ))
}

/// `generated/build.rs`: the table of build-time services, handed to [`build_script`].
pub fn build_rs(model: &Model, ship: &Shipping) -> Result<String, syn::Error> {
    let rows = by_feature(model)
        .into_iter()
        .filter(|(_, versions)| !ship.is_committed(&versions[0].name))
        .map(|(name, versions)| {
            let dir = spec_dir(versions[0]);
            let modules = versions.iter().map(|s| s.module.as_str());
            quote!((#name, #dir, &[#(#modules),*]))
        });
    let tokens = quote! {
        //! Generates, into `OUT_DIR`, the services whose cargo feature is enabled and whose
        //! code is not committed in `src/`: each from its spec directory (`../specs/<dir>`, or
        //! `$TCAPI_SDK_SPECS/<dir>`) through `tcapi_codegen::sdk::build_script`, Rust only.
        //! Without such a feature it does nothing and `tcapi-codegen` is not built.

        /// Every service generated at build time: cargo feature, spec directory, modules.
        #[cfg(feature = "codegen")]
        const SERVICES: &[(&str, &str, &[&str])] = &[#(#rows),*];

        #[cfg(feature = "codegen")]
        fn main() {
            if let Err(e) = tcapi_codegen::sdk::build_script(SERVICES) {
                // The same `file:line:column` diagnostics as `tcapi-codegen check`.
                eprintln!("{e}");
                std::process::exit(1);
            }
        }

        #[cfg(not(feature = "codegen"))]
        fn main() {}
    };
    Ok(format!("{HEADER_RS}{}", rust::format(tokens)?))
}

/// A service the build script may generate: cargo feature, spec directory (relative to the
/// specs root), the modules `lib.rs` includes for it.
pub type BuildService<'a> = (&'a str, &'a str, &'a [&'a str]);

/// Why the build script failed.
#[derive(Debug)]
pub enum BuildError {
    /// The spec directory of an enabled service is not there.
    MissingSpecs {
        /// The cargo feature.
        feature: String,
        /// Where its specs were expected.
        path: PathBuf,
    },
    /// The specs produce other modules than `lib.rs` includes (they changed since
    /// `tcapi-codegen generate`).
    Modules {
        /// The cargo feature.
        feature: String,
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
            BuildError::MissingSpecs { feature, path } => write!(
                f,
                "error: tcapi-sdk: the specs of the `{feature}` feature are not at {}\n  = help: tcapi-sdk generates this service at build time from the repository's specs/ directory: depend on it through git or a path, or set {SPECS_ENV} to a specs directory",
                path.display()
            ),
            BuildError::Modules {
                feature,
                missing,
                produced,
            } => write!(
                f,
                "error: tcapi-sdk: feature `{feature}`: lib.rs includes `{missing}.rs` but the specs produce {}\n  = help: the specs changed since lib.rs was generated: run `cargo run -p tcapi-codegen -- generate`",
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

/// The build script of `tcapi-sdk`: generates every service of `services` (cargo feature,
/// spec directory, modules) whose feature cargo enabled (`CARGO_FEATURE_<NAME>`) from
/// `$TCAPI_SDK_SPECS` or `<package>/../specs`, into `OUT_DIR`. Prints the
/// `cargo:rerun-if-*` lines.
pub fn build_script(services: &[BuildService<'_>]) -> Result<Vec<PathBuf>, BuildError> {
    println!("cargo:rerun-if-env-changed={SPECS_ENV}");
    let env = |k: &str| std::env::var_os(k);
    let specs = match env(SPECS_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env("CARGO_MANIFEST_DIR").unwrap_or_default()).join("../specs"),
    };
    let enabled = services
        .iter()
        .filter(|(feature, _, _)| std::env::var_os(feature_env(feature)).is_some());
    generate_services(enabled.copied(), &specs, None, true)
}

/// Generates the given services from `specs` into `out_dir` (`OUT_DIR` when `None`) and
/// checks that each produced the modules listed for it. Returns the files.
pub fn generate_services<'a>(
    services: impl IntoIterator<Item = BuildService<'a>>,
    specs: &Path,
    out_dir: Option<&Path>,
    rerun_if_changed: bool,
) -> Result<Vec<PathBuf>, BuildError> {
    let services: Vec<_> = services.into_iter().collect();
    if services.is_empty() {
        return Ok(Vec::new());
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
    for (feature, dir, _) in &services {
        let path = specs.join(dir);
        if !path.is_dir() {
            return Err(BuildError::MissingSpecs {
                feature: (*feature).to_owned(),
                path,
            });
        }
        b.spec(path);
    }
    let out = b.generate().map_err(BuildError::Generate)?;
    let produced: Vec<String> = out
        .files
        .iter()
        .filter_map(|f| f.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for (feature, _, modules) in &services {
        // A module named like a keyword (`r#as`) is in the file `as.rs`.
        use crate::names::unraw as file_of;
        if let Some(missing) = modules
            .iter()
            .find(|m| !produced.iter().any(|p| p == file_of(m)))
        {
            return Err(BuildError::Modules {
                feature: (*feature).to_owned(),
                missing: file_of(missing).to_owned(),
                produced,
            });
        }
    }
    Ok(out.files)
}

/// The environment variable cargo sets for an enabled feature.
pub fn feature_env(feature: &str) -> OsString {
    format!(
        "CARGO_FEATURE_{}",
        feature.to_ascii_uppercase().replace('-', "_")
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> PathBuf {
        crate::test_specs::dir()
    }

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("tcapi-sdk-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&d).ok();
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn model(paths: &[PathBuf]) -> Model {
        crate::load_and_check(paths).unwrap().1
    }

    /// The seed services: `gse` committed, `car` and `gaap` generated at build time.
    fn seed() -> (Model, Shipping) {
        let m = model(&[
            specs().join("common.yaml"),
            specs().join("car"),
            specs().join("gaap"),
            specs().join("gse"),
        ]);
        (m, Shipping::committed(["gse"]))
    }

    #[test]
    fn the_list_is_read_with_comments_and_positions() {
        let dir = temp("list");
        std::fs::write(
            dir.join(COMMITTED_LIST),
            "# committed\ncar  # flagship\n\n  gse\nBad_Name\ncar\n",
        )
        .unwrap();
        let err = Shipping::load(std::slice::from_ref(&dir)).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("committed.txt:5:1: error: `Bad_Name` is not a service name"),
            "{text}"
        );
        assert!(
            text.contains("committed.txt:6:1: error: `car` is listed twice"),
            "{text}"
        );
        assert!(
            text.contains("already listed at") && text.contains("committed.txt:2:1"),
            "{text}"
        );
        std::fs::write(
            dir.join(COMMITTED_LIST),
            "# committed\ncar  # flagship\n\n  gse\n",
        )
        .unwrap();
        let ship = Shipping::load(std::slice::from_ref(&dir)).unwrap();
        assert!(ship.is_committed("car") && ship.is_committed("gse"));
        assert!(!ship.is_committed("cvm"));
        // No list: everything is committed.
        let none = Shipping::load(&[dir.join("missing")]).unwrap();
        assert!(none.is_committed("cvm"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_listed_service_must_exist() {
        let dir = temp("unknown");
        std::fs::write(dir.join(COMMITTED_LIST), "car\ngsee\n").unwrap();
        let ship = Shipping::load(std::slice::from_ref(&dir)).unwrap();
        let err = ship.validate(&seed().0).unwrap_err().to_string();
        assert!(err.contains("committed.txt:2:1: error: `gsee` is listed as committed but no spec defines that service"), "{err}");
        assert!(err.contains("did you mean `gse`?"), "{err}");
        assert_eq!(err.matches("error:").count(), 1, "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_repository_list_names_loaded_services() {
        let ship = Shipping::load(&[specs()]).unwrap();
        ship.validate(&model(&[specs()])).unwrap();
        assert!(ship.is_committed("gse"));
    }

    #[test]
    fn every_service_gets_one_feature_and_build_time_ones_enable_codegen() {
        let (m, ship) = seed();
        let toml = cargo_toml(&m, &ship);
        assert!(toml.contains("\nfull = [\"gse\"]\n"), "{toml}");
        assert!(
            toml.contains("\ncodegen = [\"dep:tcapi-codegen\"]\n"),
            "{toml}"
        );
        assert!(toml.contains("\ngse = []\n"), "{toml}");
        assert!(toml.contains("\ncar = [\"codegen\"]\n"), "{toml}");
        assert!(toml.contains("\ngaap = [\"codegen\"]\n"), "{toml}");
        assert!(
            toml.contains("tcapi-codegen = { workspace = true, optional = true }"),
            "{toml}"
        );
        // Every line is `key = value`, a table header, a comment or empty.
        for line in toml.lines() {
            assert!(
                line.is_empty()
                    || line.starts_with('#')
                    || line.starts_with('[')
                    || line.contains(" = "),
                "{line}"
            );
        }
    }

    #[test]
    fn lib_includes_build_time_modules_from_out_dir() {
        let (m, ship) = seed();
        let lib = lib_file(&m, &ship).unwrap();
        assert!(lib.contains("#[cfg(feature = \"gse\")]"), "{lib}");
        assert!(lib.contains("pub mod gse;"), "{lib}");
        assert!(
            lib.contains(
                "pub mod car {\n    include!(concat!(env!(\"OUT_DIR\"), \"/car.rs\"));\n}"
            ),
            "{lib}"
        );
        assert!(lib.contains("; generated at build time."), "{lib}");
        syn::parse_file(&lib).unwrap();
        let build = build_rs(&m, &ship).unwrap();
        assert!(build.contains("(\"car\", \"car\", &[\"car\"])"), "{build}");
        assert!(
            build.contains("(\"gaap\", \"gaap\", &[\"gaap\"])"),
            "{build}"
        );
        assert!(!build.contains("\"gse\""), "{build}");
        syn::parse_file(&build).unwrap();
    }

    #[test]
    fn several_versions_of_a_service_share_its_feature() {
        let dir = temp("versions");
        std::fs::create_dir_all(dir.join("gse")).unwrap();
        let gse = std::fs::read_to_string(specs().join("gse/2019-11-12.yaml")).unwrap();
        std::fs::write(dir.join("gse/2019-11-12.yaml"), &gse).unwrap();
        std::fs::write(
            dir.join("gse/2020-01-01.yaml"),
            gse.replace("version: \"2019-11-12\"", "version: \"2020-01-01\""),
        )
        .unwrap();
        let m = model(std::slice::from_ref(&dir));
        let ship = Shipping::committed(Vec::<String>::new());
        let toml = cargo_toml(&m, &ship);
        assert_eq!(toml.matches("\ngse = [\"codegen\"]\n").count(), 1, "{toml}");
        let lib = lib_file(&m, &ship).unwrap();
        assert_eq!(lib.matches("#[cfg(feature = \"gse\")]").count(), 2, "{lib}");
        assert!(
            lib.contains("\"/gse_2019_11_12.rs\"") && lib.contains("\"/gse_2020_01_01.rs\""),
            "{lib}"
        );
        let build = build_rs(&m, &ship).unwrap();
        assert!(
            build.contains("(\"gse\", \"gse\", &[\"gse_2019_11_12\", \"gse_2020_01_01\"])"),
            "{build}"
        );
        // The build script path names the modules the same way.
        let out = dir.join("out");
        let files = generate_services(
            [("gse", "gse", &["gse_2019_11_12", "gse_2020_01_01"][..])],
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

    /// Rust items without rustdoc (the committed files add doc-test examples naming
    /// `tcapi_sdk`).
    fn code(text: &str) -> String {
        text.lines()
            .filter(|l| !l.trim_start().starts_with("///"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_build_script_writes_what_the_cli_writes_for_a_service() {
        let out = temp("same");
        let files =
            generate_services([("cvm", "cvm", &["cvm"][..])], &specs(), Some(&out), false).unwrap();
        assert_eq!(files, [out.join("cvm.rs")]);
        let built = std::fs::read_to_string(out.join("cvm.rs")).unwrap();
        // The CLI, with cvm among the committed services.
        let m = model(&[specs()]);
        let cli = crate::generate::project_files(&m, &Shipping::all_committed()).unwrap();
        let committed = cli
            .files
            .iter()
            .find(|f| f.path == Path::new("generated/src/cvm.rs"))
            .expect("the CLI writes cvm.rs");
        assert!(built.contains("pub mod describe_instances"));
        assert_eq!(code(&built), code(&committed.contents));
        std::fs::remove_dir_all(&out).ok();
    }

    #[test]
    fn the_cli_writes_only_committed_code() {
        let m = model(&[specs()]);
        let ship = Shipping::load(&[specs()]).unwrap();
        let out = crate::generate::project_files(&m, &ship).unwrap();
        let rs: Vec<_> = out
            .files
            .iter()
            .filter(|f| f.path.starts_with("generated/src"))
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(rs, ["lib.rs", "car.rs", "gaap.rs", "gse.rs"]);
        assert!(
            !out.files
                .iter()
                .any(|f| f.path.starts_with("generated/docs/cvm"))
        );
        assert!(out.actions > 143, "the counts cover every service");
    }

    #[test]
    fn missing_specs_and_changed_modules_are_clear_errors() {
        let dir = temp("errors");
        let err = generate_services(
            [("cvm", "cvm", &["cvm"][..])],
            &dir,
            Some(&dir.join("out")),
            false,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, BuildError::MissingSpecs { .. }), "{text}");
        assert!(
            text.contains("the specs of the `cvm` feature are not at"),
            "{text}"
        );
        assert!(text.contains(SPECS_ENV), "{text}");
        let err = generate_services(
            [("gse", "gse", &["gse_2019_11_12"][..])],
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
        let files = generate_services(
            [("as", "as", &["r#as"][..])],
            &dir,
            Some(&dir.join("out")),
            false,
        )
        .unwrap();
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
        let err = generate_services(
            [("bad", "bad", &["bad"][..])],
            &dir,
            Some(&dir.join("out")),
            false,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("2020-01-01.yaml:8:"), "{text}");
        assert!(!dir.join("out").exists(), "nothing is written on error");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn reserved_feature_names_are_refused() {
        let dir = temp("reserved");
        let gse = std::fs::read_to_string(specs().join("gse/2019-11-12.yaml")).unwrap();
        std::fs::write(
            dir.join("full.yaml"),
            gse.replace("service: gse", "service: full"),
        )
        .unwrap();
        // The resolution pass refuses it before any shipping list is consulted.
        let err = crate::load_and_check(std::slice::from_ref(&dir))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("service `full` becomes the cargo feature `full`"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
