"""Commerce's side of the broker for the reference client: its JMS connector's sends, send-receives and listeners.

Commerce sends order notifications (and SendReceiveImmediate requests) on `JMSOutboundQueue`, waits for replies on
`JMSInboundQueue` matched by correlation id, and its listeners read the back office's messages from
`JMSSerialInboundQueue` / `JMSParallelInboundQueue` (legacy-messaging.md 5.2-5.5).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from proton import Timeout
from proton.utils import BlockingConnection

from simulator.broker.endpoint import Endpoint
from simulator.broker.jms import JmsMessage, from_amqp
from simulator.broker.publisher import Publisher


class NoReply(TimeoutError):
    """No reply with the request's correlation id came within the timeout (Commerce's command then fails)."""


@dataclass(frozen=True, slots=True)
class CommerceQueues:
    """Commerce's JNDI queue names (physical names are site-defined)."""

    outbound: str = "JMSOutboundQueue"
    inbound: str = "JMSInboundQueue"
    serial: str = "JMSSerialInboundQueue"
    parallel: str = "JMSParallelInboundQueue"
    error: str = "JMSErrorQueue"


class CommerceBroker:
    """Sends as Commerce's JMS connector does and reads what the back office sends to Commerce."""

    def __init__(self, endpoint: Endpoint, queues: CommerceQueues = CommerceQueues()) -> None:
        self.endpoint = endpoint
        self.queues = queues
        self._publisher = Publisher(endpoint)

    def send(self, body: str | bytes, jms_type: str | None = None) -> str:
        """Send a message (an order notification) on the outbound queue; answers its JMSMessageID."""
        sent = self._publisher.publish(self.queues.outbound, JmsMessage(body=body, jms_type=jms_type))
        assert sent.message_id is not None
        return sent.message_id

    def send_receive(self, body: str, timeout: float = 60.0) -> JmsMessage:
        """SendReceiveImmediate: send with JMSReplyTo = the inbound queue, wait for the reply correlated to it.

        Replies to other requests are left on the queue (released), as a JMS selector would leave them.
        """
        reply_to = self.endpoint.address(self.queues.inbound)
        sent = self._publisher.publish(self.queues.outbound, JmsMessage(body=body, reply_to=reply_to))
        deadline = time.monotonic() + timeout
        connection = self.endpoint.connect()
        try:
            receiver = connection.create_receiver(reply_to, credit=1)
            while (left := deadline - time.monotonic()) > 0:
                try:
                    message = from_amqp(receiver.receive(timeout=left))
                except Timeout:
                    break
                if message.correlation_id == sent.message_id:
                    receiver.accept()
                    return message
                receiver.release(delivered=False)
        finally:
            _close(connection)
        raise NoReply(f"no reply correlated to {sent.message_id} within {timeout:g} s")

    def receive(self, queue: str | None = None, count: int = 1, timeout: float = 10.0) -> list[JmsMessage]:
        """Up to `count` messages from a queue (the serial listener queue by default), each acknowledged."""
        found: list[JmsMessage] = []
        connection = self.endpoint.connect()
        try:
            receiver = connection.create_receiver(self.endpoint.address(queue or self.queues.serial), credit=count)
            while len(found) < count:
                try:
                    found.append(from_amqp(receiver.receive(timeout=timeout)))
                except Timeout:
                    break
                receiver.accept()
        finally:
            _close(connection)
        return found

    def close(self) -> None:
        """Close the sending connection."""
        self._publisher.close()


def _close(connection: BlockingConnection) -> None:
    try:
        connection.close()
    except Exception:  # already broken
        return
