"""The lifecycle engine inside one transaction: run due steps, keep timers, restock, write the pushes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from simulator.backend import legacy_messages, pushes
from simulator.backend.ports import Session, iter_pages
from simulator.backend.pushes import PushPolicy
from simulator.domain import schedule, status
from simulator.domain.inventory import first_receipt, receive_due
from simulator.domain.lifecycle import (
    LifecycleSettings,
    apply_to_order,
    apply_to_quote,
    automatic_step_lines,
    next_order_step,
    quote_due,
)
from simulator.domain.model import Order, OrderLine, Quote, Reservation
from simulator.domain.query import OrderFilter
from simulator.domain.schedule import Timer

SETTINGS_KEY: Final = "lifecycle.settings"
LOW_STOCK_PREFIX: Final = "inventory.low:"
MAX_STEPS: Final = 16
"""An entity takes at most this many steps in one pass (an order has three automatic ones)."""


def load_settings(session: Session, defaults: LifecycleSettings) -> LifecycleSettings:
    """The configured settings with the changes made through the admin API."""
    return settings_from(session.get_meta(SETTINGS_KEY), defaults)


def settings_from(stored: str | None, defaults: LifecycleSettings) -> LifecycleSettings:
    """Defaults merged with the stored changes (JSON)."""
    return defaults.merged(json.loads(stored)) if stored else defaults


def store_settings(session: Session, settings: LifecycleSettings) -> None:
    """Keep the settings for every worker process."""
    session.set_meta(SETTINGS_KEY, json.dumps(settings.to_dict(), sort_keys=True))


@dataclass(frozen=True, slots=True)
class Engine:
    """The lifecycle rules bound to the settings in force and whether pushes are written."""

    settings: LifecycleSettings
    policy: PushPolicy

    # orders

    def order_changed(self, session: Session, order: Order, at: datetime) -> None:
        """Store a changed order and tell Commerce (orders it knows only)."""
        session.put_order(order)
        if legacy_messages.is_message_borne(order):
            legacy_messages.order_step(session, order, self.policy, at)
        elif self.policy.enabled and order.commerce_order_id is not None:
            pushes.enqueue_order_status(session, order, at)

    def progress_order(self, session: Session, order: Order, now: datetime) -> Order:
        """Apply every automatic step due by `now`, then keep a timer for the next one."""
        key = order.external_order_id
        for _ in range(MAX_STEPS):
            step = next_order_step(order, self.settings)
            if step is None:
                session.clear_timer(schedule.ORDER, key)
                return order
            name, due = step
            if due is None or due > now:
                session.set_timer(Timer(schedule.ORDER, key, due))
                return order
            order, _ = apply_to_order(order, name, due, automatic_step_lines(order, name))
            self.order_changed(session, order, due)
        session.set_timer(Timer(schedule.ORDER, key, now))
        return order

    # quotes

    def progress_quote(self, session: Session, quote: Quote, now: datetime) -> Quote:
        """Approve (when timed) or expire a quote when due, then keep a timer for the next step."""
        key = quote.external_quote_id
        for _ in range(MAX_STEPS):
            step = quote_due(quote, self.settings)
            if step is None:
                session.clear_timer(schedule.QUOTE, key)
                return quote
            name, due = step
            if due > now:
                session.set_timer(Timer(schedule.QUOTE, key, due))
                return quote
            quote = apply_to_quote(quote, name, due)
            session.put_quote(quote)
        return quote

    # reservations and receipts

    def reservation_due(self, reservation: Reservation) -> datetime | None:
        """When a reservation lapses (None: reservations never lapse)."""
        ttl = self.settings.reservation_ttl
        return reservation.created + timedelta(seconds=ttl) if ttl else None

    def watch_reservation(self, session: Session, reservation: Reservation) -> None:
        """Keep a timer for a reservation's expiry."""
        session.set_timer(Timer(schedule.RESERVATION, reservation.order_id, self.reservation_due(reservation)))

    def expire_reservation(self, session: Session, order_id: str, now: datetime) -> None:
        """Release a reservation whose time has come (or re-arm its timer)."""
        reservation = session.get_reservation(order_id)
        due = None if reservation is None else self.reservation_due(reservation)
        if reservation is None or due is None:
            session.clear_timer(schedule.RESERVATION, order_id)
            return
        if due > now:
            session.set_timer(Timer(schedule.RESERVATION, order_id, due))
            return
        session.delete_reservation(order_id)
        session.clear_timer(schedule.RESERVATION, order_id)
        self.stock_changed(session, {chunk.part_number for chunk in reservation.chunks}, now)

    def receive(self, session: Session, key: str, now: datetime) -> None:
        """Book the receipts of one (part, center) that are due into on hand."""
        part_number, _, fc_id = key.partition("\t")
        level = next((lvl for lvl in session.stock_levels(part_number) if lvl.fc_id == fc_id), None)
        if level is None:
            session.clear_timer(schedule.RECEIPT, key)
            return
        received = receive_due(level, now)
        if received != level:
            session.put_stock_levels([received])
            self.stock_changed(session, [part_number], now)
        self.watch_receipts(session, part_number, fc_id, first_receipt(received))

    def watch_receipts(self, session: Session, part_number: str, fc_id: str, due: datetime | None) -> None:
        """Keep a timer for the next receipt of a (part, center)."""
        key = receipt_key(part_number, fc_id)
        if due is None:
            session.clear_timer(schedule.RECEIPT, key)
        else:
            session.set_timer(Timer(schedule.RECEIPT, key, due))

    # stock

    def stock_changed(self, session: Session, part_numbers: Iterable[str], now: datetime) -> None:
        """Push a part's availability when it crosses the threshold (either way)."""
        if not (self.policy.enabled or self.policy.legacy):
            return
        for part_number in sorted(set(part_numbers)):
            quantity = pushes.part_availability(session, part_number, now).quantity
            low = quantity < self.settings.inventory_threshold
            was_low = session.get_meta(LOW_STOCK_PREFIX + part_number) == "1"
            if low != was_low:
                session.set_meta(LOW_STOCK_PREFIX + part_number, "1" if low else "0")
                if self.policy.enabled:
                    pushes.enqueue_inventory(session, part_number, now)
                if self.policy.legacy:
                    legacy_messages.enqueue_inventory(session, part_number, now)

    def fire(self, session: Session, timer: Timer, now: datetime) -> None:
        """Do whatever a due timer stands for."""
        if timer.kind == schedule.ORDER:
            order = session.get_order(timer.key)
            if order is None:
                session.clear_timer(timer.kind, timer.key)
            else:
                self.progress_order(session, order, now)
        elif timer.kind == schedule.QUOTE:
            quote = session.get_quote(timer.key)
            if quote is None:
                session.clear_timer(timer.kind, timer.key)
            else:
                self.progress_quote(session, quote, now)
        elif timer.kind == schedule.RESERVATION:
            self.expire_reservation(session, timer.key, now)
        elif timer.kind == schedule.RECEIPT:
            self.receive(session, timer.key, now)
        else:
            session.clear_timer(timer.kind, timer.key)

    def watch_world(self, session: Session, now: datetime) -> None:
        """Timers for what the seeded world already holds: open quotes' expiry and stock receipts."""
        criteria = OrderFilter(statuses=(status.QUOTE_SUBMITTED, status.QUOTE_APPROVED))
        for quote in list(iter_pages(lambda o, n: session.list_quotes(criteria, o, n))):
            self.progress_quote(session, quote, now)
        for level in list(iter_pages(session.stock_with_receipts)):
            self.watch_receipts(session, level.part_number, level.fc_id, first_receipt(level))


def receipt_key(part_number: str, fc_id: str) -> str:
    """The timer key of a (part, center)'s receipts."""
    return f"{part_number}\t{fc_id}"


def restock(session: Session, before: Order, changed: Iterable[OrderLine]) -> set[str]:
    """Put the stock of cancelled lines that had taken it (received or released) back on hand."""
    previous = {line.line_id: line.status for line in before.lines}
    parts: set[str] = set()
    for line in changed:
        if line.fc_id is None or previous.get(line.line_id) not in (status.ORDER_RECEIVED, status.ORDER_RELEASED):
            continue
        for level in session.stock_levels(line.part_number):
            if level.fc_id == line.fc_id:
                session.put_stock_levels([replace(level, on_hand=level.on_hand + line.quantity)])
                parts.add(line.part_number)
    return parts


class LifecycleHooks:
    """The Hooks the use cases call: the engine with the settings stored in the transaction's snapshot."""

    def __init__(self, defaults: LifecycleSettings, policy: PushPolicy) -> None:
        self.defaults = defaults
        self.policy = policy

    def engine(self, session: Session) -> Engine:
        """The engine with the settings in force."""
        return Engine(load_settings(session, self.defaults), self.policy)

    def order_placed(self, session: Session, order: Order, now: datetime) -> Order:
        """Hand over the external id (asynchronous transfer), run immediate steps, watch stock."""
        engine = self.engine(session)
        if legacy_messages.is_message_borne(order):
            if self.policy.legacy:
                legacy_messages.enqueue_status(session, order, legacy_messages.CONFIRM, now)
        elif engine.settings.async_transfer and self.policy.enabled:
            pushes.enqueue_order_handover(session, order, now)
        order = engine.progress_order(session, order, now)
        engine.stock_changed(session, {line.part_number for line in order.lines}, now)
        return order

    def quote_submitted(self, session: Session, quote: Quote, now: datetime) -> Quote:
        """Schedule approval (when timed) and expiry."""
        return self.engine(session).progress_quote(session, quote, now)

    def reserved(self, session: Session, reservation: Reservation, now: datetime) -> None:
        """Schedule the reservation's expiry and watch stock."""
        engine = self.engine(session)
        engine.watch_reservation(session, reservation)
        engine.stock_changed(session, {chunk.part_number for chunk in reservation.chunks}, now)

    def stock_changed(self, session: Session, part_numbers: Iterable[str], now: datetime) -> None:
        """Push availability when it crosses the threshold."""
        if self.policy.enabled or self.policy.legacy:
            self.engine(session).stock_changed(session, part_numbers, now)
