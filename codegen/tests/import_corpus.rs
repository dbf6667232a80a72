//! The importer over the whole official corpus, when it is present on this machine.
//!
//! Run with `TCAPI_CORPUS=<tccli/services dir> [TCAPI_SDK=<tencentcloud-sdk-python dir>]
//! [TCAPI_ERROR_TABLE=specs/error-codes] cargo test --release -p tcapi-codegen --test import_corpus -- --ignored --nocapture`
//! (`TCAPI_IMPORT_OUT=<dir>` keeps the files; `scripts/import-all.sh` installs both packages and does this through the CLI).

use std::path::PathBuf;
use std::time::Instant;

use tcapi_codegen::import::{ImportOptions, Input, Set, run};

#[test]
#[ignore = "needs the tccli-intl-en package (TCAPI_CORPUS); see scripts/import-all.sh"]
fn imports_the_whole_corpus() {
    let Some(source) = std::env::var_os("TCAPI_CORPUS").map(PathBuf::from) else {
        panic!("set TCAPI_CORPUS to the tccli/services directory");
    };
    // TCAPI_IMPORT_OUT keeps the result for inspection; by default it goes to a scratch directory.
    let keep = std::env::var_os("TCAPI_IMPORT_OUT").map(PathBuf::from);
    let out = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("tcapi-import-corpus-{}", std::process::id()))
    });
    let opts = ImportOptions {
        inputs: vec![Input {
            set: Set::Intl,
            path: source,
        }],
        out_dir: out.clone(),
        services: Vec::new(),
        error_codes: std::env::var_os("TCAPI_SDK").map(PathBuf::from),
        error_table: std::env::var_os("TCAPI_ERROR_TABLE").map(PathBuf::from),
    };
    let start = Instant::now();
    let report = run(&opts).expect("the corpus imports");
    let first = start.elapsed();
    println!("{report}");
    println!("first import: {:.2} s", first.as_secs_f64());
    let start = Instant::now();
    let again = run(&opts).expect("the corpus imports again");
    println!(
        "re-import (nothing to write): {:.2} s",
        start.elapsed().as_secs_f64()
    );
    assert_eq!(
        again.files_written.len(),
        0,
        "a second import changes nothing"
    );
    assert_eq!(again.files_unchanged, report.definitions);
    assert!(report.actions > 0 && report.members > report.actions);
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(out);
    }
}
