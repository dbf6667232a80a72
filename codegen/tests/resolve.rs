//! Name resolution in the IR: every Rust name is chosen once, every collision of the final
//! (escaped) names is a located diagnostic, and what generated code cannot express is
//! refused before anything is emitted.

use std::sync::atomic::{AtomicUsize, Ordering};

use tcapi_codegen::{generate, load_and_check};

static N: AtomicUsize = AtomicUsize::new(0);

/// Writes `files` (name, text) into a fresh directory and loads it.
fn load(files: &[(&str, &str)]) -> Result<tcapi_codegen::ir::Model, Vec<String>> {
    let dir = std::env::temp_dir().join(format!(
        "tcapi-resolve-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let result = load_and_check(std::slice::from_ref(&dir));
    std::fs::remove_dir_all(&dir).ok();
    result.map(|(_, m)| m).map_err(|d| {
        d.0.iter()
            .map(|d| format!("{}:{}: {}", d.pos.line, d.pos.col, d.message))
            .collect()
    })
}

fn service(name: &str, body: &str) -> String {
    format!("service: {name}\nversion: \"2024-01-01\"\ntitle: T\n{body}")
}

#[test]
fn escaped_field_names_collide() {
    let e = load(&[(
        "a.yaml",
        &service(
            "demo",
            "actions:\n  DoIt:\n    description: x\n    input:\n      Self: { type: String, raw_name: true }\n      Other: { type: String, rust_name: self_ }\n",
        ),
    )])
    .unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(
            "9:41: parameter `Other` becomes the Rust name `self_`, which parameter `Self`"
        ),
        "{e:?}"
    );
}

#[test]
fn setters_collide_with_each_other() {
    let e = load(&[(
        "a.yaml",
        &service(
            "demo",
            "actions:\n  DoIt:\n    description: x\n    input:\n      New: { type: String }\n      SetNew: { type: String }\n",
        ),
    )])
    .unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("the setter of `SetNew` becomes the method `set_new`"),
        "{e:?}"
    );
}

#[test]
fn keyword_services_get_one_module_name_everywhere() {
    let m = load(&[
        (
            "a.yaml",
            &service("crate", "actions:\n  DoIt:\n    description: x\n"),
        ),
        (
            "b.yaml",
            &service("type", "actions:\n  DoIt:\n    description: x\n"),
        ),
    ])
    .unwrap();
    let files = generate::project_files(
        &m,
        &tcapi_codegen::crates::Shipping::all_committed(),
        &Default::default(),
    )
    .unwrap()
    .files;
    let file = |p: &str| {
        files
            .iter()
            .find(|f| f.path.as_path() == std::path::Path::new(p))
            .unwrap_or_else(|| panic!("{p} not written"))
    };
    // Each is a crate of its own, whose module takes the escaped name and whose items are
    // also at the root of the crate.
    let lib = &file("generated/crate/src/lib.rs").contents;
    assert!(lib.contains("pub mod crate_;"), "{lib}");
    assert!(lib.contains("pub use self::crate_::*;"), "{lib}");
    let lib = &file("generated/type/src/lib.rs").contents;
    assert!(lib.contains("pub mod r#type;"), "{lib}");
    file("generated/crate/src/crate_.rs");
    file("generated/type/src/type.rs");
    let cargo = &file("generated/type/Cargo.toml").contents;
    assert!(cargo.contains("\nname = \"tcapi-type\"\n"), "{cargo}");
    assert_eq!(m.services[1].path, "tcapi_type");
}

#[test]
fn a_service_module_shadowed_at_the_root_is_named_through_its_module() {
    // A service `types`: its module would be shadowed by the crate root's glob re-export of
    // its own `types` module, so users (and the docs) name it `tcapi_types::types`.
    let m = load(&[(
        "a.yaml",
        &service("types", "actions:\n  DoIt:\n    description: x\n"),
    )])
    .unwrap();
    assert_eq!(m.services[0].path, "tcapi_types::types");
    let files = generate::project_files(
        &m,
        &tcapi_codegen::crates::Shipping::all_committed(),
        &Default::default(),
    )
    .unwrap()
    .files;
    let lib = files
        .iter()
        .find(|f| f.path.as_path() == std::path::Path::new("generated/types/src/lib.rs"))
        .unwrap();
    assert!(!lib.contents.contains("pub use"), "{}", lib.contents);
}

#[test]
fn services_named_like_the_projects_own_crates_are_refused() {
    for name in ["codegen", "macros", "mock"] {
        let e = load(&[(
            "a.yaml",
            &service(name, "actions:\n  DoIt:\n    description: x\n"),
        )])
        .unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].contains(&format!(
                "would be the crate `tcapi-{name}`, which is one of tcapi's own crates"
            )),
            "{e:?}"
        );
    }
}

#[test]
fn a_type_that_must_hold_itself_is_refused() {
    let e = load(&[(
        "a.yaml",
        &service(
            "demo",
            "types:\n  Node:\n    fields:\n      Next: { type: Node, required: true }\nactions:\n  DoIt:\n    description: x\n    input:\n      Root: { type: Node, required: true }\n",
        ),
    )])
    .unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("7:7: type `Node` has no finite value"),
        "{e:?}"
    );

    // Through two types, in a response (non-nullable fields are not optional there).
    let e = load(&[(
        "a.yaml",
        &service(
            "demo",
            "types:\n  A:\n    fields:\n      B: { type: B }\n  B:\n    fields:\n      A: { type: A }\nactions:\n  DoIt:\n    description: x\n    output:\n      Root: { type: A }\n",
        ),
    )])
    .unwrap_err();
    assert_eq!(e.len(), 2, "{e:?}");

    // Optional, nullable or through a list: fine.
    for fields in [
        "Next: { type: Node }",
        "Next: { type: [Node], required: true }",
    ] {
        load(&[(
            "a.yaml",
            &service(
                "demo",
                &format!("types:\n  Node:\n    fields:\n      {fields}\nactions:\n  DoIt:\n    description: x\n    input:\n      Root: {{ type: Node, required: true }}\n"),
            ),
        )])
        .unwrap();
    }
}

#[test]
fn non_ascii_enum_values_get_variants_and_the_spec_can_name_them() {
    let m = load(&[(
        "a.yaml",
        &service(
            "demo",
            "actions:\n  DoIt:\n    description: x\n    input:\n      Zone:\n        type: String\n        enum:\n          values: [华北, 华南, é]\n          variants: { é: Acute }\n",
        ),
    )])
    .unwrap();
    let e = &m.services[0].actions[0].enums[0];
    let variants: Vec<&str> = e.values.iter().map(|v| v.1.as_str()).collect();
    assert_eq!(variants, ["U534eU5317", "U534eU5357", "Acute"]);

    let e = load(&[(
        "a.yaml",
        &service(
            "demo",
            "actions:\n  DoIt:\n    description: x\n    input:\n      Zone:\n        type: String\n        enum:\n          values: [A, B]\n          variants: { B: A, C: Cee, A: lower }\n",
        ),
    )])
    .unwrap_err();
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].contains("`variants` names `C`, which is not one of the enum's values"),
        "{e:?}"
    );
    assert!(
        e[1].contains("variant name `lower` is not PascalCase"),
        "{e:?}"
    );
}

#[test]
fn explicit_variants_collide_like_derived_ones() {
    let e = load(&[(
        "a.yaml",
        &service(
            "demo",
            "actions:\n  DoIt:\n    description: x\n    input:\n      Zone:\n        type: String\n        enum:\n          values: [A, B]\n          variants: { B: A }\n",
        ),
    )])
    .unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("enum value `B` becomes the Rust name `A`"),
        "{e:?}"
    );
}

#[test]
fn example_placeholders_satisfy_patterns_or_the_example_is_not_run() {
    let m = load(&[(
        "a.yaml",
        &service(
            "demo",
            "actions:\n  DoIt:\n    description: x\n    input:\n      Code: { type: String, required: true, pattern: '^[0-9]{6}$' }\n      Low: { type: Integer, required: true, range: { max: -3 } }\n      Few: { type: [String], required: true, items: { max: 0 } }\n",
        ),
    )])
    .unwrap();
    let (s, a) = (&m.services[0], &m.services[0].actions[0]);
    let e = tcapi_codegen::example::request_example(s, a);
    assert!(e.valid, "{}", e.code);
    assert!(
        e.code.contains("DoItRequest::new(\"000000\", -3, vec![])"),
        "{}",
        e.code
    );

    let m = load(&[(
        "a.yaml",
        &service(
            "demo",
            "actions:\n  DoIt:\n    description: x\n    input:\n      Code: { type: String, required: true, pattern: '^(ab|cd)[0-9]$' }\n",
        ),
    )])
    .unwrap();
    let e = tcapi_codegen::example::request_example(&m.services[0], &m.services[0].actions[0]);
    assert!(!e.valid, "{}", e.code);
    let file = &generate::project_files(
        &m,
        &tcapi_codegen::crates::Shipping::all_committed(),
        &Default::default(),
    )
    .unwrap()
    .files;
    let rs = &file
        .iter()
        .find(|f| f.path.as_path() == std::path::Path::new("generated/demo/src/demo.rs"))
        .unwrap()
        .contents;
    assert!(!rs.contains("# Example"), "{rs}");
}
