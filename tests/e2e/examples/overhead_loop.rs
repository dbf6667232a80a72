//! Prepares `ApplyConcurrent` a fixed number of times (default 100,000; first argument
//! overrides), for instruction counts that do not depend on machine load. With `http` as
//! the second argument each prepared request is also converted into URL, header map and
//! body; with `transport`, into the `http::Request` of the transport seam.
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
    let mode = std::env::args().nth(2);
    let mode = match mode.as_deref() {
        None => 0,
        Some("http") => 1,
        Some("transport") => 2,
        Some(other) => {
            eprintln!("overhead_loop: second argument `{other}` is not `http` or `transport`");
            std::process::exit(2);
        }
    };
    let client = tcapi_tests::overhead::client();
    for _ in 0..n {
        match mode {
            1 => {
                black_box(tcapi_tests::overhead::apply_concurrent_for_http(&client));
            }
            2 => {
                black_box(tcapi_tests::overhead::apply_concurrent_for_transport(
                    &client,
                ));
            }
            _ => {
                black_box(tcapi_tests::overhead::apply_concurrent(&client));
            }
        }
    }
    println!("prepared {n} ApplyConcurrent requests");
}
