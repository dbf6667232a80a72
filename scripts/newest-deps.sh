#!/usr/bin/env bash
# The libraries against the newest compatible versions of their dependencies, as a user who
# adds tcapi today resolves them: a copy of the tracked files, `cargo update`, then
# `cargo check` of every workspace crate with all targets and features under `-D warnings`.
# Prints the versions that moved and whatever breaks. Exit 0 when everything builds, 1 when
# something breaks. CI runs it as a report that does not block (the blocking steps use the
# committed Cargo.lock): a deprecation or break published upstream is seen the day it appears.
#
#   scripts/newest-deps.sh [scratch-dir]
#
# The check builds into target/newest-deps (kept warm between local runs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${1:-$(mktemp -d -t tcapi-newest.XXXXXX)}"
copy="$scratch/repo"
rm -rf "$copy"
mkdir -p "$copy"
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$copy"

cd "$copy"
cargo update 2>"$scratch/update.log" || { cat "$scratch/update.log"; exit 1; }
moved=$(grep -E '^ +(Updating|Adding|Removing|Downgrading) [a-z0-9_-]+ v' "$scratch/update.log" || true)
if [ -n "$moved" ]; then
  echo "versions that moved since Cargo.lock ($(echo "$moved" | wc -l)):"
  echo "$moved" | sed 's/^ */  /'
else
  echo "Cargo.lock already has the newest compatible versions"
fi

status=0
run() {
  local what="$1"
  shift
  if ! RUSTFLAGS="-D warnings" CARGO_TARGET_DIR="$root/target/newest-deps" "$@" >"$scratch/check.log" 2>&1; then
    echo "BREAKS with the newest versions: $what"
    grep -E '^(error|warning)' -A 6 "$scratch/check.log" | head -n 80
    status=1
  fi
}
run "the workspace crates (all targets, all features; the committed service crates among them)" \
  cargo check -q --workspace --all-targets --all-features
[ "$status" = 0 ] && echo "newest compatible dependencies: everything builds with -D warnings"
exit "$status"
