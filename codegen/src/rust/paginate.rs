//! `impl ::tcapi::Paginated` of actions with the spec key `pagination`: which members of
//! the request and the response page, as data (the runtime's `tcapi::paginate` walks them).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Item;

use crate::ir::{Action, Field, PageKind, Service, Ty};
use crate::rust::tokens::{Scope, ident, ty};

fn field<'a>(fields: &'a [Field], wire: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.wire == wire)
}

/// `Some(&mut <base>.<field>)` for the member `wire`, or `None`.
fn member(fields: &[Field], wire: Option<&str>, base: &TokenStream) -> TokenStream {
    match wire.and_then(|w| field(fields, w)) {
        Some(f) => {
            let name = ident(&f.rust);
            quote!(Some(&mut #base.#name))
        }
        None => quote!(None),
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
    lets: Vec<TokenStream>,
    names: Vec<String>,
}

impl Outer {
    /// `&mut response.f` or `&mut <outer>.f` for the member at `path`.
    fn place(
        &mut self,
        s: &Service,
        a: &Action,
        path: Option<&str>,
    ) -> Option<Option<TokenStream>> {
        let Some(path) = path else {
            return Some(None);
        };
        let (outer, f) = response_field(s, a, path)?;
        let name = ident(&f.rust);
        Some(Some(match outer {
            None => quote!(&mut response.#name),
            Some(o) => {
                let var = format_ident!("outer_{}", crate::names::unraw(&o.rust));
                if !self.names.contains(&o.rust) {
                    self.names.push(o.rust.clone());
                    let field = ident(&o.rust);
                    self.lets.push(if o.optional {
                        quote!(let #var = response.#field.get_or_insert_with(Default::default);)
                    } else {
                        quote!(let #var = &mut response.#field;)
                    });
                }
                quote!(&mut #var.#name)
            }
        }))
    }
}

/// The impl, for an action that pages; `None` otherwise (or when a member is missing,
/// which `check` refuses before).
pub fn paginated_impl(s: &Service, a: &Action) -> Option<Item> {
    let p = a.pagination.as_ref()?;
    let (_, items) = response_field(s, a, &p.items)?;
    let Ty::List(item) = &items.ty else {
        return None;
    };
    let item = ty(item, Scope::Action);
    let req = ident(&a.request.name);
    let resp = ident(&a.response.name);
    let max = match p.max_limit {
        Some(m) => quote!(Some(#m)),
        None => quote!(None),
    };
    let paging = match p.kind {
        PageKind::Offset => quote!(::tcapi::paginate::Pagination::offset(#max)),
        PageKind::Page { first } => quote!(::tcapi::paginate::Pagination::page(#first, #max)),
        PageKind::Token => quote!(::tcapi::paginate::Pagination::token(#max)),
    };
    let this = quote!(self);
    let (position, token) = match p.kind {
        PageKind::Token => (
            quote!(None),
            member(&a.request.fields, Some(&p.cursor), &this),
        ),
        _ => (
            member(&a.request.fields, Some(&p.cursor), &this),
            quote!(None),
        ),
    };
    let limit = member(&a.request.fields, p.limit.as_deref(), &this);
    let mut outer = Outer {
        lets: Vec::new(),
        names: Vec::new(),
    };
    let items_place = outer.place(s, a, Some(&p.items))??;
    let some = |t: Option<TokenStream>| match t {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    };
    let total = some(outer.place(s, a, p.total.as_deref())?);
    let next = some(outer.place(s, a, p.next_token.as_deref())?);
    let lets = &outer.lets;
    let doc = format!(
        " Pages by {} (`{}`): `client.paginate(request)` gives every page, `.items()` every item of `{}`.",
        p.kind_name(),
        p.cursor,
        p.items
    );
    let item: Item = syn::parse_quote! {
        #[doc = #doc]
        impl ::tcapi::Paginated for #req {
            type Item = #item;
            const PAGINATION: ::tcapi::paginate::Pagination = #paging;
            fn request_members(&mut self) -> ::tcapi::paginate::RequestMembers<'_> {
                ::tcapi::paginate::RequestMembers {
                    position: #position,
                    page_size: #limit,
                    token: #token,
                }
            }
            fn response_members(response: &mut #resp) -> ::tcapi::paginate::ResponseMembers<'_, #item> {
                #(#lets)*
                ::tcapi::paginate::ResponseMembers {
                    items: #items_place,
                    total: #total,
                    next_token: #next,
                }
            }
        }
    };
    Some(item)
}
