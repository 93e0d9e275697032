"""A clock every worker process shares: its state (frozen instant or offset) lives in the store's meta."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Protocol

from simulator.domain.errors import InvalidRequest

CLOCK_KEY: Final = "clock"


class ClockStore(Protocol):
    """What the shared clock needs from the store."""

    def peek_meta(self, key: str) -> str | None: ...
    def data_version(self) -> Hashable: ...


@dataclass(frozen=True, slots=True)
class ClockState:
    """Frozen at an instant, or running at the system clock plus an offset."""

    frozen: datetime | None = None
    offset: timedelta = timedelta(0)

    @property
    def mode(self) -> str:
        """"frozen", "offset" (running, moved by hand) or "system"."""
        if self.frozen is not None:
            return "frozen"
        return "offset" if self.offset else "system"

    def now(self, system: datetime) -> datetime:
        """The clock's time when the system clock reads `system`."""
        return self.frozen if self.frozen is not None else system + self.offset

    def to_json(self) -> str:
        """Stored form."""
        frozen = None if self.frozen is None else self.frozen.isoformat()
        return json.dumps({"frozen": frozen, "offset": self.offset.total_seconds()})

    @classmethod
    def from_json(cls, text: str | None) -> ClockState:
        """Inverse of to_json; the system clock when nothing is stored."""
        if not text:
            return cls()
        data: dict[str, Any] = json.loads(text)
        frozen = data.get("frozen")
        return cls(None if frozen is None else datetime.fromisoformat(frozen), timedelta(seconds=data["offset"]))

    def advanced(self, seconds: float, system: datetime) -> ClockState:
        """Moved forward by `seconds`."""
        if seconds < 0:
            raise InvalidRequest(f"the clock only moves forward, not by {seconds} s")
        if self.frozen is not None:
            return ClockState(self.frozen + timedelta(seconds=seconds))
        return ClockState(None, self.offset + timedelta(seconds=seconds))

    def freeze(self, system: datetime, at: datetime | None = None) -> ClockState:
        """Stopped at `at` (default: its current time)."""
        return ClockState(at or self.now(system))

    def unfreeze(self, system: datetime) -> ClockState:
        """Running again from where it stood."""
        return ClockState(None, self.now(system) - system)


class SharedClock:
    """The Clock port over the stored state, re-read only when the store's data version changes."""

    def __init__(self, store: ClockStore, system: Callable[[], datetime] | None = None) -> None:
        self._store = store
        self._system = system or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._cached: tuple[Hashable, ClockState] | None = None

    def state(self) -> ClockState:
        """The clock's current state."""
        version = self._store.data_version()
        cached = self._cached
        if cached is not None and cached[0] == version:
            return cached[1]
        state = ClockState.from_json(self._store.peek_meta(CLOCK_KEY))
        with self._lock:
            self._cached = (version, state)
        return state

    def system_now(self) -> datetime:
        """The system clock's time."""
        return self._system()

    def now(self) -> datetime:
        """The shared time."""
        return self.state().now(self._system())
