//! Compile tests of `include_spec!` in real crates: the pass cases compile and run (and
//! assert on the generated API), the compile-fail cases' compiler output is checked
//! against `ui/fail/*.stderr` (regenerate with `TRYBUILD=overwrite`).

#[test]
fn ui() {
    // trybuild compiles the cases in a crate under the target directory; spec paths in
    // them are relative to this package. Set before any thread is spawned (the test
    // binary runs this single test), so no other thread reads the environment meanwhile.
    unsafe {
        std::env::set_var("TCAPI_MACROS_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    }
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
