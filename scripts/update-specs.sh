#!/usr/bin/env bash
# Refreshes the committed specs of Tencent's services: imports both official definition sets,
# merged (PyPI tccli-intl-en and tccli, the releases scripts/import-all.sh imports; service
# error codes from tencentcloud-sdk-python, every action's own codes from the committed Go SDK
# table specs/error-codes) into specs/<service>/<version>.imported.yaml (hand-written
# <version>.yaml files are never touched and win), then runs `tcapi-codegen generate`, which
# rewrites the crate of every service (generated/<service>/: a build script over specs/, or the
# committed code of the services named in specs/committed.txt). Review `git status`, run the checks,
# commit specs/ and generated/.
#
#   scripts/update-specs.sh              # every service
#   scripts/update-specs.sh cvm sts      # only these services
#   scripts/update-specs.sh --check      # import into a scratch copy of specs/ and list every
#                                        # imported file that would change, appear or vanish;
#                                        # exit 1 if any (specs/ is not touched)
#
# Env: SET                          intl, mainland or merged (the default): the committed corpus
#                                   is the merged set
#      TCCLI_INTL_VERSION, TCCLI_VERSION, SDK_VERSION   PyPI releases (scripts/tencent-definitions.sh)
#      PACKAGES_DIR                 the unpacked packages instead of PyPI, laid out as
#                                   scripts/import-all.sh leaves them: intl/, mainland/, sdk/
#                                   (e.g. <import-all scratch>/pkg)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
check=0
services=()
for a in "$@"; do
  case "$a" in
    --check) check=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option '$a' (see --help)" >&2; exit 2 ;;
    *) services+=("$a") ;;
  esac
done
set_name="${SET:-merged}"
case "$set_name" in
  intl | mainland | merged) ;;
  *) echo "error: SET must be intl, mainland or merged, not '$set_name'" >&2; exit 2 ;;
esac
# shellcheck source=tencent-definitions.sh
. "$root/scripts/tencent-definitions.sh"

work="$(mktemp -d -t tcapi-update-specs.XXXXXX)"
trap 'rm -rf "$work"' EXIT

pkg="${PACKAGES_DIR:-}"
if [ -z "$pkg" ]; then
  fetch_definitions "$work" tencentcloud-sdk-python "$sdk_version" sdk
  if [ "$set_name" != mainland ]; then fetch_definitions "$work" tccli-intl-en "$intl_version" intl; fi
  if [ "$set_name" != intl ]; then fetch_definitions "$work" tccli "$mainland_version" mainland; fi
  pkg="$work/pkg"
fi
mapfile -t inputs < <(import_inputs "$pkg" "$set_name")
for ((i = 1; i < ${#inputs[@]}; i += 2)); do
  [ -d "${inputs[i]}" ] || { echo "error: no definitions at ${inputs[i]} (PACKAGES_DIR=$pkg)" >&2; exit 1; }
done
[ -d "$pkg/sdk/tencentcloud" ] || { echo "error: no tencentcloud-sdk-python at $pkg/sdk" >&2; exit 1; }

cd "$root"
cargo build --quiet --release -p tcapi-codegen --bin tcapi-codegen
bin="${CARGO_TARGET_DIR:-$root/target}/release/tcapi-codegen"

only=()
for s in "${services[@]}"; do only+=(--service "$s"); done
import() { # <specs dir>
  "$bin" import "${inputs[@]}" --out "$1" --error-codes "$pkg/sdk" \
    --error-table "$root/specs/error-codes" "${only[@]}" | grep -v '^left out: ' | tail -n 4
}

# The imported files of a specs directory (of the named services), relative to it, sorted.
imported_files() { # <specs dir>
  (cd "$1" && if [ ${#services[@]} -eq 0 ]; then
    find . -name '*.imported.yaml'
  else
    for s in "${services[@]}"; do
      if [ -d "$s" ]; then find "./$s" -name '*.imported.yaml'; fi
    done
  fi) | sed 's|^\./||' | sort
}

# Always a fresh import into a copy of the committed specs without their imported files (the
# hand-written files, common.yaml and the error table decide what the import writes); then the
# differences are listed (--check) or applied, so that a service version the definitions no
# longer have loses its file too.
fresh="$work/specs"
mkdir -p "$fresh"
cp -R specs/. "$fresh"
find "$fresh" -name '*.imported.yaml' -delete
echo "== import ($set_name set)"
import "$fresh"
new=() differs=() vanished=()
while read -r f; do
  if [ ! -f "specs/$f" ]; then
    new+=("$f")
  elif ! cmp -s "specs/$f" "$fresh/$f"; then
    differs+=("$f")
  fi
done < <(imported_files "$fresh")
while read -r f; do
  [ -f "$fresh/$f" ] || vanished+=("$f")
done < <(imported_files specs)
changed=$((${#new[@]} + ${#differs[@]} + ${#vanished[@]}))
total="$(imported_files "$fresh" | wc -l)"

if [ "$check" = 1 ]; then
  for f in "${new[@]}"; do echo "new: specs/$f"; done
  for f in "${differs[@]}"; do echo "differs: specs/$f ($(diff "specs/$f" "$fresh/$f" | grep -c '^[<>]' || true) lines)"; done
  for f in "${vanished[@]}"; do echo "no longer imported: specs/$f"; done
  if [ "$changed" -gt 0 ]; then
    echo "FAILED: $changed imported files differ from a fresh import of the $set_name set; run scripts/update-specs.sh${services[*]:+ ${services[*]}} and commit specs/ and generated/" >&2
    exit 1
  fi
  echo "ok: the $total imported files are what a fresh import writes"
  exit 0
fi

for f in "${new[@]}" "${differs[@]}"; do
  mkdir -p "specs/$(dirname "$f")"
  cp "$fresh/$f" "specs/$f"
done
for f in "${vanished[@]}"; do rm "specs/$f"; done
echo "== specs/: ${#new[@]} imported files added, ${#differs[@]} changed, ${#vanished[@]} removed, $((total - ${#new[@]} - ${#differs[@]})) unchanged"
echo "== generate"
"$bin" generate
echo "== specs: $total imported files, $(du -sh specs | cut -f1)"
echo "next: git status; cargo run -p tcapi-codegen -- generate --check; COMMITTED=1 scripts/stress-corpus.sh; commit specs/ and generated/"
