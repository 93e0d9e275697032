"""Write a world into a store through the minimal session operations it needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from simulator.domain.model import (
    Buyer,
    CatalogEntry,
    FulfillmentCenter,
    OnlineStore,
    Order,
    Organization,
    PhysicalStore,
    PriceList,
    Quote,
    StockLevel,
)
from simulator.seed.contents import World
from simulator.seed.history import external_order_id, external_quote_id
from simulator.seed.randomness import Progress

BATCH = 5000
T = TypeVar("T")


class SeedSession(Protocol):
    """The store operations loading needs (a structural subset of the backend's Session port)."""

    def put_catalog_entries(self, entries: Iterable[CatalogEntry]) -> None: ...
    def put_online_store(self, store: OnlineStore) -> None: ...
    def put_physical_store(self, store: PhysicalStore) -> None: ...
    def put_fulfillment_center(self, center: FulfillmentCenter) -> None: ...
    def put_stock_levels(self, levels: Iterable[StockLevel]) -> None: ...
    def put_organization(self, organization: Organization) -> None: ...
    def put_buyer(self, buyer: Buyer) -> None: ...
    def put_price_list(self, price_list: PriceList) -> None: ...
    def put_order(self, order: Order) -> None: ...
    def put_quote(self, quote: Quote) -> None: ...
    def next_value(self, sequence: str) -> int: ...
    def set_meta(self, key: str, value: str) -> None: ...


class SequenceMismatch(RuntimeError):
    """The store's order or quote sequence did not start where the world's numbering does (not empty?)."""


def load_world(session: SeedSession, world: World, progress: Progress | None = None) -> None:
    """Write every entity of the world into an empty store, in one session.

    Seeded orders and quotes take their numbers from the "order" and "quote" sequences, so the
    numbers the simulator allocates later follow them. `progress(done, total)` counts entities.
    """
    reporter = _Reporter(_entity_count(world), progress)
    for store in world.online_stores:
        session.put_online_store(store)
    for center in world.fulfillment_centers:
        session.put_fulfillment_center(center)
    for branch in world.physical_stores:
        session.put_physical_store(branch)
    for org in world.organizations:
        session.put_organization(org)
    for buyer in world.buyers:
        session.put_buyer(buyer)
    reporter.advance(_location_and_member_count(world))
    for entries in _batches(world.catalog):
        session.put_catalog_entries(entries)
        reporter.advance(len(entries))
    for levels in _batches(world.stock):
        session.put_stock_levels(levels)
        reporter.advance(len(levels))
    for price_list in world.price_lists:
        session.put_price_list(price_list)
        reporter.advance(1)
    _load_orders(session, world.orders)
    _load_quotes(session, world.quotes)
    reporter.advance(len(world.orders) + len(world.quotes))
    session.set_meta("world.seed", str(world.seed))
    session.set_meta("world.products", str(world.products))
    session.set_meta("world.anchor", world.anchor.isoformat())


def _load_orders(session: SeedSession, orders: Sequence[Order]) -> None:
    for order in orders:
        _expect(external_order_id(session.next_value("order")), order.external_order_id)
        session.put_order(order)


def _load_quotes(session: SeedSession, quotes: Sequence[Quote]) -> None:
    for quote in quotes:
        _expect(external_quote_id(session.next_value("quote")), quote.external_quote_id)
        session.put_quote(quote)


def _expect(allocated: str, seeded: str) -> None:
    if allocated != seeded:
        raise SequenceMismatch(f"the store allocated {allocated} for seeded {seeded}; load into an empty store")


def _batches(items: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _location_and_member_count(world: World) -> int:
    return (
        len(world.online_stores)
        + len(world.fulfillment_centers)
        + len(world.physical_stores)
        + len(world.organizations)
        + len(world.buyers)
    )


def _entity_count(world: World) -> int:
    return (
        _location_and_member_count(world)
        + len(world.catalog)
        + len(world.stock)
        + len(world.price_lists)
        + len(world.orders)
        + len(world.quotes)
    )


class _Reporter:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self._progress = progress

    def advance(self, steps: int) -> None:
        self.done += steps
        if self._progress is not None:
            self._progress(self.done, self.total)
