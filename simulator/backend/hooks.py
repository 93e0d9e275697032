"""Hooks the use cases call inside their write transaction, so lifecycles and pushes share it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from simulator.backend.ports import Session
from simulator.domain.model import Order, Quote, Reservation


class Hooks(Protocol):
    """What happens next to a state change, in the same transaction (timers, immediate steps, outbox)."""

    def order_placed(self, session: Session, order: Order, now: datetime) -> Order:
        """An order was transferred; returns it after any immediate lifecycle step."""
        ...

    def quote_submitted(self, session: Session, quote: Quote, now: datetime) -> Quote:
        """A quote was submitted; returns it after any immediate lifecycle step."""
        ...

    def reserved(self, session: Session, reservation: Reservation, now: datetime) -> None:
        """Stock was reserved for an order."""
        ...

    def stock_changed(self, session: Session, part_numbers: Iterable[str], now: datetime) -> None:
        """Available stock of these parts may have changed."""
        ...


class NoHooks:
    """Nothing happens next (use cases on their own, as in unit tests)."""

    def order_placed(self, session: Session, order: Order, now: datetime) -> Order:
        """The order unchanged."""
        return order

    def quote_submitted(self, session: Session, quote: Quote, now: datetime) -> Quote:
        """The quote unchanged."""
        return quote

    def reserved(self, session: Session, reservation: Reservation, now: datetime) -> None:
        """Nothing."""

    def stock_changed(self, session: Session, part_numbers: Iterable[str], now: datetime) -> None:
        """Nothing."""
