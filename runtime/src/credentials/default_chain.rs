//! [`DefaultChain`]: the sources the official SDKs try, in their order.

use std::fmt;
#[cfg(feature = "client")]
use std::sync::OnceLock;

use super::{
    ChainProvider, Credentials, CredentialsError, EnvProvider, Lookup, ProfileProvider,
    ProvideCredentials, ProvideFuture, TccliProvider,
};
#[cfg(feature = "client")]
use super::{CvmRoleProvider, WebIdentityProvider};
#[cfg(feature = "client")]
use crate::client::Endpoint;

/// The sources the official SDKs try, in their order, with tccli's files after theirs:
///
/// 1. the environment ([`EnvProvider`]);
/// 2. the profile file ([`ProfileProvider`]: `$TENCENTCLOUD_CREDENTIALS_FILE`, else
///    `~/.tencentcloud/credentials`, else `/etc/tencentcloud/credentials`; a `role_arn` in
///    the profile is assumed with its keys);
/// 3. tccli's credential file ([`TccliProvider`]: `~/.tccli/<$TCCLI_PROFILE or
///    default>.credential`; a `role-arn` in it is assumed with its keys);
/// 4. the CVM instance role (`CvmRoleProvider`), from the metadata server;
/// 5. TKE OIDC (`WebIdentityProvider` from the `TKE_*` variables).
///
/// | source | tcapi | Python SDK `DefaultCredentialProvider` | Go SDK `DefaultProvider` |
/// | --- | --- | --- | --- |
/// | environment | 1 | 1 | 1 |
/// | `~/.tencentcloud/credentials`, `/etc/tencentcloud/credentials` | 2 (`role_arn` assumed) | 2 (`role_arn` read, not used) | 2 |
/// | `~/.tccli/<profile>.credential` | 3 | – | – |
/// | CVM role | 4 | 3 | 3 |
/// | TKE OIDC | 5 | 4 | – |
///
/// This is the order of the Python SDK's `DefaultCredentialProvider` (the Go SDK's default
/// chain has the first three, in the same order): explicit configuration first (variables,
/// then the files), then what the host offers. tccli's file comes after the SDKs' own file,
/// so a machine set up for the SDKs behaves as they do. The CVM role comes before OIDC although a TKE pod usually runs on a CVM: a
/// node with a role bound would lend it to every pod, so clusters that use OIDC should not
/// bind roles to nodes, or should configure a `WebIdentityProvider` explicitly. Without the
/// `client` feature (no HTTP stack) the chain is the environment and the profile file.
///
/// The first source with credentials is kept for the life of the chain (a CVM role or OIDC
/// source keeps refreshing its own keys); when none has any, the error lists what each one
/// said, in order.
pub struct DefaultChain {
    chain: ChainProvider,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DefaultChain").field(&self.chain).finish()
    }
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self::new()
    }
}

/// Settings of a [`DefaultChain`]: where it reads variables, and the endpoints of the
/// network sources (for tests, proxies or private endpoints).
pub struct DefaultChainBuilder {
    lookup: Lookup,
    #[cfg(feature = "client")]
    cvm: Option<CvmRoleProvider>,
    #[cfg(feature = "client")]
    sts_endpoint: Option<Endpoint>,
}

impl fmt::Debug for DefaultChainBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChainBuilder")
            .finish_non_exhaustive()
    }
}

impl DefaultChain {
    /// A chain over the process environment, the file system and the real endpoints.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A chain with settings.
    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder {
            lookup: super::process_env(),
            #[cfg(feature = "client")]
            cvm: Some(CvmRoleProvider::new()),
            #[cfg(feature = "client")]
            sts_endpoint: None,
        }
    }

    /// A chain that reads variables through `lookup` (also `HOME` for the profile file).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self::builder().lookup(lookup).build()
    }

    /// Resolves a fresh chain with a custom variable lookup, once.
    pub async fn resolve_with(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Result<Credentials, CredentialsError> {
        Self::with_lookup(lookup).provide().await
    }
}

impl DefaultChainBuilder {
    /// Reads variables through `lookup` instead of the process environment.
    pub fn lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.lookup = std::sync::Arc::new(lookup);
        self
    }

    /// The CVM role source, e.g. `CvmRoleProvider::new().base_url(..)`.
    #[cfg(feature = "client")]
    pub fn cvm(mut self, provider: CvmRoleProvider) -> Self {
        self.cvm = Some(provider);
        self
    }

    /// Skips the CVM role source (off CVM it costs up to one metadata timeout).
    #[cfg(feature = "client")]
    pub fn without_cvm(mut self) -> Self {
        self.cvm = None;
        self
    }

    /// The STS endpoint of the TKE OIDC source and of the roles the profile files name.
    /// Default: `sts.tencentcloudapi.com`.
    #[cfg(feature = "client")]
    pub fn sts_endpoint(mut self, endpoint: Endpoint) -> Self {
        self.sts_endpoint = Some(endpoint);
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultChain {
        let lookup = self.lookup;
        let env = {
            let l = lookup.clone();
            EnvProvider::with_lookup(move |n| l(n))
        };
        #[allow(unused_mut)]
        let mut profile = {
            let l = lookup.clone();
            ProfileProvider::with_lookup(move |n| l(n))
        };
        #[allow(unused_mut)]
        let mut tccli = TccliProvider::from_lookup(lookup.clone());
        #[cfg(feature = "client")]
        if let Some(e) = &self.sts_endpoint {
            profile = profile.sts_endpoint(e.clone());
            tccli = tccli.sts_endpoint(e.clone());
        }
        #[allow(unused_mut)]
        let mut chain = ChainProvider::new()
            .or_else(env)
            .or_else(profile)
            .or_else(tccli);
        #[cfg(feature = "client")]
        {
            if let Some(cvm) = self.cvm {
                chain = chain.or_else(cvm);
            }
            chain = chain.or_else(TkeOidc {
                lookup,
                endpoint: self.sts_endpoint,
                provider: OnceLock::new(),
            });
        }
        DefaultChain { chain }
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> ProvideFuture<'_> {
        self.chain.provide()
    }
}

/// The TKE OIDC link: configured from `TKE_*` variables when the chain first gets there.
#[cfg(feature = "client")]
struct TkeOidc {
    lookup: Lookup,
    endpoint: Option<Endpoint>,
    provider: OnceLock<WebIdentityProvider>,
}

#[cfg(feature = "client")]
impl fmt::Debug for TkeOidc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TkeOidc")
            .field("provider", &self.provider.get())
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "client")]
impl TkeOidc {
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        if let Some(p) = self.provider.get() {
            return p.provide().await;
        }
        let mut builder = WebIdentityProvider::from_env_with(&*self.lookup)?;
        if let Some(e) = &self.endpoint {
            builder = builder.endpoint(e.clone());
        }
        let provider = builder.build()?;
        self.provider.get_or_init(|| provider).provide().await
    }
}

#[cfg(feature = "client")]
impl ProvideCredentials for TkeOidc {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ENV_CREDENTIALS_FILE, ENV_SECRET_ID, ENV_SECRET_KEY, test_env as env};
    use super::*;

    /// The default chain over `lookup`, without the metadata server (no network in tests).
    async fn resolve(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Result<Credentials, CredentialsError> {
        let builder = DefaultChain::builder().lookup(lookup);
        #[cfg(feature = "client")]
        let builder = builder.without_cvm();
        builder.build().provide().await
    }

    #[tokio::test]
    async fn chain_prefers_env_then_file_and_reports_each_source() {
        let dir = super::super::test_dir("chain");
        let file = dir.join("credentials");
        std::fs::write(
            &file,
            "[default]\nsecret_id = FILEID\nsecret_key = FILEKEY\n",
        )
        .unwrap();
        let f = file.to_str().unwrap();

        let c = resolve(env(&[
            (ENV_SECRET_ID, "ENVID"),
            (ENV_SECRET_KEY, "ENVKEY"),
            (ENV_CREDENTIALS_FILE, f),
        ]))
        .await
        .unwrap();
        assert_eq!(c.secret_id(), "ENVID");

        let c = resolve(env(&[(ENV_CREDENTIALS_FILE, f)])).await.unwrap();
        assert_eq!(c.secret_id(), "FILEID");

        let missing = dir.join("absent");
        let e = resolve(env(&[(ENV_CREDENTIALS_FILE, missing.to_str().unwrap())]))
            .await
            .unwrap_err();
        let CredentialsError::NotFound { searched } = &e else {
            panic!("{e}");
        };
        assert!(searched[0].starts_with("environment:"), "{searched:?}");
        assert!(searched[1].contains("absent"), "{searched:?}");
        assert!(searched[2].starts_with("tccli:"), "{searched:?}");
        #[cfg(feature = "client")]
        assert!(searched[3].starts_with("TKE OIDC:"), "{searched:?}");

        // tccli's file after the SDKs' file.
        let tccli = dir.join(".tccli");
        std::fs::create_dir_all(&tccli).unwrap();
        std::fs::write(
            tccli.join("default.credential"),
            r#"{"secretId": "TCCLIID", "secretKey": "TCCLIKEY"}"#,
        )
        .unwrap();
        let home = dir.to_str().unwrap();
        let c = resolve(env(&[("HOME", home), (ENV_CREDENTIALS_FILE, f)]))
            .await
            .unwrap();
        assert_eq!(c.secret_id(), "FILEID");
        let absent = missing.to_str().unwrap();
        let c = resolve(env(&[("HOME", home), (ENV_CREDENTIALS_FILE, absent)]))
            .await
            .unwrap();
        assert_eq!(c.secret_id(), "TCCLIID");

        // A broken source stops the chain with its own error.
        std::fs::write(&file, "[default]\nsecret_id = FILEID\n").unwrap();
        let e = resolve(env(&[(ENV_CREDENTIALS_FILE, f)]))
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains(f) && e.to_string().contains("no secret_key"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
