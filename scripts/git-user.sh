#!/usr/bin/env bash
# A user who depends on the repository by git: tests/git-user, with `tcapi` and `tcapi-cvm`
# as git dependencies on this checkout's committed HEAD (a file:// URL), built and run in a
# scratch directory with the repository's Cargo.lock (the versions it is tested with).
# `tcapi-cvm` is not committed code: its build script generates it from the checkout's specs/.
#
#   scripts/git-user.sh [SCRATCH]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d -t tcapi-git-user.XXXXXX)}"
rm -rf "$work/git-user"
mkdir -p "$work"
cp -r "$root/tests/git-user" "$work/git-user"
sed -i "s|REPOSITORY|file://$root|" "$work/git-user/Cargo.toml"
cp "$root/Cargo.lock" "$work/git-user/Cargo.lock"
cd "$work/git-user"
start=$(date +%s)
CARGO_TARGET_DIR="$work/target" cargo run --quiet
echo "built from git and run in $(( $(date +%s) - start )) s"
