"""The Backend: every use case the wire adapters may call, on one store, clock and id source."""

from __future__ import annotations

from collections.abc import Callable

from simulator.backend.changes import ChangeService
from simulator.backend.context import Deps
from simulator.backend.inspection import Inspection
from simulator.backend.inventory import InventoryService
from simulator.backend.orders import OrderService
from simulator.backend.ports import Session
from simulator.backend.pricing import PriceService
from simulator.backend.quotes import QuoteService

WorldLoader = Callable[[Session], None]
"""Writes the seeded world into an empty store."""


class Backend:
    """The system of record's API."""

    def __init__(self, deps: Deps, world: WorldLoader) -> None:
        self.deps = deps
        self._world = world
        self.inventory = InventoryService(deps)
        self.prices = PriceService(deps)
        self.orders = OrderService(deps)
        self.quotes = QuoteService(deps)
        self.inspect = Inspection(deps)
        self.changes = ChangeService(deps)

    def ensure_seeded(self) -> bool:
        """Load the seeded world if the store is new; True when it did."""
        with self.deps.store.write() as session:
            if session.get_meta("world.seed") is not None:
                return False
            self._world(session)
            return True

    def reset(self) -> None:
        """Throw away every change and go back to the seeded world."""
        with self.deps.store.write() as session:
            session.clear()
            self._world(session)
