//! Retries: what is retried, when, and how long to wait.
//!
//! A failed attempt falls in one of three classes ([`Retryability`]):
//!
//! - **Safe** — the request certainly did not take effect, so repeating it is harmless for
//!   any action: the connection could not be made (nothing was sent), or Tencent Cloud
//!   answered `RequestLimitExceeded` or one of its sub-codes (throttled requests are
//!   rejected before they run), or another common code `specs/common.yaml` marks
//!   `retryable` (`ServiceUnavailable`), or a code the action's own spec marks `retryable`
//!   ([`ServiceError::retryable_codes`]). HTTP 429 and 503 without an error envelope are
//!   read as `RequestLimitExceeded` and `ServiceUnavailable` (see [`crate::envelope`]).
//! - **Ambiguous** — the request may or may not have taken effect: the connection broke after
//!   the request was written, no response came within the timeout, or a gateway answered 5xx
//!   (500, 502, 504) without an error envelope. These are retried only for idempotent
//!   actions (the spec's `idempotent`, true by default for `Describe*`, `Get*`, `Check*`...
//!   queries) and for actions whose request carries a `ClientToken` (the client generates
//!   one when it is unset, so all attempts of a call share it and the service runs the
//!   request at most once), because repeating e.g. `CreateSession` could create a second
//!   session. Callers who know better opt in with
//!   [`RetryPolicy::retry_ambiguous_non_idempotent`].
//! - **Final** — anything else: typed service errors (wrong parameters, missing resources,
//!   auth failures), invalid requests, credential problems, undecodable bodies.
//!
//! Attempts are bounded by [`RetryPolicy::max_attempts`] (3 by default; 1 disables retries).
//! Before retry `n` (1-based) the client sleeps a random duration in `[d/2, d]` with
//! `d = min(initial_backoff * 2^(n-1), max_backoff)`: exponential backoff with jitter, so
//! many clients throttled together do not come back together.

use std::future::Future;
use std::time::Duration;

use crate::CommonError;
use crate::error::{Error, ServiceError, is_throttling_code};

/// How many times to try and how long to wait in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts including the first; 1 means no retries. 0 is treated as 1.
    pub max_attempts: u32,
    /// Backoff before the first retry (before jitter).
    pub initial_backoff: Duration,
    /// Cap of the backoff.
    pub max_backoff: Duration,
    /// Retry ambiguous failures (timeouts, broken connections, 5xx) of non-idempotent actions too.
    pub retry_ambiguous_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            retry_ambiguous_non_idempotent: false,
        }
    }
}

/// Whether a failed attempt may be repeated (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retryability {
    /// Did not take effect: retry any action.
    Safe,
    /// May have taken effect: retry idempotent actions only (unless opted in).
    Ambiguous,
    /// Do not retry.
    Final,
}

/// Whether a service error code means "not executed, try again": throttling, or a common
/// code the spec marks retryable.
pub fn retryable_code(code: &str) -> bool {
    is_throttling_code(code)
        || CommonError::parse(code, String::new()).is_ok_and(|c| c.is_retryable())
}

/// Classifies one attempt's error.
pub fn classify<E: ServiceError>(err: &Error<E>) -> Retryability {
    classify_with(err, &[])
}

/// [`classify`], with the action's own retryable codes (see
/// [`ServiceError::retryable_codes`]).
pub fn classify_with<E: ServiceError>(err: &Error<E>, action_codes: &[&str]) -> Retryability {
    match err {
        Error::Transport { sent: false, .. } => Retryability::Safe,
        Error::Transport { sent: true, .. } | Error::Timeout { .. } => Retryability::Ambiguous,
        Error::Service { error, .. }
            if retryable_code(error.code()) || action_codes.contains(&error.code()) =>
        {
            Retryability::Safe
        }
        Error::UndecodableResponse { status: 429, .. } => Retryability::Safe,
        Error::UndecodableResponse {
            status: 500 | 502 | 503 | 504,
            ..
        } => Retryability::Ambiguous,
        _ => Retryability::Final,
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The un-jittered backoff before retry `retry` (1-based).
    pub fn backoff_cap(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The jittered backoff before retry `retry`: uniform in `[cap/2, cap]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let cap = self.backoff_cap(retry);
        let half = cap / 2;
        let extra = (cap - half).as_nanos() as u64;
        half + Duration::from_nanos(if extra == 0 {
            0
        } else {
            fastrand::u64(0..=extra)
        })
    }

    /// Whether an attempt that failed with `class` should be repeated for an action with
    /// the given idempotency, not counting the attempt budget.
    pub fn allows(&self, class: Retryability, idempotent: bool) -> bool {
        match class {
            Retryability::Safe => true,
            Retryability::Ambiguous => idempotent || self.retry_ambiguous_non_idempotent,
            Retryability::Final => false,
        }
    }

    /// Runs `attempt(n)` (n = 1, 2, ...) until it succeeds, fails finally, or the attempts
    /// run out, sleeping the backoff in between. Returns the last result.
    pub async fn run<T, E, F, Fut>(&self, idempotent: bool, attempt: F) -> Result<T, Error<E>>
    where
        E: ServiceError,
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, Error<E>>>,
    {
        self.run_with(idempotent, &[], attempt).await
    }

    /// [`RetryPolicy::run`], also retrying after `action_codes` (the action's own
    /// retryable codes). `idempotent`: the action's, or whether it carries a `ClientToken`.
    pub async fn run_with<T, E, F, Fut>(
        &self,
        idempotent: bool,
        action_codes: &[&str],
        mut attempt: F,
    ) -> Result<T, Error<E>>
    where
        E: ServiceError,
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, Error<E>>>,
    {
        let max = self.max_attempts.max(1);
        let mut n = 1;
        loop {
            let err = match attempt(n).await {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            let class = classify_with(&err, action_codes);
            if n >= max || !self.allows(class, idempotent) {
                return Err(err);
            }
            let wait = self.backoff(n);
            tracing::debug!(attempt = n, ?class, wait_ms = wait.as_millis() as u64, error = %err, "retrying");
            tokio::time::sleep(wait).await;
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::fmt;

    use tokio::time::Instant;

    use super::*;

    #[derive(Debug)]
    struct E(String);
    impl fmt::Display for E {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }
    impl std::error::Error for E {}
    impl ServiceError for E {
        fn from_code(code: &str, _message: String) -> Self {
            E(code.to_owned())
        }
        fn code(&self) -> &str {
            &self.0
        }
        fn message(&self) -> &str {
            ""
        }
    }

    fn service(code: &str) -> Error<E> {
        Error::Service {
            error: E(code.into()),
            request_id: "r".into(),
        }
    }

    fn transport(sent: bool) -> Error<E> {
        Error::Transport {
            sent,
            source: "reset".into(),
        }
    }

    fn undecodable(status: u16) -> Error<E> {
        Error::UndecodableResponse {
            status,
            reason: String::new(),
            excerpt: String::new(),
            request_id: None,
        }
    }

    #[test]
    fn classification() {
        use Retryability::*;
        assert_eq!(classify(&service("RequestLimitExceeded")), Safe);
        assert_eq!(
            classify(&service("RequestLimitExceeded.UinLimitExceeded")),
            Safe
        );
        assert_eq!(classify(&service("RequestLimitExceededX")), Final);
        assert_eq!(classify(&service("ResourceNotFound.NoIdle")), Final);
        assert_eq!(classify(&service("ServiceUnavailable")), Safe);
        assert_eq!(classify(&service("InternalError")), Final);
        assert_eq!(classify(&service("AuthFailure.SignatureFailure")), Final);
        assert_eq!(classify(&transport(false)), Safe);
        assert_eq!(classify(&transport(true)), Ambiguous);
        assert_eq!(
            classify::<E>(&Error::Timeout {
                after: Duration::from_secs(1)
            }),
            Ambiguous
        );
        assert_eq!(classify(&undecodable(503)), Ambiguous);
        assert_eq!(classify(&undecodable(429)), Safe);
        assert_eq!(classify(&undecodable(200)), Final);
        assert_eq!(classify(&service("FailedOperation.Busy")), Final);
        assert_eq!(
            classify_with(&service("FailedOperation.Busy"), &["FailedOperation.Busy"]),
            Safe
        );
        assert_eq!(
            classify::<E>(&Error::ResponseTooLarge {
                status: 200,
                limit: 1
            }),
            Final
        );
        assert_eq!(classify(&undecodable(404)), Final);
        assert_eq!(
            classify::<E>(&Error::InvalidRequest(Default::default())),
            Final
        );
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(700),
            ..RetryPolicy::default()
        };
        assert_eq!(p.backoff_cap(1), Duration::from_millis(100));
        assert_eq!(p.backoff_cap(2), Duration::from_millis(200));
        assert_eq!(p.backoff_cap(3), Duration::from_millis(400));
        assert_eq!(p.backoff_cap(4), Duration::from_millis(700));
        assert_eq!(p.backoff_cap(200), Duration::from_millis(700));
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let d = p.backoff(3);
            assert!(
                d >= Duration::from_millis(200) && d <= Duration::from_millis(400),
                "{d:?}"
            );
            seen.insert(d);
        }
        assert!(
            seen.len() > 100,
            "jitter should spread waits, got {} values",
            seen.len()
        );
    }

    #[test]
    fn idempotency_rule() {
        let p = RetryPolicy::default();
        assert!(p.allows(Retryability::Safe, false));
        assert!(p.allows(Retryability::Ambiguous, true));
        assert!(!p.allows(Retryability::Ambiguous, false));
        assert!(!p.allows(Retryability::Final, true));
        let opt_in = RetryPolicy {
            retry_ambiguous_non_idempotent: true,
            ..p
        };
        assert!(opt_in.allows(Retryability::Ambiguous, false));
    }

    #[tokio::test(start_paused = true)]
    async fn run_retries_throttling_with_backoff_then_succeeds() {
        let p = RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            retry_ambiguous_non_idempotent: false,
        };
        let start = Instant::now();
        let times = RefCell::new(Vec::new());
        let out = p
            .run(false, |n| {
                times.borrow_mut().push(Instant::now() - start);
                async move {
                    if n < 3 {
                        Err(service("RequestLimitExceeded"))
                    } else {
                        Ok(n)
                    }
                }
            })
            .await
            .unwrap();
        assert_eq!(out, 3);
        let t = times.into_inner();
        assert_eq!(t.len(), 3);
        assert_eq!(t[0], Duration::ZERO);
        let first_wait = t[1] - t[0];
        let second_wait = t[2] - t[1];
        assert!(
            first_wait >= Duration::from_millis(50) && first_wait <= Duration::from_millis(100)
        );
        assert!(
            second_wait >= Duration::from_millis(100) && second_wait <= Duration::from_millis(200)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn run_stops_at_the_attempt_bound() {
        let p = RetryPolicy::default();
        let count = RefCell::new(0);
        let err = p
            .run::<(), _, _, _>(true, |_| {
                *count.borrow_mut() += 1;
                async { Err(transport(true)) }
            })
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport { sent: true, .. }));
        assert_eq!(*count.borrow(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn run_does_not_repeat_ambiguous_non_idempotent_or_final() {
        let p = RetryPolicy::default();
        for (idempotent, err) in [(false, transport(true)), (true, service("FailedOperation"))] {
            let count = RefCell::new(0);
            let e = Some(err);
            let e = RefCell::new(e);
            let _ = p
                .run::<(), _, _, _>(idempotent, |_| {
                    *count.borrow_mut() += 1;
                    let err = e.borrow_mut().take().unwrap();
                    async move { Err(err) }
                })
                .await
                .unwrap_err();
            assert_eq!(*count.borrow(), 1);
        }
    }
}
