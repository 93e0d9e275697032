"""Order notifications over the AMQP 1.0 broker: messages/s from notification consumed to OrderConfirm published.

Run with `make bench` (or `python bench/broker_bench.py [COUNT]`, COUNT default 2000). It seeds a world, puts COUNT
Report_NC_PurchaseOrder notifications (one order each) on a fresh inbound queue, then starts
`backoffice-sim serve --broker-url` (one worker) and reads the OrderConfirm messages it publishes to a fresh serial
queue. The rate is measured between the first and the last OrderConfirm, so start-up is left out and every
message in between went the whole way: consumed, applied in one transaction, acknowledged, written to the outbox,
rendered, published and confirmed by the broker. CPU per message is the user+system time of every process of the
simulator (server, workers, background process) over the same interval. The broker is BENCH_AMQP_URL (default
amqp://guest:guest@127.0.0.1:5672); without one answering, the benchmark says so and exits 0. Every process it
starts is stopped by its own PID; its queues are named bsim-bench-<pid>-*.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

from proton import Timeout

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from simulator.app import create_backend  # noqa: E402
from simulator.backend.commands import AvailabilityKey, LocationRef, PartRef  # noqa: E402
from simulator.broker.endpoint import Endpoint  # noqa: E402
from simulator.broker.jms import JmsMessage, from_amqp  # noqa: E402
from simulator.broker.publisher import Publisher  # noqa: E402
from simulator.config import Settings  # noqa: E402
from simulator.legacy.model import Notification, NotificationLine  # noqa: E402
from simulator.legacy.report import render_report  # noqa: E402

AMQP_URL = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672")
PRODUCTS = int(os.environ.get("PRODUCTS", "1000"))
TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(db: Path) -> tuple[str, str, list[str]]:
    """Store id, a buyer, and the parts with the most stock."""
    backend = create_backend(Settings(db=str(db), products=PRODUCTS))
    try:
        backend.ensure_seeded()
        store = backend.inspect.locations().online_stores[0].store_id
        buyer = backend.inspect.buyers(0, 1).items[0].logon_id
        entries = backend.inspect.catalog(0, 500).items
        location = LocationRef(online_store_id=store)
        keys = [AvailabilityKey(PartRef(part_number=e.part_number), location) for e in entries]
        ranked = sorted(backend.inventory.availability(keys), key=lambda r: -r.availability.quantity)
        parts = [r.entry.part_number for r in ranked[:50] if r.availability.quantity > 0]
    finally:
        backend.deps.store.close()
    return store, buyer, parts


def notification(number: int, store: str, buyer: str, part: str) -> str:
    line = NotificationLine(item_id=f"{number}1", part_number=part, quantity=Decimal(1), unit_price=Decimal("10"),
                            currency="USD")
    return render_report(Notification(order_id=str(number), currency="USD", lines=(line,), total_net=Decimal("10"),
                                      store_id=store, member_id="1", logon_id=buyer))


def cpu_seconds(group: int) -> float:
    """User + system time of every live process in a process group."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def serve(db: Path, prefix: str) -> subprocess.Popen[bytes]:
    port = free_port()
    env = {
        **os.environ,
        "BACKOFFICE_SIM_BROKER_INBOUND_QUEUE": prefix + "-out",
        "BACKOFFICE_SIM_BROKER_SERIAL_QUEUE": prefix + "-serial",
        "BACKOFFICE_SIM_BROKER_ERROR_QUEUE": prefix + "-error",
        "BACKOFFICE_SIM_BROKER_REPLY_QUEUE": prefix + "-in",
        "BACKOFFICE_SIM_LIFECYCLE_RELEASE": "manual",
        "BACKOFFICE_SIM_PUSH_POLL_MS": "20",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator", "serve", "--db", str(db), "--port", str(port), "--workers", "1",
         "--broker-url", AMQP_URL],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_admin/health", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("the simulator did not start")


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    endpoint = Endpoint(AMQP_URL)
    try:
        endpoint.connect().close()
    except Exception as exc:
        print(f"broker_bench: skipped, no AMQP 1.0 broker at {endpoint.redacted()}: {exc}")
        return 0
    prefix = f"bsim-bench-{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        store, buyer, parts = seed(db)
        publisher = Publisher(endpoint)
        for i in range(count):
            publisher.publish(prefix + "-out", JmsMessage(body=notification(700000 + i, store, buyer,
                                                                              parts[i % len(parts)])))
        publisher.close()
        process = serve(db, prefix)
        try:
            first_cpu: list[float] = []
            times = confirms_with_cpu(endpoint, prefix + "-serial", count, process.pid, first_cpu)
            last_cpu = cpu_seconds(process.pid)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    if len(times) < 2:
        print(f"broker_bench: only {len(times)} of {count} OrderConfirm messages arrived")
        return 1
    span = times[-1] - times[0]
    rate = (len(times) - 1) / span
    cpu_ms = (last_cpu - first_cpu[0]) * 1000 / (len(times) - 1)
    print(f"broker_bench: {len(times)}/{count} notifications -> OrderConfirm over {endpoint.redacted()}: "
          f"{rate:.0f} messages/s, {cpu_ms:.2f} ms CPU per message (simulator processes; 1 worker)")
    return 0 if len(times) == count else 1


def confirms_with_cpu(endpoint: Endpoint, queue: str, count: int, group: int, first_cpu: list[float]) -> list[float]:
    """Like `confirms`, noting the simulator's CPU time when the first OrderConfirm arrives."""
    times: list[float] = []
    connection = endpoint.connect()
    try:
        receiver = connection.create_receiver(endpoint.address(queue), credit=200)
        while len(times) < count:
            try:
                message = from_amqp(receiver.receive(timeout=60))
            except Timeout:
                break
            receiver.accept()
            if "<OrderConfirm>" in message.text():
                times.append(time.monotonic())
                if not first_cpu:
                    first_cpu.append(cpu_seconds(group))
    finally:
        connection.close()
    return times


if __name__ == "__main__":
    raise SystemExit(main())
