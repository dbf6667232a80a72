//! `impl ::tcapi::Paginated` of actions with the spec key `pagination`: which members of
//! the request and the response page, as data (the runtime's `tcapi::paginate` walks them).

use proc_macro2::TokenStream;
use quote::quote;
use syn::Item;

use crate::ir::{Action, Field, PageKind, Ty};
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

/// The impl, for an action that pages; `None` otherwise (or when a member is missing,
/// which `check` refuses before).
pub fn paginated_impl(a: &Action) -> Option<Item> {
    let p = a.pagination.as_ref()?;
    let items = field(&a.response.fields, &p.items)?;
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
    let r = quote!(response);
    let items_name = ident(&items.rust);
    let total = member(&a.response.fields, p.total.as_deref(), &r);
    let next = member(&a.response.fields, p.next_token.as_deref(), &r);
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
                ::tcapi::paginate::ResponseMembers {
                    items: &mut response.#items_name,
                    total: #total,
                    next_token: #next,
                }
            }
        }
    };
    Some(item)
}
