#!/usr/bin/env bash
# The TLS provider's cost in a user's cold build: a crate using tokio-rustls with the `ring`
# provider (tcapi's choice) against the same crate with `aws-lc-rs` and post-quantum key
# exchange preferred (rustls' recommendation). Each is built cold, dev profile, in its own
# target directory, one after the other; prints wall and CPU seconds and the crate count.
# Usage: scripts/bench-tls-provider.sh [WORKDIR]
set -euo pipefail
work="${1:-$(mktemp -d -t tcapi-tls.XXXXXX)}"
build() {
  local name="$1" deps="$2" dir="$work/$1"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "tls-$name"
version = "0.1.0"
edition = "2024"

[dependencies]
$deps
webpki-roots = "1"
tokio = { version = "1", features = ["net", "rt"] }

[workspace]
TOML
  echo 'fn main() { let _ = webpki_roots::TLS_SERVER_ROOTS.len(); }' >"$dir/src/main.rs"
  cargo fetch -q --manifest-path "$dir/Cargo.toml"
  /usr/bin/time -o "$dir/time" -f '%e %U %S' cargo build -q --manifest-path "$dir/Cargo.toml" \
    --target-dir "$dir/target"
  read -r wall user sys <"$dir/time"
  local crates
  crates=$(ls "$dir/target/debug/.fingerprint" | wc -l)
  printf '%-24s %7.1f s wall %7.1f s CPU %4d crates\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$crates"
}
build ring 'tokio-rustls = { version = "0.26", default-features = false, features = ["ring", "tls12"] }'
build aws-lc-post-quantum 'tokio-rustls = { version = "0.26", default-features = false, features = ["aws_lc_rs", "tls12"] }
rustls = { version = "0.23", default-features = false, features = ["aws_lc_rs", "prefer-post-quantum", "std", "tls12"] }'
