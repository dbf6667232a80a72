//! [`ChainProvider`]: the first source that has credentials.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{CredentialsError, ProvideCredentials, ProvideFuture};

const UNRESOLVED: usize = usize::MAX;

/// Asks its sources in order and uses the first that has credentials; from then on only
/// that one is asked (so a CVM role or STS source keeps refreshing its own keys).
///
/// A source that answers [`CredentialsError::NotFound`] is skipped; any other error (a
/// malformed key, a broken profile file, a refused STS call) stops the search, because
/// falling through to another identity would hide a misconfiguration (the Go SDK's chain
/// draws the same line). When no source has
/// credentials the error lists what each one said, in order.
#[derive(Debug)]
pub struct ChainProvider {
    links: Vec<Box<dyn ProvideCredentials>>,
    /// Index of the source that answered, or [`UNRESOLVED`].
    resolved: AtomicUsize,
}

impl ChainProvider {
    /// An empty chain (it finds nothing); add sources with [`ChainProvider::or_else`].
    pub fn new() -> Self {
        Self {
            links: Vec::new(),
            resolved: AtomicUsize::new(UNRESOLVED),
        }
    }

    /// Adds `provider` as the next source.
    pub fn or_else(mut self, provider: impl ProvideCredentials) -> Self {
        self.links.push(Box::new(provider));
        self
    }

    async fn resolve(&self) -> Result<super::Credentials, CredentialsError> {
        let resolved = self.resolved.load(Ordering::Acquire);
        if let Some(link) = self.links.get(resolved) {
            return link.provide().await;
        }
        let mut searched = Vec::new();
        for (i, link) in self.links.iter().enumerate() {
            match link.provide().await {
                Ok(c) => {
                    self.resolved.store(i, Ordering::Release);
                    return Ok(c);
                }
                Err(CredentialsError::NotFound { searched: said }) => searched.extend(said),
                Err(e) => return Err(e),
            }
        }
        if searched.is_empty() {
            searched.push("no credentials source configured".to_owned());
        }
        Err(CredentialsError::NotFound { searched })
    }
}

impl Default for ChainProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for ChainProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.resolve())
    }
}
