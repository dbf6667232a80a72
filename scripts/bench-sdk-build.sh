#!/usr/bin/env bash
# What a user pays to build tcapi-sdk with the services they enable: a scratch user crate
# that depends on `tcapi` (default features) and `tcapi-sdk` by path, each configuration
# built cold (`cargo build`, dev profile, fresh CARGO_TARGET_DIR, dependencies included),
# then the incremental cost of enabling one more service in the ten-service build.
#
#   scripts/bench-sdk-build.sh [REPO]
#
# REPO: a checkout of this repository whose specs/ hold the services (default: this one;
# the ten-service figure needs the full corpus, e.g. a throwaway clone after
# scripts/update-specs.sh). Figures are wall-clock seconds and CPU seconds (user + system,
# steadier than wall time on a shared machine) on this machine.
#
# Env: ONE="gse cvm"          the single-service builds (default)
#      TEN="cvm vpc clb cam sts tke scf hunyuan lkeap cbs"
#      MORE=cdb               the service added to the ten for the incremental figure
#      RUNS=1                 cold builds per configuration (the median is printed)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "${1:-$root}" && pwd)"
one="${ONE:-gse cvm}"
ten="${TEN:-cvm vpc clb cam sts tke scf hunyuan lkeap cbs}"
more="${MORE:-cdb}"
runs="${RUNS:-1}"
work="$(mktemp -d -t tcapi-bench-sdk.XXXXXX)"
lib="$repo/generated/src/lib.rs"

have() { grep -q "^$1 = " "$repo/generated/Cargo.toml"; }
module_of() { # feature -> its first module, from lib.rs
  awk -v f="#[cfg(feature = \"$1\")]" '$0 == f { getline; while ($0 ~ /^\/\/\//) getline; sub(/^pub mod /, ""); sub(/[ ;{].*$/, ""); print; exit }' "$lib"
}

crate_for() { # name, services...
  local dir="$work/$1" s feats="" uses=""
  shift
  mkdir -p "$dir/src"
  for s in "$@"; do
    feats="$feats\"$s\", "
    uses="$uses    println!(\"{}\", tcapi_sdk::$(module_of "$s")::SERVICE.name);\n"
  done
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "user"
version = "0.1.0"
edition = "2024"

[dependencies]
tcapi = { path = "$repo/runtime" }
tcapi-sdk = { path = "$repo/generated", features = [${feats%, }] }

[workspace]
TOML
  printf 'fn main() {\n%b}\n' "$uses" >"$dir/src/main.rs"
  cp "$repo/Cargo.lock" "$dir/Cargo.lock"
  echo "$dir"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

cold() { # label, services...
  local label="$1" dir t c i times=() cpus=()
  shift
  for s in "$@"; do have "$s" || { echo "skip $label: no feature $s in $repo" >&2; return 0; }; done
  dir="$(crate_for "$label" "$@")"
  for i in $(seq "$runs"); do
    rm -rf "$dir/target"
    if ! /usr/bin/time -o "$work/$label.time" -f '%e %U %S' cargo build --quiet --manifest-path "$dir/Cargo.toml" \
      --target-dir "$dir/target" >/dev/null 2>"$work/$label.err"; then
      echo "FAILED: $label"; cat "$work/$label.err" >&2; return 1
    fi
    read -r t u sy < <(tail -n 1 "$work/$label.time")
    c="$(awk -v u="$u" -v s="$sy" 'BEGIN { print u + s }')"
    times+=("$t")
    cpus+=("$c")
  done
  echo "cold build, $label ($*): $(printf '%s\n' "${times[@]}" | median) s wall, $(printf '%s\n' "${cpus[@]}" | median) s CPU (runs: ${times[*]} s wall; ${cpus[*]} s CPU; load $(cut -d' ' -f1 /proc/loadavg))"
}

for s in $one; do cold "$s" "$s"; done
# shellcheck disable=SC2086
cold ten $ten
if have "$more" && [ -d "$work/ten/target" ]; then
  dir="$work/ten"
  sed -i "s/features = \[/features = [\"$more\", /" "$dir/Cargo.toml"
  printf '    println!("{}", tcapi_sdk::%s::SERVICE.name);\n}\n' "$(module_of "$more")" >"$dir/src/tail.rs"
  sed -i '$d' "$dir/src/main.rs" && cat "$dir/src/tail.rs" >>"$dir/src/main.rs" && rm "$dir/src/tail.rs"
  /usr/bin/time -o "$work/more.time" -f '%e %U %S' cargo build --quiet --manifest-path "$dir/Cargo.toml" \
    --target-dir "$dir/target" >/dev/null 2>"$work/more.err" || { echo "FAILED: ten + $more"; cat "$work/more.err" >&2; exit 1; }
  read -r t u sy < <(tail -n 1 "$work/more.time")
  echo "incremental: ten + $more: $t s wall, $(awk -v u="$u" -v s="$sy" 'BEGIN { print u + s }') s CPU"
fi
rm -rf "$work"
