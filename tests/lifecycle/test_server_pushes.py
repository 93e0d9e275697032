"""Through the wire: the real `serve` (two workers, SQLite) with its ticker and dispatcher, a real receiver.

These are the issue's scenarios as pytest tests over HTTP: an order ships and the storefront shows it
shipped; stock drops below the threshold and the storefront's cache is updated without a pull; Commerce is
down for a while and the pushes are retried and arrive in order once it is back; a restart with pending pushes.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support.process import Simulator
from support.waiting import until

from simulator.client import BackOfficeClient
from simulator.client.model import Buyer, Line, Order
from simulator.client.receiver import ReceiverServer

pytestmark = pytest.mark.slow


@contextmanager
def start(db: Path, receiver: ReceiverServer, tmp_path: Path, **settings: Any) -> Iterator[Simulator]:
    """A running simulator (started once, stopped at the end) pushing to the receiver."""
    config = tmp_path / "sim.toml"
    values = {"push_backoff_ms": 100, "push_backoff_max_ms": 400, "push_max_attempts": 50, "tick_ms": 100,
              "products": 120, **settings}
    config.write_text("\n".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + "\n")
    sim = Simulator(db, workers=2, extra=("--push-url", receiver.url))
    os.environ["BACKOFFICE_SIM_CONFIG"] = str(config)
    try:
        sim.start()
    finally:
        del os.environ["BACKOFFICE_SIM_CONFIG"]
    try:
        yield sim
    finally:
        sim.stop()


def post_json(sim: Simulator, path: str, body: dict[str, Any] | None = None) -> Any:
    status, raw = sim.post(path, json.dumps(body or {}).encode())
    assert status == 200, raw
    return json.loads(raw)


def client_of(sim: Simulator) -> tuple[BackOfficeClient, Buyer, list[str]]:
    shop = sim.get("/_admin/stores")["online_stores"][0]
    client = BackOfficeClient(sim.url, store_id=shop["store_id"], store_name=shop["identifier"])
    found = sim.get("/_admin/buyers?limit=1")["items"][0]
    buyer = Buyer(found["logon_id"], found["dn"], found["org_dn"])
    parts = [
        e["part_number"] for e in sim.get("/_admin/catalog?limit=200")["items"]
        if sim.get(f"/_admin/stock/{e['part_number']}")["availability"]["quantity"] >= 30
    ]
    return client, buyer, parts


def place(sim: Simulator, order_id: str, count: int = 1) -> tuple[str, dict[str, Any]]:
    client, buyer, parts = client_of(sim)
    order = Order(order_id, buyer, tuple(Line(p, 1, item_id=f"{order_id}{i}") for i, p in enumerate(parts[:count])))
    ack = client.transfer_order(order)
    external = ack.order.external_order_id if ack.order else None
    return order_id, {"external": external, "parts": parts[:count]}


def external_of(sim: Simulator, order_id: str) -> str:
    items = sim.get("/_admin/orders?channel=Web%20Channel&limit=500")["items"]
    return str(next(o["external_order_id"] for o in items if o["commerce_order_id"] == order_id))


def test_clock_endpoints_and_an_order_that_ships(tmp_path: Path, receiver: ReceiverServer) -> None:
    with start(tmp_path / "sim.db", receiver, tmp_path) as sim:
        frozen = post_json(sim, "/_admin/clock/freeze")
        assert frozen["mode"] == "frozen"
        assert sim.get("/_admin/clock")["now"] == frozen["now"]
        order_id, placed = place(sim, "7100001")
        assert placed["external"]
        moved = post_json(sim, "/_admin/clock/advance", {"seconds": 3660})
        assert moved["now"] > frozen["now"]
        assert sim.get(f"/_admin/orders/{placed['external']}")["status"] == "S"  # ran before the answer
        assert until(lambda: receiver.receiver.orders.get(order_id) is not None
                     and receiver.receiver.orders[order_id].status == "S")
        assert receiver.receiver.kinds() == ["SyncOrder", "SyncOrder"]  # released, then shipped
        assert post_json(sim, "/_admin/clock/unfreeze")["mode"] in ("offset", "system")
        assert post_json(sim, "/_admin/clock/system")["mode"] == "system"
        status, _ = sim.post("/_admin/clock/advance", b'{"seconds": -5}')
        assert status == 400


def test_admin_ship_cancel_settings_and_the_delivery_log(tmp_path: Path, receiver: ReceiverServer) -> None:
    with start(tmp_path / "sim.db", receiver, tmp_path, lifecycle_release="manual") as sim:
        _, placed = place(sim, "7200001", count=2)
        order = sim.get(f"/_admin/orders/{placed['external']}")
        first = order["lines"][0]["line_id"]
        shipped = post_json(sim, f"/_admin/orders/{placed['external']}/ship",
                            {"lines": [first], "ship_date": "2026-12-01T10:00:00+00:00"})
        assert [line["status"] for line in shipped["lines"]] == ["S", "C"]
        assert post_json(sim, f"/_admin/orders/{placed['external']}/cancel")["status"] == "S"
        status, raw = sim.post(f"/_admin/orders/{placed['external']}/backorder", b"{}")
        assert status == 409 and b"TransitionNotAllowed" in raw
        assert until(lambda: len(receiver.receiver.received) == 2)
        # The receiver answers before the dispatcher records the delivery: wait for the record, not the receipt.
        assert until(lambda: sim.get("/_admin/pushes?state=delivered")["counts"]["delivered"] == 2)
        log = sim.get("/_admin/pushes?state=delivered")
        assert log["items"][0]["kind"] == "SyncOrder"
        assert sim.get("/_admin/lifecycle")["release"] == "manual"
        request = urllib.request.Request(
            sim.url + "/_admin/lifecycle", data=b'{"ship": 10}', method="PUT",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["ship"] == 10
        assert sim.get("/_admin/lifecycle")["ship"] == 10


def test_stock_below_threshold_pushes_inventory_without_a_pull(tmp_path: Path, receiver: ReceiverServer) -> None:
    with start(tmp_path / "sim.db", receiver, tmp_path) as sim:
        _, _, parts = client_of(sim)
        part = parts[0]
        for level in sim.get(f"/_admin/stock/{part}")["levels"]:
            post_json(sim, f"/_admin/stock/{part}", {"fc_id": level["fc_id"], "on_hand": 0})
        store = sim.get("/_admin/stores")["online_stores"][0]["store_id"]
        assert until(lambda: (part, store) in receiver.receiver.availability)
        status, quantity = receiver.receiver.availability[(part, store)]
        assert quantity < 10 and status in ("Unavailable", "Backorderable")
        post_json(sim, "/_admin/pushes/inventory", {"parts": [parts[1]]})
        assert until(lambda: (parts[1], store) in receiver.receiver.availability)


def test_commerce_down_for_a_while_then_pushes_arrive_in_order(tmp_path: Path, receiver: ReceiverServer) -> None:
    with start(tmp_path / "sim.db", receiver, tmp_path) as sim:
        receiver.receiver.down = True
        post_json(sim, "/_admin/clock/freeze")
        order_id, _ = place(sim, "7300001")
        post_json(sim, "/_admin/clock/advance", {"seconds": 2 * 86400})
        assert until(lambda: receiver.receiver.failed >= 3)
        pending = sim.get("/_admin/pushes?state=pending")
        assert pending["total"] == 3 and pending["items"][0]["attempts"] >= 1
        receiver.receiver.down = False
        assert until(lambda: len(receiver.receiver.received) == 3)
        assert receiver.receiver.orders[order_id].status == "D"
        assert sim.get("/_admin/pushes")["counts"]["pending"] == 0


def test_pending_pushes_survive_a_restart_and_dead_letters_are_redelivered(
    tmp_path: Path, receiver: ReceiverServer
) -> None:
    db = tmp_path / "sim.db"
    receiver.receiver.down = True
    with start(db, receiver, tmp_path, push_max_attempts=2) as sim:
        post_json(sim, "/_admin/members/organizations", {"dn": "o=Acme West,o=Root Organization", "name": "Acme"})
        assert until(lambda: sim.get("/_admin/pushes?state=dead")["total"] == 1)
        post_json(sim, "/_admin/clock/freeze")
        order_id, placed = place(sim, "7400001")
        post_json(sim, f"/_admin/orders/{placed['external']}/ship")
    receiver.receiver.down = False
    with start(db, receiver, tmp_path, push_max_attempts=2) as sim:
        assert until(lambda: receiver.receiver.orders.get(order_id) is not None
                     and receiver.receiver.orders[order_id].status == "S")
        (dead,) = sim.get("/_admin/pushes?state=dead")["items"]
        assert dead["kind"] == "SyncOrganization"
        post_json(sim, f"/_admin/pushes/{dead['push_id']}/redeliver")
        assert until(lambda: "o=Acme West,o=Root Organization" in receiver.receiver.organizations)


def test_async_transfer_answers_without_the_external_id_and_pushes_it(
    tmp_path: Path, receiver: ReceiverServer
) -> None:
    with start(tmp_path / "sim.db", receiver, tmp_path, async_transfer=True, lifecycle_release="manual") as sim:
        order_id, placed = place(sim, "7500001")
        assert placed["external"] is None
        assert until(lambda: receiver.receiver.orders.get(order_id) is not None)
        assert receiver.receiver.kinds() == ["ChangeOrder"]
        assert receiver.receiver.orders[order_id].external_order_id == external_of(sim, order_id)
