//! Temporary keys of a CVM instance's role, from the metadata server: [`CvmRoleProvider`].
//!
//! `GET <base>cam/security-credentials/` answers the role name bound to the instance;
//! `GET <base>cam/security-credentials/<role>` answers JSON with `TmpSecretId`,
//! `TmpSecretKey`, `Token`, `ExpiredTime` (Unix seconds), `Expiration` and `Code`
//! (`Success`). The base is `http://metadata.tencentyun.com/latest/meta-data/`.
//!
//! Off a CVM (no metadata server, or no role bound) the provider answers
//! [`CredentialsError::NotFound`], so that a chain goes on; once a role is known, failures
//! are typed errors (`Unreachable`, `BadResponse`, `Expired`).

use std::fmt;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};
use crate::transport::{Http1Transport, HttpTransport, Proxy, TransportError, TransportErrorKind};

/// The metadata server's base URL.
pub const DEFAULT_METADATA_URL: &str = "http://metadata.tencentyun.com/latest/meta-data/";

/// Connect and read timeout of each metadata request: the server is link-local, so a slow
/// answer means there is none (and a chain should not stall on hosts that are no CVM).
pub const DEFAULT_METADATA_TIMEOUT: Duration = Duration::from_secs(1);

const ROLE_PATH: &str = "cam/security-credentials/";

/// The metadata server answers a few hundred bytes; more is not a credentials document.
const MAX_BODY: usize = 64 * 1024;

/// The CVM instance role's temporary keys, from the metadata server.
pub struct CvmRoleProvider {
    base: String,
    role: Option<String>,
    timeout: Duration,
    /// The role name found by the first request, reused until the server stops knowing it.
    discovered: Mutex<Option<String>>,
    http: OnceLock<Result<Http1Transport, String>>,
}

impl fmt::Debug for CvmRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CvmRoleProvider")
            .field("base", &self.base)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl Default for CvmRoleProvider {
    fn default() -> Self {
        Self::new()
    }
}

/// What one metadata request gave.
enum Fetched {
    Ok(String),
    Status(u16, String),
}

impl CvmRoleProvider {
    /// Discovers the role at [`DEFAULT_METADATA_URL`], with 1 s timeouts.
    pub fn new() -> Self {
        Self {
            base: DEFAULT_METADATA_URL.to_owned(),
            role: None,
            timeout: DEFAULT_METADATA_TIMEOUT,
            discovered: Mutex::new(None),
            http: OnceLock::new(),
        }
    }

    /// Another metadata base URL (e.g. `http://127.0.0.1:8080/latest/meta-data/` in tests);
    /// a missing trailing `/` is added.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        let mut url = url.into();
        if !url.ends_with('/') {
            url.push('/');
        }
        self.base = url;
        self
    }

    /// Uses this role instead of asking the server which one is bound.
    pub fn role(mut self, name: impl Into<String>) -> Self {
        self.role = Some(name.into());
        self
    }

    /// Connect and read timeout of each request. Default: [`DEFAULT_METADATA_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn http(&self) -> Result<&Http1Transport, String> {
        self.http
            .get_or_init(|| {
                Http1Transport::builder()
                    .connect_timeout(self.timeout)
                    // The metadata server is local to the instance: never through a proxy.
                    .proxy(Proxy::None)
                    .build()
                    .map_err(|e| format!("cannot build the HTTP client: {e}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    async fn get(&self, url: &str) -> Result<Fetched, String> {
        let http = self.http()?;
        let request = http::Request::get(url)
            .body(Bytes::new())
            .map_err(|e| format!("URL `{url}`: {e}"))?;
        // Connecting is bounded by the timeout, the whole exchange (connect, answer head,
        // body) by three times it. The transport follows no redirects.
        let exchange = async {
            let response = http.send(request).await.map_err(|e| describe(&e))?;
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect(MAX_BODY)
                .await
                .map_err(|e| match e.kind {
                    TransportErrorKind::BodyTooLarge => {
                        format!("answer longer than {MAX_BODY} bytes")
                    }
                    _ => describe(&e),
                })?;
            Ok::<_, String>((status, body))
        };
        let limit = self.timeout * 3;
        let (status, body) = tokio::time::timeout(limit, exchange)
            .await
            .map_err(|_| format!("timed out after {limit:?}"))??;
        let body = String::from_utf8_lossy(&body).into_owned();
        Ok(if status == 200 {
            Fetched::Ok(body)
        } else {
            Fetched::Status(status, body)
        })
    }

    /// The role name: configured, found before, or asked now.
    async fn role_name(&self) -> Result<String, CredentialsError> {
        if let Some(r) = &self.role {
            return Ok(r.clone());
        }
        if let Some(r) = self
            .discovered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Ok(r);
        }
        let url = format!("{}{ROLE_PATH}", self.base);
        let absent = |what: String| CredentialsError::not_found(format!("CVM role: {url}: {what}"));
        let body = match self.get(&url).await.map_err(absent)? {
            Fetched::Ok(body) => body,
            Fetched::Status(status, _) => return Err(absent(format!("HTTP {status}"))),
        };
        let role = body.lines().map(str::trim).find(|l| !l.is_empty());
        let role = match role {
            Some(r) if valid_role_name(r) => r.to_owned(),
            Some(_) => return Err(absent("the answer is not a role name".into())),
            None => return Err(absent("no role is bound to this instance".into())),
        };
        *self
            .discovered
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(role.clone());
        Ok(role)
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let role = self.role_name().await?;
        let url = format!("{}{ROLE_PATH}{role}", self.base);
        let source = format!("CVM role {role} at {url}");
        let body = match self.get(&url).await {
            Ok(Fetched::Ok(body)) => body,
            Ok(Fetched::Status(status, body)) => {
                // The role may have been replaced: find it again next time.
                self.discovered
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                return Err(CredentialsError::BadResponse {
                    source,
                    detail: format!("HTTP {status}: {}", crate::error::excerpt(body.as_bytes())),
                });
            }
            Err(detail) => return Err(CredentialsError::Unreachable { source, detail }),
        };
        parse(&body, &source)
    }
}

impl ProvideCredentials for CvmRoleProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// CAM role names: letters, digits and `+=,.@_-`, at most 128 characters.
fn valid_role_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

/// A transport failure, `timed out` and `cannot connect` named as such.
fn describe(e: &TransportError) -> String {
    let what = match e.kind {
        TransportErrorKind::Timeout => "timed out",
        TransportErrorKind::Connect => "cannot connect",
        _ => "request failed",
    };
    format!("{what}: {}", e.message)
}

/// Reads the metadata server's credentials document.
fn parse(body: &str, source: &str) -> Result<Credentials, CredentialsError> {
    let bad = |detail: String| CredentialsError::BadResponse {
        source: source.to_owned(),
        detail,
    };
    let doc: serde_json::Value = serde_json::from_str(body).map_err(|e| {
        bad(format!(
            "not JSON ({e}): {}",
            crate::error::excerpt(body.as_bytes())
        ))
    })?;
    let text = |name: &str| -> Result<String, CredentialsError> {
        match doc.get(name) {
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(bad(format!("`{name}` is not a string"))),
            None => Err(bad(format!("`{name}` is missing"))),
        }
    };
    let code = text("Code")?;
    if code != "Success" {
        return Err(bad(format!("`Code` is `{code}`, not `Success`")));
    }
    let expired = expiry(&doc, source)?;
    let credentials = Credentials::from_parts(
        text("TmpSecretId")?,
        text("TmpSecretKey")?,
        Some(text("Token")?),
        &format!(" from {source}"),
    )?;
    Ok(credentials.expiring_at(expired))
}

/// `ExpiredTime` (Unix seconds, as a number or a numeric string) as a time; an error when
/// missing, malformed or already past.
pub(crate) fn expiry(
    doc: &serde_json::Value,
    source: &str,
) -> Result<SystemTime, CredentialsError> {
    let bad = |detail: &str| CredentialsError::BadResponse {
        source: source.to_owned(),
        detail: detail.to_owned(),
    };
    let seconds = match doc.get("ExpiredTime") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
        None => return Err(bad("`ExpiredTime` is missing")),
    }
    .ok_or_else(|| bad("`ExpiredTime` is not Unix seconds"))?;
    let at = UNIX_EPOCH
        .checked_add(Duration::from_secs(seconds))
        .ok_or_else(|| bad("`ExpiredTime` is out of range"))?;
    if at <= SystemTime::now() {
        return Err(CredentialsError::Expired {
            source: source.to_owned(),
            expired_at: at,
        });
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(expired: u64) -> String {
        format!(
            r#"{{"TmpSecretId":"AKIDtmp","TmpSecretKey":"tmpkey","Token":"tok","ExpiredTime":{expired},"Expiration":"2030-01-01T00:00:00Z","Code":"Success"}}"#
        )
    }

    fn later() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 3600
    }

    #[test]
    fn parses_the_credentials_document() {
        let c = parse(&doc(later()), "src").unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token()),
            ("AKIDtmp", "tmpkey", Some("tok"))
        );
        let at = c.expires_at().unwrap();
        assert!(at > SystemTime::now() + Duration::from_secs(3500), "{c:?}");
    }

    #[test]
    fn malformed_documents_are_typed_errors() {
        let cases = [
            ("not json", "not JSON"),
            (r#"{"Code":"Failure"}"#, "`Code` is `Failure`"),
            (r#"{"Code":"Success"}"#, "`ExpiredTime` is missing"),
            (
                r#"{"Code":"Success","ExpiredTime":"soon"}"#,
                "`ExpiredTime` is not Unix seconds",
            ),
        ];
        for (body, expected) in cases {
            let e = parse(body, "src").unwrap_err();
            assert!(matches!(e, CredentialsError::BadResponse { .. }), "{e}");
            assert!(e.to_string().contains(expected), "{body}: {e}");
        }
        let missing_key = doc(later()).replace(r#""TmpSecretKey":"tmpkey","#, "");
        let e = parse(&missing_key, "src").unwrap_err();
        assert!(e.to_string().contains("`TmpSecretKey` is missing"), "{e}");
        let e = parse(&doc(1_000_000_000), "src").unwrap_err();
        assert!(matches!(e, CredentialsError::Expired { .. }), "{e}");
        let spaced = doc(later()).replace("AKIDtmp", "AKIDtmp ");
        let e = parse(&spaced, "src").unwrap_err();
        assert!(
            e.to_string().contains("SecretId from src has trailing"),
            "{e}"
        );
    }

    #[test]
    fn role_names() {
        assert!(valid_role_name("CVM_QcsRole-1.a@b"));
        assert!(!valid_role_name("<html>"));
        assert!(!valid_role_name(""));
        assert!(!valid_role_name(&"a".repeat(129)));
    }
}
