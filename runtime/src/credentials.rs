//! API credentials: explicit keys, environment variables, the profile file, and a default
//! chain over them.
//!
//! | source | where |
//! | --- | --- |
//! | explicit | [`Credentials::new`], [`Credentials::with_token`] |
//! | environment | `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, and for temporary credentials `TENCENTCLOUD_TOKEN` (the name `tccli` uses; `TENCENTCLOUD_SESSION_TOKEN` is accepted too) |
//! | profile file | `$TENCENTCLOUD_CREDENTIALS_FILE` if set, else `~/.tencentcloud/credentials`, else `/etc/tencentcloud/credentials`: INI, section `[default]`, keys `secret_id`, `secret_key` and optionally `token` |
//!
//! [`DefaultChain`] tries the environment, then the profile file, and remembers the first
//! credentials it finds.
//!
//! Keys with leading or trailing whitespace are rejected: a pasted key with a trailing
//! newline is a classic cause of `AuthFailure.SignatureFailure`. The secret key and token are
//! never printed: `Debug` shows `<redacted>`, and the SecretId is shortened.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Environment variable holding the SecretId.
pub const ENV_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
/// Environment variable holding the SecretKey.
pub const ENV_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
/// Environment variable holding the session token of temporary credentials (as `tccli` names it).
pub const ENV_TOKEN: &str = "TENCENTCLOUD_TOKEN";
/// Alternative name for [`ENV_TOKEN`], read when that one is unset.
pub const ENV_SESSION_TOKEN: &str = "TENCENTCLOUD_SESSION_TOKEN";
/// Environment variable naming the profile file, overriding `~/.tencentcloud/credentials`.
pub const ENV_CREDENTIALS_FILE: &str = "TENCENTCLOUD_CREDENTIALS_FILE";

/// A SecretId / SecretKey pair, with a session token for temporary credentials.
///
/// Cheap to clone (shared strings).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    secret_id: Arc<str>,
    secret_key: Arc<str>,
    token: Option<Arc<str>>,
}

/// Why no usable credentials were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialsError {
    /// A value is empty or has surrounding whitespace; `what` names it and its source.
    Malformed {
        /// e.g. `SecretKey from TENCENTCLOUD_SECRET_KEY`.
        what: String,
        /// What is wrong, e.g. `has trailing whitespace`.
        problem: &'static str,
    },
    /// A source is only partly configured, e.g. the id without the key.
    Incomplete {
        /// e.g. `environment: TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is not`.
        detail: String,
    },
    /// The profile file exists but cannot be read or parsed.
    ProfileFile {
        /// The file.
        path: PathBuf,
        /// What went wrong, with the line number when it is a syntax error.
        detail: String,
    },
    /// No source had credentials.
    NotFound {
        /// Every place that was looked at.
        searched: Vec<String>,
    },
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed { what, problem } => write!(f, "{what} {problem}"),
            Self::Incomplete { detail } => write!(f, "incomplete credentials: {detail}"),
            Self::ProfileFile { path, detail } => {
                write!(f, "credentials file {}: {detail}", path.display())
            }
            Self::NotFound { searched } => write!(
                f,
                "no credentials found (looked at: {})",
                searched.join(", ")
            ),
        }
    }
}

impl std::error::Error for CredentialsError {}

fn check(value: &str, what: impl FnOnce() -> String) -> Result<(), CredentialsError> {
    let problem = if value.is_empty() {
        "is empty"
    } else if value.trim_start().len() != value.len() {
        "has leading whitespace (a common cause of signature failures)"
    } else if value.trim_end().len() != value.len() {
        "has trailing whitespace (a common cause of signature failures)"
    } else {
        return Ok(());
    };
    Err(CredentialsError::Malformed {
        what: what(),
        problem,
    })
}

impl Credentials {
    /// Permanent credentials. Fails if either value is empty or has surrounding whitespace.
    pub fn new(
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        Self::from_parts(secret_id.into(), secret_key.into(), None, "")
    }

    /// Temporary credentials with a session token (sent as `X-TC-Token`).
    pub fn with_token(
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
        token: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        Self::from_parts(secret_id.into(), secret_key.into(), Some(token.into()), "")
    }

    fn from_parts(
        id: String,
        key: String,
        token: Option<String>,
        source: &str,
    ) -> Result<Self, CredentialsError> {
        check(&id, || format!("SecretId{source}"))?;
        check(&key, || format!("SecretKey{source}"))?;
        if let Some(t) = &token {
            check(t, || format!("token{source}"))?;
        }
        Ok(Self {
            secret_id: id.into(),
            secret_key: key.into(),
            token: token.map(Into::into),
        })
    }

    /// The SecretId (sent in the clear in the `Authorization` header).
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey. Only the signer should read it.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The session token of temporary credentials.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Reads [`ENV_SECRET_ID`], [`ENV_SECRET_KEY`] and [`ENV_TOKEN`] (or [`ENV_SESSION_TOKEN`]).
    ///
    /// `Ok(None)` when neither id nor key is set; an error when only one is, or when a value
    /// is malformed.
    pub fn from_env() -> Result<Option<Self>, CredentialsError> {
        Self::from_env_with(&|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] with a custom variable lookup (for tests and embedding).
    pub fn from_env_with(
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, CredentialsError> {
        let nonempty = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let id = nonempty(ENV_SECRET_ID);
        let key = nonempty(ENV_SECRET_KEY);
        let (id, key) = match (id, key) {
            (None, None) => return Ok(None),
            (Some(id), Some(key)) => (id, key),
            (Some(_), None) => {
                return Err(CredentialsError::Incomplete {
                    detail: format!(
                        "environment: {ENV_SECRET_ID} is set but {ENV_SECRET_KEY} is not"
                    ),
                });
            }
            (None, Some(_)) => {
                return Err(CredentialsError::Incomplete {
                    detail: format!(
                        "environment: {ENV_SECRET_KEY} is set but {ENV_SECRET_ID} is not"
                    ),
                });
            }
        };
        let (token, token_var) = match nonempty(ENV_TOKEN) {
            Some(t) => (Some(t), ENV_TOKEN),
            None => (nonempty(ENV_SESSION_TOKEN), ENV_SESSION_TOKEN),
        };
        check(&id, || format!("SecretId from {ENV_SECRET_ID}"))?;
        check(&key, || format!("SecretKey from {ENV_SECRET_KEY}"))?;
        if let Some(t) = &token {
            check(t, || format!("token from {token_var}"))?;
        }
        Self::from_parts(id, key, token, "").map(Some)
    }

    /// Reads the `[default]` profile of an INI credentials file.
    ///
    /// `Ok(None)` when the file does not exist or has no `[default]` section with keys.
    pub fn from_profile_file(path: &Path) -> Result<Option<Self>, CredentialsError> {
        Self::from_profile_file_named(path, "default")
    }

    /// Reads profile `profile` of an INI credentials file.
    pub fn from_profile_file_named(
        path: &Path,
        profile: &str,
    ) -> Result<Option<Self>, CredentialsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(CredentialsError::ProfileFile {
                    path: path.to_owned(),
                    detail: e.to_string(),
                });
            }
        };
        Self::from_profile_text(&text, profile).map_err(|detail| CredentialsError::ProfileFile {
            path: path.to_owned(),
            detail,
        })
    }

    /// Parses an INI profile file's text. Values are taken without surrounding whitespace
    /// (as the official SDKs do), optionally quoted.
    fn from_profile_text(text: &str, profile: &str) -> Result<Option<Self>, String> {
        let mut section: Option<&str> = None;
        let (mut id, mut key, mut token) = (None, None, None);
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[') {
                let name = name
                    .strip_suffix(']')
                    .ok_or_else(|| format!("line {}: section header without `]`", i + 1))?;
                section = Some(name.trim());
                continue;
            }
            let (k, v) = line
                .split_once('=')
                .or_else(|| line.split_once(':'))
                .ok_or_else(|| format!("line {}: expected `key = value`", i + 1))?;
            if section != Some(profile) {
                continue;
            }
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .unwrap_or(v)
                .to_owned();
            match k.trim() {
                "secret_id" => id = Some(v),
                "secret_key" => key = Some(v),
                "token" => token = Some(v),
                _ => {}
            }
        }
        let id = id.filter(|v| !v.is_empty());
        let key = key.filter(|v| !v.is_empty());
        match (id, key) {
            (None, None) => Ok(None),
            (Some(id), Some(key)) => Self::from_parts(id, key, token.filter(|t| !t.is_empty()), "")
                .map(Some)
                .map_err(|e| format!("[{profile}]: {e}")),
            (Some(_), None) => Err(format!("[{profile}] has secret_id but no secret_key")),
            (None, Some(_)) => Err(format!("[{profile}] has secret_key but no secret_id")),
        }
    }

    /// The profile files looked at, in order: `$TENCENTCLOUD_CREDENTIALS_FILE` if set, else
    /// `~/.tencentcloud/credentials` and `/etc/tencentcloud/credentials`.
    pub fn profile_paths(lookup: &dyn Fn(&str) -> Option<String>) -> Vec<PathBuf> {
        if let Some(p) = lookup(ENV_CREDENTIALS_FILE).filter(|p| !p.is_empty()) {
            return vec![PathBuf::from(p)];
        }
        let mut paths = Vec::new();
        if let Some(home) = lookup("HOME").or_else(|| lookup("USERPROFILE")) {
            paths.push(Path::new(&home).join(".tencentcloud").join("credentials"));
        }
        paths.push(PathBuf::from("/etc/tencentcloud/credentials"));
        paths
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &ShortId(&self.secret_id))
            .field("secret_key", &Redacted)
            .field("token", &self.token.as_ref().map(|_| Redacted))
            .finish()
    }
}

struct Redacted;
impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The first 8 characters of a SecretId, enough to tell keys apart in logs.
struct ShortId<'a>(&'a str);
impl fmt::Debug for ShortId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head: String = self.0.chars().take(8).collect();
        write!(f, "\"{head}…\"")
    }
}

/// Something that yields credentials for each request (static keys, a chain, a refresher).
pub trait ProvideCredentials: fmt::Debug + Send + Sync + 'static {
    /// The credentials to sign the next request with.
    fn credentials(&self) -> Result<Credentials, CredentialsError>;
}

impl ProvideCredentials for Credentials {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

/// Environment, then profile file; the first success is kept for the life of the chain.
#[derive(Debug, Default)]
pub struct DefaultChain {
    found: OnceLock<Credentials>,
}

impl DefaultChain {
    /// A chain that reads the process environment and the file system on first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// Resolves the chain with a custom variable lookup (also used for `HOME`).
    pub fn resolve_with(
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Credentials, CredentialsError> {
        if let Some(c) = Credentials::from_env_with(lookup)? {
            return Ok(c);
        }
        let mut searched = vec![format!("environment ({ENV_SECRET_ID}, {ENV_SECRET_KEY})")];
        for path in Credentials::profile_paths(lookup) {
            if let Some(c) = Credentials::from_profile_file(&path)? {
                return Ok(c);
            }
            searched.push(path.display().to_string());
        }
        Err(CredentialsError::NotFound { searched })
    }
}

impl ProvideCredentials for DefaultChain {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self.found.get() {
            return Ok(c.clone());
        }
        let c = Self::resolve_with(&|name| std::env::var(name).ok())?;
        Ok(self.found.get_or_init(|| c).clone())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn explicit_rejects_whitespace_and_empty() {
        let e = Credentials::new("AKID", "key\n").unwrap_err();
        assert!(
            e.to_string().contains("SecretKey has trailing whitespace"),
            "{e}"
        );
        let e = Credentials::new(" AKID", "key").unwrap_err();
        assert!(
            e.to_string().contains("SecretId has leading whitespace"),
            "{e}"
        );
        let e = Credentials::new("", "key").unwrap_err();
        assert!(e.to_string().contains("SecretId is empty"), "{e}");
        let e = Credentials::with_token("a", "b", "tok ").unwrap_err();
        assert!(e.to_string().contains("token has trailing"), "{e}");
        // The offending value itself is never echoed.
        let e = Credentials::new("AKID", "s3cr3t-value ").unwrap_err();
        assert!(!format!("{e} {e:?}").contains("s3cr3t"));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let c =
            Credentials::with_token("AKIDabcdefghijkl", "TOPSECRETKEY", "SESSIONTOKEN").unwrap();
        let d = format!("{c:?} {c:#?}");
        assert!(!d.contains("TOPSECRETKEY"), "{d}");
        assert!(!d.contains("SESSIONTOKEN"), "{d}");
        assert!(!d.contains("AKIDabcdefghijkl"), "{d}");
        assert!(d.contains("AKIDabcd"), "{d}");
        assert!(d.contains("<redacted>"), "{d}");
    }

    #[test]
    fn env_reads_id_key_and_token() {
        let c = Credentials::from_env_with(&env(&[
            (ENV_SECRET_ID, "AKID1"),
            (ENV_SECRET_KEY, "KEY1"),
            (ENV_TOKEN, "TOK1"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token()),
            ("AKID1", "KEY1", Some("TOK1"))
        );
        let c = Credentials::from_env_with(&env(&[
            (ENV_SECRET_ID, "AKID1"),
            (ENV_SECRET_KEY, "KEY1"),
            (ENV_SESSION_TOKEN, "TOK2"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(c.token(), Some("TOK2"));
        assert_eq!(Credentials::from_env_with(&env(&[])).unwrap(), None);
    }

    #[test]
    fn env_errors_name_the_variable() {
        let e = Credentials::from_env_with(&env(&[(ENV_SECRET_ID, "AKID1")])).unwrap_err();
        assert!(
            e.to_string().contains("TENCENTCLOUD_SECRET_KEY is not"),
            "{e}"
        );
        let e = Credentials::from_env_with(&env(&[
            (ENV_SECRET_ID, "AKID1"),
            (ENV_SECRET_KEY, "KEY1\r\n"),
        ]))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "SecretKey from TENCENTCLOUD_SECRET_KEY has trailing whitespace (a common cause of signature failures)"
        );
    }

    #[test]
    fn profile_text_parsing() {
        let text = "# comment\n[other]\nsecret_id = X\nsecret_key = Y\n\n[default]\nsecret_id = AKID9 \nsecret_key=\"KEY9\"\nrole_arn = r\n";
        let c = Credentials::from_profile_text(text, "default")
            .unwrap()
            .unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token()),
            ("AKID9", "KEY9", None)
        );
        let c = Credentials::from_profile_text(text, "other")
            .unwrap()
            .unwrap();
        assert_eq!(c.secret_id(), "X");
        assert_eq!(
            Credentials::from_profile_text("[x]\na=b\n", "default").unwrap(),
            None
        );
        let e = Credentials::from_profile_text("[default]\nsecret_id=A\n", "default").unwrap_err();
        assert!(e.contains("no secret_key"), "{e}");
        let e = Credentials::from_profile_text("[default\n", "default").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
        let e = Credentials::from_profile_text("[default]\njunk\n", "default").unwrap_err();
        assert!(e.contains("line 2: expected `key = value`"), "{e}");
    }

    #[test]
    fn profile_paths_honour_override() {
        let p =
            Credentials::profile_paths(&env(&[(ENV_CREDENTIALS_FILE, "/x/creds"), ("HOME", "/h")]));
        assert_eq!(p, vec![PathBuf::from("/x/creds")]);
        let p = Credentials::profile_paths(&env(&[("HOME", "/h")]));
        assert_eq!(
            p,
            vec![
                PathBuf::from("/h/.tencentcloud/credentials"),
                PathBuf::from("/etc/tencentcloud/credentials")
            ]
        );
    }

    #[test]
    fn chain_prefers_env_then_file() {
        let dir = std::env::temp_dir().join(format!("tcapi-cred-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("credentials");
        std::fs::write(
            &file,
            "[default]\nsecret_id = FILEID\nsecret_key = FILEKEY\n",
        )
        .unwrap();
        let f = file.to_str().unwrap();

        let c = DefaultChain::resolve_with(&env(&[
            (ENV_SECRET_ID, "ENVID"),
            (ENV_SECRET_KEY, "ENVKEY"),
            (ENV_CREDENTIALS_FILE, f),
        ]))
        .unwrap();
        assert_eq!(c.secret_id(), "ENVID");

        let c = DefaultChain::resolve_with(&env(&[(ENV_CREDENTIALS_FILE, f)])).unwrap();
        assert_eq!(c.secret_id(), "FILEID");

        let missing = dir.join("absent");
        let e =
            DefaultChain::resolve_with(&env(&[(ENV_CREDENTIALS_FILE, missing.to_str().unwrap())]))
                .unwrap_err();
        assert!(matches!(e, CredentialsError::NotFound { .. }), "{e}");
        assert!(e.to_string().contains("absent"), "{e}");

        std::fs::write(&file, "[default]\nsecret_id = FILEID\n").unwrap();
        let e = DefaultChain::resolve_with(&env(&[(ENV_CREDENTIALS_FILE, f)])).unwrap_err();
        assert!(
            e.to_string().contains(f) && e.to_string().contains("no secret_key"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
