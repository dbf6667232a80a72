//! Client-side enforcement of each action's documented rate limit.
//!
//! Tencent Cloud documents a limit per action in requests per second (`rate_limit` in the
//! spec, e.g. 100 for `ApplyConcurrent`). The [`RateLimiter`] is shared by every clone of a
//! client and every task using it, and guarantees that **in any one-second window no more
//! than the documented number of requests leave** (counting retries: each attempt is a
//! request).
//!
//! It keeps, per action, the send times of the last `limit` requests. A new request may
//! leave at `max(now, t[n-limit] + 1 s)`; the slot is reserved immediately, so waiters are
//! served in arrival order without a thundering herd. With a limit of N, request k+N leaves at
//! least one second after request k, which is exactly the window guarantee.
//!
//! Modes ([`RateLimitMode`]): `Wait` (default) sleeps until the slot; `FailFast` returns
//! [`crate::Error::RateLimited`] instead of waiting, and reserves nothing; `Off` disables
//! the limiter (the server still enforces its own limit and answers `RequestLimitExceeded`).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// What to do when an action's documented rate limit is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateLimitMode {
    /// Wait for the next free slot (default).
    #[default]
    Wait,
    /// Fail at once with [`crate::Error::RateLimited`].
    FailFast,
    /// No client-side limit.
    Off,
}

const WINDOW: Duration = Duration::from_secs(1);

/// Per-action sliding-window limiter (see the module docs).
#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<(&'static str, &'static str), VecDeque<Instant>>>,
}

/// The outcome of asking for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Go now.
    Now,
    /// A slot is reserved at this instant; sleep until then.
    At(Instant),
    /// Fail-fast: no slot before this long.
    Busy(Duration),
}

impl RateLimiter {
    /// An empty limiter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves a slot for one request of `(service, action)` limited to `limit` per second.
    ///
    /// With `reserve_when_busy = false` (fail-fast), nothing is reserved when the request
    /// could not leave now.
    pub fn reserve(
        &self,
        key: (&'static str, &'static str),
        limit: u32,
        now: Instant,
        reserve_when_busy: bool,
    ) -> Slot {
        let limit = limit.max(1) as usize;
        // A poisoned lock only means another task panicked mid-update; the deque is still valid.
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let q = windows.entry(key).or_default();
        let mut at = now;
        if let Some(&last) = q.back() {
            at = at.max(last);
        }
        if q.len() >= limit {
            at = at.max(q[q.len() - limit] + WINDOW);
        }
        if at > now && !reserve_when_busy {
            return Slot::Busy(at - now);
        }
        q.push_back(at);
        while q.len() > limit {
            q.pop_front();
        }
        if at > now { Slot::At(at) } else { Slot::Now }
    }

    /// Waits for (or, fail-fast, refuses) a slot: `Ok(true)` if it waited. `Err` carries
    /// the wait that was refused.
    pub async fn acquire(
        &self,
        key: (&'static str, &'static str),
        limit: u32,
        mode: RateLimitMode,
    ) -> Result<bool, Duration> {
        match mode {
            RateLimitMode::Off => Ok(false),
            RateLimitMode::Wait => {
                if let Slot::At(at) = self.reserve(key, limit, Instant::now(), true) {
                    tokio::time::sleep_until(at).await;
                    return Ok(true);
                }
                Ok(false)
            }
            RateLimitMode::FailFast => match self.reserve(key, limit, Instant::now(), false) {
                Slot::Busy(d) => Err(d),
                _ => Ok(false),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    const KEY: (&str, &str) = ("car", "ApplyConcurrent");

    /// Asserts that no one-second window (half-open) holds more than `limit` of `times`.
    fn assert_window(times: &mut [Instant], limit: usize) {
        times.sort();
        for (i, &t) in times.iter().enumerate() {
            let in_window = times[i..].iter().take_while(|&&u| u < t + WINDOW).count();
            assert!(
                in_window <= limit,
                "{in_window} requests within one second starting at #{i}, limit {limit}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn wait_mode_never_exceeds_limit_in_any_window() {
        let limiter = Arc::new(RateLimiter::new());
        let sent = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        let mut tasks = Vec::new();
        // 8 tasks x 30 requests at limit 20 per second: 240 requests need at least 11 s.
        for _ in 0..8 {
            let limiter = limiter.clone();
            let sent = sent.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..30 {
                    limiter.acquire(KEY, 20, RateLimitMode::Wait).await.unwrap();
                    sent.lock().unwrap().push(Instant::now());
                    tokio::task::yield_now().await;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let mut times = sent.lock().unwrap().clone();
        assert_eq!(times.len(), 240);
        assert_window(&mut times, 20);
        let elapsed = *times.iter().max().unwrap() - start;
        assert!(elapsed >= Duration::from_secs(11), "{elapsed:?}");
        // And it is not needlessly slow: 12 windows suffice.
        assert!(elapsed < Duration::from_secs(12), "{elapsed:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn bursts_spread_over_time_still_respect_the_window() {
        let limiter = RateLimiter::new();
        let mut times = Vec::new();
        for round in 0..10u64 {
            for _ in 0..7 {
                limiter.acquire(KEY, 5, RateLimitMode::Wait).await.unwrap();
                times.push(Instant::now());
            }
            tokio::time::sleep(Duration::from_millis(130 * round)).await;
        }
        assert_window(&mut times, 5);
    }

    #[tokio::test(start_paused = true)]
    async fn fail_fast_refuses_without_reserving() {
        let limiter = RateLimiter::new();
        for _ in 0..3 {
            limiter
                .acquire(KEY, 3, RateLimitMode::FailFast)
                .await
                .unwrap();
        }
        let wait = limiter
            .acquire(KEY, 3, RateLimitMode::FailFast)
            .await
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(1));
        tokio::time::advance(Duration::from_millis(400)).await;
        let wait = limiter
            .acquire(KEY, 3, RateLimitMode::FailFast)
            .await
            .unwrap_err();
        assert_eq!(wait, Duration::from_millis(600));
        tokio::time::advance(Duration::from_millis(600)).await;
        limiter
            .acquire(KEY, 3, RateLimitMode::FailFast)
            .await
            .unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn actions_are_limited_separately_and_off_is_unlimited() {
        let limiter = RateLimiter::new();
        let start = Instant::now();
        limiter.acquire(KEY, 1, RateLimitMode::Wait).await.unwrap();
        limiter
            .acquire(("car", "CreateSession"), 1, RateLimitMode::Wait)
            .await
            .unwrap();
        for _ in 0..100 {
            limiter.acquire(KEY, 1, RateLimitMode::Off).await.unwrap();
        }
        assert_eq!(Instant::now(), start);
        limiter.acquire(KEY, 1, RateLimitMode::Wait).await.unwrap();
        assert_eq!(Instant::now() - start, WINDOW);
    }
}
