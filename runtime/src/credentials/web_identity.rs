//! Temporary keys of a role for an OIDC token (TKE workload identity), from
//! `sts:AssumeRoleWithWebIdentity`: [`WebIdentityProvider`].
//!
//! | variable | meaning |
//! | --- | --- |
//! | `TKE_REGION` | region of the STS call |
//! | `TKE_PROVIDER_ID` | `ProviderId`: the identity provider's name in CAM |
//! | `TKE_WEB_IDENTITY_TOKEN_FILE` | file holding the OIDC token; read again on every refresh (the cluster rotates it) |
//! | `TKE_ROLE_ARN` | `RoleArn` of the role to assume |
//!
//! The call carries no signature (`Authorization: SKIP`): the token is the proof, as in the
//! official SDKs' OIDC providers.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::client::{Client, ClientBuilder, Endpoint};

use super::sts::{self, AssumeRoleWithWebIdentityRequest, DEFAULT_DURATION, credentials_error};
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};

/// Environment variable: region of the STS call.
pub const ENV_TKE_REGION: &str = "TKE_REGION";
/// Environment variable: `ProviderId`.
pub const ENV_TKE_PROVIDER_ID: &str = "TKE_PROVIDER_ID";
/// Environment variable: the OIDC token file.
pub const ENV_TKE_WEB_IDENTITY_TOKEN_FILE: &str = "TKE_WEB_IDENTITY_TOKEN_FILE";
/// Environment variable: `RoleArn`.
pub const ENV_TKE_ROLE_ARN: &str = "TKE_ROLE_ARN";

/// A token file larger than this is not an OIDC token.
const MAX_TOKEN_FILE: u64 = 1024 * 1024;

/// Calls `sts:AssumeRoleWithWebIdentity` unsigned with the token read from a file.
pub struct WebIdentityProvider {
    client: Client,
    provider_id: String,
    token_file: PathBuf,
    role_arn: String,
    session_name: Option<String>,
    duration: Duration,
    source: String,
}

impl fmt::Debug for WebIdentityProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebIdentityProvider")
            .field("provider_id", &self.provider_id)
            .field("token_file", &self.token_file)
            .field("role_arn", &self.role_arn)
            .finish_non_exhaustive()
    }
}

/// Settings of a [`WebIdentityProvider`].
pub struct WebIdentityBuilder {
    client: ClientBuilder,
    region: String,
    provider_id: String,
    token_file: PathBuf,
    role_arn: String,
    session_name: Option<String>,
    duration: Duration,
}

impl fmt::Debug for WebIdentityBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebIdentityBuilder")
            .field("region", &self.region)
            .field("provider_id", &self.provider_id)
            .field("token_file", &self.token_file)
            .field("role_arn", &self.role_arn)
            .finish_non_exhaustive()
    }
}

impl WebIdentityProvider {
    /// Assumes `role_arn` in `region` with the token of `provider_id` read from `token_file`.
    pub fn builder(
        region: impl Into<String>,
        provider_id: impl Into<String>,
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
    ) -> WebIdentityBuilder {
        WebIdentityBuilder {
            client: Client::builder().unsigned(),
            region: region.into(),
            provider_id: provider_id.into(),
            token_file: token_file.into(),
            role_arn: role_arn.into(),
            session_name: None,
            duration: DEFAULT_DURATION,
        }
    }

    /// The settings from `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE` and
    /// `TKE_ROLE_ARN`. [`CredentialsError::NotFound`] when none is set, `Incomplete` when
    /// only some are.
    pub fn from_env() -> Result<WebIdentityBuilder, CredentialsError> {
        Self::from_env_with(&|name| std::env::var(name).ok())
    }

    /// [`WebIdentityProvider::from_env`] with a custom variable lookup.
    pub fn from_env_with(
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<WebIdentityBuilder, CredentialsError> {
        let names = [
            ENV_TKE_REGION,
            ENV_TKE_PROVIDER_ID,
            ENV_TKE_WEB_IDENTITY_TOKEN_FILE,
            ENV_TKE_ROLE_ARN,
        ];
        let values = names.map(|n| {
            lookup(n)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        });
        let missing: Vec<&str> = names
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| *n)
            .collect();
        match values {
            [Some(region), Some(provider), Some(file), Some(role)] => {
                Ok(Self::builder(region, provider, file, role))
            }
            _ if missing.len() == names.len() => Err(CredentialsError::not_found(format!(
                "TKE OIDC: {} are not set",
                names.join(", ")
            ))),
            _ => Err(CredentialsError::Incomplete {
                detail: format!("TKE OIDC: {} not set", missing.join(", ")),
            }),
        }
    }

    async fn assume(&self) -> Result<Credentials, CredentialsError> {
        let token = read_token(&self.token_file).map_err(|detail| CredentialsError::Config {
            source: self.source.clone(),
            detail,
        })?;
        let request = AssumeRoleWithWebIdentityRequest {
            provider_id: self.provider_id.clone(),
            web_identity_token: token,
            role_arn: self.role_arn.clone(),
            role_session_name: self
                .session_name
                .clone()
                .unwrap_or_else(sts::default_session_name),
            duration_seconds: Some(self.duration.as_secs()),
        };
        let response = self
            .client
            .send(request)
            .await
            .map_err(|e| credentials_error(&self.source, e))?;
        response.into_credentials(&self.source)
    }
}

/// The token file's content without surrounding whitespace.
fn read_token(path: &std::path::Path) -> Result<String, String> {
    let shown = path.display();
    // A small local file, read once per refresh: inline rather than on a blocking thread.
    let meta = std::fs::metadata(path).map_err(|e| format!("token file {shown}: {e}"))?;
    if meta.len() > MAX_TOKEN_FILE {
        return Err(format!(
            "token file {shown} is {} bytes, more than an OIDC token",
            meta.len()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("token file {shown}: {e}"))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(format!("token file {shown} is empty"));
    }
    Ok(token.to_owned())
}

impl WebIdentityBuilder {
    /// `RoleSessionName`. Default: `tcapi-rust-<microseconds since the epoch>`, new for
    /// every refresh.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// `DurationSeconds`: how long the keys live (at most 12 hours). Default: 2 hours.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// The STS endpoint. Default: [`Endpoint::Mainland`] (`sts.tencentcloudapi.com`).
    /// `TCAPI_ENDPOINT` overrides it, as it does for every service.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.client = self.client.endpoint(endpoint);
        self
    }

    /// Changes the STS client's other settings (timeouts, retries, language).
    pub fn configure(mut self, f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Self {
        self.client = f(self.client).unsigned();
        self
    }

    /// The provider; fails when the region or endpoint cannot work.
    pub fn build(self) -> Result<WebIdentityProvider, CredentialsError> {
        let source = format!("sts AssumeRoleWithWebIdentity {}", self.role_arn);
        let client =
            self.client
                .region(self.region)
                .build()
                .map_err(|e| CredentialsError::Config {
                    source: source.clone(),
                    detail: e.to_string(),
                })?;
        Ok(WebIdentityProvider {
            client,
            provider_id: self.provider_id,
            token_file: self.token_file,
            role_arn: self.role_arn,
            session_name: self.session_name,
            duration: self.duration,
            source,
        })
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.assume())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_env as env;
    use super::*;

    #[test]
    fn settings_from_the_environment() {
        let e = WebIdentityProvider::from_env_with(&env(&[])).unwrap_err();
        assert!(e.is_not_found(), "{e}");
        assert!(e.to_string().contains("TKE_ROLE_ARN"), "{e}");
        let e = WebIdentityProvider::from_env_with(&env(&[
            (ENV_TKE_REGION, "ap-guangzhou"),
            (ENV_TKE_ROLE_ARN, "arn"),
        ]))
        .unwrap_err();
        assert!(matches!(e, CredentialsError::Incomplete { .. }), "{e}");
        assert!(
            e.to_string()
                .contains("TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE not set"),
            "{e}"
        );
        let b = WebIdentityProvider::from_env_with(&env(&[
            (ENV_TKE_REGION, "ap-guangzhou"),
            (ENV_TKE_PROVIDER_ID, "prov"),
            (ENV_TKE_WEB_IDENTITY_TOKEN_FILE, "/var/run/token"),
            (ENV_TKE_ROLE_ARN, "arn"),
        ]))
        .unwrap();
        assert_eq!(
            (
                b.region.as_str(),
                b.provider_id.as_str(),
                b.role_arn.as_str()
            ),
            ("ap-guangzhou", "prov", "arn")
        );
        assert_eq!(b.token_file, PathBuf::from("/var/run/token"));
    }

    #[test]
    fn token_file_problems_are_named() {
        let dir = super::super::test_dir("oidc-token");
        let e = read_token(&dir.join("absent")).unwrap_err();
        assert!(e.contains("absent"), "{e}");
        std::fs::write(dir.join("empty"), "\n").unwrap();
        let e = read_token(&dir.join("empty")).unwrap_err();
        assert!(e.contains("is empty"), "{e}");
        std::fs::write(dir.join("ok"), "eyJtoken\n").unwrap();
        assert_eq!(read_token(&dir.join("ok")).unwrap(), "eyJtoken");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
