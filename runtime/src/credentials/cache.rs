//! [`CachedProvider`]: reuses a provider's credentials until shortly before they expire.
//!
//! - Credentials without an expiry are fetched once and kept.
//! - Temporary credentials are refreshed `refresh_margin` (5 minutes by default, at most half
//!   their lifetime) before they expire, in the background: on a multi-threaded tokio
//!   runtime a timer task starts the refresh at that point; elsewhere the first caller past
//!   it does (spawning a task when there is a runtime, else inline). Meanwhile every caller
//!   goes on with the keys that are still valid: nobody waits while valid keys exist.
//! - One refresh at a time: callers that find no valid keys wait for the refresh in flight
//!   and share its outcome, success or error; concurrent callers never each call the provider.
//! - A failed refresh keeps the valid keys, and is retried after `retry_interval` (10 s by
//!   default); its error reaches callers only once the keys have actually expired.
//! - Expired keys are never handed out. Every lookup is made for a wall-clock time (the
//!   time the request is signed with: [`CachedProvider::credentials_at`]; now for
//!   [`CachedProvider::credentials`]) and compares it with the expiry the provider
//!   reported. Keys past it are never served, even when no refresh ran before they expired
//!   (a runtime blocked past the margin, a process suspended, a machine asleep): the caller
//!   waits for new keys instead, or gets the refresh's typed error.
//!
//! The lookup on the hot path takes no lock and writes no shared memory but the keys'
//! reference count: each thread keeps a copy of what the lookup needs (the keys, the
//! refresh points, the timer's flag) for the last few caches it used, valid while the
//! cache's generation counter (bumped when the keys are replaced) is unchanged. A hit is
//! one thread-local access, one counter load, one comparison of the given time with the
//! refresh point, one flag load and one reference-count increment; a miss reads the current
//! entry under a read lock and refreshes the copy. The client passes the time it signs with
//! (it reads the wall clock for the signature anyway), so the expiry check costs no clock
//! read. The refresh point needs none either while the refresh timer is armed (a clock read
//! costs more than the rest of the lookup together on virtual machines); without a timer
//! (no multi-threaded runtime) the lookup reads the monotonic clock once, and never for
//! keys without an expiry. The timer runs only on multi-threaded runtimes because their
//! workers drive timers for as long as the runtime lives, while a current-thread runtime is
//! only driven inside `block_on`; if the runtime shuts down, the timer's guard disarms the
//! flag and lookups go back to the clock.
//!
//! The per-thread copies are our own 40 lines rather than `arc-swap`: that crate makes the
//! shared read lock-free, but its load still writes a debt slot and reads the shared
//! pointer, where a generation check reads one rarely written counter. A copy holds no
//! refresh timer (replaced keys stop their timer at once); it keeps one set of keys alive
//! per thread and slot (a dropped cache's too) until the thread looks that cache up again,
//! gives the slot to another cache, or ends.
//!
//! Refresh points are `tokio::time::Instant`s (monotonic, and pausable in tests); the
//! wall-clock expiry a provider reports is converted once, when the keys arrive, and also
//! kept as it is for the expiry check (a monotonic clock stops while the machine sleeps;
//! the server's wall clock does not).

use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};

/// How long before their expiry temporary keys are replaced by default. Requests signed
/// with keys that expire in flight fail, and the official SDKs use the same 5 minutes.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// How long after a failed refresh the next one starts, while the old keys are valid.
pub const DEFAULT_RETRY_INTERVAL: Duration = Duration::from_secs(10);

/// A caching, single-flight wrapper around any [`ProvideCredentials`]. Cheap to clone;
/// clones share the cache (one refresh serves every client that holds a clone).
///
/// ```
/// # async fn demo() -> Result<(), tcapi::CredentialsError> {
/// use std::time::Duration;
/// use tcapi::credentials::{CachedProvider, EnvProvider};
///
/// let cache = CachedProvider::builder(EnvProvider::new())
///     .refresh_margin(Duration::from_secs(120))
///     .build();
/// let keys = cache.credentials().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CachedProvider {
    shared: Arc<Shared>,
}

/// Settings of a [`CachedProvider`].
#[derive(Debug)]
pub struct CachedProviderBuilder {
    provider: Box<dyn ProvideCredentials>,
    refresh_margin: Duration,
    retry_interval: Duration,
}

impl CachedProviderBuilder {
    /// How long before expiry keys are refreshed. Default: [`DEFAULT_REFRESH_MARGIN`]. Keys
    /// that live shorter than twice the margin are refreshed at half their lifetime.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// How long after a failed refresh (while the keys are still valid) the next one
    /// starts. Default: [`DEFAULT_RETRY_INTERVAL`].
    pub fn retry_interval(mut self, interval: Duration) -> Self {
        self.retry_interval = interval;
        self
    }

    /// The cache, empty: the first request fetches.
    pub fn build(self) -> CachedProvider {
        CachedProvider {
            shared: Arc::new(Shared {
                provider: self.provider,
                refresh_margin: self.refresh_margin,
                retry_interval: self.retry_interval,
                id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
                current: RwLock::new(None),
                generation: AtomicU64::new(0),
                refresh: tokio::sync::Mutex::new(None),
                attempts: AtomicU64::new(0),
                background: AtomicBool::new(false),
            }),
        }
    }
}

struct Shared {
    provider: Box<dyn ProvideCredentials>,
    refresh_margin: Duration,
    retry_interval: Duration,
    /// Names this cache in the threads' copies (never reused, unlike an address).
    id: u64,
    /// The keys in use: replaced once per refresh, read when a thread's copy is stale.
    current: RwLock<Option<Arc<Entry>>>,
    /// Bumped after every replacement of `current`: a thread's copy made at another
    /// generation is stale.
    generation: AtomicU64,
    /// Held while the provider is asked (single flight), with the error of the last
    /// attempt if it failed.
    refresh: tokio::sync::Mutex<Option<CredentialsError>>,
    /// Completed attempts: a caller that waited for the lock and sees this changed shares
    /// the outcome of the attempt it waited for instead of starting another.
    attempts: AtomicU64,
    /// Whether a background refresh task is running.
    background: AtomicBool,
}

#[derive(Clone)]
struct Entry {
    credentials: Credentials,
    /// When to start replacing them; `None`: never (no expiry).
    refresh_at: Option<Instant>,
    /// When they stop working; `None`: never.
    expires_at: Option<Instant>,
    /// `refresh_at` by the wall clock: when a lookup made for a later time starts the
    /// refresh itself, whether or not the timer fired (it does not while the runtime is
    /// blocked or the process suspended).
    refresh_wall: Option<SystemTime>,
    /// When they stop working by the wall clock, as the provider reported it; `None`: never.
    expires_wall: Option<SystemTime>,
    /// `true` while a timer will start the refresh at `refresh_at`: lookups may then skip
    /// the clock. The timer's own flag.
    armed: Option<Arc<AtomicBool>>,
    /// The timer that starts the refresh at `refresh_at`, if one is armed.
    timer: Option<Arc<Timer>>,
}

/// A refresh timer task; aborted when the entry it serves is replaced or dropped.
struct Timer {
    task: tokio::task::AbortHandle,
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Entry {
    /// What a lookup needs, for a thread's copy.
    fn view(&self) -> View {
        View {
            credentials: self.credentials.clone(),
            refresh_at: self.refresh_at,
            refresh_wall: self.refresh_wall,
            armed: self.armed.clone(),
        }
    }

    /// Whether the keys still work at `now` (monotonic) and at `wall` (the request's time).
    fn usable_at(&self, now: Instant, wall: SystemTime) -> bool {
        self.expires_at.is_none_or(|at| now < at)
            && self.expires_wall.is_none_or(|expiry| wall < expiry)
    }
}

/// A thread's copy of what the lookup of one cache needs.
struct View {
    credentials: Credentials,
    refresh_at: Option<Instant>,
    refresh_wall: Option<SystemTime>,
    armed: Option<Arc<AtomicBool>>,
}

impl View {
    /// Whether the keys may sign a request made at `at` and no refresh is due; reads the
    /// clock only when no timer watches for the refresh point.
    #[inline]
    fn fresh(&self, at: SystemTime) -> bool {
        if self.refresh_wall.is_some_and(|refresh| at >= refresh) {
            return false;
        }
        match self.refresh_at {
            None => true,
            Some(at) => {
                self.armed
                    .as_ref()
                    .is_some_and(|a| a.load(Ordering::Acquire))
                    || Instant::now() < at
            }
        }
    }
}

/// The source of [`Shared::id`].
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// How many caches a thread keeps copies for (a program has one or a few).
const VIEW_SLOTS: usize = 4;

/// One thread's copy for one cache: (cache id, generation, view).
type Slot = Option<(u64, u64, View)>;

thread_local! {
    static VIEWS: RefCell<[Slot; VIEW_SLOTS]> = const { RefCell::new([const { None }; VIEW_SLOTS]) };
    /// The slot the next new cache takes (round robin).
    static NEXT_SLOT: Cell<usize> = const { Cell::new(0) };
}

impl fmt::Debug for CachedProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.shared;
        let current = s
            .current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|e| e.credentials.clone());
        f.debug_struct("CachedProvider")
            .field("provider", &s.provider)
            .field("refresh_margin", &s.refresh_margin)
            .field("current", &current)
            .finish_non_exhaustive()
    }
}

impl CachedProvider {
    /// A cache over `provider` with the default margin and retry interval.
    pub fn new(provider: impl ProvideCredentials) -> Self {
        Self::builder(provider).build()
    }

    /// A cache over `provider` with settings.
    pub fn builder(provider: impl ProvideCredentials) -> CachedProviderBuilder {
        CachedProviderBuilder {
            provider: Box::new(provider),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            retry_interval: DEFAULT_RETRY_INTERVAL,
        }
    }

    /// The keys to sign with now: [`CachedProvider::credentials_at`] the current time.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.credentials_at(SystemTime::now()).await
    }

    /// The keys to sign a request made at `at` (its `X-TC-Timestamp`) with: the cached ones
    /// while no refresh is due, else the result of a refresh (started or joined). Never
    /// waits while keys valid at `at` exist, and never returns keys expired at `at`: past
    /// their expiry it waits for new keys, or fails with the refresh's error (or
    /// [`CredentialsError::Expired`] if even the new keys end before `at`).
    ///
    /// The client passes the time it signs with, so that the expiry check reads no clock.
    /// The cached keys are looked up when this is called; only a refresh is left to the
    /// future (so a hit costs no state machine).
    pub fn credentials_at(
        &self,
        at: SystemTime,
    ) -> impl Future<Output = Result<Credentials, CredentialsError>> + Send + '_ {
        let hit = self.fresh_at(at);
        async move {
            match hit {
                Some(c) => Ok(c),
                // Boxed: the refresh's large state would otherwise be part of (and copied
                // with) every lookup's future.
                None => Box::pin(self.refresh_for(at)).await,
            }
        }
    }

    /// [`CachedProvider::credentials_at`] past the hot path.
    async fn refresh_for(&self, at: SystemTime) -> Result<Credentials, CredentialsError> {
        let now = Instant::now();
        if let Some(entry) = self.snapshot().filter(|e| e.usable_at(now, at)) {
            // Past the refresh point but still valid.
            if !self.refresh_in_background(at) {
                // No runtime to run it on: refresh here, falling back on the valid keys.
                return Ok(self
                    .shared
                    .refresh(RefreshKind::Early, at)
                    .await
                    .unwrap_or_else(|_| entry.credentials.clone()));
            }
            return Ok(entry.credentials.clone());
        }
        self.shared.refresh(RefreshKind::Needed, at).await
    }

    /// The cached keys if they have not expired, without fetching (for synchronous callers).
    pub fn cached(&self) -> Option<Credentials> {
        self.cached_at(SystemTime::now())
    }

    /// The cached keys if they are valid for a request made at `at`, without fetching.
    pub fn cached_at(&self, at: SystemTime) -> Option<Credentials> {
        // Keys before their refresh point are valid: no clock read.
        if let Some(c) = self.fresh_at(at) {
            return Some(c);
        }
        let now = Instant::now();
        self.snapshot()
            .filter(|e| e.usable_at(now, at))
            .map(|e| e.credentials.clone())
    }

    /// The hot path: the cached keys if they are valid at `at` and no refresh is due
    /// (`None` says nothing about the keys: ask [`CachedProvider::credentials_at`]).
    #[inline]
    pub(crate) fn fresh_at(&self, at: SystemTime) -> Option<Credentials> {
        let id = self.shared.id;
        let generation = self.shared.generation.load(Ordering::Acquire);
        let hit = VIEWS
            .try_with(|views| {
                let views = views.try_borrow().ok()?;
                let (_, _, view) = views
                    .iter()
                    .flatten()
                    .find(|(c, g, _)| *c == id && *g == generation)?;
                Some(view.fresh(at).then(|| view.credentials.clone()))
            })
            .ok()
            .flatten();
        match hit {
            Some(found) => found,
            None => self.fresh_from_entry(at, generation),
        }
    }

    /// The lookup when this thread's copy is missing or stale: from the shared entry, which
    /// becomes the copy of `generation` (read before the entry, so a replacement in between
    /// only makes the next lookup read the entry again).
    #[cold]
    fn fresh_from_entry(&self, at: SystemTime, generation: u64) -> Option<Credentials> {
        let view = self.snapshot()?.view();
        let found = view.fresh(at).then(|| view.credentials.clone());
        let id = self.shared.id;
        // Outside a thread's lifetime (its destructors) nothing is kept: still correct.
        let _ = VIEWS.try_with(|views| {
            let Ok(mut views) = views.try_borrow_mut() else {
                return;
            };
            let slot = match views
                .iter()
                .position(|s| s.as_ref().is_some_and(|(c, _, _)| *c == id))
            {
                Some(i) => i,
                None => NEXT_SLOT.with(|next| {
                    let i = next.get();
                    next.set((i + 1) % VIEW_SLOTS);
                    i
                }),
            };
            views[slot] = Some((id, generation, view));
        });
        found
    }

    fn snapshot(&self) -> Option<Arc<Entry>> {
        self.shared
            .current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Starts one background refresh (for keys valid at `at`) unless one is running.
    /// `false` when there is no tokio runtime to run it on.
    fn refresh_in_background(&self, at: SystemTime) -> bool {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return false;
        };
        // Callers in the refresh window find it running and spawn nothing.
        if !self.shared.background.load(Ordering::Acquire) {
            let shared = self.shared.clone();
            runtime.spawn(async move { shared.refresh_in_background(at).await });
        }
        true
    }
}

/// Clears a flag when dropped, however the task holding it ends.
struct ClearOnDrop<'a>(&'a AtomicBool);
impl Drop for ClearOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RefreshKind {
    /// The keys are valid but due for replacement.
    Early,
    /// There are no valid keys: the caller waits for new ones.
    Needed,
}

impl Shared {
    /// One early refresh unless one is running; its error is kept for the callers that
    /// need it once the keys expire.
    async fn refresh_in_background(self: &Arc<Self>, at: SystemTime) {
        if self.background.swap(true, Ordering::AcqRel) {
            return;
        }
        let _done = ClearOnDrop(&self.background);
        let _ = self.refresh(RefreshKind::Early, at).await;
    }

    /// Arms a timer that starts the refresh at `entry.refresh_at`, on a multi-threaded
    /// runtime (see the module docs); otherwise lookups read the clock.
    fn arm(self: &Arc<Self>, entry: &mut Entry) {
        entry.armed = None;
        entry.timer = None;
        let Some(at) = entry.refresh_at else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        if !matches!(
            runtime.runtime_flavor(),
            tokio::runtime::RuntimeFlavor::MultiThread
        ) {
            return;
        }
        let armed = Arc::new(AtomicBool::new(true));
        let flag = armed.clone();
        // Weak: a pending timer does not keep a dropped cache alive.
        let shared = Arc::downgrade(self);
        let task = runtime.spawn(async move {
            // Disarmed when the timer fires, and also if the task is dropped unfired
            // (runtime shutdown, entry replaced).
            let disarm = ClearOnDrop(&flag);
            tokio::time::sleep_until(at).await;
            drop(disarm);
            if let Some(shared) = shared.upgrade() {
                shared.refresh_in_background(SystemTime::now()).await;
            }
        });
        entry.armed = Some(armed);
        entry.timer = Some(Arc::new(Timer {
            task: task.abort_handle(),
        }));
    }

    /// Asks the provider once, unless an attempt finished while this caller waited for the
    /// lock, in which case its outcome is shared. `at`: the time of the request the keys
    /// are for (at least now).
    async fn refresh(
        self: &Arc<Self>,
        kind: RefreshKind,
        at: SystemTime,
    ) -> Result<Credentials, CredentialsError> {
        let seen = self.attempts.load(Ordering::Acquire);
        let mut last_error = self.refresh.lock().await;
        let now = Instant::now();
        // Waiting for the lock took time: the keys must be valid when the caller signs.
        let wall = at.max(SystemTime::now());
        let current = self
            .current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(entry) = current {
            let due = entry.refresh_at.is_some_and(|at| now >= at)
                || entry.refresh_wall.is_some_and(|refresh| wall >= refresh);
            if !due || (kind == RefreshKind::Needed && entry.usable_at(now, wall)) {
                return Ok(entry.credentials.clone());
            }
        }
        if self.attempts.load(Ordering::Acquire) != seen {
            // The attempt this caller waited for failed (a success would have been seen
            // above): share its error rather than asking again at once.
            if let Some(e) = &*last_error {
                return Err(e.clone());
            }
        }
        let result = self.provider.provide().await;
        let now = Instant::now();
        let result = result.and_then(|c| self.entry(c, now));
        self.attempts.fetch_add(1, Ordering::AcqRel);
        // Writers hold `refresh`: nothing replaces the entry between this read and the store.
        let current = self
            .current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match result {
            Ok(mut entry) => {
                self.arm(&mut entry);
                let credentials = entry.credentials.clone();
                let expires_wall = entry.expires_wall;
                self.replace(entry);
                *last_error = None;
                match expires_wall {
                    // Fresh keys that end before the request they are for cannot sign it.
                    Some(expired_at) if kind == RefreshKind::Needed && at >= expired_at => {
                        Err(CredentialsError::Expired {
                            source: format!("{:?}", self.provider),
                            expired_at,
                        })
                    }
                    _ => Ok(credentials),
                }
            }
            Err(e) => {
                // Keep valid keys; try again after the retry interval, or at expiry.
                let wall = SystemTime::now();
                if let Some(old) = current.filter(|old| old.usable_at(now, wall)) {
                    let retry = now + self.retry_interval;
                    let retry_wall = wall + self.retry_interval;
                    let mut kept = Entry {
                        refresh_at: Some(old.expires_at.map_or(retry, |at| at.min(retry))),
                        refresh_wall: Some(
                            old.expires_wall.map_or(retry_wall, |at| at.min(retry_wall)),
                        ),
                        ..(*old).clone()
                    };
                    self.arm(&mut kept);
                    self.replace(kept);
                }
                *last_error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// Makes `entry` the current one; the threads' copies of the old one become stale.
    fn replace(&self, entry: Entry) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(entry));
        self.generation.fetch_add(1, Ordering::Release);
    }

    /// The cache entry of freshly provided keys, received at `now`.
    fn entry(&self, credentials: Credentials, now: Instant) -> Result<Entry, CredentialsError> {
        let Some(expires_at) = credentials.expires_at() else {
            return Ok(Entry {
                credentials,
                refresh_at: None,
                expires_at: None,
                refresh_wall: None,
                expires_wall: None,
                armed: None,
                timer: None,
            });
        };
        let lifetime = match expires_at.duration_since(SystemTime::now()) {
            Ok(d) if !d.is_zero() => d,
            _ => {
                return Err(CredentialsError::Expired {
                    source: format!("{:?}", self.provider),
                    expired_at: expires_at,
                });
            }
        };
        let early = self.refresh_margin.min(lifetime / 2);
        Ok(Entry {
            credentials,
            refresh_at: Some(now + (lifetime - early)),
            expires_at: Some(now + lifetime),
            refresh_wall: Some(expires_at - early),
            expires_wall: Some(expires_at),
            armed: None,
            timer: None,
        })
    }
}

impl ProvideCredentials for CachedProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.credentials())
    }
}
