//! A blocking facade over [`crate::Client`] (feature `blocking`), for programs without an
//! async runtime.
//!
//! ```no_run
//! # fn demo<A: tcapi::Action + 'static>(request: A) -> Result<(), tcapi::Error<A::Error>> {
//! let client = tcapi::blocking::Client::new(
//!     tcapi::Client::builder().region("ap-guangzhou").build().expect("configuration"),
//! ).expect("runtime");
//! let response = client.send(request)?; // blocks until the call ends
//! # Ok(()) }
//! ```
//!
//! Each blocking client owns a single-threaded tokio runtime that runs its calls; clones
//! share it (and the async client's connections, rate limiter and key cache). Everything the
//! async client does applies unchanged: validation, signing, retries with backoff, rate
//! limits, timeouts. Do not call it from inside an async runtime (tokio refuses to block a
//! runtime thread on another runtime, and panics): use the async client there.

use std::fmt;
use std::future::IntoFuture;
use std::sync::Arc;

use crate::action::Action;
use crate::client::Call;
use crate::common_error::CommonError;
use crate::error::Error;
use crate::named::{JsonBody, JsonResponse};
use crate::paginate::Paginated;
use crate::wait::{WaitError, Waiter};

/// A blocking client; cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("client", &self.inner)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Wraps `client`, with a runtime of its own to run the calls.
    pub fn new(client: crate::Client) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Self {
            inner: client,
            runtime: Arc::new(runtime),
        })
    }

    /// The async client inside.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// Sends `request` and waits for the outcome.
    pub fn send<A: Action + 'static>(&self, request: A) -> Result<A::Response, Error<A::Error>> {
        self.runtime
            .block_on(self.inner.send(request).into_future())
    }

    /// Runs a prepared [`Call`] (with its per-call overrides) to its end.
    pub fn run<A: Action + 'static>(&self, call: Call<A>) -> Result<A::Response, Error<A::Error>> {
        self.runtime.block_on(call.into_future())
    }

    /// Runs a prepared [`Call`] and gives its [`CallMetadata`](crate::CallMetadata) with the
    /// outcome, as [`Call::with_metadata`] does: `(response, metadata)`, or a
    /// [`CallFailure`](crate::CallFailure) with the error and the metadata.
    // The same outcome as the async `with_metadata`, unboxed as there: a call's metadata
    // (headers included) is what the caller asked for, moved out once.
    #[allow(clippy::result_large_err)]
    pub fn run_with_metadata<A: Action + 'static>(
        &self,
        call: Call<A>,
    ) -> Result<(A::Response, crate::CallMetadata), crate::CallFailure<A::Error>> {
        self.runtime.block_on(call.with_metadata())
    }

    /// Every page of a paged action ([`crate::Client::paginate`]), as an iterator that
    /// blocks for each page; `.items()` on it iterates over the items.
    pub fn paginate<A: Paginated + 'static>(&self, request: A) -> Pages<A> {
        Pages {
            pages: self.inner.paginate(request),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// Polls `request` until `waiter` says done or failed ([`crate::Client::wait`]),
    /// blocking.
    pub fn wait<A: Action + Clone + 'static>(
        &self,
        request: A,
        waiter: Waiter<A::Response>,
    ) -> Result<A::Response, WaitError<A::Error>> {
        self.runtime
            .block_on(self.inner.wait(request, waiter).into_future())
    }

    /// [`crate::Client::call_json`], blocking.
    pub fn call_json(
        &self,
        service: &str,
        version: &str,
        action: &str,
        body: impl Into<JsonBody>,
    ) -> Result<JsonResponse, Error<CommonError>> {
        let call = self.inner.call_json(service, version, action, body);
        self.runtime.block_on(call.into_future())
    }
}

/// The pages of a paged action, one blocking call each: an [`Iterator`] of responses (see
/// [`crate::paginate`] for when it stops).
pub struct Pages<A: Paginated> {
    pages: crate::paginate::Pages<A>,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl<A: Paginated> fmt::Debug for Pages<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Pages")
            .field("pages", &self.pages)
            .finish_non_exhaustive()
    }
}

impl<A: Paginated + 'static> Pages<A> {
    /// The items of every page, one by one.
    pub fn items(self) -> Items<A> {
        Items {
            items: self.pages.items(),
            runtime: self.runtime,
        }
    }
}

impl<A: Paginated + 'static> Iterator for Pages<A> {
    type Item = Result<A::Response, Error<A::Error>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.pages.next())
    }
}

/// The items of every page of a paged action, blocking for each page.
pub struct Items<A: Paginated> {
    items: crate::paginate::PageItems<A>,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl<A: Paginated> fmt::Debug for Items<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Items")
            .field("items", &self.items)
            .finish_non_exhaustive()
    }
}

impl<A: Paginated + 'static> Iterator for Items<A> {
    type Item = Result<A::Item, Error<A::Error>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.items.next())
    }
}
