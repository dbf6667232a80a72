//! In-process mocks: a [`Client`] whose requests are answered by rules, for
//! testing code that calls Tencent Cloud without a network (feature `mock`).
//!
//! [`Mock`] is an [`HttpTransport`]: it sits under the client at the transport seam, so
//! validation, signing, timeouts, retries and rate limits run exactly as in production, on
//! top of the answers the rules give. A rule names an action by its generated request type,
//! optionally matches the typed request, and answers with a typed response, a typed error,
//! a sequence of answers, a delay or a fault:
//!
//! ```
//! # #[cfg(feature = "mock")]
//! # async fn demo() {
//! use std::time::Duration;
//! use tcapi::mock::{Fault, Mock, Reply};
//! # use tcapi::mock::doc_example::{ApplyConcurrentError, ApplyConcurrentRequest, ApplyConcurrentResponse};
//!
//! let mock = Mock::new();
//! // Two idle-less answers, then success; for one user only.
//! let no_idle = || Reply::error(ApplyConcurrentError::ResourceNotFoundNoIdle {
//!     message: "No available concurrency quota.".into(),
//! });
//! mock.on::<ApplyConcurrentRequest>()
//!     .when(|r| r.user_id == "user-1")
//!     .replies([no_idle(), no_idle(), Reply::ok(ApplyConcurrentResponse::default())]);
//! // Anyone else: a slow answer, then a dropped connection.
//! mock.on::<ApplyConcurrentRequest>()
//!     .replies([Reply::ok(ApplyConcurrentResponse::default()).after(Duration::from_secs(2)),
//!               Reply::fault(Fault::Reset)]);
//!
//! let client = mock.client().build().unwrap();
//! // ... run the code under test with `client` ...
//! # let _ = client;
//! assert_eq!(mock.count::<ApplyConcurrentRequest>(), 0);
//! # }
//! ```
//!
//! Calls are recorded ([`Mock::calls`], and typed with [`Mock::requests`]). A call no rule
//! answers fails loudly: the transport panics with the action and the body, which fails the
//! test at the call (or, with [`Mock::unmatched_as_error`], answers an `InvalidAction`
//! error envelope carrying the same text).
//!
//! Requests are matched as typed values: generated request types implement
//! [`FromJson`] as well as [`ToJson`], so the mock decodes the exact
//! body the client signed. Responses are encoded with the generated [`ToJson`] of the
//! response type, inside Tencent Cloud's envelope with a fresh `RequestId` (unless the
//! response sets one).
//!
//! Delays and stalls use tokio's clock: under `#[tokio::test(start_paused = true)]` a 20 s
//! timeout or a backoff of minutes passes instantly and deterministically.
//!
//! The mock checks signatures like the service: [`Mock::client`] signs with
//! [`MOCK_SECRET_ID`]/[`MOCK_SECRET_KEY`]; more keys with [`Mock::key`]. A request signed with
//! an unknown SecretId gets `AuthFailure.SecretIdNotFound`, a wrong signature
//! `AuthFailure.SignatureFailure`.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use serde_json::{Map, Value};

use crate::action::Action;
use crate::client::{Client, ClientBuilder};
use crate::credentials::Credentials;
use crate::error::ServiceError;
use crate::json::{FromJson, JsonError, ToJson};
use crate::sign::{self, Authorization};
use crate::transport::{
    Body, HttpRequest, HttpResponse, HttpTransport, SendFuture, TransportError, TransportErrorKind,
};

/// The SecretId [`Mock::client`] signs with.
pub const MOCK_SECRET_ID: &str = "AKIDTCAPIMOCK000000000000000000000000";
/// The SecretKey of [`MOCK_SECRET_ID`].
pub const MOCK_SECRET_KEY: &str = "tcapi-mock-secret-key-000000000000";

/// A fault below Tencent Cloud's envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Never answers: the client's timeout decides (instant under a paused clock).
    Stall,
    /// The connection breaks after the request was sent (`TransportErrorKind::Io`,
    /// `sent: true`).
    Reset,
    /// The connection cannot be made (`TransportErrorKind::Connect`, `sent: false`).
    Refused,
    /// An HTTP status without an envelope, with a small HTML body (a gateway's 502 page).
    Http(u16),
    /// HTTP 200 with a body that is not JSON.
    Malformed,
    /// Half of a valid body, then the connection breaks.
    Truncated,
}

type Compute = Arc<dyn Fn(&[u8]) -> Answer + Send + Sync>;

#[derive(Clone)]
enum Answer {
    /// `Response` fields; a fresh `RequestId` is added when they have none (or an empty one).
    Success(Map<String, Value>),
    Error {
        code: String,
        message: String,
    },
    Fault(Fault),
    /// An answer computed from the request body (a page of a collection).
    Computed(Compute),
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Success(m) => f.debug_tuple("Success").field(m).finish(),
            Self::Error { code, message } => f
                .debug_struct("Error")
                .field("code", code)
                .field("message", message)
                .finish(),
            Self::Fault(x) => f.debug_tuple("Fault").field(x).finish(),
            Self::Computed(_) => f.write_str("Computed"),
        }
    }
}

/// One answer for requests of action `A`.
pub struct Reply<A> {
    answer: Answer,
    delay: Duration,
    _action: PhantomData<fn() -> A>,
}

impl<A> Clone for Reply<A> {
    fn clone(&self) -> Self {
        Self {
            answer: self.answer.clone(),
            delay: self.delay,
            _action: PhantomData,
        }
    }
}

impl<A> fmt::Debug for Reply<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("answer", &self.answer)
            .field("delay", &self.delay)
            .finish()
    }
}

impl<A: Action> Reply<A> {
    fn new(answer: Answer) -> Self {
        Self {
            answer,
            delay: Duration::ZERO,
            _action: PhantomData,
        }
    }

    /// Success with this typed response (its `request_id`, when empty, becomes a fresh one).
    pub fn ok(response: A::Response) -> Self
    where
        A::Response: ToJson,
    {
        let body = crate::json::to_vec(&response);
        let fields = match serde_json::from_slice(&body) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        Self::new(Answer::Success(fields))
    }

    /// Success with the action's default response and the members `set` sets: generated
    /// responses are `#[non_exhaustive]` (a member Tencent adds later is not a breaking
    /// change), so a test builds one from `Default` rather than with a struct literal.
    ///
    /// ```ignore
    /// Reply::ok_with(|r: &mut CreateSessionResponse| r.server_session = "s".into())
    /// ```
    pub fn ok_with(set: impl FnOnce(&mut A::Response)) -> Self
    where
        A::Response: ToJson + Default,
    {
        let mut response = A::Response::default();
        set(&mut response);
        Self::ok(response)
    }

    /// Success with these `Response` fields as JSON. They are decoded into the action's
    /// response type right away, so a value of the wrong type fails here, with its path.
    ///
    /// # Panics
    ///
    /// When `fields` is not an object or does not decode into `A::Response`.
    pub fn json(fields: Value) -> Self {
        if let Err(e) = A::Response::from_json(&fields) {
            panic!(
                "tcapi::mock: Reply::json for {}: the fields do not decode into its response: {e}",
                A::META.name
            );
        }
        match fields {
            Value::Object(m) => Self::new(Answer::Success(m)),
            other => panic!(
                "tcapi::mock: Reply::json for {}: the fields are an object, not {other}",
                A::META.name
            ),
        }
    }

    /// The action's typed error (its code and message go into the error envelope).
    pub fn error(error: A::Error) -> Self {
        Self::error_code(error.code(), error.message())
    }

    /// An error envelope with any code, e.g. a common one (`RequestLimitExceeded`) or one
    /// the spec does not list yet.
    pub fn error_code(code: &str, message: &str) -> Self {
        Self::new(Answer::Error {
            code: code.to_owned(),
            message: message.to_owned(),
        })
    }

    /// `RequestLimitExceeded`, as the service throttles.
    pub fn throttled() -> Self {
        Self::error_code(
            "RequestLimitExceeded",
            "The number of requests exceeds the frequency limit.",
        )
    }

    /// A fault instead of an answer.
    pub fn fault(fault: Fault) -> Self {
        Self::new(Answer::Fault(fault))
    }

    /// This answer after `delay` (tokio's clock: instant when paused).
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Matcher = Box<dyn Fn(&[u8]) -> Result<bool, JsonError> + Send + Sync>;

struct RuleEntry {
    service: &'static str,
    version: &'static str,
    action: &'static str,
    matcher: Option<Matcher>,
    /// The body decoded as the rule's request type and written with its sensitive members
    /// masked, for messages.
    masked: fn(&[u8]) -> Option<String>,
    answers: Vec<(Answer, Duration)>,
    /// `true`: the answers repeat (`reply`: one answer, every time).
    repeat: bool,
    state: Arc<RuleState>,
}

#[derive(Debug, Default)]
struct RuleState {
    hits: Mutex<usize>,
}

/// A rule once added: how often it answered.
#[derive(Debug, Clone)]
pub struct Rule {
    state: Arc<RuleState>,
    len: usize,
    repeat: bool,
}

impl Rule {
    /// How many calls this rule answered.
    pub fn hits(&self) -> usize {
        *lock(&self.state.hits)
    }

    /// Whether every answer of a sequence was given (never for [`When::reply`]).
    pub fn is_used_up(&self) -> bool {
        !self.repeat && self.hits() >= self.len
    }
}

/// A recorded call. Its `Debug` shows the body's length, not the body (which may hold
/// secrets; [`MockCall::decode`] gives the typed request, whose `Debug` masks them).
#[derive(Clone)]
pub struct MockCall {
    /// `X-TC-Action`.
    pub action: String,
    /// `X-TC-Version`.
    pub version: String,
    /// The credential scope service of the signature (empty when unsigned).
    pub service: String,
    /// `X-TC-Region`, when sent.
    pub region: Option<String>,
    /// Every header as sent (signed), `Authorization` included.
    pub headers: http::HeaderMap,
    /// The exact body bytes.
    pub body: Bytes,
    /// When it arrived (tokio's clock).
    pub at: tokio::time::Instant,
    /// The error code answered, if any; `None` for successes and faults.
    pub code: Option<String>,
}

impl fmt::Debug for MockCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockCall")
            .field("action", &self.action)
            .field("version", &self.version)
            .field("service", &self.service)
            .field("region", &self.region)
            .field("body_len", &self.body.len())
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}

impl MockCall {
    /// The body as JSON (`Value::Null` if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The body decoded into a typed request.
    pub fn decode<A: FromJson>(&self) -> Result<A, JsonError> {
        crate::json::from_slice(&self.body)
    }
}

#[derive(Default)]
struct Inner {
    rules: Mutex<Vec<RuleEntry>>,
    calls: Mutex<Vec<MockCall>>,
    keys: Mutex<HashMap<String, String>>,
    unmatched_as_error: Mutex<bool>,
}

/// Rules answering a client's requests in-process; see the [module docs](self).
///
/// Cheap to clone; clones share rules and recorded calls, so keep one to assert on after
/// handing another to the client.
#[derive(Clone)]
pub struct Mock {
    inner: Arc<Inner>,
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mock")
            .field("rules", &lock(&self.inner.rules).len())
            .field("calls", &lock(&self.inner.calls).len())
            .finish()
    }
}

impl Default for Mock {
    fn default() -> Self {
        Self::new()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Mock {
    /// A mock with no rules, accepting [`MOCK_SECRET_ID`].
    pub fn new() -> Self {
        let inner = Inner::default();
        lock(&inner.keys).insert(MOCK_SECRET_ID.to_owned(), MOCK_SECRET_KEY.to_owned());
        Self {
            inner: Arc::new(inner),
        }
    }

    /// Also accepts requests signed with this key pair.
    pub fn key(&self, secret_id: &str, secret_key: &str) -> &Self {
        lock(&self.inner.keys).insert(secret_id.to_owned(), secret_key.to_owned());
        self
    }

    /// A client builder that sends through this mock, signing with [`MOCK_SECRET_ID`].
    /// Set the region, retries, timeouts and rate limits as the code under test does.
    pub fn client(&self) -> ClientBuilder {
        let credentials = Credentials::new(MOCK_SECRET_ID, MOCK_SECRET_KEY)
            .unwrap_or_else(|e| unreachable!("the mock's own key is valid: {e}"));
        Client::builder()
            .credentials(credentials)
            .transport(self.clone())
    }

    /// Starts a rule for the action of request type `A`.
    pub fn on<A: Action + FromJson + 'static>(&self) -> When<'_, A> {
        When {
            mock: self,
            matcher: None,
            _action: PhantomData,
        }
    }

    /// Unmatched calls answer an `InvalidAction` error envelope (naming the action and the
    /// body) instead of panicking.
    pub fn unmatched_as_error(&self) -> &Self {
        *lock(&self.inner.unmatched_as_error) = true;
        self
    }

    /// Every call so far, in arrival order.
    pub fn calls(&self) -> Vec<MockCall> {
        lock(&self.inner.calls).clone()
    }

    /// How many calls of `A`'s action arrived (retries count).
    pub fn count<A: Action>(&self) -> usize {
        lock(&self.inner.calls)
            .iter()
            .filter(|c| is_call_of::<A>(c))
            .count()
    }

    /// The requests of `A`'s action, decoded, in arrival order.
    ///
    /// # Panics
    ///
    /// When a body does not decode (it always does for bodies the client wrote).
    pub fn requests<A: Action + FromJson>(&self) -> Vec<A> {
        lock(&self.inner.calls)
            .iter()
            .filter(|c| is_call_of::<A>(c))
            .map(|c| {
                c.decode::<A>().unwrap_or_else(|e| {
                    panic!("tcapi::mock: a {} body does not decode: {e}", A::META.name)
                })
            })
            .collect()
    }

    /// Forgets the recorded calls (the rules stay).
    pub fn clear_calls(&self) {
        lock(&self.inner.calls).clear();
    }

    fn add(&self, entry: RuleEntry) -> Rule {
        let rule = Rule {
            state: Arc::clone(&entry.state),
            len: entry.answers.len(),
            repeat: entry.repeat,
        };
        lock(&self.inner.rules).push(entry);
        rule
    }

    /// A body for a message: written by a rule's request type of this action, its sensitive
    /// members masked; without one, which members are secret is unknown, so only the member
    /// names show.
    fn shown_body(&self, version: &str, action: &str, body: &[u8]) -> String {
        let typed = lock(&self.inner.rules)
            .iter()
            .filter(|r| r.action == action && r.version == version)
            .find_map(|r| (r.masked)(body));
        if let Some(text) = typed {
            return body_text(text.as_bytes());
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(members)) => format!(
                "members {} (values not shown: no rule gives this action's type, so which are secret is unknown)",
                members
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => format!("{} bytes", body.len()),
        }
    }

    /// Picks the answer for one call, or the text of why none applies.
    fn pick(&self, version: &str, action: &str, body: &[u8]) -> Result<(Answer, Duration), String> {
        let rules = lock(&self.inner.rules);
        let mut of_action = 0;
        let mut used_up = 0;
        for r in rules.iter() {
            if r.action != action || r.version != version {
                continue;
            }
            of_action += 1;
            let mut hits = lock(&r.state.hits);
            if !r.repeat && *hits >= r.answers.len() {
                used_up += 1;
                continue;
            }
            if let Some(m) = &r.matcher {
                match m(body) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(e) => {
                        return Err(format!(
                            "the body does not decode into the request type of {}.{}: {e}",
                            r.service, r.action
                        ));
                    }
                }
            }
            let i = if r.repeat {
                *hits % r.answers.len()
            } else {
                *hits
            };
            *hits += 1;
            let (answer, delay) = r.answers[i].clone();
            return Ok(match answer {
                Answer::Computed(compute) => (compute(body), delay),
                answer => (answer, delay),
            });
        }
        Err(format!(
            "{of_action} rule(s) for this action, {used_up} used up, {} not matching",
            of_action - used_up
        ))
    }
}

fn is_call_of<A: Action>(c: &MockCall) -> bool {
    c.action == A::META.name && c.version == A::META.service.version
}

/// A rule being written: [`When::when`] narrows it, [`When::reply`] or [`When::replies`]
/// adds it.
pub struct When<'m, A> {
    mock: &'m Mock,
    matcher: Option<TypedMatcher<A>>,
    _action: PhantomData<fn() -> A>,
}

type TypedMatcher<A> = Box<dyn Fn(&A) -> bool + Send + Sync>;

impl<A> fmt::Debug for When<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("When")
            .field("matcher", &self.matcher.is_some())
            .finish()
    }
}

impl<A: Action + FromJson + 'static> When<'_, A> {
    /// Only requests for which `matcher` is true (all conditions must hold when called
    /// more than once).
    pub fn when(mut self, matcher: impl Fn(&A) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(match self.matcher.take() {
            None => Box::new(matcher),
            Some(prev) => Box::new(move |a: &A| prev(a) && matcher(a)),
        });
        self
    }

    /// Answers every matching call with `reply`.
    pub fn reply(self, reply: Reply<A>) -> Rule {
        self.finish(vec![(reply.answer, reply.delay)], true)
    }

    /// Answers matching calls with these replies, one each, in order; once used up the
    /// rule no longer applies (later rules do, else the call is unmatched).
    ///
    /// # Panics
    ///
    /// When `replies` is empty.
    pub fn replies(self, replies: impl IntoIterator<Item = Reply<A>>) -> Rule {
        let answers: Vec<(Answer, Duration)> =
            replies.into_iter().map(|r| (r.answer, r.delay)).collect();
        assert!(
            !answers.is_empty(),
            "tcapi::mock: replies for {} is empty",
            A::META.name
        );
        self.finish(answers, false)
    }

    /// Answers matching calls with these replies in order, starting over at the end.
    ///
    /// # Panics
    ///
    /// When `replies` is empty.
    pub fn cycle(self, replies: impl IntoIterator<Item = Reply<A>>) -> Rule {
        let answers: Vec<(Answer, Duration)> =
            replies.into_iter().map(|r| (r.answer, r.delay)).collect();
        assert!(
            !answers.is_empty(),
            "tcapi::mock: cycle for {} is empty",
            A::META.name
        );
        self.finish(answers, true)
    }

    fn finish(self, answers: Vec<(Answer, Duration)>, repeat: bool) -> Rule {
        let matcher: Option<Matcher> = self.matcher.map(|m| {
            Box::new(move |body: &[u8]| crate::json::from_slice::<A>(body).map(|a| m(&a)))
                as Matcher
        });
        self.mock.add(RuleEntry {
            service: A::META.service.name,
            version: A::META.service.version,
            action: A::META.name,
            matcher,
            masked: masked_body::<A>,
            answers,
            repeat,
            state: Arc::default(),
        })
    }
}

/// The page size served when the request sets none.
pub const DEFAULT_PAGE_SIZE: u64 = 10;

impl<A> When<'_, A>
where
    A: crate::Paginated + FromJson + 'static,
    A::Response: ToJson + Default,
    A::Item: Clone + Sync,
{
    /// Serves `items` across pages to every matching call, as the action declares its
    /// paging (spec key `pagination`): the offset and limit, the page number and size, or a
    /// token (the mock's tokens are opaque strings it hands out itself; one it did not hand
    /// out is answered with `InvalidParameterValue`). The page size is the request's, else
    /// [`DEFAULT_PAGE_SIZE`]; the response carries the total when the action has one, and
    /// the next token until the last page.
    pub fn pages(self, items: impl IntoIterator<Item = A::Item>) -> Rule {
        let items: Arc<Vec<A::Item>> = Arc::new(items.into_iter().collect());
        let compute: Compute = Arc::new(move |body: &[u8]| serve_page::<A>(&items, body));
        self.finish(vec![(Answer::Computed(compute), Duration::ZERO)], true)
    }
}

fn serve_page<A>(items: &[A::Item], body: &[u8]) -> Answer
where
    A: crate::Paginated + FromJson,
    A::Response: ToJson + Default,
    A::Item: Clone,
{
    use crate::paginate::Kind;
    let invalid = |message: String| Answer::Error {
        code: "InvalidParameterValue".to_owned(),
        message,
    };
    let mut request = match crate::json::from_slice::<A>(body) {
        Ok(r) => r,
        Err(e) => return invalid(format!("the body does not decode: {e}")),
    };
    let members = request.request_members();
    let size = members
        .page_size
        .and_then(|s| s.get())
        .unwrap_or(DEFAULT_PAGE_SIZE);
    let position = members.position.and_then(|p| p.get());
    let token = members.token.and_then(|t| t.get().map(str::to_owned));
    let start = match A::PAGINATION.kind {
        Kind::Offset => position.unwrap_or(0),
        Kind::Page { first } => position
            .unwrap_or(first)
            .saturating_sub(first)
            .saturating_mul(size),
        Kind::Token => match token {
            None => 0,
            Some(t) => match t.strip_prefix("mock-page-").and_then(|n| n.parse().ok()) {
                Some(n) => n,
                None => return invalid(format!("unknown page token {t:?}")),
            },
        },
    };
    let len = items.len() as u64;
    let start = start.min(len);
    let end = start.saturating_add(size).min(len);
    let page: Vec<A::Item> = items[start as usize..end as usize].to_vec();
    let mut response = A::Response::default();
    let out = A::response_members(&mut response);
    out.items.put(page);
    if let Some(total) = out.total {
        total.set(len);
    }
    if let Some(next) = out.next_token {
        if end < len {
            next.set(format!("mock-page-{end}"));
        }
    }
    let body = crate::json::to_vec(&response);
    match serde_json::from_slice(&body) {
        Ok(Value::Object(m)) => Answer::Success(m),
        _ => Answer::Success(Map::new()),
    }
}

fn header(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A fresh request id in the UUID v4 form.
fn request_id() -> String {
    let a = fastrand::u64(..);
    let b = fastrand::u64(..);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0x0fff) as u16,
        0x8000 | ((b >> 48) as u16 & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

fn envelope_error(code: &str, message: &str) -> Bytes {
    let v = serde_json::json!({
        "Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id()}
    });
    Bytes::from(serde_json::to_vec(&v).unwrap_or_default())
}

fn response(status: u16, body: Bytes) -> HttpResponse {
    let mut r = http::Response::new(Body::from_bytes(body));
    *r.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    r
}

/// Checks the signature as the service does; `Err((code, message))`.
fn check_signature(
    keys: &HashMap<String, String>,
    req: &HttpRequest,
) -> Result<String, (&'static str, String)> {
    let auth = header(req, "authorization").ok_or((
        "AuthFailure.SignatureFailure",
        "the request is not signed: no Authorization header".to_owned(),
    ))?;
    let auth = Authorization::parse(&auth)
        .map_err(|e| ("AuthFailure.InvalidAuthorization", e.to_string()))?;
    let key = keys.get(&auth.secret_id).ok_or((
        "AuthFailure.SecretIdNotFound",
        format!(
            "the SecretId `{}` is not known to this mock; use Mock::client() or Mock::key()",
            auth.secret_id
        ),
    ))?;
    let timestamp: i64 = header(req, "x-tc-timestamp")
        .and_then(|t| t.parse().ok())
        .ok_or((
            "MissingParameter",
            "the common parameter `Timestamp` (header X-TC-Timestamp) is missing".to_owned(),
        ))?;
    let host = header(req, "host").unwrap_or_default();
    let content_type = header(req, "content-type").unwrap_or_default();
    sign::verify(&auth, key, &host, &content_type, timestamp, req.body())
        .map_err(|e| ("AuthFailure.SignatureFailure", e.to_string()))?;
    Ok(auth.service)
}

/// `body` decoded as `A` and written with its sensitive members masked.
fn masked_body<A: Action + FromJson>(body: &[u8]) -> Option<String> {
    crate::json::from_slice::<A>(body)
        .ok()
        .map(|a| crate::json::to_masked_string(&a))
}

fn body_text(body: &[u8]) -> String {
    const MAX: usize = 2000;
    let text = String::from_utf8_lossy(body);
    if text.chars().count() > MAX {
        format!(
            "{}... ({} bytes)",
            text.chars().take(MAX).collect::<String>(),
            body.len()
        )
    } else {
        text.into_owned()
    }
}

impl HttpTransport for Mock {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let action = header(&request, "x-tc-action").unwrap_or_default();
            let version = header(&request, "x-tc-version").unwrap_or_default();
            let signed = {
                let keys = lock(&self.inner.keys);
                check_signature(&keys, &request)
            };
            let mut call = MockCall {
                action: action.clone(),
                version: version.clone(),
                service: signed.as_ref().ok().cloned().unwrap_or_default(),
                region: header(&request, "x-tc-region"),
                headers: request.headers().clone(),
                body: request.body().clone(),
                at: tokio::time::Instant::now(),
                code: None,
            };
            let picked = match signed {
                Err((code, message)) => Ok((
                    Answer::Error {
                        code: code.to_owned(),
                        message,
                    },
                    Duration::ZERO,
                )),
                Ok(_) => self.pick(&version, &action, request.body()),
            };
            let (answer, delay) = match picked {
                Ok(p) => p,
                Err(why) => {
                    let text = format!(
                        "tcapi::mock: no rule answers {action} ({version}): {why}; request body: {}",
                        self.shown_body(&version, &action, request.body())
                    );
                    call.code = Some("InvalidAction".to_owned());
                    lock(&self.inner.calls).push(call);
                    if *lock(&self.inner.unmatched_as_error) {
                        return Ok(response(200, envelope_error("InvalidAction", &text)));
                    }
                    panic!("{text}");
                }
            };
            if let Answer::Error { code, .. } = &answer {
                call.code = Some(code.clone());
            }
            lock(&self.inner.calls).push(call);
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            match answer {
                Answer::Success(mut fields) => {
                    let has_id = fields
                        .get("RequestId")
                        .and_then(Value::as_str)
                        .is_some_and(|s| !s.is_empty());
                    if !has_id {
                        fields.insert("RequestId".to_owned(), Value::String(request_id()));
                    }
                    let body = serde_json::json!({ "Response": fields });
                    Ok(response(
                        200,
                        Bytes::from(serde_json::to_vec(&body).unwrap_or_default()),
                    ))
                }
                Answer::Error { code, message } => {
                    Ok(response(200, envelope_error(&code, &message)))
                }
                Answer::Fault(f) => fault(f).await,
                Answer::Computed(_) => Ok(response(
                    200,
                    envelope_error("InternalError", "tcapi::mock: an answer computed another"),
                )),
            }
        })
    }
}

async fn fault(f: Fault) -> Result<HttpResponse, TransportError> {
    match f {
        Fault::Stall => {
            std::future::pending::<()>().await;
            unreachable!("a pending future never completes")
        }
        Fault::Reset => Err(TransportError::new(
            TransportErrorKind::Io,
            true,
            "connection reset by peer (tcapi::mock fault)",
        )),
        Fault::Refused => Err(TransportError::new(
            TransportErrorKind::Connect,
            false,
            "connection refused (tcapi::mock fault)",
        )),
        Fault::Http(status) => {
            let mut r = response(
                status,
                Bytes::from(format!("<html><body><h1>{status}</h1></body></html>")),
            );
            r.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("text/html"),
            );
            Ok(r)
        }
        Fault::Malformed => Ok(response(
            200,
            Bytes::from_static(b"{\"Response\": {\"RequestId\": \"x\", \"Error\": <html>"),
        )),
        Fault::Truncated => {
            let mut r = http::Response::new(Body::from_stream(Chunks(VecDeque::from([
                Ok(Bytes::from_static(b"{\"Response\": {\"Reque")),
                Err(TransportError::new(
                    TransportErrorKind::Io,
                    true,
                    "connection closed before the end of the body (tcapi::mock fault)",
                )),
            ]))));
            r.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            Ok(r)
        }
    }
}

/// A body stream of fixed items.
struct Chunks(VecDeque<Result<Bytes, TransportError>>);

impl Stream for Chunks {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.pop_front())
    }
}

#[doc(hidden)]
pub mod doc_example {
    //! A hand-written action in the shape tcapi-codegen generates, for the examples in
    //! these docs (the runtime cannot depend on the generated crate).
    use crate::json::{self, FromJson, JsonError, ToJson, Value, Writer};
    use crate::{Action, ActionMeta, Endpoints, RegionRule, ServiceError, ServiceMeta, Validate};

    static SERVICE: ServiceMeta = ServiceMeta {
        name: "car",
        version: "2022-01-10",
        title: "Cloud Application Rendering",
        endpoints: Endpoints {
            mainland: "car.tencentcloudapi.com",
            international: "car.intl.tencentcloudapi.com",
            regional: "car.{region}.tencentcloudapi.com",
        },
    };

    /// `ApplyConcurrent`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ApplyConcurrentRequest {
        /// `UserId`.
        pub user_id: String,
    }

    impl ToJson for ApplyConcurrentRequest {
        fn write_json(&self, w: &mut Writer) {
            let mut o = w.object();
            o.field("UserId", &self.user_id);
            o.end();
        }
    }

    impl FromJson for ApplyConcurrentRequest {
        fn from_json(v: &Value) -> Result<Self, JsonError> {
            let o = json::Object::of(v);
            o.finish(Self {
                user_id: o.required("UserId"),
            })
        }
    }

    impl Validate for ApplyConcurrentRequest {}

    /// The response.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ApplyConcurrentResponse {
        /// `RequestId`.
        pub request_id: String,
    }

    impl FromJson for ApplyConcurrentResponse {
        fn from_json(v: &Value) -> Result<Self, JsonError> {
            let o = json::Object::of(v);
            o.finish(Self {
                request_id: o.get("RequestId"),
            })
        }
    }

    impl ToJson for ApplyConcurrentResponse {
        fn write_json(&self, w: &mut Writer) {
            let mut o = w.object();
            o.field("RequestId", &self.request_id);
            o.end();
        }
    }

    /// The errors.
    #[derive(Debug, Clone, PartialEq)]
    pub enum ApplyConcurrentError {
        /// `ResourceNotFound.NoIdle`.
        ResourceNotFoundNoIdle {
            /// Message.
            message: String,
        },
        /// Anything else.
        Unknown {
            /// Code.
            code: String,
            /// Message.
            message: String,
        },
    }

    impl std::fmt::Display for ApplyConcurrentError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            crate::error::display_code(f, self.code(), self.message())
        }
    }

    impl std::error::Error for ApplyConcurrentError {}

    impl ServiceError for ApplyConcurrentError {
        fn from_code(code: &str, message: String) -> Self {
            match code {
                "ResourceNotFound.NoIdle" => Self::ResourceNotFoundNoIdle { message },
                _ => Self::Unknown {
                    code: code.to_owned(),
                    message,
                },
            }
        }
        fn code(&self) -> &str {
            match self {
                Self::ResourceNotFoundNoIdle { .. } => "ResourceNotFound.NoIdle",
                Self::Unknown { code, .. } => code,
            }
        }
        fn message(&self) -> &str {
            match self {
                Self::ResourceNotFoundNoIdle { message } | Self::Unknown { message, .. } => message,
            }
        }
    }

    impl Action for ApplyConcurrentRequest {
        type Response = ApplyConcurrentResponse;
        type Error = ApplyConcurrentError;
        const META: &'static ActionMeta = &ActionMeta {
            service: &SERVICE,
            name: "ApplyConcurrent",
            rate_limit: Some(100),
            timeout: Some(std::time::Duration::from_secs(20)),
            region: RegionRule::Unused,
            idempotent: false,
            deprecated: false,
        };
    }
}
