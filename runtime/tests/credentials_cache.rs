#![cfg(feature = "client")]
//! `CachedProvider` on a paused tokio clock: reuse before the refresh margin, background
//! refresh, single flight for concurrent callers, failures kept quiet until expiry.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tcapi::credentials::{
    CachedProvider, Credentials, CredentialsError, ProvideCredentials, ProvideFuture,
};
use tokio::time::{Instant, advance, sleep};

/// One scripted answer: after `delay`, keys valid for `lifetime` (`None`: permanent), or
/// an error.
#[derive(Clone)]
enum Step {
    Keys {
        delay: Duration,
        lifetime: Option<Duration>,
    },
    Fail {
        delay: Duration,
    },
    /// Keys that expired a second ago.
    Stale,
}

fn keys(lifetime_secs: u64) -> Step {
    Step::Keys {
        delay: Duration::ZERO,
        lifetime: Some(Duration::from_secs(lifetime_secs)),
    }
}

#[derive(Debug, Default)]
struct Scripted {
    steps: Mutex<VecDeque<StepDebug>>,
    calls: AtomicUsize,
}

/// `Step` behind a `Debug` (the trait needs one).
struct StepDebug(Step);
impl std::fmt::Debug for StepDebug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("step")
    }
}

impl Scripted {
    fn new(steps: impl IntoIterator<Item = Step>) -> Arc<Self> {
        Arc::new(Self {
            steps: Mutex::new(steps.into_iter().map(StepDebug).collect()),
            calls: AtomicUsize::new(0),
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Scripted {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let step = self.steps.lock().unwrap().pop_front().map(|s| s.0);
            let id = format!("AKIDcall{n}");
            match step {
                Some(Step::Keys { delay, lifetime }) => {
                    if !delay.is_zero() {
                        sleep(delay).await;
                    }
                    let c = Credentials::with_token(id, "key", "token")?;
                    Ok(match lifetime {
                        Some(l) => c.expiring_at(SystemTime::now() + l),
                        None => c,
                    })
                }
                Some(Step::Fail { delay }) => {
                    sleep(delay).await;
                    Err(CredentialsError::Unreachable {
                        source: "scripted".into(),
                        detail: format!("failure on call {n}"),
                    })
                }
                Some(Step::Stale) => Ok(Credentials::new(id, "key")?
                    .expiring_at(SystemTime::now() - Duration::from_secs(1))),
                None => Err(CredentialsError::BadResponse {
                    source: "scripted".into(),
                    detail: format!("script exhausted at call {n}"),
                }),
            }
        })
    }
}

fn cache(provider: &Arc<Scripted>) -> CachedProvider {
    CachedProvider::builder(provider.clone())
        .refresh_margin(Duration::from_secs(300))
        .retry_interval(Duration::from_secs(10))
        .build()
}

async fn id(cache: &CachedProvider) -> String {
    cache.credentials().await.unwrap().secret_id().to_owned()
}

/// Lets spawned refresh tasks run (the paused clock advances only when all tasks idle).
async fn settle() {
    sleep(Duration::from_millis(1)).await;
}

#[tokio::test(start_paused = true)]
async fn keys_are_reused_until_the_margin_then_refreshed_in_the_background() {
    let slow = Step::Keys {
        delay: Duration::from_secs(5),
        lifetime: Some(Duration::from_secs(3600)),
    };
    let p = Scripted::new([keys(3600), slow]);
    let cache = cache(&p);
    let first = cache.credentials().await.unwrap();
    assert_eq!(first.secret_id(), "AKIDcall1");
    // The expiry the provider reported is visible.
    let left = first
        .expires_at()
        .unwrap()
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(left > Duration::from_secs(3590), "{left:?}");

    advance(Duration::from_secs(3290)).await;
    assert_eq!(id(&cache).await, "AKIDcall1");
    assert_eq!(p.calls(), 1, "reused before the margin");

    advance(Duration::from_secs(20)).await; // 3310 s: inside the 300 s margin.
    let started = Instant::now();
    assert_eq!(id(&cache).await, "AKIDcall1", "valid keys while refreshing");
    assert_eq!(id(&cache).await, "AKIDcall1");
    assert_eq!(started.elapsed(), Duration::ZERO, "callers did not wait");
    settle().await;
    assert_eq!(p.calls(), 2, "one background refresh");
    sleep(Duration::from_secs(5)).await;
    assert_eq!(id(&cache).await, "AKIDcall2", "new keys after the refresh");
    assert_eq!(p.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn one_fetch_serves_100_concurrent_callers() {
    let slow = |secs| Step::Keys {
        delay: Duration::from_secs(secs),
        lifetime: Some(Duration::from_secs(600)),
    };
    let p = Scripted::new([slow(2), slow(2)]);
    let cache = cache(&p);
    let run_all = || {
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.credentials().await })
            })
            .collect();
        async move {
            let mut ids = Vec::new();
            for t in tasks {
                ids.push(t.await.unwrap().unwrap().secret_id().to_owned());
            }
            ids
        }
    };
    let ids = run_all().await;
    assert!(ids.iter().all(|i| i == "AKIDcall1"), "{ids:?}");
    assert_eq!(p.calls(), 1);

    // Past expiry nobody has valid keys: 100 callers wait for one fetch again.
    advance(Duration::from_secs(601)).await;
    let ids = run_all().await;
    assert!(ids.iter().all(|i| i == "AKIDcall2"), "{ids:?}");
    assert_eq!(p.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_share_one_failure() {
    let p = Scripted::new([Step::Fail {
        delay: Duration::from_secs(1),
    }]);
    let cache = cache(&p);
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.credentials().await })
        })
        .collect();
    for t in tasks {
        let e = t.await.unwrap().unwrap_err();
        assert!(e.to_string().contains("failure on call 1"), "{e}");
    }
    assert_eq!(p.calls(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_failed_refresh_keeps_valid_keys_until_they_expire() {
    let fail = Step::Fail {
        delay: Duration::ZERO,
    };
    let mut script = vec![keys(600)];
    script.extend(std::iter::repeat_n(fail, 10));
    let p = Scripted::new(script);
    let cache = cache(&p);
    assert_eq!(id(&cache).await, "AKIDcall1");

    advance(Duration::from_secs(310)).await; // due: refresh in the background, which fails
    assert_eq!(id(&cache).await, "AKIDcall1");
    settle().await;
    assert_eq!(p.calls(), 2);
    assert_eq!(
        id(&cache).await,
        "AKIDcall1",
        "the failure is not reported yet"
    );
    settle().await;
    assert_eq!(p.calls(), 2, "no retry before the retry interval");

    advance(Duration::from_secs(10)).await;
    assert_eq!(id(&cache).await, "AKIDcall1");
    settle().await;
    assert_eq!(p.calls(), 3, "retried after the interval");

    // Past the real expiry the error reaches the caller.
    advance(Duration::from_secs(300)).await;
    let e = cache.credentials().await.unwrap_err();
    assert!(e.to_string().contains("failure on call 4"), "{e}");
    assert!(cache.cached().is_none());
    // Every later call asks again (single flight) and reports its own failure.
    let e = cache.credentials().await.unwrap_err();
    assert!(e.to_string().contains("failure on call 5"), "{e}");
}

#[tokio::test(start_paused = true)]
async fn permanent_keys_are_fetched_once() {
    let p = Scripted::new([Step::Keys {
        delay: Duration::ZERO,
        lifetime: None,
    }]);
    let cache = cache(&p);
    assert_eq!(id(&cache).await, "AKIDcall1");
    advance(Duration::from_secs(30 * 86_400)).await;
    assert_eq!(id(&cache).await, "AKIDcall1");
    assert_eq!(p.calls(), 1);
    assert_eq!(cache.cached().unwrap().expires_at(), None);
}

#[tokio::test(start_paused = true)]
async fn short_lived_keys_are_refreshed_at_half_their_lifetime() {
    let p = Scripted::new([keys(120), keys(120)]);
    let cache = cache(&p);
    assert_eq!(id(&cache).await, "AKIDcall1");
    advance(Duration::from_secs(59)).await;
    assert_eq!(id(&cache).await, "AKIDcall1");
    settle().await;
    assert_eq!(p.calls(), 1);
    advance(Duration::from_secs(2)).await;
    assert_eq!(id(&cache).await, "AKIDcall1");
    settle().await;
    assert_eq!(p.calls(), 2);
    assert_eq!(id(&cache).await, "AKIDcall2");
}

#[tokio::test(start_paused = true)]
async fn keys_that_arrive_expired_are_an_error() {
    let p = Scripted::new([Step::Stale, keys(600)]);
    let cache = cache(&p);
    let e = cache.credentials().await.unwrap_err();
    assert!(matches!(e, CredentialsError::Expired { .. }), "{e}");
    assert_eq!(id(&cache).await, "AKIDcall2");
}

#[test]
fn outside_a_tokio_runtime_the_cache_fetches_in_the_caller() {
    let p = Scripted::new([keys(3600)]);
    let cache = cache(&p);
    // A minimal executor: no tokio runtime, no timer.
    let mut fut = std::pin::pin!(cache.credentials());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let c = loop {
        if let std::task::Poll::Ready(r) = fut.as_mut().poll(&mut cx) {
            break r.unwrap();
        }
    };
    assert_eq!(c.secret_id(), "AKIDcall1");
    assert_eq!(cache.cached().unwrap(), c);
    assert_eq!(p.calls(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_multi_threaded_runtime_a_timer_refreshes_without_lookups() {
    // Real time: keys living 1.2 s are due at half their lifetime, 0.6 s.
    let short = Step::Keys {
        delay: Duration::ZERO,
        lifetime: Some(Duration::from_millis(1200)),
    };
    let p = Scripted::new([short.clone(), short.clone(), short]);
    let cache = cache(&p);
    assert_eq!(id(&cache).await, "AKIDcall1");
    for _ in 0..100 {
        assert_eq!(id(&cache).await, "AKIDcall1");
    }
    assert_eq!(p.calls(), 1);
    // No lookups: the timer alone refreshes.
    let deadline = Instant::now() + Duration::from_secs(5);
    while p.calls() < 2 && Instant::now() < deadline {
        sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(p.calls(), 2, "the timer refreshed before expiry");
    assert_eq!(id(&cache).await, "AKIDcall2");
    // The new keys armed a new timer.
    while p.calls() < 3 && Instant::now() < deadline {
        sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(id(&cache).await, "AKIDcall3");
    // A dropped cache stops its timer: no further calls.
    drop(cache);
    sleep(Duration::from_millis(900)).await;
    assert_eq!(p.calls(), 3);
}

/// Keys living `millis` of real time.
fn short(millis: u64) -> Step {
    Step::Keys {
        delay: Duration::ZERO,
        lifetime: Some(Duration::from_millis(millis)),
    }
}

/// Looks up keys on a one-worker multi-threaded runtime (so a refresh timer is armed) after
/// blocking that worker past the keys' expiry: the timer could not run, and a lookup that
/// trusted it would hand out expired keys.
fn lookup_after_blocking_past_expiry(p: &Arc<Scripted>) -> Result<Credentials, CredentialsError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_time()
        .build()
        .unwrap();
    let cache = cache(p);
    runtime.block_on(async {
        let first = cache.credentials().await.unwrap();
        assert_eq!(first.secret_id(), "AKIDcall1");
        let cache = cache.clone();
        tokio::spawn(async move {
            // The only worker is busy: no timer task runs until this task yields.
            std::thread::sleep(Duration::from_millis(900));
            assert!(SystemTime::now() >= first.expires_at().unwrap());
            cache.credentials().await
        })
        .await
        .unwrap()
    })
}

#[test]
fn a_runtime_blocked_past_expiry_gets_new_keys_not_expired_ones() {
    let p = Scripted::new([short(600), keys(3600)]);
    let c = lookup_after_blocking_past_expiry(&p).unwrap();
    assert_eq!(c.secret_id(), "AKIDcall2");
    assert!(c.expires_at().unwrap() > SystemTime::now());
    assert_eq!(p.calls(), 2);
}

#[test]
fn a_runtime_blocked_past_expiry_gets_the_refresh_error_not_expired_keys() {
    let fail = Step::Fail {
        delay: Duration::ZERO,
    };
    let p = Scripted::new([short(600), fail]);
    let e = lookup_after_blocking_past_expiry(&p).unwrap_err();
    assert!(e.to_string().contains("failure on call 2"), "{e}");
}

#[tokio::test(start_paused = true)]
async fn past_expiry_on_the_paused_clock_nothing_expired_is_served() {
    // No refresh ran (no task was let run between the advance and the lookup).
    let p = Scripted::new([keys(600), keys(600)]);
    let cache = cache(&p);
    assert_eq!(id(&cache).await, "AKIDcall1");
    advance(Duration::from_secs(601)).await;
    assert!(cache.cached().is_none(), "expired keys are not cached keys");
    assert_eq!(id(&cache).await, "AKIDcall2");
    assert_eq!(p.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_request_time_past_the_wall_clock_expiry_gets_new_keys() {
    // The process was suspended for two hours: tokio's clock did not move, the wall clock
    // (the signature's timestamp) did.
    let p = Scripted::new([keys(3600), keys(3600 * 4), keys(3600)]);
    let cache = cache(&p);
    let first = cache.credentials().await.unwrap();
    let later = SystemTime::now() + Duration::from_secs(7200);
    assert_eq!(cache.cached_at(later), None);
    assert_eq!(cache.cached_at(SystemTime::now()), Some(first.clone()));
    let c = cache.credentials_at(later).await.unwrap();
    assert_eq!(c.secret_id(), "AKIDcall2");
    assert!(c.expires_at().unwrap() > later);
    assert_eq!(p.calls(), 2);
    // Past the refresh point by the wall clock, before expiry: the valid keys are served
    // and a refresh starts in the background.
    let due = c.expires_at().unwrap() - Duration::from_secs(100);
    assert_eq!(cache.credentials_at(due).await.unwrap(), c);
    settle().await;
    assert_eq!(p.calls(), 3);
}

#[tokio::test(start_paused = true)]
async fn keys_that_end_before_the_request_time_are_an_expired_error() {
    let p = Scripted::new([keys(600), keys(600)]);
    let cache = cache(&p);
    assert_eq!(id(&cache).await, "AKIDcall1");
    let e = cache
        .credentials_at(SystemTime::now() + Duration::from_secs(3600))
        .await
        .unwrap_err();
    assert!(matches!(e, CredentialsError::Expired { .. }), "{e}");
    assert_eq!(p.calls(), 2);
    // The new keys serve requests they are valid for.
    assert_eq!(id(&cache).await, "AKIDcall2");
}

/// Polls a lookup that must not wait (valid keys are cached).
fn ready_lookup(cache: &CachedProvider) -> Credentials {
    let mut fut = std::pin::pin!(cache.credentials());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match fut.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(r) => r.unwrap(),
        std::task::Poll::Pending => panic!("a lookup of cached keys waited"),
    }
}

#[tokio::test(start_paused = true)]
async fn more_caches_than_a_thread_keeps_copies_of_each_serve_their_own_keys() {
    let providers: Vec<_> = (0..7).map(|_| Scripted::new([keys(3600)])).collect();
    let caches: Vec<_> = providers.iter().map(cache).collect();
    let mut first = Vec::new();
    for c in &caches {
        first.push(c.credentials().await.unwrap());
    }
    for round in 0..3 {
        for (i, c) in caches.iter().enumerate() {
            assert_eq!(ready_lookup(c), first[i], "round {round}, cache {i}");
        }
    }
    assert!(providers.iter().all(|p| p.calls() == 1));
}

#[tokio::test(start_paused = true)]
async fn a_thread_sees_keys_replaced_by_a_refresh_on_another_thread() {
    let p = Scripted::new([keys(600), keys(3600)]);
    let cache = cache(&p);
    assert_eq!(id(&cache).await, "AKIDcall1");
    // Another thread makes its own copy of the first keys.
    let other = std::thread::scope(|s| s.spawn(|| ready_lookup(&cache)).join().unwrap());
    assert_eq!(other.secret_id(), "AKIDcall1");
    // Past expiry on this thread: new keys.
    advance(Duration::from_secs(601)).await;
    assert_eq!(id(&cache).await, "AKIDcall2");
    // The other thread's copy is stale: it gets the new keys too.
    std::thread::scope(|s| {
        s.spawn(|| assert_eq!(ready_lookup(&cache).secret_id(), "AKIDcall2"))
            .join()
            .unwrap()
    });
    assert_eq!(p.calls(), 2);
}
