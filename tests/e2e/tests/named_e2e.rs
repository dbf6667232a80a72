//! Any action by name (`Client::call_json`): signed, retried and typed like a generated
//! action, the response kept as exact JSON text.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tcapi::transport::{Body, HttpRequest, HttpTransport, SendFuture};
use tcapi::{Client, ClientBuilder, CommonError, Credentials, Endpoint, Error, RetryPolicy};
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

fn builder() -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            retry_ambiguous_non_idempotent: false,
        })
}

fn client(server: &TestServer) -> Client {
    builder()
        .base_url(server.base_url())
        .region("ap-guangzhou")
        .build_with_env(&|_| None)
        .unwrap()
}

const EXACT: &str = r#"{"Max":18446744073709551615,"Min":-9223372036854775808,"Huge":123456789012345678901234567890,"Price":0.1000,"RequestId":"r-9"}"#;

#[tokio::test]
async fn a_call_by_name_is_signed_and_keeps_every_number_exact() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "DescribeInstances",
        Reply::Raw {
            status: 200,
            body: format!(r#"{{"Response": {EXACT}}}"#),
        },
    );
    let response = client(&server)
        .call_json(
            "cvm",
            "2017-03-12",
            "DescribeInstances",
            json!({"Limit": 1, "Offset": 0}),
        )
        .await
        .unwrap();
    assert_eq!(response.request_id(), "r-9");
    assert_eq!(response.as_str(), EXACT, "byte for byte");
    let v = response.value().unwrap();
    assert_eq!(v["Max"].as_u64(), Some(u64::MAX));
    assert_eq!(v["Min"].as_i64(), Some(i64::MIN));

    let r = &server.received()[0];
    assert_eq!(r.signature, Ok(()));
    assert_eq!(r.service.as_deref(), Some("cvm"));
    assert_eq!(
        (r.action.as_str(), r.version.as_str()),
        ("DescribeInstances", "2017-03-12")
    );
    assert_eq!(r.region.as_deref(), Some("ap-guangzhou"));
    assert_eq!(&r.body[..], br#"{"Limit":1,"Offset":0}"#);

    // JSON text is sent exactly as given.
    server.set_fallback(
        "RunInstances",
        Reply::success(json!({"InstanceIdSet": ["ins-1"]})),
    );
    let text = r#"{ "ImageId": "img-1", "Count": 18446744073709551615 }"#;
    let response = client(&server)
        .call_json("cvm", "2017-03-12", "RunInstances", text)
        .region("ap-shanghai")
        .await
        .unwrap();
    assert_eq!(response.value().unwrap()["InstanceIdSet"][0], "ins-1");
    let r = &server.received()[1];
    assert_eq!(&r.body[..], text.as_bytes());
    assert_eq!(r.region.as_deref(), Some("ap-shanghai"));
}

#[tokio::test]
async fn errors_are_typed_by_the_common_codes() {
    let server = TestServer::start().await.unwrap();
    server.push("DescribeX", Reply::error("ResourceNotFound", "gone"));
    server.push("DescribeX", Reply::error("ResourceNotFound.Brand", "new"));
    let c = client(&server);
    let e = c
        .call_json("cvm", "2017-03-12", "DescribeX", json!({}))
        .await
        .unwrap_err();
    assert!(
        matches!(e.service_error(), Some(CommonError::ResourceNotFound { message }) if message == "gone"),
        "{e:?}"
    );
    assert!(e.request_id().is_some_and(|id| !id.is_empty()));
    let e = c
        .call_json("cvm", "2017-03-12", "DescribeX", json!({}))
        .await
        .unwrap_err();
    assert!(
        matches!(e.service_error(), Some(CommonError::Unknown { code, .. }) if code == "ResourceNotFound.Brand"),
        "{e:?}"
    );

    for (service, version, action, body, path) in [
        ("CVM", "2017-03-12", "DescribeX", json!({}), "Service"),
        ("cvm", "latest", "DescribeX", json!({}), "Version"),
        ("cvm", "2017-03-12", "describe", json!({}), "Action"),
        ("cvm", "2017-03-12", "DescribeX", json!([1]), "Body"),
    ] {
        match c
            .call_json(service, version, action, body)
            .await
            .unwrap_err()
        {
            Error::InvalidRequest(v) => assert_eq!(v.0[0].path, path, "{v}"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(server.received().len(), 2, "invalid calls are not sent");
}

#[tokio::test]
async fn retries_follow_the_rules_of_typed_calls() {
    let server = TestServer::start().await.unwrap();
    server.push("CreateThing", Reply::throttled());
    server.push("CreateThing", Reply::success(json!({})));
    let c = client(&server);
    c.call_json("gse", "2019-11-12", "CreateThing", json!({}))
        .await
        .unwrap();
    assert_eq!(
        server.count("CreateThing"),
        2,
        "throttling is retried for any action"
    );

    server.push("CreateThing", Reply::Reset);
    let e = c
        .call_json("gse", "2019-11-12", "CreateThing", json!({}))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { sent: true, .. }), "{e:?}");
    assert_eq!(
        server.count("CreateThing"),
        3,
        "ambiguous: not repeated for a create"
    );

    server.push("DescribeThing", Reply::Reset);
    server.push("DescribeThing", Reply::success(json!({})));
    c.call_json("gse", "2019-11-12", "DescribeThing", json!({}))
        .await
        .unwrap();
    assert_eq!(
        server.count("DescribeThing"),
        2,
        "a query is idempotent by its name"
    );

    server.push("CreateThing", Reply::Reset);
    server.push("CreateThing", Reply::success(json!({})));
    c.call_json("gse", "2019-11-12", "CreateThing", json!({}))
        .idempotent(true)
        .await
        .unwrap();
    assert_eq!(server.count("CreateThing"), 5);
}

/// Records the URL and Host of each request and answers an empty success.
#[derive(Debug, Default, Clone)]
struct Hosts(Arc<Mutex<Vec<(String, String)>>>);

impl HttpTransport for Hosts {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        let host = request.headers()["host"].to_str().unwrap().to_owned();
        self.0
            .lock()
            .unwrap()
            .push((request.uri().to_string(), host));
        Box::pin(async {
            Ok(http::Response::new(Body::from_bytes(
                r#"{"Response":{"RequestId":"r"}}"#,
            )))
        })
    }
}

#[tokio::test]
async fn hosts_follow_the_endpoint_like_the_official_common_client() {
    let hosts = Hosts::default();
    for endpoint in [
        Endpoint::Mainland,
        Endpoint::International,
        Endpoint::Regional,
    ] {
        let c = builder()
            .endpoint(endpoint)
            .region("ap-singapore")
            .transport(hosts.clone())
            .build_with_env(&|_| None)
            .unwrap();
        c.call_json("lkeap", "2024-05-22", "ChatCompletions", json!({}))
            .await
            .unwrap();
        c.call_json(
            "hunyuan.ap-guangzhou.tencentcloudapi.com",
            "2023-09-01",
            "ChatCompletions",
            "{}",
        )
        .await
        .unwrap();
    }
    let seen: Vec<String> = hosts
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|(u, _)| u.clone())
        .collect();
    assert_eq!(
        seen,
        [
            "https://lkeap.tencentcloudapi.com/",
            "https://hunyuan.ap-guangzhou.tencentcloudapi.com/",
            "https://lkeap.intl.tencentcloudapi.com/",
            "https://hunyuan.ap-guangzhou.tencentcloudapi.com/",
            "https://lkeap.ap-singapore.tencentcloudapi.com/",
            "https://hunyuan.ap-guangzhou.tencentcloudapi.com/",
        ]
    );
    assert!(
        hosts
            .0
            .lock()
            .unwrap()
            .iter()
            .all(|(u, h)| u.contains(h.as_str()))
    );
}
