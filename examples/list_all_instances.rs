//! Lists every CVM instance of a zone, page after page, with the generated paginator.
//!
//! ```sh
//! cargo run --example list_all_instances
//! ```
//!
//! Without credentials in the environment it runs against a `tcapi-mock` server serving
//! 250 instances across pages (`DescribeInstances` pages by `Offset` and `Limit`, at most
//! 100 a page: three calls); with `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` set
//! it calls Tencent Cloud in `CVM_REGION` (default `ap-guangzhou`).

// README: begin
use tcapi::Client;
use tcapi_cvm::{DescribeInstancesRequest, types::Filter};

/// Every instance in `zone`: the paginator keeps the filter, asks for 100 instances a page
/// (the largest page `DescribeInstances` documents) and stops after the last one.
pub async fn list_all_instances(
    client: &Client,
    zone: &str,
) -> Result<usize, Box<dyn std::error::Error>> {
    let request =
        DescribeInstancesRequest::new().filters(vec![Filter::new("zone", vec![zone.to_owned()])]);
    let mut instances = client.paginate(request).items();
    let mut count = 0;
    while let Some(instance) = instances.next().await {
        let instance = instance?; // a typed DescribeInstancesError, on any page
        println!("{} {}", instance.instance_id, instance.instance_state);
        count += 1;
    }
    println!("{count} instances in {zone}");
    Ok(count)
}
// README: end

/// The mock's collection when there are no keys: 250 instances, numbered.
pub const SCENARIO: &str = r#"
actions:
  DescribeInstances:
    - pages:
        count: 250
        item:
          InstanceId: "ins-{n}"
          InstanceName: "web-{n}"
          InstanceState: RUNNING
          CPU: 2
          Placement: { Zone: ap-guangzhou-3 }
"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region = std::env::var("CVM_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
    let target =
        tcapi_examples::from_env_or_mock(Some(&region), &["cvm"], Some(SCENARIO)).await?;
    list_all_instances(&target.client, &format!("{region}-3")).await?;
    if let Some(server) = &target.mock {
        println!(
            "({} DescribeInstances calls)",
            server.calls_of("DescribeInstances").len()
        );
    }
    Ok(())
}
