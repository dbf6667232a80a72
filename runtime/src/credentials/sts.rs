//! The two Security Token Service (`sts`, version `2018-08-13`) actions the credential
//! providers call, written as ordinary [`Action`]s: they are validated, signed (or sent
//! unsigned), rate-limited and retried like every generated request.
//!
//! - [`AssumeRoleRequest`]: temporary keys of a CAM role, for a caller with keys;
//! - [`AssumeRoleWithWebIdentityRequest`]: temporary keys of a role for an OIDC token
//!   (sent unsigned, `Authorization: SKIP`).
//!
//! Both answer [`StsCredentialsResponse`]: `Credentials` (`TmpSecretId`, `TmpSecretKey`,
//! `Token`), `ExpiredTime` (Unix seconds) and `Expiration` (ISO 8601).

use std::fmt;
use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::action::{Action, ActionMeta, Endpoints, RegionRule, ServiceMeta};
use crate::common_error::CommonError;
use crate::error::{Error, ServiceError, display_code};
use crate::json::{self, FromJson, JsonError, ToJson, Value, Writer};
use crate::validate::{Validate, Validator};

use super::{Credentials, CredentialsError};

/// The Security Token Service.
pub static STS: ServiceMeta = ServiceMeta {
    name: "sts",
    version: "2018-08-13",
    title: "Security Token Service",
    endpoints: Endpoints {
        mainland: "sts.tencentcloudapi.com",
        international: "sts.intl.tencentcloudapi.com",
        regional: "sts.{region}.tencentcloudapi.com",
    },
};

/// The region STS calls use when none is configured (as the official SDKs do).
pub const DEFAULT_STS_REGION: &str = "ap-guangzhou";

/// The lifetime asked for when none is configured (the service default).
pub const DEFAULT_DURATION: Duration = Duration::from_secs(7200);

/// The longest lifetime STS grants.
pub const MAX_DURATION: Duration = Duration::from_secs(43_200);

/// `RoleSessionName`: 2 to 128 of letters, digits and `+=,.@_-`.
static SESSION_NAME: LazyLock<regex_lite::Regex> =
    LazyLock::new(|| regex_lite::Regex::new(r"^[\w+=,.@-]{2,128}$").expect("valid pattern"));

fn validate_common(v: &mut Validator, role_arn: &str, session_name: &str, duration: Option<u64>) {
    v.enter("RoleArn");
    v.length(role_arn, Some(1), None);
    v.leave();
    v.enter("RoleSessionName");
    v.pattern(session_name, &SESSION_NAME, r"[\w+=,.@-]{2,128}");
    v.leave();
    if let Some(d) = duration {
        v.enter("DurationSeconds");
        v.range_u64(d, Some(1), Some(MAX_DURATION.as_secs()));
        v.leave();
    }
}

/// `AssumeRole`: temporary keys of the role `RoleArn`, for the caller's keys.
#[derive(Clone, PartialEq, Eq)]
pub struct AssumeRoleRequest {
    /// `RoleArn`, e.g. `qcs::cam::uin/100000000001:roleName/reader`.
    pub role_arn: String,
    /// `RoleSessionName`: names the session in audit logs; 2 to 128 of `[\w+=,.@-]`.
    pub role_session_name: String,
    /// `DurationSeconds`: lifetime, 1 to 43200 (default 7200).
    pub duration_seconds: Option<u64>,
    /// `Policy`: a CAM policy narrowing the role's permissions, URL-encoded as the service
    /// requires (see [`url_encode`]).
    pub policy: Option<String>,
}

impl fmt::Debug for AssumeRoleRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleRequest")
            .field("role_arn", &self.role_arn)
            .field("role_session_name", &self.role_session_name)
            .field("duration_seconds", &self.duration_seconds)
            .field("policy", &self.policy.as_ref().map(String::len))
            .finish()
    }
}

impl ToJson for AssumeRoleRequest {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("RoleArn", &self.role_arn);
        o.field("RoleSessionName", &self.role_session_name);
        o.field("DurationSeconds", &self.duration_seconds);
        o.field("Policy", &self.policy);
        o.end();
    }
}

impl Validate for AssumeRoleRequest {
    fn validate_into(&self, v: &mut Validator) {
        validate_common(
            v,
            &self.role_arn,
            &self.role_session_name,
            self.duration_seconds,
        );
        if let Some(p) = &self.policy {
            v.enter("Policy");
            v.length(p, Some(1), None);
            v.ascii(p);
            v.leave();
        }
    }
}

impl Action for AssumeRoleRequest {
    type Response = StsCredentialsResponse;
    type Error = StsError;
    const META: &'static ActionMeta = &ActionMeta {
        service: &STS,
        name: "AssumeRole",
        rate_limit: None,
        timeout: None,
        region: RegionRule::Required,
        // Asking twice only issues a second set of keys.
        idempotent: true,
        deprecated: false,
    };
}

/// `AssumeRoleWithWebIdentity`: temporary keys of `RoleArn` for an OIDC token issued by
/// the identity provider `ProviderId`. Sent unsigned.
#[derive(Clone, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentityRequest {
    /// `ProviderId`: the identity provider's name in CAM.
    pub provider_id: String,
    /// `WebIdentityToken`: the OIDC token (never printed).
    pub web_identity_token: String,
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`.
    pub role_session_name: String,
    /// `DurationSeconds`: lifetime, 1 to 43200 (default 7200).
    pub duration_seconds: Option<u64>,
}

impl fmt::Debug for AssumeRoleWithWebIdentityRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleWithWebIdentityRequest")
            .field("provider_id", &self.provider_id)
            .field("web_identity_token", &"<redacted>")
            .field("role_arn", &self.role_arn)
            .field("role_session_name", &self.role_session_name)
            .field("duration_seconds", &self.duration_seconds)
            .finish()
    }
}

impl ToJson for AssumeRoleWithWebIdentityRequest {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("ProviderId", &self.provider_id);
        o.field("WebIdentityToken", &self.web_identity_token);
        o.field("RoleArn", &self.role_arn);
        o.field("RoleSessionName", &self.role_session_name);
        o.field("DurationSeconds", &self.duration_seconds);
        o.end();
    }
}

impl Validate for AssumeRoleWithWebIdentityRequest {
    fn validate_into(&self, v: &mut Validator) {
        v.enter("ProviderId");
        v.length(&self.provider_id, Some(1), None);
        v.leave();
        v.enter("WebIdentityToken");
        v.length(&self.web_identity_token, Some(1), None);
        v.leave();
        validate_common(
            v,
            &self.role_arn,
            &self.role_session_name,
            self.duration_seconds,
        );
    }
}

impl Action for AssumeRoleWithWebIdentityRequest {
    type Response = StsCredentialsResponse;
    type Error = StsError;
    const META: &'static ActionMeta = &ActionMeta {
        service: &STS,
        name: "AssumeRoleWithWebIdentity",
        rate_limit: None,
        timeout: None,
        region: RegionRule::Required,
        idempotent: true,
        deprecated: false,
    };
}

/// The keys inside an STS answer.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct StsKeys {
    /// `TmpSecretId`.
    pub tmp_secret_id: String,
    /// `TmpSecretKey` (never printed).
    pub tmp_secret_key: String,
    /// `Token` (never printed).
    pub token: String,
}

impl fmt::Debug for StsKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StsKeys")
            .field("tmp_secret_id", &self.tmp_secret_id)
            .field("tmp_secret_key", &"<redacted>")
            .field("token", &"<redacted>")
            .finish()
    }
}

impl FromJson for StsKeys {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = json::Object::of(v);
        o.finish(Self {
            tmp_secret_id: o.required("TmpSecretId"),
            tmp_secret_key: o.required("TmpSecretKey"),
            token: o.required("Token"),
        })
    }
}

impl ToJson for StsKeys {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("TmpSecretId", &self.tmp_secret_id);
        o.sensitive("TmpSecretKey", &self.tmp_secret_key);
        o.sensitive("Token", &self.token);
        o.end();
    }
}

impl ToJson for StsCredentialsResponse {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Credentials", &self.credentials);
        o.field("ExpiredTime", &self.expired_time);
        o.field("Expiration", &self.expiration);
        o.field("RequestId", &self.request_id);
        o.end();
    }
}

/// The answer of [`AssumeRoleRequest`] and [`AssumeRoleWithWebIdentityRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StsCredentialsResponse {
    /// `Credentials`.
    pub credentials: StsKeys,
    /// `ExpiredTime`: when the keys expire, Unix seconds.
    pub expired_time: i64,
    /// `Expiration`: the same as ISO 8601, e.g. `2030-01-01T00:00:00Z`.
    pub expiration: String,
    /// `RequestId`.
    pub request_id: String,
}

impl FromJson for StsCredentialsResponse {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = json::Object::of(v);
        o.finish(Self {
            credentials: o.required("Credentials"),
            expired_time: o.required("ExpiredTime"),
            expiration: o.get("Expiration"),
            request_id: o.get("RequestId"),
        })
    }
}

impl StsCredentialsResponse {
    /// The keys as [`Credentials`] expiring at `ExpiredTime`; `source` names the call in
    /// errors (malformed keys, keys already expired).
    pub fn into_credentials(self, source: &str) -> Result<Credentials, CredentialsError> {
        let expired_at = u64::try_from(self.expired_time)
            .ok()
            .and_then(|s| UNIX_EPOCH.checked_add(Duration::from_secs(s)))
            .ok_or_else(|| CredentialsError::BadResponse {
                source: source.to_owned(),
                detail: format!("`ExpiredTime` {} is not a time", self.expired_time),
            })?;
        if expired_at <= SystemTime::now() {
            return Err(CredentialsError::Expired {
                source: source.to_owned(),
                expired_at,
            });
        }
        let StsKeys {
            tmp_secret_id,
            tmp_secret_key,
            token,
        } = self.credentials;
        Ok(Credentials::from_parts(
            tmp_secret_id,
            tmp_secret_key,
            Some(token),
            &format!(" from {source}"),
        )?
        .expiring_at(expired_at))
    }
}

/// Errors of the STS actions: common codes, then any other code as sent (e.g.
/// `InvalidParameter.WebIdentityTokenError`, `InternalError.GetRoleError`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StsError {
    /// A common error code.
    Common(CommonError),
    /// Another code, kept as sent.
    Other {
        /// The wire code.
        code: String,
        /// The message the server sent.
        message: String,
    },
}

impl ServiceError for StsError {
    fn from_code(code: &str, message: String) -> Self {
        match CommonError::parse(code, message) {
            Ok(c) => Self::Common(c),
            Err(message) => Self::Other {
                code: code.to_owned(),
                message,
            },
        }
    }

    fn code(&self) -> &str {
        match self {
            Self::Common(c) => c.code(),
            Self::Other { code, .. } => code,
        }
    }

    fn message(&self) -> &str {
        match self {
            Self::Common(c) => c.message(),
            Self::Other { message, .. } => message,
        }
    }
}

impl fmt::Display for StsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display_code(f, self.code(), self.message())
    }
}

impl std::error::Error for StsError {}

/// A failed STS call as a [`CredentialsError`] naming the call.
pub(crate) fn credentials_error(source: &str, e: Error<StsError>) -> CredentialsError {
    let source = source.to_owned();
    match e {
        Error::Credentials(e) => e,
        Error::Service { error, request_id } => CredentialsError::Service {
            source,
            code: error.code().to_owned(),
            message: error.message().to_owned(),
            request_id: Some(request_id),
        },
        Error::InvalidRequest(v) => CredentialsError::Config {
            source,
            detail: v.to_string(),
        },
        Error::Transport { .. } | Error::Timeout { .. } | Error::RateLimited { .. } => {
            CredentialsError::Unreachable {
                source,
                detail: e.to_string(),
            }
        }
        other => CredentialsError::BadResponse {
            source,
            detail: other.to_string(),
        },
    }
}

/// Percent-encodes `text` as the `Policy` parameter requires (everything but `A-Z a-z 0-9
/// - _ . ~`). Twelve lines: no crate needed for one parameter.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

/// A default `RoleSessionName`: `tcapi-rust-` and the current time in microseconds.
pub(crate) fn default_session_name() -> String {
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0);
    format!("tcapi-rust-{micros}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assume(session: &str, duration: Option<u64>) -> AssumeRoleRequest {
        AssumeRoleRequest {
            role_arn: "qcs::cam::uin/1:roleName/r".into(),
            role_session_name: session.into(),
            duration_seconds: duration,
            policy: None,
        }
    }

    #[test]
    fn requests_serialize_their_documented_members() {
        let mut r = assume("s1", Some(900));
        assert_eq!(
            json::to_string(&r),
            r#"{"RoleArn":"qcs::cam::uin/1:roleName/r","RoleSessionName":"s1","DurationSeconds":900}"#
        );
        r.policy = Some(url_encode(r#"{"version":"2.0"}"#));
        assert!(
            json::to_string(&r).ends_with(r#""Policy":"%7B%22version%22%3A%222.0%22%7D"}"#),
            "{}",
            json::to_string(&r)
        );
        let w = AssumeRoleWithWebIdentityRequest {
            provider_id: "p".into(),
            web_identity_token: "SECRETTOKEN".into(),
            role_arn: "arn".into(),
            role_session_name: "sess".into(),
            duration_seconds: None,
        };
        assert_eq!(
            json::to_string(&w),
            r#"{"ProviderId":"p","WebIdentityToken":"SECRETTOKEN","RoleArn":"arn","RoleSessionName":"sess"}"#
        );
        assert!(!format!("{w:?}").contains("SECRETTOKEN"));
    }

    #[test]
    fn validation_names_the_parameter() {
        assert!(assume("ok-name", Some(7200)).validate().is_ok());
        let e = assume("x", Some(50_000))
            .validate()
            .unwrap_err()
            .to_string();
        assert!(e.contains("RoleSessionName"), "{e}");
        assert!(e.contains("DurationSeconds"), "{e}");
        let e = assume("bad name", None).validate().unwrap_err().to_string();
        assert!(e.contains("RoleSessionName"), "{e}");
        assert!(default_session_name().len() > 11);
        assert!(assume(&default_session_name(), None).validate().is_ok());
    }

    #[test]
    fn responses_become_expiring_credentials() {
        let later = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 3600;
        let body = format!(
            r#"{{"Credentials":{{"TmpSecretId":"AKIDsts","TmpSecretKey":"K","Token":"T"}},"ExpiredTime":{later},"Expiration":"x","RequestId":"r1"}}"#
        );
        let r: StsCredentialsResponse = json::from_str(&body).unwrap();
        assert_eq!(r.request_id, "r1");
        assert!(!format!("{r:?}").contains("\"K\""));
        let c = r.clone().into_credentials("sts AssumeRole").unwrap();
        assert_eq!((c.secret_id(), c.token()), ("AKIDsts", Some("T")));
        assert_eq!(
            c.expires_at(),
            Some(UNIX_EPOCH + Duration::from_secs(later))
        );
        let mut old = r.clone();
        old.expired_time = 1_000_000;
        assert!(matches!(
            old.into_credentials("s").unwrap_err(),
            CredentialsError::Expired { .. }
        ));
        let mut negative = r;
        negative.expired_time = -5;
        assert!(matches!(
            negative.into_credentials("s").unwrap_err(),
            CredentialsError::BadResponse { .. }
        ));
        let e = json::from_str::<StsCredentialsResponse>(r#"{"Credentials":{}}"#).unwrap_err();
        assert!(e.to_string().contains("TmpSecretId"), "{e}");
    }

    #[test]
    fn sts_errors_keep_codes() {
        let e = StsError::from_code("InvalidParameter.WebIdentityTokenError", "bad token".into());
        assert_eq!(e.code(), "InvalidParameter.WebIdentityTokenError");
        assert_eq!(
            e.to_string(),
            "InvalidParameter.WebIdentityTokenError: bad token"
        );
        let c = StsError::from_code("AuthFailure.SignatureFailure", "sig".into());
        assert!(matches!(c, StsError::Common(_)));
        let ce = credentials_error(
            "sts AssumeRole",
            Error::Service {
                error: c,
                request_id: "rid".into(),
            },
        );
        assert_eq!(
            ce.to_string(),
            "sts AssumeRole refused: [AuthFailure.SignatureFailure] sig (RequestId rid)"
        );
    }
}
