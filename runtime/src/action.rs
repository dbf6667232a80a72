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
    type Response: FromJson + Send + 'static;
    /// The action's error enum: documented codes, common codes and an unknown fallback.
    type Error: ServiceError;
    /// The action's static facts.
    const META: &'static ActionMeta;
}
