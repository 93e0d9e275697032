"""Steps of inbound_services.feature: a real simulator (--payments) pushing to the reference receiver."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from features.drivers.process import SimulatorProcess
from simulator.client.receiver import CommerceReceiver, ReceiverServer


@dataclass
class Scene:
    """The simulator, the receiver standing in for Commerce, and what the scenario placed."""

    receiver: ReceiverServer | None = None
    process: SimulatorProcess | None = None
    buyer: dict[str, Any] = field(default_factory=dict)
    part: str = ""
    order: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    found = Scene()
    yield found
    if found.process is not None:
        found.process.stop()
    if found.receiver is not None:
        found.receiver.stop()


def _call(scene: Scene, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    assert scene.process is not None
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(scene.process.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _until(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _oms(scene: Scene) -> Any:
    assert scene.receiver is not None
    return scene.receiver.receiver.oms


@given("Commerce takes the back office's pushes, payments included")
def commerce_takes_pushes(scene: Scene, tmp_path: Path) -> None:
    scene.receiver = ReceiverServer(CommerceReceiver()).start()
    scene.process = SimulatorProcess(
        tmp_path / "inbound.db", extra=("--push-url", scene.receiver.url, "--payments")
    ).start()


@given(parsers.parse("a B2B buyer whose contract with Commerce prices a stocked part at {price}"))
def contract_buyer(scene: Scene, price: str) -> None:
    buyers = _call(scene, "GET", "/_admin/buyers?limit=20")["items"]
    scene.buyer = next(b for b in buyers if b["org_dn"])
    scene.part = next(
        e["part_number"] for e in _call(scene, "GET", "/_admin/catalog?limit=200")["items"]
        if _call(scene, "GET", f"/_admin/stock/{e['part_number']}")["availability"]["quantity"] >= 10
    )
    _oms(scene).contract_prices[scene.buyer["logon_id"]] = {scene.part: Decimal(price)}


@when(parsers.parse("the back office takes a phone order from the buyer for {quantity:d} of the part"))
def phone_order(scene: Scene, quantity: int) -> None:
    scene.order = _call(scene, "POST", "/_admin/orders", {
        "buyer": scene.buyer["logon_id"], "channel": "Phone",
        "lines": [{"part_number": scene.part, "quantity": quantity}],
    })


def _order(scene: Scene) -> Any:
    return _call(scene, "GET", f"/_admin/orders/{scene.order['order']['external_order_id']}")


@then(parsers.parse("Commerce prices the order's line at {price} instead of the back office's price"))
def priced(scene: Scene, price: str) -> None:
    assert scene.order["order"]["lines"][0]["unit_price"] != price
    assert _until(lambda: _order(scene)["pricing"]["status"] == "priced")
    order = _order(scene)
    assert order["lines"][0]["unit_price"] == price
    assert order["channel"] == "Phone" and order["flagged"] is False


@then("the order's payment is approved in Commerce for the order's total")
def approved(scene: Scene) -> None:
    order_id = scene.order["order"]["external_order_id"]
    assert _until(lambda: _order(scene)["payment"]["status"] == "approved")
    payment = _order(scene)["payment"]
    assert _oms(scene).settled(order_id, "approve") == Decimal(payment["approved"]) > 0


@when("the back office ships the order")
def ship(scene: Scene) -> None:
    _call(scene, "POST", f"/_admin/orders/{scene.order['order']['external_order_id']}/ship", {})


def _total(order: dict[str, Any]) -> Decimal:
    amounts = order["amounts"]
    return sum((Decimal(amounts[k]) for k in ("product", "adjustment", "shipping", "sales_tax", "shipping_tax")),
               Decimal(0))


@then("the payment is deposited in Commerce for the order's total")
def deposited(scene: Scene) -> None:
    order_id = scene.order["order"]["external_order_id"]
    assert _until(lambda: _oms(scene).settled(order_id, "deposit") > 0)
    assert _oms(scene).settled(order_id, "deposit") == _total(_order(scene))


@then("the back office shows the order shipped and its payment deposited")
def shown(scene: Scene) -> None:
    assert _until(lambda: _order(scene)["payment"]["status"] == "deposited")
    order = _order(scene)
    assert order["status"] == "S"
    assert Decimal(order["payment"]["deposited"]) == _total(order)
