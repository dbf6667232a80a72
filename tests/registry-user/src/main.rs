//! Lists CVM instances and reserves a CAR concurrency through the published crates, against
//! a `tcapi-mock` server that knows the two services from the specs in `$TCAPI_SPECS`
//! (the repository's `specs/`).

use tcapi::{Client, Credentials};
use tcapi_car::ApplyConcurrentRequest;
use tcapi_cvm::DescribeInstancesRequest;
use tcapi_mock::MockServer;

const SECRET_ID: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "example-secret-key";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let specs = std::env::var("TCAPI_SPECS").map_err(|_| "set TCAPI_SPECS to a specs directory")?;
    let server = MockServer::builder()
        .specs(format!("{specs}/common.yaml"))
        .specs(format!("{specs}/car"))
        .specs(format!("{specs}/cvm"))
        .key(SECRET_ID, SECRET_KEY)
        .start()
        .await?;
    let client = Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY)?)
        .base_url(server.base_url())
        .region("ap-guangzhou")
        .build()?;

    let instances = client.send(DescribeInstancesRequest::new().limit(20)).await?;
    println!(
        "DescribeInstances: {} instances, request {}",
        instances.total_count, instances.request_id
    );
    let applied = client
        .send(ApplyConcurrentRequest::new("user-1", "203.0.113.7", "cap-abcdefgh"))
        .await?;
    println!("ApplyConcurrent: request {}", applied.request_id);
    let calls = server.calls().len();
    server.shutdown().await;
    println!("registry user: 2 calls through tcapi, tcapi-car and tcapi-cvm from .crate files, {calls} seen by tcapi-mock");
    Ok(())
}
