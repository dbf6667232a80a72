//! Shared test support: the project's specs loaded once, a key pair, and a raw HTTP/1.1
//! request signed (or not) exactly as a test wants it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tcapi::sign::{self, SignInput};
use tcapi_mock::{Catalog, MockServer, MockServerBuilder};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const ID: &str = "AKIDMOCKTEST000000000000000000000000";
pub const KEY: &str = "mock-test-secret-key-000000000000";

pub fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// The services the tests serve: the common error codes, the hand-written services and the
/// build-time services the end-to-end tests call. Not all of `specs/`, which holds every
/// service of Tencent Cloud: loading that in an unoptimized test binary costs far more than
/// the tests themselves.
pub const SERVICES: &[&str] = &[
    "common.yaml",
    "car",
    "gaap",
    "gse",
    "cvm",
    "sts",
    "lkeap",
    "hunyuan",
    "cii",
    // The hand-written raw-body action (UploadLog) alone: the imported cls actions add
    // nothing these tests look at.
    "cls/2020-10-16.yaml",
];

/// [`SERVICES`] as paths under `specs/`.
pub fn spec_paths() -> Vec<PathBuf> {
    let dir = specs_dir();
    SERVICES.iter().map(|s| dir.join(s)).collect()
}

/// The specs of [`SERVICES`], loaded and checked once per test binary.
pub fn catalog() -> Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    Arc::clone(CATALOG.get_or_init(|| {
        Arc::new(Catalog::load(&spec_paths()).unwrap_or_else(|d| panic!("specs: {d}")))
    }))
}

pub fn builder() -> MockServerBuilder {
    MockServer::builder().catalog(catalog()).key(ID, KEY)
}

pub async fn server() -> MockServer {
    builder().start().await.unwrap()
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// One raw request.
pub struct Raw<'a> {
    pub service: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    pub region: Option<&'a str>,
    pub body: &'a str,
    pub secret_id: &'a str,
    pub secret_key: &'a str,
    pub timestamp: i64,
    pub sign: bool,
    pub method: &'a str,
}

impl<'a> Raw<'a> {
    pub fn new(service: &'a str, version: &'a str, action: &'a str, body: &'a str) -> Self {
        Self {
            service,
            action,
            version,
            region: None,
            body,
            secret_id: ID,
            secret_key: KEY,
            timestamp: now(),
            sign: true,
            method: "POST",
        }
    }

    pub fn car(action: &'a str, body: &'a str) -> Self {
        Self::new("car", "2022-01-10", action, body)
    }

    pub fn gse(action: &'a str, body: &'a str) -> Self {
        Self {
            region: Some("ap-guangzhou"),
            ..Self::new("gse", "2019-11-12", action, body)
        }
    }

    /// Sends it on a fresh connection; the status and the body parsed as JSON
    /// (`Value::String` of the raw text when it is not JSON).
    pub async fn send(&self, addr: SocketAddr) -> (u16, Value) {
        let host = addr.to_string();
        let ct = "application/json";
        let mut head = format!(
            "{} / HTTP/1.1\r\nHost: {host}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nX-TC-Action: {}\r\nX-TC-Version: {}\r\nX-TC-Timestamp: {}\r\nConnection: close\r\n",
            self.method,
            self.body.len(),
            self.action,
            self.version,
            self.timestamp
        );
        if let Some(r) = self.region {
            head.push_str(&format!("X-TC-Region: {r}\r\n"));
        }
        if self.sign {
            let auth = sign::authorization(
                self.secret_id,
                self.secret_key,
                &SignInput {
                    service: self.service,
                    host: &host,
                    content_type: ct,
                    timestamp: self.timestamp,
                    payload: self.body.as_bytes(),
                },
            );
            head.push_str(&format!("Authorization: {auth}\r\n"));
        }
        head.push_str("\r\n");
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(self.body.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        stream.read_to_end(&mut out).await.unwrap();
        let text = String::from_utf8_lossy(&out).into_owned();
        let status: u16 = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {text:?}"));
        let body = text.split_once("\r\n\r\n").map(|x| x.1).unwrap_or_default();
        let json = serde_json::from_str(body).unwrap_or_else(|_| Value::String(body.to_owned()));
        (status, json)
    }
}

/// `Response.Error.Code` of an envelope.
pub fn code(v: &Value) -> &str {
    v["Response"]["Error"]["Code"].as_str().unwrap_or("")
}

/// `Response.Error.Message` of an envelope.
pub fn message(v: &Value) -> &str {
    v["Response"]["Error"]["Message"].as_str().unwrap_or("")
}
