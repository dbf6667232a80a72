#!/usr/bin/env bash
# Prints include_spec! expansion times (the library call the macro makes: load, check, IR,
# tokens) for the largest spec in specs/ and a synthetic 100-action spec, in an optimized
# build and in the dev profile proc macros run with during `cargo build`. Goal: <= 300 ms
# for 100 actions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -q -p tcapi-macros --bench expansion
cargo bench -q -p tcapi-macros --bench expansion --profile dev
