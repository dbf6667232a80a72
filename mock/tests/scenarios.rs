//! Scenario files driving the mock server, seen through the tcapi client and the
//! generated CAR and GSE types.

mod common;

use std::time::Duration;

use common::{ID, KEY, Raw, builder, code};
use tcapi::{Client, CommonError, Credentials, Error, RateLimitMode, RetryPolicy};
use tcapi_car::{
    ApplyConcurrentError, ApplyConcurrentRequest, CreateSessionError, CreateSessionRequest,
};
use tcapi_mock::{LogTarget, StartError};

fn client(base_url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new(ID, KEY).unwrap())
        .base_url(base_url)
        .retry(RetryPolicy::never())
        .rate_limit(RateLimitMode::Off)
        .build_with_env(&|_| None)
        .unwrap()
}

fn apply(user: &str) -> ApplyConcurrentRequest {
    ApplyConcurrentRequest::new(user, "203.0.113.7", "cap-abcdefgh")
}

async fn with(scenario: &str) -> tcapi_mock::MockServer {
    builder()
        .scenario_str("test.yaml", scenario)
        .start()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_sequence_then_the_documented_example() {
    let s = with(
        r#"
actions:
  ApplyConcurrent:
    - replies:
        - { error: ResourceNotFound.NoIdle, times: 2 }
        - response: {}
"#,
    )
    .await;
    let c = client(&s.base_url());
    for _ in 0..2 {
        let e = c.send(apply("u1")).await.unwrap_err();
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
    }
    let ok = c.send(apply("u1")).await.unwrap();
    assert!(!ok.request_id.is_empty());
    // Used up: the documented example answers from now on.
    c.send(apply("u1")).await.unwrap();
    let calls = s.calls_of("ApplyConcurrent");
    assert_eq!(calls.len(), 4);
    assert_eq!(calls[0].code.as_deref(), Some("ResourceNotFound.NoIdle"));
    // The message defaults to the documented description of the code.
    assert_eq!(
        calls[0].message.as_deref(),
        Some("No available concurrency quota.")
    );
    assert_eq!(calls[0].rule.as_deref(), Some("test.yaml:5:11"));
    assert_eq!(calls[2].outcome, "scenario");
    assert_eq!(calls[3].outcome, "example");
}

#[tokio::test]
async fn rules_match_on_parameters_and_region_and_repeat_or_cycle() {
    let s = with(
        r#"
actions:
  ApplyConcurrent:
    - match: { UserId: vip }
      reply: { response: {} }
    - replies:
        - { error: ResourceNotFound.NoIdle, message: "busy, try later" }
        - { error: FailedOperation.ProcessTimeout }
      then: cycle
  CreateSession:
    - replies:
        - { response: { ServerSession: first } }
        - { response: { ServerSession: again } }
      then: repeat
"#,
    )
    .await;
    let c = client(&s.base_url());
    for _ in 0..3 {
        c.send(apply("vip")).await.unwrap();
    }
    let mut codes = Vec::new();
    for _ in 0..4 {
        let e = c.send(apply("someone")).await.unwrap_err();
        codes.push(
            e.service_error()
                .map(|e| tcapi::ServiceError::code(e).to_owned()),
        );
    }
    assert_eq!(
        codes,
        [
            Some("ResourceNotFound.NoIdle".to_owned()),
            Some("FailedOperation.ProcessTimeout".to_owned()),
            Some("ResourceNotFound.NoIdle".to_owned()),
            Some("FailedOperation.ProcessTimeout".to_owned()),
        ]
    );
    assert_eq!(
        s.calls_of("ApplyConcurrent")[3].message.as_deref(),
        Some("busy, try later")
    );
    let sessions: Vec<String> = {
        let mut v = Vec::new();
        for _ in 0..3 {
            v.push(
                c.send(CreateSessionRequest::new("u", "203.0.113.7"))
                    .await
                    .unwrap()
                    .server_session,
            );
        }
        v
    };
    assert_eq!(sessions, ["first", "again", "again"]);
}

#[tokio::test]
async fn delays_and_faults_reach_the_client_as_timeouts_transport_and_decode_errors() {
    let s = with(
        r#"
actions:
  CreateSession:
    - replies:
        - { response: { ServerSession: slow }, delay: 300ms }
        - { fault: reset }
        - { status: 502, body: "<html>bad gateway</html>" }
        - { fault: malformed }
        - { fault: truncated }
        - { fault: stall, delay: 5s }
"#,
    )
    .await;
    let c = client(&s.base_url());
    let req = || CreateSessionRequest::new("u", "203.0.113.7");
    let started = std::time::Instant::now();
    assert_eq!(c.send(req()).await.unwrap().server_session, "slow");
    assert!(started.elapsed() >= Duration::from_millis(300));
    let e = c.send(req()).await.unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "reset: {e:?}");
    let e = c.send(req()).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::UndecodableResponse { status: 502, .. } | Error::Service { .. }
        ),
        "502: {e:?}"
    );
    let e = c.send(req()).await.unwrap_err();
    assert!(
        matches!(e, Error::UndecodableResponse { status: 200, .. }),
        "malformed: {e:?}"
    );
    let e = c.send(req()).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport { .. } | Error::UndecodableResponse { .. }
        ),
        "truncated: {e:?}"
    );
    let started = std::time::Instant::now();
    let e = c
        .send(req())
        .timeout(Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "stall: {e:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    let outcomes: Vec<String> = s.calls().iter().map(|c| c.outcome.clone()).collect();
    assert_eq!(
        &outcomes[..5],
        [
            "scenario",
            "fault:reset",
            "fault:http",
            "fault:malformed",
            "fault:truncated"
        ]
    );
}

#[tokio::test]
async fn scenario_rate_limits_override_the_documented_ones() {
    let s = with("rate_limits: { ApplyConcurrent: 2 }\n").await;
    let body = r#"{"UserId":"u1","UserIp":"203.0.113.7","ProjectId":"cap-abcdefgh"}"#;
    let mut codes = Vec::new();
    for _ in 0..3 {
        let (_, v) = Raw::car("ApplyConcurrent", body).send(s.addr()).await;
        codes.push(code(&v).to_owned());
    }
    assert_eq!(codes, ["", "", "RequestLimitExceeded"]);
    // The client sees it as the common throttling error (no retries configured here).
    let e = client(&s.base_url()).send(apply("u")).await.unwrap_err();
    assert!(e.is_throttling(), "{e:?}");
    assert!(
        matches!(
            e,
            Error::Service {
                error: ApplyConcurrentError::Common(CommonError::RequestLimitExceeded { .. }),
                ..
            }
        ),
        "{e:?}"
    );

    let off = with("rate_limits: off\n").await;
    for _ in 0..30 {
        let (_, v) = Raw::car(
            "CreateApplicationVersion",
            r#"{"ApplicationId":"a","ApplicationFileName":"f.zip"}"#,
        )
        .send(off.addr())
        .await;
        assert_eq!(code(&v), "", "{v}");
    }
}

#[tokio::test]
async fn errors_typed_by_the_action_reach_create_session() {
    let s = with(
        "actions:\n  CreateSession:\n    - reply: { error: ResourceNotFound.SessionNotFound, message: gone }\n",
    )
    .await;
    let e = client(&s.base_url())
        .send(CreateSessionRequest::new("u", "203.0.113.7"))
        .await
        .unwrap_err();
    match e {
        Error::Service { error, request_id } => {
            assert!(!request_id.is_empty());
            assert_eq!(
                tcapi::ServiceError::code(&error),
                "ResourceNotFound.SessionNotFound"
            );
            assert_eq!(tcapi::ServiceError::message(&error), "gone");
            let _ = matches!(error, CreateSessionError::Unknown { .. });
        }
        other => panic!("{other:?}"),
    }
}

fn scenario_error(text: &str) -> String {
    let catalog = common::catalog();
    match tcapi_mock::scenario::parse(std::path::Path::new("bad.yaml"), text, &catalog) {
        Ok(_) => panic!("accepted: {text}"),
        Err(d) => d.to_string(),
    }
}

#[test]
fn scenario_problems_are_reported_with_file_line_column_and_hints() {
    let e = scenario_error("actions:\n  ApplyConcurent:\n    - reply: {}\n");
    assert!(
        e.contains("bad.yaml:2:3: error: no loaded spec has the action `ApplyConcurent`"),
        "{e}"
    );
    assert!(e.contains("did you mean `ApplyConcurrent`?"), "{e}");

    let e = scenario_error("actions:\n  ApplyConcurrent:\n    - reply: { fault: resett }\n");
    assert!(
        e.contains("bad.yaml:3:23: error: unknown fault `resett`"),
        "{e}"
    );
    assert!(e.contains("did you mean `reset`?"), "{e}");

    let e = scenario_error("actions:\n  ApplyConcurrent:\n    - reply: { error: X, delay: 5 }\n");
    assert!(e.contains("bad.yaml:3:33: error: `5` has no unit"), "{e}");

    let e = scenario_error(
        "actions:\n  CreateSession:\n    - reply: { response: { ServerSesion: x } }\n",
    );
    assert!(
        e.contains("bad.yaml:3:28: error: response of `CreateSession`: `ServerSesion`"),
        "{e}"
    );
    assert!(e.contains("did you mean `ServerSession`?"), "{e}");

    let e = scenario_error(
        "actions:\n  CreateSession:\n    - reply: { response: { ServerSession: [5] } }\n",
    );
    assert!(
        e.contains("`ServerSession`: expected String, found a list"),
        "{e}"
    );

    let e = scenario_error(
        "actions:\n  ApplyConcurrent:\n    - match: { UserID: x }\n      reply: {}\n",
    );
    assert!(
        e.contains("bad.yaml:3:16: error: `ApplyConcurrent` has no request parameter `UserID`"),
        "{e}"
    );

    let e = scenario_error(
        "actions:\n  ApplyConcurrent:\n    - replies: []\n      then: loop\n    - {}\n",
    );
    assert!(e.contains("`replies` is empty"), "{e}");
    assert!(e.contains("`then` is `next`, `repeat` or `cycle`"), "{e}");
    assert!(e.contains("a rule needs `replies`"), "{e}");

    let e = scenario_error("actoins: {}\n");
    assert!(
        e.contains("bad.yaml:1:1: error: unknown key `actoins` in a scenario"),
        "{e}"
    );
    assert!(e.contains("did you mean `actions`?"), "{e}");

    let e = scenario_error("actions:\n  A: [\n");
    assert!(e.contains("bad.yaml:"), "{e}");
    assert!(e.contains("YAML syntax error"), "{e}");

    let e = scenario_error("rate_limits: { ApplyConcurrent: 0 }\n");
    assert!(e.contains("positive number"), "{e}");

    let e =
        scenario_error("actions:\n  ApplyConcurrent:\n    - reply: { error: X, response: {} }\n");
    assert!(e.contains("a reply is one of"), "{e}");
}

#[tokio::test]
async fn a_bad_scenario_is_a_start_error_with_exit_code_65() {
    let e = builder()
        .scenario_str("s.yaml", "actions:\n  Nope: []\n")
        .start()
        .await
        .unwrap_err();
    assert_eq!(e.exit_code(), 65);
    assert!(matches!(e, StartError::Scenario(_)));
    let e = builder()
        .scenario_file("/nonexistent/scenario.yaml")
        .start()
        .await
        .unwrap_err();
    assert_eq!(e.exit_code(), 74, "{e}");
}

#[tokio::test]
async fn every_call_is_one_json_log_line() {
    let dir = std::env::temp_dir().join(format!("tcapi-mock-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("calls.jsonl");
    let _ = std::fs::remove_file(&path);
    let s = builder()
        .log(LogTarget::File(path.clone()))
        .scenario_str(
            "s.yaml",
            "actions:\n  ApplyConcurrent:\n    - reply: { error: ResourceNotFound.NoIdle }\n",
        )
        .start()
        .await
        .unwrap();
    let c = client(&s.base_url());
    let _ = c.send(apply("u1")).await;
    let _ = c.send(CreateSessionRequest::new("u", "203.0.113.7")).await;
    s.shutdown().await;
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["action"], "ApplyConcurrent");
    assert_eq!(lines[0]["code"], "ResourceNotFound.NoIdle");
    assert_eq!(lines[0]["rule"], "s.yaml:3:14");
    assert_eq!(lines[0]["service"], "car");
    assert_eq!(lines[0]["secret_id"], ID);
    assert_eq!(lines[1]["outcome"], "example");
    assert!(lines[1]["code"].is_null());
    assert_eq!(lines[1]["status"], 200);
    for l in &lines {
        assert!(l["request_id"].as_str().unwrap().len() == 36);
        assert!(l["latency_ms"].as_f64().unwrap() >= 0.0);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_reference_page_example_is_a_valid_scenario() {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SCENARIOS.md")).unwrap();
    let start = page.find("```yaml\n").unwrap() + "```yaml\n".len();
    let end = start + page[start..].find("```").unwrap();
    let catalog = common::catalog();
    tcapi_mock::scenario::parse(
        std::path::Path::new("SCENARIOS.md"),
        &page[start..end],
        &catalog,
    )
    .unwrap_or_else(|d| panic!("{d}"));
}
