"""The whole seeded world, built deterministically from (seed, products, anchor)."""

from __future__ import annotations

from datetime import UTC, datetime

from simulator.seed import catalog, history, locations, members, prices
from simulator.seed.contents import World
from simulator.seed.loading import load_world
from simulator.seed.randomness import Progress, Source

__all__ = ["World", "build_world", "default_anchor", "load_world"]

PROGRESS_EVERY = 1000


def default_anchor(now: datetime) -> datetime:
    """Midnight UTC of `now`'s date: a seed gives the same world all day long.

    Pass an explicit anchor to build byte-identical worlds on different days.
    """
    _require_aware(now)
    day = now.astimezone(UTC).date()
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def build_world(seed: int, products: int, anchor: datetime, progress: Progress | None = None) -> World:
    """Build the world; the same (seed, products, anchor) always gives an identical one.

    `progress(done, total)` is called every PROGRESS_EVERY steps and once at the end.
    """
    _require_aware(anchor)
    if products < 1:
        raise ValueError(f"a world needs at least one product, not {products}")
    anchor = anchor.astimezone(UTC)
    source = Source.seeded(seed, anchor)
    centers = locations.fulfillment_centers(source)
    branches = locations.physical_stores(source, centers)
    orgs = members.organizations(source)
    people = members.buyers(source, orgs)
    counter = _Counter(2 * products + 2 * len(people), progress)
    entries, stock = catalog.catalog_and_stock(source, products, centers, counter.tick)
    lists = prices.price_lists(source, entries, orgs, counter.tick)
    market = history.Market.of(entries, tuple(c.fc_id for c in centers), branches, orgs, lists)
    orders = history.orders(source, market, people)
    counter.advance(len(people))
    quotes = history.quotes(source, market, people)
    counter.advance(len(people))
    return World(
        seed=seed,
        products=products,
        anchor=anchor,
        catalog=entries,
        online_stores=(locations.online_store(),),
        physical_stores=branches,
        fulfillment_centers=centers,
        stock=stock,
        organizations=orgs,
        buyers=people,
        price_lists=lists,
        orders=orders,
        quotes=quotes,
    )


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected an aware datetime, got {moment.isoformat()}")


class _Counter:
    """Reports progress every PROGRESS_EVERY steps without slowing the hot loops down."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self._progress = progress
        self._next = PROGRESS_EVERY

    def tick(self) -> None:
        self.done += 1
        if self.done >= self._next:
            self._next += PROGRESS_EVERY
            if self._progress is not None:
                self._progress(self.done, self.total)

    def advance(self, steps: int) -> None:
        self.done += steps
        if self._progress is not None:
            self._progress(self.done, self.total)
