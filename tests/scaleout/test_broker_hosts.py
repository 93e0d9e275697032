"""Broker listeners on several hosts: three `serve --broker-url` processes on one PostgreSQL schema, one inbound queue.

Commerce's order notifications (some sent twice, as after a redelivery) are consumed by every host, each becomes
exactly one order, its OrderConfirm reaches the serial queue exactly once, and nothing goes to the error queue;
a host killed -9 mid-stream loses nothing: the broker hands its unacknowledged messages to the others.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from support.amqp_peer import unique_queue_name, usable_amqp_url
from support.pg import fresh_schema, require_pg
from support.process import Simulator
from support.tcp_proxy import TcpProxy
from support.waiting import until

from simulator.app import create_backend
from simulator.broker.consumer import Handled, Verdict
from simulator.broker.endpoint import Endpoint
from simulator.broker.jms import JmsMessage
from simulator.broker.runner import background
from simulator.client.broker import CommerceBroker, CommerceQueues
from simulator.config import Settings
from simulator.control.records import JournalQuery
from simulator.control_plane import open_control
from simulator.legacy.model import Notification, NotificationLine
from simulator.legacy.report import render_report

pytestmark = pytest.mark.slow
HOSTS = 3
CHANNEL = "Commerce%20messaging"
_NUMBER = re.compile(rb"<OrderNumberByNC>(\d+)</OrderNumberByNC>")


@dataclass
class Host:
    """One `serve` process and the proxy its broker connections go through (to see what the broker handed it)."""

    sim: Simulator
    proxy: TcpProxy

    def handed(self) -> set[str]:
        """The Commerce order numbers of the notifications the broker delivered to this host."""
        return {m.decode() for stream in list(self.proxy.downstream) for m in _NUMBER.findall(bytes(stream))}

    def alive(self) -> bool:
        return self.sim.process is not None and self.sim.process.poll() is None


@dataclass
class Cluster:
    """Hosts on one schema, consuming one inbound queue, and Commerce's side of the broker."""

    hosts: list[Host]
    commerce: CommerceBroker
    store_id: str
    logon_id: str
    parts: list[str]

    def notification(self, number: str, n: int) -> str:
        """Report_NC_PurchaseOrder as Commerce's OrderCreateXML.jsp writes it, one line."""
        part = self.parts[n % len(self.parts)]
        line = NotificationLine(f"{number}1", part, Decimal(1), Decimal("10.00"), "USD")
        note = Notification(number, "USD", (line,), total_net=Decimal("10.00"), store_id=self.store_id,
                            member_id="1", logon_id=self.logon_id)
        return render_report(note)

    def any_host(self) -> Simulator:
        return next(host.sim for host in self.hosts if host.alive())

    def commerce_ids(self) -> list[str]:
        items = self.any_host().get(f"/_admin/orders?channel={CHANNEL}&limit=500")["items"]
        return [str(order["commerce_order_id"]) for order in items]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    require_pg()
    amqp_url = usable_amqp_url()
    name = unique_queue_name()
    queues = CommerceQueues(outbound=name + "-out", inbound=name + "-in", serial=name + "-serial",
                            parallel=name + "-parallel", error=name + "-error")
    config = _config(tmp_path_factory.mktemp("broker-hosts") / "sim.toml", queues)
    parts = urllib.parse.urlsplit(amqp_url)
    credentials = parts.netloc.rsplit("@", 1)[0]
    with fresh_schema("brokerhosts") as db:
        hosts: list[Host] = []
        commerce = CommerceBroker(Endpoint(amqp_url, timeout=5, heartbeat=2), queues)
        try:
            for _ in range(HOSTS):
                proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672, record=True).start()
                sim = Simulator(db, workers=1, extra=("--broker-url", proxy.url(parts.scheme, credentials)),  # type: ignore[arg-type]
                                env={"BACKOFFICE_SIM_CONFIG": str(config)})
                hosts.append(Host(sim, proxy))
            with ThreadPoolExecutor(HOSTS) as pool:  # hosts starting together seed the world once
                list(pool.map(lambda host: host.sim.start(), hosts))
            assert until(lambda: all(host.proxy.connections >= 1 for host in hosts), 20), "every host connected"
            first = hosts[0].sim
            yield Cluster(hosts, commerce, first.get("/_admin/stores")["online_stores"][0]["store_id"],
                          first.get("/_admin/buyers?limit=1")["items"][0]["logon_id"], _stocked(first, 3))
        finally:
            commerce.close()
            with ThreadPoolExecutor(HOSTS) as pool:
                list(pool.map(lambda host: host.sim.stop(), hosts))
            for host in hosts:
                host.proxy.stop()


def _config(path: Path, queues: CommerceQueues) -> Path:
    values = {
        "products": 40, "lifecycle_release": "manual", "push_poll_ms": 50, "push_backoff_ms": 100,
        "push_backoff_max_ms": 500, "push_max_attempts": 1000, "broker_reconnect_ms": 200, "broker_heartbeat": 2,
        "broker_inbound_queue": queues.outbound, "broker_serial_queue": queues.serial,
        "broker_parallel_queue": queues.parallel, "broker_error_queue": queues.error,
        "broker_reply_queue": queues.inbound,
    }
    path.write_text("\n".join(f"{key} = {json.dumps(value)}" for key, value in values.items()) + "\n")
    return path


def _stocked(host: Simulator, count: int) -> list[str]:
    parts = [entry["part_number"] for entry in host.get("/_admin/catalog?limit=200")["items"]]
    good = [p for p in parts if host.get(f"/_admin/stock/{p}")["availability"]["quantity"] >= 100]
    assert len(good) >= count
    return good[:count]


def _confirmed(commerce: CommerceBroker, expected: int, timeout: float) -> Counter[tuple[str, str]]:
    """(Commerce order number, status form) of every message on the serial queue, until `expected` came."""
    seen: Counter[tuple[str, str]] = Counter()
    deadline = time.monotonic() + timeout
    while sum(seen.values()) < expected and time.monotonic() < deadline:
        for message in commerce.receive(count=expected - sum(seen.values()), timeout=2):
            seen[_form(message.text())] += 1
    return seen


def _form(body: str) -> tuple[str, str]:
    """(Commerce order number, the DataArea child) of an Update_WCS_OrderStatus."""
    data = etree.fromstring(body.encode()).find("DataArea")
    assert data is not None
    form = data[0]
    return form.findtext("OrderStatusHeader/OrderNumber[@type='ByWCS']") or "", etree.QName(form).localname


def _applied(host: Simulator, numbers: set[str]) -> Counter[tuple[str, str]]:
    """(action code, Commerce order number) of the journaled broker messages about `numbers`."""
    items = host.get("/_admin/journal?service=Messaging&limit=1000")["items"]
    return Counter((e["action_code"], e["commerce_order_id"]) for e in items if e["commerce_order_id"] in numbers)


def test_every_host_consumes_and_each_order_is_taken_once(cluster: Cluster) -> None:
    numbers = [str(710_000 + i) for i in range(45)]
    again = set(numbers[::3])  # 15 sent twice, back to back: the broker hands the two copies to different hosts
    sent = 0
    for n, number in enumerate(numbers):
        for _ in range(2 if number in again else 1):
            cluster.commerce.send(cluster.notification(number, n))
            sent += 1
    assert sent == 60
    assert until(lambda: len(cluster.commerce_ids()) >= len(numbers), 40, 0.2), "every notification applied"
    confirms = _confirmed(cluster.commerce, len(numbers), 30)
    time.sleep(1)  # a second copy of anything would arrive now
    confirms.update(_form(m.text()) for m in cluster.commerce.receive(count=100, timeout=1))
    assert sorted(cluster.commerce_ids()) == numbers  # exactly one order per Commerce order number
    for host in cluster.hosts:
        assert sorted(cluster.commerce_ids()) == sorted(
            str(o["commerce_order_id"]) for o in host.sim.get(f"/_admin/orders?channel={CHANNEL}&limit=500")["items"])
    assert confirms == Counter({(number, "OrderConfirm"): 1 for number in numbers})
    assert cluster.commerce.receive(cluster.commerce.queues.error, count=1, timeout=0.5) == []
    handed = [host.handed() & set(numbers) for host in cluster.hosts]
    assert all(handed), f"every host was handed notifications: {[len(h) for h in handed]}"
    assert set().union(*handed) == set(numbers)
    assert any(len([h for h in handed if number in h]) > 1 for number in again), "some copies went to two hosts"
    assert until(lambda: sum(_applied(cluster.hosts[0].sim, set(numbers)).values()) == sent, 10, 0.1)
    journaled = _applied(cluster.hosts[-1].sim, set(numbers))
    assert journaled == Counter({**{("applied", n): 1 for n in numbers}, **{("duplicate", n): 1 for n in again}})


def test_a_host_killed_mid_stream_loses_nothing(cluster: Cluster) -> None:
    victim, *survivors = cluster.hosts
    numbers = [str(720_000 + i) for i in range(50)]
    again = set(numbers[::5])
    for n, number in enumerate(numbers):
        for _ in range(2 if number in again else 1):
            cluster.commerce.send(cluster.notification(number, n))
    assert until(lambda: len(set(cluster.commerce_ids()) & set(numbers)) >= 5, 30, 0.01), "consumption started"
    assert victim.sim.process is not None
    os.killpg(victim.sim.process.pid, signal.SIGKILL)  # some handed to it, not yet committed or acknowledged
    victim.sim.process.wait(10)
    at_kill = set(cluster.commerce_ids())
    unfinished = victim.handed() & set(numbers) - at_kill
    assert unfinished, "the kill left the victim holding unacknowledged notifications"
    assert until(lambda: set(numbers) <= set(cluster.commerce_ids()), 40, 0.2), "every notification applied"
    time.sleep(1)  # anything still queued would arrive now
    assert sorted(n for n in cluster.commerce_ids() if n in set(numbers)) == numbers  # each exactly once
    assert unfinished <= set().union(*(host.handed() for host in survivors)), "the survivors took them over"
    confirms = _confirmed(cluster.commerce, len(numbers), 10)
    missing = set(numbers) - {number for number, form in confirms if form == "OrderConfirm"}
    # A confirm the victim had claimed (up to 20 at once) and not sent waits in the outbox for the claim's lease
    # (30 s) to run out, then a survivor sends it (test_three_hosts.py waits that out): not lost, only late.
    def accounted() -> bool:
        counts = cluster.any_host().get("/_admin/pushes")["counts"]
        return counts["pending"] == 0 and counts["dead"] == 0 and counts["delivering"] >= len(missing)

    assert until(accounted, 10, 0.2), (cluster.any_host().get("/_admin/pushes")["counts"], missing)
    assert cluster.commerce.receive(cluster.commerce.queues.error, count=1, timeout=0.5) == []


def test_the_broker_journal_of_a_postgresql_world_is_its_control_schema() -> None:
    """Needs PostgreSQL only: the listeners are built (not started) and journal where the admin API reads."""
    with fresh_schema("brokerjournal") as db:
        settings = Settings(db=db, products=20, broker_url="amqp://127.0.0.1:1")
        backend = create_backend(settings)
        try:
            backend.ensure_seeded()
            work = background(backend, settings)  # raised before: the journal looked for a SQLite file
            assert work.consumer is not None and work.consumer._journal is not None
            message = JmsMessage(body="<Report_NC_PurchaseOrder/>", message_id="ID:" + "a" * 48)
            work.consumer._journal(message, Handled(Verdict.DUPLICATE, order="730001"), 1.0)
            control = open_control(settings)
            assert until(lambda: [e.commerce_order_id for e in control.journal(JournalQuery(), 0, 10)[0]] == [
                "730001"], 5)
        finally:
            backend.deps.store.close()
