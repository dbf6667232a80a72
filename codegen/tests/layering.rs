//! The road's layering (codegen/DESIGN.md), checked on the sources: emitters depend on the IR
//! alone, not on the spec model or the checker, and do not depend on each other.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
}

fn files_of(rel: &str) -> Vec<(String, String)> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel);
    let mut out = Vec::new();
    if p.is_dir() {
        sources(&p, &mut out);
    } else {
        out.push((
            p.display().to_string(),
            std::fs::read_to_string(&p).unwrap(),
        ));
    }
    out
}

fn forbid(module: &str, uses: &[&str]) {
    for (path, text) in files_of(module) {
        for u in uses {
            assert!(!text.contains(u), "{path} uses `{u}`");
        }
    }
}

#[test]
fn emitters_depend_on_the_ir_alone() {
    let upstream = ["crate::spec", "crate::check", "crate::allowlist"];
    for m in [
        "rust",
        "docs",
        "example.rs",
        "writer.rs",
        "changes",
        "crates",
    ] {
        forbid(m, &upstream);
    }
    // A crate's frame is written from the IR; its service modules come from `rust` through
    // `generate`, never the other way round.
    forbid("crates", &["crate::docs", "crate::generate"]);
    forbid("rust", &["crate::docs", "crate::generate"]);
    forbid("docs", &["crate::rust", "crate::generate"]);
    forbid("example.rs", &["crate::rust", "crate::docs"]);
    // The API-change report reads two models, not what the emitters make of them.
    forbid(
        "changes",
        &["crate::rust", "crate::docs", "crate::generate"],
    );
    forbid(
        "writer.rs",
        &["crate::generate", "crate::rust", "crate::docs", "crate::ir"],
    );
    // The Markdown subset is parsed once, below both emitters: it reads text, nothing else.
    forbid(
        "markup.rs",
        &[
            "crate::generate",
            "crate::rust",
            "crate::docs",
            "crate::ir",
            "crate::spec",
        ],
    );
}

#[test]
fn no_stage_calls_a_shell() {
    // The shells (Builder, the service crates' build scripts, include_spec!, the CLI) call
    // the road; the road never calls them back, so the module graph has no circle.
    let shells = [
        "crate::builder",
        "crate::Builder",
        "crate::build_script",
        "crate::include_spec",
    ];
    for m in [
        "generate.rs",
        "spec",
        "check",
        "check.rs",
        "ir",
        "rust",
        "docs",
        "crates",
        "changes",
        "example.rs",
        "writer.rs",
        "allowlist.rs",
        "names.rs",
    ] {
        forbid(m, &shells);
    }
    forbid(
        "include_spec.rs",
        &["crate::builder", "crate::build_script"],
    );
    forbid(
        "builder.rs",
        &["crate::include_spec", "crate::build_script"],
    );
}

#[test]
fn names_are_derived_in_one_module() {
    // Case conversion happens in names.rs only.
    for m in ["ir", "check.rs", "rust", "docs", "import", "example.rs"] {
        forbid(m, &["to_snake_case", "to_upper_camel_case", "heck::"]);
    }
}
