"""The consumer on a real broker: acknowledgement after the handler, error queue, replies, reconnection."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from proton import Message
from support.amqp_peer import receive_raw, send_raw
from support.tcp_proxy import TcpProxy
from support.waiting import until

from simulator.broker.consumer import Consumer, Handled, Queues, Verdict
from simulator.broker.endpoint import Endpoint
from simulator.broker.jms import JmsMessage


class Recorder:
    """A handler that records what it saw; its verdict depends on the body."""

    def __init__(self) -> None:
        self.seen: list[JmsMessage] = []
        self.fail_once: set[str] = set()
        self.gate: threading.Event | None = None
        self.entered = threading.Event()

    def __call__(self, message: JmsMessage) -> Handled:
        self.seen.append(message)
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(10)
        body = message.text()
        if body in self.fail_once:
            self.fail_once.discard(body)
            raise RuntimeError("the store is busy")
        if body.startswith("bad"):
            return Handled(Verdict.MALFORMED, reason="not XML")
        if body.startswith("ask"):
            return Handled(Verdict.APPLIED, reply="<Reply/>")
        return Handled(Verdict.APPLIED)


@pytest.fixture
def queues(queue_name: str) -> Queues:
    return Queues(inbound=queue_name + "-in", error=queue_name + "-err", reply=queue_name + "-reply")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def _consumer(endpoint: Endpoint, recorder: Recorder, queues: Queues) -> Iterator[Consumer]:
    consumer = Consumer(endpoint, recorder, queues, reconnect_seconds=0.2).start()
    assert consumer.connected.wait(10)
    yield consumer
    consumer.stop()


@pytest.fixture
def consumer(endpoint: Endpoint, recorder: Recorder, queues: Queues) -> Iterator[Consumer]:
    yield from _consumer(endpoint, recorder, queues)


def test_a_malformed_message_goes_to_the_error_queue_unchanged_correlated_to_its_id(
    consumer: Consumer, endpoint: Endpoint, queues: Queues, recorder: Recorder,
) -> None:
    send_raw(endpoint, queues.inbound, Message(body="bad <x", id="ID:m-1", subject="T", priority=6),
             Message(body="good", id="ID:m-2"))
    assert until(lambda: consumer.handled == 2, 10)
    [copy] = receive_raw(endpoint, queues.error, 1)
    assert copy.body == "bad <x" and copy.correlation_id == "ID:m-1" and copy.id != "ID:m-1"
    assert (copy.subject, copy.priority) == ("T", 6)
    assert receive_raw(endpoint, queues.inbound, 1, timeout=0.5) == []  # both were acknowledged


def test_a_request_is_answered_on_its_reply_to_with_the_request_id_as_correlation_id(
    consumer: Consumer, endpoint: Endpoint, queues: Queues, queue_name: str,
) -> None:
    reply_to = endpoint.address(queue_name + "-commerce")
    send_raw(endpoint, queues.inbound, Message(body="ask 1", id="ID:req-1", reply_to=reply_to),
             Message(body="ask 2", id="ID:req-2"))
    [answer] = receive_raw(endpoint, queue_name + "-commerce", 1)
    assert answer.body == "<Reply/>" and answer.correlation_id == "ID:req-1"
    [default] = receive_raw(endpoint, queues.reply, 1)  # no reply-to: the default reply queue
    assert default.correlation_id == "ID:req-2"


def test_a_failing_handler_leaves_the_message_with_the_broker(
    consumer: Consumer, endpoint: Endpoint, queues: Queues, recorder: Recorder,
) -> None:
    recorder.fail_once.add("busy")
    send_raw(endpoint, queues.inbound, Message(body="busy", id="ID:b-1"))
    assert until(lambda: consumer.handled == 1, 15)
    assert [m.message_id for m in recorder.seen] == ["ID:b-1", "ID:b-1"]


def test_a_lost_acknowledgement_means_a_redelivery_and_the_consumer_reconnects(
    proxied: Endpoint, proxy: TcpProxy, endpoint: Endpoint, queues: Queues, recorder: Recorder,
) -> None:
    recorder.gate = threading.Event()
    consumer = Consumer(proxied, recorder, queues, reconnect_seconds=0.2).start()
    try:
        assert consumer.connected.wait(10)
        send_raw(endpoint, queues.inbound, Message(body="first", id="ID:r-1"))
        assert recorder.entered.wait(10)
        proxy.cut()  # the broker goes away while the handler holds the message
        recorder.gate.set()
        assert until(lambda: not consumer.connected.is_set(), 10)
        proxy.restore()
        assert until(lambda: len(recorder.seen) == 2, 20), "the broker delivers the unacknowledged message again"
        send_raw(endpoint, queues.inbound, Message(body="second", id="ID:r-2"))
        assert until(lambda: [m.message_id for m in recorder.seen][-1] == "ID:r-2", 10)
        assert [m.message_id for m in recorder.seen] == ["ID:r-1", "ID:r-1", "ID:r-2"]
    finally:
        consumer.stop()
