//! Hand-written actions shaped like generated ones, so the runtime is tested on its own.
//!
//! - [`ApplyLike`]: non-idempotent, region unused, 100 req/s, 20 s timeout (like CAR
//!   `ApplyConcurrent`);
//! - [`JoinLike`]: region required, validated id and list length, 1000 req/s (like GSE
//!   `JoinGameServerSessionBatch`);
//! - [`DescribeLike`]: idempotent, region optional, 5 req/s (for retry and rate-limit tests);
//! - [`CreateLike`]: non-idempotent with a `ClientToken` parameter (like GAAP `CreateProxy`),
//!   whose error type marks `ResourceUnavailable.Warming` retryable.

use std::fmt;
use std::time::Duration;

use tcapi::error::display_code;
use tcapi::json::{FromJson, JsonError, Object, ToJson, Value, Writer};
use tcapi::{
    Action, ActionMeta, Endpoints, RegionRule, ServiceError, ServiceMeta, Validate, Validator,
};

/// A service like CAR.
pub static FAKE_CAR: ServiceMeta = ServiceMeta {
    name: "car",
    version: "2022-01-10",
    title: "Cloud Application Rendering",
    endpoints: Endpoints {
        mainland: "car.tencentcloudapi.com",
        international: "car.intl.tencentcloudapi.com",
        regional: "car.{region}.tencentcloudapi.com",
    },
};

/// A service like GSE.
pub static FAKE_GSE: ServiceMeta = ServiceMeta {
    name: "gse",
    version: "2019-11-12",
    title: "Game Server Engine",
    endpoints: Endpoints {
        mainland: "gse.tencentcloudapi.com",
        international: "gse.intl.tencentcloudapi.com",
        regional: "gse.{region}.tencentcloudapi.com",
    },
};

/// Error enum of the fixtures: two documented codes and a fallback for the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixtureError {
    /// `ResourceNotFound.NoIdle`.
    NoIdle(String),
    /// `FailedOperation`.
    FailedOperation(String),
    /// Anything else.
    Unknown {
        /// Wire code.
        code: String,
        /// Message.
        message: String,
    },
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display_code(f, self.code(), self.message())
    }
}

impl std::error::Error for FixtureError {}

impl ServiceError for FixtureError {
    fn from_code(code: &str, message: String) -> Self {
        match code {
            "ResourceNotFound.NoIdle" => Self::NoIdle(message),
            "FailedOperation" => Self::FailedOperation(message),
            _ => Self::Unknown {
                code: code.to_owned(),
                message,
            },
        }
    }
    fn code(&self) -> &str {
        match self {
            Self::NoIdle(_) => "ResourceNotFound.NoIdle",
            Self::FailedOperation(_) => "FailedOperation",
            Self::Unknown { code, .. } => code,
        }
    }
    fn message(&self) -> &str {
        match self {
            Self::NoIdle(m) | Self::FailedOperation(m) => m,
            Self::Unknown { message, .. } => message,
        }
    }
    fn retryable_codes() -> &'static [&'static str] {
        &["ResourceUnavailable.Warming"]
    }
}

/// Request shaped like `ApplyConcurrent`.
#[derive(Debug, Clone)]
pub struct ApplyLike {
    /// `UserId`.
    pub user_id: String,
    /// `UserIp`.
    pub user_ip: String,
    /// `ProjectId`.
    pub project_id: String,
}

impl ToJson for ApplyLike {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("UserId", &self.user_id);
        o.field("UserIp", &self.user_ip);
        o.field("ProjectId", &self.project_id);
        o.end();
    }
}

impl Validate for ApplyLike {
    fn validate_into(&self, v: &mut Validator) {
        v.enter("UserId");
        v.length(&self.user_id, Some(1), Some(64));
        v.leave();
    }
}

/// Response with a `RequestId` only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmptyResponse {
    /// `RequestId`.
    pub request_id: String,
}

impl FromJson for EmptyResponse {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = Object::of(v);
        o.finish(Self {
            request_id: o.get("RequestId"),
        })
    }
}

impl ToJson for EmptyResponse {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("RequestId", &self.request_id);
        o.end();
    }
}

/// Meta of [`ApplyLike`].
pub static APPLY_META: ActionMeta = ActionMeta {
    service: &FAKE_CAR,
    name: "ApplyConcurrent",
    rate_limit: Some(100),
    timeout: Some(Duration::from_secs(20)),
    region: RegionRule::Unused,
    idempotent: false,
    deprecated: false,
};

impl Action for ApplyLike {
    type Response = EmptyResponse;
    type Error = FixtureError;
    const META: &'static ActionMeta = &APPLY_META;
}

/// Request shaped like `JoinGameServerSessionBatch`.
#[derive(Debug, Clone)]
pub struct JoinLike {
    /// `GameServerSessionId`, 1..256 ASCII characters.
    pub game_server_session_id: String,
    /// `PlayerIds`, 1..25 items.
    pub player_ids: Vec<String>,
}

impl ToJson for JoinLike {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("GameServerSessionId", &self.game_server_session_id);
        o.field("PlayerIds", &self.player_ids);
        o.end();
    }
}

impl Validate for JoinLike {
    fn validate_into(&self, v: &mut Validator) {
        v.enter("GameServerSessionId");
        v.length(&self.game_server_session_id, Some(1), Some(256));
        v.ascii(&self.game_server_session_id);
        v.leave();
        v.enter("PlayerIds");
        v.items(self.player_ids.len(), Some(1), Some(25));
        v.leave();
    }
}

/// One player session in [`JoinResponse`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlayerSession {
    /// `PlayerId`.
    pub player_id: String,
    /// `Port` (an integer; tolerates strings).
    pub port: u64,
}

impl FromJson for PlayerSession {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = Object::of(v);
        o.finish(Self {
            player_id: o.get("PlayerId"),
            port: o.get("Port"),
        })
    }
}

impl ToJson for PlayerSession {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("PlayerId", &self.player_id);
        o.field("Port", &self.port);
        o.end();
    }
}

/// Response of [`JoinLike`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JoinResponse {
    /// `PlayerSessions`.
    pub player_sessions: Option<Vec<PlayerSession>>,
    /// `RequestId`.
    pub request_id: String,
}

impl FromJson for JoinResponse {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = Object::of(v);
        o.finish(Self {
            player_sessions: o.get("PlayerSessions"),
            request_id: o.get("RequestId"),
        })
    }
}

impl ToJson for JoinResponse {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("PlayerSessions", &self.player_sessions);
        o.field("RequestId", &self.request_id);
        o.end();
    }
}

/// Meta of [`JoinLike`].
pub static JOIN_META: ActionMeta = ActionMeta {
    service: &FAKE_GSE,
    name: "JoinGameServerSessionBatch",
    rate_limit: Some(1000),
    timeout: None,
    region: RegionRule::Required,
    idempotent: false,
    deprecated: false,
};

impl Action for JoinLike {
    type Response = JoinResponse;
    type Error = FixtureError;
    const META: &'static ActionMeta = &JOIN_META;
}

/// An idempotent query with a low rate limit.
#[derive(Debug, Clone, Default)]
pub struct DescribeLike {
    /// `Limit`.
    pub limit: Option<i64>,
}

impl ToJson for DescribeLike {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Limit", &self.limit);
        o.end();
    }
}

impl Validate for DescribeLike {}

/// Response of [`DescribeLike`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DescribeResponse {
    /// `TotalCount`.
    pub total_count: i64,
    /// `RequestId`.
    pub request_id: String,
}

impl FromJson for DescribeResponse {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = Object::of(v);
        o.finish(Self {
            total_count: o.get("TotalCount"),
            request_id: o.get("RequestId"),
        })
    }
}

impl ToJson for DescribeResponse {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("TotalCount", &self.total_count);
        o.field("RequestId", &self.request_id);
        o.end();
    }
}

/// Meta of [`DescribeLike`].
pub static DESCRIBE_META: ActionMeta = ActionMeta {
    service: &FAKE_GSE,
    name: "DescribeThings",
    rate_limit: Some(5),
    timeout: Some(Duration::from_secs(3)),
    region: RegionRule::Optional,
    idempotent: true,
    deprecated: false,
};

impl Action for DescribeLike {
    type Response = DescribeResponse;
    type Error = FixtureError;
    const META: &'static ActionMeta = &DESCRIBE_META;
}

/// A non-idempotent create with a `ClientToken` parameter.
#[derive(Debug, Clone, Default)]
pub struct CreateLike {
    /// `Name`.
    pub name: String,
    /// `ClientToken`: generated when unset.
    pub client_token: Option<String>,
}

impl ToJson for CreateLike {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Name", &self.name);
        o.field("ClientToken", &self.client_token);
        o.end();
    }
}

impl Validate for CreateLike {}

/// Meta of [`CreateLike`].
pub static CREATE_META: ActionMeta = ActionMeta {
    service: &FAKE_GSE,
    name: "CreateThing",
    rate_limit: None,
    timeout: None,
    region: RegionRule::Optional,
    idempotent: false,
    deprecated: false,
};

impl Action for CreateLike {
    type Response = EmptyResponse;
    type Error = FixtureError;
    const META: &'static ActionMeta = &CREATE_META;

    fn ensure_client_token(&mut self) -> bool {
        if self.client_token.is_none() {
            self.client_token = Some(tcapi::client_token());
        }
        true
    }
}

/// An upload shaped like an action with a `Binary` parameter: its body is a
/// `multipart/form-data` form.
#[derive(Debug, Clone, Default)]
pub struct UploadLike {
    /// `Name`, a text field.
    pub name: String,
    /// `Tags`, a JSON field.
    pub tags: Vec<String>,
    /// `File`, the file part.
    pub file: Vec<u8>,
}

impl ToJson for UploadLike {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Name", &self.name);
        o.field("Tags", &self.tags);
        o.end();
    }
}

impl Validate for UploadLike {
    fn validate_into(&self, v: &mut Validator) {
        v.enter("Name");
        v.length(&self.name, Some(1), Some(64));
        v.leave();
    }
}

/// Meta of [`UploadLike`].
pub static UPLOAD_META: ActionMeta = ActionMeta {
    service: &FAKE_GSE,
    name: "UploadThing",
    rate_limit: None,
    timeout: None,
    region: RegionRule::Optional,
    idempotent: false,
    deprecated: false,
};

impl UploadLike {
    /// The form this request sends.
    pub fn form(&self) -> tcapi::payload::Multipart {
        tcapi::payload::Multipart::new()
            .text("Name", self.name.clone())
            .json("Tags", &self.tags)
            .file("File", "File", self.file.clone())
    }
}

impl Action for UploadLike {
    type Response = EmptyResponse;
    type Error = FixtureError;
    const META: &'static ActionMeta = &UPLOAD_META;

    fn payload(&self) -> tcapi::payload::Payload {
        tcapi::payload::Payload::Multipart(self.form())
    }
}
