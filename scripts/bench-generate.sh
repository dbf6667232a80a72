#!/usr/bin/env bash
# Generation speed: `tcapi-codegen generate` (code and docs) over a corpus of specs, RUNS
# times writing every file into an empty root and RUNS times again when nothing changed;
# prints the median wall, user and system time, peak memory and each phase
# (`TCAPI_TIMINGS=1`: load, check, ir, rust, docs, write), plus the size of the output.
#
#   scripts/bench-generate.sh CORPUS_DIR [OUT_DIR]
#
# CORPUS_DIR holds `common.yaml` and one directory per service (an import:
# `scripts/import-all.sh DIR` writes DIR/specs). OUT_DIR (default: a temporary directory,
# removed afterwards) receives the generated project.
# Env: RUNS (default 3), BIN (default: target/release/tcapi-codegen, built first).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:?usage: scripts/bench-generate.sh CORPUS_DIR [OUT_DIR]}"
corpus="$(cd "$corpus" && pwd)"
runs="${RUNS:-3}"
if [ -z "${BIN:-}" ]; then
  (cd "$root" && cargo build --quiet --release -p tcapi-codegen)
  BIN="${CARGO_TARGET_DIR:-$root/target}/release/tcapi-codegen"
fi
out="${2:-}"
cleanup=0
if [ -z "$out" ]; then
  out="$(mktemp -d -t tcapi-bench-generate.XXXXXX)"
  cleanup=1
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
log="$(mktemp -d -t tcapi-bench-generate-log.XXXXXX)"
trap 'rm -rf "$log"; [ "$cleanup" = 1 ] && rm -rf "$out"' EXIT

inputs=(--specs "$corpus/common.yaml")
for d in "$corpus"/*/; do inputs+=(--specs "${d%/}"); done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# One run: <label> <index>; stderr (phases, time) into the log.
run() {
  TCAPI_TIMINGS=1 /usr/bin/time -f "time: %e %U %S %M" "$BIN" generate "${inputs[@]}" --root "$out/project" \
    >"$log/$1-$2.out" 2>"$log/$1-$2.err"
}

# Phase times in seconds from `timing: <phase>: <duration>` lines (ms, s or µs).
phase() { # <label> <phase>
  for f in "$log/$1"-*.err; do
    sed -n "s/^timing: $2: //p" "$f" | awk '
      /ms$/ { sub(/ms$/, ""); print $1 / 1000; next }
      /µs$/ { sub(/µs$/, ""); print $1 / 1e6; next }
      /s$/ { sub(/s$/, ""); print $1 }'
  done | median
}

report() { # <label> <title>
  local wall user sys kib p line=""
  wall="$(for f in "$log/$1"-*.err; do awk '/^time:/ { print $2 }' "$f"; done | median)"
  user="$(for f in "$log/$1"-*.err; do awk '/^time:/ { print $3 }' "$f"; done | median)"
  sys="$(for f in "$log/$1"-*.err; do awk '/^time:/ { print $4 }' "$f"; done | median)"
  kib="$(for f in "$log/$1"-*.err; do awk '/^time:/ { print $5 }' "$f"; done | sort -n | tail -n 1)"
  for p in load check ir rust docs write; do line="$line $p $(phase "$1" "$p")"; done
  printf '%-10s median of %d: %s s wall, %s s user, %s s sys, %d MiB peak; phases (s):%s\n' \
    "$2" "$runs" "$wall" "$user" "$sys" $((kib / 1024)) "$line"
}

for ((i = 0; i < runs; i++)); do
  rm -rf "$out/project"
  run first "$i"
done
for ((i = 0; i < runs; i++)); do run unchanged "$i"; done

tail -n 1 "$log/first-0.out"
gen="$out/project/generated"
# Each service's crate holds its code under generated/<service>/src/; docs/ holds the pages.
rust_files() { find "$gen" -path "$gen/docs" -prune -o -name '*.rs' -print; }
printf 'output: %s lines of Rust in %s files, %s docs files\n' \
  "$(rust_files | xargs cat | wc -l)" "$(rust_files | wc -l)" \
  "$(find "$out/project/generated/docs" -type f | wc -l)"
report first "first write"
report unchanged "unchanged"
echo "load average: $(cut -d ' ' -f 1-3 /proc/loadavg) on $(nproc) cores"
