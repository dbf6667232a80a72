//! The code blocks of README.md and GUIDE.md that these files hold between `// README:`
//! markers are compiled here (or as examples), and the quick start runs against the local
//! test server: the front door shows code that builds and works.

use serde_json::json;
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

#[allow(dead_code)] // `main` is the example's own; the test calls `list_instances`.
#[path = "../examples/cvm_instances.rs"]
mod cvm_instances;

#[test]
fn readme_shows_the_quick_start() {
    shows("README.md", "examples/cvm_instances.rs");
}

#[test]
fn readme_shows_the_errors_example() {
    shows("README.md", "tests/readme_example.rs");
}

#[test]
fn guide_shows_the_compiled_binary_uploads_example() {
    shows("GUIDE.md", "examples/binary_uploads.rs");
}

#[tokio::test]
async fn the_quick_start_lists_instances() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback(
        "DescribeInstances",
        Reply::success(json!({
            "TotalCount": 1,
            "InstanceSet": [{"InstanceId": "ins-xxxxxxxx", "InstanceName": "web-1", "CPU": 2}],
        })),
    );
    let client = tcapi::Client::builder()
        .credentials(tcapi::Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(server.base_url())
        .region("ap-guangzhou")
        .build_with_env(&|_| None)
        .unwrap();
    cvm_instances::list_instances(&client).await.unwrap();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].signature, Ok(()));
}

#[tokio::test]
async fn the_errors_example_tells_the_documented_codes_apart() {
    let server = TestServer::start().await.unwrap();
    for reply in [
        Reply::error("ResourceNotFound.NoIdle", "No available concurrency quota."),
        Reply::error("RequestLimitExceeded", "Too many requests."),
        Reply::error("InvalidParameterValue", "Bad project."),
        Reply::success(json!({})),
    ] {
        server.push("ApplyConcurrent", reply);
    }
    let client = tcapi::Client::builder()
        .credentials(tcapi::Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(server.base_url())
        .retry(tcapi::RetryPolicy::never())
        .build_with_env(&|_| None)
        .unwrap();
    let request = || ApplyConcurrentRequest::new("user-1", "203.0.113.7", "cap-abcdefgh");
    assert!(!try_apply(&client, request()).await.unwrap());
    assert!(!try_apply(&client, request()).await.unwrap());
    assert!(matches!(
        try_apply(&client, request()).await,
        Err(Error::Service {
            error: ApplyConcurrentError::InvalidParameterValue { .. },
            ..
        })
    ));
    assert!(try_apply(&client, request()).await.unwrap());
}

// README: begin
use tcapi::{Client, CommonError, Error};
use tcapi_car::{ApplyConcurrentError, ApplyConcurrentRequest};

/// `Ok(false)`: no concurrency free right now, or throttled; try again later.
async fn try_apply(
    client: &Client,
    request: ApplyConcurrentRequest,
) -> Result<bool, Error<ApplyConcurrentError>> {
    match client.send(request).await {
        Ok(_) => Ok(true),
        // A code documented for this action.
        Err(Error::Service {
            error: ApplyConcurrentError::ResourceNotFoundNoIdle { .. },
            ..
        }) => Ok(false),
        // A code every action shares.
        Err(Error::Service {
            error: ApplyConcurrentError::Common(CommonError::RequestLimitExceeded { .. }),
            request_id,
        }) => {
            eprintln!("throttled (request {request_id})");
            Ok(false)
        }
        Err(other) => Err(other),
    }
}
// README: end

/// `doc` shows the lines of `file` (under tests/e2e) between its README markers as a
/// `rust` block.
fn shows(doc: &str, file: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join(file)).unwrap();
    let text = std::fs::read_to_string(root.join("../..").join(doc)).unwrap();
    let begin =
        source.find("// README: begin\n").expect("begin marker") + "// README: begin\n".len();
    let end = source.find("// README: end").expect("end marker");
    let code = &source[begin..end];
    assert!(
        text.contains(&format!("```rust\n{code}```")),
        "{doc} must show {file} between its README markers as a rust block:\n{code}"
    );
}
