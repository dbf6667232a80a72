//! The HTTP server: hyper over tokio, HTTP/1.1 with keep-alive, on a loopback address.
//!
//! Each request is read into the gateway's terms (the module `gateway` decides what
//! Tencent Cloud would answer), then answered, logged and recorded with its secrets masked.

use std::collections::VecDeque;
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
use serde_json::Value;
use tcapi::payload::CONTENT_TYPE_OCTET_STREAM;
use tcapi_codegen::Diagnostics;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::catalog::Catalog;
use crate::form;
use crate::gateway::{self, Answer, Call, Gateway, Head, reject};
use crate::log::{CallRecord, LogTarget, Logger};
use crate::response::request_id;
use crate::scenario::{self, Fault, Scenario, ScenarioError};

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
        let state = Arc::new(State {
            gateway: Gateway::new(catalog, self.keys, scenario, self.rate_limits),
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
    gateway: Gateway,
    logger: Option<Logger>,
    record: usize,
    calls: Mutex<VecDeque<CallRecord>>,
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
        Ok(body) => gateway::decide(&state.gateway, &head, &body, &mut call),
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
        .gateway
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
