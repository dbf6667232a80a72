//! The default transport against a local server that writes raw HTTP/1.1, so every fault
//! (a connection closed while idle or mid-body, a request swallowed, a stalled answer, a
//! TLS handshake that never ends) happens exactly where the test puts it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::rustls;

use super::*;

const ROOT: &[u8] = include_bytes!("certs/ca.der");
const LEAF: &[u8] = include_bytes!("certs/leaf.der");
const LEAF_KEY: &[u8] = include_bytes!("certs/leaf.key.der");

/// What the server does on one connection, in order.
#[derive(Debug, Clone)]
enum Step {
    /// Reads one request (head and body).
    Read,
    /// Writes these bytes.
    Write(String),
    /// Closes the connection.
    Close,
    /// Keeps the connection open until the client closes it.
    Hold,
    /// Waits until the test says to go on.
    Wait(Arc<tokio::sync::Notify>),
}

/// What the server reports.
#[derive(Debug, PartialEq, Eq)]
enum Event {
    /// It closed connection `n` (a `Close` step).
    Closed(usize),
    /// The client closed connection `n`.
    ClientGone(usize),
}

/// A 200 answer with this body and a `Content-Length`.
fn ok(body: &str) -> Vec<Step> {
    vec![
        Step::Read,
        Step::Write(format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )),
    ]
}

type Script = Arc<dyn Fn(usize) -> Vec<Step> + Send + Sync>;

struct Server {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    events: mpsc::UnboundedReceiver<Event>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Serves connection `n` (from 0) with the steps `script(n)`, then waits for the
    /// client to close it.
    async fn start(script: impl Fn(usize) -> Vec<Step> + Send + Sync + 'static) -> Self {
        Self::start_with(Arc::new(script), None).await
    }

    /// The same under TLS, with the test certificate for `localhost` and `127.0.0.1`.
    async fn start_tls(script: impl Fn(usize) -> Vec<Step> + Send + Sync + 'static) -> Self {
        let config = rustls::ServerConfig::builder_with_provider(super::tls_provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![rustls::pki_types::CertificateDer::from(LEAF.to_vec())],
                rustls::pki_types::PrivateKeyDer::Pkcs8(LEAF_KEY.to_vec().into()),
            )
            .unwrap();
        Self::start_with(Arc::new(script), Some(Arc::new(config))).await
    }

    async fn start_with(script: Script, tls: Option<Arc<rustls::ServerConfig>>) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let (tx, events) = mpsc::unbounded_channel();
        let count = accepted.clone();
        let task = tokio::spawn(async move {
            loop {
                let (tcp, _) = listener.accept().await.unwrap();
                let n = count.fetch_add(1, Ordering::SeqCst);
                let steps = script(n);
                let tx = tx.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    let event = match tls {
                        None => serve(tcp, steps, n).await,
                        Some(config) => {
                            let acceptor = tokio_rustls::TlsAcceptor::from(config);
                            match acceptor.accept(tcp).await {
                                Ok(stream) => serve(stream, steps, n).await,
                                Err(_) => Event::ClientGone(n),
                            }
                        }
                    };
                    let _ = tx.send(event);
                });
            }
        });
        Self {
            addr,
            accepted,
            events,
            task,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    async fn event(&mut self) -> Event {
        self.events.recv().await.unwrap()
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut s: S, steps: Vec<Step>, n: usize) -> Event {
    let mut pending = Vec::new();
    for step in steps {
        match step {
            Step::Read => {
                if !read_request(&mut s, &mut pending).await {
                    return Event::ClientGone(n);
                }
            }
            Step::Write(text) => {
                if s.write_all(text.as_bytes()).await.is_err() || s.flush().await.is_err() {
                    return Event::ClientGone(n);
                }
            }
            Step::Close => {
                let _ = s.shutdown().await;
                drop(s);
                return Event::Closed(n);
            }
            Step::Hold => break,
            Step::Wait(go) => go.notified().await,
        }
    }
    let mut sink = [0u8; 1024];
    while matches!(s.read(&mut sink).await, Ok(k) if k > 0) {}
    Event::ClientGone(n)
}

/// Reads one request (head, then `Content-Length` bytes of body) from `s`, keeping what
/// follows in `buf`; `false` if the client closed first.
async fn read_request<S: AsyncRead + Unpin>(s: &mut S, buf: &mut Vec<u8>) -> bool {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if buf.len() >= end + 4 + len {
                buf.drain(..end + 4 + len);
                return true;
            }
        }
        let mut chunk = [0u8; 4096];
        match s.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(k) => buf.extend_from_slice(&chunk[..k]),
        }
    }
}

fn request(url: &str) -> HttpRequest {
    http::Request::post(url)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(Bytes::from_static(b"{\"Limit\":1}"))
        .unwrap()
}

fn transport() -> Http1TransportBuilder {
    Http1Transport::builder().proxy(Proxy::None)
}

async fn call(t: &Http1Transport, url: &str) -> Result<(u16, Bytes), TransportError> {
    let response = t.send(request(url)).await?;
    let status = response.status().as_u16();
    Ok((status, response.into_body().collect(1 << 20).await?))
}

#[tokio::test]
async fn keep_alive_reuses_one_connection_and_the_request_arrives_whole() {
    let server = Server::start(|_| [ok("{\"a\":1}"), ok("{\"b\":2}"), ok("{}")].concat()).await;
    let t = transport().build_with_env(&|_| None).unwrap();
    let url = server.url();
    assert_eq!(call(&t, &url).await.unwrap(), (200, "{\"a\":1}".into()));
    assert_eq!(call(&t, &url).await.unwrap(), (200, "{\"b\":2}".into()));
    assert_eq!(call(&t, &url).await.unwrap().1, "{}");
    assert_eq!(server.accepted(), 1);
    assert_eq!(t.idle_connections(), 1);
}

#[tokio::test]
async fn chunked_bodies_are_joined_and_the_connection_reused() {
    let chunked = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n\
                   4\r\n{\"a\"\r\n3\r\n:12\r\n1\r\n}\r\n0\r\n\r\n";
    let server = Server::start(move |_| {
        let mut steps = vec![Step::Read, Step::Write(chunked.into())];
        steps.extend(ok("{}"));
        steps
    })
    .await;
    let t = transport().build_with_env(&|_| None).unwrap();
    assert_eq!(call(&t, &server.url()).await.unwrap().1, "{\"a\":12}");
    assert_eq!(call(&t, &server.url()).await.unwrap().1, "{}");
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_not_reused() {
    let mut server = Server::start(|n| {
        let mut steps = ok("{}");
        if n == 0 {
            steps.push(Step::Close);
        }
        steps
    })
    .await;
    let t = transport().build_with_env(&|_| None).unwrap();
    call(&t, &server.url()).await.unwrap();
    assert_eq!(server.event().await, Event::Closed(0));
    // The closed connection is noticed before use: the request goes on a new one.
    assert_eq!(call(&t, &server.url()).await.unwrap().1, "{}");
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn answers_without_a_body_end_at_once_and_keep_the_connection() {
    let server = Server::start(|_| {
        let mut steps = vec![
            Step::Read,
            Step::Write("HTTP/1.1 304 Not Modified\r\ncontent-length: 7\r\n\r\n".into()),
            Step::Read,
            Step::Write("HTTP/1.1 204 No Content\r\n\r\n".into()),
        ];
        steps.extend(ok("{}"));
        steps
    })
    .await;
    let t = transport().build_with_env(&|_| None).unwrap();
    assert_eq!(call(&t, &server.url()).await.unwrap(), (304, Bytes::new()));
    assert_eq!(call(&t, &server.url()).await.unwrap(), (204, Bytes::new()));
    assert_eq!(call(&t, &server.url()).await.unwrap().1, "{}");
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn a_request_on_a_pooled_connection_the_server_closed_comes_back_unwritten() {
    // What makes sending again on another connection safe: on a kept connection whose
    // server has closed it, hyper reads the end before writing and hands the request back.
    let go = Arc::new(tokio::sync::Notify::new());
    let close = go.clone();
    let mut server = Server::start(move |_| {
        let mut steps = ok("{}");
        steps.extend([Step::Wait(close.clone()), Step::Close]);
        steps
    })
    .await;
    let t = transport().build_with_env(&|_| None).unwrap();
    call(&t, &server.url()).await.unwrap();
    // Closed by the server only once the connection is back in the pool.
    go.notify_one();
    assert_eq!(server.event().await, Event::Closed(0));
    let key = Key {
        https: false,
        authority: server.addr.to_string().parse().unwrap(),
    };
    let mut stale = t.pool.take_unchecked(&key).expect("a kept connection");
    let (parts, body) = request(&server.url()).into_parts();
    let mut e = stale
        .send(http::Request::from_parts(parts, OneChunk::new(body)))
        .await
        .unwrap_err();
    assert!(e.take_message().is_some(), "{}", e.into_error());
}

#[tokio::test]
async fn a_body_cut_short_is_an_error_and_the_connection_is_dropped() {
    for head in [
        "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"partial\"",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n",
    ] {
        let server =
            Server::start(move |_| vec![Step::Read, Step::Write(head.into()), Step::Close]).await;
        let t = transport().build_with_env(&|_| None).unwrap();
        let e = call(&t, &server.url()).await.unwrap_err();
        assert_eq!((e.kind, e.sent), (TransportErrorKind::Io, true), "{e}");
        assert!(
            e.message.starts_with("reading the HTTP 200 response body"),
            "{e}"
        );
        assert_eq!(t.idle_connections(), 0);
    }
}

#[tokio::test]
async fn a_request_read_but_never_answered_may_have_been_sent() {
    let server = Server::start(|_| vec![Step::Read, Step::Close]).await;
    let t = transport().build_with_env(&|_| None).unwrap();
    let e = call(&t, &server.url()).await.unwrap_err();
    assert_eq!((e.kind, e.sent), (TransportErrorKind::Io, true), "{e}");
    assert!(
        e.message.starts_with("sending the request to 127.0.0.1:"),
        "{e}"
    );
}

#[tokio::test]
async fn refused_connections_were_never_sent() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = transport().build_with_env(&|_| None).unwrap();
    let e = call(&t, &format!("http://127.0.0.1:{port}/"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind, e.sent),
        (TransportErrorKind::Connect, false),
        "{e}"
    );
    assert!(
        e.message
            .starts_with(&format!("connecting to 127.0.0.1:{port}")),
        "{e}"
    );
}

#[tokio::test]
async fn dropping_the_send_future_closes_the_connection() {
    let mut server = Server::start(|_| vec![Step::Read, Step::Hold]).await;
    let t = transport().build_with_env(&|_| None).unwrap();
    let url = server.url();
    let mut send = t.send(request(&url));
    // Polled until the server has the request, then abandoned (as a timeout does).
    tokio::select! {
        _ = &mut send => panic!("no answer was written"),
        _ = tokio::time::sleep(Duration::from_millis(50)) => {}
    }
    drop(send);
    assert_eq!(server.event().await, Event::ClientGone(0));
    assert_eq!(t.idle_connections(), 0);
}

#[tokio::test]
async fn dropping_a_streaming_body_closes_the_connection() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\
                transfer-encoding: chunked\r\n\r\n6\r\ndata:1\r\n";
    let mut server =
        Server::start(move |_| vec![Step::Read, Step::Write(head.into()), Step::Hold]).await;
    let t = transport().build_with_env(&|_| None).unwrap();
    let response = t.send(request(&server.url())).await.unwrap();
    let mut body = response.into_body();
    assert_eq!(body.next_chunk().await.unwrap().unwrap(), "data:1");
    drop(body);
    assert_eq!(server.event().await, Event::ClientGone(0));
    assert_eq!(t.idle_connections(), 0);
}

#[tokio::test]
async fn a_body_past_the_limit_is_refused_and_its_connection_dropped() {
    let big = "x".repeat(10_000);
    let mut server = Server::start(move |_| ok(&big)).await;
    let t = transport().build_with_env(&|_| None).unwrap();
    let response = t.send(request(&server.url())).await.unwrap();
    let e = response.into_body().collect(4096).await.unwrap_err();
    assert_eq!(e.kind, TransportErrorKind::BodyTooLarge);
    assert_eq!(server.event().await, Event::ClientGone(0));
    assert_eq!(t.idle_connections(), 0);
}

#[tokio::test]
async fn connection_close_answers_are_not_pooled() {
    let server = Server::start(|_| {
        vec![
            Step::Read,
            Step::Write(
                "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}".into(),
            ),
        ]
    })
    .await;
    let t = transport().build_with_env(&|_| None).unwrap();
    call(&t, &server.url()).await.unwrap();
    call(&t, &server.url()).await.unwrap();
    assert_eq!(server.accepted(), 2);
    assert_eq!(t.idle_connections(), 0);
}

#[tokio::test]
async fn the_pool_keeps_at_most_its_maximum_and_nothing_past_the_idle_timeout() {
    let server = Server::start(|_| [ok("{}"), ok("{}")].concat()).await;
    let url = server.url();
    let t = transport()
        .pool_max_idle_per_host(1)
        .build_with_env(&|_| None)
        .unwrap();
    let (a, b, c) = tokio::join!(call(&t, &url), call(&t, &url), call(&t, &url));
    a.unwrap();
    b.unwrap();
    c.unwrap();
    assert_eq!(server.accepted(), 3);
    assert_eq!(t.idle_connections(), 1);

    let none = transport()
        .pool_max_idle_per_host(0)
        .build_with_env(&|_| None)
        .unwrap();
    call(&none, &url).await.unwrap();
    assert_eq!(none.idle_connections(), 0);

    // A zero idle timeout: every kept connection has expired by its next use.
    let expired = transport()
        .pool_idle_timeout(Duration::ZERO)
        .build_with_env(&|_| None)
        .unwrap();
    let before = server.accepted();
    call(&expired, &url).await.unwrap();
    call(&expired, &url).await.unwrap();
    assert_eq!(server.accepted(), before + 2);
}

#[tokio::test]
async fn https_with_a_private_root_verifies_and_reuses_the_connection() {
    let server = Server::start_tls(|_| [ok("{\"tls\":1}"), ok("{\"tls\":2}")].concat()).await;
    let port = server.addr.port();
    let t = transport()
        .add_root_certificate(ROOT)
        .build_with_env(&|_| None)
        .unwrap();
    let by_name = format!("https://localhost:{port}/");
    assert_eq!(call(&t, &by_name).await.unwrap().1, "{\"tls\":1}");
    assert_eq!(call(&t, &by_name).await.unwrap().1, "{\"tls\":2}");
    assert_eq!(server.accepted(), 1);
    let by_ip = format!("https://127.0.0.1:{port}/");
    assert_eq!(call(&t, &by_ip).await.unwrap().1, "{\"tls\":1}");

    // Without the root the server's certificate is refused, before anything is sent.
    let untrusting = transport().build_with_env(&|_| None).unwrap();
    let e = call(&untrusting, &by_name).await.unwrap_err();
    assert_eq!(
        (e.kind, e.sent),
        (TransportErrorKind::Connect, false),
        "{e}"
    );
    assert!(e.message.contains("TLS handshake"), "{e}");
}

#[tokio::test]
async fn a_handshake_that_never_ends_hits_the_connect_timeout() {
    // A plain TCP server that never answers the TLS client hello.
    let server = Server::start(|_| vec![Step::Hold]).await;
    let t = transport()
        .connect_timeout(Duration::from_millis(100))
        .build_with_env(&|_| None)
        .unwrap();
    let e = call(&t, &format!("https://127.0.0.1:{}/", server.addr.port()))
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind, e.sent),
        (TransportErrorKind::Connect, false),
        "{e}"
    );
    assert!(e.message.contains("timed out after 100ms"), "{e}");
}

#[test]
fn a_bad_root_certificate_is_a_build_error() {
    let e = transport()
        .add_root_certificate(b"not a certificate".to_vec())
        .build_with_env(&|_| None)
        .unwrap_err();
    assert!(e.message.starts_with("root certificate 1"), "{e}");
}

#[tokio::test]
async fn only_the_proxied_scheme_goes_through_the_proxy() {
    // An `https` proxy only: plain http requests keep this transport's own connections.
    let server = Server::start(|_| ok("{}")).await;
    let t = Http1Transport::builder()
        .build_with_env(&|name| (name == "HTTPS_PROXY").then(|| "http://127.0.0.1:9".into()))
        .unwrap();
    assert!(t.shared.routes.has(true) && !t.shared.routes.has(false));
    let with_keys = Http1Transport::builder()
        .proxy(Proxy::url("http://user:secret@proxy:3128"))
        .build_with_env(&|_| None)
        .unwrap();
    assert!(
        !format!("{with_keys:?}").contains("secret"),
        "{with_keys:?}"
    );
    call(&t, &server.url()).await.unwrap();
    assert_eq!(t.idle_connections(), 1);
}

/// A one-connection-at-a-time HTTP proxy for `CONNECT`: records each request head, answers
/// with `answer`, and on a 2xx pipes the connection to the target it names.
struct ConnectProxy {
    addr: SocketAddr,
    heads: Arc<std::sync::Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ConnectProxy {
    async fn start(answer: &'static str) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = heads.clone();
        let task = tokio::spawn(async move {
            loop {
                let (mut client, _) = listener.accept().await.unwrap();
                let seen = seen.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        let mut chunk = [0u8; 512];
                        match client.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(k) => buf.extend_from_slice(&chunk[..k]),
                        }
                    }
                    let head = String::from_utf8_lossy(&buf).into_owned();
                    seen.lock().unwrap().push(head.clone());
                    client.write_all(answer.as_bytes()).await.unwrap();
                    if !answer.starts_with("HTTP/1.1 2") {
                        return;
                    }
                    let target = head.split(' ').nth(1).unwrap().to_owned();
                    let target = target.replace("localhost", "127.0.0.1");
                    let mut upstream = tokio::net::TcpStream::connect(target).await.unwrap();
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                });
            }
        });
        Self { addr, heads, task }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_with_the_proxy_credentials() {
    let server = Server::start_tls(|_| [ok("{\"via\":1}"), ok("{\"via\":2}")].concat()).await;
    let proxy = ConnectProxy::start("HTTP/1.1 200 Connection established\r\n\r\n").await;
    let t = transport()
        .proxy(Proxy::url(format!(
            "http://tc%40user:p%3Ass@{}",
            proxy.addr
        )))
        .add_root_certificate(ROOT)
        .build_with_env(&|_| None)
        .unwrap();
    let url = format!("https://localhost:{}/", server.addr.port());
    assert_eq!(call(&t, &url).await.unwrap().1, "{\"via\":1}");
    assert_eq!(call(&t, &url).await.unwrap().1, "{\"via\":2}");
    // One tunnel, reused; TLS ran end to end (the certificate for `localhost` verified).
    let heads = proxy.heads();
    assert_eq!(heads.len(), 1, "{heads:?}");
    let port = server.addr.port();
    assert!(
        heads[0].starts_with(&format!(
            "CONNECT localhost:{port} HTTP/1.1\r\nHost: localhost:{port}\r\n"
        )),
        "{}",
        heads[0]
    );
    // base64("tc@user:p:ss")
    assert!(
        heads[0].contains("Proxy-Authorization: Basic dGNAdXNlcjpwOnNz\r\n"),
        "{}",
        heads[0]
    );
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn a_refused_tunnel_is_a_connect_error_that_names_the_proxy() {
    let server = Server::start_tls(|_| ok("{}")).await;
    for (answer, expected) in [
        (
            "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n",
            "requires authentication",
        ),
        (
            "HTTP/1.1 403 Forbidden\r\n\r\n",
            "refused CONNECT: `HTTP/1.1 403 Forbidden`",
        ),
        ("not http at all\r\n\r\n", "refused CONNECT"),
    ] {
        let proxy = ConnectProxy::start(answer).await;
        let t = transport()
            .proxy(Proxy::url(format!("http://{}", proxy.addr)))
            .add_root_certificate(ROOT)
            .build_with_env(&|_| None)
            .unwrap();
        let e = call(&t, &format!("https://localhost:{}/", server.addr.port()))
            .await
            .unwrap_err();
        assert_eq!(
            (e.kind, e.sent),
            (TransportErrorKind::Connect, false),
            "{e}"
        );
        assert!(e.message.contains(expected), "{e}");
        assert!(
            e.message.contains(&format!(
                "through the proxy 127.0.0.1:{}",
                proxy.addr.port()
            )),
            "{e}"
        );
    }
    assert_eq!(server.accepted(), 0);
}

#[tokio::test]
async fn no_proxy_hosts_go_direct_past_the_proxy() {
    let server = Server::start(|_| ok("{}")).await;
    let env = |name: &str| match name {
        "HTTP_PROXY" | "HTTPS_PROXY" => Some("http://127.0.0.1:9".to_owned()),
        "no_proxy" => Some("example.invalid, 127.0.0.0/8".to_owned()),
        _ => None,
    };
    let t = Http1Transport::builder().build_with_env(&env).unwrap();
    assert_eq!(call(&t, &server.url()).await.unwrap().1, "{}");
    // A host the list does not name takes the (absent) proxy.
    let e = call(&t, "http://localhost:1/").await.unwrap_err();
    assert!(e.message.contains("through the proxy 127.0.0.1:9"), "{e}");
}
