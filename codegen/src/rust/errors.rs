//! Error enums: one variant per documented code, the common codes, an unknown fallback.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Attribute;

use crate::ir::ErrorCode;
use crate::rust::doc;
use crate::rust::tokens::ident;

/// The documentation of a code's variant (Markdown).
fn variant_doc(e: &ErrorCode) -> String {
    let mut s = format!("{}: {}", doc::code(&e.code), doc::escape(&e.description));
    if e.retryable {
        s.push_str("\n\nThe client may retry after this code.");
    }
    s
}

fn variant_docs(e: &ErrorCode) -> Vec<Attribute> {
    doc::attrs(&variant_doc(e))
}

/// Rust's width for one line, which the text below keeps to where it can.
const WIDTH: usize = 100;

/// A string literal, escaped as Rust writes it.
fn literal(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// Appends one match arm at `indent`: `pat => body,` when it fits the width, else the body
/// on a line of its own in a block, as rustfmt lays it out.
fn push_arm(out: &mut String, indent: &str, pat: &str, body: &str) {
    if indent.len() + pat.len() + body.len() + 5 <= WIDTH {
        out.push_str(&format!("{indent}{pat} => {body},\n"));
    } else {
        out.push_str(&format!(
            "{indent}{pat} => {{\n{indent}    {body}\n{indent}}}\n"
        ));
    }
}

/// The error enum of one action (or of a service's shared codes), written as formatted
/// Rust for a module at `depth`: the enum, its `ServiceError` impl (three matches over the
/// codes) and `tcapi::impl_service_error!` for `Clone`, `Debug`, `PartialEq`, `Eq`,
/// `Display` and `Error` through that impl.
///
/// The shape is fixed, so it is written as text rather than built as a tree and printed:
/// for Tencent's whole API these enums are most of the generated lines. Nothing is derived:
/// `Clone` rebuilds a documented variant from its code and message (the same variant, as
/// the codes are distinct), the other traits read the code and the message.
pub fn action_error(name: &str, what: &str, codes: &[ErrorCode], depth: usize) -> String {
    let i0 = "    ".repeat(depth);
    let (i1, i2, i3, i4) = (
        format!("{i0}    "),
        format!("{i0}        "),
        format!("{i0}            "),
        format!("{i0}                "),
    );
    let mut out = String::with_capacity(512 + codes.len() * 400);
    let n = crate::rust::tokens::ident(name).to_string();
    doc::push_lines(
        &format!(
            "Errors of {what}: the documented codes, then [`Common`]({name}::Common) for Tencent Cloud's common codes and [`Unknown`]({name}::Unknown) for any other code.\n\nEqual when code and message are equal; `Debug` shows both."
        ),
        &i0,
        &mut out,
    );
    out.push_str(&format!("{i0}#[non_exhaustive]\n{i0}pub enum {n} {{\n"));
    let variants: Vec<String> = codes
        .iter()
        .map(|c| crate::rust::tokens::ident(&c.variant).to_string())
        .collect();
    for (c, v) in codes.iter().zip(&variants) {
        doc::push_lines(&variant_doc(c), &i1, &mut out);
        out.push_str(&format!(
            "{i1}{v} {{\n{i2}/// The message the server sent.\n{i2}message: String,\n{i1}}},\n"
        ));
    }
    out.push_str(&format!(
        "{i1}/// A common error code (authentication, throttling, internal errors, ...).\n\
         {i1}Common(::tcapi::CommonError),\n\
         {i1}/// A code this spec does not list, kept as sent.\n\
         {i1}Unknown {{\n\
         {i2}/// The wire code.\n\
         {i2}code: String,\n\
         {i2}/// The message the server sent.\n\
         {i2}message: String,\n\
         {i1}}},\n\
         {i0}}}\n"
    ));

    out.push_str(&format!(
        "{i0}impl ::tcapi::ServiceError for {n} {{\n\
         {i1}#[inline]\n\
         {i1}fn from_code(code: &str, message: String) -> Self {{\n"
    ));
    // Codes the spec does not list: a common one, else `Unknown`.
    let fallback = |i: &str, j: &str, k: &str| {
        format!(
            "match ::tcapi::CommonError::parse(code, message) {{\n\
             {j}Ok(c) => Self::Common(c),\n\
             {j}Err(message) => Self::Unknown {{\n\
             {k}code: code.to_owned(),\n\
             {k}message,\n\
             {j}}},\n\
             {i}}}"
        )
    };
    if codes.is_empty() {
        out.push_str(&format!("{i2}{}\n", fallback(&i2, &i3, &i4)));
    } else {
        out.push_str(&format!("{i2}match code {{\n"));
        let wires: Vec<String> = codes.iter().map(|c| literal(&c.code)).collect();
        for (w, v) in wires.iter().zip(&variants) {
            push_arm(&mut out, &i3, w, &format!("Self::{v} {{ message }}"));
        }
        let i5 = format!("{i4}    ");
        out.push_str(&format!("{i3}_ => {},\n{i2}}}\n", fallback(&i3, &i4, &i5)));
    }
    out.push_str(&format!(
        "{i1}}}\n{i1}#[inline]\n{i1}fn code(&self) -> &str {{\n{i2}match self {{\n"
    ));
    for (c, v) in codes.iter().zip(&variants) {
        push_arm(
            &mut out,
            &i3,
            &format!("Self::{v} {{ .. }}"),
            &literal(&c.code),
        );
    }
    out.push_str(&format!(
        "{i3}Self::Common(c) => ::tcapi::ServiceError::code(c),\n\
         {i3}Self::Unknown {{ code, .. }} => code,\n\
         {i2}}}\n\
         {i1}}}\n\
         {i1}#[inline]\n\
         {i1}fn message(&self) -> &str {{\n\
         {i2}match self {{\n"
    ));
    if !variants.is_empty() {
        let pats: Vec<String> = variants
            .iter()
            .map(|v| format!("Self::{v} {{ message }}"))
            .collect();
        let one_line = pats.join(" | ");
        if pats.len() == 1 || i3.len() + one_line.len() + " => message,".len() <= WIDTH {
            push_arm(&mut out, &i3, &one_line, "message");
        } else {
            out.push_str(&format!("{i3}{}\n", pats[0]));
            for p in &pats[1..pats.len() - 1] {
                out.push_str(&format!("{i3}| {p}\n"));
            }
            out.push_str(&format!("{i3}| {} => message,\n", pats[pats.len() - 1]));
        }
    }
    out.push_str(&format!(
        "{i3}Self::Common(c) => ::tcapi::ServiceError::message(c),\n\
         {i3}Self::Unknown {{ message, .. }} => message,\n\
         {i2}}}\n\
         {i1}}}\n"
    ));
    let retryable: Vec<String> = codes
        .iter()
        .filter(|c| c.retryable)
        .map(|c| literal(&c.code))
        .collect();
    if !retryable.is_empty() {
        // Read by the client's retry rules (the common codes are known to the runtime).
        out.push_str(&format!(
            "{i1}#[inline]\n{i1}fn retryable_codes() -> &'static [&'static str] {{\n"
        ));
        let one_line = format!("&[{}]", retryable.join(", "));
        if i2.len() + one_line.len() <= WIDTH {
            out.push_str(&format!("{i2}{one_line}\n"));
        } else {
            out.push_str(&format!("{i2}&[\n"));
            for r in &retryable {
                out.push_str(&format!("{i3}{r},\n"));
            }
            out.push_str(&format!("{i2}]\n"));
        }
        out.push_str(&format!("{i1}}}\n"));
    }
    out.push_str(&format!("{i0}}}\n{i0}::tcapi::impl_service_error!({n});\n"));
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn code(code: &str, variant: &str, retryable: bool) -> ErrorCode {
        ErrorCode {
            code: code.to_owned(),
            variant: variant.to_owned(),
            description: "What \"it\" <means>.".to_owned(),
            retryable,
        }
    }

    /// Written enums parse as Rust, whatever the number and length of codes, with no line
    /// over the width that a break could shorten.
    #[test]
    fn written_enums_parse_and_keep_to_the_width() {
        let long = "A".repeat(70);
        let sets = vec![
            vec![],
            vec![code("Short", "Short", false)],
            vec![code(&format!("{long}.B"), &format!("{long}B"), true)],
            (0..40)
                .map(|i| {
                    code(
                        &format!("Code.Number{i}"),
                        &format!("CodeNumber{i}"),
                        i % 2 == 0,
                    )
                })
                .collect(),
        ];
        for codes in sets {
            for depth in [0, 1] {
                let text = action_error("SomeError", "`Some`", &codes, depth);
                syn::parse_file(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
                for line in text.lines() {
                    assert!(!line.ends_with(' '), "trailing space: {line:?}");
                    let breakable = !line.trim_start().starts_with("///")
                        && line.trim_start().len() < 100 - 4 * (depth + 4);
                    assert!(line.len() <= WIDTH || !breakable, "too long: {line:?}");
                }
            }
        }
    }
}
