//! The Rust types of spec types, as text.

use crate::ir::Ty;

/// Where a type is referred to from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside an action module: data types are `super::types::X`.
    Action,
    /// Inside the `types` module.
    Types,
}

/// The Rust type of a present value, appended to `out`.
pub fn ty_into(t: &Ty, scope: Scope, out: &mut String) {
    match t {
        Ty::String(_) => out.push_str("String"),
        Ty::I64 => out.push_str("i64"),
        Ty::U64 => out.push_str("u64"),
        Ty::F64 => out.push_str("f64"),
        Ty::Bool => out.push_str("bool"),
        Ty::Binary => out.push_str("::tcapi::Binary"),
        Ty::List(inner) => {
            out.push_str("Vec<");
            ty_into(inner, scope, out);
            out.push('>');
        }
        Ty::Struct(name, _) => {
            if scope == Scope::Action {
                out.push_str("super::types::");
            }
            out.push_str(name);
        }
        Ty::Enum(name) => out.push_str(name),
    }
}

/// The Rust type of a present value.
pub fn ty(t: &Ty, scope: Scope) -> String {
    let mut out = String::new();
    ty_into(t, scope, &mut out);
    out
}
