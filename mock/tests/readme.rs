//! The examples of GUIDE.md's "Testing your code", compiled and run: each Rust block of
//! that section is a verbatim excerpt of this file (checked below).

use tcapi_car::start_application::StartRequest;

fn request(user: &str) -> StartRequest {
    StartRequest {
        user_id: user.into(),
        user_ip: "203.0.113.7".into(),
        project_id: "cap-abcdefgh".into(),
        client_session: "eyJhYmMiOjEyM30=".into(),
    }
}

const CAR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs/car");

// README: in-process
use tcapi::Error;
use tcapi::mock::{Fault, Mock, Reply};
use tcapi_car::start_application::{Patience, StartError, start_application};
use tcapi_car::{
    ApplyConcurrentError, ApplyConcurrentRequest, ApplyConcurrentResponse, CreateSessionRequest,
    CreateSessionResponse,
};

#[tokio::test(start_paused = true)] // backoffs and timeouts pass instantly
async fn waits_for_an_idle_concurrency_then_creates_the_session() {
    let mock = Mock::new();
    let no_idle = || {
        Reply::error(ApplyConcurrentError::ResourceNotFoundNoIdle {
            message: "No available concurrency quota.".into(),
        })
    };
    mock.on::<ApplyConcurrentRequest>().replies([
        no_idle(),
        no_idle(),
        Reply::ok(ApplyConcurrentResponse::default()),
    ]);
    mock.on::<CreateSessionRequest>()
        .when(|r| r.user_id == "user-1")
        .reply(Reply::ok_with(|r: &mut CreateSessionResponse| {
            r.server_session = "eyJzZXNzaW9uIjoxfQ==".into();
        }));
    let client = mock.client().build().unwrap(); // signs, validates, retries as in production

    let started = start_application(&client, &request("user-1"), Patience::default())
        .await
        .unwrap();

    assert_eq!(started.server_session, "eyJzZXNzaW9uIjoxfQ==");
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 3);
    assert_eq!(
        mock.requests::<CreateSessionRequest>()[0]
            .client_session
            .as_deref(),
        Some("eyJhYmMiOjEyM30=")
    );
}

#[tokio::test(start_paused = true)]
async fn a_stalled_create_session_times_out_after_its_documented_5_s() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .reply(Reply::ok(ApplyConcurrentResponse::default()));
    mock.on::<CreateSessionRequest>()
        .reply(Reply::fault(Fault::Stall));
    let client = mock.client().build().unwrap();

    let err = start_application(&client, &request("user-1"), Patience::default())
        .await
        .unwrap_err();

    assert!(matches!(
        err,
        StartError::CreateSession(Error::Timeout { .. })
    ));
    assert_eq!(mock.count::<CreateSessionRequest>(), 1); // not repeated: it may have run
}
// README: end

// README: server
use std::time::Duration;

use tcapi::{Client, Credentials};
use tcapi_mock::MockServer;

#[tokio::test]
async fn the_same_flow_against_the_mock_server() {
    let server = MockServer::builder()
        .specs(CAR) // e.g. "specs/car"; call again for more services
        .key("AKIDEXAMPLE", "example-secret-key")
        .scenario_str(
            "busy.yaml",
            "actions:\n  ApplyConcurrent:\n    - replies:\n        - { error: ResourceNotFound.NoIdle, times: 2 }\n        - {}\n",
        )
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "example-secret-key").unwrap())
        .base_url(server.base_url()) // http://127.0.0.1:<free port>
        .build()
        .unwrap();
    let patience = Patience {
        deadline: Duration::from_secs(10),
        ..Patience::default()
    };

    let started = start_application(&client, &request("user-1"), patience)
        .await
        .unwrap();

    assert_eq!(started.tries, 3);
    assert_eq!(started.server_session, "eyJ4dHoiOjc4OX0="); // CreateSession's documented example
    assert_eq!(server.calls_of("ApplyConcurrent").len(), 3);
}
// README: end

#[test]
fn the_guide_examples_are_excerpts_of_this_file() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../GUIDE.md")).unwrap();
    let this = std::fs::read_to_string(file!())
        .or_else(|_| {
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/readme.rs"))
        })
        .unwrap();
    let section = readme
        .split("\n## Testing your code")
        .nth(1)
        .expect("GUIDE.md has a section `## Testing your code`");
    let section = section.split("\n## ").next().unwrap_or_default();
    let blocks: Vec<&str> = section
        .split("```rust\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or_default())
        .collect();
    assert!(
        blocks.len() >= 2,
        "the section shows the in-process and the server examples"
    );
    for b in blocks {
        assert!(
            this.contains(b),
            "GUIDE.md block is not an excerpt of mock/tests/readme.rs:\n{b}"
        );
    }
}
