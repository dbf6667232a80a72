//! Sends the two kinds of binary actions with the `tcapi-cii` and `tcapi-cls` crates: a
//! form with a file part (cii `DescribeQualityScore`) and a raw body with header members
//! (cls `UploadLog`).
//!
//! ```sh
//! cargo run --example binary_uploads
//! ```
//!
//! With `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `CII_IMAGE` (a file) and
//! `CLS_TOPIC_ID` set it calls Tencent Cloud in `CLS_REGION` (default `ap-guangzhou`); the
//! log body is then an empty `LogGroupList`. Without keys it starts `tcapi-mock` on
//! `specs/cii` and `specs/cls`, which reads the form and the raw body back into their
//! members, checks them and the signature over the bytes received, and prints what arrived.

// README: begin
use tcapi::Client;
use tcapi_cii::cii_2021_04_08::DescribeQualityScoreRequest;
use tcapi_cls::UploadLogRequest;

pub async fn upload(
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
    let target = tcapi_examples::from_env_or_mock(Some(&region), &["cii", "cls"], None).await?;
    let Some(server) = &target.mock else {
        let image = std::fs::read(std::env::var("CII_IMAGE")?)?;
        let topic = std::env::var("CLS_TOPIC_ID")?;
        return upload(&target.client, image, Vec::new(), &topic).await;
    };
    // A PNG signature and a protobuf field, standing in for real content.
    let image = b"\x89PNG\r\n\x1a\n...".to_vec();
    let logs = b"\x0a\x00".to_vec();
    upload(
        &target.client,
        image,
        logs,
        "f6c4fa6f-xxxx-xxxx-8289-1ff6f77ed975",
    )
    .await?;
    for call in server.calls() {
        let code = call.code.as_deref().unwrap_or("success");
        println!(
            "tcapi-mock answered {} ({}): {code}",
            call.action, call.request
        );
    }
    Ok(())
}
