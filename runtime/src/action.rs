//! The contract between generated request types and the runtime.

use std::time::Duration;

use crate::error::ServiceError;
use crate::json::{FromJson, ToJson};
use crate::validate::Validate;

/// Whether a service or action needs the `Region` common parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionRule {
    /// The request fails before sending when no region is configured.
    Required,
    /// Sent when configured, omitted otherwise.
    Optional,
    /// Never sent: the service ignores it.
    Unused,
}

/// Host names of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Endpoints {
    /// Mainland China endpoint, e.g. `car.tencentcloudapi.com` (the default).
    pub mainland: &'static str,
    /// International endpoint, e.g. `car.intl.tencentcloudapi.com`.
    pub international: &'static str,
    /// Regional endpoint pattern with a `{region}` placeholder,
    /// e.g. `car.{region}.tencentcloudapi.com`.
    pub regional: &'static str,
}

/// Static facts about a service version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServiceMeta {
    /// Short name, e.g. `gse`: the first label of the host and the signing scope.
    pub name: &'static str,
    /// API version, e.g. `2019-11-12`.
    pub version: &'static str,
    /// Display name, e.g. `Game Server Engine`.
    pub title: &'static str,
    /// Host names.
    pub endpoints: Endpoints,
}

/// Static facts about one action, as documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActionMeta {
    /// The service this action belongs to.
    pub service: &'static ServiceMeta,
    /// Action name as sent in `X-TC-Action`, e.g. `JoinGameServerSessionBatch`.
    pub name: &'static str,
    /// Documented rate limit in requests per second, if any.
    pub rate_limit: Option<u32>,
    /// Documented timeout, if any; the client default applies otherwise.
    pub timeout: Option<Duration>,
    /// Whether the request needs a region.
    pub region: RegionRule,
    /// Whether repeating the request is harmless (queries and checks). Non-idempotent
    /// actions are not retried after ambiguous failures unless the caller opts in.
    pub idempotent: bool,
    /// Whether the action is deprecated.
    pub deprecated: bool,
}

/// A request of one Tencent Cloud API action.
///
/// Implemented by every generated request struct. The runtime's client sends any `Action`
/// and decodes `Response` or a typed `Error`.
pub trait Action: ToJson + Validate + Send + Sync {
    /// The decoded body of a successful response (the object inside `"Response"`).
    ///
    /// Also written as JSON ([`ToJson`]): the wire log shows a response with the members its
    /// type marks sensitive redacted, and mocks answer with typed responses.
    type Response: FromJson + ToJson + Send + 'static;
    /// The action's error enum: documented codes, common codes and an unknown fallback.
    type Error: ServiceError;
    /// The action's static facts.
    const META: &'static ActionMeta;

    /// Whether the request carries an idempotency token (`ClientToken`), generating one
    /// with [`client_token`] when it is unset. Generated for actions with a `ClientToken`
    /// parameter; the default (no such parameter) is `false`.
    ///
    /// The client calls it once per call, before the first attempt, so every attempt sends
    /// the same token: the service then executes the request at most once, and the client
    /// may retry it after ambiguous failures (timeouts, broken connections) like an
    /// idempotent action.
    fn ensure_client_token(&mut self) -> bool {
        false
    }

    /// How the body is sent: the request's JSON by default; a `multipart/form-data` form or
    /// a raw `application/octet-stream` body for actions with binary parameters (see
    /// [`crate::payload`]). Called once per call, after validation; the same bytes are
    /// signed and sent on every attempt.
    fn payload(&self) -> crate::payload::Payload {
        crate::payload::Payload::Json
    }
}

/// An action that may answer with a stream of events (spec key `streaming: true`): each
/// Server-Sent Event's `data:` is one [`Action::Response`] object. Send it with
/// `Client::send_streaming` (feature `client`) to read the events as they arrive; `send`
/// still works and reads a plain JSON answer.
pub trait StreamingAction: Action {}

/// A fresh idempotency token: 128 random bits written as a UUID (version 4 layout), e.g.
/// `6f1c2a9e-4b7d-4e21-9a3f-0c5d8e7b1a24`.
///
/// The token needs to be unique, not secret, so it is drawn from std's per-process random
/// hash keys (mixed with a counter, the time and the process id) instead of a random-number
/// crate.
pub fn client_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let half = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u64(count);
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.finish()
    };
    let bits = (u128::from(half(0x5eed_0001)) << 64) | u128::from(half(0x5eed_0002));
    // Version 4, variant 10xx.
    let bits = (bits & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_tokens_are_uuid_shaped_and_distinct() {
        let tokens: std::collections::HashSet<String> = (0..1000).map(|_| client_token()).collect();
        assert_eq!(tokens.len(), 1000);
        for t in tokens.iter().take(20) {
            assert_eq!(t.len(), 36, "{t}");
            assert_eq!(&t[14..15], "4", "{t}");
            assert!(matches!(&t[19..20], "8" | "9" | "a" | "b"), "{t}");
            assert!(t.len() <= 64 && t.is_ascii());
        }
    }
}
