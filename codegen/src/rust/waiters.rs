//! The `waiters` module of a service with named waiters (spec key `waiters`): one function
//! per waiter, returning a `tcapi::Waiter` over its action's response.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Item;

use crate::ir::{Service, WaitStep, Waiter};
use crate::rust::doc;
use crate::rust::tokens::ident;

/// The statements pushing every state the path reaches from `var` (`enumeration`: the
/// state is a generated enum, read with `as_str()`; else a `String` or a number).
fn walk(steps: &[WaitStep], var: &TokenStream, depth: usize, enumeration: bool) -> TokenStream {
    let Some((step, rest)) = steps.split_first() else {
        return if enumeration {
            quote!(states.push(#var.as_str().to_owned());)
        } else {
            quote!(states.push(#var.to_string());)
        };
    };
    let field = ident(&step.field);
    let access = quote!(#var.#field);
    let next = format_ident!("x{}", depth);
    let inner = walk(rest, &quote!(#next), depth + 1, step.enumeration);
    match (step.optional, step.each) {
        (false, false) => {
            if rest.is_empty() {
                if step.enumeration {
                    quote!(states.push(#access.as_str().to_owned());)
                } else {
                    quote!(states.push(#access.to_string());)
                }
            } else {
                quote!(let #next = &#access; #inner)
            }
        }
        (true, false) => quote!(if let Some(#next) = &#access { #inner }),
        (false, true) => quote!(for #next in &#access { #inner }),
        (true, true) => quote!(if let Some(list) = &#access { for #next in list { #inner } }),
    }
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| doc::code(v))
        .collect::<Vec<_>>()
        .join(", ")
}

fn function(w: &Waiter) -> Item {
    let name = &w.name;
    let function = ident(&w.function);
    let response = ident(&w.response);
    let body = walk(&w.steps, &quote!(response), 0, false);
    let success = &w.success;
    let failure = &w.failure;
    let none = w.none_is_success;
    let mut timing = TokenStream::new();
    if let Some(i) = w.interval {
        let i = proc_macro2::Literal::u64_unsuffixed(i);
        timing.extend(quote!(.interval(::std::time::Duration::from_secs(#i))));
    }
    if let Some(d) = w.deadline {
        let d = proc_macro2::Literal::u64_unsuffixed(d);
        timing.extend(quote!(.deadline(::std::time::Duration::from_secs(#d))));
    }
    let mut text = match &w.description {
        Some(d) if !d.trim().is_empty() => doc::escape(d),
        _ => format!("`{name}`."),
    };
    text.push_str(&format!(
        "\n\nPolls `{}` ([`{}`](super::{})) until every `{}` is {}",
        w.action,
        w.request,
        w.request,
        w.state,
        if w.success.is_empty() {
            "gone".to_owned()
        } else {
            list(&w.success)
        }
    ));
    if w.none_is_success && !w.success.is_empty() {
        text.push_str(" or none is left");
    }
    text.push('.');
    if !w.failure.is_empty() {
        text.push_str(&format!(
            " A state among {} ends the wait with `tcapi::WaitError::Failed` naming it.",
            list(&w.failure)
        ));
    }
    text.push_str(" Use it with `client.wait(request, waiters::");
    text.push_str(&w.function);
    text.push_str("())`; change the deadline or interval on the waiter.");
    let attrs = doc::attrs(&text);
    let mut item: syn::ItemFn = syn::parse_quote! {
        pub fn #function() -> ::tcapi::Waiter<super::#response> {
            let states: fn(&super::#response) -> Vec<String> = |response| {
                let mut states = Vec::new();
                #body
                states
            };
            ::tcapi::Waiter::states(#name, states, &[#(#success),*], &[#(#failure),*], #none)
                #timing
        }
    };
    item.attrs = attrs;
    Item::Fn(item)
}

/// The `waiters` module, when the service declares waiters.
pub fn module(s: &Service) -> Option<Item> {
    if s.waiters.is_empty() {
        return None;
    }
    let text = format!(
        "Named waiters of {}: the states users wait on most, as documented. Each returns a `tcapi::Waiter` for `client.wait(request, waiter)` (see `tcapi::wait`).",
        doc::escape(&s.title)
    );
    let functions = s.waiters.iter().map(function);
    let mut item: syn::ItemMod = syn::parse_quote! {
        pub mod waiters {
            #(#functions)*
        }
    };
    item.attrs = doc::attrs(&text);
    Some(Item::Mod(item))
}
