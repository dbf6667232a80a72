//! Proc macros for tcapi: [`include_spec!`] turns a YAML spec into a typed client module at
//! compile time, with the same items as `tcapi-codegen generate` and
//! `tcapi_codegen::Builder` produce for that spec.
#![forbid(unsafe_code)]

mod expand;

/// Expands to the items of one Tencent Cloud API service version described by a YAML spec:
/// the `SERVICE` metadata, one module per action (request with `new(...)`, setters and
/// `validate()`, response, error enum, `tcapi::Action` impl), re-exports of the request,
/// response and error types, and the shared data types in `types`.
///
/// ```ignore
/// pub mod gse {
///     tcapi::include_spec!("specs/gse/2019-11-12.yaml");
/// }
/// pub mod car {
///     // Only these actions, and the data types they use.
///     tcapi::include_spec!("specs/car/2022-01-10.yaml", actions = ["ApplyConcurrent", "CreateSession"]);
/// }
/// ```
///
/// - The path is relative to the package root (`CARGO_MANIFEST_DIR`); it names one
///   `<service>/<version>.yaml` file (or a directory holding one service version).
/// - The expansion `include_bytes!`s every spec file it read, so editing the spec rebuilds
///   the crate.
/// - The generated code refers to the runtime as `::tcapi`, so the crate must depend on
///   `tcapi`.
/// - A spec problem is a compile error at the path literal (at the action's literal for an
///   unknown allowlisted action) carrying the same `file:line:column: error: ...` and
///   `= help:` text as `tcapi-codegen check`.
///
/// When a crate is compiled outside its package directory (as compile-test harnesses do),
/// set `TCAPI_MACROS_MANIFEST_DIR` to the directory relative paths should start from.
#[proc_macro]
pub fn include_spec(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand::expand(input.into()).into()
}
