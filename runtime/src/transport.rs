//! The HTTP seam: the client hands a signed [`HttpRequest`] to an [`HttpTransport`] and gets
//! back status, headers and a [`Body`] that arrives in chunks.
//!
//! Everything that makes a call a Tencent Cloud call (validation, signing, per-attempt and
//! overall timeouts, retries, rate limits, the response size limit, envelope decoding)
//! happens above this seam, in the client. A transport only moves bytes, so another one (an
//! in-process mock, a user's own HTTP stack, a recording proxy) sees exactly the signed
//! request production sends, and the client's real behaviour runs on its answers.
//!
//! The default is [`Http1Transport`]: HTTP/1.1 keep-alive connections of its own on hyper's
//! connection API, rustls with the bundled web PKI roots, each request's task driving its
//! connection (no connection task, no channel between tasks). Requests that go through a
//! proxy are handed to an inner [`ReqwestTransport`] (reqwest over pooled HTTP/1.1
//! connections with rustls), which can also be used on its own. Both builders hold what
//! belongs to the connection layer: the proxy ([`Proxy`]), the pool (idle timeout, idle
//! connections kept per host), the connect timeout, extra root certificates.
//!
//! Failures are sorted by [`TransportErrorKind`] and by whether the request may have reached
//! the server ([`TransportError::sent`]): "never sent" (the connection could not be made) is
//! safe to retry for any action, anything later is ambiguous, which is what the retry rules
//! need.
//!
//! ```no_run
//! # fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use tcapi::transport::{Http1Transport, Proxy};
//!
//! let transport = Http1Transport::builder()
//!     .proxy(Proxy::url("http://proxy.internal:3128").no_proxy("127.0.0.1,.internal"))
//!     .pool_idle_timeout(Duration::from_secs(30))
//!     .pool_max_idle_per_host(8)
//!     .connect_timeout(Duration::from_secs(3))
//!     .build()?;
//! let client = tcapi::Client::builder().transport(transport).build()?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;

mod http1;
mod pool;

pub use http1::{Http1Transport, Http1TransportBuilder};

/// One signed request, ready to go on the wire.
pub type HttpRequest = http::Request<Bytes>;

/// Status, headers and a body that arrives in chunks.
pub type HttpResponse = http::Response<Body>;

/// What [`HttpTransport::send`] returns.
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// "Send this signed HTTP request; give me status, headers and a body stream."
///
/// Implementations must not change the request (its headers and body are signed) and must
/// not follow redirects or retry: the client does both decisions itself.
pub trait HttpTransport: Send + Sync + fmt::Debug + 'static {
    /// Sends `request`; resolves when the response head has arrived.
    fn send(&self, request: HttpRequest) -> SendFuture<'_>;
}

impl<T: HttpTransport + ?Sized> HttpTransport for std::sync::Arc<T> {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        (**self).send(request)
    }
}

impl<T: HttpTransport + ?Sized> HttpTransport for Box<T> {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        (**self).send(request)
    }
}

/// What went wrong in one exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (DNS, refused, TLS handshake, proxy).
    Connect,
    /// The transport's own timeout elapsed.
    Timeout,
    /// The connection broke: reset, closed early, a body cut short.
    Io,
    /// The body is larger than the limit it was read with.
    BodyTooLarge,
    /// Anything else (an invalid request, a protocol violation).
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connect",
            Self::Timeout => "timeout",
            Self::Io => "i/o",
            Self::BodyTooLarge => "body too large",
            Self::Other => "other",
        })
    }
}

/// A failed exchange.
#[derive(Debug, Clone)]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// Whether the request may have reached the server (`false`: certainly not).
    pub sent: bool,
    /// Description of the failure, including its causes; never contains secrets.
    pub message: String,
}

impl TransportError {
    /// A failure of `kind`; `sent`: whether the request may have reached the server.
    pub fn new(kind: TransportErrorKind, sent: bool, message: impl Into<String>) -> Self {
        Self {
            kind,
            sent,
            message: message.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {}

type ChunkStream = Pin<Box<dyn Stream<Item = Result<Bytes, TransportError>> + Send>>;

enum BodyInner {
    /// A body known in full (tests, mocks, small answers); `None` once taken.
    Full(Option<Bytes>),
    /// Chunks as they arrive.
    Stream(ChunkStream),
}

/// A response body: a stream of chunks. Cheap to build from bytes (tests, mocks).
///
/// Dropping it before the end abandons the rest of the response (for the default transport:
/// the connection is closed, not reused, which cancels a streaming answer on the server
/// side).
pub struct Body {
    inner: BodyInner,
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            BodyInner::Full(b) => f
                .debug_struct("Body")
                .field("len", &b.as_ref().map_or(0, Bytes::len))
                .finish(),
            BodyInner::Stream(_) => f.debug_struct("Body").finish_non_exhaustive(),
        }
    }
}

impl Default for Body {
    fn default() -> Self {
        Self::empty()
    }
}

impl Body {
    /// An empty body.
    pub fn empty() -> Self {
        Self {
            inner: BodyInner::Full(None),
        }
    }

    /// A body of one chunk.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Self {
            inner: BodyInner::Full((!bytes.is_empty()).then_some(bytes)),
        }
    }

    /// A body whose chunks come from `stream`; an `Err` item ends it with that error.
    pub fn from_stream<S>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, TransportError>> + Send + 'static,
    {
        Self {
            inner: BodyInner::Stream(Box::pin(stream)),
        }
    }

    /// The next chunk; `None` at the end.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, TransportError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The whole body, failing with [`TransportErrorKind::BodyTooLarge`] past `limit` bytes
    /// (checked as chunks arrive: no more than `limit` bytes plus one chunk are ever held).
    pub async fn collect(mut self, limit: usize) -> Result<Bytes, TransportError> {
        if let BodyInner::Full(b) = &mut self.inner {
            let b = b.take().unwrap_or_default();
            return if b.len() > limit {
                Err(too_large(limit))
            } else {
                Ok(b)
            };
        }
        let mut first: Option<Bytes> = None;
        let mut buf = BytesMut::new();
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            let held = first.as_ref().map_or(0, Bytes::len) + buf.len();
            if held + chunk.len() > limit {
                return Err(too_large(limit));
            }
            // One chunk (the usual small answer) is returned as is, without a copy.
            match first.take() {
                None if buf.is_empty() => first = Some(chunk),
                Some(f) => {
                    buf.reserve(f.len() + chunk.len());
                    buf.extend_from_slice(&f);
                    buf.extend_from_slice(&chunk);
                }
                None => buf.extend_from_slice(&chunk),
            }
        }
        Ok(first.unwrap_or_else(|| buf.freeze()))
    }
}

fn too_large(limit: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        true,
        format!("the response body exceeds the limit of {limit} bytes"),
    )
}

impl Stream for Body {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.inner {
            BodyInner::Full(b) => Poll::Ready(b.take().map(Ok)),
            BodyInner::Stream(s) => s.as_mut().poll_next(cx),
        }
    }
}

/// Which proxy the default transport uses.
///
/// By default ([`Proxy::from_env`]) the conventional variables are read once, when the
/// transport is built, the way reqwest and curl read them: `HTTPS_PROXY` (or
/// `https_proxy`) for `https://` endpoints, `HTTP_PROXY` (or `http_proxy`) for `http://`
/// ones, `ALL_PROXY` (or `all_proxy`) for both when the specific one is unset, and
/// `NO_PROXY` (or `no_proxy`): a comma-separated list of hosts, domains (`.example.com`
/// or `example.com`, subdomains included), IP addresses and CIDR blocks that go direct,
/// or `*` for every host. Empty values count as unset.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Proxy {
    /// No proxy, whatever the environment says.
    None,
    /// The proxy variables of the environment (the default).
    #[default]
    FromEnv,
    /// Explicit settings.
    Explicit {
        /// Proxy for `http://` endpoints.
        http: Option<String>,
        /// Proxy for `https://` endpoints.
        https: Option<String>,
        /// Hosts that go direct, in `NO_PROXY` syntax.
        no_proxy: Option<String>,
    },
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Proxy URLs may carry user info: show the host part only.
        let shown = |u: &Option<String>| u.as_deref().map(redact_userinfo);
        match self {
            Self::None => f.write_str("None"),
            Self::FromEnv => f.write_str("FromEnv"),
            Self::Explicit {
                http,
                https,
                no_proxy,
            } => f
                .debug_struct("Explicit")
                .field("http", &shown(http))
                .field("https", &shown(https))
                .field("no_proxy", no_proxy)
                .finish(),
        }
    }
}

fn redact_userinfo(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

impl Proxy {
    /// The environment's proxy variables (see the type's docs).
    pub fn from_env() -> Self {
        Self::FromEnv
    }

    /// One proxy for every request, e.g. `http://proxy:3128` or `socks5://` (if reqwest
    /// supports the scheme). Credentials in the URL (`http://user:pass@proxy:3128`) are sent
    /// as `Proxy-Authorization`.
    pub fn url(url: impl Into<String>) -> Self {
        let url = url.into();
        Self::Explicit {
            http: Some(url.clone()),
            https: Some(url),
            no_proxy: None,
        }
    }

    /// These hosts go direct (`NO_PROXY` syntax). Only meaningful on explicit settings;
    /// [`Proxy::FromEnv`] reads `NO_PROXY` itself.
    pub fn no_proxy(self, hosts: impl Into<String>) -> Self {
        match self {
            Self::Explicit { http, https, .. } => Self::Explicit {
                http,
                https,
                no_proxy: Some(hosts.into()),
            },
            other => other,
        }
    }

    /// The explicit settings `lookup` (an environment) describes; `None` when it sets no
    /// proxy at all.
    pub fn resolve_env(lookup: &dyn Fn(&str) -> Option<String>) -> Self {
        let var = |upper: &str| {
            lookup(upper)
                .or_else(|| lookup(&upper.to_ascii_lowercase()))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let all = var("ALL_PROXY");
        let http = var("HTTP_PROXY").or_else(|| all.clone());
        let https = var("HTTPS_PROXY").or(all);
        if http.is_none() && https.is_none() {
            return Self::None;
        }
        Self::Explicit {
            http,
            https,
            no_proxy: var("NO_PROXY"),
        }
    }
}

/// Settings of [`ReqwestTransport`]; see each method for its default.
#[derive(Debug, Clone)]
pub struct ReqwestTransportBuilder {
    proxy: Proxy,
    connect_timeout: Duration,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: usize,
    tcp_nodelay: bool,
    roots: Roots,
}

/// Root certificates trusted besides the bundled ones (DER).
#[derive(Clone, Default)]
struct Roots(Vec<Vec<u8>>);

impl fmt::Debug for Roots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} extra", self.0.len())
    }
}

/// Connection establishment timeout of the default transport.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an idle pooled connection is kept by default.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

impl Default for ReqwestTransportBuilder {
    fn default() -> Self {
        Self {
            proxy: Proxy::FromEnv,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            pool_idle_timeout: Some(DEFAULT_POOL_IDLE_TIMEOUT),
            pool_max_idle_per_host: usize::MAX,
            tcp_nodelay: true,
            roots: Roots::default(),
        }
    }
}

impl ReqwestTransportBuilder {
    /// The proxy. Default: [`Proxy::FromEnv`].
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = proxy;
        self
    }

    /// Connection establishment timeout (TCP, TLS and proxy handshake). Default:
    /// [`DEFAULT_CONNECT_TIMEOUT`] (10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long an unused pooled connection is kept; `None`: until the server closes it.
    /// Default: [`DEFAULT_POOL_IDLE_TIMEOUT`] (90 s).
    pub fn pool_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.pool_idle_timeout = timeout.into();
        self
    }

    /// How many idle connections per host are kept; 0 disables keep-alive reuse.
    /// Default: no limit.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// `TCP_NODELAY` on connections. Default: on (requests are written in one go).
    pub fn tcp_nodelay(mut self, on: bool) -> Self {
        self.tcp_nodelay = on;
        self
    }

    /// Also trusts this root certificate (DER), besides the bundled web PKI roots: for
    /// endpoints or proxies behind a private certificate authority.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.roots.0.push(der.into());
        self
    }

    /// Builds the transport, reading the proxy variables now if the proxy is
    /// [`Proxy::FromEnv`].
    pub fn build(self) -> Result<ReqwestTransport, TransportError> {
        self.build_with_env(&|name| std::env::var(name).ok())
    }

    /// [`ReqwestTransportBuilder::build`] with a custom environment lookup.
    pub fn build_with_env(
        self,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ReqwestTransport, TransportError> {
        let invalid = |what: &str, e: &dyn std::error::Error| {
            TransportError::new(
                TransportErrorKind::Other,
                false,
                format!("{what}: {}", chain(e)),
            )
        };
        let proxy = match self.proxy {
            Proxy::FromEnv => Proxy::resolve_env(lookup),
            other => other,
        };
        // Environment proxies are resolved above (so `lookup` is the only source), never
        // by reqwest behind our back.
        let mut b = reqwest::Client::builder()
            .no_proxy()
            .connect_timeout(self.connect_timeout)
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .tcp_nodelay(self.tcp_nodelay)
            .redirect(reqwest::redirect::Policy::none());
        for (i, der) in self.roots.0.iter().enumerate() {
            let cert = reqwest::Certificate::from_der(der)
                .map_err(|e| invalid(&format!("root certificate {}", i + 1), &e))?;
            b = b.add_root_certificate(cert);
        }
        let shown = format!("{proxy:?}");
        if let Proxy::Explicit {
            http,
            https,
            no_proxy,
        } = proxy
        {
            let no_proxy = no_proxy.as_deref().and_then(reqwest::NoProxy::from_string);
            let mut add =
                |url: Option<String>, make: fn(&str) -> reqwest::Result<reqwest::Proxy>| {
                    if let Some(url) = url {
                        let p = make(&url).map_err(|e| {
                            invalid(&format!("proxy `{}`", redact_userinfo(&url)), &e)
                        })?;
                        b = std::mem::take(&mut b).proxy(p.no_proxy(no_proxy.clone()));
                    }
                    Ok::<(), TransportError>(())
                };
            add(http, |u| reqwest::Proxy::http(u))?;
            add(https, |u| reqwest::Proxy::https(u))?;
        }
        let http = b
            .build()
            .map_err(|e| invalid("cannot build the HTTP client", &e))?;
        Ok(ReqwestTransport { http, proxy: shown })
    }
}

/// reqwest with rustls, pooled HTTP/1.1 keep-alive connections, no redirects: the
/// transport of proxied requests under [`Http1Transport`], or on its own. Cheap to clone
/// (clones share the pool).
#[derive(Clone)]
pub struct ReqwestTransport {
    http: reqwest::Client,
    proxy: String,
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestTransport")
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

impl ReqwestTransport {
    /// The builder, with every default.
    pub fn builder() -> ReqwestTransportBuilder {
        ReqwestTransportBuilder::default()
    }

    /// A transport with every default (proxy from the environment).
    pub fn new() -> Result<Self, TransportError> {
        Self::builder().build()
    }
}

impl HttpTransport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            // reqwest takes its own URL type: the request's URI, parsed again.
            let url = reqwest::Url::parse(&parts.uri.to_string()).map_err(|e| {
                TransportError::new(
                    TransportErrorKind::Other,
                    false,
                    format!("URL `{}`: {e}", parts.uri),
                )
            })?;
            let mut req = reqwest::Request::new(parts.method, url);
            *req.headers_mut() = parts.headers;
            *req.body_mut() = Some(body.into());
            let response = self.http.execute(req).await.map_err(|e| {
                let kind = if e.is_connect() {
                    TransportErrorKind::Connect
                } else if e.is_timeout() {
                    TransportErrorKind::Timeout
                } else {
                    TransportErrorKind::Io
                };
                TransportError::new(kind, !e.is_connect(), chain(&e))
            })?;
            // Status, version and headers move over as they are (no copy).
            let (parts, body) = http::Response::<reqwest::Body>::from(response).into_parts();
            let body = Body::from_stream(ReqwestBody {
                status: parts.status.as_u16(),
                body,
            });
            Ok(http::Response::from_parts(parts, body))
        })
    }
}

/// The chunks of a reqwest response body (its `http_body::Body` frames, trailers skipped).
struct ReqwestBody {
    status: u16,
    body: reqwest::Body,
}

impl Stream for ReqwestBody {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        use http_body::Body as _;
        loop {
            let status = self.status;
            return match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(TransportError::new(
                    if e.is_timeout() {
                        TransportErrorKind::Timeout
                    } else {
                        TransportErrorKind::Io
                    },
                    true,
                    format!("reading the HTTP {status} response body: {}", chain(&e)),
                )))),
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    Err(_trailers) => continue,
                },
            };
        }
    }
}

/// An error and its causes, joined with `: `.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let text = c.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Chunks(std::collections::VecDeque<Result<Bytes, TransportError>>);

    impl Stream for Chunks {
        type Item = Result<Bytes, TransportError>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.pop_front())
        }
    }

    fn chunked(parts: &[&'static str]) -> Body {
        Body::from_stream(Chunks(
            parts
                .iter()
                .map(|p| Ok(Bytes::from_static(p.as_bytes())))
                .collect(),
        ))
    }

    #[tokio::test]
    async fn collect_joins_chunks_and_keeps_single_chunks_whole() {
        assert_eq!(
            chunked(&["ab", "", "cd", "e"]).collect(5).await.unwrap(),
            "abcde"
        );
        assert_eq!(chunked(&["abc"]).collect(3).await.unwrap(), "abc");
        assert_eq!(chunked(&[]).collect(0).await.unwrap(), "");
        assert_eq!(Body::from_bytes("xyz").collect(3).await.unwrap(), "xyz");
        assert_eq!(Body::empty().collect(0).await.unwrap(), "");
    }

    #[tokio::test]
    async fn collect_stops_past_the_limit() {
        for body in [chunked(&["ab", "cd", "e"]), Body::from_bytes("abcde")] {
            let e = body.collect(4).await.unwrap_err();
            assert_eq!(e.kind, TransportErrorKind::BodyTooLarge);
            assert!(e.sent);
            assert!(e.message.contains("4 bytes"), "{e}");
        }
    }

    #[tokio::test]
    async fn a_broken_chunk_ends_the_body_with_its_error() {
        let mut body = Body::from_stream(Chunks(
            [
                Ok(Bytes::from_static(b"a")),
                Err(TransportError::new(TransportErrorKind::Io, true, "reset")),
            ]
            .into(),
        ));
        assert_eq!(body.next_chunk().await.unwrap().unwrap(), "a");
        let e = body.next_chunk().await.unwrap().unwrap_err();
        assert_eq!(
            (e.kind, e.message.as_str()),
            (TransportErrorKind::Io, "reset")
        );
    }

    #[test]
    fn env_proxies_follow_the_conventions() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(Proxy::resolve_env(&env(&[])), Proxy::None);
        assert_eq!(
            Proxy::resolve_env(&env(&[("HTTPS_PROXY", " ")])),
            Proxy::None
        );
        assert_eq!(
            Proxy::resolve_env(&env(&[
                ("https_proxy", "http://p:1"),
                ("NO_PROXY", "127.0.0.1,.internal")
            ])),
            Proxy::Explicit {
                http: None,
                https: Some("http://p:1".into()),
                no_proxy: Some("127.0.0.1,.internal".into()),
            }
        );
        // Upper case wins; ALL_PROXY fills in what is unset.
        assert_eq!(
            Proxy::resolve_env(&env(&[
                ("HTTP_PROXY", "http://a:1"),
                ("http_proxy", "http://b:1"),
                ("all_proxy", "http://c:1"),
            ])),
            Proxy::Explicit {
                http: Some("http://a:1".into()),
                https: Some("http://c:1".into()),
                no_proxy: None,
            }
        );
    }

    #[test]
    fn proxy_credentials_do_not_show() {
        let p = Proxy::url("http://user:secret@proxy:3128").no_proxy("localhost");
        let shown = format!("{p:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(
            shown.contains("proxy:3128") && shown.contains("localhost"),
            "{shown}"
        );
        let t = ReqwestTransport::builder()
            .proxy(p)
            .build_with_env(&|_| None)
            .unwrap();
        assert!(!format!("{t:?}").contains("secret"));
    }

    #[test]
    fn a_bad_proxy_url_is_a_build_error() {
        let e = ReqwestTransport::builder()
            .proxy(Proxy::url("not a url"))
            .build_with_env(&|_| None)
            .unwrap_err();
        assert!(e.message.contains("proxy `not a url`"), "{e}");
    }
}
