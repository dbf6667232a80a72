//! # tcapi-mock: a Tencent Cloud API 3.0 mock server driven by specs
//!
//! Serves every action of the specs it is given on a loopback address and checks what
//! Tencent Cloud checks: the TC3-HMAC-SHA256 signature against the configured keys,
//! `X-TC-Action`, `X-TC-Version`, `X-TC-Region` against the action's region rule, the
//! documented rate limit, required parameters, types and documented constraints, whether
//! they arrive as JSON, as a `multipart/form-data` form (actions with `Binary` members) or
//! as a raw `application/octet-stream` body with header members ([`form`]). It
//! answers in Tencent Cloud's envelope, with the common error code of the first failed
//! check (`AuthFailure.SignatureFailure`, `AuthFailure.SecretIdNotFound`,
//! `MissingParameter`, `UnknownParameter`, `InvalidParameter`, `InvalidParameterValue`,
//! `InvalidAction`, `NoSuchVersion`, `RequestLimitExceeded`), or with the action's
//! documented example and a fresh `RequestId`. A scenario file (see `SCENARIOS.md`)
//! scripts per-action sequences of responses, errors, delays and faults.
//!
//! Any language's SDK can use it through its endpoint setting; the `tcapi-mock` binary
//! runs it from the command line. In Rust tests, start it in-process:
//!
//! ```no_run
//! # async fn demo() -> Result<(), tcapi_mock::StartError> {
//! let server = tcapi_mock::MockServer::builder()
//!     .specs("specs")
//!     .key("AKIDEXAMPLE", "secret-key")
//!     .scenario_str("inline.yaml", "actions:\n  ApplyConcurrent:\n    - reply: { error: ResourceNotFound.NoIdle }\n")
//!     .start()
//!     .await?;
//! println!("serving on {}", server.base_url()); // e.g. http://127.0.0.1:41234
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod catalog;
pub mod form;
mod gateway;
pub mod limits;
pub mod log;
pub mod params;
pub mod response;
pub mod scenario;
pub mod server;

pub use catalog::{ActionSpec, Catalog};
pub use log::{CallRecord, LogTarget};
pub use scenario::{Scenario, ScenarioError};
pub use server::{MockServer, MockServerBuilder, StartError, StopHandle};
