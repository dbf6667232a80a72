#!/usr/bin/env bash
# Refreshes the committed specs of Tencent's services: imports the official definitions
# (PyPI tccli-intl-en, service error codes from tencentcloud-sdk-python) into
# specs/<service>/<version>.imported.yaml (hand-written <version>.yaml files are never
# touched and win), then runs `tcapi-codegen generate`, which rewrites tcapi-sdk's feature
# list, lib.rs and build.rs for every service and the committed code of the services named in
# specs/committed.txt. Review `git status`, run the checks, commit specs/ and generated/.
#
#   scripts/update-specs.sh              # every service
#   scripts/update-specs.sh cvm sts      # only these services
#
# Env: TCCLI_VERSION, SDK_VERSION   PyPI versions (default: the ones scripts/import-all.sh uses)
#      PACKAGES_DIR                 an unpacked tccli + tencentcloud-sdk-python instead of PyPI
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tccli_version="${TCCLI_VERSION:-3.1.193.1}"
sdk_version="${SDK_VERSION:-3.1.195}"
work="$(mktemp -d -t tcapi-update-specs.XXXXXX)"
trap 'rm -rf "$work"' EXIT

pkg="${PACKAGES_DIR:-}"
if [ -z "$pkg" ]; then
  pkg="$work/pkg"
  echo "== fetching tccli-intl-en $tccli_version and tencentcloud-sdk-python $sdk_version from PyPI"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$work/wheels" \
    "tccli-intl-en==$tccli_version" "tencentcloud-sdk-python==$sdk_version"
  # A wheel is a zip archive: unpack it instead of installing it.
  python3 - "$work/wheels" "$pkg" <<'PY'
import sys, zipfile, pathlib
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for wheel in sorted(src.glob("*.whl")):
    zipfile.ZipFile(wheel).extractall(dst)
PY
fi
[ -d "$pkg/tccli/services" ] || { echo "error: no tccli/services under $pkg" >&2; exit 1; }

cd "$root"
cargo build --quiet --release -p tcapi-codegen
bin="${CARGO_TARGET_DIR:-$root/target}/release/tcapi-codegen"

only=()
for s in "$@"; do only+=(--service "$s"); done
echo "== import into specs/"
"$bin" import "$pkg/tccli/services" --out specs --error-codes "$pkg" "${only[@]}" | tail -n 3
echo "== generate"
"$bin" generate
echo "== specs: $(find specs -name '*.imported.yaml' | wc -l) imported files, $(du -sh specs | cut -f1)"
echo "next: git status; cargo run -p tcapi-codegen -- generate --check; scripts/stress-corpus.sh --committed; commit specs/ and generated/"
