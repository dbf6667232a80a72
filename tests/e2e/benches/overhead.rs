//! Per-request client overhead without the network: build a request, validate it,
//! serialize it and sign it (`Client::prepare_at`), as the client does before every send.
//! `ApplyConcurrent_http` also converts the prepared request into the URL, header map and
//! body the HTTP client takes (`PreparedRequest::into_parts`), which every attempt does
//! before it writes to the connection; `ApplyConcurrent_transport` converts it into the
//! `http::Request` of the transport seam instead (`PreparedRequest::into_http`), which is
//! what the client's attempts do.
//!
//! `scripts/bench_overhead.py` runs this next to the official Python SDK doing the same
//! work for `ApplyConcurrent` and prints both medians and the ratio.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tcapi_tests::overhead;

fn prepare(c: &mut Criterion) {
    let client = overhead::client();
    let mut group = c.benchmark_group("prepare");
    group.bench_function("ApplyConcurrent", |b| {
        b.iter(|| black_box(overhead::apply_concurrent(&client)))
    });
    group.bench_function("ApplyConcurrent_http", |b| {
        b.iter(|| black_box(overhead::apply_concurrent_for_http(&client)))
    });
    group.bench_function("ApplyConcurrent_transport", |b| {
        b.iter(|| black_box(overhead::apply_concurrent_for_transport(&client)))
    });
    group.bench_function("JoinGameServerSessionBatch", |b| {
        b.iter(|| black_box(overhead::join_game_server_session_batch(&client)))
    });
    group.finish();
}

criterion_group!(benches, prepare);
criterion_main!(benches);
