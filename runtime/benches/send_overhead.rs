//! The client's cost per request of a whole `client.send(..)` (validate, serialize, sign,
//! build the HTTP request, read the envelope, decode the response, tracing) against an
//! in-memory transport that answers at once: no network, no clock but the client's own.
//!
//! Two settings of `tracing`: no subscriber (`off`), and a subscriber that records INFO and
//! above (`info`: the call's span is recorded, the wire log at TRACE is filtered out). Both
//! are what "the wire log off" costs; BENCHMARKS.md compares them with the same bench run on
//! the code before the wire log existed.
//!
//! `cargo bench -p tcapi --bench send_overhead`

use std::future::IntoFuture;
use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use tcapi::json::{self, FromJson, JsonError, ToJson, Value, Writer};
use tcapi::transport::{Body, HttpRequest, HttpTransport, SendFuture};
use tcapi::{
    Action, ActionMeta, Client, CommonError, Credentials, Endpoints, RegionRule, ServiceMeta,
};

static SERVICE: ServiceMeta = ServiceMeta {
    name: "bench",
    version: "2020-01-01",
    title: "Bench",
    endpoints: Endpoints {
        mainland: "bench.tencentcloudapi.com",
        international: "bench.intl.tencentcloudapi.com",
        regional: "bench.{region}.tencentcloudapi.com",
    },
};

/// A request of a few members, one of them secret.
struct Login {
    user: String,
    password: String,
    project: String,
}

impl ToJson for Login {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("User", &self.user);
        o.field("Password", &self.password);
        o.field("ProjectId", &self.project);
        o.end();
    }
}

impl tcapi::Validate for Login {}

#[derive(Default)]
struct LoginResponse {
    session: String,
    request_id: String,
}

impl FromJson for LoginResponse {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = json::Object::of(v);
        o.finish(Self {
            session: o.get("Session"),
            request_id: o.get("RequestId"),
        })
    }
}

impl ToJson for LoginResponse {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Session", &self.session);
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

/// Answers every request at once with the same envelope.
#[derive(Debug)]
struct Instant;

const ANSWER: &[u8] =
    br#"{"Response":{"Session":"s-1","RequestId":"6f1c2a9e-4b7d-4e21-9a3f-0c5d8e7b1a24"}}"#;

impl HttpTransport for Instant {
    fn send(&self, _request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async {
            Ok(http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(Body::from_bytes(Bytes::from_static(ANSWER)))
                .expect("a valid response"))
        })
    }
}

fn login() -> Login {
    Login {
        user: "alice".into(),
        password: "hunter2".into(),
        project: "cap-abcdefgh".into(),
    }
}

fn send(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let client = Client::builder()
        .credentials(Credentials::new("AKIDbench", "bench-key").expect("keys"))
        .region("ap-guangzhou")
        .transport(Instant)
        .build_with_env(&|_| None)
        .expect("client");
    let mut group = c.benchmark_group("send");
    group.bench_function("off", |b| {
        b.iter(|| black_box(runtime.block_on(client.send(login()).into_future()).is_ok()))
    });
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(std::io::sink)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        group.bench_function("info", |b| {
            b.iter(|| black_box(runtime.block_on(client.send(login()).into_future()).is_ok()))
        });
    });
    group.finish();
}

criterion_group!(benches, send);
criterion_main!(benches);
