//! Service crates that the repository generates in their build scripts (`tcapi-cvm`,
//! `tcapi-sts`, `tcapi-lkeap`)
//! end to end against the local test server: the request is signed for the right service,
//! carries the action's version and parameters, and the typed response is read back.

use serde_json::json;
use tcapi::{Client, Credentials, Error};
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(server.base_url())
        .region("ap-guangzhou")
        .build_with_env(&|_| None)
        .unwrap()
}

#[tokio::test]
async fn cvm_describe_instances() {
    use tcapi_cvm::DescribeInstancesRequest;
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "DescribeInstances",
        Reply::success(json!({
            "TotalCount": 1,
            "InstanceSet": [{"InstanceId": "ins-xxxxxxxx", "InstanceName": "web-1", "CPU": 2, "Memory": 4}],
        })),
    );
    let req = DescribeInstancesRequest::new()
        .instance_ids(vec!["ins-xxxxxxxx".into()])
        .limit(20);
    let resp = client(&server).send(req).await.unwrap();
    assert_eq!(resp.total_count, 1);
    assert_eq!(resp.instance_set[0].instance_id, "ins-xxxxxxxx");
    assert_eq!(resp.instance_set[0].cpu, 2);

    let got = &server.received()[0];
    assert_eq!(got.action, "DescribeInstances");
    assert_eq!(got.version, "2017-03-12");
    assert_eq!(got.service.as_deref(), Some("cvm"));
    assert_eq!(got.signature, Ok(()));
    assert_eq!(
        got.json(),
        json!({"InstanceIds": ["ins-xxxxxxxx"], "Limit": 20})
    );
}

#[tokio::test]
async fn sts_get_federation_token() {
    use tcapi_sts::GetFederationTokenRequest;
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "GetFederationToken",
        Reply::success(json!({
            "Credentials": {"Token": "tok", "TmpSecretId": "AKIDtmp", "TmpSecretKey": "key"},
            "ExpiredTime": 1_700_000_000,
            "Expiration": "2023-11-14T22:13:20Z",
        })),
    );
    let policy = r#"{"version":"2.0","statement":[{"effect":"allow","action":["cos:GetObject"],"resource":["*"]}]}"#;
    let req = GetFederationTokenRequest::new("uploader", policy).duration_seconds(1800);
    let resp = client(&server).send(req).await.unwrap();
    assert_eq!(resp.credentials.tmp_secret_id, "AKIDtmp");
    assert_eq!(resp.expired_time, 1_700_000_000);

    let got = &server.received()[0];
    assert_eq!(
        (got.action.as_str(), got.version.as_str()),
        ("GetFederationToken", "2018-08-13")
    );
    assert_eq!(got.service.as_deref(), Some("sts"));
    assert_eq!(
        got.json(),
        json!({"Name": "uploader", "Policy": policy, "DurationSeconds": 1800})
    );
}

#[tokio::test]
async fn lkeap_chat_completions() {
    use tcapi_lkeap::{ChatCompletionsRequest, types::Message};
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "ChatCompletions",
        Reply::success(json!({
            "Id": "chat-1",
            "Model": "deepseek-v3",
            "Created": 1_700_000_000,
            "Choices": [{"FinishReason": "stop", "Index": 0, "Message": {"Role": "assistant", "Content": "Hello."}}],
            "Usage": {"PromptTokens": 3, "CompletionTokens": 2, "TotalTokens": 5},
        })),
    );
    let req = ChatCompletionsRequest::new(
        "deepseek-v3",
        vec![Message::new().role("user").content("Say hello.")],
    )
    .stream(false);
    let resp = client(&server).send(req).await.unwrap();
    assert_eq!(resp.id, "chat-1");
    let message = &resp.choices[0].message;
    assert_eq!(message.content.as_deref(), Some("Hello."));

    let got = &server.received()[0];
    assert_eq!(
        (got.action.as_str(), got.version.as_str()),
        ("ChatCompletions", "2024-05-22")
    );
    assert_eq!(got.service.as_deref(), Some("lkeap"));
    assert_eq!(
        got.json(),
        json!({"Model": "deepseek-v3", "Messages": [{"Role": "user", "Content": "Say hello."}], "Stream": false})
    );
}

#[tokio::test]
async fn build_time_service_errors_are_typed() {
    use tcapi_cvm::{DescribeInstancesError, DescribeInstancesRequest};
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "DescribeInstances",
        Reply::error(
            "InvalidInstanceId.Malformed",
            "The instance ID is malformed.",
        ),
    );
    let err = client(&server)
        .send(DescribeInstancesRequest::new())
        .await
        .unwrap_err();
    match err {
        Error::Service { error, request_id } => {
            assert_eq!(
                error,
                DescribeInstancesError::InvalidInstanceIdMalformed {
                    message: "The instance ID is malformed.".into()
                }
            );
            assert!(!request_id.is_empty());
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}
