//! `impl ::tcapi::Paginated` of actions with the spec key `pagination`: which members of
//! the request and the response page, as data (the runtime's `tcapi::paginate` walks them).

use crate::ir::{Action, Field, PageKind, Service, Ty};
use crate::rust::layout::{Seg, Text};
use crate::rust::tokens::{Scope, ty};

fn field<'a>(fields: &'a [Field], wire: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.wire == wire)
}

/// `&mut base.field`, the field access breaking as a method chain.
fn place(base: &str, field: &str) -> Vec<Seg<'static>> {
    vec![
        Seg::t("&mut "),
        Seg::chain(base.to_owned(), [format!(".{field}")]),
    ]
}

/// `&mut self.<field>` for the member `wire`, if there is one.
fn member(fields: &[Field], wire: Option<&str>) -> Option<Vec<Seg<'static>>> {
    wire.and_then(|w| field(fields, w))
        .map(|f| place("self", &f.rust))
}

/// `Some(value)` (a call that may break) or `None`.
fn some(value: Option<Vec<Seg<'static>>>) -> Vec<Seg<'static>> {
    match value {
        Some(v) => vec![Seg::t("Some"), Seg::group("(", vec![v], ")")],
        None => vec![Seg::t("None")],
    }
}

/// A response member (`Items`) or one a level down (`Data.List`): the field, and the outer
/// field it is in.
fn response_field<'a>(
    s: &'a Service,
    a: &'a Action,
    path: &str,
) -> Option<(Option<&'a Field>, &'a Field)> {
    match path.split_once('.') {
        None => field(&a.response.fields, path).map(|f| (None, f)),
        Some((outer, inner)) => {
            let o = field(&a.response.fields, outer)?;
            let Ty::Struct(name, _) = &o.ty else {
                return None;
            };
            let t = s.types.iter().find(|t| &t.name == name)?;
            field(&t.fields, inner).map(|f| (Some(o), f))
        }
    }
}

/// The bindings of the outer fields the response members are in (`let data =
/// response.data.get_or_insert_with(Default::default);`), one per outer field.
struct Outer {
    lets: Vec<Vec<Seg<'static>>>,
    names: Vec<String>,
}

impl Outer {
    /// `&mut response.f` or `&mut <outer>.f` for the member at `path`.
    fn place(
        &mut self,
        s: &Service,
        a: &Action,
        path: Option<&str>,
    ) -> Option<Option<Vec<Seg<'static>>>> {
        let Some(path) = path else {
            return Some(None);
        };
        let (outer, f) = response_field(s, a, path)?;
        let name = &f.rust;
        Some(Some(match outer {
            None => place("response", name),
            Some(o) => {
                let var = format!("outer_{}", crate::names::unraw(&o.rust));
                if !self.names.contains(&o.rust) {
                    self.names.push(o.rust.clone());
                    let field = &o.rust;
                    self.lets.push(if o.optional {
                        vec![
                            Seg::t(format!("let {var} = ")),
                            Seg::chain(
                                "response",
                                [
                                    format!(".{field}"),
                                    ".get_or_insert_with(Default::default)".to_owned(),
                                ],
                            ),
                        ]
                    } else {
                        let mut l = vec![Seg::t(format!("let {var} = "))];
                        l.extend(place("response", field));
                        l
                    });
                }
                place(&var, name)
            }
        }))
    }
}

/// The impl, for an action that pages, for a module at `depth`; `None` otherwise (or
/// when a member is missing, which `check` refuses before).
pub fn paginated_impl(s: &Service, a: &Action, depth: usize) -> Option<String> {
    let p = a.pagination.as_ref()?;
    let (_, items) = response_field(s, a, &p.items)?;
    let Ty::List(item) = &items.ty else {
        return None;
    };
    let item = ty(item, Scope::Action);
    let max = some(p.max_limit.map(|m| vec![Seg::t(format!("{m}u64"))]));
    let (kind, mut args) = match p.kind {
        PageKind::Offset => ("offset", Vec::new()),
        PageKind::Page { first } => ("page", vec![vec![Seg::t(format!("{first}u64"))]]),
        PageKind::Token => ("token", Vec::new()),
    };
    args.push(max);
    let cursor = member(&a.request.fields, Some(&p.cursor));
    let (position, token) = match p.kind {
        PageKind::Token => (None, cursor),
        _ => (cursor, None),
    };
    let limit = member(&a.request.fields, p.limit.as_deref());
    let mut outer = Outer {
        lets: Vec::new(),
        names: Vec::new(),
    };
    let items_place = outer.place(s, a, Some(&p.items))??;
    let total = outer.place(s, a, p.total.as_deref())?;
    let next = outer.place(s, a, p.next_token.as_deref())?;
    let (i0, i1, i2) = (depth * 4, depth * 4 + 4, depth * 4 + 8);
    let mut t = Text::with_capacity(1024);
    t.doc(
        i0,
        &format!(
            "Pages by {} (`{}`): `client.paginate(request)` gives every page, `.items()` every item of `{}`.",
            p.kind_name(),
            p.cursor,
            p.items
        ),
    );
    t.impl_header(i0, "::tcapi::Paginated", &a.request.name);
    t.line(i1, &["type Item = ", &item, ";"]);
    t.segs(
        i1,
        &[
            Seg::t(
                "const PAGINATION: ::tcapi::paginate::Pagination = ::tcapi::paginate::Pagination::",
            ),
            Seg::t(kind),
            Seg::group("(", args, ")"),
        ],
        ";",
        "",
    );
    t.line(
        i1,
        &["fn request_members(&mut self) -> ::tcapi::paginate::RequestMembers<'_> {"],
    );
    let field = |name: &'static str, value: Option<Vec<Seg<'static>>>| {
        let mut f = vec![Seg::t(name)];
        f.extend(some(value));
        f
    };
    t.struct_expr(
        i2,
        "",
        "::tcapi::paginate::RequestMembers",
        &[
            field("position: ", position),
            field("page_size: ", limit),
            field("token: ", token),
        ],
        "",
    );
    t.line(i1, &["}"]);
    let response = format!("response: &mut {}", a.response.name);
    t.segs(
        i1,
        &[
            Seg::t("fn response_members"),
            Seg::list("(", [response.as_str()], ")"),
            Seg::t(" -> ::tcapi::paginate::ResponseMembers"),
            Seg::list("<", ["'_", item.as_str()], ">"),
        ],
        " {",
        "",
    );
    for l in &outer.lets {
        t.segs(i2, l, ";", "");
    }
    t.struct_expr(
        i2,
        "",
        "::tcapi::paginate::ResponseMembers",
        &[
            {
                let mut f = vec![Seg::t("items: ")];
                f.extend(items_place);
                f
            },
            field("total: ", total),
            field("next_token: ", next),
        ],
        "",
    );
    t.line(i1, &["}"]);
    t.line(i0, &["}"]);
    Some(t.finish())
}
