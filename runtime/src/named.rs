//! Any action by name, with a JSON body: [`Client::call_json`].
//!
//! For actions no spec describes yet (or a generic tool): the request is built from a
//! service, a version, an action name and a JSON object, then signed, sent and retried by
//! the same machinery as a generated action's. Errors are typed by the common codes
//! ([`Error<CommonError>`]: a common code, or `CommonError::Unknown` with the code as sent).
//!
//! ```no_run
//! # async fn demo(client: tcapi::Client) -> Result<(), tcapi::Error<tcapi::CommonError>> {
//! let response = client
//!     .call_json("cvm", "2017-03-12", "DescribeInstances", serde_json::json!({"Limit": 1}))
//!     .await?;
//! println!("{} {}", response.request_id(), response.as_str());
//! let value = response.value()?; // serde_json::Value; 64-bit integers exact
//! # Ok(()) }
//! ```
//!
//! ## Endpoint and region
//!
//! `service` is a service name (`cvm`) or a host (`cvm.ap-shanghai.tencentcloudapi.com`,
//! whose first label is the service name used for signing). The host follows the client's
//! [`Endpoint`](crate::Endpoint) like a generated action's: `<service>.tencentcloudapi.com`,
//! `<service>.intl.tencentcloudapi.com` or `<service>.<region>.tencentcloudapi.com` (the
//! official SDKs' `CommonClient` pattern), unless a host was given; a custom endpoint (or
//! `TCAPI_ENDPOINT`) wins over both. `X-TC-Region` is sent when the client or the call has a
//! region.
//!
//! ## Retries, timeouts, rate limits
//!
//! Retries follow [`crate::retry`]; the action counts as idempotent when its name starts with
//! `Describe`, `Get`, `Query`, `Check`, `List`, `Inquire` or `Search` (the specs' default),
//! which [`JsonCall::idempotent`] overrides. The timeout is the client default unless
//! [`JsonCall::timeout`] sets one. No action-specific rate limit is known, so no client-side
//! limit applies; Tencent Cloud's throttling is retried as for any action.
//!
//! ## Numbers
//!
//! The response is kept as the exact JSON text of the `Response` object
//! ([`JsonResponse::as_str`], a [`serde_json::value::RawValue`]), so no number is ever
//! rounded by the client. [`JsonResponse::value`] parses it into a [`serde_json::Value`],
//! which keeps every integer that fits 64 bits (signed or unsigned) exact; only larger
//! integers and fractions become `f64` there. [`JsonResponse::parse`] reads it into any
//! [`FromJson`] type.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde_json::value::RawValue;

use crate::client::Client;
use crate::client::exec::{
    CallMeta, CallOptions, Encoded, NamedAction, check_region, encode_payload, invalid, log_end,
};
use crate::common_error::CommonError;
use crate::error::{Error, WireError, excerpt};
use crate::json::{FromJson, JsonError};
use crate::payload::{Multipart, OctetStream, Payload};
use crate::rate_limit::RateLimitMode;
use crate::retry::RetryPolicy;

/// Name prefixes of queries, idempotent unless told otherwise (as in the specs).
const IDEMPOTENT_PREFIXES: &[&str] = &[
    "Describe", "Get", "Query", "Check", "List", "Inquire", "Search",
];

fn is_host_char(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
}

impl NamedAction {
    /// Checks the three names; each failure is a violation at `Service`, `Version` or
    /// `Action`.
    fn new(service: &str, version: &str, action: &str) -> Result<Self, Error<WireError>> {
        let (name, host) = if service.contains('.') {
            let ok = service.len() <= 253
                && service.bytes().all(is_host_char)
                && service.split('.').all(|l| !l.is_empty() && l.len() <= 63);
            if !ok {
                return Err(invalid(
                    "Service",
                    format!("`{service}` is not a host name such as `cvm.tencentcloudapi.com`"),
                ));
            }
            let name = service.split('.').next().unwrap_or_default();
            (name.to_owned(), Some(service.to_owned()))
        } else {
            (service.to_owned(), None)
        };
        let name_ok = !name.is_empty()
            && name.len() <= 63
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !name.starts_with('-');
        if !name_ok {
            return Err(invalid(
                "Service",
                format!(
                    "`{name}` is not a service name: lower-case letters, digits and `-`, e.g. `cvm`"
                ),
            ));
        }
        let v = version.as_bytes();
        let version_ok = v.len() == 10
            && v.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !version_ok {
            return Err(invalid(
                "Version",
                format!("`{version}` is not an API version such as `2017-03-12`"),
            ));
        }
        let action_ok = action.len() <= 128
            && action.starts_with(|c: char| c.is_ascii_uppercase())
            && action.bytes().all(|b| b.is_ascii_alphanumeric());
        if !action_ok {
            return Err(invalid(
                "Action",
                format!("`{action}` is not an action name such as `DescribeInstances`"),
            ));
        }
        Ok(Self {
            idempotent: IDEMPOTENT_PREFIXES.iter().any(|p| action.starts_with(p)),
            service: name,
            version: version.to_owned(),
            action: action.to_owned(),
            host,
        })
    }
}

/// The body of a by-name call: a JSON object.
#[derive(Debug, Clone)]
pub struct JsonBody(Result<Bytes, String>);

impl JsonBody {
    /// JSON text, sent exactly as given (after checking that it is one JSON object).
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        let checked = match serde_json::from_str::<&RawValue>(&text) {
            Ok(raw) if raw.get().starts_with('{') => Ok(()),
            Ok(_) => Err("the body must be a JSON object".to_owned()),
            Err(e) => Err(format!("the body is not JSON: {e}")),
        };
        Self(checked.map(|()| Bytes::from(text)))
    }
}

impl From<serde_json::Value> for JsonBody {
    fn from(v: serde_json::Value) -> Self {
        Self::from(&v)
    }
}

impl From<&serde_json::Value> for JsonBody {
    fn from(v: &serde_json::Value) -> Self {
        if v.is_object() {
            Self(Ok(Bytes::from(crate::json::to_vec(v))))
        } else {
            Self(Err("the body must be a JSON object".to_owned()))
        }
    }
}

impl From<&str> for JsonBody {
    fn from(text: &str) -> Self {
        Self::text(text)
    }
}

impl From<String> for JsonBody {
    fn from(text: String) -> Self {
        Self::text(text)
    }
}

/// A success of a by-name call: the `Response` object exactly as received.
#[derive(Clone)]
pub struct JsonResponse {
    request_id: String,
    response: Box<RawValue>,
}

impl fmt::Debug for JsonResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonResponse")
            .field("request_id", &self.request_id)
            .field("response", &self.response.get())
            .finish()
    }
}

impl JsonResponse {
    /// `Response.RequestId` (empty if the server omitted it).
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The JSON text of the `Response` object, byte for byte as received.
    pub fn as_str(&self) -> &str {
        self.response.get()
    }

    /// The raw JSON value (for serde: `serde_json::from_str(raw.get())`).
    pub fn raw(&self) -> &RawValue {
        &self.response
    }

    /// The `Response` object as a [`serde_json::Value`]: integers that fit 64 bits stay
    /// exact; larger ones and fractions become `f64`.
    pub fn value(&self) -> Result<serde_json::Value, Error<CommonError>> {
        serde_json::from_str(self.response.get()).map_err(|e| self.undecodable(e.to_string()))
    }

    /// The `Response` object read into `T` (tolerant of documented-type drift like the
    /// generated types).
    pub fn parse<T: FromJson>(&self) -> Result<T, JsonError> {
        crate::json::from_str(self.response.get())
    }

    fn undecodable(&self, reason: String) -> Error<CommonError> {
        Error::UndecodableResponse {
            status: 200,
            reason,
            excerpt: excerpt(self.response.get().as_bytes()),
            request_id: Some(self.request_id.clone()),
        }
    }
}

/// What a by-name call sends.
#[derive(Debug, Clone)]
enum CallBody {
    Json(JsonBody),
    Other(Payload),
}

/// The `Response` member of an envelope, as raw text.
struct Envelope<'a> {
    response: &'a RawValue,
}

/// What `#[derive(Deserialize)]` with `#[serde(rename = "Response", borrow)]` would write,
/// by hand: the derive would put serde's proc macro (and syn) into every user's build for
/// this one struct.
impl<'de: 'a, 'a> serde::Deserialize<'de> for Envelope<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
        struct Fields<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Fields<'a> {
            type Value = Envelope<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with a `Response` member")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Envelope<'a>, M::Error> {
                let mut response = None;
                while let Some(key) = m.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key != "Response" {
                        m.next_value::<IgnoredAny>()?;
                    } else if response.is_some() {
                        return Err(M::Error::duplicate_field("Response"));
                    } else {
                        response = Some(m.next_value::<&'a RawValue>()?);
                    }
                }
                let response = response.ok_or_else(|| M::Error::missing_field("Response"))?;
                Ok(Envelope { response })
            }
        }
        d.deserialize_map(Fields(std::marker::PhantomData))
    }
}

/// One pending by-name call; `.await` it. Overrides are chained before awaiting.
#[must_use = "a JsonCall does nothing until awaited"]
pub struct JsonCall {
    client: Client,
    service: String,
    version: String,
    action: String,
    body: CallBody,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    region: Option<String>,
    idempotent: Option<bool>,
}

impl fmt::Debug for JsonCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonCall")
            .field("service", &self.service)
            .field("version", &self.version)
            .field("action", &self.action)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("region", &self.region)
            .field("idempotent", &self.idempotent)
            .finish_non_exhaustive()
    }
}

impl JsonCall {
    /// Timeout of each attempt, instead of the client default.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Region for this call.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Whether repeating the request is harmless (allows retries after ambiguous failures).
    /// Default: from the action name (see the module docs).
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    fn encode(&self) -> Result<Encoded, Error<WireError>> {
        let mut named = NamedAction::new(&self.service, &self.version, &self.action)?;
        if let Some(i) = self.idempotent {
            named.idempotent = i;
        }
        let region = match &self.region {
            Some(r) => Some(check_region(r).map_err(|e| invalid("Region", e))?),
            None => self.client.region().map(str::to_owned),
        };
        let meta = CallMeta::Named(Arc::new(named));
        let template = self.client.template(&meta, region.as_deref(), false)?;
        let (body, template) = match &self.body {
            CallBody::Json(json) => {
                let body = json.0.clone().map_err(|e| invalid("Body", e))?;
                (body, Arc::new(template))
            }
            CallBody::Other(Payload::Json) => (Bytes::from_static(b"{}"), Arc::new(template)),
            CallBody::Other(payload) => encode_payload(payload.clone(), &template)?,
        };
        Ok(Encoded {
            meta,
            template,
            body,
        })
    }
}

impl IntoFuture for JsonCall {
    type Output = Result<JsonResponse, Error<CommonError>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        let encoded = self.encode();
        let meta = match &encoded {
            Ok(e) => e.meta.clone(),
            // The call still runs through `execute` (for its span and logging).
            Err(_) => CallMeta::Named(Arc::new(NamedAction {
                service: self.service.clone(),
                version: self.version.clone(),
                action: self.action.clone(),
                host: None,
                idempotent: false,
            })),
        };
        let options = CallOptions {
            timeout: self.timeout,
            retry: self.retry,
            rate_limit: Some(RateLimitMode::Off),
            retryable_codes: &[],
            client_token: false,
            stream: false,
            region: self.region.clone(),
            wire_body: None,
            recorder: None,
        };
        let call = self.client.clone().execute(encoded, meta, options);
        Box::pin(async move {
            let outcome = call.await;
            let result = outcome
                .result
                .and_then(|a| a.envelope())
                .and_then(|(raw, body)| {
                    let request_id = raw.request_id().to_owned();
                    match serde_json::from_slice::<Envelope<'_>>(&body) {
                        Ok(env) => Ok(JsonResponse {
                            request_id,
                            response: env.response.to_owned(),
                        }),
                        // Unreachable in practice: the envelope decoded already.
                        Err(e) => Err(Error::UndecodableResponse {
                            status: 200,
                            reason: format!("invalid JSON: {e}"),
                            excerpt: excerpt(&body),
                            request_id: Some(request_id),
                        }),
                    }
                });
            log_end(&outcome.span, result.as_ref().err());
            result.map_err(Error::typed)
        })
    }
}

impl Client {
    /// Calls any action by name with a JSON object body (a [`serde_json::Value`], or JSON
    /// text sent as given); `.await` the returned [`JsonCall`]. See [`crate::named`].
    pub fn call_json(
        &self,
        service: &str,
        version: &str,
        action: &str,
        body: impl Into<JsonBody>,
    ) -> JsonCall {
        self.call_by_name(service, version, action, CallBody::Json(body.into()))
    }

    /// Calls any action by name with a `multipart/form-data` form (see [`crate::payload`]);
    /// the answer is read as for [`Client::call_json`].
    pub fn call_multipart(
        &self,
        service: &str,
        version: &str,
        action: &str,
        form: Multipart,
    ) -> JsonCall {
        self.call_by_name(
            service,
            version,
            action,
            CallBody::Other(Payload::Multipart(form)),
        )
    }

    /// Calls any action by name with a raw `application/octet-stream` body and its
    /// parameter headers (see [`crate::payload`]); the answer is read as for
    /// [`Client::call_json`].
    pub fn call_octet_stream(
        &self,
        service: &str,
        version: &str,
        action: &str,
        body: OctetStream,
    ) -> JsonCall {
        self.call_by_name(
            service,
            version,
            action,
            CallBody::Other(Payload::OctetStream(body)),
        )
    }

    fn call_by_name(&self, service: &str, version: &str, action: &str, body: CallBody) -> JsonCall {
        JsonCall {
            client: self.clone(),
            service: service.to_owned(),
            version: version.to_owned(),
            action: action.to_owned(),
            body,
            timeout: None,
            retry: None,
            region: None,
            idempotent: None,
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_envelope_takes_the_response_text_exactly_and_ignores_the_rest() {
        let text = br#"{"Other": [1, {"a": 2}], "Response": {"N": 12345678901234567890, "RequestId": "r"}, "More": null}"#;
        let e: Envelope<'_> = serde_json::from_slice(text).unwrap();
        assert_eq!(
            e.response.get(),
            r#"{"N": 12345678901234567890, "RequestId": "r"}"#
        );
        let missing = serde_json::from_slice::<Envelope<'_>>(br#"{"X": 1}"#)
            .err()
            .unwrap();
        assert!(
            missing.to_string().contains("missing field `Response`"),
            "{missing}"
        );
        let twice = serde_json::from_slice::<Envelope<'_>>(br#"{"Response": {}, "Response": {}}"#)
            .err()
            .unwrap();
        assert!(
            twice.to_string().contains("duplicate field `Response`"),
            "{twice}"
        );
        assert!(serde_json::from_slice::<Envelope<'_>>(b"[1]").is_err());
    }

    use super::*;

    fn err(service: &str, version: &str, action: &str) -> String {
        NamedAction::new(service, version, action)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn names_are_checked_and_hosts_give_the_service() {
        let n = NamedAction::new("cvm", "2017-03-12", "DescribeInstances").unwrap();
        assert_eq!(
            (n.service.as_str(), n.host, n.idempotent),
            ("cvm", None, true)
        );
        let n = NamedAction::new(
            "cvm.ap-shanghai.tencentcloudapi.com",
            "2017-03-12",
            "RunInstances",
        )
        .unwrap();
        assert_eq!(n.service, "cvm");
        assert_eq!(
            n.host.as_deref(),
            Some("cvm.ap-shanghai.tencentcloudapi.com")
        );
        assert!(!n.idempotent);
        assert!(err("CVM", "2017-03-12", "X").contains("Service"));
        assert!(err("cvm..com", "2017-03-12", "X").contains("not a host name"));
        assert!(err("cvm", "2017-3-12", "X").contains("Version"));
        assert!(err("cvm", "2017-03-12", "describeInstances").contains("Action"));
        assert!(err("cvm", "2017-03-12", "Describe Instances").contains("Action"));
    }

    #[test]
    fn bodies_must_be_objects() {
        assert_eq!(JsonBody::from(" {\"A\": 1} ").0.unwrap(), " {\"A\": 1} ");
        assert!(JsonBody::from("[1]").0.unwrap_err().contains("object"));
        assert!(JsonBody::from("{").0.unwrap_err().contains("not JSON"));
        assert!(JsonBody::from(serde_json::json!(3)).0.is_err());
        assert_eq!(
            JsonBody::from(serde_json::json!({"N": 18446744073709551615u64}))
                .0
                .unwrap(),
            r#"{"N":18446744073709551615}"#
        );
    }
}
