#!/usr/bin/env bash
# Cold-build cost of a one-service user crate: a scratch crate depending on `tcapi` (default
# features) and `tcapi-sdk` with `gse`, built from an empty target directory (debug profile,
# dependencies from the local registry cache). Prints the number of crates compiled and the
# wall time. Usage: scripts/bench-coldbuild.sh [REPO_ROOT]   (default: this checkout)
set -euo pipefail
ROOT="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src"
cat >"$WORK/Cargo.toml" <<TOML
[package]
name = "one-service-user"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tcapi = { path = "$ROOT/runtime" }
tcapi-sdk = { path = "$ROOT/generated", features = ["gse"] }

[workspace]
TOML
cat >"$WORK/src/main.rs" <<'RS'
fn main() {
    let client = tcapi::Client::builder().region("ap-guangzhou").build();
    let req = tcapi_sdk::gse::JoinGameServerSessionBatchRequest::new("gssess-1", vec!["p1".into()]);
    println!("{} {}", client.is_ok(), tcapi::Validate::validate(&req).is_ok());
}
RS
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock" 2>/dev/null || true
cd "$WORK"
crates=$(cargo tree -e normal --prefix none --offline 2>/dev/null | sort -u | wc -l)
start=$(date +%s.%N)
cargo build --offline --quiet
end=$(date +%s.%N)
printf 'crates (cargo tree -e normal, unique): %s\ncold debug build: %.1f s\n' "$crates" "$(echo "$end - $start" | bc)"
