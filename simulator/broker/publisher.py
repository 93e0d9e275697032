"""Send JMS messages to queues and wait for the broker's confirm (the settled, accepted delivery)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace

from proton import ProtonException
from proton.utils import BlockingConnection, BlockingSender

from simulator.broker.endpoint import Endpoint
from simulator.broker.jms import JmsMessage, new_message_id, to_amqp

log = logging.getLogger("simulator.broker")


class PublishFailed(Exception):
    """The broker did not confirm the message (unreachable, refused, released or timed out)."""


class Publisher:
    """One connection, one sender link per queue; reconnects on the next send after any failure. Thread-safe.

    Nothing runs the connection between sends, so it cannot answer heartbeats while idle: after half the
    heartbeat interval without a send it is replaced rather than found dead by the next send.
    """

    def __init__(self, endpoint: Endpoint) -> None:
        self._endpoint = endpoint
        self._connection: BlockingConnection | None = None
        self._senders: dict[str, BlockingSender] = {}
        self._lock = threading.Lock()
        self._last_used = 0.0

    def publish(self, queue: str, message: JmsMessage) -> JmsMessage:
        """Send and wait for the broker to accept it; answers the message as sent (with its JMSMessageID)."""
        if message.message_id is None:
            message = _with_id(message)
        with self._lock:
            try:
                self._sender(queue).send(to_amqp(message))
            except (ProtonException, OSError) as exc:
                self._drop()
                detail = self._endpoint.scrub(str(exc))
                raise PublishFailed(f"{self._endpoint.redacted()} {queue}: {type(exc).__name__}: {detail}") from exc
        return message

    def _sender(self, queue: str) -> BlockingSender:
        address = self._endpoint.address(queue)
        now = time.monotonic()
        if self._connection is not None and now - self._last_used > self._endpoint.heartbeat / 2:
            self._drop()
        self._last_used = now
        if self._connection is None:
            self._connection = self._endpoint.connect()
        sender = self._senders.get(address)
        if sender is None:
            sender = self._senders[address] = self._connection.create_sender(address)
        return sender

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        self._senders.clear()
        if connection is not None:
            try:
                connection.close()
            except Exception:  # the connection is already broken: nothing to tidy
                log.debug("closing a broken broker connection failed", exc_info=True)

    def close(self) -> None:
        """Close the connection (a later publish opens a new one)."""
        with self._lock:
            self._drop()


def _with_id(message: JmsMessage) -> JmsMessage:
    return replace(message, message_id=new_message_id())
