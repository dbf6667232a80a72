//! The mock server driven by a real foreign client: the official `tencentcloud-sdk-python`
//! (installed with pip into the target directory when missing, as the signer cross-check
//! does). Its typed CAR and GSE clients and its CommonClient sign with TC3-HMAC-SHA256 and
//! send to the mock server, which must answer as Tencent Cloud would.
//!
//! Skipped with a notice only when python3 or pip cannot be started; under CI (`CI` set)
//! that is a failure instead.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{ID, KEY, builder};
use serde_json::Value;

fn python() -> Option<String> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let ok = Command::new(&python)
        .args(["-m", "pip", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "`{python} -m pip` is not available, and CI must run the tencentcloud-sdk-python test"
    );
    eprintln!(
        "NOTICE: `{python} -m pip` is not available; skipping the tencentcloud-sdk-python test"
    );
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tencentcloud_sdk_python_against_the_mock_server() {
    let Some(python) = python() else {
        return;
    };
    let server = builder()
        .scenario_str(
            "sdk.yaml",
            "actions:\n  ApplyConcurrent:\n    - match: { UserId: busy-user }\n      reply: { error: ResourceNotFound.NoIdle }\n",
        )
        .start()
        .await
        .unwrap();
    // The SDK installed once for both Python tests of the workspace.
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tc3-crosscheck/sdk");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mock-python-sdk.json");
    let _ = std::fs::remove_file(&out);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/py/sdk_against_mock.py");
    let host = server.addr().to_string();
    let status = tokio::process::Command::new(&python)
        .arg(&script)
        .args([host.as_str(), ID, KEY])
        .arg(&cache)
        .arg(&out)
        .status()
        .await
        .unwrap();
    assert!(status.success(), "{} failed: {status}", script.display());
    let results: Vec<Value> = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let by = |name: &str| -> &Value {
        results
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no result {name} in {results:?}"))
    };
    let code = |name: &str| by(name)["code"].as_str().unwrap_or("").to_owned();

    // A signed call gets the documented example, with a fresh RequestId.
    let apply = &by("apply")["ok"];
    assert!(
        apply["RequestId"].as_str().is_some_and(|r| r.len() == 36),
        "{apply}"
    );
    assert_ne!(apply["RequestId"], "fcf4146f-64d3-496c-88dc-d12f832de313");
    assert_eq!(
        by("create_session")["ok"]["ServerSession"],
        "eyJ4dHoiOjc4OX0="
    );
    // The checks, with the codes Tencent Cloud answers.
    assert_eq!(
        code("wrong_key"),
        "AuthFailure.SignatureFailure",
        "{results:?}"
    );
    assert_eq!(code("unknown_id"), "AuthFailure.SecretIdNotFound");
    assert_eq!(code("missing_parameter"), "MissingParameter");
    assert!(
        by("missing_parameter")["message"]
            .as_str()
            .unwrap()
            .contains("ProjectId")
    );
    assert!(
        by("missing_parameter")["request_id"]
            .as_str()
            .is_some_and(|r| r.len() == 36)
    );
    assert_eq!(code("scripted_no_idle"), "ResourceNotFound.NoIdle");
    assert!(
        by("gse_join")["ok"]["PlayerSessions"].is_array(),
        "{:?}",
        by("gse_join")
    );
    assert_eq!(code("gse_no_region"), "MissingParameter");
    assert!(
        by("gse_no_region")["message"]
            .as_str()
            .unwrap()
            .contains("Region")
    );
    assert_eq!(code("gse_too_many_players"), "InvalidParameterValue");
    assert!(
        by("gse_too_many_players")["message"]
            .as_str()
            .unwrap()
            .contains("`PlayerIds`")
    );
    assert_eq!(code("common_unknown_action"), "InvalidAction");
    assert_eq!(code("common_wrong_type"), "InvalidParameter");
    assert!(
        by("common_wrong_type")["message"]
            .as_str()
            .unwrap()
            .contains("`UserIp`")
    );

    // Binary actions: the SDK's form and raw body pass the signature and parameter checks.
    assert!(
        by("cii_quality_score")["ok"]["RequestId"].is_string(),
        "{:?}",
        by("cii_quality_score")
    );
    assert!(
        by("cii_upload_by_url")["ok"]["RequestId"].is_string(),
        "{:?}",
        by("cii_upload_by_url")
    );
    assert_eq!(code("cii_no_file"), "MissingParameter", "{results:?}");
    assert!(
        by("cls_upload_log")["ok"]["RequestId"].is_string(),
        "{:?}",
        by("cls_upload_log")
    );
    assert_eq!(code("cls_no_topic"), "MissingParameter");
    assert!(
        by("cls_no_topic")["message"]
            .as_str()
            .unwrap()
            .contains("X-CLS-TopicId")
    );
    assert_eq!(code("cls_as_json"), "InvalidParameter");
    let mut image: Vec<u8> = (0..=255u8).collect();
    image.extend_from_slice(b"\r\n--\r\n");
    let quality = server.calls_of("DescribeQualityScore");
    assert_eq!(
        quality[0].request["File"],
        tcapi::Binary::from(image).to_base64(),
        "the file part's exact bytes"
    );
    let upload = &server.calls_of("UploadLog")[0];
    assert_eq!(upload.request["TopicId"], "topic-1");
    assert_eq!(upload.request["CompressType"], "lz4");
    assert_eq!(
        upload.request["LogGroupList"],
        tcapi::Binary::from(&b"\x0a\x10log-group-bytes\x00\xff"[..]).to_base64()
    );

    // The server saw the SDK's requests, with its signature scope and region.
    let calls = server.calls();
    assert_eq!(calls.len(), results.len());
    let join = calls
        .iter()
        .find(|c| c.action == "JoinGameServerSessionBatch")
        .unwrap();
    assert_eq!(join.region.as_deref(), Some("ap-guangzhou"));
    assert_eq!(join.service, "gse");
}
