"""Read-only views of the whole state for the control plane."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.backend.commands import PartRef
from simulator.backend.context import Deps, resolve_part
from simulator.backend.inventory import current_supplies
from simulator.backend.ports import Page
from simulator.domain.inventory import Availability, availability
from simulator.domain.model import (
    Buyer,
    CatalogEntry,
    FulfillmentCenter,
    OnlineStore,
    Organization,
    PhysicalStore,
    Reservation,
    StockLevel,
)


@dataclass(frozen=True, slots=True)
class Locations:
    """Every store and fulfillment center."""

    online_stores: tuple[OnlineStore, ...]
    physical_stores: tuple[PhysicalStore, ...]
    fulfillment_centers: tuple[FulfillmentCenter, ...]


@dataclass(frozen=True, slots=True)
class StockView:
    """A part's stock per center and what it adds up to."""

    entry: CatalogEntry
    levels: tuple[StockLevel, ...]
    availability: Availability


class Inspection:
    """Paged, read-only listings of every entity."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def locations(self) -> Locations:
        """Online stores, physical stores and fulfillment centers."""
        with self._deps.store.read() as s:
            return Locations(
                tuple(s.list_online_stores()),
                tuple(s.list_physical_stores()),
                tuple(s.list_fulfillment_centers()),
            )

    def catalog(self, offset: int, limit: int) -> Page[CatalogEntry]:
        """Catalog entries by part number."""
        with self._deps.store.read() as s:
            return s.list_catalog(offset, limit)

    def stock(self, part_number: str) -> StockView:
        """Stock of one part at every center, and its availability across the online store."""
        now = self._deps.clock.now()
        with self._deps.store.read() as s:
            entry = resolve_part(s, PartRef(part_number=part_number))
            levels = tuple(s.stock_levels(entry.part_number))
            return StockView(entry, levels, availability(current_supplies(s, entry.part_number, now)))

    def organizations(self, offset: int, limit: int) -> Page[Organization]:
        """B2B organizations."""
        with self._deps.store.read() as s:
            return s.list_organizations(offset, limit)

    def buyers(self, offset: int, limit: int, org_dn: str | None = None) -> Page[Buyer]:
        """Buyers, optionally of one organization."""
        with self._deps.store.read() as s:
            return s.list_buyers(offset, limit, org_dn)

    def reservations(self, offset: int, limit: int) -> Page[Reservation]:
        """Reservations held."""
        with self._deps.store.read() as s:
            return s.list_reservations(offset, limit)

    def world(self) -> dict[str, str]:
        """What world is loaded (seed, products, anchor)."""
        with self._deps.store.read() as s:
            keys = ("world.seed", "world.products", "world.anchor")
            return {key.removeprefix("world."): value for key in keys if (value := s.get_meta(key)) is not None}
