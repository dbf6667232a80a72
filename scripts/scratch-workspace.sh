# Sourced by the scripts that compile generated code outside the repository
# (stress-corpus.sh, bench-check-cost.sh): `scratch_workspace WS ROOT` writes WS/Cargo.toml,
# a workspace whose only member is WS/generated, built against ROOT's runtime and generator,
# and copies ROOT's Cargo.lock (the versions the repository is tested with).
scratch_workspace() {
  local ws="$1" root="$2"
  cat >"$ws/Cargo.toml" <<EOF_TOML
[workspace]
resolver = "3"
members = ["generated"]

[workspace.package]
edition = "2024"
rust-version = "1.85"
license = "Apache-2.0"
version = "0.1.0"

[workspace.dependencies]
tcapi = { path = "$root/runtime", default-features = false }
tcapi-codegen = { path = "$root/codegen", default-features = false }

# Millions of generated lines, each batch built once: no debug info and no incremental caches
# (both cost time and gigabytes here and buy nothing in a one-shot build). The build script's
# generator (BUILDRS=1) stays unoptimized: over a batch of 300,000 lines it takes 4.5 s of CPU
# (0.6 s optimized), against minutes for compiling the batch; an optimized build-override
# profile would cost more in building the generator optimized than it saves.
[profile.dev]
debug = 0
incremental = false
EOF_TOML
  cp "$root/Cargo.lock" "$ws/Cargo.lock"
}
