//! "Starting an Application" (Cloud Application Rendering): ApplyConcurrent, retried on
//! `ResourceNotFound.NoIdle` with backoff until a deadline, then CreateSession; prints the
//! ServerSession to hand to the client SDK.
//!
//! ```sh
//! cargo run --example start_application
//! ```
//!
//! With `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` set it calls Tencent Cloud;
//! set `CAR_PROJECT_ID`, `CAR_USER_ID`, `CAR_USER_IP` and `CAR_CLIENT_SESSION` to your
//! values. Without keys it starts `tcapi-mock` on `specs/car`, scripted to answer "no idle
//! concurrency" twice before granting one.

use std::time::Duration;

use tcapi::Client;
use tcapi_car::start_application::{
    Patience, StartError, StartRequest, Started, start_application,
};

/// The mock's script when there are no keys: two "none idle", then the documented example.
pub const BUSY: &str = "actions:
  ApplyConcurrent:
    - replies:
        - { error: ResourceNotFound.NoIdle, times: 2 }
";

fn var(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// Reserves a concurrency for `request`, waiting up to 20 s for one to be free, and
/// creates the session.
pub async fn start(client: &Client, request: &StartRequest) -> Result<Started, StartError> {
    let patience = Patience {
        deadline: Duration::from_secs(20),
        ..Patience::default()
    };
    start_application(client, request, patience).await
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = StartRequest {
        user_id: var("CAR_USER_ID", "user-0001"),
        user_ip: var("CAR_USER_IP", "203.0.113.7"),
        project_id: var("CAR_PROJECT_ID", "cap-abcdefgh"),
        client_session: var("CAR_CLIENT_SESSION", "eyJhYmMiOjEyM30="),
    };
    let target = tcapi_examples::from_env_or_mock(None, &["car"], Some(BUSY)).await?;
    match start(&target.client, &request).await {
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
