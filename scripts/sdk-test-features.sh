#!/usr/bin/env bash
# The tcapi-sdk features that tests, clippy and rustdoc build together: every committed
# service (`full`), serde, and the build-time services that the end-to-end tests and README
# examples call. Printed comma-separated. Every other service is compiled by
# `COMMITTED=1 scripts/stress-corpus.sh` in batches.
set -euo pipefail
cd "$(dirname "$0")/.."
feats=(full serde)
for s in cvm sts lkeap hunyuan cii cls; do
  grep -q "^$s = " generated/Cargo.toml && feats+=("$s")
done
(IFS=,; echo "${feats[*]}")
