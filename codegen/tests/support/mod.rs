//! Shared by the fuzz and random-spec tests: a seeded generator and the seed specs.
//!
//! The generator is xorshift64*: a few lines, deterministic for a seed (failures replay with
//! `TCAPI_SEED`), and it keeps the tests free of a random-number crate.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

#[cfg(feature = "docs")]
pub mod pages;

/// A seeded pseudo-random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// From `TCAPI_SEED` when set, else `default`.
    pub fn from_env(default: u64) -> (Self, u64) {
        let seed = std::env::var("TCAPI_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default);
        (Rng(seed.max(1)), seed)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A number from the environment variable `name`, else `default`.
pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The project root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Imported specs larger than this are not seeds: a mutation of a multi-megabyte file costs
/// as much as hundreds of small cases and finds nothing a small file of the same importer
/// does not (the corpus of every service is committed under `specs/`).
const MAX_IMPORTED_SEED_BYTES: u64 = 96 * 1024;

/// The project's spec files as seeds: every hand-written spec (`specs/`), the imported specs
/// (`*.imported.yaml`) up to [`MAX_IMPORTED_SEED_BYTES`], and `codegen/tests/fixtures/`.
pub fn seed_specs() -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let imported = p.to_string_lossy().ends_with(".imported.yaml");
                let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(u64::MAX);
                if imported && size > MAX_IMPORTED_SEED_BYTES {
                    continue;
                }
                if let Ok(bytes) = std::fs::read(&p) {
                    out.push((p, bytes));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("specs"), &mut out);
    walk(&root().join("codegen/tests/fixtures"), &mut out);
    out
}

/// A fresh scratch directory.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tcapi-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The model of one spec file holding `yaml` (in a fresh temporary directory named after
/// `test`), or every diagnostic as `line:col: message (hint)`.
pub fn load_spec(test: &str, yaml: &str) -> Result<tcapi_codegen::ir::Model, Vec<String>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tcapi-{test}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("svc.yaml");
    std::fs::write(&path, yaml).unwrap();
    let result = tcapi_codegen::load_and_check(std::slice::from_ref(&path));
    std::fs::remove_dir_all(&dir).ok();
    result.map(|(_, m)| m).map_err(|d| {
        d.0.iter()
            .map(|d| {
                format!(
                    "{}:{}: {} ({})",
                    d.pos.line,
                    d.pos.col,
                    d.message,
                    d.hint.clone().unwrap_or_default()
                )
            })
            .collect()
    })
}
