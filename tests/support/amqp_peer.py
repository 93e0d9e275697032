"""The far side of the broker in tests: raw proton sends and receives, as Commerce's JMS client would."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest
from proton import Message, Timeout
from proton.utils import BlockingConnection

from simulator.broker.endpoint import Endpoint

DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672"
TEST_PREFIX = "bsim-test-"


def usable_amqp_url() -> str:
    """BACKOFFICE_SIM_TEST_AMQP_URL once it answered an AMQP 1.0 open; skips (fails under CI=true) otherwise."""
    url = os.environ.get("BACKOFFICE_SIM_TEST_AMQP_URL", DEFAULT_URL)
    try:
        Endpoint(url, timeout=5).connect().close()
    except Exception as exc:
        reason = f"no AMQP 1.0 broker answers at {Endpoint(url).redacted()}: {type(exc).__name__}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the test broker is unusable: {reason}")
        pytest.skip(reason)
    _expire_test_queues()
    return url


def _expire_test_queues() -> None:
    """RabbitMQ keeps the queues its AMQP 1.0 plugin declares: a policy scoped to test names expires them unused."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        return
    subprocess.run(
        [ctl, "set_policy", "--apply-to", "queues", "bsim-test-expiry", f"^{TEST_PREFIX}", '{"expires": 300000}'],
        capture_output=True, timeout=30, check=False,
    )


def unique_queue_name() -> str:
    """A queue name of one test alone (pid and a random part)."""
    return f"{TEST_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:10]}"


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
