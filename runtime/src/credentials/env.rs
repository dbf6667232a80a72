//! Keys from environment variables: [`EnvProvider`].
//!
//! | variable | meaning |
//! | --- | --- |
//! | `TENCENTCLOUD_SECRET_ID` | SecretId |
//! | `TENCENTCLOUD_SECRET_KEY` | SecretKey |
//! | `TENCENTCLOUD_TOKEN` | session token of temporary keys (the name `tccli` uses); `TENCENTCLOUD_SESSION_TOKEN` is read when it is unset |

use std::fmt;

use super::keys::check;
use super::{Credentials, CredentialsError, Lookup, ProvideCredentials, ProvideFuture};

/// Environment variable holding the SecretId.
pub const ENV_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
/// Environment variable holding the SecretKey.
pub const ENV_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
/// Environment variable holding the session token of temporary credentials (as `tccli` names it).
pub const ENV_TOKEN: &str = "TENCENTCLOUD_TOKEN";
/// Alternative name for [`ENV_TOKEN`], read when that one is unset.
pub const ENV_SESSION_TOKEN: &str = "TENCENTCLOUD_SESSION_TOKEN";

/// Reads [`ENV_SECRET_ID`], [`ENV_SECRET_KEY`] and [`ENV_TOKEN`] (or [`ENV_SESSION_TOKEN`])
/// on every [`provide`](ProvideCredentials::provide).
///
/// [`CredentialsError::NotFound`] when neither id nor key is set; `Incomplete` when only one
/// is; `Malformed` when a value has surrounding whitespace.
#[derive(Clone)]
pub struct EnvProvider {
    lookup: Lookup,
}

impl fmt::Debug for EnvProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvProvider")
    }
}

impl Default for EnvProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EnvProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self {
            lookup: super::process_env(),
        }
    }

    /// Reads variables through `lookup` instead (for tests and embedding).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: std::sync::Arc::new(lookup),
        }
    }

    /// The credentials the environment holds now.
    pub fn read(&self) -> Result<Credentials, CredentialsError> {
        read(&*self.lookup)?.ok_or_else(|| {
            CredentialsError::not_found(format!(
                "environment: {ENV_SECRET_ID} and {ENV_SECRET_KEY} are not set"
            ))
        })
    }
}

impl ProvideCredentials for EnvProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(self.read()))
    }
}

/// `Ok(None)` when neither id nor key is set.
pub(crate) fn read(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Credentials>, CredentialsError> {
    let nonempty = |name: &str| lookup(name).filter(|v| !v.is_empty());
    let (id, key) = match (nonempty(ENV_SECRET_ID), nonempty(ENV_SECRET_KEY)) {
        (None, None) => return Ok(None),
        (Some(id), Some(key)) => (id, key),
        (Some(_), None) => {
            return Err(CredentialsError::Incomplete {
                detail: format!("environment: {ENV_SECRET_ID} is set but {ENV_SECRET_KEY} is not"),
            });
        }
        (None, Some(_)) => {
            return Err(CredentialsError::Incomplete {
                detail: format!("environment: {ENV_SECRET_KEY} is set but {ENV_SECRET_ID} is not"),
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
    Credentials::from_parts(id, key, token, "").map(Some)
}

impl Credentials {
    /// Reads [`ENV_SECRET_ID`], [`ENV_SECRET_KEY`] and [`ENV_TOKEN`] (or [`ENV_SESSION_TOKEN`]).
    ///
    /// `Ok(None)` when neither id nor key is set; an error when only one is, or when a value
    /// is malformed.
    pub fn from_env() -> Result<Option<Self>, CredentialsError> {
        read(&|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] with a custom variable lookup (for tests and embedding).
    pub fn from_env_with(
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, CredentialsError> {
        read(lookup)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_env as env;
    use super::*;

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
        assert_eq!(c.expires_at(), None);
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
    fn provider_reports_absence_as_not_found() {
        let p = EnvProvider::with_lookup(env(&[]));
        let e = p.read().unwrap_err();
        assert!(e.is_not_found(), "{e}");
        assert!(e.to_string().contains("TENCENTCLOUD_SECRET_ID"), "{e}");
        let p = EnvProvider::with_lookup(env(&[(ENV_SECRET_ID, "A"), (ENV_SECRET_KEY, "B")]));
        assert_eq!(p.read().unwrap().secret_id(), "A");
    }
}
