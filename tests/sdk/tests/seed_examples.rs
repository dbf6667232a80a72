//! Each seed page's documented examples deserialize into the generated types, and the
//! request examples pass validation.

use tcapi_sdk_tests::{check_examples, examples};
use {tcapi_car as car, tcapi_gaap as gaap, tcapi_gse as gse};

#[test]
fn car_examples() {
    assert!(check_examples::<car::ApplyConcurrentRequest>("car") >= 1);
    assert!(check_examples::<car::CreateApplicationVersionRequest>("car") >= 1);
    assert!(check_examples::<car::CreateSessionRequest>("car") >= 1);
}

#[test]
fn gaap_example_with_numbers_as_strings() {
    // The documented request writes "Bandwidth": "10"; the Integer field accepts it.
    assert_eq!(check_examples::<gaap::CheckProxyCreateRequest>("gaap"), 1);
    let ex = &examples("gaap", "CheckProxyCreate")[0];
    let req: gaap::CheckProxyCreateRequest = serde_json::from_str(&ex.request.value).unwrap();
    assert_eq!(req.bandwidth, 10);
    assert_eq!(req.concurrent, 2);
    let resp: serde_json::Value = serde_json::from_str(&ex.response.value).unwrap();
    let resp: gaap::CheckProxyCreateResponse =
        serde_json::from_value(resp["Response"].clone()).unwrap();
    assert_eq!(resp.check_flag, 1);
    assert_eq!(resp.request_id, "5c680029-66b2-4be8-9630-7bd316ce70dd");
}

#[test]
fn gse_example() {
    assert_eq!(
        check_examples::<gse::JoinGameServerSessionBatchRequest>("gse"),
        1
    );
    let ex = &examples("gse", "JoinGameServerSessionBatch")[0];
    let resp: serde_json::Value = serde_json::from_str(&ex.response.value).unwrap();
    let resp: gse::JoinGameServerSessionBatchResponse =
        serde_json::from_value(resp["Response"].clone()).unwrap();
    let sessions = resp.player_sessions.expect("sessions");
    assert_eq!(sessions[0].port, 8000);
    assert_eq!(
        sessions[0].status,
        gse::types::PlayerSessionStatus::Completed
    );
    assert_eq!(sessions[0].dns_name.as_deref(), Some(""));
}

#[test]
fn create_application_version_nested_output() {
    let ex = &examples("car", "CreateApplicationVersion")[0];
    let resp: serde_json::Value = serde_json::from_str(&ex.response.value).unwrap();
    let resp: car::CreateApplicationVersionResponse =
        serde_json::from_value(resp["Response"].clone()).unwrap();
    let v = resp.version;
    assert_eq!(v.application_version_id, "app-efgtyab");
    assert_eq!(v.application_version_size, 1024);
    assert_eq!(resp.request_id, "4eb17e58-68da-4e9a-b298-0894723c9022");
}
