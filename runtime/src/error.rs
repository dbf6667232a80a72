//! Typed service errors: the part of the error model generated code plugs into.

use std::fmt;

/// An error code returned by Tencent Cloud (`{"Response":{"Error":{"Code","Message"}}}`),
/// decoded into an action's error enum.
///
/// Generated per-action enums implement it; so does [`crate::CommonError`].
pub trait ServiceError: std::error::Error + fmt::Debug + Send + Sync + 'static {
    /// Builds the typed error from the wire code and message. Never fails: codes the
    /// spec does not list land in a fallback variant that keeps both.
    fn from_code(code: &str, message: String) -> Self;
    /// The wire code, e.g. `ResourceNotFound.NoIdle`.
    fn code(&self) -> &str;
    /// The message the server sent.
    fn message(&self) -> &str;
}

/// Writes `code: message` (shared by the generated `Display` impls).
pub fn display_code(f: &mut fmt::Formatter<'_>, code: &str, message: &str) -> fmt::Result {
    if message.is_empty() {
        f.write_str(code)
    } else {
        write!(f, "{code}: {message}")
    }
}

/// Whether a code means the caller was throttled (`RequestLimitExceeded` and its sub-codes).
pub fn is_throttling_code(code: &str) -> bool {
    code == "RequestLimitExceeded" || code.starts_with("RequestLimitExceeded.")
}
