//! String enums with an `Unknown` fallback: new server values never fail a response.

use syn::punctuated::Punctuated;
use syn::{Expr, ImplItem, Item, ItemEnum, ItemImpl};

use crate::ir::Enum;
use crate::rust::Piece;
use crate::rust::ast;
use crate::rust::doc;
use crate::rust::layout::{self, Fit, Text};
use crate::rust::template::{self, parse_once};
use crate::rust::tokens::ident;

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
/// `depth`: written as text, or, for an enum with a line the text cannot lay out (a match
/// arm over the margin), built as trees and printed.
pub fn emit(e: &Enum, depth: usize, items: &mut Vec<Piece>) {
    items.push(Piece::Text(text(e, depth).unwrap_or_else(|| {
        let mut trees = Vec::new();
        emit_tree(e, &mut trees);
        super::print_together(trees, depth)
    })));
}

/// Every item of [`emit`] as text, or `None` when a line could be laid out differently.
pub(super) fn text(e: &Enum, depth: usize) -> Option<String> {
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
        t.line(i3, &["Self::", v, " => ", w, ","]);
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
        t.line(i3, &[w, " => Self::", v, ","]);
    }
    t.line(i3, &["other => Self::Unknown(other.to_owned()),"]);
    t.line(i2, &["}"]);
    t.line(i1, &["}"]);
    t.line(i0, &["}"]);

    // The fixed impls, as `emit_tree` prints them.
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

/// [`emit`]'s items as syn trees, for prettyplease to print.
pub(super) fn emit_tree(e: &Enum, items: &mut Vec<Piece>) {
    let name = ident(&e.name);
    let d = enum_doc(e);
    let variants: Vec<_> = e.values.iter().map(|(_, v, _)| ident(v)).collect();
    let wires = || e.values.iter().map(|(w, _, _)| ast::str_expr(w));

    let mut def = parse_once!(ItemEnum:
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Placeholder {
            /// A value this spec does not list, kept as sent.
            Unknown(String),
        }
    );
    def.attrs.splice(0..0, doc::attrs(&d));
    def.ident = name.clone();
    let mut all: Punctuated<syn::Variant, syn::token::Comma> = e
        .values
        .iter()
        .zip(&variants)
        .map(|((w, _, desc), v)| syn::Variant {
            attrs: doc::attrs(&variant_doc(w, desc.as_ref())),
            ident: v.clone(),
            fields: syn::Fields::Unit,
            discriminant: None,
        })
        .collect();
    all.extend(std::mem::take(&mut def.variants));
    def.variants = all;
    items.push(Item::Enum(def).into());

    let mut conversions = parse_once!(ItemImpl:
        impl Placeholder {
            /// The documented values, as on the wire.
            pub const VALUES: &'static [&'static str] = &[];

            /// The wire value.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Unknown(s) => s,
                }
            }

            /// Parses a wire value; unlisted values become [`Self::Unknown`].
            #[inline]
            pub fn from_wire(s: &str) -> Self {
                match s {
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
    );
    *conversions.self_ty = ast::ty_ident(name.clone());
    if let ImplItem::Const(values) = &mut conversions.items[0] {
        if let Expr::Reference(r) = &mut values.expr {
            if let Expr::Array(a) = &mut *r.expr {
                a.elems = wires().collect();
            }
        }
    }
    let as_str = variants.iter().zip(wires()).map(|(v, w)| {
        let pat = syn::Pat::Path(syn::PatPath {
            attrs: Vec::new(),
            qself: None,
            path: ast::self_path(v.clone()),
        });
        ast::arm(pat, w)
    });
    template::body_match(template::method_body(&mut conversions, 1))
        .arms
        .splice(0..0, as_str);
    let from_wire = variants.iter().zip(wires()).map(|(v, w)| {
        let Expr::Lit(w) = w else {
            unreachable!("a string literal")
        };
        ast::arm(syn::Pat::Lit(w), ast::expr_path(ast::self_path(v.clone())))
    });
    template::body_match(template::method_body(&mut conversions, 2))
        .arms
        .splice(0..0, from_wire);
    items.push(Item::Impl(conversions).into());

    let fixed = parse_once!(syn::File:
        impl ::std::default::Default for Placeholder {
            #[inline]
            fn default() -> Self {
                Self::Unknown(String::new())
            }
        }

        impl ::std::fmt::Display for Placeholder {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for Placeholder {
            #[inline]
            fn from(s: &str) -> Self {
                Self::from_wire(s)
            }
        }

        impl json::FromJson for Placeholder {
            #[inline]
            fn from_json(v: &json::Value) -> Result<Self, json::JsonError> {
                json::enum_from_json(v, Self::from_wire)
            }
        }

        impl json::ToJson for Placeholder {
            #[inline]
            fn write_json(&self, w: &mut json::Writer) {
                w.string(self.as_str());
            }
        }
    );
    template::retarget(fixed.items, &name, items);
    items.push(crate::rust::structs::impl_serde(&name, true).into());
    let validate = parse_once!(syn::File:
        impl ::tcapi::Validate for Placeholder {
            #[inline]
            fn validate_into(&self, v: &mut ::tcapi::Validator) {
                if let Self::Unknown(s) = self {
                    v.one_of(s, Self::VALUES);
                }
            }
        }
    );
    template::retarget(validate.items, &name, items);
}
