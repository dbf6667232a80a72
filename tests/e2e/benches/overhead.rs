//! Per-request client overhead without the network: build a request, validate it,
//! serialize it and sign it (`Client::prepare_at`), as the client does before every send.
//!
//! `scripts/bench_overhead.py` runs this next to the official Python SDK doing the same
//! work for `ApplyConcurrent` and prints both medians and the ratio.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tcapi::{Client, Credentials};
use tcapi_sdk::car::ApplyConcurrentRequest;
use tcapi_sdk::gse::JoinGameServerSessionBatchRequest;

const TIMESTAMP: i64 = 1_700_000_000;
const GAME_SERVER_SESSION_ID: &str =
    "qcs::gse:ap-guangzhou:uin/100000000:gameserversession/fleet-abc/gssess-123";
const PLAYER_IDS: [&str; 3] = ["player-1", "player-2", "player-3"];

fn client() -> Client {
    Client::builder()
        .credentials(
            Credentials::new(
                "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
            )
            .expect("valid example keys"),
        )
        .region("ap-guangzhou")
        .build_with_env(&|_| None)
        .expect("valid configuration")
}

fn overhead(c: &mut Criterion) {
    let client = client();
    let mut group = c.benchmark_group("prepare");
    group.bench_function("ApplyConcurrent", |b| {
        b.iter(|| {
            let request = ApplyConcurrentRequest::new(
                black_box("user-0001"),
                black_box("203.0.113.7"),
                black_box("cap-abcdefgh"),
            )
            .application_id(black_box("app-a1b2c3d4"));
            black_box(
                client
                    .prepare_at(&request, black_box(TIMESTAMP))
                    .expect("valid request"),
            )
        })
    });
    group.bench_function("JoinGameServerSessionBatch", |b| {
        b.iter(|| {
            let request = JoinGameServerSessionBatchRequest::new(
                black_box(GAME_SERVER_SESSION_ID),
                black_box(PLAYER_IDS)
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect(),
            );
            black_box(
                client
                    .prepare_at(&request, black_box(TIMESTAMP))
                    .expect("valid request"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
