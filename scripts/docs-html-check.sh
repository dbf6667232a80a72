#!/usr/bin/env bash
# Opens every page of the HTML reference (generated/docs/html/) in headless Chromium and
# checks that it rendered: the dumped DOM holds the page's title, every action section the
# page source declares, and an element for every in-page link target. Saves a screenshot of
# each page under $OUT (default: a temporary directory) to look at.
#
# Usage: scripts/docs-html-check.sh [HTML_DIR]     (installs Debian's chromium if missing)
set -euo pipefail

dir="${1:-$(dirname "$0")/../generated/docs/html}"
dir="$(cd "$dir" && pwd)"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "installing chromium from Debian..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser="$(command -v chromium)"
fi

run_chromium() {
    local profile
    profile="$(mktemp -d)"
    "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@" 2>/dev/null
    rm -rf "$profile"
}

pages=0
failed=0
for page in "$dir"/*.html; do
    name="$(basename "$page" .html)"
    dom="$out/$name.dom.html"
    run_chromium --dump-dom "file://$page" >"$dom"
    run_chromium --screenshot="$out/$name.png" --window-size=1280,1600 "file://$page" >/dev/null
    problems=()
    title="$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$page" | head -n1)"
    grep -qF "<title>$title</title>" "$dom" || problems+=("title '$title' missing")
    grep -q "<h1" "$dom" || problems+=("no <h1>")
    # Every action section of the source is in the rendered DOM.
    while read -r action; do
        [ -n "$action" ] || continue
        grep -qF "data-action=\"$action\"" "$dom" || problems+=("action $action missing")
    done < <(grep -o 'data-action="[^"]*"' "$page" | sed 's/data-action="\(.*\)"/\1/')
    # Every in-page link has its target.
    while read -r anchor; do
        [ -n "$anchor" ] || continue
        grep -qF "id=\"$anchor\"" "$dom" || problems+=("no target for #$anchor")
    done < <(grep -o 'href="#[^"]*"' "$page" | sed 's/href="#\(.*\)"/\1/' | sort -u)
    [ -s "$out/$name.png" ] || problems+=("no screenshot")
    pages=$((pages + 1))
    if [ ${#problems[@]} -eq 0 ]; then
        actions="$(grep -c 'data-action="' "$page" || true)"
        echo "ok: $name.html ($actions actions) rendered; screenshot $out/$name.png"
    else
        failed=$((failed + 1))
        for p in "${problems[@]}"; do echo "FAIL: $name.html: $p"; done
    fi
done
echo "$((pages - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
