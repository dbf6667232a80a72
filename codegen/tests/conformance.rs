//! The committed conformance test of the documented examples (tests/sdk/tests/examples.rs)
//! is what `conformance::test_file` makes of specs/.
//!
//! To regenerate it: `TCAPI_BLESS=1 cargo test -p tcapi-codegen --test conformance`.

use std::path::PathBuf;

#[test]
fn conformance_file_is_up_to_date() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    // The committed services; the whole API's examples are run by
    // scripts/stress-corpus.sh.
    let ship =
        tcapi_codegen::crates::Shipping::load(&[root.join("specs")]).expect("specs/committed.txt");
    let (_, model) = tcapi_codegen::load_and_check(&ship.committed_paths(&root.join("specs")))
        .expect("specs check");
    let got = tcapi_codegen::conformance::test_file(&model);
    let path = root.join("tests/sdk/tests/examples.rs");
    if std::env::var_os("TCAPI_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "{} is stale at line {}:\n  want: {:?}\n  got:  {:?}\nrun with TCAPI_BLESS=1 to regenerate",
            path.display(),
            first + 1,
            want.lines().nth(first),
            got.lines().nth(first)
        );
    }
}
