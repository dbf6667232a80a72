//! Fuzzing on stable Rust: the project's specs, mutated (bytes, lines, YAML tokens), go
//! through loading, checking, resolution and every emitter. Nothing may panic, overflow the
//! stack or run away in memory; a spec that is accepted must also emit.
//!
//! `cargo test -p tcapi-codegen --test fuzz_specs` runs a short batch; CI runs a longer one:
//! `TCAPI_FUZZ_SECS=90 TCAPI_FUZZ_CASES=1000000 cargo test --release -p tcapi-codegen --test fuzz_specs -- --nocapture`.
//! A failure prints its seed and case; `TCAPI_SEED=<seed>` replays the run.

mod support;

use std::time::{Duration, Instant};

use support::{Rng, env_number, scratch, seed_specs};
use tcapi_codegen::{generate, load_and_check};

/// Tokens that stress the YAML layer and the decoder.
const TOKENS: &[&str] = &[
    "&a ",
    "*a",
    "<<: *a",
    "[[[[[[",
    "]]]",
    "{",
    "}",
    ": ",
    "- ",
    "? ",
    "!!str ",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "\u{202E}",
    "\u{feff}",
    "\u{0}",
    "~",
    "null",
    "1e999",
    "-1",
    ".nan",
    "99999999999999999999",
    "\"",
    "'",
    "#",
    "|\n",
    ">-\n",
    "\t",
    "é",
    "中",
    "Self",
    "crate",
    "type: ",
    "required: true",
    "nullable: true",
    "enum: [A, a, 'A']",
    "pattern: '(?x)a#'",
    "length: { min: 5, max: 1 }",
    "items: { max: 0 }",
    "range: { min: 1.5 }",
    "rust_name: self_",
];

/// Values put after a key's `: ` (the mutations most likely to keep a spec valid, so that
/// resolution and the emitters see them).
const VALUES: &[&str] = &[
    "String",
    "[String]",
    "[[Integer]]",
    "Float",
    "UInt64",
    "Boolean",
    "Date",
    "DateTimeIso",
    "true",
    "false",
    "0",
    "-1",
    "18446744073709551615",
    "1.5",
    "\"\"",
    "Self",
    "Type",
    "crate",
    "\"a <b> `c` *d* \u{202e}e\"",
    "中文说明",
    "{ min: 0, max: 0 }",
    "{ min: 3 }",
    "[华北, 华南]",
    "'^[0-9]{6}$'",
    "'^(ab|cd)[0-9]$'",
    "{ values: [A, B], variants: { B: Bee } }",
    "self_",
];

fn mutate(rng: &mut Rng, text: &[u8], other: &[u8]) -> Vec<u8> {
    if rng.chance(45) {
        if let Some(t) = replace_value(rng, text) {
            return t;
        }
    }
    let mut t = text.to_vec();
    for _ in 0..1 + usize::from(rng.chance(25)) {
        let at = if t.is_empty() {
            0
        } else {
            rng.below(t.len() + 1)
        };
        match rng.below(7) {
            0 if !t.is_empty() => {
                let at = at.min(t.len() - 1);
                t[at] = *rng.pick(b":- \n[]{}&*!\"'#|>\0\xff\t,");
            }
            1 => {
                let end = (at + rng.below(64)).min(t.len());
                t.drain(at..end);
            }
            2 | 3 => {
                let tok = rng.pick(TOKENS).as_bytes();
                t.splice(at..at, tok.iter().copied());
            }
            4 => {
                // A line of another seed.
                let lines: Vec<&[u8]> = other.split(|&b| b == b'\n').collect();
                let line = rng.pick(&lines);
                let mut ins = line.to_vec();
                ins.push(b'\n');
                let start = t[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                t.splice(start..start, ins);
            }
            5 => {
                // Repeat a line (duplicate keys, deeper lists).
                let start = t[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let end = t[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(t.len(), |i| at + i + 1);
                let line = t[start..end].to_vec();
                t.splice(end..end, line);
            }
            _ => t.truncate(at),
        }
    }
    t
}

/// Replaces the value of a random `key: value` line.
fn replace_value(rng: &mut Rng, text: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(text).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(": ") && !lines[i].trim_start().starts_with('#'))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let i = *rng.pick(&candidates);
    let key_end = lines[i].find(": ")? + 2;
    let mut out = String::with_capacity(text.len() + 64);
    for (j, line) in lines.iter().enumerate() {
        if j == i {
            out.push_str(&line[..key_end]);
            out.push_str(rng.pick::<&str>(VALUES));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    Some(out.into_bytes())
}

#[test]
fn mutated_specs_never_panic() {
    let seeds = seed_specs();
    assert!(seeds.len() >= 5, "seed corpus: {} files", seeds.len());
    let (mut rng, seed) = Rng::from_env(510_609);
    let cases = env_number("TCAPI_FUZZ_CASES", 60);
    let budget = Duration::from_secs(env_number("TCAPI_FUZZ_SECS", 20));
    let dir = scratch("fuzz");
    let path = dir.join("svc.yaml");
    let start = Instant::now();
    let (mut run, mut accepted) = (0u64, 0u64);
    while run < cases && start.elapsed() < budget {
        let (seed_path, text) = rng.pick(&seeds);
        let other = &rng.pick(&seeds).1;
        let mutated = mutate(&mut rng, text, other);
        std::fs::write(&path, &mutated).unwrap();
        let outcome =
            std::panic::catch_unwind(|| match load_and_check(std::slice::from_ref(&path)) {
                Ok((_, model)) => {
                    let files = generate::project_files(
                        &model,
                        &tcapi_codegen::crates::Shipping::all_committed(),
                        &Default::default(),
                    )
                    .expect("an accepted spec emits");
                    assert!(!files.files.is_empty());
                    let _ = generate::service_files(&model);
                    true
                }
                Err(d) => {
                    assert!(!d.is_empty());
                    for x in &d.0 {
                        assert!(!x.message.is_empty());
                    }
                    false
                }
            });
        match outcome {
            Ok(ok) => accepted += u64::from(ok),
            Err(_) => {
                let keep = dir.with_extension("failing.yaml");
                std::fs::write(&keep, &mutated).unwrap();
                panic!(
                    "case {run} (seed {seed}, from {}) panicked; the input is kept at {}",
                    seed_path.display(),
                    keep.display()
                );
            }
        }
        run += 1;
    }
    std::fs::remove_dir_all(&dir).ok();
    println!(
        "fuzz: {run} cases in {:.1?} (seed {seed}): {accepted} accepted and emitted, {} refused with diagnostics, 0 panics",
        start.elapsed(),
        run - accepted
    );
}
