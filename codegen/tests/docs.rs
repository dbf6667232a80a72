//! The generated API reference: it covers the specs, its links resolve, it is stable, and
//! one page matches its committed snapshot (`TCAPI_BLESS=1` rewrites the snapshot).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tcapi_codegen::docs::{self, Templates, links};
use tcapi_codegen::generate::OutputFile;
use yaml_rust2::{Yaml, YamlLoader};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn model() -> &'static tcapi_codegen::ir::Model {
    static M: OnceLock<tcapi_codegen::ir::Model> = OnceLock::new();
    M.get_or_init(|| {
        // The reference of the committed services (the others' code and docs are not).
        let specs = root().join("specs");
        let ship = tcapi_codegen::crates::Shipping::load(std::slice::from_ref(&specs))
            .expect("specs/committed.txt");
        tcapi_codegen::load_and_check(&ship.committed_paths(&specs))
            .expect("the seed specs check")
            .1
    })
}

fn pages() -> &'static [OutputFile] {
    static P: OnceLock<Vec<OutputFile>> = OnceLock::new();
    P.get_or_init(|| {
        docs::docs_files(model(), &Templates::embedded().expect("templates")).expect("renders")
    })
}

fn page(path: &str) -> &'static str {
    &pages()
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("no page {path}"))
        .contents
}

/// One parameter as the spec file writes it (read straight from the YAML).
#[derive(Debug, PartialEq)]
struct SpecParam {
    required: bool,
    ty: String,
}

/// Tencent's pages write `Int64` as `Integer`; lists as `Array of X`.
fn tencent_type(y: &Yaml) -> String {
    match y {
        Yaml::Array(items) => format!("Array of {}", tencent_type(&items[0])),
        Yaml::String(s) if s == "Int64" => "Integer".into(),
        Yaml::String(s) => s.clone(),
        other => panic!("unexpected type {other:?}"),
    }
}

fn spec_action(service: &str, action: &str) -> Yaml {
    spec_root(service)["actions"][action].clone()
}

/// The hand-written spec file of a seed service, as YAML.
fn spec_root(service: &str) -> Yaml {
    let dir = root().join("specs").join(service);
    let file = std::fs::read_dir(&dir)
        .expect("spec dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            // The hand-written file, where the seed actions are (not `.imported.yaml`).
            p.extension().is_some_and(|e| e == "yaml")
                && !p.to_string_lossy().ends_with(".imported.yaml")
        })
        .expect("a spec file");
    YamlLoader::load_from_str(&std::fs::read_to_string(file).expect("read"))
        .expect("yaml")
        .remove(0)
}

fn spec_params(a: &Yaml, key: &str) -> BTreeMap<String, SpecParam> {
    a[key]
        .as_hash()
        .map(|h| {
            h.iter()
                .map(|(k, v)| {
                    (
                        k.as_str().expect("name").to_owned(),
                        SpecParam {
                            required: v["required"].as_bool().unwrap_or(false),
                            ty: tencent_type(&v["type"]),
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The rows of the table after `heading`: cells with anchors and link markup removed.
fn table_rows(text: &str, heading: &str) -> Vec<Vec<String>> {
    let start = text.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let section = &text[start + heading.len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .lines()
        .filter(|l| {
            l.starts_with('|')
                && !l.starts_with("| ---")
                && !l.contains("Parameter Name")
                && !l.contains("| Error Code |")
        })
        .map(|l| l.trim_matches('|').split(" | ").map(cell_text).collect())
        .collect()
}

/// A cell's text without the anchor before it, a link as its text.
fn cell_text(c: &str) -> String {
    let c = c.trim();
    let c = match c.find("</a>") {
        Some(i) => &c[i + 4..],
        None => c,
    };
    match (c.strip_prefix('['), c.find("](")) {
        (Some(_), Some(i)) => c[1..i].to_owned(),
        _ => c.to_owned(),
    }
}

#[test]
fn seed_action_pages_list_every_parameter_and_error_of_the_spec() {
    let seeds = [
        ("car", "ApplyConcurrent"),
        ("car", "CreateSession"),
        ("car", "CreateApplicationVersion"),
        ("gaap", "CheckProxyCreate"),
        ("gse", "JoinGameServerSessionBatch"),
    ];
    for (service, action) in seeds {
        let spec = spec_action(service, action);
        let text = page(&format!("{service}/{action}.md"));

        let input: BTreeMap<String, SpecParam> = table_rows(text, "## 2. Input Parameters")
            .into_iter()
            .map(|r| {
                (
                    r[0].clone(),
                    SpecParam {
                        required: r[1] == "Yes",
                        ty: r[2].clone(),
                    },
                )
            })
            .collect();
        assert_eq!(input, spec_params(&spec, "input"), "{action} input");

        let mut output: BTreeMap<String, SpecParam> = table_rows(text, "## 3. Output Parameters")
            .into_iter()
            .map(|r| {
                (
                    r[0].clone(),
                    SpecParam {
                        // The output table marks nullable values, not required ones; the
                        // spec's `required` is what may be absent, so compare types and names.
                        required: false,
                        ty: r[1].clone(),
                    },
                )
            })
            .collect();
        assert_eq!(
            output.remove("RequestId").map(|p| p.ty).as_deref(),
            Some("String")
        );
        let spec_out: BTreeMap<String, SpecParam> = spec_params(&spec, "output")
            .into_iter()
            .map(|(k, p)| {
                (
                    k,
                    SpecParam {
                        required: false,
                        ty: p.ty,
                    },
                )
            })
            .collect();
        assert_eq!(output, spec_out, "{action} output");
        for (name, p) in spec["output"].as_hash().into_iter().flatten() {
            let nullable = p["nullable"].as_bool().unwrap_or(false);
            let row = text
                .lines()
                .find(|l| l.contains(&format!("</a>{} |", name.as_str().unwrap_or_default())))
                .expect("output row");
            assert_eq!(
                row.contains("**May be null.**"),
                nullable,
                "{action}: {row}"
            );
        }

        // Codes documented for the whole service are listed once, on the service page, which
        // the action page links to.
        let from_service = spec["errors_source"].as_str() == Some("service");
        let (table_page, heading, listed) = if from_service {
            assert!(
                text.contains("[service's error codes](README.md#error-codes)"),
                "{action}"
            );
            (
                page(&format!("{service}/README.md")),
                "## Error codes",
                spec_root(service)["errors"].clone(),
            )
        } else {
            (text, "## 6. Error Code", spec["errors"].clone())
        };
        let errors: BTreeMap<String, String> = table_rows(table_page, heading)
            .into_iter()
            .map(|r| (r[0].clone(), r[2].clone()))
            .collect();
        let spec_errors: BTreeMap<String, String> = listed
            .as_hash()
            .expect("errors")
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().expect("code").to_owned(),
                    // As the cell writes it (Markdown of the description).
                    cell_text(&tcapi_codegen::docs::text::prose_cell(
                        v.as_str().expect("description"),
                    )),
                )
            })
            .collect();
        assert_eq!(errors, spec_errors, "{action} errors");
    }
}

#[test]
fn every_link_reaches_an_existing_page_and_anchor() {
    let broken = links::broken_links(pages());
    assert!(
        broken.is_empty(),
        "broken links:\n{}",
        broken
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The check sees the links that matter: data types, actions, in-page HTML anchors.
    let all: Vec<String> = pages()
        .iter()
        .flat_map(|f| links::links(&f.contents))
        .collect();
    for expected in [
        "README.md#type-playersession",
        "#type-userapplicationversion",
        "ApplyConcurrent.md",
        "#action-createsession",
        "../common-errors.md",
    ] {
        assert!(all.iter().any(|l| l == expected), "no link {expected}");
    }
}

#[test]
fn parameters_using_data_types_link_to_them() {
    let text = page("gse/JoinGameServerSessionBatch.md");
    assert!(text.contains("| [PlayerDataMap](README.md#type-playerdatamap) |"));
    assert!(text.contains("| [Array of PlayerSession](README.md#type-playersession) |"));
    let service = page("gse/README.md");
    assert!(service.contains("<a id=\"type-playersession\"></a>PlayerSession"));
}

#[test]
fn flows_render_as_mermaid_sequence_diagrams() {
    let text = page("car/README.md");
    let start = text
        .find("```mermaid\nsequenceDiagram")
        .expect("mermaid block");
    let block = &text[start
        ..text[start + 3..]
            .find("```")
            .map_or(text.len(), |i| i + start + 3)];
    let apply = block
        .find("P3->>P4: ApplyConcurrent")
        .expect("ApplyConcurrent step");
    let create = block
        .find("P3->>P4: CreateSession")
        .expect("CreateSession step");
    assert!(apply < create);
}

#[test]
fn docs_are_deterministic_and_committed() {
    let again =
        docs::docs_files(model(), &Templates::embedded().expect("templates")).expect("renders");
    assert_eq!(again, pages());
    for f in pages() {
        let committed = root().join(docs::DOCS_DIR).join(&f.path);
        let on_disk = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            on_disk == f.contents,
            "{} differs from what the specs produce: run `cargo run -p tcapi-codegen -- generate`",
            committed.display()
        );
    }
}

#[test]
fn action_page_matches_snapshot() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/gse-JoinGameServerSessionBatch.md");
    let text = page("gse/JoinGameServerSessionBatch.md");
    if std::env::var_os("TCAPI_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, text).expect("write snapshot");
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with TCAPI_BLESS=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == text,
        "gse/JoinGameServerSessionBatch.md differs from {}; if the change is intended, rerun with TCAPI_BLESS=1 and review the diff",
        path.display()
    );
}

/// The values the templates see are the views' serialization, however they are built.
#[test]
fn template_values_are_the_views_serialized() {
    use tcapi_codegen::docs::context::{self, IntoValue as _};
    for s in &model().services {
        let serialized = serde_json::to_value(context::service(s)).expect("serializes");
        assert_eq!(context::service(s).into_value(), serialized, "{}", s.module);
    }
    let errors = context::common_errors(model());
    assert_eq!(
        serde_json::to_value(&errors).expect("serializes"),
        context::common_errors(model()).into_value()
    );
}

/// Loads a spec given as text.
fn model_of(name: &str, yaml: &str) -> tcapi_codegen::ir::Model {
    let dir = std::env::temp_dir().join(format!("tcapi-docs-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, yaml).unwrap();
    let model = tcapi_codegen::load_and_check(std::slice::from_ref(&path))
        .unwrap_or_else(|d| panic!("{d}"))
        .1;
    std::fs::remove_dir_all(&dir).ok();
    model
}

/// Every page of the reference and of the site, written by the writers of the embedded
/// templates and rendered by tera from the templates themselves, byte for byte the same.
fn assert_writers_match_templates(what: &str, model: &tcapi_codegen::ir::Model) {
    let written = docs::docs_files(model, &Templates::embedded().unwrap()).unwrap();
    let rendered = docs::docs_files(model, &Templates::embedded_through_tera().unwrap()).unwrap();
    assert_same_pages(what, &written, &rendered);
    // The reference site's pages too.
    let written = docs::site::site_files(model).unwrap();
    let rendered = docs::site::site_files_through_tera(model).unwrap();
    assert_same_pages(what, &written, &rendered);
}

fn assert_same_pages(what: &str, written: &[OutputFile], rendered: &[OutputFile]) {
    assert_eq!(written.len(), rendered.len(), "{what}");
    for (w, r) in written.iter().zip(rendered) {
        assert_eq!(w.path, r.path, "{what}");
        if w.contents != r.contents {
            let line = w
                .contents
                .lines()
                .zip(r.contents.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(w.contents.lines().count().min(r.contents.lines().count()));
            panic!(
                "{what}: {} differs from its template from line {}:\nwritten:  {:?}\ntemplate: {:?}",
                w.path.display(),
                line + 1,
                w.contents.lines().nth(line),
                r.contents.lines().nth(line)
            );
        }
    }
}

/// Spec text that takes every branch of the templates the seed specs may not: a deprecated
/// action, limits, empty defaults and examples, line breaks of every kind, text that
/// HTML and Markdown must escape.
const EDGES: &str = r#"service: edges
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

#[test]
fn docs_writers_write_what_the_templates_render() {
    assert_writers_match_templates("the committed services", model());
    let specs = root().join("specs");
    let mut paths = vec![specs.join("common.yaml")];
    paths.extend(["cvm", "sts", "lkeap", "hunyuan"].map(|s| specs.join(s)));
    let (_, others) = tcapi_codegen::load_and_check(&paths).expect("the specs check");
    assert_writers_match_templates("cvm, sts, lkeap, hunyuan", &others);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for f in ["constructs.yaml", "streaming.yaml", "upload.yaml"] {
        let (_, m) = tcapi_codegen::load_and_check(&[fixtures.join(f)]).expect(f);
        assert_writers_match_templates(f, &m);
    }
    assert_writers_match_templates("edge cases", &model_of("edges", EDGES));
}

#[test]
fn templates_given_by_the_user_render_through_tera_beside_the_writers() {
    let dir = std::env::temp_dir().join(format!("tcapi-docs-overrides-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The embedded text as an override: tera renders it, to the same bytes.
    let action = docs::templates::DEFAULTS
        .iter()
        .find(|(n, _)| *n == "action.md")
        .unwrap()
        .1;
    std::fs::write(dir.join("action.md.tera"), action).unwrap();
    std::fs::write(
        dir.join("index.html.tera"),
        "{% for s in services %}{{ s.title }}: {{ s.actions | length }}\n{% endfor %}",
    )
    .unwrap();
    let t = Templates::with_overrides(&dir).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(t.through_tera("action.md") && t.through_tera("index.html"));
    assert!(!t.through_tera("service.md"));
    let files = docs::docs_files(model(), &t).unwrap();
    for (f, embedded) in files.iter().zip(pages()) {
        if f.path == Path::new("html/index.html") {
            let expected: String = model()
                .services
                .iter()
                .map(|s| format!("{}: {}\n", s.title, s.actions.len()))
                .collect();
            assert_eq!(f.contents, expected);
        } else {
            assert_eq!(f.contents, embedded.contents, "{}", f.path.display());
        }
    }
}
