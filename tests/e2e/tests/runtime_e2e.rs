//! The runtime against the local test server: signing, headers, envelopes, typed errors,
//! retries, timeouts, faults and rate limits, end to end over HTTP on 127.0.0.1.

use std::time::Duration;

use serde_json::json;
use tcapi::{
    Client, ClientBuilder, Credentials, Endpoint, Error, Language, RateLimitMode, RetryPolicy,
    ServiceError,
};
use tcapi_tests::fixtures::{ApplyLike, DescribeLike, FixtureError, JoinLike};
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(2),
        max_backoff: Duration::from_millis(10),
        retry_ambiguous_non_idempotent: false,
    }
}

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(server.base_url())
        .retry(fast_retries())
}

fn client(server: &TestServer) -> Client {
    builder(server).build_with_env(&|_| None).unwrap()
}

fn apply(user: &str) -> ApplyLike {
    ApplyLike {
        user_id: user.to_owned(),
        user_ip: "10.0.0.1".to_owned(),
        project_id: "cap-12345".to_owned(),
    }
}

fn join(players: usize) -> JoinLike {
    JoinLike {
        game_server_session_id: "qcs::gse:ap-guangzhou:uin/1:gameserversession/fleet-1/gssess-1"
            .to_owned(),
        player_ids: (0..players).map(|i| format!("player-{i}")).collect(),
    }
}

#[tokio::test]
async fn success_is_signed_and_carries_every_header() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("DescribeThings", Reply::success(json!({"TotalCount": 7})));
    let client = builder(&server)
        .language(Language::EnUs)
        .request_client("e2e")
        .build_with_env(&|_| None)
        .unwrap();
    let response = client.send(DescribeLike { limit: Some(10) }).await.unwrap();
    assert_eq!(response.total_count, 7);
    assert!(response.request_id.starts_with("00000000-"), "{response:?}");

    let received = server.received();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    assert_eq!(r.signature, Ok(()));
    assert_eq!(r.service.as_deref(), Some("gse"));
    assert_eq!(r.action, "DescribeThings");
    assert_eq!(r.version, "2019-11-12");
    assert_eq!(r.region, None, "no region configured, the rule is optional");
    assert_eq!(r.token, None);
    assert_eq!(r.language.as_deref(), Some("en-US"));
    assert_eq!(
        r.request_client.as_deref(),
        Some(concat!("tcapi-rust/", env!("CARGO_PKG_VERSION"), "; e2e"))
    );
    assert_eq!(r.content_type, "application/json");
    assert_eq!(&r.body[..], br#"{"Limit":10}"#);
}

#[tokio::test]
async fn unicode_bodies_and_temporary_tokens_verify() {
    let server = TestServer::start().await.unwrap();
    server.add_key("AKIDTEMPORARY", "temporary-key");
    server.set_fallback("ApplyConcurrent", Reply::success(json!({})));
    let client = Client::builder()
        .credentials(
            Credentials::with_token("AKIDTEMPORARY", "temporary-key", "session-token-1").unwrap(),
        )
        .base_url(server.base_url())
        .region("ap-guangzhou")
        .build_with_env(&|_| None)
        .unwrap();
    client.send(apply("玩家-未命名-🎮")).await.unwrap();
    let r = &server.received()[0];
    assert_eq!(r.signature, Ok(()));
    assert_eq!(r.token.as_deref(), Some("session-token-1"));
    assert_eq!(r.region, None, "CAR does not use the region");
    assert_eq!(r.json()["UserId"], "玩家-未命名-🎮");
}

#[tokio::test]
async fn region_required_fails_before_sending_and_is_sent_when_set() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "JoinGameServerSessionBatch",
        Reply::success(json!({"PlayerSessions": [{"PlayerId": "player-0", "Port": "7777"}]})),
    );
    let client = client(&server);
    let err = client.send(join(1)).await.unwrap_err();
    match &err {
        Error::InvalidRequest(v) => {
            assert_eq!(v.0[0].path, "Region");
            assert!(
                v.0[0]
                    .message
                    .contains("gse.JoinGameServerSessionBatch requires a region")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(err.nothing_sent());
    assert_eq!(server.count("JoinGameServerSessionBatch"), 0);

    let response = client.send(join(1)).region("ap-shanghai").await.unwrap();
    let sessions = response.player_sessions.unwrap();
    assert_eq!(sessions[0].port, 7777, "a string port is tolerated");
    assert_eq!(server.received()[0].region.as_deref(), Some("ap-shanghai"));

    let err = client.send(join(1)).region("Bad Region").await.unwrap_err();
    assert!(err.to_string().contains("region `Bad Region`"), "{err}");
}

#[tokio::test]
async fn invalid_requests_are_not_sent_unless_validation_is_off() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("JoinGameServerSessionBatch", Reply::success(json!({})));
    let client = builder(&server)
        .region("ap-guangzhou")
        .build_with_env(&|_| None)
        .unwrap();
    let mut request = join(26);
    request.game_server_session_id = String::new();
    let err = client.send(request.clone()).await.unwrap_err();
    let Error::InvalidRequest(violations) = &err else {
        panic!("{err:?}")
    };
    let paths: Vec<_> = violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["GameServerSessionId", "PlayerIds"]);
    assert!(
        err.to_string()
            .starts_with("invalid request, not sent: 2 invalid parameter(s)")
    );
    assert_eq!(server.count("JoinGameServerSessionBatch"), 0);

    let unchecked = builder(&server)
        .region("ap-guangzhou")
        .validation(false)
        .build_with_env(&|_| None)
        .unwrap();
    unchecked.send(request).await.unwrap();
    assert_eq!(server.count("JoinGameServerSessionBatch"), 1);
}

#[tokio::test]
async fn typed_and_unknown_errors_carry_the_request_id() {
    let server = TestServer::start().await.unwrap();
    server.push(
        "ApplyConcurrent",
        Reply::error("ResourceNotFound.NoIdle", "No idle concurrency."),
    );
    server.push("ApplyConcurrent", Reply::error("Brand.NewCode", "new"));
    let client = client(&server);

    let err = client.send(apply("u1")).await.unwrap_err();
    match &err {
        Error::Service { error, request_id } => {
            assert_eq!(*error, FixtureError::NoIdle("No idle concurrency.".into()));
            assert!(request_id.starts_with("00000000-"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .contains("ResourceNotFound.NoIdle: No idle concurrency. (RequestId ")
    );

    let err = client.send(apply("u1")).await.unwrap_err();
    let e = err.service_error().unwrap();
    assert_eq!((e.code(), e.message()), ("Brand.NewCode", "new"));
    assert_eq!(
        server.count("ApplyConcurrent"),
        2,
        "service errors are not retried"
    );
}

#[tokio::test]
async fn throttling_is_retried_with_backoff_even_for_non_idempotent_actions() {
    let server = TestServer::start().await.unwrap();
    server.push("ApplyConcurrent", Reply::throttled());
    server.push(
        "ApplyConcurrent",
        Reply::error("RequestLimitExceeded.UinLimitExceeded", "per-account limit"),
    );
    server.push("ApplyConcurrent", Reply::success(json!({})));
    let client = client(&server);
    client.send(apply("u1")).await.unwrap();
    assert_eq!(server.count("ApplyConcurrent"), 3);

    server.set_fallback("ApplyConcurrent", Reply::throttled());
    let err = client.send(apply("u1")).await.unwrap_err();
    assert!(err.is_throttling(), "{err:?}");
    assert_eq!(
        server.count("ApplyConcurrent"),
        6,
        "bounded by max_attempts = 3"
    );
}

#[tokio::test]
async fn slow_responses_time_out_and_only_idempotent_actions_retry() {
    let server = TestServer::start().await.unwrap();
    let slow = Reply::success(json!({})).slow(Duration::from_millis(400));
    server.set_fallback("DescribeThings", slow.clone());
    server.set_fallback("ApplyConcurrent", slow);
    let client = client(&server);
    let timeout = Duration::from_millis(60);

    let err = client
        .send(DescribeLike::default())
        .timeout(timeout)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { after } if after == timeout),
        "{err:?}"
    );
    assert!(err.to_string().contains("no response within 60 ms"));
    assert_eq!(server.count("DescribeThings"), 3);

    let err = client.send(apply("u")).timeout(timeout).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(server.count("ApplyConcurrent"), 1, "ambiguous: not retried");

    let opt_in = RetryPolicy {
        retry_ambiguous_non_idempotent: true,
        ..fast_retries()
    };
    let _ = client
        .send(apply("u"))
        .timeout(timeout)
        .retry(opt_in)
        .await
        .unwrap_err();
    assert_eq!(
        server.count("ApplyConcurrent"),
        4,
        "opted in: 3 more attempts"
    );
}

#[tokio::test]
async fn connection_resets_are_ambiguous() {
    let server = TestServer::start().await.unwrap();
    server.push("DescribeThings", Reply::Reset);
    server.push("DescribeThings", Reply::success(json!({"TotalCount": 1})));
    server.set_fallback("ApplyConcurrent", Reply::Reset);
    let client = client(&server);

    assert_eq!(
        client
            .send(DescribeLike::default())
            .await
            .unwrap()
            .total_count,
        1
    );
    assert_eq!(server.count("DescribeThings"), 2);

    let err = client.send(apply("u")).await.unwrap_err();
    match &err {
        Error::Transport { sent, .. } => assert!(*sent),
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("transport error, outcome unknown"),
        "{err}"
    );
    assert_eq!(server.count("ApplyConcurrent"), 1);
}

#[tokio::test]
async fn refused_connections_are_safe_to_retry() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(fast_retries())
        .build_with_env(&|_| None)
        .unwrap();
    let err = client.send(apply("u")).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { sent: false, .. }),
        "{err:?}"
    );
    assert!(err.nothing_sent());
    assert!(
        err.to_string().starts_with("transport error, not sent"),
        "{err}"
    );
}

#[tokio::test]
async fn server_errors_and_bad_bodies() {
    let server = TestServer::start().await.unwrap();
    let gateway = Reply::Raw {
        status: 502,
        body: "<html><body>502 Bad Gateway</body></html>".into(),
    };
    server.push("DescribeThings", gateway.clone());
    server.push("DescribeThings", Reply::success(json!({"TotalCount": 2})));
    server.set_fallback("ApplyConcurrent", gateway);
    let client = client(&server);

    assert_eq!(
        client
            .send(DescribeLike::default())
            .await
            .unwrap()
            .total_count,
        2
    );
    assert_eq!(
        server.count("DescribeThings"),
        2,
        "idempotent 5xx retried once"
    );

    let err = client.send(apply("u")).await.unwrap_err();
    match &err {
        Error::UndecodableResponse {
            status,
            reason,
            excerpt,
            ..
        } => {
            assert_eq!(*status, 502);
            assert!(
                reason.contains("HTTP 502 without a Tencent Cloud envelope"),
                "{reason}"
            );
            assert!(excerpt.contains("502 Bad Gateway"), "{excerpt}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.count("ApplyConcurrent"), 1);

    for (body, expect) in [
        (
            "not json at all",
            "invalid JSON: expected ident at line 1 column 2",
        ),
        (
            r#"{"Response":{"TotalCount":3,"Req"#,
            "invalid JSON: EOF while parsing",
        ),
        (
            r#"{"Response":{"TotalCount":"many","RequestId":"r-1"}}"#,
            "does not match the documented type",
        ),
        (r#"{"Resp":{}}"#, "no `Response` object"),
    ] {
        server.push(
            "DescribeThings",
            Reply::Raw {
                status: 200,
                body: body.into(),
            },
        );
        let err = client.send(DescribeLike::default()).await.unwrap_err();
        match &err {
            Error::UndecodableResponse {
                reason, excerpt, ..
            } => {
                assert!(reason.contains(expect), "{body}: {reason}");
                assert_eq!(excerpt, body);
            }
            other => panic!("{body}: {other:?}"),
        }
    }

    server.push(
        "DescribeThings",
        Reply::Raw {
            status: 200,
            body: r#"{"Response":{"TotalCount":"12","RequestId":34}}"#.into(),
        },
    );
    let drift = client.send(DescribeLike::default()).await.unwrap();
    assert_eq!((drift.total_count, drift.request_id.as_str()), (12, "34"));

    server.set_fallback(
        "ApplyConcurrent",
        Reply::CutShort {
            body: r#"{"Response":{"RequestId":"r-cut"}}"#.into(),
            sent: 10,
        },
    );
    let err = client.send(apply("u")).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { sent: true, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("response body"), "{err}");
}

#[tokio::test]
async fn wrong_keys_get_the_services_auth_error() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("ApplyConcurrent", Reply::success(json!({})));
    let client = Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, "not-the-key").unwrap())
        .base_url(server.base_url())
        .build_with_env(&|_| None)
        .unwrap();
    let err = client.send(apply("u")).await.unwrap_err();
    assert_eq!(
        err.service_error().unwrap().code(),
        "AuthFailure.SignatureFailure"
    );
    assert_eq!(server.count("ApplyConcurrent"), 1);
    assert!(server.received()[0].signature.is_err());
}

#[tokio::test]
async fn tcapi_endpoint_overrides_every_service() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("DescribeThings", Reply::success(json!({})));
    server.set_fallback("ApplyConcurrent", Reply::success(json!({})));
    let url = server.base_url();
    let client = Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .endpoint(Endpoint::International)
        .build_with_env(&|name| (name == "TCAPI_ENDPOINT").then(|| url.clone()))
        .unwrap();
    client.send(DescribeLike::default()).await.unwrap();
    client.send(apply("u")).await.unwrap();
    let services: Vec<_> = server
        .received()
        .into_iter()
        .map(|r| r.service.unwrap())
        .collect();
    assert_eq!(services, ["gse", "car"]);
}

#[tokio::test]
async fn rate_limit_is_shared_by_clones_and_tasks() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("DescribeThings", Reply::success(json!({})));
    let client = client(&server);
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::new();
    // Documented limit 5/s; 11 requests from 11 clones need at least two full seconds.
    for _ in 0..11 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            c.send(DescribeLike::default()).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let mut times: Vec<_> = server.received().iter().map(|r| r.at).collect();
    times.sort();
    // Arrival times carry network jitter; the exact window property is tested with a
    // paused clock in the runtime's own tests.
    for (i, t) in times.iter().enumerate() {
        let within = times[i..]
            .iter()
            .take_while(|&&u| u < *t + Duration::from_millis(950))
            .count();
        assert!(within <= 5, "{within} requests within 950 ms");
    }

    let fail_fast = builder(&server)
        .rate_limit(RateLimitMode::FailFast)
        .build_with_env(&|_| None)
        .unwrap();
    let before = server.count("DescribeThings");
    let mut refused = 0;
    for _ in 0..7 {
        match fail_fast.send(DescribeLike::default()).await {
            Ok(_) => {}
            Err(Error::RateLimited {
                action,
                retry_after,
            }) => {
                assert_eq!(action, "DescribeThings");
                assert!(retry_after <= Duration::from_secs(1));
                refused += 1;
            }
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(refused, 2);
    assert_eq!(server.count("DescribeThings") - before, 5);

    let off = builder(&server)
        .rate_limit(RateLimitMode::Off)
        .build_with_env(&|_| None)
        .unwrap();
    let started = tokio::time::Instant::now();
    for _ in 0..8 {
        off.send(DescribeLike::default()).await.unwrap();
    }
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn secrets_never_reach_debug_errors_or_logs() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl Write for Buffer {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let server = TestServer::start().await.unwrap();
    server.add_key("AKIDLOGTEST0001", "LOGSECRETKEYVALUE");
    server.push("ApplyConcurrent", Reply::throttled());
    server.push("ApplyConcurrent", Reply::success(json!({})));
    server.set_fallback("DescribeThings", Reply::error("FailedOperation", "nope"));

    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = Client::builder()
        .credentials(
            Credentials::with_token("AKIDLOGTEST0001", "LOGSECRETKEYVALUE", "LOGTOKENVALUE")
                .unwrap(),
        )
        .base_url(server.base_url())
        .retry(fast_retries())
        .build_with_env(&|_| None)
        .unwrap();
    client.send(apply("u")).await.unwrap();
    let err = client.send(DescribeLike::default()).await.unwrap_err();
    let prepared = client.prepare(&apply("u")).unwrap();

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("tcapi.call"), "{logs}");
    assert!(logs.contains("action=\"ApplyConcurrent\""), "{logs}");
    assert!(logs.contains("request_id="), "{logs}");
    assert!(logs.contains("retrying"), "{logs}");
    let everything = format!("{logs}\n{client:?}\n{err}\n{err:?}\n{prepared:?}");
    for secret in ["LOGSECRETKEYVALUE", "LOGTOKENVALUE", "Signature="] {
        assert!(!everything.contains(secret), "`{secret}` leaked");
    }
}
