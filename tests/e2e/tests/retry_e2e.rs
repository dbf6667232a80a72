//! Retry rules that use what the specs know: the action's own retryable codes, HTTP 429 and
//! 503 without an envelope, and `ClientToken` making a non-idempotent action safe to repeat.

use std::time::Duration;

use serde_json::json;
use tcapi::{Client, Credentials, Error, RetryPolicy, ServiceError};
use tcapi_tests::fixtures::{ApplyLike, CreateLike, FixtureError};
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(server.base_url())
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            retry_ambiguous_non_idempotent: false,
        })
        .build_with_env(&|_| None)
        .unwrap()
}

fn apply() -> ApplyLike {
    ApplyLike {
        user_id: "u".into(),
        user_ip: "10.0.0.1".into(),
        project_id: "cap-1".into(),
    }
}

fn raw(status: u16, body: &str) -> Reply {
    Reply::Raw {
        status,
        body: body.to_owned(),
    }
}

#[tokio::test]
async fn bare_429_is_throttling_and_bare_503_is_unavailable() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "ApplyConcurrent",
        raw(429, "<html>Too Many Requests</html>"),
    );
    let e = client(&server).send(apply()).await.unwrap_err();
    assert!(e.is_throttling(), "{e:?}");
    assert!(
        matches!(
            e.service_error(),
            Some(FixtureError::Unknown { code, message })
                if code == "RequestLimitExceeded" && message.contains("HTTP 429")
        ),
        "{e:?}"
    );
    assert_eq!(
        server.count("ApplyConcurrent"),
        3,
        "throttling is retried for any action"
    );

    server.set_fallback("ApplyConcurrent", raw(503, ""));
    let e = client(&server).send(apply()).await.unwrap_err();
    assert_eq!(e.service_error().unwrap().code(), "ServiceUnavailable");
    assert_eq!(server.count("ApplyConcurrent"), 6);

    // Still retried into a success.
    server.push("ApplyConcurrent", raw(503, "busy"));
    server.push("ApplyConcurrent", Reply::success(json!({})));
    client(&server).send(apply()).await.unwrap();
    assert_eq!(server.count("ApplyConcurrent"), 8);

    // 502 stays ambiguous: not repeated for a non-idempotent action.
    server.set_fallback("ApplyConcurrent", raw(502, "bad gateway"));
    let e = client(&server).send(apply()).await.unwrap_err();
    assert!(
        matches!(e, Error::UndecodableResponse { status: 502, .. }),
        "{e:?}"
    );
    assert_eq!(server.count("ApplyConcurrent"), 9);
}

#[tokio::test]
async fn the_actions_own_retryable_codes_are_retried() {
    let server = TestServer::start().await.unwrap();
    server.push(
        "ApplyConcurrent",
        Reply::error("ResourceUnavailable.Warming", "soon"),
    );
    server.push("ApplyConcurrent", Reply::success(json!({})));
    client(&server).send(apply()).await.unwrap();
    assert_eq!(server.count("ApplyConcurrent"), 2);

    server.push(
        "ApplyConcurrent",
        Reply::error("ResourceUnavailable.Other", "no"),
    );
    let e = client(&server).send(apply()).await.unwrap_err();
    assert_eq!(
        e.service_error().unwrap().code(),
        "ResourceUnavailable.Other"
    );
    assert_eq!(server.count("ApplyConcurrent"), 3, "other codes are final");
}

#[tokio::test]
async fn a_client_token_is_generated_once_and_makes_ambiguous_failures_retryable() {
    let server = TestServer::start().await.unwrap();
    server.push("CreateThing", raw(502, "bad gateway"));
    server.push("CreateThing", Reply::Reset);
    server.push("CreateThing", Reply::success(json!({})));
    client(&server)
        .send(CreateLike {
            name: "x".into(),
            client_token: None,
        })
        .await
        .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 3, "retried after a 502 and a reset");
    let token = received[0].json()["ClientToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 36);
    for r in &received {
        assert_eq!(
            r.json()["ClientToken"],
            token.as_str(),
            "one token for every attempt"
        );
    }

    // A caller's own token is kept; a new call gets a new generated one.
    server.set_fallback("CreateThing", Reply::success(json!({})));
    let c = client(&server);
    c.send(CreateLike {
        name: "y".into(),
        client_token: Some("mine-1".into()),
    })
    .await
    .unwrap();
    c.send(CreateLike::default()).await.unwrap();
    let received = server.received();
    assert_eq!(received[3].json()["ClientToken"], "mine-1");
    let fresh = received[4].json()["ClientToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(fresh, token);
}
