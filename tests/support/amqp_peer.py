"""The far side of the broker in tests: raw proton sends and receives, as Commerce's JMS client would."""

from __future__ import annotations

from proton import Message, Timeout
from proton.utils import BlockingConnection

from simulator.broker.endpoint import Endpoint


def send_raw(endpoint: Endpoint, queue: str, *messages: Message) -> None:
    connection = endpoint.connect()
    try:
        sender = connection.create_sender(endpoint.address(queue))
        for message in messages:
            sender.send(message)
    finally:
        connection.close()


def receive_raw(endpoint: Endpoint, queue: str, count: int, timeout: float = 10.0) -> list[Message]:
    """Up to `count` messages (fewer when the queue stays empty for `timeout` seconds), each accepted."""
    connection: BlockingConnection = endpoint.connect()
    found: list[Message] = []
    try:
        receiver = connection.create_receiver(endpoint.address(queue), credit=count)
        while len(found) < count:
            try:
                found.append(receiver.receive(timeout=timeout))
            except Timeout:
                break
            receiver.accept()
    finally:
        connection.close()
    return found
