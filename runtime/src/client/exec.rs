//! One call's execution: the target and the request template, encoding, signing, the
//! attempts with retries and rate limits, and the raw outcome the public calls decode.
//! `named` and `sse` build on it.

use super::*;

/// Hashes the address of a `&'static` [`ActionMeta`] or [`ServiceMeta`](crate::ServiceMeta), the keys of the
/// client's caches: one multiplication instead of SipHash over names on every request.
/// Two addresses of one constant (the compiler may duplicate promoted constants) only make
/// two entries with the same content.
#[derive(Default)]
pub(super) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not reached for `usize` keys; FNV-1a keeps it correct for any other.
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_usize(&mut self, n: usize) {
        // Fibonacci hashing: spreads the aligned low bits into the high ones.
        self.0 = (n as u64 ^ self.0).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

pub(super) type AddressMap<V> = HashMap<usize, V, BuildHasherDefault<AddressHasher>>;

pub(super) fn address<T>(item: &'static T) -> usize {
    std::ptr::from_ref(item) as usize
}

/// The facts of an action called by name ([`Client::call_json`]; checked and built in
/// `named`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NamedAction {
    /// Service name: the signing scope.
    pub(crate) service: String,
    pub(crate) version: String,
    pub(crate) action: String,
    /// A host the caller named, used instead of the derived one.
    pub(crate) host: Option<String>,
    pub(crate) idempotent: bool,
}

/// The facts of the action a call sends: a generated action's static ones, or those of an
/// action called by name ([`Client::call_json`]).
#[derive(Debug, Clone)]
pub(crate) enum CallMeta {
    /// A generated action.
    Typed(&'static ActionMeta),
    /// An action called by name.
    Named(Arc<NamedAction>),
}

impl CallMeta {
    pub(super) fn service(&self) -> &str {
        match self {
            Self::Typed(m) => m.service.name,
            Self::Named(n) => &n.service,
        }
    }

    pub(super) fn name(&self) -> &str {
        match self {
            Self::Typed(m) => m.name,
            Self::Named(n) => &n.action,
        }
    }

    pub(super) fn timeout(&self) -> Option<Duration> {
        match self {
            Self::Typed(m) => m.timeout,
            Self::Named(_) => None,
        }
    }

    pub(super) fn idempotent(&self) -> bool {
        match self {
            Self::Typed(m) => m.idempotent,
            Self::Named(n) => n.idempotent,
        }
    }

    /// The key of the service's cached target and signing key: the address of a static
    /// [`ServiceMeta`](crate::ServiceMeta) (aligned, so even), or an odd hash of a service name.
    pub(super) fn service_key(&self) -> usize {
        match self {
            Self::Typed(m) => address(m.service),
            Self::Named(n) => {
                let mut h = AddressHasher::default();
                h.write(n.service.as_bytes());
                (h.finish() as usize) | 1
            }
        }
    }
}

/// A serialized, validated request, signed again for each attempt.
pub(crate) struct Encoded {
    pub(crate) meta: CallMeta,
    /// The target and the headers every attempt shares.
    pub(crate) template: Arc<Template>,
    pub(crate) body: Bytes,
}

thread_local! {
    /// Serialization scratch: the JSON is written here and copied into an exact-size body,
    /// so a request costs one allocation for its body whatever its size.
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Above this the scratch buffer is not kept, so one huge request does not pin its memory.
pub(super) const SCRATCH_KEEP: usize = 64 * 1024;

/// `request` as JSON, in a body buffer of exactly its size.
pub(super) fn to_json(request: &dyn ToJson) -> Bytes {
    let with = |buf: &mut Vec<u8>| {
        let mut w = Writer::new(std::mem::take(buf));
        request.write_json(&mut w);
        let mut out = w.into_inner();
        let body = Bytes::copy_from_slice(&out);
        out.clear();
        if out.capacity() <= SCRATCH_KEEP {
            *buf = out;
        }
        body
    };
    // A request whose serialization prepares another request re-enters here: it gets a
    // fresh buffer.
    SCRATCH
        .try_with(|cell| match cell.try_borrow_mut() {
            Ok(mut buf) => Some(with(&mut buf)),
            Err(_) => None,
        })
        .ok()
        .flatten()
        .unwrap_or_else(|| with(&mut Vec::new()))
}

/// The body of a form or a raw body, and the template that signs and sends it with its
/// content type and parameter headers.
pub(crate) fn encode_payload(
    payload: Payload,
    template: &Template,
) -> Result<(Bytes, Arc<Template>), Error<WireError>> {
    let bad = |e: crate::payload::PayloadError| invalid(&e.path, e.message);
    let (body, content_type, extra) = match payload {
        Payload::Json => unreachable!("JSON bodies are the request's own"),
        Payload::Multipart(form) => {
            form.check().map_err(bad)?;
            let boundary = form.boundary();
            let content_type = format!("{CONTENT_TYPE_MULTIPART}; boundary={boundary}");
            (form.encode(&boundary), content_type, Vec::new())
        }
        Payload::OctetStream(raw) => {
            raw.check().map_err(bad)?;
            let (body, headers) = raw.into_parts();
            let mut extra = Vec::with_capacity(headers.len());
            for (name, value) in headers {
                let n = http::header::HeaderName::from_bytes(name.as_bytes())
                    .map_err(|e| invalid(&name, e.to_string()))?;
                let v = HeaderValue::from_str(&value).map_err(|e| invalid(&name, e.to_string()))?;
                extra.push((n, v));
            }
            (body, CONTENT_TYPE_OCTET_STREAM.to_owned(), extra)
        }
    };
    let template = template
        .with_content(&content_type, extra)
        .map_err(|e| invalid("Content-Type", e))?;
    Ok((body, Arc::new(template)))
}

/// A transport failure as the client reports it.
pub(crate) fn transport_error(e: TransportError) -> Error<WireError> {
    Error::Transport {
        sent: e.sent,
        source: Box::new(e),
    }
}

pub(crate) fn invalid(path: &str, message: String) -> Error<WireError> {
    Error::InvalidRequest(Violations(vec![Violation {
        path: path.to_owned(),
        message,
    }]))
}

pub(crate) fn unix_now() -> i64 {
    unix_seconds(SystemTime::now())
}

/// `time` as whole Unix seconds (a signature's `X-TC-Timestamp`).
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The error for keys that expired before the request they would sign.
pub(super) fn expired(credentials: &Credentials, expired_at: SystemTime) -> CredentialsError {
    CredentialsError::Expired {
        source: format!("the keys given to the client ({credentials:?})"),
        expired_at,
    }
}

impl Client {
    pub(super) fn target(
        &self,
        meta: &CallMeta,
        region: Option<&str>,
        cached: bool,
        endpoint_override: Option<&Endpoint>,
    ) -> Result<Arc<Target>, String> {
        let cached = cached && endpoint_override.is_none();
        let endpoint = endpoint_override.unwrap_or(&self.inner.endpoint);
        let key = meta.service_key();
        if cached {
            let targets = self.inner.targets.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(t) = targets.get(&key) {
                return Ok(t.clone());
            }
        }
        let name = meta.service();
        let need_region = || {
            region.ok_or_else(|| format!("the endpoint of {name} needs a region and none is set"))
        };
        let named_host = |n: &NamedAction, fallback: String| n.host.clone().unwrap_or(fallback);
        let base = match (endpoint, meta) {
            (Endpoint::Custom(t), _) => {
                let mut url = t.replace("{service}", name);
                if url.contains("{region}") {
                    url = url.replace("{region}", need_region()?);
                }
                url
            }
            (Endpoint::Mainland, CallMeta::Typed(m)) => {
                format!("https://{}/", m.service.endpoints.mainland)
            }
            (Endpoint::International, CallMeta::Typed(m)) => {
                format!("https://{}/", m.service.endpoints.international)
            }
            (Endpoint::Regional, CallMeta::Typed(m)) => format!(
                "https://{}/",
                m.service
                    .endpoints
                    .regional
                    .replace("{region}", need_region()?)
            ),
            // Hosts of an action called by name follow the official SDKs' pattern, unless the
            // call named a host.
            (Endpoint::Mainland, CallMeta::Named(n)) => {
                format!(
                    "https://{}/",
                    named_host(n, format!("{name}.tencentcloudapi.com"))
                )
            }
            (Endpoint::International, CallMeta::Named(n)) => format!(
                "https://{}/",
                named_host(n, format!("{name}.intl.tencentcloudapi.com"))
            ),
            (Endpoint::Regional, CallMeta::Named(n)) => {
                let host = match &n.host {
                    Some(h) => h.clone(),
                    None => format!("{name}.{}.tencentcloudapi.com", need_region()?),
                };
                format!("https://{host}/")
            }
        };
        let (uri, host) = parse_base_url(&base).map_err(|e| format!("endpoint `{base}`: {e}"))?;
        let host_header =
            HeaderValue::from_str(&host).map_err(|e| format!("host `{host}`: {e}"))?;
        let target = Arc::new(Target {
            uri,
            host_header,
            canonical: CanonicalPrefix::new(CONTENT_TYPE_JSON, &host),
        });
        if cached {
            self.inner
                .targets
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(key, target.clone());
        }
        Ok(target)
    }

    /// Validates and serializes `request`; the one step of a call that knows its type.
    pub(super) fn encode<A: Action>(
        &self,
        request: &A,
        region_override: Option<&str>,
        endpoint_override: Option<&Endpoint>,
    ) -> Result<Encoded, Error<WireError>> {
        if self.inner.validate {
            request.validate().map_err(Error::InvalidRequest)?;
        }
        let template = self.template_for(A::META, region_override, endpoint_override)?;
        let (body, template) = match request.payload() {
            Payload::Json => (to_json(request), template),
            other => encode_payload(other, &template)?,
        };
        Ok(Encoded {
            meta: CallMeta::Typed(A::META),
            template,
            body,
        })
    }

    /// The header template of `meta`: the cached one for the client's region and endpoint,
    /// or one for `region_override` and `endpoint_override`.
    pub(super) fn template_for(
        &self,
        meta: &'static ActionMeta,
        region_override: Option<&str>,
        endpoint_override: Option<&Endpoint>,
    ) -> Result<Arc<Template>, Error<WireError>> {
        let region = match (region_override, endpoint_override) {
            (None, None) => return self.cached_template(meta),
            (Some(r), _) => Some(check_region(r).map_err(|e| invalid("Region", e))?),
            (None, Some(_)) => self.inner.region.clone(),
        };
        Ok(Arc::new(self.template_at(
            &CallMeta::Typed(meta),
            region.as_deref(),
            false,
            endpoint_override,
        )?))
    }

    /// The template of `meta` for the client's region, built on first use.
    pub(super) fn cached_template(
        &self,
        meta: &'static ActionMeta,
    ) -> Result<Arc<Template>, Error<WireError>> {
        let key = address(meta);
        if let Some(t) = self
            .inner
            .templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return Ok(t.clone());
        }
        let template =
            Arc::new(self.template(&CallMeta::Typed(meta), self.inner.region.as_deref(), true)?);
        self.inner
            .templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, template.clone());
        Ok(template)
    }

    /// The target and the headers that are the same for every request of an action in
    /// `region`. `cached_target`: whether `region` is the client's (whose targets are cached).
    pub(crate) fn template(
        &self,
        meta: &CallMeta,
        region: Option<&str>,
        cached_target: bool,
    ) -> Result<Template, Error<WireError>> {
        self.template_at(meta, region, cached_target, None)
    }

    /// [`Client::template`] at another endpoint than the client's (never cached).
    pub(super) fn template_at(
        &self,
        meta: &CallMeta,
        region: Option<&str>,
        cached_target: bool,
        endpoint_override: Option<&Endpoint>,
    ) -> Result<Template, Error<WireError>> {
        let rule = match meta {
            CallMeta::Typed(m) => m.region,
            CallMeta::Named(_) => RegionRule::Optional,
        };
        let region_header = match (rule, region) {
            (RegionRule::Required, None) => {
                return Err(invalid(
                    "Region",
                    format!(
                        "{}.{} requires a region; set one with ClientBuilder::region or Call::region",
                        meta.service(),
                        meta.name()
                    ),
                ));
            }
            (RegionRule::Unused, _) | (_, None) => None,
            (_, Some(r)) => {
                Some(HeaderValue::from_str(r).map_err(|e| invalid("Region", e.to_string()))?)
            }
        };
        let target = self
            .target(meta, region, cached_target, endpoint_override)
            .map_err(|e| invalid("Endpoint", e))?;
        // Action and version of a generated action are static wire names: no copy, after
        // checking they are sendable.
        let header = |name: &str, value: &'static str| {
            if !value.is_empty() && value.bytes().all(|b| b.is_ascii_graphic()) {
                Ok(HeaderValue::from_static(value))
            } else {
                Err(invalid(
                    name,
                    format!("`{value}` cannot be sent in an HTTP header"),
                ))
            }
        };
        let owned = |name: &str, value: &str| {
            HeaderValue::from_str(value)
                .map_err(|_| invalid(name, format!("`{value}` cannot be sent in an HTTP header")))
        };
        let (action, version) = match meta {
            CallMeta::Typed(m) => (
                header("X-TC-Action", m.name)?,
                header("X-TC-Version", m.service.version)?,
            ),
            CallMeta::Named(n) => (
                owned("X-TC-Action", &n.action)?,
                owned("X-TC-Version", &n.version)?,
            ),
        };
        let mut h = HeaderMap::with_capacity(12);
        h.insert(HOST, target.host_header.clone());
        h.insert(CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE_JSON));
        h.insert(X_TC_ACTION, action);
        h.insert(X_TC_VERSION, version);
        if let Some(r) = region_header {
            h.insert(X_TC_REGION, r);
        }
        if let Some(lang) = &self.inner.language {
            h.insert(X_TC_LANGUAGE, lang.clone());
        }
        h.insert(X_TC_REQUEST_CLIENT, self.inner.request_client.clone());
        Ok(Template::new(target, h))
    }

    /// Signs `body` of a `meta` request at `timestamp` with `credentials` (`None`: unsigned).
    pub(crate) fn sign(
        &self,
        meta: &CallMeta,
        template: Arc<Template>,
        body: Bytes,
        timestamp: i64,
        credentials: Option<&Credentials>,
    ) -> Result<PreparedRequest, Error<WireError>> {
        let Some(credentials) = credentials else {
            return Ok(PreparedRequest::unsigned(template, timestamp, body));
        };
        let service = meta.service();
        let key = meta.service_key();
        let cached = self
            .inner
            .signers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .filter(|k| k.covers(credentials, service, timestamp))
            .cloned();
        let signing_key = match cached {
            Some(k) => k,
            None => {
                let k = Arc::new(
                    SigningKey::new(credentials, service, timestamp).map_err(Error::Credentials)?,
                );
                let mut signers = self.inner.signers.lock().unwrap_or_else(|p| p.into_inner());
                // Keys of services called by name are kept only while the cache is small:
                // arbitrary names cannot grow it without bound.
                if matches!(meta, CallMeta::Typed(_)) || signers.len() < NAMED_CACHE_LIMIT {
                    signers.insert(key, k.clone());
                }
                k
            }
        };
        signing_key
            .sign(template, timestamp, body)
            .map_err(Error::Credentials)
    }

    /// One attempt: rate limit, sign, send, read the envelope. Returns the success with its
    /// body (the typed read of `Response` comes after the retries).
    pub(super) async fn attempt(
        &self,
        enc: &Encoded,
        attempt: u32,
        timeout: Duration,
        mode: RateLimitMode,
        options: &CallOptions,
    ) -> Result<Answer, Error<WireError>> {
        let stream = options.stream;
        let meta = &enc.meta;
        let span = tracing::debug_span!(
            "tcapi.attempt",
            attempt,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        async move {
            // One wall-clock read: the signature's timestamp, and the time the keys must be
            // valid at (so the credential lookup reads no clock of its own).
            let mut now = SystemTime::now();
            // Before the rate-limit slot: a slow fetch of keys does not hold one.
            let mut provided = self.credentials_at(now).await?;
            if let CallMeta::Typed(m) = meta {
                if let Some(limit) = m.rate_limit {
                    let waited = self
                        .inner
                        .limiter
                        .acquire((m.service.name, m.name), limit, mode)
                        .await
                        .map_err(|retry_after| Error::RateLimited {
                            action: m.name,
                            retry_after,
                        })?;
                    if waited {
                        now = SystemTime::now();
                        let signing = match &self.inner.credentials {
                            CredentialSource::Fixed(c) => Some(c),
                            _ => provided.as_ref(),
                        };
                        if signing
                            .and_then(Credentials::expires_at)
                            .is_some_and(|expiry| now >= expiry)
                        {
                            // The keys expired during the wait: new ones, or the error.
                            provided = self.credentials_at(now).await?;
                        }
                    }
                }
            }
            let credentials = match &self.inner.credentials {
                CredentialSource::Fixed(c) => Some(c),
                _ => provided.as_ref(),
            };
            let prepared = self.sign(
                meta,
                enc.template.clone(),
                enc.body.clone(),
                unix_seconds(now),
                credentials,
            )?;
            let request = prepared.into_http();
            if crate::wire_log::enabled() {
                let size;
                let body: &str = match &options.wire_body {
                    Some(json) => json,
                    None => {
                        size = format!("({} bytes)", enc.body.len());
                        &size
                    }
                };
                let uri = request.uri().to_string();
                let method = request.method().as_str();
                crate::wire_log::log_request(method, &uri, request.headers(), body);
            }
            let started = tokio::time::Instant::now();
            let limit = self.inner.max_response_bytes;
            let exchange = async {
                let response = self.inner.transport.send(request).await?;
                let status = response.status().as_u16();
                let (head, body) = response.into_parts();
                if let Some(r) = &options.recorder {
                    r.head(status, &head.headers);
                }
                if stream && status == 200 && is_event_stream(&head.headers) {
                    // The events are read after the call returns, with their own idle timeout.
                    return Ok((status, Err(head.headers), body));
                }
                let body = body.collect(limit).await;
                Ok::<_, TransportError>((status, Ok(body), Body::empty()))
            };
            let outcome = tokio::time::timeout(timeout, exchange).await;
            let span = tracing::Span::current();
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let (status, body, events) = outcome
                .map_err(|_| Error::Timeout { after: timeout })?
                .map_err(transport_error)?;
            span.record("status", status);
            let body = match body {
                Ok(body) => body,
                Err(headers) => {
                    let request_id = headers
                        .get("x-tc-requestid")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    if let Some(id) = &request_id {
                        span.record("request_id", id.as_str());
                    }
                    return Ok(Answer::Events {
                        status,
                        request_id,
                        body: events,
                    });
                }
            };
            let body = body.map_err(|e| match e.kind {
                TransportErrorKind::BodyTooLarge => Error::ResponseTooLarge { status, limit },
                _ => transport_error(e),
            })?;
            let decoded = envelope::decode_raw(status, &body);
            match &decoded {
                Ok(d) => {
                    span.record("request_id", d.request_id());
                }
                Err(e) => {
                    if let Some(id) = e.request_id() {
                        span.record("request_id", id);
                    }
                    // A success is logged once read as its type (`RawOutcome::finish`).
                    if crate::wire_log::enabled() {
                        crate::wire_log::log_raw_response(status, &body);
                    }
                }
            }
            decoded.map(|d| Answer::Envelope(d, body))
        }
        .instrument(span)
        .await
    }

    /// A whole call but its typed first and last steps (encoding the request, reading the
    /// response): retries, rate limits, signing, sending and tracing, compiled once for
    /// every action.
    pub(crate) fn execute(
        self,
        encoded: Result<Encoded, Error<WireError>>,
        meta: CallMeta,
        options: CallOptions,
    ) -> Pin<Box<dyn Future<Output = RawOutcome> + Send>> {
        let region = options
            .region
            .as_deref()
            .or(self.inner.region.as_deref())
            .unwrap_or_default();
        let span = tracing::info_span!(
            "tcapi.call",
            service = meta.service(),
            action = meta.name(),
            region,
            attempts = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let inner = span.clone();
        Box::pin(
            async move {
                let started = tokio::time::Instant::now();
                let mut attempts = 0;
                let result = match encoded {
                    Err(e) => Err(e),
                    Ok(encoded) => {
                        let timeout = options
                            .timeout
                            .or(meta.timeout())
                            .unwrap_or(self.inner.timeout);
                        let policy = options.retry.unwrap_or(self.inner.retry);
                        let mode = options.rate_limit.unwrap_or(self.inner.rate_limit);
                        let idempotent = meta.idempotent() || options.client_token;
                        policy
                            .run_with(idempotent, options.retryable_codes, |n| {
                                attempts = n;
                                self.attempt(&encoded, n, timeout, mode, &options)
                            })
                            .await
                    }
                };
                let span = tracing::Span::current();
                span.record("attempts", attempts);
                span.record("latency_ms", started.elapsed().as_millis() as u64);
                let request_id = match &result {
                    Ok(Answer::Envelope(d, _)) => Some(d.request_id()),
                    Ok(Answer::Events { request_id, .. }) => request_id.as_deref(),
                    Err(e) => e.request_id(),
                };
                if let Some(id) = request_id {
                    span.record("request_id", id);
                }
                if let Some(r) = &options.recorder {
                    r.end(attempts, started.elapsed(), request_id);
                }
                RawOutcome {
                    result,
                    span: inner,
                }
            }
            .instrument(span),
        )
    }
}

/// How many targets and signing keys of services called by name a client caches.
pub(super) const NAMED_CACHE_LIMIT: usize = 256;

/// The per-call overrides of a [`Call`].
#[derive(Debug, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) rate_limit: Option<RateLimitMode>,
    /// The action's own retryable codes.
    pub(crate) retryable_codes: &'static [&'static str],
    /// Whether the request carries a `ClientToken` (so repeating it is harmless).
    pub(crate) client_token: bool,
    /// Whether an event stream is welcome as the answer.
    pub(crate) stream: bool,
    /// The region of the call, when it overrides the client's (for the span).
    pub(crate) region: Option<String>,
    /// The request body as the wire log shows it (a generated request's masked JSON), when
    /// the wire log is on.
    pub(crate) wire_body: Option<Box<str>>,
    /// Collects the call's metadata, when asked for ([`Call::with_metadata`]).
    pub(crate) recorder: Option<Arc<crate::metadata::Recorder>>,
}

/// What a successful attempt received.
pub(crate) enum Answer {
    /// A success envelope, with the whole body.
    Envelope(RawSuccess, Bytes),
    /// `200 text/event-stream` (only when the call asked for a stream): the unread body.
    Events {
        status: u16,
        request_id: Option<String>,
        body: Body,
    },
}

impl Answer {
    /// The envelope of a call that did not ask for a stream.
    pub(crate) fn envelope(self) -> Result<(RawSuccess, Bytes), Error<WireError>> {
        match self {
            Self::Envelope(raw, body) => Ok((raw, body)),
            // Not reached: only streaming calls accept event streams.
            Self::Events {
                status, request_id, ..
            } => Err(Error::UndecodableResponse {
                status,
                reason: "an event stream answered a call that did not ask for one".into(),
                excerpt: String::new(),
                request_id,
            }),
        }
    }
}

/// Whether the response is `text/event-stream`.
pub(super) fn is_event_stream(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("text/event-stream"))
}

/// What [`Client::execute`] ends with: the untyped outcome and the call's span.
pub(crate) struct RawOutcome {
    pub(crate) result: Result<Answer, Error<WireError>>,
    pub(crate) span: tracing::Span,
}

impl RawOutcome {
    /// The typed end of a call: the response read into `R`, or the error typed as `E`.
    pub(super) fn finish<R: FromJson + ToJson, E: ServiceError>(self) -> Result<R, Error<E>> {
        let result = self
            .result
            .and_then(|answer| answer.envelope())
            .and_then(|(raw, body)| {
                let read = envelope::read_response::<R>(raw, &body);
                if crate::wire_log::enabled() {
                    self.span.in_scope(|| match &read {
                        Ok(d) => crate::wire_log::log_typed_response(&body, &d.response),
                        Err(_) => crate::wire_log::log_unread_response(&body),
                    });
                }
                read
            });
        log_end(&self.span, result.as_ref().err());
        result.map(|d| d.response).map_err(Error::typed)
    }
}

/// Logs the end of a call in its span.
pub(crate) fn log_end(span: &tracing::Span, error: Option<&Error<WireError>>) {
    span.in_scope(|| match error {
        None => tracing::debug!("call succeeded"),
        Some(e) => tracing::debug!(error = %e, "call failed"),
    });
}

/// A region name as Tencent spells them (`ap-guangzhou`): the builder's, a call's or a
/// call by name's.
pub(crate) fn check_region(region: &str) -> Result<String, String> {
    let ok = !region.is_empty()
        && region.len() <= 64
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(region.to_owned())
    } else {
        Err(format!(
            "region `{region}` must be lower-case letters, digits and `-`, e.g. `ap-guangzhou`"
        ))
    }
}
