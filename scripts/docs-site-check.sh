#!/usr/bin/env bash
# Builds the reference site of every service in the specs (`tcapi-codegen docs --site`) and
# checks it:
#   1. every relative link of every page points at a file of the site, and every #anchor at
#      an element with that id on the target page (all pages, read as HTML by Python);
#   2. in headless Chromium, the index page with `?q=<Action>` lists a link to the action's
#      page (for SEARCH, default: a few actions of different services), a search for a data
#      type and for an error code finds them, and every service page and a sample of action
#      pages render (title and <h1> in the DOM).
#
# Usage: scripts/docs-site-check.sh [SITE_DIR] [SPECS...]
#   SITE_DIR  where to build the site (default: a temporary directory)
#   SPECS     spec directories (default: specs)
# Env: SEARCH="Action1 Action2"   the actions to search for; KEEP=1 keeps the site.
# Installs Debian's chromium if missing.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
site="${1:-$(mktemp -d -t tcapi-site.XXXXXX)}"
shift || true
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=("$root/specs")
spec_args=()
for s in "${specs[@]}"; do spec_args+=(--specs "$s"); done

(cd "$root" && cargo build --quiet --release -p tcapi-codegen) # the whole API: optimized
"${CARGO_TARGET_DIR:-$root/target}/release/tcapi-codegen" docs --site "$site" "${spec_args[@]}"
site="$(cd "$site" && pwd)"

echo "== links and anchors of every page"
python3 - "$site" <<'PY'
import html.parser, os, sys, urllib.parse

root = sys.argv[1]

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for k in ("href", "src"):
            if k in a and a[k] is not None:
                self.links.append(a[k])

pages = {}
for d, _, files in os.walk(root):
    for f in files:
        if f.endswith(".html"):
            p = Page()
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                p.feed(fh.read())
            pages[os.path.relpath(os.path.join(d, f), root)] = p

problems, links = [], 0
for path, page in sorted(pages.items()):
    for link in page.links:
        u = urllib.parse.urlsplit(link)
        if u.scheme or u.netloc:
            continue  # external: not checked offline
        links += 1
        target = os.path.normpath(os.path.join(os.path.dirname(path), u.path)) if u.path else path
        if not os.path.exists(os.path.join(root, target)):
            problems.append(f"{path}: link {link}: no file {target}")
            continue
        if u.fragment and target.endswith(".html") and u.fragment not in pages[target].ids:
            problems.append(f"{path}: link {link}: no id {u.fragment!r} in {target}")
for p in problems[:50]:
    print("FAIL:", p)
print(f"{len(pages)} pages, {links} links checked, {len(problems)} broken")
sys.exit(1 if problems else 0)
PY

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "installing chromium from Debian..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  browser="$(command -v chromium)"
fi
dom() { # url -> the DOM after scripts ran
  local profile
  profile="$(mktemp -d)"
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=5000 --dump-dom "$1" 2>/dev/null
  rm -rf "$profile"
}

echo "== search in headless Chromium"
failed=0
# Queries: given actions, else the first action of up to three services; plus one data type
# and one error code from the index.
mapfile -t queries < <(python3 - "$site" "${SEARCH:-}" <<'PY'
import json, sys
index = json.load(open(sys.argv[1] + "/search-index.json"))
wanted = sys.argv[2].split()
entries = index["entries"]
def first(kind, skip=()):
    return next((e for e in entries if e[0] == kind and e[1] not in skip), None)
out = []
if wanted:
    for w in wanted:
        e = next((e for e in entries if e[0] == "a" and e[1] == w), None)
        out.append(f"{w}\t{e[3] if e else 'MISSING'}")
else:
    seen = set()
    for e in entries:
        if e[0] == "a" and e[2] not in seen and len(seen) < 3:
            seen.add(e[2]); out.append(f"{e[1]}\t{e[3]}")
for kind in ("t", "e"):
    e = first(kind)
    if e:
        out.append(f"{e[1]}\t{e[3]}")
print("\n".join(out))
PY
)
for q in "${queries[@]}"; do
  name="${q%%$'\t'*}"
  url="${q#*$'\t'}"
  if [ "$url" = MISSING ]; then
    echo "FAIL: $name is not in the search index"; failed=$((failed + 1)); continue
  fi
  got="$(dom "file://$site/index.html?q=$name")"
  if grep -qF "href=\"$url\"" <<<"$got" && grep -qF ">$name</a>" <<<"$got"; then
    echo "ok: search '$name' lists $url"
  else
    echo "FAIL: search '$name' does not list $url"; failed=$((failed + 1))
  fi
done

echo "== pages render in headless Chromium"
mapfile -t sample < <(cd "$site" && { ls index.html common-errors.html; ls -d */index.html; ls */*.html | grep -v '/index.html$' | awk 'NR % 97 == 1' | head -n 20; })
for page in "${sample[@]}"; do
  got="$(dom "file://$site/$page")"
  title="$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$site/$page" | head -n1)"
  if grep -qF "<title>$title</title>" <<<"$got" && grep -q "<h1" <<<"$got"; then
    :
  else
    echo "FAIL: $page did not render"; failed=$((failed + 1))
  fi
done
echo "${#sample[@]} pages rendered, $failed failures"
if [ "${KEEP:-0}" = 1 ] || [ $# -gt 0 ]; then echo "site: $site"; fi
[ "$failed" -eq 0 ]
