//! The CAR flow "Starting an Application", as a business backend runs it.
//!
//! 1. `ApplyConcurrent` reserves a concurrency for the user. When none is idle
//!    (`ResourceNotFound.NoIdle`) the backend asks again, backing off with jitter, until a
//!    deadline;
//! 2. `CreateSession` creates the session with the client's `ClientSession`;
//! 3. the returned `ServerSession` goes back to the business client, which starts the
//!    application with it.
//!
//! One `UserId` holds one concurrency at a time: a second request with the same id takes the
//! concurrency over, so use a stable id per user.

use std::fmt;
use std::time::Duration;

use tcapi::{Client, Error, RetryPolicy};
use tokio::time::Instant;

use crate::{
    ApplyConcurrentError, ApplyConcurrentRequest, CreateSessionError, CreateSessionRequest,
};

/// What the business client sent to the backend.
#[derive(Debug, Clone)]
pub struct StartRequest {
    /// Stable id of the user (one concurrency per id).
    pub user_id: String,
    /// The user's public IP, for nearby scheduling.
    pub user_ip: String,
    /// CAR project id, `cap-...`.
    pub project_id: String,
    /// `ClientSession` from the client SDK's `getClientSession()`.
    pub client_session: String,
}

/// How long to keep asking for an idle concurrency, and how to back off in between.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// Give up when the next try would start after this much time.
    pub deadline: Duration,
    /// Backoff between tries (its `initial_backoff` and `max_backoff`, with jitter).
    pub backoff: RetryPolicy,
}

impl Default for Patience {
    fn default() -> Self {
        Self {
            deadline: Duration::from_secs(30),
            backoff: RetryPolicy {
                initial_backoff: Duration::from_millis(500),
                max_backoff: Duration::from_secs(5),
                ..RetryPolicy::default()
            },
        }
    }
}

/// Why the application could not be started.
#[derive(Debug)]
pub enum StartError {
    /// Every try until the deadline found no idle concurrency.
    NoIdleConcurrency {
        /// How many times `ApplyConcurrent` was called.
        tries: u32,
    },
    /// `ApplyConcurrent` failed otherwise.
    Apply(Error<ApplyConcurrentError>),
    /// `CreateSession` failed.
    CreateSession(Error<CreateSessionError>),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoIdleConcurrency { tries } => write!(
                f,
                "no idle concurrency before the deadline ({tries} ApplyConcurrent calls)"
            ),
            Self::Apply(e) => write!(f, "ApplyConcurrent: {e}"),
            Self::CreateSession(e) => write!(f, "CreateSession: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// The outcome of a start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    /// Give this to the client SDK's `start()`.
    pub server_session: String,
    /// How many `ApplyConcurrent` calls it took.
    pub tries: u32,
    /// `RequestId` of `CreateSession`.
    pub request_id: String,
}

/// Runs the flow: reserve a concurrency (patiently), then create the session.
pub async fn start_application(
    client: &Client,
    request: &StartRequest,
    patience: Patience,
) -> Result<Started, StartError> {
    let started = Instant::now();
    let mut tries = 0;
    loop {
        tries += 1;
        let apply =
            ApplyConcurrentRequest::new(&request.user_id, &request.user_ip, &request.project_id);
        match client.send(apply).await {
            Ok(_) => break,
            Err(Error::Service {
                error: ApplyConcurrentError::ResourceNotFoundNoIdle { .. },
                ..
            }) => {
                let wait = patience.backoff.backoff(tries);
                if started.elapsed() + wait > patience.deadline {
                    return Err(StartError::NoIdleConcurrency { tries });
                }
                tokio::time::sleep(wait).await;
            }
            Err(e) => return Err(StartError::Apply(e)),
        }
    }
    let session = CreateSessionRequest::new(&request.user_id, &request.user_ip)
        .client_session(&request.client_session);
    let response = client
        .send(session)
        .await
        .map_err(StartError::CreateSession)?;
    Ok(Started {
        server_session: response.server_session,
        tries,
        request_id: response.request_id,
    })
}
