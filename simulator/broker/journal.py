"""Messages consumed from the broker in the control plane's journal (service "Messaging", method "AMQP")."""

from __future__ import annotations

import logging
from collections.abc import Callable

from simulator.broker.consumer import Handled
from simulator.broker.jms import JmsMessage
from simulator.control.ports import ControlStore
from simulator.control.records import Exchange, utc_stamp

log = logging.getLogger("simulator.broker")
SERVICE = "Messaging"


class BrokerJournal:
    """Records each consumed message with its verdict; a journal failure never holds up the consumer."""

    def __init__(self, store: ControlStore, queue: str, kind: Callable[[bytes], str]) -> None:
        self._store = store
        self._queue = queue
        self._kind = kind

    def __call__(self, message: JmsMessage, handled: Handled, duration_ms: float) -> None:
        """Journal one message."""
        try:
            operation = self._kind(message.data())
            exchange = Exchange(
                at=utc_stamp(), tenant="", method="AMQP", path=self._queue, service=SERVICE, operation=operation,
                action_code=handled.verdict.value, status=400 if handled.fault else 200,
                duration_ms=round(duration_ms, 3), fault=handled.fault, commerce_order_id=handled.order,
            )
            self._store.record(exchange, [], [(f"messages|{handled.verdict.value}", 1.0)])
        except Exception:
            log.exception("could not journal a message from %s", self._queue)
