//! Writes the documented-examples conformance test of a set of specs
//! ([`tcapi_codegen::conformance::test_file`]); used by `scripts/stress-corpus.sh`.
//!
//! `cargo run --release -p tcapi-codegen --example conformance -- <out.rs> <specs>...`
//!
//! The file names each request through its service crate (`tcapi_cvm::...`): it belongs in a
//! crate that depends on the crates of the services in the specs.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, specs @ ..] = args.as_slice() else {
        eprintln!("usage: conformance <out.rs> <specs>...");
        return ExitCode::from(2);
    };
    if specs.is_empty() {
        eprintln!("usage: conformance <out.rs> <specs>...");
        return ExitCode::from(2);
    }
    let specs: Vec<PathBuf> = specs.iter().map(PathBuf::from).collect();
    let model = match tcapi_codegen::load_and_check(&specs) {
        Ok((_, m)) => m,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(65);
        }
    };
    let file = tcapi_codegen::conformance::test_file(&model);
    if let Err(e) = std::fs::write(out, file) {
        eprintln!("error: cannot write {out}: {e}");
        return ExitCode::from(74);
    }
    ExitCode::SUCCESS
}
