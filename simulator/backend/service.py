"""The Backend: every use case the wire adapters may call, on one store, clock and id source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from simulator.backend.changes import ChangeService
from simulator.backend.context import Deps
from simulator.backend.inspection import Inspection
from simulator.backend.inventory import InventoryService
from simulator.backend.legacy_messages import LegacyMessagingService
from simulator.backend.lifecycle import LifecycleHooks
from simulator.backend.lifecycle_service import LifecycleService
from simulator.backend.master_data import MasterDataService
from simulator.backend.members import MemberService
from simulator.backend.orders import OrderService
from simulator.backend.outbox import OutboxService
from simulator.backend.ports import Session
from simulator.backend.pricing import PriceService
from simulator.backend.pushes import PushPolicy
from simulator.backend.quotes import QuoteService
from simulator.backend.timekeeping import ClockService
from simulator.domain.lifecycle import LifecycleSettings
from simulator.domain.outbox import RetryPolicy

WorldLoader = Callable[[Session], None]
"""Writes the seeded world into an empty store."""


class Backend:
    """The system of record's API."""

    def __init__(
        self,
        deps: Deps,
        world: WorldLoader,
        lifecycle: LifecycleSettings | None = None,
        pushes: PushPolicy | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        lifecycle = lifecycle or LifecycleSettings()
        pushes = pushes or PushPolicy()
        deps = replace(deps, hooks=LifecycleHooks(lifecycle, pushes))
        self.deps = deps
        self._world = world
        self.inventory = InventoryService(deps)
        self.prices = PriceService(deps)
        self.orders = OrderService(deps)
        self.quotes = QuoteService(deps)
        self.inspect = Inspection(deps)
        self.changes = ChangeService(deps)
        self.lifecycle = LifecycleService(deps, lifecycle, pushes)
        self.outbox = OutboxService(deps, pushes, retry or RetryPolicy())
        self.clock = ClockService(deps, self.lifecycle)
        self.master_data = MasterDataService(deps, pushes)
        self.members = MemberService(deps)
        self.legacy = LegacyMessagingService(deps)

    def ensure_seeded(self) -> bool:
        """Load the seeded world if the store is new; True when it did."""
        with self.deps.store.write() as session:
            if session.get_meta("world.seed") is not None:
                return False
            self._world(session)
            self._watch(session)
            return True

    def reset(self) -> None:
        """Throw away every change and go back to the seeded world."""
        with self.deps.store.write() as session:
            session.clear()
            self._world(session)
            self._watch(session)

    def _watch(self, session: Session) -> None:
        hooks = self.deps.hooks
        if isinstance(hooks, LifecycleHooks):
            hooks.engine(session).watch_world(session, self.deps.clock.now())
