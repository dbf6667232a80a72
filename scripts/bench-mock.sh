#!/usr/bin/env bash
# Signed requests per second the tcapi-mock server answers on loopback, load generator
# (the tcapi client, 64 in flight) in the same process: three runs, then the medians of the
# wall-clock rate and of the rate per two CPU-seconds (independent of other load).
# Usage: scripts/bench-mock.sh [REQUESTS] [CONCURRENCY] [LOG]
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-100000}"
concurrency="${2:-64}"
log="${3:-off}"
cargo build -q --release -p tcapi-mock --example loadgen
wall=()
cpu=()
for run in 1 2 3; do
  line="$(target/release/examples/loadgen "$requests" "$concurrency" "$log")"
  echo "run $run: $line"
  wall+=("$(echo "$line" | sed -E 's/.* rps ([0-9]+) .*/\1/')")
  cpu+=("$(echo "$line" | sed -nE 's/.* rps_per_2_cpu_seconds ([0-9]+).*/\1/p')")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
echo "median: $(median "${wall[@]}") requests/s wall clock, $(median "${cpu[@]}") requests per 2 CPU-seconds (log: $log; load average $(cut -d' ' -f1 /proc/loadavg))"
