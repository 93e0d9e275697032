"""Available-to-promise and allocation rules: pure functions over stock levels and existing holds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from simulator.domain.errors import InsufficientStock, InvalidRequest
from simulator.domain.model import AllocationStatus, ReservationChunk, StockLevel

SHIP_LEAD_TIME = timedelta(days=1)


class AvailabilityStatus(StrEnum):
    """InventoryStatus of ShowInventoryAvailability."""

    AVAILABLE = "Available"
    BACKORDERABLE = "Backorderable"
    UNAVAILABLE = "Unavailable"


@dataclass(frozen=True, slots=True)
class Holds:
    """Quantities already reserved against one (part, fulfillment center)."""

    allocated: int = 0
    backordered: int = 0


@dataclass(slots=True)
class Supply:
    """What one fulfillment center can still promise for one part: now, and per future receipt."""

    fc_id: str
    on_hand_atp: int
    future: list[tuple[datetime, int]] = field(default_factory=list)

    def future_total(self) -> int:
        """Quantity still promisable from future receipts."""
        return sum(qty for _, qty in self.future)


@dataclass(frozen=True, slots=True)
class FulfillmentCenterAvailability:
    """Availability at one fulfillment center."""

    fc_id: str
    quantity: int
    expected: tuple[tuple[datetime, int], ...]


@dataclass(frozen=True, slots=True)
class Availability:
    """The answer to "can I have this part here": status, quantity now, and the date if later."""

    status: AvailabilityStatus
    quantity: int
    available_date: datetime | None
    centers: tuple[FulfillmentCenterAvailability, ...]


def available_to_promise(level: StockLevel, allocated: int) -> int:
    """On hand minus reserved minus safety stock, never negative."""
    return max(0, level.on_hand - allocated - level.safety_stock)


def supply_for(level: StockLevel, holds: Holds, now: datetime) -> Supply:
    """What is left to promise at one center once existing holds are taken out."""
    future: list[tuple[datetime, int]] = []
    backordered = holds.backordered
    arrived = 0
    for receipt in sorted(level.receipts, key=lambda r: r.date):
        if receipt.date <= now:
            arrived += receipt.quantity  # due: on hand, even before the lifecycle books it
            continue
        taken = min(backordered, receipt.quantity)
        backordered -= taken
        if receipt.quantity > taken:
            future.append((receipt.date, receipt.quantity - taken))
    # Backorders whose receipt has arrived now wait on on-hand stock like allocations do.
    on_hand = replace(level, on_hand=level.on_hand + arrived)
    return Supply(level.fc_id, available_to_promise(on_hand, holds.allocated + backordered), future)


def receive_due(level: StockLevel, now: datetime) -> StockLevel:
    """The stock level with every receipt due by `now` booked into on hand."""
    due = [receipt for receipt in level.receipts if receipt.date <= now]
    if not due:
        return level
    later = tuple(receipt for receipt in level.receipts if receipt.date > now)
    return replace(level, on_hand=level.on_hand + sum(r.quantity for r in due), receipts=later)


def first_receipt(level: StockLevel) -> datetime | None:
    """When the level's earliest receipt is due."""
    return min((receipt.date for receipt in level.receipts), default=None)


def next_receipt(levels: Iterable[StockLevel], now: datetime) -> datetime | None:
    """When the next future receipt falls due: availability computed now holds until then."""
    dates = [receipt.date for level in levels for receipt in level.receipts if receipt.date > now]
    return min(dates, default=None)


def availability(supplies: Sequence[Supply]) -> Availability:
    """Available when anything is on hand; Backorderable when a receipt is due; otherwise Unavailable."""
    centers = tuple(FulfillmentCenterAvailability(s.fc_id, s.on_hand_atp, tuple(s.future)) for s in supplies)
    quantity = sum(s.on_hand_atp for s in supplies)
    if quantity > 0:
        return Availability(AvailabilityStatus.AVAILABLE, quantity, None, centers)
    dates = [date for s in supplies for date, qty in s.future if qty > 0]
    if dates:
        return Availability(AvailabilityStatus.BACKORDERABLE, 0, min(dates), centers)
    return Availability(AvailabilityStatus.UNAVAILABLE, 0, None, centers)


@dataclass(frozen=True, slots=True)
class ItemRequest:
    """One order item to reserve; `fc_ids` restricts where it may come from (e.g. a pickup store)."""

    order_item_id: str
    part_number: str
    quantity: int
    fc_ids: tuple[str, ...] | None = None


def allocate(
    items: Iterable[ItemRequest],
    supplies_by_part: dict[str, list[Supply]],
    now: datetime,
    allow_partial: bool,
) -> tuple[ReservationChunk, ...]:
    """Split each item into Allocated, Backordered and Unallocated chunks, consuming the supplies given.

    Raises InsufficientStock when any quantity stays unallocated and partial reservation is not allowed.
    """
    chunks: list[ReservationChunk] = []
    for item in items:
        if item.quantity <= 0:
            raise InvalidRequest(f"order item {item.order_item_id} asks for quantity {item.quantity}")
        supplies = [
            s
            for s in supplies_by_part.get(item.part_number, [])
            if item.fc_ids is None or s.fc_id in item.fc_ids
        ]
        item_chunks = _allocate_item(item, supplies, now)
        shortfall = [c for c in item_chunks if c.status is AllocationStatus.UNALLOCATED]
        if shortfall and not allow_partial:
            missing = shortfall[0].quantity
            raise InsufficientStock(
                f"only {item.quantity - missing} of {item.quantity} {item.part_number} can be reserved"
                f" for order item {item.order_item_id}"
            )
        chunks.extend(item_chunks)
    return tuple(chunks)


def _allocate_item(item: ItemRequest, supplies: list[Supply], now: datetime) -> list[ReservationChunk]:
    remaining = item.quantity
    chunks: list[ReservationChunk] = []
    for supply in sorted(supplies, key=lambda s: (-s.on_hand_atp, s.fc_id)):
        take = min(remaining, supply.on_hand_atp)
        if take > 0:
            supply.on_hand_atp -= take
            remaining -= take
            chunks.append(_chunk(item, take, AllocationStatus.ALLOCATED, supply.fc_id, now))
    for date, fc_id in _future_order(supplies):
        if remaining == 0:
            break
        supply = next(s for s in supplies if s.fc_id == fc_id)
        remaining -= _take_future(supply, date, remaining, item, chunks)
    if remaining > 0:
        chunks.append(
            ReservationChunk(item.order_item_id, item.part_number, remaining, AllocationStatus.UNALLOCATED)
        )
    return chunks


def _future_order(supplies: list[Supply]) -> list[tuple[datetime, str]]:
    return sorted({(date, s.fc_id) for s in supplies for date, _ in s.future})


def _take_future(
    supply: Supply, date: datetime, wanted: int, item: ItemRequest, chunks: list[ReservationChunk]
) -> int:
    for index, (receipt_date, qty) in enumerate(supply.future):
        if receipt_date != date or qty == 0:
            continue
        take = min(wanted, qty)
        supply.future[index] = (receipt_date, qty - take)
        chunks.append(_chunk(item, take, AllocationStatus.BACKORDERED, supply.fc_id, date))
        return take
    return 0


def _chunk(
    item: ItemRequest, quantity: int, status: AllocationStatus, fc_id: str, available: datetime
) -> ReservationChunk:
    return ReservationChunk(
        order_item_id=item.order_item_id,
        part_number=item.part_number,
        quantity=quantity,
        status=status,
        fc_id=fc_id,
        available_date=available,
        expected_ship_date=available + SHIP_LEAD_TIME,
    )


def holds_by_center(chunks: Iterable[ReservationChunk]) -> dict[tuple[str, str], Holds]:
    """Sum reservation chunks into holds per (part, fulfillment center)."""
    sums: dict[tuple[str, str], list[int]] = {}
    for chunk in chunks:
        if chunk.fc_id is None or chunk.status is AllocationStatus.UNALLOCATED:
            continue
        pair = sums.setdefault((chunk.part_number, chunk.fc_id), [0, 0])
        pair[0 if chunk.status is AllocationStatus.ALLOCATED else 1] += chunk.quantity
    return {key: Holds(allocated=a, backordered=b) for key, (a, b) in sums.items()}
