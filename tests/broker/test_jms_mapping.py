"""JMS headers through a real broker: what the publisher puts on the wire, and what the consumer reads back."""

from __future__ import annotations

import re
import time

import pytest
from proton import Message, symbol
from support.amqp_peer import receive_raw, send_raw

from simulator.broker.endpoint import BrokerSettingsError, Endpoint
from simulator.broker.jms import BYTES_MESSAGE, MSG_TYPE, TEXT_MESSAGE, JmsMessage, from_amqp
from simulator.broker.publisher import Publisher, PublishFailed


def test_a_text_message_carries_every_jms_header(endpoint: Endpoint, queue_name: str) -> None:
    expiration = int((time.time() + 600) * 1000)
    sent = Publisher(endpoint).publish(queue_name, JmsMessage(
        body="<Update_WCS_OrderStatus/>", correlation_id="ID:" + "ab" * 24, reply_to="JMSInboundQueue",
        jms_type="Update_WCS_OrderStatus", priority=7, expiration=expiration,
    ))
    [wire] = receive_raw(endpoint, queue_name, 1)
    assert sent.message_id is not None and re.fullmatch(r"ID:[0-9a-f]{48}", sent.message_id)
    assert wire.body == "<Update_WCS_OrderStatus/>" and wire.inferred is False  # an AmqpValue string
    assert wire.annotations[MSG_TYPE] == TEXT_MESSAGE
    assert wire.id == sent.message_id
    assert (wire.correlation_id, wire.reply_to, wire.subject) == ("ID:" + "ab" * 24, "JMSInboundQueue",
                                                                  "Update_WCS_OrderStatus")
    assert wire.priority == 7 and wire.durable is True
    assert abs(wire.expiry_time * 1000 - expiration) < 2
    assert from_amqp(wire) == sent


def test_a_bytes_message_travels_in_a_data_section(endpoint: Endpoint, queue_name: str) -> None:
    body = "ECEDOC  ON café".encode()
    sent = Publisher(endpoint).publish(queue_name, JmsMessage(body=body, priority=2))
    [wire] = receive_raw(endpoint, queue_name, 1)
    assert wire.inferred is True and bytes(wire.body) == body
    assert wire.annotations[MSG_TYPE] == BYTES_MESSAGE and wire.content_type == "application/octet-stream"
    read = from_amqp(wire)
    assert read == sent and read.text() == "ECEDOC  ON café" and not read.is_text


def test_a_message_from_another_jms_client_is_read_with_its_headers(endpoint: Endpoint, queue_name: str) -> None:
    raw = Message(body="<Report_NC_PurchaseOrder/>", id="ID:" + "0" * 47 + "1", reply_to="/queue/replies",
                  subject="OrderCreate", priority=9, correlation_id="c-1")
    raw.annotations = {symbol("x-opt-jms-msg-type"): TEXT_MESSAGE}
    send_raw(endpoint, queue_name, raw)
    [wire] = receive_raw(endpoint, queue_name, 1)
    read = from_amqp(wire)
    assert read.body == "<Report_NC_PurchaseOrder/>" and read.is_text
    assert (read.message_id, read.correlation_id, read.reply_to, read.jms_type, read.priority, read.expiration) == (
        "ID:" + "0" * 47 + "1", "c-1", "/queue/replies", "OrderCreate", 9, 0)


def test_an_unreachable_broker_fails_the_publish_and_the_next_one_reconnects(
    proxied: Endpoint, proxy: object, queue_name: str, endpoint: Endpoint,
) -> None:
    publisher = Publisher(proxied)
    publisher.publish(queue_name, JmsMessage(body="one"))
    proxy.cut()  # type: ignore[attr-defined]
    with pytest.raises(PublishFailed):
        publisher.publish(queue_name, JmsMessage(body="lost"))
    proxy.restore()  # type: ignore[attr-defined]
    publisher.publish(queue_name, JmsMessage(body="two"))
    publisher.close()
    assert [m.body for m in receive_raw(endpoint, queue_name, 3, timeout=2)] == ["one", "two"]


def test_endpoint_settings() -> None:
    endpoint = Endpoint("amqp://u:p@broker.example:5673", user="svc", password="s3cr/t", address_template="{name}")
    assert endpoint.connection_url() == "amqp://svc:s3cr%2Ft@broker.example:5673"
    assert endpoint.redacted() == "amqp://broker.example:5673"
    assert endpoint.address("JMSErrorQueue") == "JMSErrorQueue"
    assert Endpoint("amqp://h").address("Q") == "/queue/Q"
    assert Endpoint("amqp://h").address("/amq/queue/Q") == "/amq/queue/Q"
    assert Endpoint("amqp://h", tls_ca="/ca.pem").connection_url() == "amqps://h"
    for bad in ({"url": "http://h"}, {"url": "amqp://h", "address_template": "/queue/"},
                {"url": "amqp://h", "tls_cert": "c.pem"}):
        with pytest.raises(BrokerSettingsError):
            Endpoint(**bad)  # type: ignore[arg-type]
