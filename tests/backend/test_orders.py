"""Offer prices, calculation, transfer (idempotent, consuming the reservation), quotes and history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from support.world import online, parts_with

from simulator.backend.commands import BuyerRef, DraftLine, OrderDraft, PartRef, PriceItem, QuoteDraft, ReserveItem
from simulator.backend.ports import OrderFilter
from simulator.backend.service import Backend
from simulator.domain.errors import UnknownBuyer, UnknownOrder
from simulator.domain.inventory import AvailabilityStatus
from simulator.domain.model import Buyer, Channel


def buyers_of_two_orgs(backend: Backend) -> tuple[Buyer, Buyer]:
    buyers = backend.inspect.buyers(0, 500).items
    first = buyers[0]
    second = next(b for b in buyers if b.org_dn != first.org_dn)
    return first, second


def draft(store_id: str, buyer: Buyer, part: str, quantity: int, order_id: str = "7001") -> OrderDraft:
    line = DraftLine("8001", PartRef(part_number=part), quantity)
    return OrderDraft(order_id, store_id, BuyerRef(logon_id=buyer.logon_id), "USD", (line,))


def test_two_organizations_see_different_contract_prices(backend: Backend, store_id: str) -> None:
    first, second = buyers_of_two_orgs(backend)
    parts = [e.part_number for e in backend.inspect.catalog(0, 20).items]
    items = [PriceItem(PartRef(part_number=p), 1, "USD") for p in parts]
    a = backend.prices.offer_prices(store_id, BuyerRef(dn=first.dn), items)
    b = backend.prices.offer_prices(store_id, BuyerRef(dn=second.dn), items)
    assert [x.price for x in a] != [x.price for x in b]
    assert all(x.contract_id for x in a)


def test_anonymous_shopper_gets_the_store_price_and_unknown_buyer_is_an_error(backend: Backend, store_id: str) -> None:
    entry = backend.inspect.catalog(0, 1).items[0]
    (offer,) = backend.prices.offer_prices(
        store_id, BuyerRef(), [PriceItem(PartRef(part_number=entry.part_number), 1, "USD")]
    )
    assert offer.price == entry.list_price
    with pytest.raises(UnknownBuyer):
        backend.prices.offer_prices(store_id, BuyerRef(dn="uid=nobody,o=Nowhere"), [])


def test_calculation_adds_up(backend: Backend, store_id: str) -> None:
    buyer = backend.inspect.buyers(0, 1).items[0]
    part = parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=3)[0]
    result = backend.orders.calculate(draft(store_id, buyer, part, 3))
    (line,) = result.lines
    assert line.price == line.unit_price * 3
    assert result.amounts.grand_total == line.price + line.shipping + line.sales_tax + line.shipping_tax
    (offer,) = backend.prices.offer_prices(
        store_id, BuyerRef(dn=buyer.dn), [PriceItem(PartRef(part_number=part), 3, "USD")]
    )
    assert line.unit_price == offer.price


def test_transfer_is_idempotent_and_consumes_the_reservation(backend: Backend, store_id: str) -> None:
    buyer = backend.inspect.buyers(0, 1).items[0]
    part = parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=5)[0]
    before = online(backend, part)
    on_hand = sum(level.on_hand for level in backend.inspect.stock(part).levels)
    backend.inventory.reserve(store_id, "7001", [ReserveItem("8001", PartRef(part_number=part), 2)], False)
    orders_before = backend.orders.find(OrderFilter()).total

    first = backend.orders.transfer(draft(store_id, buyer, part, 2))
    second = backend.orders.transfer(draft(store_id, buyer, part, 2))

    assert first.created and not second.created
    assert first.order.external_order_id == second.order.external_order_id
    assert backend.orders.find(OrderFilter()).total == orders_before + 1
    assert backend.inspect.reservations(0, 10).total == 0
    assert online(backend, part) == before - 2
    assert sum(level.on_hand for level in backend.inspect.stock(part).levels) == on_hand - 2
    assert backend.orders.get(first.order.external_order_id).commerce_order_id == "7001"


def test_history_includes_other_channels(backend: Backend, store_id: str) -> None:
    buyer = backend.inspect.buyers(0, 1).items[0]
    part = parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=1)[0]
    backend.orders.transfer(draft(store_id, buyer, part, 1))
    history = backend.orders.find(OrderFilter(buyer_logon_id=buyer.logon_id), 0, 100)
    channels = {order.channel for order in history.items}
    assert Channel.WEB in channels and len(channels) > 1
    page = backend.orders.find(OrderFilter(buyer_logon_id=buyer.logon_id), 0, 2)
    assert len(page.items) == 2 and page.total == history.total


def test_unknown_order(backend: Backend) -> None:
    with pytest.raises(UnknownOrder):
        backend.orders.get("EXT-ORD-999999")


def test_submit_quote_assigns_an_external_id_once(backend: Backend, store_id: str) -> None:
    buyer = backend.inspect.buyers(0, 1).items[0]
    part = parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=1)[0]
    quote_draft = QuoteDraft("9001", draft(store_id, buyer, part, 10, order_id="7100"))
    quote, created = backend.quotes.submit(quote_draft)
    again, created_again = backend.quotes.submit(quote_draft)
    assert created and not created_again and quote.external_quote_id == again.external_quote_id
    assert quote.expiration > backend.deps.clock.now()
    listed = backend.quotes.find(OrderFilter(buyer_dn=buyer.dn), 0, 100).items
    assert quote.external_quote_id in {q.external_quote_id for q in listed}
    assert any(q.channel is not Channel.WEB for q in listed)
    assert quote.amounts.product == sum((line.price for line in quote.lines), Decimal(0))


def test_pickup_line_without_reservation_is_taken_from_the_pickup_store(backend: Backend, store_id: str) -> None:
    buyer = backend.inspect.buyers(0, 1).items[0]
    physical = backend.inspect.locations().physical_stores[-1]
    part = next(
        p
        for p in parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=1)
        if any(
            lvl.fc_id == physical.fc_id and lvl.on_hand > lvl.safety_stock for lvl in backend.inspect.stock(p).levels
        )
    )
    line = DraftLine("8101", PartRef(part_number=part), 1, physical_store_external_id=physical.external_id)
    order = backend.orders.transfer(
        OrderDraft("7301", store_id, BuyerRef(logon_id=buyer.logon_id), "USD", (line,))
    ).order
    assert [ln.fc_id for ln in order.lines] == [physical.fc_id]
