#!/usr/bin/env bash
# The whole official API as a stress test: imports every definition file of the chosen set
# (SET=intl, mainland or merged, the default; scripts/import-all.sh),
# writes every service's crate as the registry serves it (`tcapi-codegen release`) into a
# scratch workspace built against the repository's runtime, checks them with `-D warnings`
# (zero errors, zero warnings), optionally runs clippy, runs the documented-examples
# conformance suite over every example, and prints the figures.
#
#   scripts/stress-corpus.sh [scratch-dir]
#
# The crates are built in batches of at most BATCH_LINES generated lines (one cargo run each,
# timed, their artifacts dropped afterwards so the disk holds out). A crate holds every
# version of its service.
#
# Env: BATCH_LINES (default 300000)   lines of generated Rust per batch
#      SKIP_IMPORT=1                  reuse <scratch>/specs from an earlier run
#      CHECK=0                        skip `cargo check`: the examples' build compiles every batch
#                                     with RUSTFLAGS=-D warnings as well, so CHECK=0 with the
#                                     examples still denies every warning, in one build per batch
#      CLIPPY=1                       also `cargo clippy -- -D warnings` per batch
#      EXAMPLES=0                     skip the conformance suite (`cargo test --test examples_<n>`)
#      PROFILE=release                build the conformance tests with this cargo profile (default: dev)
#      DOCTESTS=0                     skip the crates' rustdoc examples (`cargo test --doc`, after
#                                     each batch's conformance suite, reusing its build): the
#                                     example call on every request type and action page
#      ONLY="svc1 svc2"               only these services (directory names under specs/)
#      COMMITTED=1                    the repository's specs/ instead of a fresh import (implies
#                                     SKIP_IMPORT)
#      SET, TCCLI_INTL_VERSION, TCCLI_VERSION, SDK_VERSION   passed to scripts/import-all.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scratch-workspace.sh
source "$root/scripts/scratch-workspace.sh"
scratch="${1:-$(mktemp -d -t tcapi-stress.XXXXXX)}"
scratch="$(mkdir -p "$scratch" && cd "$scratch" && pwd)"
batch_lines="${BATCH_LINES:-300000}"
specs="$scratch/specs"
if [ "${COMMITTED:-0}" = 1 ]; then
  specs="$root/specs"
  SKIP_IMPORT=1
fi
ws="$scratch/ws"
build_dir="${CARGO_TARGET_DIR:-$root/target}" # where tcapi-codegen is built
timefmt="%e %M %U %S" # wall s, peak KiB, user and system CPU s

if [ "${SKIP_IMPORT:-0}" != 1 ]; then
  "$root/scripts/import-all.sh" "$scratch"
fi
[ -f "$specs/common.yaml" ] || { echo "error: no imported specs in $specs" >&2; exit 1; }

(cd "$root" && CARGO_TARGET_DIR="$build_dir" cargo build --quiet --release -p tcapi-codegen --bin tcapi-codegen --example conformance)
bin_dir="$build_dir/release"

# Spec inputs: common.yaml and every service directory (named one by one, so a committed.txt
# in the specs root does not apply: every crate of the release carries its code), or the ONLY ones.
inputs=("$specs/common.yaml")
if [ -n "${ONLY:-}" ]; then
  for s in $ONLY; do inputs+=("$specs/$s"); done
else
  for d in "$specs"/*/; do inputs+=("${d%/}"); done
fi

cpu() { awk -v u="$1" -v s="$2" 'BEGIN { printf "%.1f", u + s }'; } # user + system CPU seconds

echo "== release (every service crate, as the registry serves it)"
rm -rf "$ws"
mkdir -p "$ws"
release_args=()
for i in "${inputs[@]}"; do release_args+=(--specs "$i"); done
/usr/bin/time -o "$scratch/gen.time" -f "$timefmt" \
  "$bin_dir/tcapi-codegen" release --out "$ws/crates" --root "$root" "${release_args[@]}" | tail -n 1
read -r gen_s gen_kib gen_u gen_sys < <(tail -n 1 "$scratch/gen.time")
scratch_workspace "$ws" "$root"

# Figures of the generated code, per crate (a crate is a service, every version of it).
declare -A crate_lines crate_actions
for d in "$ws"/crates/*/; do
  c="$(basename "$d")"
  crate_lines[$c]="$(cat "$d"/src/*.rs | wc -l)"
  crate_actions[$c]="$(cat "$d"/src/*.rs | grep -c 'const META: &' || true)"
done
services="$(grep -l '^pub static SERVICE: ' "$ws"/crates/*/src/*.rs | wc -l)" # one module per service version
actions=0
for c in "${!crate_actions[@]}"; do actions=$((actions + crate_actions[$c])); done
objects="$(cat "$ws"/crates/*/src/*.rs | grep -c '^    /// Wire type `' || true)"
rs_files="$(find "$ws/crates" -name '*.rs' | wc -l)"
rs_lines="$(cat "$ws"/crates/*/src/*.rs | wc -l)"
echo "generated: ${#crate_lines[@]} crates, $services service versions, $actions actions, $objects data types, $rs_lines lines of Rust in $rs_files files"
echo "generation: ${gen_s} s wall, $(cpu "$gen_u" "$gen_sys") s CPU, ${gen_kib} KiB peak memory"

# Batches of crates (largest first, first fit).
mapfile -t dirs < <(for c in "${!crate_lines[@]}"; do echo "${crate_lines[$c]} $c"; done | sort -rn | awk '{print $2}')
batches=()
batch_sizes=()
for d in "${dirs[@]}"; do
  placed=0
  for i in "${!batches[@]}"; do
    if [ $((batch_sizes[i] + crate_lines[$d])) -le "$batch_lines" ]; then
      batches[i]="${batches[i]} $d"
      batch_sizes[i]=$((batch_sizes[i] + crate_lines[$d]))
      placed=1
      break
    fi
  done
  if [ $placed = 0 ]; then
    batches+=("$d")
    batch_sizes+=("${crate_lines[$d]}")
  fi
done
packages_of() { # crates -> cargo -p arguments
  local out=() d
  for d in $1; do out+=(-p "tcapi-$d"); done
  echo "${out[*]}"
}
actions_of() {
  local n=0 d
  for d in $1; do n=$((n + crate_actions[$d])); done
  echo $n
}
echo "== ${#batches[@]} batches of at most $batch_lines lines"

export RUSTFLAGS="-D warnings"
export CARGO_TARGET_DIR="$scratch/target"
cd "$ws"
# Dependencies first, so batch timings are the generated crates' alone.
cargo check --quiet -p tcapi 2>&1

# Every crate is built once, in its batch: drop its artifacts afterwards (about 150 MB per
# batch) so that every batch fits on a CI runner's disk.
drop_batch_artifacts() {
  local d
  for d in $1; do
    rm -rf "$CARGO_TARGET_DIR"/*/deps/libtcapi_"$d"-* "$CARGO_TARGET_DIR"/*/.fingerprint/tcapi-"$d"-*
  done
  rm -rf "$CARGO_TARGET_DIR"/*/deps/examples_[0-9]* "$CARGO_TARGET_DIR"/*/deps/libconformance_*
}

run_batches() { # <label> <command...>: runs per batch, prints time, memory and cost per action
  local label="$1" total_s=0 total_cpu=0 peak=0 i n log s kib u sy c
  shift
  for i in "${!batches[@]}"; do
    n="$(actions_of "${batches[i]}")"
    log="$scratch/$label-$i.log"
    # shellcheck disable=SC2046 # one -p per crate
    if ! /usr/bin/time -o "$scratch/$label.time" -f "$timefmt" "$@" $(packages_of "${batches[i]}") >"$log" 2>&1; then
      echo "FAILED: $label of batch $i (${batches[i]}); log: $log" >&2
      grep -E '^(error|warning)' "$log" | sort | uniq -c | sort -rn | head -n 20 >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    read -r s kib u sy < <(tail -n 1 "$scratch/$label.time") # after "Command exited with ..." when it failed
    c="$(cpu "$u" "$sy")"
    printf '%s batch %d: %s actions, %s lines, %s s (%s s CPU), %s MiB peak, %s ms (%s ms CPU) per action [%s]\n' \
      "$label" "$i" "$n" "${batch_sizes[i]}" "$s" "$c" $((kib / 1024)) \
      "$(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.1f", n ? s * 1000 / n : 0 }')" \
      "$(awk -v s="$c" -v n="$n" 'BEGIN { printf "%.1f", n ? s * 1000 / n : 0 }')" "${batches[i]# }"
    total_s="$(awk -v a="$total_s" -v b="$s" 'BEGIN { print a + b }')"
    total_cpu="$(awk -v a="$total_cpu" -v b="$c" 'BEGIN { print a + b }')"
    [ "$kib" -gt "$peak" ] && peak="$kib"
    drop_batch_artifacts "${batches[i]}"
  done
  # CPU per action is the figure to compare on a shared machine: wall time grows with load.
  printf '%s total: %s s (%s s CPU) for %d actions (%s ms, %s ms CPU per action), %s MiB peak memory, 0 errors, 0 warnings\n' \
    "$label" "$total_s" "$total_cpu" "$actions" "$(awk -v s="$total_s" -v n="$actions" 'BEGIN { printf "%.1f", s * 1000 / n }')" \
    "$(awk -v s="$total_cpu" -v n="$actions" 'BEGIN { printf "%.1f", s * 1000 / n }')" $((peak / 1024))
}

if [ "${CHECK:-1}" = 1 ]; then
  echo "== cargo check (RUSTFLAGS=-D warnings)"
  run_batches check cargo check
fi
if [ "${CLIPPY:-0}" = 1 ]; then
  echo "== cargo clippy -- -D warnings"
  run_batches clippy cargo clippy
fi

if [ "${EXAMPLES:-1}" = 1 ]; then
  echo "== documented examples (conformance suite, profile ${PROFILE:-dev})"
  # The known documentation errors of this set: the entries for every set, and those under a
  # `#[<sets>]` heading that names it (a heading is a comment to the conformance test itself).
  set_name="${SET:-merged}"
  awk -v set="$set_name" '
    /^#\[[a-z,]+\]/ { sets = substr($0, 3, index($0, "]") - 3); section = ("," sets ",") ~ ("," set ","); scoped = 1; next }
    !scoped || section { print }
  ' "$root/specs/known-doc-errors.txt" > "$scratch/known-doc-errors.txt"
  export TCAPI_KNOWN_DOC_ERRORS="$scratch/known-doc-errors.txt"
  summary=()
  examples_failed=0
  ex_s=0
  ex_cpu=0
  # One test crate per batch, depending on the batch's service crates alone.
  for i in "${!batches[@]}"; do
    files=("$specs/common.yaml")
    t="$ws/crates/conformance_$i"
    mkdir -p "$t/src" "$t/tests"
    {
      printf '[package]\nname = "conformance_%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\ntcapi = "0.1"\nserde_json = "1"\n' "$i"
      for d in ${batches[i]}; do
        files+=("$specs/$d")
        printf 'tcapi-%s = { path = "../../crates/%s" }\n' "$d" "$d"
      done
    } >"$t/Cargo.toml"
    : >"$t/src/lib.rs"
    "$bin_dir/examples/conformance" "$t/tests/examples_$i.rs" "${files[@]}"
  done
  for i in "${!batches[@]}"; do
    log="$scratch/examples-$i.log"
    if ! /usr/bin/time -o "$scratch/examples.time" -f "$timefmt" cargo test --profile "${PROFILE:-dev}" \
      -p "conformance_$i" --test "examples_$i" -- --nocapture >"$log" 2>&1; then
      echo "FAILED: examples of batch $i; log: $log" >&2
      grep -E '^(error|warning)|^  [a-z0-9_]+ [A-Za-z0-9]+ [0-9]+ (request|response):' "$log" >&2 || true
      examples_failed=1
      grep -q '^documented examples:' "$log" || { drop_batch_artifacts "${batches[i]}"; continue; }
    fi
    read -r s kib u sy < <(tail -n 1 "$scratch/examples.time")
    c="$(cpu "$u" "$sy")"
    ex_s="$(awk -v a="$ex_s" -v b="$s" 'BEGIN { print a + b }')"
    ex_cpu="$(awk -v a="$ex_cpu" -v b="$c" 'BEGIN { print a + b }')"
    line="$(grep '^documented examples:' "$log")"
    echo "examples batch $i: $s s ($c s CPU), $((kib / 1024)) MiB peak; ${line#documented examples: }"
    if [ "${DOCTESTS:-1}" = 1 ]; then
      dlog="$scratch/doctests-$i.log"
      # shellcheck disable=SC2046 # one -p per crate
      if ! /usr/bin/time -o "$scratch/doctests.time" -f "$timefmt" cargo test --profile "${PROFILE:-dev}" \
        --doc $(packages_of "${batches[i]}") >"$dlog" 2>&1; then
        echo "FAILED: rustdoc examples of batch $i; log: $dlog" >&2
        grep -E '^(error|warning)|FAILED|panicked' "$dlog" | head -n 40 >&2
        tail -n 40 "$dlog" >&2
        exit 1
      fi
      read -r s kib u sy < <(tail -n 1 "$scratch/doctests.time")
      c="$(cpu "$u" "$sy")"
      n="$(awk '/^test result:/ { n += $4 } END { print n + 0 }' "$dlog")"
      doc_total=$((${doc_total:-0} + n))
      doc_cpu="$(awk -v a="${doc_cpu:-0}" -v b="$c" 'BEGIN { print a + b }')"
      echo "rustdoc examples batch $i: $n passed, $s s ($c s CPU)"
    fi
    drop_batch_artifacts "${batches[i]}"
    summary+=("$line")
  done
  printf '%s\n' "${summary[@]}" | awk '
    { ex += $3; ok += $5; bad += $7; listed += $12 }
    END { printf "examples total: %d examples, %d passed, %d failed (%d listed as documentation errors): %.2f%% pass\n", ex, ok, bad, listed, ex ? ok * 100 / ex : 0 }'
  echo "examples build and run: $ex_s s ($ex_cpu s CPU) over ${#batches[@]} batches (each also compiles its service crates with RUSTFLAGS=-D warnings)"
  if [ "$examples_failed" = 1 ]; then
    echo "FAILED: documented examples (see above): list documentation errors in specs/known-doc-errors.txt, fix the rest" >&2
    exit 1
  fi
  echo "examples: every failure is a listed documentation error"
  if [ "${DOCTESTS:-1}" = 1 ]; then
    echo "rustdoc examples: ${doc_total:-0} passed, ${doc_cpu:-0} s CPU, 0 failed"
  fi
fi

echo "kept: $scratch"
