//! Identifiers and the Rust types of spec types.

use proc_macro2::{Ident, Span};
use syn::Type;

use crate::ir::Ty;
use crate::rust::ast;

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
pub fn ty(t: &Ty, scope: Scope) -> Type {
    match t {
        Ty::String(_) => ast::ty_ident(ident("String")),
        Ty::I64 => ast::ty_ident(ident("i64")),
        Ty::U64 => ast::ty_ident(ident("u64")),
        Ty::F64 => ast::ty_ident(ident("f64")),
        Ty::Bool => ast::ty_ident(ident("bool")),
        Ty::Binary => ast::ty_path(ast::path(true, &["tcapi", "Binary"])),
        Ty::List(inner) => ast::generic("Vec", ty(inner, scope)),
        Ty::Struct(name, _) => match scope {
            Scope::Action => ast::ty_path(ast::path(false, &["super", "types", name])),
            Scope::Types => ast::ty_ident(ident(name)),
        },
        Ty::Enum(name) => ast::ty_ident(ident(name)),
    }
}
