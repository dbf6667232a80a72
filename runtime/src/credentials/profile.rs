//! Keys from the INI profile file: [`ProfileProvider`].
//!
//! The file is the one the official SDKs read: `$TENCENTCLOUD_CREDENTIALS_FILE` if set (as
//! the Go SDK does), else the first of `~/.tencentcloud/credentials` and
//! `/etc/tencentcloud/credentials` that exists (as the Python SDK does). Sections are
//! profiles; each has `secret_id`, `secret_key` and optionally `token`:
//!
//! ```ini
//! [default]
//! secret_id = AKIDxxxxxxxx
//! secret_key = xxxxxxxx
//!
//! [prod]
//! secret_id = AKIDyyyyyyyy
//! secret_key = yyyyyyyy
//! ```
//!
//! The profile is `[default]` unless one is named with [`ProfileProvider::profile`] or in
//! `TENCENTCLOUD_PROFILE` (a tcapi addition: the official SDKs only read `[default]`).
//!
//! A profile with `role_arn` (and optionally `role_session_name`) assumes that role with
//! its keys through `sts:AssumeRole` (feature `client`), and the provider hands out the
//! role's temporary keys: the Python SDK reads `role_arn` but does not use it.
//!
//! ```ini
//! [ops]
//! secret_id = AKIDyyyyyyyy
//! secret_key = yyyyyyyy
//! role_arn = qcs::cam::uin/100000000001:roleName/ops
//! role_session_name = nightly
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Credentials, CredentialsError, Lookup, ProvideCredentials, ProvideFuture};

/// Environment variable naming the profile file, overriding `~/.tencentcloud/credentials`.
pub const ENV_CREDENTIALS_FILE: &str = "TENCENTCLOUD_CREDENTIALS_FILE";
/// Environment variable naming the profile (section) to read instead of `default`.
pub const ENV_PROFILE: &str = "TENCENTCLOUD_PROFILE";
/// The profile read when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// Reads one profile of the credentials file on every [`provide`](ProvideCredentials::provide).
///
/// [`CredentialsError::NotFound`] when there is no file, or no `[default]` section with
/// keys; `ProfileFile` when the file cannot be read or parsed, or a profile named
/// explicitly is missing.
#[derive(Clone)]
pub struct ProfileProvider {
    lookup: Lookup,
    path: Option<PathBuf>,
    profile: Option<String>,
    #[cfg(feature = "client")]
    sts_endpoint: Option<crate::client::Endpoint>,
}

impl fmt::Debug for ProfileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileProvider")
            .field("path", &self.path)
            .field("profile", &self.profile)
            .finish()
    }
}

impl Default for ProfileProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProfileProvider {
    /// The default file and profile, from the process environment.
    pub fn new() -> Self {
        Self {
            lookup: super::process_env(),
            path: None,
            profile: None,
            #[cfg(feature = "client")]
            sts_endpoint: None,
        }
    }

    /// Reads variables (`TENCENTCLOUD_CREDENTIALS_FILE`, `TENCENTCLOUD_PROFILE`, `HOME`)
    /// through `lookup` instead of the process environment.
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: std::sync::Arc::new(lookup),
            path: None,
            profile: None,
            #[cfg(feature = "client")]
            sts_endpoint: None,
        }
    }

    /// The STS endpoint of a profile's `role_arn` (default `sts.tencentcloudapi.com`).
    #[cfg(feature = "client")]
    pub fn sts_endpoint(mut self, endpoint: crate::client::Endpoint) -> Self {
        self.sts_endpoint = Some(endpoint);
        self
    }

    /// Reads this file instead of the default ones.
    pub fn file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Reads this profile (section) instead of `$TENCENTCLOUD_PROFILE` or `default`.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The keys the file holds now (before a `role_arn` is assumed).
    pub fn read(&self) -> Result<Credentials, CredentialsError> {
        self.read_profile().map(|p| p.keys)
    }

    fn read_profile(&self) -> Result<Profile, CredentialsError> {
        let lookup = &*self.lookup;
        let named = self
            .profile
            .clone()
            .or_else(|| lookup(ENV_PROFILE).filter(|p| !p.trim().is_empty()));
        let profile = named.as_deref().unwrap_or(DEFAULT_PROFILE).trim();
        let paths = match &self.path {
            Some(p) => vec![p.clone()],
            None => Credentials::profile_paths(lookup),
        };
        for path in &paths {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(CredentialsError::ProfileFile {
                        path: path.clone(),
                        detail: e.to_string(),
                    });
                }
            };
            let file_error = |detail| CredentialsError::ProfileFile {
                path: path.clone(),
                detail,
            };
            // The first file that exists is the one (as the official SDKs do).
            return match parse_profile(&text, profile).map_err(file_error)? {
                Some(c) => Ok(c),
                None if named.is_some() => Err(file_error(format!(
                    "no profile [{profile}] with secret_id and secret_key"
                ))),
                None => Err(CredentialsError::not_found(format!(
                    "profile file {}: no [{profile}] with secret_id and secret_key",
                    path.display()
                ))),
            };
        }
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        Err(CredentialsError::not_found(format!(
            "profile file: none of {} exists",
            shown.join(", ")
        )))
    }
}

impl ProfileProvider {
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let profile = self.read_profile()?;
        match &profile.role_arn {
            None => Ok(profile.keys),
            #[cfg(feature = "client")]
            Some(arn) => {
                super::assume_role::assume_with(
                    profile.keys,
                    arn,
                    profile.role_session_name.as_deref(),
                    self.sts_endpoint.as_ref(),
                )
                .await
            }
            #[cfg(not(feature = "client"))]
            Some(arn) => Err(CredentialsError::Config {
                source: format!("profile role_arn {arn}"),
                detail: "assuming a role needs tcapi's `client` feature".into(),
            }),
        }
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// Parses an INI profile file's text and returns `profile`'s keys, `None` when it has none.
fn parse(text: &str, profile: &str) -> Result<Option<Credentials>, String> {
    parse_profile(text, profile).map(|p| p.map(|p| p.keys))
}

/// One profile of the file: its keys and the role they assume, if any.
struct Profile {
    keys: Credentials,
    role_arn: Option<String>,
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    role_session_name: Option<String>,
}

/// Parses an INI profile file's text and returns `profile`'s keys and role, `None` when it
/// has no keys. Values are taken without surrounding whitespace (as the official SDKs do),
/// optionally quoted; keys other than `secret_id`, `secret_key`, `token`, `role_arn` and
/// `role_session_name` are ignored.
fn parse_profile(text: &str, profile: &str) -> Result<Option<Profile>, String> {
    let mut section: Option<&str> = None;
    let (mut id, mut key, mut token) = (None, None, None);
    let (mut role_arn, mut role_session_name) = (None, None);
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
            "role_arn" => role_arn = Some(v),
            "role_session_name" => role_session_name = Some(v),
            _ => {}
        }
    }
    let id = id.filter(|v| !v.is_empty());
    let key = key.filter(|v| !v.is_empty());
    match (id, key) {
        (None, None) => Ok(None),
        (Some(id), Some(key)) => {
            Credentials::from_parts(id, key, token.filter(|t| !t.is_empty()), "")
                .map(|keys| {
                    Some(Profile {
                        keys,
                        role_arn: role_arn.filter(|r| !r.is_empty()),
                        role_session_name: role_session_name.filter(|r| !r.is_empty()),
                    })
                })
                .map_err(|e| format!("[{profile}]: {e}"))
        }
        (Some(_), None) => Err(format!("[{profile}] has secret_id but no secret_key")),
        (None, Some(_)) => Err(format!("[{profile}] has secret_key but no secret_id")),
    }
}

impl Credentials {
    /// Reads the `[default]` profile of an INI credentials file.
    ///
    /// `Ok(None)` when the file does not exist or has no `[default]` section with keys.
    pub fn from_profile_file(path: &Path) -> Result<Option<Self>, CredentialsError> {
        Self::from_profile_file_named(path, DEFAULT_PROFILE)
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
        parse(&text, profile).map_err(|detail| CredentialsError::ProfileFile {
            path: path.to_owned(),
            detail,
        })
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

#[cfg(test)]
mod tests {
    use super::super::test_env as env;
    use super::*;

    #[test]
    fn profile_text_parsing() {
        let text = "# comment\n[other]\nsecret_id = X\nsecret_key = Y\n\n[default]\nsecret_id = AKID9 \nsecret_key=\"KEY9\"\nrole_arn = r\n";
        let c = parse(text, "default").unwrap().unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token()),
            ("AKID9", "KEY9", None)
        );
        let c = parse(text, "other").unwrap().unwrap();
        assert_eq!(c.secret_id(), "X");
        assert_eq!(parse("[x]\na=b\n", "default").unwrap(), None);
        let e = parse("[default]\nsecret_id=A\n", "default").unwrap_err();
        assert!(e.contains("no secret_key"), "{e}");
        let e = parse("[default\n", "default").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
        let e = parse("[default]\njunk\n", "default").unwrap_err();
        assert!(e.contains("line 2: expected `key = value`"), "{e}");
        let e = parse("[default]\nsecret_id=A\nsecret_key=\"B \"\n", "default").unwrap_err();
        assert!(e.contains("[default]: SecretKey has trailing"), "{e}");
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
    fn named_profiles_and_default() {
        let dir = super::super::test_dir("profile");
        let file = dir.join("credentials");
        std::fs::write(
            &file,
            "[default]\nsecret_id = DEFID\nsecret_key = DEFKEY\n\n[prod]\nsecret_id = PRODID\nsecret_key = PRODKEY\ntoken = PRODTOK\n",
        )
        .unwrap();
        let f = file.to_str().unwrap().to_owned();
        let base = env(&[(ENV_CREDENTIALS_FILE, &f)]);
        let c = ProfileProvider::with_lookup(base.clone()).read().unwrap();
        assert_eq!(c.secret_id(), "DEFID");
        let c = ProfileProvider::with_lookup(base.clone())
            .profile("prod")
            .read()
            .unwrap();
        assert_eq!((c.secret_id(), c.token()), ("PRODID", Some("PRODTOK")));
        let by_env = env(&[(ENV_CREDENTIALS_FILE, &f), (ENV_PROFILE, "prod")]);
        let c = ProfileProvider::with_lookup(by_env).read().unwrap();
        assert_eq!(c.secret_id(), "PRODID");
        // A profile asked for by name and missing is a configuration error, not absence.
        let e = ProfileProvider::with_lookup(base.clone())
            .profile("staging")
            .read()
            .unwrap_err();
        assert!(matches!(e, CredentialsError::ProfileFile { .. }), "{e}");
        assert!(e.to_string().contains("no profile [staging]"), "{e}");
        // An explicit file wins over the environment.
        let other = dir.join("other");
        std::fs::write(&other, "[default]\nsecret_id = OTHER\nsecret_key = K\n").unwrap();
        let c = ProfileProvider::with_lookup(base)
            .file(&other)
            .read()
            .unwrap();
        assert_eq!(c.secret_id(), "OTHER");
        // No file at all: absence, naming every path looked at.
        let e =
            ProfileProvider::with_lookup(env(&[("HOME", dir.join("nohome").to_str().unwrap())]))
                .read()
                .unwrap_err();
        assert!(e.is_not_found(), "{e}");
        assert!(e.to_string().contains("nohome"), "{e}");
        // A file without [default]: absence too.
        std::fs::write(&file, "[prod]\nsecret_id = P\nsecret_key = K\n").unwrap();
        let e = ProfileProvider::with_lookup(env(&[(ENV_CREDENTIALS_FILE, &f)]))
            .read()
            .unwrap_err();
        assert!(e.is_not_found(), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
