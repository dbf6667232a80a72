#!/usr/bin/env bash
# Client CPU time per request on loopback (keep-alive), concurrency 1 and 64, through the
# default transport against the local test server in a separate process. CPU time comes
# from getrusage of the client process (user + system), not wall time.
# Usage: scripts/bench-loopback.sh [REQUESTS]   (default 20000 per concurrency)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p tcapi-tests --example loopback_cpu
target_dir="${CARGO_TARGET_DIR:-target}"
exec "$target_dir/release/examples/loopback_cpu" "${1:-20000}"
