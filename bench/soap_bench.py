"""GetInventoryAvailability under wrk: the simulator beside WireMock answering a templated response of the same size.

Run with `make bench` (or `python bench/soap_bench.py`). It installs what it needs (wrk from Debian's packages,
WireMock from the npm registry into a cache folder), seeds a 10,000-product world, warms WireMock up for
WARMUP seconds (default 180: after 60 s its JIT still gains 30-40 % at 32 connections) and the simulator for
SIM_WARMUP seconds (default 20: its availability memo fills),
then, at 32 and 128 connections, runs wrk for DURATION seconds (default 10) against each, ROUNDS times (default 5)
with the order alternating, on loopback only. It prints the median requests/s, p50/p99 latency and server CPU per
request of each, and the median of the per-round ratios simulator / WireMock (this shared machine's speed drifts
by 20 % or more within minutes; interleaving keeps that drift out of the ratio). Every process it starts is
stopped by its own PID.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "simulator" / "bod" / "samples" / "GetInventoryAvailability_partnumber_store_name.xml"
CACHE = Path(os.environ.get("BENCH_CACHE", Path.home() / ".cache" / "backoffice-sim-bench"))
WIREMOCK_VERSION = "3.13.2"
PRODUCTS = int(os.environ.get("PRODUCTS", "10000"))
WARMUP = int(os.environ.get("WARMUP", "180"))
SIM_WARMUP = int(os.environ.get("SIM_WARMUP", "20"))
DURATION = int(os.environ.get("DURATION", "10"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))
CONNECTIONS = tuple(int(c) for c in os.environ.get("CONNS", "32 128").split())
WORKERS = int(os.environ.get("WORKERS", "2"))
PART_FORMAT = "BO-%06d"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk") or "wrk"


def ensure_wiremock() -> Path:
    folder = CACHE / "node"
    jars = sorted(folder.glob("node_modules/wiremock/build/wiremock-standalone-*.jar"))
    if not jars:
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "package.json").exists():
            subprocess.run(["npm", "init", "-y"], cwd=folder, check=True, capture_output=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", f"wiremock@{WIREMOCK_VERSION}"],
            cwd=folder, check=True, capture_output=True,
        )
        jars = sorted(folder.glob("node_modules/wiremock/build/wiremock-standalone-*.jar"))
    return jars[0]


@dataclass
class Server:
    """A server process started here, stopped by its own PID (process group)."""

    name: str
    url: str
    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> float:
        return sum(_cpu(pid) for pid in _tree(self.process.pid))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for c in child.read_text().split():
            pids.extend(_tree(int(c)))
    return pids


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(name: str, command: list[str], url: str, ready: str, log: Path) -> Server:
    process = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited; see {log}")
        try:
            urllib.request.urlopen(ready, timeout=2).read()
            return Server(name, url, process)
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{name} did not start")


def request_template(store_id: str, store_name: str) -> bytes:
    tree = etree.parse(str(SAMPLE))
    ns = {"oa": "http://www.openapplications.org/oagis/9", "w": "http://www.ibm.com/xmlns/prod/commerce/9/foundation"}
    tree.xpath("//w:ContextData[@name='storeId']", namespaces=ns)[0].text = store_id
    tree.xpath("//oa:Expression", namespaces=ns)[0].text = (
        "{_wcf.ap=IBM_Store_Details}/InventoryAvailability[InventoryAvailabilityIdentifier/ExternalIdentifier["
        f"(CatalogEntryIdentifier/ExternalIdentifier[(PartNumber='__SKU__')] and "
        f"OnlineStoreIdentifier/ExternalIdentifier[(NameIdentifier='{store_name}')])]]"
    )
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def post(url: str, body: bytes) -> bytes:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "text/xml; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return bytes(response.read())


def wiremock_mapping(sample_response: bytes, part: str) -> dict[str, object]:
    """A stub answering the simulator's own response with the part number taken from the request."""
    extract = (
        "{{regexExtract (xPath request.body '//*[local-name()=\"Expression\"]/text()') "
        "\"PartNumber='([^']+)'\" 'found'}}{{found.0}}"
    )
    body = sample_response.decode().replace(part, extract)
    body = re.sub(r"<oa:BODID>[^<]*</oa:BODID>", "<oa:BODID>{{randomValue type='UUID'}}</oa:BODID>", body, count=1)
    return {
        "request": {"method": "POST", "urlPath": "/services/InventoryServices",
                    "bodyPatterns": [{"contains": "GetInventoryAvailability"}]},
        "response": {"status": 200, "headers": {"Content-Type": "text/xml; charset=utf-8"},
                     "body": body, "transformers": ["response-template"]},
    }


def wrk(binary: str, url: str, body: Path, connections: int, seconds: int) -> dict[str, float]:
    command = [binary, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(HERE / "wrk_post.lua"),
               url, "--", str(body), str(PRODUCTS), PART_FORMAT]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    return dict(json.loads(line.removeprefix("WRKJSON ")))


def measure(server: Server, binary: str, body: Path, connections: int) -> dict[str, float]:
    before = server.cpu_seconds()
    result = wrk(binary, server.url, body, connections, DURATION)
    cpu = server.cpu_seconds() - before
    seconds = result["duration_us"] / 1e6
    return {
        "rps": result["requests"] / seconds,
        "p50_ms": result["p50_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "cpu_us": 1e6 * cpu / max(result["requests"], 1),
        "errors": result["errors"] + result["non2xx"],
    }


def main() -> None:
    binary = ensure_wrk()
    jar = ensure_wiremock()
    work = Path(tempfile.mkdtemp(prefix="bosim-bench-"))
    servers: list[Server] = []
    try:
        db = work / "bench.db"
        subprocess.run([sys.executable, "-m", "simulator", "seed", "--db", str(db), "--products", str(PRODUCTS)],
                       check=True, capture_output=True)
        port = free_port()
        sim = start("simulator", [sys.executable, "-m", "simulator", "serve", "--db", str(db), "--port", str(port),
                                  "--workers", str(WORKERS)],
                    f"http://127.0.0.1:{port}/services/InventoryServices", f"http://127.0.0.1:{port}/_admin/health",
                    work / "simulator.log")
        servers.append(sim)
        stores = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/_admin/stores").read())
        online = stores["online_stores"][0]
        template = request_template(online["store_id"], online["identifier"])
        body = work / "request.xml"
        body.write_bytes(template)
        part = PART_FORMAT % 1
        sample = post(sim.url, template.replace(b"__SKU__", part.encode()))
        (work / "wiremock" / "mappings").mkdir(parents=True)
        (work / "wiremock" / "mappings" / "availability.json").write_text(json.dumps(wiremock_mapping(sample, part)))
        wm_port = free_port()
        wiremock = start("wiremock", ["java", "-jar", str(jar), "--port", str(wm_port), "--bind-address", "127.0.0.1",
                                      "--root-dir", str(work / "wiremock"), "--no-request-journal",
                                      "--disable-banner"],
                         f"http://127.0.0.1:{wm_port}/services/InventoryServices",
                         f"http://127.0.0.1:{wm_port}/__admin/mappings", work / "wiremock.log")
        servers.append(wiremock)
        echoed = post(wiremock.url, template.replace(b"__SKU__", b"BO-000002"))
        assert b"BO-000002" in echoed and abs(len(echoed) - len(sample)) < 64, "WireMock stub does not echo the part"
        print(f"response sizes: simulator {len(sample)} B, WireMock {len(echoed)} B; request {len(template)} B")
        print(f"warming WireMock up for {WARMUP} s ...", flush=True)
        wrk(binary, wiremock.url, body, 32, WARMUP)
        wrk(binary, sim.url, body, 32, SIM_WARMUP)
        report(binary, body, sim, wiremock)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


def report(binary: str, body: Path, sim: Server, wiremock: Server) -> None:
    print(f"\nGetInventoryAvailability, {PRODUCTS} products, random parts, {ROUNDS} interleaved rounds of {DURATION} s"
          f" per target, wrk -t2 on loopback, simulator with {WORKERS} workers (server and wrk share the machine's"
          " cores; figures are medians over the rounds, the ratio is the median of the per-round ratios)\n")
    print("| conns | target | req/s | p50 ms | p99 ms | server CPU us/req | errors |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for connections in CONNECTIONS:
        runs: dict[str, list[dict[str, float]]] = {"wiremock": [], "simulator": []}
        for number in range(ROUNDS):
            # Alternate who goes first so that a machine getting faster or slower favours neither.
            order = (wiremock, sim) if number % 2 == 0 else (sim, wiremock)
            for server in order:
                runs[server.name].append(measure(server, binary, body, connections))
        ratios = [s["rps"] / w["rps"] for s, w in zip(runs["simulator"], runs["wiremock"], strict=True)]
        for name, rows in runs.items():
            row = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
            errors = sum(r["errors"] for r in rows)
            print(f"| {connections} | {name} | {row['rps']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} |"
                  f" {row['cpu_us']:.0f} | {errors:.0f} |")
        per_round = ", ".join(f"{r:.2f}" for r in ratios)
        print(f"| {connections} | **ratio simulator / WireMock** | **{statistics.median(ratios):.2f}x** |"
              f" rounds: {per_round} | | | |", flush=True)
        for name, rows in runs.items():
            by_round = ", ".join(f"{row['rps']:.0f}" for row in rows)
            print(f"| {connections} | {name}, req/s by round | {by_round} | | | | |")


if __name__ == "__main__":
    main()
