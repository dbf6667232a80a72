//! Expansion time of `include_spec!`: the library call the macro makes (load, check, IR,
//! tokens) for the largest spec in the repository and for a synthetic 100-action spec.
//! Prints figures; run with `scripts/bench-macro.sh`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tcapi_codegen::include_spec::service_items;

/// A service with `actions` actions (five inputs with constraints, an enum, a list of a
/// shared type in the output, three error codes) and ten shared types.
fn synthetic_spec(actions: usize) -> String {
    let mut s = String::from(
        "service: bench\nversion: \"2024-01-01\"\ntitle: Benchmark\nregion: optional\nactions:\n",
    );
    for i in 0..actions {
        let t = i % 10;
        s.push_str(&format!(
            "  DescribeThing{i}:
    description: Describes things, variant {i}.
    rate_limit: 20
    input:
      Name:
        type: String
        required: true
        description: Name.
        length: {{ min: 1, max: 60 }}
        pattern: '^[a-z][a-z0-9-]*$'
      Limit:
        type: Integer
        range: {{ min: 1, max: 100 }}
      Ids:
        type: [String]
        items: {{ max: 25 }}
      Kind:
        type: String
        enum: [small, large]
      Filter:
        type: Thing{t}
    output:
      TotalCount:
        type: Integer
      Things:
        type: [Thing{t}]
        nullable: true
    errors:
      FailedOperation: Operation failed.
      InvalidParameterValue: Invalid parameter value.
      ResourceNotFound.Thing: Not found.
"
        ));
    }
    s.push_str("types:\n");
    for t in 0..10 {
        s.push_str(&format!(
            "  Thing{t}:
    description: Thing number {t}.
    fields:
      Id: {{ type: String, required: true, length: {{ max: 64 }} }}
      Size: {{ type: Int64, range: {{ min: 0 }} }}
      Tags: {{ type: [String] }}
      CreatedAt: {{ type: DateTime }}
"
        ));
    }
    s
}

/// The hand-written spec whose service version (with its `.imported.yaml` sibling) is
/// largest on disk.
fn largest_spec(dir: &Path) -> Option<PathBuf> {
    let mut best: Option<(u64, PathBuf)> = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).ok()?.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with(".yaml")
                && !name.contains(".imported.")
                && name != "common.yaml"
            {
                let len = service_size(&p);
                if best.as_ref().is_none_or(|(b, _)| len > *b) {
                    best = Some((len, p));
                }
            }
        }
    }
    best.map(|(_, p)| p)
}

fn service_size(spec: &Path) -> u64 {
    tcapi_codegen::spec::load::with_imported_siblings(&[spec.to_path_buf()])
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

fn measure(label: &str, path: &Path, runs: usize) {
    // One run outside the figures (file cache, allocator warm-up).
    let first = service_items(path, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let tokens = first.tokens.to_string().len();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let out = service_items(path, None).expect("spec checked above");
            std::hint::black_box(out);
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[runs / 2];
    let (min, max) = (times[0], times[runs - 1]);
    let size = service_size(path);
    let actions = first
        .tokens
        .to_string()
        .matches(":: tcapi :: Action for")
        .count();
    println!(
        "{label:<40} {actions:>4} actions, {size:>7} B spec, {tokens:>8} B tokens: median {median:>9.2?}  min {min:>9.2?}  max {max:>9.2?}  ({runs} runs)"
    );
}

fn main() {
    // `cargo bench` passes `--bench`; other arguments are ignored.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let profile = if cfg!(debug_assertions) {
        "dev (unoptimized, as a proc macro runs in `cargo build`)"
    } else {
        "optimized"
    };
    println!("include_spec! expansion (load + check + IR + tokens), {profile} build:");
    match largest_spec(&root.join("specs")) {
        Some(p) => {
            let label = format!(
                "largest repo spec ({})",
                p.strip_prefix(&root).unwrap_or(&p).display()
            );
            measure(&label, &p, 30);
        }
        None => println!("no spec found under specs/"),
    }
    let dir = std::env::temp_dir().join(format!("tcapi-bench-macro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let synthetic = dir.join("bench-100.yaml");
    std::fs::write(&synthetic, synthetic_spec(100)).expect("write synthetic spec");
    measure("synthetic, 100 actions", &synthetic, 15);
    std::fs::remove_dir_all(&dir).ok();
    println!("goal: <= 300 ms for 100 actions");
}
