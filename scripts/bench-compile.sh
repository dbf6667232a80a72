#!/usr/bin/env bash
# Compile cost of the generated code: clean (non-incremental) build time (wall and CPU) of the committed
# service crates (`specs/committed.txt`: tcapi-car, tcapi-gaap, tcapi-gse) together and each
# alone, the median of RUNS builds each, and the cost per action. Dependencies (the runtime)
# are built first, so only the service crates are timed.
#
# Generated functions are `#[inline]`: their machine code is made in the crate that uses
# them. So the script also times a user crate that uses every action (decodes a request,
# validates and encodes it, decodes a response envelope and makes the client's call future
# for each): the cost of using the whole API, on top of the library build.
#
#   scripts/bench-compile.sh
#
# Env: RUNS (default 3), PROFILE (default dev), CARGO_TARGET_DIR (default target/).
# For the whole official corpus, per batch of services: scripts/stress-corpus.sh.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
profile="${PROFILE:-dev}"
export CARGO_INCREMENTAL=0 # a clean build of the crate, not a reuse of its query cache

services="$(grep -v '^#' specs/committed.txt | xargs)"
actions_of() { # service -> number of actions
  cat "generated/$1"/src/*.rs | grep -c 'const META: &' || true
}
packages_of() { # services -> cargo -p arguments
  local s
  for s in $1; do printf -- '-p tcapi-%s ' "$s"; done
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# One timed build of the given service crates; prints wall seconds, peak KiB and CPU seconds
# (user + system of cargo and rustc: steadier than wall time on a shared machine).
build_once() {
  local t s
  t="$(mktemp)"
  for s in $1; do touch "generated/$s/src/lib.rs"; done
  # shellcheck disable=SC2046 # one -p per crate
  /usr/bin/time -o "$t" -f "%e %M %U %S" cargo build --quiet --profile "$profile" $(packages_of "$1")
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$t"
  rm -f "$t"
}

bench() { # <label> <services> <actions>
  local label="$1" features="$2" actions="$3" secs=() cpus=() kib=0 s k c i med cmed
  # shellcheck disable=SC2046
  cargo build --quiet --profile "$profile" $(packages_of "$features") # dependencies
  for ((i = 0; i < runs; i++)); do
    read -r s k c < <(build_once "$features")
    secs+=("$s")
    cpus+=("$c")
    [ "$k" -gt "$kib" ] && kib="$k"
  done
  med="$(printf '%s\n' "${secs[@]}" | median)"
  cmed="$(printf '%s\n' "${cpus[@]}" | median)"
  printf '%-6s %4d actions: median %6.2f s of %d builds (%s), %4d MiB peak, %5.1f ms per action; CPU median %6.2f s (%s), %5.1f ms per action\n' \
    "$label" "$actions" "$med" "$runs" "$(IFS=/; echo "${secs[*]}")" $((kib / 1024)) \
    "$(awk -v s="$med" -v n="$actions" 'BEGIN { print s * 1000 / n }')" \
    "$cmed" "$(IFS=/; echo "${cpus[*]}")" "$(awk -v s="$cmed" -v n="$actions" 'BEGIN { print s * 1000 / n }')"
}

# A crate in target/ that uses every action of every service.
user_crate() {
  local dir="${CARGO_TARGET_DIR:-$root/target}/bench-compile-user"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "bench-compile-user"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tcapi = { path = "$root/runtime" }
$(for s in $services; do echo "tcapi-$s = { path = \"$root/generated/$s\" }"; done)

[workspace]
TOML
  {
    echo '//! Uses every action, so that the generic and inline code of each is built here.'
    echo 'use std::future::IntoFuture as _;'
    echo "fn use_action<A: tcapi::Action + tcapi::json::FromJson + 'static>(c: &tcapi::Client, request: &str, body: &[u8]) -> usize {"
    echo '    let Ok(a) = tcapi::json::from_str::<A>(request) else { return 0 };'
    echo '    let ok = a.validate().is_ok() as usize;'
    echo '    let sent = tcapi::json::to_vec(&a).len();'
    echo '    let got = tcapi::envelope::decode::<A::Response, A::Error>(200, body).is_ok() as usize;'
    echo '    let call = c.send(a).into_future();'
    echo '    ok + sent + got + std::mem::size_of_val(&call)'
    echo '}'
    echo 'pub fn every(c: &tcapi::Client, request: &str, body: &[u8]) -> usize {'
    echo '    let mut n = 0;'
    for s in $services; do
      cat "generated/$s"/src/*.rs | sed -n 's/^ *impl ::tcapi::Action for \([A-Za-z0-9_]*\) {$/\1/p' |
        while read -r r; do echo "    n += use_action::<tcapi_$s::$r>(c, request, body);"; done
    done
    echo '    n'
    echo '}'
  } >"$dir/src/lib.rs"
  echo "$dir"
}

echo "== clean build of the committed service crates ($profile profile, CARGO_INCREMENTAL=0, median of $runs)"
total=0
for s in $services; do total=$((total + $(actions_of "$s"))); done
bench all "$services" "$total"
for s in $services; do
  bench "$s" "$s" "$(actions_of "$s")"
done

user="$(user_crate)"
echo "== clean build of a crate using all $total actions ($profile profile, median of $runs; the service crates prebuilt)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --profile "$profile" --manifest-path "$user/Cargo.toml"
secs=()
cpus=()
for ((i = 0; i < runs; i++)); do
  touch "$user/src/lib.rs"
  t="$(mktemp)"
  /usr/bin/time -o "$t" -f "%e %U %S" cargo build --quiet --profile "$profile" --manifest-path "$user/Cargo.toml"
  read -r s u y <"$t"
  secs+=("$s")
  cpus+=("$(awk -v u="$u" -v y="$y" 'BEGIN { printf "%.2f", u + y }')")
  rm -f "$t"
done
med="$(printf '%s\n' "${secs[@]}" | median)"
cmed="$(printf '%s\n' "${cpus[@]}" | median)"
printf 'user   %4d actions: median %6.2f s of %d builds (%s), %5.1f ms per action; CPU median %6.2f s (%s), %5.1f ms per action\n' \
  "$total" "$med" "$runs" "$(IFS=/; echo "${secs[*]}")" "$(awk -v s="$med" -v n="$total" 'BEGIN { print s * 1000 / n }')" \
  "$cmed" "$(IFS=/; echo "${cpus[*]}")" "$(awk -v s="$cmed" -v n="$total" 'BEGIN { print s * 1000 / n }')"
