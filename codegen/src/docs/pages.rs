//! What the writers of the pages ([`super::markdown`], [`super::html`],
//! [`super::site_html`]) share: when a value is shown (a number when it is not 0, a text when
//! it is not empty, a list when it has items) and how values that are not prose are written.

use super::context::{ActionView, FieldView, ServiceView, WaiterView};
use super::text::push_html;

/// An optional text, when it is shown (not empty).
pub fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// An optional number, when it is shown (not 0).
pub fn nonzero(n: Option<u32>) -> Option<u32> {
    n.filter(|&n| n != 0)
}

/// Appends a number in decimal.
pub fn push_num(out: &mut String, n: u32) {
    use std::fmt::Write as _;
    let _ = write!(out, "{n}");
}

/// Appends `s` in lower case.
pub fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// `Yes` or `No`.
pub fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

/// A field's constraints in an HTML page, joined by `; ` (each escaped).
pub fn push_html_constraints(out: &mut String, f: &FieldView) {
    for (i, c) in f.constraints.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        push_html(out, c);
    }
}

/// The type of a field, linked to its data type's section on the service page `page`
/// (`index.html` from a site action page, empty on a page holding the section).
pub fn push_html_type(out: &mut String, f: &FieldView, page: &str) {
    match f.type_anchor.as_deref().filter(|a| !a.is_empty()) {
        Some(anchor) => {
            out.push_str("<a href=\"");
            out.push_str(page);
            out.push('#');
            push_html(out, anchor);
            out.push_str("\">");
            push_html(out, &f.ty);
            out.push_str("</a>");
        }
        None => push_html(out, &f.ty),
    }
}

/// An optional number with its unit, or `none` when it is absent or 0
/// (`20/s`, `5 s`, `not documented`).
pub fn push_figure(out: &mut String, n: Option<u32>, unit: &str, none: &str) {
    match nonzero(n) {
        Some(n) => {
            push_num(out, n);
            out.push_str(unit);
        }
        None => out.push_str(none),
    }
}

/// `s` in lower case in an HTML page (escaped after lowering).
pub fn push_html_lower(out: &mut String, s: &str) {
    let mut lower = String::with_capacity(s.len());
    push_lower(&mut lower, s);
    push_html(out, &lower);
}

/// The rows of a service's endpoints table after its first cell's label (`Nearest
/// (mainland)` or `Mainland`), through the region row and the table's end.
pub fn push_endpoint_rows(out: &mut String, mainland: &str, s: &ServiceView) {
    out.push_str("<table>\n<tr><th>");
    out.push_str(mainland);
    out.push_str("</th><td><code>");
    push_html(out, &s.mainland);
    out.push_str("</code></td></tr>\n<tr><th>International</th><td><code>");
    push_html(out, &s.international);
    out.push_str("</code></td></tr>\n<tr><th>Regional</th><td><code>");
    push_html(out, &s.regional);
    out.push_str("</code></td></tr>\n<tr><th>Region</th><td>");
    push_html(out, &s.region);
    out.push_str("</td></tr>\n</table>\n");
}

/// `<code>Enum::Variant</code>`: the Rust variant of an error code.
pub fn push_html_variant(out: &mut String, rust_enum: &str, variant: &str) {
    out.push_str("<code>");
    push_html(out, rust_enum);
    out.push_str("::");
    push_html(out, variant);
    out.push_str("</code>");
}

/// The waiters table of a service's HTML page (nothing without waiters); `href` is the link
/// to a waiter's action (`X.html` on the site, `#anchor` on the single page).
pub fn push_html_waiters(
    out: &mut String,
    waiters: &[WaiterView],
    href: impl Fn(&WaiterView) -> String,
) {
    if waiters.is_empty() {
        return;
    }
    out.push_str("<h2 id=\"waiters\">Waiters</h2>\n<p>Named waiters for <code>client.wait(request, waiter)</code>, in the crate's <code>waiters</code> module:</p>\n<table>\n<thead><tr><th>Waiter</th><th>Polls</th><th>State</th><th>Done on</th><th>Fails on</th></tr></thead>\n<tbody>\n");
    for w in waiters {
        out.push_str("<tr><td><code>waiters::");
        push_html(out, &w.function);
        out.push_str("()</code></td><td><a href=\"");
        push_html(out, &href(w));
        out.push_str("\">");
        push_html(out, &w.action);
        out.push_str("</a></td><td><code>");
        push_html(out, &w.state);
        out.push_str("</code></td><td>");
        for (i, v) in w.success.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str("<code>");
            push_html(out, v);
            out.push_str("</code>");
        }
        if w.none_left {
            if !w.success.is_empty() {
                out.push_str("; ");
            }
            out.push_str("none left");
        }
        out.push_str("</td><td>");
        if w.failure.is_empty() {
            out.push('–');
        }
        for (i, v) in w.failure.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str("<code>");
            push_html(out, v);
            out.push_str("</code>");
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// How an action pages, in HTML: ``by offset (`Offset`, `Limit`): `client.paginate(request)`
/// gives every page, `.items()` every item of `InstanceSet` `` (the caller writes what is
/// around it: a table row on the site, a sentence on the single page).
pub fn push_html_pages(out: &mut String, a: &ActionView) {
    out.push_str("by ");
    push_html(out, &a.pages);
    out.push_str(" (");
    for (i, m) in a.pages_members.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("<code>");
        push_html(out, m);
        out.push_str("</code>");
    }
    out.push_str("): <code>client.paginate(request)</code> gives every page, <code>.items()</code> every item of <code>");
    push_html(out, &a.pages_items);
    out.push_str("</code>");
}
