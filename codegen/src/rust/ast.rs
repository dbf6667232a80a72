//! Constructors for syn nodes.
//!
//! The high-volume parts of a service file (fields, docs, wire impl bodies, setters, checks,
//! match arms) are built as syn values directly rather than written with `quote!` and parsed
//! back: each helper builds exactly the node syn's parser would produce for the Rust text in
//! its doc comment, so the formatted output is the same.

use proc_macro2::{Literal, Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::token;
use syn::{
    AttrStyle, Attribute, Block, Expr, ExprCall, ExprField, ExprLit, ExprMethodCall, ExprPath,
    ExprReference, ExprStruct, ExprTry, ExprUnary, Field, FieldMutability, FieldPat, FieldValue,
    Fields, FieldsNamed, GenericArgument, Ident, Lit, LitStr, Member, Meta, MetaNameValue, Pat,
    PatIdent, PatStruct, PatTupleStruct, Path, PathArguments, PathSegment, Stmt, Type, TypePath,
    UnOp, Visibility,
};

pub use crate::rust::tokens::ident;

/// Delimiters, made once per thread: a new delimiter's span is built through a token
/// group, which allocates.
#[derive(Clone, Copy, Default)]
struct Delimiters {
    brace: token::Brace,
    bracket: token::Bracket,
    paren: token::Paren,
}

thread_local!(static DELIMITERS: Delimiters = Delimiters::default());

/// `{ }`.
pub fn brace() -> token::Brace {
    DELIMITERS.with(|d| d.brace)
}

/// `[ ]`.
pub fn bracket() -> token::Bracket {
    DELIMITERS.with(|d| d.bracket)
}

/// `( )`.
pub fn paren() -> token::Paren {
    DELIMITERS.with(|d| d.paren)
}

/// A path: `a::b::c`, or `::a::b::c` when `global`.
pub fn path(global: bool, segments: &[&str]) -> Path {
    Path {
        leading_colon: global.then(Default::default),
        segments: segments
            .iter()
            .map(|s| PathSegment::from(ident(s)))
            .collect(),
    }
}

/// A one-segment path from an identifier.
pub fn path1(name: Ident) -> Path {
    Path::from(name)
}

/// `Self::Name`.
pub fn self_path(name: Ident) -> Path {
    let mut p = path(false, &["Self"]);
    p.segments.push(PathSegment::from(name));
    p
}

/// A type named by a path.
pub fn ty_path(path: Path) -> Type {
    Type::Path(TypePath { qself: None, path })
}

/// A type named by one identifier.
pub fn ty_ident(name: Ident) -> Type {
    ty_path(path1(name))
}

/// `Outer<inner>` (`Vec<T>`, `Option<T>`, `Box<T>`, `Into<T>`) as a path.
pub fn generic_path(outer: &str, inner: Type) -> Path {
    let mut args = Punctuated::new();
    args.push(GenericArgument::Type(inner));
    let mut segment = PathSegment::from(ident(outer));
    segment.arguments = PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
        colon2_token: None,
        lt_token: Default::default(),
        args,
        gt_token: Default::default(),
    });
    Path::from(segment)
}

/// `Outer<inner>` as a type.
pub fn generic(outer: &str, inner: Type) -> Type {
    ty_path(generic_path(outer, inner))
}

/// `impl Into<inner>`.
pub fn impl_into(inner: Type) -> Type {
    let mut bounds = Punctuated::new();
    bounds.push(syn::TypeParamBound::Trait(syn::TraitBound {
        paren_token: None,
        modifier: syn::TraitBoundModifier::None,
        lifetimes: None,
        path: generic_path("Into", inner),
    }));
    Type::ImplTrait(syn::TypeImplTrait {
        impl_token: Default::default(),
        bounds,
    })
}

/// A string literal token.
pub fn lit_str(value: &str) -> LitStr {
    LitStr::new(value, Span::call_site())
}

/// A literal expression from a token (`"a"`, `5u64`, `-1.5f64`).
pub fn lit(token: Literal) -> Expr {
    Expr::Lit(ExprLit {
        attrs: Vec::new(),
        lit: Lit::new(token),
    })
}

/// A string literal expression.
pub fn str_expr(value: &str) -> Expr {
    Expr::Lit(ExprLit {
        attrs: Vec::new(),
        lit: Lit::Str(lit_str(value)),
    })
}

/// The string literal of a doc line.
///
/// Only its value matters: the printer writes doc attributes as `///` comments. A raw
/// string `r#"line"#` holds the text as it is, which spares `Literal::string`'s escaping
/// of every character here and the printer's unescaping later. Lines a raw string cannot
/// hold as they are (`"#`, control characters) take the escaped form.
fn doc_lit(line: &str) -> LitStr {
    let bytes = line.as_bytes();
    let raw_ok = bytes
        .iter()
        .enumerate()
        .all(|(i, &b)| b >= 0x20 && b != 0x7f && !(b == b'"' && bytes.get(i + 1) == Some(&b'#')));
    if raw_ok {
        let mut repr = String::with_capacity(line.len() + 5);
        repr.push_str("r#\"");
        repr.push_str(line);
        repr.push_str("\"#");
        if let Ok(token) = repr.parse::<Literal>() {
            if let Lit::Str(s) = Lit::new(token) {
                return s;
            }
        }
    }
    lit_str(line)
}

/// `#[doc = "line"]`.
pub fn doc_attr(line: &str) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style: AttrStyle::Outer,
        bracket_token: bracket(),
        meta: Meta::NameValue(MetaNameValue {
            path: path(false, &["doc"]),
            eq_token: Default::default(),
            value: Expr::Lit(ExprLit {
                attrs: Vec::new(),
                lit: Lit::Str(doc_lit(&crate::text::without_bidi(line))),
            }),
        }),
    }
}

/// `pub`.
pub fn public() -> Visibility {
    Visibility::Public(Default::default())
}

/// A named field: `#[doc...] pub name: ty` (or without `pub` when not `public`).
pub fn field(attrs: Vec<Attribute>, vis: Visibility, name: Ident, ty: Type) -> Field {
    Field {
        attrs,
        vis,
        mutability: FieldMutability::None,
        ident: Some(name),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `{ fields }` of a struct or struct-like variant.
pub fn fields_named(named: Punctuated<Field, token::Comma>) -> Fields {
    Fields::Named(FieldsNamed {
        brace_token: brace(),
        named,
    })
}

/// A path expression.
pub fn expr_path(path: Path) -> Expr {
    Expr::Path(ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// An identifier (variable) expression.
pub fn var(name: Ident) -> Expr {
    expr_path(path1(name))
}

/// An identifier expression from text (`self`, `v`, `None`).
pub fn var_str(name: &str) -> Expr {
    var(ident(name))
}

/// `func(args)`.
pub fn call(func: Expr, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: paren(),
        args: args.into_iter().collect(),
    })
}

/// `Some(value)`.
pub fn some(value: Expr) -> Expr {
    call(var_str("Some"), [value])
}

/// `receiver.method(args)`.
pub fn method(receiver: Expr, method: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::MethodCall(ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: paren(),
        args: args.into_iter().collect(),
    })
}

/// `expr?`.
pub fn try_(expr: Expr) -> Expr {
    Expr::Try(ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expr),
        question_token: Default::default(),
    })
}

/// `base.member`.
pub fn member(base: Expr, member: Ident) -> Expr {
    Expr::Field(ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: Member::Named(member),
    })
}

/// `self.name`.
pub fn self_member(name: Ident) -> Expr {
    member(var_str("self"), name)
}

/// `&expr`.
pub fn reference(expr: Expr) -> Expr {
    Expr::Reference(ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `*expr`.
pub fn deref(expr: Expr) -> Expr {
    Expr::Unary(ExprUnary {
        attrs: Vec::new(),
        op: UnOp::Deref(Default::default()),
        expr: Box::new(expr),
    })
}

/// `name: expr` in a struct expression, or the shorthand `name` when `expr` is `None`.
pub fn field_value(name: Ident, expr: Option<Expr>) -> FieldValue {
    match expr {
        Some(expr) => FieldValue {
            attrs: Vec::new(),
            member: Member::Named(name),
            colon_token: Some(Default::default()),
            expr,
        },
        None => FieldValue {
            attrs: Vec::new(),
            member: Member::Named(name.clone()),
            colon_token: None,
            expr: var(name),
        },
    }
}

/// `Self { fields }`.
pub fn self_struct(fields: Punctuated<FieldValue, token::Comma>) -> Expr {
    Expr::Struct(ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(false, &["Self"]),
        brace_token: brace(),
        fields,
        dot2_token: None,
        rest: None,
    })
}

/// `expr;`.
pub fn stmt(expr: Expr) -> Stmt {
    Stmt::Expr(expr, Some(Default::default()))
}

/// An expression statement without `;` (a block, `if`, `for` or the tail expression).
pub fn stmt_bare(expr: Expr) -> Stmt {
    Stmt::Expr(expr, None)
}

/// `{ stmts }`.
pub fn block(stmts: Vec<Stmt>) -> Block {
    Block {
        brace_token: brace(),
        stmts,
    }
}

/// A binding pattern: `name`.
pub fn pat_ident(name: Ident) -> Pat {
    Pat::Ident(PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident: name,
        subpat: None,
    })
}

/// `path(elems)`, e.g. `Some(x)`.
pub fn pat_tuple_struct(path: Path, elems: impl IntoIterator<Item = Pat>) -> Pat {
    Pat::TupleStruct(PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        paren_token: paren(),
        elems: elems.into_iter().collect(),
    })
}

/// `Self::Variant { .. }` (no `binding`) or `Self::Variant { binding }`.
pub fn pat_variant(variant: Ident, binding: Option<&str>) -> Pat {
    let fields = binding
        .map(|b| FieldPat {
            attrs: Vec::new(),
            member: Member::Named(ident(b)),
            colon_token: None,
            pat: Box::new(pat_ident(ident(b))),
        })
        .into_iter()
        .collect();
    Pat::Struct(PatStruct {
        attrs: Vec::new(),
        qself: None,
        path: self_path(variant),
        brace_token: brace(),
        fields,
        rest: binding.is_none().then(|| syn::PatRest {
            attrs: Vec::new(),
            dot2_token: Default::default(),
        }),
    })
}

/// `pat => body,`.
pub fn arm(pat: Pat, body: Expr) -> syn::Arm {
    syn::Arm {
        attrs: Vec::new(),
        pat,
        guard: None,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// `let name = expr;`.
pub fn let_stmt(name: Ident, expr: Expr) -> Stmt {
    Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat: pat_ident(name),
        init: Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(expr),
            diverge: None,
        }),
        semi_token: Default::default(),
    })
}

/// `{ stmts }` as an expression.
pub fn block_expr(stmts: Vec<Stmt>) -> Expr {
    Expr::Block(syn::ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: block(stmts),
    })
}

/// `if let pat = expr { stmts }`.
pub fn if_let(pat: Pat, expr: Expr, stmts: Vec<Stmt>) -> Expr {
    Expr::If(syn::ExprIf {
        attrs: Vec::new(),
        if_token: Default::default(),
        cond: Box::new(Expr::Let(syn::ExprLet {
            attrs: Vec::new(),
            let_token: Default::default(),
            pat: Box::new(pat),
            eq_token: Default::default(),
            expr: Box::new(expr),
        })),
        then_branch: block(stmts),
        else_branch: None,
    })
}

/// `for (a, b) in expr { stmts }`.
pub fn for_pair(a: Ident, b: Ident, expr: Expr, stmts: Vec<Stmt>) -> Expr {
    Expr::ForLoop(syn::ExprForLoop {
        attrs: Vec::new(),
        label: None,
        for_token: Default::default(),
        pat: Box::new(Pat::Tuple(syn::PatTuple {
            attrs: Vec::new(),
            paren_token: paren(),
            elems: [pat_ident(a), pat_ident(b)].into_iter().collect(),
        })),
        in_token: Default::default(),
        expr: Box::new(expr),
        body: block(stmts),
    })
}

/// `name: ty` as a function argument.
pub fn arg(name: Ident, ty: Type) -> syn::FnArg {
    syn::FnArg::Typed(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(pat_ident(name)),
        colon_token: Default::default(),
        ty: Box::new(ty),
    })
}

/// `path!(tokens);` as an item.
pub fn macro_item(path: Path, tokens: TokenStream) -> syn::Item {
    syn::Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: syn::Macro {
            path,
            bang_token: Default::default(),
            delimiter: syn::MacroDelimiter::Paren(paren()),
            tokens,
        },
        semi_token: Some(Default::default()),
    })
}

/// `Self::Variant { field }` (shorthand field init).
pub fn struct_variant(variant: Ident, field: &str) -> Expr {
    let mut fields = Punctuated::new();
    fields.push(field_value(ident(field), None));
    Expr::Struct(ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: self_path(variant),
        brace_token: brace(),
        fields,
        dot2_token: None,
        rest: None,
    })
}
