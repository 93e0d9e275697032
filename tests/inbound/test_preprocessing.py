"""Order preprocessing: an order from another channel, or a changed one, is priced by Commerce (ShowSalesOrder);
a Fault flags the order, the outbox retries it, and the answer is stored once it comes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from simulator.backend.inbound import LineChange
from simulator.client.receiver import ReceiverServer
from simulator.domain.errors import Conflict, InvalidRequest
from simulator.domain.outbox import PushKind, PushState

from .conftest import a_buyer, dispatcher_for, drain, make_backend, phone_order, settings_for, stocked_parts


def test_a_phone_order_is_priced_with_the_buyers_contract_price(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver)
    backend = make_backend(settings)
    parts = stocked_parts(backend)
    buyer = a_buyer(backend).logon_id
    receiver.receiver.oms.contract_prices[buyer] = {parts[0]: Decimal("7.25")}
    receiver.receiver.oms.list_prices[parts[1]] = Decimal("19.90")
    receiver.receiver.oms.adjustments.append(("ContractDiscount", Decimal("-3.00")))
    order = phone_order(backend, parts, quantity=4)
    assert order.channel.value == "Phone" and order.commerce_order_id is None
    assert backend.inbound.state(order.external_order_id).pricing.status == "pending"  # type: ignore[union-attr]

    drain(dispatcher_for(backend, settings))

    priced = backend.orders.get(order.external_order_id)
    assert [line.unit_price for line in priced.lines] == [Decimal("7.25"), Decimal("19.90")]
    assert priced.amounts.product == Decimal("4") * (Decimal("7.25") + Decimal("19.90"))
    assert priced.amounts.adjustment == Decimal("-3.00")
    state = backend.inbound.state(order.external_order_id)
    assert state.pricing is not None and state.pricing.status == "priced"
    assert state.pricing.total == Decimal("4") * (Decimal("7.25") + Decimal("19.90")) - 3
    assert [a.code for a in state.pricing.adjustments] == ["ContractDiscount"]
    (sent,) = receiver.receiver.oms.preprocessed
    assert sent.customer_id == buyer and sent.order_id == order.external_order_id
    assert [line.line_number for line in sent.lines] == [line.line_id for line in order.lines]
    assert receiver.receiver.kinds() == ["PreprocessSalesOrder"]


def test_a_fault_flags_the_order_and_the_retry_stores_the_answer(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver)
    backend = make_backend(settings)
    parts = stocked_parts(backend, 1)
    receiver.receiver.oms.list_prices[parts[0]] = Decimal("3.10")
    receiver.receiver.oms.fault_next_preprocess(2)
    order = phone_order(backend, parts)
    dispatcher = dispatcher_for(backend, settings)

    assert dispatcher.run_once() == 1
    flagged = backend.inbound.state(order.external_order_id)
    assert flagged.to_json()["flagged"] is True
    assert flagged.pricing is not None and "SOAP Fault" in (flagged.pricing.error or "")
    (pending,) = backend.outbox.listing([PushState.PENDING]).items
    assert pending.kind is PushKind.PREPROCESS_SALES_ORDER and pending.attempts == 1
    assert backend.orders.get(order.external_order_id).lines[0].unit_price != Decimal("3.10")

    drain(dispatcher)

    state = backend.inbound.state(order.external_order_id)
    assert state.to_json()["flagged"] is False and state.pricing is not None and state.pricing.attempts == 2
    assert backend.orders.get(order.external_order_id).lines[0].unit_price == Decimal("3.10")
    (done,) = backend.outbox.listing([PushState.DELIVERED]).items
    assert done.attempts == 3


def test_faults_beyond_the_attempts_make_a_dead_letter_and_leave_the_order_flagged(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver, push_max_attempts=2)
    backend = make_backend(settings)
    receiver.receiver.oms.fault_next_preprocess(5)
    order = phone_order(backend, stocked_parts(backend, 1))
    drain(dispatcher_for(backend, settings))
    (dead,) = backend.outbox.listing([PushState.DEAD]).items
    assert dead.kind is PushKind.PREPROCESS_SALES_ORDER
    assert backend.inbound.state(order.external_order_id).to_json()["flagged"] is True


def test_changing_lines_sends_the_order_again(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver)
    backend = make_backend(settings)
    parts = stocked_parts(backend, 2)
    receiver.receiver.oms.list_prices.update({parts[0]: Decimal("2.00"), parts[1]: Decimal("5.00")})
    order = phone_order(backend, parts[:1])
    dispatcher = dispatcher_for(backend, settings)
    drain(dispatcher)
    changed = backend.inbound.change_lines(
        order.external_order_id, [LineChange(5, line_id=order.lines[0].line_id), LineChange(1, part_number=parts[1])]
    )
    assert [line.quantity for line in changed.lines] == [5, 1]
    drain(dispatcher)
    priced = backend.orders.get(order.external_order_id)
    assert [line.unit_price for line in priced.lines] == [Decimal("2.00"), Decimal("5.00")]
    assert priced.amounts.product == Decimal("15.00")
    second = receiver.receiver.oms.preprocessed[-1]
    assert [(line.part_number, line.quantity) for line in second.lines] == [(parts[0], 5), (parts[1], 1)]


def test_a_transferred_order_is_sent_under_commerces_ids(receiver: ReceiverServer) -> None:
    from simulator.backend.commands import BuyerRef, DraftLine, OrderDraft, PartRef

    settings = settings_for(receiver)
    backend = make_backend(settings)
    part = stocked_parts(backend, 1)[0]
    draft = OrderDraft("88001", backend.inspect.locations().online_stores[0].store_id,
                       BuyerRef(logon_id=a_buyer(backend).logon_id), "USD",
                       (DraftLine("880011", PartRef(part_number=part), 2),))
    order = backend.orders.transfer(draft).order
    backend.inbound.change_lines(order.external_order_id, [LineChange(3, line_id="880011")])
    drain(dispatcher_for(backend, settings))
    sent = receiver.receiver.oms.preprocessed[-1]
    assert sent.order_id == "88001" and sent.lines[0].line_number == "880011"
    assert "SyncOrder" in receiver.receiver.kinds()


def test_bad_changes_are_refused_and_change_nothing(receiver: ReceiverServer) -> None:
    backend = make_backend(settings_for(receiver))
    order = phone_order(backend, stocked_parts(backend, 1))
    before = backend.outbox.listing([]).total
    with pytest.raises(InvalidRequest):
        backend.inbound.change_lines(order.external_order_id, [LineChange(2, line_id="nope")])
    with pytest.raises(InvalidRequest):
        backend.inbound.change_lines(order.external_order_id, [LineChange(0, part_number="P")])
    backend.lifecycle.change_order(order.external_order_id, "release")
    with pytest.raises(Conflict):
        backend.inbound.change_lines(order.external_order_id, [LineChange(2, line_id=order.lines[0].line_id)])
    assert backend.outbox.listing([]).total == before
    assert backend.orders.get(order.external_order_id).lines[0].quantity == 2


def test_wrong_credentials_are_a_fault_and_the_right_ones_pass(receiver: ReceiverServer) -> None:
    receiver.receiver.require_user = "wcsadmin"
    wrong = settings_for(receiver, push_user="intruder", push_password="x")
    backend = make_backend(wrong)
    order = phone_order(backend, stocked_parts(backend, 1))
    dispatcher_for(backend, wrong).run_once()
    assert backend.inbound.state(order.external_order_id).to_json()["flagged"] is True
    right = settings_for(receiver, push_user="wcsadmin", push_password="secret")
    backend = make_backend(right)
    order = phone_order(backend, stocked_parts(backend, 1))
    drain(dispatcher_for(backend, right))
    assert backend.inbound.state(order.external_order_id).to_json()["flagged"] is False
    assert receiver.receiver.received[-1].username == "wcsadmin"


def test_a_channel_order_is_not_handed_over_to_commerce_as_a_transfer(receiver: ReceiverServer) -> None:
    backend = make_backend(settings_for(receiver, async_transfer=True))
    phone_order(backend, stocked_parts(backend, 1))
    kinds = [record.kind for record in backend.outbox.listing([]).items]
    assert kinds == [PushKind.PREPROCESS_SALES_ORDER]  # no ChangeOrder for an order Commerce never sent
