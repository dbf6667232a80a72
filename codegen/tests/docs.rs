//! The generated API reference: it covers the specs, its links resolve, it is stable, and
//! one page matches its committed snapshot (`TCAPI_BLESS=1` rewrites the snapshot).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tcapi_codegen::docs::{self, links};
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
    P.get_or_init(|| docs::docs_files(model()))
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
    let again = docs::docs_files(model());
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
