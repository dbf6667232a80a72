#!/usr/bin/env bash
# What a user pays to build tcapi with the services they call, before and after the crate per
# service, in one run on this machine: each configuration is a scratch user crate built cold
# (`cargo build`, dev profile, fresh target directory, dependencies included), then the
# incremental cost of adding one more service to the ten-service build.
#
#   scripts/bench-sdk-build.sh PKG_OUT [OLD_REV]
#
# PKG_OUT: the output of scripts/package-crates.sh; the "crates" builds depend on `tcapi` and
#          `tcapi-<service>` by version, resolved from its stand-in registry of .crate files,
#          exactly as a registry user's build.
# OLD_REV: a revision with the single `tcapi-sdk` crate (default 9208965); the "tcapi-sdk"
#          builds depend on `tcapi` and `tcapi-sdk` (one feature per service) by path in a
#          worktree of it, as users built it then.
#
# Figures are wall-clock seconds, CPU seconds (user + system, steadier than wall time on a
# shared machine) and the number of crates compiled.
#
# Env: ONE="cvm"                the single-service builds (default)
#      TEN="cvm vpc clb cam sts tke scf hunyuan lkeap cbs"   (empty: the single-service builds only)
#      MORE=cdb                 the service added to the ten for the incremental figure
#      KINDS="sdk crates"       which of the two to build
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scratch-workspace.sh
source "$root/scripts/scratch-workspace.sh"
[ $# -ge 1 ] || { echo "usage: $0 PKG_OUT [OLD_REV]" >&2; exit 2; }
pkg="$(cd "$1" && pwd)"
old_rev="${2:-9208965}"
one="${ONE:-cvm}"
ten="${TEN-cvm vpc clb cam sts tke scf hunyuan lkeap cbs}"
more="${MORE:-cdb}"
work="$(mktemp -d -t tcapi-bench-sdk.XXXXXX)"
old="$work/old"
git -C "$root" worktree add --quiet --detach "$old" "$old_rev"
trap 'git -C "$root" worktree remove --force "$old"; rm -rf "$work"' EXIT

# Every packed service crate in the stand-in registry (package-crates.sh unpacks only the
# ones its own checks use).
forget_packed_crates
registry_add "$pkg/registry" "$pkg"/dist/tcapi-*.crate

module_of() { # service -> its module in tcapi-sdk's lib.rs at OLD_REV
  awk -v f="#[cfg(feature = \"$1\")]" '$0 == f { getline; while ($0 ~ /^\/\/\//) getline; sub(/^pub mod /, ""); sub(/[ ;{].*$/, ""); print; exit }' \
    "$old/generated/src/lib.rs"
}

path_of() { # service -> the path of its (first) version in its crate: tcapi_cvm, tcapi_clb::clb_2018_03_17
  local lib m
  lib="$(ls -d "$pkg"/registry/tcapi-"$1"-*/src/lib.rs | head -n 1)"
  if grep -q '^pub use self::' "$lib"; then
    echo "tcapi_$1"
  else
    m="$(grep -m 1 '^pub mod ' "$lib" | sed -E 's/^pub mod ([^;]+);/\1/')"
    echo "tcapi_$1::$m"
  fi
}

crate_for() { # kind (sdk|crates), name, services... -> the crate's directory
  local kind="$1" dir="$work/$1-$2" s deps="" feats="" uses=""
  shift 2
  mkdir -p "$dir/src"
  for s in "$@"; do
    if [ "$kind" = sdk ]; then
      feats="$feats\"$s\", "
      uses="$uses    println!(\"{}\", tcapi_sdk::$(module_of "$s")::SERVICE.name);\n"
    else
      deps="${deps}tcapi-$s = \"0.1\"\n"
      uses="$uses    println!(\"{}\", $(path_of "$s")::SERVICE.name);\n"
    fi
  done
  if [ "$kind" = sdk ]; then
    deps="tcapi = { path = \"$old/runtime\" }\ntcapi-sdk = { path = \"$old/generated\", features = [${feats%, }] }\n"
    cp "$old/Cargo.lock" "$dir/Cargo.lock"
  else
    deps="tcapi = \"0.1\"\n$deps"
    registry_use "$dir" "$pkg/registry"
  fi
  printf '[package]\nname = "user"\nversion = "0.1.0"\nedition = "2024"\n\n[dependencies]\n%b\n[workspace]\n' "$deps" >"$dir/Cargo.toml"
  printf 'fn main() {\n%b}\n' "$uses" >"$dir/src/main.rs"
  echo "$dir"
}

build() { # label, dir: one build, printed
  local label="$1" dir="$2" t u sy n
  # From the crate's directory: cargo reads its .cargo/config.toml (the stand-in registry).
  if ! (cd "$dir" && /usr/bin/time -o "$work/time" -f '%e %U %S' cargo build --target-dir "$dir/target" \
    >/dev/null 2>"$work/err"); then
    echo "FAILED: $label" >&2
    cat "$work/err" >&2
    exit 1
  fi
  read -r t u sy < <(tail -n 1 "$work/time")
  n="$(grep -c '^ *Compiling ' "$work/err" || true)"
  printf '%-40s %7.1f s wall %7.1f s CPU %4d crates compiled   (load %s)\n' "$label" "$t" \
    "$(awk -v u="$u" -v s="$sy" 'BEGIN { print u + s }')" "$n" "$(cut -d' ' -f1 /proc/loadavg)"
}

for kind in ${KINDS:-sdk crates}; do
  for s in $one; do
    build "cold, $kind, $s" "$(crate_for "$kind" "$s" "$s")"
  done
  [ -n "$ten" ] || continue
  # shellcheck disable=SC2086
  dir="$(crate_for "$kind" ten $ten)"
  build "cold, $kind, $(echo $ten | wc -w) services" "$dir"
  if [ "$kind" = sdk ]; then
    sed -i "s/features = \[/features = [\"$more\", /" "$dir/Cargo.toml"
    use="tcapi_sdk::$(module_of "$more")"
  else
    sed -i "s/^\[workspace\]$/tcapi-$more = \"0.1\"\n\n[workspace]/" "$dir/Cargo.toml"
    use="$(path_of "$more")"
  fi
  sed -i '$d' "$dir/src/main.rs"
  printf '    println!("{}", %s::SERVICE.name);\n}\n' "$use" >>"$dir/src/main.rs"
  build "then, $kind, those + $more" "$dir"
done
