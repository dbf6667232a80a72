//! The code blocks of README.md and GUIDE.md that the examples hold between `// README:`
//! markers, and the README's errors example (below, compiled here and run against
//! `tcapi-mock`): the front door shows code that builds and works.

use tcapi::RetryPolicy;

#[test]
fn readme_shows_the_quick_start() {
    shows("README.md", "cvm_instances.rs");
}

#[test]
fn readme_shows_the_errors_example() {
    shows("README.md", "tests/docs_examples.rs");
}

#[test]
fn readme_shows_the_paginator_example() {
    shows("README.md", "list_all_instances.rs");
}

#[test]
fn guide_shows_the_waiter_example() {
    shows("GUIDE.md", "wait_for_instance.rs");
}

#[test]
fn guide_shows_the_binary_uploads_example() {
    shows("GUIDE.md", "binary_uploads.rs");
}

#[tokio::test]
async fn the_errors_example_tells_the_documented_codes_apart() {
    let scenario = "actions:
  ApplyConcurrent:
    - replies:
        - { error: ResourceNotFound.NoIdle }
        - { error: RequestLimitExceeded }
        - { error: InvalidParameterValue, message: unknown project }
";
    let target = tcapi_examples::mock(None, &["car"], Some(scenario))
        .await
        .unwrap();
    // Retries off: each reply reaches the function (a throttled request is otherwise retried).
    let server = target.mock.as_ref().unwrap();
    let client = Client::builder()
        .credentials(
            tcapi::Credentials::new(
                tcapi_examples::MOCK_SECRET_ID,
                tcapi_examples::MOCK_SECRET_KEY,
            )
            .unwrap(),
        )
        .base_url(server.base_url())
        .retry(RetryPolicy::never())
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
    // The documented example: a concurrency is granted.
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

/// `doc` shows the lines of `file` (under examples/) between its README markers as a
/// `rust` block.
fn shows(doc: &str, file: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join(file)).unwrap();
    let text = std::fs::read_to_string(root.join("..").join(doc)).unwrap();
    let begin =
        source.find("// README: begin\n").expect("begin marker") + "// README: begin\n".len();
    let end = source.find("// README: end").expect("end marker");
    let code = &source[begin..end];
    assert!(
        text.contains(&format!("```rust\n{code}```")),
        "{doc} must show {file} between its README markers as a rust block:\n{code}"
    );
}
