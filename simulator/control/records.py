"""What the control store keeps: fault rules with their counters, journal exchanges, domain events, snapshots."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

ANY_TENANT = "*"
"""Selects every tenant in listings and clears."""

Decide = Callable[[int], bool]
"""Given the 0-based draw number of a rule, whether this request is hit."""


@dataclass(frozen=True, slots=True)
class StoredRule:
    """A fault rule as stored: its JSON spec, and counters shared by every worker."""

    rule_id: int
    tenant: str | None
    spec: str
    remaining: int | None
    draws: int = 0
    applied: int = 0
    created: str = ""


@dataclass(slots=True)
class Exchange:
    """One SOAP request and its answer, as the journal records it (not frozen: one is built per call, see Facts)."""

    at: str
    tenant: str
    method: str
    path: str
    service: str
    operation: str
    action_code: str
    status: int
    duration_ms: float
    fault: str | None = None
    rule_id: int | None = None
    bod_id: str | None = None
    commerce_order_id: str | None = None
    store_id: str | None = None
    part_numbers: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    seq: int = 0


@dataclass(frozen=True, slots=True)
class Event:
    """A domain event: something that happened to the back office's state."""

    at: str
    tenant: str
    type: str
    subject: dict[str, str] = field(default_factory=dict)
    seq: int = 0


@dataclass(frozen=True, slots=True)
class JournalQuery:
    """Filters on the journal; None matches anything."""

    tenant: str = ANY_TENANT
    service: str | None = None
    operation: str | None = None
    action_code: str | None = None
    part_number: str | None = None
    commerce_order_id: str | None = None
    bod_id: str | None = None
    status: int | None = None
    fault: str | None = None
    faulted: bool | None = None
    since: str | None = None
    until: str | None = None

    def matches(self, entry: Exchange) -> bool:
        """Whether an exchange passes every filter."""
        equal = (
            (self.service, entry.service),
            (self.operation, entry.operation),
            (self.action_code, entry.action_code),
            (self.commerce_order_id, entry.commerce_order_id),
            (self.bod_id, entry.bod_id),
            (self.status, entry.status),
            (self.fault, entry.fault),
        )
        if any(wanted is not None and wanted != value for wanted, value in equal):
            return False
        if self.tenant != ANY_TENANT and entry.tenant != self.tenant:
            return False
        if self.part_number is not None and self.part_number not in entry.part_numbers:
            return False
        if self.faulted is not None and (entry.fault is not None) != self.faulted:
            return False
        return _within(entry.at, self.since, self.until)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters on the domain event log."""

    tenant: str = ANY_TENANT
    type: str | None = None
    since: str | None = None
    until: str | None = None

    def matches(self, event: Event) -> bool:
        """Whether an event passes every filter."""
        if self.tenant != ANY_TENANT and event.tenant != self.tenant:
            return False
        if self.type is not None and event.type != self.type:
            return False
        return _within(event.at, self.since, self.until)


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """A named snapshot of one tenant's world."""

    tenant: str
    name: str
    created: str
    size: int


def utc_stamp(moment: datetime | None = None) -> str:
    """A fixed-width UTC timestamp, the form every record's `at` has (so they compare as strings)."""
    if moment is None:
        return _now_stamp()
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:26] + "Z"  # several times cheaper than strftime


_second: tuple[int, str] = (-1, "")


def _now_stamp() -> str:
    """utc_stamp of the system clock's now; the date and time of day are written once per second (every SOAP call
    takes a stamp, and most fall in a second already written)."""
    global _second
    nanoseconds = time.time_ns()
    second, micro = divmod(nanoseconds // 1000, 1_000_000)
    written = _second
    if written[0] != second:
        written = (second, datetime.fromtimestamp(second, UTC).isoformat()[:19])
        _second = written
    return f"{written[1]}.{micro:06d}Z"


def _within(at: str, since: str | None, until: str | None) -> bool:
    # Timestamps are UTC ISO 8601 with a fixed width, so they compare as strings.
    return (since is None or at >= since) and (until is None or at < until)
