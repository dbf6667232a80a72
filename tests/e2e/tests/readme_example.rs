//! The README's "Every service" and "Binary actions" examples are the code of
//! `examples/cvm_instances.rs` and `examples/binary_uploads.rs`, which `cargo test`
//! compiles: the README shows code that builds.

#[test]
fn readme_shows_the_compiled_cvm_example() {
    readme_shows("examples/cvm_instances.rs");
}

#[test]
fn readme_shows_the_compiled_binary_uploads_example() {
    readme_shows("examples/binary_uploads.rs");
}

#[test]
fn readme_shows_the_compiled_paging_and_waiting_examples() {
    readme_shows("examples/list_all_instances.rs");
    readme_shows("examples/wait_for_instance.rs");
}

fn readme_shows(file: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = std::fs::read_to_string(root.join(file)).unwrap();
    let readme = std::fs::read_to_string(root.join("../../README.md")).unwrap();
    let begin =
        example.find("// README: begin\n").expect("begin marker") + "// README: begin\n".len();
    let end = example.find("// README: end").expect("end marker");
    let code = &example[begin..end];
    assert!(
        readme.contains(&format!("```rust\n{code}```")),
        "README.md must show {file} between its README markers as a rust block:\n{code}"
    );
}
