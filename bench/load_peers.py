"""The load profiles `miss` and `browse` beside WireMock (templated) and nginx (static) under the same Locust.

Run with `python bench/load_peers.py` (a few minutes). It starts a seeded simulator, WireMock with a templated
answer of the same size (bench/soap_bench.py's helpers) and nginx answering a static copy of it (nginx-light from
Debian's packages if missing), warms WireMock up unpinned for WARMUP seconds (default 60) and then pins it, like
nginx and the simulator, to CPU SERVER_CPUS (default 0); Locust runs on LOCUST_CPUS (default 1). Each target gets
DURATION seconds (default 20) of Locust FastHttpUser, USERS users (default 50), closed loop; then `miss` and
`browse` (the reference client through load/) run for the same time. Loopback only; every process is stopped by
its own PID. Prints a markdown table.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from soap_bench import ensure_wiremock, ensure_wrk, post, request_template, wiremock_mapping, wrk  # noqa: E402

from load.run import Options, Process, Summary, free_port, run, spawn, start_simulator, wait_http  # noqa: E402

DURATION = int(os.environ.get("DURATION", "20"))
USERS = int(os.environ.get("USERS", "50"))
PROFILE_USERS = int(os.environ.get("PROFILE_USERS", "20"))
WARMUP = int(os.environ.get("WARMUP", "60"))
SERVER_CPUS = os.environ.get("SERVER_CPUS", "0")
LOCUST_CPUS = os.environ.get("LOCUST_CPUS", "1")
PARTS = 1000


def ensure_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    install = ["apt-get", "install", "-y", "-qq", "nginx-light"]
    if subprocess.run(install, capture_output=True, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, check=True)
        subprocess.run(install, capture_output=True, check=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_conf(folder: Path, port: int, body: bytes) -> Path:
    text = body.decode()
    if "$" in text:
        raise ValueError("the static answer holds '$', which nginx would read as a variable")
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    conf = folder / "nginx.conf"
    conf.write_text(f"""
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder};
    server {{
        listen 127.0.0.1:{port};
        location / {{
            default_type "text/xml; charset=utf-8";
            return 200 "{quoted}";
        }}
    }}
}}
""")
    return conf


def locust_post(url: str, body_file: Path, folder: Path, label: str) -> dict[str, float]:
    """One headless FastHttpUser run (USERS users, DURATION s) pinned to LOCUST_CPUS; Locust's figures."""
    prefix = folder / label
    host, _, path = url.partition("/services")
    command = ["taskset", "-c", LOCUST_CPUS, sys.executable, "-m", "locust", "-f",
               str(HERE / "load_peers_locustfile.py"), "--headless", "-u", str(USERS), "-r", str(USERS),
               "-t", f"{DURATION}s", "--host", host, "--csv", str(prefix), "--only-summary", "--loglevel",
               "WARNING", "--stop-timeout", "2"]
    env = {**os.environ, "BODYFILE": str(body_file), "TARGET_PATH": "/services" + path, "PARTS": str(PARTS)}
    subprocess.run(command, env=env, capture_output=True, timeout=DURATION + 60, check=False)
    with open(f"{prefix}_stats.csv") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    return {"rps": float(total["Requests/s"]), "p50": float(total["50%"]), "p99": float(total["99%"]),
            "requests": int(total["Request Count"]), "failures": int(total["Failure Count"])}


def main() -> None:
    nginx = ensure_nginx()
    jar = ensure_wiremock()
    binary = ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="bosim-peers-"))
    started: list[Process] = []
    try:
        sim_url, simulator = start_simulator(work, PARTS, 2, SERVER_CPUS)
        started.append(simulator)
        online = json.loads(urllib.request.urlopen(sim_url + "/_admin/stores").read())["online_stores"][0]
        template = request_template(online["store_id"], online["identifier"])
        body_file = work / "request.xml"
        body_file.write_bytes(template)
        part = "BO-000001"
        sample = post(sim_url + "/services/InventoryServices", template.replace(b"__SKU__", part.encode()))

        (work / "wiremock" / "mappings").mkdir(parents=True)
        (work / "wiremock" / "mappings" / "availability.json").write_text(json.dumps(wiremock_mapping(sample, part)))
        wm_port = free_port()
        wiremock = spawn("wiremock", ["java", "-jar", str(jar), "--port", str(wm_port), "--bind-address",
                                      "127.0.0.1", "--root-dir", str(work / "wiremock"), "--no-request-journal",
                                      "--disable-banner"], work / "wiremock.log")
        started.append(wiremock)
        wm_url = f"http://127.0.0.1:{wm_port}/services/InventoryServices"
        wait_http(f"http://127.0.0.1:{wm_port}/__admin/mappings", wiremock, timeout=120)
        echoed = post(wm_url, template.replace(b"__SKU__", b"BO-000002"))
        assert b"BO-000002" in echoed, "the WireMock stub does not echo the part"

        ng_port = free_port()
        conf = nginx_conf(work, ng_port, sample)
        ng = spawn("nginx", [nginx, "-c", str(conf), "-p", str(work)], work / "nginx.log", SERVER_CPUS)
        started.append(ng)
        ng_url = f"http://127.0.0.1:{ng_port}/services/InventoryServices"
        deadline = time.monotonic() + 20
        while True:
            try:
                assert post(ng_url, template) == sample
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        print(f"answers: simulator {len(sample)} B, WireMock {len(echoed)} B, nginx {len(sample)} B; "
              f"request {len(template)} B", flush=True)

        print(f"warming WireMock up for {WARMUP} s (unpinned), then pinning it to CPU {SERVER_CPUS} ...", flush=True)
        wrk(binary, wm_url, body_file, 32, WARMUP)
        subprocess.run(["taskset", "-a", "-p", "-c", SERVER_CPUS, str(wiremock.pid)], capture_output=True,
                       check=True)
        wrk(binary, sim_url + "/services/InventoryServices", body_file, 32, 10)

        rows: list[tuple[str, str, int, dict[str, float]]] = []
        for name, url in (("nginx static", ng_url), ("WireMock templated", wm_url),
                          ("simulator", sim_url + "/services/InventoryServices")):
            figures = locust_post(url, body_file, work, name.split()[0])
            rows.append((name, "FastHttpUser, raw GetInventoryAvailability", USERS, figures))
            print(f"{name}: {figures}", flush=True)
        summaries: dict[str, Summary] = {}
        for profile in ("miss", "browse"):
            summary = run(Options(profile, duration=f"{DURATION}s", users=PROFILE_USERS, simulator_url=sim_url,
                                  simulator_pid=simulator.pid, locust_cpus=LOCUST_CPUS,
                                  results=work / f"profile-{profile}"))
            summaries[profile] = summary
            print(f"{profile}: exit {summary.exit_code}, results {summary.results}", flush=True)
        report(rows, summaries)
    finally:
        for process in reversed(started):
            process.stop()
        shutil.rmtree(work, ignore_errors=True)


def report(rows: list[tuple[str, str, int, dict[str, float]]], summaries: dict[str, Summary]) -> None:
    print(f"\nLocust 2.47 on CPU {LOCUST_CPUS}, servers on CPU {SERVER_CPUS} (simulator: 2 workers), "
          f"{DURATION} s per run, loopback\n")
    print("| target | Locust user | users | req/s | p50 ms | p99 ms | failures |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, user, users, f in rows:
        print(f"| {name} | {user} | {users} | {f['rps']:.0f} | {f['p50']:.0f} | {f['p99']:.0f} | "
              f"{f['failures']:.0f} |")
    for profile, summary in summaries.items():
        for kind, label in (("soap", "SOAP calls"), ("cache", "cache hits")):
            found = [r for r in summary.rows if r.type == kind]
            if not found:
                continue
            count = sum(r.rps for r in found)
            failures = sum(r.failures for r in found)
            print(f"| simulator, profile `{profile}`: {label} | SoapUser (reference client) | {summary.users} | "
                  f"{count:.0f} | {'/'.join(f'{r.p50:.0f}' for r in found)} | "
                  f"{'/'.join(f'{r.p99:.0f}' for r in found)} | {failures} |")
        if summary.hit_ratio is not None:
            print(f"(profile `{profile}`: cache hit ratio {100 * summary.hit_ratio:.1f} %)")
    print("\nProfile rows: p50/p99 per operation, GetInventoryAvailability/GetPriceList. Locust's own ceiling here is "
          "the nginx static row.")


if __name__ == "__main__":
    main()
