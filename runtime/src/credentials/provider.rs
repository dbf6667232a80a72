//! [`ProvideCredentials`]: the asynchronous source of credentials, and its implementations
//! for shared and boxed providers.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::{Credentials, CredentialsError};

/// What [`ProvideCredentials::provide`] returns: a boxed, `Send` future, so that the trait
/// is object-safe (`Arc<dyn ProvideCredentials>`) and usable from any task.
pub type ProvideFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials: static keys, the environment, a profile file, the CVM metadata
/// server, STS, or a chain of these.
///
/// `provide` may do I/O (read a file, call a server); callers that need credentials often
/// go through a [`CachedProvider`](super::CachedProvider), which the
/// [`Client`](crate::Client) puts in front of every provider it is given.
///
/// ```
/// use tcapi::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};
///
/// /// Keys from a secrets manager (here: a constant).
/// #[derive(Debug)]
/// struct Vault;
///
/// impl ProvideCredentials for Vault {
///     fn provide(&self) -> ProvideFuture<'_> {
///         Box::pin(async { Credentials::new("AKIDexample", "example-key") })
///     }
/// }
/// ```
pub trait ProvideCredentials: fmt::Debug + Send + Sync + 'static {
    /// Fetches (or returns) the credentials to sign with.
    ///
    /// Errors say which source failed and why; [`CredentialsError::NotFound`] means "nothing
    /// here", after which a chain tries its next source.
    fn provide(&self) -> ProvideFuture<'_>;
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide(&self) -> ProvideFuture<'_> {
        (**self).provide()
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Box<P> {
    fn provide(&self) -> ProvideFuture<'_> {
        (**self).provide()
    }
}
