#!/usr/bin/env bash
# Compile cost of the generated code: clean (non-incremental) build time of the committed
# `tcapi-sdk` crate with every service (`--features full`) and with each service alone, the
# median of RUNS builds each, and the cost per action. Dependencies (the runtime) are built
# first, so only tcapi-sdk is timed.
#
#   scripts/bench-compile.sh
#
# Env: RUNS (default 3), PROFILE (default dev), CARGO_TARGET_DIR (default target/).
# For the whole official corpus, per batch of services: scripts/stress-corpus.sh.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
profile="${PROFILE:-dev}"
export CARGO_INCREMENTAL=0 # a clean build of the crate, not a reuse of its query cache

services="$(sed -n 's/^full = \[\(.*\)\]$/\1/p' generated/Cargo.toml | tr -d '",')"
actions_of() { # module -> number of actions
  grep -c 'const META: &' "generated/src/$1.rs" || true
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# One timed build of tcapi-sdk with the given features; prints seconds and peak KiB.
build_once() {
  local t
  t="$(mktemp)"
  touch generated/src/lib.rs
  /usr/bin/time -o "$t" -f "%e %M" cargo build --quiet --profile "$profile" -p tcapi-sdk --features "$1"
  cat "$t"
  rm -f "$t"
}

bench() { # <label> <features> <actions>
  local label="$1" features="$2" actions="$3" secs=() kib=0 s k i med
  cargo build --quiet --profile "$profile" -p tcapi-sdk --features "$features" # dependencies
  for ((i = 0; i < runs; i++)); do
    read -r s k < <(build_once "$features")
    secs+=("$s")
    [ "$k" -gt "$kib" ] && kib="$k"
  done
  med="$(printf '%s\n' "${secs[@]}" | median)"
  printf '%-6s %4d actions: median %6.2f s of %d builds (%s), %4d MiB peak, %5.1f ms per action\n' \
    "$label" "$actions" "$med" "$runs" "$(IFS=/; echo "${secs[*]}")" $((kib / 1024)) \
    "$(awk -v s="$med" -v n="$actions" 'BEGIN { print s * 1000 / n }')"
}

echo "== clean build of tcapi-sdk ($profile profile, CARGO_INCREMENTAL=0, median of $runs)"
total=0
for s in $services; do total=$((total + $(actions_of "$s"))); done
bench full full "$total"
for s in $services; do
  bench "$s" "$s" "$(actions_of "$s")"
done
