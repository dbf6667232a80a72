//! Reading spec files from disk and merging the files of one service version.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::spec::decode::{self, Cx};
use crate::spec::model::*;
use crate::spec::yaml;

/// One service version, merged from all its files.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSpec {
    /// The files it came from, in load order (hand-written `<version>.yaml` first).
    pub files: Vec<PathBuf>,
    /// `service`
    pub service: Spanned<String>,
    /// `version`
    pub version: Spanned<String>,
    /// `title`
    pub title: Option<Spanned<String>>,
    /// `description`
    pub description: Option<Spanned<String>>,
    /// `endpoints`
    pub endpoints: Option<Spanned<Endpoints>>,
    /// `region`
    pub region: Option<Spanned<RegionRule>>,
    /// `errors`: the service-wide error codes.
    pub errors: Option<Spanned<Vec<ErrorCode>>>,
    /// `error_enum`
    pub error_enum: Option<Spanned<String>>,
    /// All actions.
    pub actions: Vec<Action>,
    /// All data types.
    pub types: Vec<TypeDef>,
    /// All flows.
    pub flows: Vec<Flow>,
    /// All waiters.
    pub waiters: Vec<WaiterSpec>,
}

/// Everything loaded in one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpecSet {
    /// Service versions, ordered by service name then version.
    pub services: Vec<ServiceSpec>,
    /// `common.yaml`, when one was found.
    pub common: Option<CommonFile>,
    /// Every file read (for `rerun-if-changed`).
    pub files: Vec<PathBuf>,
}

/// The name of the shared common-errors file.
pub const COMMON_FILE: &str = "common.yaml";

/// Collects spec files: a file is taken as is; a directory is searched recursively for
/// `*.yaml` / `*.yml`. Sorted, so runs are deterministic.
pub fn collect_files(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, diags);
        } else {
            out.push(p.clone());
        }
    }
    out.sort_by_key(|p| file_order(p));
    out.dedup();
    out
}

/// Sort key: hand-written `<version>.yaml` before `<version>.imported.yaml`.
fn file_order(p: &Path) -> (PathBuf, String, bool) {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or("").to_owned();
    (
        p.parent().map(Path::to_path_buf).unwrap_or_default(),
        stem,
        name.contains(".imported."),
    )
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, diags: &mut Diagnostics) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let pos = Pos::new(&Arc::from(dir), 0, 0);
            diags.push(Diagnostic::new(
                &pos,
                format!("cannot read the directory: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out, diags);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
}

/// Reads one file into its YAML tree.
fn read(path: &Path, diags: &mut Diagnostics) -> Option<yaml::Node> {
    let file: Arc<Path> = Arc::from(path);
    let text = match std::fs::read(path) {
        Ok(bytes) => match yaml::text_of(&file, bytes) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return None;
            }
        },
        Err(e) => {
            let pos = Pos::new(&file, 0, 0);
            let hint = if e.kind() == std::io::ErrorKind::NotFound {
                "check the path (relative paths start at the current directory or CARGO_MANIFEST_DIR)"
            } else {
                "check the file's permissions"
            };
            diags.push(Diagnostic::new(&pos, format!("cannot read the spec file: {e}")).hint(hint));
            return None;
        }
    };
    match yaml::parse(&file, &text) {
        Ok(n) => Some(n),
        Err(es) => {
            for d in es {
                diags.push(d);
            }
            None
        }
    }
}

/// Loads and merges specs from files and directories. Problems found while reading and
/// decoding are returned with whatever could be loaded; run `check` on the result for
/// the rest.
pub fn load_paths(paths: &[PathBuf]) -> (SpecSet, Diagnostics) {
    let mut diags = Diagnostics::default();
    let files = collect_files(paths, &mut diags);
    let decoded = decode_all(&files);
    let mut set = SpecSet {
        files: files.clone(),
        ..SpecSet::default()
    };
    let mut specs: Vec<SpecFile> = Vec::new();
    for (file, mut file_diags) in decoded {
        diags.0.append(&mut file_diags.0);
        match file {
            Some(Decoded::Common(c)) => match &mut set.common {
                None => set.common = Some(c),
                Some(existing) => existing.errors.extend(c.errors),
            },
            Some(Decoded::Spec(s)) => specs.push(*s),
            None => {}
        }
    }
    set.services = merge(specs, &mut diags);
    (set, diags)
}

/// A file read and decoded.
enum Decoded {
    Common(CommonFile),
    Spec(Box<SpecFile>),
}

/// Reads, parses and decodes files, on several threads when there are many (each file's
/// YAML tree is built, decoded and dropped on one worker); results and their problems in
/// file order.
fn decode_all(files: &[PathBuf]) -> Vec<(Option<Decoded>, Diagnostics)> {
    let size = |p: &PathBuf| std::fs::metadata(p).map_or(0, |m| m.len() as usize);
    crate::parallel::map(files, size, |path| {
        let mut diags = Diagnostics::default();
        let decoded = read(path, &mut diags).and_then(|root| {
            let mut cx = Cx { diags: &mut diags };
            if path.file_name().and_then(|n| n.to_str()) == Some(COMMON_FILE) {
                decode::common_file(&mut cx, &root).map(Decoded::Common)
            } else {
                decode::spec_file(&mut cx, &root).map(|s| Decoded::Spec(Box::new(s)))
            }
        });
        (decoded, diags)
    })
}

fn merge(specs: Vec<SpecFile>, diags: &mut Diagnostics) -> Vec<ServiceSpec> {
    let mut out: Vec<ServiceSpec> = Vec::new();
    for f in specs {
        let file = f.pos.file.to_path_buf();
        let idx = out
            .iter()
            .position(|s| s.service.value == f.service.value && s.version.value == f.version.value);
        let Some(i) = idx else {
            out.push(ServiceSpec {
                files: vec![file],
                service: f.service,
                version: f.version,
                title: f.title,
                description: f.description,
                endpoints: f.endpoints,
                region: f.region,
                errors: f.errors,
                error_enum: f.error_enum,
                actions: f.actions,
                types: f.types,
                flows: f.flows,
                waiters: f.waiters,
            });
            continue;
        };
        let s = &mut out[i];
        s.files.push(file);
        agree(&mut s.title, f.title, "title", diags);
        agree(&mut s.description, f.description, "description", diags);
        agree(&mut s.endpoints, f.endpoints, "endpoints", diags);
        agree(&mut s.region, f.region, "region", diags);
        agree(&mut s.errors, f.errors, "errors", diags);
        agree(&mut s.error_enum, f.error_enum, "error_enum", diags);
        s.actions.extend(f.actions);
        s.types.extend(f.types);
        s.flows.extend(f.flows);
        s.waiters.extend(f.waiters);
    }
    out.sort_by(|a, b| {
        (&a.service.value, &a.version.value).cmp(&(&b.service.value, &b.version.value))
    });
    out
}

fn agree<T: PartialEq>(
    have: &mut Option<Spanned<T>>,
    new: Option<Spanned<T>>,
    key: &str,
    diags: &mut Diagnostics,
) {
    match (have.as_ref(), new) {
        (_, None) => {}
        (None, Some(n)) => *have = Some(n),
        (Some(h), Some(n)) => {
            if h.value != n.value {
                diags.push(
                    Diagnostic::new(&n.pos, format!("`{key}` differs from the one given at {}", h.pos))
                        .hint(format!("a service version split over several files gives `{key}` once, or the same in each")),
                );
            }
        }
    }
}

/// The files to load for the given paths: each path, plus for a hand-written
/// `<version>.yaml` file its importer-written sibling `<version>.imported.yaml` when one
/// exists, so a service version spread over both (see the spec format's merge rule) is
/// generated whole, as the CLI generates it from `specs/`.
pub fn with_imported_siblings(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        out.push(p.clone());
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_file() && !name.contains(".imported.") {
            if let Some(stem) = name.strip_suffix(".yaml") {
                let sibling = p.with_file_name(format!("{stem}.imported.yaml"));
                if sibling.is_file() && !paths.contains(&sibling) {
                    out.push(sibling);
                }
            }
        }
    }
    out
}
