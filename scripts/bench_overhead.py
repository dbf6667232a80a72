#!/usr/bin/env python3
"""Per-request client overhead: tcapi (Rust) against the official Python SDK, in one run.

Both build an ``ApplyConcurrent`` request (CAR 2022-01-10) with four parameters, serialize
it and sign it with TC3-HMAC-SHA256, without touching the network:

- Rust: the criterion benches of ``tests/e2e/benches/overhead.rs``:
  ``prepare/ApplyConcurrent`` (``Client::prepare_at``: build, validate, serialize, sign; the
  signed header values are ready, the header map is not built) and
  ``prepare/ApplyConcurrent_http`` (the same, then the URL, ``HeaderMap`` and body handed to
  the HTTP client: everything an attempt does before the network);
- Python: ``tencentcloud-sdk-python`` building the model, ``_serialize()`` and
  ``_build_req_with_tc3_signature`` (installed with pip into the target directory if missing).

Prints the medians in microseconds and the ratios, then one summary line
``rust X µs, python Y µs, ratio Z×`` for the full path (``ApplyConcurrent_http``).

Criterion and the Python loop time wall clock, which a busy shared machine stretches. So the
script also measures CPU time (user + system), which moves much less with the load: Python's
batches with ``time.process_time_ns``, and tcapi's as ``examples/overhead_loop`` (the same
requests as the benches) run with two iteration counts, the difference of the two processes'
CPU times divided by the difference of the counts (start-up cancels out), median of 5; then
a second summary line ``cpu: rust X µs, python Y µs, ratio Z×``. Usage:
``scripts/bench_overhead.py`` (from anywhere; ``--python-only`` skips cargo).
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e", "py"))
from tcsdk import ensure_sdk  # noqa: E402

TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
GROUP = "prepare"
PREPARE = "ApplyConcurrent"
FULL = "ApplyConcurrent_http"


def rust_medians_ns():
    """Medians of the two ApplyConcurrent benches, by bench name."""
    subprocess.run(
        ["cargo", "bench", "-p", "tcapi-tests", "--bench", "overhead", "--", f"{GROUP}/{PREPARE}"],
        cwd=ROOT,
        check=True,
    )
    medians = {}
    for name in (PREPARE, FULL):
        path = os.path.join(TARGET, "criterion", GROUP, name, "new", "estimates.json")
        with open(path, encoding="utf-8") as f:
            medians[name] = json.load(f)["median"]["point_estimate"]
    return medians


def rust_cpu_ns(mode, small=100_000, large=1_100_000, repeats=5):
    """CPU ns per request of examples/overhead_loop (mode None: signed parts; "http")."""
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "tcapi-tests", "--example", "overhead_loop"],
        cwd=ROOT,
        check=True,
    )
    exe = os.path.join(TARGET, "release", "examples", "overhead_loop")

    def cpu_s(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([exe, str(n)] + ([mode] if mode else []), check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    samples = [(cpu_s(large) - cpu_s(small)) * 1e9 / (large - small) for _ in range(repeats)]
    return statistics.median(samples), min(samples), max(samples)


def python_median_ns(batches=25, per_batch=2000):
    ensure_sdk(os.path.join(TARGET, "tcapi-py-sdk"))
    from tencentcloud.car.v20220110 import car_client, models
    from tencentcloud.common import credential
    from tencentcloud.common.http.request import RequestInternal

    cred = credential.Credential("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")
    client = car_client.CarClient(cred, "ap-guangzhou")
    endpoint = client._get_endpoint()

    def one():
        req = models.ApplyConcurrentRequest()
        req.UserId = "user-0001"
        req.UserIp = "203.0.113.7"
        req.ProjectId = "cap-abcdefgh"
        req.ApplicationId = "app-a1b2c3d4"
        params = req._serialize()
        internal = RequestInternal(endpoint, "POST", "/", header={})
        client._build_req_with_tc3_signature("ApplyConcurrent", params, internal)
        return internal

    for _ in range(per_batch):  # warm-up
        one()
    samples = []
    cpu = []
    for _ in range(batches):
        start = time.perf_counter_ns()
        start_cpu = time.process_time_ns()
        for _ in range(per_batch):
            one()
        cpu.append((time.process_time_ns() - start_cpu) / per_batch)
        samples.append((time.perf_counter_ns() - start) / per_batch)
    return statistics.median(samples), (statistics.median(cpu), min(cpu), max(cpu))


def main():
    python_only = "--python-only" in sys.argv
    rust = None if python_only else rust_medians_ns()
    py, py_cpu = python_median_ns()
    rust_cpu = None if python_only else {PREPARE: rust_cpu_ns(None), FULL: rust_cpu_ns("http")}
    print()
    print("per-request overhead (build + serialize + sign, no network), ApplyConcurrent:")
    if rust is not None:
        print(f"  tcapi (Rust), signed parts:        median {rust[PREPARE] / 1000:8.3f} us"
              f"  ({py / rust[PREPARE]:.1f}x faster)")
        print(f"  tcapi (Rust), + HTTP header map:   median {rust[FULL] / 1000:8.3f} us"
              f"  ({py / rust[FULL]:.1f}x faster)")
    print(f"  tencentcloud-sdk-python:           median {py / 1000:8.3f} us")
    if rust is not None:
        full = rust[FULL]
        ratio = py / full
        print(f"  goals (full path): <= 2 us per request: {'met' if full <= 2000 else 'NOT met'}; "
              f">= 40x faster: {'met' if ratio >= 40 else 'NOT met'}")
        print(f"rust {full / 1000:.3f} µs, python {py / 1000:.3f} µs, ratio {ratio:.1f}×")
    print("CPU time (user + system) per request, median [min-max]:")
    if rust_cpu is not None:
        for label, name in (("signed parts", PREPARE), ("+ HTTP header map", FULL)):
            m, lo, hi = rust_cpu[name]
            print(f"  tcapi (Rust), {label + ':':<20} {m / 1000:8.3f} us [{lo / 1000:.3f}-{hi / 1000:.3f}]"
                  f"  ({py_cpu[0] / m:.1f}x faster)")
    print(f"  tencentcloud-sdk-python:           {py_cpu[0] / 1000:8.3f} us"
          f" [{py_cpu[1] / 1000:.3f}-{py_cpu[2] / 1000:.3f}]")
    if rust_cpu is not None:
        m = rust_cpu[FULL][0]
        print(f"cpu: rust {m / 1000:.3f} µs, python {py_cpu[0] / 1000:.3f} µs, ratio {py_cpu[0] / m:.1f}×")
    else:
        print(f"python {py / 1000:.3f} µs")


if __name__ == "__main__":
    main()
