"""Availability, reservation, check and cancel use cases on a seeded world."""

from __future__ import annotations

import pytest
from support.world import online, parts_with

from simulator.backend.commands import AvailabilityKey, LocationRef, PartRef, ReserveItem
from simulator.backend.service import Backend
from simulator.domain.errors import InsufficientStock, UnknownPart, UnknownStore
from simulator.domain.inventory import AvailabilityStatus
from simulator.domain.model import AllocationStatus


def item(part: str, quantity: int, item_id: str = "1001") -> ReserveItem:
    return ReserveItem(item_id, PartRef(part_number=part), quantity)


def test_the_world_has_every_availability_status(backend: Backend) -> None:
    for status in AvailabilityStatus:
        assert parts_with(backend, status), f"no part is {status}"


def test_backorderable_parts_carry_the_receipt_date(backend: Backend) -> None:
    part = parts_with(backend, AvailabilityStatus.BACKORDERABLE)[0]
    store = backend.inspect.locations().online_stores[0]
    key = AvailabilityKey(PartRef(part_number=part), LocationRef(online_store_name=store.identifier))
    result = backend.inventory.availability([key])[0].availability
    assert result.quantity == 0
    assert result.available_date is not None and result.available_date > backend.deps.clock.now()


def test_catalog_entry_id_and_physical_store_select_the_same_stock(backend: Backend) -> None:
    locations = backend.inspect.locations()
    physical = locations.physical_stores[0]
    entry = backend.inspect.catalog(0, 1).items[0]
    by_id = AvailabilityKey(PartRef(catentry_id=entry.catentry_id), LocationRef(physical_store_id=physical.store_id))
    by_name = AvailabilityKey(
        PartRef(part_number=entry.part_number), LocationRef(physical_store_external_id=physical.external_id)
    )
    first, second = backend.inventory.availability([by_id, by_name])
    assert first.availability == second.availability
    level = [lvl for lvl in backend.inspect.stock(entry.part_number).levels if lvl.fc_id == physical.fc_id]
    expected = max(0, level[0].on_hand - level[0].safety_stock) if level else 0
    assert first.availability.quantity == expected


def test_unknown_part_and_unknown_store_are_business_errors(backend: Backend, store_id: str) -> None:
    with pytest.raises(UnknownPart):
        backend.inventory.availability(
            [AvailabilityKey(PartRef(part_number="NO-SUCH-PART"), LocationRef(online_store_id=store_id))]
        )
    with pytest.raises(UnknownStore):
        backend.inventory.reserve(
            "999999", "o1", [item(parts_with(backend, AvailabilityStatus.AVAILABLE)[0], 1)], False
        )


def test_reserve_lowers_availability_and_a_repeat_replaces(backend: Backend, store_id: str) -> None:
    part = parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=10)[0]
    before = online(backend, part)
    backend.inventory.reserve(store_id, "order-1", [item(part, 4)], allow_partial=False)
    assert online(backend, part) == before - 4
    backend.inventory.reserve(store_id, "order-1", [item(part, 3)], allow_partial=False)
    assert online(backend, part) == before - 3
    backend.inventory.cancel(store_id, "order-1")
    assert online(backend, part) == before


def test_insufficient_stock_without_partial_changes_nothing(backend: Backend, store_id: str) -> None:
    part = parts_with(backend, AvailabilityStatus.AVAILABLE)[0]
    before = online(backend, part)
    with pytest.raises(InsufficientStock):
        backend.inventory.reserve(store_id, "order-2", [item(part, before + 10_000)], allow_partial=False)
    assert online(backend, part) == before
    assert backend.inspect.reservations(0, 10).total == 0


def test_partial_reservation_splits_into_allocated_and_unallocated(backend: Backend, store_id: str) -> None:
    part = next(p for p in parts_with(backend, AvailabilityStatus.AVAILABLE) if not _has_receipts(backend, p))
    before = online(backend, part)
    result = backend.inventory.reserve(store_id, "order-3", [item(part, before + 5)], allow_partial=True)
    allocated = sum(c.quantity for c in result.chunks if c.status is AllocationStatus.ALLOCATED)
    missing = [c for c in result.chunks if c.status is AllocationStatus.UNALLOCATED]
    assert allocated == before
    assert [c.quantity for c in missing] == [5]
    assert {c.order_item_id for c in result.chunks} == {"1001"}
    assert online(backend, part) == 0


def test_backorderable_part_reserves_as_backordered_with_date(backend: Backend, store_id: str) -> None:
    part = parts_with(backend, AvailabilityStatus.BACKORDERABLE)[0]
    result = backend.inventory.reserve(store_id, "order-4", [item(part, 1)], allow_partial=False)
    (chunk,) = result.chunks
    assert chunk.status is AllocationStatus.BACKORDERED
    assert chunk.available_date is not None and chunk.fc_id in result.center_names


def test_check_holds_nothing(backend: Backend, store_id: str) -> None:
    part = parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=2)[0]
    before = online(backend, part)
    result = backend.inventory.check(store_id, "order-5", [item(part, 2)])
    assert sum(c.quantity for c in result.chunks) == 2
    assert online(backend, part) == before


def test_cancel_of_an_unknown_reservation_is_harmless(backend: Backend, store_id: str) -> None:
    assert backend.inventory.cancel(store_id, "never-reserved").chunks == ()


def _has_receipts(backend: Backend, part: str) -> bool:
    return any(level.receipts for level in backend.inspect.stock(part).levels)
