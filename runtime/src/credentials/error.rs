//! [`CredentialsError`]: why no usable credentials were obtained.

use std::fmt;
use std::path::PathBuf;
use std::time::SystemTime;

use super::keys::UnixSeconds;

/// Why no usable credentials were obtained. Never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A value is empty or has surrounding whitespace; `what` names it and its source.
    Malformed {
        /// e.g. `SecretKey from TENCENTCLOUD_SECRET_KEY`.
        what: String,
        /// What is wrong, e.g. `has trailing whitespace`.
        problem: &'static str,
    },
    /// A source is only partly configured, e.g. the id without the key.
    Incomplete {
        /// e.g. `environment: TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is not`.
        detail: String,
    },
    /// The profile file exists but cannot be read or parsed.
    ProfileFile {
        /// The file.
        path: PathBuf,
        /// What went wrong, with the line number when it is a syntax error.
        detail: String,
    },
    /// The source has no credentials here (not configured, or not on a CVM with a role).
    /// A chain goes on to its next source only after this error.
    NotFound {
        /// What each source looked at and found missing, in order.
        searched: Vec<String>,
    },
    /// A configured source could not be reached (connection refused, timeout).
    Unreachable {
        /// e.g. `CVM role metadata http://metadata.tencentyun.com/...`.
        source: String,
        /// What failed, e.g. `timed out after 1s`.
        detail: String,
    },
    /// A source answered with something that is not credentials (HTTP error, malformed
    /// JSON, a field missing, `Code` other than `Success`).
    BadResponse {
        /// e.g. `sts AssumeRole`.
        source: String,
        /// What is wrong with the answer.
        detail: String,
    },
    /// A source handed out credentials that had already expired.
    Expired {
        /// Where they came from.
        source: String,
        /// When they expired.
        expired_at: SystemTime,
    },
    /// The service refused to issue credentials (e.g. `AuthFailure.SignatureFailure`,
    /// `InvalidParameter.WebIdentityTokenError`).
    Service {
        /// e.g. `sts AssumeRole`.
        source: String,
        /// The error code.
        code: String,
        /// The server's message.
        message: String,
        /// The request id to quote when reporting the problem, if the server sent one.
        request_id: Option<String>,
    },
    /// A provider's own settings cannot work (e.g. an STS `DurationSeconds` out of range).
    Config {
        /// e.g. `sts AssumeRole`.
        source: String,
        /// What is wrong.
        detail: String,
    },
    /// A synchronous caller ([`Client::prepare`](crate::Client::prepare)) asked for
    /// credentials that a provider has not fetched yet (or that expired).
    NotReady {
        /// What to do about it.
        detail: String,
    },
}

impl CredentialsError {
    /// Whether the source simply has nothing here, so that a chain tries the next one.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }

    /// A [`CredentialsError::NotFound`] with one entry.
    pub(crate) fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound {
            searched: vec![what.into()],
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed { what, problem } => write!(f, "{what} {problem}"),
            Self::Incomplete { detail } => write!(f, "incomplete credentials: {detail}"),
            Self::ProfileFile { path, detail } => {
                write!(f, "credentials file {}: {detail}", path.display())
            }
            Self::NotFound { searched } => {
                write!(f, "no credentials found ({})", searched.join("; "))
            }
            Self::Unreachable { source, detail } => {
                write!(f, "credentials source {source} unreachable: {detail}")
            }
            Self::BadResponse { source, detail } => {
                write!(f, "credentials source {source} answered badly: {detail}")
            }
            Self::Expired { source, expired_at } => write!(
                f,
                "credentials from {source} expired at {}",
                UnixSeconds(*expired_at)
            ),
            Self::Service {
                source,
                code,
                message,
                request_id,
            } => {
                write!(f, "{source} refused: [{code}] {message}")?;
                if let Some(id) = request_id {
                    write!(f, " (RequestId {id})")?;
                }
                Ok(())
            }
            Self::Config { source, detail } => write!(f, "{source} is misconfigured: {detail}"),
            Self::NotReady { detail } => write!(f, "credentials not ready: {detail}"),
        }
    }
}

impl std::error::Error for CredentialsError {}
