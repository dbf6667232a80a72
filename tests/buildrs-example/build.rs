//! Generates `$OUT_DIR/demo.rs` from `specs/` (see `tcapi_codegen::Builder`).

fn main() {
    let result = tcapi_codegen::Builder::new()
        .spec("specs")
        // `DeleteWidget` is in the spec but not needed here.
        .actions("demo", ["DescribeWidgets", "CreateWidget"])
        .generate();
    if let Err(e) = result {
        // The same `file:line:column` diagnostics as `tcapi-codegen check`.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
