#!/usr/bin/env python3
"""Client CPU per request of the official Python SDK (tencentcloud-sdk-python) on loopback.

Sends CAR ``ApplyConcurrent`` with keep-alive to ``http://HOST`` at each concurrency (one
SDK client and connection per thread, the SDK being synchronous) and prints, per
concurrency, the CPU time (user + system, ``getrusage``) of this process per request after
a warm-up, in the format of ``tests/e2e/examples/loopback_cpu.rs``.

Usage: ``python_client.py HOST:PORT REQUESTS 1,64`` with ``BENCH_SECRET_ID`` and
``BENCH_SECRET_KEY`` set (run by ``scripts/bench_sdks.py`` inside its venv).
"""

import os
import resource
import sys
import threading
import time

from tencentcloud.car.v20220110 import car_client, models
from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile


def make_client(host):
    cred = credential.Credential(os.environ["BENCH_SECRET_ID"], os.environ["BENCH_SECRET_KEY"])
    http = HttpProfile(protocol="http", endpoint=host, keepAlive=True)
    return car_client.CarClient(cred, "ap-guangzhou", ClientProfile(httpProfile=http))


def request(i):
    req = models.ApplyConcurrentRequest()
    req.UserId = f"user-{i:06d}"
    req.UserIp = "203.0.113.7"
    req.ProjectId = "cap-abcdefgh"
    req.ApplicationId = "app-a1b2c3d4"
    return req


def run(clients, total):
    per = total // len(clients)
    errors = []

    def worker(t, client):
        try:
            for i in range(per):
                client.ApplyConcurrent(request(t * per + i))
        except Exception as e:  # noqa: BLE001 - reported below, the run fails
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(t, c)) for t, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"a request failed: {errors[0]}")
    return per * len(clients)


def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime, u.ru_stime


def main():
    host, total, concurrencies = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    for c in (int(x) for x in concurrencies.split(",")):
        clients = [make_client(host) for _ in range(c)]
        run(clients, max(total // 10, c))  # warm-up: connections, imports, caches
        u0, s0 = cpu()
        wall = time.monotonic()
        n = run(clients, total)
        elapsed = time.monotonic() - wall
        u1, s1 = cpu()
        per = lambda d: d * 1e6 / n  # noqa: E731
        print(
            f"concurrency {c:>2}: {n} requests, client CPU {per(u1 - u0 + s1 - s0):.1f} µs/request "
            f"(user {per(u1 - u0):.1f}, system {per(s1 - s0):.1f}), {n / elapsed:.0f} requests/s",
            flush=True,
        )


if __name__ == "__main__":
    main()
