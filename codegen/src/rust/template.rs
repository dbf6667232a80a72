//! Fixed shapes written as Rust: impl headers, signatures, fallback arms. Each is parsed
//! once per thread; emitters take a copy and set its varying parts (the self type,
//! statements, arms), which costs a fraction of quoting and parsing it every time.
//!
//! The cached trees hold tokens and spans. Inside a proc macro those would be the
//! compiler's handles, valid for one invocation only; `include_spec!` therefore runs the
//! generator on proc-macro2's own tokens (`macros/src/expand.rs`, `generate_detached`).

use syn::{Block, Expr, Ident, Item, ItemImpl, Stmt};

use crate::rust::ast;

/// `syn::parse_quote!` evaluated once per thread; each use returns a copy to fill in.
macro_rules! parse_once {
    ($ty:ty: $($tt:tt)*) => {{
        ::std::thread_local!(static PARSED: $ty = ::syn::parse_quote!($($tt)*));
        PARSED.with(::std::clone::Clone::clone)
    }};
}
pub(crate) use parse_once;

/// The body of the `index`th item of an impl, which must be a method.
pub fn method_body(item: &mut ItemImpl, index: usize) -> &mut Block {
    match &mut item.items[index] {
        syn::ImplItem::Fn(f) => &mut f.block,
        _ => unreachable!("impl item {index} is a method"),
    }
}

/// The `match` that is the whole body of a method.
pub fn body_match(body: &mut Block) -> &mut syn::ExprMatch {
    match body.stmts.last_mut() {
        Some(Stmt::Expr(Expr::Match(m), None)) => m,
        _ => unreachable!("the body is a match"),
    }
}

/// A template impl, for `name`.
pub fn for_type(mut item: ItemImpl, name: &Ident) -> ItemImpl {
    *item.self_ty = ast::ty_ident(name.clone());
    item
}

/// Appends template impls to `items`, each for `name`.
pub fn retarget(template: Vec<Item>, name: &Ident, items: &mut Vec<crate::rust::Piece>) {
    items.extend(template.into_iter().map(|mut item| {
        if let Item::Impl(i) = &mut item {
            *i.self_ty = ast::ty_ident(name.clone());
        }
        crate::rust::Piece::Item(item)
    }));
}
