#![cfg(feature = "client")]
//! Observing calls against a local server: the metadata of a typed call (status, headers,
//! request id, attempts, time, region) on success and on failure, a per-call endpoint, and
//! the wire log at `TRACE` (bodies with secrets masked, never the `Authorization` header).

mod support;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use support::{Answer, Server, envelope, error_envelope};
use tcapi::json::{self, FromJson, JsonError, ToJson, Value, Writer};
use tcapi::{
    Action, ActionMeta, Client, CommonError, Credentials, Endpoint, Endpoints, Error, RegionRule,
    RetryPolicy, ServiceMeta,
};

static SERVICE: ServiceMeta = ServiceMeta {
    name: "login",
    version: "2020-01-01",
    title: "Login",
    endpoints: Endpoints {
        mainland: "login.tencentcloudapi.com",
        international: "login.intl.tencentcloudapi.com",
        regional: "login.{region}.tencentcloudapi.com",
    },
};

/// A request with a secret, as generated for a member marked `sensitive`.
#[derive(Clone)]
struct Login {
    user: String,
    password: String,
}

impl ToJson for Login {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("User", &self.user);
        o.sensitive("Password", &self.password);
        o.end();
    }
}

impl tcapi::Validate for Login {}

#[derive(Debug, Default, PartialEq)]
struct LoginResponse {
    session: String,
    token: String,
    request_id: String,
}

impl FromJson for LoginResponse {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = json::Object::of(v);
        o.finish(Self {
            session: o.get("Session"),
            token: o.get("Token"),
            request_id: o.get("RequestId"),
        })
    }
}

impl ToJson for LoginResponse {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Session", &self.session);
        o.sensitive("Token", &self.token);
        o.field("RequestId", &self.request_id);
        o.end();
    }
}

impl Action for Login {
    type Response = LoginResponse;
    type Error = CommonError;
    const META: &'static ActionMeta = &ActionMeta {
        service: &SERVICE,
        name: "Login",
        rate_limit: None,
        timeout: None,
        region: RegionRule::Optional,
        idempotent: true,
        deprecated: false,
    };
}

fn login() -> Login {
    Login {
        user: "alice".into(),
        password: "hunter2-secret".into(),
    }
}

fn client(base: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDTEST", "the-secret-key").unwrap())
        .base_url(base)
        .region("ap-guangzhou")
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

fn answer() -> String {
    envelope(json!({"Session": "s-1", "Token": "returned-token-secret"}))
}

#[tokio::test]
async fn a_typed_call_gives_its_metadata() {
    let server = Server::start(|_| Answer::ok(answer())).await;
    let (response, meta) = client(&server.url())
        .send(login())
        .region("ap-shanghai")
        .with_metadata()
        .await
        .unwrap();
    assert_eq!(response.session, "s-1");
    assert_eq!(meta.status, Some(200));
    assert_eq!(meta.request_id.as_deref(), Some("req-1"));
    assert_eq!(meta.attempts, 1);
    assert!(meta.elapsed > Duration::ZERO);
    assert_eq!(meta.region.as_deref(), Some("ap-shanghai"));
    let length: usize = meta.headers["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(length, answer().len());
}

#[tokio::test]
async fn a_failed_call_gives_the_error_and_its_metadata() {
    // Two answers the client retries (503), then a service error.
    let count = AtomicUsize::new(0);
    let server = Server::start(move |_| match count.fetch_add(1, Ordering::SeqCst) {
        0 | 1 => Answer::status(503, "busy"),
        _ => Answer::ok(error_envelope(
            "AuthFailure.SignatureFailure",
            "bad signature",
        )),
    })
    .await;
    let failure = client(&server.url())
        .send(login())
        .with_metadata()
        .await
        .unwrap_err();
    assert_eq!(failure.metadata.attempts, 3);
    assert_eq!(failure.metadata.status, Some(200));
    assert_eq!(failure.metadata.request_id.as_deref(), Some("req-1"));
    assert_eq!(failure.metadata.region.as_deref(), Some("ap-guangzhou"));
    assert!(matches!(
        failure.error,
        Error::Service {
            error: CommonError::AuthFailureSignatureFailure { .. },
            ..
        }
    ));
    // `?` gives the plain error.
    let plain: Error<CommonError> = failure.into();
    assert_eq!(plain.request_id(), Some("req-1"));
}

#[tokio::test]
async fn an_invalid_endpoint_of_the_client_is_overridden_per_call() {
    let server = Server::start(|_| Answer::ok(answer())).await;
    // Nothing listens on the client's endpoint (port 9 of a TEST-NET address is never
    // reached: the per-call endpoint replaces it).
    let client = client("http://192.0.2.1:9");
    let response = client
        .send(login())
        .endpoint(Endpoint::Custom(server.url()))
        .await
        .unwrap();
    assert_eq!(response.session, "s-1");
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].header("host"),
        Some(server.url().trim_start_matches("http://"))
    );
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// Runs `call` with a subscriber at `level` that writes into the returned buffer.
async fn logged<F: std::future::IntoFuture>(level: tracing::Level, call: F) -> (F::Output, String) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let out = call.await;
    (out, captured.text())
}

#[tokio::test]
async fn the_wire_log_shows_bodies_with_secrets_masked() {
    let server = Server::start(|_| Answer::ok(answer())).await;
    let client = client(&server.url());
    let (response, log) = logged(tracing::Level::TRACE, client.send(login())).await;
    assert_eq!(response.unwrap().token, "returned-token-secret");
    assert!(log.contains("tcapi::wire"), "{log}");
    // The request: its members, the secret masked; the headers without credentials.
    assert!(
        log.contains(r#"{"User":"alice","Password":"*** Sensitive Data Redacted ***"}"#),
        "{log}"
    );
    assert!(log.contains(json::REDACTED), "{log}");
    assert!(log.contains("x-tc-action: Login"), "{log}");
    // The response: as it came, the secret masked.
    assert!(
        log.contains(r#"{"Response":{"RequestId":"req-1","Session":"s-1","Token":"*** Sensitive Data Redacted ***"}}"#),
        "{log}"
    );
    // The call's span names the region.
    assert!(log.contains(r#"region="ap-guangzhou""#), "{log}");
    for secret in [
        "hunter2-secret",
        "returned-token-secret",
        "the-secret-key",
        "Signature=",
    ] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
}

#[tokio::test]
async fn the_wire_log_is_off_below_trace() {
    let server = Server::start(|_| Answer::ok(answer())).await;
    let client = client(&server.url());
    let (response, log) = logged(tracing::Level::DEBUG, client.send(login())).await;
    response.unwrap();
    assert!(log.contains("call succeeded"), "{log}");
    assert!(
        !log.contains("tcapi::wire") && !log.contains("\"User\""),
        "{log}"
    );
}

#[tokio::test]
async fn the_wire_log_shows_an_error_envelope_as_it_came() {
    let server =
        Server::start(|_| Answer::ok(error_envelope("InvalidParameter", "no such user"))).await;
    let client = client(&server.url());
    let (response, log) = logged(tracing::Level::TRACE, client.send(login())).await;
    assert!(response.is_err());
    assert!(log.contains("no such user"), "{log}");
    assert!(!log.contains("hunter2-secret"), "{log}");
}

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_gives_the_metadata_too() {
    // The server runs on a runtime of its own; the blocking client has another.
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let server = server_runtime.block_on(Server::start(|_| Answer::ok(answer())));
    let blocking = tcapi::blocking::Client::new(client(&server.url())).unwrap();
    let call = blocking.as_async().send(login());
    let (response, meta) = blocking.run_with_metadata(call).unwrap();
    assert_eq!(response.session, "s-1");
    assert_eq!((meta.status, meta.attempts), (Some(200), 1));
    assert_eq!(meta.region.as_deref(), Some("ap-guangzhou"));
}
