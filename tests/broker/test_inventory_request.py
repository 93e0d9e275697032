"""Request_WCS_BE_ProductInventory over the broker: the reply, correlated to the request, from the real ATP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from lxml import etree
from proton import Message
from support.amqp_peer import receive_raw, send_raw
from support.world import online, parts_with

from simulator.app import create_backend
from simulator.backend.clock import ManualClock
from simulator.backend.service import Backend
from simulator.broker.consumer import Consumer, Handled, Queues, Verdict
from simulator.broker.endpoint import Endpoint
from simulator.broker.jms import JmsMessage
from simulator.broker.runner import inbound_handler
from simulator.client.broker import CommerceBroker, CommerceQueues
from simulator.config import Settings
from simulator.domain.inventory import AvailabilityStatus
from simulator.legacy.dtd import validate
from simulator.store.memory import MemoryStore

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def _request(*lines: tuple[str, int]) -> bytes:
    infos = "".join(
        f"<ProductInventoryInfo><WCOrderId>7001</WCOrderId><WCOrderItemId>{i}</WCOrderItemId>"
        f"<ProductSKU>{sku}</ProductSKU><RequestedQuantity>{qty}</RequestedQuantity></ProductInventoryInfo>"
        for i, (sku, qty) in enumerate(lines, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE Request_WCS_BE_ProductInventory SYSTEM "Request_WCS_BE_ProductInventory_10.dtd">\n'
        '<Request_WCS_BE_ProductInventory version="1.0"><ControlArea><Verb value="Request">Request</Verb>'
        '<Noun value="WCS_BE_ProductInventory">WCS_BE_ProductInventory</Noun>'
        "<Credentials><LogonId>wcsadmin</LogonId><Password>x</Password></Credentials></ControlArea>"
        f"<DataArea>{infos}</DataArea></Request_WCS_BE_ProductInventory>"
    ).encode()


@pytest.fixture
def backend() -> Backend:
    settings = Settings(db=":memory:", seed=42, products=120, anchor="2026-11-23T00:00:00+00:00")
    sim = create_backend(settings, MemoryStore(), ManualClock(NOW))
    sim.ensure_seeded()
    return sim


@pytest.fixture
def applied() -> list[bytes]:
    return []


@pytest.fixture
def consumer(endpoint: Endpoint, backend: Backend, queue_name: str, applied: list[bytes]) -> Iterator[Consumer]:
    def apply(message: JmsMessage) -> Handled:
        applied.append(message.data())
        return Handled(Verdict.APPLIED)

    queues = Queues(queue_name + "-in", queue_name + "-err", queue_name + "-reply")
    settings = Settings(db=":memory:")
    started = Consumer(endpoint, inbound_handler(backend, settings, apply), queues, reconnect_seconds=0.2).start()
    assert started.connected.wait(10)
    yield started
    started.stop()


def test_the_reply_goes_to_reply_to_with_the_request_id_as_correlation_id(
    consumer: Consumer, endpoint: Endpoint, backend: Backend, queue_name: str, applied: list[bytes],
) -> None:
    plenty = parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=5)[0]
    have = online(backend, plenty)
    commerce = CommerceBroker(endpoint, CommerceQueues(outbound=queue_name + "-in", inbound=queue_name + "-commerce"))
    sent = time.monotonic()
    reply = commerce.send_receive(_request((plenty, 2), (plenty, have + 3)).decode(), timeout=60)
    commerce.close()
    assert time.monotonic() - sent < 60  # Commerce's SendReceiveImmediate gives up after 60 s
    assert reply.is_text and reply.correlation_id is not None and reply.correlation_id.startswith("ID:")
    data = reply.data()
    validate(data)
    root = etree.fromstring(data)
    assert root.find("ControlArea/Verb").get("value") == "Reply"
    infos = root.findall("DataArea/ProductInventoryInfo")
    assert [i.findtext("WCOrderItemId") for i in infos] == ["1", "2"]
    assert [i.find("ReplyStatus").get("status") for i in infos] == ["OK", "OK"]
    assert [i.findtext("DeliveryInfo/AvailableQuantity") for i in infos] == [str(have)] * 2  # what ATP promises
    assert applied == []  # not handed to the order core


def test_an_unknown_part_is_answered_with_an_error_status(
    consumer: Consumer, endpoint: Endpoint, queue_name: str,
) -> None:
    send_raw(endpoint, queue_name + "-in", Message(body=_request(("NO-SUCH-PART", 1)).decode(), id="ID:q-2"))
    [reply] = receive_raw(endpoint, queue_name + "-reply", 1, timeout=30)  # no reply-to: the default reply queue
    info = etree.fromstring(reply.body.encode()).find("DataArea/ProductInventoryInfo")
    assert reply.correlation_id == "ID:q-2"
    assert info.find("ReplyStatus").get("status") == "ERROR" and info.findtext("ProductSKU") == "NO-SUCH-PART"
    assert info.find("ReplyStatus").get("code")


def test_an_unreadable_request_is_answered_with_wcs_error_and_goes_to_the_error_queue(
    consumer: Consumer, endpoint: Endpoint, queue_name: str,
) -> None:
    broken = _request(("X", 1)).replace(b"<ProductSKU>X</ProductSKU>", b"")
    reply_to = endpoint.address(queue_name + "-commerce")
    send_raw(endpoint, queue_name + "-in", Message(body=broken.decode(), id="ID:q-3", reply_to=reply_to))
    [copy] = receive_raw(endpoint, queue_name + "-err", 1, timeout=30)
    assert copy.correlation_id == "ID:q-3" and copy.body == broken.decode()
    [answer] = receive_raw(endpoint, queue_name + "-commerce", 1, timeout=30)
    assert answer.correlation_id == "ID:q-3" and answer.body.startswith("<WCS_Error")
