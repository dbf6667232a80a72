//! Streaming answers (Server-Sent Events) of a generated streaming action, end to end: the
//! fixture spec's `ChatCompletions` (codegen/tests/snapshots/chat.rs) against the local
//! server sending chunked events, cut streams, stalls and oversized events.

use std::time::Duration;

use serde_json::json;
use tcapi::{Client, ClientBuilder, Credentials, Error, EventStream, RetryPolicy};
use tcapi_tests::chat::types::Message;
use tcapi_tests::chat::{ChatCompletionsError, ChatCompletionsRequest, ChatCompletionsResponse};
use tcapi_tests::{Reply, StreamEnd, TEST_SECRET_ID, TEST_SECRET_KEY, TestServer, sse_event};

const ACTION: &str = "ChatCompletions";

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(TEST_SECRET_ID, TEST_SECRET_KEY).unwrap())
        .base_url(server.base_url())
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            retry_ambiguous_non_idempotent: false,
        })
}

fn client(server: &TestServer) -> Client {
    builder(server).build_with_env(&|_| None).unwrap()
}

fn request() -> ChatCompletionsRequest {
    ChatCompletionsRequest::new("hunyuan-lite", vec![Message::new("user", "1+1=?")]).stream(true)
}

fn delta(content: &str) -> serde_json::Value {
    json!({"Id": "c-1", "Created": 1_700_000_000, "Note": "AI",
           "Choices": [{"Delta": {"Role": "assistant", "Content": content}}]})
}

fn now(s: String) -> (Duration, String) {
    (Duration::ZERO, s)
}

type Events = EventStream<ChatCompletionsResponse, ChatCompletionsError>;

/// Every event until the end or the first error.
async fn drain(events: &mut Events) -> (Vec<String>, Option<Error<ChatCompletionsError>>) {
    let mut texts = Vec::new();
    while let Some(event) = events.next_event().await {
        match event {
            Ok(r) => texts.push(r.choices.into_iter().map(|c| c.delta.content).collect()),
            Err(e) => return (texts, Some(e)),
        }
    }
    (texts, None)
}

#[tokio::test]
async fn chunked_events_arrive_typed_in_order() {
    let server = TestServer::start().await.unwrap();
    let stream: String = [delta("1+1"), delta(" is"), delta(" 2.")]
        .iter()
        .map(sse_event)
        .collect::<String>()
        + ": keep-alive\n\ndata: [DONE]\n\n";
    // Cut at awkward places: inside the field name, inside the JSON, between the two
    // newlines that end an event.
    let bytes = stream.as_bytes();
    let cuts = [3, 40, 120, 121, bytes.len() - 5];
    let mut chunks = Vec::new();
    let mut at = 0;
    for c in cuts {
        chunks.push((
            Duration::from_millis(5),
            String::from_utf8(bytes[at..c].to_vec()).unwrap(),
        ));
        at = c;
    }
    chunks.push(now(String::from_utf8(bytes[at..].to_vec()).unwrap()));
    server.push(
        ACTION,
        Reply::Events {
            chunks,
            end: StreamEnd::Close,
        },
    );

    let mut events = client(&server).send_streaming(request()).await.unwrap();
    assert!(
        events
            .request_id()
            .is_some_and(|id| id.starts_with("00000000-"))
    );
    let (texts, error) = drain(&mut events).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(texts, ["1+1", " is", " 2."]);

    let r = &server.received()[0];
    assert_eq!(r.signature, Ok(()));
    assert_eq!(r.json()["Stream"], true);
}

#[tokio::test]
async fn an_error_envelope_instead_of_a_stream_is_the_typed_error_and_retryable_codes_retry() {
    let server = TestServer::start().await.unwrap();
    server.push(
        ACTION,
        Reply::error("FailedOperation.EngineRequestTimeout", "slow engine"),
    );
    let e = client(&server).send_streaming(request()).await.unwrap_err();
    assert!(
        matches!(
            e.service_error(),
            Some(ChatCompletionsError::FailedOperationEngineRequestTimeout { message }) if message == "slow engine"
        ),
        "{e:?}"
    );
    assert_eq!(server.count(ACTION), 1, "not retryable");

    // The spec marks EngineServerLimitExceeded retryable: retried into a stream.
    server.push(
        ACTION,
        Reply::error("FailedOperation.EngineServerLimitExceeded", "busy"),
    );
    server.push(
        ACTION,
        Reply::Events {
            chunks: vec![now(sse_event(&delta("ok")))],
            end: StreamEnd::Close,
        },
    );
    let mut events = client(&server).send_streaming(request()).await.unwrap();
    assert_eq!(drain(&mut events).await.0, ["ok"]);
    assert_eq!(server.count(ACTION), 3);

    // A plain JSON success (no streaming asked by the request) is one event.
    server.push(ACTION, Reply::success(delta("whole")));
    let mut events = client(&server).send_streaming(request()).await.unwrap();
    assert_eq!(drain(&mut events).await.0, ["whole"]);
    // And `send` reads it as usual.
    server.push(ACTION, Reply::success(delta("plain")));
    let r = client(&server).send(request()).await.unwrap();
    assert_eq!(r.id, "c-1");
}

#[tokio::test]
async fn an_error_event_ends_the_stream_with_the_typed_error() {
    let server = TestServer::start().await.unwrap();
    let error = json!({"Response": {"Error": {"Code": "FailedOperation.EngineRequestTimeout", "Message": "mid-way"}, "RequestId": "r-err"}});
    server.push(
        ACTION,
        Reply::Events {
            chunks: vec![
                now(sse_event(&delta("a"))),
                now(sse_event(&error)),
                now(sse_event(&delta("never"))),
            ],
            end: StreamEnd::Close,
        },
    );
    let mut events = client(&server).send_streaming(request()).await.unwrap();
    let (texts, e) = drain(&mut events).await;
    assert_eq!(texts, ["a"]);
    let e = e.unwrap();
    assert_eq!(e.request_id(), Some("r-err"));
    assert!(matches!(
        e.service_error(),
        Some(ChatCompletionsError::FailedOperationEngineRequestTimeout { .. })
    ));
    assert!(events.next_event().await.is_none(), "over after an error");
}

#[tokio::test]
async fn a_stream_cut_mid_event_is_an_error_not_a_silent_end() {
    let server = TestServer::start().await.unwrap();
    let half = &sse_event(&delta("second"))[..20];
    // Cut by a reset.
    server.push(
        ACTION,
        Reply::Events {
            chunks: vec![now(sse_event(&delta("first"))), now(half.to_owned())],
            end: StreamEnd::Reset,
        },
    );
    let mut events = client(&server).send_streaming(request()).await.unwrap();
    let (texts, e) = drain(&mut events).await;
    assert_eq!(texts, ["first"]);
    assert!(
        matches!(e, Some(Error::Transport { sent: true, .. })),
        "{e:?}"
    );

    // Cut by a clean end of the body inside an event.
    server.push(
        ACTION,
        Reply::Events {
            chunks: vec![now(sse_event(&delta("first"))), now(half.to_owned())],
            end: StreamEnd::Close,
        },
    );
    let mut events = client(&server).send_streaming(request()).await.unwrap();
    let (texts, e) = drain(&mut events).await;
    assert_eq!(texts, ["first"]);
    match e {
        Some(Error::UndecodableResponse { reason, .. }) => {
            assert!(reason.contains("inside an event"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_stalled_stream_times_out_between_chunks() {
    let server = TestServer::start().await.unwrap();
    server.push(
        ACTION,
        Reply::Events {
            chunks: vec![
                now(sse_event(&delta("a"))),
                (Duration::from_millis(30), sse_event(&delta("b"))),
            ],
            end: StreamEnd::Stall,
        },
    );
    let mut events = client(&server)
        .send(request())
        .idle_timeout(Duration::from_millis(300))
        .stream()
        .await
        .unwrap();
    let started = tokio::time::Instant::now();
    let (texts, e) = drain(&mut events).await;
    assert_eq!(
        texts,
        ["a", "b"],
        "a pause shorter than the idle timeout is fine"
    );
    assert!(
        matches!(e, Some(Error::Timeout { after }) if after == Duration::from_millis(300)),
        "{e:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn an_oversized_event_is_a_typed_error_with_bounded_memory() {
    let server = TestServer::start().await.unwrap();
    let big = sse_event(&delta(&"x".repeat(10_000)));
    // Sent in small chunks: the limit applies to the event, not to one chunk.
    let chunks = big
        .as_bytes()
        .chunks(500)
        .map(|c| now(String::from_utf8(c.to_vec()).unwrap()))
        .collect();
    server.push(
        ACTION,
        Reply::Events {
            chunks,
            end: StreamEnd::Close,
        },
    );
    let client = builder(&server)
        .max_response_bytes(4096)
        .build_with_env(&|_| None)
        .unwrap();
    let mut events = client.send_streaming(request()).await.unwrap();
    let (texts, e) = drain(&mut events).await;
    assert!(texts.is_empty());
    assert!(
        matches!(e, Some(Error::ResponseTooLarge { limit: 4096, .. })),
        "{e:?}"
    );
}

#[tokio::test]
async fn dropping_the_stream_cancels_the_request() {
    let server = TestServer::start().await.unwrap();
    let chunks = (0..500)
        .map(|i| (Duration::from_millis(10), sse_event(&delta(&i.to_string()))))
        .collect();
    server.push(
        ACTION,
        Reply::Events {
            chunks,
            end: StreamEnd::Close,
        },
    );
    let mut events = client(&server).send_streaming(request()).await.unwrap();
    assert!(events.next_event().await.unwrap().is_ok());
    drop(events);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while server.streams_abandoned() == 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        server.streams_abandoned(),
        1,
        "the server saw the client go away"
    );
}
