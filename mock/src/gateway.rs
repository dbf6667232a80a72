//! The gateway's rules: the checks Tencent Cloud's API gateway makes, in its order (the
//! common parameters in the headers, the TC3-HMAC-SHA256 signature, the service, version and
//! action, the region rule, the rate limit, then the parameters), and the answer a request
//! that passes them gets: the scenario's first matching rule, else the action's documented
//! example. The first failing check answers with its common error code.
//!
//! No socket and no log: [`crate::server`] reads a request into a [`Head`] and a body, asks
//! [`decide`], and writes and records what it answers. The clock and the rate limiter are
//! the only state a decision reads besides the tables.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde_json::{Map, Value};
use tcapi::payload::{CONTENT_TYPE_MULTIPART, CONTENT_TYPE_OCTET_STREAM};
use tcapi::sign::{Authorization, CanonicalPrefix, SIGNED_HEADERS, Signer, utc_date};
use tcapi_codegen::ir::{Payload, RegionRule};

use crate::catalog::{ActionSpec, Catalog};
use crate::form;
use crate::limits::RateLimiter;
use crate::log::CallRecord;
use crate::params::{self, Mode};
use crate::response::{error_body, finish_success, success_body};
use crate::scenario::{self, Fault, ReplyKind, Scenario};
use crate::server::MAX_CLOCK_SKEW;

/// The tables a decision reads: the specs, the accepted keys, the scenario's rules and the
/// rate limits.
#[derive(Debug)]
pub(crate) struct Gateway {
    pub(crate) catalog: Arc<Catalog>,
    keys: HashMap<String, String>,
    scripts: HashMap<ActionKey, Vec<scenario::Rule>>,
    /// Requests per second of the limited actions.
    limits: HashMap<ActionKey, u32>,
    limiter: RateLimiter,
    /// Derived signing keys by (SecretId, service, day).
    signers: Mutex<HashMap<(String, String, i64), Signer>>,
}

impl Gateway {
    /// The gateway of `catalog`, accepting `keys` (SecretId, SecretKey), answering by
    /// `scenario`; `rate_limits`: whether the documented limits apply (the scenario's own
    /// limits apply either way).
    pub(crate) fn new(
        catalog: Arc<Catalog>,
        keys: impl IntoIterator<Item = (String, String)>,
        scenario: Scenario,
        rate_limits: bool,
    ) -> Self {
        let on = rate_limits && !scenario.rate_limits.all_off;
        let mut limits: HashMap<ActionKey, u32> = HashMap::new();
        for s in catalog.services() {
            for name in s.action_names() {
                if let Some(a) = s.action(name) {
                    let overridden = scenario
                        .rate_limits
                        .per_action
                        .iter()
                        .find(|((svc, act), _)| *svc == a.service && *act == a.name);
                    let limit = match overridden {
                        Some((_, limit)) => *limit,
                        None => a.rate_limit.filter(|_| on),
                    };
                    if let Some(limit) = limit {
                        limits.insert(ActionKey::of(a), limit);
                    }
                }
            }
        }
        Self {
            catalog,
            keys: keys.into_iter().collect(),
            scripts: scenario
                .scripts
                .into_iter()
                .map(|s| (ActionKey::of(&s.action), s.rules))
                .collect(),
            limits,
            limiter: RateLimiter::default(),
            signers: Mutex::new(HashMap::new()),
        }
    }
}

/// An action of the server's catalog, by identity (the catalog outlives the server's
/// tables, so its actions' addresses are stable): lookups allocate nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ActionKey(usize);

impl ActionKey {
    pub(crate) fn of(action: &Arc<ActionSpec>) -> Self {
        Self(Arc::as_ptr(action) as usize)
    }
}

/// What the handler decided to send.
pub(crate) enum Answer {
    Envelope { status: u16, body: Vec<u8> },
    Fault(Fault),
}

pub(crate) struct Call {
    pub(crate) record: CallRecord,
    pub(crate) delay: Duration,
}

pub(crate) struct Head {
    pub(crate) action: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) host: String,
    pub(crate) content_type: String,
    /// The headers of an `application/octet-stream` request.
    pub(crate) params: Option<hyper::HeaderMap>,
    pub(crate) timestamp: Option<String>,
    pub(crate) authorization: Option<String>,
    pub(crate) post: bool,
}

pub(crate) fn reject(call: &mut Call, code: &str, message: String) -> Answer {
    let body = error_body(code, &message, &call.record.request_id);
    call.record.code = Some(code.to_owned());
    call.record.message = Some(message);
    call.record.outcome = "check".to_owned();
    Answer::Envelope { status: 200, body }
}

/// Runs the checks and picks the answer.
pub(crate) fn decide(gateway: &Gateway, head: &Head, body: &Bytes, call: &mut Call) -> Answer {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        call.record.request = v;
    }
    if !head.post {
        return reject(
            call,
            "UnsupportedProtocol",
            "this server takes POST requests with a JSON body signed with TC3-HMAC-SHA256"
                .to_owned(),
        );
    }
    let Some(action_name) = head.action.as_deref().filter(|a| !a.is_empty()) else {
        return reject(
            call,
            "MissingParameter",
            "the common parameter `Action` (header X-TC-Action) is missing".to_owned(),
        );
    };
    let Some(version) = head.version.as_deref().filter(|v| !v.is_empty()) else {
        return reject(
            call,
            "MissingParameter",
            "the common parameter `Version` (header X-TC-Version) is missing".to_owned(),
        );
    };
    let Some(timestamp) = head.timestamp.as_deref() else {
        return reject(
            call,
            "MissingParameter",
            "the common parameter `Timestamp` (header X-TC-Timestamp) is missing".to_owned(),
        );
    };
    let Ok(timestamp) = timestamp.trim().parse::<i64>() else {
        return reject(
            call,
            "InvalidParameterValue",
            format!(
                "`Timestamp` (header X-TC-Timestamp) is not a Unix time in seconds: {timestamp:?}"
            ),
        );
    };

    // The signature.
    let Some(auth) = head.authorization.as_deref() else {
        return reject(
            call,
            "AuthFailure.SignatureFailure",
            "the request is not signed: no Authorization header".to_owned(),
        );
    };
    let auth = match Authorization::parse(auth) {
        Ok(a) => a,
        Err(e) => return reject(call, "AuthFailure.InvalidAuthorization", e.to_string()),
    };
    call.record.secret_id = Some(auth.secret_id.clone());
    let Some(secret_key) = gateway.keys.get(&auth.secret_id) else {
        return reject(
            call,
            "AuthFailure.SecretIdNotFound",
            format!("the SecretId `{}` does not exist", auth.secret_id),
        );
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    if (now - timestamp).abs() > MAX_CLOCK_SKEW {
        return reject(
            call,
            "AuthFailure.SignatureExpire",
            format!(
                "the signature has expired: X-TC-Timestamp {timestamp} is more than {MAX_CLOCK_SKEW} s from the server time {now}"
            ),
        );
    }
    if let Err(why) = verify(gateway, &auth, secret_key, head, timestamp, body) {
        return reject(call, "AuthFailure.SignatureFailure", why);
    }

    // The service, version and action. The host names the service on Tencent Cloud; on a
    // loopback address the credential scope does.
    let host_service = head.host.split('.').next().unwrap_or_default();
    let service_name = if gateway.catalog.has_service(host_service) {
        host_service
    } else {
        auth.service.as_str()
    };
    call.record.service = service_name.to_owned();
    if !gateway.catalog.has_service(service_name) {
        let loaded: Vec<&str> = gateway
            .catalog
            .services()
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        return reject(
            call,
            "InvalidAction",
            format!(
                "the service `{service_name}` is not served here (loaded: {})",
                loaded.join(", ")
            ),
        );
    }
    let Some(service) = gateway.catalog.service(service_name, version) else {
        let versions: Vec<&str> = gateway
            .catalog
            .versions(service_name)
            .map(|s| s.version.as_str())
            .collect();
        return reject(
            call,
            "NoSuchVersion",
            format!(
                "the service `{service_name}` has no version `{version}` (loaded: {})",
                versions.join(", ")
            ),
        );
    };
    let Some(action) = service.action(action_name) else {
        let names = service.action_names();
        let hint = match tcapi_codegen::diag::did_you_mean(action_name, names.iter().copied()) {
            Some(m) => format!("; did you mean `{m}`?"),
            None => String::new(),
        };
        return reject(
            call,
            "InvalidAction",
            format!("the action `{action_name}` does not exist in {service_name} {version}{hint}"),
        );
    };
    if auth.service != action.service {
        return reject(
            call,
            "AuthFailure.SignatureFailure",
            format!(
                "the credential scope names the service `{}`, the request is for `{}`",
                auth.service, action.service
            ),
        );
    }

    // The region rule.
    match (&head.region, action.region) {
        (None, RegionRule::Required) => {
            return reject(
                call,
                "MissingParameter",
                format!(
                    "the common parameter `Region` (header X-TC-Region) is required by {}",
                    action.name
                ),
            );
        }
        (Some(r), _) if !is_region(r) => {
            return reject(
                call,
                "InvalidParameterValue",
                format!("`Region` (header X-TC-Region) is not a region name: {r:?}"),
            );
        }
        _ => {}
    }

    // The rate limit.
    if let Some(&limit) = gateway.limits.get(&ActionKey::of(action)) {
        if let Err(wait) = gateway.limiter.admit(
            (&auth.secret_id, &action.service, &action.name),
            limit,
            Instant::now(),
        ) {
            return reject(
                call,
                "RequestLimitExceeded",
                format!(
                    "{} allows {limit} requests per second; the next slot frees in {} ms",
                    action.name,
                    wait.as_millis().max(1)
                ),
            );
        }
    }

    // The parameters: a form or a raw body is read into the object a JSON body is.
    if let Err(refused) = decode_body(action, head, body, call) {
        return reject(call, refused.code, refused.message);
    }
    // The parsed body moves out of the record while it is checked, and back after.
    let value = std::mem::take(&mut call.record.request);
    let Value::Object(request) = &value else {
        let why = match serde_json::from_slice::<Value>(body) {
            Err(e) => format!("the body is not JSON: {e}"),
            Ok(v) => format!("the body is not a JSON object but {}", short_kind(&v)),
        };
        call.record.request = value;
        return reject(call, "InvalidParameter", why);
    };
    let shapes = service.shapes(action);
    let problems = params::check(request, &action.request, &shapes, Mode::Request);
    let decided = match params::rejection(&problems) {
        Some((code, message)) => reject(call, code, message),
        // The answer.
        None => answer(gateway, action, request, head.region.as_deref(), call),
    };
    call.record.request = value;
    form::elide_large_binary(action, &mut call.record.request);
    decided
}

/// Reads a `multipart/form-data` or `application/octet-stream` body into the request
/// object (`call.record.request`); refuses a JSON body for an action that takes a raw one.
fn decode_body(
    action: &ActionSpec,
    head: &Head,
    body: &[u8],
    call: &mut Call,
) -> Result<(), form::Refusal> {
    let raw_body = |action: &ActionSpec| match &action.payload {
        Payload::OctetStream { body, headers } => {
            let hs: Vec<&str> = headers.iter().map(|(_, h)| h.as_str()).collect();
            Some(form::Refusal {
                code: "InvalidParameter",
                message: format!(
                    "`{}` takes `{body}` as a raw body: send it with Content-Type: {CONTENT_TYPE_OCTET_STREAM} and the other members in the headers {}",
                    action.name,
                    hs.join(", ")
                ),
            })
        }
        _ => None,
    };
    let ct = head.content_type.as_str();
    let params = if form::is_media(ct, CONTENT_TYPE_MULTIPART) {
        if let Some(refused) = raw_body(action) {
            return Err(refused);
        }
        let boundary = form::boundary(ct)?;
        let parts = form::parse(body, boundary)?;
        form::form_params(action, &parts)?
    } else if form::is_media(ct, CONTENT_TYPE_OCTET_STREAM) {
        let headers = head.params.as_ref();
        form::octet_params(action, body, |name| {
            headers.and_then(|h| h.get(name)).map(|v| v.as_bytes())
        })?
    } else {
        return raw_body(action).map_or(Ok(()), Err);
    };
    call.record.request = Value::Object(params);
    Ok(())
}

fn answer(
    gateway: &Gateway,
    action: &Arc<ActionSpec>,
    request: &Map<String, Value>,
    region: Option<&str>,
    call: &mut Call,
) -> Answer {
    let rules = gateway.scripts.get(&ActionKey::of(action));
    let picked = rules.into_iter().flatten().find_map(|rule| {
        if rule.matches(request, region) {
            rule.take().map(|reply| (rule, reply))
        } else {
            None
        }
    });
    let Some((_, reply)) = picked else {
        call.record.outcome = if action.default_is_example {
            "example"
        } else {
            "minimal"
        }
        .to_owned();
        return Answer::Envelope {
            status: 200,
            body: finish_success(&action.default_prefix, &call.record.request_id),
        };
    };
    call.record.rule = Some(reply.pos.to_string());
    call.record.outcome = "scenario".to_owned();
    call.delay = reply.delay;
    match &reply.kind {
        ReplyKind::Default => Answer::Envelope {
            status: 200,
            body: finish_success(&action.default_prefix, &call.record.request_id),
        },
        ReplyKind::Example(i) => Answer::Envelope {
            status: 200,
            body: success_body(&action.examples[*i], &call.record.request_id),
        },
        ReplyKind::Success(fields) => Answer::Envelope {
            status: 200,
            body: success_body(fields, &call.record.request_id),
        },
        ReplyKind::Error { code, message } => {
            call.record.code = Some(code.clone());
            call.record.message = Some(message.clone());
            Answer::Envelope {
                status: 200,
                body: error_body(code, message, &call.record.request_id),
            }
        }
        ReplyKind::Page(collection) => match collection.page(request) {
            Ok(fields) => Answer::Envelope {
                status: 200,
                body: success_body(&fields, &call.record.request_id),
            },
            Err((code, message)) => {
                call.record.code = Some(code.clone());
                call.record.message = Some(message.clone());
                Answer::Envelope {
                    status: 200,
                    body: error_body(&code, &message, &call.record.request_id),
                }
            }
        },
        ReplyKind::Fault(f) => {
            call.record.outcome = format!(
                "fault:{}",
                match f {
                    Fault::Reset => "reset",
                    Fault::Stall(_) => "stall",
                    Fault::Malformed => "malformed",
                    Fault::Truncated => "truncated",
                    Fault::Http { .. } => "http",
                }
            );
            Answer::Fault(f.clone())
        }
    }
}

fn short_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `ap-guangzhou`, `na-siliconvalley`, `ap-shanghai-fsi`, `eu-frankfurt-1`.
fn is_region(r: &str) -> bool {
    let mut parts = r.split('-');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.chars().all(|c| c.is_ascii_lowercase())
        && !rest.is_empty()
        && rest.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Checks the signature with the runtime's signer (the derived key cached per SecretId,
/// service and day), as `tcapi::sign::verify` does.
fn verify(
    gateway: &Gateway,
    auth: &Authorization,
    secret_key: &str,
    head: &Head,
    timestamp: i64,
    body: &[u8],
) -> Result<(), String> {
    if auth.signed_headers != SIGNED_HEADERS {
        return Err(format!(
            "SignedHeaders is `{}`; this server checks `{SIGNED_HEADERS}`",
            auth.signed_headers
        ));
    }
    let date = utc_date(timestamp);
    if auth.date != date {
        return Err(format!(
            "the credential date {} is not the UTC date {date} of X-TC-Timestamp {timestamp}",
            auth.date
        ));
    }
    let day = timestamp.div_euclid(86_400);
    let key = (auth.secret_id.clone(), auth.service.clone(), day);
    let signer = {
        let mut signers = lock(&gateway.signers);
        if signers.len() > 4096 {
            signers.clear();
        }
        signers
            .entry(key)
            .or_insert_with(|| Signer::new(secret_key, &auth.service, timestamp))
            .clone()
    };
    let prefix = CanonicalPrefix::new(&head.content_type, &head.host);
    let expected = signer.signature_hex(&prefix, timestamp, body);
    if expected.as_slice() != auth.signature.as_bytes() {
        return Err(format!(
            "the signature does not match (service {}, X-TC-Timestamp {timestamp}, signed headers content-type and host); check the SecretKey and that the exact body bytes were signed",
            auth.service
        ));
    }
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests;
