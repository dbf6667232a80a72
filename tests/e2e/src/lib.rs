//! End-to-end test support for the tcapi runtime: a local Tencent Cloud API 3.0 server
//! ([`server`]) and small hand-written actions ([`fixtures`]) that exercise the runtime
//! independently of generated code.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod fixtures;
pub mod server;

pub use server::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};
