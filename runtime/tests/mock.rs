//! The in-process mocks (`tcapi::mock`): rules, sequences, matching, faults, delays under a
//! paused clock, signature checks, and the client's own retries and rate limits on top.
#![cfg(feature = "mock")]

use std::time::Duration;

use tcapi::mock::doc_example::{
    ApplyConcurrentError, ApplyConcurrentRequest, ApplyConcurrentResponse,
};
use tcapi::mock::{Fault, Mock, Reply};
use tcapi::{Credentials, Error, RateLimitMode, RetryPolicy};
use tokio::time::Instant;

fn req(user: &str) -> ApplyConcurrentRequest {
    ApplyConcurrentRequest {
        user_id: user.to_owned(),
    }
}

fn no_idle() -> Reply<ApplyConcurrentRequest> {
    Reply::error(ApplyConcurrentError::ResourceNotFoundNoIdle {
        message: "none idle".into(),
    })
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(400),
        retry_ambiguous_non_idempotent: false,
    }
}

#[tokio::test]
async fn sequences_answer_in_order_and_calls_are_recorded_typed() {
    let mock = Mock::new();
    let rule = mock.on::<ApplyConcurrentRequest>().replies([
        no_idle(),
        no_idle(),
        Reply::ok(ApplyConcurrentResponse {
            request_id: "fixed-id".into(),
        }),
    ]);
    let client = mock.client().retry(RetryPolicy::never()).build().unwrap();
    for _ in 0..2 {
        let e = client.send(req("u1")).await.unwrap_err();
        assert!(
            matches!(
                e,
                Error::Service {
                    error: ApplyConcurrentError::ResourceNotFoundNoIdle { .. },
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(!e.request_id().unwrap_or_default().is_empty());
    }
    let ok = client.send(req("u2")).await.unwrap();
    assert_eq!(ok.request_id, "fixed-id");
    assert!(rule.is_used_up());
    assert_eq!(rule.hits(), 3);
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 3);
    let users: Vec<String> = mock
        .requests::<ApplyConcurrentRequest>()
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    assert_eq!(users, ["u1", "u1", "u2"]);
    let calls = mock.calls();
    assert_eq!(calls[0].code.as_deref(), Some("ResourceNotFound.NoIdle"));
    assert_eq!(calls[2].code, None);
    assert_eq!(calls[0].service, "car");
    assert!(calls[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn matchers_pick_the_rule_and_fresh_request_ids_are_added() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .when(|r| r.user_id == "vip")
        .reply(Reply::ok(ApplyConcurrentResponse::default()));
    mock.on::<ApplyConcurrentRequest>().reply(no_idle());
    let client = mock.client().retry(RetryPolicy::never()).build().unwrap();
    let a = client.send(req("vip")).await.unwrap();
    let b = client.send(req("vip")).await.unwrap();
    assert_eq!(a.request_id.len(), 36);
    assert_ne!(a.request_id, b.request_id);
    assert!(client.send(req("other")).await.is_err());
}

#[tokio::test]
async fn an_unmatched_call_panics_naming_the_action_and_the_body() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .when(|r| r.user_id == "someone-else")
        .reply(no_idle());
    let client = mock.client().build().unwrap();
    let joined = tokio::spawn(async move { client.send(req("nobody")).await }).await;
    let panic = joined.unwrap_err().into_panic();
    let text = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        text.contains("no rule answers ApplyConcurrent (2022-01-10)"),
        "{text}"
    );
    assert!(text.contains(r#"{"UserId":"nobody"}"#), "{text}");
    assert!(text.contains("1 not matching"), "{text}");

    let mock = Mock::new();
    mock.unmatched_as_error();
    let client = mock.client().retry(RetryPolicy::never()).build().unwrap();
    let e = client.send(req("nobody")).await.unwrap_err();
    let shown = e.to_string();
    assert!(shown.contains("InvalidAction"), "{shown}");
    // No rule gives the type, so which members are secret is unknown: names only.
    assert!(
        shown.contains("members UserId (values not shown"),
        "{shown}"
    );
    assert!(!shown.contains("nobody"), "{shown}");
}

#[tokio::test(start_paused = true)]
async fn delays_and_stalls_run_on_the_paused_clock() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().replies([
        Reply::ok(ApplyConcurrentResponse::default()).after(Duration::from_secs(5)),
        Reply::ok(ApplyConcurrentResponse::default()).after(Duration::from_secs(30)),
        Reply::fault(Fault::Stall),
    ]);
    let client = mock.client().retry(RetryPolicy::never()).build().unwrap();
    let t0 = Instant::now();
    client.send(req("u")).await.unwrap();
    assert_eq!(t0.elapsed(), Duration::from_secs(5));
    // ApplyConcurrent documents a 20 s timeout.
    let t1 = Instant::now();
    let e = client.send(req("u")).await.unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    assert_eq!(t1.elapsed(), Duration::from_secs(20));
    let e = client
        .send(req("u"))
        .timeout(Duration::from_millis(250))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
}

#[tokio::test(start_paused = true)]
async fn faults_are_transport_and_decode_errors_and_retries_follow_the_rules() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().replies([
        Reply::fault(Fault::Reset),
        Reply::fault(Fault::Http(502)),
        Reply::fault(Fault::Malformed),
        Reply::fault(Fault::Truncated),
    ]);
    let client = mock.client().retry(quick()).build().unwrap();
    // ApplyConcurrent is not idempotent: ambiguous failures are not retried.
    let e = client.send(req("u")).await.unwrap_err();
    assert!(matches!(e, Error::Transport { sent: true, .. }), "{e:?}");
    let e = client.send(req("u")).await.unwrap_err();
    assert!(
        matches!(e, Error::UndecodableResponse { status: 502, .. }),
        "{e:?}"
    );
    let e = client.send(req("u")).await.unwrap_err();
    assert!(
        matches!(e, Error::UndecodableResponse { status: 200, .. }),
        "{e:?}"
    );
    let e = client.send(req("u")).await.unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 4);

    // Never sent, and throttled: retried for any action.
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().replies([
        Reply::fault(Fault::Refused),
        Reply::throttled(),
        Reply::ok(ApplyConcurrentResponse::default()),
    ]);
    let client = mock.client().retry(quick()).build().unwrap();
    let t0 = Instant::now();
    client.send(req("u")).await.unwrap();
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 3);
    assert!(t0.elapsed() >= Duration::from_millis(100), "backoff waited");
}

#[tokio::test]
async fn signatures_are_checked() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .reply(Reply::ok(ApplyConcurrentResponse::default()));
    let stranger = tcapi::Client::builder()
        .credentials(Credentials::new("AKIDSTRANGER", "key").unwrap())
        .transport(mock.clone())
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let e = stranger.send(req("u")).await.unwrap_err();
    assert!(
        e.to_string().contains("AuthFailure.SecretIdNotFound"),
        "{e}"
    );
    mock.key("AKIDSTRANGER", "other-key");
    let e = stranger.send(req("u")).await.unwrap_err();
    assert!(
        e.to_string().contains("AuthFailure.SignatureFailure"),
        "{e}"
    );
    mock.key("AKIDSTRANGER", "key");
    stranger.send(req("u")).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn the_client_rate_limit_runs_above_the_mock() {
    // ApplyConcurrent: 100 requests per second, enforced by the client.
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .reply(Reply::ok(ApplyConcurrentResponse::default()));
    let client = mock
        .client()
        .rate_limit(RateLimitMode::Wait)
        .build()
        .unwrap();
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..250 {
        let c = client.clone();
        tasks.push(tokio::spawn(
            async move { c.send(req(&format!("u{i}"))).await },
        ));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert!(t0.elapsed() >= Duration::from_secs(2), "{:?}", t0.elapsed());
    let times: Vec<Instant> = mock.calls().iter().map(|c| c.at).collect();
    for (i, t) in times.iter().enumerate().skip(100) {
        assert!(
            *t - times[i - 100] >= Duration::from_secs(1),
            "more than 100 calls within a second at call {i}"
        );
    }
}

#[test]
#[should_panic(expected = "do not decode into its response")]
fn json_replies_are_checked_against_the_response_type() {
    let _ = Reply::<ApplyConcurrentRequest>::json(serde_json::json!({"RequestId": [1]}));
}

/// Hands out keys with the given lifetimes in turn (`AKIDrot1`, `AKIDrot2`, ...).
#[derive(Debug)]
struct Rotating {
    lifetimes: Vec<Duration>,
    calls: std::sync::atomic::AtomicUsize,
}

impl tcapi::credentials::ProvideCredentials for Rotating {
    fn provide(&self) -> tcapi::credentials::ProvideFuture<'_> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let life = self.lifetimes.get(n).copied().ok_or_else(|| {
                tcapi::CredentialsError::Unreachable {
                    source: "rotating".into(),
                    detail: format!("no keys for call {}", n + 1),
                }
            })?;
            Ok(Credentials::new(format!("AKIDrot{}", n + 1), "key")?
                .expiring_at(std::time::SystemTime::now() + life))
        })
    }
}

#[test]
fn the_client_signs_with_new_keys_after_a_blocked_runtime_let_its_keys_expire() {
    let mock = Mock::new();
    mock.key("AKIDrot1", "key").key("AKIDrot2", "key");
    mock.on::<ApplyConcurrentRequest>()
        .reply(Reply::ok(ApplyConcurrentResponse::default()));
    // One worker: while it is blocked the refresh timer cannot run.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = mock
            .client()
            .credentials_provider(Rotating {
                lifetimes: vec![Duration::from_millis(600), Duration::from_secs(3600)],
                calls: Default::default(),
            })
            .retry(RetryPolicy::never())
            .build()
            .unwrap();
        client.send(req("before")).await.unwrap();
        let c = client.clone();
        tokio::spawn(async move {
            std::thread::sleep(Duration::from_millis(900));
            c.send(req("after")).await.unwrap();
        })
        .await
        .unwrap();
    });
    let ids: Vec<String> = mock
        .calls()
        .iter()
        .map(|c| {
            let auth = c.headers["authorization"].to_str().unwrap();
            auth.split("Credential=").nth(1).unwrap()[..8].to_owned()
        })
        .collect();
    assert_eq!(ids, ["AKIDrot1", "AKIDrot2"]);
}

#[tokio::test]
async fn fixed_keys_past_their_expiry_are_refused_before_sending() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .reply(Reply::ok(ApplyConcurrentResponse::default()));
    let expired = Credentials::new("AKIDold", "key")
        .unwrap()
        .expiring_at(std::time::SystemTime::now() - Duration::from_secs(1));
    let client = tcapi::Client::builder()
        .credentials(expired)
        .transport(mock.clone())
        .build()
        .unwrap();
    let e = client.send(req("u")).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Credentials(tcapi::CredentialsError::Expired { .. })
        ),
        "{e:?}"
    );
    assert!(mock.calls().is_empty(), "nothing was sent");
    let e = client.prepare(&req("u")).unwrap_err();
    assert!(matches!(e, Error::Credentials(_)), "{e:?}");
}
