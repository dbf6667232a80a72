//! Error enums: one variant per documented code, the common codes, an unknown fallback.

use crate::ir::ErrorCode;
use crate::rust::doc;
use crate::rust::layout::{self, Seg, Text};

/// The documentation of a code's variant (Markdown).
fn variant_doc(e: &ErrorCode) -> String {
    let mut s = format!("{}: {}", doc::code(&e.code), doc::escape(&e.description));
    if e.retryable {
        s.push_str("\n\nThe client may retry after this code.");
    }
    s
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
/// For Tencent's whole API these enums are most of the generated lines; they keep to
/// rustfmt's 100 columns rather than the writer's margin. Nothing is derived:
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
    let n = name;
    doc::push_lines(
        &format!(
            "Errors of {what}: the documented codes, then [`Common`]({name}::Common) for Tencent Cloud's common codes and [`Unknown`]({name}::Unknown) for any other code.\n\nEqual when code and message are equal; `Debug` shows both."
        ),
        &i0,
        &mut out,
    );
    out.push_str(&format!("{i0}#[non_exhaustive]\n{i0}pub enum {n} {{\n"));
    let variants: Vec<String> = codes.iter().map(|c| c.variant.clone()).collect();
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

/// `runtime/src/common_error.rs` (after its header): the shared enum of common codes
/// (inside the runtime crate).
pub fn common_error(codes: &[ErrorCode]) -> String {
    let mut t = Text::with_capacity(4096 + codes.len() * 512);
    t.line(0, &["use std::fmt;"]);
    t.line(
        0,
        &["/// Tencent Cloud's common error codes, which any action may return"],
    );
    t.line(0, &["/// (from `specs/common.yaml`)."]);
    t.line(0, &["#[derive(Debug, Clone, PartialEq, Eq)]"]);
    t.line(0, &["#[non_exhaustive]"]);
    t.line(0, &["pub enum CommonError {"]);
    for c in codes {
        t.doc(4, &variant_doc(c));
        t.line(4, &[&c.variant, " {"]);
        t.line(8, &["/// The message the server sent."]);
        t.line(8, &["message: String,"]);
        t.line(4, &["},"]);
    }
    t.line(4, &["/// A code that is not a common one, kept as sent."]);
    t.line(4, &["Unknown {"]);
    t.line(8, &["/// The wire code."]);
    t.line(8, &["code: String,"]);
    t.line(8, &["/// The message the server sent."]);
    t.line(8, &["message: String,"]);
    t.line(4, &["},"]);
    t.line(0, &["}"]);

    let wires: Vec<String> = codes.iter().map(|c| literal(&c.code)).collect();
    t.line(0, &["impl CommonError {"]);
    t.line(4, &["/// Every common code, as on the wire."]);
    t.segs(
        4,
        &[
            Seg::t("pub const CODES: &'static [&'static str] = "),
            Seg::list("&[", wires.iter().map(String::as_str), "]"),
        ],
        ";",
        "",
    );
    t.line(
        4,
        &["/// Parses a common code; gives the message back when the code is not a common one."],
    );
    t.line(4, &["#[allow(clippy::result_large_err)]"]);
    t.line(
        4,
        &["pub fn parse(code: &str, message: String) -> Result<Self, String> {"],
    );
    // The match holds lines of its own, so `Ok(` breaks.
    t.line(8, &["Ok("]);
    t.line(12, &["match code {"]);
    for (c, w) in codes.iter().zip(&wires) {
        let path = format!("Self::{}", c.variant);
        // A struct expression wider than 34 columns breaks, and so does the arm holding it.
        if path.len() + " { message }".len() - 1 <= 34
            && 16 + w.len() + 4 + path.len() + " { message }".len() <= layout::MARGIN
        {
            t.line(16, &[w, " => ", &path, " { message },"]);
        } else {
            t.line(16, &[w, " => {"]);
            t.struct_expr(20, "", &path, &[vec![Seg::t("message")]], "");
            t.line(16, &["}"]);
        }
    }
    t.line(16, &["_ => return Err(message),"]);
    t.line(12, &["},"]);
    t.line(8, &[")"]);
    t.line(4, &["}"]);
    t.line(4, &["/// Whether the client may retry after this code."]);
    t.line(4, &["pub fn is_retryable(&self) -> bool {"]);
    let retryable: Vec<String> = codes
        .iter()
        .filter(|c| c.retryable)
        .map(|c| format!("Self::{} {{ .. }}", c.variant))
        .collect();
    if retryable.is_empty() {
        t.line(8, &["false"]);
    } else {
        let flat = format!("matches!(self, {})", retryable.join(" | "));
        if 8 + flat.len() <= layout::MARGIN {
            t.line(8, &[&flat]);
        } else {
            // The macro's tokens are filled into lines: each pattern (with its `|`) goes on
            // the line while it fits.
            t.line(8, &["matches!("]);
            let mut line = "self,".to_owned();
            let last = retryable.len() - 1;
            for (i, r) in retryable.iter().enumerate() {
                let chunk = if i < last {
                    format!("{r} |")
                } else {
                    r.clone()
                };
                if 12 + line.len() + 1 + chunk.len() <= layout::MARGIN {
                    line.push(' ');
                } else {
                    t.line(12, &[&line]);
                    line.clear();
                }
                line.push_str(&chunk);
            }
            t.line(12, &[&line]);
            t.line(8, &[")"]);
        }
    }
    t.line(4, &["}"]);
    t.line(0, &["}"]);

    t.line(0, &["impl crate::error::ServiceError for CommonError {"]);
    t.line(4, &["fn from_code(code: &str, message: String) -> Self {"]);
    t.line(8, &["Self::parse(code, message)"]);
    t.line(12, &[".unwrap_or_else(|message| Self::Unknown {"]);
    t.line(16, &["code: code.to_owned(),"]);
    t.line(16, &["message,"]);
    t.line(12, &["})"]);
    t.line(4, &["}"]);
    t.line(4, &["fn code(&self) -> &str {"]);
    t.line(8, &["match self {"]);
    for (c, w) in codes.iter().zip(&wires) {
        t.arm(
            12,
            &format!("Self::{} {{ .. }}", c.variant),
            &[Seg::t(w.as_str())],
        );
    }
    t.line(12, &["Self::Unknown { code, .. } => code,"]);
    t.line(8, &["}"]);
    t.line(4, &["}"]);
    t.line(4, &["fn message(&self) -> &str {"]);
    t.line(8, &["match self {"]);
    if !codes.is_empty() {
        let pats: Vec<String> = codes
            .iter()
            .map(|c| format!("Self::{} {{ message }}", c.variant))
            .collect();
        let one_line = pats.join(" | ");
        if pats.len() == 1 || 12 + one_line.len() + " => message".len() <= layout::MARGIN {
            t.line(12, &[&one_line, " => message,"]);
        } else {
            t.line(12, &[&pats[0]]);
            for p in &pats[1..pats.len() - 1] {
                t.line(12, &["| ", p]);
            }
            t.line(12, &["| ", &pats[pats.len() - 1], " => message,"]);
        }
    }
    t.line(12, &["Self::Unknown { message, .. } => message,"]);
    t.line(8, &["}"]);
    t.line(4, &["}"]);
    t.line(0, &["}"]);
    t.line(0, &["impl fmt::Display for CommonError {"]);
    t.line(
        4,
        &["fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {"],
    );
    t.line(8, &["use crate::error::ServiceError;"]);
    t.line(
        8,
        &["crate::error::display_code(f, self.code(), self.message())"],
    );
    t.line(4, &["}"]);
    t.line(0, &["}"]);
    t.line(0, &["impl std::error::Error for CommonError {}"]);
    t.finish()
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
                text.parse::<proc_macro2::TokenStream>()
                    .unwrap_or_else(|e| panic!("{e}:\n{text}"));
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
