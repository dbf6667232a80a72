//! The public call futures: [`Call`] with its per-call overrides, the call with its
//! metadata, and a streamed call.

use super::*;

/// One pending call; `.await` it. Per-call overrides are chained before awaiting:
/// `client.send(req).timeout(Duration::from_secs(3)).region("ap-shanghai").await`.
#[must_use = "a Call does nothing until awaited"]
pub struct Call<A: Action> {
    pub(super) client: Client,
    pub(super) request: A,
    pub(super) timeout: Option<Duration>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) region: Option<String>,
    pub(super) rate_limit: Option<RateLimitMode>,
    pub(super) idle_timeout: Option<Duration>,
    pub(super) endpoint: Option<Endpoint>,
}

impl<A: Action> fmt::Debug for Call<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("action", &A::META.name)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("region", &self.region)
            .field("rate_limit", &self.rate_limit)
            .field("idle_timeout", &self.idle_timeout)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl<A: Action> Call<A> {
    /// For a streamed answer: how long the stream may go without a chunk before it fails
    /// with [`Error::Timeout`]. Default: [`sse::DEFAULT_IDLE_TIMEOUT`](crate::sse::DEFAULT_IDLE_TIMEOUT) (60 s).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = Some(timeout);
        self
    }

    /// Timeout of each attempt, instead of the action's documented one or the client default.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Region for this call.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Rate-limit mode for this call.
    pub fn rate_limit(mut self, mode: RateLimitMode) -> Self {
        self.rate_limit = Some(mode);
        self
    }

    /// Endpoint for this call, instead of the client's ([`ClientBuilder::endpoint`], or
    /// `TCAPI_ENDPOINT`): `Endpoint::Custom("http://127.0.0.1:8080".into())`,
    /// `Endpoint::International`, ...
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = Some(endpoint);
        self
    }
}

impl<A: Action + 'static> Call<A> {
    /// Encodes the request and starts the untyped part of the call.
    fn start(
        self,
        stream: bool,
        recorder: Option<Arc<crate::metadata::Recorder>>,
    ) -> (Pin<Box<dyn Future<Output = RawOutcome> + Send>>, Client) {
        let Self {
            client,
            mut request,
            timeout,
            retry,
            region,
            rate_limit,
            idle_timeout: _,
            endpoint,
        } = self;
        let client_token = request.ensure_client_token();
        let encoded = client.encode(&request, region.as_deref(), endpoint.as_ref());
        let wire_body = crate::wire_log::request_body(&request);
        drop(request);
        let options = CallOptions {
            timeout,
            retry,
            rate_limit,
            retryable_codes: <A::Error as ServiceError>::retryable_codes(),
            client_token,
            stream,
            region,
            wire_body,
            recorder,
        };
        let call = client
            .clone()
            .execute(encoded, CallMeta::Typed(A::META), options);
        (call, client)
    }
}

impl<A: Action + 'static> IntoFuture for Call<A> {
    type Output = Result<A::Response, Error<A::Error>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        let (call, _) = self.start(false, None);
        Box::pin(async move { call.await.finish::<A::Response, A::Error>() })
    }
}

impl<A: Action + 'static> Call<A> {
    /// The call with its [`CallMetadata`](crate::CallMetadata) (HTTP status, response
    /// headers, request id, attempts, elapsed time, region): `.await` gives
    /// `(response, metadata)` or a [`CallFailure`](crate::CallFailure) holding the error
    /// and the metadata (`?` turns it into the [`Error`]).
    pub fn with_metadata(self) -> WithMetadata<A> {
        let region = self
            .region
            .clone()
            .or_else(|| self.client.inner.region.clone());
        let recorder = Arc::new(crate::metadata::Recorder::new(region));
        let (call, _) = self.start(false, Some(recorder.clone()));
        Box::pin(async move {
            let result = call.await.finish::<A::Response, A::Error>();
            let metadata = recorder.take();
            match result {
                Ok(response) => Ok((response, metadata)),
                Err(error) => Err(crate::CallFailure { error, metadata }),
            }
        })
    }
}

/// What [`Call::with_metadata`] returns: the response and its
/// [`CallMetadata`](crate::CallMetadata), or a [`CallFailure`](crate::CallFailure).
pub type WithMetadata<A> = Pin<
    Box<
        dyn Future<
                Output = Result<
                    (<A as Action>::Response, crate::CallMetadata),
                    crate::CallFailure<<A as Action>::Error>,
                >,
            > + Send,
    >,
>;

/// What [`Call::stream`] and [`Client::send_streaming`] return: the events, once the
/// response head has arrived.
pub type StreamingCall<A> = Pin<
    Box<
        dyn Future<
                Output = Result<
                    EventStream<<A as Action>::Response, <A as Action>::Error>,
                    Error<<A as Action>::Error>,
                >,
            > + Send,
    >,
>;

impl<A: StreamingAction + 'static> Call<A> {
    /// Sends the request and returns its events as they arrive (see [`crate::sse`]).
    /// Retries apply until the response head arrives; an error envelope is the call's
    /// typed error; a plain JSON success is a stream of one event.
    pub fn stream(self) -> StreamingCall<A> {
        let idle = self
            .idle_timeout
            .unwrap_or(crate::sse::DEFAULT_IDLE_TIMEOUT);
        let (call, client) = self.start(true, None);
        Box::pin(async move {
            let outcome = call.await;
            let limit = client.inner.max_response_bytes;
            let result = match outcome.result {
                Ok(Answer::Events {
                    status,
                    request_id,
                    body,
                }) => Ok(EventStream::from_body(
                    body, status, request_id, limit, idle,
                )),
                Ok(Answer::Envelope(raw, _)) => {
                    let request_id = Some(raw.request_id().to_owned());
                    Ok(EventStream::once(raw.into_response(), request_id))
                }
                Err(e) => Err(e),
            };
            log_end(&outcome.span, result.as_ref().err());
            result.map_err(Error::typed)
        })
    }
}
