"""Lifecycle use cases: run what is due, drive orders, quotes and stock by hand, read and change the settings."""

from __future__ import annotations

import threading
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final

from simulator.backend.commands import PartRef
from simulator.backend.context import Deps, resolve_part
from simulator.backend.lifecycle import (
    SETTINGS_KEY,
    Engine,
    restock,
    settings_from,
    store_settings,
)
from simulator.backend.ports import Session
from simulator.backend.pushes import PushPolicy
from simulator.domain import schedule
from simulator.domain.errors import InvalidRequest, NotFound, UnknownOrder, UnknownQuote
from simulator.domain.inventory import first_receipt
from simulator.domain.lifecycle import LifecycleSettings, apply_to_order, apply_to_quote
from simulator.domain.model import FutureReceipt, Order, Quote, StockLevel

BATCH: Final = 200
MAX_BATCHES: Final = 1000
"""advance_due works through at most BATCH * MAX_BATCHES timers per call."""


@dataclass(frozen=True, slots=True)
class Advanced:
    """What one pass of the lifecycle did, and when the next timer falls due."""

    fired: int
    next_due: datetime | None


class LifecycleService:
    """Order, quote, reservation and receipt lifecycles on the store, each call one or more transactions."""

    def __init__(self, deps: Deps, defaults: LifecycleSettings, policy: PushPolicy) -> None:
        self._deps = deps
        self.defaults = defaults
        self.policy = policy
        self._lock = threading.Lock()
        self._cached: tuple[Hashable, LifecycleSettings] | None = None

    # settings

    def settings(self) -> LifecycleSettings:
        """The settings in force (cached until the store changes)."""
        version = self._deps.store.data_version()
        cached = self._cached
        if cached is not None and cached[0] == version:
            return cached[1]
        found = settings_from(self._deps.store.peek_meta(SETTINGS_KEY), self.defaults)
        with self._lock:
            self._cached = (version, found)
        return found

    def update_settings(self, changes: Mapping[str, Any]) -> LifecycleSettings:
        """Change some settings for every worker; open orders, quotes and reservations are rescheduled."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            engine = self._engine(session)
            settings = engine.settings.merged(changes)
            store_settings(session, settings)
            self._reschedule(session, Engine(settings, self.policy), now)
            return settings

    def _engine(self, session: Session) -> Engine:
        return Engine(settings_from(session.get_meta(SETTINGS_KEY), self.defaults), self.policy)

    def _reschedule(self, session: Session, engine: Engine, now: datetime) -> None:
        for timer in session.list_timers(schedule.ORDER) + session.list_timers(schedule.QUOTE):
            engine.fire(session, replace(timer, due=now), now)
        for timer in session.list_timers(schedule.RESERVATION):
            engine.expire_reservation(session, timer.key, now)

    # time

    def advance_due(self, now: datetime | None = None) -> Advanced:
        """Apply every transition due by `now` (default: the clock's time)."""
        now = now or self._deps.clock.now()
        with self._deps.store.read() as session:
            if not session.due_timers(now, 1):
                return Advanced(0, session.next_timer_due())
        fired = 0
        for _ in range(MAX_BATCHES):
            with self._deps.store.write() as session:
                timers = session.due_timers(now, BATCH)
                engine = self._engine(session)
                for timer in timers:
                    engine.fire(session, timer, now)
                fired += len(timers)
                if len(timers) < BATCH:
                    return Advanced(fired, session.next_timer_due())
        with self._deps.store.read() as session:
            return Advanced(fired, session.next_timer_due())

    def watch_world(self) -> None:
        """Timers for the seeded world (quote expiry, stock receipts); run after it is loaded."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            self._engine(session).watch_world(session, now)

    # orders

    def change_order(
        self,
        external_order_id: str,
        transition: str,
        line_ids: Collection[str] | None = None,
        ship_date: datetime | None = None,
    ) -> Order:
        """Ship, release, deposit, backorder or cancel some lines (all that can when none are named)."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            order = session.get_order(external_order_id)
            if order is None:
                raise UnknownOrder(f"unknown order {external_order_id}")
            engine = self._engine(session)
            updated, changed = apply_to_order(order, transition, now, line_ids, ship_date)
            restocked = restock(session, order, changed) if transition == "cancel" else set()
            engine.order_changed(session, updated, now)
            updated = engine.progress_order(session, updated, now)
            engine.stock_changed(session, restocked, now)
            return updated

    # quotes

    def decide_quote(self, external_quote_id: str, transition: str) -> Quote:
        """Approve or reject a submitted quote."""
        if transition not in ("approve", "reject"):
            raise InvalidRequest(f"a quote can be approved or rejected, not {transition!r}")
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            quote = session.get_quote(external_quote_id)
            if quote is None:
                raise UnknownQuote(f"unknown quote {external_quote_id}")
            decided = apply_to_quote(quote, transition, now)
            session.put_quote(decided)
            return self._engine(session).progress_quote(session, decided, now)

    # stock

    def receive_stock(self, part_number: str, fc_id: str, quantity: int, date: datetime | None = None) -> StockLevel:
        """Receive stock now (on hand grows), or expect it at a future date (a receipt the lifecycle books)."""
        if quantity <= 0:
            raise InvalidRequest(f"a receipt of {quantity} {part_number} must be positive")
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            entry = resolve_part(session, PartRef(part_number=part_number))
            if fc_id not in {center.fc_id for center in session.list_fulfillment_centers()}:
                raise NotFound(f"unknown fulfillment center {fc_id}")
            levels = {level.fc_id: level for level in session.stock_levels(entry.part_number)}
            level = levels.get(fc_id, StockLevel(entry.part_number, fc_id, 0))
            if date is None or date <= now:
                level = replace(level, on_hand=level.on_hand + quantity)
            else:
                level = replace(level, receipts=(*level.receipts, FutureReceipt(date, quantity)))
            session.put_stock_levels([level])
            engine = self._engine(session)
            engine.watch_receipts(session, entry.part_number, fc_id, first_receipt(level))
            engine.stock_changed(session, [entry.part_number], now)
            return level
