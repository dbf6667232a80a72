//! Service-wide error codes from the official Python SDK (`tencentcloud/<svc>/<vYYYYMMDD>/errorcodes.py`).
//!
//! The file is read as text, never run: each code is a comment line describing it, followed
//! by an assignment of the code string:
//!
//! ```text
//! # 操作失败。
//! FAILEDOPERATION = 'FailedOperation'
//! ```

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::emit::Y;
use super::errortable::ServiceTable;
use super::report::ImportReport;
use crate::names;

/// One error code and its description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    /// The code, e.g. `FailedOperation.LockTimeout`.
    pub code: String,
    /// The comment above it (may be empty).
    pub description: String,
}

/// Parses the text of an `errorcodes.py`. `origin` names the file in messages.
pub fn parse(text: &str, origin: &str) -> Result<Vec<ErrorCode>> {
    let mut codes = Vec::new();
    let mut comment: Vec<&str> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(c) = line.strip_prefix('#') {
            comment.push(c.trim());
            continue;
        }
        if line.is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            bail!(
                "{origin}:{}: expected `NAME = 'Code'`, found `{line}`",
                i + 1
            );
        };
        let name = name.trim();
        let value = value.trim();
        let unquoted = value
            .strip_prefix('\'')
            .and_then(|v| v.strip_suffix('\''))
            .or_else(|| value.strip_prefix('"').and_then(|v| v.strip_suffix('"')));
        let (true, Some(code)) = (
            name.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            unquoted,
        ) else {
            bail!(
                "{origin}:{}: expected `NAME = 'Code'`, found `{line}`",
                i + 1
            );
        };
        // The licence header is a comment block too; only the block right above counts.
        let description = comment.last().copied().unwrap_or("").to_owned();
        comment.clear();
        if !codes.iter().any(|c: &ErrorCode| c.code == code) {
            codes.push(ErrorCode {
                code: code.to_owned(),
                description,
            });
        }
    }
    Ok(codes)
}

/// Where to look for a service's `errorcodes.py`, given `--error-codes`: the file itself, or
/// inside an SDK checkout (`<dir>/tencentcloud/<svc>/<v>/`, `<dir>/<svc>/<v>/`) trying each
/// of `names` (the directory name in the definitions, then the service name).
pub fn locate(given: &Path, names: &[&str], version_dir: &str) -> Option<PathBuf> {
    if given.is_file() {
        return Some(given.to_owned());
    }
    for base in [given.join("tencentcloud"), given.to_owned()] {
        for name in names {
            let candidate = base.join(name).join(version_dir).join("errorcodes.py");
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Reads and parses one `errorcodes.py`.
pub fn read(path: &Path) -> Result<Vec<ErrorCode>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse(&text, &path.display().to_string())
}

/// The common codes that `common.yaml` marks `retryable: true` (none when there is no file).
pub fn retryable_common_codes(path: &Path) -> Result<BTreeSet<String>> {
    if !path.is_file() {
        return Ok(BTreeSet::new());
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let docs = yaml_rust2::YamlLoader::load_from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let Some(errors) = docs.first().and_then(|d| d["errors"].as_hash()) else {
        return Ok(BTreeSet::new());
    };
    Ok(errors
        .iter()
        .filter(|(_, v)| v["retryable"].as_bool() == Some(true))
        .filter_map(|(k, _)| k.as_str().map(str::to_owned))
        .collect())
}

/// The action's own error codes from the Go SDK table, as the `errors:` mapping of the
/// imported action (code → description, the code itself when undescribed). `None` when the
/// table does not list the action: it then takes the service's codes. Codes that are not
/// dot-separated PascalCase, or whose Rust variant is built in (`Common`, `Unknown`) or taken
/// by an earlier code, are left out (the generated `Unknown` variant still carries them) and
/// noted. Codes that are also common codes stay, as on the API pages: the action's enum gets its
/// own variant for them, marked `retryable` when `retryable` (the common codes marked so) has it.
pub fn own_errors(
    table: Option<&ServiceTable>,
    retryable: &BTreeSet<String>,
    action: &str,
    where_: &str,
    report: &mut ImportReport,
) -> Option<Vec<(String, Y)>> {
    let listed = table?.action(action)?;
    let mut variants: HashSet<String> = ["Common", "Unknown"].map(str::to_owned).into();
    let mut out = Vec::with_capacity(listed.len());
    for (code, described) in listed {
        if !code.split('.').all(names::is_pascal) {
            report.error_codes_not_pascal += 1;
            report.notes.push(format!(
                "{where_}: error code `{code}` left out: not dot-separated PascalCase"
            ));
            continue;
        }
        if !variants.insert(names::error_variant(code)) {
            report.error_codes_clashing += 1;
            report.notes.push(format!(
                "{where_}: error code `{code}` left out: its Rust variant is taken"
            ));
            continue;
        }
        let d = described.description.trim();
        let d = Y::str(if d.is_empty() { code } else { d });
        let value = if retryable.contains(code) {
            Y::Map(vec![
                ("description".to_owned(), d),
                ("retryable".to_owned(), Y::Raw("true".to_owned())),
            ])
        } else {
            d
        };
        out.push((code.to_owned(), value));
    }
    report.actions_with_own_errors += 1;
    report.own_error_codes += out.len();
    Some(out)
}

/// Whether any of `actions` (the imported ones) has no list in the table, and so needs the
/// service-wide codes.
pub fn service_list_needed<'a>(
    table: Option<&ServiceTable>,
    mut actions: impl Iterator<Item = &'a str>,
) -> bool {
    match table {
        Some(t) => actions.any(|a| !t.actions.contains_key(a)),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_comment_and_code_pairs() {
        let text = "# -*- coding: utf8 -*-\n# Copyright\n\n\n# 操作失败。\nFAILEDOPERATION = 'FailedOperation'\n\n# 未申请并发或申请后超时。\nFAILEDOPERATION_LOCKTIMEOUT = 'FailedOperation.LockTimeout'\n\nINTERNALERROR = \"InternalError\"\n";
        let codes = parse(text, "x.py").unwrap();
        assert_eq!(
            codes,
            vec![
                ErrorCode {
                    code: "FailedOperation".into(),
                    description: "操作失败。".into()
                },
                ErrorCode {
                    code: "FailedOperation.LockTimeout".into(),
                    description: "未申请并发或申请后超时。".into()
                },
                ErrorCode {
                    code: "InternalError".into(),
                    description: String::new()
                },
            ]
        );
    }

    #[test]
    fn own_errors_keep_usable_codes_in_table_order() {
        let text = "code\tFailedOperation\tintl\tOperation failed.\n\
                    code\tFailed.Operation\tmainland\t操作失败。\n\
                    code\tMissingParameter.\t-\t\n\
                    code\tUnknown\t-\t\n\
                    code\tUndescribed\t-\t\n\
                    code\tRequestLimitExceeded\tintl\tToo many requests.\n\
                    action\tA\tboth\tFailedOperation Failed.Operation MissingParameter. Unknown Undescribed RequestLimitExceeded\n";
        let table = ServiceTable::parse(text, "t.tsv").unwrap();
        let mut report = ImportReport::default();
        let retryable: BTreeSet<String> = ["RequestLimitExceeded".to_owned()].into();
        let mut got = own_errors(Some(&table), &retryable, "A", "x", &mut report).unwrap();
        let last = got.pop().unwrap();
        let got: Vec<(String, String)> = got
            .into_iter()
            .map(|(k, v)| match v {
                Y::Str(s) => (k, s),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("FailedOperation".to_owned(), "Operation failed.".to_owned()),
                ("Undescribed".to_owned(), "Undescribed".to_owned()),
            ]
        );
        assert_eq!(
            last,
            (
                "RequestLimitExceeded".to_owned(),
                Y::Map(vec![
                    ("description".to_owned(), Y::str("Too many requests.")),
                    ("retryable".to_owned(), Y::Raw("true".to_owned())),
                ])
            ),
            "a retryable common code stays retryable"
        );
        // `Failed.Operation` is the variant `FailedOperation` again; `Unknown` is built in.
        assert_eq!(report.error_codes_clashing, 2);
        assert_eq!(report.error_codes_not_pascal, 1);
        assert_eq!(
            (report.actions_with_own_errors, report.own_error_codes),
            (1, 3)
        );
        assert_eq!(report.notes.len(), 3);
        assert!(own_errors(Some(&table), &retryable, "B", "x", &mut report).is_none());
        assert!(own_errors(None, &retryable, "A", "x", &mut report).is_none());
        assert!(service_list_needed(Some(&table), ["A", "B"].into_iter()));
        assert!(!service_list_needed(Some(&table), ["A"].into_iter()));
        assert!(service_list_needed(None, ["A"].into_iter()));
    }

    #[test]
    fn other_python_is_an_error_naming_the_line() {
        let err = parse("# a\nimport os\n", "e.py").unwrap_err().to_string();
        assert!(err.contains("e.py:2"), "{err}");
        let err = parse("X = Code\n", "e.py").unwrap_err().to_string();
        assert!(err.contains("e.py:1"), "{err}");
    }
}
