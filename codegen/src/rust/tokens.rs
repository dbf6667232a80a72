//! Small helpers for building token streams.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::Ty;

/// An identifier; `r#name` becomes a raw identifier.
pub fn ident(s: &str) -> Ident {
    match s.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(s, Span::call_site()),
    }
}

/// Where a type is referred to from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside an action module: data types are `super::types::X`.
    Action,
    /// Inside the `types` module.
    Types,
}

/// The Rust type of a present value.
pub fn ty(t: &Ty, scope: Scope) -> TokenStream {
    match t {
        Ty::String(_) => quote!(String),
        Ty::I64 => quote!(i64),
        Ty::U64 => quote!(u64),
        Ty::F64 => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::List(inner) => {
            let i = ty(inner, scope);
            quote!(Vec<#i>)
        }
        Ty::Struct(name, _) => {
            let n = ident(name);
            match scope {
                Scope::Action => quote!(super::types::#n),
                Scope::Types => quote!(#n),
            }
        }
        Ty::Enum(name) => {
            let n = ident(name);
            quote!(#n)
        }
    }
}
