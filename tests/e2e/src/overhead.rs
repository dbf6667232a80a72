//! The workload of the per-request overhead measurements (`benches/overhead.rs` and the
//! fixed-count `examples/overhead_loop.rs` used for instruction counts): one client and the
//! requests it prepares, without the network.

use std::hint::black_box;

use bytes::Bytes;
use http::HeaderMap;
use http::Uri;

use tcapi::{Client, Credentials, PreparedRequest};
use tcapi_car::ApplyConcurrentRequest;
use tcapi_gse::JoinGameServerSessionBatchRequest;

/// The signing time of every measured request.
pub const TIMESTAMP: i64 = 1_700_000_000;
const GAME_SERVER_SESSION_ID: &str =
    "qcs::gse:ap-guangzhou:uin/100000000:gameserversession/fleet-abc/gssess-123";
const PLAYER_IDS: [&str; 3] = ["player-1", "player-2", "player-3"];

/// A client with the documentation's example keys, region `ap-guangzhou` and no
/// environment.
pub fn client() -> Client {
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

/// Builds, validates, serializes and signs a CAR `ApplyConcurrent` request with four
/// parameters (the request the Python SDK comparison uses).
pub fn apply_concurrent(client: &Client) -> PreparedRequest {
    let request = ApplyConcurrentRequest::new(
        black_box("user-0001"),
        black_box("203.0.113.7"),
        black_box("cap-abcdefgh"),
    )
    .application_id(black_box("app-a1b2c3d4"));
    client
        .prepare_at(&request, black_box(TIMESTAMP))
        .expect("valid request")
}

/// [`apply_concurrent`], then the URL, header map and body handed to the HTTP client: all
/// the work of one attempt before the network.
pub fn apply_concurrent_for_http(client: &Client) -> (Uri, HeaderMap, Bytes) {
    apply_concurrent(client).into_parts()
}

/// [`apply_concurrent`], then the `http::Request` the transport seam takes
/// (`PreparedRequest::into_http`): what the client's attempts do before the network.
pub fn apply_concurrent_for_transport(client: &Client) -> tcapi::transport::HttpRequest {
    apply_concurrent(client).into_http()
}

/// Builds, validates, serializes and signs a GSE `JoinGameServerSessionBatch` request
/// (a list parameter and a region).
pub fn join_game_server_session_batch(client: &Client) -> PreparedRequest {
    let request = JoinGameServerSessionBatchRequest::new(
        black_box(GAME_SERVER_SESSION_ID),
        black_box(PLAYER_IDS)
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    );
    client
        .prepare_at(&request, black_box(TIMESTAMP))
        .expect("valid request")
}
