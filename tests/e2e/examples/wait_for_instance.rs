//! Waits for a CVM instance to run, with the generated waiter `instance_running`.
//!
//! ```sh
//! cargo run -p tcapi-tests --example wait_for_instance [INSTANCE_ID]
//! ```
//!
//! Without credentials in the environment it runs against a `tcapi-mock` server whose
//! instance is `PENDING` twice, then `RUNNING`; with `TENCENTCLOUD_SECRET_ID` and
//! `TENCENTCLOUD_SECRET_KEY` set it waits for the instance given on the command line in
//! `CVM_REGION` (default `ap-guangzhou`).

// README: begin
use std::time::Duration;

use tcapi::Client;
use tcapi_cvm::{DescribeInstancesRequest, waiters};

/// Polls `DescribeInstances` until the instance is `RUNNING`; a failure state
/// (`LAUNCH_FAILED`, ...) ends the wait with an error naming it, and so does the deadline.
async fn wait_for_instance(
    client: &Client,
    instance_id: &str,
    poll_every: Duration,
) -> Result<String, Box<dyn std::error::Error>> {
    let request = DescribeInstancesRequest::new().instance_ids(vec![instance_id.to_owned()]);
    let waiter = waiters::instance_running()
        .interval(poll_every)
        .deadline(Duration::from_secs(300));
    let response = client.wait(request, waiter).await?;
    let instance = &response.instance_set[0];
    println!("{} is {}", instance.instance_id, instance.instance_state);
    Ok(instance.instance_state.clone())
}
// README: end

/// The mock's sequence of states.
const SCENARIO: &str = r#"
actions:
  DescribeInstances:
    - replies:
        - response: { TotalCount: 1, InstanceSet: [{ InstanceId: ins-1, InstanceState: PENDING }] }
        - response: { TotalCount: 1, InstanceSet: [{ InstanceId: ins-1, InstanceState: PENDING }] }
        - response: { TotalCount: 1, InstanceSet: [{ InstanceId: ins-1, InstanceState: RUNNING }] }
      then: repeat
"#;

/// Runs the example (against the mock unless credentials are set); the final state.
pub async fn run() -> Result<String, Box<dyn std::error::Error>> {
    let region = std::env::var("CVM_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
    if std::env::var_os("TENCENTCLOUD_SECRET_ID").is_some() {
        let id = std::env::args()
            .nth(1)
            .ok_or("give the instance ID to wait for")?;
        let client = Client::builder().region(region).build()?;
        return wait_for_instance(&client, &id, Duration::from_secs(5)).await;
    }
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let server = tcapi_mock::MockServer::builder()
        .specs(specs.join("common.yaml"))
        .specs(specs.join("cvm"))
        .key("AKIDEXAMPLE", "example-secret-key")
        .scenario_str("instance.yaml", SCENARIO)
        .start()
        .await?;
    println!(
        "no credentials in the environment: using tcapi-mock at {}",
        server.base_url()
    );
    let client = Client::builder()
        .credentials(tcapi::Credentials::new(
            "AKIDEXAMPLE",
            "example-secret-key",
        )?)
        .base_url(server.base_url())
        .region(region)
        .build_with_env(&|_| None)?;
    let state = wait_for_instance(&client, "ins-1", Duration::from_millis(100)).await?;
    println!(
        "({} DescribeInstances calls)",
        server.calls_of("DescribeInstances").len()
    );
    Ok(state)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    run().await.map(drop)
}
