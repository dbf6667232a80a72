#!/usr/bin/env bash
# Whatever `check` accepts compiles: N random specs (default 24) are generated; those the
# generator accepts are built into one crate with clippy -D warnings and their doc examples run.
# TCAPI_SEED=<seed> replays a run. The scratch crate builds in target/random-specs (kept warm).
set -euo pipefail
cd "$(dirname "$0")/.."
TCAPI_RANDOM_SPECS="${1:-24}" cargo test -q -p tcapi-codegen --test random_specs -- --ignored --nocapture
