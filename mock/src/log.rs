//! The call log: one JSON object per line for every request the server answers.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use serde_json::{Map, Value};

/// Where the call log goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum LogTarget {
    /// Standard error (the CLI's default).
    Stderr,
    /// Appended to a file.
    File(PathBuf),
    /// Nowhere (the library's default; use [`crate::MockServer::calls`] in tests).
    #[default]
    Off,
}

/// One answered call, as logged and recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    /// Milliseconds since the Unix epoch when the request arrived.
    pub time_ms: u64,
    /// The peer address.
    pub remote: String,
    /// The routed service (empty when unknown).
    pub service: String,
    /// `X-TC-Version`.
    pub version: String,
    /// `X-TC-Action`.
    pub action: String,
    /// `X-TC-Region`, when sent.
    pub region: Option<String>,
    /// The SecretId of the `Authorization` header, when it parsed.
    pub secret_id: Option<String>,
    /// The request body as JSON (`null` when it is not JSON).
    pub request: Value,
    /// HTTP status (0 when the connection was dropped without an answer).
    pub status: u16,
    /// The error code answered, if any.
    pub code: Option<String>,
    /// The error message answered, if any.
    pub message: Option<String>,
    /// The `RequestId` answered (empty for faults without an envelope).
    pub request_id: String,
    /// What answered: `example`, `minimal`, `scenario`, `check` (a rejected request) or
    /// `fault:<kind>`.
    pub outcome: String,
    /// The scenario rule that answered, as `file:line:column`.
    pub rule: Option<String>,
    /// Milliseconds from arrival to the answer (delays included).
    pub latency_ms: f64,
}

impl CallRecord {
    /// The log line (without the newline); the request body is left out.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("time_ms".into(), Value::from(self.time_ms));
        m.insert("remote".into(), Value::from(self.remote.as_str()));
        m.insert("service".into(), Value::from(self.service.as_str()));
        m.insert("version".into(), Value::from(self.version.as_str()));
        m.insert("action".into(), Value::from(self.action.as_str()));
        m.insert(
            "region".into(),
            self.region.as_deref().map_or(Value::Null, Value::from),
        );
        m.insert(
            "secret_id".into(),
            self.secret_id.as_deref().map_or(Value::Null, Value::from),
        );
        m.insert("status".into(), Value::from(self.status));
        m.insert(
            "code".into(),
            self.code.as_deref().map_or(Value::Null, Value::from),
        );
        m.insert(
            "message".into(),
            self.message.as_deref().map_or(Value::Null, Value::from),
        );
        m.insert("request_id".into(), Value::from(self.request_id.as_str()));
        m.insert("outcome".into(), Value::from(self.outcome.as_str()));
        m.insert(
            "rule".into(),
            self.rule.as_deref().map_or(Value::Null, Value::from),
        );
        m.insert(
            "latency_ms".into(),
            Value::from((self.latency_ms * 1000.0).round() / 1000.0),
        );
        Value::Object(m)
    }
}

/// Writes log lines; each line is one `write` call, so lines of concurrent calls never
/// interleave.
pub(crate) struct Logger {
    out: Mutex<Box<dyn Write + Send>>,
}

impl std::fmt::Debug for Logger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logger").finish_non_exhaustive()
    }
}

impl Logger {
    /// Opens the target; `None` for [`LogTarget::Off`].
    pub(crate) fn open(target: &LogTarget) -> std::io::Result<Option<Self>> {
        let out: Box<dyn Write + Send> = match target {
            LogTarget::Off => return Ok(None),
            LogTarget::Stderr => Box::new(std::io::stderr()),
            LogTarget::File(p) => Box::new(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?,
            ),
        };
        Ok(Some(Self {
            out: Mutex::new(out),
        }))
    }

    pub(crate) fn write(&self, record: &CallRecord) {
        let mut line = serde_json::to_vec(&record.to_json()).unwrap_or_default();
        line.push(b'\n');
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        // A full disk or a closed stderr must not take the server down; the call is
        // still answered.
        let _ = out.write_all(&line);
    }

    pub(crate) fn flush(&self) {
        let _ = self.out.lock().unwrap_or_else(|p| p.into_inner()).flush();
    }
}
