//! The default transport: HTTP/1.1 on hyper's connection API, with its own keep-alive pool,
//! TLS through rustls (the `ring` provider, the bundled web PKI roots).
//!
//! Each request's own task drives its connection: the send future, then the response
//! [`Body`], poll hyper's connection future themselves. No connection task is spawned and
//! no request crosses a channel to reach one, so an exchange costs the socket calls it needs
//! and no wake-ups between tasks (reqwest's pool hands each request to a spawned connection
//! task). A connection goes back to the pool only when its response was read to the end;
//! dropping the send future or the body closes it.
//!
//! Requests of a scheme that has a proxy (explicit, or from the environment), to a host
//! that `NO_PROXY` does not list, go through it: `https://` ones in a `CONNECT` tunnel
//! (TLS end to end), plain `http://` ones with their absolute URL (see [`Proxy`]).

use std::convert::Infallible;
use std::fmt;
use std::future::{Future, poll_fn};
use std::io;
use std::net::IpAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use http::header::{CONTENT_LENGTH, HOST, HeaderValue, PROXY_AUTHORIZATION};
use http::uri::{PathAndQuery, Uri};
use hyper::body::Incoming;
use hyper::client::conn::http1 as conn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::rustls;

use super::pool::{Key, Pool};
use super::proxy::{Routes, absolute_form};
use super::{
    Body, DEFAULT_CONNECT_TIMEOUT, DEFAULT_POOL_IDLE_TIMEOUT, HttpRequest, HttpResponse,
    HttpTransport, Proxy, SendFuture, TransportError, TransportErrorKind, chain,
};

/// Settings of [`Http1Transport`]; see each method for its default.
#[derive(Debug, Clone)]
pub struct Http1TransportBuilder {
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

impl Default for Http1TransportBuilder {
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

impl Http1TransportBuilder {
    /// The proxy. Default: [`Proxy::FromEnv`] (the `HTTPS_PROXY`, `HTTP_PROXY`,
    /// `ALL_PROXY` and `NO_PROXY` variables, read when the transport is built).
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = proxy;
        self
    }

    /// Connection establishment timeout (DNS, TCP, proxy tunnel and TLS handshake).
    /// Default: [`DEFAULT_CONNECT_TIMEOUT`] (10 s).
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
    /// endpoints behind a private certificate authority.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.roots.0.push(der.into());
        self
    }

    /// Builds the transport, reading the proxy variables now if the proxy is
    /// [`Proxy::FromEnv`].
    pub fn build(self) -> Result<Http1Transport, TransportError> {
        self.build_with_env(&|name| std::env::var(name).ok())
    }

    /// [`Http1TransportBuilder::build`] with a custom environment lookup.
    pub fn build_with_env(
        self,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Http1Transport, TransportError> {
        Ok(Http1Transport {
            shared: Arc::new(Shared {
                connect_timeout: self.connect_timeout,
                tcp_nodelay: self.tcp_nodelay,
                tls: tls_config(&self.roots.0)?,
                routes: self.proxy.routes(lookup)?,
            }),
            pool: Arc::new(Pool::new(
                self.pool_idle_timeout,
                self.pool_max_idle_per_host,
            )),
        })
    }
}

/// The rustls settings of every connection: the ring provider, TLS 1.2 and 1.3, the web
/// PKI roots plus `extra` (DER), ALPN `http/1.1`.
fn tls_config(extra: &[Vec<u8>]) -> Result<Arc<rustls::ClientConfig>, TransportError> {
    let invalid = |what: String| TransportError::new(TransportErrorKind::Other, false, what);
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for (i, der) in extra.iter().enumerate() {
        roots
            .add(rustls::pki_types::CertificateDer::from(der.clone()))
            .map_err(|e| invalid(format!("root certificate {}: {e}", i + 1)))?;
    }
    let mut config = rustls::ClientConfig::builder_with_provider(tls_provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(format!("TLS settings: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The TLS provider of every connection (and of the tests' servers): rustls over *ring*.
///
/// Chosen on purpose, with the measurements, in `runtime/Cargo.toml`: ring's cold build
/// costs about a third of aws-lc-rs's, and the secret key never travels. rustls 0.23.48 deprecates this constructor because ring has no
/// post-quantum key exchange (rustls recommends aws-lc-rs); ring's random source and key
/// loader are private to rustls, so this call is the only way to build the provider, hence
/// the `allow`.
pub(crate) fn tls_provider() -> Arc<rustls::crypto::CryptoProvider> {
    #[allow(deprecated)] // ring on purpose, see the doc comment above and runtime/Cargo.toml
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The default transport: HTTP/1.1 keep-alive connections of its own (see the module
/// docs), rustls, HTTP proxies, no redirects. Cheap to clone (clones share the pool).
#[derive(Clone)]
pub struct Http1Transport {
    shared: Arc<Shared>,
    pool: Arc<Pool>,
}

struct Shared {
    connect_timeout: Duration,
    tcp_nodelay: bool,
    tls: Arc<rustls::ClientConfig>,
    routes: Routes,
}

impl fmt::Debug for Http1Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Http1Transport")
            .field("proxy", &self.shared.routes.shown)
            .field("connect_timeout", &self.shared.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl Http1Transport {
    /// The builder, with every default.
    pub fn builder() -> Http1TransportBuilder {
        Http1TransportBuilder::default()
    }

    /// A transport with every default (proxy from the environment).
    pub fn new() -> Result<Self, TransportError> {
        Self::builder().build()
    }

    /// How many idle connections the pool holds.
    #[cfg(test)]
    fn idle_connections(&self) -> usize {
        self.pool.idle_count()
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let other = |m: String| TransportError::new(TransportErrorKind::Other, false, m);
        let https = match request.uri().scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(other(format!("URL `{}`: not http or https", request.uri()))),
        };
        let (mut parts, body) = request.into_parts();
        let authority = parts
            .uri
            .authority()
            .cloned()
            .ok_or_else(|| other(format!("URL `{}`: no host", parts.uri)))?;
        if !parts.headers.contains_key(HOST) {
            let host = HeaderValue::from_str(authority.as_str())
                .map_err(|e| other(format!("host `{authority}`: {e}")))?;
            parts.headers.insert(HOST, host);
        }
        let path = parts
            .uri
            .path_and_query()
            .cloned()
            .unwrap_or_else(|| PathAndQuery::from_static("/"));
        parts.uri = match self.shared.routes.proxy_for(https, bare_host(&authority)) {
            // A plain request through a proxy names its whole URL; the proxy's credentials
            // ride along (never signed: the signature covers Host and Content-Type).
            Some(proxy) if !https => {
                if let Some(auth) = &proxy.authorization {
                    parts.headers.insert(PROXY_AUTHORIZATION, auth.clone());
                }
                absolute_form(&authority, &path)
            }
            // Origin form on the wire (`/path?query`): the Host header names the server
            // (through a `CONNECT` tunnel too).
            _ => Uri::from(path),
        };
        let mut request = http::Request::from_parts(parts, OneChunk::new(body));
        let key = Key { https, authority };
        loop {
            let (mut conn, reused) = match self.pool.checkout(&key).await {
                Some(conn) => (conn, true),
                None => (self.connect(&key).await?, false),
            };
            match conn.send(request).await {
                Ok(response) => {
                    let (parts, incoming) = response.into_parts();
                    let body = ResponseBody {
                        status: parts.status.as_u16(),
                        // 204 and 304 have no body, whatever their `Content-Length`.
                        expected: (!matches!(parts.status.as_u16(), 204 | 304))
                            .then(|| content_length(&parts.headers))
                            .flatten(),
                        received: 0,
                        incoming,
                        conn: Some(conn),
                        release: Some((self.pool.clone(), key)),
                        done: false,
                    };
                    return Ok(http::Response::from_parts(parts, Body::from_stream(body)));
                }
                Err(mut e) => match e.take_message() {
                    // Never written: the server had closed the pooled connection. Safe to
                    // send on another one, whatever the action.
                    Some(back) if reused => request = back,
                    back => {
                        let e = e.into_error();
                        let kind = if e.is_parse() || e.is_parse_status() {
                            TransportErrorKind::Other
                        } else {
                            TransportErrorKind::Io
                        };
                        return Err(TransportError::new(
                            kind,
                            back.is_none(),
                            format!("sending the request to {}: {}", key.authority, chain(&e)),
                        ));
                    }
                },
            }
        }
    }

    /// A new connection to `key`, TCP then TLS for `https`, within the connect timeout.
    async fn connect(&self, key: &Key) -> Result<Conn, TransportError> {
        let host = key.authority.host();
        let port = key
            .authority
            .port_u16()
            .unwrap_or(if key.https { 443 } else { 80 });
        let bare = bare_host(&key.authority);
        let failed = |what: String| {
            TransportError::new(
                TransportErrorKind::Connect,
                false,
                format!("connecting to {host}:{port}: {what}"),
            )
        };
        let via = self.shared.routes.proxy_for(key.https, bare);
        let attempt = async {
            let tcp = match via {
                None => tcp_connect(bare, port)
                    .await
                    .map_err(|e| failed(chain(&e)))?,
                Some(proxy) => {
                    let through = |what: String| {
                        failed(format!(
                            "through the proxy {}:{}: {what}",
                            proxy.host, proxy.port
                        ))
                    };
                    let tcp = tcp_connect(&proxy.host, proxy.port)
                        .await
                        .map_err(|e| through(chain(&e)))?;
                    if key.https {
                        proxy
                            .tunnel(tcp, &format!("{host}:{port}"))
                            .await
                            .map_err(through)?
                    } else {
                        tcp
                    }
                }
            };
            tcp.set_nodelay(self.shared.tcp_nodelay)
                .map_err(|e| failed(format!("TCP_NODELAY: {e}")))?;
            let wire = if key.https {
                let name = rustls::pki_types::ServerName::try_from(bare.to_owned())
                    .map_err(|e| failed(format!("TLS server name: {e}")))?;
                let tls = tokio_rustls::TlsConnector::from(self.shared.tls.clone())
                    .connect(name, tcp)
                    .await
                    .map_err(|e| failed(format!("TLS handshake: {}", chain(&e))))?;
                Wire::Tls(Box::new(tls))
            } else {
                Wire::Plain(tcp)
            };
            let (sender, driver) = conn::Builder::new()
                .handshake(TokioIo::new(wire))
                .await
                .map_err(|e| failed(chain(&e)))?;
            Ok(Conn {
                sender,
                driver: Some(driver),
            })
        };
        let timeout = self.shared.connect_timeout;
        tokio::time::timeout(timeout, attempt)
            .await
            .map_err(|_| failed(format!("timed out after {timeout:?}")))?
    }
}

impl HttpTransport for Http1Transport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(self.exchange(request))
    }
}

/// The host of `authority` as the resolver and TLS want it: `[::1]` in a URL, `::1` here.
fn bare_host(authority: &http::uri::Authority) -> &str {
    authority
        .host()
        .trim_start_matches('[')
        .trim_end_matches(']')
}

/// TCP to the first address of `host` that accepts.
async fn tcp_connect(host: &str, port: u16) -> io::Result<TcpStream> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return TcpStream::connect((ip, port)).await;
    }
    let mut last = None;
    for addr in tokio::net::lookup_host((host, port)).await? {
        match TcpStream::connect(addr).await {
            Ok(s) => return Ok(s),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other(format!("no address found for {host}"))))
}

fn content_length(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The request body: the signed bytes, in one frame.
pub(super) struct OneChunk(Option<Bytes>);

impl OneChunk {
    fn new(bytes: Bytes) -> Self {
        Self((!bytes.is_empty()).then_some(bytes))
    }
}

impl http_body::Body for OneChunk {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        Poll::Ready(
            self.get_mut()
                .0
                .take()
                .map(|b| Ok(http_body::Frame::data(b))),
        )
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.0.as_ref().map_or(0, |b| b.len() as u64))
    }
}

/// A TCP connection, plain or under TLS.
enum Wire {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Wire {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Self::Tls(s) => Pin::new(&mut **s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Wire {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Self::Tls(s) => Pin::new(&mut **s).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Self::Tls(s) => Pin::new(&mut **s).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Self::Plain(s) => s.is_write_vectored(),
            Self::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_flush(cx),
            Self::Tls(s) => Pin::new(&mut **s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Self::Tls(s) => Pin::new(&mut **s).poll_shutdown(cx),
        }
    }
}

type Driver = conn::Connection<TokioIo<Wire>, OneChunk>;

/// One HTTP/1.1 connection: hyper's request handle and the future that does its I/O.
pub(super) struct Conn {
    sender: conn::SendRequest<OneChunk>,
    /// `None` once the connection has ended (closed, failed or shut down).
    driver: Option<Driver>,
}

impl Conn {
    /// Drives the connection; `false` once it has ended.
    fn drive(&mut self, cx: &mut Context<'_>) -> bool {
        let Some(driver) = &mut self.driver else {
            return false;
        };
        if Pin::new(driver).poll(cx).is_pending() {
            return true;
        }
        // Dropping hyper's dispatcher ends what still waits on it: the pending response
        // gets its error, a body channel its end.
        self.driver = None;
        false
    }

    /// Whether an idle connection can take a request: open (one turn of the driver reads
    /// what the server did meanwhile, without waiting) and ready for the next message.
    pub(super) fn is_open(&mut self, cx: &mut Context<'_>) -> bool {
        self.drive(cx) && self.sender.is_ready()
    }

    /// Sends `request`, driving the connection until the response head arrives. A request
    /// that was never written comes back in the error.
    async fn send(
        &mut self,
        request: http::Request<OneChunk>,
    ) -> Result<http::Response<Incoming>, hyper::client::conn::TrySendError<http::Request<OneChunk>>>
    {
        let mut response = pin!(self.sender.try_send_request(request));
        poll_fn(|cx| {
            // The driver first: it writes the request and reads the answer, which then
            // completes the response future in the same turn.
            self.drive(cx);
            response.as_mut().poll(cx)
        })
        .await
    }
}

/// A response body read through its connection, which it drives while it is read and gives
/// back to the pool once the body has ended cleanly.
struct ResponseBody {
    status: u16,
    /// `Content-Length`, if the server sent one.
    expected: Option<u64>,
    received: u64,
    incoming: Incoming,
    conn: Option<Conn>,
    release: Option<(Arc<Pool>, Key)>,
    done: bool,
}

impl ResponseBody {
    fn fail(&mut self, kind: TransportErrorKind, what: String) -> TransportError {
        self.done = true;
        self.conn = None;
        TransportError::new(
            kind,
            true,
            format!("reading the HTTP {} response body: {what}", self.status),
        )
    }

    /// Returns the connection to the pool if its response is over and it is ready for the
    /// next request.
    fn release(&mut self, cx: &mut Context<'_>) {
        let (Some(mut conn), Some((pool, key))) = (self.conn.take(), self.release.take()) else {
            return;
        };
        // One more turn takes hyper's connection state back to idle (or notices that the
        // server is closing it).
        if conn.drive(cx) && conn.sender.is_ready() {
            pool.checkin(key, conn);
        }
    }
}

impl Stream for ResponseBody {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        use http_body::Body as _;
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        loop {
            if let Some(conn) = &mut this.conn {
                conn.drive(cx);
            }
            return match Pin::new(&mut this.incoming).poll_frame(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => {
                        this.received += data.len() as u64;
                        Poll::Ready(Some(Ok(data)))
                    }
                    Err(_trailers) => continue,
                },
                Poll::Ready(Some(Err(e))) => {
                    let kind = if e.is_parse() {
                        TransportErrorKind::Other
                    } else {
                        TransportErrorKind::Io
                    };
                    Poll::Ready(Some(Err(this.fail(kind, chain(&e)))))
                }
                Poll::Ready(None) => match this.expected {
                    Some(expected) if this.received < expected => {
                        let what = format!(
                            "the connection ended after {} of {expected} bytes",
                            this.received
                        );
                        Poll::Ready(Some(Err(this.fail(TransportErrorKind::Io, what))))
                    }
                    _ => {
                        this.done = true;
                        this.release(cx);
                        Poll::Ready(None)
                    }
                },
            };
        }
    }
}

#[cfg(test)]
mod tests;
