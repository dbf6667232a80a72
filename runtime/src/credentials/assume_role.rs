//! Temporary keys of a CAM role, from `sts:AssumeRole`: [`AssumeRoleProvider`].

use std::fmt;
use std::time::Duration;

use crate::client::{Client, ClientBuilder, Endpoint};

use super::sts::{
    self, AssumeRoleRequest, DEFAULT_DURATION, DEFAULT_STS_REGION, credentials_error,
};
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};

/// Assumes a role with the keys of another provider (`source`): each
/// [`provide`](ProvideCredentials::provide) calls `sts:AssumeRole` through a tcapi
/// [`Client`] signed with the source's keys, so the call is validated, signed, rate-limited
/// and retried like any other.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use tcapi::credentials::{AssumeRoleProvider, EnvProvider};
///
/// let role = AssumeRoleProvider::builder(EnvProvider::new(), "qcs::cam::uin/100000000001:roleName/reader")
///     .session_name("nightly-report")
///     .build()?;
/// let client = tcapi::Client::builder().credentials_provider(role).build()?;
/// # Ok(()) }
/// ```
pub struct AssumeRoleProvider {
    client: Client,
    request: AssumeRoleRequest,
    source: String,
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

/// Settings of an [`AssumeRoleProvider`].
pub struct AssumeRoleBuilder {
    client: ClientBuilder,
    region: String,
    request: AssumeRoleRequest,
}

impl fmt::Debug for AssumeRoleBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleBuilder")
            .field("region", &self.region)
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` with `source`'s keys.
    pub fn builder(
        source: impl ProvideCredentials,
        role_arn: impl Into<String>,
    ) -> AssumeRoleBuilder {
        AssumeRoleBuilder {
            client: Client::builder().credentials_provider(source),
            region: DEFAULT_STS_REGION.to_owned(),
            request: AssumeRoleRequest {
                role_arn: role_arn.into(),
                role_session_name: sts::default_session_name(),
                duration_seconds: Some(DEFAULT_DURATION.as_secs()),
                policy: None,
            },
        }
    }

    async fn assume(&self) -> Result<Credentials, CredentialsError> {
        let response = self
            .client
            .send(self.request.clone())
            .await
            .map_err(|e| credentials_error(&self.source, e))?;
        response.into_credentials(&self.source)
    }
}

impl AssumeRoleBuilder {
    /// `RoleSessionName`. Default: `tcapi-rust-<microseconds since the epoch>`.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.request.role_session_name = name.into();
        self
    }

    /// `DurationSeconds`: how long the keys live (at most 12 hours). Default: 2 hours.
    /// Sub-second parts are dropped.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.request.duration_seconds = Some(duration.as_secs());
        self
    }

    /// `Policy`: a CAM policy document (JSON) narrowing the role's permissions; it is
    /// URL-encoded as STS requires.
    pub fn policy(mut self, policy_json: &str) -> Self {
        self.request.policy = Some(sts::url_encode(policy_json));
        self
    }

    /// The region of the STS call. Default: [`DEFAULT_STS_REGION`].
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
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
        self.client = f(self.client);
        self
    }

    /// The provider; fails when the region or endpoint cannot work.
    pub fn build(self) -> Result<AssumeRoleProvider, CredentialsError> {
        let source = format!("sts AssumeRole {}", self.request.role_arn);
        let client =
            self.client
                .region(self.region)
                .build()
                .map_err(|e| CredentialsError::Config {
                    source: source.clone(),
                    detail: e.to_string(),
                })?;
        Ok(AssumeRoleProvider {
            client,
            request: self.request,
            source,
        })
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.assume())
    }
}

/// Assumes `role_arn` with fixed `keys` (a profile's `role_arn`), once: the caller's cache
/// keeps the role's keys until shortly before they expire.
pub(crate) async fn assume_with(
    keys: Credentials,
    role_arn: &str,
    session_name: Option<&str>,
    endpoint: Option<&Endpoint>,
) -> Result<Credentials, CredentialsError> {
    let mut builder = AssumeRoleProvider::builder(keys, role_arn);
    if let Some(name) = session_name {
        builder = builder.session_name(name);
    }
    if let Some(e) = endpoint {
        builder = builder.endpoint(e.clone());
    }
    builder.build()?.assume().await
}
