//! Error enums: one variant per documented code, the common codes, an unknown fallback.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::ErrorCode;
use crate::rust::doc;
use crate::rust::tokens::ident;

fn variant_docs(e: &ErrorCode) -> TokenStream {
    let mut s = format!("{}: {}", doc::code(&e.code), doc::escape(&e.description));
    if e.retryable {
        s.push_str("\n\nThe client may retry after this code.");
    }
    doc::attrs(&s)
}

/// The error enum of one action (`rt` is the runtime crate path, `::tcapi`).
pub fn action_error(name: &str, what: &str, codes: &[ErrorCode]) -> TokenStream {
    let n = ident(name);
    let docs = doc::attrs(&format!(
        "Errors of {what}: the documented codes, then [`Common`]({name}::Common) for Tencent Cloud's common codes and [`Unknown`]({name}::Unknown) for any other code."
    ));
    let variants: Vec<_> = codes.iter().map(|c| ident(&c.variant)).collect();
    let wires: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
    let vdocs: Vec<_> = codes.iter().map(variant_docs).collect();
    let message_arm = if codes.is_empty() {
        quote!()
    } else {
        quote!( #( Self::#variants { message } )|* => message, )
    };
    let fallback = quote! {
        match ::tcapi::CommonError::parse(code, message) {
            Ok(c) => Self::Common(c),
            Err(message) => Self::Unknown { code: code.to_owned(), message },
        }
    };
    let from_code = if codes.is_empty() {
        fallback
    } else {
        quote! {
            match code {
                #( #wires => Self::#variants { message }, )*
                _ => #fallback,
            }
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #n {
            #(
                #vdocs
                #variants {
                    /// The message the server sent.
                    message: String,
                },
            )*
            /// A common error code (authentication, throttling, internal errors, ...).
            Common(::tcapi::CommonError),
            /// A code this spec does not list, kept as sent.
            Unknown {
                /// The wire code.
                code: String,
                /// The message the server sent.
                message: String,
            },
        }

        impl ::tcapi::ServiceError for #n {
            #[inline]
            fn from_code(code: &str, message: String) -> Self {
                #from_code
            }

            #[inline]
            fn code(&self) -> &str {
                match self {
                    #( Self::#variants { .. } => #wires, )*
                    Self::Common(c) => ::tcapi::ServiceError::code(c),
                    Self::Unknown { code, .. } => code,
                }
            }

            #[inline]
            fn message(&self) -> &str {
                match self {
                    #message_arm
                    Self::Common(c) => ::tcapi::ServiceError::message(c),
                    Self::Unknown { message, .. } => message,
                }
            }
        }

        impl ::std::fmt::Display for #n {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::tcapi::error::display_code(f, ::tcapi::ServiceError::code(self), ::tcapi::ServiceError::message(self))
            }
        }

        impl ::std::error::Error for #n {}
    }
}

/// `runtime/src/common_error.rs`: the shared enum of common codes (inside the runtime crate).
pub fn common_error(codes: &[ErrorCode]) -> TokenStream {
    let variants: Vec<_> = codes.iter().map(|c| ident(&c.variant)).collect();
    let wires: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
    let vdocs: Vec<_> = codes.iter().map(variant_docs).collect();
    let retryable: Vec<_> = codes
        .iter()
        .filter(|c| c.retryable)
        .map(|c| ident(&c.variant))
        .collect();
    let retry_arm = if retryable.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #( Self::#retryable { .. } )|*))
    };
    let message_arm = if codes.is_empty() {
        quote!()
    } else {
        quote!( #( Self::#variants { message } )|* => message, )
    };
    quote! {
        use std::fmt;

        /// Tencent Cloud's common error codes, which any action may return
        /// (from `specs/common.yaml`).
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum CommonError {
            #(
                #vdocs
                #variants {
                    /// The message the server sent.
                    message: String,
                },
            )*
            /// A code that is not a common one, kept as sent.
            Unknown {
                /// The wire code.
                code: String,
                /// The message the server sent.
                message: String,
            },
        }

        impl CommonError {
            /// Every common code, as on the wire.
            pub const CODES: &'static [&'static str] = &[#(#wires),*];

            /// Parses a common code; gives the message back when the code is not a common one.
            #[allow(clippy::result_large_err)]
            pub fn parse(code: &str, message: String) -> Result<Self, String> {
                Ok(match code {
                    #( #wires => Self::#variants { message }, )*
                    _ => return Err(message),
                })
            }

            /// Whether the client may retry after this code.
            pub fn is_retryable(&self) -> bool {
                #retry_arm
            }
        }

        impl crate::error::ServiceError for CommonError {
            fn from_code(code: &str, message: String) -> Self {
                Self::parse(code, message).unwrap_or_else(|message| Self::Unknown { code: code.to_owned(), message })
            }

            fn code(&self) -> &str {
                match self {
                    #( Self::#variants { .. } => #wires, )*
                    Self::Unknown { code, .. } => code,
                }
            }

            fn message(&self) -> &str {
                match self {
                    #message_arm
                    Self::Unknown { message, .. } => message,
                }
            }
        }

        impl fmt::Display for CommonError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                use crate::error::ServiceError;
                crate::error::display_code(f, self.code(), self.message())
            }
        }

        impl std::error::Error for CommonError {}
    }
}
