"""Steps of the legacy messaging scenarios: a real `serve`, Commerce's sender and receiver per transport.

A transport is a `Transport` below, registered in TRANSPORTS by name, with a row in the feature's Examples table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from support.amqp_peer import unique_queue_name, usable_amqp_url
from support.process import Simulator
from support.waiting import until

from simulator.broker.endpoint import Endpoint
from simulator.client.broker import CommerceBroker, CommerceQueues
from simulator.client.legacy_receiver import LegacyReceiver, LegacyReceiverServer
from simulator.client.legacy_sender import append, compose, post
from simulator.legacy.model import Notification, NotificationLine


@dataclass
class Transport:
    """How Commerce's messages reach the simulator and the simulator's reach Commerce's receiver."""

    flags: tuple[str, ...]
    send: Callable[[Simulator, bytes], None]
    collect: Callable[[], object]
    receiver: LegacyReceiver
    stop: Callable[[], None] = lambda: None
    env: dict[str, str] = field(default_factory=dict)


def http_transport(tmp: Path) -> Transport:
    server = LegacyReceiverServer(LegacyReceiver()).start()

    def send(sim: Simulator, message: bytes) -> None:
        answer = post(sim.url + "/messages", message)
        assert answer.status == 200, answer.body

    return Transport(("--messaging-url", server.url), send, lambda: None, server.receiver, server.stop)


def files_transport(tmp: Path) -> Transport:
    inbox, outbox = tmp / "inbox", tmp / "outbox"
    inbox.mkdir()
    receiver = LegacyReceiver()
    flags = ("--messaging-inbox-dir", str(inbox), "--messaging-outbox-dir", str(outbox))
    return Transport(flags, lambda sim, message: append(inbox / "orders.txt", message),
                     lambda: receiver.read_directory(outbox), receiver)


def broker_transport(tmp: Path) -> Transport:
    url = usable_amqp_url()
    prefix = unique_queue_name()
    queues = CommerceQueues(outbound=prefix + "-out", inbound=prefix + "-in", serial=prefix + "-serial",
                            parallel=prefix + "-parallel", error=prefix + "-error")
    commerce = CommerceBroker(Endpoint(url, heartbeat=2), queues)
    receiver = LegacyReceiver()

    def send(sim: Simulator, message: bytes) -> None:
        commerce.send(message.decode("utf-8"))  # a TextMessage, as Commerce's JMS connector sends

    def collect() -> None:
        for message in commerce.receive(count=50, timeout=0.2):
            receiver.receive(message.data())

    env = {"BACKOFFICE_SIM_BROKER_INBOUND_QUEUE": queues.outbound, "BACKOFFICE_SIM_BROKER_SERIAL_QUEUE": queues.serial,
           "BACKOFFICE_SIM_BROKER_ERROR_QUEUE": queues.error, "BACKOFFICE_SIM_BROKER_REPLY_QUEUE": queues.inbound}
    return Transport(("--broker-url", url), send, collect, receiver, commerce.close, env)


TRANSPORTS: dict[str, Callable[[Path], Transport]] = {
    "http": http_transport, "files": files_transport, "broker": broker_transport,
}


@dataclass
class Flow:
    """The state a scenario carries between steps."""

    sim: Simulator | None = None
    transport: Transport | None = None
    part: str = ""
    notes: dict[str, Notification] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)

    @property
    def running(self) -> Simulator:
        assert self.sim is not None
        return self.sim

    @property
    def commerce(self) -> Transport:
        assert self.transport is not None
        return self.transport

    def seen(self, predicate: Callable[[LegacyReceiver], bool]) -> bool:
        def check() -> bool:
            self.commerce.collect()
            return predicate(self.commerce.receiver)
        return until(check, timeout=30, interval=0.1)


@pytest.fixture
def flow(tmp_path: Path) -> Iterator[Flow]:
    state = Flow()
    yield state
    if state.sim is not None:
        state.sim.stop()
    if state.transport is not None:
        state.transport.stop()


def _post_json(sim: Simulator, path: str, body: dict[str, Any]) -> Any:
    status, raw = sim.post(path, json.dumps(body).encode())
    assert status == 200, raw
    return json.loads(raw)


@given(parsers.parse("the back office with legacy messaging over {transport}"))
def back_office(flow: Flow, transport: str, tmp_path: Path) -> None:
    flow.transport = TRANSPORTS[transport](tmp_path)
    env = {"BACKOFFICE_SIM_TICK_MS": "100", "BACKOFFICE_SIM_PUSH_BACKOFF_MS": "100",
           "BACKOFFICE_SIM_PRODUCTS": "120", "BACKOFFICE_SIM_MESSAGING_CATALOG_OWNER": "7000000000000000002"}
    env.update(flow.transport.env)
    flow.sim = Simulator(tmp_path / "sim.db", workers=2, extra=flow.transport.flags, env=env).start()


@given("the shared clock is frozen")
def frozen(flow: Flow) -> None:
    _post_json(flow.running, "/_admin/clock/freeze", {})


@when(parsers.parse('Commerce sends the order notification "{order}" for {quantity:d} of a stocked part as {fmt}'))
def send_notification(flow: Flow, order: str, quantity: int, fmt: str) -> None:
    sim = flow.running
    store_id = sim.get("/_admin/stores")["online_stores"][0]["store_id"]
    logon = sim.get("/_admin/buyers?limit=1")["items"][0]["logon_id"]
    flow.part = next(e["part_number"] for e in sim.get("/_admin/catalog?limit=60")["items"]
                     if sim.get(f"/_admin/stock/{e['part_number']}")["availability"]["quantity"] >= 30)
    line = NotificationLine(f"{order}0", flow.part, Decimal(quantity), Decimal("9.99"), "USD", 0)
    flow.notes[order] = Notification(order, "USD", (line,), placed=datetime(2026, 11, 23, 9, 0),
                                     total_net=Decimal("19.98"), store_id=store_id, member_id="3001", logon_id=logon)
    flow.formats[order] = fmt
    flow.commerce.send(sim, compose(flow.notes[order], legacy=fmt == "legacy"))


@when(parsers.parse('Commerce sends the order notification "{order}" again'))
def send_again(flow: Flow, order: str) -> None:
    flow.commerce.send(flow.running, compose(flow.notes[order], legacy=flow.formats[order] == "legacy"))


def _messaging_orders(flow: Flow, order: str) -> list[dict[str, Any]]:
    items = flow.running.get("/_admin/orders?channel=Commerce%20messaging&limit=100")["items"]
    return [o for o in items if o["commerce_order_id"] == order]


@then(parsers.parse('the back office holds order "{order}" from Commerce messaging'))
def holds(flow: Flow, order: str) -> None:
    assert until(lambda: len(_messaging_orders(flow, order)) == 1, timeout=30)


@then(parsers.parse('the back office still holds one order "{order}"'))
def still_one(flow: Flow, order: str) -> None:
    flow.commerce.collect()
    assert len(_messaging_orders(flow, order)) == 1


@then(parsers.parse('Commerce reads an OrderConfirm for "{order}" with the back office\'s order number'))
def confirm(flow: Flow, order: str) -> None:
    external = _messaging_orders(flow, order)[0]["external_order_id"]
    assert flow.seen(lambda r: order in r.orders and r.orders[order].backend_order == external)
    assert flow.commerce.receiver.orders[order].forms[0] == "OrderConfirm"


@when(parsers.parse("the shared clock moves on by {seconds:d} seconds"))
def advance(flow: Flow, seconds: int) -> None:
    _post_json(flow.running, "/_admin/clock/advance", {"seconds": seconds})


@then(parsers.parse('Commerce reads OrderShipping then OrderInvoice for "{order}"'))
def shipped_invoiced(flow: Flow, order: str) -> None:
    assert flow.seen(lambda r: "OrderInvoice" in r.orders[order].forms)
    forms = flow.commerce.receiver.orders[order].forms
    assert forms.index("OrderShipping") < forms.index("OrderInvoice")


@when("the back office is asked for an inventory message for the stocked part")
def ask_inventory(flow: Flow) -> None:
    _post_json(flow.running, "/_admin/messages/inventory", {"parts": [flow.part]})


@then("Commerce's inventory view holds the stocked part")
def inventory_view(flow: Flow) -> None:
    assert flow.seen(lambda r: any(part == flow.part for part, _store in r.inventory))


@when(parsers.parse("the stocked part's price changes to {price}"))
def change_price(flow: Flow, price: str) -> None:
    org = flow.running.get("/_admin/buyers?limit=1")["items"][0]["org_dn"]
    _post_json(flow.running, "/_admin/prices", {"part_number": flow.part, "price": price, "organization": org})


@then(parsers.parse("Commerce's price view shows {price} for the stocked part"))
def price_view(flow: Flow, price: str) -> None:
    assert flow.seen(lambda r: r.prices.get(flow.part) == price)
