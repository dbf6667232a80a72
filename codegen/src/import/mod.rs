//! `tcapi-codegen import`: converts Tencent's official machine-readable API definitions
//! (`tccli/services/<svc>/<vYYYYMMDD>/api.json` and `examples.json` from the `tccli-intl-en`
//! package) into spec files.
//!
//! Merge rule: hand-written specs (`<service>/<version>.yaml`) are never touched. The import
//! writes `<service>/<version>.imported.yaml`, regenerated whole each time, holding only the
//! actions and data types the hand-written file does not define, and no header key the
//! hand-written file sets. The spec loader unites all files of a service version.

mod constraints;
mod convert;
mod emit;
mod errorcodes;
pub mod errortable;
mod examples;
pub mod gosdk;
mod handwritten;
mod markdown;
mod report;
mod source;

#[cfg(test)]
mod constraints_table;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use errortable::{
    Coverage, ExtractOptions, ExtractReport, coverage as error_code_coverage,
    extract as extract_error_codes,
};
pub use report::ImportReport;

/// What to import and where to.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// A tccli `services` directory (holding `<svc>/<vYYYYMMDD>/api.json`), one service's
    /// directory, or one `api.json`.
    pub source: PathBuf,
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
pub fn run(opts: &ImportOptions) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let common = handwritten::common_error_codes(&opts.out_dir.join("common.yaml"))?;
    let retryable = errorcodes::retryable_common_codes(&opts.out_dir.join("common.yaml"))?;
    let mut wanted: BTreeMap<&str, bool> =
        opts.services.iter().map(|s| (s.as_str(), false)).collect();
    let mut seen: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    let table_dir = match &opts.error_table {
        Some(dir) if !dir.is_dir() => bail!("{}: no such directory", dir.display()),
        Some(dir) => Some(dir.clone()),
        None => Some(opts.out_dir.join("error-codes")).filter(|d| d.is_dir()),
    };
    for path in source::find(&opts.source)? {
        let def = source::Definition::read(&path)?;
        let service = def.service().to_owned();
        let dir = def.dir_name.clone().unwrap_or_default();
        if !wanted.is_empty() {
            let mut hit = false;
            for name in [service.as_str(), dir.as_str()] {
                if let Some(found) = wanted.get_mut(name) {
                    *found = true;
                    hit = true;
                }
            }
            if !hit {
                continue;
            }
        }
        check_names(&def)?;
        if let Some(first) = seen.insert((service.clone(), def.version().to_owned()), path.clone())
        {
            bail!(
                "{} and {} both define {service} {}",
                first.display(),
                path.display(),
                def.version()
            );
        }
        let service_dir = opts.out_dir.join(&service);
        let hand =
            handwritten::HandWritten::read(&service_dir.join(format!("{}.yaml", def.version())))?;
        let errors = match &opts.error_codes {
            Some(given) => {
                let version_dir = path
                    .parent()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned());
                let version_dir = version_dir.unwrap_or_default();
                match errorcodes::locate(given, &[dir.as_str(), service.as_str()], &version_dir) {
                    Some(file) => errorcodes::read(&file)?,
                    None => Vec::new(),
                }
            }
            None => Vec::new(),
        };
        let errors: Vec<_> = errors
            .into_iter()
            .filter(|e| !common.contains(&e.code))
            .collect();
        if errors.is_empty() {
            report.without_error_codes.insert(service.clone());
        }
        let table = match &table_dir {
            Some(d) => {
                errortable::read_service(d, &[dir.as_str(), service.as_str()], def.version())?
            }
            None => None,
        };
        let root = convert::convert(
            &def,
            &convert::Context {
                hand: &hand,
                errors: &errors,
                table: table.as_ref(),
                retryable: &retryable,
            },
            &mut report,
        )?;
        let text = emit::document(&header(def.version()), &root);
        let target = service_dir.join(format!("{}.imported.yaml", def.version()));
        if std::fs::read_to_string(&target).ok().as_deref() == Some(text.as_str()) {
            report.files_unchanged += 1;
        } else {
            std::fs::create_dir_all(&service_dir)
                .with_context(|| format!("creating {}", service_dir.display()))?;
            std::fs::write(&target, &text)
                .with_context(|| format!("writing {}", target.display()))?;
            report.files_written.push(target.display().to_string());
        }
        report.definitions += 1;
        report.services.insert(service);
    }
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(_, found)| !**found)
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        bail!(
            "{}: no definition for {}",
            opts.source.display(),
            missing.join(", ")
        );
    }
    Ok(report)
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
