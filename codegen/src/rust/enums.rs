//! String enums with an `Unknown` fallback: new server values never fail a response.

use syn::punctuated::Punctuated;
use syn::{Expr, ImplItem, Item, ItemEnum, ItemImpl};

use crate::ir::Enum;
use crate::rust::Piece;
use crate::rust::ast;
use crate::rust::doc;
use crate::rust::template::{self, parse_once};
use crate::rust::tokens::ident;

/// The enum, its conversions, wire and serde impls and validation.
pub fn emit(e: &Enum, items: &mut Vec<Piece>) {
    let name = ident(&e.name);
    let mut d = format!("Values of `{}`.", e.owner);
    if e.open {
        d.push_str(
            "\n\nThe server may return values not listed here; they arrive as [`Self::Unknown`].",
        );
    } else {
        d.push_str("\n\nThe documented list is complete; an unlisted value from the server still arrives as [`Self::Unknown`].");
    }
    let variants: Vec<_> = e.values.iter().map(|(_, v, _)| ident(v)).collect();
    let wires = || e.values.iter().map(|(w, _, _)| ast::str_expr(w));

    let mut def = parse_once!(ItemEnum:
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
        .map(|((w, _, desc), v)| {
            let mut s = doc::code(w);
            if let Some(d) = desc {
                s.push_str(": ");
                s.push_str(&doc::escape(d));
            }
            syn::Variant {
                attrs: doc::attrs(&s),
                ident: v.clone(),
                fields: syn::Fields::Unit,
                discriminant: None,
            }
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
