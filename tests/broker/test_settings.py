"""Broker settings: validation, defaults (Commerce's JNDI names), and nothing broker-related without a URL."""

from __future__ import annotations

import pytest
from support.process import cli

from simulator.app import create_backend
from simulator.broker.runner import background, endpoint, outbound_queue, queues
from simulator.broker.sink import BrokerSink
from simulator.config import Settings, SettingsError, load_settings


def test_defaults_are_commerce_queue_names_and_no_broker() -> None:
    settings = Settings()
    assert endpoint(settings) is None
    assert (queues(settings).inbound, queues(settings).error, queues(settings).reply) == (
        "JMSOutboundQueue", "JMSErrorQueue", "JMSInboundQueue")
    assert outbound_queue(settings) == "JMSSerialInboundQueue"
    assert outbound_queue(Settings(broker_outbound="parallel")) == "JMSParallelInboundQueue"


def test_without_a_broker_url_no_consumer_starts() -> None:
    settings = Settings(db=":memory:", products=40)
    work = background(create_backend(settings), settings)
    assert work.consumer is None


def test_with_a_broker_url_the_consumer_and_the_broker_sink_are_built() -> None:
    settings = Settings(db=":memory:", products=40, broker_url="amqp://127.0.0.1:1", broker_outbound="parallel")
    work = background(create_backend(settings), settings)
    assert work.consumer is not None
    dispatcher = work.work.work.dispatcher
    assert dispatcher is not None
    sink = dispatcher._delivery.legacy.sink  # type: ignore[attr-defined]
    assert isinstance(sink, BrokerSink) and sink.queue == "JMSParallelInboundQueue"
    plain = Settings(db=":memory:", products=40)
    assert background(create_backend(plain), plain).work.work.dispatcher is None


def test_credentials_and_tls_come_from_the_settings() -> None:
    settings = load_settings({"broker_url": "amqp://u:p@mq.example:5671"}, environ={
        "BACKOFFICE_SIM_BROKER_USER": "svc", "BACKOFFICE_SIM_BROKER_PASSWORD": "pw",
        "BACKOFFICE_SIM_BROKER_TLS_CA": "/etc/ca.pem", "BACKOFFICE_SIM_BROKER_ADDRESS_TEMPLATE": "{name}",
    })
    found = endpoint(settings)
    assert found is not None
    assert found.connection_url() == "amqps://svc:pw@mq.example:5671" and found.address("Q") == "Q"


@pytest.mark.parametrize("bad", [
    {"broker_url": "http://mq"}, {"broker_outbound": "sideways"}, {"broker_address_template": "/queue/"},
    {"broker_heartbeat": 1}, {"broker_tls_cert": "c.pem"},
])
def test_unusable_settings_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        Settings(**bad)  # type: ignore[arg-type]


def test_serve_refuses_a_broker_url_that_is_not_amqp_in_one_line() -> None:
    result = cli("serve", "--db", ":memory:", "--broker-url", "http://mq.example")
    assert result.returncode != 0
    assert "broker_url must be an amqp:// or amqps:// URL" in result.stderr
    assert "Traceback" not in result.stderr
