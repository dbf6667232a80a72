//! The client: configuration, endpoint choice, and sending any [`Action`].
//!
//! ```no_run
//! # async fn demo<A: tcapi::Action + 'static>(request: A) -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use tcapi::{Client, Endpoint, Language};
//!
//! let client = Client::builder()          // credentials: the default chain
//!     .region("ap-guangzhou")
//!     .endpoint(Endpoint::International)
//!     .language(Language::EnUs)
//!     .build()?;
//! let response = client.send(request).timeout(Duration::from_secs(5)).await?;
//! # Ok(()) }
//! ```
//!
//! A [`Client`] is an `Arc` inside: clone it freely and share it across tasks. Clones share
//! the connection pool, the rate limiter and the signing-key cache.

use std::collections::HashMap;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::hash::{BuildHasherDefault, Hasher};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HOST, HeaderMap, HeaderValue};
use tracing::Instrument;

use crate::action::{Action, ActionMeta, RegionRule, StreamingAction};
use crate::credentials::{
    CachedProvider, Credentials, CredentialsError, DefaultChain, ProvideCredentials,
};
use crate::envelope::{self, RawSuccess};
use crate::error::{Error, ServiceError, WireError};
use crate::json::{FromJson, ToJson, Writer};
use crate::payload::{CONTENT_TYPE_MULTIPART, CONTENT_TYPE_OCTET_STREAM, Payload};
pub use crate::prepared::PreparedRequest;
use crate::prepared::{
    SigningKey, Target, Template, X_TC_ACTION, X_TC_LANGUAGE, X_TC_REGION, X_TC_REQUEST_CLIENT,
    X_TC_VERSION,
};
use crate::rate_limit::{RateLimitMode, RateLimiter};
use crate::retry::RetryPolicy;
use crate::sign::CanonicalPrefix;
use crate::sse::EventStream;
use crate::transport::{Body, Http1Transport, HttpTransport, TransportError, TransportErrorKind};
use crate::validate::{Violation, Violations};

// The client in three parts, in the order data flows: `builder` (configuration into a
// `Client`), `exec` (one call's execution: sign, send, retry, decode; what `named` and
// `sse` build on, importing it directly) and `call` (the public futures over `exec`).
mod builder;
mod call;
pub(crate) mod exec;
#[cfg(test)]
mod tests;

// Each part sees the others' items through `use super::*`.
use builder::*;
use exec::*;

pub use builder::{
    ClientBuilder, ConfigError, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, ENV_ENDPOINT,
    Endpoint, Language,
};
pub use call::{Call, StreamingCall, WithMetadata};

struct Inner {
    credentials: CredentialSource,
    region: Option<String>,
    endpoint: Endpoint,
    language: Option<HeaderValue>,
    timeout: Duration,
    retry: RetryPolicy,
    rate_limit: RateLimitMode,
    validate: bool,
    request_client: HeaderValue,
    transport: Arc<dyn HttpTransport>,
    max_response_bytes: usize,
    limiter: RateLimiter,
    /// Per service (by `CallMeta::service_key`), for the client's endpoint and region.
    targets: Mutex<AddressMap<Arc<Target>>>,
    /// Per service (by `CallMeta::service_key`): the key of the current day and credentials.
    signers: Mutex<AddressMap<Arc<SigningKey>>>,
    /// Per action (by [`ActionMeta`] address), for the client's region.
    templates: Mutex<AddressMap<Arc<Template>>>,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("validate", &self.validate)
            .field("transport", &self.transport)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// A Tencent Cloud API client; cheap to clone, safe to share across tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl Client {
    /// A builder with every default.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The client's region, if one is set.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// Sends `request`; `.await` the returned [`Call`] (after optional per-call overrides).
    pub fn send<A: Action + 'static>(&self, request: A) -> Call<A> {
        Call {
            client: self.clone(),
            request,
            timeout: None,
            retry: None,
            region: None,
            rate_limit: None,
            idle_timeout: None,
            endpoint: None,
        }
    }

    /// Sends a streaming `request` and returns its events as they arrive: shorthand for
    /// `client.send(request).stream()` (see [`crate::sse`]).
    pub fn send_streaming<A: StreamingAction + 'static>(&self, request: A) -> StreamingCall<A> {
        self.send(request).stream()
    }

    /// The keys the next request is signed with, fetched (or refreshed) if needed.
    /// `Ok(None)` for an [`unsigned`](ClientBuilder::unsigned) client.
    pub async fn credentials(&self) -> Result<Option<Credentials>, CredentialsError> {
        match &self.inner.credentials {
            CredentialSource::Fixed(c) => Ok(Some(c.clone())),
            CredentialSource::Cached(p) => p.credentials().await.map(Some),
            CredentialSource::Unsigned => Ok(None),
        }
    }

    /// The provided keys valid for a request signed at `at` (`None`: fixed keys, used by
    /// reference, or unsigned). Fixed keys with an expiry are refused past it too.
    async fn credentials_at(
        &self,
        at: SystemTime,
    ) -> Result<Option<Credentials>, Error<WireError>> {
        match &self.inner.credentials {
            CredentialSource::Fixed(c) => match c.expires_at() {
                Some(expiry) if at >= expiry => Err(Error::Credentials(expired(c, expiry))),
                _ => Ok(None),
            },
            // The hot path without a state machine of the cache's own.
            CredentialSource::Cached(p) => match p.fresh_at(at) {
                Some(c) => Ok(Some(c)),
                None => p
                    .credentials_at(at)
                    .await
                    .map(Some)
                    .map_err(Error::Credentials),
            },
            CredentialSource::Unsigned => Ok(None),
        }
    }

    /// Validates, serializes and signs `request` for the current time without sending it.
    ///
    /// With a credentials provider this uses the keys it has already fetched (by an earlier
    /// request or [`Client::credentials`]); before that it fails with
    /// [`CredentialsError::NotReady`].
    ///
    /// A `ClientToken` is not generated here: the request is borrowed; `send` does it.
    pub fn prepare<A: Action>(&self, request: &A) -> Result<PreparedRequest, Error<A::Error>> {
        self.prepare_at(request, unix_now())
    }

    /// [`Client::prepare`] at a given Unix timestamp.
    pub fn prepare_at<A: Action>(
        &self,
        request: &A,
        timestamp: i64,
    ) -> Result<PreparedRequest, Error<A::Error>> {
        self.encode(request, None, None)
            .and_then(
                |Encoded {
                     meta,
                     template,
                     body,
                 }| {
                    let cached;
                    let at = UNIX_EPOCH + Duration::from_secs(timestamp.max(0) as u64);
                    let credentials = match &self.inner.credentials {
                        CredentialSource::Fixed(c) => {
                            if let Some(expiry) = c.expires_at().filter(|e| at >= *e) {
                                return Err(Error::Credentials(expired(c, expiry)));
                            }
                            Some(c)
                        }
                        CredentialSource::Cached(p) => {
                            cached = p.cached_at(at).ok_or_else(|| {
                                Error::Credentials(CredentialsError::NotReady {
                                    detail: "the provider's keys are not fetched yet or expired; \
                                             await Client::credentials() before preparing"
                                        .into(),
                                })
                            })?;
                            Some(&cached)
                        }
                        CredentialSource::Unsigned => None,
                    };
                    // The body moves into the prepared request: no shared copy is needed.
                    self.sign(&meta, template, body, timestamp, credentials)
                },
            )
            .map_err(Error::typed)
    }
}
