//! Request, response and data type structs: fields with serde attributes, constructors and
//! setters for inputs, and `Validate` impls from the documented constraints.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Field, Struct, Ty};
use crate::rust::doc;
use crate::rust::tokens::{Scope, ident, ty};
use crate::spec::Num;

/// Markdown describing a field: description, then facts and constraints.
pub fn field_doc(f: &Field, input: bool) -> String {
    let mut s = match &f.description {
        Some(d) if !d.trim().is_empty() => doc::escape(d),
        _ => format!("`{}`.", f.wire),
    };
    let mut facts: Vec<String> = Vec::new();
    facts.push(format!(
        "Wire name {}, type {}",
        doc::code(&f.wire),
        doc::code(&f.spec_type)
    ));
    if input {
        facts.push(if f.required {
            "Required".into()
        } else {
            "Optional".into()
        });
    } else if f.nullable {
        facts.push("May be null".into());
    }
    if let Some(u) = &f.unit {
        facts.push(format!("Unit: {}", doc::escape(u)));
    }
    let c = &f.constraints;
    if let Some((min, max)) = c.length {
        facts.push(format!("Length: {} characters", bounds(min, max)));
    }
    if c.ascii {
        facts.push("ASCII only".into());
    }
    if let Some(p) = &c.pattern {
        facts.push(format!("Pattern: {}", doc::code(p)));
    }
    if let Some((min, max)) = c.items {
        facts.push(format!("Items: {}", bounds(min, max)));
    }
    if let Some((min, max)) = c.range {
        facts.push(format!("Range: {}", bounds(min.map(num), max.map(num))));
    }
    if let Some(d) = &f.default {
        facts.push(format!("Default: {}", doc::code(d)));
    }
    if let Some(e) = &f.example {
        facts.push(format!("Example: {}", doc::code(e)));
    }
    if f.deprecated {
        facts.push("Deprecated (disused)".into());
    }
    s.push_str("\n\n");
    s.push_str(&facts.join(". "));
    s.push('.');
    s
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
pub fn field_ty(f: &Field, scope: Scope) -> TokenStream {
    let mut t = ty(&f.ty, scope);
    if f.boxed {
        t = quote!(Box<#t>);
    }
    if f.optional {
        t = quote!(Option<#t>);
    }
    t
}

/// The struct with its derives; `request_id` adds the `RequestId` every response carries.
pub fn definition(s: &Struct, scope: Scope, doc_md: &str, request_id: bool) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc::attrs(doc_md);
    let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
    // Responses need `Default` for tolerant decoding; inputs whose every field is optional
    // get it too (nothing required can be left out).
    if s.usage.output || s.fields.iter().all(|f| f.optional) {
        derives.push(quote!(Default));
    }
    let fields = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        let t = field_ty(f, scope);
        let d = doc::attrs(&field_doc(f, s.usage.input && !s.usage.output));
        // Deprecation is documented, not a `#[deprecated]` attribute: the wire impls would
        // make every user build warn about the field.
        quote! { #d pub #n: #t, }
    });
    let request_id = if request_id {
        quote! {
            /// The unique request ID, returned for every request; quote it when reporting a problem.
            pub request_id: String,
        }
    } else {
        quote!()
    };
    quote! {
        #docs
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields)*
            #request_id
        }
    }
}

/// The JSON wire impls: `FromJson` for every struct, `ToJson` for inputs, and serde's
/// traits through them.
///
/// One line per field instead of serde-derive's visitors keeps large crates cheap to
/// compile. Output members that are missing or `null` become defaults (one absent value
/// must not fail a whole response); required input members must be present.
pub fn wire_impls(s: &Struct, request_id: bool) -> TokenStream {
    let name = ident(&s.name);
    let mut reads: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let n = ident(&f.rust);
            let w = &f.wire;
            if !f.optional && s.usage.output {
                quote!(#n: o.field_or_default(#w)?,)
            } else {
                quote!(#n: o.field(#w)?,)
            }
        })
        .collect();
    if request_id {
        reads.push(quote!(request_id: o.field_or_default("RequestId")?,));
    }
    let from_body = if reads.is_empty() {
        quote!(json::Object::new(v).map(|_| Self {}))
    } else {
        quote! {
            let o = json::Object::new(v)?;
            Ok(Self { #(#reads)* })
        }
    };
    let from = quote! {
        impl json::FromJson for #name {
            #[inline]
            fn from_json(v: &json::Value) -> Result<Self, json::JsonError> {
                #from_body
            }
        }
    };
    if !s.usage.input {
        return quote! {
            #from
            ::tcapi::impl_serde!(Deserialize for #name);
        };
    }
    let writes: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let n = ident(&f.rust);
            let w = &f.wire;
            quote!(o.field(#w, &self.#n);)
        })
        .collect();
    let to_body = if writes.is_empty() {
        quote!(w.object().end();)
    } else {
        quote! {
            let mut o = w.object();
            #(#writes)*
            o.end();
        }
    };
    quote! {
        #from
        impl json::ToJson for #name {
            #[inline]
            fn write_json(&self, w: &mut json::Writer) {
                #to_body
            }
        }
        ::tcapi::impl_serde!(Serialize, Deserialize for #name);
    }
}

/// `new(required...)` and one setter per optional field (input structs).
pub fn builder(s: &Struct, scope: Scope) -> TokenStream {
    let name = ident(&s.name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.optional).collect();
    let args = required.iter().map(|f| {
        let n = ident(&f.rust);
        match &f.ty {
            Ty::String(_) => quote!(#n: impl Into<String>),
            _ => {
                let t = field_ty(f, scope);
                quote!(#n: #t)
            }
        }
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        if f.optional {
            quote!(#n: None)
        } else if matches!(f.ty, Ty::String(_)) {
            quote!(#n: #n.into())
        } else {
            quote!(#n)
        }
    });
    let allow_many = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let new_doc = if required.is_empty() {
        "Creates the value; every parameter is optional.".to_owned()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
        format!(
            "Creates the value from its required parameters: {}.",
            names.join(", ")
        )
    };
    let setters = s.fields.iter().filter(|f| f.optional).map(|f| {
        let field = ident(&f.rust);
        let base = f.rust.trim_start_matches("r#");
        let setter = if matches!(base, "new" | "validate" | "validate_into") {
            ident(&format!("set_{base}"))
        } else {
            ident(&f.rust)
        };
        let d = doc::attrs(&format!("Sets {}.", doc::code(&f.wire)));
        let inner = {
            let mut t = ty(&f.ty, scope);
            if f.boxed {
                t = quote!(Box<#t>);
            }
            t
        };
        match &f.ty {
            Ty::String(_) | Ty::Enum(_) => quote! {
                #d
                #[inline]
                pub fn #setter(mut self, value: impl Into<#inner>) -> Self {
                    self.#field = Some(value.into());
                    self
                }
            },
            _ => quote! {
                #d
                #[inline]
                pub fn #setter(mut self, value: #inner) -> Self {
                    self.#field = Some(value);
                    self
                }
            },
        }
    });
    let new_doc = doc::attrs(&new_doc);
    quote! {
        impl #name {
            #new_doc
            #allow_many
            #[inline]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

/// The checks of one value of type `t` bound to `x` (a reference).
fn value_checks(t: &Ty, f: &Field, x: &TokenStream, depth: usize) -> TokenStream {
    let c = &f.constraints;
    match t {
        Ty::List(inner) => {
            let count = match c.items {
                Some((min, max)) if depth == 0 => {
                    let (min, max) = (opt_u64(min), opt_u64(max));
                    quote!(v.items(#x.len(), #min, #max);)
                }
                _ => quote!(),
            };
            let item =
                proc_macro2::Ident::new(&format!("item{depth}"), proc_macro2::Span::call_site());
            let idx = proc_macro2::Ident::new(&format!("i{depth}"), proc_macro2::Span::call_site());
            let inner_checks = value_checks(inner, f, &quote!(#item), depth + 1);
            let each = if inner_checks.is_empty() {
                quote!()
            } else {
                quote! {
                    for (#idx, #item) in #x.iter().enumerate() {
                        v.enter_index(#idx);
                        #inner_checks
                        v.leave();
                    }
                }
            };
            quote!(#count #each)
        }
        Ty::String(_) => {
            let mut out = TokenStream::new();
            if let Some((min, max)) = c.length {
                let (min, max) = (opt_u64(min), opt_u64(max));
                out.extend(quote!(v.length(#x, #min, #max);));
            }
            if c.ascii {
                out.extend(quote!(v.ascii(#x);));
            }
            if let Some(p) = &c.pattern {
                let anchored = format!("^(?:{p})$");
                out.extend(quote! {
                    static PATTERN: ::std::sync::LazyLock<::tcapi::__private::regex_lite::Regex> =
                        ::std::sync::LazyLock::new(|| {
                            ::tcapi::__private::regex_lite::Regex::new(#anchored).expect("pattern checked by tcapi-codegen")
                        });
                    v.pattern(#x, &PATTERN, #p);
                });
            }
            out
        }
        Ty::I64 | Ty::U64 | Ty::F64 => match c.range {
            Some((min, max)) => {
                let conv = |n: Option<Num>| -> TokenStream {
                    match (n, t) {
                        (None, _) => quote!(None),
                        (Some(n), Ty::I64) => {
                            let v = match n {
                                Num::Int(i) => i,
                                Num::UInt(_) => i64::MAX,
                                Num::Float(f) => f as i64,
                            };
                            quote!(Some(#v))
                        }
                        (Some(n), Ty::U64) => {
                            let v = match n {
                                Num::Int(i) => i.max(0) as u64,
                                Num::UInt(u) => u,
                                Num::Float(f) => f as u64,
                            };
                            quote!(Some(#v))
                        }
                        (Some(n), _) => {
                            let v = n.as_f64();
                            quote!(Some(#v))
                        }
                    }
                };
                let (a, b) = (conv(min), conv(max));
                match t {
                    Ty::I64 => quote!(v.range_i64(*#x, #a, #b);),
                    Ty::U64 => quote!(v.range_u64(*#x, #a, #b);),
                    _ => quote!(v.range_f64(*#x, #a, #b);),
                }
            }
            None => quote!(),
        },
        Ty::Struct(..) | Ty::Enum(_) => quote!(::tcapi::Validate::validate_into(#x, v);),
        Ty::Bool => quote!(),
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// `impl Validate`: every documented constraint of every field, nested values included.
pub fn validate_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let checks: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
            let x = quote!(x);
            let body = value_checks(&f.ty, f, &x, 0);
            if body.is_empty() {
                return None;
            }
            let n = ident(&f.rust);
            let wire = &f.wire;
            let inner = quote! {
                v.enter(#wire);
                #body
                v.leave();
            };
            Some(match (f.optional, f.boxed) {
                (true, true) => {
                    quote!(if let Some(x) = self.#n.as_deref() { #inner })
                }
                (true, false) => {
                    quote!(if let Some(x) = &self.#n { #inner })
                }
                (false, true) => quote!({ let x = &*self.#n; #inner }),
                (false, false) => quote!({ let x = &self.#n; #inner }),
            })
        })
        .collect();
    if checks.is_empty() {
        return quote! { impl ::tcapi::Validate for #name {} };
    }
    quote! {
        impl ::tcapi::Validate for #name {
            #[inline]
            fn validate_into(&self, v: &mut ::tcapi::Validator) {
                #(#checks)*
            }
        }
    }
}
