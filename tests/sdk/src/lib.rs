//! Helpers for testing generated actions against the examples documented in their specs.

use std::path::PathBuf;

use tcapi::Action;
use tcapi::json::{self, FromJson};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The documented examples of one action, read from `specs/` (so they are written once).
pub fn examples(service: &str, action: &str) -> Vec<tcapi_codegen::spec::Example> {
    // Loaded and checked once per test binary, not once per action.
    static SPECS: std::sync::OnceLock<tcapi_codegen::spec::SpecSet> = std::sync::OnceLock::new();
    let set = SPECS.get_or_init(|| {
        // The committed services (specs/ holds every service of Tencent Cloud).
        let specs = root().join("specs");
        let ship = tcapi_codegen::crates::Shipping::load(std::slice::from_ref(&specs))
            .expect("specs/committed.txt");
        tcapi_codegen::load_and_check(&ship.committed_paths(&specs))
            .expect("specs check")
            .0
    });
    let svc = set
        .services
        .iter()
        .find(|s| s.service.value == service)
        .unwrap_or_else(|| panic!("no service {service}"));
    let a = svc
        .actions
        .iter()
        .find(|a| a.name.value == action)
        .unwrap_or_else(|| panic!("no action {action}"));
    a.examples.clone()
}

/// Deserializes every documented example of `A`: the request into `A` (which must pass
/// validation), the response's `Response` object into `A::Response`. Returns how many.
pub fn check_examples<A: Action + FromJson>(service: &str) -> usize {
    let exs = examples(service, A::META.name);
    assert!(
        !exs.is_empty(),
        "{} has no documented example",
        A::META.name
    );
    for ex in &exs {
        let req: A = json::from_str(&ex.request.value).unwrap_or_else(|e| {
            panic!(
                "{}: request example {:?} does not deserialize: {e}",
                A::META.name,
                ex.title
            )
        });
        if let Err(v) = req.validate() {
            panic!(
                "{}: request example {:?} fails validation: {v}",
                A::META.name,
                ex.title
            );
        }
        let env: json::Value = serde_json::from_str(&ex.response.value).expect("response JSON");
        let _: A::Response = A::Response::from_json(&env["Response"]).unwrap_or_else(|e| {
            panic!(
                "{}: response example {:?} does not deserialize: {e}",
                A::META.name,
                ex.title
            )
        });
    }
    exs.len()
}
