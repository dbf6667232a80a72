//! Local HTTP servers for the credential tests: a scripted metadata server and an API 3.0
//! server that checks TC3 signatures with the runtime's verifier. Both listen on
//! `127.0.0.1` with a free port and stop when dropped.

#![allow(dead_code)] // each test file uses part of it

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tcapi::sign::{self, Authorization};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: Bytes,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Answer {
    pub fn ok(body: impl Into<String>) -> Self {
        Self::status(200, body)
    }

    pub fn status(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn slow(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Seen) -> Answer + Send + Sync;

/// A running server; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Answers every request with `handler`.
    pub async fn start(handler: impl Fn(&Seen) -> Answer + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = seen.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (handler, log) = (handler.clone(), log.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |req| serve(handler.clone(), log.clone(), req));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { addr, seen, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn serve(
    handler: Arc<Handler>,
    log: Arc<Mutex<Vec<Seen>>>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let headers = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let seen = Seen {
        method,
        path,
        headers,
        body,
    };
    let answer = handler(&seen);
    log.lock().unwrap().push(seen);
    if !answer.delay.is_zero() {
        tokio::time::sleep(answer.delay).await;
    }
    let mut response = Response::new(Full::new(Bytes::from(answer.body)));
    *response.status_mut() = hyper::StatusCode::from_u16(answer.status).unwrap();
    Ok(response)
}

/// Unix seconds `secs` from now.
pub fn unix_in(secs: i64) -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + secs
}

/// The metadata server's credentials document.
pub fn metadata_keys(id: &str, key: &str, token: &str, expired_time: i64) -> String {
    json!({
        "TmpSecretId": id,
        "TmpSecretKey": key,
        "Token": token,
        "ExpiredTime": expired_time,
        "Expiration": "2030-01-01T00:00:00Z",
        "Code": "Success",
    })
    .to_string()
}

/// `{"Response": {...fields, "RequestId"}}`.
pub fn envelope(mut fields: Value) -> String {
    fields["RequestId"] = json!("req-1");
    json!({ "Response": fields }).to_string()
}

/// An error envelope.
pub fn error_envelope(code: &str, message: &str) -> String {
    envelope(json!({"Error": {"Code": code, "Message": message}}))
}

/// An STS answer with these keys.
pub fn sts_keys(id: &str, key: &str, token: &str, expired_time: i64) -> String {
    envelope(json!({
        "Credentials": {"TmpSecretId": id, "TmpSecretKey": key, "Token": token},
        "ExpiredTime": expired_time,
        "Expiration": "2030-01-01T00:00:00Z",
    }))
}

/// Checks a request's TC3 signature against `keys` (SecretId to SecretKey); returns the
/// SecretId that signed it, or why it does not check out.
pub fn verify_signature(seen: &Seen, keys: &HashMap<String, String>) -> Result<String, String> {
    let auth = seen.header("authorization").ok_or("no Authorization")?;
    let auth = Authorization::parse(auth).map_err(|e| e.to_string())?;
    let key = keys
        .get(&auth.secret_id)
        .ok_or_else(|| format!("unknown SecretId {}", auth.secret_id))?;
    let timestamp: i64 = seen
        .header("x-tc-timestamp")
        .and_then(|t| t.parse().ok())
        .ok_or("no X-TC-Timestamp")?;
    sign::verify(
        &auth,
        key,
        seen.header("host").unwrap_or_default(),
        seen.header("content-type").unwrap_or_default(),
        timestamp,
        &seen.body,
    )
    .map_err(|e| e.to_string())?;
    Ok(auth.secret_id)
}

/// A trivial action for sending signed requests to a test server: `{}` in, any object out.
pub mod ping {
    use tcapi::json::{Value, Writer};
    use tcapi::{Action, ActionMeta, CommonError, Endpoints, RegionRule, ServiceMeta};

    pub static SERVICE: ServiceMeta = ServiceMeta {
        name: "ping",
        version: "2020-01-01",
        title: "Ping",
        endpoints: Endpoints {
            mainland: "ping.tencentcloudapi.com",
            international: "ping.intl.tencentcloudapi.com",
            regional: "ping.{region}.tencentcloudapi.com",
        },
    };

    #[derive(Debug)]
    pub struct Ping;

    impl tcapi::json::ToJson for Ping {
        fn write_json(&self, w: &mut Writer) {
            w.object().end();
        }
    }

    impl tcapi::Validate for Ping {}

    impl Action for Ping {
        type Response = Value;
        type Error = CommonError;
        const META: &'static ActionMeta = &ActionMeta {
            service: &SERVICE,
            name: "Ping",
            rate_limit: None,
            timeout: None,
            region: RegionRule::Unused,
            idempotent: true,
            deprecated: false,
        };
    }
}
