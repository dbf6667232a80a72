//! Lists every CVM instance of a zone, page after page, with the generated paginator.
//!
//! ```sh
//! cargo run -p tcapi-tests --example list_all_instances
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
async fn list_all_instances(
    client: &Client,
    zone: &str,
) -> Result<usize, Box<dyn std::error::Error>> {
    let request =
        DescribeInstancesRequest::new().filters(vec![Filter::new("zone", vec![zone.to_owned()])]);
    let mut instances = client.paginate(request).items();
    let mut count = 0;
    while let Some(instance) = instances.next().await {
        let instance = instance?; // a typed DescribeInstancesError, on any page
        println!(
            "{} {} {}",
            instance.instance_id, instance.instance_name, instance.instance_state
        );
        count += 1;
    }
    println!("{count} instances in {zone}");
    Ok(count)
}
// README: end

/// The mock's collection: 250 instances, numbered.
const SCENARIO: &str = r#"
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

/// Runs the example (against the mock unless credentials are set); the number of instances.
pub async fn run() -> Result<usize, Box<dyn std::error::Error>> {
    let region = std::env::var("CVM_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
    if std::env::var_os("TENCENTCLOUD_SECRET_ID").is_some() {
        println!("calling Tencent Cloud (credentials from the environment)");
        let client = Client::builder().region(&region).build()?;
        return list_all_instances(&client, &format!("{region}-3")).await;
    }
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let server = tcapi_mock::MockServer::builder()
        .specs(specs.join("common.yaml"))
        .specs(specs.join("cvm"))
        .key("AKIDEXAMPLE", "example-secret-key")
        .scenario_str("instances.yaml", SCENARIO)
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
    let count = list_all_instances(&client, "ap-guangzhou-3").await?;
    println!(
        "({} DescribeInstances calls)",
        server.calls_of("DescribeInstances").len()
    );
    Ok(count)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    run().await.map(drop)
}
