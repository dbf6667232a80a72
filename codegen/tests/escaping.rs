//! Spec text reaches every medium (rustdoc, Rust literals, Markdown, HTML) only escaped for
//! it: no tag from a title reaches a page, no bidirectional control reaches any file.

use std::sync::atomic::{AtomicUsize, Ordering};

use tcapi_codegen::{generate, load_and_check, text::BIDI_CONTROLS};

static N: AtomicUsize = AtomicUsize::new(0);

fn project(yaml: &str) -> Vec<generate::OutputFile> {
    let dir = std::env::temp_dir().join(format!(
        "tcapi-escaping-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("svc.yaml");
    std::fs::write(&path, yaml).unwrap();
    let (_, model) = load_and_check(std::slice::from_ref(&path)).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    generate::project_files(
        &model,
        &tcapi_codegen::crates::Shipping::all_committed(),
        &Default::default(),
    )
    .unwrap()
    .files
}

const HOSTILE: &str = "Evil <script>alert(1)</script> \u{202E}txt.exe\u{2066}";

#[test]
fn hostile_titles_and_descriptions_are_inert_everywhere() {
    let yaml = format!(
        "service: demo\nversion: \"2024-01-01\"\ntitle: \"{HOSTILE}\"\ndescription: \"{HOSTILE}\"\nactions:\n  DoIt:\n    description: \"{HOSTILE}\"\n    input:\n      Mode:\n        type: String\n        required: true\n        description: \"{HOSTILE}\"\n        enum: {{ values: {{ \"a\u{202E}b\": \"{HOSTILE}\" }} }}\n    examples:\n      - title: \"{HOSTILE}\"\n        request: '{{}}'\n        response: '{{\"Response\": {{}}}}'\nflows:\n  Start:\n    title: \"{HOSTILE}\"\n    participants: [A, B]\n    steps:\n      - {{ from: A, to: B, action: DoIt, message: \"{HOSTILE}\" }}\n"
    );
    let files = project(&yaml);
    assert!(files.len() > 5);
    for f in &files {
        let path = f.path.display().to_string();
        assert!(
            !f.contents.contains(BIDI_CONTROLS),
            "{path} holds a bidirectional control"
        );
        if path.ends_with(".md") || path.ends_with(".html") {
            assert!(!f.contents.contains("<script>"), "{path}:\n{}", f.contents);
        }
        if path.ends_with(".rs") {
            // Docs show the text inert; string literals hold it (escaped for a literal).
            for line in f
                .contents
                .lines()
                .filter(|l| l.trim_start().starts_with("//"))
            {
                assert!(!line.contains("<script>"), "{path}: {line}");
            }
        }
    }
    // The wire value keeps its bytes, escaped in the literal.
    let rs = files
        .iter()
        .find(|f| f.path.as_path() == std::path::Path::new("generated/demo/src/demo.rs"))
        .unwrap();
    assert!(rs.contents.contains("\"a\\u{202e}b\""), "{}", rs.contents);
}
