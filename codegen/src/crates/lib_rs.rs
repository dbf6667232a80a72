//! A service crate's `src/lib.rs` and, for a crate generated at build time, its `build.rs`.
//! Both are a few lines, written as text.

use super::{Contents, EXTENSIONS_DIR, Extension, HEADER_RS, ServiceCrate, one_line};
use crate::rust::doc;

/// `1 action`, `33 actions`.
pub(super) fn actions_count(n: usize) -> String {
    format!("{n} action{}", if n == 1 { "" } else { "s" })
}

/// `src/lib.rs`: the crate docs (the README, or a paragraph for a build-time crate), one
/// module per API version, and the only version's items re-exported at the root.
pub(super) fn lib_rs(c: &ServiceCrate<'_>, contents: Contents, extensions: &[Extension]) -> String {
    let mut out = String::from(HEADER_RS);
    match contents {
        Contents::Code => out.push_str("#![doc = include_str!(\"../README.md\")]\n"),
        Contents::BuildScript => {
            let title = one_line(&c.newest().title);
            let text = format!(
                "{} (`{}`) for Rust: typed requests, responses and errors of Tencent Cloud API 3.0.\n\nThis crate is generated from the repository's `specs/{}` by its build script (the crate published on the registry carries the code). The items of every API version are in its module{}.",
                if title.is_empty() {
                    "Tencent Cloud".to_owned()
                } else {
                    format!("Tencent Cloud {}", doc::escape(&title))
                },
                c.service(),
                c.spec_dir(),
                if c.versions.len() == 1 {
                    ", and at the crate root"
                } else {
                    ""
                },
            );
            for line in text.lines() {
                out.push_str("//!");
                if !line.is_empty() {
                    out.push(' ');
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
    }
    out.push_str("#![forbid(unsafe_code)]\n#![deny(missing_docs)]\n");
    for s in &c.versions {
        out.push('\n');
        let d = format!(
            "{} (`{}`, API version `{}`): {}.",
            doc::escape(&one_line(&s.title)),
            s.name,
            s.version,
            actions_count(s.actions.len())
        );
        doc::push_lines(&d, "", &mut out);
        match contents {
            Contents::Code => out.push_str(&format!("pub mod {};\n", s.module)),
            Contents::BuildScript => out.push_str(&format!(
                "pub mod {} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{}.rs\"));\n}}\n",
                s.module, s.feature
            )),
        }
    }
    for e in extensions {
        // The module's docs are the file's own `//!` lines.
        out.push_str("\n#[cfg(feature = \"client\")]\n");
        if contents == Contents::BuildScript {
            out.push_str(&format!(
                "#[path = \"../../../{EXTENSIONS_DIR}/{}/{}.rs\"]\n",
                c.service(),
                e.module
            ));
        }
        out.push_str(&format!("pub mod {};\n", e.module));
    }
    let only = c.versions[0];
    if c.versions.len() == 1 && only.path == crate::names::crate_ident(&only.name) {
        out.push_str(&format!("\npub use self::{}::*;\n", only.module));
    }
    out
}

/// `build.rs` of a crate generated at build time: its service from the repository's specs.
pub(super) fn build_rs(c: &ServiceCrate<'_>) -> String {
    let modules = c
        .versions
        .iter()
        .map(|s| format!("\"{}\"", s.module))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{HEADER_RS}\
         //! Generates the service's code into `OUT_DIR` from the repository's\n\
         //! `specs/{dir}` (or `${env}/{dir}`), the same code `tcapi-codegen` writes.\n\n\
         fn main() {{\n    \
             if let Err(e) = tcapi_codegen::build_script::run(\"{dir}\", &[{modules}]) {{\n        \
                 // The same `file:line:column` diagnostics as `tcapi-codegen check`.\n        \
                 eprintln!(\"{{e}}\");\n        \
                 std::process::exit(1);\n    \
             }}\n\
         }}\n",
        dir = c.spec_dir(),
        env = super::SPECS_ENV,
    )
}
