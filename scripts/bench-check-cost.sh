#!/usr/bin/env bash
# The `cargo check` cost of generated code: the given services' crates as a release writes
# them, in a scratch workspace, checked with the dev profile and CARGO_INCREMENTAL=0, RUNS times after a
# first build of the dependencies; prints the rustc CPU seconds (user + system) of each run,
# the median and the milliseconds per action. With ICOUNT=1 it also counts the instructions
# of one check under valgrind's cachegrind (about 25 times slower): unlike CPU time, the
# count does not move with the load of a shared machine, so A/B comparisons can use it.
#
#   scripts/bench-check-cost.sh vpc [cvm ...]
#
# Env: RUNS (default 3), ICOUNT (default 0), SCRATCH (default: a new temporary directory).
# The build script's generation is part of a user's build but not of this figure.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scratch-workspace.sh
source "$root/scripts/scratch-workspace.sh"
[ $# -gt 0 ] || { echo "usage: $0 SERVICE..." >&2; exit 2; }
runs="${RUNS:-3}"
scratch="${SCRATCH:-$(mktemp -d -t tcapi-check-cost.XXXXXX)}"
mkdir -p "$scratch"
ws="$scratch/ws"
build_dir="${CARGO_TARGET_DIR:-$root/target}" # where tcapi-codegen is built
(cd "$root" && CARGO_TARGET_DIR="$build_dir" cargo build --quiet --release -p tcapi-codegen --bin tcapi-codegen)
bin_dir="$build_dir/release"
export CARGO_TARGET_DIR="$scratch/target" CARGO_INCREMENTAL=0
inputs=("$root/specs/common.yaml")
for s in "$@"; do inputs+=("$root/specs/$s"); done
rm -rf "$ws"
release_crates "$ws" "$root" "${inputs[@]}"
scratch_workspace "$ws" "$root"
features="$(IFS=,; echo "$*")"
packages=()
for s in "$@"; do packages+=(-p "tcapi-$s"); done
actions="$(cat "$ws"/crates/*/src/*.rs | grep -c 'const META: &' || true)"
touch_all() { local s; for s in "$@"; do touch "$ws/crates/$s/src/lib.rs"; done; }
cd "$ws"
cargo check --quiet "${packages[@]}" # dependencies, and a first check

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
cpu=()
for ((i = 0; i < runs; i++)); do
  touch_all "$@"
  /usr/bin/time -o "$scratch/time" -f "%U %S" cargo check --quiet "${packages[@]}"
  cpu+=("$(awk '{ print $1 + $2 }' "$scratch/time")")
done
med="$(printf '%s\n' "${cpu[@]}" | median)"
printf '%s: %d actions, rustc CPU median %s s of %d runs (%s), %.1f ms per action; load %s\n' \
  "$features" "$actions" "$med" "$runs" "$(IFS=/; echo "${cpu[*]}")" \
  "$(awk -v s="$med" -v n="$actions" 'BEGIN { print s * 1000 / n }')" "$(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${ICOUNT:-0}" = 1 ]; then
  command -v valgrind >/dev/null || { echo "ICOUNT=1 needs valgrind" >&2; exit 1; }
  wrapper="$scratch/cachegrind-rustc.sh"
  printf '#!/bin/sh\nrustc="$1"; shift\nexec valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null --log-file="%s" "$rustc" "$@"\n' \
    "$scratch/cachegrind.log" >"$wrapper"
  chmod +x "$wrapper"
  touch_all "$@"
  RUSTC_WORKSPACE_WRAPPER="$wrapper" cargo check --quiet "${packages[@]}"
  awk -v n="$actions" '/I *refs/ { gsub(",", "", $4); printf "instructions: %.2f G, %.1f M per action\n", $4 / 1e9, $4 / 1e6 / n }' \
    "$scratch/cachegrind.log"
fi
echo "kept: $scratch"
