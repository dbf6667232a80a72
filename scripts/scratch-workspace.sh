# Sourced by the scripts that compile generated service crates outside the repository
# (stress-corpus.sh, bench-check-cost.sh, package-crates.sh, bench-sdk-build.sh).
#
# `release_crates WS ROOT SPEC...` runs `tcapi-codegen release` (the binary in $bin_dir, or
# ROOT's release build) over SPEC... into WS/crates; `scratch_workspace WS ROOT` then makes
# WS a workspace of the crates in WS/crates (release and scripts' own) built against ROOT's
# runtime: the crates name `tcapi` by version, as the registry serves
# it, and `[patch.crates-io]` points that version at ROOT/runtime. ROOT's Cargo.lock is
# copied, so the build uses the versions the repository is tested with.
scratch_workspace() {
  local ws="$1" root="$2"
  rm -f "$ws/crates/Cargo.toml" # the release's own workspace file: WS is the workspace here
  cat >"$ws/Cargo.toml" <<EOF_TOML
[workspace]
resolver = "3"
members = ["crates/*"]

[patch.crates-io]
tcapi = { path = "$root/runtime" }

# Millions of generated lines, each batch built once: no debug info and no incremental caches
# (both cost time and gigabytes here and buy nothing in a one-shot build).
[profile.dev]
debug = 0
incremental = false
EOF_TOML
  cp "$root/Cargo.lock" "$ws/Cargo.lock"
}

# `release_crates WS ROOT SPEC...`: the release of SPEC... (files or directories) in WS/crates.
release_crates() {
  local ws="$1" root="$2"
  shift 2
  local inputs=() s
  for s in "$@"; do inputs+=(--specs "$s"); done
  mkdir -p "$ws"
  "${bin_dir:-$root/target/release}/tcapi-codegen" release --out "$ws/crates" --root "$root" "${inputs[@]}" | tail -n 1
}

# The stand-in registry of a release (scripts/package-crates.sh): a cargo directory source.
# `registry_add REGISTRY CRATE...` unpacks .crate files into it, each with the checksum file
# cargo expects (an unpacked crate is replaced).
registry_add() {
  local registry="$1" f name
  shift
  for f in "$@"; do
    name="$(basename "$f" .crate)"
    rm -rf "${registry:?}/$name"
    tar -xzf "$f" -C "$registry"
    printf '{"files":{},"package":"%s"}\n' "$(sha256sum "$f" | cut -d' ' -f1)" >"$registry/$name/.cargo-checksum.json"
  done
}

# `registry_use DIR REGISTRY`: cargo run in DIR resolves every crate from REGISTRY, offline.
registry_use() {
  mkdir -p "$1/.cargo"
  printf '[source.crates-io]\nreplace-with = "release"\n\n[source.release]\ndirectory = "%s"\n\n[net]\noffline = true\n' \
    "$2" >"$1/.cargo/config.toml"
}

# forget_packed_crates: removes cargo's extractions of the project's crates from local
# registries (`$CARGO_HOME/registry/src/-<hash>/tcapi-*`). A registry at the same path as
# before (`cargo package`'s temporary one, a stand-in registry reused) would otherwise give
# the earlier packing's sources: cargo takes a registry crate of the same name and version as
# unchanged and does not extract it again.
forget_packed_crates() {
  local home="${CARGO_HOME:-$HOME/.cargo}"
  rm -rf "$home"/registry/src/-*/tcapi-* "$home"/registry/cache/-*/tcapi-*
}
