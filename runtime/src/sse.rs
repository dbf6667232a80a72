//! Streaming answers: Server-Sent Events (`Content-Type: text/event-stream`).
//!
//! Actions whose spec says `streaming: true` (hunyuan and lkeap `ChatCompletions` with
//! `Stream: true`, for instance) implement [`StreamingAction`](crate::StreamingAction).
//! [`Client::send_streaming`](crate::Client::send_streaming) (or `.stream()` on a
//! [`Call`](crate::Call)) sends them like any request (signing, rate limit, retries until
//! the response head arrives) and gives an [`EventStream`]: each event's `data:` is one JSON
//! object of the action's response type, yielded as it arrives.
//!
//! ```no_run
//! # async fn demo<A>(client: tcapi::Client, request: A) -> Result<(), tcapi::Error<A::Error>>
//! # where A: tcapi::StreamingAction + 'static, A::Response: std::fmt::Debug {
//! let mut events = client.send_streaming(request).await?;
//! while let Some(event) = events.next_event().await {
//!     println!("{:?}", event?); // A::Response
//! }
//! # Ok(()) }
//! ```
//!
//! - **Incremental, bounded**: events are parsed as chunks arrive; one event larger than the
//!   client's [`max_response_bytes`](crate::ClientBuilder::max_response_bytes) ends the
//!   stream with [`Error::ResponseTooLarge`] (the buffer never grows past it).
//! - **Idle timeout**: no chunk for [`Call::idle_timeout`](crate::Call::idle_timeout)
//!   (default [`DEFAULT_IDLE_TIMEOUT`], 60 s) ends the stream with [`Error::Timeout`].
//! - **Cancellation**: dropping the stream closes the connection, which cancels the
//!   request on the server.
//! - **Errors**: an error envelope instead of a stream is the typed error of the call
//!   itself; an event carrying an `Error` object (`{"Error":{"Code","Message"}}`, or inside
//!   `Response`) is yielded as the typed [`Error::Service`] and ends the stream; a
//!   connection broken mid-stream is [`Error::Transport`]; a stream cut inside an event or
//!   an event that is not the documented object is [`Error::UndecodableResponse`].
//! - **End**: the end of the body, or a `data: [DONE]` event (OpenAI-style servers).
//!   Comments (`: keep-alive`), `event:`, `id:` and `retry:` lines are read and not
//!   yielded; an answer that is plain JSON (the action answered without streaming) is
//!   yielded as a single event.
//!
//! The `RequestId` of a streamed answer is the `X-TC-RequestId` response header
//! ([`EventStream::request_id`]).

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

use crate::error::{Error, ServiceError, WireError, excerpt};
use crate::json::{FromJson, Value};
use crate::transport::Body;

/// How long a stream may go without a chunk before it fails with [`Error::Timeout`].
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// One Server-Sent Event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` type (empty when the event had none).
    pub event: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last `id:` seen in the stream so far.
    pub id: String,
}

/// Why the event parser stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseError {
    /// One event (or line) is larger than the limit.
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// An event's data is not UTF-8.
    NotUtf8,
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { limit } => write!(f, "an event is larger than {limit} bytes"),
            Self::NotUtf8 => f.write_str("an event's data is not UTF-8"),
        }
    }
}

impl std::error::Error for SseError {}

/// An incremental `text/event-stream` parser (the WHATWG event-stream grammar: lines end in
/// `\r\n`, `\n` or `\r`; a blank line ends an event). Memory is bounded by `limit` bytes
/// per event, whatever the chunking.
///
/// Hand-written (about a hundred lines) rather than a crate: the grammar is small, and the
/// bound on one event's size is the part that matters here.
#[derive(Debug)]
pub struct SseParser {
    limit: usize,
    line: Vec<u8>,
    data: Vec<u8>,
    has_data: bool,
    event: String,
    id: String,
    /// The previous chunk ended in `\r`: a `\n` first in the next one belongs to it.
    after_cr: bool,
    ready: VecDeque<SseEvent>,
}

impl SseParser {
    /// A parser whose events may hold at most `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            line: Vec::new(),
            data: Vec::new(),
            has_data: false,
            event: String::new(),
            id: String::new(),
            after_cr: false,
            ready: VecDeque::new(),
        }
    }

    /// Reads one chunk; complete events become available from [`SseParser::next_event`].
    pub fn feed(&mut self, mut chunk: &[u8]) -> Result<(), SseError> {
        if chunk.is_empty() {
            return Ok(());
        }
        if self.after_cr {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        while !chunk.is_empty() {
            match chunk.iter().position(|b| *b == b'\n' || *b == b'\r') {
                None => {
                    self.push_line(chunk)?;
                    break;
                }
                Some(end) => {
                    self.push_line(&chunk[..end])?;
                    let cr = chunk[end] == b'\r';
                    chunk = &chunk[end + 1..];
                    if cr {
                        match chunk.first() {
                            Some(b'\n') => chunk = &chunk[1..],
                            None => self.after_cr = true,
                            Some(_) => {}
                        }
                    }
                    let line = std::mem::take(&mut self.line);
                    self.line_done(&line)?;
                    self.line = line;
                    self.line.clear();
                }
            }
        }
        Ok(())
    }

    fn push_line(&mut self, part: &[u8]) -> Result<(), SseError> {
        if self.line.len() + self.data.len() + part.len() > self.limit {
            return Err(SseError::TooLarge { limit: self.limit });
        }
        self.line.extend_from_slice(part);
        Ok(())
    }

    fn line_done(&mut self, line: &[u8]) -> Result<(), SseError> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return Ok(());
        }
        let (field, value) = match line.iter().position(|b| *b == b':') {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &[][..]),
        };
        match field {
            b"data" => {
                if self.has_data {
                    self.data.push(b'\n');
                }
                self.data.extend_from_slice(value);
                self.has_data = true;
                if self.data.len() > self.limit {
                    return Err(SseError::TooLarge { limit: self.limit });
                }
            }
            b"event" => self.event = String::from_utf8_lossy(value).into_owned(),
            b"id" if !value.contains(&0) => self.id = String::from_utf8_lossy(value).into_owned(),
            _ => {}
        }
        Ok(())
    }

    fn dispatch(&mut self) -> Result<(), SseError> {
        let event = std::mem::take(&mut self.event);
        if !std::mem::take(&mut self.has_data) {
            return Ok(());
        }
        let data =
            String::from_utf8(std::mem::take(&mut self.data)).map_err(|_| SseError::NotUtf8)?;
        self.ready.push_back(SseEvent {
            event,
            data,
            id: self.id.clone(),
        });
        Ok(())
    }

    /// The next complete event, if any.
    pub fn next_event(&mut self) -> Option<SseEvent> {
        self.ready.pop_front()
    }

    /// At the end of the stream: the last event when its data lines were complete but the
    /// closing blank line was missing; an error when the stream stopped inside a line.
    pub fn finish(&mut self) -> Result<Option<SseEvent>, &'static str> {
        if !self.line.is_empty() {
            return Err("the stream ended inside an event line");
        }
        self.dispatch()
            .map_err(|_| "an event's data is not UTF-8")?;
        Ok(self.ready.pop_front())
    }
}

enum Source {
    /// Events still to come from the body.
    Body {
        body: Body,
        parser: SseParser,
        idle: Duration,
        sleep: Pin<Box<tokio::time::Sleep>>,
    },
    /// A plain JSON answer: one event.
    Once(Option<Value>),
    /// Ended.
    Done,
}

/// What an event is read with: the answer's status and request id.
#[derive(Debug)]
struct Answer {
    status: u16,
    request_id: Option<String>,
}

impl Answer {
    fn undecodable(&self, reason: String, data: &str) -> Error<WireError> {
        Error::UndecodableResponse {
            status: self.status,
            reason,
            excerpt: excerpt(data.as_bytes()),
            request_id: self.request_id.clone(),
        }
    }

    /// One event's data as `R` or a typed error; `None` for the end marker.
    fn decode<R: FromJson>(&self, data: &str) -> Option<Result<R, Error<WireError>>> {
        if data.trim() == "[DONE]" {
            return None;
        }
        Some(match serde_json::from_str::<Value>(data) {
            Ok(v) => self.read(v, data),
            Err(e) => Err(self.undecodable(format!("an event is not JSON: {e}"), data)),
        })
    }

    fn read<R: FromJson>(&self, mut value: Value, data: &str) -> Result<R, Error<WireError>> {
        if let Some(inner @ Value::Object(_)) = value.get_mut("Response") {
            value = inner.take();
        }
        if let Some(err) = value.get("Error").filter(|e| e.is_object()) {
            let text = |v: Option<&Value>| match v {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let code = text(err.get("Code"));
            if !code.is_empty() {
                let request_id = match text(value.get("RequestId")) {
                    id if id.is_empty() => self.request_id.clone().unwrap_or_default(),
                    id => id,
                };
                return Err(Error::Service {
                    error: WireError {
                        code,
                        message: text(err.get("Message")),
                    },
                    request_id,
                });
            }
        }
        R::from_json(&value).map_err(|e| {
            self.undecodable(
                format!("an event does not match the documented type: {e}"),
                data,
            )
        })
    }
}

/// The events of a streaming answer; `R` is the action's response type, `E` its error.
/// A [`Stream`] of `Result<R, Error<E>>`; also [`EventStream::next_event`].
pub struct EventStream<R, E> {
    source: Source,
    answer: Answer,
    _types: PhantomData<fn() -> (R, E)>,
}

impl<R, E> fmt::Debug for EventStream<R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.answer.status)
            .field("request_id", &self.answer.request_id)
            .field("done", &matches!(self.source, Source::Done))
            .finish_non_exhaustive()
    }
}

impl<R: FromJson, E: ServiceError> EventStream<R, E> {
    /// The events of `body`, each at most `limit` bytes, failing after `idle` without a chunk.
    pub(crate) fn from_body(
        body: Body,
        status: u16,
        request_id: Option<String>,
        limit: usize,
        idle: Duration,
    ) -> Self {
        Self {
            source: Source::Body {
                body,
                parser: SseParser::new(limit),
                idle,
                sleep: Box::pin(tokio::time::sleep(idle)),
            },
            answer: Answer { status, request_id },
            _types: PhantomData,
        }
    }

    /// A plain JSON answer's `Response` object, as a stream of one event.
    pub(crate) fn once(response: Value, request_id: Option<String>) -> Self {
        Self {
            source: Source::Once(Some(response)),
            answer: Answer {
                status: 200,
                request_id,
            },
            _types: PhantomData,
        }
    }

    /// The `RequestId` of the answer (the `X-TC-RequestId` header of a stream, or the
    /// envelope's), when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.answer.request_id.as_deref()
    }

    /// The next event; `None` at the end. After an error, the stream is over.
    pub async fn next_event(&mut self) -> Option<Result<R, Error<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<R: FromJson, E: ServiceError> Stream for EventStream<R, E> {
    type Item = Result<R, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let answer = &this.answer;
        let out: Option<Result<R, Error<WireError>>> = loop {
            match &mut this.source {
                Source::Done => return Poll::Ready(None),
                Source::Once(value) => break value.take().map(|v| answer.read(v, "")),
                Source::Body {
                    body,
                    parser,
                    idle,
                    sleep,
                } => {
                    if let Some(event) = parser.next_event() {
                        if event.data.trim().is_empty() {
                            continue;
                        }
                        break answer.decode(&event.data);
                    }
                    match Pin::new(&mut *body).poll_next(cx) {
                        Poll::Ready(Some(Ok(chunk))) => {
                            sleep.as_mut().reset(tokio::time::Instant::now() + *idle);
                            if let Err(e) = parser.feed(&chunk) {
                                break Some(Err(match e {
                                    SseError::TooLarge { limit } => Error::ResponseTooLarge {
                                        status: answer.status,
                                        limit,
                                    },
                                    SseError::NotUtf8 => answer.undecodable(e.to_string(), ""),
                                }));
                            }
                        }
                        Poll::Ready(Some(Err(e))) => {
                            break Some(Err(crate::client::exec::transport_error(e)));
                        }
                        Poll::Ready(None) => match parser.finish() {
                            Ok(Some(event)) if !event.data.trim().is_empty() => {
                                let item = answer.decode(&event.data);
                                this.source = Source::Done;
                                break item;
                            }
                            Ok(_) => break None,
                            Err(reason) => {
                                break Some(Err(answer.undecodable(reason.to_owned(), "")));
                            }
                        },
                        Poll::Pending => {
                            if sleep.as_mut().poll(cx).is_ready() {
                                break Some(Err(Error::Timeout { after: *idle }));
                            }
                            return Poll::Pending;
                        }
                    }
                }
            }
        };
        // The end or an error finishes the stream; dropping the body closes the connection.
        if !matches!(out, Some(Ok(_))) {
            this.source = Source::Done;
        }
        Poll::Ready(out.map(|r| r.map_err(Error::typed)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(chunks: &[&[u8]], limit: usize) -> Result<Vec<SseEvent>, SseError> {
        let mut p = SseParser::new(limit);
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c)?;
            while let Some(e) = p.next_event() {
                out.push(e);
            }
        }
        if let Ok(Some(e)) = p.finish() {
            out.push(e);
        }
        Ok(out)
    }

    fn data(events: &[SseEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn the_grammar() {
        let text = b": keep-alive\r\nevent: delta\r\nid: 7\r\ndata: {\"A\":1}\r\n\r\ndata:x\ndata: y\n\nretry: 5\nfield\n\n\rdata: z\r\r";
        let events = parse_all(&[text], 1000).unwrap();
        assert_eq!(data(&events), ["{\"A\":1}", "x\ny", "z"]);
        assert_eq!(events[0].event, "delta");
        assert_eq!(events[0].id, "7");
        assert_eq!(events[1].event, "");
        assert_eq!(events[1].id, "7", "the last id carries over");
    }

    #[test]
    fn a_missing_final_blank_line_still_gives_the_event_but_a_cut_line_is_an_error() {
        assert_eq!(data(&parse_all(&[b"data: a\n"], 100).unwrap()), ["a"]);
        let mut p = SseParser::new(100);
        p.feed(b"data: {\"A\":").unwrap();
        assert!(p.finish().unwrap_err().contains("inside an event"));
    }

    #[test]
    fn events_larger_than_the_limit_fail_whatever_the_chunking() {
        let big = format!("data: {}\n\n", "x".repeat(50));
        assert_eq!(
            parse_all(&[big.as_bytes()], 40).unwrap_err(),
            SseError::TooLarge { limit: 40 }
        );
        let parts: Vec<&[u8]> = big.as_bytes().chunks(3).collect();
        assert!(parse_all(&parts, 40).is_err());
        // Many data lines add up.
        let lines = "data: 0123456789\n".repeat(5) + "\n";
        assert!(parse_all(&[lines.as_bytes()], 40).is_err());
        assert!(parse_all(&[lines.as_bytes()], 100).is_ok());
        assert_eq!(
            parse_all(&[b"data: \xff\n\n"], 100).unwrap_err(),
            SseError::NotUtf8
        );
    }

    /// Every split of a stream into three chunks gives the same events (exhaustive over
    /// the cut points, with `\n`, `\r\n` and `\r` line ends).
    #[test]
    fn chunking_does_not_matter() {
        let payloads = ["{\"A\":1}", "", "x: y", "{\"B\":[1,2]}"];
        for nl in ["\n", "\r\n", "\r"] {
            let text: String = payloads
                .iter()
                .map(|d| format!(": ping{nl}data: {d}{nl}{nl}"))
                .collect();
            let bytes = text.as_bytes();
            let want = data(&parse_all(&[bytes], 1000).unwrap())
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>();
            assert_eq!(want, payloads, "{nl:?}");
            for i in 0..=bytes.len() {
                for j in i..=bytes.len() {
                    let got = parse_all(&[&bytes[..i], &bytes[i..j], &bytes[j..]], 1000).unwrap();
                    assert_eq!(data(&got), want, "cuts {i} {j} {nl:?}");
                }
            }
        }
    }
}
