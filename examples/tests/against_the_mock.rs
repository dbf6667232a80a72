//! Every example, run against `tcapi-mock` serving the specs of the services it calls.

#[allow(dead_code)] // `main` is the program's; the test calls what it calls.
#[path = "../cvm_instances.rs"]
mod cvm_instances;

#[allow(dead_code)]
#[path = "../start_application.rs"]
mod start_application;

#[allow(dead_code)]
#[path = "../binary_uploads.rs"]
mod binary_uploads;

#[tokio::test]
async fn the_quick_start_lists_the_documented_instances() {
    let target = tcapi_examples::mock(Some("ap-guangzhou"), &["cvm"], None)
        .await
        .unwrap();
    cvm_instances::list_instances(&target.client).await.unwrap();
    let server = target.mock.unwrap();
    let calls = server.calls_of("DescribeInstances");
    assert_eq!(calls.len(), 1);
    assert_eq!((calls[0].status, calls[0].code.as_deref()), (200, None));
    assert_eq!(calls[0].request["Limit"], 20);
}

#[tokio::test]
async fn starting_an_application_waits_out_two_busy_answers() {
    let target = tcapi_examples::mock(None, &["car"], Some(start_application::BUSY))
        .await
        .unwrap();
    let request = tcapi_car::start_application::StartRequest {
        user_id: "user-0001".into(),
        user_ip: "203.0.113.7".into(),
        project_id: "cap-abcdefgh".into(),
        client_session: "eyJhYmMiOjEyM30=".into(),
    };
    let started = start_application::start(&target.client, &request)
        .await
        .unwrap();
    assert_eq!(started.tries, 3);
    assert!(!started.server_session.is_empty());
    let server = target.mock.unwrap();
    assert_eq!(server.calls_of("ApplyConcurrent").len(), 3);
    assert_eq!(server.calls_of("CreateSession").len(), 1);
}

#[tokio::test]
async fn binary_uploads_send_a_form_and_a_raw_body_the_mock_reads_back() {
    let target = tcapi_examples::mock(Some("ap-guangzhou"), &["cii", "cls"], None)
        .await
        .unwrap();
    let image = b"\x89PNG\r\n\x1a\n...".to_vec();
    binary_uploads::upload(&target.client, image, b"\x0a\x00".to_vec(), "topic-1")
        .await
        .unwrap();
    let server = target.mock.unwrap();
    let form = server.calls_of("DescribeQualityScore");
    assert_eq!((form.len(), form[0].status), (1, 200));
    // The file part, read back as its base64 text.
    assert_eq!(form[0].request["File"], "iVBORw0KGgouLi4=");
    let raw = server.calls_of("UploadLog");
    assert_eq!((raw.len(), raw[0].status), (1, 200));
    assert_eq!(raw[0].request["TopicId"], "topic-1");
}
