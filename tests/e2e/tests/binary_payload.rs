//! Generated binary actions (the fixture spec `codegen/tests/fixtures/upload.yaml`, its
//! snapshot compiled in `tcapi_tests::upload`): the exact bytes of the form for a fixed
//! boundary, the raw body and its headers, and both sent to the local server, which
//! verifies the signature over the bytes it received.

use serde_json::json;
use tcapi::payload::Payload;
use tcapi::{Action, Client, Credentials, Error};
use tcapi_tests::upload::put_object::Mode;
use tcapi_tests::upload::types::Owner;
use tcapi_tests::upload::upload_file::Kind;
use tcapi_tests::upload::{DescribeFilesRequest, PutObjectRequest, UploadFileRequest};
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(server.base_url())
        .build_with_env(&|_| None)
        .unwrap()
}

fn every_member() -> UploadFileRequest {
    UploadFileRequest::new(b"\x00\xff\r\n--B0\r\n".to_vec())
        .name("报告.pdf")
        .kind(Kind::Document)
        .copies(2)
        .public(true)
        .quality(0.5)
        .tags(vec!["a".into(), "b\"c".into()])
        .owner(Owner::new("100").team("ops"))
        .thumbnail(b"PNG".to_vec())
}

fn form(p: Payload) -> tcapi::payload::Multipart {
    match p {
        Payload::Multipart(f) => f,
        other => panic!("not a form: {other:?}"),
    }
}

#[test]
fn the_form_is_one_part_per_member_in_the_official_sdks_encoding() {
    let body = form(every_member().payload()).encode("B0");
    let mut want: Vec<u8> = Vec::new();
    let part = |want: &mut Vec<u8>, head: &str, data: &[u8]| {
        want.extend_from_slice(b"--B0\r\nContent-Disposition: form-data; name=\"");
        want.extend_from_slice(head.as_bytes());
        want.extend_from_slice(b"\r\n\r\n");
        want.extend_from_slice(data);
        want.extend_from_slice(b"\r\n");
    };
    part(
        &mut want,
        "File\"; filename=\"File\"",
        b"\x00\xff\r\n--B0\r\n",
    );
    part(&mut want, "Name\"", "报告.pdf".as_bytes());
    part(&mut want, "Kind\"", b"document");
    part(&mut want, "Copies\"", b"2");
    part(&mut want, "Public\"", b"true");
    part(&mut want, "Quality\"", b"0.5");
    part(
        &mut want,
        "Tags\"\r\nContent-Type: application/json",
        br#"["a","b\"c"]"#,
    );
    part(
        &mut want,
        "Owner\"\r\nContent-Type: application/json",
        br#"{"Uin":"100","Team":"ops"}"#,
    );
    part(&mut want, "Thumbnail\"; filename=\"Thumbnail\"", b"PNG");
    want.extend_from_slice(b"--B0--\r\n");
    assert_eq!(
        String::from_utf8_lossy(&body),
        String::from_utf8_lossy(&want)
    );
    assert_eq!(&body[..], &want[..]);

    // Unset optional members are left out; only the required file remains.
    let only = form(UploadFileRequest::new(b"x".to_vec()).payload()).encode("B0");
    assert_eq!(
        &only[..],
        &b"--B0\r\nContent-Disposition: form-data; name=\"File\"; filename=\"File\"\r\n\r\nx\r\n--B0--\r\n"[..]
    );
    // The boundary drawn for sending occurs in no part (the file holds `--B0`).
    let f = form(every_member().payload());
    assert_ne!(f.boundary(), "B0");
    assert!(matches!(
        DescribeFilesRequest::new().limit(1).payload(),
        Payload::Json
    ));
}

#[test]
fn the_raw_body_is_the_body_member_and_the_others_are_headers() {
    let req = PutObjectRequest::new(b"\x00\x01raw".to_vec(), "bucket-1")
        .part(7)
        .mode(Mode::Archive)
        .overwrite(false);
    let Payload::OctetStream(raw) = req.payload() else {
        panic!("not a raw body");
    };
    assert_eq!(&raw.body()[..], b"\x00\x01raw");
    let headers: Vec<(&str, &str)> = raw
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        headers,
        [
            ("X-Upload-Bucket", "bucket-1"),
            ("X-Upload-Part", "7"),
            ("X-Upload-Mode", "archive"),
            ("X-Upload-Overwrite", "false"),
        ]
    );
    let Payload::OctetStream(raw) = PutObjectRequest::new(Vec::new(), "b").payload() else {
        panic!();
    };
    assert_eq!(raw.headers().len(), 1, "unset members send no header");
}

#[tokio::test]
async fn both_are_sent_signed_over_the_exact_bytes() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("UploadFile", Reply::success(json!({"FileId": "f-1"})));
    server.set_fallback("PutObject", Reply::success(json!({"Size": 5})));
    let c = client(&server);
    let resp = c.send(every_member()).await.unwrap();
    assert_eq!(resp.file_id, "f-1");
    let put = PutObjectRequest::new(b"12345".to_vec(), "bucket-1").part(2);
    assert_eq!(c.send(put).await.unwrap().size, 5);

    let received = server.received();
    let form_req = &received[0];
    assert_eq!(form_req.signature, Ok(()));
    let boundary = form_req
        .content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    assert_eq!(
        form_req.body,
        form(every_member().payload()).encode(boundary)
    );
    let raw_req = &received[1];
    assert_eq!(raw_req.signature, Ok(()));
    assert_eq!(raw_req.content_type, "application/octet-stream");
    assert_eq!(raw_req.body, b"12345".to_vec());
    assert_eq!(raw_req.headers["x-upload-bucket"], "bucket-1");
    assert_eq!(raw_req.headers["x-upload-part"], "2");
    assert!(!raw_req.headers.contains_key("x-upload-mode"));

    // Documented constraints are checked before the form is built: nothing is sent.
    let e = c
        .send(UploadFileRequest::new(b"x".to_vec()).copies(5))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidRequest(v) if v.0[0].path == "Copies"),
        "{e:?}"
    );
    assert_eq!(server.received().len(), 2);
}

#[test]
fn debug_of_a_request_shows_its_files_by_length() {
    let text = format!("{:?}", every_member());
    assert!(
        text.starts_with(r#"UploadFileRequest {"File":"Binary(10 bytes)","Name":"报告.pdf""#),
        "{text}"
    );
    assert!(text.contains(r#""Thumbnail":"Binary(3 bytes)""#), "{text}");
    // The indented form is the same JSON.
    let pretty = format!("{:#?}", every_member());
    let json = pretty.strip_prefix("UploadFileRequest ").unwrap();
    let compact = text.strip_prefix("UploadFileRequest ").unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(json).unwrap(),
        serde_json::from_str::<serde_json::Value>(compact).unwrap()
    );
}
