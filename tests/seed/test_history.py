"""Orders and quotes every buyer placed through other channels, priced and charged consistently."""

from __future__ import annotations

from datetime import datetime, timedelta

from simulator.domain import status
from simulator.domain.model import Channel, Order, OrderLine, Quote
from simulator.domain.pricing import ChargePolicy, charge_line, entitled_price, money, total
from simulator.seed import World

OTHER_CHANNELS = {Channel.PHONE, Channel.EDI, Channel.CSR, Channel.PHYSICAL_STORE}


def documents(world: World) -> list[Order | Quote]:
    return [*world.orders, *world.quotes]


def test_every_buyer_has_orders_and_quotes_from_other_channels(world: World) -> None:
    for buyer in world.buyers:
        orders = [o for o in world.orders if o.buyer_logon_id == buyer.logon_id]
        quotes = [q for q in world.quotes if q.buyer_logon_id == buyer.logon_id]
        assert len(orders) >= 3 and quotes
        placed: list[Order | Quote] = [*orders, *quotes]
        for doc in placed:
            assert (doc.buyer_dn, doc.org_dn, doc.store_id) == (buyer.dn, buyer.org_dn, "10101")
            assert doc.channel in OTHER_CHANNELS
            assert doc.commerce_order_id is None


def test_ids_are_sequential_in_placement_order(world: World) -> None:
    assert [o.external_order_id for o in world.orders] == [f"EXT-ORD-{n:06d}" for n in range(1, len(world.orders) + 1)]
    assert [q.external_quote_id for q in world.quotes] == [f"EXT-QUO-{n:06d}" for n in range(1, len(world.quotes) + 1)]
    assert [o.placed for o in world.orders] == sorted(o.placed for o in world.orders)
    line_ids = [line.line_id for o in world.orders for line in o.lines]
    assert len(set(line_ids)) == len(line_ids)


def test_amounts_add_up_from_the_lines(world: World) -> None:
    policy = ChargePolicy()
    for doc in documents(world):
        assert doc.lines
        charges = [charge_line(policy, line.unit_price, line.quantity) for line in doc.lines]
        assert doc.amounts == total(charges, "USD")
        for line, charge in zip(doc.lines, charges, strict=True):
            assert (line.shipping, line.sales_tax, line.shipping_tax) == (
                charge.shipping,
                charge.sales_tax,
                charge.shipping_tax,
            )
        assert doc.amounts.grand_total == money(doc.amounts.grand_total)


def test_lines_are_priced_at_the_buyers_entitled_price(world: World) -> None:
    lists = {pl.org_dn: pl for pl in world.price_lists}
    parents = {org.dn: org.parent_dn for org in world.organizations}
    for doc in documents(world):
        chain = [pl for pl in (lists.get(doc.org_dn), lists.get(parents[doc.org_dn]), lists[None]) if pl]
        for line in doc.lines:
            offer = entitled_price(chain, line.part_number, line.quantity, "USD")
            assert offer is not None and offer.price == line.unit_price


def test_orders_mix_statuses_with_consistent_lines(world: World) -> None:
    statuses = {o.status for o in world.orders}
    assert statuses == {
        status.ORDER_RECEIVED,
        status.ORDER_RELEASED,
        status.ORDER_SHIPPED,
        status.ORDER_DEPOSITED,
        status.ORDER_CANCELLED,
    }
    for order in world.orders:
        assert order.placed <= order.last_update <= world.anchor
        assert all(line.status == order.status for line in order.lines)
        if order.status in (status.ORDER_SHIPPED, status.ORDER_DEPOSITED):
            assert all(_shipped_after_placing(order, line, world.anchor) for line in order.lines)
        else:
            assert all(line.ship_date is None for line in order.lines)


def _shipped_after_placing(order: Order, line: OrderLine, anchor: datetime) -> bool:
    return line.fc_id is not None and line.ship_date is not None and order.placed < line.ship_date <= anchor


def test_quotes_expire_thirty_days_after_placing(world: World) -> None:
    assert {q.status for q in world.quotes} == {
        status.QUOTE_SUBMITTED,
        status.QUOTE_APPROVED,
        status.QUOTE_EXPIRED,
    }
    for quote in world.quotes:
        assert quote.placed <= quote.last_update <= world.anchor
        assert quote.expiration == quote.placed + timedelta(days=30)
        assert (quote.expiration < world.anchor) == (quote.status == status.QUOTE_EXPIRED)
        assert _untouched_by_commerce(quote)


def _untouched_by_commerce(quote: Quote) -> bool:
    return quote.commerce_quote_id is None and all(line.commerce_item_id is None for line in quote.lines)


def test_every_order_channel_is_used(world: World) -> None:
    assert {o.channel for o in world.orders} == OTHER_CHANNELS
