//! The rules of request bodies other than JSON: which `Binary` members can be sent, and
//! the `octet_stream` key of an action.
//!
//! A request with a top-level `Binary` input member is sent as a `multipart/form-data`
//! form, one part per member, as Tencent's SDKs send them (`BinaryParams` of
//! `tencentcloud-sdk-python`). A form has no place for bytes below the top level: a
//! `Binary` inside a list or inside a data type the request holds would travel as base64
//! text inside a JSON part, which no Tencent service reads as a file (none documents such a
//! member either). Such members are refused here, where the spec can still be changed.

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::spec::{Action, OctetStreamSpec, Param, Prim, ServiceSpec, TypeExpr};

/// Headers the client sets itself, which no parameter may take (the runtime's
/// `tcapi::payload` refuses the same names when a request is built by hand).
pub const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "content-type",
    "host",
    "transfer-encoding",
    "x-tc-action",
    "x-tc-language",
    "x-tc-region",
    "x-tc-requestclient",
    "x-tc-timestamp",
    "x-tc-token",
    "x-tc-version",
];

/// Whether `name` is an HTTP header name (an RFC 9110 token).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn err(diags: &mut Diagnostics, pos: &Pos, msg: impl Into<String>, hint: impl Into<String>) {
    diags.push(Diagnostic::new(pos, msg).hint(hint));
}

/// Every payload rule of one service version.
pub fn check_service(s: &ServiceSpec, diags: &mut Diagnostics) {
    for a in &s.actions {
        for p in &a.input {
            if let TypeExpr::List(_) = &p.ty.value {
                if p.ty.value.leaf() == &TypeExpr::Prim(Prim::Binary) {
                    err(
                        diags,
                        &p.ty.pos,
                        format!(
                            "`{}` of action `{}` is a list of `Binary`, which cannot be sent: a multipart form carries one file part per member",
                            p.name.value, a.name.value
                        ),
                        "give each file its own `Binary` member",
                    );
                }
            }
        }
        if let Some(o) = &a.octet_stream {
            octet_stream(&s.service.value, a, o, diags);
        }
    }
    nested_binary(s, diags);
}

/// `Binary` fields of data types that a request holds.
fn nested_binary(s: &ServiceSpec, diags: &mut Diagnostics) {
    let types: HashMap<&str, &[Param]> = s
        .types
        .iter()
        .map(|t| (t.name.value.as_str(), t.fields.as_slice()))
        .collect();
    // The first action whose request reaches each type, breadth first, so the message
    // names a short path.
    let mut reached: HashMap<&str, &str> = HashMap::new();
    for a in &s.actions {
        let mut queue: Vec<&str> = a
            .input
            .iter()
            .filter_map(|p| match p.ty.value.leaf() {
                TypeExpr::Ref(n) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        let mut seen: HashSet<&str> = HashSet::new();
        while let Some(t) = queue.pop() {
            if !seen.insert(t) {
                continue;
            }
            reached.entry(t).or_insert(a.name.value.as_str());
            for f in types.get(t).copied().unwrap_or_default() {
                if let TypeExpr::Ref(n) = f.ty.value.leaf() {
                    queue.push(n);
                }
            }
        }
    }
    for t in &s.types {
        let Some(action) = reached.get(t.name.value.as_str()) else {
            continue;
        };
        for f in &t.fields {
            if f.ty.value.leaf() == &TypeExpr::Prim(Prim::Binary) {
                err(
                    diags,
                    &f.ty.pos,
                    format!(
                        "field `{}` of type `{}` is `Binary`, which cannot be sent: the request of `{action}` holds `{}`, and only top-level members of a request become file parts",
                        f.name.value, t.name.value, t.name.value
                    ),
                    "make the bytes a top-level `Binary` input member of the action, or a `String` when the API takes base64 text there",
                );
            }
        }
    }
}

fn scalar_header_type(t: &TypeExpr) -> bool {
    matches!(t, TypeExpr::Prim(p) if *p != Prim::Binary)
}

fn octet_stream(service: &str, a: &Action, o: &OctetStreamSpec, diags: &mut Diagnostics) {
    let names = || a.input.iter().map(|p| p.name.value.as_str());
    let unknown = |diags: &mut Diagnostics, name: &crate::spec::Spanned<String>, role: &str| {
        let mut hint = format!(
            "name one of the action's input members: {}",
            names().collect::<Vec<_>>().join(", ")
        );
        if let Some(m) = did_you_mean(&name.value, names()) {
            hint = format!("did you mean `{m}`? ({hint})");
        }
        err(
            diags,
            &name.pos,
            format!(
                "{role} `{}` is not an input member of action `{}`",
                name.value, a.name.value
            ),
            hint,
        );
    };
    let find = |name: &str| a.input.iter().find(|p| p.name.value == name);
    match find(&o.body.value) {
        None => unknown(diags, &o.body, "the `octet_stream` body"),
        Some(p) if p.ty.value != TypeExpr::Prim(Prim::Binary) => err(
            diags,
            &o.body.pos,
            format!(
                "the `octet_stream` body `{}` is a `{}`; the body is bytes",
                o.body.value,
                p.ty.value.display()
            ),
            format!("declare it `{}: {{ type: Binary }}`", o.body.value),
        ),
        Some(_) => {}
    }
    let mut headers: HashMap<String, &Pos> = HashMap::new();
    let mut members: HashSet<&str> = HashSet::new();
    for (member, header) in &o.headers {
        members.insert(&member.value);
        if member.value == o.body.value {
            err(
                diags,
                &member.pos,
                format!(
                    "`{}` is the `octet_stream` body and cannot also be a header",
                    member.value
                ),
                "remove it from `headers`",
            );
        } else {
            match find(&member.value) {
                None => unknown(diags, member, "the header member"),
                Some(p) if !scalar_header_type(&p.ty.value) => err(
                    diags,
                    &member.pos,
                    format!(
                        "the header member `{}` is a `{}`; a header carries one text value",
                        member.value,
                        p.ty.value.display()
                    ),
                    "headers take strings, numbers and booleans only",
                ),
                Some(_) => {}
            }
        }
        let h = &header.value;
        if !is_header_name(h) {
            err(
                diags,
                &header.pos,
                format!("`{h}` is not an HTTP header name"),
                "use letters, digits and `-`, as documented, e.g. `X-CLS-TopicId`",
            );
        } else if RESERVED_HEADERS.contains(&h.to_ascii_lowercase().as_str()) {
            err(
                diags,
                &header.pos,
                format!("the header `{h}` is set by the client and cannot carry a parameter"),
                "use the header name the API documents for the member",
            );
        } else if let Some(first) = headers.insert(h.to_ascii_lowercase(), &header.pos) {
            err(
                diags,
                &header.pos,
                format!(
                    "the header `{h}` is given twice (first at {first}); header names are not case-sensitive"
                ),
                "give each member its own header",
            );
        }
    }
    for p in &a.input {
        if p.name.value != o.body.value && !members.contains(p.name.value.as_str()) {
            err(
                diags,
                &p.name.pos,
                format!(
                    "input member `{}` of action `{}` has no header: the body of an `octet_stream` action is `{}` alone",
                    p.name.value, a.name.value, o.body.value
                ),
                format!(
                    "add `{}: X-{}-{}` under `octet_stream.headers` (the header the API documents)",
                    p.name.value,
                    service.to_ascii_uppercase(),
                    p.name.value
                ),
            );
        }
    }
}
