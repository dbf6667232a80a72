//! End-to-end test support for the tcapi runtime: a local Tencent Cloud API 3.0 server
//! ([`server`]), small hand-written actions ([`fixtures`]) that exercise the runtime
//! independently of generated code, and the workload of the per-request overhead
//! measurements ([`overhead`]). The CAR "Starting an Application" flow is
//! `tcapi_car::start_application` (`extensions/car/`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod fixtures;
pub mod overhead;
pub mod server;

pub use server::{Reply, StreamEnd, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer, sse_event};

/// The generated code of the streaming fixture spec (`codegen/tests/fixtures/streaming.yaml`,
/// the committed snapshot `codegen/tests/snapshots/chat.rs`): a streaming `ChatCompletions`,
/// a `CreateSession` with a `ClientToken`, an action-specific retryable code.
#[allow(dead_code)]
pub mod chat {
    include!("../../../codegen/tests/snapshots/chat.rs");
}

/// The generated code of the binary-actions fixture spec (`codegen/tests/fixtures/upload.yaml`,
/// the committed snapshot `codegen/tests/snapshots/upload.rs`): a multipart `UploadFile`, a
/// raw-body `PutObject` with header members, a JSON `DescribeFiles`.
#[allow(dead_code)]
pub mod upload {
    include!("../../../codegen/tests/snapshots/upload.rs");
}
