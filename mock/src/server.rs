//! The HTTP server: hyper over tokio, HTTP/1.1 with keep-alive, on a loopback address.
//!
//! Each request goes through the checks Tencent Cloud makes, in its order: the common
//! parameters in the headers, the TC3-HMAC-SHA256 signature, the service, version and
//! action, the region rule, the rate limit, then the parameters. The first failing check
//! answers with its common error code; a request that passes them all is answered by the
//! scenario's first matching rule, else by the action's documented example.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Map, Value};
use tcapi::payload::{CONTENT_TYPE_MULTIPART, CONTENT_TYPE_OCTET_STREAM};
use tcapi::sign::{Authorization, CanonicalPrefix, SIGNED_HEADERS, Signer, utc_date};
use tcapi_codegen::Diagnostics;
use tcapi_codegen::ir::{Payload, RegionRule};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::catalog::{ActionSpec, Catalog};
use crate::form;
use crate::limits::RateLimiter;
use crate::log::{CallRecord, LogTarget, Logger};
use crate::params::{self, Mode};
use crate::response::{error_body, finish_success, request_id, success_body};
use crate::scenario::{self, Fault, ReplyKind, Scenario, ScenarioError};

/// Tencent Cloud rejects request bodies above 10 MB.
pub const MAX_BODY: usize = 10 * 1024 * 1024;
/// How far `X-TC-Timestamp` may be from the server's clock (Tencent Cloud: 5 minutes).
pub const MAX_CLOCK_SKEW: i64 = 300;
/// How long a shutdown waits for calls in flight before closing their connections.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Why a server did not start; [`StartError::exit_code`] is the CLI's exit code.
#[derive(Debug)]
pub enum StartError {
    /// The specs have problems (each with `file:line:column`).
    Specs(Diagnostics),
    /// The scenario has problems or cannot be read.
    Scenario(ScenarioError),
    /// Listening or opening the log failed.
    Io(std::io::Error),
    /// The configuration is incomplete (no key, no specs).
    Config(String),
}

impl StartError {
    /// 65 for bad specs or scenarios, 74 for I/O (a port in use, an unreadable file), 2
    /// for an incomplete configuration.
    pub fn exit_code(&self) -> i32 {
        match self {
            StartError::Specs(_) => 65,
            StartError::Scenario(ScenarioError::Invalid(_)) => 65,
            StartError::Scenario(ScenarioError::Io(..)) | StartError::Io(_) => 74,
            StartError::Config(_) => 2,
        }
    }
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Specs(d) => write!(f, "{d}"),
            StartError::Scenario(e) => write!(f, "{e}"),
            StartError::Io(e) => write!(f, "{e}"),
            StartError::Config(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for StartError {}

/// Configures a [`MockServer`].
#[derive(Debug)]
pub struct MockServerBuilder {
    specs: Vec<PathBuf>,
    catalog: Option<Arc<Catalog>>,
    keys: Vec<(String, String)>,
    listen: SocketAddr,
    scenario_file: Option<PathBuf>,
    scenario_text: Option<(PathBuf, String)>,
    log: LogTarget,
    record: usize,
    rate_limits: bool,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            specs: Vec::new(),
            catalog: None,
            keys: Vec::new(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            scenario_file: None,
            scenario_text: None,
            log: LogTarget::Off,
            record: 10_000,
            rate_limits: true,
        }
    }
}

impl MockServerBuilder {
    /// Serves the actions of these specs (files or directories such as `specs/`).
    pub fn specs(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs.push(path.into());
        self
    }

    /// Serves an already loaded catalog (load once, start many servers).
    pub fn catalog(mut self, catalog: Arc<Catalog>) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// Accepts requests signed with this key pair (call again for more).
    pub fn key(mut self, secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        self.keys.push((secret_id.into(), secret_key.into()));
        self
    }

    /// The address to listen on; default `127.0.0.1:0` (a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Reads a scenario file (see `SCENARIOS.md`).
    pub fn scenario_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.scenario_file = Some(path.into());
        self
    }

    /// A scenario given as text; `name` is the file name its messages show.
    pub fn scenario_str(mut self, name: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        self.scenario_text = Some((name.into(), text.into()));
        self
    }

    /// Where the call log goes; default nowhere.
    pub fn log(mut self, target: LogTarget) -> Self {
        self.log = target;
        self
    }

    /// Keeps the last `n` calls for [`MockServer::calls`] (default 10,000; 0 keeps none).
    pub fn record_calls(mut self, n: usize) -> Self {
        self.record = n;
        self
    }

    /// Whether documented rate limits are enforced (default true).
    pub fn rate_limits(mut self, on: bool) -> Self {
        self.rate_limits = on;
        self
    }

    /// Loads everything, binds the address and starts serving.
    pub async fn start(self) -> Result<MockServer, StartError> {
        if self.keys.is_empty() {
            return Err(StartError::Config(
                "no key configured: give a SecretId and SecretKey to accept".to_owned(),
            ));
        }
        let catalog = match self.catalog {
            Some(c) => c,
            None => {
                if self.specs.is_empty() {
                    return Err(StartError::Config("no specs given".to_owned()));
                }
                Arc::new(Catalog::load(&self.specs).map_err(StartError::Specs)?)
            }
        };
        let scenario = match (&self.scenario_file, &self.scenario_text) {
            (Some(f), _) => scenario::load(f, &catalog).map_err(StartError::Scenario)?,
            (None, Some((name, text))) => scenario::parse(name, text, &catalog)
                .map_err(|d| StartError::Scenario(ScenarioError::Invalid(d)))?,
            (None, None) => Scenario::default(),
        };
        let logger = Logger::open(&self.log).map_err(StartError::Io)?;
        let listener = TcpListener::bind(self.listen).await.map_err(|e| {
            StartError::Io(std::io::Error::new(
                e.kind(),
                format!("cannot listen on {}: {e}", self.listen),
            ))
        })?;
        let addr = listener.local_addr().map_err(StartError::Io)?;
        let on = self.rate_limits && !scenario.rate_limits.all_off;
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
        let state = Arc::new(State {
            catalog,
            keys: self.keys.into_iter().collect(),
            scripts: scenario
                .scripts
                .into_iter()
                .map(|s| (ActionKey::of(&s.action), s.rules))
                .collect(),
            limits,
            limiter: RateLimiter::default(),
            signers: Mutex::new(HashMap::new()),
            logger,
            record: self.record,
            calls: Mutex::new(VecDeque::new()),
        });
        let (stop_tx, stop_rx) = watch::channel(false);
        let task = tokio::spawn(serve(listener, Arc::clone(&state), stop_rx));
        Ok(MockServer {
            addr,
            state,
            stop: stop_tx,
            task: Some(task),
        })
    }
}

/// A running mock server. Dropping it stops it at once; [`MockServer::shutdown`] stops
/// it gracefully.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl MockServer {
    /// Configures a server.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`, for `ClientBuilder::base_url`, `TCAPI_ENDPOINT` or an SDK's
    /// endpoint setting.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The recorded calls, oldest first.
    pub fn calls(&self) -> Vec<CallRecord> {
        lock(&self.state.calls).iter().cloned().collect()
    }

    /// The recorded calls of one action.
    pub fn calls_of(&self, action: &str) -> Vec<CallRecord> {
        lock(&self.state.calls)
            .iter()
            .filter(|c| c.action == action)
            .cloned()
            .collect()
    }

    /// Stops accepting, lets calls in flight finish (at most [`SHUTDOWN_GRACE`]), flushes
    /// the log.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(l) = &self.state.logger {
            l.flush();
        }
    }

    /// Waits until the server stops (after [`MockServer::stop_handle`] was used).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(l) = &self.state.logger {
            l.flush();
        }
    }

    /// A handle that starts a graceful shutdown from elsewhere (a signal handler).
    pub fn stop_handle(&self) -> StopHandle {
        StopHandle(self.stop.clone())
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Starts a graceful shutdown of a [`MockServer`].
#[derive(Debug, Clone)]
pub struct StopHandle(watch::Sender<bool>);

impl StopHandle {
    /// Stops accepting and lets calls in flight finish.
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

#[derive(Debug)]
struct State {
    catalog: Arc<Catalog>,
    keys: HashMap<String, String>,
    scripts: HashMap<ActionKey, Vec<scenario::Rule>>,
    /// Requests per second of the limited actions.
    limits: HashMap<ActionKey, u32>,
    limiter: RateLimiter,
    /// Derived signing keys by (SecretId, service, day).
    signers: Mutex<HashMap<(String, String, i64), Signer>>,
    logger: Option<Logger>,
    record: usize,
    calls: Mutex<VecDeque<CallRecord>>,
}

/// An action of the server's catalog, by identity (the catalog outlives the server's
/// tables, so its actions' addresses are stable): lookups allocate nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ActionKey(usize);

impl ActionKey {
    fn of(action: &Arc<ActionSpec>) -> Self {
        Self(Arc::as_ptr(action) as usize)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

async fn serve(listener: TcpListener, state: Arc<State>, mut stop: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, remote)) = accepted else {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let state = Arc::clone(&state);
                let mut stop = stop.clone();
                connections.spawn(async move {
                    let service = service_fn(move |req| {
                        let state = Arc::clone(&state);
                        async move { handle(&state, req, remote).await }
                    });
                    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
                    tokio::pin!(conn);
                    tokio::select! {
                        _ = conn.as_mut() => {}
                        _ = stopped(&mut stop) => {
                            conn.as_mut().graceful_shutdown();
                            let _ = conn.await;
                        }
                    }
                });
                while connections.try_join_next().is_some() {}
            }
            _ = stopped(&mut stop) => break,
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, drain).await.is_err() {
        connections.abort_all();
    }
}

/// Resolves once a stop was asked for (or the server handle is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // An error means the sender is gone: stop as well.
    let _ = stop.wait_for(|s| *s).await;
}

/// What the handler decided to send.
enum Answer {
    Envelope { status: u16, body: Vec<u8> },
    Fault(Fault),
}

struct Call {
    record: CallRecord,
    delay: Duration,
}

fn header<'a>(req: &'a Request<Incoming>, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn handle(
    state: &State,
    req: Request<Incoming>,
    remote: SocketAddr,
) -> Result<Response<MockBody>, Dropped> {
    let arrived = Instant::now();
    let time_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let get = |n: &str| header(&req, n).map(str::to_owned);
    let content_type = get("content-type").unwrap_or_default();
    // The members of a raw body are headers: kept only for such requests.
    let params =
        form::is_media(&content_type, CONTENT_TYPE_OCTET_STREAM).then(|| req.headers().clone());
    let head = Head {
        action: get("x-tc-action"),
        version: get("x-tc-version"),
        region: get("x-tc-region").filter(|r| !r.is_empty()),
        host: get("host").unwrap_or_default(),
        content_type,
        params,
        timestamp: get("x-tc-timestamp"),
        authorization: get("authorization"),
        post: req.method() == hyper::Method::POST,
    };
    let mut call = Call {
        record: CallRecord {
            time_ms,
            remote: remote.to_string(),
            service: String::new(),
            version: head.version.clone().unwrap_or_default(),
            action: head.action.clone().unwrap_or_default(),
            region: head.region.clone(),
            secret_id: None,
            request: Value::Null,
            status: 200,
            code: None,
            message: None,
            request_id: request_id(),
            outcome: "check".to_owned(),
            rule: None,
            latency_ms: 0.0,
        },
        delay: Duration::ZERO,
    };
    let body = http_body_util::Limited::new(req.into_body(), MAX_BODY)
        .collect()
        .await
        .map(|b| b.to_bytes());
    let answer = match body {
        Ok(body) => decide(state, &head, &body, &mut call),
        Err(e) => {
            let too_large = e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            if too_large {
                reject(
                    &mut call,
                    "RequestSizeLimitExceeded",
                    format!("the request body is larger than {MAX_BODY} bytes"),
                )
            } else {
                // The client went away mid-body: nothing to answer.
                Answer::Fault(Fault::Reset)
            }
        }
    };
    if !call.delay.is_zero() {
        tokio::time::sleep(call.delay).await;
    }
    let response = render(answer).await;
    call.record.status = response.as_ref().map_or(0, |r| r.status().as_u16());
    call.record.latency_ms = arrived.elapsed().as_secs_f64() * 1000.0;
    // Secrets never reach the log nor the recorded calls (the checks above saw them).
    let r = &mut call.record;
    let names = state
        .catalog
        .sensitive_names(&r.service, &r.version, &r.action);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    tcapi::json::mask_members(&mut r.request, &names);
    if let Some(l) = &state.logger {
        l.write(&call.record);
    }
    if state.record > 0 {
        let mut calls = lock(&state.calls);
        if calls.len() >= state.record {
            calls.pop_front();
        }
        calls.push_back(call.record);
    }
    response
}

struct Head {
    action: Option<String>,
    version: Option<String>,
    region: Option<String>,
    host: String,
    content_type: String,
    /// The headers of an `application/octet-stream` request.
    params: Option<hyper::HeaderMap>,
    timestamp: Option<String>,
    authorization: Option<String>,
    post: bool,
}

fn reject(call: &mut Call, code: &str, message: String) -> Answer {
    let body = error_body(code, &message, &call.record.request_id);
    call.record.code = Some(code.to_owned());
    call.record.message = Some(message);
    call.record.outcome = "check".to_owned();
    Answer::Envelope { status: 200, body }
}

/// Runs the checks and picks the answer.
fn decide(state: &State, head: &Head, body: &Bytes, call: &mut Call) -> Answer {
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
    let Some(secret_key) = state.keys.get(&auth.secret_id) else {
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
    if let Err(why) = verify(state, &auth, secret_key, head, timestamp, body) {
        return reject(call, "AuthFailure.SignatureFailure", why);
    }

    // The service, version and action. The host names the service on Tencent Cloud; on a
    // loopback address the credential scope does.
    let host_service = head.host.split('.').next().unwrap_or_default();
    let service_name = if state.catalog.has_service(host_service) {
        host_service
    } else {
        auth.service.as_str()
    };
    call.record.service = service_name.to_owned();
    if !state.catalog.has_service(service_name) {
        let loaded: Vec<&str> = state
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
    let Some(service) = state.catalog.service(service_name, version) else {
        let versions: Vec<&str> = state
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
    if let Some(&limit) = state.limits.get(&ActionKey::of(action)) {
        if let Err(wait) = state.limiter.admit(
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
        None => answer(state, action, request, head.region.as_deref(), call),
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
    state: &State,
    action: &Arc<ActionSpec>,
    request: &Map<String, Value>,
    region: Option<&str>,
    call: &mut Call,
) -> Answer {
    let rules = state.scripts.get(&ActionKey::of(action));
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
    state: &State,
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
        let mut signers = lock(&state.signers);
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

/// Closes the connection without a response (hyper drops a connection whose service
/// fails).
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("scripted connection reset")
    }
}

impl std::error::Error for Dropped {}

async fn render(answer: Answer) -> Result<Response<MockBody>, Dropped> {
    let (status, body, cut) = match answer {
        Answer::Envelope { status, body } => (status, Bytes::from(body), false),
        Answer::Fault(Fault::Http { status, body }) => (status, Bytes::from(body), false),
        Answer::Fault(Fault::Malformed) => (
            200,
            Bytes::from_static(b"{\"Response\": {\"RequestId\": \"malformed\", \"Error\": <html>"),
            false,
        ),
        Answer::Fault(Fault::Truncated) => (
            200,
            Bytes::from_static(
                b"{\"Response\": {\"RequestId\": \"00000000-0000-4000-8000-000000000000\", \"Note\": \"the rest never arrives\"}}",
            ),
            true,
        ),
        Answer::Fault(Fault::Stall(d)) => {
            tokio::time::sleep(d).await;
            return Err(Dropped);
        }
        Answer::Fault(Fault::Reset) => return Err(Dropped),
    };
    let len = body.len();
    let content_type = if body.first() == Some(&b'{') {
        "application/json"
    } else {
        "text/html"
    };
    let body = MockBody {
        chunk: Some(if cut { body.slice(..len / 2) } else { body }),
        // Let the partial body reach the client before the connection drops.
        fail_after: cut.then(|| Box::pin(tokio::time::sleep(Duration::from_millis(20)))),
    };
    let mut response = Response::new(body);
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    let h = response.headers_mut();
    h.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(content_type),
    );
    h.insert(
        hyper::header::CONTENT_LENGTH,
        hyper::header::HeaderValue::from(len),
    );
    Ok(response)
}

/// A response body of one chunk, optionally followed (after a pause) by an error, which
/// drops the connection short of the announced `Content-Length`.
pub(crate) struct MockBody {
    chunk: Option<Bytes>,
    fail_after: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl hyper::body::Body for MockBody {
    type Data = Bytes;
    type Error = Dropped;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(chunk) = self.chunk.take() {
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        if let Some(pause) = self.fail_after.as_mut() {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.fail_after = None;
            return Poll::Ready(Some(Err(Dropped)));
        }
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.chunk.is_none() && self.fail_after.is_none()
    }
}
