//! Keys and region from the files of Tencent Cloud's CLI, `tccli`: [`TccliProvider`].
//!
//! `tccli configure` keeps, per profile, two JSON files in `~/.tccli/`:
//!
//! - `<profile>.credential`: `secretId`, `secretKey`, optionally `token`, and for a role
//!   `role-arn` and `role-session-name`:
//!
//!   ```json
//!   {"secretId": "AKIDxxxxxxxx", "secretKey": "xxxxxxxx", "role-arn": "qcs::cam::uin/100000000001:roleName/ops", "role-session-name": "tccli"}
//!   ```
//!
//! - `<profile>.configure`: the region and output format under `_sys_param`
//!   (`{"_sys_param": {"region": "ap-guangzhou", "output": "json"}, "cvm": {...}}`).
//!
//! The profile is the one named with [`TccliProvider::profile`], else `$TCCLI_PROFILE`
//! (as tccli reads it), else `default`. When `role-arn` is set, the keys sign an
//! `sts:AssumeRole` call for that role (session name `role-session-name`, else tcapi's
//! default) and the provider hands out the role's temporary keys; tccli does the same. A
//! credential file of `"type": "cvm-role"` (tccli's "use the instance role") has no keys:
//! the provider reports it as absent, and the default chain's CVM role source comes next.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Credentials, CredentialsError, Lookup, ProvideCredentials, ProvideFuture};

/// Environment variable naming tccli's profile (tccli's own).
pub const ENV_TCCLI_PROFILE: &str = "TCCLI_PROFILE";

/// The keys of a tccli credential file, and the role they assume when one is set.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Profile {
    pub(crate) keys: Credentials,
    pub(crate) role_arn: Option<String>,
    pub(crate) role_session_name: Option<String>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("keys", &self.keys)
            .field("role_arn", &self.role_arn)
            .field("role_session_name", &self.role_session_name)
            .finish()
    }
}

/// Keys (and a role) from `~/.tccli/<profile>.credential`, read on every
/// [`provide`](ProvideCredentials::provide).
///
/// `tccli configure` keeps, per profile, two JSON files in `~/.tccli/`: the credential file
/// (`secretId`, `secretKey`, optionally `token`, and for a role `role-arn` and
/// `role-session-name`) and `<profile>.configure`, whose `_sys_param.region` is the
/// profile's region ([`TccliProvider::region`]):
///
/// ```json
/// {"secretId": "AKIDxxxxxxxx", "secretKey": "xxxxxxxx", "role-arn": "qcs::cam::uin/100000000001:roleName/ops", "role-session-name": "tccli"}
/// ```
///
/// The profile is the one named with [`TccliProvider::profile`], else `$TCCLI_PROFILE` (as
/// tccli reads it), else `default`. When `role-arn` is set, the keys sign an
/// `sts:AssumeRole` call for that role (session name `role-session-name`, else tcapi's
/// default) and the provider hands out the role's temporary keys, as tccli does. A
/// credential file of `"type": "cvm-role"` (tccli's "use the instance role") has no keys: the
/// provider reports it as absent, and the default chain's CVM role source comes next. A
/// malformed file is a [`CredentialsError::ProfileFile`] naming it and what is wrong.
#[derive(Clone)]
pub struct TccliProvider {
    lookup: Lookup,
    dir: Option<PathBuf>,
    profile: Option<String>,
    #[cfg(feature = "client")]
    sts_endpoint: Option<crate::client::Endpoint>,
}

impl fmt::Debug for TccliProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TccliProvider")
            .field("dir", &self.dir)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl Default for TccliProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl TccliProvider {
    /// tccli's directory (`~/.tccli`) and profile, from the process environment.
    pub fn new() -> Self {
        Self::from_lookup(super::process_env())
    }

    /// Reads variables (`TCCLI_PROFILE`, `HOME`) through `lookup` instead of the process
    /// environment.
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self::from_lookup(std::sync::Arc::new(lookup))
    }

    pub(crate) fn from_lookup(lookup: Lookup) -> Self {
        Self {
            lookup,
            dir: None,
            profile: None,
            #[cfg(feature = "client")]
            sts_endpoint: None,
        }
    }

    /// Reads this directory instead of `~/.tccli`.
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
        self
    }

    /// Reads this profile instead of `$TCCLI_PROFILE` or `default`.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The STS endpoint of the role assumption (default `sts.tencentcloudapi.com`).
    #[cfg(feature = "client")]
    pub fn sts_endpoint(mut self, endpoint: crate::client::Endpoint) -> Self {
        self.sts_endpoint = Some(endpoint);
        self
    }

    fn profile_name(&self) -> String {
        self.profile
            .clone()
            .or_else(|| (self.lookup)(ENV_TCCLI_PROFILE).filter(|p| !p.trim().is_empty()))
            .unwrap_or_else(|| super::DEFAULT_PROFILE.to_owned())
    }

    fn directory(&self) -> Option<PathBuf> {
        self.dir.clone().or_else(|| tccli_dir(&*self.lookup))
    }

    /// The path of the profile's credential file (`None` without a home directory).
    pub fn credential_path(&self) -> Option<PathBuf> {
        let profile = self.profile_name();
        self.directory()
            .map(|d| d.join(format!("{profile}.credential")))
    }

    /// The path of the profile's configuration file (`None` without a home directory).
    pub fn configure_path(&self) -> Option<PathBuf> {
        let profile = self.profile_name();
        self.directory()
            .map(|d| d.join(format!("{profile}.configure")))
    }

    /// The keys the credential file holds now (before any role is assumed).
    pub fn read_keys(&self) -> Result<Credentials, CredentialsError> {
        self.read().map(|p| p.keys)
    }

    pub(crate) fn read(&self) -> Result<Profile, CredentialsError> {
        let Some(path) = self.credential_path() else {
            return Err(CredentialsError::not_found(
                "tccli: no home directory (HOME) to find ~/.tccli in",
            ));
        };
        match read_json(&path)? {
            None => Err(CredentialsError::not_found(format!(
                "tccli: {} does not exist",
                path.display()
            ))),
            Some(v) => parse_credential(&v).map_err(|detail| match detail {
                Parsed::Absent(why) => {
                    CredentialsError::not_found(format!("tccli: {}: {why}", path.display()))
                }
                Parsed::Bad(detail) => CredentialsError::ProfileFile { path, detail },
            }),
        }
    }

    /// The region of the profile's configuration file (`_sys_param.region`), `None` when
    /// the file or the region is missing; an error names the file when it is not JSON.
    pub fn region(&self) -> Result<Option<String>, CredentialsError> {
        let Some(path) = self.configure_path() else {
            return Ok(None);
        };
        let Some(v) = read_json(&path)? else {
            return Ok(None);
        };
        match v.get("_sys_param").and_then(|p| p.get("region")) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(r)) if r.trim().is_empty() => Ok(None),
            Some(Value::String(r)) => Ok(Some(r.trim().to_owned())),
            Some(other) => Err(CredentialsError::ProfileFile {
                path,
                detail: format!("`_sys_param.region` is not a string but {other}"),
            }),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let profile = self.read()?;
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
                source: format!("tccli role {arn}"),
                detail: "assuming a role needs tcapi's `client` feature".into(),
            }),
        }
    }
}

impl ProvideCredentials for TccliProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// Environment variable of the default region (tccli's own).
pub const ENV_REGION: &str = "TENCENTCLOUD_REGION";

/// The region of a client built without one: `$TENCENTCLOUD_REGION`, else the region of
/// tccli's profile (`~/.tccli/<$TCCLI_PROFILE or default>.configure`), else none. An error
/// names the configuration file when it is malformed.
#[cfg(feature = "client")]
pub(crate) fn default_region(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<String>, String> {
    if let Some(r) = lookup(ENV_REGION).filter(|r| !r.trim().is_empty()) {
        return Ok(Some(r.trim().to_owned()));
    }
    let Some(dir) = tccli_dir(lookup) else {
        return Ok(None);
    };
    let profile = lookup(ENV_TCCLI_PROFILE).filter(|p| !p.trim().is_empty());
    TccliProvider::with_lookup(|_| None)
        .dir(dir)
        .profile(profile.unwrap_or_else(|| super::DEFAULT_PROFILE.to_owned()))
        .region()
        .map_err(|e| e.to_string())
}

/// `~/.tccli`.
pub(crate) fn tccli_dir(lookup: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    lookup("HOME")
        .or_else(|| lookup("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(|home| Path::new(&home).join(".tccli"))
}

/// The JSON object of a file, `None` when the file does not exist.
fn read_json(path: &Path) -> Result<Option<Value>, CredentialsError> {
    let bad = |detail: String| CredentialsError::ProfileFile {
        path: path.to_owned(),
        detail,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(bad(e.to_string())),
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(v @ Value::Object(_)) => Ok(Some(v)),
        Ok(_) => Err(bad("not a JSON object".into())),
        Err(e) => Err(bad(format!("not JSON: {e}"))),
    }
}

enum Parsed {
    /// No keys here, and rightly so (a `cvm-role` profile).
    Absent(String),
    /// A malformed file.
    Bad(String),
}

/// The keys and role of a credential file's JSON object.
fn parse_credential(v: &Value) -> Result<Profile, Parsed> {
    let text = |key: &str| -> Result<Option<String>, Parsed> {
        match v.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(Parsed::Bad(format!("`{key}` is not a string but {other}"))),
        }
    };
    if text("type")?.as_deref() == Some("cvm-role") {
        return Err(Parsed::Absent(
            "\"type\": \"cvm-role\" (the instance role is the CVM role source's)".into(),
        ));
    }
    let (id, key) = (text("secretId")?, text("secretKey")?);
    let keys = match (id, key) {
        (Some(id), Some(key)) => Credentials::from_parts(id, key, text("token")?, "")
            .map_err(|e| Parsed::Bad(e.to_string()))?,
        (None, None) => return Err(Parsed::Absent("no secretId and secretKey".into())),
        (Some(_), None) => return Err(Parsed::Bad("`secretId` without `secretKey`".into())),
        (None, Some(_)) => return Err(Parsed::Bad("`secretKey` without `secretId`".into())),
    };
    Ok(Profile {
        keys,
        role_arn: text("role-arn")?,
        role_session_name: text("role-session-name")?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_env as env;
    use super::*;

    #[test]
    fn credential_files_read_keys_roles_and_refuse_bad_ones() {
        let dir = super::super::test_dir("tccli");
        let home = dir.to_str().unwrap().to_owned();
        let tccli = dir.join(".tccli");
        std::fs::create_dir_all(&tccli).unwrap();
        let write = |name: &str, text: &str| std::fs::write(tccli.join(name), text).unwrap();
        write(
            "default.credential",
            r#"{"secretId": "AKIDDEF", "secretKey": "KEYDEF", "token": null}"#,
        );
        write(
            "default.configure",
            r#"{"_sys_param": {"region": "ap-shanghai", "output": "json"}, "cvm": {"endpoint": "cvm.tencentcloudapi.com"}}"#,
        );
        write(
            "ops.credential",
            r#"{"secretId": "AKIDOPS", "secretKey": "KEYOPS", "role-arn": "qcs::cam::uin/1:roleName/ops", "role-session-name": "night"}"#,
        );
        let p = TccliProvider::with_lookup(env(&[("HOME", &home)]));
        let keys = p.read_keys().unwrap();
        assert_eq!((keys.secret_id(), keys.secret_key()), ("AKIDDEF", "KEYDEF"));
        assert_eq!(p.region().unwrap().as_deref(), Some("ap-shanghai"));
        let ops = TccliProvider::with_lookup(env(&[("HOME", &home), (ENV_TCCLI_PROFILE, "ops")]))
            .read()
            .unwrap();
        assert_eq!(ops.keys.secret_id(), "AKIDOPS");
        assert_eq!(
            ops.role_arn.as_deref(),
            Some("qcs::cam::uin/1:roleName/ops")
        );
        assert_eq!(ops.role_session_name.as_deref(), Some("night"));
        // No configure file: no region.
        let staging = p.clone().profile("staging");
        assert_eq!(staging.region().unwrap(), None);
        // Absent: no file, a cvm-role profile.
        assert!(staging.read().unwrap_err().is_not_found());
        write("cvm.credential", r#"{"type": "cvm-role"}"#);
        let e = p.clone().profile("cvm").read().unwrap_err();
        assert!(
            e.is_not_found() && e.to_string().contains("cvm-role"),
            "{e}"
        );
        // Malformed: an error naming the file and what is wrong, never a panic.
        for (text, why) in [
            ("{not json", "not JSON"),
            ("[1]", "not a JSON object"),
            (r#"{"secretId": "A"}"#, "`secretId` without `secretKey`"),
            (
                r#"{"secretId": 7, "secretKey": "K"}"#,
                "`secretId` is not a string",
            ),
            (r#"{"secretId": "A ", "secretKey": "K"}"#, "trailing"),
        ] {
            write("bad.credential", text);
            let e = p.clone().profile("bad").read().unwrap_err();
            let shown = e.to_string();
            assert!(matches!(e, CredentialsError::ProfileFile { .. }), "{shown}");
            assert!(
                shown.contains("bad.credential") && shown.contains(why),
                "{shown}"
            );
        }
        write("bad.configure", r#"{"_sys_param": {"region": 1}}"#);
        let e = p.clone().profile("bad").region().unwrap_err();
        assert!(e.to_string().contains("bad.configure"), "{e}");
        // No home: absent.
        assert!(
            TccliProvider::with_lookup(env(&[]))
                .read()
                .unwrap_err()
                .is_not_found()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
