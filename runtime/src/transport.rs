//! HTTP transport: one POST per attempt over a pooled HTTP/1.1 connection (reqwest with
//! rustls). Failures are sorted into "never sent" (the connection could not be made) and
//! "outcome unknown" (anything after the request may have been written), which is what
//! the retry rules need.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;

/// A response as received: status and full body.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// The whole body.
    pub body: Bytes,
}

/// A failed exchange.
#[derive(Debug)]
pub struct TransportError {
    /// Whether the request may have reached the server.
    pub sent: bool,
    /// Description of the failure, including its causes.
    pub message: String,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {}

/// A pooled HTTP client; cheap to clone.
#[derive(Debug, Clone)]
pub struct Transport {
    http: reqwest::Client,
}

impl Transport {
    /// A transport whose connection attempts give up after `connect_timeout`.
    pub fn new(connect_timeout: Duration) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {}", chain(&e)))?;
        Ok(Self { http })
    }

    /// POSTs `body` with `headers` to `url` and reads the whole response.
    pub async fn post(
        &self,
        url: reqwest::Url,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<HttpResponse, TransportError> {
        // A ready `Request`: `RequestBuilder::headers` would re-insert every header one by one.
        let mut request = reqwest::Request::new(reqwest::Method::POST, url);
        *request.headers_mut() = headers;
        *request.body_mut() = Some(body.into());
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|e| TransportError {
                sent: !e.is_connect(),
                message: chain(&e),
            })?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| TransportError {
            sent: true,
            message: format!("reading the HTTP {status} response body: {}", chain(&e)),
        })?;
        Ok(HttpResponse { status, body })
    }
}

/// An error and its causes, joined with `: `.
fn chain(e: &dyn std::error::Error) -> String {
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
