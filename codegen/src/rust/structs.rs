//! Request, response and data type structs: fields with serde attributes, constructors and
//! setters for inputs, and `Validate` impls from the documented constraints.

use proc_macro2::{Ident, Literal};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, ImplItem, ImplItemFn, Item, ItemImpl, Stmt, Type};

use crate::ir::Num;
use crate::ir::{Field, Struct, Ty};
use crate::rust::Piece;
use crate::rust::ast;
use crate::rust::doc;
use crate::rust::layout::{self, Fit, Text};
use crate::rust::template::{self, for_type, parse_once};
use crate::rust::tokens::{Scope, ident, ty};

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

/// The full type of a field (with `Option`/`Box`).
pub fn field_ty(f: &Field, scope: Scope) -> Type {
    let mut t = ty(&f.ty, scope);
    if f.boxed {
        t = ast::generic("Box", t);
    }
    if f.optional {
        t = ast::generic("Option", t);
    }
    t
}

/// The struct with its derives, written as formatted Rust for a module at `depth`;
/// `request_id` adds the `RequestId` every response carries.
///
/// Written as text: a definition is mostly documentation lines, which as doc attributes
/// would be built, printed and unescaped again for nothing.
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
        // A line over prettyplease's margin (89 columns) breaks inside the outer generic,
        // as prettyplease breaks it in the items it prints.
        match ty.split_once('<') {
            Some((outer, inner)) if i1.len() + name.len() + ty.len() + 7 > 89 => {
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

/// [`field_ty`] as text.
fn field_ty_text(f: &Field, scope: Scope, out: &mut String) {
    if f.optional {
        out.push_str("Option<");
    }
    if f.boxed {
        out.push_str("Box<");
    }
    ty_text(&f.ty, scope, out);
    if f.boxed {
        out.push('>');
    }
    if f.optional {
        out.push('>');
    }
}

/// [`ty`] as text.
fn ty_text(t: &Ty, scope: Scope, out: &mut String) {
    match t {
        Ty::String(_) => out.push_str("String"),
        Ty::I64 => out.push_str("i64"),
        Ty::U64 => out.push_str("u64"),
        Ty::F64 => out.push_str("f64"),
        Ty::Bool => out.push_str("bool"),
        Ty::Binary => out.push_str("::tcapi::Binary"),
        Ty::List(inner) => {
            out.push_str("Vec<");
            ty_text(inner, scope, out);
            out.push('>');
        }
        Ty::Struct(name, _) => {
            if scope == Scope::Action {
                out.push_str("super::types::");
            }
            out.push_str(&ident(name).to_string());
        }
        Ty::Enum(name) => out.push_str(&ident(name).to_string()),
    }
}

/// `::tcapi::impl_serde!(Deserialize for Name);`, with `Serialize` too when `serialize`.
pub fn impl_serde(name: &Ident, serialize: bool) -> Item {
    let tokens = if serialize {
        quote!(Serialize, Deserialize for #name)
    } else {
        quote!(Deserialize for #name)
    };
    ast::macro_item(ast::path(true, &["tcapi", "impl_serde"]), tokens)
}

/// The JSON wire impls: `FromJson` and `ToJson` for every struct (a response writes its
/// `RequestId` too), and serde's traits through them, for a module at `depth`.
///
/// One line per field instead of serde-derive's visitors keeps large crates cheap to
/// compile. Output members that are missing or `null` become defaults (one absent value
/// must not fail a whole response); required input members must be present.
///
/// Written as text (one fixed shape per impl); an impl with a line the text cannot lay out
/// (a read broken twice) is printed from its tree instead.
pub fn wire_impls(s: &Struct, request_id: bool, depth: usize, items: &mut Vec<Piece>) {
    items.push(Piece::text_or(from_json_text(s, request_id, depth), || {
        Item::Impl(from_json_tree(s, request_id))
    }));
    items.push(Piece::text_or(to_json_text(s, request_id, depth), || {
        Item::Impl(to_json_tree(s, request_id))
    }));
    items.push(Piece::text_or(serde_text(&s.name, depth), || {
        impl_serde(&ident(&s.name), true)
    }));
    items.push(Piece::text_or(debug_text(&s.name, depth), || {
        Item::Impl(debug_tree(&s.name))
    }));
}

/// `impl Debug` through `json::debug`: the name and the wire form (`Name {"Key":1}`). One
/// call instead of a derive's formatter per field keeps large crates cheap to compile.
pub(super) fn debug_text(name: &str, depth: usize) -> Option<String> {
    const CALL: &str = "json::debug(self, , f)";
    let i0 = depth * 4;
    let lit = layout::lit(name);
    if i0 + 8 + CALL.len() + lit.len() > layout::MARGIN {
        return None;
    }
    let mut t = Text::with_capacity(192 + name.len() * 2);
    t.impl_header(i0, "::std::fmt::Debug", name);
    t.line(i0 + 4, &["#[inline]"]);
    t.line(
        i0 + 4,
        &["fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {"],
    );
    t.line(i0 + 8, &["json::debug(self, ", &lit, ", f)"]);
    t.line(i0 + 4, &["}"]);
    t.line(i0, &["}"]);
    t.finish()
}

/// `impl Debug` as a tree (for names the text cannot lay out).
pub(super) fn debug_tree(name: &str) -> ItemImpl {
    let mut item = parse_once!(ItemImpl: impl ::std::fmt::Debug for Placeholder {
        #[inline]
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            json::debug(self, "Placeholder", f)
        }
    });
    if let Some(Stmt::Expr(Expr::Call(call), _)) =
        template::method_body(&mut item, 0).stmts.first_mut()
    {
        call.args[1] = ast::str_expr(name);
    }
    for_type(item, &ident(name))
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

/// The reads of `FromJson`: `name: o.get("Wire")`.
fn json_reads(s: &Struct, request_id: bool) -> Vec<String> {
    let mut reads: Vec<String> = s
        .fields
        .iter()
        .map(|f| {
            let (read, fallible) = json_read(s, f);
            let q = if fallible { "?" } else { "" };
            format!("{}: o.{read}({}){q}", f.rust, layout::lit(&f.wire))
        })
        .collect();
    if request_id {
        reads.push(r#"request_id: o.get("RequestId")"#.to_owned());
    }
    reads
}

/// `Self { fields }` as the tail of a block at `indent`, after `prefix` (`Ok(`) and before
/// `suffix` (`)`): on one line when the fields are short (prettyplease breaks a struct
/// expression wider than 34 columns) and the line fits, else one field per line.
///
/// `chain`: the fields are `FromJson` reads (`name: o.get("Wire")`), which break after
/// `o` when over the margin.
fn self_struct_text(
    t: &mut Text,
    indent: usize,
    prefix: &str,
    fields: &[String],
    suffix: &str,
    chain: bool,
) {
    if fields.is_empty() {
        t.line(indent, &[prefix, "Self {}", suffix]);
        return;
    }
    let inner = layout::joined_len(fields.iter().map(String::as_str), ", ");
    // prettyplease's width of a struct expression: `Self {`, a space, the fields, a space.
    if inner + 8 <= 34 {
        t.line(
            indent,
            &[prefix, "Self { ", &layout::join(fields, ", "), " }", suffix],
        );
    } else {
        t.line(indent, &[prefix, "Self {"]);
        // A comma between fields counts towards the margin; the last one, which
        // prettyplease adds only when it breaks the expression, does not.
        let last = fields.len() - 1;
        for (i, f) in fields.iter().enumerate() {
            let comma = if i < last { 1 } else { 0 };
            match f.split_once(": o.") {
                // A read over the margin: prettyplease breaks the method chain after `o`.
                Some((name, read)) if chain && indent + 4 + f.len() + comma > layout::MARGIN => {
                    t.line(indent + 4, &[name, ": o"]);
                    field_line(t, indent + 8, &[".", read], i < last);
                }
                _ => field_line(t, indent + 4, &[f], i < last),
            }
        }
        t.line(indent, &["}", suffix]);
    }
}

/// One field of a broken struct expression, with its comma: a comma between fields counts
/// towards the margin, the last one (which prettyplease adds only when it breaks the
/// expression) does not.
fn field_line(t: &mut Text, indent: usize, parts: &[&str], comma_counts: bool) {
    if comma_counts {
        let mut with_comma = parts.to_vec();
        with_comma.push(",");
        t.line(indent, &with_comma);
    } else {
        t.line_then(indent, parts, ",");
    }
}

/// `impl json::FromJson`, written for a module at `depth`.
pub(super) fn from_json_text(s: &Struct, request_id: bool, depth: usize) -> Option<String> {
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
        self_struct_text(&mut t, i0 + 8, "o.finish(", &reads, ")", true);
    }
    t.line(i0 + 4, &["}"]);
    t.line(i0, &["}"]);
    t.finish()
}

/// `impl json::FromJson` as a tree (for impls the text cannot lay out).
pub(super) fn from_json_tree(s: &Struct, request_id: bool) -> ItemImpl {
    let name = ident(&s.name);
    let o = || ast::var_str("o");
    let mut reads: Punctuated<syn::FieldValue, syn::token::Comma> = s
        .fields
        .iter()
        .map(|f| {
            let (read, fallible) = json_read(s, f);
            let mut value = ast::method(o(), read, [ast::str_expr(&f.wire)]);
            if fallible {
                value = ast::try_(value);
            }
            ast::field_value(ident(&f.rust), Some(value))
        })
        .collect();
    if request_id {
        let value = ast::method(o(), "get", [ast::str_expr("RequestId")]);
        reads.push(ast::field_value(ident("request_id"), Some(value)));
    }
    let from = if reads.is_empty() {
        parse_once!(ItemImpl: impl json::FromJson for Placeholder {
            #[inline]
            fn from_json(v: &json::Value) -> Result<Self, json::JsonError> {
                json::Object::new(v).map(|_| Self {})
            }
        })
    } else {
        let mut item = parse_once!(ItemImpl: impl json::FromJson for Placeholder {
            #[inline]
            fn from_json(v: &json::Value) -> Result<Self, json::JsonError> {
                let o = json::Object::of(v);
            }
        });
        let ok = ast::method(o(), "finish", [ast::self_struct(reads)]);
        template::method_body(&mut item, 0)
            .stmts
            .push(ast::stmt_bare(ok));
        item
    };
    for_type(from, &name)
}

/// `impl json::ToJson`, written for a module at `depth`. Outputs are written too: mocks and
/// test servers answer with typed responses, and serde users can store or forward them.
pub(super) fn to_json_text(s: &Struct, request_id: bool, depth: usize) -> Option<String> {
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
            let call = writer_method(f);
            if i0 + 8 + call.len() + "(, &self.);".len() + wire.len() + f.rust.len()
                <= layout::MARGIN
            {
                t.line(i0 + 8, &[call, "(", &wire, ", &self.", &f.rust, ");"]);
            } else {
                // Over the margin, prettyplease puts each argument on a line of its own.
                t.line(i0 + 8, &[call, "("]);
                t.line(i0 + 12, &[&wire, ","]);
                t.line_then(i0 + 12, &["&self.", &f.rust], ",");
                t.line(i0 + 8, &[");"]);
            }
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

/// `impl json::ToJson` as a tree (for impls the text cannot lay out).
pub(super) fn to_json_tree(s: &Struct, request_id: bool) -> ItemImpl {
    let name = ident(&s.name);
    let o = || ast::var_str("o");
    let to = if s.fields.is_empty() && !request_id {
        parse_once!(ItemImpl: impl json::ToJson for Placeholder {
            #[inline]
            fn write_json(&self, w: &mut json::Writer) {
                w.object().end();
            }
        })
    } else {
        let mut item = parse_once!(ItemImpl: impl json::ToJson for Placeholder {
            #[inline]
            fn write_json(&self, w: &mut json::Writer) {
                let mut o = w.object();
                o.end();
            }
        });
        let write = |wire: &str, rust: &str, method: &str| {
            let value = ast::reference(ast::self_member(ident(rust)));
            ast::stmt(ast::method(o(), method, [ast::str_expr(wire), value]))
        };
        let mut writes: Vec<Stmt> = s
            .fields
            .iter()
            .map(|f| write(&f.wire, &f.rust, &writer_method(f)[2..]))
            .collect();
        if request_id {
            writes.push(write("RequestId", "request_id", "field"));
        }
        template::method_body(&mut item, 0)
            .stmts
            .splice(1..1, writes);
        item
    };
    for_type(to, &name)
}

/// `::tcapi::impl_serde!(Serialize, Deserialize for Name);` at `depth`.
pub fn serde_text(name: &str, depth: usize) -> Option<String> {
    let mut t = Text::with_capacity(64 + name.len());
    t.impl_serde(depth * 4, name);
    t.finish()
}

/// `new(required...)` and one setter per optional field (input structs).
/// Written for a module at `depth`.
pub fn builder(s: &Struct, scope: Scope, depth: usize) -> String {
    // The impl with `new`, then the setters, one fixed shape each, before its closing line.
    let mut out = new_text(s, scope, depth).unwrap_or_else(|| new_printed(s, scope, depth));
    let closing = out.len() - (depth * 4 + 2);
    let mut setters = String::new();
    for f in s.fields.iter().filter(|f| f.optional) {
        setter(f, scope, depth + 1, &mut setters);
    }
    out.insert_str(closing, &setters);
    out
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

/// `impl Name { new }`, written for a module at `depth`: the signature on one line when it
/// fits, else one parameter per line; the fields set as [`self_struct_text`] lays them out.
pub(super) fn new_text(s: &Struct, scope: Scope, depth: usize) -> Option<String> {
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.optional).collect();
    let (i0, i1) = (depth * 4, depth * 4 + 4);
    let args: Vec<String> = required
        .iter()
        .map(|f| {
            let mut a = String::with_capacity(f.rust.len() + 24);
            a.push_str(&f.rust);
            a.push_str(": ");
            match &f.ty {
                Ty::String(_) => a.push_str("impl Into<String>"),
                Ty::Binary => a.push_str("impl Into<::tcapi::Binary>"),
                _ => field_ty_text(f, scope, &mut a),
            }
            a
        })
        .collect();
    let inits: Vec<String> = s
        .fields
        .iter()
        .map(|f| {
            if f.optional {
                format!("{}: None", f.rust)
            } else if matches!(f.ty, Ty::String(_) | Ty::Binary) {
                format!("{0}: {0}.into()", f.rust)
            } else {
                f.rust.clone()
            }
        })
        .collect();
    let mut t = Text::with_capacity(512 + s.fields.len() * 48);
    t.line(i0, &["impl ", &s.name, " {"]);
    t.doc(i1, &new_doc(&required));
    if required.len() > 7 {
        t.line(i1, &["#[allow(clippy::too_many_arguments)]"]);
    }
    t.line(i1, &["#[inline]"]);
    let flat = i1
        + "pub fn new() -> Self {".len()
        + layout::joined_len(args.iter().map(String::as_str), ", ");
    match layout::fit(flat) {
        Fit::Flat => t.line(
            i1,
            &["pub fn new(", &layout::join(&args, ", "), ") -> Self {"],
        ),
        Fit::Broken => {
            t.line(i1, &["pub fn new("]);
            for a in &args {
                t.line(i1 + 4, &[a, ","]);
            }
            t.line(i1, &[") -> Self {"]);
        }
    }
    self_struct_text(&mut t, i1 + 4, "", &inits, "", false);
    t.line(i1, &["}"]);
    t.line(i0, &["}"]);
    t.finish()
}

/// `impl Name { new }` printed by prettyplease (for signatures the text cannot lay out).
pub(super) fn new_printed(s: &Struct, scope: Scope, depth: usize) -> String {
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.optional).collect();
    let args = required.iter().map(|f| {
        let t = match &f.ty {
            Ty::String(_) => ast::impl_into(ast::ty_ident(ident("String"))),
            Ty::Binary => ast::impl_into(ty(&f.ty, scope)),
            _ => field_ty(f, scope),
        };
        ast::arg(ident(&f.rust), t)
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        if f.optional {
            ast::field_value(n, Some(ast::var_str("None")))
        } else if matches!(f.ty, Ty::String(_) | Ty::Binary) {
            let into = ast::method(ast::var(n.clone()), "into", []);
            ast::field_value(n, Some(into))
        } else {
            ast::field_value(n, None)
        }
    });
    let mut attrs = doc::attrs(&new_doc(&required));
    if required.len() > 7 {
        attrs.push(parse_once!(Attribute: #[allow(clippy::too_many_arguments)]));
    }
    let mut new = parse_once!(ImplItemFn:
        #[inline]
        pub fn new() -> Self {}
    );
    attrs.append(&mut new.attrs);
    new.attrs = attrs;
    new.sig.inputs = args.collect();
    new.block.stmts = vec![ast::stmt_bare(ast::self_struct(inits.collect()))];
    let mut item = parse_once!(ItemImpl: impl Placeholder {});
    *item.self_ty = ast::ty_ident(ident(&s.name));
    item.items.push(ImplItem::Fn(new));
    let mut out = String::new();
    crate::rust::print_impl_fns(item, depth, &mut out);
    out
}

/// `pub fn field(mut self, value: ...) -> Self`: sets an optional field; written as
/// prettyplease prints it, at `depth`.
fn setter(f: &Field, scope: Scope, depth: usize, out: &mut String) {
    let i0 = "    ".repeat(depth);
    let name = ident(&f.setter).to_string();
    let field = ident(&f.rust).to_string();
    let mut inner = String::new();
    if f.boxed {
        inner.push_str("Box<");
    }
    ty_text(&f.ty, scope, &mut inner);
    if f.boxed {
        inner.push('>');
    }
    let (value_ty, value) = match &f.ty {
        Ty::String(_) | Ty::Enum(_) | Ty::Binary => (format!("impl Into<{inner}>"), "value.into()"),
        _ => (inner, "value"),
    };
    doc::push_lines(&format!("Sets {}.", doc::code(&f.wire)), &i0, out);
    out.push_str(&i0);
    out.push_str("#[inline]\n");
    let one_line = format!("{i0}pub fn {name}(mut self, value: {value_ty}) -> Self {{\n");
    // Over prettyplease's margin (89 columns), one parameter per line.
    if one_line.len() - 1 > 89 {
        out.push_str(&format!(
            "{i0}pub fn {name}(\n{i0}    mut self,\n{i0}    value: {value_ty},\n{i0}) -> Self {{\n"
        ));
    } else {
        out.push_str(&one_line);
    }
    out.push_str(&format!(
        "{i0}    self.{field} = Some({value});\n{i0}    self\n{i0}}}\n"
    ));
}

/// `v.method(args);`
fn check(method: &str, args: impl IntoIterator<Item = Expr>) -> Stmt {
    ast::stmt(ast::method(ast::var_str("v"), method, args))
}

/// The checks of one value of type `t` bound to `x` (a reference).
fn value_checks(t: &Ty, f: &Field, x: &Expr, depth: usize) -> Vec<Stmt> {
    let c = &f.constraints;
    let mut out = Vec::new();
    match t {
        Ty::List(inner) => {
            if let (Some((min, max)), 0) = (c.items, depth) {
                let len = ast::method(x.clone(), "len", []);
                out.push(check("items", [len, opt_u64(min), opt_u64(max)]));
            }
            let item = ident(&format!("item{depth}"));
            let idx = ident(&format!("i{depth}"));
            let inner_checks = value_checks(inner, f, &ast::var(item.clone()), depth + 1);
            if !inner_checks.is_empty() {
                let mut body = vec![check("enter_index", [ast::var(idx.clone())])];
                body.extend(inner_checks);
                body.push(check("leave", []));
                let iter = ast::method(ast::method(x.clone(), "iter", []), "enumerate", []);
                out.push(ast::stmt_bare(ast::for_pair(idx, item, iter, body)));
            }
        }
        Ty::String(_) => {
            if let Some((min, max)) = c.length {
                out.push(check("length", [x.clone(), opt_u64(min), opt_u64(max)]));
            }
            if c.ascii {
                out.push(check("ascii", [x.clone()]));
            }
            if let Some(p) = &c.pattern {
                let anchored = format!("^(?:{p})$");
                let block: syn::Block = syn::parse_quote!({
                    static PATTERN: ::std::sync::LazyLock<::tcapi::__private::regex_lite::Regex> =
                        ::std::sync::LazyLock::new(|| {
                            ::tcapi::__private::regex_lite::Regex::new(#anchored).expect("pattern checked by tcapi-codegen")
                        });
                    v.pattern(#x, &PATTERN, #p);
                });
                out.extend(block.stmts);
            }
        }
        Ty::I64 | Ty::U64 | Ty::F64 => {
            if let Some((min, max)) = c.range {
                let conv = |n: Option<Num>| -> Expr {
                    match n {
                        Some(n) => ast::some(ast::lit(range_literal(t, n))),
                        None => ast::var_str("None"),
                    }
                };
                out.push(check(
                    range_method(t),
                    [ast::deref(x.clone()), conv(min), conv(max)],
                ));
            }
        }
        Ty::Struct(..) | Ty::Enum(_) => {
            let validate = ast::path(true, &["tcapi", "Validate", "validate_into"]);
            let call = ast::call(ast::expr_path(validate), [x.clone(), ast::var_str("v")]);
            out.push(ast::stmt(call));
        }
        Ty::Bool | Ty::Binary => {}
    }
    out
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

/// [`value_checks`] written at `indent`; a pattern (a static regex, whose layout is left to
/// prettyplease) gives up the text.
fn value_checks_text(t: &Ty, f: &Field, x: &str, depth: usize, indent: usize, out: &mut Text) {
    let c = &f.constraints;
    match t {
        Ty::List(inner) => {
            if let (Some((min, max)), 0) = (c.items, depth) {
                let (min, max) = (min.map(u64_text), max.map(u64_text));
                let args = format!("{x}.len(), {}, {}", opt_text(min), opt_text(max));
                out.line(indent, &["v.items(", &args, ");"]);
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
                out.line(indent + 4, &["v.enter_index(", &idx, ");"]);
                value_checks_text(inner, f, &item, depth + 1, indent + 4, out);
                out.line(indent + 4, &["v.leave();"]);
                out.line(indent, &["}"]);
            }
        }
        Ty::String(_) => {
            if let Some((min, max)) = c.length {
                let (min, max) = (min.map(u64_text), max.map(u64_text));
                let args = format!("{x}, {}, {}", opt_text(min), opt_text(max));
                out.line(indent, &["v.length(", &args, ");"]);
            }
            if c.ascii {
                out.line(indent, &["v.ascii(", x, ");"]);
            }
            if c.pattern.is_some() {
                out.give_up();
            }
        }
        Ty::I64 | Ty::U64 | Ty::F64 => {
            if let Some((min, max)) = c.range {
                let bound = |n: Option<Num>| opt_text(n.map(|n| range_literal(t, n).to_string()));
                let args = format!("*{x}, {}, {}", bound(min), bound(max));
                out.line(indent, &["v.", range_method(t), "(", &args, ");"]);
            }
        }
        Ty::Struct(..) | Ty::Enum(_) => {
            out.line(indent, &["::tcapi::Validate::validate_into(", x, ", v);"]);
        }
        Ty::Bool | Ty::Binary => {}
    }
}

fn u64_text(v: u64) -> String {
    Literal::u64_suffixed(v).to_string()
}

/// [`validate_impl`] written for a module at `depth`, or `None` for prettyplease to print.
pub fn validate_text(s: &Struct, depth: usize) -> Option<String> {
    let i0 = depth * 4;
    let mut t = Text::with_capacity(256 + s.fields.len() * 128);
    let checked: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| has_checks(&f.ty, f, 0))
        .collect();
    if checked.is_empty() {
        // `{}` instead of ` {`: the same length, so the header's layout is the same.
        t.impl_header(i0, "::tcapi::Validate", &s.name);
        return t.finish().map(|mut text| {
            text.truncate(text.len() - 2);
            text.push_str("{}\n");
            text
        });
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
        t.line(i2 + 4, &["v.enter(", &layout::lit(&f.wire), ");"]);
        value_checks_text(&f.ty, f, "x", 0, i2 + 4, &mut t);
        t.line(i2 + 4, &["v.leave();"]);
        t.line(i2, &["}"]);
        if !t.ok() {
            return None;
        }
    }
    t.line(i0 + 4, &["}"]);
    t.line(i0, &["}"]);
    t.finish()
}

fn opt_u64(v: Option<u64>) -> Expr {
    match v {
        Some(v) => ast::some(ast::lit(Literal::u64_suffixed(v))),
        None => ast::var_str("None"),
    }
}

/// `impl Validate`: every documented constraint of every field, nested values included.
pub fn validate_impl(s: &Struct) -> Item {
    let x = ast::var_str("x");
    let checks: Vec<Stmt> = s
        .fields
        .iter()
        .filter_map(|f| {
            let body = value_checks(&f.ty, f, &x, 0);
            if body.is_empty() {
                return None;
            }
            let mut inner = vec![check("enter", [ast::str_expr(&f.wire)])];
            inner.extend(body);
            inner.push(check("leave", []));
            let field = ast::self_member(ident(&f.rust));
            let some_x =
                || ast::pat_tuple_struct(ast::path(false, &["Some"]), [ast::pat_ident(ident("x"))]);
            let bind = |value: Expr, mut inner: Vec<Stmt>| {
                inner.insert(0, ast::let_stmt(ident("x"), value));
                ast::block_expr(inner)
            };
            Some(ast::stmt_bare(match (f.optional, f.boxed) {
                (true, true) => ast::if_let(some_x(), ast::method(field, "as_deref", []), inner),
                (true, false) => ast::if_let(some_x(), ast::reference(field), inner),
                (false, true) => bind(ast::reference(ast::deref(field)), inner),
                (false, false) => bind(ast::reference(field), inner),
            }))
        })
        .collect();
    let item = if checks.is_empty() {
        parse_once!(ItemImpl: impl ::tcapi::Validate for Placeholder {})
    } else {
        let mut item = parse_once!(ItemImpl: impl ::tcapi::Validate for Placeholder {
            #[inline]
            fn validate_into(&self, v: &mut ::tcapi::Validator) {}
        });
        template::method_body(&mut item, 0).stmts = checks;
        item
    };
    Item::Impl(for_type(item, &ident(&s.name)))
}
