//! The project's specs as the unit tests see them.
//!
//! `specs/` holds every service of Tencent Cloud (hundreds of files, tens of MB): loading it in
//! an unoptimized test binary costs seconds to minutes per test. The tests take a copy of its
//! shape instead: a directory of links to `common.yaml`, `committed.txt` and the services
//! named in [`SERVICES`] (the hand-written seed services and the imported ones the end-to-end
//! tests call), made once per test process. Everything a test looks for in the repository's
//! specs (the committed list, hand-written files next to imported ones, a service imported
//! only) is there.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The services of the test directory.
pub const SERVICES: &[&str] = &["car", "gaap", "gse", "cvm", "sts", "lkeap", "hunyuan"];

/// The repository's `specs/`.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// The test directory: links to the repository's files, made on first use.
pub fn dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tcapi-test-specs-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).expect("temporary directory");
        let repo = repository()
            .canonicalize()
            .expect("the repository's specs/");
        for name in ["common.yaml", "committed.txt"].iter().chain(SERVICES) {
            let target = repo.join(name);
            if target.exists() {
                link(&target, &dir.join(name));
            }
        }
        dir
    })
    .clone()
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).expect("symlink in the temporary directory");
}

#[cfg(not(unix))]
fn link(target: &Path, at: &Path) {
    // No symlinks without privileges elsewhere: copy (the specs are small).
    if target.is_dir() {
        std::fs::create_dir_all(at).unwrap();
        for e in std::fs::read_dir(target).unwrap().flatten() {
            link(&e.path(), &at.join(e.file_name()));
        }
    } else {
        std::fs::copy(target, at).unwrap();
    }
}
