//! # tcapi: runtime for generated Tencent Cloud API 3.0 clients
//!
//! Generated code (the service crates `tcapi-<service>`, a `build.rs` using
//! `tcapi-codegen`, or the `include_spec!` macro) links against this crate. It holds what every action shares:
//!
//! - [`Action`]: the trait every generated request implements, tying the request to its
//!   response and error types and carrying the action's static facts ([`ActionMeta`]);
//! - [`validate`]: client-side constraint checks with paths such as `PlayerIds[3]`;
//! - [`ServiceError`] and [`CommonError`]: typed Tencent Cloud error codes;
//! - [`json`]: the wire form of generated types, written compactly and read tolerantly
//!   (documented-type drift such as `"10"` for an Integer), with paths in its errors;
//! - [`sign`]: TC3-HMAC-SHA256 signing (and verification, for test servers);
//! - [`credentials`]: explicit keys, environment, profile file, CVM instance role, STS
//!   `AssumeRole`, TKE OIDC, the default chain, and a refreshing cache over any of them;
//! - with the default `client` feature: [`Client`], which validates, signs, sends,
//!   retries, rate-limits and decodes any [`Action`].
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! | --- | --- | --- |
//! | `client` | on | [`Client`], [`transport`], [`sse`], [`named`], retries, rate limits (hyper, rustls, tokio) |
//! | `blocking` | off | [`blocking::Client`] for synchronous code |
//! | `serde` | off | serde's `Serialize`/`Deserialize` on generated types |
//! | `mock` | off | [`mock`]: in-process mocks under the client, for testing code that calls Tencent Cloud (no extra dependencies) |
//! | `macros` | off | [`include_spec!`] (compiles the code generator into your build) |
//!
//! The documentation on docs.rs is built with every feature and marks each item with the
//! feature that enables it.
//!
//! ## Sending a request
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn demo<A: tcapi::Action + 'static>(request: A) -> Result<(), tcapi::Error<A::Error>> {
//! let client = tcapi::Client::builder().region("ap-guangzhou").build().expect("configuration");
//! let response = client.send(request).await?; // A::Response, or Error<A::Error>
//! # Ok(()) }
//! ```
//!
//! Actions without a spec are called by name with a JSON body:
//! `client.call_json("cvm", "2017-03-12", "DescribeInstances", json!({"Limit": 1}))`
//! (see [`named`]; the response is the exact JSON text, integers never rounded).
//!
//! `client.send(request)` returns a [`Call`]; chain per-call overrides before `.await`:
//! `.timeout(..)`, `.retry(..)`, `.region(..)`, `.rate_limit(..)`, `.endpoint(..)`;
//! `.with_metadata()` gives the response with its [`CallMetadata`] (HTTP status, response
//! headers, request id, attempts, elapsed time, region), or a [`CallFailure`] with both. A [`Client`] is cheap to
//! clone; clones share connections, the rate limiter and the signing-key cache.
//!
//! ## Errors
//!
//! [`Error<E>`](Error) separates what a caller can act on: `InvalidRequest` (constraint
//! violations, or a missing region; nothing was sent), `Credentials`, `RateLimited`
//! (fail-fast mode; nothing was sent), `Transport` (with whether the request may have been
//! sent), `Timeout`, `Service` (the action's typed error `E` and the `RequestId`) and
//! `UndecodableResponse` (HTTP status, the exact parse failure and a short excerpt of the
//! body). Tencent Cloud answers HTTP 200 for failures too; the [`envelope`] decoder checks
//! `Response.Error` first and decodes either the typed error or the response.
//!
//! ## Retries
//!
//! Attempts are bounded ([`RetryPolicy::max_attempts`], 3 by default) with exponential
//! backoff and jitter (200 ms doubling to at most 5 s, each wait drawn from `[d/2, d]`).
//! The rules ([`retry`]):
//!
//! - **Retried for every action**, because the request certainly did not run: connections
//!   that could not be made; `RequestLimitExceeded` and its sub-codes; the common codes
//!   `specs/common.yaml` marks `retryable` (`ServiceUnavailable`); the action's own codes its
//!   spec marks `retryable` ([`ServiceError::retryable_codes`], generated per action); HTTP
//!   429 and 503 without an error envelope, which the client reads as `RequestLimitExceeded`
//!   and `ServiceUnavailable` (so [`Error::is_throttling`] is true for a bare 429).
//! - **Retried only when repeating is harmless**, because the request may already have taken
//!   effect: timeouts, connections broken after sending, 500/502/504 without an error
//!   envelope. Harmless means the action is **idempotent** (the spec's `idempotent`, true by
//!   default for `Describe*`, `Get*`, `Query*`, `Check*`, `List*`, `Inquire*`, `Search*`), or
//!   its request carries a **`ClientToken`**: for actions with that parameter the client
//!   generates one when it is unset ([`Action::ensure_client_token`], [`client_token`]), so
//!   every attempt of a call sends the same token and the service runs it at most once.
//!   Repeating a `CreateSession` without either after a timeout could create a second
//!   session; opt in with [`RetryPolicy::retry_ambiguous_non_idempotent`] when that is
//!   harmless.
//! - **Never retried**: other typed service errors, invalid requests, credentials,
//!   undecodable or too-large bodies.
//!
//! ## Rate limits
//!
//! An action's documented limit (`rate_limit`, requests per second) is enforced on the
//! client, shared by all clones and tasks: in any one-second window no more than that many
//! requests of the action leave (retries count). Modes ([`RateLimitMode`]): `Wait`
//! (default: queue for the next slot, first come first served), `FailFast` (return
//! `Error::RateLimited` with the wait instead) and `Off`.
//!
//! ## Timeouts
//!
//! Each attempt has a timeout: the per-call override if given, else the action's documented
//! timeout (e.g. 20 s for `ApplyConcurrent`), else the client default
//! ([`ClientBuilder::timeout`], 60 s like the official SDKs). Connecting has its own
//! timeout (10 s). Waiting for a rate-limit slot is not counted.
//!
//! ## Credentials
//!
//! [`ClientBuilder::credentials`] takes explicit keys ([`Credentials::new`], or
//! [`Credentials::with_token`] for temporary keys, sent as `X-TC-Token`).
//! [`ClientBuilder::credentials_provider`] takes any [`ProvideCredentials`], an async
//! source that may fetch temporary keys:
//!
//! | provider | keys from |
//! | --- | --- |
//! | [`EnvProvider`](credentials::EnvProvider) | `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_TOKEN` |
//! | [`ProfileProvider`](credentials::ProfileProvider) | the INI profile file, `[default]` or a named profile; its `role_arn` assumed with its keys |
//! | [`TccliProvider`](credentials::TccliProvider) | tccli's `~/.tccli/<profile>.credential`; its `role-arn` assumed with its keys |
//! | [`CvmRoleProvider`](credentials::CvmRoleProvider) | the CVM metadata server (the instance's role), 1 s timeouts |
//! | [`AssumeRoleProvider`](credentials::AssumeRoleProvider) | `sts:AssumeRole`, signed with another provider's keys |
//! | [`WebIdentityProvider`](credentials::WebIdentityProvider) | `sts:AssumeRoleWithWebIdentity` with a TKE OIDC token, unsigned |
//! | [`ChainProvider`](credentials::ChainProvider) | the first of several that has keys |
//!
//! Without either, the [`DefaultChain`] is used, in the official SDKs' order: the
//! environment, the profile file, (tcapi's addition) tccli's file, the CVM role, then TKE
//! OIDC; when none has keys the error
//! lists what each said. The client puts every provider behind a [`CachedProvider`]: keys
//! are reused until 5 minutes before they expire ([`Credentials::expires_at`]), then one
//! refresh runs in the background while requests go on with the valid keys; a failed
//! refresh is retried and reported only once the keys have really expired. Keys past
//! their expiry at the request's signing time are never used, even when no refresh ran
//! in time (a blocked runtime, a suspended process): the attempt waits for new keys or
//! fails with [`CredentialsError`]. The lookup before each attempt takes no lock and reads
//! no clock of its own (it is given the signature's timestamp; while a refresh timer is
//! armed, on multi-threaded runtimes, it needs no monotonic time either).
//! [`ClientBuilder::credentials_cache`] shares one cache between clients or sets
//! its margin. [`Client::credentials`] fetches (or shows) the keys in use; the synchronous
//! [`Client::prepare`] signs with the keys already fetched.
//!
//! Keys with surrounding whitespace are rejected with an error naming the value and its
//! source. Secret keys and tokens never appear in `Debug`, `Display`, errors or logs.

//! ## Environment variables
//!
//! | variable | meaning |
//! | --- | --- |
//! | `TCAPI_ENDPOINT` | base URL for every service, e.g. `http://127.0.0.1:8080`; overrides the configured endpoint (`{service}` and `{region}` placeholders allowed) |
//! | `TENCENTCLOUD_SECRET_ID` | SecretId |
//! | `TENCENTCLOUD_SECRET_KEY` | SecretKey |
//! | `TENCENTCLOUD_TOKEN` | session token of temporary credentials (the name `tccli` uses; `TENCENTCLOUD_SESSION_TOKEN` is read when it is unset) |
//! | `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY` (or lower case) | proxy of the default transport, read when the client is built (see [`transport::Proxy`]) |
//! | `TENCENTCLOUD_CREDENTIALS_FILE` | profile file instead of `~/.tencentcloud/credentials` (then `/etc/tencentcloud/credentials`); INI, `[default]` with `secret_id`, `secret_key`, optional `token` |
//! | `TENCENTCLOUD_PROFILE` | profile (section) of that file instead of `default` (a tcapi addition) |
//! | `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN` | TKE OIDC: region of the STS call, identity provider, token file (re-read on every refresh), role to assume |
//!
//! ## Endpoints and signing
//!
//! [`Endpoint::Mainland`] (`<svc>.tencentcloudapi.com`, default),
//! [`Endpoint::International`] (`<svc>.intl.tencentcloudapi.com`), [`Endpoint::Regional`]
//! (`<svc>.<region>.tencentcloudapi.com`) or [`Endpoint::Custom`]. Requests are `POST /`
//! with a JSON body, signed with TC3-HMAC-SHA256 over `content-type;host` and the exact body
//! bytes that are sent; headers `Host`, `Content-Type`, `X-TC-Action`, `X-TC-Version`,
//! `X-TC-Timestamp`, `X-TC-Region` (when the action uses one and it is set), `X-TC-Token`,
//! `X-TC-Language`, `X-TC-RequestClient` and `Authorization`.
//!
//! With the `blocking` feature, `blocking::Client` runs the same calls from synchronous
//! code (`client.send(request)?`).
//!
//! ## Streaming answers
//!
//! Actions whose spec says `streaming: true` implement [`StreamingAction`];
//! `client.send_streaming(request).await?` gives an [`EventStream`] of response objects
//! parsed incrementally from Server-Sent Events, each bounded by `max_response_bytes`, with
//! an idle timeout between chunks ([`Call::idle_timeout`], 60 s); dropping the stream
//! cancels the request. See [`sse`].
//!
//! ## Transport
//!
//! The client hands each signed request to an [`HttpTransport`] ([`transport`]): the default
//! [`Http1Transport`] (HTTP/1.1 keep-alive connections of its own, driven by each request's
//! task, rustls with the bundled web PKI roots, no redirects; HTTP proxies from
//! `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` or explicit, `https://` requests
//! through a `CONNECT` tunnel; pool, connect-timeout and root-certificate settings on its
//! builder), or any other through [`ClientBuilder::transport`]. Timeouts,
//! retries, rate limits, signing and validation run above it. A response body larger than
//! [`ClientBuilder::max_response_bytes`] (10 MiB by default) ends the call with
//! [`Error::ResponseTooLarge`]; no more than that is ever held.
//!
//! ## Tracing
//!
//! Each call is a `tcapi.call` span (service, action, attempts, request id, latency), each
//! attempt a `tcapi.attempt` span (attempt, status, request id, latency); retries are logged
//! at debug level with the reason. No header, key or signature is ever logged.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// On docs.rs (`--cfg docsrs`, nightly): every item marked with the features it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod action;
mod binary;
#[cfg(feature = "blocking")]
pub mod blocking;
#[cfg(feature = "client")]
pub mod client;
#[rustfmt::skip] // written by tcapi-codegen, already formatted
mod common_error;
pub mod credentials;
pub mod envelope;
pub mod error;
pub mod json;
#[cfg(feature = "client")]
pub mod metadata;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "client")]
pub mod named;
pub mod paginate;
pub mod payload;
#[cfg(feature = "client")]
mod prepared;
#[cfg(feature = "client")]
pub mod rate_limit;
#[cfg(feature = "client")]
pub mod retry;
pub mod sign;
#[cfg(feature = "client")]
pub mod sse;
#[cfg(feature = "client")]
pub mod transport;
pub mod validate;
pub mod wait;
#[cfg(feature = "client")]
pub mod wire_log;

pub use action::{
    Action, ActionMeta, Endpoints, RegionRule, ServiceMeta, StreamingAction, client_token,
};
pub use binary::Binary;
#[cfg(feature = "client")]
pub use client::{Call, Client, ClientBuilder, ConfigError, Endpoint, Language, StreamingCall};
pub use common_error::CommonError;
#[cfg(feature = "client")]
pub use credentials::CachedProvider;
pub use credentials::{Credentials, CredentialsError, DefaultChain, ProvideCredentials};
pub use error::{Error, ServiceError, is_throttling_code};
#[cfg(feature = "client")]
pub use metadata::{CallFailure, CallMetadata};
#[cfg(feature = "client")]
pub use named::{JsonBody, JsonCall, JsonResponse};
#[cfg(feature = "client")]
pub use paginate::Pages;
pub use paginate::Paginated;
#[cfg(feature = "client")]
pub use prepared::PreparedRequest;
#[cfg(feature = "client")]
pub use rate_limit::RateLimitMode;
#[cfg(feature = "client")]
pub use retry::RetryPolicy;
#[cfg(feature = "client")]
pub use sse::EventStream;
#[cfg(feature = "macros")]
pub use tcapi_macros::include_spec;
#[cfg(feature = "client")]
pub use transport::{Http1Transport, HttpTransport};
pub use validate::{Validate, Validator, Violation, Violations};
#[cfg(feature = "client")]
pub use wait::WaitError;
pub use wait::Waiter;

#[doc(hidden)]
pub mod __private {
    //! Re-exports for generated code only; not a public API.
    pub use regex_lite;
    pub use serde;
}
