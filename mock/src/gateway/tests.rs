//! The gateway's rules without a socket: each check, in its order, answers with its code;
//! a request that passes them gets the scenario's reply or the documented example.

use std::path::Path;

use tcapi::sign::{SignInput, authorization};

use super::*;
use crate::log::CallRecord;

const ID: &str = "AKIDGATEWAY";
const KEY: &str = "gateway-secret";
const HOST: &str = "car.tencentcloudapi.com";
const JSON: &str = "application/json";

fn catalog() -> Arc<Catalog> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let paths = [specs.join("common.yaml"), specs.join("car")];
    Arc::new(Catalog::load(&paths).unwrap_or_else(|d| panic!("{d}")))
}

fn gateway(scenario: &str) -> Gateway {
    let catalog = catalog();
    let scenario = if scenario.is_empty() {
        Scenario::default()
    } else {
        scenario::parse(Path::new("test.yaml"), scenario, &catalog)
            .unwrap_or_else(|d| panic!("{d}"))
    };
    Gateway::new(catalog, [(ID.to_owned(), KEY.to_owned())], scenario, true)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A head for `action`, signed over `body` with `key` at `timestamp`.
fn signed(action: &str, body: &[u8], key: &str, timestamp: i64) -> Head {
    let input = SignInput {
        service: "car",
        host: HOST,
        content_type: JSON,
        timestamp,
        payload: body,
    };
    Head {
        action: Some(action.to_owned()),
        version: Some("2022-01-10".to_owned()),
        region: None,
        host: HOST.to_owned(),
        content_type: JSON.to_owned(),
        params: None,
        timestamp: Some(timestamp.to_string()),
        authorization: Some(authorization(ID, key, &input)),
        post: true,
    }
}

/// The code answered (`None`: a success) and the record's outcome.
fn decide_on(gw: &Gateway, head: &Head, body: &[u8]) -> (Option<String>, String, Answer) {
    let mut call = Call {
        record: CallRecord {
            time_ms: 0,
            remote: "test".to_owned(),
            service: String::new(),
            version: String::new(),
            action: String::new(),
            region: None,
            secret_id: None,
            request: Value::Null,
            status: 200,
            code: None,
            message: None,
            request_id: "req-1".to_owned(),
            outcome: "check".to_owned(),
            rule: None,
            latency_ms: 0.0,
        },
        delay: Duration::ZERO,
    };
    let answer = decide(gw, head, &Bytes::copy_from_slice(body), &mut call);
    (call.record.code, call.record.outcome, answer)
}

const APPLY: &[u8] = br#"{"UserId":"u-1","UserIp":"203.0.113.7","ProjectId":"cap-1"}"#;

#[test]
fn a_signed_valid_request_gets_the_documented_example() {
    let gw = gateway("");
    let (code, outcome, answer) =
        decide_on(&gw, &signed("ApplyConcurrent", APPLY, KEY, now()), APPLY);
    assert_eq!((code, outcome.as_str()), (None, "example"));
    let Answer::Envelope { status, body } = answer else {
        panic!("an envelope")
    };
    assert_eq!(status, 200);
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("\"RequestId\":\"req-1\""), "{text}");
}

#[test]
fn each_check_answers_with_its_code_in_order() {
    let gw = gateway("");
    let ok = || signed("ApplyConcurrent", APPLY, KEY, now());
    let cases: Vec<(&str, Head, &[u8], &str)> = vec![
        (
            "not POST",
            Head {
                post: false,
                ..ok()
            },
            APPLY,
            "UnsupportedProtocol",
        ),
        (
            "no action",
            Head {
                action: None,
                ..ok()
            },
            APPLY,
            "MissingParameter",
        ),
        (
            "no version",
            Head {
                version: Some(String::new()),
                ..ok()
            },
            APPLY,
            "MissingParameter",
        ),
        (
            "no timestamp",
            Head {
                timestamp: None,
                ..ok()
            },
            APPLY,
            "MissingParameter",
        ),
        (
            "a timestamp that is no number",
            Head {
                timestamp: Some("soon".into()),
                ..ok()
            },
            APPLY,
            "InvalidParameterValue",
        ),
        (
            "unsigned",
            Head {
                authorization: None,
                ..ok()
            },
            APPLY,
            "AuthFailure.SignatureFailure",
        ),
        (
            "a malformed Authorization",
            Head {
                authorization: Some("Basic abc".into()),
                ..ok()
            },
            APPLY,
            "AuthFailure.InvalidAuthorization",
        ),
        (
            "another key",
            signed("ApplyConcurrent", APPLY, "wrong-secret", now()),
            APPLY,
            "AuthFailure.SignatureFailure",
        ),
        (
            "an old signature",
            signed("ApplyConcurrent", APPLY, KEY, now() - MAX_CLOCK_SKEW - 60),
            APPLY,
            "AuthFailure.SignatureExpire",
        ),
        (
            "a body other than the signed one",
            ok(),
            br#"{"UserId":"u-2","UserIp":"203.0.113.7","ProjectId":"cap-1"}"#,
            "AuthFailure.SignatureFailure",
        ),
        (
            "an unknown version",
            Head {
                version: Some("2019-01-01".into()),
                ..ok()
            },
            APPLY,
            "NoSuchVersion",
        ),
        (
            "an unknown action",
            signed("ApplyConcurent", APPLY, KEY, now()),
            APPLY,
            "InvalidAction",
        ),
        (
            "a region that is no region",
            Head {
                region: Some("Guangzhou".into()),
                ..ok()
            },
            APPLY,
            "InvalidParameterValue",
        ),
        (
            "a required parameter missing",
            signed("ApplyConcurrent", br#"{"UserId":"u-1"}"#, KEY, now()),
            br#"{"UserId":"u-1"}"#,
            "MissingParameter",
        ),
        (
            "a body that is no object",
            signed("ApplyConcurrent", b"[1]", KEY, now()),
            b"[1]",
            "InvalidParameter",
        ),
    ];
    for (what, head, body, expected) in cases {
        let (code, _, _) = decide_on(&gw, &head, body);
        assert_eq!(code.as_deref(), Some(expected), "{what}");
    }
}

#[test]
fn an_unknown_secret_id_is_named_and_an_unknown_action_gets_a_suggestion() {
    let gw = Gateway::new(
        catalog(),
        [("AKIDOTHER".to_owned(), KEY.to_owned())],
        Scenario::default(),
        true,
    );
    let (code, _, answer) = decide_on(&gw, &signed("ApplyConcurrent", APPLY, KEY, now()), APPLY);
    assert_eq!(code.as_deref(), Some("AuthFailure.SecretIdNotFound"));
    let Answer::Envelope { body, .. } = answer else {
        panic!("an envelope")
    };
    assert!(String::from_utf8(body).unwrap().contains(ID));

    let gw = gateway("");
    let (_, _, answer) = decide_on(&gw, &signed("ApplyConcurent", APPLY, KEY, now()), APPLY);
    let Answer::Envelope { body, .. } = answer else {
        panic!("an envelope")
    };
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("did you mean `ApplyConcurrent`?"), "{text}");
}

#[test]
fn scenario_replies_answer_in_order_then_the_example() {
    let gw = gateway(
        "actions:\n  ApplyConcurrent:\n    - replies:\n        - { error: ResourceNotFound.NoIdle }\n        - { fault: reset }\n",
    );
    let head = || signed("ApplyConcurrent", APPLY, KEY, now());
    let (code, outcome, _) = decide_on(&gw, &head(), APPLY);
    assert_eq!(
        (code.as_deref(), outcome.as_str()),
        (Some("ResourceNotFound.NoIdle"), "scenario")
    );
    let (code, outcome, answer) = decide_on(&gw, &head(), APPLY);
    assert_eq!((code, outcome.as_str()), (None, "fault:reset"));
    assert!(matches!(answer, Answer::Fault(Fault::Reset)));
    let (code, outcome, _) = decide_on(&gw, &head(), APPLY);
    assert_eq!((code, outcome.as_str()), (None, "example"));
}

#[test]
fn the_documented_rate_limit_is_kept_per_key_and_action() {
    // ApplyConcurrent allows 100 requests a second.
    let gw = gateway("");
    let codes: Vec<Option<String>> = (0..101)
        .map(|_| decide_on(&gw, &signed("ApplyConcurrent", APPLY, KEY, now()), APPLY).0)
        .collect();
    assert!(codes[..100].iter().all(Option::is_none), "{codes:?}");
    assert_eq!(codes[100].as_deref(), Some("RequestLimitExceeded"));
}

#[test]
fn regions_are_named_as_tencent_cloud_names_them() {
    for good in [
        "ap-guangzhou",
        "na-siliconvalley",
        "ap-shanghai-fsi",
        "eu-frankfurt-1",
    ] {
        assert!(is_region(good), "{good}");
    }
    for bad in [
        "",
        "guangzhou",
        "AP-guangzhou",
        "ap-",
        "-ap",
        "ap guangzhou",
        "ap--x",
    ] {
        assert!(!is_region(bad), "{bad}");
    }
}
