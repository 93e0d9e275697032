"""The broker listeners of one database: built from the settings, started with the background work, stopped with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulator.backend.service import Backend
from simulator.broker.be_inventory import NotAnInventoryRequest, is_inventory_request
from simulator.broker.consumer import Consumer, Handled, Handler, Queues, Verdict
from simulator.broker.endpoint import Endpoint
from simulator.broker.inquiry import answer_inventory_request
from simulator.broker.jms import JmsMessage
from simulator.broker.publisher import Publisher
from simulator.broker.sink import BrokerSink
from simulator.config import Settings

Apply = Callable[[JmsMessage], Handled]
"""Applies one inbound message (order notification, legacy buffer) in one transaction and says how it went."""


def endpoint(settings: Settings) -> Endpoint | None:
    """The configured broker, or None when no broker URL is set."""
    if not settings.broker_url:
        return None
    return Endpoint(
        url=settings.broker_url, user=settings.broker_user, password=settings.broker_password,
        address_template=settings.broker_address_template, tls_ca=settings.broker_tls_ca,
        tls_cert=settings.broker_tls_cert, tls_key=settings.broker_tls_key, tls_verify=settings.broker_tls_verify,
        heartbeat=float(settings.broker_heartbeat),
    )


def queues(settings: Settings) -> Queues:
    """The queue names the consumer uses."""
    return Queues(settings.broker_inbound_queue, settings.broker_error_queue, settings.broker_reply_queue)


def outbound_queue(settings: Settings) -> str:
    """Commerce's listener queue the simulator's messages go to: serial (in order) or parallel."""
    return settings.broker_serial_queue if settings.broker_outbound == "serial" else settings.broker_parallel_queue


def inbound_handler(backend: Backend, apply: Apply) -> Handler:
    """Inventory requests are answered here; every other message goes to `apply`."""

    def handle(message: JmsMessage) -> Handled:
        data = message.data()
        if is_inventory_request(data):
            try:
                reply = answer_inventory_request(backend, data)
            except NotAnInventoryRequest as exc:
                return Handled(Verdict.MALFORMED, reason=str(exc))
            return Handled(Verdict.APPLIED, reply=reply.decode("utf-8"))
        return apply(message)

    return handle


@dataclass
class BrokerWork:
    """The consumer of the inbound queue and the sink of the outbound one, on one broker."""

    consumer: Consumer
    sink: BrokerSink

    def start(self) -> BrokerWork:
        self.consumer.start()
        return self

    def stop(self) -> None:
        self.consumer.stop()


def broker_work(backend: Backend, settings: Settings, apply: Apply) -> BrokerWork | None:
    """The listeners and the sink (not started), or None without a broker URL."""
    found = endpoint(settings)
    if found is None:
        return None
    consumer = Consumer(found, inbound_handler(backend, apply), queues(settings), settings.broker_reconnect_ms / 1000)
    return BrokerWork(consumer, BrokerSink(Publisher(found), outbound_queue(settings)))
