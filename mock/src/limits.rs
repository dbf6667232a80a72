//! Per-action rate limits as Tencent Cloud applies them: at most N requests of one action
//! per key in any one-second window (a sliding window, the same rule the client keeps).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(1);

/// Sliding-window counters, one per (SecretId, service, action). Each keeps at most its
/// limit of timestamps, and only authenticated keys reach it, so memory is bounded by
/// the configured keys times the limited actions.
#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<(String, String, String), VecDeque<Instant>>>,
}

impl RateLimiter {
    /// Admits one request at `now` unless `limit` requests were admitted in the second
    /// before it; `Err` holds how long until a slot frees.
    pub fn admit(&self, key: (&str, &str, &str), limit: u32, now: Instant) -> Result<(), Duration> {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let (id, service, action) = key;
        let window = match windows.get_mut(&(id.to_owned(), service.to_owned(), action.to_owned()))
        {
            Some(w) => w,
            None => windows
                .entry((id.to_owned(), service.to_owned(), action.to_owned()))
                .or_default(),
        };
        while window
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
        {
            window.pop_front();
        }
        if window.len() >= limit as usize {
            let oldest = window.front().copied().unwrap_or(now);
            return Err(WINDOW.saturating_sub(now.saturating_duration_since(oldest)));
        }
        window.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_limit_per_second() {
        let r = RateLimiter::default();
        let t0 = Instant::now();
        let key = ("id", "car", "ApplyConcurrent");
        for i in 0..5 {
            assert!(r.admit(key, 5, t0 + Duration::from_millis(i * 10)).is_ok());
        }
        let wait = r
            .admit(key, 5, t0 + Duration::from_millis(100))
            .unwrap_err();
        assert_eq!(wait, Duration::from_millis(900));
        // Other keys and actions have their own windows.
        assert!(r.admit(("other", "car", "ApplyConcurrent"), 5, t0).is_ok());
        assert!(r.admit(("id", "car", "CreateSession"), 5, t0).is_ok());
        // A second after the first, one slot frees.
        assert!(r.admit(key, 5, t0 + Duration::from_millis(1000)).is_ok());
        assert!(r.admit(key, 5, t0 + Duration::from_millis(1001)).is_err());
        assert!(r.admit(key, 5, t0 + Duration::from_millis(1010)).is_ok());
    }
}
