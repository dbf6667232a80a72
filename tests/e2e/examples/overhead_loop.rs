//! Prepares `ApplyConcurrent` a fixed number of times (default 100,000; first argument
//! overrides), for instruction counts that do not depend on machine load. With `http` as
//! the second argument each prepared request is also converted for the HTTP client.
//!
//! ```sh
//! valgrind --tool=callgrind target/release/examples/overhead_loop 10000 http
//! ```
//!
//! Run it with two counts and divide the difference by the difference of the counts to get
//! instructions per request without the set-up.

use std::hint::black_box;

fn main() {
    let n: u64 = match std::env::args().nth(1) {
        None => 100_000,
        Some(arg) => arg.parse().unwrap_or_else(|e| {
            eprintln!("overhead_loop: iteration count `{arg}`: {e}");
            std::process::exit(2);
        }),
    };
    let http = match std::env::args().nth(2).as_deref() {
        None => false,
        Some("http") => true,
        Some(other) => {
            eprintln!("overhead_loop: second argument `{other}` is not `http`");
            std::process::exit(2);
        }
    };
    let client = tcapi_tests::overhead::client();
    for _ in 0..n {
        if http {
            black_box(tcapi_tests::overhead::apply_concurrent_for_http(&client));
        } else {
            black_box(tcapi_tests::overhead::apply_concurrent(&client));
        }
    }
    println!("prepared {n} ApplyConcurrent requests");
}
