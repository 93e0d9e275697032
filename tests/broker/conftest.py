"""The broker the tests use: BACKOFFICE_SIM_TEST_AMQP_URL; skipped where none answers, a failure under CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.parse
import uuid
from collections.abc import Iterator

import pytest
from support.tcp_proxy import TcpProxy

from simulator.broker.endpoint import Endpoint

DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672"
TEST_PREFIX = "bsim-test-"


def _amqp_url() -> str:
    return os.environ.get("BACKOFFICE_SIM_TEST_AMQP_URL", DEFAULT_URL)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the test broker is unusable: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def amqp_url() -> str:
    """The test broker's URL, once it has answered an AMQP 1.0 open."""
    url = _amqp_url()
    try:
        Endpoint(url, timeout=5).connect().close()
    except Exception as exc:
        _unavailable(f"no AMQP 1.0 broker answers at {Endpoint(url).redacted()}: {type(exc).__name__}: {exc}")
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


@pytest.fixture
def queue_name() -> Iterator[str]:
    """A queue name of this test alone (pid and a random part)."""
    yield f"{TEST_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def endpoint(amqp_url: str) -> Endpoint:
    return Endpoint(amqp_url, timeout=5, heartbeat=2)


@pytest.fixture
def proxy(amqp_url: str) -> Iterator[TcpProxy]:
    """A TCP proxy in front of the broker, to cut the connection as a broker restart would."""
    parts = urllib.parse.urlsplit(amqp_url)
    started = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672).start()
    yield started
    started.stop()


@pytest.fixture
def proxied(amqp_url: str, proxy: TcpProxy) -> Endpoint:
    """The broker reached through the proxy (same credentials)."""
    parts = urllib.parse.urlsplit(amqp_url)
    url = f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[0]}@127.0.0.1:{proxy.listen_port}"
    return Endpoint(url, timeout=3, heartbeat=2)
