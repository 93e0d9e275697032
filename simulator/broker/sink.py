"""A legacy-messaging sink to a Commerce inbound queue: one confirmed JMS TextMessage per rendered message."""

from __future__ import annotations

import re
from typing import Final, Protocol

from simulator.broker.jms import JmsMessage
from simulator.broker.publisher import Publisher, PublishFailed

_ROOT: Final = re.compile(r"<(?![?!])([A-Za-z_][\w.-]*)")


class Rendered(Protocol):
    """A message ready to send (its UTF-8 bytes)."""

    @property
    def body(self) -> bytes: ...


class BrokerSink:
    """Sends a rendered message: None once the broker has confirmed it, else what went wrong.

    The outbox hands over the head of each order's queue only after the previous one is delivered, and this
    sink answers only after the broker's confirm, so one order's messages reach the queue in order even when
    the broker restarts between them.
    """

    def __init__(self, publisher: Publisher, queue: str) -> None:
        self._publisher = publisher
        self.queue = queue

    def send(self, message: Rendered) -> str | None:
        """Publish one message as a TextMessage and wait for the confirm."""
        text = message.body.decode("utf-8")
        try:
            self._publisher.publish(self.queue, JmsMessage(body=text, jms_type=message_name(text)))
        except PublishFailed as exc:
            return str(exc)
        return None


def message_name(text: str) -> str | None:
    """The XML message's root element name, for JMSType (None for a legacy buffer: Commerce routes by content)."""
    match = _ROOT.search(text, 0, 4096)
    return None if match is None or match.group(1) == "ECEDOC" else match.group(1)
