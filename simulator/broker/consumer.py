"""Consume a queue one message at a time, acknowledging each only after its handler has committed."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from proton import Message, ProtonException, Timeout
from proton.utils import BlockingConnection, BlockingReceiver

from simulator.broker.endpoint import Endpoint
from simulator.broker.jms import JmsMessage, NotAJmsMessage, from_amqp, new_message_id
from simulator.broker.publisher import Publisher, PublishFailed

log = logging.getLogger("simulator.broker")
POLL_SECONDS: Final = 0.5
RETRY_PAUSE: Final = 1.0
PREFETCH: Final = 10
"""Messages the broker may hand over ahead (each still acknowledged only after its commit, in order)."""


class Verdict(StrEnum):
    """What the handler made of a message."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class Handled:
    """The handler's answer: its verdict, why (and its message key) when malformed, the Commerce order number,
    and a reply body for the request's reply-to."""

    verdict: Verdict
    reason: str | None = None
    reply: str | bytes | None = None
    fault: str | None = None
    order: str | None = None


Handler = Callable[[JmsMessage], Handled]
Journal = Callable[[JmsMessage, Handled, float], None]
"""Records a consumed message, its answer and the milliseconds it took."""


@dataclass(frozen=True, slots=True)
class Queues:
    """The queues the consumer uses: where it reads, where malformed messages go, where replies go by default."""

    inbound: str = "JMSOutboundQueue"
    error: str = "JMSErrorQueue"
    reply: str = "JMSInboundQueue"


class Consumer:
    """Reads `queues.inbound` until stopped; reconnects (after `reconnect_seconds`) whenever the broker goes away.

    Each message is handled, then its error copy or reply is published and confirmed, and only then is the
    message accepted: a crash before that leaves it with the broker, which delivers it again.
    """

    def __init__(
        self, endpoint: Endpoint, handler: Handler, queues: Queues = Queues(), reconnect_seconds: float = 2.0,
        publisher: Publisher | None = None, journal: Journal | None = None,
    ) -> None:
        self._endpoint = endpoint
        self._handler = handler
        self._queues = queues
        self._reconnect = reconnect_seconds
        self._publisher = publisher or Publisher(endpoint)
        self._journal = journal
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()
        self.handled = 0

    def start(self) -> Consumer:
        """Run in a daemon thread until stop()."""
        self._thread = threading.Thread(target=self.run, name="broker-consumer", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the message in hand."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._publisher.close()

    def run(self) -> None:
        """Connect, consume, and reconnect after every failure, until stopped."""
        while not self._stop.is_set():
            try:
                self._session()
            except (ProtonException, OSError, PublishFailed) as exc:
                log.warning("broker %s: %s; reconnecting", self._endpoint.redacted(), self._endpoint.scrub(str(exc)))
            self.connected.clear()
            self._stop.wait(self._reconnect)

    def _session(self) -> None:
        connection = self._endpoint.connect()
        try:
            receiver = connection.create_receiver(self._endpoint.address(self._queues.inbound), credit=PREFETCH)
            self.connected.set()
            log.info("consuming %s on %s", self._queues.inbound, self._endpoint.redacted())
            while not self._stop.is_set():
                try:
                    amqp = receiver.receive(timeout=POLL_SECONDS)
                except Timeout:
                    continue
                self._one(receiver, amqp)
        finally:
            _close(connection)

    def _one(self, receiver: BlockingReceiver, amqp: Message) -> None:
        try:
            message = from_amqp(amqp)
        except NotAJmsMessage as exc:
            self._to_error_queue_raw(amqp, str(exc))
            receiver.accept()
            return
        started = time.perf_counter()
        try:
            handled = self._handler(message)
        except Exception:  # the store is busy or a bug: leave the message with the broker and try it again later
            log.exception("message %s could not be handled; the broker will deliver it again", message.message_id)
            receiver.release(delivered=False)
            self._stop.wait(RETRY_PAUSE)
            return
        self._follow_up(message, handled)
        receiver.accept()
        self.handled += 1
        if self._journal is not None:
            self._journal(message, handled, (time.perf_counter() - started) * 1000)

    def _follow_up(self, message: JmsMessage, handled: Handled) -> None:
        if handled.verdict is Verdict.MALFORMED:
            log.warning("message %s is malformed (%s): to %s", message.message_id, handled.reason, self._queues.error)
            copy = replace(message, message_id=new_message_id(), correlation_id=message.message_id)
            self._publisher.publish(self._queues.error, copy)
        if handled.reply is not None:
            reply = JmsMessage(body=handled.reply, correlation_id=message.message_id)
            self._publisher.publish(message.reply_to or self._queues.reply, reply)

    def _to_error_queue_raw(self, amqp: Message, reason: str) -> None:
        log.warning("message %s is not a JMS text or bytes message (%s): to %s", amqp.id, reason, self._queues.error)
        original = None if amqp.id is None else str(amqp.id)
        copy = JmsMessage(body=str(amqp.body), message_id=new_message_id(), correlation_id=original)
        self._publisher.publish(self._queues.error, copy)


def _close(connection: BlockingConnection) -> None:
    try:
        connection.close()
    except Exception:  # already broken
        log.debug("closing a broken broker connection failed", exc_info=True)
