#!/usr/bin/env bash
# Per-page overhead of a paginator (runtime/benches/paginate.rs): ten pages of ten items read
# by a hand-written `client.send` loop and by `client.paginate(..).items()`, through the
# in-process mock. Prints both medians and the difference per page.
# Usage: scripts/bench-paginate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet -p tcapi --features mock --bench paginate -- --noplot >/dev/null
target_dir="${CARGO_TARGET_DIR:-target}"
python3 - "$target_dir/criterion/ten_pages" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
def median(name):
    e = json.loads((root / name / "new" / "estimates.json").read_text())
    return e["median"]["point_estimate"] / 1000.0  # µs
send, pag = median("send_loop"), median("paginate_items")
print(f"ten pages by hand (client.send loop):      {send:9.1f} µs  ({send / 10:7.2f} µs a page)")
print(f"ten pages by client.paginate(..).items(): {pag:9.1f} µs  ({pag / 10:7.2f} µs a page)")
print(f"paginator overhead per page:               {(pag - send) / 10:+9.2f} µs ({(pag - send) / send * 100:+.1f}%)")
PY
