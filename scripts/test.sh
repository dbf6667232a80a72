#!/usr/bin/env bash
# Every test of the repository (extra arguments go to cargo, e.g. `-q`):
#
#   scripts/test.sh
#
# Every workspace crate with all its features: the generator, the runtime, the mock, the
# committed service crates (generated/car, gaap, gse) with their doc examples, and the
# services the end-to-end tests call, which their build scripts generate from specs/
# (cvm, sts, lkeap, cii, cls). The other services' crates are not workspace members; CI
# compiles every one of them, as the registry serves them, in batches
# (scripts/stress-corpus.sh over `tcapi-codegen release`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-features "$@"
