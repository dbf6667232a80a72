//! Decoding the response envelope.
//!
//! Tencent Cloud answers HTTP 200 for successes and failures alike:
//!
//! ```json
//! {"Response": {"SessionId": "...", "RequestId": "eac6b301-..."}}
//! {"Response": {"Error": {"Code": "ResourceNotFound.NoIdle", "Message": "..."}, "RequestId": "..."}}
//! ```
//!
//! [`decode`] first reads `Response.Error` and `Response.RequestId`, then either builds the action's typed error with [`ServiceError::from_code`] or decodes
//! the whole `Response` object into the action's response type. A non-200 status with an
//! error envelope is still a service error; a non-200 status without one, malformed or
//! truncated JSON, a missing `Response`, and a body that does not fit the documented type
//! are [`Error::UndecodableResponse`] with the parser's position (or the path of the
//! offending member) and an excerpt. Scalar type drift (a number where a string is
//! documented and the reverse) is tolerated by the generated types through [`crate::json`].
//!
//! The body is parsed once into a JSON tree; the envelope and the typed response are both
//! read from it.

use crate::error::{Error, ServiceError, WireError, excerpt};
use crate::json::{FromJson, Value};

/// A decoded success: the response and its `RequestId`.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<R> {
    /// The object inside `"Response"`.
    pub response: R,
    /// `Response.RequestId` (empty if the server omitted it).
    pub request_id: String,
}

/// A success envelope whose `Response` object is not read into the action's type yet.
#[derive(Debug)]
pub(crate) struct RawSuccess {
    status: u16,
    response: Value,
    request_id: Option<String>,
}

impl RawSuccess {
    /// `Response.RequestId` (empty if the server omitted it).
    #[cfg(feature = "client")]
    pub(crate) fn request_id(&self) -> &str {
        self.request_id.as_deref().unwrap_or_default()
    }

    /// The `Response` object.
    #[cfg(feature = "client")]
    pub(crate) fn into_response(self) -> Value {
        self.response
    }
}

/// A member read as a tolerant string (`RequestId`, `Code`, `Message`): a number is taken
/// as its text, anything else that is not a string as absent.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null | Value::Array(_) | Value::Object(_) => None,
        v => String::from_json(v).ok(),
    }
}

/// Decodes one HTTP response body into `R` or the typed error `E`.
pub fn decode<R: FromJson, E: ServiceError>(
    status: u16,
    body: &[u8],
) -> Result<Decoded<R>, Error<E>> {
    decode_raw(status, body)
        .and_then(|raw| read_response(raw, body))
        .map_err(Error::typed)
}

/// Reads `Response` of a success into `R`; `body` is the whole body, for the excerpt of an
/// error.
pub(crate) fn read_response<R: FromJson>(
    raw: RawSuccess,
    body: &[u8],
) -> Result<Decoded<R>, Error<WireError>> {
    match R::from_json(&raw.response) {
        Ok(response) => Ok(Decoded {
            response,
            request_id: raw.request_id.unwrap_or_default(),
        }),
        Err(e) => Err(Error::UndecodableResponse {
            status: raw.status,
            reason: format!("`Response` does not match the documented type: {e}"),
            excerpt: excerpt(body),
            request_id: raw.request_id,
        }),
    }
}

/// The common code an HTTP status without an error envelope stands for: 429 is
/// `RequestLimitExceeded` (throttled, not executed), 503 is `ServiceUnavailable`.
pub(crate) fn gateway_code(status: u16) -> Option<&'static str> {
    match status {
        429 => Some("RequestLimitExceeded"),
        503 => Some("ServiceUnavailable"),
        _ => None,
    }
}

/// Decodes the envelope of one HTTP response body: a success with its `Response` object
/// still untyped, or the service error with its code and message.
pub(crate) fn decode_raw(status: u16, body: &[u8]) -> Result<RawSuccess, Error<WireError>> {
    let undecodable = |reason: String, request_id: Option<String>| match gateway_code(status) {
        // A throttling or unavailable answer from in front of the API (no envelope): the
        // common code it means, so callers and retries treat it like the service's own.
        Some(code) => Error::Service {
            error: WireError {
                code: code.to_owned(),
                message: format!(
                    "HTTP {status} without a Tencent Cloud error envelope; body starts: {:?}",
                    excerpt(body)
                ),
            },
            request_id: request_id.unwrap_or_default(),
        },
        None => Error::UndecodableResponse {
            status,
            reason,
            excerpt: excerpt(body),
            request_id,
        },
    };
    let mut root: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            let reason = if status == 200 {
                format!("invalid JSON: {e}")
            } else {
                format!("HTTP {status} without a Tencent Cloud envelope ({e})")
            };
            return Err(undecodable(reason, None));
        }
    };
    let inner = match root.get_mut("Response") {
        Some(v @ Value::Object(_)) => v.take(),
        _ => {
            let reason = if status == 200 {
                "the body has no `Response` object".to_owned()
            } else {
                format!("HTTP {status} without a Tencent Cloud envelope (no `Response` object)")
            };
            return Err(undecodable(reason, None));
        }
    };
    let request_id = text(inner.get("RequestId"));
    if let Some(err) = inner.get("Error").filter(|e| !e.is_null()) {
        let code = text(err.get("Code")).unwrap_or_default();
        if code.is_empty() {
            return Err(undecodable(
                "`Response.Error` has no `Code`".to_owned(),
                request_id,
            ));
        }
        return Err(Error::Service {
            error: WireError {
                code,
                message: text(err.get("Message")).unwrap_or_default(),
            },
            request_id: request_id.unwrap_or_default(),
        });
    }
    if status != 200 {
        return Err(undecodable(
            format!("HTTP {status} without `Response.Error`"),
            request_id,
        ));
    }
    Ok(RawSuccess {
        status,
        response: inner,
        request_id,
    })
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use super::*;

    #[derive(Debug, PartialEq)]
    enum TestError {
        NoIdle(String),
        Unknown { code: String, message: String },
    }
    impl fmt::Display for TestError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            crate::error::display_code(f, self.code(), self.message())
        }
    }
    impl std::error::Error for TestError {}
    impl ServiceError for TestError {
        fn from_code(code: &str, message: String) -> Self {
            match code {
                "ResourceNotFound.NoIdle" => Self::NoIdle(message),
                _ => Self::Unknown {
                    code: code.into(),
                    message,
                },
            }
        }
        fn code(&self) -> &str {
            match self {
                Self::NoIdle(_) => "ResourceNotFound.NoIdle",
                Self::Unknown { code, .. } => code,
            }
        }
        fn message(&self) -> &str {
            match self {
                Self::NoIdle(m) | Self::Unknown { message: m, .. } => m,
            }
        }
    }

    #[derive(Debug, PartialEq)]
    struct Resp {
        session_id: String,
        count: i64,
        request_id: String,
    }
    impl FromJson for Resp {
        fn from_json(v: &Value) -> Result<Self, crate::json::JsonError> {
            let o = crate::json::Object::of(v);
            o.finish(Self {
                session_id: o.get("SessionId"),
                count: o.get("Count"),
                request_id: o.get("RequestId"),
            })
        }
    }

    fn go(status: u16, body: &str) -> Result<Decoded<Resp>, Error<TestError>> {
        decode(status, body.as_bytes())
    }

    #[test]
    fn success() {
        let d = go(
            200,
            r#"{"Response":{"SessionId":"s-1","Count":3,"RequestId":"r-1"}}"#,
        )
        .unwrap();
        assert_eq!(d.request_id, "r-1");
        assert_eq!(d.response.session_id, "s-1");
        assert_eq!(d.response.count, 3);
        assert_eq!(d.response.request_id, "r-1");
    }

    #[test]
    fn typed_and_unknown_errors_keep_request_id() {
        let e = go(
            200,
            r#"{"Response":{"Error":{"Code":"ResourceNotFound.NoIdle","Message":"none"},"RequestId":"r-2"}}"#,
        )
        .unwrap_err();
        match e {
            Error::Service { error, request_id } => {
                assert_eq!(error, TestError::NoIdle("none".into()));
                assert_eq!(request_id, "r-2");
            }
            other => panic!("{other:?}"),
        }
        let e = go(
            200,
            r#"{"Response":{"RequestId":"r-3","Error":{"Code":"Brand.New","Message":"m"}}}"#,
        )
        .unwrap_err();
        assert_eq!(e.request_id(), Some("r-3"));
        assert_eq!(e.service_error().unwrap().code(), "Brand.New");
    }

    #[test]
    fn error_envelope_on_non_200_is_still_a_service_error() {
        let e = go(
            503,
            r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"r"}}"#,
        )
        .unwrap_err();
        assert!(e.is_throttling());
    }

    #[test]
    fn type_drift_is_tolerated() {
        let d = go(
            200,
            r#"{"Response":{"SessionId":12,"Count":"7","RequestId":99}}"#,
        )
        .unwrap();
        assert_eq!(d.response.session_id, "12");
        assert_eq!(d.response.count, 7);
        assert_eq!(d.request_id, "99");
        let e = go(
            200,
            r#"{"Response":{"Error":{"Code":"X","Message":5},"RequestId":"r"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.service_error().unwrap().message(), "5");
    }

    fn undecodable_reason(e: Error<TestError>) -> (u16, String, String, Option<String>) {
        match e {
            Error::UndecodableResponse {
                status,
                reason,
                excerpt,
                request_id,
            } => (status, reason, excerpt, request_id),
            other => panic!("expected undecodable, got {other:?}"),
        }
    }

    #[test]
    fn malformed_truncated_and_wrong_types_are_precise() {
        let (_, reason, excerpt, _) =
            undecodable_reason(go(200, r#"{"Response":{"SessionId":"s"#).unwrap_err());
        assert!(
            reason.starts_with("invalid JSON: EOF while parsing"),
            "{reason}"
        );
        assert_eq!(excerpt, r#"{"Response":{"SessionId":"s"#);

        let (_, reason, _, _) = undecodable_reason(go(200, "<html>oops</html>").unwrap_err());
        assert!(reason.contains("line 1 column 1"), "{reason}");

        let (_, reason, _, id) = undecodable_reason(
            go(200, r#"{"Response":{"Count":"many","RequestId":"r-9"}}"#).unwrap_err(),
        );
        assert!(
            reason.contains("does not match the documented type"),
            "{reason}"
        );
        assert!(
            reason.ends_with("Count: string \"many\" is not a signed 64-bit integer"),
            "{reason}"
        );
        assert_eq!(id.as_deref(), Some("r-9"));

        let (_, reason, _, _) = undecodable_reason(go(200, r#"{"response":{}}"#).unwrap_err());
        assert!(reason.contains("no `Response`"), "{reason}");

        let (_, reason, _, _) = undecodable_reason(go(200, r#"[1,2]"#).unwrap_err());
        assert!(reason.contains("no `Response`"), "{reason}");
        let (_, reason, _, _) = undecodable_reason(go(200, r#"{"Response":3}"#).unwrap_err());
        assert!(reason.contains("no `Response`"), "{reason}");

        let (_, reason, _, _) =
            undecodable_reason(go(200, r#"{"Response":{"Error":{"Message":"m"}}}"#).unwrap_err());
        assert!(reason.contains("no `Code`"), "{reason}");
    }

    #[test]
    fn non_200_without_envelope() {
        let body = "x".repeat(1000);
        let (status, reason, excerpt, _) = undecodable_reason(go(502, &body).unwrap_err());
        assert_eq!(status, 502);
        assert!(
            reason.starts_with("HTTP 502 without a Tencent Cloud envelope"),
            "{reason}"
        );
        assert_eq!(excerpt.chars().count(), crate::error::EXCERPT_CHARS + 1);
        assert!(excerpt.ends_with('…'));

        let (_, reason, _, id) =
            undecodable_reason(go(500, r#"{"Response":{"RequestId":"r"}}"#).unwrap_err());
        assert!(reason.contains("without `Response.Error`"), "{reason}");
        assert_eq!(id.as_deref(), Some("r"));
    }

    #[test]
    fn bare_429_and_503_are_the_common_codes_they_mean() {
        let e = go(429, "Too Many Requests").unwrap_err();
        assert!(e.is_throttling(), "{e:?}");
        assert!(e.to_string().contains("HTTP 429 without"), "{e}");
        let e = go(503, r#"{"Response":{"RequestId":"r-5"}}"#).unwrap_err();
        assert_eq!(e.service_error().unwrap().code(), "ServiceUnavailable");
        assert_eq!(e.request_id(), Some("r-5"));
        // An envelope wins over the status.
        let e = go(
            429,
            r#"{"Response":{"Error":{"Code":"LimitExceeded","Message":"m"},"RequestId":"r"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.service_error().unwrap().code(), "LimitExceeded");
    }

    #[test]
    fn excerpts_are_char_safe() {
        let body = "错".repeat(300);
        let (_, _, excerpt, _) = undecodable_reason(go(200, &body).unwrap_err());
        assert_eq!(excerpt.chars().count(), crate::error::EXCERPT_CHARS + 1);
        let bytes = [0xffu8, 0xfe, b'{'];
        let e = decode::<Resp, TestError>(200, &bytes).unwrap_err();
        assert!(e.to_string().contains("undecodable response"), "{e}");
    }
}
