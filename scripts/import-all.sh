#!/usr/bin/env bash
# Imports every official API definition (PyPI tccli-intl-en: 160 files, 144 services) into a
# scratch specs directory, with every action's own error codes from the committed Go SDK table
# (specs/error-codes) and the service error codes of tencentcloud-sdk-python, checks the result,
# and prints the figures.
#
#   scripts/import-all.sh [scratch-dir]
#
# Env: TCCLI_VERSION, SDK_VERSION (PyPI versions; default: the ones last verified),
#      KEEP=1 keeps the scratch directory.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${1:-$(mktemp -d -t tcapi-import-all.XXXXXX)}"
tccli_version="${TCCLI_VERSION:-3.1.193.1}"
sdk_version="${SDK_VERSION:-3.1.195}"
mkdir -p "$scratch/wheels" "$scratch/pkg"

echo "== fetching tccli-intl-en $tccli_version and tencentcloud-sdk-python $sdk_version from PyPI"
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$scratch/wheels" \
  "tccli-intl-en==$tccli_version" "tencentcloud-sdk-python==$sdk_version"
# A wheel is a zip archive: unpack it instead of installing it.
python3 - "$scratch/wheels" "$scratch/pkg" <<'PY'
import sys, zipfile, pathlib
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for wheel in sorted(src.glob("*.whl")):
    zipfile.ZipFile(wheel).extractall(dst)
PY

services="$scratch/pkg/tccli/services"
specs="$scratch/specs"
rm -rf "$specs"
mkdir -p "$specs"
cp "$root/specs/common.yaml" "$specs/"
echo "== definition files: $(find "$services" -name api.json | wc -l)"

cd "$root"
cargo build --quiet --release -p tcapi-codegen
bin="${CARGO_TARGET_DIR:-$root/target}/release/tcapi-codegen"

echo "== import"
/usr/bin/env time -f "import: %e s wall, %M KiB peak memory" \
  "$bin" import "$services" --out "$specs" --error-codes "$scratch/pkg" --error-table "$root/specs/error-codes"
echo "== re-import (must write nothing)"
"$bin" import "$services" --out "$specs" --error-codes "$scratch/pkg" --error-table "$root/specs/error-codes" | tail -n 2
echo "== actions with their own error list"
"$bin" error-coverage --table "$root/specs/error-codes" "$services"
echo "== check"
/usr/bin/env time -f "check: %e s wall, %M KiB peak memory" "$bin" check "$specs"
echo "== output: $(find "$specs" -name '*.imported.yaml' | wc -l) files, $(cat "$specs"/*/*.imported.yaml | wc -l) lines, $(du -sh "$specs" | cut -f1)"

if [ "${KEEP:-0}" = 1 ] || [ $# -ge 1 ]; then
  echo "kept: $scratch"
else
  rm -rf "$scratch"
fi
