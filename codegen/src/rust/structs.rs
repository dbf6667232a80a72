//! Request, response and data type structs: fields with serde attributes, constructors and
//! setters for inputs, and `Validate` impls from the documented constraints.

use proc_macro2::Literal;

use crate::ir::Num;
use crate::ir::{Field, Struct, Ty};
use crate::rust::Piece;
use crate::rust::doc;
use crate::rust::layout::{self, Seg, Text};
use crate::rust::tokens::{Scope, ty_into};

/// Markdown describing a field: description, then facts and constraints.
pub fn field_doc(f: &Field, input: bool) -> String {
    let mut s = String::with_capacity(256);
    field_doc_into(f, input, &mut s);
    s
}

/// [`field_doc`], appended to `s`.
fn field_doc_into(f: &Field, input: bool, s: &mut String) {
    match &f.description {
        Some(d) if !d.trim().is_empty() => s.push_str(&doc::escape(d)),
        _ => {
            s.push('`');
            s.push_str(&f.wire);
            s.push_str("`.");
        }
    }
    s.push_str("\n\nWire name ");
    doc::code_into(&f.wire, s);
    s.push_str(", type ");
    doc::code_into(&f.spec_type, s);
    if input {
        s.push_str(if f.required {
            ". Required"
        } else {
            ". Optional"
        });
    } else if f.nullable {
        s.push_str(". May be null");
    }
    if let Some(u) = &f.unit {
        s.push_str(". Unit: ");
        s.push_str(&doc::escape(u));
    }
    let c = &f.constraints;
    if let Some((min, max)) = c.length {
        s.push_str(". Length: ");
        s.push_str(&bounds(min, max));
        s.push_str(" characters");
    }
    if c.ascii {
        s.push_str(". ASCII only");
    }
    if let Some(p) = &c.pattern {
        s.push_str(". Pattern: ");
        doc::code_into(p, s);
    }
    if let Some((min, max)) = c.items {
        s.push_str(". Items: ");
        s.push_str(&bounds(min, max));
    }
    if let Some((min, max)) = c.range {
        s.push_str(". Range: ");
        s.push_str(&bounds(min.map(num), max.map(num)));
    }
    if let Some(d) = &f.default {
        s.push_str(". Default: ");
        doc::code_into(d, s);
    }
    if let Some(e) = &f.example {
        s.push_str(". Example: ");
        doc::code_into(e, s);
    }
    if f.deprecated {
        s.push_str(". Deprecated (disused)");
    }
    if f.sensitive {
        s.push_str(". Sensitive: `Debug` and logs show it masked");
    }
    s.push('.');
}

fn num(n: Num) -> String {
    match n {
        Num::Int(i) => i.to_string(),
        Num::UInt(u) => u.to_string(),
        Num::Float(f) => f.to_string(),
    }
}

fn bounds<T: ToString>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{} to {}", a.to_string(), b.to_string()),
        (Some(a), None) => format!("at least {}", a.to_string()),
        (None, Some(b)) => format!("at most {}", b.to_string()),
        (None, None) => "any".into(),
    }
}

/// The struct with its derives, written as formatted Rust for a module at `depth`;
/// `request_id` adds the `RequestId` every response carries.
pub fn definition(
    s: &Struct,
    scope: Scope,
    doc_md: &str,
    request_id: bool,
    depth: usize,
) -> String {
    let i0 = "    ".repeat(depth);
    let i1 = format!("{i0}    ");
    let mut out = String::with_capacity(doc_md.len() + 256 + s.fields.len() * 256);
    doc::push_lines(doc_md, &i0, &mut out);
    // `Debug` is written next to the wire impls (`debug_text`), not derived.
    out.push_str(&i0);
    out.push_str(if s.derives_default() {
        "#[derive(Clone, PartialEq, Default)]\n"
    } else {
        "#[derive(Clone, PartialEq)]\n"
    });
    // A member Tencent adds later is a field more: `#[non_exhaustive]` keeps that from
    // breaking users' code (they build requests and data types with `new` and setters, and
    // responses with `Default` or from JSON, never with a struct literal).
    out.push_str(&i0);
    out.push_str("#[non_exhaustive]\n");
    out.push_str(&i0);
    out.push_str("pub struct ");
    out.push_str(&s.name);
    if s.fields.is_empty() && !request_id {
        out.push_str(" {}\n");
        return out;
    }
    out.push_str(" {\n");
    let input = s.usage.input && !s.usage.output;
    let (mut docs, mut ty) = (String::with_capacity(512), String::with_capacity(64));
    for f in &s.fields {
        // Deprecation is documented, not a `#[deprecated]` attribute: the wire impls
        // would make every user build warn about the field.
        docs.clear();
        field_doc_into(f, input, &mut docs);
        doc::push_lines(&docs, &i1, &mut out);
        let name = f.rust.as_str();
        ty.clear();
        field_ty_text(f, scope, &mut ty);
        out.push_str(&i1);
        out.push_str("pub ");
        out.push_str(name);
        out.push_str(": ");
        // A line over the margin (89 columns) breaks inside the outer generic.
        match ty.split_once('<') {
            Some((outer, inner))
                if !layout::keep_flat(i1.len() + name.len() + ty.len() + 7 <= layout::MARGIN) =>
            {
                let inner = inner.strip_suffix('>').unwrap_or(inner);
                for part in [outer, "<\n", &i1, "    ", inner, ",\n", &i1, ">,\n"] {
                    out.push_str(part);
                }
            }
            _ => {
                out.push_str(&ty);
                out.push_str(",\n");
            }
        }
    }
    if request_id {
        for part in [
            &i1,
            "/// The unique request ID, returned for every request; quote it when reporting a problem.\n",
            &i1,
            "pub request_id: String,\n",
        ] {
            out.push_str(part);
        }
    }
    out.push_str(&i0);
    out.push_str("}\n");
    out
}

/// The full type of a field (with `Option`/`Box`), as text.
fn field_ty_text(f: &Field, scope: Scope, out: &mut String) {
    if f.optional {
        out.push_str("Option<");
    }
    if f.boxed {
        out.push_str("Box<");
    }
    ty_into(&f.ty, scope, out);
    if f.boxed {
        out.push('>');
    }
    if f.optional {
        out.push('>');
    }
}

/// A type written as text (`Option<Vec<X>>`, `impl Into<String>`) as parts whose generic
/// arguments are groups that may break.
fn ty_segs(t: &str) -> Vec<Seg<'static>> {
    match (t.find('<'), t.strip_suffix('>')) {
        (Some(open), Some(inner)) if open < inner.len() => vec![
            Seg::t(t[..open].to_owned()),
            Seg::group("<", vec![ty_segs(&inner[open + 1..])], ">"),
        ],
        _ => vec![Seg::t(t.to_owned())],
    }
}

/// `name: Type`, the type's generic arguments breaking when over the margin.
fn param(name: &str, ty: &str) -> Vec<Seg<'static>> {
    let mut segs = ty_segs(ty);
    if let Some(Seg::T(first)) = segs.first_mut() {
        *first = format!("{name}: {first}").into();
    }
    segs
}

/// The JSON wire impls: `FromJson` and `ToJson` for every struct (a response writes its
/// `RequestId` too), and serde's traits through them, for a module at `depth`.
///
/// One line per field instead of serde-derive's visitors keeps large crates cheap to
/// compile. Output members that are missing or `null` become defaults (one absent value
/// must not fail a whole response); required input members must be present.
pub fn wire_impls(s: &Struct, request_id: bool, depth: usize, items: &mut Vec<Piece>) {
    items.push(Piece::Text(from_json(s, request_id, depth)));
    items.push(Piece::Text(to_json(s, request_id, depth)));
    items.push(Piece::Text(serde(&s.name, depth)));
    items.push(Piece::Text(debug(&s.name, depth)));
}

/// `impl Debug` through `json::debug`: the name and the wire form (`Name {"Key":1}`). One
/// call instead of a derive's formatter per field keeps large crates cheap to compile.
pub(super) fn debug(name: &str, depth: usize) -> String {
    let i0 = depth * 4;
    let lit = layout::lit(name);
    let mut t = Text::with_capacity(192 + name.len() * 2);
    t.impl_header(i0, "::std::fmt::Debug", name);
    t.line(i0 + 4, &["#[inline]"]);
    t.line(
        i0 + 4,
        &["fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {"],
    );
    t.segs(
        i0 + 8,
        &[
            Seg::t("json::debug"),
            Seg::list("(", ["self", lit.as_str(), "f"], ")"),
        ],
        "",
        "",
    );
    t.line(i0 + 4, &["}"]);
    t.line(i0, &["}"]);
    t.finish()
}

/// How `FromJson` reads a member, and whether the read is a `Result` (`?`).
///
/// A default or `None` for a missing or `null` member of a response or an optional input
/// (`get`); a required input member must be present (`required`). Both give a value at
/// once and leave the error to `o.finish`; only a required member of a data type without
/// `Default` is read as a `Result`.
fn json_read(s: &Struct, f: &Field) -> (&'static str, bool) {
    if f.optional || s.usage.output {
        ("get", false)
    } else if f.defaultable {
        ("required", false)
    } else {
        ("field", true)
    }
}

/// One read of `FromJson`: `name: o.get("Wire")`.
struct Read {
    name: String,
    method: &'static str,
    wire: String,
    fallible: bool,
}

impl Read {
    fn flat(&self) -> String {
        let q = if self.fallible { "?" } else { "" };
        format!("{}: o.{}({}){q}", self.name, self.method, self.wire)
    }
}

/// The reads of `FromJson`.
fn json_reads(s: &Struct, request_id: bool) -> Vec<Read> {
    let mut reads: Vec<Read> = s
        .fields
        .iter()
        .map(|f| {
            let (method, fallible) = json_read(s, f);
            Read {
                name: f.rust.clone(),
                method,
                wire: layout::lit(&f.wire),
                fallible,
            }
        })
        .collect();
    if request_id {
        reads.push(Read {
            name: "request_id".to_owned(),
            method: "get",
            wire: layout::lit("RequestId"),
            fallible: false,
        });
    }
    reads
}

/// `o.finish(Self { reads })` as the tail of a block at `indent`: on one line when the
/// expression is at most 34 columns wide and the line fits, else one read per line; a read
/// over the margin breaks after `o`, and its argument breaks when still over.
fn finish_reads(t: &mut Text, indent: usize, reads: &[Read]) {
    let flat: Vec<String> = reads.iter().map(Read::flat).collect();
    let inner = layout::joined_len(flat.iter().map(String::as_str), ", ");
    if layout::keep_flat(
        inner + 8 <= 34 && indent + "o.finish(Self {  })".len() + inner <= layout::MARGIN,
    ) {
        t.line(
            indent,
            &["o.finish(Self { ", &layout::join(&flat, ", "), " })"],
        );
        return;
    }
    t.line(indent, &["o.finish(Self {"]);
    let last = reads.len() - 1;
    for (i, (r, f)) in reads.iter().zip(&flat).enumerate() {
        // A comma between fields counts towards the margin; the last one, added only when
        // the expression breaks, does not.
        let (end, uncounted) = if i < last { (",", "") } else { ("", ",") };
        if layout::keep_flat(indent + 4 + f.len() + end.len() <= layout::MARGIN) {
            t.line(indent + 4, &[f, end, uncounted]);
        } else {
            t.line(indent + 4, &[&r.name, ": o"]);
            let q = if r.fallible { "?" } else { "" };
            t.segs(
                indent + 8,
                &[
                    Seg::t("."),
                    Seg::t(r.method),
                    Seg::list("(", [r.wire.as_str()], ")"),
                    Seg::t(q),
                ],
                end,
                uncounted,
            );
        }
    }
    t.line(indent, &["})"]);
}

/// `impl json::FromJson`, written for a module at `depth`.
pub(super) fn from_json(s: &Struct, request_id: bool, depth: usize) -> String {
    let i0 = depth * 4;
    let mut t = Text::with_capacity(256 + s.fields.len() * 64);
    t.impl_header(i0, "json::FromJson", &s.name);
    t.line(i0 + 4, &["#[inline]"]);
    t.line(
        i0 + 4,
        &["fn from_json(v: &json::Value) -> Result<Self, json::JsonError> {"],
    );
    let reads = json_reads(s, request_id);
    if reads.is_empty() {
        t.line(i0 + 8, &["json::Object::new(v).map(|_| Self {})"]);
    } else {
        t.line(i0 + 8, &["let o = json::Object::of(v);"]);
        finish_reads(&mut t, i0 + 8, &reads);
    }
    t.line(i0 + 4, &["}"]);
    t.line(i0, &["}"]);
    t.finish()
}

/// `impl json::ToJson`, written for a module at `depth`. Outputs are written too: mocks and
/// test servers answer with typed responses, and serde users can store or forward them.
pub(super) fn to_json(s: &Struct, request_id: bool, depth: usize) -> String {
    let i0 = depth * 4;
    let mut t = Text::with_capacity(256 + s.fields.len() * 64);
    t.impl_header(i0, "json::ToJson", &s.name);
    t.line(i0 + 4, &["#[inline]"]);
    t.line(i0 + 4, &["fn write_json(&self, w: &mut json::Writer) {"]);
    if s.fields.is_empty() && !request_id {
        t.line(i0 + 8, &["w.object().end();"]);
    } else {
        t.line(i0 + 8, &["let mut o = w.object();"]);
        for f in &s.fields {
            let wire = layout::lit(&f.wire);
            let value = format!("&self.{}", f.rust);
            t.segs(
                i0 + 8,
                &[
                    Seg::t(writer_method(f)),
                    Seg::list("(", [wire.as_str(), value.as_str()], ")"),
                ],
                ";",
                "",
            );
        }
        if request_id {
            t.line(i0 + 8, &[r#"o.field("RequestId", &self.request_id);"#]);
        }
        t.line(i0 + 8, &["o.end();"]);
    }
    t.line(i0 + 4, &["}"]);
    t.line(i0, &["}"]);
    t.finish()
}

/// The `ObjectWriter` call that writes `f`: `o.sensitive` for a secret (the same on the
/// wire; masked in `Debug` and logs), `o.field` otherwise.
fn writer_method(f: &Field) -> &'static str {
    if f.sensitive {
        "o.sensitive"
    } else {
        "o.field"
    }
}

/// `::tcapi::impl_serde!(Serialize, Deserialize for Name);` at `depth`.
pub fn serde(name: &str, depth: usize) -> String {
    let mut t = Text::with_capacity(64 + name.len());
    t.impl_serde(depth * 4, name);
    t.finish()
}

/// `new(required...)` and one setter per optional field (input structs).
/// Written for a module at `depth`.
pub fn builder(s: &Struct, scope: Scope, depth: usize) -> String {
    let (i0, i1) = (depth * 4, depth * 4 + 4);
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.optional).collect();
    let args: Vec<Vec<Seg<'static>>> = required
        .iter()
        .map(|f| {
            let mut ty = String::with_capacity(24);
            match &f.ty {
                Ty::String(_) => ty.push_str("impl Into<String>"),
                Ty::Binary => ty.push_str("impl Into<::tcapi::Binary>"),
                _ => field_ty_text(f, scope, &mut ty),
            }
            if ty.starts_with("impl ") {
                vec![Seg::t(format!("{}: {ty}", f.rust))]
            } else {
                param(&f.rust, &ty)
            }
        })
        .collect();
    let inits: Vec<Vec<Seg<'_>>> = s
        .fields
        .iter()
        .map(|f| {
            if f.optional {
                vec![Seg::t(format!("{}: None", f.rust))]
            } else if matches!(f.ty, Ty::String(_) | Ty::Binary) {
                vec![
                    Seg::t(format!("{}: ", f.rust)),
                    Seg::chain(f.rust.as_str(), [".into()"]),
                ]
            } else {
                vec![Seg::t(f.rust.clone())]
            }
        })
        .collect();
    let mut t = Text::with_capacity(512 + s.fields.len() * 256);
    t.line(i0, &["impl ", &s.name, " {"]);
    t.doc(i1, &new_doc(&required));
    if required.len() > 7 {
        t.line(i1, &["#[allow(clippy::too_many_arguments)]"]);
    }
    t.line(i1, &["#[inline]"]);
    t.segs(
        i1,
        &[Seg::t("pub fn new"), Seg::group("(", args, ")")],
        " -> Self {",
        "",
    );
    t.struct_expr(i1 + 4, "", "Self", &inits, "");
    t.line(i1, &["}"]);
    for f in s.fields.iter().filter(|f| f.optional) {
        setter(f, scope, i1, &mut t);
    }
    t.line(i0, &["}"]);
    t.finish()
}

/// The documentation of `new`.
fn new_doc(required: &[&Field]) -> String {
    if required.is_empty() {
        "Creates the value; every parameter is optional.".to_owned()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
        format!(
            "Creates the value from its required parameters: {}.",
            names.join(", ")
        )
    }
}

/// `pub fn field(mut self, value: ...) -> Self`: sets an optional field, at `indent`.
fn setter(f: &Field, scope: Scope, indent: usize, t: &mut Text) {
    let mut inner = String::new();
    if f.boxed {
        inner.push_str("Box<");
    }
    ty_into(&f.ty, scope, &mut inner);
    if f.boxed {
        inner.push('>');
    }
    let (value_ty, value) = match &f.ty {
        Ty::String(_) | Ty::Enum(_) | Ty::Binary => (format!("impl Into<{inner}>"), "value.into()"),
        _ => (inner, "value"),
    };
    t.doc(indent, &format!("Sets {}.", doc::code(&f.wire)));
    t.line(indent, &["#[inline]"]);
    t.segs(
        indent,
        &[
            Seg::t(format!("pub fn {}", f.setter)),
            Seg::group(
                "(",
                vec![
                    vec![Seg::t("mut self")],
                    vec![Seg::t(format!("value: {value_ty}"))],
                ],
                ")",
            ),
        ],
        " -> Self {",
        "",
    );
    t.line(indent + 4, &["self.", &f.rust, " = Some(", value, ");"]);
    t.line(indent + 4, &["self"]);
    t.line(indent, &["}"]);
}

/// The bound of a range check on a value of type `t`, as a suffixed literal.
fn range_literal(t: &Ty, n: Num) -> Literal {
    match t {
        Ty::I64 => Literal::i64_suffixed(match n {
            Num::Int(i) => i,
            Num::UInt(_) => i64::MAX,
            Num::Float(f) => f as i64,
        }),
        Ty::U64 => Literal::u64_suffixed(match n {
            Num::Int(i) => i.max(0) as u64,
            Num::UInt(u) => u,
            Num::Float(f) => f as u64,
        }),
        _ => Literal::f64_suffixed(n.as_f64()),
    }
}

/// The `Validator` method of a range check on a value of type `t`.
fn range_method(t: &Ty) -> &'static str {
    match t {
        Ty::I64 => "range_i64",
        Ty::U64 => "range_u64",
        _ => "range_f64",
    }
}

/// Whether a value of type `t` at list depth `depth` has any check ([`value_checks`] is
/// not empty).
fn has_checks(t: &Ty, f: &Field, depth: usize) -> bool {
    let c = &f.constraints;
    match t {
        Ty::List(inner) => (c.items.is_some() && depth == 0) || has_checks(inner, f, depth + 1),
        Ty::String(_) => c.length.is_some() || c.ascii || c.pattern.is_some(),
        Ty::I64 | Ty::U64 | Ty::F64 => c.range.is_some(),
        Ty::Struct(..) | Ty::Enum(_) => true,
        Ty::Bool | Ty::Binary => false,
    }
}

/// `Some(n)` or `None` as text.
fn opt_text(n: Option<String>) -> String {
    match n {
        Some(n) => format!("Some({n})"),
        None => "None".to_owned(),
    }
}

/// `v.method(args);` at `indent`, the arguments breaking when over the margin.
fn check(out: &mut Text, indent: usize, method: &str, args: &[&str]) {
    out.segs(
        indent,
        &[Seg::t(method), Seg::list("(", args.iter().copied(), ")")],
        ";",
        "",
    );
}

/// The checks at `indent` of one value of type `t` bound to `x` (a reference).
fn value_checks(t: &Ty, f: &Field, x: &str, depth: usize, indent: usize, out: &mut Text) {
    let c = &f.constraints;
    match t {
        Ty::List(inner) => {
            if let (Some((min, max)), 0) = (c.items, depth) {
                let (min, max) = (opt_text(min.map(u64_text)), opt_text(max.map(u64_text)));
                check(out, indent, "v.items", &[&format!("{x}.len()"), &min, &max]);
            }
            if has_checks(inner, f, depth + 1) {
                let (idx, item) = (format!("i{depth}"), format!("item{depth}"));
                out.line(
                    indent,
                    &[
                        "for (",
                        &idx,
                        ", ",
                        &item,
                        ") in ",
                        x,
                        ".iter().enumerate() {",
                    ],
                );
                check(out, indent + 4, "v.enter_index", &[&idx]);
                value_checks(inner, f, &item, depth + 1, indent + 4, out);
                out.line(indent + 4, &["v.leave();"]);
                out.line(indent, &["}"]);
            }
        }
        Ty::String(_) => {
            if let Some((min, max)) = c.length {
                let (min, max) = (opt_text(min.map(u64_text)), opt_text(max.map(u64_text)));
                check(out, indent, "v.length", &[x, &min, &max]);
            }
            if c.ascii {
                check(out, indent, "v.ascii", &[x]);
            }
            if let Some(p) = &c.pattern {
                pattern(out, indent, x, p);
            }
        }
        Ty::I64 | Ty::U64 | Ty::F64 => {
            if let Some((min, max)) = c.range {
                let bound = |n: Option<Num>| opt_text(n.map(|n| range_literal(t, n).to_string()));
                let deref = format!("*{x}");
                check(
                    out,
                    indent,
                    &format!("v.{}", range_method(t)),
                    &[&deref, &bound(min), &bound(max)],
                );
            }
        }
        Ty::Struct(..) | Ty::Enum(_) => {
            check(out, indent, "::tcapi::Validate::validate_into", &[x, "v"]);
        }
        Ty::Bool | Ty::Binary => {}
    }
}

/// The check of a pattern at `indent`: the anchored regex compiled once, in a static.
fn pattern(out: &mut Text, indent: usize, x: &str, p: &str) {
    let anchored = layout::lit(&format!("^(?:{p})$"));
    let (i1, i2) = (indent + 4, indent + 8);
    out.segs(
        indent,
        &[
            Seg::t("static PATTERN: ::std::sync::LazyLock"),
            Seg::list("<", ["::tcapi::__private::regex_lite::Regex"], ">"),
        ],
        " = ::std::sync::LazyLock::new(|| {",
        "",
    );
    let new = [
        Seg::t("::tcapi::__private::regex_lite::Regex::new"),
        Seg::list("(", [anchored.as_str()], ")"),
    ];
    const EXPECT: &str = ".expect(\"pattern checked by tcapi-codegen\")";
    if layout::keep_flat(i1 + layout::flat_len(&new) + EXPECT.len() <= layout::MARGIN) {
        let mut flat = new.to_vec();
        flat.push(Seg::t(EXPECT));
        out.segs(i1, &flat, "", "");
    } else {
        // A broken chain: one call per line, the receiver's arguments one level deeper.
        out.segs_in(i1, i2, &new, "", "");
        out.line(i2, &[EXPECT]);
    }
    out.line(indent, &["});"]);
    let lit = layout::lit(p);
    check(out, indent, "v.pattern", &[x, "&PATTERN", &lit]);
}

fn u64_text(v: u64) -> String {
    Literal::u64_suffixed(v).to_string()
}

/// `impl Validate` written for a module at `depth`: every documented constraint of every
/// field, nested values included.
pub fn validate(s: &Struct, depth: usize) -> String {
    let i0 = depth * 4;
    let mut t = Text::with_capacity(256 + s.fields.len() * 128);
    let checked: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| has_checks(&f.ty, f, 0))
        .collect();
    if checked.is_empty() {
        t.empty_impl(i0, "::tcapi::Validate", &s.name);
        return t.finish();
    }
    t.impl_header(i0, "::tcapi::Validate", &s.name);
    t.line(i0 + 4, &["#[inline]"]);
    t.line(
        i0 + 4,
        &["fn validate_into(&self, v: &mut ::tcapi::Validator) {"],
    );
    let i2 = i0 + 8;
    for f in checked {
        match (f.optional, f.boxed) {
            (true, true) => t.line(i2, &["if let Some(x) = self.", &f.rust, ".as_deref() {"]),
            (true, false) => t.line(i2, &["if let Some(x) = &self.", &f.rust, " {"]),
            (false, boxed) => {
                t.line(i2, &["{"]);
                let deref = if boxed {
                    "let x = &*self."
                } else {
                    "let x = &self."
                };
                t.line(i2 + 4, &[deref, &f.rust, ";"]);
            }
        }
        check(&mut t, i2 + 4, "v.enter", &[&layout::lit(&f.wire)]);
        value_checks(&f.ty, f, "x", 0, i2 + 4, &mut t);
        t.line(i2 + 4, &["v.leave();"]);
        t.line(i2, &["}"]);
    }
    t.line(i0 + 4, &["}"]);
    t.line(i0, &["}"]);
    t.finish()
}
