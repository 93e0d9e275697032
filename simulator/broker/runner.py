"""The broker listeners of one database: built from the settings, started with the background work, stopped with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from simulator.backend.service import Backend
from simulator.broker.consumer import Consumer, Handled, Handler, Queues, Verdict
from simulator.broker.endpoint import Endpoint
from simulator.broker.jms import JmsMessage
from simulator.broker.journal import BrokerJournal
from simulator.broker.publisher import Publisher
from simulator.broker.sink import BrokerSink
from simulator.config import Settings
from simulator.control_plane import open_control
from simulator.legacy.wcs_error import error_key
from simulator.messaging import runner as messaging_runner
from simulator.messaging.http import message_kind
from simulator.messaging.inbound import Hints, Result, apply_message
from simulator.messaging.inventory_check import answer_inventory_request
from simulator.messaging.options import inbound_options, render_options
from simulator.messaging.sinks import LegacyDelivery, Routing
from simulator.push.dispatcher import Dispatcher
from simulator.push.runner import push_target
from simulator.push.sender import Sender

Apply = Callable[[JmsMessage], Handled]
"""Applies one inbound message (order notification, legacy buffer) in one transaction and says how it went."""


MEMORY = ":memory:"
INVENTORY_REQUEST = "Request_WCS_BE_ProductInventory"


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
    """Commerce's listener queue the simulator's messages go to: serial (in order per order) or parallel."""
    return settings.broker_serial_queue if settings.broker_outbound == "serial" else settings.broker_parallel_queue


def is_inventory_request(data: bytes) -> bool:
    """Whether a message is Request_WCS_BE_ProductInventory (its root element, found without a parse)."""
    return message_kind(data) == INVENTORY_REQUEST


def inbound_handler(backend: Backend, settings: Settings, apply: Apply) -> Handler:
    """Inventory requests are answered on their reply-to; every other message goes to `apply`.

    A request that cannot be read is answered with its WCS_Error (Commerce's connector sends errors to the
    reply-to too) and copied to the error queue.
    """
    options = inbound_options(settings)

    def handle(message: JmsMessage) -> Handled:
        data = message.data()
        if not is_inventory_request(data):
            return apply(message)
        answer = answer_inventory_request(backend, data, options)
        reply = answer.body.decode("utf-8")
        if answer.ok:
            return Handled(Verdict.APPLIED, reply=reply)
        fault = error_key(answer.body)
        return Handled(Verdict.MALFORMED, reason=f"unreadable inventory request: {fault}", reply=reply, fault=fault)

    return handle


def core_apply(backend: Backend, settings: Settings) -> Apply:
    """The transport-neutral core as the consumer's `apply`: refused messages go to the error queue too."""
    options = inbound_options(settings)

    def apply(message: JmsMessage) -> Handled:
        hints = Hints(transport="jms", message_id=message.message_id or "", source=settings.broker_inbound_queue)
        outcome = apply_message(backend, message.data(), hints, options)
        if outcome.result in (Result.APPLIED, Result.DUPLICATE):
            verdict = Verdict.APPLIED if outcome.result is Result.APPLIED else Verdict.DUPLICATE
            return Handled(verdict, order=outcome.commerce_order_id)
        reason = outcome.error.message if outcome.error is not None else outcome.result.value
        fault = outcome.error.message_key if outcome.error is not None else None
        return Handled(Verdict.MALFORMED, reason=f"{outcome.result.value}: {reason}", fault=fault,
                       order=outcome.commerce_order_id)

    return apply


def legacy_dispatcher(backend: Backend, settings: Settings, sink: BrokerSink) -> Dispatcher:
    """The outbox dispatcher with legacy messages to the broker and the other kinds to the SOAP pushes."""
    target = push_target(settings)
    soap = Sender(target) if target is not None else None
    lease = timedelta(milliseconds=max(4 * settings.push_timeout_ms, 30_000))
    delivery = Routing(LegacyDelivery(render_options(settings), sink), soap)
    return Dispatcher(backend.outbox, delivery, settings.push_poll_ms / 1000, lease)


@dataclass
class BrokerBackground:
    """The messaging background work (ticker, dispatcher, inbox) and the broker consumer, started together."""

    work: messaging_runner.Background
    consumer: Consumer | None

    def start(self) -> BrokerBackground:
        """Start everything."""
        self.work.start()
        if self.consumer is not None:
            self.consumer.start()
        return self

    def stop(self) -> None:
        """Stop the consumer (after the message in hand), then the rest."""
        if self.consumer is not None:
            self.consumer.stop()
        self.work.stop()


def background(backend: Backend, settings: Settings) -> BrokerBackground:
    """The background work of a backend (not started); with a broker URL, the consumer and the broker sink too."""
    work = messaging_runner.background(backend, settings)
    found = endpoint(settings)
    if found is None:
        return BrokerBackground(work, None)
    if settings.broker_outbound != "none":
        sink = BrokerSink(Publisher(found), outbound_queue(settings))
        work.work.dispatcher = legacy_dispatcher(backend, settings, sink)
    handler = inbound_handler(backend, settings, core_apply(backend, settings))
    journal = None
    if settings.db != MEMORY:  # the in-memory journal lives in the worker's app, out of reach here
        journal = BrokerJournal(open_control(settings), settings.broker_inbound_queue, message_kind)
    consumer = Consumer(found, handler, queues(settings), settings.broker_reconnect_ms / 1000, journal=journal)
    return BrokerBackground(work, consumer)
