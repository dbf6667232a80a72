//! String enums with an `Unknown` fallback: new server values never fail a response.

use crate::ir::Enum;
use crate::rust::Piece;
use crate::rust::doc;
use crate::rust::layout::{self, Fit, Seg, Text};

/// The enum's documentation (Markdown).
fn enum_doc(e: &Enum) -> String {
    let mut d = format!("Values of `{}`.", e.owner);
    if e.open {
        d.push_str(
            "\n\nThe server may return values not listed here; they arrive as [`Self::Unknown`].",
        );
    } else {
        d.push_str("\n\nThe documented list is complete; an unlisted value from the server still arrives as [`Self::Unknown`].");
    }
    d
}

/// The documentation of one value's variant (Markdown).
fn variant_doc(wire: &str, desc: Option<&String>) -> String {
    let mut s = doc::code(wire);
    if let Some(d) = desc {
        s.push_str(": ");
        s.push_str(&doc::escape(d));
    }
    s
}

/// The enum, its conversions, wire and serde impls and validation, for a module at
/// `depth`.
pub fn emit(e: &Enum, depth: usize, items: &mut Vec<Piece>) {
    items.push(Piece::Text(text(e, depth)));
}

/// Every item of [`emit`], as text.
pub(super) fn text(e: &Enum, depth: usize) -> String {
    let (i0, i1, i2, i3) = (depth * 4, depth * 4 + 4, depth * 4 + 8, depth * 4 + 12);
    let n = e.name.as_str();
    let wires: Vec<String> = e.values.iter().map(|(w, _, _)| layout::lit(w)).collect();
    let mut t = Text::with_capacity(2048 + e.values.len() * 160);
    t.doc(i0, &enum_doc(e));
    t.line(i0, &["#[derive(Debug, Clone, PartialEq, Eq, Hash)]"]);
    // A value Tencent documents later is a variant more: not a breaking change.
    t.line(i0, &["#[non_exhaustive]"]);
    t.line(i0, &["pub enum ", n, " {"]);
    for (w, v, desc) in &e.values {
        t.doc(i1, &variant_doc(w, desc.as_ref()));
        t.line(i1, &[v, ","]);
    }
    t.line(i1, &["/// A value this spec does not list, kept as sent."]);
    t.line(i1, &["Unknown(String),"]);
    t.line(i0, &["}"]);

    t.line(i0, &["impl ", n, " {"]);
    t.line(i1, &["/// The documented values, as on the wire."]);
    const VALUES: &str = "pub const VALUES: &'static [&'static str] = &[";
    let flat = i1 + VALUES.len() + layout::joined_len(wires.iter().map(String::as_str), ", ") + 2;
    match layout::fit(flat) {
        Fit::Flat => t.line(i1, &[VALUES, &layout::join(&wires, ", "), "];"]),
        Fit::Broken => {
            t.line(i1, &[VALUES]);
            for w in &wires {
                t.line(i2, &[w, ","]);
            }
            t.line(i1, &["];"]);
        }
    }
    t.line(i1, &["/// The wire value."]);
    t.line(i1, &["#[inline]"]);
    t.line(i1, &["pub fn as_str(&self) -> &str {"]);
    t.line(i2, &["match self {"]);
    for ((_, v, _), w) in e.values.iter().zip(&wires) {
        t.arm(i3, &format!("Self::{v}"), &[Seg::t(w.as_str())]);
    }
    t.line(i3, &["Self::Unknown(s) => s,"]);
    t.line(i2, &["}"]);
    t.line(i1, &["}"]);
    t.line(
        i1,
        &["/// Parses a wire value; unlisted values become [`Self::Unknown`]."],
    );
    t.line(i1, &["#[inline]"]);
    t.line(i1, &["pub fn from_wire(s: &str) -> Self {"]);
    t.line(i2, &["match s {"]);
    for ((_, v, _), w) in e.values.iter().zip(&wires) {
        t.arm(i3, w, &[Seg::t(format!("Self::{v}"))]);
    }
    t.line(i3, &["other => Self::Unknown(other.to_owned()),"]);
    t.line(i2, &["}"]);
    t.line(i1, &["}"]);
    t.line(i0, &["}"]);

    // The fixed impls.
    let fixed: [(&str, &str, &[&str]); 5] = [
        (
            "::std::default::Default",
            "fn default() -> Self {",
            &["Self::Unknown(String::new())"],
        ),
        (
            "::std::fmt::Display",
            "fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {",
            &["f.write_str(self.as_str())"],
        ),
        (
            "::std::convert::From<&str>",
            "fn from(s: &str) -> Self {",
            &["Self::from_wire(s)"],
        ),
        (
            "json::FromJson",
            "fn from_json(v: &json::Value) -> Result<Self, json::JsonError> {",
            &["json::enum_from_json(v, Self::from_wire)"],
        ),
        (
            "json::ToJson",
            "fn write_json(&self, w: &mut json::Writer) {",
            &["w.string(self.as_str());"],
        ),
    ];
    for (trait_, sig, body) in fixed {
        t.impl_header(i0, trait_, n);
        t.line(i1, &["#[inline]"]);
        t.line(i1, &[sig]);
        for l in body {
            t.line(i2, &[l]);
        }
        t.line(i1, &["}"]);
        t.line(i0, &["}"]);
    }
    t.impl_serde(i0, n);
    t.impl_header(i0, "::tcapi::Validate", n);
    t.line(i1, &["#[inline]"]);
    t.line(
        i1,
        &["fn validate_into(&self, v: &mut ::tcapi::Validator) {"],
    );
    t.line(i2, &["if let Self::Unknown(s) = self {"]);
    t.line(i3, &["v.one_of(s, Self::VALUES);"]);
    t.line(i2, &["}"]);
    t.line(i1, &["}"]);
    t.line(i0, &["}"]);
    t.finish()
}
