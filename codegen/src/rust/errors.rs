//! Error enums: one variant per documented code, the common codes, an unknown fallback.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Item, Stmt};

use crate::ir::ErrorCode;
use crate::rust::ast;
use crate::rust::doc;
use crate::rust::template::{self, parse_once};
use crate::rust::tokens::ident;

fn variant_docs(e: &ErrorCode) -> Vec<Attribute> {
    let mut s = format!("{}: {}", doc::code(&e.code), doc::escape(&e.description));
    if e.retryable {
        s.push_str("\n\nThe client may retry after this code.");
    }
    doc::attrs(&s)
}

/// The error enum of one action.
pub fn action_error(name: &str, what: &str, codes: &[ErrorCode], items: &mut Vec<Item>) {
    let n = ident(name);
    let variants: Vec<_> = codes.iter().map(|c| ident(&c.variant)).collect();
    let wires = || codes.iter().map(|c| ast::str_expr(&c.code));

    let mut def = parse_once!(syn::ItemEnum:
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Placeholder {
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
    );
    def.attrs.splice(
        0..0,
        doc::attrs(&format!(
            "Errors of {what}: the documented codes, then [`Common`]({name}::Common) for Tencent Cloud's common codes and [`Unknown`]({name}::Unknown) for any other code."
        )),
    );
    def.ident = n.clone();
    let mut all: syn::punctuated::Punctuated<syn::Variant, syn::token::Comma> = codes
        .iter()
        .zip(&variants)
        .map(|(c, v)| {
            let mut variant = parse_once!(syn::Variant:
                Placeholder {
                    /// The message the server sent.
                    message: String,
                }
            );
            variant.attrs = variant_docs(c);
            variant.ident = v.clone();
            variant
        })
        .collect();
    all.extend(std::mem::take(&mut def.variants));
    def.variants = all;
    items.push(Item::Enum(def));

    let mut service_error = parse_once!(syn::ItemImpl:
        impl ::tcapi::ServiceError for Placeholder {
            #[inline]
            fn from_code(code: &str, message: String) -> Self {
                match code {
                    _ => match ::tcapi::CommonError::parse(code, message) {
                        Ok(c) => Self::Common(c),
                        Err(message) => Self::Unknown { code: code.to_owned(), message },
                    },
                }
            }

            #[inline]
            fn code(&self) -> &str {
                match self {
                    Self::Common(c) => ::tcapi::ServiceError::code(c),
                    Self::Unknown { code, .. } => code,
                }
            }

            #[inline]
            fn message(&self) -> &str {
                match self {
                    Self::Common(c) => ::tcapi::ServiceError::message(c),
                    Self::Unknown { message, .. } => message,
                }
            }
        }
    );
    *service_error.self_ty = ast::ty_ident(n.clone());
    let from_code = template::method_body(&mut service_error, 0);
    if codes.is_empty() {
        // No documented codes: the fallback alone, without `match code`.
        let fallback = template::body_match(from_code)
            .arms
            .pop()
            .expect("the fallback arm");
        from_code.stmts = vec![Stmt::Expr(*fallback.body, None)];
    } else {
        let arms = variants.iter().zip(wires()).map(|(v, w)| {
            let syn::Expr::Lit(w) = w else {
                unreachable!("a string literal")
            };
            let body = ast::struct_variant(v.clone(), "message");
            ast::arm(syn::Pat::Lit(w), body)
        });
        template::body_match(from_code).arms.splice(0..0, arms);
    }
    let code_arms = variants
        .iter()
        .zip(wires())
        .map(|(v, w)| ast::arm(ast::pat_variant(v.clone(), None), w));
    template::body_match(template::method_body(&mut service_error, 1))
        .arms
        .splice(0..0, code_arms);
    if !codes.is_empty() {
        let mut cases: syn::punctuated::Punctuated<syn::Pat, syn::Token![|]> = variants
            .iter()
            .map(|v| ast::pat_variant(v.clone(), Some("message")))
            .collect();
        // One pattern alone is not an or-pattern.
        let pat = if cases.len() == 1 {
            cases.pop().expect("one case").into_value()
        } else {
            syn::Pat::Or(syn::PatOr {
                attrs: Vec::new(),
                leading_vert: None,
                cases,
            })
        };
        let arm = ast::arm(pat, ast::var_str("message"));
        template::body_match(template::method_body(&mut service_error, 2))
            .arms
            .insert(0, arm);
    }
    let retryable: Vec<&str> = codes
        .iter()
        .filter(|c| c.retryable)
        .map(|c| c.code.as_str())
        .collect();
    if !retryable.is_empty() {
        // Read by the client's retry rules (the common codes are known to the runtime).
        service_error.items.push(syn::parse_quote! {
            #[inline]
            fn retryable_codes() -> &'static [&'static str] {
                &[#(#retryable),*]
            }
        });
    }
    items.push(Item::Impl(service_error));

    let rest = parse_once!(syn::File:
        impl ::std::fmt::Display for Placeholder {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::tcapi::error::display_code(f, ::tcapi::ServiceError::code(self), ::tcapi::ServiceError::message(self))
            }
        }

        impl ::std::error::Error for Placeholder {}
    );
    template::retarget(rest.items, &n, items);
}

/// `runtime/src/common_error.rs`: the shared enum of common codes (inside the runtime crate).
pub fn common_error(codes: &[ErrorCode]) -> TokenStream {
    let variants: Vec<_> = codes.iter().map(|c| ident(&c.variant)).collect();
    let wires: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
    let vdocs: Vec<TokenStream> = codes
        .iter()
        .map(|c| {
            let attrs = variant_docs(c);
            quote!(#(#attrs)*)
        })
        .collect();
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
