//! Snapshot of the generated code for a small spec with every construct. The snapshot is
//! also compiled (tests/sdk includes it), so it is known to build.
//!
//! To accept a change: `TCAPI_BLESS=1 cargo test -p tcapi-codegen --test snapshot`.

use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

#[test]
fn constructs_snapshot() {
    let (_, model) = tcapi_codegen::load_and_check(&[dir().join("fixtures/constructs.yaml")])
        .expect("fixture checks");
    let files = tcapi_codegen::generate::service_files(&model);
    assert_eq!(files.len(), 1);
    let got = &files[0].contents;
    let path = dir().join("snapshots/demo.rs");
    if std::env::var_os("TCAPI_BLESS").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if &want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "generated code differs from {} at line {}:\n  want: {:?}\n  got:  {:?}\nrun with TCAPI_BLESS=1 to accept",
            path.display(),
            first + 1,
            want.lines().nth(first),
            got.lines().nth(first)
        );
    }
}

/// A streaming action (`streaming: true`), a `ClientToken` parameter and an action-specific
/// retryable code; the snapshot is compiled and run in tests/e2e (`tests/streaming_e2e.rs`).
#[test]
fn streaming_snapshot() {
    let (_, model) = tcapi_codegen::load_and_check(&[dir().join("fixtures/streaming.yaml")])
        .expect("fixture checks");
    let files = tcapi_codegen::generate::service_files(&model);
    assert_eq!(files.len(), 1);
    let got = &files[0].contents;
    for expected in [
        "impl ::tcapi::StreamingAction for ChatCompletionsRequest {}",
        "fn retryable_codes() -> &'static [&'static str] {",
        "\"FailedOperation.EngineServerLimitExceeded\"",
        "fn ensure_client_token(&mut self) -> bool {",
        "self.client_token = Some(::tcapi::client_token());",
    ] {
        assert!(got.contains(expected), "`{expected}` missing");
    }
    assert_eq!(
        got.matches("StreamingAction for").count(),
        1,
        "only the streaming action"
    );
    assert_eq!(got.matches("fn ensure_client_token").count(), 1);
    compare(got, &dir().join("snapshots/chat.rs"));
}

/// Binary actions: a form with file parts and every kind of member, a raw body with header
/// members, and a JSON action (no `payload`); the snapshot is compiled and sent in
/// tests/e2e (`tests/binary_payload.rs`).
#[test]
fn binary_actions_snapshot() {
    let (_, model) = tcapi_codegen::load_and_check(&[dir().join("fixtures/upload.yaml")])
        .expect("fixture checks");
    let files = tcapi_codegen::generate::service_files(&model);
    assert_eq!(files.len(), 1);
    let got = &files[0].contents;
    for expected in [
        "form = form.binary(\"File\", &self.file);",
        "form = form.text(\"Kind\", v.as_str());",
        "form = form.scalar(\"Copies\", v);",
        "form = form.json(\"Tags\", v);",
        "form = form.json(\"Owner\", v);",
        "form = form.binary(\"Thumbnail\", v);",
        "self.data.as_bytes().to_vec()",
        "raw = raw.scalar(\"X-Upload-Bucket\", &self.bucket);",
        "raw = raw.header(\"X-Upload-Mode\", v.as_str());",
    ] {
        assert!(got.contains(expected), "`{expected}` missing");
    }
    assert_eq!(
        got.matches("fn payload(&self)").count(),
        2,
        "not for DescribeFiles"
    );
    compare(got, &dir().join("snapshots/upload.rs"));
}

fn compare(got: &str, path: &std::path::Path) {
    if std::env::var_os("TCAPI_BLESS").is_some() {
        std::fs::write(path, got).unwrap();
    }
    let want = std::fs::read_to_string(path).unwrap_or_default();
    if want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "generated code differs from {} at line {}:\n  want: {:?}\n  got:  {:?}\nrun with TCAPI_BLESS=1 to accept",
            path.display(),
            first + 1,
            want.lines().nth(first),
            got.lines().nth(first)
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let run = || {
        let (_, model) =
            tcapi_codegen::load_and_check(&[dir().join("fixtures/constructs.yaml")]).unwrap();
        tcapi_codegen::generate::service_files(&model)
    };
    assert_eq!(run(), run());
}
