//! The `pagination` key of an action: the members it names exist, on the right side, with
//! types a paginator can read and write.

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::spec::{Action, PageKind, PaginationSpec, Param, Prim, ServiceSpec, Spanned, TypeExpr};

/// Every `pagination` key of one service version.
pub fn check_service(s: &ServiceSpec, diags: &mut Diagnostics) {
    for a in &s.actions {
        if let Some(p) = &a.pagination {
            check_action(s, a, p, diags);
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Want {
    Integer,
    Text,
    List,
}

impl Want {
    fn describe(self) -> &'static str {
        match self {
            Want::Integer => "an integer (`Integer`, `Int64` or `UInt64`)",
            Want::Text => "a `String` without `enum`",
            Want::List => "a list (`[T]`)",
        }
    }

    fn fits(self, p: &Param) -> bool {
        match (self, &p.ty.value) {
            (Want::Integer, TypeExpr::Prim(Prim::Int64 | Prim::UInt64)) => true,
            (Want::Text, TypeExpr::Prim(Prim::String)) => p.enumeration.is_none(),
            (Want::List, TypeExpr::List(inner)) => !matches!(**inner, TypeExpr::List(_)),
            _ => false,
        }
    }
}

/// An output member, or one level down (`Data.List`: the field `List` of the data type of
/// the output member `Data`).
fn member_path(
    s: &ServiceSpec,
    a: &Action,
    name: &Spanned<String>,
    role: &str,
    want: Want,
    diags: &mut Diagnostics,
) {
    let Some((outer, inner)) = name.value.split_once('.') else {
        return member(a, &a.output, name, false, role, want, diags);
    };
    let fail = |diags: &mut Diagnostics, msg: String, hint: &str| {
        diags.push(Diagnostic::new(&name.pos, msg).hint(hint.to_owned()));
    };
    let Some(p) = a.output.iter().find(|p| p.name.value == outer) else {
        let shown = Spanned::new(outer.to_owned(), name.pos.clone());
        return member(a, &a.output, &shown, false, role, want, diags);
    };
    let TypeExpr::Ref(t) = &p.ty.value else {
        return fail(
            diags,
            format!(
                "`pagination.{role}` `{}`: `{outer}` of action `{}` is `{}`, not a data type",
                name.value,
                a.name.value,
                p.ty.value.display()
            ),
            "a path goes one level down, through an output member whose type is a data type (`Data.List`)",
        );
    };
    if inner.contains('.') {
        return fail(
            diags,
            format!(
                "`pagination.{role}` `{}` goes more than one level down",
                name.value
            ),
            "name an output member or a field of one (`Data.List`)",
        );
    }
    let Some(def) = s.types.iter().find(|d| &d.name.value == t) else {
        return; // reported by the type checks
    };
    let shown = Spanned::new(inner.to_owned(), name.pos.clone());
    member(a, &def.fields, &shown, false, role, want, diags);
}

fn member(
    a: &Action,
    params: &[Param],
    name: &Spanned<String>,
    input: bool,
    role: &str,
    want: Want,
    diags: &mut Diagnostics,
) {
    let side = if input { "input" } else { "output" };
    let names = || params.iter().map(|p| p.name.value.as_str());
    match params.iter().find(|p| p.name.value == name.value) {
        None => {
            let mut hint = format!(
                "name one of the action's {side} members: {}",
                names().collect::<Vec<_>>().join(", ")
            );
            if let Some(m) = did_you_mean(&name.value, names()) {
                hint = format!("did you mean `{m}`? ({hint})");
            }
            diags.push(
                Diagnostic::new(
                    &name.pos,
                    format!(
                        "`pagination.{role}` `{}` is not an {side} member of action `{}`",
                        name.value, a.name.value
                    ),
                )
                .hint(hint),
            );
        }
        Some(p) if !want.fits(p) => diags.push(
            Diagnostic::new(
                &name.pos,
                format!(
                    "`pagination.{role}` `{}` of action `{}` is `{}`; it must be {}",
                    name.value,
                    a.name.value,
                    p.ty.value.display(),
                    want.describe()
                ),
            )
            .hint("name the member that carries it, or leave the action without `pagination`"),
        ),
        Some(_) => {}
    }
}

fn check_action(s: &ServiceSpec, a: &Action, p: &PaginationSpec, diags: &mut Diagnostics) {
    let (role, want) = match p.kind {
        PageKind::Offset => ("offset", Want::Integer),
        PageKind::Page => ("page", Want::Integer),
        PageKind::Token => ("token", Want::Text),
    };
    member(a, &a.input, &p.cursor, true, role, want, diags);
    if let Some(l) = &p.limit {
        member(a, &a.input, l, true, "limit", Want::Integer, diags);
    }
    member_path(s, a, &p.items, "items", Want::List, diags);
    if let Some(t) = &p.total {
        member_path(s, a, t, "total", Want::Integer, diags);
    }
    match (&p.next_token, p.kind) {
        (Some(t), PageKind::Token) => member_path(s, a, t, "next_token", Want::Text, diags),
        (None, PageKind::Token) => diags.push(
            Diagnostic::new(
                &p.pos,
                format!(
                    "`pagination` of action `{}` pages by token and names no `next_token`",
                    a.name.value
                ),
            )
            .hint("add `next_token: <the response member holding the next page's token>`"),
        ),
        (Some(t), _) => diags.push(
            Diagnostic::new(
                &t.pos,
                format!(
                    "`pagination.next_token` of action `{}` is for actions that page by token",
                    a.name.value
                ),
            )
            .hint("remove it, or name the request member with `token:` instead"),
        ),
        (None, _) => {}
    }
    if let Some(m) = &p.max_limit {
        if m.value < 1 {
            diags.push(
                Diagnostic::new(
                    &m.pos,
                    format!(
                        "`pagination.max_limit` is {}; it must be 1 or more",
                        m.value
                    ),
                )
                .hint("the largest page size the documentation allows"),
            );
        }
        if p.limit.is_none() {
            diags.push(
                Diagnostic::new(
                    &m.pos,
                    "`pagination.max_limit` without `limit`: there is no page size to set",
                )
                .hint("add `limit: <the request member of the page size>`, or remove `max_limit`"),
            );
        }
    }
    if let Some(f) = &p.first_page {
        if p.kind != PageKind::Page {
            diags.push(
                Diagnostic::new(
                    &f.pos,
                    "`pagination.first_page` is for actions that page by page number",
                )
                .hint("remove it"),
            );
        } else if !(0..=1).contains(&f.value) {
            diags.push(
                Diagnostic::new(
                    &f.pos,
                    format!("`pagination.first_page` is {}; it must be 0 or 1", f.value),
                )
                .hint("the number of the first page, as documented (1 unless it says 0)"),
            );
        }
    }
    if p.kind == PageKind::Page && p.limit.is_none() {
        diags.push(
            Diagnostic::new(
                &p.pos,
                format!(
                    "`pagination` of action `{}` pages by page number and names no `limit`",
                    a.name.value
                ),
            )
            .hint("add `limit: <the request member of the page size>`"),
        );
    }
}
