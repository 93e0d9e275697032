"""Pushes waiting in the outbox: their delivery state, and the retry policy with exponential backoff."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final


class PushKind(StrEnum):
    """The inbound Commerce services a push calls."""

    SYNC_ORDER = "SyncOrder"
    CHANGE_ORDER = "ChangeOrder"
    SYNC_INVENTORY = "SyncInventoryAvailability"
    SYNC_ORGANIZATION = "SyncOrganization"
    SYNC_PERSON = "SyncPerson"
    LEGACY_ORDER_STATUS = "LegacyOrderStatus"
    LEGACY_INVENTORY = "LegacyInventory"
    LEGACY_PRICE = "LegacyPrice"
    LEGACY_CUSTOMER = "LegacyCustomer"
    LEGACY_SHIPMENT = "LegacyShipmentConfirmation"


class PushState(StrEnum):
    """Where a push is: waiting (pending), claimed by a dispatcher (delivering), delivered, or dead."""

    PENDING = "pending"
    DELIVERING = "delivering"
    DELIVERED = "delivered"
    DEAD = "dead"


OPEN_STATES: Final = (PushState.PENDING, PushState.DELIVERING)


@dataclass(frozen=True, slots=True)
class PushRecord:
    """One push: what to send (kind, ordering key, JSON payload) and how its delivery went.

    `next_attempt` is when a pending push may be tried, or when a delivering push's claim lapses.
    """

    push_id: int
    kind: PushKind
    key: str
    payload: str
    created: datetime
    state: PushState
    next_attempt: datetime
    attempts: int = 0
    last_error: str | None = None
    delivered: datetime | None = None
    last_attempt: datetime | None = None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff: base, base*2, base*4 ... capped at `cap`; dead after `max_attempts` failures."""

    base: timedelta = timedelta(seconds=1)
    cap: timedelta = timedelta(minutes=5)
    max_attempts: int = 8

    def delay(self, attempts: int) -> timedelta:
        """The wait after the given number of failed attempts (1 for the first failure)."""
        exponent = min(max(attempts - 1, 0), 30)
        grown: timedelta = self.base * (2**exponent)
        return min(self.cap, grown)


def claimed(record: PushRecord, now: datetime, lease: timedelta) -> PushRecord:
    """The push claimed by a dispatcher until the lease lapses."""
    return replace(record, state=PushState.DELIVERING, next_attempt=now + lease)


def succeeded(record: PushRecord, now: datetime) -> PushRecord:
    """The push after a delivery the receiver confirmed."""
    return replace(
        record, state=PushState.DELIVERED, attempts=record.attempts + 1, delivered=now, last_attempt=now,
        last_error=None,
    )


def failed(record: PushRecord, now: datetime, error: str, policy: RetryPolicy) -> PushRecord:
    """The push after a failed attempt: retried after the backoff, or dead after too many failures."""
    attempts = record.attempts + 1
    if attempts >= policy.max_attempts:
        return replace(record, state=PushState.DEAD, attempts=attempts, last_error=error, last_attempt=now)
    return replace(
        record, state=PushState.PENDING, attempts=attempts, last_error=error, last_attempt=now,
        next_attempt=now + policy.delay(attempts),
    )


def redelivery(record: PushRecord, now: datetime) -> PushRecord:
    """A push put back in the queue by hand (a dead letter, or a delivered push sent again)."""
    return replace(record, state=PushState.PENDING, next_attempt=now, attempts=0)
