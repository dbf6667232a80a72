//! Sends the two kinds of binary actions with the `tcapi-cii` and `tcapi-cls` crates: a
//! form with a file part (cii `DescribeQualityScore`) and a raw body with header members
//! (cls `UploadLog`).
//!
//! ```sh
//! cargo run -p tcapi-tests --example binary_uploads
//! ```
//!
//! It runs against the local test server, which verifies the signature over the bytes it
//! receives and prints what arrived. With `TENCENTCLOUD_SECRET_ID`,
//! `TENCENTCLOUD_SECRET_KEY`, `CII_IMAGE` (a file) and `CLS_TOPIC_ID` set it calls Tencent
//! Cloud in `CLS_REGION` (default `ap-guangzhou`) instead; the log body is then an empty
//! `LogGroupList`.

use serde_json::json;
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

// README: begin
use tcapi::Client;
use tcapi_cii::cii_2021_04_08::DescribeQualityScoreRequest;
use tcapi_cls::UploadLogRequest;

async fn upload(
    client: &Client,
    image: Vec<u8>,
    log_group_list: Vec<u8>,
    topic_id: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    // A multipart form: the image is the file part `File` (name="File"; filename="File").
    let score = client.send(DescribeQualityScoreRequest::new(image)).await?;
    println!("quality score {}", score.quality_score);
    // A raw application/octet-stream body; the topic travels in the header X-CLS-TopicId.
    let request = UploadLogRequest::new(log_group_list, topic_id);
    let uploaded = client.send(request).await?;
    println!("logs written, request {}", uploaded.request_id);
    Ok(())
}
// README: end

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region = std::env::var("CLS_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
    let real = ["TENCENTCLOUD_SECRET_ID", "CII_IMAGE", "CLS_TOPIC_ID"]
        .iter()
        .all(|v| std::env::var_os(v).is_some());
    if real {
        println!("calling Tencent Cloud (credentials from the environment)");
        let image = std::fs::read(std::env::var("CII_IMAGE")?)?;
        let topic = std::env::var("CLS_TOPIC_ID")?;
        let client = Client::builder().region(region).build()?;
        return upload(&client, image, Vec::new(), &topic).await;
    }
    let server = TestServer::start().await?;
    server.set_fallback(
        "DescribeQualityScore",
        Reply::success(json!({"QualityScore": 87.5})),
    );
    server.set_fallback("UploadLog", Reply::success(json!({})));
    println!(
        "using the local test server at {} (set TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, CII_IMAGE and CLS_TOPIC_ID to call Tencent Cloud)",
        server.base_url()
    );
    let client = Client::builder()
        .credentials(tcapi::Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY)?)
        .base_url(server.base_url())
        .region(region)
        .build_with_env(&|_| None)?;
    // A PNG signature and a protobuf field, standing in for real content.
    let image = b"\x89PNG\r\n\x1a\n...".to_vec();
    let logs = b"\x0a\x00".to_vec();
    upload(&client, image, logs, "f6c4fa6f-xxxx-xxxx-8289-1ff6f77ed975").await?;
    for r in server.received() {
        println!(
            "the server received {}: {} bytes of {}, signature {}",
            r.action,
            r.body.len(),
            r.content_type,
            if r.signature.is_ok() {
                "valid"
            } else {
                "INVALID"
            }
        );
    }
    Ok(())
}
