# Sourced by scripts/import-all.sh and scripts/update-specs.sh: which releases of Tencent's
# definitions the project imports, and how they are fetched. One place, so that the committed
# corpus (update-specs.sh) and the stress test (import-all.sh) read the same definitions.
#
#   intl      PyPI tccli-intl-en (English, international site): 160 files, 144 services
#   mainland  PyPI tccli (Chinese, mainland site): 300 files, 262 services
#   sdk       PyPI tencentcloud-sdk-python: the service-wide error codes (errorcodes.py)
#
# Env: TCCLI_INTL_VERSION, TCCLI_VERSION, SDK_VERSION override the releases last verified.

intl_version="${TCCLI_INTL_VERSION:-3.1.193.1}"
mainland_version="${TCCLI_VERSION:-3.1.189.1}"
sdk_version="${SDK_VERSION:-3.1.195}"

# fetch_definitions <dir> <package> <version> <name>: unpacks the wheel of <package>==<version>
# into <dir>/pkg/<name> (each into its own directory: both tccli packages hold tccli/services),
# unless it is there already. A wheel is a zip archive: it is unpacked, not installed.
fetch_definitions() {
  local dir="$1" package="$2" version="$3" name="$4"
  [ -d "$dir/pkg/$name" ] && return 0
  echo "== fetching $package $version from PyPI"
  mkdir -p "$dir/wheels/$name"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$dir/wheels/$name" "$package==$version"
  python3 - "$dir/wheels/$name" "$dir/pkg/$name" <<'PY'
import sys, zipfile, pathlib
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for wheel in sorted(src.glob("*.whl")):
    zipfile.ZipFile(wheel).extractall(dst)
PY
}

# import_inputs <pkg dir> <set>: the `tcapi-codegen import` arguments of a set (intl, mainland
# or merged) over the packages unpacked in <pkg dir>, one argument a line.
import_inputs() {
  local pkg="$1" set="$2"
  if [ "$set" != mainland ]; then printf '%s\n' --intl "$pkg/intl/tccli/services"; fi
  if [ "$set" != intl ]; then printf '%s\n' --mainland "$pkg/mainland/tccli/services"; fi
}
