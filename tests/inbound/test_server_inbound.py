"""Over the wire: the real `serve` (two workers, SQLite, its own dispatcher process) and a real reference receiver.

A phone order is placed through the admin API and priced by Commerce; a Fault flags it, the outbox retries it and
the answer is stored; with --payments a declined approval holds the order until the admin retry is approved.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support.process import Simulator
from support.waiting import until

from simulator.client.receiver import ReceiverServer

pytestmark = pytest.mark.slow


@contextmanager
def start(tmp_path: Path, receiver: ReceiverServer, *extra: str, **settings: Any) -> Iterator[Simulator]:
    config = tmp_path / "sim.toml"
    values = {"push_backoff_ms": 100, "push_backoff_max_ms": 400, "push_max_attempts": 50, "tick_ms": 100,
              "products": 120, "lifecycle_release": "manual", **settings}
    config.write_text("\n".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + "\n")
    sim = Simulator(tmp_path / "sim.db", workers=2, extra=("--push-url", receiver.url, *extra),
                    env={"BACKOFFICE_SIM_CONFIG": str(config)})
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


def send(sim: Simulator, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(sim.url + path, data=json.dumps(body or {}).encode(), method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def buyer_and_parts(sim: Simulator) -> tuple[str, list[str]]:
    buyer = sim.get("/_admin/buyers?limit=1")["items"][0]["logon_id"]
    parts = [
        e["part_number"] for e in sim.get("/_admin/catalog?limit=200")["items"]
        if sim.get(f"/_admin/stock/{e['part_number']}")["availability"]["quantity"] >= 30
    ]
    return str(buyer), parts[:2]


def test_a_phone_order_is_priced_a_fault_is_flagged_then_retried(tmp_path: Path, receiver: ReceiverServer) -> None:
    oms = receiver.receiver.oms
    receiver.receiver.require_user = "wcsadmin"
    with start(tmp_path, receiver, "--push-user", "wcsadmin", "--push-password", "pw") as sim:
        buyer, parts = buyer_and_parts(sim)
        oms.contract_prices[buyer] = {parts[0]: Decimal("4.40"), parts[1]: Decimal("9.10")}
        oms.fault_next_preprocess(2)
        status, placed = send(sim, "POST", "/_admin/orders", {
            "buyer": buyer, "channel": "Phone", "lines": [{"part_number": p, "quantity": 3} for p in parts]})
        assert status == 201 and placed["order"]["channel"] == "Phone" and placed["pricing"]["status"] == "pending"
        order_id = placed["order"]["external_order_id"]
        assert until(lambda: sim.get(f"/_admin/orders/{order_id}")["flagged"])
        flagged = sim.get(f"/_admin/orders/{order_id}")
        assert "SOAP Fault" in flagged["pricing"]["error"]
        assert until(lambda: sim.get(f"/_admin/orders/{order_id}")["pricing"]["status"] == "priced")
        priced = sim.get(f"/_admin/orders/{order_id}")
        assert priced["flagged"] is False and priced["pricing"]["attempts"] == 2
        assert [line["unit_price"] for line in priced["lines"]] == ["4.40", "9.10"]
        assert Decimal(priced["amounts"]["product"]) == 3 * (Decimal("4.40") + Decimal("9.10"))
        pushes = sim.get("/_admin/pushes?state=delivered")
        assert [p["kind"] for p in pushes["items"]] == ["PreprocessSalesOrder"]
        assert pushes["items"][0]["attempts"] == 3
        assert {r.username for r in receiver.receiver.received} == {"wcsadmin"}

        status, changed = send(sim, "PATCH", f"/_admin/orders/{order_id}",
                               {"lines": [{"line_id": priced["lines"][0]["line_id"], "quantity": 1}]})
        assert status == 200 and changed["pricing"]["status"] == "pending"
        assert until(lambda: len(oms.preprocessed) == 2)
        assert [int(line.quantity) for line in oms.preprocessed[-1].lines] == [1, 3]

        for bad in ({"buyer": buyer, "lines": []}, {"buyer": buyer, "channel": "Web Channel",
                                                     "lines": [{"part_number": parts[0], "quantity": 1}]},
                    {"buyer": buyer, "lines": [{"part_number": parts[0], "quantity": "2"}]}):
            status, problem = send(sim, "POST", "/_admin/orders", bad)
            assert status == 400 and problem["title"] == "Bad Request", bad
        status, problem = send(sim, "PATCH", f"/_admin/orders/{order_id}", {"lines": [{"quantity": 1}]})
        assert status == 400 and "line_id" in problem["detail"]


def test_a_declined_payment_holds_the_order_until_the_retry(tmp_path: Path, receiver: ReceiverServer) -> None:
    oms = receiver.receiver.oms
    with start(tmp_path, receiver, "--payments") as sim:
        buyer, parts = buyer_and_parts(sim)
        oms.decline_next_payments(1)
        _, placed = send(sim, "POST", "/_admin/orders", {
            "buyer": buyer, "channel": "Fax", "lines": [{"part_number": parts[0], "quantity": 2}]})
        order_id = placed["order"]["external_order_id"]
        assert until(lambda: sim.get(f"/_admin/orders/{order_id}")["payment"]["status"] == "hold")
        held = sim.get(f"/_admin/orders/{order_id}")
        assert "declined" in held["payment"]["hold"]
        status, _ = send(sim, "POST", f"/_admin/orders/{order_id}/ship")
        assert status == 200  # an admin may still ship by hand; the automatic steps wait
        status, retried = send(sim, "POST", f"/_admin/orders/{order_id}/payment/retry")
        assert status == 200 and retried["payment"]["status"] == "pending"
        assert until(lambda: sim.get(f"/_admin/orders/{order_id}")["payment"]["status"] == "deposited")
        paid = sim.get(f"/_admin/orders/{order_id}")["payment"]
        assert Decimal(paid["approved"]) == Decimal(placed["order"]["amounts"]["product"]) + sum(
            Decimal(placed["order"]["amounts"][k]) for k in ("shipping", "sales_tax", "shipping_tax"))
        assert [s["action"] for s in paid["steps"]] == ["approve", "deposit", "approve"]
        status, problem = send(sim, "POST", f"/_admin/orders/{order_id}/payment/retry")
        assert status == 409 and "not on hold" in problem["detail"]
        kinds = {p["kind"] for p in sim.get("/_admin/pushes?limit=100")["items"]}
        assert kinds == {"PreprocessSalesOrder", "ProcessPaymentAction"}
