//! What a call did besides its typed result: [`CallMetadata`], from
//! [`Call::with_metadata`](crate::Call::with_metadata).
//!
//! ```no_run
//! # async fn demo<A: tcapi::Action + 'static>(client: tcapi::Client, request: A) -> Result<(), tcapi::Error<A::Error>> {
//! let (response, meta) = client.send(request).with_metadata().await?;
//! println!(
//!     "HTTP {:?}, request {:?}, {} attempt(s) in {:?}",
//!     meta.status, meta.request_id, meta.attempts, meta.elapsed
//! );
//! # let _ = response; Ok(()) }
//! ```
//!
//! A failed call gives a [`CallFailure`]: the typed [`Error`] and the same metadata
//! (`?` turns it into the `Error`).

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use http::HeaderMap;

use crate::error::{Error, ServiceError};

/// The HTTP status, response headers, request id, attempts and time of one call.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CallMetadata {
    /// The HTTP status of the last answer (`None`: no attempt got one, e.g. a timeout or an
    /// invalid request, which is never sent).
    pub status: Option<u16>,
    /// The headers of the last answer (empty when there was none).
    pub headers: HeaderMap,
    /// The `RequestId` Tencent Cloud gave the last answer, from its envelope (or the
    /// `X-TC-RequestId` header of a stream).
    pub request_id: Option<String>,
    /// How many attempts were made (0: nothing was sent).
    pub attempts: u32,
    /// The time from the start of the call to its result, rate-limit waits and backoffs
    /// included.
    pub elapsed: Duration,
    /// The region the call was made for (the call's, else the client's).
    pub region: Option<String>,
}

/// A failed call with its [`CallMetadata`]: what
/// [`Call::with_metadata`](crate::Call::with_metadata) gives instead of the error alone.
/// `?` converts it into the [`Error`].
pub struct CallFailure<E> {
    /// What went wrong.
    pub error: Error<E>,
    /// What the call did.
    pub metadata: CallMetadata,
}

impl<E: fmt::Debug> fmt::Debug for CallFailure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFailure")
            .field("error", &self.error)
            .field("metadata", &self.metadata)
            .finish()
    }
}

impl<E: ServiceError> fmt::Display for CallFailure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl<E: ServiceError> std::error::Error for CallFailure<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl<E> From<CallFailure<E>> for Error<E> {
    fn from(failure: CallFailure<E>) -> Self {
        failure.error
    }
}

/// Collects a call's metadata while it runs (only when asked for).
#[derive(Debug, Default)]
pub(crate) struct Recorder(Mutex<CallMetadata>);

impl Recorder {
    pub(crate) fn new(region: Option<String>) -> Self {
        Self(Mutex::new(CallMetadata {
            region,
            ..CallMetadata::default()
        }))
    }

    /// An answer's head arrived.
    pub(crate) fn head(&self, status: u16, headers: &HeaderMap) {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        m.status = Some(status);
        m.headers = headers.clone();
    }

    /// The call ended.
    pub(crate) fn end(&self, attempts: u32, elapsed: Duration, request_id: Option<&str>) {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        m.attempts = attempts;
        m.elapsed = elapsed;
        m.request_id = request_id.map(str::to_owned);
    }

    pub(crate) fn take(&self) -> CallMetadata {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}
