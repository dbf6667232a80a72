//! The checks the mock server makes before answering, each answered with Tencent Cloud's
//! common error code, over raw signed HTTP requests.

mod common;

use common::{ID, Raw, code, message, server};
use serde_json::json;

const APPLY: &str = r#"{"UserId":"u1","UserIp":"203.0.113.7","ProjectId":"cap-abcdefgh"}"#;

#[tokio::test]
async fn signed_call_gets_the_documented_example_with_a_fresh_request_id() {
    let s = server().await;
    let (status, v) = Raw::car("CreateSession", r#"{"UserId":"u1","UserIp":"203.0.113.7"}"#)
        .send(s.addr())
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["Response"]["ServerSession"], "eyJ4dHoiOjc4OX0=", "{v}");
    let id1 = v["Response"]["RequestId"].as_str().unwrap().to_owned();
    let (_, v2) = Raw::car("CreateSession", r#"{"UserId":"u1","UserIp":"203.0.113.7"}"#)
        .send(s.addr())
        .await;
    let id2 = v2["Response"]["RequestId"].as_str().unwrap();
    assert_ne!(id1, id2);
    assert_ne!(id1, "fcf4146f-64d3-496c-88dc-d12f832de313");
    let calls = s.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].outcome, "example");
    assert_eq!(calls[0].service, "car");
    assert_eq!(calls[0].request["UserId"], "u1");
}

#[tokio::test]
async fn wrong_key_is_a_signature_failure_and_unknown_id_is_not_found() {
    let s = server().await;
    let (_, v) = Raw {
        secret_key: "not-the-key",
        ..Raw::car("ApplyConcurrent", APPLY)
    }
    .send(s.addr())
    .await;
    assert_eq!(code(&v), "AuthFailure.SignatureFailure", "{v}");
    assert!(v["Response"]["RequestId"].is_string());

    let (_, v) = Raw {
        secret_id: "AKIDUNKNOWN",
        ..Raw::car("ApplyConcurrent", APPLY)
    }
    .send(s.addr())
    .await;
    assert_eq!(code(&v), "AuthFailure.SecretIdNotFound", "{v}");

    let (_, v) = Raw {
        sign: false,
        ..Raw::car("ApplyConcurrent", APPLY)
    }
    .send(s.addr())
    .await;
    assert_eq!(code(&v), "AuthFailure.SignatureFailure", "{v}");

    let (_, v) = Raw {
        timestamp: common::now() - 3600,
        ..Raw::car("ApplyConcurrent", APPLY)
    }
    .send(s.addr())
    .await;
    assert_eq!(code(&v), "AuthFailure.SignatureExpire", "{v}");

    // Signed for another service than the one the action belongs to.
    let (_, v) = Raw {
        service: "gse",
        ..Raw::car("ApplyConcurrent", APPLY)
    }
    .send(s.addr())
    .await;
    // The credential scope routes to gse, which has no ApplyConcurrent.
    assert_eq!(code(&v), "NoSuchVersion", "{v}");
}

#[tokio::test]
async fn action_and_version_are_checked() {
    let s = server().await;
    let (_, v) = Raw::car("ApplyConcurent", APPLY).send(s.addr()).await;
    assert_eq!(code(&v), "InvalidAction");
    assert!(
        message(&v).contains("did you mean `ApplyConcurrent`"),
        "{v}"
    );

    let (_, v) = Raw::new("car", "2019-01-01", "ApplyConcurrent", APPLY)
        .send(s.addr())
        .await;
    assert_eq!(code(&v), "NoSuchVersion");
    assert!(message(&v).contains("2022-01-10"), "{v}");

    let (_, v) = Raw::new("nosuch", "2017-03-12", "DescribeInstances", "{}")
        .send(s.addr())
        .await;
    assert_eq!(code(&v), "InvalidAction");

    let (_, v) = Raw {
        method: "GET",
        ..Raw::car("ApplyConcurrent", "")
    }
    .send(s.addr())
    .await;
    assert_eq!(code(&v), "UnsupportedProtocol");
}

#[tokio::test]
async fn region_rule_is_applied() {
    let s = server().await;
    let body = r#"{"GameServerSessionId":"gssess-1","PlayerIds":["p1"]}"#;
    let (_, v) = Raw {
        region: None,
        ..Raw::gse("JoinGameServerSessionBatch", body)
    }
    .send(s.addr())
    .await;
    assert_eq!(code(&v), "MissingParameter");
    assert!(message(&v).contains("Region"), "{v}");

    let (_, v) = Raw {
        region: Some("Guangzhou"),
        ..Raw::gse("JoinGameServerSessionBatch", body)
    }
    .send(s.addr())
    .await;
    assert_eq!(code(&v), "InvalidParameterValue", "{v}");

    let (_, v) = Raw::gse("JoinGameServerSessionBatch", body)
        .send(s.addr())
        .await;
    assert!(v["Response"]["Error"].is_null(), "{v}");
    assert!(v["Response"]["PlayerSessions"].is_array(), "{v}");

    // CAR does not use a region: sending one is harmless.
    let (_, v) = Raw {
        region: Some("ap-shanghai"),
        ..Raw::car("ApplyConcurrent", APPLY)
    }
    .send(s.addr())
    .await;
    assert!(v["Response"]["Error"].is_null(), "{v}");
}

#[tokio::test]
async fn required_parameters_types_and_constraints_name_the_member() {
    let s = server().await;
    let cases = [
        (
            r#"{"UserId":"u1","UserIp":"1.2.3.4"}"#,
            "MissingParameter",
            "`ProjectId`",
        ),
        (
            r#"{"UserId":5,"UserIp":"1.2.3.4","ProjectId":"p"}"#,
            "InvalidParameter",
            "`UserId`: expected String, found number 5",
        ),
        (
            r#"{"UserId":"u","UserIp":"1.2.3.4","ProjectId":"p","Extra":1}"#,
            "UnknownParameter",
            "`Extra`",
        ),
        (r#"[1,2]"#, "InvalidParameter", "not a JSON object"),
        (r#"{"UserId":"#, "InvalidParameter", "not JSON"),
    ];
    for (body, want, text) in cases {
        let (_, v) = Raw::car("ApplyConcurrent", body).send(s.addr()).await;
        assert_eq!(code(&v), want, "{body}: {v}");
        assert!(message(&v).contains(text), "{body}: {v}");
    }
    let gse = [
        (
            r#"{"GameServerSessionId":"","PlayerIds":["p"]}"#,
            "`GameServerSessionId`: length must be between 1 and 256 characters, is 0",
        ),
        (
            r#"{"GameServerSessionId":"g","PlayerIds":[]}"#,
            "`PlayerIds`: must have between 1 and 25 items, has 0",
        ),
        (
            r#"{"GameServerSessionId":"g","PlayerIds":["p"],"PlayerDataMap":{"Key":"k","Value":"é"}}"#,
            "`PlayerDataMap.Value`: must be ASCII only",
        ),
    ];
    for (body, text) in gse {
        let (_, v) = Raw::gse("JoinGameServerSessionBatch", body)
            .send(s.addr())
            .await;
        assert_eq!(code(&v), "InvalidParameterValue", "{body}: {v}");
        assert!(message(&v).contains(text), "{body}: {v}");
    }
    let (_, v) = Raw::gse(
        "JoinGameServerSessionBatch",
        r#"{"GameServerSessionId":"g","PlayerIds":["p", 7],"PlayerDataMap":{"Key":"k"}}"#,
    )
    .send(s.addr())
    .await;
    // Missing comes first; the other kinds are counted.
    assert_eq!(code(&v), "MissingParameter", "{v}");
    assert!(message(&v).contains("`PlayerDataMap.Value`"), "{v}");
    assert!(message(&v).contains("and 1 other problem"), "{v}");
    let too_many: Vec<String> = (0..26).map(|i| format!("p{i}")).collect();
    let body = json!({"GameServerSessionId": "g", "PlayerIds": too_many}).to_string();
    let (_, v) = Raw::gse("JoinGameServerSessionBatch", &body)
        .send(s.addr())
        .await;
    assert!(
        message(&v).contains("at most 25") || message(&v).contains("between 1 and 25"),
        "{v}"
    );
}

#[tokio::test]
async fn documented_rate_limit_answers_request_limit_exceeded() {
    // CreateApplicationVersion: 20 requests per second.
    let s = server().await;
    let body = r#"{"ApplicationId":"app-1","ApplicationFileName":"app.zip"}"#;
    let mut codes = Vec::new();
    for _ in 0..25 {
        let (_, v) = Raw::car("CreateApplicationVersion", body)
            .send(s.addr())
            .await;
        codes.push(code(&v).to_owned());
    }
    let ok = codes.iter().filter(|c| c.is_empty()).count();
    let limited = codes
        .iter()
        .filter(|c| *c == "RequestLimitExceeded")
        .count();
    assert_eq!((ok, limited), (20, 5), "{codes:?}");
    // Limits are per key: another SecretId has its own window.
    let s2 = common::builder()
        .key("AKIDOTHER", "other-key")
        .start()
        .await
        .unwrap();
    for _ in 0..20 {
        let (_, v) = Raw::car("CreateApplicationVersion", body)
            .send(s2.addr())
            .await;
        assert_eq!(code(&v), "", "{v}");
    }
    let (_, v) = Raw {
        secret_id: "AKIDOTHER",
        secret_key: "other-key",
        ..Raw::car("CreateApplicationVersion", body)
    }
    .send(s2.addr())
    .await;
    assert_eq!(code(&v), "", "{v}");
    assert_eq!(
        s2.calls().last().unwrap().secret_id.as_deref(),
        Some("AKIDOTHER")
    );
    let _ = ID;
}

#[tokio::test]
async fn rate_limits_can_be_turned_off() {
    let s = common::builder().rate_limits(false).start().await.unwrap();
    let body = r#"{"ApplicationId":"app-1","ApplicationFileName":"app.zip"}"#;
    for _ in 0..25 {
        let (_, v) = Raw::car("CreateApplicationVersion", body)
            .send(s.addr())
            .await;
        assert_eq!(code(&v), "", "{v}");
    }
}

fn demo_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

async fn demo() -> tcapi_mock::MockServer {
    tcapi_mock::MockServer::builder()
        .specs(demo_dir())
        .key(ID, common::KEY)
        .start()
        .await
        .unwrap()
}

fn demo_call(body: &str) -> Raw<'_> {
    Raw::new("demo", "2024-01-01", "DescribeThings", body)
}

#[tokio::test]
async fn actions_without_examples_answer_a_minimal_valid_response() {
    let s = demo().await;
    let (_, v) = demo_call("{}").send(s.addr()).await;
    let r = &v["Response"];
    assert_eq!(r["Total"], 0, "{v}");
    assert_eq!(r["Things"], json!([]), "{v}");
    assert_eq!(r["Best"]["Id"], "", "{v}");
    assert_eq!(r["Best"]["Size"], "BIG", "{v}");
    // A nullable member answers null (a required one would recurse without end).
    assert!(r["Best"]["Parent"].is_null(), "{v}");
    assert!(r["Note"].is_null(), "{v}");
    assert!(r["RequestId"].is_string(), "{v}");
    assert_eq!(s.calls()[0].outcome, "minimal");
}

#[tokio::test]
async fn numeric_pattern_enum_and_nested_constraints() {
    let s = tcapi_mock::MockServer::builder()
        .specs(demo_dir())
        .key(ID, common::KEY)
        .rate_limits(false)
        .start()
        .await
        .unwrap();
    let cases = [
        (
            r#"{"Limit":0}"#,
            "InvalidParameterValue",
            "`Limit`: must be between 1 and 100, is 0",
        ),
        (
            r#"{"Limit":1.5}"#,
            "InvalidParameter",
            "`Limit`: expected Integer",
        ),
        (
            r#"{"Limit":"five"}"#,
            "InvalidParameter",
            "`Limit`: expected Integer, found string \"five\"",
        ),
        // Numbers written as strings are read as numbers, as Tencent Cloud does.
        (
            r#"{"Limit":"500"}"#,
            "InvalidParameterValue",
            "`Limit`: must be between 1 and 100, is 500",
        ),
        (
            r#"{"Ratio":1.5}"#,
            "InvalidParameterValue",
            "`Ratio`: must be between 0 and 1, is 1.5",
        ),
        (
            r#"{"Offset":-1}"#,
            "InvalidParameter",
            "`Offset`: expected UInt64 (unsigned)",
        ),
        (
            r#"{"Name":"Bad_Name"}"#,
            "InvalidParameterValue",
            "`Name`: must match the pattern",
        ),
        (
            r#"{"Kind":"HUGE"}"#,
            "InvalidParameterValue",
            "`Kind`: must be one of BIG | SMALL",
        ),
        (
            r#"{"Enabled":"yes"}"#,
            "InvalidParameter",
            "`Enabled`: expected Boolean",
        ),
        (
            r#"{"Filters":[{"Name":"a","Values":[]}]}"#,
            "InvalidParameterValue",
            "`Filters[0].Values`: must have between 1 and 5 items",
        ),
        (
            r#"{"Filters":[{"Name":"a","Values":["x"]},{"Values":["y"]}]}"#,
            "MissingParameter",
            "`Filters[1].Name`",
        ),
        (
            r#"{"Filters":[{"Name":"a","Values":["x"],"Nam":"b"}]}"#,
            "UnknownParameter",
            "`Filters[0].Nam`: `Filter` has no parameter of this name; did you mean `Name`?",
        ),
        (
            r#"{"Filters":{"Name":"a"}}"#,
            "InvalidParameter",
            "`Filters`: expected [Filter], found an object",
        ),
    ];
    for (body, want, text) in cases {
        let (_, v) = demo_call(body).send(s.addr()).await;
        assert_eq!(code(&v), want, "{body}: {v}");
        assert!(message(&v).contains(text), "{body}: {v}");
    }
    let (_, v) = demo_call(r#"{"Limit":"7","Offset":"3","Ratio":"0.5","Enabled":"true"}"#)
        .send(s.addr())
        .await;
    assert_eq!(code(&v), "", "{v}");
    let ok = r#"{"Limit":100,"Ratio":0.5,"Offset":7,"Name":"a-1","Kind":"SMALL","Enabled":true,"Filters":[{"Name":"a","Values":["x"]}]}"#;
    let (_, v) = demo_call(ok).send(s.addr()).await;
    assert_eq!(code(&v), "", "{v}");
}

#[tokio::test]
async fn sensitive_members_are_masked_in_the_call_records() {
    let s = server().await;
    let body = r#"{"UserId":"u1","UserIp":"203.0.113.7","ClientSession":"ice-pwd-secret"}"#;
    // Answered, and answered after a failed check (the signature), alike.
    let (status, _) = Raw::car("CreateSession", body).send(s.addr()).await;
    assert_eq!(status, 200);
    let (_, v) = Raw {
        secret_key: "not-the-key",
        ..Raw::car("CreateSession", body)
    }
    .send(s.addr())
    .await;
    assert_eq!(code(&v), "AuthFailure.SignatureFailure", "{v}");
    let calls = s.calls();
    assert_eq!(calls.len(), 2);
    for call in &calls {
        assert_eq!(call.request["UserId"], "u1");
        assert_eq!(call.request["ClientSession"], tcapi::json::REDACTED);
        assert!(!call.request.to_string().contains("ice-pwd-secret"));
    }
}
