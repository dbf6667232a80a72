//! Service-wide error codes from the official Python SDK (`tencentcloud/<svc>/<vYYYYMMDD>/errorcodes.py`).
//!
//! The file is read as text, never run: each code is a comment line describing it, followed
//! by an assignment of the code string:
//!
//! ```text
//! # 操作失败。
//! FAILEDOPERATION = 'FailedOperation'
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

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
    fn other_python_is_an_error_naming_the_line() {
        let err = parse("# a\nimport os\n", "e.py").unwrap_err().to_string();
        assert!(err.contains("e.py:2"), "{err}");
        let err = parse("X = Code\n", "e.py").unwrap_err().to_string();
        assert!(err.contains("e.py:1"), "{err}");
    }
}
