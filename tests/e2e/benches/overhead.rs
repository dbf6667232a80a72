//! Per-request client overhead without the network: build a request, validate it,
//! serialize it and sign it (`Client::prepare_at`), as the client does before every send.
//!
//! `scripts/bench-overhead.sh` runs this next to the official Python SDK doing the same
//! work and prints both medians and the ratio.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tcapi::{Client, Credentials};
use tcapi_tests::fixtures::JoinLike;

const TIMESTAMP: i64 = 1_700_000_000;

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
    c.bench_function("prepare/JoinGameServerSessionBatch", |b| {
        b.iter(|| {
            let request = JoinLike {
                game_server_session_id: black_box(
                    "qcs::gse:ap-guangzhou:uin/100000000:gameserversession/fleet-abc/gssess-123",
                )
                .to_owned(),
                player_ids: black_box(["player-1", "player-2", "player-3"])
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect(),
            };
            let prepared = client
                .prepare_at(&request, black_box(TIMESTAMP))
                .expect("valid request");
            black_box(prepared)
        })
    });
}

criterion_group!(benches, overhead);
criterion_main!(benches);
