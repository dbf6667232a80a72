//! # tcapi: runtime for generated Tencent Cloud API 3.0 clients
//!
//! Generated code (the `tcapi-sdk` crate, a `build.rs` using `tcapi-codegen`, or the
//! `include_spec!` macro) links against this crate. It holds what every action shares:
//!
//! - [`Action`]: the trait every generated request implements, tying the request to its
//!   response and error types and carrying the action's static facts ([`ActionMeta`]);
//! - [`validate`]: client-side constraint checks with paths such as `PlayerIds[3]`;
//! - [`ServiceError`] and [`CommonError`]: typed Tencent Cloud error codes;
//! - [`lenient`]: deserializers that tolerate documented-type drift on the wire.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod action;
#[cfg(feature = "client")]
pub mod client;
mod common_error;
pub mod credentials;
pub mod envelope;
pub mod error;
pub mod lenient;
#[cfg(feature = "client")]
pub mod rate_limit;
#[cfg(feature = "client")]
pub mod retry;
pub mod sign;
#[cfg(feature = "client")]
pub mod transport;
pub mod validate;

pub use action::{Action, ActionMeta, Endpoints, RegionRule, ServiceMeta};
#[cfg(feature = "client")]
pub use client::{Call, Client, ClientBuilder, ConfigError, Endpoint, Language, PreparedRequest};
pub use common_error::CommonError;
pub use credentials::{Credentials, CredentialsError, DefaultChain, ProvideCredentials};
pub use error::{Error, ServiceError, is_throttling_code};
#[cfg(feature = "client")]
pub use rate_limit::RateLimitMode;
#[cfg(feature = "client")]
pub use retry::RetryPolicy;
pub use validate::{Validate, Validator, Violation, Violations};

#[doc(hidden)]
pub mod __private {
    //! Re-exports for generated code only; not a public API.
    pub use regex_lite;
    pub use serde;
}
