//! The CAR "Starting an Application" flow tested as a user tests their own backend: on the
//! in-process mocks (`tcapi::mock`), under tokio's paused clock, so backoffs, deadlines and
//! 20-second timeouts pass instantly and deterministically. The client's real retries,
//! timeouts and rate limits run on top of the mock's answers.

use std::time::Duration;

use tcapi::mock::{Fault, Mock, Reply};
use tcapi::{Client, Error, RateLimitMode, RetryPolicy};
use tcapi_car::start_application::{Patience, StartError, StartRequest, start_application};
use tcapi_car::{
    ApplyConcurrentError, ApplyConcurrentRequest, ApplyConcurrentResponse, CreateSessionError,
    CreateSessionRequest, CreateSessionResponse,
};
use tokio::time::Instant;

fn start_request(user: &str) -> StartRequest {
    StartRequest {
        user_id: user.into(),
        user_ip: "203.0.113.7".into(),
        project_id: "cap-abcdefgh".into(),
        client_session: "eyJhYmMiOjEyM30=".into(),
    }
}

fn no_idle() -> Reply<ApplyConcurrentRequest> {
    Reply::error(ApplyConcurrentError::ResourceNotFoundNoIdle {
        message: "No available concurrency quota.".into(),
    })
}

fn applied() -> Reply<ApplyConcurrentRequest> {
    Reply::ok(ApplyConcurrentResponse::default())
}

fn session(s: &str) -> Reply<CreateSessionRequest> {
    Reply::ok_with(|r: &mut CreateSessionResponse| r.server_session = s.into())
}

fn client(mock: &Mock) -> Client {
    mock.client().build_with_env(&|_| None).unwrap()
}

#[tokio::test(start_paused = true)]
async fn no_idle_is_retried_with_backoff_then_the_session_is_created() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .replies([no_idle(), no_idle(), no_idle(), applied()]);
    mock.on::<CreateSessionRequest>()
        .when(|r| r.client_session.as_deref() == Some("eyJhYmMiOjEyM30="))
        .reply(session("server-session-1"));
    let t0 = Instant::now();
    let started = start_application(
        &client(&mock),
        &start_request("user-1"),
        Patience::default(),
    )
    .await
    .unwrap();
    assert_eq!(started.server_session, "server-session-1");
    assert_eq!(started.tries, 4);
    assert_eq!(started.request_id.len(), 36);
    // Backoff 500 ms doubling to 5 s, each wait in [d/2, d]: 0.25+0.5+1 s at least.
    let elapsed = t0.elapsed();
    assert!(elapsed >= Duration::from_millis(1750), "{elapsed:?}");
    assert!(elapsed <= Duration::from_millis(3500), "{elapsed:?}");
    let applies = mock.requests::<ApplyConcurrentRequest>();
    assert_eq!(applies.len(), 4);
    assert!(
        applies
            .iter()
            .all(|r| r.user_id == "user-1" && r.project_id == "cap-abcdefgh")
    );
    let at: Vec<Instant> = mock.calls().iter().map(|c| c.at).collect();
    assert!(
        at.windows(2)
            .take(3)
            .all(|w| w[1] - w[0] >= Duration::from_millis(250))
    );
    assert_eq!(mock.count::<CreateSessionRequest>(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_deadline_ends_the_wait_for_an_idle_concurrency() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().reply(no_idle());
    let t0 = Instant::now();
    let e = start_application(
        &client(&mock),
        &start_request("user-1"),
        Patience::default(),
    )
    .await
    .unwrap_err();
    let StartError::NoIdleConcurrency { tries } = e else {
        panic!("{e:?}");
    };
    // 30 s with waits of at most 5 s (at least 2.5 s once grown): between 7 and 17 tries.
    assert!((7..=17).contains(&tries), "{tries}");
    assert_eq!(mock.count::<ApplyConcurrentRequest>() as u32, tries);
    assert!(
        t0.elapsed() <= Duration::from_secs(30),
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(mock.count::<CreateSessionRequest>(), 0);
}

#[tokio::test(start_paused = true)]
async fn create_session_failing_after_apply_succeeded_is_reported_and_not_repeated() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().reply(applied());
    mock.on::<CreateSessionRequest>().reply(Reply::error(
        CreateSessionError::ResourceUnavailableAccessFailed {
            message: "Failed to access the concurrency instance.".into(),
        },
    ));
    let e = start_application(
        &client(&mock),
        &start_request("user-1"),
        Patience::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            &e,
            StartError::CreateSession(Error::Service {
                error: CreateSessionError::ResourceUnavailableAccessFailed { .. },
                ..
            })
        ),
        "{e:?}"
    );
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 1);
    assert_eq!(mock.count::<CreateSessionRequest>(), 1);

    // A CreateSession that times out (5 s documented) is not retried: it may have run.
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().reply(applied());
    mock.on::<CreateSessionRequest>()
        .reply(Reply::fault(Fault::Stall));
    let t0 = Instant::now();
    let e = start_application(
        &client(&mock),
        &start_request("user-1"),
        Patience::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(e, StartError::CreateSession(Error::Timeout { .. })),
        "{e:?}"
    );
    assert_eq!(t0.elapsed(), Duration::from_secs(5));
    assert_eq!(mock.count::<CreateSessionRequest>(), 1);
}

#[tokio::test(start_paused = true)]
async fn throttling_is_retried_by_the_client_and_the_rate_limit_paces_a_burst() {
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().replies([
        Reply::throttled(),
        Reply::throttled(),
        applied(),
    ]);
    mock.on::<ApplyConcurrentRequest>().reply(applied());
    mock.on::<CreateSessionRequest>().reply(session("s"));
    let c = client(&mock);
    let started = start_application(&c, &start_request("user-1"), Patience::default())
        .await
        .unwrap();
    // The client retried RequestLimitExceeded itself: one try of the flow, three attempts.
    assert_eq!(started.tries, 1);
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 3);

    // 250 users at once: ApplyConcurrent is limited to 100 requests per second.
    mock.clear_calls();
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..250 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            start_application(
                &c,
                &start_request(&format!("user-{i}")),
                Patience::default(),
            )
            .await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert!(t0.elapsed() >= Duration::from_secs(2), "{:?}", t0.elapsed());
    let applies: Vec<Instant> = mock
        .calls()
        .iter()
        .filter(|c| c.action == "ApplyConcurrent")
        .map(|c| c.at)
        .collect();
    assert_eq!(applies.len(), 250);
    for i in 100..applies.len() {
        assert!(
            applies[i] - applies[i - 100] >= Duration::from_secs(1),
            "call {i}"
        );
    }

    // Fail-fast mode: the burst past the limit is refused before sending.
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().reply(applied());
    let c = mock
        .client()
        .rate_limit(RateLimitMode::FailFast)
        .build_with_env(&|_| None)
        .unwrap();
    let mut refused = 0;
    for i in 0..120 {
        match c
            .send(ApplyConcurrentRequest::new(
                format!("u{i}"),
                "203.0.113.7",
                "cap-abcdefgh",
            ))
            .await
        {
            Ok(_) => {}
            Err(Error::RateLimited { .. }) => refused += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(refused, 20);
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 100);
}

#[tokio::test(start_paused = true)]
async fn apply_concurrent_timeouts_and_broken_connections() {
    // ApplyConcurrent documents a 20 s timeout; it is not idempotent, so no retry.
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .reply(Reply::fault(Fault::Stall));
    let t0 = Instant::now();
    let e = start_application(
        &client(&mock),
        &start_request("user-1"),
        Patience::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(e, StartError::Apply(Error::Timeout { .. })),
        "{e:?}"
    );
    assert_eq!(t0.elapsed(), Duration::from_secs(20));
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 1);

    // A slow answer within the timeout is just slow.
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>()
        .reply(applied().after(Duration::from_secs(19)));
    mock.on::<CreateSessionRequest>().reply(session("s"));
    start_application(
        &client(&mock),
        &start_request("user-1"),
        Patience::default(),
    )
    .await
    .unwrap();

    // A connection that cannot be made is retried (nothing was sent); a reset is not.
    let mock = Mock::new();
    mock.on::<ApplyConcurrentRequest>().replies([
        Reply::fault(Fault::Refused),
        applied(),
        Reply::fault(Fault::Reset),
    ]);
    mock.on::<CreateSessionRequest>().reply(session("s"));
    let c = mock
        .client()
        .retry(RetryPolicy::default())
        .build_with_env(&|_| None)
        .unwrap();
    start_application(&c, &start_request("user-1"), Patience::default())
        .await
        .unwrap();
    assert_eq!(mock.count::<ApplyConcurrentRequest>(), 2);
    let e = start_application(&c, &start_request("user-2"), Patience::default())
        .await
        .unwrap_err();
    assert!(
        matches!(e, StartError::Apply(Error::Transport { sent: true, .. })),
        "{e:?}"
    );
}
