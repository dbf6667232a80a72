//! `tcapi-codegen import`: converts Tencent's official machine-readable API definitions
//! (`tccli/services/<svc>/<vYYYYMMDD>/api.json` and `examples.json` from the `tccli-intl-en`
//! package, English, and the `tccli` package, Chinese) into spec files, one per service
//! version from both sets (see [`merge`] for the rule).
//!
//! Merge rule: hand-written specs (`<service>/<version>.yaml`) are never touched. The import
//! writes `<service>/<version>.imported.yaml`, regenerated whole each time, holding only the
//! actions and data types the hand-written file does not define, and no header key the
//! hand-written file sets. The spec loader unites all files of a service version.

mod constraints;
mod constraints_zh;
mod convert;
mod emit;
mod errorcodes;
pub mod errortable;
mod examples;
pub mod gosdk;
mod handwritten;
mod markdown;
mod merge;
mod pagination;
mod report;
pub mod sensitive;
mod source;

#[cfg(test)]
mod constraints_table;
#[cfg(test)]
mod constraints_table_zh;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use errortable::{
    Coverage, ExtractOptions, ExtractReport, coverage as error_code_coverage,
    extract as extract_error_codes,
};
pub use report::{ImportReport, MergeFigures, SetFigures};
pub use source::Set;

use source::Definition;

/// One input: a definitions directory (or file) and the set it belongs to.
#[derive(Debug, Clone)]
pub struct Input {
    /// Which publication it is.
    pub set: Set,
    /// A tccli `services` directory (holding `<svc>/<vYYYYMMDD>/api.json`), one service's
    /// directory, or one `api.json`.
    pub path: PathBuf,
}

/// What to import and where to.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The definitions, at most one input per set; merged per service version, English first.
    pub inputs: Vec<Input>,
    /// The specs directory; files go to `<out_dir>/<service>/<YYYY-MM-DD>.imported.yaml`.
    pub out_dir: PathBuf,
    /// Services to import (by service name or directory name); empty means all.
    pub services: Vec<String>,
    /// The service error codes: an `errorcodes.py`, or a directory of the Python SDK
    /// (holding `tencentcloud/<svc>/<vYYYYMMDD>/errorcodes.py`). None: no error codes.
    pub error_codes: Option<PathBuf>,
    /// The table of every action's own error codes (`extract-error-codes`). None:
    /// `<out_dir>/error-codes` when it exists.
    pub error_table: Option<PathBuf>,
}

/// The first lines of every imported file.
fn header(version: &str) -> String {
    format!(
        "Imported from the official API definition by `tcapi-codegen import`; regenerated whole on every import.\n\
         Do not edit: write changes in {version}.yaml beside this file; its actions and types replace the ones here."
    )
}

/// Imports the definitions named by `opts`, writing only files whose content changes.
///
/// Only problems with the run as a whole are errors (an input or the output directory cannot
/// be read or written, a wanted service is missing). A definition file, action or member that
/// cannot be represented is left out and listed in [`ImportReport::problems`].
pub fn run(opts: &ImportOptions) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    if opts.inputs.is_empty() {
        bail!("nothing to import: give a definitions directory (--intl, --mainland or a path)");
    }
    let mut sets = BTreeSet::new();
    for input in &opts.inputs {
        if !sets.insert(input.set) {
            bail!("the {} set is given twice", input.set.label());
        }
    }
    let common = handwritten::common_error_codes(&opts.out_dir.join("common.yaml"))?;
    let retryable = errorcodes::retryable_common_codes(&opts.out_dir.join("common.yaml"))?;
    let mut wanted: BTreeMap<&str, bool> =
        opts.services.iter().map(|s| (s.as_str(), false)).collect();
    let table_dir = match &opts.error_table {
        Some(dir) if !dir.is_dir() => bail!("{}: no such directory", dir.display()),
        Some(dir) => Some(dir.clone()),
        None => Some(opts.out_dir.join("error-codes")).filter(|d| d.is_dir()),
    };
    // Every definition, by service version; each set's in turn, English first.
    let mut defs: BTreeMap<(String, String), Definition> = BTreeMap::new();
    let mut inputs: Vec<&Input> = opts.inputs.iter().collect();
    inputs.sort_by_key(|i| i.set);
    for input in inputs {
        report.per_set.entry(input.set).or_default();
        for path in source::find(&input.path)? {
            let where_ = path.display().to_string();
            let def = match Definition::read(&path, input.set) {
                Ok(def) => def,
                Err(e) => {
                    report.problems.push(format!("{where_}: left out: {e:#}"));
                    report.skipped_files += 1;
                    continue;
                }
            };
            let dir = def.dir_name.clone().unwrap_or_default();
            if !wanted.is_empty() {
                let mut hit = false;
                for name in [def.service(), dir.as_str()] {
                    if let Some(found) = wanted.get_mut(name) {
                        *found = true;
                        hit = true;
                    }
                }
                if !hit {
                    continue;
                }
            }
            if let Err(e) = check_names(&def) {
                report.problems.push(format!("{e:#}; left out"));
                report.skipped_files += 1;
                continue;
            }
            let figures = report.per_set.entry(input.set).or_default();
            figures.definitions += 1;
            figures.actions += def.api.actions.len();
            let key = (def.service().to_owned(), def.version().to_owned());
            match defs.get_mut(&key) {
                Some(first) if first.sets.iter().any(|(s, _)| *s == input.set) => {
                    report.problems.push(format!(
                        "{where_}: left out: {} also defines {} {}",
                        first.sets[0].1.display(),
                        key.0,
                        key.1
                    ));
                    report.skipped_files += 1;
                }
                Some(first) => merge::merge(first, def, &mut report),
                None => {
                    defs.insert(key, def);
                }
            }
        }
    }
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(_, found)| !**found)
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        let given: Vec<String> = opts
            .inputs
            .iter()
            .map(|i| i.path.display().to_string())
            .collect();
        bail!(
            "{}: no definition for {}",
            given.join(", "),
            missing.join(", ")
        );
    }
    for def in defs.into_values() {
        let context = Shared {
            common: &common,
            retryable: &retryable,
            table_dir: table_dir.as_deref(),
        };
        write_definition(&def, opts, &context, &mut report)?;
    }
    Ok(report)
}

/// What every definition's conversion shares.
struct Shared<'a> {
    /// The common error codes (`common.yaml`).
    common: &'a BTreeSet<String>,
    /// The common codes marked `retryable` in `common.yaml`.
    retryable: &'a BTreeSet<String>,
    /// The table of every action's own error codes, when there is one.
    table_dir: Option<&'a Path>,
}

/// Converts one (merged) definition and writes its imported file.
fn write_definition(
    def: &Definition,
    opts: &ImportOptions,
    shared: &Shared<'_>,
    report: &mut ImportReport,
) -> Result<()> {
    let common = shared.common;
    let service = def.service().to_owned();
    let service_dir = opts.out_dir.join(&service);
    let hand =
        handwritten::HandWritten::read(&service_dir.join(format!("{}.yaml", def.version())))?;
    let errors = service_error_codes(def, opts.error_codes.as_deref())?;
    let errors: Vec<_> = errors
        .into_iter()
        .filter(|e| !common.contains(&e.code))
        .collect();
    if errors.is_empty() {
        report.without_error_codes.insert(service.clone());
    }
    let dir = def.dir_name.clone().unwrap_or_default();
    let table = match shared.table_dir {
        Some(d) => errortable::read_service(d, &[dir.as_str(), service.as_str()], def.version())?,
        None => None,
    };
    let root = convert::convert(
        def,
        &convert::Context {
            hand: &hand,
            errors: &errors,
            table: table.as_ref(),
            retryable: shared.retryable,
        },
        report,
    );
    let text = emit::document(&header(def.version()), &root);
    let target = service_dir.join(format!("{}.imported.yaml", def.version()));
    if std::fs::read_to_string(&target).ok().as_deref() == Some(text.as_str()) {
        report.files_unchanged += 1;
    } else {
        std::fs::create_dir_all(&service_dir)
            .with_context(|| format!("creating {}", service_dir.display()))?;
        std::fs::write(&target, &text).with_context(|| format!("writing {}", target.display()))?;
        report.files_written.push(target.display().to_string());
    }
    report.definitions += 1;
    report.services.insert(service);
    Ok(())
}

/// The service-wide error codes of a definition's service version (empty when unknown).
/// This is the one place that asks for error codes.
fn service_error_codes(
    def: &Definition,
    given: Option<&Path>,
) -> Result<Vec<errorcodes::ErrorCode>> {
    let Some(given) = given else {
        return Ok(Vec::new());
    };
    let dir = def.dir_name.clone().unwrap_or_default();
    // Every set's version directory is `v` + the date; the first file's names the lookup.
    let version_dir = def
        .path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match errorcodes::locate(given, &[dir.as_str(), def.service()], &version_dir) {
        Some(file) => errorcodes::read(&file),
        None => Ok(Vec::new()),
    }
}

/// The service and version must be usable as a directory and file name.
fn check_names(def: &source::Definition) -> Result<()> {
    let service = def.service();
    if service.is_empty()
        || !service
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        bail!(
            "{}: service name `{service}` is not lower case letters and digits",
            def.path.display()
        );
    }
    let v = def.version().as_bytes();
    let date_like = v.len() == 10
        && v.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !date_like {
        bail!(
            "{}: API version `{}` is not YYYY-MM-DD",
            def.path.display(),
            def.version()
        );
    }
    Ok(())
}
