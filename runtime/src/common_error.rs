// Placeholder until `tcapi-codegen generate` writes this file from specs/common.yaml.
use std::fmt;

/// Tencent Cloud's common error codes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommonError {
    /// Any code.
    Unknown {
        /// Wire code.
        code: String,
        /// Server message.
        message: String,
    },
}

impl CommonError {
    /// Parses a known common code; `None` if the code is not a common one.
    pub fn parse(code: &str, message: String) -> Option<Self> {
        let _ = (code, message);
        None
    }
}

impl fmt::Display for CommonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown { code, message } => crate::error::display_code(f, code, message),
        }
    }
}

impl std::error::Error for CommonError {}
