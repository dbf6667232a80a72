//! The expansion of `include_spec!`, on `proc_macro2` tokens so it can be tested directly.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};
use tcapi_codegen::include_spec::{self, InlineError};

/// Where relative spec paths start when set: the package root of a crate built outside its
/// own directory (compile tests build copies elsewhere). Otherwise `CARGO_MANIFEST_DIR`.
pub const ROOT_OVERRIDE: &str = "TCAPI_MACROS_MANIFEST_DIR";

/// `"path"` or `"path", actions = ["A", "B"]`, with an optional trailing comma.
pub struct Input {
    /// The spec path literal.
    pub path: LitStr,
    /// The allowlist, when given.
    pub actions: Option<Vec<LitStr>>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(input.error(
                "expected a spec path: `include_spec!(\"specs/<service>/<version>.yaml\")`",
            ));
        }
        let path: LitStr = input.parse()?;
        let mut actions = None;
        while input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: syn::Ident = input.parse()?;
            if key != "actions" {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown option `{key}`; the only option is `actions = [\"ActionName\", ...]`"
                    ),
                ));
            }
            if actions.is_some() {
                return Err(syn::Error::new(key.span(), "`actions` is given twice"));
            }
            input.parse::<Token![=]>()?;
            let list;
            syn::bracketed!(list in input);
            let names = list.parse_terminated(|p| p.parse::<LitStr>(), Token![,])?;
            actions = Some(names.into_iter().collect());
        }
        if !input.is_empty() {
            return Err(input.error("expected `, actions = [\"ActionName\", ...]` or the end"));
        }
        Ok(Input { path, actions })
    }
}

/// Expands the macro input; every failure is a `compile_error!`, never a panic.
pub fn expand(tokens: TokenStream) -> TokenStream {
    let input: Input = match syn::parse2(tokens) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let root = match std::env::var_os(ROOT_OVERRIDE)
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
    {
        Some(r) => PathBuf::from(r),
        None => {
            return error(
                input.path.span(),
                "CARGO_MANIFEST_DIR is not set: `include_spec!` resolves spec paths from the package root, so build with cargo",
            );
        }
    };
    let actions: Option<Vec<String>> = input
        .actions
        .as_ref()
        .map(|a| a.iter().map(LitStr::value).collect());
    let rel = input.path.value();
    let path = root.join(&rel);
    // The generator reports bugs as errors, but a panic in a dependency must still not
    // crash the compiler's macro expansion.
    let result = generate_detached(|| {
        std::panic::catch_unwind(|| {
            include_spec::service_items(&path, actions.as_deref())
                .map(|items| (items.files, items.tokens.to_string()))
        })
    });
    match result {
        Ok(Ok((files, code))) => {
            let body: TokenStream = match code.parse() {
                Ok(t) => t,
                Err(e) => {
                    return error(
                        input.path.span(),
                        &format!(
                            "internal error: the code generated from `{rel}` does not lex ({e}); please report this with the spec"
                        ),
                    );
                }
            };
            let tracked = files.iter().map(|f| {
                let f = f.to_string_lossy();
                quote!(
                    const _: &[u8] = ::core::include_bytes!(#f);
                )
            });
            quote! {
                #(#tracked)*
                #body
            }
        }
        Ok(Err(mut e)) => {
            relative_to(&mut e, &root);
            let span = offending_span(&input, &e);
            error(span, &e.to_string())
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_owned());
            error(
                input.path.span(),
                &format!(
                    "internal error in tcapi-codegen while reading `{rel}`: {what}; please report this with the spec"
                ),
            )
        }
    }
}

/// Runs the generator on proc-macro2's own token implementation rather than the
/// compiler's, and hands back plain data (the code as text).
///
/// The generator writes text and lexes it into tokens; lexed by proc-macro2's own lexer
/// those tokens hold no compiler handles, which are only valid during one macro invocation.
/// The text is lexed into the compiler's tokens after.
fn generate_detached<R>(f: impl FnOnce() -> R) -> R {
    proc_macro2::fallback::force();
    let out = f();
    proc_macro2::fallback::unforce();
    out
}

/// Shows file paths as the user wrote them, relative to the package root.
fn relative_to(e: &mut InlineError, root: &Path) {
    for d in &mut e.diagnostics_mut().0 {
        if let Ok(rel) = d.pos.file.strip_prefix(root) {
            d.pos.file = Arc::from(rel);
        }
    }
}

/// The allowlist literal naming an unknown action, else the path literal.
fn offending_span(input: &Input, e: &InlineError) -> Span {
    if let (InlineError::Allowlist(a), Some(lits)) = (e, &input.actions) {
        if let Some(name) = a.unknown.iter().find_map(|u| u.action.as_deref()) {
            if let Some(lit) = lits.iter().find(|l| l.value() == name) {
                return lit.span();
            }
        }
    }
    input.path.span()
}

fn error(span: Span, message: &str) -> TokenStream {
    quote_spanned!(span=> ::core::compile_error!{ #message })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
    }

    fn formatted(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("expansion parses"))
    }

    /// The expansion without the `include_bytes!` consts that track the spec files.
    fn items_only(tokens: TokenStream) -> (TokenStream, Vec<String>) {
        let file: syn::File = syn::parse2(tokens).unwrap();
        let mut tracked = Vec::new();
        let mut items = Vec::new();
        for item in file.items {
            match &item {
                syn::Item::Const(c) if c.ident == "_" => {
                    tracked.push(quote!(#c).to_string());
                }
                _ => items.push(item),
            }
        }
        (quote!(#(#items)*), tracked)
    }

    #[test]
    fn expansion_equals_the_cli_file_and_tracks_the_spec() {
        // The three services below (not all of specs/, which holds every service).
        let paths: Vec<PathBuf> = ["common.yaml", "gse", "car", "gaap"]
            .iter()
            .map(|p| specs().join(p))
            .collect();
        let (_, model) = tcapi_codegen::load_and_check(&paths).unwrap();
        let files = tcapi_codegen::generate::service_files(&model);
        for (rel, module) in [
            ("../specs/gse/2019-11-12.yaml", "gse"),
            ("../specs/car/2022-01-10.yaml", "car"),
            ("../specs/gaap/2018-05-29.yaml", "gaap"),
        ] {
            let (items, tracked) = items_only(expand(quote!(#rel)));
            let file = files
                .iter()
                .find(|f| f.path == Path::new(&format!("{module}.rs")))
                .unwrap();
            let cli = prettyplease::unparse(&syn::parse_file(&file.contents).unwrap());
            assert_eq!(formatted(items), cli, "{module}");
            // Every file the service was read from: the hand-written spec and, when the
            // importer wrote one, its `.imported.yaml` sibling.
            let rel = rel.trim_start_matches("../");
            let mut expected = vec![rel.to_owned()];
            let sibling = rel.replace(".yaml", ".imported.yaml");
            if specs().join("..").join(&sibling).is_file() {
                expected.push(sibling);
            }
            assert_eq!(tracked.len(), expected.len(), "{tracked:?}");
            for (t, e) in tracked.iter().zip(&expected) {
                assert!(
                    t.contains("include_bytes") && t.contains(e.as_str()),
                    "{t} {e}"
                );
            }
        }
    }

    #[test]
    fn allowlist_keeps_only_the_listed_actions() {
        let (items, _) = items_only(expand(quote!(
            "../specs/car/2022-01-10.yaml",
            actions = ["ApplyConcurrent"],
        )));
        let text = formatted(items);
        assert!(text.contains("pub mod apply_concurrent"));
        assert!(!text.contains("pub mod create_session"));
    }

    #[test]
    fn unknown_allowlisted_action_is_an_error_with_a_suggestion() {
        let out = expand(quote!(
            "../specs/car/2022-01-10.yaml",
            actions = ["ApplyConcurent"]
        ))
        .to_string();
        assert!(out.contains("compile_error"), "{out}");
        assert!(out.contains("did you mean `ApplyConcurrent`?"), "{out}");
        assert!(out.contains("../specs/car/2022-01-10.yaml:1:"), "{out}");
    }

    #[test]
    fn bad_input_is_a_compile_error() {
        for input in [
            quote!(),
            quote!(42),
            quote!("a.yaml", acts = ["X"]),
            quote!("a.yaml", actions = "X"),
            quote!("a.yaml", actions = ["X"], actions = ["Y"]),
            quote!("a.yaml" "b.yaml"),
        ] {
            let out = expand(input.clone()).to_string();
            assert!(out.contains("compile_error"), "{input}: {out}");
        }
    }

    #[test]
    fn missing_file_names_the_path_as_written() {
        let out = expand(quote!("specs/nope.yaml")).to_string();
        assert!(
            out.contains("specs/nope.yaml:0:0: error: cannot read the spec file"),
            "{out}"
        );
    }
}
