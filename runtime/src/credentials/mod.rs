//! API credentials: where they come from, and how the client keeps them fresh.
//!
//! | source | provider | configured by |
//! | --- | --- | --- |
//! | explicit keys | [`Credentials`] ([`Credentials::new`], [`Credentials::with_token`]) | code |
//! | environment | [`EnvProvider`] | `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, and for temporary keys `TENCENTCLOUD_TOKEN` (the name `tccli` uses; `TENCENTCLOUD_SESSION_TOKEN` is read when it is unset) |
//! | profile file | [`ProfileProvider`] | `$TENCENTCLOUD_CREDENTIALS_FILE`, else `~/.tencentcloud/credentials`, else `/etc/tencentcloud/credentials`: INI, profile `[default]` or `$TENCENTCLOUD_PROFILE`, keys `secret_id`, `secret_key`, optional `token` |
//! | tccli's files | [`TccliProvider`] | `~/.tccli/<$TCCLI_PROFILE or default>.credential` (JSON `secretId`, `secretKey`, `token`, `role-arn`, `role-session-name`) and the region of `<profile>.configure` |
//! | CVM instance role | `CvmRoleProvider` | the metadata server `http://metadata.tencentyun.com/latest/meta-data/` (overridable), 1 s timeouts |
//! | STS `AssumeRole` | `AssumeRoleProvider` | a role ARN and another provider's keys |
//! | TKE OIDC | `WebIdentityProvider` | `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN` |
//! | a chain | [`ChainProvider`], [`DefaultChain`] (env → profile → tccli → CVM role → TKE OIDC) | code |
//!
//! The network providers, the `sts` actions they call and the cache need the `client`
//! feature.
//!
//! [`ProvideCredentials`] is asynchronous, so a provider may fetch temporary keys over the
//! network; a `CachedProvider` (which the `Client` puts in front of any provider) reuses
//! them until shortly before they expire ([`Credentials::expires_at`]), refreshing one at a
//! time in the background.
//!
//! Keys with leading or trailing whitespace are rejected: a pasted key with a trailing
//! newline is a classic cause of `AuthFailure.SignatureFailure`. The secret key and token are
//! never printed: `Debug` shows `<redacted>`, and the SecretId is shortened.

use std::sync::Arc;

#[cfg(feature = "client")]
mod assume_role;
#[cfg(feature = "client")]
mod cache;
mod chain;
#[cfg(feature = "client")]
mod cvm;
mod default_chain;
mod env;
mod error;
mod keys;
mod profile;
mod provider;
mod static_keys;
#[cfg(feature = "client")]
pub mod sts;
mod tccli;
#[cfg(feature = "client")]
mod web_identity;

#[cfg(feature = "client")]
pub use assume_role::{AssumeRoleBuilder, AssumeRoleProvider};
#[cfg(feature = "client")]
pub use cache::{
    CachedProvider, CachedProviderBuilder, DEFAULT_REFRESH_MARGIN, DEFAULT_RETRY_INTERVAL,
};
pub use chain::ChainProvider;
#[cfg(feature = "client")]
pub use cvm::{CvmRoleProvider, DEFAULT_METADATA_TIMEOUT, DEFAULT_METADATA_URL};
pub use default_chain::{DefaultChain, DefaultChainBuilder};
pub use env::{ENV_SECRET_ID, ENV_SECRET_KEY, ENV_SESSION_TOKEN, ENV_TOKEN, EnvProvider};
pub use error::CredentialsError;
pub use keys::Credentials;
pub use profile::{DEFAULT_PROFILE, ENV_CREDENTIALS_FILE, ENV_PROFILE, ProfileProvider};
pub use provider::{ProvideCredentials, ProvideFuture};
#[cfg(feature = "client")]
pub(crate) use tccli::default_region;
pub use tccli::{ENV_REGION, ENV_TCCLI_PROFILE, TccliProvider};
#[cfg(feature = "client")]
pub use web_identity::{
    ENV_TKE_PROVIDER_ID, ENV_TKE_REGION, ENV_TKE_ROLE_ARN, ENV_TKE_WEB_IDENTITY_TOKEN_FILE,
    WebIdentityBuilder, WebIdentityProvider,
};

/// How providers read environment variables: the process environment, or a test's map.
pub(crate) type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

pub(crate) fn process_env() -> Lookup {
    Arc::new(|name| std::env::var(name).ok())
}

/// An environment of `pairs` (tests only).
#[cfg(test)]
pub(crate) fn test_env(
    pairs: &[(&str, &str)],
) -> impl Fn(&str) -> Option<String> + Clone + Send + Sync + 'static {
    let map: std::collections::HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

/// A fresh scratch directory for one test (tests only).
#[cfg(test)]
pub(crate) fn test_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tcapi-cred-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}
