//! [`DefaultChain`]: the sources the official SDKs try, in their order.

use std::fmt;

use super::{
    ChainProvider, Credentials, CredentialsError, EnvProvider, ProfileProvider, ProvideCredentials,
    ProvideFuture,
};

/// The environment ([`EnvProvider`]), then the profile file ([`ProfileProvider`]).
///
/// The first source with credentials is kept for the life of the chain.
pub struct DefaultChain {
    chain: ChainProvider,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DefaultChain")
    }
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self::new()
    }
}

impl DefaultChain {
    /// A chain over the process environment and file system.
    pub fn new() -> Self {
        Self::with_lookup(|name| std::env::var(name).ok())
    }

    /// A chain that reads variables through `lookup` (also `HOME` for the profile file).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        let lookup: super::Lookup = std::sync::Arc::new(lookup);
        let env = {
            let l = lookup.clone();
            EnvProvider::with_lookup(move |n| l(n))
        };
        let profile = {
            let l = lookup.clone();
            ProfileProvider::with_lookup(move |n| l(n))
        };
        Self {
            chain: ChainProvider::new().or_else(env).or_else(profile),
        }
    }

    /// Resolves a fresh chain with a custom variable lookup, once.
    pub async fn resolve_with(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Result<Credentials, CredentialsError> {
        Self::with_lookup(lookup).provide().await
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> ProvideFuture<'_> {
        self.chain.provide()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ENV_CREDENTIALS_FILE, ENV_SECRET_ID, ENV_SECRET_KEY, test_env as env};
    use super::*;

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

        let c = DefaultChain::resolve_with(env(&[
            (ENV_SECRET_ID, "ENVID"),
            (ENV_SECRET_KEY, "ENVKEY"),
            (ENV_CREDENTIALS_FILE, f),
        ]))
        .await
        .unwrap();
        assert_eq!(c.secret_id(), "ENVID");

        let c = DefaultChain::resolve_with(env(&[(ENV_CREDENTIALS_FILE, f)]))
            .await
            .unwrap();
        assert_eq!(c.secret_id(), "FILEID");

        let missing = dir.join("absent");
        let e =
            DefaultChain::resolve_with(env(&[(ENV_CREDENTIALS_FILE, missing.to_str().unwrap())]))
                .await
                .unwrap_err();
        let CredentialsError::NotFound { searched } = &e else {
            panic!("{e}");
        };
        assert!(searched[0].starts_with("environment:"), "{searched:?}");
        assert!(searched[1].contains("absent"), "{searched:?}");

        // A broken source stops the chain with its own error.
        std::fs::write(&file, "[default]\nsecret_id = FILEID\n").unwrap();
        let e = DefaultChain::resolve_with(env(&[(ENV_CREDENTIALS_FILE, f)]))
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains(f) && e.to_string().contains("no secret_key"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
