//! The cost of the credential lookup the client makes before signing each attempt, when
//! the cache holds fresh keys: `CachedProvider::cached_at(t)` is that hot path (the client
//! makes the same synchronous read, with the time it signs with, so no clock read of its
//! own), and `credentials_at(t)` the asynchronous API around it; each for temporary keys
//! watched by a refresh timer, for temporary keys without one (one monotonic clock read),
//! and for permanent keys. Then `credentials()` and `cached()`, which read the wall clock
//! themselves; with baselines (clock reads, one clone of the keys) from the same run, since
//! a shared machine's load inflates every figure alike.
//!
//! `cargo bench -p tcapi --bench credentials_cache`

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use tcapi::credentials::{CachedProvider, Credentials};

/// Polls a future that is ready at once (the hot path never waits).
fn ready<T>(fut: impl Future<Output = T>) -> T {
    let mut fut = pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => unreachable!("the hot path does not wait"),
    }
}

fn lookup(c: &mut Criterion) {
    let temporary = || {
        Credentials::with_token("AKIDbench", "key", "token")
            .unwrap()
            .expiring_at(SystemTime::now() + Duration::from_secs(7200))
    };
    let permanent = Credentials::new("AKIDbench", "key").unwrap();
    // Keys fetched on a multi-threaded runtime arm a refresh timer: lookups read no clock.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_time()
        .build()
        .unwrap();
    let timed = CachedProvider::new(temporary());
    runtime.block_on(timed.credentials()).unwrap();
    // Fetched outside a runtime: no timer, one clock read per lookup.
    let clocked = CachedProvider::new(temporary());
    ready(clocked.credentials()).unwrap();
    let forever = CachedProvider::new(permanent);
    ready(forever.credentials()).unwrap();

    let mut group = c.benchmark_group("credentials_cache");
    let at = SystemTime::now();
    for (name, cache) in [
        ("temporary_timer", &timed),
        ("temporary_clock", &clocked),
        ("permanent", &forever),
    ] {
        group.bench_function(format!("cached_at_{name}"), |b| {
            b.iter(|| black_box(cache).cached_at(black_box(at)).unwrap())
        });
        group.bench_function(format!("credentials_at_{name}"), |b| {
            b.iter(|| ready(black_box(cache).credentials_at(black_box(at))).unwrap())
        });
    }
    for (name, cache) in [
        ("temporary_timer", &timed),
        ("temporary_clock", &clocked),
        ("permanent", &forever),
    ] {
        group.bench_function(format!("credentials_{name}"), |b| {
            b.iter(|| ready(black_box(cache).credentials()).unwrap())
        });
    }
    group.bench_function("cached_temporary", |b| {
        b.iter(|| black_box(&timed).cached().unwrap())
    });
    // What the hot path is made of, measured on the same machine for comparison: one
    // monotonic clock read, and one clone and drop of shared keys.
    group.bench_function("baseline_clock_read", |b| b.iter(tokio::time::Instant::now));
    group.bench_function("baseline_wall_clock_read", |b| b.iter(SystemTime::now));
    let keys = Credentials::new("AKIDbench", "key").unwrap();
    group.bench_function("baseline_clone_drop", |b| {
        b.iter(|| black_box(&keys).clone())
    });
    group.finish();
    drop(runtime);
}

criterion_group!(benches, lookup);
criterion_main!(benches);
