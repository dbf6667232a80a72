//! `Action::payload()` of actions whose body is not JSON: a `multipart/form-data` form
//! for requests with `Binary` members, a raw `application/octet-stream` body for actions
//! with the spec key `octet_stream`.
//!
//! The form is the one `tencentcloud-sdk-python` builds from `BinaryParams`: one part per
//! member that is set, in field order (unset optional members are left out, as the SDKs
//! leave `None` out of the parameters they send); a `Binary` member is a file part named
//! after the member (`name="File"; filename="File"`, no part `Content-Type`); a string or
//! enum member a text part; a list or data type a JSON part with
//! `Content-Type: application/json`; a number or boolean a text part with its JSON text.
//! An octet-stream body is the body member's bytes (empty when an optional body is unset),
//! each other member that is set one header, as the Go SDK sends `cls` `UploadLog`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ImplItem;

use crate::ir::{Action, Field, Payload, Ty};
use crate::rust::tokens::ident;

/// The `payload` method of `a`'s `impl ::tcapi::Action`, when its body is not JSON.
pub fn payload_fn(a: &Action) -> Option<ImplItem> {
    match &a.payload {
        Payload::Json => None,
        Payload::Multipart => Some(multipart(a)),
        Payload::OctetStream { body, headers } => Some(octet_stream(a, body, headers)),
    }
}

/// The sentence of the request's docs that says how it is sent.
pub fn fact(a: &Action) -> Option<String> {
    match &a.payload {
        Payload::Json => None,
        Payload::Multipart => Some(
            "Sent as a `multipart/form-data` form: each `Binary` member a file part named after the member".to_owned(),
        ),
        Payload::OctetStream { body, headers } => {
            let mut s = format!(
                "Sent as a raw `application/octet-stream` body: the bytes of `{body}`"
            );
            if !headers.is_empty() {
                let hs: Vec<String> = headers.iter().map(|(_, h)| format!("`{h}`")).collect();
                s.push_str(&format!(", the other members in the headers {}", hs.join(", ")));
            }
            Some(s)
        }
    }
}

/// `v` when the field is bound by `if let Some(v)`, else `&self.field`.
fn value(f: &Field) -> TokenStream {
    if f.optional {
        quote!(v)
    } else {
        let name = ident(&f.rust);
        quote!(&self.#name)
    }
}

/// The `&str` of an enum member: `v.as_str()` or `self.field.as_str()`.
fn enum_text(f: &Field) -> TokenStream {
    if f.optional {
        quote!(v.as_str())
    } else {
        let name = ident(&f.rust);
        quote!(self.#name.as_str())
    }
}

/// `stmt`, or `if let Some(v) = &self.field { stmt }` for an optional field.
fn when_set(f: &Field, stmt: TokenStream) -> TokenStream {
    if f.optional {
        let name = ident(&f.rust);
        quote!(if let Some(v) = &self.#name { #stmt })
    } else {
        stmt
    }
}

fn multipart(a: &Action) -> ImplItem {
    let parts = a.request.fields.iter().map(|f| {
        let wire = &f.wire;
        let v = value(f);
        let add = match &f.ty {
            Ty::Binary => quote!(form = form.binary(#wire, #v);),
            Ty::Enum(_) => {
                let text = enum_text(f);
                quote!(form = form.text(#wire, #text);)
            }
            Ty::String(_) | Ty::I64 | Ty::U64 | Ty::F64 | Ty::Bool => {
                quote!(form = form.scalar(#wire, #v);)
            }
            Ty::List(_) | Ty::Struct(..) => quote!(form = form.json(#wire, #v);),
        };
        when_set(f, add)
    });
    syn::parse_quote! {
        /// A `multipart/form-data` form, as Tencent's SDKs send this action: one part per
        /// member that is set, `Binary` members as file parts named after the member.
        fn payload(&self) -> ::tcapi::payload::Payload {
            let mut form = ::tcapi::payload::Multipart::new();
            #(#parts)*
            ::tcapi::payload::Payload::Multipart(form)
        }
    }
}

fn octet_stream(a: &Action, body: &str, headers: &[(String, String)]) -> ImplItem {
    let bytes = match a.body_field() {
        Some(f) if f.optional => {
            let name = ident(&f.rust);
            quote!(self.#name.as_ref().map(|b| b.as_bytes().to_vec()).unwrap_or_default())
        }
        Some(f) => {
            let name = ident(&f.rust);
            quote!(self.#name.as_bytes().to_vec())
        }
        // `check` makes the body a member; without one the body is empty.
        None => quote!(::std::vec::Vec::new()),
    };
    let params = headers.iter().filter_map(|(member, header)| {
        let f = a.request.fields.iter().find(|f| &f.wire == member)?;
        let v = value(f);
        let add = match &f.ty {
            Ty::Enum(_) => {
                let text = enum_text(f);
                quote!(raw = raw.header(#header, #text);)
            }
            _ => quote!(raw = raw.scalar(#header, #v);),
        };
        Some(when_set(f, add))
    });
    let doc = format!(
        " The bytes of `{body}` as the body (`application/octet-stream`), the other members that are set as headers."
    );
    let mut_kw = if headers.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    syn::parse_quote! {
        #[doc = #doc]
        fn payload(&self) -> ::tcapi::payload::Payload {
            let #mut_kw raw = ::tcapi::payload::OctetStream::new(#bytes);
            #(#params)*
            ::tcapi::payload::Payload::OctetStream(raw)
        }
    }
}
