"""Payment processing as lifecycle steps: approve at receipt, deposit at shipment, reverse on cancellation; a
decline holds the order (its lifecycle stops) until an admin retry is approved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from simulator.backend.payments import line_total
from simulator.client.receiver import ReceiverServer
from simulator.domain.errors import Conflict
from simulator.domain.outbox import PushKind, PushState

from .conftest import NOW, dispatcher_for, drain, make_backend, phone_order, settings_for, stocked_parts


def test_payments_are_off_by_default(receiver: ReceiverServer) -> None:
    backend = make_backend(settings_for(receiver))
    order = phone_order(backend, stocked_parts(backend, 1))
    backend.lifecycle.change_order(order.external_order_id, "ship")
    kinds = {record.kind for record in backend.outbox.listing([]).items}
    assert kinds == {PushKind.PREPROCESS_SALES_ORDER}
    assert backend.inbound.state(order.external_order_id).payment.status == "none"


def test_approve_at_receipt_deposit_at_shipment(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver, payments=True)
    backend = make_backend(settings)
    order = phone_order(backend, stocked_parts(backend, 2))
    dispatcher = dispatcher_for(backend, settings)
    drain(dispatcher)
    approved = backend.inbound.state(order.external_order_id).payment
    assert approved.status == "approved" and approved.approved == order.amounts.grand_total
    first = order.lines[0].line_id
    shipped = backend.lifecycle.change_order(order.external_order_id, "ship", [first])
    drain(dispatcher)
    paid = backend.inbound.state(order.external_order_id).payment
    assert paid.status == "deposited" and paid.deposited == line_total(shipped.lines[0])
    actions = [(p.action, p.status) for p in receiver.receiver.oms.payments]
    assert actions == [("approve", "Success"), ("deposit", "Success")]
    assert receiver.receiver.oms.settled(order.external_order_id, "deposit") == paid.deposited


def test_cancellation_reverses_the_approval(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver, payments=True)
    backend = make_backend(settings)
    order = phone_order(backend, stocked_parts(backend, 1))
    dispatcher = dispatcher_for(backend, settings)
    drain(dispatcher)
    cancelled = backend.lifecycle.change_order(order.external_order_id, "cancel")
    drain(dispatcher)
    payment = backend.inbound.state(order.external_order_id).payment
    assert [s.action for s in payment.steps] == ["approve", "reverseApprovedPayment"]
    assert payment.status == "reversed" and payment.reversed == line_total(cancelled.lines[0])


def test_an_order_is_approved_once_commerce_priced_it_and_never_when_cancelled_first(
    receiver: ReceiverServer,
) -> None:
    settings = settings_for(receiver, payments=True)
    backend = make_backend(settings)
    parts = stocked_parts(backend, 2)
    receiver.receiver.oms.list_prices[parts[0]] = Decimal("1.25")
    order = phone_order(backend, parts[:1], quantity=4)
    assert backend.inbound.state(order.external_order_id).payment.steps == ()
    drain(dispatcher_for(backend, settings))
    priced = backend.orders.get(order.external_order_id)
    payment = backend.inbound.state(order.external_order_id).payment
    assert priced.lines[0].unit_price == Decimal("1.25") and payment.approved == priced.amounts.grand_total
    early = phone_order(backend, parts[1:])
    backend.lifecycle.change_order(early.external_order_id, "cancel")
    drain(dispatcher_for(backend, settings))
    assert backend.inbound.state(early.external_order_id).payment.steps == ()


def test_a_decline_holds_the_order_until_a_retry_is_approved(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver, payments=True, lifecycle_release="60")
    backend = make_backend(settings)
    receiver.receiver.oms.decline_next_payments(1)
    order = phone_order(backend, stocked_parts(backend, 1))
    dispatcher = dispatcher_for(backend, settings)
    drain(dispatcher)
    held = backend.inbound.state(order.external_order_id).payment
    assert held.status == "hold" and held.hold is not None and "declined" in held.hold
    (delivered,) = backend.outbox.listing([PushState.DELIVERED]).items[-1:]
    assert delivered.kind is PushKind.PROCESS_PAYMENT_ACTION  # a decline is an answer, not a failed delivery

    backend.clock.freeze(NOW + timedelta(hours=3))
    backend.lifecycle.advance_due()
    assert backend.orders.get(order.external_order_id).status == "C"  # held: not released

    retried = backend.inbound.retry_payment(order.external_order_id)
    assert retried.payment.status == "pending" and backend.orders.get(order.external_order_id).status == "C"
    receiver.receiver.oms.decline_next_payments(1)
    drain(dispatcher)
    assert backend.inbound.state(order.external_order_id).payment.status == "hold"  # declined again
    backend.inbound.retry_payment(order.external_order_id)
    drain(dispatcher)
    payment = backend.inbound.state(order.external_order_id).payment
    assert [(s.action, s.status) for s in payment.steps][:3] == [
        ("approve", "Failed"), ("approve", "Failed"), ("approve", "Success")]
    assert payment.approved == order.amounts.grand_total
    assert backend.orders.get(order.external_order_id).status == "S"  # released and shipped once approved
    assert payment.status == "deposited" and payment.deposited == order.amounts.grand_total
    with pytest.raises(Conflict):
        backend.inbound.retry_payment(order.external_order_id)


def test_a_fault_on_a_payment_is_retried_by_the_outbox(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver, payments=True)
    backend = make_backend(settings)
    receiver.receiver.fail_next(1)
    order = phone_order(backend, stocked_parts(backend, 1))
    backend.inbound.state(order.external_order_id)
    drain(dispatcher_for(backend, settings))
    payment = backend.inbound.state(order.external_order_id).payment
    assert payment.status == "approved" and payment.approved == order.amounts.grand_total
    assert receiver.receiver.failed == 1
    assert Decimal(0) < payment.approved
