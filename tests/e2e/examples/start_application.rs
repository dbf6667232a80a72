//! "Starting an Application" (Cloud Application Rendering): ApplyConcurrent, retried on
//! `ResourceNotFound.NoIdle` with backoff until a deadline, then CreateSession; prints the
//! ServerSession to hand to the client SDK.
//!
//! ```sh
//! cargo run -p tcapi-tests --example start_application
//! ```
//!
//! Without credentials in the environment (or with `TCAPI_ENDPOINT` set) it runs against the
//! local test server, which answers "no idle concurrency" twice before granting one. With
//! `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` set it calls Tencent Cloud; set
//! `CAR_PROJECT_ID`, `CAR_USER_ID`, `CAR_USER_IP` and `CAR_CLIENT_SESSION` to your values.

use std::time::Duration;

use serde_json::json;
use tcapi::{Client, Credentials, Language};
use tcapi_car::start_application::{Patience, StartRequest, start_application};
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

fn var(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = StartRequest {
        user_id: var("CAR_USER_ID", "user-0001"),
        user_ip: var("CAR_USER_IP", "203.0.113.7"),
        project_id: var("CAR_PROJECT_ID", "cap-abcdefgh"),
        client_session: var("CAR_CLIENT_SESSION", "eyJhYmMiOjEyM30="),
    };
    let remote = std::env::var_os("TENCENTCLOUD_SECRET_ID").is_some()
        && std::env::var_os("TCAPI_ENDPOINT").is_none();

    // Keep the server alive for the whole run when it is used.
    let mut _server = None;
    let client = if remote {
        println!("calling Tencent Cloud (credentials from the environment)");
        Client::builder().language(Language::EnUs).build()?
    } else {
        let server = TestServer::start().await?;
        server.push(
            "ApplyConcurrent",
            Reply::error("ResourceNotFound.NoIdle", "No available concurrency quota."),
        );
        server.push(
            "ApplyConcurrent",
            Reply::error("ResourceNotFound.NoIdle", "No available concurrency quota."),
        );
        server.set_fallback("ApplyConcurrent", Reply::success(json!({})));
        server.set_fallback(
            "CreateSession",
            Reply::success(json!({"ServerSession": "eyJ4dHoiOjc4OX0="})),
        );
        println!(
            "no credentials in the environment: using the local test server at {}",
            server.base_url()
        );
        let client = Client::builder()
            .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY)?)
            .base_url(server.base_url())
            .build()?;
        _server = Some(server);
        client
    };

    let patience = Patience {
        deadline: Duration::from_secs(20),
        ..Patience::default()
    };
    match start_application(&client, &request, patience).await {
        Ok(started) => {
            println!(
                "concurrency reserved after {} ApplyConcurrent call(s); session created (RequestId {})",
                started.tries, started.request_id
            );
            println!("ServerSession: {}", started.server_session);
            Ok(())
        }
        Err(e) => {
            eprintln!("could not start the application: {e}");
            std::process::exit(1);
        }
    }
}
