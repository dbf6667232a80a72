//! Client CPU time per request over loopback through the default transport (`Http1Transport`,
//! keep-alive), at concurrency 1 and 64.
//!
//! The local test server runs in a child process (this program with `serve`), so the CPU
//! time measured with `getrusage(RUSAGE_SELF)` (user + system) is the client's only:
//! building, validating, serializing and signing `ApplyConcurrent`, the HTTP exchange on
//! the client side, reading and decoding the envelope. Client-side rate limiting is off
//! (the action documents 100 requests per second).
//!
//! ```sh
//! cargo run --release -p tcapi-tests --example loopback_cpu -- [REQUESTS]
//! ```
//!
//! Prints one line per concurrency: requests, CPU µs per request (user, system), and the
//! request rate. `scripts/bench-loopback.sh` builds and runs it.
//!
//! With `LOOPBACK_URL=http://127.0.0.1:PORT` it sends to that server instead of starting
//! its own (`scripts/bench-sdks.sh` points every SDK at one `tcapi-mock`, which must accept
//! the `TEST_SECRET_ID` keys), and `LOOPBACK_CONCURRENCY=1,64` picks the concurrencies.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tcapi::{Client, Credentials, RateLimitMode, RetryPolicy};
use tcapi_car::ApplyConcurrentRequest;
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

fn serve() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let server = TestServer::start().await.expect("server");
        server.set_logging(false);
        server.set_fallback("ApplyConcurrent", Reply::success(serde_json::json!({})));
        println!("{}", server.base_url());
        // Until the parent closes our stdin (or dies).
        let _ = tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
        })
        .await;
    });
}

/// User and system CPU time of this process.
fn cpu() -> (Duration, Duration) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0, "getrusage failed");
    let d = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    (d(usage.ru_utime), d(usage.ru_stime))
}

fn request(i: usize) -> ApplyConcurrentRequest {
    ApplyConcurrentRequest::new(format!("user-{i:06}"), "203.0.113.7", "cap-abcdefgh")
        .application_id("app-a1b2c3d4")
}

async fn run(client: &Client, total: usize, concurrency: usize) {
    let per_task = total / concurrency;
    let tasks: Vec<_> = (0..concurrency)
        .map(|t| {
            let client = client.clone();
            tokio::spawn(async move {
                for i in 0..per_task {
                    client
                        .send(request(t * per_task + i))
                        .await
                        .expect("a success");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    if first.as_deref() == Some("serve") {
        return serve();
    }
    let total: usize = first.map_or(20_000, |a| a.parse().expect("a request count"));
    let concurrencies: Vec<usize> = std::env::var("LOOPBACK_CONCURRENCY")
        .unwrap_or_else(|_| "1,64".into())
        .split(',')
        .map(|c| {
            c.trim()
                .parse()
                .expect("LOOPBACK_CONCURRENCY: numbers, e.g. 1,64")
        })
        .collect();

    let (mut child, url) = match std::env::var("LOOPBACK_URL") {
        Ok(url) => (None, url),
        Err(_) => {
            let mut child = Command::new(std::env::current_exe().expect("own path"))
                .arg("serve")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("server process");
            let mut url = String::new();
            BufReader::new(child.stdout.take().expect("stdout"))
                .read_line(&mut url)
                .expect("server URL");
            (Some(child), url)
        }
    };

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let client = Client::builder()
            .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).expect("keys"))
            .base_url(url.trim())
            .rate_limit(RateLimitMode::Off)
            .retry(RetryPolicy::never())
            .build_with_env(&|_| None)
            .expect("client");
        for concurrency in concurrencies {
            // Warm-up: connections, caches.
            run(&client, (total / 10).max(concurrency), concurrency).await;
            let n = total - total % concurrency;
            let (u0, s0) = cpu();
            let wall = Instant::now();
            run(&client, n, concurrency).await;
            let elapsed = wall.elapsed();
            let (u1, s1) = cpu();
            let per = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
            println!(
                "concurrency {concurrency:>2}: {n} requests, client CPU {:.1} µs/request (user {:.1}, system {:.1}), {:.0} requests/s",
                per((u1 - u0) + (s1 - s0)),
                per(u1 - u0),
                per(s1 - s0),
                n as f64 / elapsed.as_secs_f64()
            );
        }
    });
    if let Some(child) = &mut child {
        drop(child.stdin.take());
        let _ = child.wait();
    }
}
