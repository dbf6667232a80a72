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

    /// The codes of this error type after which the client may retry any action (the
    /// spec's `retryable: true` on the action's own codes; the common retryable codes are
    /// known to the client already). Default: none.
    fn retryable_codes() -> &'static [&'static str]
    where
        Self: Sized,
    {
        &[]
    }
}

/// Writes `code: message` (shared by the generated `Display` impls).
pub fn display_code(f: &mut fmt::Formatter<'_>, code: &str, message: &str) -> fmt::Result {
    if message.is_empty() {
        f.write_str(code)
    } else {
        write!(f, "{code}: {message}")
    }
}

/// `Debug` of a documented variant of a generated error enum: the enum and the variant a
/// `match` names, the code and the message
/// (`ApplyConcurrentError::ResourceNotFoundNoIdle { code: "ResourceNotFound.NoIdle", message: "..." }`).
/// The common codes show as `DescribeInstancesError::Common(AuthFailureSignatureFailure {
/// message: "..." })`, others as `...::Unknown { code: "...", message: "..." }`
/// ([`impl_service_error!`](crate::impl_service_error)).
pub fn debug_service_error<E: ServiceError>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    e: &E,
) -> fmt::Result {
    let variant = error_variant(e.code());
    f.debug_struct(&format!("{name}::{variant}"))
        .field("code", &e.code())
        .field("message", &e.message())
        .finish()
}

/// `Debug` of the `Common` variant of a generated error enum.
pub fn debug_common_error(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    e: &crate::CommonError,
) -> fmt::Result {
    f.debug_tuple(&format!("{name}::Common")).field(e).finish()
}

/// `Debug` of the `Unknown` variant of a generated error enum.
pub fn debug_unknown_error(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    code: &str,
    message: &str,
) -> fmt::Result {
    f.debug_struct(&format!("{name}::Unknown"))
        .field("code", &code)
        .field("message", &message)
        .finish()
}

/// The Rust variant of a documented error code, as the generator names it
/// (`ResourceNotFound.NoIdle` → `ResourceNotFoundNoIdle`, `FailedOperation.CAMError` →
/// `FailedOperationCamError`): heck's UpperCamelCase of the code's ASCII letters and digits,
/// `V`-prefixed when it would start with a digit.
pub fn error_variant(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut push_word = |w: &str| {
        let mut chars = w.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.extend(chars.flat_map(char::to_lowercase));
        }
    };
    // heck's word boundaries: between a lower-case letter (or a digit after one) and an
    // upper-case one, and before the last capital of a run followed by a lower-case letter.
    for word in code.split(|c: char| !c.is_ascii_alphanumeric()) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mode {
            Boundary,
            Lower,
            Upper,
        }
        let mut chars = word.char_indices().peekable();
        let (mut start, mut mode) = (0, Mode::Boundary);
        while let Some((i, c)) = chars.next() {
            let Some(&(next_i, next)) = chars.peek() else {
                push_word(&word[start..]);
                break;
            };
            let next_mode = if c.is_lowercase() {
                Mode::Lower
            } else if c.is_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_uppercase() {
                push_word(&word[start..next_i]);
                (start, mode) = (next_i, Mode::Boundary);
            } else if mode == Mode::Upper && c.is_uppercase() && next.is_lowercase() {
                push_word(&word[start..i]);
                (start, mode) = (i, Mode::Boundary);
            } else {
                mode = next_mode;
            }
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `PartialEq` of a generated error enum: two errors are equal when they carry the same
/// wire code and the same message (what the server said, whichever variant holds it).
#[inline]
pub fn same_service_error<E: ServiceError>(a: &E, b: &E) -> bool {
    a.code() == b.code() && a.message() == b.message()
}

/// Implements `Clone`, `Debug`, `PartialEq`, `Eq`, `Display` and `std::error::Error` for a
/// generated error enum through its [`ServiceError`] impl: one line per enum in generated
/// code, where derives would expand to a match over every variant for each trait (see
/// [`debug_service_error`] and [`same_service_error`] for what they show and compare).
///
/// The enum must have the variants `Common(CommonError)` and `Unknown { code, message }`, as
/// every generated one has, and its documented codes must be distinct. `Clone` copies those
/// two variants field by field and rebuilds any other one from its code and message with
/// [`ServiceError::from_code`], which gives back the same variant: one match over the
/// documented codes that exists anyway, instead of a derived one more.
#[macro_export]
macro_rules! impl_service_error {
    ($t:ident) => {
        impl ::std::clone::Clone for $t {
            fn clone(&self) -> Self {
                match self {
                    Self::Common(c) => Self::Common(::std::clone::Clone::clone(c)),
                    Self::Unknown { code, message } => Self::Unknown {
                        code: ::std::clone::Clone::clone(code),
                        message: ::std::clone::Clone::clone(message),
                    },
                    documented => $crate::ServiceError::from_code(
                        $crate::ServiceError::code(documented),
                        ::std::borrow::ToOwned::to_owned($crate::ServiceError::message(documented)),
                    ),
                }
            }
        }
        impl ::std::fmt::Debug for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::Common(c) => {
                        $crate::error::debug_common_error(f, ::std::stringify!($t), c)
                    }
                    Self::Unknown { code, message } => {
                        $crate::error::debug_unknown_error(f, ::std::stringify!($t), code, message)
                    }
                    documented => {
                        $crate::error::debug_service_error(f, ::std::stringify!($t), documented)
                    }
                }
            }
        }
        impl ::std::cmp::PartialEq for $t {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                $crate::error::same_service_error(self, other)
            }
        }
        impl ::std::cmp::Eq for $t {}
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::error::display_code(
                    f,
                    $crate::ServiceError::code(self),
                    $crate::ServiceError::message(self),
                )
            }
        }
        impl ::std::error::Error for $t {}
    };
}

/// Whether a code means the caller was throttled (`RequestLimitExceeded` and its sub-codes).
pub fn is_throttling_code(code: &str) -> bool {
    code == "RequestLimitExceeded" || code.starts_with("RequestLimitExceeded.")
}

/// How long an excerpt of an undecodable body may be, in characters.
pub const EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong calling one action; `E` is the action's typed error enum.
///
/// The variants separate what the caller can act on: [`Error::InvalidRequest`] and
/// [`Error::RateLimited`] mean nothing was sent; [`Error::Credentials`] means nothing could be
/// signed; [`Error::Transport`] and [`Error::Timeout`] mean the outcome is unknown (unless
/// `sent` is `false`); [`Error::Service`] is a documented answer from Tencent Cloud; and
/// [`Error::UndecodableResponse`] is an answer the client could not read.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request breaks documented constraints (or needs a region and none is set).
    /// Nothing was sent.
    InvalidRequest(crate::validate::Violations),
    /// No usable credentials.
    Credentials(crate::credentials::CredentialsError),
    /// The client-side rate limit is reached and the mode is fail-fast. Nothing was sent.
    RateLimited {
        /// `service.Action`.
        action: &'static str,
        /// When a slot frees up.
        retry_after: std::time::Duration,
    },
    /// The request could not be delivered or the connection failed before a full response.
    Transport {
        /// Whether the request may have reached the server (`false`: connection never made).
        sent: bool,
        /// The underlying error, already free of secrets.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// No response within the action's timeout.
    Timeout {
        /// The timeout that elapsed.
        after: std::time::Duration,
    },
    /// Tencent Cloud answered with an error code.
    Service {
        /// The typed error.
        error: E,
        /// `RequestId` of the failed request, for support tickets.
        request_id: String,
    },
    /// The response body is larger than the client's
    /// [`max_response_bytes`](crate::ClientBuilder::max_response_bytes) (for a stream: one
    /// event is). Reading stopped at the limit.
    ResponseTooLarge {
        /// HTTP status.
        status: u16,
        /// The limit in bytes.
        limit: usize,
    },
    /// The response could not be understood: non-200 status without an error envelope,
    /// malformed or truncated JSON, or a body that does not match the documented type.
    UndecodableResponse {
        /// HTTP status.
        status: u16,
        /// What exactly failed, e.g. `EOF while parsing an object at line 1 column 40`.
        reason: String,
        /// The first [`EXCERPT_CHARS`] characters of the body.
        excerpt: String,
        /// `RequestId`, when it could be read.
        request_id: Option<String>,
    },
    /// A paginator could not ask for the next page without repeating one it already
    /// received (the response gave a token that was already sent): see [`crate::paginate`].
    /// The pages before were yielded.
    Pagination {
        /// The action, e.g. `DescribeInstances`.
        action: &'static str,
        /// What went wrong.
        reason: String,
    },
}

impl<E: ServiceError> Error<E> {
    /// The `RequestId` the server assigned, when the server answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service { request_id, .. } => Some(request_id),
            Self::UndecodableResponse { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The typed service error, if this is one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Self::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether Tencent Cloud throttled the request (`RequestLimitExceeded*`).
    pub fn is_throttling(&self) -> bool {
        matches!(self, Self::Service { error, .. } if is_throttling_code(error.code()))
    }

    /// Whether the request certainly never reached the server.
    pub fn nothing_sent(&self) -> bool {
        matches!(
            self,
            Self::InvalidRequest(_)
                | Self::Credentials(_)
                | Self::RateLimited { .. }
                | Self::Transport { sent: false, .. }
        )
    }
}

impl<E: ServiceError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest(v) => write!(f, "invalid request, not sent: {v}"),
            Self::Credentials(e) => write!(f, "credentials: {e}"),
            Self::RateLimited {
                action,
                retry_after,
            } => write!(
                f,
                "client-side rate limit of {action} reached, not sent; retry after {} ms",
                retry_after.as_millis()
            ),
            Self::Transport { sent, source } => {
                if *sent {
                    write!(f, "transport error, outcome unknown: {source}")
                } else {
                    write!(f, "transport error, not sent: {source}")
                }
            }
            Self::Timeout { after } => {
                write!(f, "no response within {} ms", after.as_millis())
            }
            Self::Service { error, request_id } => {
                write!(f, "{error} (RequestId {request_id})")
            }
            Self::ResponseTooLarge { status, limit } => write!(
                f,
                "the HTTP {status} response is larger than the limit of {limit} bytes"
            ),
            Self::UndecodableResponse {
                status,
                reason,
                excerpt,
                request_id,
            } => {
                write!(f, "undecodable response (HTTP {status}")?;
                if let Some(id) = request_id {
                    write!(f, ", RequestId {id}")?;
                }
                write!(f, "): {reason}; body starts: {excerpt:?}")
            }
            Self::Pagination { action, reason } => {
                write!(f, "paginating {action}: {reason}")
            }
        }
    }
}

impl<E: ServiceError> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidRequest(v) => Some(v),
            Self::Credentials(e) => Some(e),
            Self::Transport { source, .. } => Some(source.as_ref()),
            Self::Service { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// A service error before it is typed: the wire code and message.
///
/// The client's machinery (signing, sending, retries, envelope) works with this one type and
/// is compiled once; only the last step of a call, [`Error::typed`], is per action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WireError {
    pub(crate) code: String,
    pub(crate) message: String,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display_code(f, &self.code, &self.message)
    }
}

impl std::error::Error for WireError {}

impl ServiceError for WireError {
    fn from_code(code: &str, message: String) -> Self {
        Self {
            code: code.to_owned(),
            message,
        }
    }
    fn code(&self) -> &str {
        &self.code
    }
    fn message(&self) -> &str {
        &self.message
    }
}

impl Error<WireError> {
    /// The same error with the service error typed as `E`.
    pub(crate) fn typed<E: ServiceError>(self) -> Error<E> {
        match self {
            Self::InvalidRequest(v) => Error::InvalidRequest(v),
            Self::Credentials(c) => Error::Credentials(c),
            Self::RateLimited {
                action,
                retry_after,
            } => Error::RateLimited {
                action,
                retry_after,
            },
            Self::Transport { sent, source } => Error::Transport { sent, source },
            Self::Timeout { after } => Error::Timeout { after },
            Self::ResponseTooLarge { status, limit } => Error::ResponseTooLarge { status, limit },
            Self::Service { error, request_id } => Error::Service {
                error: E::from_code(&error.code, error.message),
                request_id,
            },
            Self::UndecodableResponse {
                status,
                reason,
                excerpt,
                request_id,
            } => Error::UndecodableResponse {
                status,
                reason,
                excerpt,
                request_id,
            },
            Self::Pagination { action, reason } => Error::Pagination { action, reason },
        }
    }
}

/// The first [`EXCERPT_CHARS`] characters of a body, lossily decoded, with `…` when cut.
pub fn excerpt(body: &[u8]) -> String {
    let window = &body[..body.len().min(EXCERPT_CHARS * 4)];
    let text = String::from_utf8_lossy(window);
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() || window.len() < body.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CommonError;

    /// An error enum of the generated shape.
    #[derive(Debug)]
    #[allow(dead_code)]
    enum Generated {
        ResourceNotFoundNoIdle { message: String },
        Common(CommonError),
        Unknown { code: String, message: String },
    }

    impl fmt::Display for Generated {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.code())
        }
    }

    impl std::error::Error for Generated {}

    impl ServiceError for Generated {
        fn from_code(code: &str, message: String) -> Self {
            match code {
                "ResourceNotFound.NoIdle" => Self::ResourceNotFoundNoIdle { message },
                _ => match CommonError::parse(code, message) {
                    Ok(c) => Self::Common(c),
                    Err(message) => Self::Unknown {
                        code: code.to_owned(),
                        message,
                    },
                },
            }
        }
        fn code(&self) -> &str {
            match self {
                Self::ResourceNotFoundNoIdle { .. } => "ResourceNotFound.NoIdle",
                Self::Common(c) => c.code(),
                Self::Unknown { code, .. } => code,
            }
        }
        fn message(&self) -> &str {
            match self {
                Self::ResourceNotFoundNoIdle { message } | Self::Unknown { message, .. } => message,
                Self::Common(c) => c.message(),
            }
        }
    }

    /// What `impl_service_error!`'s `Debug` writes.
    struct Shown<'a>(&'a Generated);

    impl fmt::Debug for Shown<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self.0 {
                Generated::Common(c) => debug_common_error(f, "GeneratedError", c),
                Generated::Unknown { code, message } => {
                    debug_unknown_error(f, "GeneratedError", code, message)
                }
                documented => debug_service_error(f, "GeneratedError", documented),
            }
        }
    }

    #[test]
    fn debug_names_the_variant_to_match() {
        let shown = |code: &str| format!("{:?}", Shown(&Generated::from_code(code, "m".into())));
        assert_eq!(
            shown("ResourceNotFound.NoIdle"),
            r#"GeneratedError::ResourceNotFoundNoIdle { code: "ResourceNotFound.NoIdle", message: "m" }"#
        );
        assert_eq!(
            shown("AuthFailure.SignatureFailure"),
            r#"GeneratedError::Common(AuthFailureSignatureFailure { message: "m" })"#
        );
        assert_eq!(
            shown("Brand.New"),
            r#"GeneratedError::Unknown { code: "Brand.New", message: "m" }"#
        );
    }

    #[test]
    fn error_variants_are_named_as_the_generator_names_them() {
        // The common codes' variants were named by the generator: their Debug starts with it.
        for code in CommonError::CODES {
            let e = CommonError::parse(code, String::new()).unwrap();
            let shown = format!("{e:?}");
            let variant = error_variant(code);
            assert!(shown.starts_with(&format!("{variant} ")), "{code}: {shown}");
        }
        assert_eq!(
            error_variant("FailedOperation.CAMError"),
            "FailedOperationCamError"
        );
        assert_eq!(
            error_variant("InvalidParameter.InvalidParameter_X"),
            "InvalidParameterInvalidParameterX"
        );
        assert_eq!(error_variant("9Lives"), "V9lives");
    }
}
