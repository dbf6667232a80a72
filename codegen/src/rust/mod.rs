//! Rust emission: one self-contained module body per service version, plus the committed
//! crate's `lib.rs` and `Cargo.toml`, and the runtime's common error enum.
//!
//! A service file holds only items (no inner attributes), so the same bytes serve as
//! `generated/src/<svc>.rs`, as a build script's `OUT_DIR/<svc>.rs` for `include!`, and as
//! the expansion of `include_spec!`.

pub mod ast;
pub mod doc;
pub mod enums;
pub mod errors;
pub mod layout;
#[cfg(test)]
mod layout_tests;
pub mod paginate;
pub mod payload;
pub mod structs;
pub mod template;
pub mod tokens;
pub mod waiters;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use syn::Item;

use crate::ir::{Action, Model, RegionRule, Service};
use template::parse_once;
use tokens::{Scope, ident};

/// Formats a token stream as a Rust file.
pub fn format(tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(prettyplease::unparse(&file))
}

fn region(r: RegionRule) -> syn::Path {
    let variant = match r {
        RegionRule::Required => "Required",
        RegionRule::Optional => "Optional",
        RegionRule::Unused => "Unused",
    };
    ast::path(true, &["tcapi", "RegionRule", variant])
}

/// `true` or `false`.
fn bool_expr(value: bool) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Bool(syn::LitBool::new(value, proc_macro2::Span::call_site())),
    })
}

fn region_text(r: RegionRule) -> &'static str {
    match r {
        RegionRule::Required => "required",
        RegionRule::Optional => "optional",
        RegionRule::Unused => "not used",
    }
}

/// The items of one service module, as tokens (for `include_spec!`).
pub fn service_tokens(s: &Service) -> TokenStream {
    let mut out = TokenStream::new();
    pieces_tokens(service_pieces(s, false), &mut out);
    out
}

/// A part of a module's body: an item built as a syn tree (printed by prettyplease), items
/// already written as formatted Rust for the depth they are placed at (fixed shapes whose
/// text is cheaper to write than to build and print), or a nested module.
// Pieces are moved into a list once and printed once: boxing the large `Item` would add an
// allocation per item and save nothing.
#[allow(clippy::large_enum_variant)]
pub enum Piece {
    /// A syn item.
    Item(Item),
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
    pub name: Ident,
    /// Its items.
    pub pieces: Vec<Piece>,
}

impl Piece {
    /// Whether the piece is a `use` declaration.
    fn is_use(&self) -> bool {
        match self {
            Piece::Item(item) => matches!(item, Item::Use(_)),
            Piece::Text(text) => text.trim_start().starts_with("pub use "),
            Piece::Module(_) => false,
        }
    }

    /// `text` when the writer could lay it out, else the item `tree` builds, for
    /// prettyplease to print.
    pub fn text_or(text: Option<String>, tree: impl FnOnce() -> Item) -> Piece {
        match text {
            Some(text) => Piece::Text(text),
            None => Piece::Item(tree()),
        }
    }
}

impl From<Item> for Piece {
    fn from(item: Item) -> Self {
        Piece::Item(item)
    }
}

/// The pieces as tokens (for `include_spec!`).
fn pieces_tokens(pieces: Vec<Piece>, out: &mut TokenStream) {
    use quote::ToTokens;
    for p in pieces {
        match p {
            Piece::Item(item) => item.to_tokens(out),
            Piece::Text(text) => out.extend(
                text.parse::<TokenStream>()
                    .expect("text pieces are Rust items"),
            ),
            Piece::Module(m) => {
                let attrs = doc::attrs(&m.doc);
                let name = m.name;
                let mut body = TokenStream::new();
                pieces_tokens(m.pieces, &mut body);
                out.extend(quote! {
                    #(#attrs)*
                    pub mod #name {
                        use ::tcapi::json;
                        #body
                    }
                });
            }
        }
    }
}

/// Prints the pieces at `depth` (0: file level, 1: inside a module).
///
/// prettyplease prints the items of a module one after the other, each from a fresh line
/// and independent of its neighbours, so printing items one at a time gives the same text
/// as printing the whole file at once; it keeps each tree small and lets fixed shapes be
/// written as text.
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

/// The items of `trees` printed at `depth` one after the other, as one piece's text.
pub(super) fn print_together(trees: Vec<Piece>, depth: usize) -> String {
    let mut out = String::new();
    for p in trees {
        print_piece(p, depth, &mut out);
    }
    out
}

fn print_piece(p: Piece, depth: usize, out: &mut String) {
    match p {
        Piece::Item(item) => print_item(item, depth, out),
        Piece::Text(text) => out.push_str(&text),
        Piece::Module(m) => {
            let indent = "    ".repeat(depth);
            doc::push_lines(&m.doc, &indent, out);
            out.push_str(&indent);
            out.push_str("pub mod ");
            out.push_str(&m.name.to_string());
            out.push_str(" {\n");
            out.push_str(&indent);
            out.push_str("    use ::tcapi::json;\n\n");
            print_pieces(m.pieces, depth + 1, out);
            out.push_str(&indent);
            out.push_str("}\n");
        }
    }
}

/// Prints an impl block at `depth` 0 or 1, as prettyplease prints it (for builders whose
/// methods are partly written as text: the block ends with `}` and a newline).
pub fn print_impl_fns(item: syn::ItemImpl, depth: usize, out: &mut String) {
    print_item(Item::Impl(item), depth, out);
}

/// Prints one item at `depth` 0 or 1, as prettyplease prints it in a file or a module.
fn print_item(item: Item, depth: usize, out: &mut String) {
    debug_assert!(depth <= 1, "items are printed at file or module level");
    let items = if depth == 0 {
        vec![item]
    } else {
        let mut m = parse_once!(syn::ItemMod: mod m {});
        if let Some((_, content)) = &mut m.content {
            content.push(item);
        }
        vec![Item::Mod(m)]
    };
    let text = prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    });
    if depth == 0 {
        out.push_str(&text);
    } else {
        // Without the wrapper's first line (`mod m {`) and last line (`}`).
        let body = text
            .strip_prefix("mod m {\n")
            .and_then(|t| t.strip_suffix("}\n"))
            .expect("a module of one item");
        out.push_str(body);
    }
}

/// [`reexport`] as text at file level: on one line when it fits, else the names filled
/// into lines below, as prettyplease fills a use group.
fn reexport_text(module: &str, names: [&String; 3]) -> Option<String> {
    use layout::Fit;
    let mut t = layout::Text::with_capacity(128);
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
            // last one: without the trailing comma, which prettyplease adds on breaking).
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

/// `pub use self::module::{names};`.
fn reexport(module: Ident, names: [Ident; 3]) -> Item {
    use syn::{UseGroup, UseName, UsePath, UseTree};
    let group = UseTree::Group(UseGroup {
        brace_token: ast::brace(),
        items: names
            .into_iter()
            .map(|ident| UseTree::Name(UseName { ident }))
            .collect(),
    });
    let path = |ident, tree| {
        UseTree::Path(UsePath {
            ident,
            colon2_token: Default::default(),
            tree: Box::new(tree),
        })
    };
    Item::Use(syn::ItemUse {
        attrs: Vec::new(),
        vis: ast::public(),
        use_token: Default::default(),
        leading_colon: None,
        tree: path(ident("self"), path(module, group)),
        semi_token: Default::default(),
    })
}

/// The items of one service module.
pub fn service_pieces(s: &Service, doc_examples: bool) -> Vec<Piece> {
    let (name, version, title) = (&s.name, &s.version, &s.title);
    let (mainland, intl, regional) = (&s.mainland, &s.international, &s.regional);
    let region_note = format!("Region: {}.", region_text(s.region));
    let mut service: syn::ItemStatic = syn::parse_quote! {
        pub static SERVICE: ::tcapi::ServiceMeta = ::tcapi::ServiceMeta {
            name: #name,
            version: #version,
            title: #title,
            endpoints: ::tcapi::Endpoints {
                mainland: #mainland,
                international: #intl,
                regional: #regional,
            },
        };
    };
    service.attrs = doc::attrs(&format!(
        "The {} service, API version `{version}`: short name, version and endpoints.\n\n{region_note}",
        doc::escape(title)
    ));
    let mut items: Vec<Piece> = vec![Item::Static(service).into()];
    items.extend(s.actions.iter().map(|a| {
        let names = [&a.request.name, &a.response.name, &a.error_name];
        Piece::text_or(reexport_text(&a.module, names), || {
            reexport(ident(&a.module), names.map(|n| ident(n)))
        })
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
            name: ident("types"),
            pieces: types,
        }));
    }
    if let Some(module) = waiters::module(s) {
        items.push(module.into());
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
        items.push(Piece::text_or(structs::validate_text(t, 1), || {
            structs::validate_impl(t)
        }));
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
    items.push(Piece::text_or(
        structs::validate_text(&a.request, 1),
        || structs::validate_impl(&a.request),
    ));
    items.push(Piece::text_or(action_text(a, 1), || action_impl(a)));
    if a.streaming {
        let req = ident(&a.request.name);
        let item: Item = syn::parse_quote! {
            /// The action may answer with a stream of events, each one response object:
            /// `client.send_streaming(request)` gives them as they arrive.
            impl ::tcapi::StreamingAction for #req {}
        };
        items.push(item.into());
    }
    if let Some(item) = paginate::paginated_impl(s, a) {
        items.push(item.into());
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
        let er = ident(&a.error_name);
        let mut alias = parse_once!(syn::ItemType: pub type Placeholder = super::Placeholder;);
        alias.ident = er;
        *alias.ty = ast::ty_path(ast::path(false, &["super", &s.error_name]));
        alias.attrs = doc::attrs(&format!(
            "Errors of `{action}`: Tencent Cloud documents this action's codes for the whole service, so this is the service's [`{}`](super::{}).",
            s.error_name, s.error_name
        ));
        items.push(Item::Type(alias).into());
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
        name: ident(&a.module),
        pieces: items,
    }
}

/// `impl ::tcapi::Action`: the request's response and error types and the action's facts.
fn action_impl(a: &Action) -> Item {
    let mut item = parse_once!(syn::ItemImpl:
        impl ::tcapi::Action for Placeholder {
            type Response = Placeholder;
            type Error = Placeholder;
            const META: &'static ::tcapi::ActionMeta = &::tcapi::ActionMeta {
                service: &super::SERVICE,
                name: "",
                rate_limit: None,
                timeout: None,
                region: ::tcapi::RegionRule::Required,
                idempotent: false,
                deprecated: false,
            };
        }
    );
    *item.self_ty = ast::ty_ident(ident(&a.request.name));
    for member in &mut item.items {
        match member {
            syn::ImplItem::Type(t) if t.ident == "Response" => {
                t.ty = ast::ty_ident(ident(&a.response.name));
            }
            syn::ImplItem::Type(t) => t.ty = ast::ty_ident(ident(&a.error_name)),
            syn::ImplItem::Const(c) => {
                if let syn::Expr::Reference(r) = &mut c.expr {
                    if let syn::Expr::Struct(meta) = &mut *r.expr {
                        meta.fields.iter_mut().for_each(|f| set_meta(f, a));
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(token) = client_token(a) {
        item.items.push(token);
    }
    item.items.extend(payload::payload_fn(a));
    Item::Impl(item)
}

/// [`action_impl`] written for a module at `depth`; `None` for an action with a payload
/// (a few, left to prettyplease).
fn action_text(a: &Action, depth: usize) -> Option<String> {
    if !matches!(a.payload, crate::ir::Payload::Json) {
        return None;
    }
    let (i0, i1, i2) = (depth * 4, depth * 4 + 4, depth * 4 + 8);
    let mut t = layout::Text::with_capacity(640);
    t.impl_header(i0, "::tcapi::Action", &a.request.name);
    t.line(i1, &["type Response = ", &a.response.name, ";"]);
    t.line(i1, &["type Error = ", &a.error_name, ";"]);
    t.line(
        i1,
        &["const META: &'static ::tcapi::ActionMeta = &::tcapi::ActionMeta {"],
    );
    t.line(i2, &["service: &super::SERVICE,"]);
    t.line(i2, &["name: ", &layout::lit(&a.name), ","]);
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
    if let Some(field) = client_token_field(a) {
        t.line(i1, &["fn ensure_client_token(&mut self) -> bool {"]);
        if field.optional {
            t.line(i2, &["if self.", &field.rust, ".is_none() {"]);
            t.line(
                i2 + 4,
                &["self.", &field.rust, " = Some(::tcapi::client_token());"],
            );
            t.line(i2, &["}"]);
        }
        t.line(i2, &["true"]);
        t.line(i1, &["}"]);
    }
    t.line(i0, &["}"]);
    t.finish()
}

/// The fields of `ActionMeta` in the template above, each one [`set_meta`] fills in (or, for
/// `service`, keeps): a template field this list does not name fails the test below rather
/// than keeping its placeholder.
const META_FIELDS: &[&str] = &[
    "service",
    "name",
    "rate_limit",
    "timeout",
    "region",
    "idempotent",
    "deprecated",
];

/// `Action::ensure_client_token` of an action with a `ClientToken` string parameter: an
/// unset token is generated, so every attempt of one call carries the same token and the
/// service can recognise a retry.
fn client_token(a: &Action) -> Option<syn::ImplItem> {
    let field = client_token_field(a)?;
    let name = ident(&field.rust);
    Some(if field.optional {
        syn::parse_quote! {
            fn ensure_client_token(&mut self) -> bool {
                if self.#name.is_none() {
                    self.#name = Some(::tcapi::client_token());
                }
                true
            }
        }
    } else {
        syn::parse_quote! {
            fn ensure_client_token(&mut self) -> bool {
                true
            }
        }
    })
}

/// The request's `ClientToken` string parameter, if it has one.
fn client_token_field(a: &Action) -> Option<&crate::ir::Field> {
    a.request
        .fields
        .iter()
        .find(|f| f.wire == "ClientToken" && matches!(f.ty, crate::ir::Ty::String(_)))
}

/// One field of an action's `ActionMeta`, from the action.
fn set_meta(field: &mut syn::FieldValue, a: &Action) {
    let syn::Member::Named(name) = &field.member else {
        return;
    };
    debug_assert!(
        META_FIELDS.iter().any(|f| name == f),
        "ActionMeta field `{name}` is not filled in"
    );
    field.expr = if name == "name" {
        ast::str_expr(&a.name)
    } else if name == "rate_limit" {
        match a.rate_limit {
            Some(r) => ast::some(ast::lit(Literal::u32_suffixed(r))),
            None => return,
        }
    } else if name == "timeout" {
        match a.timeout {
            Some(t) => {
                let from_secs = ast::path(true, &["std", "time", "Duration", "from_secs"]);
                let secs = ast::lit(Literal::u64_suffixed(u64::from(t)));
                ast::some(ast::call(ast::expr_path(from_secs), [secs]))
            }
            None => return,
        }
    } else if name == "region" {
        ast::expr_path(region(a.region))
    } else if name == "idempotent" {
        bool_expr(a.idempotent)
    } else if name == "deprecated" {
        bool_expr(a.deprecated)
    } else {
        return;
    };
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

/// About how long the pieces are printed: their text, and a guess for the few items.
fn text_len(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Item(_) => 1024,
            Piece::Text(t) => t.len(),
            Piece::Module(m) => m.doc.len() + 64 + text_len(&m.pieces),
        })
        .sum()
}

/// `runtime/src/common_error.rs`.
pub fn common_error_file(m: &Model) -> Result<String, syn::Error> {
    Ok(format!(
        "// @generated by tcapi-codegen from specs/common.yaml. Do not edit: change the spec and run `tcapi-codegen generate`.\n\n{}",
        format(errors::common_error(&m.common_errors))?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of the `ActionMeta` template is one `set_meta` knows, and every one it
    /// knows is in the template.
    #[test]
    fn action_meta_fields_are_all_filled_in() {
        let (_, model) =
            crate::load_and_check(&[std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../specs/gse/2019-11-12.yaml")])
            .unwrap();
        let item = action_impl(&model.services[0].actions[0]);
        let Item::Impl(imp) = item else { panic!() };
        let mut names = Vec::new();
        for member in &imp.items {
            if let syn::ImplItem::Const(c) = member {
                if let syn::Expr::Reference(r) = &c.expr {
                    if let syn::Expr::Struct(meta) = &*r.expr {
                        for f in &meta.fields {
                            if let syn::Member::Named(n) = &f.member {
                                names.push(n.to_string());
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(names, META_FIELDS);
    }
}
