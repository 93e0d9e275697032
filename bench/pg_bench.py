"""GetInventoryAvailability and ReserveInventory on PostgreSQL beside SQLite, in the same run.

Run with `make bench` (or `python bench/pg_bench.py`). It seeds the same world (PRODUCTS, default 10,000) into a
SQLite file and into a fresh schema of the PostgreSQL at BACKOFFICE_SIM_TEST_PG_URL (default
postgresql://postgres@127.0.0.1:5432/test; the schema is dropped at the end), serves each with WORKERS workers,
and drives both with CONNS keep-alive clients (default 16) for DURATION seconds (default 10), ROUNDS times
(default 3) with the order alternating. It prints the median requests/s and p50/p99 latency per operation and
store, and the median of the per-round ratios PostgreSQL / SQLite. Skipped (exit 0, a line saying why) when no
PostgreSQL answers. Every process it starts is stopped by its own PID.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from soap_bench import PART_FORMAT, Server, free_port, request_template, start  # noqa: E402

from simulator.client import BackOfficeClient  # noqa: E402
from simulator.client.model import Line  # noqa: E402
from simulator.client.transport import HttpResponse, HttpTransport  # noqa: E402

PRODUCTS = int(os.environ.get("PRODUCTS", "10000"))
DURATION = float(os.environ.get("DURATION", "10"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
CONNS = int(os.environ.get("CONNS", "16"))
WORKERS = int(os.environ.get("WORKERS", "2"))
PG_URL = os.environ.get("BACKOFFICE_SIM_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
ORDER = b"BENCH-ORDER"
SKU = b"__SKU__"


class _Capture:
    """Keeps the request the reference client renders (answers nothing)."""

    sent: tuple[str, bytes, dict[str, str]] | None = None

    def post(self, url: str, body: bytes, headers: Any, timeout: float) -> HttpResponse:
        self.sent = (url, body, dict(headers))
        return HttpResponse(500, {}, b"")


def reserve_template(store_id: str, store_name: str) -> tuple[str, bytes, dict[str, str]]:
    """ReserveInventory of one unit, with the order id and part number left to fill in."""
    capture = _Capture()
    client = BackOfficeClient("", store_id=store_id, store_name=store_name, transport=capture)
    with contextlib.suppress(Exception):
        client.reserve_inventory(ORDER.decode(), [Line(SKU.decode(), 1, item_id="1")])
    assert capture.sent is not None
    return capture.sent


def drive(url: str, make: Callable[[int], bytes], headers: dict[str, str], seconds: float) -> dict[str, float]:
    """CONNS threads posting back to back for `seconds`; req/s and latency percentiles."""
    latencies: list[list[float]] = [[] for _ in range(CONNS)]
    errors = [0] * CONNS
    deadline = time.monotonic() + seconds

    def run(slot: int) -> None:
        transport = HttpTransport()
        n = slot * 1_000_003
        while time.monotonic() < deadline:
            n += 1
            began = time.perf_counter()
            try:
                answer = transport.post(url, make(n), headers, 30)
                ok = answer.status == 200
            except OSError:
                ok = False
            latencies[slot].append(time.perf_counter() - began)
            errors[slot] += 0 if ok else 1

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(CONNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    every = sorted(x for slot in latencies for x in slot)
    count = max(len(every), 1)
    return {
        "rps": len(every) / elapsed,
        "p50_ms": 1000 * every[count // 2] if every else 0.0,
        "p99_ms": 1000 * every[min(count - 1, int(count * 0.99))] if every else 0.0,
        "errors": float(sum(errors)),
    }


def serve(name: str, db: str, work: Path) -> Server:
    subprocess.run([sys.executable, "-m", "simulator", "seed", "--db", db, "--products", str(PRODUCTS)],
                   check=True, capture_output=True)
    port = free_port()
    return start(name, [sys.executable, "-m", "simulator", "serve", "--db", db, "--port", str(port),
                        "--workers", str(WORKERS)],
                 f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/_admin/health", work / f"{name}.log")


def pg_answers() -> str | None:
    """Why PostgreSQL cannot be used, or None."""
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as error:  # any failure means: skip, saying why
        return str(error).strip()
    return None


def drop_schema(schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for suffix in ("", "_control"):
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema + suffix)))


def main() -> None:
    why = pg_answers()
    if why is not None:
        print(f"pg_bench skipped: no PostgreSQL answers at {PG_URL} ({why})")
        return
    work = Path(tempfile.mkdtemp(prefix="bosim-pgbench-"))
    schema = f"bench_{os.getpid()}"
    servers: list[Server] = []
    try:
        servers.append(serve("sqlite", str(work / "bench.db"), work))
        servers.append(serve("postgresql", f"{PG_URL}{'&' if '?' in PG_URL else '?'}schema={schema}", work))
        report(servers)
    finally:
        for server in servers:
            server.stop()
        drop_schema(schema)
        shutil.rmtree(work, ignore_errors=True)


def operations(server: Server) -> dict[str, tuple[str, Callable[[int], bytes], dict[str, str]]]:
    stores = json.loads(urllib.request.urlopen(f"{server.url}/_admin/stores").read())
    online = stores["online_stores"][0]
    availability = request_template(online["store_id"], online["identifier"])
    path, reserve, headers = reserve_template(online["store_id"], online["identifier"])
    soap = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}

    def part(n: int) -> bytes:
        return (PART_FORMAT % (n % PRODUCTS + 1)).encode()

    return {
        "GetInventoryAvailability": (f"{server.url}/services/InventoryServices",
                                     lambda n: availability.replace(SKU, part(n)), soap),
        "ReserveInventory": (f"{server.url}{path}",
                             lambda n: reserve.replace(ORDER, f"B{n}".encode()).replace(SKU, part(n)), headers),
    }


def report(servers: list[Server]) -> None:
    print(f"\n{PRODUCTS} products, {WORKERS} workers per server, {CONNS} keep-alive clients, {ROUNDS} interleaved"
          f" rounds of {DURATION:g} s (clients and servers share the machine's cores; medians over the rounds)\n")
    print("| operation | store | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---:|---:|---:|---:|")
    ops = {server.name: operations(server) for server in servers}
    for operation in ("GetInventoryAvailability", "ReserveInventory"):
        runs: dict[str, list[dict[str, float]]] = {server.name: [] for server in servers}
        for number in range(ROUNDS):
            for server in servers if number % 2 == 0 else reversed(servers):
                url, make, headers = ops[server.name][operation]
                runs[server.name].append(drive(url, make, headers, DURATION))
        for name, rows in runs.items():
            row = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
            print(f"| {operation} | {name} | {row['rps']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} |"
                  f" {sum(r['errors'] for r in rows):.0f} |")
        ratios = [p["rps"] / max(s["rps"], 1e-9) for p, s in zip(runs["postgresql"], runs["sqlite"], strict=True)]
        print(f"| {operation} | **ratio PostgreSQL / SQLite** | **{statistics.median(ratios):.2f}x** |"
              f" rounds: {', '.join(f'{r:.2f}' for r in ratios)} | | |", flush=True)


if __name__ == "__main__":
    main()
