"""Inventory use cases: availability, reserve, cancel and check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from simulator.backend.commands import AvailabilityKey, LocationRef, ReserveItem
from simulator.backend.context import Deps, resolve_location, resolve_online_store, resolve_part
from simulator.backend.memo import VersionedMemo
from simulator.backend.ports import Session
from simulator.domain.inventory import (
    Availability,
    Holds,
    ItemRequest,
    Supply,
    allocate,
    availability,
    next_receipt,
    supply_for,
)
from simulator.domain.model import CatalogEntry, FulfillmentCenter, Reservation, ReservationChunk


@dataclass(frozen=True, slots=True)
class AvailabilityResult:
    """Availability of one requested (part, location)."""

    key: AvailabilityKey
    entry: CatalogEntry
    availability: Availability
    center_names: dict[str, str]


@dataclass(frozen=True, slots=True)
class ReservationResult:
    """The chunks of a reservation (or of a check), with fulfillment center names for the answer."""

    order_id: str
    chunks: tuple[ReservationChunk, ...]
    center_names: dict[str, str]


def current_supplies(
    session: Session,
    part_number: str,
    now: datetime,
    fc_id: str | None = None,
    excluding_order: str | None = None,
) -> list[Supply]:
    """What each center (or only the one given) can still promise for a part."""
    holds = session.holds(part_number, excluding_order)
    return [
        supply_for(level, holds.get(level.fc_id, Holds()), now)
        for level in session.stock_levels(part_number)
        if fc_id is None or level.fc_id == fc_id
    ]


class InventoryService:
    """Availability and reservations, each call one transaction."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps
        self._memo: VersionedMemo[AvailabilityKey, AvailabilityResult] = VersionedMemo()

    def availability(self, keys: Sequence[AvailabilityKey]) -> list[AvailabilityResult]:
        """Availability of each (part, location), in request order (answers are memoized per data version)."""
        version = self._deps.store.data_version()
        now = self._deps.clock.now()
        results = [self._memo.get(key, version, now) for key in keys]
        missing = [key for key, found in zip(keys, results, strict=True) if found is None]
        if missing:
            computed = dict(zip(missing, self._compute(missing, now), strict=True))
            for key, (result, expires) in computed.items():
                self._memo.put(key, version, expires, result)
            results = [found or computed[key][0] for key, found in zip(keys, results, strict=True)]
        return [result for result in results if result is not None]

    def _compute(
        self, keys: Sequence[AvailabilityKey], now: datetime
    ) -> list[tuple[AvailabilityResult, datetime | None]]:
        with self._deps.store.read() as session:
            names = center_names(session.list_fulfillment_centers())
            computed = []
            for key in keys:
                entry = resolve_part(session, key.part)
                fc_id, _ = resolve_location(session, key.location)
                levels = [lvl for lvl in session.stock_levels(entry.part_number) if fc_id is None or lvl.fc_id == fc_id]
                holds = session.holds(entry.part_number)
                found = [supply_for(level, holds.get(level.fc_id, Holds()), now) for level in levels]
                result = AvailabilityResult(key, entry, availability(found), names)
                computed.append((result, next_receipt(levels, now)))
            return computed

    def reserve(
        self, store_id: str, order_id: str, items: Sequence[ReserveItem], allow_partial: bool
    ) -> ReservationResult:
        """Reserve stock for an order, replacing any earlier reservation of the same order."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            resolve_online_store(session, store_id)
            chunks = self._allocate(session, order_id, items, allow_partial)
            reservation = Reservation(order_id, store_id, chunks, now)
            session.put_reservation(reservation)
            self._deps.hooks.reserved(session, reservation, now)
            return ReservationResult(order_id, chunks, center_names(session.list_fulfillment_centers()))

    def check(self, store_id: str, order_id: str, items: Sequence[ReserveItem]) -> ReservationResult:
        """What a reservation would hold now, without holding anything."""
        with self._deps.store.read() as session:
            resolve_online_store(session, store_id)
            chunks = self._allocate(session, order_id, items, allow_partial=True)
            return ReservationResult(order_id, chunks, center_names(session.list_fulfillment_centers()))

    def cancel(self, store_id: str, order_id: str) -> ReservationResult:
        """Release an order's reservation; cancelling one that does not exist changes nothing."""
        with self._deps.store.write() as session:
            resolve_online_store(session, store_id)
            existing = session.get_reservation(order_id)
            session.delete_reservation(order_id)
            chunks = existing.chunks if existing else ()
            self._deps.hooks.stock_changed(session, {c.part_number for c in chunks}, self._deps.clock.now())
            return ReservationResult(order_id, chunks, center_names(session.list_fulfillment_centers()))

    def _allocate(
        self, session: Session, order_id: str, items: Sequence[ReserveItem], allow_partial: bool
    ) -> tuple[ReservationChunk, ...]:
        now = self._deps.clock.now()
        requests: list[ItemRequest] = []
        supplies_by_part: dict[str, list[Supply]] = {}
        for item in items:
            entry = resolve_part(session, item.part)
            requests.append(
                ItemRequest(item.order_item_id, entry.part_number, item.quantity, pickup_centers(session, item))
            )
            if entry.part_number not in supplies_by_part:
                supplies_by_part[entry.part_number] = current_supplies(
                    session, entry.part_number, now, excluding_order=order_id
                )
        return allocate(requests, supplies_by_part, now, allow_partial)


def pickup_centers(session: Session, item: ReserveItem) -> tuple[str, ...] | None:
    """The one center a pickup-in-store item must come from (None: any)."""
    if not item.physical_store_external_id:
        return None
    fc_id, _ = resolve_location(session, LocationRef(physical_store_external_id=item.physical_store_external_id))
    return (fc_id,) if fc_id else None


def center_names(centers: Sequence[FulfillmentCenter]) -> dict[str, str]:
    """Fulfillment center names by id."""
    return {center.fc_id: center.name for center in centers}
