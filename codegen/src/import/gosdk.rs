//! Tencent's Go SDKs read as data: the error codes each action may return.
//!
//! `tencentcloud-sdk-go` (mainland) and `tencentcloud-sdk-go-intl-en` (English) hold, per
//! service version, `tencentcloud/<svc>/v<YYYYMMDD>/client.go` with a comment above every
//! client method listing the codes the action may return:
//!
//! ```text
//! // ApplyConcurrent
//! // This API is used to request concurrency quota.
//! //
//! // error code that may be returned:
//! //  FAILEDOPERATION = "FailedOperation"
//! //  RESOURCENOTFOUND_NOIDLE = "ResourceNotFound.NoIdle"
//! func (c *Client) ApplyConcurrent(request *ApplyConcurrentRequest) (response *ApplyConcurrentResponse, err error) {
//! ```
//!
//! (`可能返回的错误码:` in the mainland SDK), and `errors.go` with each code's description:
//!
//! ```text
//! const (
//!     // Operation failed.
//!     FAILEDOPERATION = "FailedOperation"
//! )
//! ```
//!
//! Only these comment blocks and constants are read; nothing else of the Go code is used. The
//! code string (not the constant's name) is what the API returns: a list line that names only a
//! constant is resolved through `errors.go`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use anyhow::{Context, Result, bail};

/// The comment line opening an action's list, in either SDK.
const LIST_HEADERS: [&str; 2] = ["error code that may be returned:", "可能返回的错误码:"];

/// One client method's error list, as the SDK writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionCodes {
    /// The action (`ApplyConcurrent`).
    pub action: String,
    /// The listed codes in list order, duplicates removed; `None` when the method has no list.
    pub codes: Option<Vec<String>>,
}

/// One constant of `errors.go`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeConstant {
    /// The Go constant (`FAILEDOPERATION_LOCKTIMEOUT`).
    pub constant: String,
    /// The code string the API returns (`FailedOperation.LockTimeout`).
    pub code: String,
    /// The comment right above it, lines joined by a space (may be empty).
    pub description: String,
}

/// Whether `code` can be written in the table: non-empty, no whitespace or control characters.
fn plain(code: &str) -> bool {
    !code.is_empty() && !code.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The contents of a Go interpreted string literal that holds no escapes (`"FailedOperation"`).
fn string_literal(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['"', '\\'])).then_some(inner)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `NAME = "Code"` → (`NAME`, `Some("Code")`); `NAME` alone → (`NAME`, `None`).
fn constant_line(s: &str) -> Option<(&str, Option<&str>)> {
    match s.split_once('=') {
        Some((name, value)) => {
            let name = name.trim();
            let code = string_literal(value.trim())?;
            (is_identifier(name) && plain(code)).then_some((name, Some(code)))
        }
        None => is_identifier(s).then_some((s, None)),
    }
}

/// The action of a client method line, when the line declares the method whose first
/// parameter is the request: `func (c *Client) Name(request *NameRequest) ...` (an upload
/// takes more: `(request *UploadLogRequest, data []byte)`). The `NameWithContext` twin (its
/// first parameter is the context) and any other method give `None`.
fn client_method(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("func (c *Client) ")?;
    let (name, rest) = rest.split_once('(')?;
    let request = rest.strip_prefix("request *")?;
    let ty = request.split([',', ')']).next()?;
    (is_identifier(name) && ty.strip_suffix("Request") == Some(name)).then_some(name)
}

/// Parses a `client.go`: every action's error list, in file order. `constants` (from the
/// service's `errors.go`) resolves list lines that name only a constant. `origin` names the
/// file in messages.
pub fn parse_client(
    text: &str,
    constants: &[CodeConstant],
    origin: &str,
) -> Result<Vec<ActionCodes>> {
    let by_constant: BTreeMap<&str, &str> = constants
        .iter()
        .map(|c| (c.constant.as_str(), c.code.as_str()))
        .collect();
    let mut actions: Vec<ActionCodes> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    // The comment block above the current line: (line number, text after `//`).
    let mut comment: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = line.trim_start().strip_prefix("//") {
            comment.push((i + 1, c));
            continue;
        }
        if let Some(action) = client_method(line) {
            if let Some(first) = seen.insert(action.to_owned(), i + 1) {
                bail!(
                    "{origin}:{}: method `{action}` is defined twice (first at line {first})",
                    i + 1
                );
            }
            let codes = list(&comment, &by_constant, origin)?;
            actions.push(ActionCodes {
                action: action.to_owned(),
                codes,
            });
        }
        comment.clear();
    }
    Ok(actions)
}

/// The codes listed in one comment block, if it has a list.
fn list(
    comment: &[(usize, &str)],
    by_constant: &BTreeMap<&str, &str>,
    origin: &str,
) -> Result<Option<Vec<String>>> {
    let Some(start) = comment
        .iter()
        .position(|(_, c)| LIST_HEADERS.contains(&c.trim()))
    else {
        return Ok(None);
    };
    let mut codes: Vec<String> = Vec::new();
    for (n, c) in &comment[start + 1..] {
        let c = c.trim();
        if c.is_empty() {
            // A blank comment line ends the list.
            break;
        }
        let Some((constant, code)) = constant_line(c) else {
            bail!("{origin}:{n}: expected an error code line `NAME = \"Code\"`, found `{c}`");
        };
        let code = match code {
            Some(code) => code,
            None => match by_constant.get(constant) {
                Some(code) => code,
                None => bail!(
                    "{origin}:{n}: the error code constant `{constant}` is not defined in errors.go"
                ),
            },
        };
        if !codes.iter().any(|have| have == code) {
            codes.push(code.to_owned());
        }
    }
    Ok(Some(codes))
}

/// Parses an `errors.go`: the constants of its `const ( ... )` blocks, in file order. A code
/// defined twice keeps its first description.
pub fn parse_errors(text: &str, origin: &str) -> Result<Vec<CodeConstant>> {
    let mut out: Vec<CodeConstant> = Vec::new();
    let mut in_block = false;
    let mut comment: Vec<&str> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if !in_block {
            in_block = line == "const (";
            continue;
        }
        if line == ")" {
            in_block = false;
            comment.clear();
        } else if let Some(c) = line.strip_prefix("//") {
            let c = c.trim();
            if !c.is_empty() {
                comment.push(c);
            }
        } else if line.is_empty() {
            // A blank line separates a section heading from the code below it.
            comment.clear();
        } else {
            let Some((constant, Some(code))) = constant_line(line) else {
                bail!(
                    "{origin}:{}: expected an error code constant `NAME = \"Code\"`, found `{line}`",
                    i + 1
                );
            };
            if !out.iter().any(|c| c.code == code) {
                out.push(CodeConstant {
                    constant: constant.to_owned(),
                    code: code.to_owned(),
                    description: comment.join(" "),
                });
            }
            comment.clear();
        }
    }
    if in_block {
        bail!("{origin}: the `const (` block is not closed");
    }
    Ok(out)
}

/// One service version's files in an SDK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFiles {
    /// The directory name (`car`).
    pub service: String,
    /// The version directory (`v20220110`).
    pub version_dir: String,
    /// `tencentcloud/<svc>/<v>/client.go`.
    pub client: String,
    /// `tencentcloud/<svc>/<v>/errors.go`, when there is one.
    pub errors: Option<String>,
}

/// `tencentcloud/<svc>/v<8 digits>/<file>` → (svc, version dir, file).
fn service_file(path: &str) -> Option<(&str, &str, &str)> {
    let mut parts = path.strip_prefix("tencentcloud/")?.split('/');
    let (svc, version, file) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = version.strip_prefix('v')?;
    let ok = parts.next().is_none()
        && !svc.is_empty()
        && svc
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && digits.len() == 8
        && digits.chars().all(|c| c.is_ascii_digit());
    ok.then_some((svc, version, file))
}

/// The service versions among `paths` (SDK-relative, `/`-separated), sorted.
pub fn service_files<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<ServiceFiles> {
    let mut by: BTreeMap<(String, String), (bool, bool)> = BTreeMap::new();
    for p in paths {
        if let Some((svc, v, file)) = service_file(p) {
            let e = by.entry((svc.to_owned(), v.to_owned())).or_default();
            match file {
                "client.go" => e.0 = true,
                "errors.go" => e.1 = true,
                _ => {}
            }
        }
    }
    by.into_iter()
        .filter(|(_, (client, _))| *client)
        .map(|((service, version_dir), (_, errors))| ServiceFiles {
            client: format!("tencentcloud/{service}/{version_dir}/client.go"),
            errors: errors.then(|| format!("tencentcloud/{service}/{version_dir}/errors.go")),
            service,
            version_dir,
        })
        .collect()
}

/// `v20220110` → `2022-01-10`.
pub fn api_version(version_dir: &str) -> Option<String> {
    let d = version_dir.strip_prefix('v')?;
    (d.len() == 8 && d.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]))
}

/// The SDK release named in `tencentcloud/common/http/request.go`
/// (`params["RequestClient"] = "SDK_GO_1.3.166"` → `v1.3.166`).
pub fn release_in_request_go(text: &str) -> Option<String> {
    let at = text.find("\"SDK_GO_")?;
    let rest = &text[at + "\"SDK_GO_".len()..];
    let version = &rest[..rest.find('"')?];
    (!version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| format!("v{version}"))
}

/// Where an SDK's files are: a checkout (work tree) or a git directory (bare clone), read
/// through the `git` command at `HEAD`. Hand-written over `git` rather than a git crate: two
/// plumbing commands cover it, and a git library would be the heaviest dependency of the tool.
#[derive(Debug)]
pub enum SdkSource {
    /// A directory holding `tencentcloud/`.
    Tree(PathBuf),
    /// A git directory (`HEAD`, `objects/`), read at `HEAD`.
    Git {
        /// The git directory.
        dir: PathBuf,
        /// `HEAD`'s tree: path → blob id.
        blobs: BTreeMap<String, String>,
        /// A running `git cat-file --batch`, started on first read.
        reader: Option<BlobReader>,
    },
}

/// A `git cat-file --batch` process: one blob id in, its contents out.
#[derive(Debug)]
pub struct BlobReader {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Drop for BlobReader {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The largest file read (the biggest `client.go` is about 1.4 MB).
const MAX_FILE: u64 = 64 << 20;

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running git on {}", dir.display()))?;
    if !out.status.success() {
        bail!(
            "{}: git {} failed: {}",
            dir.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    String::from_utf8(out.stdout).with_context(|| {
        format!(
            "{}: git {} printed non-UTF-8",
            dir.display(),
            args.join(" ")
        )
    })
}

impl SdkSource {
    /// Opens `path`: a checkout when it holds `tencentcloud/`, a git directory when it holds
    /// `HEAD` and `objects/`.
    pub fn open(path: &Path) -> Result<SdkSource> {
        if path.join("tencentcloud").is_dir() {
            return Ok(SdkSource::Tree(path.to_owned()));
        }
        if path.join("HEAD").is_file() && path.join("objects").is_dir() {
            return SdkSource::open_git(path);
        }
        bail!(
            "{}: neither an SDK checkout (no tencentcloud/ directory) nor a git directory (no HEAD and objects/)",
            path.display()
        )
    }

    /// Opens a git directory at `HEAD`.
    pub fn open_git(dir: &Path) -> Result<SdkSource> {
        let listing = git(dir, &["ls-tree", "-r", "-z", "HEAD"])?;
        let mut blobs = BTreeMap::new();
        for entry in listing.split('\0').filter(|e| !e.is_empty()) {
            // `<mode> SP <type> SP <id> TAB <path>`
            let Some((meta, path)) = entry.split_once('\t') else {
                bail!("{}: unexpected git ls-tree line `{entry}`", dir.display());
            };
            let mut meta = meta.split(' ');
            if let (Some(_), Some("blob"), Some(id)) = (meta.next(), meta.next(), meta.next()) {
                blobs.insert(path.to_owned(), id.to_owned());
            }
        }
        Ok(SdkSource::Git {
            dir: dir.to_owned(),
            blobs,
            reader: None,
        })
    }

    /// What to call it in messages.
    pub fn name(&self) -> String {
        match self {
            SdkSource::Tree(p) => p.display().to_string(),
            SdkSource::Git { dir, .. } => format!("{} (HEAD)", dir.display()),
        }
    }

    /// Every service version of the SDK, sorted.
    pub fn services(&self) -> Result<Vec<ServiceFiles>> {
        match self {
            SdkSource::Git { blobs, .. } => Ok(service_files(blobs.keys().map(String::as_str))),
            SdkSource::Tree(root) => {
                let base = root.join("tencentcloud");
                let mut paths = Vec::new();
                for svc in read_dir(&base)? {
                    let svc_dir = base.join(&svc);
                    if !svc_dir.is_dir() {
                        continue;
                    }
                    for v in read_dir(&svc_dir)? {
                        for file in ["client.go", "errors.go"] {
                            if svc_dir.join(&v).join(file).is_file() {
                                paths.push(format!("tencentcloud/{svc}/{v}/{file}"));
                            }
                        }
                    }
                }
                Ok(service_files(paths.iter().map(String::as_str)))
            }
        }
    }

    /// Reads one file (SDK-relative path) as UTF-8; `None` when it does not exist.
    pub fn read(&mut self, path: &str) -> Result<Option<String>> {
        let bytes = match self {
            SdkSource::Tree(root) => {
                let full = root.join(path);
                if !full.is_file() {
                    return Ok(None);
                }
                let len = std::fs::metadata(&full)
                    .with_context(|| format!("reading {}", full.display()))?
                    .len();
                if len > MAX_FILE {
                    bail!(
                        "{}: {len} bytes, more than a source file can be",
                        full.display()
                    );
                }
                std::fs::read(&full).with_context(|| format!("reading {}", full.display()))?
            }
            SdkSource::Git { dir, blobs, reader } => {
                let Some(id) = blobs.get(path) else {
                    return Ok(None);
                };
                if reader.is_none() {
                    *reader = Some(BlobReader::start(dir)?);
                }
                let r = reader.as_mut().expect("started above");
                r.blob(id)
                    .with_context(|| format!("{}: reading {path} at HEAD", dir.display()))?
            }
        };
        String::from_utf8(bytes)
            .map(Some)
            .with_context(|| format!("{}: {path} is not UTF-8", self.name()))
    }

    /// The SDK release: from `tencentcloud/common/http/request.go`, else from `HEAD`'s commit
    /// subject (`release v1.3.166`).
    pub fn release(&mut self) -> Result<Option<String>> {
        if let Some(text) = self.read("tencentcloud/common/http/request.go")? {
            if let Some(r) = release_in_request_go(&text) {
                return Ok(Some(r));
            }
        }
        let dir = match self {
            SdkSource::Git { dir, .. } => dir.clone(),
            SdkSource::Tree(root) if root.join(".git").exists() => root.join(".git"),
            SdkSource::Tree(_) => return Ok(None),
        };
        let subject = git(&dir, &["log", "-1", "--format=%s", "HEAD"])?;
        Ok(subject
            .trim()
            .strip_prefix("release ")
            .filter(|v| v.starts_with('v') && !v.contains(char::is_whitespace))
            .map(str::to_owned))
    }
}

fn read_dir(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

impl BlobReader {
    fn start(dir: &Path) -> Result<BlobReader> {
        let mut child = Command::new("git")
            .arg("--git-dir")
            .arg(dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("running git cat-file on {}", dir.display()))?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        Ok(BlobReader {
            child,
            stdin,
            stdout,
        })
    }

    /// One request, one answer: `<id>\n` in, `<id> blob <size>\n<bytes>\n` out. Each answer is
    /// read whole before the next request is written, so neither pipe fills up.
    fn blob(&mut self, id: &str) -> Result<Vec<u8>> {
        writeln!(self.stdin, "{id}")?;
        self.stdin.flush()?;
        let mut header = String::new();
        self.stdout.read_line(&mut header)?;
        let mut fields = header.trim_end().split(' ');
        let (Some(_), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
        else {
            bail!("git cat-file answered `{}`", header.trim_end());
        };
        if kind != "blob" {
            bail!("git cat-file answered `{}`", header.trim_end());
        }
        let size: u64 = size
            .parse()
            .with_context(|| format!("git cat-file answered `{}`", header.trim_end()))?;
        if size > MAX_FILE {
            bail!("{size} bytes, more than a source file can be");
        }
        let mut bytes = vec![0; size as usize + 1];
        self.stdout.read_exact(&mut bytes)?;
        if bytes.pop() != Some(b'\n') {
            bail!("git cat-file: an answer does not end with a newline");
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ERRORS_GO: &str = r#"// Copyright (c) 2017-2025 Tencent. All Rights Reserved.
//
// Licensed under the Apache License, Version 2.0 (the "License");

package v20220110

const (
	// error codes for specific actions

	// Operation failed.
	FAILEDOPERATION = "FailedOperation"

	// No concurrency was requested,
	// or the reservation timed out.
	FAILEDOPERATION_LOCKTIMEOUT = "FailedOperation.LockTimeout"

	INTERNALERROR = "InternalError"

	// A second definition of the same code.
	FAILEDOPERATION_AGAIN = "FailedOperation"

	// The constant's name is not the code.
	INVALIDPARAMETER_BADNAME = "InvalidParameter.Bad_Name"
)
"#;

    const CLIENT_GO: &str = r#"package v20220110

const APIVersion = "2022-01-10"

func NewApplyConcurrentRequest() (request *ApplyConcurrentRequest) {
    return
}

// ApplyConcurrent
// This API is used to request concurrency quota.
//
// error code that may be returned:
//  FAILEDOPERATION = "FailedOperation"
//  INVALIDPARAMETER_BADNAME = "InvalidParameter.Bad_Name"
//  FAILEDOPERATION = "FailedOperation"
//  FAILEDOPERATION_LOCKTIMEOUT
func (c *Client) ApplyConcurrent(request *ApplyConcurrentRequest) (response *ApplyConcurrentResponse, err error) {
    return c.ApplyConcurrentWithContext(context.Background(), request)
}

// ApplyConcurrent
// This API is used to request concurrency quota.
//
// error code that may be returned:
//  FAILEDOPERATION = "FailedOperation"
func (c *Client) ApplyConcurrentWithContext(ctx context.Context, request *ApplyConcurrentRequest) (response *ApplyConcurrentResponse, err error) {
    return
}

// DescribeThings
// 查询。如果存在不允许操作的实例，以特定错误码返回。
func (c *Client) DescribeThings(request *DescribeThingsRequest) (response *DescribeThingsResponse, err error) {
    return
}

// StopSession
// 停止会话。
//
// 可能返回的错误码:
//  INTERNALERROR = "InternalError"
//
// A note after the list.
func (c *Client) StopSession(request *StopSessionRequest) (response *StopSessionResponse, err error) {
    return
}
"#;

    fn strings(v: &[&str]) -> Option<Vec<String>> {
        Some(v.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn errors_go_constants_with_their_comments() {
        let c = parse_errors(ERRORS_GO, "errors.go").unwrap();
        let got: Vec<(&str, &str, &str)> = c
            .iter()
            .map(|c| (c.constant.as_str(), c.code.as_str(), c.description.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("FAILEDOPERATION", "FailedOperation", "Operation failed."),
                (
                    "FAILEDOPERATION_LOCKTIMEOUT",
                    "FailedOperation.LockTimeout",
                    "No concurrency was requested, or the reservation timed out."
                ),
                ("INTERNALERROR", "InternalError", ""),
                (
                    "INVALIDPARAMETER_BADNAME",
                    "InvalidParameter.Bad_Name",
                    "The constant's name is not the code."
                ),
            ]
        );
    }

    #[test]
    fn client_go_lists_per_action() {
        let constants = parse_errors(ERRORS_GO, "errors.go").unwrap();
        let got = parse_client(CLIENT_GO, &constants, "client.go").unwrap();
        assert_eq!(
            got,
            vec![
                ActionCodes {
                    action: "ApplyConcurrent".into(),
                    // Code strings as listed, duplicates dropped, a bare constant resolved.
                    codes: strings(&[
                        "FailedOperation",
                        "InvalidParameter.Bad_Name",
                        "FailedOperation.LockTimeout"
                    ]),
                },
                ActionCodes {
                    action: "DescribeThings".into(),
                    codes: None,
                },
                ActionCodes {
                    action: "StopSession".into(),
                    codes: strings(&["InternalError"]),
                },
            ]
        );
    }

    #[test]
    fn malformed_input_is_an_error_naming_the_line() {
        let bad_list = "// X\n//\n// error code that may be returned:\n//  FAILEDOPERATION = FailedOperation\nfunc (c *Client) X(request *XRequest) (response *XResponse, err error) {\n";
        let err = parse_client(bad_list, &[], "c.go").unwrap_err().to_string();
        assert!(err.contains("c.go:4"), "{err}");

        let unknown = "// error code that may be returned:\n//  NOSUCH_CONSTANT\nfunc (c *Client) X(request *XRequest) (r *XResponse, err error) {\n";
        let err = parse_client(unknown, &[], "c.go").unwrap_err().to_string();
        assert!(
            err.contains("c.go:2") && err.contains("NOSUCH_CONSTANT"),
            "{err}"
        );

        let twice = "func (c *Client) X(request *XRequest) (r *XResponse, err error) {\n}\nfunc (c *Client) X(request *XRequest) (r *XResponse, err error) {\n";
        let err = parse_client(twice, &[], "c.go").unwrap_err().to_string();
        assert!(err.contains("c.go:3") && err.contains("line 1"), "{err}");

        let err = parse_errors("const (\n\tX = 1\n)\n", "e.go")
            .unwrap_err()
            .to_string();
        assert!(err.contains("e.go:2"), "{err}");
        let err = parse_errors("const (\n\tX = \"a b\"\n)\n", "e.go")
            .unwrap_err()
            .to_string();
        assert!(err.contains("e.go:2"), "{err}");
        let err = parse_errors("const (\n\tX = \"Y\"\n", "e.go")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not closed"), "{err}");
    }

    #[test]
    fn method_lines() {
        assert_eq!(
            client_method(
                "func (c *Client) CreateSession(request *CreateSessionRequest) (response *CreateSessionResponse, err error) {"
            ),
            Some("CreateSession")
        );
        assert_eq!(
            client_method(
                "func (c *Client) CreateSessionWithContext(ctx context.Context, request *CreateSessionRequest) (response *CreateSessionResponse, err error) {"
            ),
            None
        );
        assert_eq!(
            client_method("func (c *Client) X(request *YRequest) (r *YResponse, err error) {"),
            None
        );
        assert_eq!(
            client_method(
                "func (c *Client) UploadLog(request *UploadLogRequest, data []byte) (response *UploadLogResponse, err error) {"
            ),
            Some("UploadLog")
        );
        assert_eq!(
            client_method("func NewXRequest() (request *XRequest) {"),
            None
        );
    }

    #[test]
    fn paths_versions_releases() {
        let files = service_files([
            "tencentcloud/car/v20220110/client.go",
            "tencentcloud/car/v20220110/errors.go",
            "tencentcloud/car/v20220110/models.go",
            "tencentcloud/gse/v20191112/client.go",
            "tencentcloud/common/http/request.go",
            "tencentcloud/Bad/v20191112/client.go",
            "tencentcloud/cvm/v2017/client.go",
            "tencentcloud/cvm/v20170312/errors.go",
        ]);
        assert_eq!(
            files,
            vec![
                ServiceFiles {
                    service: "car".into(),
                    version_dir: "v20220110".into(),
                    client: "tencentcloud/car/v20220110/client.go".into(),
                    errors: Some("tencentcloud/car/v20220110/errors.go".into()),
                },
                ServiceFiles {
                    service: "gse".into(),
                    version_dir: "v20191112".into(),
                    client: "tencentcloud/gse/v20191112/client.go".into(),
                    errors: None,
                },
            ]
        );
        assert_eq!(api_version("v20220110").as_deref(), Some("2022-01-10"));
        assert_eq!(api_version("v2022011"), None);
        assert_eq!(
            release_in_request_go("\tparams[\"RequestClient\"] = \"SDK_GO_3.0.1474\"\n").as_deref(),
            Some("v3.0.1474")
        );
        assert_eq!(release_in_request_go("\"SDK_GO_\" + x"), None);
    }

    #[test]
    fn reads_a_checkout() {
        let root = std::env::temp_dir().join(format!("tcapi-gosdk-tree-{}", std::process::id()));
        let dir = root.join("tencentcloud/car/v20220110");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("client.go"), CLIENT_GO).unwrap();
        std::fs::write(dir.join("errors.go"), ERRORS_GO).unwrap();
        let mut sdk = SdkSource::open(&root).unwrap();
        let services = sdk.services().unwrap();
        assert_eq!(services.len(), 1);
        assert_eq!(
            sdk.read(&services[0].client).unwrap().as_deref(),
            Some(CLIENT_GO)
        );
        assert_eq!(sdk.read("tencentcloud/nope.go").unwrap(), None);
        assert_eq!(sdk.release().unwrap(), None);
        std::fs::remove_dir_all(&root).unwrap();
        let err = SdkSource::open(&root).unwrap_err().to_string();
        assert!(err.contains("neither an SDK checkout"), "{err}");
    }

    #[test]
    fn reads_a_git_directory_at_head() {
        let root = std::env::temp_dir().join(format!("tcapi-gosdk-git-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dir = root.join("work/tencentcloud/gse/v20191112");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("client.go"), CLIENT_GO).unwrap();
        let work = root.join("work");
        let run = |args: &[&str]| {
            let ok = Command::new("git")
                .current_dir(&work)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap()
                .success();
            assert!(ok, "git {args:?}");
        };
        run(&["init", "-q"]);
        run(&["add", "-A"]);
        run(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "-m",
            "release v9.8.7",
        ]);
        let mut sdk = SdkSource::open(&work.join(".git")).unwrap();
        let services = sdk.services().unwrap();
        assert_eq!(services.len(), 1);
        assert_eq!(services[0].service, "gse");
        assert_eq!(
            sdk.read(&services[0].client).unwrap().as_deref(),
            Some(CLIENT_GO)
        );
        assert_eq!(sdk.read("nope").unwrap(), None);
        assert_eq!(sdk.release().unwrap().as_deref(), Some("v9.8.7"));
        // A checkout with its own .git gives the release from the commit too.
        let mut tree = SdkSource::open(&work).unwrap();
        assert_eq!(tree.release().unwrap().as_deref(), Some("v9.8.7"));
        drop(sdk);
        std::fs::remove_dir_all(&root).unwrap();
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// A code as the SDKs write them: dot-separated segments of letters, digits and `_`.
        fn code() -> impl Strategy<Value = String> {
            "[A-Z][A-Za-z0-9_]{0,12}(\\.[A-Za-z][A-Za-z0-9_]{0,12}){0,2}"
        }

        /// A one-line description (any text without line breaks, possibly empty).
        fn description() -> impl Strategy<Value = String> {
            "[^\r\n\u{85}\u{2028}\u{2029}]{0,40}"
        }

        fn constant_of(code: &str) -> String {
            code.to_uppercase().replace('.', "_")
        }

        proptest! {
            /// errors.go and client.go written in the SDKs' layout parse back to the codes,
            /// descriptions and lists they were written from, whether a list line gives the
            /// code string or only the constant.
            #[test]
            fn go_files_parse_back(
                codes in proptest::collection::vec((code(), description()), 0..12),
                actions in proptest::collection::vec(
                    proptest::option::of(proptest::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 0..8)),
                    0..6,
                ),
            ) {
                // Constants must be unique in Go; keep the first of each.
                let mut seen = std::collections::BTreeSet::new();
                let codes: Vec<(String, String)> = codes
                    .into_iter()
                    .filter(|(c, _)| seen.insert(constant_of(c)))
                    .collect();
                let mut errors = String::from("package v1\n\nconst (\n\t// section heading\n\n");
                for (c, d) in &codes {
                    if !d.trim().is_empty() {
                        errors.push_str(&format!("\t// {d}\n"));
                    }
                    errors.push_str(&format!("\t{} = \"{c}\"\n\n", constant_of(c)));
                }
                errors.push_str(")\n");
                let constants = parse_errors(&errors, "errors.go").unwrap();
                let mut unique = std::collections::BTreeSet::new();
                let expected: Vec<(String, String)> = codes
                    .iter()
                    .filter(|(c, _)| unique.insert(c.clone()))
                    .map(|(c, d)| (c.clone(), d.trim().to_owned()))
                    .collect();
                let got: Vec<(String, String)> = constants
                    .iter()
                    .map(|c| (c.code.clone(), c.description.clone()))
                    .collect();
                prop_assert_eq!(got, expected);

                let mut client = String::from("package v1\n\n");
                let mut want = Vec::new();
                for (i, list) in actions.iter().enumerate() {
                    let name = format!("Action{i}");
                    client.push_str(&format!("// {name}\n// Does things; 可能返回特定错误码.\n"));
                    let mut listed: Vec<String> = Vec::new();
                    if let Some(list) = list {
                        client.push_str(if i % 2 == 0 {
                            "//\n// error code that may be returned:\n"
                        } else {
                            "//\n// 可能返回的错误码:\n"
                        });
                        for (pick, bare) in list {
                            if codes.is_empty() {
                                break;
                            }
                            let (c, _) = &codes[pick.index(codes.len())];
                            if *bare {
                                client.push_str(&format!("//  {}\n", constant_of(c)));
                            } else {
                                client.push_str(&format!("//  {} = \"{c}\"\n", constant_of(c)));
                            }
                            if !listed.contains(c) {
                                listed.push(c.clone());
                            }
                        }
                    }
                    client.push_str(&format!(
                        "func (c *Client) {name}(request *{name}Request) (response *{name}Response, err error) {{\n    return\n}}\n\n"
                    ));
                    client.push_str(&format!(
                        "// {name}\nfunc (c *Client) {name}WithContext(ctx context.Context, request *{name}Request) (response *{name}Response, err error) {{\n}}\n\n"
                    ));
                    want.push(ActionCodes {
                        action: name,
                        codes: list.as_ref().map(|_| listed),
                    });
                }
                prop_assert_eq!(parse_client(&client, &constants, "client.go").unwrap(), want);
            }

            /// Arbitrary text never panics either parser: it parses or names a line.
            #[test]
            fn arbitrary_text_parses_or_fails_cleanly(text in "(//|const \\(|\\)|func \\(c \\*Client\\) |[A-Z_]+ = \"[A-Za-z.]*\"|error code that may be returned:|\n|.){0,60}") {
                if let Err(e) = parse_errors(&text, "e.go") {
                    prop_assert!(e.to_string().starts_with("e.go"));
                }
                if let Err(e) = parse_client(&text, &[], "c.go") {
                    prop_assert!(e.to_string().starts_with("c.go:"));
                }
            }
        }
    }
}
