"""The broker the tests use: BACKOFFICE_SIM_TEST_AMQP_URL; skipped where none answers, a failure under CI=true."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

import pytest
from support.amqp_peer import unique_queue_name, usable_amqp_url
from support.tcp_proxy import TcpProxy

from simulator.broker.endpoint import Endpoint


@pytest.fixture(scope="session")
def amqp_url() -> str:
    """The test broker's URL, once it has answered an AMQP 1.0 open."""
    return usable_amqp_url()


@pytest.fixture
def queue_name() -> str:
    """A queue name of this test alone."""
    return unique_queue_name()


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
