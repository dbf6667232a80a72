//! Waits for a CVM instance to run, with the generated waiter `instance_running`.
//!
//! ```sh
//! cargo run --example wait_for_instance [INSTANCE_ID]
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
pub async fn wait_for_instance(
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

/// The mock's sequence of states when there are no keys.
pub const SCENARIO: &str = r#"
actions:
  DescribeInstances:
    - replies:
        - response: { TotalCount: 1, InstanceSet: [{ InstanceId: ins-1, InstanceState: PENDING }] }
        - response: { TotalCount: 1, InstanceSet: [{ InstanceId: ins-1, InstanceState: PENDING }] }
        - response: { TotalCount: 1, InstanceSet: [{ InstanceId: ins-1, InstanceState: RUNNING }] }
      then: repeat
"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region = std::env::var("CVM_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
    let target =
        tcapi_examples::from_env_or_mock(Some(&region), &["cvm"], Some(SCENARIO)).await?;
    let (id, every) = match &target.mock {
        Some(_) => ("ins-1".to_owned(), Duration::from_millis(200)),
        None => (
            std::env::args()
                .nth(1)
                .ok_or("give the instance ID to wait for")?,
            Duration::from_secs(5),
        ),
    };
    wait_for_instance(&target.client, &id, every).await?;
    Ok(())
}
