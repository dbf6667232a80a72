//! Waiters on a paused clock: success, a failure state, the deadline, cancellation.

use std::time::Duration;

use crate::mock::doc_example::{ApplyConcurrentRequest, ApplyConcurrentResponse};
use crate::mock::{Mock, Reply};
use crate::wait::{Check, WaitError, Waiter};

// The doc example's response has only a `RequestId`: the state travels in it.
fn state(s: &str) -> Reply<ApplyConcurrentRequest> {
    Reply::ok(ApplyConcurrentResponse {
        request_id: s.to_owned(),
    })
}

fn waiter() -> Waiter<ApplyConcurrentResponse> {
    Waiter::new("Ready", |r: &ApplyConcurrentResponse| {
        match r.request_id.as_str() {
            "READY" => Check::Done,
            "BROKEN" => Check::Failed("BROKEN".into()),
            other => Check::Waiting(Some(other.to_owned())),
        }
    })
    .interval(Duration::from_secs(1))
    .backoff(2.0)
    .max_interval(Duration::from_secs(8))
    .deadline(Duration::from_secs(60))
}

fn request() -> ApplyConcurrentRequest {
    ApplyConcurrentRequest {
        user_id: "u".into(),
    }
}

#[tokio::test(start_paused = true)]
async fn success_after_a_sequence_of_states() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().replies([
        state("PENDING"),
        state("PENDING"),
        state("PENDING"),
        state("READY"),
    ]);
    let client = mock.client().build().unwrap();
    let start = tokio::time::Instant::now();
    let r = client.wait(request(), waiter()).await.unwrap();
    assert_eq!(r.request_id, "READY");
    // Waits of 1, 2 and 4 s between the four polls.
    assert_eq!(start.elapsed(), Duration::from_secs(7));
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 4);
}

#[tokio::test(start_paused = true)]
async fn a_failure_state_ends_the_wait_naming_it() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .replies([state("PENDING"), state("BROKEN")]);
    let client = mock.client().build().unwrap();
    match client.wait(request(), waiter()).await {
        Err(WaitError::Failed { waiter, state }) => {
            assert_eq!((waiter.as_str(), state.as_str()), ("Ready", "BROKEN"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn the_deadline_names_the_last_state() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().reply(state("PENDING"));
    let client = mock.client().build().unwrap();
    let start = tokio::time::Instant::now();
    let e = client.wait(request(), waiter()).await.unwrap_err();
    assert_eq!(start.elapsed(), Duration::from_secs(60));
    match &e {
        WaitError::Deadline {
            after, last_state, ..
        } => {
            assert_eq!(*after, Duration::from_secs(60));
            assert_eq!(last_state.as_deref(), Some("PENDING"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        e.to_string(),
        "waiting for Ready: not done after 60 s (last state PENDING)"
    );
    // Polls at 0, 1, 3, 7, 15, 23, 31, 39, 47, 55.
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 10);
}

#[tokio::test(start_paused = true)]
async fn a_call_error_ends_the_wait() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().replies([
        state("PENDING"),
        Reply::error_code("ResourceNotFound", "no such"),
    ]);
    let client = mock.client().build().unwrap();
    match client.wait(request(), waiter()).await {
        Err(WaitError::Call(e)) => assert!(e.to_string().contains("ResourceNotFound")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn dropping_the_wait_cancels_it() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().reply(state("PENDING"));
    let client = mock.client().build().unwrap();
    let wait = std::future::IntoFuture::into_future(client.wait(request(), waiter()));
    let outcome = tokio::time::timeout(Duration::from_millis(2500), wait).await;
    assert!(outcome.is_err(), "still waiting when dropped");
    let polls = mock.count::<ApplyConcurrentRequest>();
    tokio::time::sleep(Duration::from_secs(120)).await;
    assert_eq!(
        mock.count::<ApplyConcurrentRequest>(),
        polls,
        "no poll after the drop"
    );
    assert_eq!(polls, 2);
}

#[test]
fn the_blocking_client_waits_too() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .replies([state("PENDING"), state("READY")]);
    let client = crate::blocking::Client::new(mock.client().build().unwrap()).unwrap();
    let waiter = waiter().interval(Duration::from_millis(10));
    let r = client.wait(request(), waiter).unwrap();
    assert_eq!(r.request_id, "READY");
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 2);
}
