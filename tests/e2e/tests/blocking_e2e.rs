//! The blocking facade from plain threads: same signing, typed errors and retries.

use std::sync::mpsc;
use std::time::Duration;

use serde_json::json;
use tcapi::{Client, Credentials, Error, RetryPolicy};
use tcapi_tests::fixtures::DescribeLike;
use tcapi_tests::{Reply, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer};

/// Runs the local server on a thread of its own; returns its URL and a stop handle.
fn server(script: impl FnOnce(&TestServer) + Send + 'static) -> (String, mpsc::Sender<()>) {
    let (url_tx, url_rx) = mpsc::channel();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let server = TestServer::start().await.unwrap();
            script(&server);
            url_tx.send(server.base_url()).unwrap();
            let _ = tokio::task::spawn_blocking(move || stop_rx.recv()).await;
        });
    });
    (
        url_rx.recv_timeout(Duration::from_secs(10)).unwrap(),
        stop_tx,
    )
}

#[test]
fn blocking_calls_are_signed_retried_and_typed() {
    let (url, _stop) = server(|s| {
        s.push("DescribeThings", Reply::throttled());
        s.push("DescribeThings", Reply::success(json!({"TotalCount": 2})));
        s.push("DescribeThings", Reply::error("FailedOperation", "no"));
        s.set_fallback(
            "DescribeInstances",
            Reply::success(json!({"N": 18446744073709551615u64})),
        );
    });
    let client = tcapi::blocking::Client::new(
        Client::builder()
            .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
            .base_url(url)
            .retry(RetryPolicy {
                max_attempts: 3,
                initial_backoff: Duration::from_millis(1),
                max_backoff: Duration::from_millis(2),
                retry_ambiguous_non_idempotent: false,
            })
            .build_with_env(&|_| None)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        client
            .send(DescribeLike { limit: None })
            .unwrap()
            .total_count,
        2
    );
    let e = client.send(DescribeLike { limit: None }).unwrap_err();
    assert!(matches!(e, Error::Service { .. }), "{e:?}");
    let clone = client.clone();
    let by_name = std::thread::spawn(move || {
        clone
            .call_json("cvm", "2017-03-12", "DescribeInstances", json!({}))
            .unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(by_name.value().unwrap()["N"].as_u64(), Some(u64::MAX));
    let call = client
        .as_async()
        .send(DescribeLike { limit: Some(1) })
        .timeout(Duration::from_secs(5));
    assert!(
        client.run(call).is_err(),
        "the script is used up: InvalidAction"
    );
}
