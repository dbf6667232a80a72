#!/usr/bin/env bash
# Imports every official API definition into a scratch specs directory, with the service error
# codes of tencentcloud-sdk-python and every action's own error codes from the committed Go SDK
# table (specs/error-codes), checks the result, and prints the figures. Two sets exist:
#   intl      PyPI tccli-intl-en (English, international site): 160 files, 144 services
#   mainland  PyPI tccli (Chinese, mainland site): 300 files, 262 services
#   merged    both, one spec per service version (the default): 275 services
#
#   scripts/import-all.sh [scratch-dir]
#
# Env: SET (intl, mainland or merged; default merged),
#      TCCLI_INTL_VERSION, TCCLI_VERSION, SDK_VERSION (PyPI versions; default: the ones last verified),
#      KEEP=1 keeps the scratch directory.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${1:-$(mktemp -d -t tcapi-import-all.XXXXXX)}"
set_name="${SET:-merged}"
case "$set_name" in
  intl | mainland | merged) ;;
  *) echo "error: SET must be intl, mainland or merged, not '$set_name'" >&2; exit 2 ;;
esac
# shellcheck source=tencent-definitions.sh
. "$root/scripts/tencent-definitions.sh"

fetch_definitions "$scratch" tencentcloud-sdk-python "$sdk_version" sdk
if [ "$set_name" != mainland ]; then fetch_definitions "$scratch" tccli-intl-en "$intl_version" intl; fi
if [ "$set_name" != intl ]; then fetch_definitions "$scratch" tccli "$mainland_version" mainland; fi
mapfile -t inputs < <(import_inputs "$scratch/pkg" "$set_name")

specs="$scratch/specs"
rm -rf "$specs"
mkdir -p "$specs"
cp "$root/specs/common.yaml" "$specs/"
for d in intl mainland; do
  [ -d "$scratch/pkg/$d" ] && [[ " ${inputs[*]} " == *"/pkg/$d/"* ]] &&
    echo "== $d definition files: $(find "$scratch/pkg/$d/tccli/services" -name api.json | wc -l)"
done

cd "$root"
cargo build --quiet --release -p tcapi-codegen
bin="${CARGO_TARGET_DIR:-$root/target}/release/tcapi-codegen"

echo "== import"
/usr/bin/env time -f "import: %e s wall, %M KiB peak memory" \
  "$bin" import "${inputs[@]}" --out "$specs" --error-codes "$scratch/pkg/sdk" --error-table "$root/specs/error-codes" | tee "$scratch/import.log" | grep -v '^left out: '
echo "left out (not representable): $(grep -c '^left out: ' "$scratch/import.log" || true) (listed in $scratch/import.log)"
echo "== re-import (must write nothing)"
"$bin" import "${inputs[@]}" --out "$specs" --error-codes "$scratch/pkg/sdk" --error-table "$root/specs/error-codes" | grep -v '^left out: ' | grep -E 'wrote|took' | sed -E 's/.*(wrote [0-9]+ files, [0-9]+ unchanged).*/\1/' 
echo "== actions with their own error list"
sets=()
for ((i = 1; i < ${#inputs[@]}; i += 2)); do sets+=("${inputs[i]}"); done
"$bin" error-coverage --table "$root/specs/error-codes" "${sets[@]}"
echo "== check"
/usr/bin/env time -f "check: %e s wall, %M KiB peak memory" "$bin" check "$specs"
echo "== output: $(find "$specs" -name '*.imported.yaml' | wc -l) files, $(cat "$specs"/*/*.imported.yaml | wc -l) lines, $(du -sh "$specs" | cut -f1)"

if [ "${KEEP:-0}" = 1 ] || [ $# -ge 1 ]; then
  echo "kept: $scratch"
else
  rm -rf "$scratch"
fi
