"""Three `serve` processes on one PostgreSQL schema, as three hosts behind a load balancer would run them.

Reservations spread over the hosts oversell nothing; an order taken by one is at once visible on the others;
each push is delivered exactly once, also after a host is killed; kill -9 of a host under load loses no
acknowledged order and the others keep answering.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from support.pg import fresh_schema
from support.process import Simulator
from support.waiting import until

from simulator.client import BackOfficeClient
from simulator.client.model import Buyer, Line, Order
from simulator.client.receiver import CommerceReceiver, ReceiverServer
from simulator.client.transport import HttpResponse, HttpTransport

pytestmark = pytest.mark.slow
RESERVATIONS = int(os.environ.get("BACKOFFICE_SIM_SCALEOUT_RESERVATIONS", "10000"))  # lower for a quick look
THREADS = 24
_orders = itertools.count(8_000_001)


@dataclass
class Cluster:
    """Three hosts on one schema and the receiver their pushes go to."""

    hosts: list[Simulator]
    receiver: ReceiverServer

    def alive(self) -> list[Simulator]:
        return [host for host in self.hosts if host.process is not None and host.process.poll() is None]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    receiver = ReceiverServer(CommerceReceiver()).start()
    config = tmp_path_factory.mktemp("scaleout") / "sim.toml"
    values = {"products": 40, "tick_ms": 200, "push_poll_ms": 50, "push_backoff_ms": 50, "push_backoff_max_ms": 200,
              "push_max_attempts": 1000, "lifecycle_release": "manual"}
    config.write_text("\n".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + "\n")
    with fresh_schema("scaleout") as url:
        hosts = [Simulator(url, workers=1, extra=("--push-url", receiver.url),  # type: ignore[arg-type]
                           env={"BACKOFFICE_SIM_CONFIG": str(config)}) for _ in range(3)]
        try:
            for host in hosts:
                host.start()
            yield Cluster(hosts, receiver)
        finally:
            for host in hosts:
                host.stop()
            receiver.stop()


def post_json(host: Simulator, path: str, body: dict[str, Any]) -> Any:
    status, raw = host.post(path, json.dumps(body).encode())
    assert status == 200, raw
    return json.loads(raw)


def client_of(host: Simulator) -> BackOfficeClient:
    shop = host.get("/_admin/stores")["online_stores"][0]
    return BackOfficeClient(host.url, store_id=shop["store_id"], store_name=shop["identifier"])


def a_buyer(host: Simulator) -> Buyer:
    found = host.get("/_admin/buyers?limit=1")["items"][0]
    return Buyer(found["logon_id"], found["dn"], found["org_dn"])


def stocked_parts(host: Simulator, count: int) -> list[str]:
    parts = [e["part_number"] for e in host.get("/_admin/catalog?limit=200")["items"]]
    good = [p for p in parts if host.get(f"/_admin/stock/{p}")["availability"]["quantity"] >= 50]
    assert len(good) >= count
    return good[:count]


def available(host: Simulator, part: str) -> int:
    return int(host.get(f"/_admin/stock/{part}")["availability"]["quantity"])


def allocated(result: Any) -> int:
    return int(sum(c.quantity or 0 for c in result.chunks if c.status == "Allocated"))


def test_reservations_spread_over_three_hosts_oversell_nothing(cluster: Cluster) -> None:
    first = cluster.hosts[0]
    (part,) = stocked_parts(first, 1)
    levels = first.get(f"/_admin/stock/{part}")["levels"]
    share = RESERVATIONS // (3 * len(levels))  # a scarce part: a third as many units as reservations asked for
    for level in levels:
        post_json(first, f"/_admin/stock/{part}", {"fc_id": level["fc_id"], "on_hand": level["safety_stock"] + share})
    before = available(first, part)
    assert 0 < before < RESERVATIONS
    url, headers, template = captured_request(first, part)
    transport = HttpTransport()
    bases = [host.url for host in cluster.hosts]

    def reserve(n: int) -> int:
        body = template.replace(b"R-ORDER-ID", f"R{n}".encode())
        answer = transport.post(bases[n % 3] + url, body, headers, 60)
        assert answer.status == 200, answer.body[:300]
        return answer.body.count(b">Allocated<")

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        granted = sum(pool.map(reserve, range(RESERVATIONS)))
    elapsed = time.monotonic() - started
    assert granted == before, f"{granted} units acknowledged of {before} available ({elapsed:.1f} s)"
    for host in cluster.hosts:
        assert available(host, part) == 0
    stored = [r for offset in range(0, RESERVATIONS, 500)
              for r in first.get(f"/_admin/reservations?limit=500&offset={offset}")["items"]]
    assert sum(c["quantity"] for r in stored for c in r["chunks"] if c["status"] == "Allocated") == before


class _Capture:
    """A transport that keeps the request it is given and answers nothing."""

    def __init__(self) -> None:
        self.sent: tuple[str, bytes, dict[str, str]] | None = None

    def post(self, url: str, body: bytes, headers: Any, timeout: float) -> HttpResponse:
        self.sent = (url, body, dict(headers))
        return HttpResponse(500, {}, b"")


def captured_request(host: Simulator, part: str) -> tuple[str, dict[str, str], bytes]:
    """One ReserveInventory request as the reference client renders it, its order id left to fill in."""
    capture = _Capture()
    shop = host.get("/_admin/stores")["online_stores"][0]
    client = BackOfficeClient("", store_id=shop["store_id"], store_name=shop["identifier"], transport=capture)
    with contextlib.suppress(Exception):
        client.reserve_inventory("R-ORDER-ID", [Line(part, 1, item_id="1")])
    assert capture.sent is not None
    url, body, headers = capture.sent
    return url, headers, body


def test_an_order_taken_by_one_host_is_at_once_on_the_others(cluster: Cluster) -> None:
    taker, *others = cluster.hosts
    parts = stocked_parts(taker, 2)
    for round_ in range(3):
        order_id = str(next(_orders))
        lines = tuple(Line(p, 1, item_id=f"{order_id}{i}") for i, p in enumerate(parts))
        ack = client_of(taker).transfer_order(Order(order_id, a_buyer(taker), lines))
        assert ack.order is not None and ack.order.external_order_id
        for other in others:  # no wait: the very next call on another host
            found = client_of(other).get_order_details(ack.order.external_order_id)
            assert [o.order_id for o in found.orders] == [order_id], f"round {round_}"
        taker, others = others[0], [*others[1:], taker]


def test_each_push_is_delivered_exactly_once(cluster: Cluster) -> None:
    received_before = len(cluster.receiver.receiver.received)
    parts = stocked_parts(cluster.hosts[0], 6)
    queued = []
    for n, part in enumerate(parts * 5):
        host = cluster.hosts[n % 3]
        queued += post_json(host, "/_admin/pushes/inventory", {"parts": [part]})["items"]
    ids = {push["push_id"] for push in queued}
    assert len(ids) == 30

    def delivered() -> set[int]:
        return {p["push_id"] for p in cluster.hosts[1].get("/_admin/pushes?state=delivered&limit=500")["items"]}

    assert until(lambda: ids <= delivered(), timeout=30)
    arrived = Counter(r.bod_id for r in cluster.receiver.receiver.received[received_before:])
    assert len(arrived) == 30 and set(arrived.values()) == {1}


def test_kill_one_host_under_load(cluster: Cluster) -> None:
    """Orders and pushes flow through all three hosts; one is killed -9; nothing acknowledged is lost."""
    victim, *survivors = cluster.hosts
    parts = stocked_parts(survivors[0], 6)
    buyer = a_buyer(survivors[0])
    acknowledged: dict[str, str] = {}
    lock = threading.Lock()
    stop = threading.Event()
    cluster.receiver.receiver.down = True  # pushes pile up, attempted and failed by every host's dispatcher
    pushes = [post_json(cluster.hosts[n % 3], "/_admin/pushes/inventory", {"parts": [part]})["items"][0]
              for n, part in enumerate(parts)]  # one key each: every push heads its key and is tried at once
    assert until(lambda: all(victim.get(f"/_admin/pushes/{p['push_id']}")["attempts"] >= 1 for p in pushes), 40)

    def place(worker: int) -> int:
        clients = [client_of(host) for host in cluster.hosts]
        errors = 0
        for n in itertools.count():
            if stop.is_set():
                return errors
            order_id = str(next(_orders))
            lines = tuple(Line(p, 1, item_id=f"{order_id}{i}") for i, p in enumerate(parts[:2]))
            try:
                ack = clients[(worker + n) % 3].transfer_order(Order(order_id, buyer, lines))
            except Exception:  # the killed host refuses or drops the call: not acknowledged
                errors += 1
                continue
            if ack.order is not None and ack.order.external_order_id:
                with lock:
                    acknowledged[order_id] = ack.order.external_order_id
        return errors

    with ThreadPoolExecutor(6) as pool:
        running = [pool.submit(place, w) for w in range(6)]
        assert until(lambda: len(acknowledged) >= 30, timeout=30)
        assert victim.process is not None
        os.killpg(victim.process.pid, signal.SIGKILL)
        victim.process.wait(5)
        with lock:
            at_kill = len(acknowledged)
        assert until(lambda: len(acknowledged) >= at_kill + 30, timeout=30), "the others keep answering"
        stop.set()
        errors = sum(f.result() for f in running)
    assert errors >= 0
    check = client_of(survivors[0])
    for order_id, external in acknowledged.items():
        found = check.get_order_details(external)
        assert [o.order_id for o in found.orders] == [order_id]
    cluster.receiver.receiver.down = False

    ids = {push["push_id"] for push in pushes}

    def settled() -> bool:
        counts = survivors[1].get("/_admin/pushes")["counts"]
        return counts["pending"] == 0 and counts["delivering"] == 0

    # A push the victim held mid-delivery waits for its lease (30 s) to run out, then a survivor sends it.
    assert until(settled, timeout=45)
    delivered = {p["push_id"] for p in survivors[0].get("/_admin/pushes?state=delivered&limit=500")["items"]}
    assert ids <= delivered
    assert survivors[0].get("/_admin/pushes")["counts"]["dead"] == 0
