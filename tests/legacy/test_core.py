"""The transport-neutral core: a notification becomes one order, once; malformed input changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.backend.ports import OrderFilter
from simulator.backend.service import Backend
from simulator.client.legacy_receiver import LegacyReceiver
from simulator.client.legacy_sender import compose
from simulator.domain.model import Channel
from simulator.domain.outbox import PushKind, PushState
from simulator.legacy.outbound_model import Family
from simulator.messaging.inbound import Hints, InboundOptions, Result, apply_message
from simulator.messaging.render import RenderOptions
from simulator.messaging.sinks import DirectorySink, LegacyDelivery
from tests.legacy.conftest import notification
from tests.support.world import online

HINTS = Hints("test")


def legacy_entries(backend: Backend) -> list[tuple[PushKind, dict[str, object]]]:
    records = backend.outbox.listing([PushState.PENDING], 0, 500).items
    return [(r.kind, json.loads(r.payload)) for r in records if r.kind.value.startswith("Legacy")]


def test_a_notification_becomes_a_messaging_order_with_a_confirm_message(backend: Backend,
                                                                        options: InboundOptions) -> None:
    note = notification(backend)
    before = {part.part_number: online(backend, part.part_number) for part in note.lines}
    outcome = apply_message(backend, compose(note), HINTS, options)
    assert outcome.result is Result.APPLIED and outcome.order_id
    order = backend.orders.get(outcome.order_id)
    assert order.channel is Channel.MESSAGING and order.commerce_order_id == "18001"
    assert [line.commerce_item_id for line in order.lines] == ["180010", "180011"]
    for line in note.lines:
        assert online(backend, line.part_number) == before[line.part_number] - 2
    listed = backend.orders.find(OrderFilter(), 0, 50).items
    assert outcome.order_id in [o.external_order_id for o in listed]
    (kind, payload), *_ = legacy_entries(backend)
    assert kind is PushKind.LEGACY_ORDER_STATUS and payload["form"] == "OrderConfirm"
    assert payload["external_order_id"] == outcome.order_id


def test_redelivery_is_a_duplicate_and_changes_nothing(backend: Backend, options: InboundOptions) -> None:
    note = notification(backend)
    first = apply_message(backend, compose(note), HINTS, options)
    stock = [online(backend, line.part_number) for line in note.lines]
    entries = len(legacy_entries(backend))
    again = apply_message(backend, compose(note, legacy=True), HINTS, options)
    assert again.result is Result.DUPLICATE and again.order_id == first.order_id
    assert [online(backend, line.part_number) for line in note.lines] == stock
    assert len(legacy_entries(backend)) == entries


def test_the_legacy_buffer_is_accepted_too(backend: Backend, options: InboundOptions) -> None:
    outcome = apply_message(backend, compose(notification(backend, "18002"), legacy=True), HINTS, options)
    assert outcome.result is Result.APPLIED
    assert backend.orders.get(outcome.order_id or "").commerce_order_id == "18002"


def test_malformed_input_is_refused_with_a_wcs_error_and_changes_nothing(backend: Backend,
                                                                        options: InboundOptions) -> None:
    note = notification(backend)
    total = backend.orders.find(OrderFilter(), 0, 1).total
    for raw in (b"garbage", compose(note)[:300], b"<ECEDOC><PROLOG>ON</PROLOG></ECEDOC>",
                compose(note).replace(b"<OrderNumberByNC>18001</OrderNumberByNC>", b"")):
        outcome = apply_message(backend, raw, HINTS, options)
        assert outcome.result is Result.MALFORMED
        assert outcome.error_body().startswith(b'<WCS_Error type="GenericSystemError">')
        assert b"<MessageKey>_ERR_" in outcome.error_body()
    assert backend.orders.find(OrderFilter(), 0, 1).total == total
    assert legacy_entries(backend) == []


def test_strict_mode_refuses_what_our_dtd_refuses_and_lenient_reads_it(backend: Backend) -> None:
    raw = compose(notification(backend)).replace(b"<TotalNetPrice>", b"<Bogus/><TotalNetPrice>")
    strict = apply_message(backend, raw, HINTS, InboundOptions(strict=True))
    assert strict.result is Result.MALFORMED and b"Report_NC_PO_10.dtd" in strict.error_body()
    assert apply_message(backend, raw, HINTS, InboundOptions(strict=False)).result is Result.APPLIED


def test_strict_mode_accepts_the_jsp_quirks(backend: Backend, options: InboundOptions) -> None:
    raw = compose(notification(backend))
    raw = raw.replace(b'<MonetaryAmount currency="USD">4.95000</MonetaryAmount>\n', b"")
    assert b"& co" in raw
    assert apply_message(backend, raw, HINTS, options).result is Result.APPLIED


def test_unknown_buyer_or_part_is_rejected_as_an_application_error(backend: Backend,
                                                                  options: InboundOptions) -> None:
    note = notification(backend)
    raw = compose(note).replace(note.logon_id.encode(), b"nobody@example.com")
    outcome = apply_message(backend, raw, HINTS, options)
    assert outcome.result is Result.REJECTED
    assert b'type="GenericApplicationError"' in outcome.error_body() and b"_ERR_UnknownBuyer" in outcome.error_body()


def test_lifecycle_steps_write_ship_and_invoice_messages_in_order(backend: Backend, options: InboundOptions) -> None:
    apply_message(backend, compose(notification(backend)), HINTS, options)
    backend.clock.advance(200_000)
    forms = [payload["form"] for kind, payload in legacy_entries(backend) if kind is PushKind.LEGACY_ORDER_STATUS]
    assert forms[0] == "OrderConfirm"
    assert "OrderShipping" in forms and forms[-1] == "OrderInvoice"
    assert forms.index("OrderShipping") < forms.index("OrderInvoice")
    sequences = [p["sequence"] for k, p in legacy_entries(backend) if k is PushKind.LEGACY_ORDER_STATUS]
    assert sequences == sorted(sequences)


def test_entries_render_and_a_receiver_reads_them_in_every_family(backend: Backend, options: InboundOptions,
                                                                  tmp_path: Path) -> None:
    outcome = apply_message(backend, compose(notification(backend)), HINTS, options)
    backend.clock.advance(200_000)
    records = [r for r in backend.outbox.listing([PushState.PENDING], 0, 500).items
               if r.kind is PushKind.LEGACY_ORDER_STATUS]
    for family in Family:
        folder = tmp_path / family.value
        delivery = LegacyDelivery(RenderOptions(family), DirectorySink(folder))
        assert all(delivery.deliver(record) is None for record in records)
        receiver = LegacyReceiver()
        assert receiver.read_directory(folder) == len(records)
        view = receiver.orders["18001"]
        assert view.backend_order == outcome.order_id
        assert len(view.forms) == len(records)
