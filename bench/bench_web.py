"""Benchmark: the web app on the full demo company (about 1.5 million contacts).

1. Server time (the app's ``Server-Timing`` header) of the dashboard and of a monthly
   statement page: the first request after the server starts (it fills the dashboard's
   memo), then 60 requests each after a warm-up: median and p95 against the target of
   300 ms p95. Baseline measured in the same run: computing that statement with the
   service directly (`regie evaluate --draft` in-process), the work a page would do if it
   recomputed instead of reading the recorded statement.
2. 50 concurrent users on loopback for 60 s: each logs in through the form and browses
   the dashboard, statements, a statement, contracts, imports and QA. Reports requests,
   errors, and the client-side median and p95 latency; the baseline is one user alone.

The server is `regie serve` in its own process (one uvicorn worker); the load comes from
this process. Set DEMO=DIR to reuse a demo company built earlier (`regie demo DIR --size
full`), USERS and SECONDS to change the load.

    python bench/bench_web.py
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

USERS = int(os.environ.get("USERS", "50"))
SECONDS = float(os.environ.get("SECONDS", "60"))
PASSWORD = "demo-manager-2025"
TARGET_MS = 300.0


def company(folder: Path) -> Path:
    from regie.demo.company import DemoRequest, build_company

    given = os.environ.get("DEMO")
    if given:
        return Path(given) / "workspace"
    start = time.perf_counter()
    built = build_company(DemoRequest(folder / "demo", size="full"))
    print(f"full demo company built in {time.perf_counter() - start:.0f} s "
          f"({built.year.imported:,} contacts in operations)")  # fmt: skip
    return built.request.workspace


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(workspace: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "regie", "serve", "-w", str(workspace), "--port", str(port),
               "--insecure-cookies"]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def log_in(client: httpx.Client | httpx.AsyncClient, form: str) -> dict[str, str]:
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    return {"username": "manager", "password": PASSWORD, "csrf_token": token.group(1)}


def server_ms(response: httpx.Response) -> float:
    found = re.search(r"dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(found.group(1)) if found else float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def page_times(base: str, paths: dict[str, str]) -> dict[str, list[float]]:
    with httpx.Client(base_url=base, follow_redirects=True, timeout=60) as client:
        client.post("/login", data=log_in(client, client.get("/login").text))
        found: dict[str, list[float]] = {}
        for name, path in paths.items():
            first = client.get(path)
            assert first.status_code == 200, path
            print(f"{name} page, first request after the server started: {server_ms(first):.0f} ms")
            for _ in range(4):
                client.get(path)
            found[name] = [server_ms(client.get(path)) for _ in range(60)]
        return found


async def user(base: str, paths: list[str], until: float, out: list[tuple[float, int]]) -> None:
    async with httpx.AsyncClient(base_url=base, follow_redirects=True, timeout=120) as client:
        form = (await client.get("/login")).text
        await client.post("/login", data=log_in(client, form))
        step = 0
        while time.perf_counter() < until:
            start = time.perf_counter()
            try:
                status = (await client.get(paths[step % len(paths)])).status_code
            except httpx.HTTPError:
                status = 599
            out.append(((time.perf_counter() - start) * 1000, status))
            step += 1


def load(base: str, paths: list[str], users: int, seconds: float) -> list[tuple[float, int]]:
    results: list[tuple[float, int]] = []

    async def everyone() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(user(base, paths, until, results) for _ in range(users)))

    asyncio.run(everyone())
    return results


def report_load(name: str, results: list[tuple[float, int]], seconds: float) -> float:
    times = [ms for ms, _ in results]
    errors = sum(1 for _, status in results if status >= 400)
    p95 = percentile(times, 0.95)
    print(f"{name}: {len(results):,} requests in {seconds:.0f} s "
          f"({len(results) / seconds:.1f}/s), errors {errors}, "
          f"median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms")  # fmt: skip
    return statistics.median(times)


def main() -> None:
    from regie import bootstrap
    from regie.demo.plan import CHOSEN, months
    from regie.services.statements import evaluate

    with tempfile.TemporaryDirectory(prefix="regie-bench-web-") as folder:
        workspace = company(Path(folder))
        month = months()[-1]
        vendor = quote(CHOSEN.name)
        start = time.perf_counter()
        evaluate(bootstrap.store(workspace), bootstrap.governance(workspace), CHOSEN.name,
                 month, True, False)  # fmt: skip
        direct_ms = (time.perf_counter() - start) * 1000
        port = free_port()
        server = start_server(workspace, port)
        base = f"http://127.0.0.1:{port}"
        try:
            paths = {"dashboard": "/", "statement": f"/statements/{vendor}/{month}"}
            for name, times in page_times(base, paths).items():
                p95 = percentile(times, 0.95)
                print(f"{name} page server time: median {statistics.median(times):.1f} ms, "
                      f"p95 {p95:.1f} ms (target ≤ {TARGET_MS:.0f} ms: "
                      f"{'met' if p95 <= TARGET_MS else 'NOT met'}); "
                      f"ratio p95 / direct statement computation ({direct_ms:.0f} ms): "
                      f"{p95 / direct_ms:.3f}")  # fmt: skip
            browse = ["/", "/statements", paths["statement"], "/contracts", "/imports", "/qa"]
            alone = report_load("1 user", load(base, browse, 1, 10), 10)
            crowd = report_load(f"{USERS} users", load(base, browse, USERS, SECONDS), SECONDS)
            print(f"ratio of median latency, {USERS} users / 1 user: {crowd / alone:.1f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
