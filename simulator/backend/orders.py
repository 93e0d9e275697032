"""Order use cases: calculate, transfer (idempotent, consumes the reservation), list and get."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from simulator.backend.commands import DraftLine, LineAmounts, OrderDraft, PriceItem, ReserveItem
from simulator.backend.context import Deps, resolve_buyer, resolve_online_store, resolve_part
from simulator.backend.ids import external_order_id
from simulator.backend.inventory import current_supplies, pickup_centers
from simulator.backend.ports import OrderFilter, Page, Session
from simulator.backend.pricing import entitled_prices
from simulator.domain import status
from simulator.domain.errors import InvalidRequest, UnknownOrder
from simulator.domain.inventory import ItemRequest, Supply, allocate
from simulator.domain.model import (
    AllocationStatus,
    Buyer,
    Channel,
    Order,
    OrderAmounts,
    OrderLine,
    ReservationChunk,
)
from simulator.domain.pricing import ChargePolicy, charge_line, total

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class CalculatedOrder:
    """Charges of an order as the back office computes them."""

    commerce_order_id: str
    lines: tuple[LineAmounts, ...]
    amounts: OrderAmounts


@dataclass(frozen=True, slots=True)
class TransferResult:
    """The order the back office holds after a transfer, and whether this call created it."""

    order: Order
    created: bool


class OrderService:
    """Orders, each call one transaction."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def calculate(self, draft: OrderDraft) -> CalculatedOrder:
        """Price every line with the buyer's entitled price and add shipping and tax."""
        with self._deps.store.read() as session:
            resolve_online_store(session, draft.store_id)
            buyer = resolve_buyer(session, draft.buyer)
            return calculate_in(session, self._deps.charges, draft, buyer)

    def transfer(self, draft: OrderDraft, channel: Channel = Channel.WEB) -> TransferResult:
        """Accept an order; a repeat with the same Commerce order id returns the order already held."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            resolve_online_store(session, draft.store_id)
            existing = session.find_order_by_commerce_id(draft.store_id, draft.commerce_order_id)
            if existing is not None:
                return TransferResult(existing, created=False)
            buyer = resolve_buyer(session, draft.buyer)
            calculated = calculate_in(session, self._deps.charges, draft, buyer)
            fulfilled = _consume_stock(session, draft, now)
            number = external_order_id(session.next_value("order"))
            order = _new_order(number, draft, buyer, calculated, fulfilled, channel, now)
            session.put_order(order)
            order = self._deps.hooks.order_placed(session, order, now)
            return TransferResult(order, created=True)

    def get(self, external_order_id: str) -> Order:
        """One order by the back office's order id."""
        with self._deps.store.read() as session:
            order = session.get_order(external_order_id)
            if order is None:
                raise UnknownOrder(f"unknown order {external_order_id}")
            return order

    def find(self, criteria: OrderFilter, offset: int = 0, limit: int = 50) -> Page[Order]:
        """Orders matching the criteria, newest first, whatever channel placed them."""
        with self._deps.store.read() as session:
            return session.list_orders(criteria, max(offset, 0), _bounded(limit))


def _bounded(limit: int) -> int:
    if limit <= 0:
        raise InvalidRequest(f"page size {limit} must be positive")
    return min(limit, MAX_PAGE)


def calculate_in(session: Session, policy: ChargePolicy, draft: OrderDraft, buyer: Buyer) -> CalculatedOrder:
    """Calculate inside an open transaction."""
    if not draft.lines:
        raise InvalidRequest(f"order {draft.commerce_order_id} has no items")
    items = [PriceItem(line.part, line.quantity, draft.currency) for line in draft.lines]
    offers = entitled_prices(session, buyer.org_dn, items)
    lines = tuple(
        _line_amounts(policy, line, offer.part_number, offer.price)
        for line, offer in zip(draft.lines, offers, strict=True)
    )
    charges = [charge_line(policy, line.unit_price, line.quantity) for line in lines]
    return CalculatedOrder(draft.commerce_order_id, lines, total(charges, draft.currency))


def _line_amounts(policy: ChargePolicy, line: DraftLine, part_number: str, unit_price: Decimal) -> LineAmounts:
    charge = charge_line(policy, unit_price, line.quantity)
    return LineAmounts(
        order_item_id=line.order_item_id,
        part_number=part_number,
        quantity=line.quantity,
        uom=line.uom,
        unit_price=unit_price,
        price=charge.price,
        shipping=charge.shipping,
        sales_tax=charge.sales_tax,
        shipping_tax=charge.shipping_tax,
    )


def _consume_stock(session: Session, draft: OrderDraft, now: datetime) -> dict[str, tuple[int, str | None]]:
    """Take the order's stock out of on-hand: from its reservation, else from what is available now.

    Returns, per order item, the quantity taken from stock and the center it came from.
    """
    reservation = session.get_reservation(draft.commerce_order_id)
    if reservation is not None:
        chunks = reservation.chunks
        session.delete_reservation(draft.commerce_order_id)
    else:
        chunks = _allocate_now(session, draft, now)
    taken: dict[str, tuple[int, str | None]] = {}
    for chunk in chunks:
        if chunk.status is AllocationStatus.ALLOCATED and chunk.fc_id is not None:
            _decrement(session, chunk)
            quantity, _ = taken.get(chunk.order_item_id, (0, None))
            taken[chunk.order_item_id] = (quantity + chunk.quantity, chunk.fc_id)
    return taken


def _allocate_now(session: Session, draft: OrderDraft, now: datetime) -> tuple[ReservationChunk, ...]:
    requests: list[ItemRequest] = []
    supplies: dict[str, list[Supply]] = {}
    for line in draft.lines:
        entry = resolve_part(session, line.part)
        pickup = ReserveItem(line.order_item_id, line.part, line.quantity, line.physical_store_external_id)
        requests.append(
            ItemRequest(line.order_item_id, entry.part_number, line.quantity, pickup_centers(session, pickup))
        )
        supplies.setdefault(entry.part_number, current_supplies(session, entry.part_number, now))
    return allocate(requests, supplies, now, allow_partial=True)


def _decrement(session: Session, chunk: ReservationChunk) -> None:
    for level in session.stock_levels(chunk.part_number):
        if level.fc_id == chunk.fc_id:
            session.put_stock_levels([replace(level, on_hand=max(0, level.on_hand - chunk.quantity))])
            return


def _new_order(
    number: str,
    draft: OrderDraft,
    buyer: Buyer,
    calculated: CalculatedOrder,
    fulfilled: dict[str, tuple[int, str | None]],
    channel: Channel,
    now: datetime,
) -> Order:
    lines = tuple(
        _order_line(number, index, amounts, draft.lines[index - 1], fulfilled)
        for index, amounts in enumerate(calculated.lines, start=1)
    )
    backordered = any(line.status == status.ORDER_BACKORDERED for line in lines)
    return Order(
        external_order_id=number,
        store_id=draft.store_id,
        channel=channel,
        buyer_logon_id=buyer.logon_id,
        buyer_dn=buyer.dn,
        org_dn=buyer.org_dn,
        lines=lines,
        amounts=calculated.amounts,
        status=status.ORDER_BACKORDERED if backordered else status.ORDER_RECEIVED,
        placed=draft.placed or now,
        last_update=now,
        commerce_order_id=draft.commerce_order_id,
        purchase_order_number=draft.purchase_order_number,
    )


def _order_line(
    number: str,
    index: int,
    amounts: LineAmounts,
    draft: DraftLine,
    fulfilled: dict[str, tuple[int, str | None]],
) -> OrderLine:
    quantity, fc_id = fulfilled.get(amounts.order_item_id, (0, None))
    return OrderLine(
        line_id=f"{number}-{index}",
        part_number=amounts.part_number,
        quantity=amounts.quantity,
        unit_price=amounts.unit_price,
        shipping=amounts.shipping,
        sales_tax=amounts.sales_tax,
        shipping_tax=amounts.shipping_tax,
        status=status.ORDER_RECEIVED if quantity >= amounts.quantity else status.ORDER_BACKORDERED,
        uom=amounts.uom,
        commerce_item_id=amounts.order_item_id,
        fc_id=fc_id,
        requested_ship_date=draft.requested_ship_date,
    )
