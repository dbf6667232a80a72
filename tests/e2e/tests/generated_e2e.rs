//! Generated actions of the service crates end to end against the local test server, including the
//! CAR "Starting an Application" flow.

use std::time::Duration;

use serde_json::json;
use tcapi::{Client, CommonError, Credentials, Error, RetryPolicy, ServiceError};
use tcapi_car::start_application::{Patience, StartError, StartRequest, start_application};
use tcapi_car::{
    ApplyConcurrentError, ApplyConcurrentRequest, CreateSessionError, CreateSessionRequest,
};
use tcapi_gaap::CheckProxyCreateRequest;
use tcapi_gse::JoinGameServerSessionBatchRequest;
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

fn quick() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(2),
        max_backoff: Duration::from_millis(10),
        retry_ambiguous_non_idempotent: false,
    }
}

fn client(server: &TestServer) -> Client {
    Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(server.base_url())
        .retry(quick())
        .build_with_env(&|_| None)
        .unwrap()
}

fn start_request() -> StartRequest {
    StartRequest {
        user_id: "user-1".into(),
        user_ip: "203.0.113.7".into(),
        project_id: "cap-abcdefgh".into(),
        client_session: "eyJhYmMiOjEyM30=".into(),
    }
}

fn patience(deadline_ms: u64) -> Patience {
    Patience {
        deadline: Duration::from_millis(deadline_ms),
        backoff: RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
            ..RetryPolicy::default()
        },
    }
}

#[tokio::test]
async fn start_application_retries_no_idle_then_creates_the_session() {
    let server = TestServer::start().await.unwrap();
    for _ in 0..3 {
        server.push(
            "ApplyConcurrent",
            Reply::error("ResourceNotFound.NoIdle", "No available concurrency quota."),
        );
    }
    server.set_fallback("ApplyConcurrent", Reply::success(json!({})));
    server.set_fallback(
        "CreateSession",
        Reply::success(json!({"ServerSession": "eyJ4dHoiOjc4OX0="})),
    );
    let started = start_application(&client(&server), &start_request(), patience(5_000))
        .await
        .unwrap();
    assert_eq!(started.server_session, "eyJ4dHoiOjc4OX0=");
    assert_eq!(started.tries, 4);

    let received = server.received();
    let actions: Vec<_> = received.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "ApplyConcurrent",
            "ApplyConcurrent",
            "ApplyConcurrent",
            "ApplyConcurrent",
            "CreateSession"
        ]
    );
    assert!(
        received
            .iter()
            .all(|r| r.signature.is_ok() && r.service.as_deref() == Some("car"))
    );
    assert!(
        received
            .iter()
            .all(|r| r.version == "2022-01-10" && r.region.is_none())
    );
    assert_eq!(
        received[0].json(),
        json!({"UserId": "user-1", "UserIp": "203.0.113.7", "ProjectId": "cap-abcdefgh"})
    );
    assert_eq!(
        received[4].json(),
        json!({"UserId": "user-1", "UserIp": "203.0.113.7", "ClientSession": "eyJhYmMiOjEyM30="})
    );
}

#[tokio::test]
async fn start_application_gives_up_at_the_deadline_and_reports_typed_errors() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "ApplyConcurrent",
        Reply::error("ResourceNotFound.NoIdle", "No available concurrency quota."),
    );
    let client = client(&server);
    let err = start_application(&client, &start_request(), patience(80))
        .await
        .unwrap_err();
    let StartError::NoIdleConcurrency { tries } = err else {
        panic!("{err:?}")
    };
    assert!(tries >= 2, "{tries}");
    assert_eq!(server.count("ApplyConcurrent"), tries as usize);
    assert_eq!(server.count("CreateSession"), 0);

    server.push(
        "ApplyConcurrent",
        Reply::error("UnsupportedOperation.Stopping", "stopping"),
    );
    let err = start_application(&client, &start_request(), patience(80))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            StartError::Apply(Error::Service {
                error: ApplyConcurrentError::UnsupportedOperationStopping { .. },
                ..
            })
        ),
        "{err:?}"
    );

    server.push("ApplyConcurrent", Reply::success(json!({})));
    server.push(
        "CreateSession",
        Reply::error("FailedOperation.LockTimeout", "reservation expired"),
    );
    let err = start_application(&client, &start_request(), patience(80))
        .await
        .unwrap_err();
    match &err {
        StartError::CreateSession(Error::Service { error, request_id }) => {
            assert_eq!(
                *error,
                CreateSessionError::FailedOperationLockTimeout {
                    message: "reservation expired".into()
                }
            );
            assert!(!request_id.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("CreateSession: FailedOperation.LockTimeout"),
        "{err}"
    );
}

#[tokio::test]
async fn common_codes_decode_into_the_common_variant() {
    let server = TestServer::start().await.unwrap();
    server.push("ApplyConcurrent", Reply::throttled());
    server.push(
        "ApplyConcurrent",
        Reply::error("ServiceUnavailable", "try later"),
    );
    server.push(
        "ApplyConcurrent",
        Reply::error("AuthFailure.UnauthorizedOperation", "no"),
    );
    let client = client(&server);
    let err = client
        .send(ApplyConcurrentRequest::new("u", "203.0.113.7", "cap-1"))
        .await
        .unwrap_err();
    assert_eq!(
        server.count("ApplyConcurrent"),
        3,
        "throttling and ServiceUnavailable retried"
    );
    match err.service_error() {
        Some(ApplyConcurrentError::Common(CommonError::AuthFailureUnauthorizedOperation {
            message,
        })) => assert_eq!(message, "no"),
        other => panic!("{other:?}"),
    }

    let wrong_key = Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, "wrong").unwrap())
        .base_url(server.base_url())
        .build_with_env(&|_| None)
        .unwrap();
    let err = wrong_key
        .send(CreateSessionRequest::new("u", "203.0.113.7"))
        .await
        .unwrap_err();
    let e = err.service_error().unwrap();
    assert!(
        matches!(
            e,
            CreateSessionError::Common(CommonError::AuthFailureSignatureFailure { .. })
        ),
        "{e:?}"
    );
    assert_eq!(e.code(), "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn gse_join_needs_a_region_validates_and_decodes_sessions() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "JoinGameServerSessionBatch",
        Reply::success(json!({"PlayerSessions": [
            {"PlayerId": "p1", "Port": "7777", "IpAddress": "10.0.0.2", "Status": "RESERVED",
             "GameServerSessionId": "gssess-1", "CreationTime": "2024-01-01T00:00:00Z", "DnsName": null}
        ]})),
    );
    let client = client(&server);
    let request = JoinGameServerSessionBatchRequest::new("gssess-1", vec!["p1".into()]);

    let err = client.send(request.clone()).await.unwrap_err();
    let Error::InvalidRequest(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(v.0[0].path, "Region");
    assert_eq!(server.count("JoinGameServerSessionBatch"), 0);

    let too_many = JoinGameServerSessionBatchRequest::new(
        "gssess-1",
        (0..26).map(|i| format!("p{i}")).collect(),
    );
    let err = client
        .send(too_many)
        .region("ap-guangzhou")
        .await
        .unwrap_err();
    let Error::InvalidRequest(v) = &err else {
        panic!("{err:?}")
    };
    assert!(v.iter().any(|x| x.path == "PlayerIds"), "{v}");
    assert_eq!(server.count("JoinGameServerSessionBatch"), 0);

    let response = client.send(request).region("ap-guangzhou").await.unwrap();
    let sessions = response.player_sessions.unwrap();
    assert_eq!(sessions[0].player_id.as_deref(), Some("p1"));
    assert_eq!(sessions[0].port, 7777);
    assert_eq!(sessions[0].dns_name, None);
    let r = &server.received()[0];
    assert_eq!(r.region.as_deref(), Some("ap-guangzhou"));
    assert_eq!(
        (r.service.as_deref(), r.version.as_str()),
        (Some("gse"), "2019-11-12")
    );
    assert_eq!(
        r.json(),
        json!({"GameServerSessionId": "gssess-1", "PlayerIds": ["p1"]})
    );
}

#[tokio::test]
async fn gaap_check_proxy_create_round_trip() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("CheckProxyCreate", Reply::success(json!({"CheckFlag": 1})));
    let response = client(&server)
        .send(CheckProxyCreateRequest::new("Guangzhou", "Beijing", 10, 2))
        .await
        .unwrap();
    assert_eq!(response.check_flag, 1);
    assert!(!response.request_id.is_empty());
    let r = &server.received()[0];
    assert_eq!(r.action, "CheckProxyCreate");
    assert_eq!(r.service.as_deref(), Some("gaap"));
    assert_eq!(r.json()["Bandwidth"], 10);
}
