//! The wire log: every request and response body of a call, on demand, as `tracing`
//! events at `TRACE` level under the target [`TARGET`] (`tcapi::wire`).
//!
//! Off unless a subscriber enables that target at `TRACE`, e.g.
//! `RUST_LOG=tcapi::wire=trace` with `tracing_subscriber::EnvFilter`. When it is off the
//! client checks a cached `tracing` interest at the start and end of a call and once per
//! attempt, and writes nothing.
//!
//! What is logged, inside the call's `tcapi.call` and `tcapi.attempt` spans (service,
//! action, region, attempt):
//!
//! - `request`: the method, the URL and the headers of each attempt, with `Authorization`
//!   and `X-TC-Token` shown as [`crate::json::REDACTED`], and the body: a
//!   generated request as its JSON with every sensitive member (spec key `sensitive`: a
//!   password, key or token, at any depth) redacted; a form or raw body by its size; the
//!   JSON of an action called by name ([`Client::call_json`](crate::Client::call_json)),
//!   which has no spec to tell its secrets, by its size;
//! - `response`: the HTTP status and the body of the answer. A success read as the
//!   action's response type is shown with the members that type marks sensitive redacted
//!   (wherever they are in the body); an error envelope as it came; a success that does not
//!   read as its type only by its size.
//!
//! Bodies are cut at [`MAX_BODY_CHARS`] characters (`…` and the full size follow). The
//! events of a streamed answer (`send_streaming`) are not logged, only its request.

use http::HeaderMap;

use crate::json::{self, REDACTED, ToJson, Value};

/// The `tracing` target of the wire log.
pub const TARGET: &str = "tcapi::wire";

/// Bodies longer than this many characters are cut in the wire log.
pub const MAX_BODY_CHARS: usize = 4096;

/// Whether the wire log is on (a subscriber wants `TRACE` of [`TARGET`]).
#[inline]
pub(crate) fn enabled() -> bool {
    tracing::enabled!(target: "tcapi::wire", tracing::Level::TRACE)
}

/// The JSON body of a generated request as the wire log shows it, when the log is on
/// (`None` for a form or raw body, shown by its size).
pub(crate) fn request_body<A: crate::Action>(request: &A) -> Option<Box<str>> {
    if !enabled() {
        return None;
    }
    match request.payload() {
        crate::payload::Payload::Json => {
            Some(cut(&json::to_masked_string(request)).into_boxed_str())
        }
        _ => None,
    }
}

/// Logs one attempt's request: method, URL, headers (credentials redacted) and body.
pub(crate) fn log_request(method: &str, uri: &str, headers: &HeaderMap, body: &str) {
    let headers = shown_headers(headers);
    tracing::trace!(target: "tcapi::wire", method, uri, headers = %headers, body = %body, "request");
}

/// Logs an answer that is not a success of the call's type (an error envelope, another
/// status), as it came.
pub(crate) fn log_raw_response(status: u16, body: &[u8]) {
    let body = cut(&String::from_utf8_lossy(body));
    tracing::trace!(target: "tcapi::wire", status, body = %body, "response");
}

/// Logs a success read as the call's response type: the body with the members `typed`
/// masks redacted wherever they are.
pub(crate) fn log_typed_response<R: ToJson>(body: &[u8], typed: &R) {
    let (_, names) = json::masked_with_names(typed);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let shown = match serde_json::from_slice::<Value>(body) {
        Ok(mut v) => {
            json::mask_members(&mut v, &names);
            cut(&v.to_string())
        }
        Err(_) => format!("({} bytes)", body.len()),
    };
    tracing::trace!(target: "tcapi::wire", body = %shown, "response");
}

/// Logs a success that did not read as its type, by its size only.
pub(crate) fn log_unread_response(body: &[u8]) {
    let shown = format!(
        "({} bytes, not shown: it did not read as the response type, so its secrets cannot be told)",
        body.len()
    );
    tracing::trace!(target: "tcapi::wire", body = %shown, "response");
}

/// The headers as `name: value` lines joined by `; `, credentials redacted.
fn shown_headers(headers: &HeaderMap) -> String {
    let mut out = String::new();
    for (name, value) in headers {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(name.as_str());
        out.push_str(": ");
        let secret = name == http::header::AUTHORIZATION || name.as_str() == "x-tc-token";
        if secret {
            out.push_str(REDACTED);
        } else {
            out.push_str(&String::from_utf8_lossy(value.as_bytes()));
        }
    }
    out
}

/// `text` cut at [`MAX_BODY_CHARS`] characters, with `… (N bytes)` when cut.
pub(crate) fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_BODY_CHARS) {
        None => text.to_owned(),
        Some((at, _)) => format!("{}… ({} bytes)", &text[..at], text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut_and_credentials_never_shown() {
        let long = "é".repeat(MAX_BODY_CHARS + 10);
        let shown = cut(&long);
        assert!(shown.starts_with(&"é".repeat(MAX_BODY_CHARS)));
        assert!(shown.ends_with(&format!("… ({} bytes)", long.len())));
        assert_eq!(cut("{}"), "{}");
        let mut h = HeaderMap::new();
        h.insert(
            "authorization",
            "TC3-HMAC-SHA256 Credential=AKID/x, Signature=abc"
                .parse()
                .unwrap(),
        );
        h.insert("x-tc-token", "session-token".parse().unwrap());
        h.insert("x-tc-action", "DescribeZones".parse().unwrap());
        let shown = shown_headers(&h);
        assert!(
            !shown.contains("Signature") && !shown.contains("session-token"),
            "{shown}"
        );
        assert!(shown.contains("x-tc-action: DescribeZones"), "{shown}");
    }
}
