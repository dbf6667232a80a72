//! [`Credentials`]: a SecretId / SecretKey pair, an optional session token and expiry.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use super::CredentialsError;

/// A SecretId / SecretKey pair, with a session token and an expiry for temporary credentials.
///
/// One shared allocation: a clone is one reference-count increment, so handing the current
/// keys to every request costs nothing worth measuring.
#[derive(Clone)]
pub struct Credentials {
    inner: Arc<Keys>,
}

#[derive(PartialEq, Eq)]
struct Keys {
    secret_id: Box<str>,
    secret_key: Box<str>,
    token: Option<Box<str>>,
    expires_at: Option<SystemTime>,
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        // The same allocation (the common case: the signer's cached key was made from these
        // very credentials) is decided without comparing the strings.
        Arc::ptr_eq(&self.inner, &other.inner) || self.inner == other.inner
    }
}

impl Eq for Credentials {}

/// Checks one value: not empty, no surrounding whitespace. `what` names the value and its
/// source for the error; the value itself never appears in it.
pub(crate) fn check(value: &str, what: impl FnOnce() -> String) -> Result<(), CredentialsError> {
    let problem = if value.is_empty() {
        "is empty"
    } else if value.trim_start().len() != value.len() {
        "has leading whitespace (a common cause of signature failures)"
    } else if value.trim_end().len() != value.len() {
        "has trailing whitespace (a common cause of signature failures)"
    } else {
        return Ok(());
    };
    Err(CredentialsError::Malformed {
        what: what(),
        problem,
    })
}

impl Credentials {
    /// Permanent credentials. Fails if either value is empty or has surrounding whitespace.
    pub fn new(
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        Self::from_parts(secret_id.into(), secret_key.into(), None, "")
    }

    /// Temporary credentials with a session token (sent as `X-TC-Token`).
    pub fn with_token(
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
        token: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        Self::from_parts(secret_id.into(), secret_key.into(), Some(token.into()), "")
    }

    /// The same keys, valid until `expires_at`. A cache ([`CachedProvider`](super::CachedProvider))
    /// replaces them shortly before.
    pub fn expiring_at(self, expires_at: SystemTime) -> Self {
        let keys = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Keys {
            secret_id: shared.secret_id.clone(),
            secret_key: shared.secret_key.clone(),
            token: shared.token.clone(),
            expires_at: shared.expires_at,
        });
        Self {
            inner: Arc::new(Keys {
                expires_at: Some(expires_at),
                ..keys
            }),
        }
    }

    /// Checks every value; `source` (e.g. ` from TENCENTCLOUD_SECRET_KEY`) is appended to the
    /// value's name in errors.
    pub(crate) fn from_parts(
        id: String,
        key: String,
        token: Option<String>,
        source: &str,
    ) -> Result<Self, CredentialsError> {
        check(&id, || format!("SecretId{source}"))?;
        check(&key, || format!("SecretKey{source}"))?;
        if let Some(t) = &token {
            check(t, || format!("token{source}"))?;
        }
        Ok(Self {
            inner: Arc::new(Keys {
                secret_id: id.into(),
                secret_key: key.into(),
                token: token.map(Into::into),
                expires_at: None,
            }),
        })
    }

    /// The SecretId (sent in the clear in the `Authorization` header).
    pub fn secret_id(&self) -> &str {
        &self.inner.secret_id
    }

    /// The SecretKey. Only the signer should read it.
    pub fn secret_key(&self) -> &str {
        &self.inner.secret_key
    }

    /// The session token of temporary credentials.
    pub fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }

    /// When temporary credentials stop working; `None` for permanent keys.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.inner.expires_at
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        s.field("secret_id", &ShortId(&self.inner.secret_id))
            .field("secret_key", &Redacted)
            .field("token", &self.inner.token.as_ref().map(|_| Redacted));
        if let Some(at) = self.inner.expires_at {
            s.field("expires_at", &UnixSeconds(at));
        }
        s.finish()
    }
}

struct Redacted;
impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The first 8 characters of a SecretId, enough to tell keys apart in logs.
struct ShortId<'a>(&'a str);
impl fmt::Debug for ShortId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head: String = self.0.chars().take(8).collect();
        write!(f, "\"{head}…\"")
    }
}

/// A time as Unix seconds (what the STS and metadata answers carry).
pub(crate) struct UnixSeconds(pub(crate) SystemTime);
impl fmt::Debug for UnixSeconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
impl fmt::Display for UnixSeconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => write!(f, "unix {}", d.as_secs()),
            Err(e) => write!(f, "unix -{}", e.duration().as_secs()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn explicit_rejects_whitespace_and_empty() {
        let e = Credentials::new("AKID", "key\n").unwrap_err();
        assert!(
            e.to_string().contains("SecretKey has trailing whitespace"),
            "{e}"
        );
        let e = Credentials::new(" AKID", "key").unwrap_err();
        assert!(
            e.to_string().contains("SecretId has leading whitespace"),
            "{e}"
        );
        let e = Credentials::new("", "key").unwrap_err();
        assert!(e.to_string().contains("SecretId is empty"), "{e}");
        let e = Credentials::with_token("a", "b", "tok ").unwrap_err();
        assert!(e.to_string().contains("token has trailing"), "{e}");
        // The offending value itself is never echoed.
        let e = Credentials::new("AKID", "s3cr3t-value ").unwrap_err();
        assert!(!format!("{e} {e:?}").contains("s3cr3t"));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let c = Credentials::with_token("AKIDabcdefghijkl", "TOPSECRETKEY", "SESSIONTOKEN")
            .unwrap()
            .expiring_at(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let d = format!("{c:?} {c:#?}");
        assert!(!d.contains("TOPSECRETKEY"), "{d}");
        assert!(!d.contains("SESSIONTOKEN"), "{d}");
        assert!(!d.contains("AKIDabcdefghijkl"), "{d}");
        assert!(d.contains("AKIDabcd"), "{d}");
        assert!(d.contains("<redacted>"), "{d}");
        assert!(d.contains("unix 1700000000"), "{d}");
    }

    #[test]
    fn expiry_is_visible_and_part_of_equality() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let permanent = Credentials::with_token("AKID", "key", "tok").unwrap();
        assert_eq!(permanent.expires_at(), None);
        let shared = permanent.clone();
        let temporary = permanent.expiring_at(at);
        assert_eq!(temporary.expires_at(), Some(at));
        assert_eq!(temporary.token(), Some("tok"));
        // The clone kept its own (permanent) view.
        assert_eq!(shared.expires_at(), None);
        assert_ne!(shared, temporary);
        assert_eq!(temporary, temporary.clone());
        assert_eq!(
            Credentials::new("A", "B").unwrap(),
            Credentials::new("A", "B").unwrap()
        );
    }
}
