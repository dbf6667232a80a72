//! A local Tencent Cloud API 3.0 server for tests and examples.
//!
//! It listens on `127.0.0.1` (a free port), checks every request's TC3-HMAC-SHA256
//! signature with the runtime's verifier against the keys it knows, records what it
//! received, and answers from a per-action script of [`Reply`]s: success bodies, typed
//! errors, throttling, slow answers, dropped connections, 5xx, malformed and truncated bodies.
//!
//! Like the real service it answers HTTP 200 with an error envelope for bad signatures
//! (`AuthFailure.SignatureFailure`), stale timestamps (`AuthFailure.SignatureExpire`),
//! unknown keys (`AuthFailure.SecretIdNotFound`) and actions with no script (`InvalidAction`).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tcapi::sign::{self, Authorization};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The SecretId the server accepts by default.
pub const TEST_SECRET_ID: &str = "AKIDLOCALTESTSERVER0000000000000000";
/// The SecretKey of [`TEST_SECRET_ID`].
pub const TEST_SECRET_KEY: &str = "local-test-secret-key-0000000000";

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// HTTP 200 `{"Response": {<fields>, "RequestId": ...}}`; `fields` must be an object.
    Success(Value),
    /// HTTP 200 `{"Response": {"Error": {"Code", "Message"}, "RequestId": ...}}`.
    Error {
        /// Wire code, e.g. `ResourceNotFound.NoIdle`.
        code: String,
        /// Message.
        message: String,
    },
    /// Any status with a raw body (5xx pages, malformed or truncated JSON).
    Raw {
        /// HTTP status.
        status: u16,
        /// Body, sent as is with a matching `Content-Length`.
        body: String,
    },
    /// Declares the full length of `body` but sends only its first `sent` bytes, then drops
    /// the connection.
    CutShort {
        /// The body the `Content-Length` announces.
        body: String,
        /// How many bytes actually leave.
        sent: usize,
    },
    /// Closes the connection without answering.
    Reset,
    /// HTTP 200 `text/event-stream` (chunked, `X-TC-RequestId` header): each chunk after
    /// its delay, then `end`.
    Events {
        /// Delay and bytes of each chunk.
        chunks: Vec<(Duration, String)>,
        /// What follows the last chunk.
        end: StreamEnd,
    },
    /// Waits, then answers with the inner reply.
    Slow(Duration, Box<Reply>),
}

impl Reply {
    /// Success with these response fields.
    pub fn success(fields: Value) -> Self {
        Self::Success(fields)
    }

    /// A typed error.
    pub fn error(code: &str, message: &str) -> Self {
        Self::Error {
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }

    /// `RequestLimitExceeded`.
    pub fn throttled() -> Self {
        Self::error(
            "RequestLimitExceeded",
            "The number of requests exceeds the frequency limit.",
        )
    }

    /// This reply after a delay.
    pub fn slow(self, delay: Duration) -> Self {
        Self::Slow(delay, Box::new(self))
    }
}

/// How a scripted event stream ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// The body ends normally.
    Close,
    /// The connection drops.
    Reset,
    /// Nothing more is sent, and the body never ends.
    Stall,
}

/// `data: <json>` lines of one event, with the blank line that ends it.
pub fn sse_event(json: &Value) -> String {
    format!("data: {json}\n\n")
}

/// What the server saw of one request.
#[derive(Debug, Clone)]
pub struct Received {
    /// `X-TC-Action`.
    pub action: String,
    /// `X-TC-Version`.
    pub version: String,
    /// `X-TC-Region`, when sent.
    pub region: Option<String>,
    /// `X-TC-Token`, when sent.
    pub token: Option<String>,
    /// `X-TC-Language`, when sent.
    pub language: Option<String>,
    /// `X-TC-RequestClient`, when sent.
    pub request_client: Option<String>,
    /// `Content-Type`.
    pub content_type: String,
    /// `Host`.
    pub host: String,
    /// The request target as received (`/`, or the absolute URL a proxy client sends).
    pub target: String,
    /// Every header as received.
    pub headers: hyper::HeaderMap,
    /// The credential scope service of the `Authorization` header.
    pub service: Option<String>,
    /// The body as received.
    pub body: Bytes,
    /// `Ok` when the signature checked out, else why not.
    pub signature: Result<(), String>,
    /// When it arrived.
    pub at: tokio::time::Instant,
}

impl Received {
    /// The body parsed as JSON (`Value::Null` if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

#[derive(Default)]
struct Script {
    queued: HashMap<String, VecDeque<Reply>>,
    fallback: HashMap<String, Reply>,
}

struct State {
    keys: Mutex<HashMap<String, String>>,
    script: Mutex<Script>,
    log: Mutex<Vec<Received>>,
    next_id: AtomicU64,
    connections: AtomicU64,
    streams_abandoned: Arc<AtomicU64>,
    /// Whether requests are recorded (off for long benchmark runs).
    logging: std::sync::atomic::AtomicBool,
}

/// A running test server; stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    /// Starts a server on `127.0.0.1` with a free port, accepting [`TEST_SECRET_ID`].
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            keys: Mutex::new(HashMap::from([(
                TEST_SECRET_ID.to_owned(),
                TEST_SECRET_KEY.to_owned(),
            )])),
            script: Mutex::new(Script::default()),
            log: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(1),
            connections: AtomicU64::new(0),
            streams_abandoned: Arc::new(AtomicU64::new(0)),
            logging: std::sync::atomic::AtomicBool::new(true),
        });
        let accept_state = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = accept_state.clone();
                state.connections.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(state.clone(), req));
                    // Errors here are the injected faults (or a client going away).
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self { addr, state, task })
    }

    /// `http://127.0.0.1:<port>`, for `ClientBuilder::base_url` or `TCAPI_ENDPOINT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Accepts another key pair.
    pub fn add_key(&self, secret_id: &str, secret_key: &str) {
        lock(&self.state.keys).insert(secret_id.to_owned(), secret_key.to_owned());
    }

    /// Queues a one-shot reply for `action` (answered in order, before the fallback).
    pub fn push(&self, action: &str, reply: Reply) {
        lock(&self.state.script)
            .queued
            .entry(action.to_owned())
            .or_default()
            .push_back(reply);
    }

    /// The reply for `action` once its queue is empty.
    pub fn set_fallback(&self, action: &str, reply: Reply) {
        lock(&self.state.script)
            .fallback
            .insert(action.to_owned(), reply);
    }

    /// Everything received so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state.log).clone()
    }

    /// Whether requests are recorded for [`TestServer::received`] (default: on; off keeps
    /// the memory of a long benchmark run flat).
    pub fn set_logging(&self, on: bool) {
        self.state.logging.store(on, Ordering::Relaxed);
    }

    /// How many event streams were dropped before their end (the client went away).
    pub fn streams_abandoned(&self) -> u64 {
        self.state.streams_abandoned.load(Ordering::Relaxed)
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> u64 {
        self.state.connections.load(Ordering::Relaxed)
    }

    /// How many requests of `action` arrived.
    pub fn count(&self, action: &str) -> usize {
        lock(&self.state.log)
            .iter()
            .filter(|r| r.action == action)
            .count()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn header(req: &Request<Incoming>, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Checks the signature of one request; `Err((code, message))` as the real service answers.
fn check_signature(
    state: &State,
    host: &str,
    content_type: &str,
    timestamp: Option<&str>,
    authorization: Option<&str>,
    body: &[u8],
) -> Result<String, (&'static str, String)> {
    let auth = authorization.ok_or((
        "AuthFailure.SignatureFailure",
        "no Authorization header".to_owned(),
    ))?;
    let auth =
        Authorization::parse(auth).map_err(|e| ("AuthFailure.SignatureFailure", e.to_string()))?;
    let timestamp: i64 = timestamp.and_then(|t| t.parse().ok()).ok_or((
        "AuthFailure.SignatureFailure",
        "missing or invalid X-TC-Timestamp".to_owned(),
    ))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    if (now - timestamp).abs() > 300 {
        return Err((
            "AuthFailure.SignatureExpire",
            format!("timestamp {timestamp} is more than 5 minutes from server time {now}"),
        ));
    }
    let key = lock(&state.keys).get(&auth.secret_id).cloned().ok_or((
        "AuthFailure.SecretIdNotFound",
        "the SecretId is not known".to_owned(),
    ))?;
    sign::verify(&auth, &key, host, content_type, timestamp, body)
        .map_err(|e| ("AuthFailure.SignatureFailure", e.to_string()))?;
    Ok(auth.service)
}

async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<ReplyBody>, Box<dyn std::error::Error + Send + Sync>> {
    let action = header(&req, "x-tc-action").unwrap_or_default();
    let version = header(&req, "x-tc-version").unwrap_or_default();
    let host = header(&req, "host").unwrap_or_default();
    let content_type = header(&req, "content-type").unwrap_or_default();
    let timestamp = header(&req, "x-tc-timestamp");
    let authorization = header(&req, "authorization");
    let mut received = Received {
        action: action.clone(),
        version,
        region: header(&req, "x-tc-region"),
        token: header(&req, "x-tc-token"),
        language: header(&req, "x-tc-language"),
        request_client: header(&req, "x-tc-requestclient"),
        content_type: content_type.clone(),
        host: host.clone(),
        target: req.uri().to_string(),
        headers: req.headers().clone(),
        service: None,
        body: Bytes::new(),
        signature: Ok(()),
        at: tokio::time::Instant::now(),
    };
    let body = req.into_body().collect().await?.to_bytes();
    received.body = body.clone();
    let checked = check_signature(
        &state,
        &host,
        &content_type,
        timestamp.as_deref(),
        authorization.as_deref(),
        &body,
    );
    let request_id = format!(
        "00000000-0000-4000-8000-{:012x}",
        state.next_id.fetch_add(1, Ordering::Relaxed)
    );
    let reply = match &checked {
        Err((code, message)) => Reply::error(code, message),
        Ok(_) => {
            let mut script = lock(&state.script);
            match script.queued.get_mut(&action).and_then(VecDeque::pop_front) {
                Some(r) => r,
                None => script.fallback.get(&action).cloned().unwrap_or_else(|| {
                    Reply::error(
                        "InvalidAction",
                        &format!("no reply is scripted for action `{action}`"),
                    )
                }),
            }
        }
    };
    match checked {
        Ok(service) => received.service = Some(service),
        Err((_, message)) => received.signature = Err(message),
    }
    if state.logging.load(Ordering::Relaxed) {
        lock(&state.log).push(received);
    }
    answer(reply, &request_id, &state.streams_abandoned).await
}

async fn answer(
    mut reply: Reply,
    request_id: &str,
    abandoned: &Arc<AtomicU64>,
) -> Result<Response<ReplyBody>, Box<dyn std::error::Error + Send + Sync>> {
    while let Reply::Slow(delay, inner) = reply {
        tokio::time::sleep(delay).await;
        reply = *inner;
    }
    if let Reply::Events { chunks, end } = reply {
        let body = ReplyBody {
            chunk: None,
            fail_after: None,
            events: Some(Events {
                chunks: chunks
                    .into_iter()
                    .map(|(d, c)| (d, Bytes::from(c)))
                    .collect(),
                wait: None,
                end,
                abandoned: abandoned.clone(),
                finished: false,
            }),
        };
        return Ok(Response::builder()
            .status(200)
            .header("content-type", "text/event-stream")
            .header("x-tc-requestid", request_id)
            .body(body)?);
    }
    let (status, body, cut) = match reply {
        Reply::Success(fields) => {
            let mut inner = match fields {
                Value::Object(m) => m,
                other => return Err(format!("Reply::Success needs an object, got {other}").into()),
            };
            inner.insert("RequestId".into(), json!(request_id));
            (200, json!({ "Response": inner }).to_string(), None)
        }
        Reply::Error { code, message } => (
            200,
            json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}})
                .to_string(),
            None,
        ),
        Reply::Raw { status, body } => (status, body, None),
        Reply::CutShort { body, sent } => (200, body, Some(sent)),
        Reply::Reset => return Err("scripted connection reset".into()),
        Reply::Slow(..) | Reply::Events { .. } => unreachable!("answered above"),
    };
    let len = body.len();
    let body = Bytes::from(body);
    let body = match cut {
        Some(sent) => ReplyBody {
            chunk: Some(body.slice(..sent.min(len))),
            // Let the partial body reach the client before the connection drops.
            fail_after: Some(Box::pin(tokio::time::sleep(Duration::from_millis(20)))),
            events: None,
        },
        None => ReplyBody {
            chunk: Some(body),
            fail_after: None,
            events: None,
        },
    };
    Ok(Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("content-length", len)
        .body(body)?)
}

/// A body of one chunk, optionally followed (after a pause) by an error, which drops the
/// connection.
pub struct ReplyBody {
    chunk: Option<Bytes>,
    fail_after: Option<Pin<Box<tokio::time::Sleep>>>,
    events: Option<Events>,
}

/// The rest of a scripted event stream.
struct Events {
    chunks: VecDeque<(Duration, Bytes)>,
    wait: Option<Pin<Box<tokio::time::Sleep>>>,
    end: StreamEnd,
    abandoned: Arc<AtomicU64>,
    finished: bool,
}

impl Drop for Events {
    fn drop(&mut self) {
        if !self.finished {
            self.abandoned.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Events {
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Some((delay, _)) = self.chunks.front() {
            let delay = *delay;
            let wait = self
                .wait
                .get_or_insert_with(|| Box::pin(tokio::time::sleep(delay)));
            if wait.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.wait = None;
            let (_, chunk) = self.chunks.pop_front().expect("a chunk");
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        match self.end {
            StreamEnd::Close => {
                self.finished = true;
                Poll::Ready(None)
            }
            StreamEnd::Reset => {
                self.finished = true;
                Poll::Ready(Some(Err("scripted reset mid-stream".into())))
            }
            StreamEnd::Stall => Poll::Pending,
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(events) = self.events.as_mut() {
            return events.poll(cx);
        }
        if let Some(chunk) = self.chunk.take() {
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        if let Some(pause) = self.fail_after.as_mut() {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.fail_after = None;
            return Poll::Ready(Some(Err("scripted cut-short body".into())));
        }
        Poll::Ready(None)
    }
}
