//! Load generator: signed requests per second the mock server answers on loopback, client
//! included (the tcapi client signs every request; both share the machine).
//!
//! ```sh
//! cargo run --release -p tcapi-mock --example loadgen -- [REQUESTS] [CONCURRENCY] [LOG]
//! ```
//!
//! Defaults: 100,000 `CreateSession` requests, 64 in flight, log off (`LOG` may be a file
//! path, e.g. `/dev/null`, to include writing the call log). Stops after 120 s at most.
//! Prints one line: requests, seconds, requests per second, errors, and the CPU time the
//! process used with the rate per two CPU-seconds (the figure that does not depend on what
//! else the machine is running).
//! `scripts/bench-mock.sh` runs it three times and prints the median.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tcapi::{Client, Credentials, RateLimitMode, RetryPolicy};
use tcapi_car::CreateSessionRequest;
use tcapi_mock::{Catalog, LogTarget, MockServer};

const ID: &str = "AKIDLOADGEN00000000000000000000000000";
const KEY: &str = "loadgen-secret-key-0000000000000000";
const TIME_LIMIT: Duration = Duration::from_secs(120);

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let total: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let concurrency: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(64);
    let log = match args.next() {
        None => LogTarget::Off,
        Some(p) if p == "off" => LogTarget::Off,
        Some(p) => LogTarget::File(PathBuf::from(p)),
    };
    let specs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let catalog = Arc::new(Catalog::load(&[specs]).unwrap_or_else(|d| panic!("{d}")));
    let server = MockServer::builder()
        .catalog(catalog)
        .key(ID, KEY)
        .log(log)
        .record_calls(0)
        .start()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY).unwrap())
        .base_url(server.base_url())
        .retry(RetryPolicy::never())
        .rate_limit(RateLimitMode::Off)
        .build_with_env(&|_| None)
        .unwrap();

    // Warm up the connections.
    for _ in 0..concurrency {
        let _ = client
            .send(CreateSessionRequest::new("warm", "203.0.113.7"))
            .await;
    }
    let next = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let cpu_before = cpu_seconds().unwrap_or(0.0);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let next = Arc::clone(&next);
        let errors = Arc::clone(&errors);
        workers.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < total && started.elapsed() < TIME_LIMIT {
                let req = CreateSessionRequest::new("user-1", "203.0.113.7")
                    .client_session("eyJhYmMiOjEyM30=");
                if client.send(req).await.is_err() {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for w in workers {
        let _ = w.await;
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds().map(|c| c - cpu_before);
    let done = next.load(Ordering::Relaxed).min(total);
    // On a shared machine the wall-clock rate depends on the other load; the rate per two
    // CPU-seconds (what 2 cores give in one second) does not.
    let per_two_cores = cpu.map_or(String::new(), |c| {
        format!(
            " cpu_seconds {c:.2} rps_per_2_cpu_seconds {:.0}",
            done as f64 / (c / 2.0)
        )
    });
    println!(
        "requests {done} concurrency {concurrency} seconds {secs:.3} rps {:.0} errors {}{per_two_cores}",
        done as f64 / secs,
        errors.load(Ordering::Relaxed)
    );
    server.shutdown().await;
}

/// User plus system CPU time of this process, from `/proc/self/stat` (Linux; clock ticks
/// of 1/100 s, the kernel's `USER_HZ` on every common architecture).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
