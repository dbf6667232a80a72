#!/usr/bin/env bash
# Every test of the repository, in two cargo runs (extra arguments go to both, e.g. `-q`):
#
#   scripts/test.sh
#
# 1. every workspace crate but the generated one, with all its features;
# 2. the generated crate `tcapi-sdk` with the services whose code is committed (`full`), serde,
#    and the curated build-time services the end-to-end tests call.
#
# Not `cargo test --workspace --all-features`: tcapi-sdk has one feature per service of
# Tencent Cloud (about 275), and all of them at once is the whole API in one rustc (millions
# of lines, more memory than a 24 GB machine has). Users enable the services they call; CI
# compiles every service in batches (`COMMITTED=1 scripts/stress-corpus.sh`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --exclude tcapi-sdk --all-features "$@"
cargo test -p tcapi-sdk --features "$(bash scripts/sdk-test-features.sh)" "$@"
