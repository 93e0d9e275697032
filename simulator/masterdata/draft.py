"""The world's master data as mutable maps: read from a session, changed by imported rows, compared, written."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from simulator.domain.model import (
    Buyer,
    CatalogEntry,
    FulfillmentCenter,
    OnlineStore,
    Organization,
    PhysicalStore,
    PriceList,
    StockLevel,
)
from simulator.domain.query import Page
from simulator.seed.loading import SeedSession

T = TypeVar("T")
K = TypeVar("K", str, tuple[str, str])
V = TypeVar("V")


def in_key_order(table: Mapping[K, V]) -> list[V]:
    """The values of a table, sorted by key (how exports and written worlds stay deterministic)."""
    return [table[key] for key in sorted(table)]


def changed(base: Mapping[K, V], draft: Mapping[K, V]) -> list[V]:
    """The values of draft that base lacks or holds differently, in key order."""
    return [draft[key] for key in sorted(draft) if base.get(key) != draft[key]]


class MasterSession(SeedSession, Protocol):
    """The store operations import and export need (a structural subset of the backend's Session port)."""

    def list_online_stores(self) -> Sequence[OnlineStore]: ...
    def list_fulfillment_centers(self) -> Sequence[FulfillmentCenter]: ...
    def list_physical_stores(self) -> Sequence[PhysicalStore]: ...
    def list_catalog(self, offset: int, limit: int) -> Page[CatalogEntry]: ...
    def stock_levels(self, part_number: str) -> Sequence[StockLevel]: ...
    def list_organizations(self, offset: int, limit: int) -> Page[Organization]: ...
    def list_buyers(self, offset: int, limit: int, org_dn: str | None = None) -> Page[Buyer]: ...
    def price_lists_for(self, org_dns: Sequence[str | None], part_numbers: Sequence[str]) -> list[PriceList]: ...
    def get_meta(self, key: str) -> str | None: ...
    def clear(self) -> None: ...


@dataclass(slots=True)
class Draft:
    """Every master-data entity of a world, keyed as the store keys it."""

    online_stores: dict[str, OnlineStore] = field(default_factory=dict)
    centers: dict[str, FulfillmentCenter] = field(default_factory=dict)
    physical_stores: dict[str, PhysicalStore] = field(default_factory=dict)
    catalog: dict[str, CatalogEntry] = field(default_factory=dict)
    stock: dict[tuple[str, str], StockLevel] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    buyers: dict[str, Buyer] = field(default_factory=dict)
    price_lists: dict[str, PriceList] = field(default_factory=dict)

    def copy(self) -> Draft:
        """A copy whose maps (and price maps) can change without touching this one."""
        lists = {key: _copy_list(pl) for key, pl in self.price_lists.items()}
        return Draft(dict(self.online_stores), dict(self.centers), dict(self.physical_stores), dict(self.catalog),
                     dict(self.stock), dict(self.organizations), dict(self.buyers), lists)  # fmt: skip

    def default_list(self) -> PriceList | None:
        """The store default price list (entitling no organization), if any."""
        return next((pl for key, pl in sorted(self.price_lists.items()) if pl.org_dn is None), None)

    def store_by_identifier(self, identifier: str) -> OnlineStore | None:
        """The online store with this identifier (or this store id)."""
        found = self.online_stores.get(identifier)
        return found or next((s for s in self.online_stores.values() if s.identifier == identifier), None)

    def center(self, fc_id: str, name: str) -> FulfillmentCenter | None:
        """The fulfillment center with this id, else with this name."""
        if fc_id:
            return self.centers.get(fc_id)
        return next((c for c in self.centers.values() if c.name == name), None) if name else None


def _copy_list(price_list: PriceList) -> PriceList:
    return PriceList(price_list.price_list_id, price_list.name, price_list.contract_id, price_list.currency,
                     price_list.org_dn, dict(price_list.prices))  # fmt: skip


def read_draft(session: MasterSession) -> Draft:
    """The master data now in a store session."""
    draft = Draft()
    draft.online_stores = {store.store_id: store for store in session.list_online_stores()}
    draft.centers = {center.fc_id: center for center in session.list_fulfillment_centers()}
    draft.physical_stores = {store.store_id: store for store in session.list_physical_stores()}
    draft.catalog = {entry.part_number: entry for entry in _all(session.list_catalog)}
    for part in draft.catalog:
        for level in session.stock_levels(part):
            draft.stock[(part, level.fc_id)] = level
    draft.organizations = {org.dn: org for org in _all(session.list_organizations)}
    draft.buyers = {buyer.logon_id: buyer for buyer in _all(session.list_buyers)}
    lists = session.price_lists_for([None, *draft.organizations], list(draft.catalog))
    draft.price_lists = {pl.price_list_id: pl for pl in lists}
    return draft


def _all(fetch: Callable[[int, int], Page[T]]) -> list[T]:
    items: list[T] = []
    while True:
        page = fetch(len(items), 5000)
        items.extend(page.items)
        if not page.items or len(items) >= page.total:
            return items
