"""Run one load profile headless: its own simulator (unless SIMULATOR_URL), Locust, then a summary and results.

    python -m load PROFILE [--duration 20s] [--users N] [--spawn-rate R] [--shape steady|ramp|spike]
                           [--simulator-url URL] [--workers N] [--results DIR] [-- extra Locust options]

A profile is `load/profiles/<name>.conf` (a Locust config file naming its locustfile). Everything runs on
loopback, every run is bounded in time, and every process started here is stopped by its own PID.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from load import latency
from load.memory import RssSampler

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROFILES = HERE / "profiles"
RESULTS = HERE / "results"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
READ_OPERATIONS = ("GetInventoryAvailability", "GetPriceList")


def profiles() -> list[str]:
    """The profile names (one .conf each)."""
    return sorted(path.stem for path in PROFILES.glob("*.conf"))


def read_conf(path: Path) -> dict[str, str]:
    """The `key = value` lines of a Locust config file."""
    found: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, _, value = line.partition("=")
            found[key.strip()] = value.strip()
    return found


def seconds(value: str) -> float:
    """A Locust duration (20, 20s, 2m, 1h30m) in seconds."""
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([hms])", value)
    if not parts or "".join(f"{n}{u}" for n, u in parts) != value.replace(" ", ""):
        raise ValueError(f"not a duration: {value!r} (e.g. 20s, 2m, 1h30m)")
    return sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def loopback(url: str) -> str:
    """The URL, refused unless it is http on loopback."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        raise SystemExit(f"refusing {url!r}: only http loopback URLs are allowed")
    return url.rstrip("/")


@dataclass
class Process:
    """A process started here (in its own session), stopped by its own PID."""

    name: str
    popen: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.popen.pid

    def wait(self, timeout: float) -> int | None:
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        if self.popen.poll() is not None:
            return
        for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                return
            if self.wait(grace) is not None:
                return


def spawn(name: str, command: list[str], log: Path, cpus: str | None = None, **kwargs: Any) -> Process:
    pinned = ["taskset", "-c", cpus, *command] if cpus else command
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    popen = subprocess.Popen(pinned, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
                             cwd=ROOT, env=env, **kwargs)
    return Process(name, popen)


def wait_http(url: str, process: Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited with {process.popen.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{process.name} did not answer {url}")


def start_simulator(folder: Path, products: int, workers: int, cpus: str | None) -> tuple[str, Process]:
    """A seeded simulator on a free loopback port (seed 42, `products` parts)."""
    port = free_port()
    command = [sys.executable, "-m", "simulator", "serve", "--db", str(folder / "world.db"), "--port", str(port),
               "--workers", str(workers), "--products", str(products), "--seed", "42"]
    process = spawn("simulator", command, folder / "simulator.log", cpus)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/_admin/health", process, timeout=120)
    except BaseException:
        process.stop()
        raise
    return url, process


@dataclass
class Row:
    """One line of Locust's stats: request type and name, counts, rate and latencies (ms)."""

    type: str
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p99: float
    average: float


@dataclass
class Summary:
    """What a run measured; written to summary.json beside Locust's CSV and HTML."""

    profile: str
    users: int
    shape: str
    duration_s: float
    target: str
    results: str
    exit_code: int
    rows: list[Row] = field(default_factory=list)
    soap_calls: int = 0
    soap_per_s: float = 0.0
    failures: int = 0
    failure_ratio: float = 0.0
    cache_hits: int = 0
    cache_lookups: int = 0
    hit_ratio: float | None = None
    cache: dict[str, Any] = field(default_factory=dict)
    rss_warmup_kib: int | None = None
    rss_end_kib: int | None = None
    rss_warmup_at_s: float | None = None
    rss_samples: list[tuple[float, int]] = field(default_factory=list)
    workers: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def rss_growth(self) -> float | None:
        if not self.rss_warmup_kib or self.rss_end_kib is None:
            return None
        return self.rss_end_kib / self.rss_warmup_kib - 1


def read_rows(stats_csv: Path) -> list[Row]:
    """Locust's <prefix>_stats.csv, the Aggregated line left out."""
    def number(value: str | None) -> float:
        try:
            return float(value or 0)
        except ValueError:
            return 0.0

    rows = []
    with stats_csv.open() as handle:
        for line in csv.DictReader(handle):
            if line["Name"] == "Aggregated":
                continue
            rows.append(Row(line["Type"], line["Name"], int(line["Request Count"]), int(line["Failure Count"]),
                            number(line["Requests/s"]), number(line["50%"]), number(line["99%"]),
                            number(line["Average Response Time"])))
    return rows


def summarize(summary: Summary, folder: Path) -> Summary:
    """Fill in the figures from Locust's CSV and the cache and worker files the Locust processes left."""
    summary.rows = read_rows(folder / "locust_stats.csv")
    soap = [row for row in summary.rows if row.type == "soap"]
    cache = [row for row in summary.rows if row.type == "cache"]
    summary.soap_calls = sum(row.requests for row in soap)
    summary.soap_per_s = sum(row.rps for row in soap)
    summary.failures = sum(row.failures for row in summary.rows)
    total = sum(row.requests for row in summary.rows)
    summary.failure_ratio = summary.failures / total if total else 0.0
    counted: dict[str, dict[str, int]] = {}
    for path in sorted(folder.glob("cache-*.json")):
        figures = json.loads(path.read_text())
        for kind in ("availability", "prices"):
            slot = counted.setdefault(kind, {"hits": 0, "misses": 0, "evictions": 0, "expirations": 0})
            for key in slot:
                slot[key] += int(figures[kind][key])
    summary.cache = counted
    hits = sum(row.requests for row in cache)
    misses = sum(row.requests for row in soap if row.name in READ_OPERATIONS)
    if counted and any(c["hits"] + c["misses"] for c in counted.values()):
        summary.cache_hits = sum(c["hits"] for c in counted.values())
        summary.cache_lookups = summary.cache_hits + sum(c["misses"] for c in counted.values())
    elif hits:
        summary.cache_hits, summary.cache_lookups = hits, hits + misses
    if summary.cache_lookups:
        summary.hit_ratio = summary.cache_hits / summary.cache_lookups
    workers = folder / "workers.json"
    if workers.exists():
        summary.workers = {k: int(v) for k, v in json.loads(workers.read_text()).items()}
    return summary


def render(summary: Summary) -> str:
    """The summary table printed at the end of a run."""
    out = [f"profile {summary.profile}: {summary.users} users, {summary.shape}, {summary.duration_s:g} s, "
           f"target {summary.target}", ""]
    out.append(f"| {'type':<5} | {'name':<26} | {'requests':>8} | {'fails':>5} | {'req/s':>8} | {'p50 ms':>6} | "
               f"{'p99 ms':>6} | {'avg ms':>6} |")
    out.append(f"|{'-' * 7}|{'-' * 28}|{'-' * 9}:|{'-' * 6}:|{'-' * 9}:|{'-' * 7}:|{'-' * 7}:|{'-' * 7}:|")
    for row in sorted(summary.rows, key=lambda r: (r.type, r.name)):
        out.append(f"| {row.type:<5} | {row.name:<26} | {row.requests:>8} | {row.failures:>5} | {row.rps:>8.1f} | "
                   f"{row.p50:>6.3g} | {row.p99:>6.3g} | {row.average:>6.3g} |")
    out.append("")
    out.append(f"SOAP calls to the back office: {summary.soap_calls} ({summary.soap_per_s:.1f}/s); failures: "
               f"{summary.failures} ({100 * summary.failure_ratio:.2f} % of all requests)")
    if summary.hit_ratio is not None:
        parts = ", ".join(f"{kind} {100 * c['hits'] / max(1, c['hits'] + c['misses']):.1f} %"
                          for kind, c in summary.cache.items() if c["hits"] + c["misses"])
        out.append(f"cache hit ratio: {100 * summary.hit_ratio:.1f} % ({summary.cache_hits} hits of "
                   f"{summary.cache_lookups} lookups{'; ' + parts if parts else ''}); hits are the 'cache' rows, "
                   "misses the 'soap' rows of the same name")
    if summary.rss_end_kib is not None:
        growth = summary.rss_growth
        out.append(f"simulator RSS (process tree): {summary.rss_warmup_kib / 1024 if summary.rss_warmup_kib else 0:.1f}"
                   f" MiB after the {summary.rss_warmup_at_s:g} s warm-up, {summary.rss_end_kib / 1024:.1f} MiB at "
                   f"the end" + (f" ({100 * growth:+.1f} %)" if growth is not None else ""))
    if summary.workers:
        out.append("requests per Locust worker: " + ", ".join(f"{k}: {v}" for k, v in summary.workers.items()))
    out.extend(summary.notes)
    out.append(f"results: {summary.results}")
    return "\n".join(out)


@dataclass
class Options:
    """A run's settings (command line over the profile's config file)."""

    profile: str
    duration: str | None = None
    users: int | None = None
    spawn_rate: float | None = None
    shape: str | None = None
    simulator_url: str | None = None
    simulator_pid: int | None = None
    products: int = 1000
    sim_workers: int = 2
    workers: int = 0
    results: Path | None = None
    locust_cpus: str | None = None
    server_cpus: str | None = None
    rss_warmup: float | None = None
    extra: list[str] = field(default_factory=list)
    echo: bool = True


def run(options: Options) -> Summary:
    """Run the profile and return its summary (also written to summary.json in the results folder)."""
    conf_path = PROFILES / f"{options.profile}.conf"
    if not conf_path.exists():
        raise SystemExit(f"unknown profile {options.profile!r}; one of: {', '.join(profiles())}")
    conf = read_conf(conf_path)
    duration = seconds(options.duration or conf.get("run-time", "20s"))
    users = options.users or int(conf.get("users", "10"))
    shape = options.shape or conf.get("shape", "steady")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = options.results or RESULTS / f"{options.profile}-{stamp}"
    folder.mkdir(parents=True, exist_ok=True)
    guard = duration + 90
    with ExitStack() as stack:
        pid = options.simulator_pid
        if options.simulator_url:
            target = loopback(options.simulator_url)
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bosim-load-")))
            target, simulator = start_simulator(work, options.products, options.sim_workers, options.server_cpus)
            stack.callback(simulator.stop)
            pid = simulator.pid
        host = target
        median = float(conf.get("latency-median-ms", "0") or 0)
        if median > 0:
            rule_id = latency.arm(target, median, float(conf.get("latency-sigma", "0.5")))
            stack.callback(latency.disarm, target, rule_id)
        warmup = options.rss_warmup if options.rss_warmup is not None else float(conf.get("rss-warmup", "0") or 0)
        warmup = min(warmup or duration / 5, duration / 2)
        sampler = RssSampler(pid, interval=max(0.5, min(10.0, duration / 60))).start() if pid else None
        code = _locust(options, conf_path, host, folder, duration, users, shape, guard)
        summary = Summary(options.profile, users, shape, duration, host if host == target else f"{host} -> {target}",
                          str(folder), code)
        if sampler is not None:
            sampler.stop()
            summary.rss_warmup_kib, summary.rss_end_kib = sampler.after(warmup), sampler.samples[-1][1]
            summary.rss_warmup_at_s = round(warmup, 1)
            summary.rss_samples = [(round(t, 1), kib) for t, kib in sampler.samples]
    if median > 0:
        sigma = conf.get("latency-sigma", "0.5")
        summary.notes.append(f"back-office latency: lognormal, median {median:g} ms, sigma {sigma}, added by a "
                             "delay fault rule armed on the simulator for the run")
    if not (folder / "locust_stats.csv").exists():
        summary.notes.append(f"Locust wrote no statistics (exit code {code}); see {folder / 'locust.log'}")
    else:
        summarize(summary, folder)
    (folder / "summary.json").write_text(json.dumps({**asdict(summary), "rss_growth": summary.rss_growth}, indent=2))
    return summary


def _locust(options: Options, conf: Path, host: str, folder: Path, duration: float, users: int, shape: str,
            guard: float) -> int:
    base = [sys.executable, "-m", "locust", "--config", str(conf), "--host", host, "--results-dir", str(folder),
            "--loglevel", "WARNING"]
    common = ["--headless", "-u", str(users), "-t", f"{duration:g}s", "--shape", shape, "--only-summary",
              "--csv", str(folder / "locust"), "--html", str(folder / "report.html"), "--stop-timeout", "5"]
    if options.spawn_rate:
        common += ["-r", f"{options.spawn_rate:g}"]
    if options.rss_warmup is not None:
        common += ["--rss-warmup", f"{options.rss_warmup:g}"]
    log = folder / "locust.log"
    workers: list[Process] = []
    master: Process | None = None
    try:
        if options.workers:
            port = free_port()
            master = spawn("locust master", [*base, *common, *options.extra, "--master", "--master-bind-host",
                                             "127.0.0.1", "--master-bind-port", str(port), "--expect-workers",
                                             str(options.workers), "--expect-workers-max-wait", "60"],
                           log, options.locust_cpus)
            for index in range(options.workers):
                workers.append(spawn(f"locust worker {index + 1}",
                                     [*base, *options.extra, "--worker", "--master-host", "127.0.0.1",
                                      "--master-port", str(port)],
                                     folder / f"locust-worker-{index + 1}.log", options.locust_cpus))
        else:
            master = spawn("locust", [*base, *common, *options.extra], log, options.locust_cpus)
        code = master.wait(guard)
        for worker in workers:
            worker.wait(20)
        return 124 if code is None else code
    finally:
        for process in [*workers, *([master] if master else [])]:
            process.stop()


def parse(argv: list[str] | None) -> Options:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profile", choices=profiles())
    parser.add_argument("--duration", help="run time (20s, 2m ...); default: the profile's")
    parser.add_argument("--users", type=int, help="peak users; default: the profile's")
    parser.add_argument("--spawn-rate", type=float)
    parser.add_argument("--shape", choices=("steady", "ramp", "spike"))
    parser.add_argument("--simulator-url", default=os.environ.get("SIMULATOR_URL") or None,
                        help="a running simulator (default $SIMULATOR_URL); else one is started here")
    parser.add_argument("--simulator-pid", type=int, default=int(os.environ.get("SIMULATOR_PID") or 0) or None,
                        help="its PID, to sample its RSS (default $SIMULATOR_PID)")
    parser.add_argument("--products", type=int, default=1000, help="catalog size of the simulator started here")
    parser.add_argument("--sim-workers", type=int, default=2, help="worker processes of the simulator started here")
    parser.add_argument("--workers", type=int, default=0, help="distributed: a master and this many Locust workers")
    parser.add_argument("--results", type=Path, help="results folder (default load/results/<profile>-<stamp>)")
    parser.add_argument("--locust-cpus", help="taskset CPU list for Locust (e.g. 1)")
    parser.add_argument("--server-cpus", help="taskset CPU list for the simulator started here (e.g. 0)")
    parser.add_argument("--rss-warmup", type=float, help="seconds before the RSS baseline (default: the profile's)")
    args = parser.parse_args(argv)
    return Options(args.profile, args.duration, args.users, args.spawn_rate, args.shape, args.simulator_url,
                   args.simulator_pid, args.products, args.sim_workers, args.workers, args.results,
                   args.locust_cpus, args.server_cpus, args.rss_warmup, extra)


def main(argv: list[str] | None = None) -> int:
    summary = run(parse(argv))
    print(render(summary), flush=True)
    return summary.exit_code
