#!/usr/bin/env bash
# Packs every crate of a release into OUT/dist/*.crate, ready for `cargo publish` in
# dependency order (tcapi-codegen, tcapi-macros, tcapi, tcapi-mock, then every service):
#
#   scripts/package-crates.sh OUT
#
# 1. the project's crates (tcapi, tcapi-codegen, tcapi-macros, tcapi-mock), packed from the
#    repository;
# 2. `tcapi-codegen release` writes every service's crate, with its code, into OUT/crates;
# 3. OUT/registry stands in for the registry: a directory source holding the third-party
#    crates of Cargo.lock (cargo vendor) and every packed crate, so the service crates and
#    the user crate below resolve `tcapi` from its .crate file, not from a path;
# 4. every service crate is packed (`cargo package --workspace --no-verify`, offline);
# 5. checks: no .crate over 10 MiB (the registry's limit), no source that includes a file
#    outside its package; then the prints: count, total and largest size.
#
# Env: VERIFY="car cvm"   service crates packed *with* verification (cargo builds the packed
#                         crate on its own); the largest service crate is always added
#      VERIFY_OWN=1        verify the project's own crates too (default 1)
#      USER_TEST=1         build tests/registry-user (tcapi, tcapi-car, tcapi-cvm and
#                          tcapi-mock by version, from OUT/registry) and run it against a
#                          tcapi-mock server (default 1)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scratch-workspace.sh
source "$root/scripts/scratch-workspace.sh"
[ $# = 1 ] || { echo "usage: $0 OUT" >&2; exit 2; }
out="$(mkdir -p "$1" && cd "$1" && pwd)"
dist="$out/dist"
registry="$out/registry"
limit=$((10 * 1024 * 1024))
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
rm -rf "$dist" "$registry"
mkdir -p "$dist"

t=$(now)
(cd "$root" && cargo build --quiet --release -p tcapi-codegen --bin tcapi-codegen)
echo "== the project's crates"
forget_packed_crates
own=(tcapi-codegen tcapi-macros tcapi tcapi-mock)
own_args=()
for c in "${own[@]}"; do own_args+=(-p "$c"); done
verify_own=()
[ "${VERIFY_OWN:-1}" = 1 ] || verify_own=(--no-verify)
# --allow-dirty: CI packs the checkout it tests; a release is cut from a clean tree anyway.
# A target directory of its own: cargo takes a registry crate of the same name and version
# as built already, so verifying against an earlier packing's build would test stale code.
own_target="$out/target-own"
rm -rf "$own_target"
(cd "$root" && cargo package --quiet --allow-dirty --target-dir "$own_target" "${verify_own[@]}" "${own_args[@]}")
for c in "${own[@]}"; do cp "$own_target/package/$c-"*.crate "$dist/"; done
echo "packed ${#own[@]} crates$([ "${VERIFY_OWN:-1}" = 1 ] && echo ", each verified") in $(took "$t")"

echo "== every service crate (tcapi-codegen release)"
t=$(now)
"$root/target/release/tcapi-codegen" release --out "$out/crates" --specs "$root/specs" --root "$root" | tail -n 1
echo "written in $(took "$t")"

# The stand-in registry: third-party crates as Cargo.lock has them, and the packed crates.
t=$(now)
(cd "$root" && cargo vendor --quiet --locked "$registry" >/dev/null)
registry_add "$registry" "$dist"/*.crate
registry_use "$out/crates" "$registry"
echo "stand-in registry: $(ls "$registry" | wc -l) crates in $(took "$t")"

echo "== packing the service crates"
t=$(now)
export CARGO_TARGET_DIR="$out/target"
(cd "$out/crates" && cargo package --quiet --workspace --no-verify)
cp "$CARGO_TARGET_DIR"/package/tcapi-*.crate "$dist/"
services=$(ls -d "$out"/crates/*/ | wc -l)
echo "packed $services service crates in $(took "$t")"

largest_service="$(du -s "$out"/crates/*/src | sort -n | tail -n 1 | awk '{print $2}' | xargs dirname | xargs basename)"
verify=(${VERIFY:-car cvm} "$largest_service")
echo "== verifying tcapi-${verify[0]}$(printf ', tcapi-%s' "${verify[@]:1}") (cargo builds each packed crate on its own)"
t=$(now)
verify_args=()
for s in "${verify[@]}"; do verify_args+=(-p "tcapi-$s"); done
(cd "$out/crates" && cargo package --quiet "${verify_args[@]}")
echo "verified in $(took "$t")"

echo "== checks"
status=0
while read -r size file; do
  if [ "$size" -gt "$limit" ]; then
    echo "FAILED: $(basename "$file") is $size bytes, over the registry's 10 MiB" >&2
    status=1
  fi
done < <(stat -c '%s %n' "$dist"/*.crate)
# A packed crate holds every file it builds from: no include path may leave the package.
outside=$(for f in "$dist"/*.crate; do
  tar -xzOf "$f" --wildcards '*.rs' 2>/dev/null | grep -E '(include(_str|_bytes)?!|#\[path) *\(? *= *"?\.\./\.\./|include(_str|_bytes)?!\("/' || true
done)
if [ -n "$outside" ]; then
  echo "FAILED: a packed source includes a file outside its package:" >&2
  echo "$outside" | head -n 5 >&2
  status=1
fi
count=$(ls "$dist"/*.crate | wc -l)
total=$(du -cb "$dist"/*.crate | tail -n 1 | cut -f1)
read -r big_size big_file < <(stat -c '%s %n' "$dist"/*.crate | sort -n | tail -n 1)
printf 'crates: %d in %s (%d MiB in all); largest %s, %.2f MiB (limit 10 MiB)\n' \
  "$count" "$dist" $((total / 1024 / 1024)) "$(basename "$big_file")" "$(awk -v b="$big_size" 'BEGIN { print b / 1048576 }')"
[ "$status" = 0 ] || exit 1

if [ "${USER_TEST:-1}" = 1 ]; then
  echo "== a registry user's crate: tcapi, tcapi-car, tcapi-cvm and tcapi-mock by version, from the .crate files"
  t=$(now)
  registry_add "$registry" "$dist"/tcapi-car-*.crate "$dist"/tcapi-cvm-*.crate
  user="$out/user"
  rm -rf "$user"
  cp -r "$root/tests/registry-user" "$user"
  registry_use "$user" "$registry"
  (cd "$user" && cargo build --quiet && TCAPI_SPECS="$root/specs" cargo run --quiet)
  echo "built and run in $(took "$t")"
fi
