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
//! connection (no connection task, no channel between tasks), HTTP proxies through `CONNECT`
//! tunnels. Its builder holds what belongs to the connection layer: the proxy ([`Proxy`]),
//! the pool (idle timeout, idle connections kept per host), the connect timeout, extra root
//! certificates.
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
mod proxy;

pub use http1::{Http1Transport, Http1TransportBuilder};
pub use proxy::Proxy;

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

/// Connection establishment timeout of the default transport.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an idle pooled connection is kept by default.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

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
}
