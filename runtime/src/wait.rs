//! Waiters: poll an action until its response says a resource reached a state (the
//! waiting: feature `client`; [`Waiter`], which generated named waiters build: always).
//!
//! ```no_run
//! # async fn demo<A: tcapi::Action + Clone + 'static>(client: &tcapi::Client, request: A)
//! # -> Result<(), tcapi::WaitError<A::Error>> {
//! use std::time::Duration;
//! use tcapi::Waiter;
//!
//! let waiter = Waiter::until(|_response: &A::Response| true /* the state you wait for */)
//!     .fail_if(|_response| None /* Some("LAUNCH_FAILED".into()) ends the wait */)
//!     .deadline(Duration::from_secs(300))
//!     .interval(Duration::from_secs(2));
//! let response = client.wait(request, waiter).await?;
//! # let _ = response;
//! # Ok(()) }
//! ```
//!
//! The request is sent as built (each poll is a full call: validation, signing, the client's
//! retries); after each answer the waiter's check decides: done (the response is returned),
//! failed (a failure state: [`WaitError::Failed`] names it, without waiting for the
//! deadline), or not yet. Between polls the interval grows by the backoff factor up to the
//! largest interval; a wait that would pass the deadline ends with [`WaitError::Deadline`]
//! at the deadline, naming the last state seen. A call that fails (after the client's own
//! retries) ends the wait with [`WaitError::Call`]. Dropping the future cancels the wait,
//! the call in flight included. Timers are tokio's: under a paused clock
//! (`#[tokio::test(start_paused = true)]`) a wait of minutes takes no time.
//!
//! Service crates generate named waiters from their specs (`waiters:`), e.g.
//! `tcapi_cvm::waiters::instance_running()`, for the states users wait on most.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What one response says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The awaited state is reached.
    Done,
    /// A state the awaited one can no longer follow (e.g. `LAUNCH_FAILED`).
    Failed(String),
    /// Not yet; the state seen, if known.
    Waiting(Option<String>),
}

type CheckFn<R> = Arc<dyn Fn(&R) -> Check + Send + Sync>;

/// What to wait for, and how long: a check of the response, a deadline and the polling
/// interval with its backoff. Defaults: deadline 10 min, interval 5 s growing by 1.5 per
/// poll up to 30 s.
pub struct Waiter<R> {
    name: Cow<'static, str>,
    check: CheckFn<R>,
    deadline: Duration,
    interval: Duration,
    max_interval: Duration,
    backoff: f64,
}

impl<R> Clone for Waiter<R> {
    fn clone(&self) -> Self {
        Self {
            name: self.name.clone(),
            check: Arc::clone(&self.check),
            deadline: self.deadline,
            interval: self.interval,
            max_interval: self.max_interval,
            backoff: self.backoff,
        }
    }
}

impl<R> fmt::Debug for Waiter<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("name", &self.name)
            .field("deadline", &self.deadline)
            .field("interval", &self.interval)
            .field("max_interval", &self.max_interval)
            .field("backoff", &self.backoff)
            .finish_non_exhaustive()
    }
}

impl<R: 'static> Waiter<R> {
    /// A waiter named `name` (shown in errors) whose `check` reads each response.
    pub fn new(
        name: impl Into<Cow<'static, str>>,
        check: impl Fn(&R) -> Check + Send + Sync + 'static,
    ) -> Self {
        Self {
            name: name.into(),
            check: Arc::new(check),
            deadline: Duration::from_secs(600),
            interval: Duration::from_secs(5),
            max_interval: Duration::from_secs(30),
            backoff: 1.5,
        }
    }

    /// Done once `done` holds for a response.
    pub fn until(done: impl Fn(&R) -> bool + Send + Sync + 'static) -> Self {
        Self::new("until", move |r: &R| {
            if done(r) {
                Check::Done
            } else {
                Check::Waiting(None)
            }
        })
    }

    /// Waits for states read from the response (`states`: one per resource, e.g. every
    /// instance's `InstanceState`; numbers as their decimal text): done when there is at least one and all are in
    /// `success`; failed as soon as one is in `failure`. No state at all (the resource is not
    /// listed) is done when `none_is_done` (waiting for a deletion), else not yet.
    pub fn states(
        name: &'static str,
        states: fn(&R) -> Vec<String>,
        success: &'static [&'static str],
        failure: &'static [&'static str],
        none_is_done: bool,
    ) -> Self {
        Self::new(name, move |r: &R| {
            let seen = states(r);
            if let Some(failed) = seen.iter().find(|s| failure.contains(&s.as_str())) {
                return Check::Failed(failed.clone());
            }
            if seen.is_empty() {
                return if none_is_done {
                    Check::Done
                } else {
                    Check::Waiting(None)
                };
            }
            match seen.iter().find(|s| !success.contains(&s.as_str())) {
                None => Check::Done,
                Some(other) => Check::Waiting(Some(other.clone())),
            }
        })
    }

    /// Also fails as soon as `failed` returns a state (checked before the waiter's own check).
    pub fn fail_if(self, failed: impl Fn(&R) -> Option<String> + Send + Sync + 'static) -> Self {
        let inner = Arc::clone(&self.check);
        Self {
            check: Arc::new(move |r: &R| match failed(r) {
                Some(state) => Check::Failed(state),
                None => inner(r),
            }),
            ..self
        }
    }

    /// Renames the waiter (the name is in its errors).
    pub fn named(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.name = name.into();
        self
    }

    /// How long to wait in all, from the first poll (default 10 min).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The wait after the first poll (default 5 s).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest wait between polls (default 30 s).
    pub fn max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max;
        self
    }

    /// The factor each wait between polls grows by (default 1.5; 1 keeps it constant;
    /// values below 1 or not finite read as 1).
    pub fn backoff(mut self, factor: f64) -> Self {
        self.backoff = if factor.is_finite() && factor >= 1.0 {
            factor
        } else {
            1.0
        };
        self
    }

    /// The waiter's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What `response` says.
    pub fn check(&self, response: &R) -> Check {
        (self.check)(response)
    }

    /// The wait after one of `interval`.
    #[cfg(feature = "client")]
    fn next_interval(&self, interval: Duration) -> Duration {
        interval
            .mul_f64(self.backoff)
            .min(self.max_interval.max(self.interval))
    }
}

/// Why a wait ended without the awaited state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<E> {
    /// A poll failed (after the client's own retries).
    Call(crate::Error<E>),
    /// The response showed a failure state.
    Failed {
        /// The waiter, e.g. `InstanceRunning`.
        waiter: String,
        /// The failure state, e.g. `LAUNCH_FAILED`.
        state: String,
    },
    /// The deadline passed.
    Deadline {
        /// The waiter.
        waiter: String,
        /// The deadline.
        after: Duration,
        /// The last state seen, if the waiter reads one.
        last_state: Option<String>,
    },
}

impl<E: crate::ServiceError> fmt::Display for WaitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Call(e) => write!(f, "waiting: {e}"),
            Self::Failed { waiter, state } => {
                write!(f, "waiting for {waiter}: failure state {state}")
            }
            Self::Deadline {
                waiter,
                after,
                last_state,
            } => {
                write!(
                    f,
                    "waiting for {waiter}: not done after {} s",
                    after.as_secs()
                )?;
                if let Some(s) = last_state {
                    write!(f, " (last state {s})")?;
                }
                Ok(())
            }
        }
    }
}

impl<E: crate::ServiceError> std::error::Error for WaitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Call(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(feature = "client")]
mod waiting {
    use std::future::{Future, IntoFuture};
    use std::pin::Pin;

    use super::{Check, WaitError, Waiter};
    use crate::action::Action;
    use crate::client::Client;

    /// A wait; `.await` it. Made by [`Client::wait`].
    #[must_use = "a wait does nothing until awaited"]
    pub struct Wait<A: Action> {
        client: Client,
        request: A,
        waiter: Waiter<A::Response>,
    }

    impl<A: Action> std::fmt::Debug for Wait<A> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Wait")
                .field("action", &A::META.name)
                .field("waiter", &self.waiter)
                .finish_non_exhaustive()
        }
    }

    impl<A: Action + Clone + 'static> IntoFuture for Wait<A> {
        type Output = Result<A::Response, WaitError<A::Error>>;
        type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

        fn into_future(self) -> Self::IntoFuture {
            let Self {
                client,
                request,
                waiter,
            } = self;
            Box::pin(async move {
                let deadline = tokio::time::Instant::now() + waiter.deadline;
                let expired = |last_state| WaitError::Deadline {
                    waiter: waiter.name.to_string(),
                    after: waiter.deadline,
                    last_state,
                };
                let mut interval = waiter.interval;
                let mut last_state = None;
                loop {
                    let call = client.send(request.clone()).into_future();
                    let response = match tokio::time::timeout_at(deadline, call).await {
                        Err(_) => return Err(expired(last_state)),
                        Ok(outcome) => outcome.map_err(WaitError::Call)?,
                    };
                    match waiter.check(&response) {
                        Check::Done => return Ok(response),
                        Check::Failed(state) => {
                            return Err(WaitError::Failed {
                                waiter: waiter.name.to_string(),
                                state,
                            });
                        }
                        Check::Waiting(state) => last_state = state.or(last_state),
                    }
                    let wake = tokio::time::Instant::now() + interval;
                    if wake > deadline {
                        tokio::time::sleep_until(deadline).await;
                        return Err(expired(last_state));
                    }
                    tokio::time::sleep_until(wake).await;
                    interval = waiter.next_interval(interval);
                }
            })
        }
    }

    impl Client {
        /// Polls `request` until `waiter` says done or failed, or its deadline passes: see
        /// [`crate::wait`].
        pub fn wait<A: Action + Clone + 'static>(
            &self,
            request: A,
            waiter: Waiter<A::Response>,
        ) -> Wait<A> {
            Wait {
                client: self.clone(),
                request,
                waiter,
            }
        }
    }
}

#[cfg(feature = "client")]
pub use waiting::Wait;

#[cfg(test)]
mod tests;
