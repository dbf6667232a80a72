//! The client: configuration, endpoint choice, and sending any [`Action`].
//!
//! ```no_run
//! # async fn demo<A: tcapi::Action + 'static>(request: A) -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use tcapi::{Client, Endpoint, Language};
//!
//! let client = Client::builder()          // credentials: the default chain
//!     .region("ap-guangzhou")
//!     .endpoint(Endpoint::International)
//!     .language(Language::EnUs)
//!     .build()?;
//! let response = client.send(request).timeout(Duration::from_secs(5)).await?;
//! # Ok(()) }
//! ```
//!
//! A [`Client`] is an `Arc` inside: clone it freely and share it across tasks. Clones share
//! the connection pool, the rate limiter and the signing-key cache.

use std::collections::HashMap;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::hash::{BuildHasherDefault, Hasher};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HOST, HeaderMap, HeaderValue};
use tracing::Instrument;

use crate::action::{Action, ActionMeta, RegionRule, StreamingAction};
use crate::credentials::{
    CachedProvider, Credentials, CredentialsError, DefaultChain, ProvideCredentials,
};
use crate::envelope::{self, RawSuccess};
use crate::error::{Error, ServiceError, WireError};
use crate::json::{FromJson, ToJson, Writer};
use crate::payload::{CONTENT_TYPE_MULTIPART, CONTENT_TYPE_OCTET_STREAM, Payload};
pub use crate::prepared::PreparedRequest;
use crate::prepared::{
    SigningKey, Target, Template, X_TC_ACTION, X_TC_LANGUAGE, X_TC_REGION, X_TC_REQUEST_CLIENT,
    X_TC_VERSION,
};
use crate::rate_limit::{RateLimitMode, RateLimiter};
use crate::retry::RetryPolicy;
use crate::sign::CanonicalPrefix;
use crate::sse::EventStream;
use crate::transport::{Body, Http1Transport, HttpTransport, TransportError, TransportErrorKind};
use crate::validate::{Violation, Violations};

/// Environment variable that overrides the base URL of every service, e.g.
/// `TCAPI_ENDPOINT=http://127.0.0.1:8080`. It wins over [`ClientBuilder::endpoint`]. Like
/// [`Endpoint::Custom`], it may contain `{service}` and `{region}` placeholders.
pub const ENV_ENDPOINT: &str = "TCAPI_ENDPOINT";

/// The timeout of an action whose spec documents none (the official SDKs use 60 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

pub use crate::transport::DEFAULT_CONNECT_TIMEOUT;

/// The largest response body read by default (10 MiB); see [`ClientBuilder::max_response_bytes`].
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

/// The `Content-Type` of every request (JSON over POST, as the official SDKs send it).
pub const CONTENT_TYPE_JSON: &str = "application/json";

/// Which host a request goes to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Endpoint {
    /// `<service>.tencentcloudapi.com` (default).
    #[default]
    Mainland,
    /// `<service>.intl.tencentcloudapi.com`.
    International,
    /// `<service>.<region>.tencentcloudapi.com`; needs a region.
    Regional,
    /// A base URL such as `http://127.0.0.1:8080` or `https://{service}.proxy.example`,
    /// where `{service}` and `{region}` are replaced per request. Its path must be `/`.
    Custom(String),
}

/// The language of error messages (`X-TC-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Simplified Chinese, `zh-CN` (the server default).
    ZhCn,
    /// English, `en-US`.
    EnUs,
}

impl Language {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::EnUs => "en-US",
        }
    }
}

/// A client configuration that cannot work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Where a client's credentials come from.
#[derive(Debug)]
enum CredentialSource {
    /// Given to the builder: used by reference, never cloned per request.
    Fixed(Credentials),
    /// A provider behind a cache, asked before every attempt.
    Cached(CachedProvider),
    /// No signature: `Authorization: SKIP`.
    Unsigned,
}

/// Builds a [`Client`]. Every setting has a default; see each method.
#[derive(Debug)]
pub struct ClientBuilder {
    credentials: Option<CredentialSource>,
    region: Option<String>,
    endpoint: Endpoint,
    language: Option<Language>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    rate_limit: RateLimitMode,
    validate: bool,
    request_client: Option<String>,
    transport: Option<Arc<dyn HttpTransport>>,
    max_response_bytes: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            region: None,
            endpoint: Endpoint::Mainland,
            language: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            rate_limit: RateLimitMode::Wait,
            validate: true,
            request_client: None,
            transport: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl ClientBuilder {
    /// Fixed credentials. Default: [`DefaultChain`] behind a [`CachedProvider`].
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialSource::Fixed(credentials));
        self
    }

    /// Any credentials source (e.g. [`CvmRoleProvider`](crate::credentials::CvmRoleProvider)),
    /// put behind a [`CachedProvider`] with the default refresh margin: its keys are reused
    /// until shortly before they expire, and refreshed one at a time.
    pub fn credentials_provider(self, provider: impl ProvideCredentials) -> Self {
        self.credentials_cache(CachedProvider::new(provider))
    }

    /// A [`CachedProvider`] as it is: with its own settings, or shared with other clients
    /// (clones share one cache, so one refresh serves them all).
    pub fn credentials_cache(mut self, cache: CachedProvider) -> Self {
        self.credentials = Some(CredentialSource::Cached(cache));
        self
    }

    /// Sends requests unsigned, with `Authorization: SKIP` and no `X-TC-Token`, for the
    /// few actions that take no signature (`sts:AssumeRoleWithWebIdentity`).
    pub fn unsigned(mut self) -> Self {
        self.credentials = Some(CredentialSource::Unsigned);
        self
    }

    /// The region sent as `X-TC-Region` to actions that use it. Default:
    /// `$TENCENTCLOUD_REGION`, else the region of tccli's profile (`_sys_param.region` of
    /// `~/.tccli/<$TCCLI_PROFILE or default>.configure`), else none.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The host choice. Default: [`Endpoint::Mainland`]. `TCAPI_ENDPOINT` overrides it.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = endpoint;
        self
    }

    /// Shorthand for `endpoint(Endpoint::Custom(url))`.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.endpoint(Endpoint::Custom(url.into()))
    }

    /// The language of error messages. Default: not sent (the server uses `zh-CN`).
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// Timeout of actions whose spec documents none. Default: [`DEFAULT_TIMEOUT`] (60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connection establishment timeout of the default transport. Default:
    /// [`DEFAULT_CONNECT_TIMEOUT`] (10 s). Ignored with [`ClientBuilder::transport`] (set it
    /// on that transport's own builder).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The HTTP transport. Default: an [`Http1Transport`] with this builder's connect
    /// timeout and the proxy variables of the environment `build` reads (see
    /// [`transport::Proxy`](crate::transport::Proxy)). Timeouts, retries, rate limits,
    /// signing and validation stay in the client, above the transport.
    pub fn transport(mut self, transport: impl HttpTransport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The largest response body the client reads, in bytes; past it the call fails with
    /// [`Error::ResponseTooLarge`] without holding more than that in memory. For streaming
    /// answers it bounds each event. Default: [`DEFAULT_MAX_RESPONSE_BYTES`] (10 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Retry policy. Default: [`RetryPolicy::default`] (3 attempts, 200 ms .. 5 s backoff).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limiting. Default: [`RateLimitMode::Wait`].
    pub fn rate_limit(mut self, mode: RateLimitMode) -> Self {
        self.rate_limit = mode;
        self
    }

    /// Whether requests are validated before sending. Default: `true`.
    pub fn validation(mut self, on: bool) -> Self {
        self.validate = on;
        self
    }

    /// Appended to `X-TC-RequestClient` (`tcapi-rust/<version>; <yours>`), at most 100 bytes.
    pub fn request_client(mut self, name: impl Into<String>) -> Self {
        self.request_client = Some(name.into());
        self
    }

    /// Builds the client, reading `TCAPI_ENDPOINT` from the environment.
    pub fn build(self) -> Result<Client, ConfigError> {
        self.build_with_env(&|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::build`] with a custom environment lookup.
    pub fn build_with_env(
        self,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Client, ConfigError> {
        let endpoint = match lookup(ENV_ENDPOINT).filter(|v| !v.trim().is_empty()) {
            Some(url) => Endpoint::Custom(url.trim().to_owned()),
            None => self.endpoint,
        };
        if let Endpoint::Custom(template) = &endpoint {
            let probe = template
                .replace("{service}", "svc")
                .replace("{region}", "ap-guangzhou");
            parse_base_url(&probe)
                .map_err(|e| ConfigError(format!("endpoint `{template}`: {e}")))?;
        }
        // Else `TENCENTCLOUD_REGION`, else tccli's profile (`crate::credentials::TccliProvider`).
        let region = match self.region {
            Some(r) => Some(r),
            None => crate::credentials::default_region(lookup).map_err(ConfigError)?,
        };
        let region = match region {
            Some(r) => Some(check_region(&r).map_err(ConfigError)?),
            None => None,
        };
        let mut request_client = format!("tcapi-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(extra) = self.request_client {
            if extra.len() > 100 || extra.chars().any(|c| !(' '..='~').contains(&c)) {
                return Err(ConfigError(
                    "request_client must be at most 100 printable ASCII characters".into(),
                ));
            }
            request_client.push_str("; ");
            request_client.push_str(&extra);
        }
        let request_client = HeaderValue::from_str(&request_client)
            .map_err(|e| ConfigError(format!("request_client: {e}")))?;
        let transport: Arc<dyn HttpTransport> = match self.transport {
            Some(t) => t,
            None => Arc::new(
                Http1Transport::builder()
                    .connect_timeout(self.connect_timeout)
                    .build_with_env(lookup)
                    .map_err(|e| ConfigError(e.message))?,
            ),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                credentials: self.credentials.unwrap_or_else(|| {
                    CredentialSource::Cached(CachedProvider::new(DefaultChain::new()))
                }),
                region,
                endpoint,
                language: self.language.map(|l| HeaderValue::from_static(l.as_str())),
                timeout: self.timeout,
                retry: self.retry,
                rate_limit: self.rate_limit,
                validate: self.validate,
                request_client,
                transport,
                max_response_bytes: self.max_response_bytes,
                limiter: RateLimiter::new(),
                targets: Mutex::default(),
                signers: Mutex::default(),
                templates: Mutex::default(),
            }),
        })
    }
}

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

/// An endpoint URL: `http` or `https`, a host, an optional port, nothing after the `/`.
/// Gives the URL requests go to (scheme and host lower-cased, a default port dropped) and
/// the Host header exactly as it is sent and signed (host, plus a non-default port).
fn parse_base_url(url: &str) -> Result<(http::Uri, String), String> {
    if url.contains('#') {
        return Err("must have no path, query or fragment (requests go to `/`)".into());
    }
    let uri: http::Uri = url
        .parse()
        .map_err(|e: http::uri::InvalidUri| e.to_string())?;
    let scheme = uri
        .scheme_str()
        .ok_or("no scheme (expected e.g. `https://host/`)")?
        .to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return Err(format!("scheme `{scheme}` is not http or https")),
    };
    let authority = uri.authority().ok_or("no host")?;
    if authority.as_str().contains('@') {
        return Err("must not contain user info".into());
    }
    let host = authority.host().to_ascii_lowercase();
    if host.is_empty() {
        return Err("no host".into());
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        return Err("must have no path, query or fragment (requests go to `/`)".into());
    }
    let host_header = match authority.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host,
    };
    let uri =
        http::Uri::try_from(format!("{scheme}://{host_header}/")).map_err(|e| e.to_string())?;
    Ok((uri, host_header))
}

/// Hashes the address of a `&'static` [`ActionMeta`] or [`ServiceMeta`](crate::ServiceMeta), the keys of the
/// client's caches: one multiplication instead of SipHash over names on every request.
/// Two addresses of one constant (the compiler may duplicate promoted constants) only make
/// two entries with the same content.
#[derive(Default)]
struct AddressHasher(u64);

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

type AddressMap<V> = HashMap<usize, V, BuildHasherDefault<AddressHasher>>;

fn address<T>(item: &'static T) -> usize {
    std::ptr::from_ref(item) as usize
}

struct Inner {
    credentials: CredentialSource,
    region: Option<String>,
    endpoint: Endpoint,
    language: Option<HeaderValue>,
    timeout: Duration,
    retry: RetryPolicy,
    rate_limit: RateLimitMode,
    validate: bool,
    request_client: HeaderValue,
    transport: Arc<dyn HttpTransport>,
    max_response_bytes: usize,
    limiter: RateLimiter,
    /// Per service (by `CallMeta::service_key`), for the client's endpoint and region.
    targets: Mutex<AddressMap<Arc<Target>>>,
    /// Per service (by `CallMeta::service_key`): the key of the current day and credentials.
    signers: Mutex<AddressMap<Arc<SigningKey>>>,
    /// Per action (by [`ActionMeta`] address), for the client's region.
    templates: Mutex<AddressMap<Arc<Template>>>,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("validate", &self.validate)
            .field("transport", &self.transport)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// A Tencent Cloud API client; cheap to clone, safe to share across tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// The facts of the action a call sends: a generated action's static ones, or those of an
/// action called by name ([`Client::call_json`]).
#[derive(Debug, Clone)]
pub(crate) enum CallMeta {
    /// A generated action.
    Typed(&'static ActionMeta),
    /// An action called by name.
    Named(Arc<crate::named::NamedAction>),
}

impl CallMeta {
    fn service(&self) -> &str {
        match self {
            Self::Typed(m) => m.service.name,
            Self::Named(n) => &n.service,
        }
    }

    fn name(&self) -> &str {
        match self {
            Self::Typed(m) => m.name,
            Self::Named(n) => &n.action,
        }
    }

    fn timeout(&self) -> Option<Duration> {
        match self {
            Self::Typed(m) => m.timeout,
            Self::Named(_) => None,
        }
    }

    fn idempotent(&self) -> bool {
        match self {
            Self::Typed(m) => m.idempotent,
            Self::Named(n) => n.idempotent,
        }
    }

    /// The key of the service's cached target and signing key: the address of a static
    /// [`ServiceMeta`](crate::ServiceMeta) (aligned, so even), or an odd hash of a service name.
    fn service_key(&self) -> usize {
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
const SCRATCH_KEEP: usize = 64 * 1024;

/// `request` as JSON, in a body buffer of exactly its size.
fn to_json(request: &dyn ToJson) -> Bytes {
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
fn expired(credentials: &Credentials, expired_at: SystemTime) -> CredentialsError {
    CredentialsError::Expired {
        source: format!("the keys given to the client ({credentials:?})"),
        expired_at,
    }
}

impl Client {
    /// A builder with every default.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The client's region, if one is set.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// Sends `request`; `.await` the returned [`Call`] (after optional per-call overrides).
    pub fn send<A: Action + 'static>(&self, request: A) -> Call<A> {
        Call {
            client: self.clone(),
            request,
            timeout: None,
            retry: None,
            region: None,
            rate_limit: None,
            idle_timeout: None,
            endpoint: None,
        }
    }

    /// Sends a streaming `request` and returns its events as they arrive: shorthand for
    /// `client.send(request).stream()` (see [`crate::sse`]).
    pub fn send_streaming<A: StreamingAction + 'static>(&self, request: A) -> StreamingCall<A> {
        self.send(request).stream()
    }

    /// The keys the next request is signed with, fetched (or refreshed) if needed.
    /// `Ok(None)` for an [`unsigned`](ClientBuilder::unsigned) client.
    pub async fn credentials(&self) -> Result<Option<Credentials>, CredentialsError> {
        match &self.inner.credentials {
            CredentialSource::Fixed(c) => Ok(Some(c.clone())),
            CredentialSource::Cached(p) => p.credentials().await.map(Some),
            CredentialSource::Unsigned => Ok(None),
        }
    }

    /// The provided keys valid for a request signed at `at` (`None`: fixed keys, used by
    /// reference, or unsigned). Fixed keys with an expiry are refused past it too.
    async fn credentials_at(
        &self,
        at: SystemTime,
    ) -> Result<Option<Credentials>, Error<WireError>> {
        match &self.inner.credentials {
            CredentialSource::Fixed(c) => match c.expires_at() {
                Some(expiry) if at >= expiry => Err(Error::Credentials(expired(c, expiry))),
                _ => Ok(None),
            },
            // The hot path without a state machine of the cache's own.
            CredentialSource::Cached(p) => match p.fresh_at(at) {
                Some(c) => Ok(Some(c)),
                None => p
                    .credentials_at(at)
                    .await
                    .map(Some)
                    .map_err(Error::Credentials),
            },
            CredentialSource::Unsigned => Ok(None),
        }
    }

    /// Validates, serializes and signs `request` for the current time without sending it.
    ///
    /// With a credentials provider this uses the keys it has already fetched (by an earlier
    /// request or [`Client::credentials`]); before that it fails with
    /// [`CredentialsError::NotReady`].
    ///
    /// A `ClientToken` is not generated here: the request is borrowed; `send` does it.
    pub fn prepare<A: Action>(&self, request: &A) -> Result<PreparedRequest, Error<A::Error>> {
        self.prepare_at(request, unix_now())
    }

    /// [`Client::prepare`] at a given Unix timestamp.
    pub fn prepare_at<A: Action>(
        &self,
        request: &A,
        timestamp: i64,
    ) -> Result<PreparedRequest, Error<A::Error>> {
        self.encode(request, None, None)
            .and_then(
                |Encoded {
                     meta,
                     template,
                     body,
                 }| {
                    let cached;
                    let at = UNIX_EPOCH + Duration::from_secs(timestamp.max(0) as u64);
                    let credentials = match &self.inner.credentials {
                        CredentialSource::Fixed(c) => {
                            if let Some(expiry) = c.expires_at().filter(|e| at >= *e) {
                                return Err(Error::Credentials(expired(c, expiry)));
                            }
                            Some(c)
                        }
                        CredentialSource::Cached(p) => {
                            cached = p.cached_at(at).ok_or_else(|| {
                                Error::Credentials(CredentialsError::NotReady {
                                    detail: "the provider's keys are not fetched yet or expired; \
                                             await Client::credentials() before preparing"
                                        .into(),
                                })
                            })?;
                            Some(&cached)
                        }
                        CredentialSource::Unsigned => None,
                    };
                    // The body moves into the prepared request: no shared copy is needed.
                    self.sign(&meta, template, body, timestamp, credentials)
                },
            )
            .map_err(Error::typed)
    }

    fn target(
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
        let named_host =
            |n: &crate::named::NamedAction, fallback: String| n.host.clone().unwrap_or(fallback);
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
    fn encode<A: Action>(
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
    fn template_for(
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
    fn cached_template(
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
    fn template_at(
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
    async fn attempt(
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
const NAMED_CACHE_LIMIT: usize = 256;

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
fn is_event_stream(headers: &HeaderMap) -> bool {
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
    fn finish<R: FromJson + ToJson, E: ServiceError>(self) -> Result<R, Error<E>> {
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

/// One pending call; `.await` it. Per-call overrides are chained before awaiting:
/// `client.send(req).timeout(Duration::from_secs(3)).region("ap-shanghai").await`.
#[must_use = "a Call does nothing until awaited"]
pub struct Call<A: Action> {
    client: Client,
    request: A,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    region: Option<String>,
    rate_limit: Option<RateLimitMode>,
    idle_timeout: Option<Duration>,
    endpoint: Option<Endpoint>,
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

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    /// Serializes itself with another `to_json` call inside, as a request whose serializer
    /// prepares another request would.
    struct Nested(u32);

    impl ToJson for Nested {
        fn write_json(&self, w: &mut Writer) {
            let inner = match self.0 {
                0 => String::new(),
                n => String::from_utf8(to_json(&Nested(n - 1)).to_vec()).unwrap(),
            };
            let mut o = w.object();
            o.field("Inner", &inner);
            o.end();
        }
    }

    #[test]
    fn json_bodies_are_exact_and_independent_of_the_scratch_buffer() {
        let first = to_json(&serde_json::json!({"A": "x".repeat(300)}));
        let second = to_json(&serde_json::json!({"B": 1}));
        assert_eq!(&second[..], br#"{"B":1}"#);
        assert_eq!(first.len(), 300 + r#"{"A":""}"#.len());
        // A body larger than what the scratch keeps comes out whole, and the next is right.
        let big = to_json(&"y".repeat(SCRATCH_KEEP + 10));
        assert_eq!(big.len(), SCRATCH_KEEP + 12);
        assert_eq!(&to_json(&vec![1i64, 2])[..], b"[1,2]");
    }

    #[test]
    fn json_serialization_may_reenter() {
        let body = to_json(&Nested(2));
        assert_eq!(
            std::str::from_utf8(&body).unwrap(),
            r#"{"Inner":"{\"Inner\":\"{\\\"Inner\\\":\\\"\\\"}\"}"}"#
        );
    }

    #[test]
    fn address_keys_spread_and_other_keys_still_hash() {
        let build = BuildHasherDefault::<AddressHasher>::default();
        let hashes: std::collections::HashSet<u64> = (0..64usize)
            .map(|i| build.hash_one(0x1000 + 8 * i))
            .collect();
        assert_eq!(hashes.len(), 64);
        assert_ne!(build.hash_one("car"), build.hash_one("gse"));
        static A: u8 = 0;
        static B: u8 = 0;
        assert_ne!(address(&A), address(&B));
    }

    #[test]
    fn fixed_credentials_are_used_as_given() {
        let client = Client::builder()
            .credentials(Credentials::new("AKIDfixed", "key").unwrap())
            .build_with_env(&|_| None)
            .unwrap();
        assert!(matches!(
            &client.inner.credentials,
            CredentialSource::Fixed(c) if c.secret_id() == "AKIDfixed"
        ));
        let provided = Client::builder()
            .credentials_provider(Credentials::new("AKIDprovided", "key").unwrap())
            .build_with_env(&|_| None)
            .unwrap();
        assert!(matches!(
            provided.inner.credentials,
            CredentialSource::Cached(_)
        ));
    }
}
