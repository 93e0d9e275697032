"""`backoffice-sim serve --broker-url` end to end: notifications in, status messages out, through real processes."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from proton import Message
from support.amqp_peer import receive_raw, send_raw
from support.messaging_world import MessagingWorld, notification, seeded_world
from support.process import Simulator
from support.tcp_proxy import TcpProxy
from support.waiting import until

from simulator.app import create_backend
from simulator.broker.endpoint import Endpoint
from simulator.client.broker import CommerceBroker, CommerceQueues
from simulator.config import Settings
from simulator.domain.model import Channel
from simulator.domain.query import OrderFilter

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> MessagingWorld:
    return seeded_world(tmp_path_factory.mktemp("broker-world") / "world.db")


@pytest.fixture
def db(world: MessagingWorld, tmp_path: Path) -> Path:
    copy = tmp_path / "sim.db"
    copy.write_bytes(world.db.read_bytes())
    return copy


@pytest.fixture
def commerce_queues(queue_name: str) -> CommerceQueues:
    return CommerceQueues(outbound=queue_name + "-out", inbound=queue_name + "-in", serial=queue_name + "-serial",
                          parallel=queue_name + "-parallel", error=queue_name + "-error")


def _simulator(db: Path, url: str, queues: CommerceQueues, **settings: str) -> Simulator:
    env = {
        "BACKOFFICE_SIM_BROKER_INBOUND_QUEUE": queues.outbound,
        "BACKOFFICE_SIM_BROKER_SERIAL_QUEUE": queues.serial,
        "BACKOFFICE_SIM_BROKER_PARALLEL_QUEUE": queues.parallel,
        "BACKOFFICE_SIM_BROKER_ERROR_QUEUE": queues.error,
        "BACKOFFICE_SIM_BROKER_REPLY_QUEUE": queues.inbound,
        "BACKOFFICE_SIM_BROKER_RECONNECT_MS": "200",
        "BACKOFFICE_SIM_BROKER_HEARTBEAT": "2",
        "BACKOFFICE_SIM_PUSH_POLL_MS": "50",
        "BACKOFFICE_SIM_PUSH_BACKOFF_MS": "100",
        "BACKOFFICE_SIM_PUSH_BACKOFF_MAX_MS": "500",
        "BACKOFFICE_SIM_PUSH_MAX_ATTEMPTS": "1000",
        **{f"BACKOFFICE_SIM_{name.upper()}": value for name, value in settings.items()},
    }
    return Simulator(db=db, workers=1, extra=("--broker-url", url), env=env)


@pytest.fixture
def commerce(endpoint: Endpoint, commerce_queues: CommerceQueues) -> Iterator[CommerceBroker]:
    client = CommerceBroker(endpoint, commerce_queues)
    yield client
    client.close()


def _orders(sim: Simulator) -> list[dict[str, object]]:
    return list(sim.get("/_admin/orders?channel=Commerce%20messaging&limit=500")["items"])


def _commerce_ids(sim: Simulator) -> list[str]:
    return sorted(str(order["commerce_order_id"]) for order in _orders(sim))


def _form(body: str) -> tuple[str, str]:
    """(Commerce order number, the DataArea child) of an Update_WCS_OrderStatus."""
    root = etree.fromstring(body.encode())
    data = root.find("DataArea")
    assert data is not None
    form = data[0]
    number = form.findtext("OrderStatusHeader/OrderNumber[@type='ByWCS']") or ""
    return number, etree.QName(form).localname


def test_a_notification_becomes_an_order_and_its_confirm_reaches_the_serial_queue(
    amqp_url: str, db: Path, world: MessagingWorld, commerce: CommerceBroker, commerce_queues: CommerceQueues,
) -> None:
    with _simulator(db, amqp_url, commerce_queues).start() as sim:
        commerce.send(notification(world, "880001"))
        [confirm] = commerce.receive(count=1, timeout=30)
        assert confirm.is_text and confirm.jms_type == "Update_WCS_OrderStatus"
        assert _form(confirm.text()) == ("880001", "OrderConfirm")
        assert _commerce_ids(sim) == ["880001"]


def test_a_redelivered_notification_changes_nothing(
    amqp_url: str, db: Path, world: MessagingWorld, commerce: CommerceBroker, commerce_queues: CommerceQueues,
) -> None:
    with _simulator(db, amqp_url, commerce_queues).start() as sim:
        body = notification(world, "880002")
        commerce.send(body)
        commerce.send(body)  # the same order again, as after a redelivery
        commerce.send(notification(world, "880003"))
        confirms = commerce.receive(count=3, timeout=20)
        assert sorted(_form(m.text())[0] for m in confirms) == ["880002", "880003"]
        assert _commerce_ids(sim) == ["880002", "880003"]
        assert commerce.receive(commerce_queues.error, count=1, timeout=0.5) == []
        journaled = sim.get("/_admin/journal?service=Messaging")["items"]
        assert sorted((e["method"], e["action_code"], e["commerce_order_id"]) for e in journaled) == [
            ("AMQP", "applied", "880002"), ("AMQP", "applied", "880003"), ("AMQP", "duplicate", "880002")]


def test_a_malformed_message_goes_to_the_error_queue_and_changes_nothing(
    amqp_url: str, db: Path, world: MessagingWorld, endpoint: Endpoint, commerce: CommerceBroker,
    commerce_queues: CommerceQueues,
) -> None:
    with _simulator(db, amqp_url, commerce_queues).start() as sim:
        before = sim.get("/_admin/orders?limit=500")["total"]
        unnumbered = notification(world, "880004").replace("<OrderNumberByNC>880004</OrderNumberByNC>", "")
        garbage = b"\x00 not a message"
        send_raw(endpoint, commerce_queues.outbound, Message(body=unnumbered, id="ID:" + "e" * 48),
                 Message(body=garbage, id="ID:" + "f" * 48, inferred=True))
        copies = receive_raw(endpoint, commerce_queues.error, 2, timeout=30)
        assert [(c.correlation_id, c.body if isinstance(c.body, str) else bytes(c.body)) for c in copies] == [
            ("ID:" + "e" * 48, unnumbered), ("ID:" + "f" * 48, garbage)]
        assert sim.get("/_admin/orders?limit=500")["total"] == before
        journaled = sim.get("/_admin/journal?service=Messaging")["items"]
        assert [(e["action_code"], e["status"], e["path"]) for e in journaled] == [
            ("malformed", 400, commerce_queues.outbound)] * 2
        assert all(e["fault"] for e in journaled)
        assert commerce.receive(count=1, timeout=1) == []  # no status message either


def test_kill_9_between_receipt_and_commit_loses_nothing(
    amqp_url: str, db: Path, world: MessagingWorld, commerce: CommerceBroker, commerce_queues: CommerceQueues,
) -> None:
    numbers = [str(890000 + i) for i in range(40)]
    first = _simulator(db, amqp_url, commerce_queues).start()
    try:
        for number in numbers:
            commerce.send(notification(world, number))
        assert until(lambda: len(_orders(first)) >= 3, 30, 0.01), "consumption started"
    finally:
        assert first.process is not None
        os.killpg(first.process.pid, signal.SIGKILL)  # mid-stream: some received, not yet committed or acked
        first.process.wait(10)
    taken = len(_commerce_ids_offline(db))
    assert taken < len(numbers), "the kill came before the end of the stream"
    with _simulator(db, amqp_url, commerce_queues).start() as again:
        assert until(lambda: len(_orders(again)) == len(numbers), 60, 0.2)
        time.sleep(1)  # anything still queued would arrive now
        assert _commerce_ids(again) == sorted(numbers)  # each exactly once


def _commerce_ids_offline(db: Path) -> list[str]:
    """The message-borne orders in a database no process serves."""
    backend = create_backend(Settings(db=str(db)))
    try:
        found = backend.orders.find(OrderFilter(channel=Channel.MESSAGING.value), 0, 500)
        return [order.commerce_order_id or "" for order in found.items]
    finally:
        backend.deps.store.close()


def test_serial_order_holds_across_a_broker_restart(
    amqp_url: str, proxy: TcpProxy, proxied: Endpoint, db: Path, world: MessagingWorld, commerce: CommerceBroker,
    commerce_queues: CommerceQueues,
) -> None:
    timings = {"lifecycle_release": "immediate", "lifecycle_ship": "1", "lifecycle_deposit": "2", "tick_ms": "100"}
    with _simulator(db, proxied.url, commerce_queues, **timings).start() as sim:
        numbers = [str(870000 + i) for i in range(6)]
        for number in numbers[:3]:
            commerce.send(notification(world, number))
        assert until(lambda: proxy.connections > 0, 30)  # the background process connects once it has started
        time.sleep(0.5)
        proxy.cut()  # the broker restarts: the simulator's connections drop
        for number in numbers[3:]:
            commerce.send(notification(world, number))  # Commerce reaches the broker directly meanwhile
        time.sleep(3)
        proxy.restore()

        def settled() -> bool:  # every lifecycle step has happened and every message is delivered
            items = sim.get("/_admin/pushes?limit=500")["items"]
            return len(items) >= 4 * len(numbers) and all(push["state"] == "delivered" for push in items)

        assert until(settled, 60, 0.2), sim.get("/_admin/pushes?limit=500")["counts"]
        received = commerce.receive(count=200, timeout=8)
        pushes = sim.get("/_admin/pushes?limit=500")["items"]
    assert any(push["attempts"] > 1 for push in pushes), "some message was sent while the broker was away"
    forms: dict[str, list[str]] = {}
    for message in received:
        number, form = _form(message.text())
        forms.setdefault(number, []).append(form)
    assert sorted(forms) == numbers
    for number, seen in forms.items():
        deduplicated = [form for i, form in enumerate(seen) if i == 0 or form != seen[i - 1]]
        assert deduplicated[:1] == ["OrderConfirm"], (number, seen)
        order = {"OrderConfirm": 0, "OrderStatus": 1, "OrderShipping": 2, "OrderInvoice": 3}
        ranks = [order.get(form, 1) for form in deduplicated]
        assert ranks == sorted(ranks), (number, seen)
        assert "OrderInvoice" in seen, (number, seen)
