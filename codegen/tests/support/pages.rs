//! The spec sets whose reference pages the page tests read: the committed services, other
//! seed services, the fixtures, a spec of edge cases, and specs of hostile text.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use tcapi_codegen::ir::Model;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Spec text that takes every branch of the pages the seed specs may not: a deprecated
/// action, limits, empty defaults and examples, line breaks of every kind, text that
/// HTML and Markdown must escape.
pub const EDGES: &str = r#"service: edges
version: "2024-01-01"
title: "Edges | <i>all</i> & 'more'"
description: "First line\r\nsecond | line\n\nthird </p>"
region: unused
actions:
  OldThing:
    description: "Does <b>old</b> things.\r\nStill | here.\rLone return."
    status: deprecated
    rate_limit: 5
    input:
      Name:
        type: String
        required: true
        description: "  padded  \n\n  | piped |  "
        default: ""
        example: ""
      Mode:
        type: String
        enum:
          values: { "A|B": "Line one.\nLine two.", C: "" }
          open: true
        deprecated: true
        unit: "ms | <s>"
    output:
      Ids:
        type: [String]
        nullable: true
        deprecated: true
        description: ""
    examples:
      - title: "Example | <one>"
        description: "Shows ``` fences ```` inside."
        request: '{"Name": "a`b"}'
        response: '{"Response": {"Ids": ["</pre>"]}}'
  NewThing:
    description: ""
    timeout: 7
flows:
  Use:
    title: "Use <it>"
    description: "A flow & its text."
    participants: [Client, "Server <1>"]
    steps:
      - { from: Client, to: "Server <1>", action: OldThing, message: "Old; #1", note: "A note | <n>" }
      - { from: "Server <1>", to: "Server <1>", message: "Loops <back>" }
"#;

/// The number of texts [`hostile_spec`] places.
pub const HOSTILE_TEXTS: usize = 20;

/// A valid spec with `texts` in every place a spec puts prose or a title: the service, an
/// action, its parameters (description, example, default, unit), an enum value, an output
/// member, an error code, an example, a data type and its field, a flow and its steps.
pub fn hostile_spec(texts: &[String; HOSTILE_TEXTS]) -> String {
    let q = |i: usize| serde_json::to_string(&texts[i]).expect("a string");
    let request = serde_json::to_string(&serde_json::json!({ "Name": texts[12] }).to_string())
        .expect("a string");
    let response = serde_json::to_string(
        &serde_json::json!({ "Response": { "Ids": [texts[13]] } }).to_string(),
    )
    .expect("a string");
    format!(
        r#"service: hostile
version: "2024-01-01"
title: {t0}
description: {t1}
actions:
  DoIt:
    description: {t2}
    rate_limit: 3
    input:
      Name:
        type: String
        required: true
        description: {t3}
        example: {t4}
        default: {t5}
      Mode:
        type: String
        enum:
          values: {{ A: {t6}, B: "" }}
        unit: {t7}
      Thing:
        type: Thing
    output:
      Ids:
        type: [String]
        nullable: true
        description: {t8}
    errors:
      FailedOperation.Hostile: {t9}
    examples:
      - title: {t10}
        description: {t11}
        request: {request}
        response: {response}
  Other:
    description: {t16}
    errors_source: service
errors:
  ResourceNotFound.Hostile: {t17}
types:
  Thing:
    description: {t18}
    fields:
      Label: {{ type: String, description: {t19} }}
flows:
  Use:
    title: {t14}
    description: {t15}
    participants: [Client, Server]
    steps:
      - {{ from: Client, to: Server, action: DoIt, message: {t16}, note: {t17} }}
      - {{ from: Server, to: Client, message: {t18} }}
"#,
        t0 = q(0),
        t1 = q(1),
        t2 = q(2),
        t3 = q(3),
        t4 = q(4),
        t5 = q(5),
        t6 = q(6),
        t7 = q(7),
        t8 = q(8),
        t9 = q(9),
        t10 = q(10),
        t11 = q(11),
        t14 = q(14),
        t15 = q(15),
        t16 = q(16),
        t17 = q(17),
        t18 = q(18),
        t19 = q(19),
    )
}

/// Loads a spec given as text; `Err` with the diagnostics when it does not check.
pub fn try_model_of(name: &str, yaml: &str) -> Result<Model, String> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("tcapi-pages-{}-{n}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, yaml).expect("spec written");
    let model = tcapi_codegen::load_and_check(std::slice::from_ref(&path))
        .map(|(_, m)| m)
        .map_err(|d| d.to_string());
    std::fs::remove_dir_all(&dir).ok();
    model
}

/// Loads a spec given as text, which must check.
pub fn model_of(name: &str, yaml: &str) -> Model {
    try_model_of(name, yaml).unwrap_or_else(|d| panic!("{d}"))
}

/// Every spec set the page tests read, named.
pub fn spec_sets() -> Vec<(String, Model)> {
    let specs = root().join("specs");
    let ship = tcapi_codegen::crates::Shipping::load(std::slice::from_ref(&specs))
        .expect("specs/committed.txt");
    let mut sets = vec![(
        "the committed services".to_owned(),
        tcapi_codegen::load_and_check(&ship.committed_paths(&specs))
            .expect("the seed specs check")
            .1,
    )];
    let mut paths = vec![specs.join("common.yaml")];
    paths.extend(["cvm", "sts", "lkeap", "hunyuan"].map(|s| specs.join(s)));
    sets.push((
        "cvm, sts, lkeap, hunyuan".to_owned(),
        tcapi_codegen::load_and_check(&paths)
            .expect("the specs check")
            .1,
    ));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for f in ["constructs.yaml", "streaming.yaml", "upload.yaml"] {
        let (_, m) = tcapi_codegen::load_and_check(&[fixtures.join(f)]).expect(f);
        sets.push((f.to_owned(), m));
    }
    sets.push(("edge cases".to_owned(), model_of("edges", EDGES)));
    sets
}

/// Pieces of text that Markdown, HTML, JSON, YAML and Rust each treat specially.
pub const HOSTILE_PIECES: &[&str] = &[
    "a",
    "Word",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\t",
    "|",
    "||",
    "<",
    ">",
    "&",
    "&amp;",
    "&#x2F;",
    "\"",
    "'",
    "/",
    "\\",
    "`",
    "```",
    "~~~",
    "*",
    "_",
    "#",
    "# ",
    "- ",
    "1. ",
    "> ",
    "[",
    "]",
    "(",
    ")",
    "](x.md)",
    "[a](#b)",
    "{",
    "}",
    "{{",
    "}}",
    "{%",
    "%}",
    "<script>",
    "</script>",
    "<b>",
    "</pre>",
    "</code>",
    "</td>",
    "<!--",
    "-->",
    "<a id=\"x\">",
    "</a>",
    "<br>",
    "é",
    "中文",
    "。",
    "\u{202e}",
    "\u{2066}",
    "\u{0}",
    "\u{7f}",
    "::",
    "r#type",
    "http://example.com",
    "<http://x>",
    "---",
    "| --- |",
    "$",
    "%",
    "=",
];
