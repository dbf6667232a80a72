//! The transport seam: a custom `HttpTransport` sees exactly the signed request and the
//! client's retries, timeouts and limits run on its answers; the default transport's proxy,
//! pool and size-limit settings against the local server.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use serde_json::json;
use tcapi::sign::{self, Authorization};
use tcapi::transport::{
    Body, Http1Transport, HttpRequest, HttpTransport, Proxy, SendFuture, TransportError,
    TransportErrorKind,
};
use tcapi::{Client, ClientBuilder, Credentials, Error, RetryPolicy};
use tcapi_tests::fixtures::{ApplyLike, DescribeLike};
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

/// What the recording transport answers, in order.
#[derive(Debug)]
enum Canned {
    Json(u16, &'static str),
    Chunks(Vec<&'static str>),
    Fail(TransportErrorKind, bool),
    Never,
}

/// Records every request it is given and answers from a script.
#[derive(Debug, Default, Clone)]
struct Recording {
    seen: Arc<Mutex<Vec<HttpRequest>>>,
    script: Arc<Mutex<VecDeque<Canned>>>,
}

impl Recording {
    fn new(script: impl IntoIterator<Item = Canned>) -> Self {
        Self {
            seen: Arc::default(),
            script: Arc::new(Mutex::new(script.into_iter().collect())),
        }
    }

    fn seen(&self) -> Vec<HttpRequest> {
        self.seen.lock().unwrap().clone()
    }
}

impl HttpTransport for Recording {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        self.seen.lock().unwrap().push(request);
        let next = self.script.lock().unwrap().pop_front();
        Box::pin(async move {
            let body = match next.expect("a scripted answer") {
                Canned::Json(status, body) => {
                    let mut r = http::Response::new(Body::from_bytes(body));
                    *r.status_mut() = http::StatusCode::from_u16(status).unwrap();
                    return Ok(r);
                }
                Canned::Chunks(parts) => {
                    let chunks: VecDeque<_> = parts
                        .into_iter()
                        .map(|p| Ok(Bytes::from_static(p.as_bytes())))
                        .collect();
                    Body::from_stream(Iter(chunks))
                }
                Canned::Fail(kind, sent) => {
                    return Err(TransportError::new(kind, sent, format!("scripted {kind}")));
                }
                Canned::Never => std::future::pending().await,
            };
            Ok(http::Response::new(body))
        })
    }
}

/// A stream over ready items.
struct Iter(VecDeque<Result<Bytes, TransportError>>);

impl futures_core::Stream for Iter {
    type Item = Result<Bytes, TransportError>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.pop_front())
    }
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        retry_ambiguous_non_idempotent: false,
    }
}

fn keys() -> Credentials {
    Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap()
}

fn with(transport: &Recording) -> ClientBuilder {
    Client::builder()
        .credentials(keys())
        .retry(fast_retries())
        .transport(transport.clone())
}

fn apply() -> ApplyLike {
    ApplyLike {
        user_id: "u".into(),
        user_ip: "10.0.0.1".into(),
        project_id: "cap-1".into(),
    }
}

const OK: &str = r#"{"Response":{"TotalCount":3,"RequestId":"r-1"}}"#;
const THROTTLED: &str =
    r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow"},"RequestId":"r-0"}}"#;

#[tokio::test]
async fn a_custom_transport_sees_the_signed_request_and_retries_run_above_it() {
    let t = Recording::new([Canned::Json(200, THROTTLED), Canned::Json(200, OK)]);
    let client = with(&t).build_with_env(&|_| None).unwrap();
    let response = client.send(DescribeLike { limit: Some(2) }).await.unwrap();
    assert_eq!(response.total_count, 3);

    let seen = t.seen();
    assert_eq!(
        seen.len(),
        2,
        "the throttled attempt was retried by the client"
    );
    for r in &seen {
        assert_eq!(r.method(), http::Method::POST);
        assert_eq!(r.uri(), "https://gse.tencentcloudapi.com/");
        assert_eq!(r.body().as_ref(), br#"{"Limit":2}"#);
        let h = |n: &str| r.headers()[n].to_str().unwrap().to_owned();
        assert_eq!(h("x-tc-action"), "DescribeThings");
        assert_eq!(h("host"), "gse.tencentcloudapi.com");
        let auth = Authorization::parse(&h("authorization")).unwrap();
        sign::verify(
            &auth,
            TEST_SECRET_KEY,
            &h("host"),
            &h("content-type"),
            h("x-tc-timestamp").parse().unwrap(),
            r.body(),
        )
        .unwrap();
    }
}

#[tokio::test]
async fn chunked_bodies_are_joined_and_bounded() {
    let t = Recording::new([Canned::Chunks(vec![
        r#"{"Response":{"Tot"#,
        r#"alCount":5,"#,
        r#""RequestId":"r"}}"#,
    ])]);
    let client = with(&t).build_with_env(&|_| None).unwrap();
    assert_eq!(
        client
            .send(DescribeLike { limit: None })
            .await
            .unwrap()
            .total_count,
        5
    );

    let t = Recording::new([Canned::Chunks(vec![
        "{\"Response\":",
        "{\"X\":\"",
        "yyyyyyyy",
    ])]);
    let client = with(&t)
        .max_response_bytes(20)
        .build_with_env(&|_| None)
        .unwrap();
    let e = client.send(DescribeLike { limit: None }).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::ResponseTooLarge {
                status: 200,
                limit: 20
            }
        ),
        "{e:?}"
    );
    assert_eq!(t.seen().len(), 1, "too large is final, not retried");
}

#[tokio::test]
async fn transport_failures_keep_their_kind_and_sent_flag() {
    // Not sent: retried even for a non-idempotent action.
    let t = Recording::new([
        Canned::Fail(TransportErrorKind::Connect, false),
        Canned::Json(200, r#"{"Response":{"SessionId":"s","RequestId":"r"}}"#),
    ]);
    let client = with(&t).build_with_env(&|_| None).unwrap();
    assert_eq!(client.send(apply()).await.unwrap().request_id, "r");
    assert_eq!(t.seen().len(), 2);

    // Sent: ambiguous, so the non-idempotent action is not repeated.
    let t = Recording::new([Canned::Fail(TransportErrorKind::Io, true)]);
    let client = with(&t).build_with_env(&|_| None).unwrap();
    match client.send(apply()).await.unwrap_err() {
        Error::Transport { sent: true, source } => {
            let e = source.downcast_ref::<TransportError>().unwrap();
            assert_eq!(e.kind, TransportErrorKind::Io);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(t.seen().len(), 1);
}

#[tokio::test]
async fn the_clients_timeout_applies_to_a_transport_that_never_answers() {
    let t = Recording::new([Canned::Never]);
    let client = with(&t)
        .retry(RetryPolicy::never())
        .build_with_env(&|_| None)
        .unwrap();
    let e = client
        .send(DescribeLike { limit: None })
        .timeout(Duration::from_millis(50))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
}

fn server_client(server: &TestServer) -> ClientBuilder {
    Client::builder()
        .credentials(keys())
        .retry(RetryPolicy::never())
        .base_url(server.base_url())
}

#[tokio::test]
async fn the_default_transport_bounds_what_it_reads() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "DescribeThings",
        Reply::success(json!({"TotalCount": 1, "Pad": "x".repeat(5000)})),
    );
    let small = server_client(&server)
        .max_response_bytes(4096)
        .build_with_env(&|_| None)
        .unwrap();
    let e = small.send(DescribeLike { limit: None }).await.unwrap_err();
    assert!(
        matches!(e, Error::ResponseTooLarge { limit: 4096, .. }),
        "{e:?}"
    );
    let big = server_client(&server).build_with_env(&|_| None).unwrap();
    assert_eq!(
        big.send(DescribeLike { limit: None })
            .await
            .unwrap()
            .total_count,
        1
    );
}

#[tokio::test]
async fn an_explicit_proxy_receives_the_request_for_the_endpoint_host() {
    // The local server plays the proxy: an HTTP proxy gets the absolute URL of the
    // endpoint and its Host header, both signed for the endpoint; with credentials in the
    // proxy URL or without.
    let server = TestServer::start().await.unwrap();
    server.set_fallback("DescribeThings", Reply::success(json!({"TotalCount": 9})));
    let with_keys = server.base_url().replace("http://", "http://user:pw@");
    for (i, proxy) in [server.base_url(), with_keys].into_iter().enumerate() {
        let transport = Http1Transport::builder()
            .proxy(Proxy::url(proxy))
            .build_with_env(&|_| None)
            .unwrap();
        let client = Client::builder()
            .credentials(keys())
            .base_url("http://api.tcapi-proxy-test.invalid:8080")
            .transport(transport)
            .build_with_env(&|_| None)
            .unwrap();
        assert_eq!(
            client
                .send(DescribeLike { limit: None })
                .await
                .unwrap()
                .total_count,
            9
        );
        let r = &server.received()[i];
        assert_eq!(r.signature, Ok(()));
        assert_eq!(r.host, "api.tcapi-proxy-test.invalid:8080");
        assert_eq!(r.target, "http://api.tcapi-proxy-test.invalid:8080/");
    }
}

#[tokio::test]
async fn proxy_variables_are_read_from_the_builders_environment() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("DescribeThings", Reply::success(json!({"TotalCount": 4})));
    let proxy = server.base_url();
    let env_proxy = move |name: &str| (name == "http_proxy").then(|| proxy.clone());
    let client = Client::builder()
        .credentials(keys())
        .base_url("http://env-proxied.tcapi-proxy-test.invalid")
        .build_with_env(&env_proxy)
        .unwrap();
    assert_eq!(
        client
            .send(DescribeLike { limit: None })
            .await
            .unwrap()
            .total_count,
        4
    );
    assert_eq!(
        server.received()[0].target,
        "http://env-proxied.tcapi-proxy-test.invalid/"
    );

    // NO_PROXY sends the local server's requests direct, past a proxy that does not exist.
    let env_bypass = |name: &str| match name {
        "HTTP_PROXY" => Some("http://127.0.0.1:9".to_owned()),
        "NO_PROXY" => Some("localhost,127.0.0.1".to_owned()),
        _ => None,
    };
    let direct = server_client(&server).build_with_env(&env_bypass).unwrap();
    assert_eq!(
        direct
            .send(DescribeLike { limit: None })
            .await
            .unwrap()
            .total_count,
        4
    );
    assert_eq!(server.received()[1].target, "/");

    // Proxy::None ignores the environment entirely.
    let env_proxy = |_: &str| Some("http://127.0.0.1:9".to_owned());
    let transport = Http1Transport::builder()
        .proxy(Proxy::None)
        .build_with_env(&env_proxy)
        .unwrap();
    let none = server_client(&server)
        .transport(transport)
        .build_with_env(&|_| None)
        .unwrap();
    assert_eq!(
        none.send(DescribeLike { limit: None })
            .await
            .unwrap()
            .total_count,
        4
    );
}

#[tokio::test]
async fn keep_alive_reuses_one_connection_unless_the_pool_keeps_none() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("DescribeThings", Reply::success(json!({"TotalCount": 1})));
    let pooled = server_client(&server).build_with_env(&|_| None).unwrap();
    for _ in 0..3 {
        pooled.send(DescribeLike { limit: None }).await.unwrap();
    }
    assert_eq!(server.connections(), 1);

    let transport = Http1Transport::builder()
        .pool_max_idle_per_host(0)
        .pool_idle_timeout(Duration::from_secs(1))
        .build_with_env(&|_| None)
        .unwrap();
    let unpooled = server_client(&server)
        .transport(transport)
        .build_with_env(&|_| None)
        .unwrap();
    for _ in 0..3 {
        unpooled.send(DescribeLike { limit: None }).await.unwrap();
    }
    assert_eq!(server.connections(), 4);

    // Many calls at once on the default transport: each connection is reused once free,
    // so there are never more connections than calls in flight.
    // (DescribeThings allows 5 requests a second: no client-side limit here.)
    let unlimited = server_client(&server)
        .rate_limit(tcapi::RateLimitMode::Off)
        .build_with_env(&|_| None)
        .unwrap();
    let before = server.connections();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let pooled = unlimited.clone();
            tokio::spawn(async move {
                for _ in 0..5 {
                    pooled.send(DescribeLike { limit: None }).await.unwrap();
                }
            })
        })
        .collect();
    for call in calls {
        call.await.unwrap();
    }
    assert!(
        server.connections() - before <= 8,
        "{}",
        server.connections()
    );
}
