"""Deliver outbox messages to a Commerce inbound queue: one confirmed JMS TextMessage per outbox entry."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from simulator.broker.jms import JmsMessage
from simulator.broker.publisher import Publisher, PublishFailed
from simulator.domain.outbox import PushRecord

_ROOT: Final = re.compile(r"<(?![?!])([A-Za-z_][\w.-]*)")
Render = Callable[[PushRecord], bytes]
"""The message text of an outbox entry (UTF-8 bytes)."""


class BrokerSink:
    """An outbox delivery: None once the broker has confirmed the message, else what went wrong.

    The dispatcher hands over the head of each order's queue only after the previous one is delivered, and
    this sink answers only after the broker's confirm, so one order's messages reach the queue in order even
    when the broker restarts between them.
    """

    def __init__(self, publisher: Publisher, queue: str, render: Render) -> None:
        self._publisher = publisher
        self.queue = queue
        self._render = render

    def deliver(self, record: PushRecord) -> str | None:
        """Publish one entry and wait for the confirm."""
        body = self._render(record).decode("utf-8")
        try:
            self._publisher.publish(self.queue, JmsMessage(body=body, jms_type=_root_name(body)))
        except PublishFailed as exc:
            return str(exc)
        return None


def _root_name(text: str) -> str | None:
    """The XML message's root element name for JMSType (None for a legacy buffer: Commerce routes by content)."""
    match = _ROOT.search(text, 0, 4096)
    return None if match is None or match.group(1) == "ECEDOC" else match.group(1)
