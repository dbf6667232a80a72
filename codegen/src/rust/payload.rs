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

use crate::ir::{Action, Field, Payload, Ty};
use crate::rust::layout::{Seg, Text, lit};

/// The `payload` method of `a`'s `impl ::tcapi::Action` at `indent`, when its body is not
/// JSON.
pub fn payload_fn(a: &Action, indent: usize, t: &mut Text) {
    match &a.payload {
        Payload::Json => {}
        Payload::Multipart => multipart(a, indent, t),
        Payload::OctetStream { body, headers } => octet_stream(a, body, headers, indent, t),
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
fn value(f: &Field) -> String {
    if f.optional {
        "v".to_owned()
    } else {
        format!("&self.{}", f.rust)
    }
}

/// The `&str` of an enum member: `v.as_str()` or `self.field.as_str()`.
fn enum_text(f: &Field) -> String {
    if f.optional {
        "v.as_str()".to_owned()
    } else {
        format!("self.{}.as_str()", f.rust)
    }
}

/// `var = var.method(name, value);` at `indent`, or, for an optional field, inside
/// `if let Some(v) = &self.field { ... }`.
fn add(t: &mut Text, indent: usize, f: &Field, var: &str, method: &str, name: &str, value: &str) {
    let inner = if f.optional {
        t.line(indent, &["if let Some(v) = &self.", &f.rust, " {"]);
        indent + 4
    } else {
        indent
    };
    let call = format!("{var} = {var}.{method}");
    let name = lit(name);
    t.segs(
        inner,
        &[Seg::t(call), Seg::list("(", [name.as_str(), value], ")")],
        ";",
        "",
    );
    if f.optional {
        t.line(indent, &["}"]);
    }
}

fn multipart(a: &Action, i0: usize, t: &mut Text) {
    let i1 = i0 + 4;
    t.line(
        i0,
        &["/// A `multipart/form-data` form, as Tencent's SDKs send this action: one part per"],
    );
    t.line(
        i0,
        &["/// member that is set, `Binary` members as file parts named after the member."],
    );
    t.line(i0, &["fn payload(&self) -> ::tcapi::payload::Payload {"]);
    t.line(i1, &["let mut form = ::tcapi::payload::Multipart::new();"]);
    for f in &a.request.fields {
        let wire = &f.wire;
        let v = value(f);
        match &f.ty {
            Ty::Binary => add(t, i1, f, "form", "binary", wire, &v),
            Ty::Enum(_) => add(t, i1, f, "form", "text", wire, &enum_text(f)),
            Ty::String(_) | Ty::I64 | Ty::U64 | Ty::F64 | Ty::Bool => {
                add(t, i1, f, "form", "scalar", wire, &v)
            }
            Ty::List(_) | Ty::Struct(..) => add(t, i1, f, "form", "json", wire, &v),
        }
    }
    t.line(i1, &["::tcapi::payload::Payload::Multipart(form)"]);
    t.line(i0, &["}"]);
}

fn octet_stream(a: &Action, body: &str, headers: &[(String, String)], i0: usize, t: &mut Text) {
    let i1 = i0 + 4;
    let bytes = match a.body_field() {
        Some(f) if f.optional => format!(
            "self.{}.as_ref().map(|b| b.as_bytes().to_vec()).unwrap_or_default()",
            f.rust
        ),
        Some(f) => format!("self.{}.as_bytes().to_vec()", f.rust),
        // `check` makes the body a member; without one the body is empty.
        None => "::std::vec::Vec::new()".to_owned(),
    };
    t.doc(
        i0,
        &format!(
            "The bytes of `{body}` as the body (`application/octet-stream`), the other members that are set as headers."
        ),
    );
    t.line(i0, &["fn payload(&self) -> ::tcapi::payload::Payload {"]);
    let let_raw = if headers.is_empty() {
        "let raw = ::tcapi::payload::OctetStream::new"
    } else {
        "let mut raw = ::tcapi::payload::OctetStream::new"
    };
    t.segs(
        i1,
        &[Seg::t(let_raw), Seg::list("(", [bytes], ")")],
        ";",
        "",
    );
    for (member, header) in headers {
        let Some(f) = a.request.fields.iter().find(|f| &f.wire == member) else {
            continue;
        };
        match &f.ty {
            Ty::Enum(_) => add(t, i1, f, "raw", "header", header, &enum_text(f)),
            _ => add(t, i1, f, "raw", "scalar", header, &value(f)),
        }
    }
    t.line(i1, &["::tcapi::payload::Payload::OctetStream(raw)"]);
    t.line(i0, &["}"]);
}
