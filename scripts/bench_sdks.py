#!/usr/bin/env python3
"""Client CPU per request on loopback: tcapi against the official SDKs, in one run.

Every client sends CAR ``ApplyConcurrent`` (2022-01-10, four parameters) with keep-alive
to one local ``tcapi-mock`` (signatures checked, rate limits off, log off) at concurrency 1
and 64, and reports the CPU time of its own process (user + system, from ``getrusage`` or
``process.cpuUsage``; not wall time) per request after a warm-up. The clients:

- tcapi: ``tests/e2e/examples/loopback_cpu.rs`` (the default transport), pointed at the
  server with ``LOOPBACK_URL``;
- Python: ``tencentcloud-sdk-python`` in a venv the script creates
  (``scripts/sdk-bench/python_client.py``; one client and connection per thread);
- Node.js: ``tencentcloud-sdk-nodejs`` installed with npm into a scratch directory
  (``scripts/sdk-bench/node_client.js``; a keep-alive agent);
- Go: ``tencentcloud-sdk-go`` when ``GO_SDK_DIR`` names a checkout of it and ``go`` is
  installed (``scripts/sdk-bench/go_client.go``, built in a scratch module whose ``go.mod``
  replaces the SDK's modules with that checkout); otherwise the row is skipped with a note.

Each client runs ``--runs`` times (the order rotates between runs, so that a change of load
on a shared machine spreads over all of them); the table gives the median of the runs, the
range, and the ratio to tcapi's median of the same run. ``OURS_BEFORE=<a loopback_cpu
binary>`` adds a row for another build of ours (e.g. before a change), measured alike.

Usage: ``scripts/bench_sdks.py [--runs 3] [--requests 20000] [--only tcapi,go,node,python]
[--no-build]``. Scratch files go to ``target/sdk-bench`` (``SDK_BENCH_DIR`` overrides).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
SCRATCH = os.environ.get("SDK_BENCH_DIR") or os.path.join(TARGET, "sdk-bench")
CLIENTS = os.path.join(ROOT, "scripts", "sdk-bench")

PYTHON_SDK = "tencentcloud-sdk-python==3.1.195"
NODE_SDK = "tencentcloud-sdk-nodejs@4.1.313"
GO_MODULE = "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud"

# The keys tests/e2e's test server and loopback_cpu use (tests/e2e/src/server.rs).
SECRET_ID = "AKIDLOCALTESTSERVER0000000000000000"
SECRET_KEY = "local-test-secret-key-0000000000"

LINE = re.compile(r"concurrency\s+(\d+): (\d+) requests, client CPU ([\d.]+) µs/request")


def note(message):
    print(message, file=sys.stderr, flush=True)


def run_quiet(cmd, **kw):
    """Runs a setup command; on failure shows its output and exits."""
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        note(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return done


def build_ours():
    note("building loopback_cpu and tcapi-mock (release)")
    for args in (["-p", "tcapi-tests", "--example", "loopback_cpu"], ["-p", "tcapi-mock"]):
        subprocess.run(["cargo", "build", "--release", "--quiet", *args], cwd=ROOT, check=True)


def setup_python():
    venv = os.path.join(SCRATCH, "venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        note(f"creating a venv in {venv}")
        run_quiet([sys.executable, "-m", "venv", venv])
    probe = subprocess.run([python, "-c", "import tencentcloud.car.v20220110"], capture_output=True)
    if probe.returncode != 0:
        note(f"installing {PYTHON_SDK} into the venv")
        run_quiet(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PYTHON_SDK],
            env=dict(os.environ, PIP_ROOT_USER_ACTION="ignore"),
        )
    return [python, os.path.join(CLIENTS, "python_client.py")], {}


def setup_node():
    if not shutil.which("node") or not shutil.which("npm"):
        return None, "node or npm is not installed"
    prefix = os.path.join(SCRATCH, "node")
    modules = os.path.join(prefix, "node_modules")
    if not os.path.isdir(os.path.join(modules, "tencentcloud-sdk-nodejs")):
        note(f"installing {NODE_SDK} into {prefix}")
        os.makedirs(prefix, exist_ok=True)
        run_quiet(
            ["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--omit=dev", NODE_SDK]
        )
    return ["node", os.path.join(CLIENTS, "node_client.js")], {"NODE_PATH": modules}


def setup_go():
    sdk = os.environ.get("GO_SDK_DIR")
    if not sdk:
        return None, "GO_SDK_DIR is not set (a checkout of tencentcloud-sdk-go)"
    if not shutil.which("go"):
        return None, "go is not installed"
    sdk = os.path.abspath(sdk)
    for module in ("common", "car"):
        if not os.path.exists(os.path.join(sdk, "tencentcloud", module, "go.mod")):
            return None, f"GO_SDK_DIR={sdk} has no tencentcloud/{module}/go.mod"
    work = os.path.join(SCRATCH, "go")
    os.makedirs(work, exist_ok=True)
    shutil.copy(os.path.join(CLIENTS, "go_client.go"), os.path.join(work, "main.go"))
    with open(os.path.join(work, "go.mod"), "w", encoding="utf-8") as f:
        f.write("module tcapi-sdk-bench\n\ngo 1.17\n\nrequire (\n")
        for module in ("car", "common"):
            f.write(f"\t{GO_MODULE}/{module} v1.0.0\n")
        f.write(")\n\n")
        for module in ("car", "common"):
            f.write(f"replace {GO_MODULE}/{module} => {sdk}/tencentcloud/{module}\n")
    binary = os.path.join(work, "go_client")
    note("building the Go client")
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local")
    env.setdefault("GOCACHE", os.path.join(SCRATCH, "go-cache"))
    env.setdefault("GOPATH", os.path.join(SCRATCH, "gopath"))
    run_quiet(["go", "build", "-o", binary, "."], cwd=work, env=env)
    return [binary], {}


# The Node.js SDK signs the Host header without its port (Tencent's endpoints are all on
# 443), so it needs a server on port 80: on a loopback address of its own when the script
# may bind one (root or CAP_NET_BIND_SERVICE); otherwise any port, and no Node.js row.
PORT_80 = "127.84.67.1:80"


def start_server(listen):
    mock = os.path.join(TARGET, "release", "tcapi-mock")
    cmd = [
        mock,
        "--specs", os.path.join(ROOT, "specs"),
        "--listen", listen,
        "--secret-id", SECRET_ID,
        "--secret-key", SECRET_KEY,
        "--log", "off",
        "--no-rate-limits",
    ]
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    found = re.search(r"listening on http://(\S+)", line)
    if not found:
        server.kill()
        _, err = server.communicate()
        return None, (line + err).strip()
    host = found.group(1)
    # The clients take HOST:PORT; port 80 is spelled out for them.
    return server, host if ":" in host else f"{host}:80"


def measure(cmd, env, host, requests, concurrency):
    """CPU µs per request by concurrency, from one run of a client."""
    full_env = dict(os.environ, BENCH_SECRET_ID=SECRET_ID, BENCH_SECRET_KEY=SECRET_KEY, **env)
    if cmd[0].endswith("loopback_cpu") or "loopback_cpu" in os.path.basename(cmd[0]):
        full_env.update(LOOPBACK_URL=f"http://{host}", LOOPBACK_CONCURRENCY=concurrency)
        args = cmd + [str(requests)]
    else:
        args = cmd + [host, str(requests), concurrency]
    done = subprocess.run(args, capture_output=True, text=True, env=full_env, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError((done.stdout + done.stderr).strip()[-2000:])
    return {int(m.group(1)): float(m.group(3)) for m in LINE.finditer(done.stdout)}


def load():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20000, help="per run of tcapi and Go")
    parser.add_argument("--concurrency", default="1,64")
    parser.add_argument("--only", default="tcapi,go,node,python")
    parser.add_argument("--no-build", action="store_true")
    a = parser.parse_args()
    wanted = a.only.split(",")
    os.makedirs(SCRATCH, exist_ok=True)
    if not a.no_build:
        build_ours()

    # name -> (command, environment, requests per run)
    clients = {}
    skipped = {}
    ours = os.path.join(TARGET, "release", "examples", "loopback_cpu")
    clients["tcapi"] = ([ours], {}, a.requests)
    before = os.environ.get("OURS_BEFORE")
    if before:
        clients["tcapi (OURS_BEFORE)"] = ([os.path.abspath(before)], {}, a.requests)
    # The slower clients send fewer requests: the per-request figure needs no more.
    for name, setup, share in (
        ("go", setup_go, 1),
        ("node", setup_node, 4),
        ("python", setup_python, 10),
    ):
        if name not in wanted:
            continue
        cmd, env = setup()
        if cmd is None:
            skipped[name] = env
            note(f"skipping {name}: {env}")
        else:
            clients[name] = (cmd, env, max(a.requests // share, 640))
    if "tcapi" not in wanted:
        del clients["tcapi"]

    server, host = start_server(PORT_80)
    if server is None:
        note(f"cannot listen on {PORT_80} ({host}): any port instead")
        server, host = start_server("127.0.0.1:0")
        if server is None:
            raise SystemExit(f"tcapi-mock did not start: {host}")
        if "node" in clients:
            del clients["node"]
            skipped["node"] = "no server on port 80 (the SDK signs the host without its port)"
    concurrencies = [int(c) for c in a.concurrency.split(",")]
    results = {name: {c: [] for c in concurrencies} for name in clients}
    ratios = {name: {c: [] for c in concurrencies} for name in clients}
    load_before = load()
    started = time.monotonic()
    try:
        names = list(clients)
        for r in range(a.runs):
            order = names[r % len(names):] + names[: r % len(names)]
            run = {}
            for name in order:
                cmd, env, requests = clients[name]
                note(f"run {r + 1}/{a.runs}: {name} ({requests} requests per concurrency)")
                try:
                    run[name] = measure(cmd, env, host, requests, a.concurrency)
                except (RuntimeError, subprocess.TimeoutExpired) as e:
                    raise SystemExit(f"{name} failed: {e}") from None
            for name, figures in run.items():
                for c in concurrencies:
                    results[name][c].append(figures[c])
                    if "tcapi" in run:
                        ratios[name][c].append(figures[c] / run["tcapi"][c])
    finally:
        server.kill()
        server.wait()

    print(
        f"\nclient CPU µs per request (user + system), loopback keep-alive, CAR ApplyConcurrent, "
        f"tcapi-mock; median of {a.runs} runs [min–max]; ratio: median of the per-run ratios to "
        f"tcapi; load average {load_before} before, {load()} after, "
        f"{time.monotonic() - started:.0f} s, {os.cpu_count()} CPUs\n"
    )
    header = "| client |" + "".join(f" c={c} | ratio |" for c in concurrencies)
    print(header)
    print("| --- |" + " --- | --- |" * len(concurrencies))
    for name in clients:
        cells = []
        for c in concurrencies:
            xs = results[name][c]
            cells.append(f" {statistics.median(xs):,.1f} [{min(xs):,.1f}–{max(xs):,.1f}] |")
            rs = ratios[name][c]
            cells.append(f" {statistics.median(rs):.2f}× |" if rs else " |")
        print(f"| {name} |" + "".join(cells))
    for name, why in skipped.items():
        print(f"| {name} | skipped: {why} |")


if __name__ == "__main__":
    main()
