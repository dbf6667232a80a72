//! The README's quick start: lists CVM instances with the `tcapi-cvm` crate (in the
//! repository, its build script generates the service from `specs/cvm/`).
//!
//! ```sh
//! cargo run --example cvm_instances
//! ```
//!
//! It calls Tencent Cloud with the keys in the environment, or `tcapi-mock` when
//! `TCAPI_ENDPOINT` points at one (the README's commands). `tests/docs_examples.rs` keeps
//! the README's block equal to this file, and `tests/against_the_mock.rs` runs it.

// README: begin
use tcapi::Client;
use tcapi_cvm::DescribeInstancesRequest;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keys from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY, a profile file or the
    // instance's role; TCAPI_ENDPOINT, if set, replaces every service's address.
    let client = Client::builder().region("ap-guangzhou").build()?;
    list_instances(&client).await
}

pub async fn list_instances(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let request = DescribeInstancesRequest::new().limit(20);
    let response = client.send(request).await?;
    println!("{} instances", response.total_count);
    for instance in &response.instance_set {
        println!("{} {}", instance.instance_id, instance.instance_name);
    }
    Ok(())
}
// README: end
