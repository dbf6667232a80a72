//! Lists CVM instances with the `tcapi-cvm` crate (in the repository, its build script
//! generates the service from `specs/cvm/`).
//!
//! ```sh
//! cargo run -p tcapi-tests --example cvm_instances
//! ```
//!
//! Without credentials in the environment it runs against the local test server; with
//! `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` set it calls Tencent Cloud in
//! `CVM_REGION` (default `ap-guangzhou`).

use serde_json::json;
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

// README: begin
use tcapi::Client;
use tcapi_cvm::DescribeInstancesRequest;

async fn list_instances(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let request = DescribeInstancesRequest::new().limit(20);
    let response = client.send(request).await?;
    println!("{} instances", response.total_count);
    for instance in &response.instance_set {
        println!(
            "{} {} ({} vCPU)",
            instance.instance_id, instance.instance_name, instance.cpu
        );
    }
    Ok(())
}
// README: end

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region = std::env::var("CVM_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
    if std::env::var_os("TENCENTCLOUD_SECRET_ID").is_some() {
        println!("calling Tencent Cloud (credentials from the environment)");
        return list_instances(&Client::builder().region(region).build()?).await;
    }
    let server = TestServer::start().await?;
    server.set_fallback(
        "DescribeInstances",
        Reply::success(json!({
            "TotalCount": 1,
            "InstanceSet": [{"InstanceId": "ins-xxxxxxxx", "InstanceName": "web-1", "CPU": 2}],
        })),
    );
    println!(
        "no credentials in the environment: using the local test server at {}",
        server.base_url()
    );
    let client = Client::builder()
        .credentials(tcapi::Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY)?)
        .base_url(server.base_url())
        .region(region)
        .build_with_env(&|_| None)?;
    list_instances(&client).await
}
