//! Binary actions end to end: the generated cii requests (multipart forms with file parts)
//! and cls `UploadLog` (a raw body with `X-CLS-*` headers) sent by the tcapi client to the
//! mock server, which verifies the signature over the exact bytes, reads the form or the
//! body and headers back into the members, checks them as it checks JSON, and refuses
//! malformed or mislabelled bodies with a clear message.

mod common;

use common::{ID, KEY, builder, code, message, now, server};
use serde_json::Value;
use tcapi::sign::{self, SignInput};
use tcapi::{Binary, Client, Credentials, Error};
use tcapi_cii::cii_2021_04_08::{DescribeQualityScoreRequest, UploadMedicalFileRequest};
use tcapi_cls::upload_log::CompressType;
use tcapi_cls::{UploadLogError, UploadLogRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn client(server: &tcapi_mock::MockServer) -> Client {
    Client::builder()
        .credentials(Credentials::new(ID, KEY).unwrap())
        .base_url(server.base_url())
        .region("ap-guangzhou")
        .build_with_env(&|_| None)
        .unwrap()
}

/// Every byte value, CR LF pairs and something that looks like a delimiter.
fn image() -> Vec<u8> {
    let mut data: Vec<u8> = (0..=255u8).collect();
    data.extend_from_slice(b"\r\n--\r\n--boundary--\r\n\x00");
    data
}

#[tokio::test]
async fn a_cii_form_with_a_file_part_is_verified_and_read_back() {
    let server = server().await;
    let c = client(&server);
    let resp = c
        .send(DescribeQualityScoreRequest::new(image()))
        .await
        .unwrap();
    assert!(!resp.request_id.is_empty());
    let call = &server.calls_of("DescribeQualityScore")[0];
    assert_eq!(call.code, None, "{call:?}");
    assert_eq!(
        call.request,
        serde_json::json!({"File": Binary::from(image()).to_base64()})
    );

    // A large file passes and is not kept whole in the call record.
    let big = vec![7u8; 200_000];
    c.send(DescribeQualityScoreRequest::new(big)).await.unwrap();
    let call = &server.calls_of("DescribeQualityScore")[1];
    assert_eq!(call.code, None, "{call:?}");
    assert_eq!(call.request["File"], "<266668 bytes of base64>");

    // Optional members: only those set are parts.
    c.send(UploadMedicalFileRequest::new().file_url("https://example.com/a.png"))
        .await
        .unwrap();
    c.send(
        UploadMedicalFileRequest::new()
            .file(image())
            .file_url("https://example.com/报告.png"),
    )
    .await
    .unwrap();
    let calls = server.calls_of("UploadMedicalFile");
    assert_eq!(
        calls[0].request,
        serde_json::json!({"FileURL": "https://example.com/a.png"})
    );
    assert_eq!(calls[1].request["FileURL"], "https://example.com/报告.png");
    assert_eq!(calls[1].request["File"], Binary::from(image()).to_base64());
}

#[tokio::test]
async fn cls_upload_log_sends_the_raw_body_with_its_header_members() {
    let server = builder()
        .scenario_str(
            "closed.yaml",
            "actions:\n  UploadLog:\n    - match: { TopicId: closed-topic }\n      reply: { error: FailedOperation.TopicClosed }\n",
        )
        .start()
        .await
        .unwrap();
    let c = client(&server);
    let logs = image();
    c.send(UploadLogRequest::new(logs.clone(), "topic-1").compress_type(CompressType::Zstd))
        .await
        .unwrap();
    let call = &server.calls_of("UploadLog")[0];
    assert_eq!(call.code, None, "{call:?}");
    assert_eq!(
        call.request,
        serde_json::json!({
            "LogGroupList": Binary::from(logs.clone()).to_base64(),
            "TopicId": "topic-1",
            "CompressType": "zstd",
        })
    );

    // Scenario rules match the members read from headers; the error is typed.
    let e = c
        .send(UploadLogRequest::new(logs, "closed-topic"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Service {
                error: UploadLogError::FailedOperationTopicClosed { .. },
                ..
            }
        ),
        "{e:?}"
    );
}

/// A signed request with any content type, headers and body bytes; the status and the
/// envelope.
async fn send_raw(
    addr: std::net::SocketAddr,
    (service, version, action): (&str, &str, &str),
    content_type: &str,
    signed_content_type: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Value) {
    let host = addr.to_string();
    let timestamp = now();
    let auth = sign::authorization(
        ID,
        KEY,
        &SignInput {
            service,
            host: &host,
            content_type: signed_content_type,
            timestamp,
            payload: body,
        },
    );
    let mut head = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nX-TC-Action: {action}\r\nX-TC-Version: {version}\r\nX-TC-Timestamp: {timestamp}\r\nX-TC-Region: ap-guangzhou\r\nAuthorization: {auth}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    let body = text.split_once("\r\n\r\n").map(|x| x.1).unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

const CII: (&str, &str, &str) = ("cii", "2021-04-08", "DescribeQualityScore");
const UPLOAD_LOG: (&str, &str, &str) = ("cls", "2020-10-16", "UploadLog");

#[tokio::test]
async fn malformed_and_mislabelled_bodies_are_refused_with_what_is_wrong() {
    let server = server().await;
    let addr = server.addr();
    let form_type = "multipart/form-data; boundary=XyZ";
    let part = |name: &str, extra: &str, data: &str| {
        format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"{extra}\r\n\r\n{data}\r\n")
    };

    // A well-formed form with a file part passes.
    let ok = part("File", "; filename=\"File\"", "bytes") + "--XyZ--\r\n";
    let (status, v) = send_raw(addr, CII, form_type, form_type, &[], ok.as_bytes()).await;
    assert_eq!((status, code(&v)), (200, ""), "{v}");

    for (body, want_code, want) in [
        (
            "no delimiter at all".to_owned(),
            "InvalidParameter",
            "malformed",
        ),
        (
            part("File", "; filename=\"File\"", "bytes"),
            "InvalidParameter",
            "no delimiter ends it",
        ),
        (
            "--XyZ\r\nContent-Type: image/png\r\n\r\nbytes\r\n--XyZ--".to_owned(),
            "InvalidParameter",
            "no Content-Disposition",
        ),
        (
            part("File", "", "a") + &part("File", "", "b") + "--XyZ--",
            "InvalidParameter",
            "given twice",
        ),
        ("--XyZ--\r\n".to_owned(), "MissingParameter", "`File`"),
        (
            part("File", "", "x") + &part("Fiel", "", "y") + "--XyZ--",
            "UnknownParameter",
            "has no parameter of this name",
        ),
    ] {
        let (status, v) = send_raw(addr, CII, form_type, form_type, &[], body.as_bytes()).await;
        assert_eq!(status, 200);
        assert_eq!(code(&v), want_code, "{body:?}: {v}");
        assert!(message(&v).contains(want), "{body:?}: {}", message(&v));
    }

    // A JSON part that is not JSON, for a list member.
    let tasks = ("cii", "2021-04-08", "AddSubStructureTasks");
    let body = part("MainTaskId", "", "t-1")
        + &part(
            "TaskInfos",
            "\r\nContent-Type: application/json",
            "[not json",
        )
        + "--XyZ--";
    let (_, v) = send_raw(addr, tasks, form_type, form_type, &[], body.as_bytes()).await;
    assert_eq!(code(&v), "InvalidParameter");
    assert!(message(&v).contains("`TaskInfos` is not JSON"), "{v}");

    // No boundary in the content type.
    let (_, v) = send_raw(
        addr,
        CII,
        "multipart/form-data",
        "multipart/form-data",
        &[],
        ok.as_bytes(),
    )
    .await;
    assert!(message(&v).contains("no `boundary`"), "{v}");

    // The boundary is signed: a request signed with another one fails.
    let (_, v) = send_raw(
        addr,
        CII,
        form_type,
        "multipart/form-data; boundary=Other",
        &[],
        ok.as_bytes(),
    )
    .await;
    assert_eq!(code(&v), "AuthFailure.SignatureFailure");

    // A raw body for an action that takes a form, a form for one that takes a raw body.
    let octet = "application/octet-stream";
    let (_, v) = send_raw(addr, CII, octet, octet, &[], b"bytes").await;
    assert_eq!(code(&v), "InvalidParameter");
    assert!(message(&v).contains("not as a raw"), "{v}");
    let (_, v) = send_raw(addr, UPLOAD_LOG, form_type, form_type, &[], ok.as_bytes()).await;
    assert_eq!(code(&v), "InvalidParameter");
    assert!(message(&v).contains("X-CLS-TopicId"), "{v}");

    // The raw body's members: required header, documented values, an empty body.
    let topic = [("X-CLS-TopicId", "t-1")];
    let (_, v) = send_raw(addr, UPLOAD_LOG, octet, octet, &topic, b"logs").await;
    assert_eq!(code(&v), "", "{v}");
    let (_, v) = send_raw(addr, UPLOAD_LOG, octet, octet, &[], b"logs").await;
    assert_eq!(code(&v), "MissingParameter");
    assert!(message(&v).contains("X-CLS-TopicId"), "{v}");
    let bad = [("X-CLS-TopicId", "t-1"), ("x-cls-compresstype", "gzip")];
    let (_, v) = send_raw(addr, UPLOAD_LOG, octet, octet, &bad, b"logs").await;
    assert_eq!(code(&v), "InvalidParameterValue");
    assert!(message(&v).contains("`CompressType`"), "{v}");
    let (_, v) = send_raw(addr, UPLOAD_LOG, octet, octet, &topic, b"").await;
    assert_eq!(code(&v), "MissingParameter");
    assert!(message(&v).contains("body is empty"), "{v}");
}
