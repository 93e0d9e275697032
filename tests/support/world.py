"""Find parts of the seeded world by their stock situation."""

from __future__ import annotations

from simulator.backend.commands import AvailabilityKey, LocationRef, PartRef
from simulator.backend.service import Backend
from simulator.domain.inventory import AvailabilityStatus


def parts_with(backend: Backend, status: AvailabilityStatus, minimum: int = 0) -> list[str]:
    """Part numbers whose online availability has that status (and at least `minimum` available)."""
    store = backend.inspect.locations().online_stores[0]
    entries = backend.inspect.catalog(0, 500).items
    keys = [
        AvailabilityKey(PartRef(part_number=e.part_number), LocationRef(online_store_id=store.store_id))
        for e in entries
    ]
    return [
        r.entry.part_number
        for r in backend.inventory.availability(keys)
        if r.availability.status is status and r.availability.quantity >= minimum
    ]


def online(backend: Backend, part_number: str) -> int:
    """Available quantity of a part across the online store."""
    store = backend.inspect.locations().online_stores[0]
    key = AvailabilityKey(PartRef(part_number=part_number), LocationRef(online_store_id=store.store_id))
    return backend.inventory.availability([key])[0].availability.quantity
