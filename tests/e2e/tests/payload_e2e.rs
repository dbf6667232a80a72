//! Multipart and octet-stream bodies end to end: signed over the exact bytes sent (the
//! local server verifies each signature with the `Content-Type` it received), the same bytes
//! on every attempt, bad part names and headers refused before sending.

use std::time::Duration;

use serde_json::json;
use tcapi::payload::{Multipart, OctetStream};
use tcapi::{Client, Credentials, Error, RetryPolicy};
use tcapi_tests::fixtures::UploadLike;
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(server.base_url())
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            retry_ambiguous_non_idempotent: false,
        })
        .build_with_env(&|_| None)
        .unwrap()
}

/// Every byte value, CR LF pairs and something that looks like a boundary.
fn binary() -> Vec<u8> {
    let mut data: Vec<u8> = (0..=255u8).collect();
    data.extend_from_slice(b"\r\n--\r\n--boundary--\r\n\x00");
    data
}

#[tokio::test]
async fn a_multipart_upload_is_signed_over_its_exact_bytes_and_resent_identically() {
    let server = TestServer::start().await.unwrap();
    server.push("UploadThing", Reply::throttled());
    server.push("UploadThing", Reply::success(json!({})));
    let upload = UploadLike {
        name: "报告".into(),
        tags: vec!["a".into(), "b".into()],
        file: binary(),
    };
    client(&server).send(upload.clone()).await.unwrap();

    let received = server.received();
    assert_eq!(received.len(), 2);
    for r in &received {
        assert_eq!(r.signature, Ok(()), "signed with the boundary it carries");
        let boundary = r
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("{}", r.content_type));
        assert_eq!(boundary.len(), 32);
        assert_eq!(
            r.body,
            upload.form().encode(boundary),
            "the documented form encoding"
        );
    }
    assert_eq!(
        received[0].content_type, received[1].content_type,
        "one boundary per call"
    );
    assert_eq!(received[0].body, received[1].body);

    // Another call draws another boundary.
    server.set_fallback("UploadThing", Reply::success(json!({})));
    client(&server).send(upload).await.unwrap();
    assert_ne!(server.received()[2].content_type, received[0].content_type);
}

#[tokio::test]
async fn octet_stream_bodies_carry_their_parameter_headers() {
    let server = TestServer::start().await.unwrap();
    server.set_fallback("PutObjectLike", Reply::success(json!({"Size": 279})));
    let raw = OctetStream::new(binary())
        .header("X-TC-ObjectName", "a.bin")
        .header("X-TC-Part", "1");
    let response = client(&server)
        .call_octet_stream("gse", "2019-11-12", "PutObjectLike", raw)
        .await
        .unwrap();
    assert_eq!(response.value().unwrap()["Size"], 279);
    let r = &server.received()[0];
    assert_eq!(r.signature, Ok(()));
    assert_eq!(r.content_type, "application/octet-stream");
    assert_eq!(r.body, binary());
    assert_eq!(r.headers["x-tc-objectname"], "a.bin");
    assert_eq!(r.headers["x-tc-part"], "1");

    // A form by name, too.
    server.set_fallback("UploadByName", Reply::success(json!({})));
    let form = Multipart::new().text("A", "1").file("F", "f.bin", binary());
    client(&server)
        .call_multipart("gse", "2019-11-12", "UploadByName", form)
        .await
        .unwrap();
    assert_eq!(server.received()[1].signature, Ok(()));
}

#[tokio::test]
async fn bad_part_names_and_reserved_headers_are_not_sent() {
    let server = TestServer::start().await.unwrap();
    let c = client(&server);
    let e = c
        .call_multipart(
            "gse",
            "2019-11-12",
            "UploadByName",
            Multipart::new().text("A\"B", "x"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidRequest(v) if v.0[0].path == "A\"B"),
        "{e:?}"
    );
    let e = c
        .call_octet_stream(
            "gse",
            "2019-11-12",
            "Put",
            OctetStream::new(vec![1]).header("Host", "evil"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidRequest(v) if v.0[0].path == "Host"),
        "{e:?}"
    );
    let e = c
        .send(UploadLike {
            name: String::new(),
            ..UploadLike::default()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::InvalidRequest(_)),
        "validation runs before the form is built"
    );
    assert!(server.received().is_empty());
}
