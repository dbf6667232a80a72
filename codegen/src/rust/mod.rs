//! Rust emission: one self-contained module body per service version, plus the committed
//! crate's `lib.rs` and `Cargo.toml`, and the runtime's common error enum.
//!
//! A service file holds only items (no inner attributes), so the same bytes serve as
//! `generated/src/<svc>.rs`, as a build script's `OUT_DIR/<svc>.rs` for `include!`, and as
//! the expansion of `include_spec!`.

pub mod doc;
pub mod enums;
pub mod errors;
pub mod layout;
#[cfg(test)]
mod layout_tests;
pub mod paginate;
pub mod payload;
pub mod structs;
pub mod tokens;
pub mod waiters;

use proc_macro2::{Literal, TokenStream};

use crate::ir::{Action, Model, RegionRule, Service};
use layout::{Seg, Text};
use tokens::Scope;

fn region_text(r: RegionRule) -> &'static str {
    match r {
        RegionRule::Required => "required",
        RegionRule::Optional => "optional",
        RegionRule::Unused => "not used",
    }
}

/// The items of one service module, as tokens (for `include_spec!`): the text of
/// [`service_file`] lexed, so the macro expands to the items of the file.
pub fn service_tokens(s: &Service) -> TokenStream {
    let text = service_file(s, false);
    text.parse().unwrap_or_else(|e| {
        let message = lit(&format!(
            "internal error: the code generated for {} does not lex ({e}); please report this with the spec",
            s.name
        ));
        format!("::core::compile_error! {{ {message} }}")
            .parse()
            .unwrap_or_default()
    })
}

use layout::lit;

/// A part of a module's body: items written as formatted Rust for the depth they are
/// placed at, or a nested module.
pub enum Piece {
    /// Formatted items, each line indented for the piece's depth, ending with a newline.
    Text(String),
    /// `pub mod name { use ::tcapi::json; ... }`.
    Module(Module),
}

/// `pub mod name { use ::tcapi::json; pieces }`, documented by `doc` (Markdown).
pub struct Module {
    /// The module's documentation, already escaped Markdown.
    pub doc: String,
    /// The module's name.
    pub name: String,
    /// Its items.
    pub pieces: Vec<Piece>,
}

impl Piece {
    /// Whether the piece is a `use` declaration.
    fn is_use(&self) -> bool {
        match self {
            Piece::Text(text) => text.trim_start().starts_with("pub use "),
            Piece::Module(_) => false,
        }
    }
}

/// Prints the pieces at `depth` (0: file level, 1: inside a module).
///
/// A blank line separates consecutive pieces (and a module's `use` from its first item), as a
/// person would write the file, except between `use` declarations, which stay together;
/// rustfmt keeps both. A piece is one generated thing (a struct, its builder, an enum with
/// its impls): the items within one are not separated.
fn print_pieces(pieces: Vec<Piece>, depth: usize, out: &mut String) {
    let mut previous_use = None;
    for p in pieces {
        let is_use = p.is_use();
        if previous_use.is_some_and(|prev| !(prev && is_use)) {
            out.push('\n');
        }
        previous_use = Some(is_use);
        print_piece(p, depth, out);
    }
}

fn print_piece(p: Piece, depth: usize, out: &mut String) {
    match p {
        Piece::Text(text) => out.push_str(&text),
        Piece::Module(m) => {
            let indent = "    ".repeat(depth);
            doc::push_lines(&m.doc, &indent, out);
            out.push_str(&indent);
            out.push_str("pub mod ");
            out.push_str(&m.name);
            out.push_str(" {\n");
            out.push_str(&indent);
            out.push_str("    use ::tcapi::json;\n\n");
            print_pieces(m.pieces, depth + 1, out);
            out.push_str(&indent);
            out.push_str("}\n");
        }
    }
}

/// `pub use self::module::{names};` at file level: on one line when it fits, else the
/// names filled into lines below (each on the line while it fits).
fn reexport(module: &str, names: [&String; 3]) -> String {
    use layout::Fit;
    let mut t = Text::with_capacity(128);
    let flat = "pub use self::::{, , };".len()
        + module.len()
        + layout::joined_len(names.map(String::as_str), "");
    match layout::fit(flat) {
        Fit::Flat => t.line(
            0,
            &[
                "pub use self::",
                module,
                "::{",
                names[0],
                ", ",
                names[1],
                ", ",
                names[2],
                "};",
            ],
        ),
        Fit::Broken => {
            t.line(0, &["pub use self::", module, "::{"]);
            // Each name after the first goes on the line when it fits with its comma (the
            // last one: without the trailing comma, which is added on breaking).
            let space = layout::MARGIN - 4;
            let mut line = names[0].to_string() + ",";
            for (i, name) in names.iter().enumerate().skip(1) {
                let chunk = 1 + name.len() + usize::from(i < 2);
                let left = space - line.len().min(space);
                if chunk <= left {
                    line.push(' ');
                } else {
                    t.line(4, &[line.as_str()]);
                    line.clear();
                }
                line.push_str(name);
                line.push(',');
            }
            t.line(4, &[line.as_str()]);
            t.line(0, &["};"]);
        }
    }
    t.finish()
}

/// `pub static SERVICE`: the service's name, version, title and endpoints.
fn service_static(s: &Service) -> String {
    let mut t = Text::with_capacity(512);
    t.doc(
        0,
        &format!(
            "The {} service, API version `{}`: short name, version and endpoints.\n\nRegion: {}.",
            doc::escape(&s.title),
            s.version,
            region_text(s.region)
        ),
    );
    t.line(
        0,
        &["pub static SERVICE: ::tcapi::ServiceMeta = ::tcapi::ServiceMeta {"],
    );
    t.line(4, &["name: ", &lit(&s.name), ","]);
    t.line(4, &["version: ", &lit(&s.version), ","]);
    t.line(4, &["title: ", &lit(&s.title), ","]);
    t.line(4, &["endpoints: ::tcapi::Endpoints {"]);
    t.line(8, &["mainland: ", &lit(&s.mainland), ","]);
    t.line(8, &["international: ", &lit(&s.international), ","]);
    t.line(8, &["regional: ", &lit(&s.regional), ","]);
    t.line(4, &["},"]);
    t.line(0, &["};"]);
    t.finish()
}

/// The items of one service module.
pub fn service_pieces(s: &Service, doc_examples: bool) -> Vec<Piece> {
    let title = &s.title;
    let mut items: Vec<Piece> = vec![Piece::Text(service_static(s))];
    items.extend(s.actions.iter().map(|a| {
        Piece::Text(reexport(
            &a.module,
            [&a.request.name, &a.response.name, &a.error_name],
        ))
    }));
    if s.actions.iter().any(|a| a.errors_from_service) {
        items.push(Piece::Text(errors::action_error(
            &s.error_name,
            &format!(
                "the actions of {} whose codes are documented for the whole service",
                doc::escape(&s.title)
            ),
            &s.errors,
            0,
        )));
    }
    if !s.types.is_empty() {
        let mut types = Vec::new();
        for t in &s.types {
            type_items(t, &mut types);
        }
        for e in &s.type_enums {
            enums::emit(e, 1, &mut types);
        }
        items.push(Piece::Module(Module {
            doc: format!(
                "Data types shared by the actions of {}.",
                doc::escape(title)
            ),
            name: "types".to_owned(),
            pieces: types,
        }));
    }
    if let Some(module) = waiters::module(s) {
        items.push(Piece::Text(module));
    }
    items.extend(
        s.actions
            .iter()
            .map(|a| Piece::Module(action_module(s, a, doc_examples))),
    );
    items
}

fn type_items(t: &crate::ir::Struct, items: &mut Vec<Piece>) {
    let mut d = match &t.description {
        Some(x) if !x.trim().is_empty() => doc::escape(x),
        _ => format!("The `{}` data type.", t.wire),
    };
    d.push_str(&format!("\n\nWire type {}.", doc::code(&t.wire)));
    items.push(Piece::Text(structs::definition(
        t,
        Scope::Types,
        &d,
        false,
        1,
    )));
    structs::wire_impls(t, false, 1, items);
    if t.usage.input {
        items.push(Piece::Text(structs::builder(t, Scope::Types, 1)));
        items.push(Piece::Text(structs::validate(t, 1)));
    }
}

/// `doc_examples`: the request's docs carry a compiled example naming the service
/// crate's paths (only in the crates with code).
fn action_module(s: &Service, a: &Action, doc_examples: bool) -> Module {
    let action = &a.name;
    let desc = doc::escape(&a.description);
    let mut facts = vec![format!(
        "Action {} of {} `{}`",
        doc::code(action),
        doc::escape(&s.title),
        s.version
    )];
    facts.push(format!("Endpoint `{}`", s.documented_host));
    if let Some(r) = a.rate_limit {
        facts.push(format!("Rate limit: {r} requests per second"));
    }
    if let Some(t) = a.timeout {
        facts.push(format!("Timeout: {t} s"));
    }
    facts.push(format!("Region: {}", region_text(a.region)));
    if a.deprecated {
        facts.push("Deprecated".into());
    }
    if a.streaming {
        facts.push(
            "Streaming: may answer with a stream of events (`Client::send_streaming`)".into(),
        );
    }
    facts.extend(payload::fact(a));
    let facts = facts.join(". ") + ".";
    let err_name = &a.error_name;
    let resp_name = &a.response.name;
    let module_doc = format!("`{action}`: {desc}\n\n{facts}");
    let mut req_doc = format!(
        "Request of `{action}`: {desc}\n\n{facts}\n\nSend it with the `tcapi` client; it answers with [`{resp_name}`] or, for a service error, one of [`{err_name}`]'s variants. `validate()` checks every documented constraint before sending."
    );
    // Only in the crates with code: the example names `tcapi_<service>::...` paths, which
    // build-script and macro users do not have. An example whose placeholders cannot
    // satisfy the constraints would fail as a doctest, so it is left out.
    let example = doc_examples
        .then(|| crate::example::request_example(s, a))
        .filter(|e| e.valid);
    if let Some(example) = example {
        req_doc.push_str(&format!(
            "\n\n# Example\n\nThe required parameters and a few optional ones with placeholder values, checked without a network call, then sent:\n\n```\n{}```",
            example.code
        ));
    }
    if let Some(p) = &a.pagination {
        req_doc.push_str(&format!(
            "\n\n# Pages\n\nThe action pages by {} (`{}`{}): `client.paginate(request)` gives every page from the one the request asks for (its filters kept{}), `.items()` every item of `{}`; the stream stops on the last page and never repeats one (see `tcapi::paginate`).",
            p.kind_name(),
            p.cursor,
            p.limit.as_ref().map(|l| format!(", `{l}`")).unwrap_or_default(),
            p.max_limit
                .map(|m| format!(", {m} item{} a page unless it sets a page size", if m == 1 { "" } else { "s" }))
                .unwrap_or_default(),
            p.items
        ));
        if let Some(code) = doc_examples
            .then(|| crate::example::paginate_example(s, a))
            .flatten()
        {
            req_doc.push_str(&format!("\n\n```\n{code}```"));
        }
    }
    let resp_doc = format!("Response of `{action}` (the object inside `Response`).");
    let mut items = vec![Piece::Text(structs::definition(
        &a.request,
        Scope::Action,
        &req_doc,
        false,
        1,
    ))];
    structs::wire_impls(&a.request, false, 1, &mut items);
    items.push(Piece::Text(structs::builder(&a.request, Scope::Action, 1)));
    items.push(Piece::Text(structs::validate(&a.request, 1)));
    items.push(Piece::Text(action_impl(a, 1)));
    if a.streaming {
        let mut t = Text::with_capacity(256);
        t.line(
            4,
            &["/// The action may answer with a stream of events, each one response object:"],
        );
        t.line(
            4,
            &["/// `client.send_streaming(request)` gives them as they arrive."],
        );
        t.empty_impl(4, "::tcapi::StreamingAction", &a.request.name);
        items.push(Piece::Text(t.finish()));
    }
    if let Some(text) = paginate::paginated_impl(s, a, 1) {
        items.push(Piece::Text(text));
    }
    items.push(Piece::Text(structs::definition(
        &a.response,
        Scope::Action,
        &resp_doc,
        true,
        1,
    )));
    structs::wire_impls(&a.response, true, 1, &mut items);
    if a.errors_from_service {
        let mut t = Text::with_capacity(512);
        t.doc(
            4,
            &format!(
                "Errors of `{action}`: Tencent Cloud documents this action's codes for the whole service, so this is the service's [`{}`](super::{}).",
                s.error_name, s.error_name
            ),
        );
        t.line(
            4,
            &["pub type ", &a.error_name, " = super::", &s.error_name, ";"],
        );
        items.push(Piece::Text(t.finish()));
    } else {
        items.push(Piece::Text(errors::action_error(
            &a.error_name,
            &format!("`{action}`"),
            &a.errors,
            1,
        )));
    }
    for e in &a.enums {
        enums::emit(e, 1, &mut items);
    }
    Module {
        doc: module_doc,
        name: a.module.clone(),
        pieces: items,
    }
}

/// `impl ::tcapi::Action` for a module at `depth`: the request's response and error types,
/// the action's facts, and the methods of actions that need them.
fn action_impl(a: &Action, depth: usize) -> String {
    let (i0, i1, i2) = (depth * 4, depth * 4 + 4, depth * 4 + 8);
    let mut t = Text::with_capacity(640);
    t.impl_header(i0, "::tcapi::Action", &a.request.name);
    t.line(i1, &["type Response = ", &a.response.name, ";"]);
    t.line(i1, &["type Error = ", &a.error_name, ";"]);
    t.line(
        i1,
        &["const META: &'static ::tcapi::ActionMeta = &::tcapi::ActionMeta {"],
    );
    t.line(i2, &["service: &super::SERVICE,"]);
    t.line(i2, &["name: ", &lit(&a.name), ","]);
    match a.rate_limit {
        Some(r) => t.line(
            i2,
            &[
                "rate_limit: Some(",
                &Literal::u32_suffixed(r).to_string(),
                "),",
            ],
        ),
        None => t.line(i2, &["rate_limit: None,"]),
    }
    match a.timeout {
        Some(s) => {
            let secs = Literal::u64_suffixed(u64::from(s)).to_string();
            t.line(
                i2,
                &[
                    "timeout: Some(::std::time::Duration::from_secs(",
                    &secs,
                    ")),",
                ],
            );
        }
        None => t.line(i2, &["timeout: None,"]),
    }
    let region = match a.region {
        RegionRule::Required => "region: ::tcapi::RegionRule::Required,",
        RegionRule::Optional => "region: ::tcapi::RegionRule::Optional,",
        RegionRule::Unused => "region: ::tcapi::RegionRule::Unused,",
    };
    t.line(i2, &[region]);
    t.line(
        i2,
        &[
            "idempotent: ",
            if a.idempotent { "true" } else { "false" },
            ",",
        ],
    );
    t.line(
        i2,
        &[
            "deprecated: ",
            if a.deprecated { "true" } else { "false" },
            ",",
        ],
    );
    t.line(i1, &["};"]);
    // `Action::ensure_client_token` of an action with a `ClientToken` string parameter:
    // an unset token is generated, so every attempt of one call carries the same token
    // and the service can recognise a retry.
    if let Some(field) = client_token_field(a) {
        t.line(i1, &["fn ensure_client_token(&mut self) -> bool {"]);
        if field.optional {
            t.line(i2, &["if self.", &field.rust, ".is_none() {"]);
            t.segs(
                i2 + 4,
                &[
                    Seg::t(format!("self.{} = Some", field.rust)),
                    Seg::list("(", ["::tcapi::client_token()"], ")"),
                ],
                ";",
                "",
            );
            t.line(i2, &["}"]);
        }
        t.line(i2, &["true"]);
        t.line(i1, &["}"]);
    }
    payload::payload_fn(a, i1, &mut t);
    t.line(i0, &["}"]);
    t.finish()
}

/// The request's `ClientToken` string parameter, if it has one.
fn client_token_field(a: &Action) -> Option<&crate::ir::Field> {
    a.request
        .fields
        .iter()
        .find(|f| f.wire == "ClientToken" && matches!(f.ty, crate::ir::Ty::String(_)))
}

/// The formatted body of one service module; `doc_examples` as for the committed crate.
pub fn service_file(s: &Service, doc_examples: bool) -> String {
    let header = format!(
        "// @generated by tcapi-codegen from {}. Do not edit: change the spec and run `tcapi-codegen generate`.\n//\n// Functions are `#[inline]` so that their machine code is built in the crate that calls\n// them, for the actions it calls, rather than here for every action of the service.\n\n",
        s.files
            .iter()
            .map(|f| f
                .file_name()
                .map(|n| format!("{}/{}", s.name, n.to_string_lossy()))
                .unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let pieces = service_pieces(s, doc_examples);
    // Room for the whole file at once: growing a string of megabytes copies it each time.
    let mut out = String::with_capacity(header.len() + text_len(&pieces) + 4096);
    out.push_str(&header);
    print_pieces(pieces, 0, &mut out);
    out
}

/// How long the pieces are, written out (modules: their text and a guess for their lines).
fn text_len(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Module(m) => m.doc.len() + 64 + text_len(&m.pieces),
        })
        .sum()
}

/// `runtime/src/common_error.rs`.
pub fn common_error_file(m: &Model) -> String {
    format!(
        "// @generated by tcapi-codegen from specs/common.yaml. Do not edit: change the spec and run `tcapi-codegen generate`.\n\n{}",
        errors::common_error(&m.common_errors)
    )
}
