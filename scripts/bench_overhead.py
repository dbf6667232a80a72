#!/usr/bin/env python3
"""Per-request client overhead: tcapi (Rust) against the official Python SDK, in one run.

Both build an ``ApplyConcurrent`` request (CAR 2022-01-10) with four parameters, serialize
it and sign it with TC3-HMAC-SHA256, without touching the network:

- Rust: the criterion bench ``prepare/ApplyConcurrent`` of ``tests/e2e/benches/overhead.rs``
  (``Client::prepare_at``: build, validate, serialize, sign, headers);
- Python: ``tencentcloud-sdk-python`` building the model, ``_serialize()`` and
  ``_build_req_with_tc3_signature`` (installed with pip into the target directory if missing).

Prints both medians in microseconds and the ratio. Usage: ``scripts/bench_overhead.py``
(from anywhere; ``--python-only`` skips cargo).
"""

import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e", "py"))
from tcsdk import ensure_sdk  # noqa: E402

TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
BENCH_ID = ("prepare", "ApplyConcurrent")


def rust_median_ns():
    subprocess.run(
        ["cargo", "bench", "-p", "tcapi-tests", "--bench", "overhead", "--", "prepare/ApplyConcurrent"],
        cwd=ROOT,
        check=True,
    )
    path = os.path.join(TARGET, "criterion", *BENCH_ID, "new", "estimates.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)["median"]["point_estimate"]


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
    for _ in range(batches):
        start = time.perf_counter_ns()
        for _ in range(per_batch):
            one()
        samples.append((time.perf_counter_ns() - start) / per_batch)
    return statistics.median(samples)


def main():
    python_only = "--python-only" in sys.argv
    rust = None if python_only else rust_median_ns()
    py = python_median_ns()
    print()
    print("per-request overhead (build + serialize + sign, no network), ApplyConcurrent:")
    if rust is not None:
        print(f"  tcapi (Rust):           median {rust / 1000:8.3f} us")
    print(f"  tencentcloud-sdk-python: median {py / 1000:8.3f} us")
    if rust is not None:
        ratio = py / rust
        print(f"  ratio: Rust is {ratio:.1f}x faster")
        print(f"  goals: <= 2 us per request: {'met' if rust <= 2000 else 'NOT met'}; "
              f">= 40x faster: {'met' if ratio >= 40 else 'NOT met'}")


if __name__ == "__main__":
    main()
