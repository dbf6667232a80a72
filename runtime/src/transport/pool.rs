//! The keep-alive pool of [`Http1Transport`](super::Http1Transport): idle HTTP/1.1
//! connections per scheme and authority, most recently used first.
//!
//! No background task: expired connections are closed when the pool is next used (an
//! expired one is never handed out), which keeps the transport usable on any tokio runtime,
//! current-thread or multi-thread, without spawning.

use std::collections::HashMap;
use std::future::poll_fn;
use std::sync::Mutex;
use std::task::Poll;
use std::time::{Duration, Instant};

use http::uri::Authority;

use super::http1::Conn;

/// How often a check-in also closes the expired connections of every other host.
const SWEEP_EVERY: Duration = Duration::from_secs(1);

/// Where a connection goes: the scheme and the authority (host and port) of the URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Key {
    pub(super) https: bool,
    pub(super) authority: Authority,
}

struct Idle {
    conn: Conn,
    since: Instant,
}

struct Lists {
    /// Per key, oldest first (connections are taken from the end).
    by_key: HashMap<Key, Vec<Idle>>,
    swept: Instant,
}

pub(super) struct Pool {
    lists: Mutex<Lists>,
    idle_timeout: Option<Duration>,
    max_idle: usize,
}

impl Pool {
    pub(super) fn new(idle_timeout: Option<Duration>, max_idle: usize) -> Self {
        Self {
            lists: Mutex::new(Lists {
                by_key: HashMap::new(),
                swept: Instant::now(),
            }),
            idle_timeout,
            max_idle,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lists> {
        // A panic while holding the lock cannot leave the lists inconsistent (every
        // change is one push, pop or retain): keep using them.
        self.lists.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn expired(&self, since: Instant, now: Instant) -> bool {
        self.idle_timeout
            .is_some_and(|t| now.saturating_duration_since(since) >= t)
    }

    /// The most recently used idle connection to `key` that is still open, if any.
    ///
    /// Each candidate's connection is polled once without waiting: a server that closed it
    /// while it was idle (end of file, a reset, unexpected bytes) is noticed here, and the
    /// connection is closed instead of being used.
    pub(super) async fn checkout(&self, key: &Key) -> Option<Conn> {
        loop {
            let now = Instant::now();
            let idle = {
                let mut lists = self.lock();
                let list = lists.by_key.get_mut(key)?;
                let idle = list.pop()?;
                if self.expired(idle.since, now) {
                    // The rest are older: all expired. Closed outside the lock.
                    let rest = std::mem::take(list);
                    lists.by_key.remove(key);
                    drop(lists);
                    drop((idle, rest));
                    return None;
                }
                idle
            };
            let mut conn = idle.conn;
            if poll_fn(|cx| Poll::Ready(conn.is_open(cx))).await {
                return Some(conn);
            }
        }
    }

    /// Keeps `conn` (clean: its last response was read to the end) for the next request to
    /// `key`, unless the pool already holds its maximum for that key.
    pub(super) fn checkin(&self, key: Key, conn: Conn) {
        if self.max_idle == 0 {
            return;
        }
        let now = Instant::now();
        let mut closing = Vec::new();
        {
            let mut lists = self.lock();
            if self.idle_timeout.is_some() && now.duration_since(lists.swept) >= SWEEP_EVERY {
                lists.swept = now;
                lists.by_key.retain(|_, list| {
                    let stale = list.partition_point(|i| self.expired(i.since, now));
                    closing.extend(list.drain(..stale));
                    !list.is_empty()
                });
            }
            let list = lists.by_key.entry(key).or_default();
            if list.len() < self.max_idle {
                list.push(Idle { conn, since: now });
            } else {
                closing.push(Idle { conn, since: now });
            }
        }
        drop(closing);
    }

    /// The most recently used idle connection to `key`, as it is: not checked.
    #[cfg(test)]
    pub(super) fn take_unchecked(&self, key: &Key) -> Option<Conn> {
        self.lock().by_key.get_mut(key)?.pop().map(|i| i.conn)
    }

    /// How many idle connections are kept, over every key.
    #[cfg(test)]
    pub(super) fn idle_count(&self) -> usize {
        self.lock().by_key.values().map(Vec::len).sum()
    }
}
