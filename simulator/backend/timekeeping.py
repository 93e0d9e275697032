"""Clock use cases: read, advance, freeze and unfreeze the shared clock; advancing runs what falls due."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from simulator.backend.context import Deps
from simulator.backend.lifecycle_service import Advanced, LifecycleService
from simulator.backend.shared_clock import CLOCK_KEY, ClockState, SharedClock
from simulator.domain.errors import Conflict

_Change = Callable[[ClockState, datetime], ClockState]


@dataclass(frozen=True, slots=True)
class ClockReading:
    """The clock's time and mode, and what the last change ran."""

    now: datetime
    mode: str
    offset_seconds: float
    fired: int = 0
    next_due: datetime | None = None


class ClockService:
    """The shared clock of every worker process."""

    def __init__(self, deps: Deps, lifecycle: LifecycleService) -> None:
        self._deps = deps
        self._lifecycle = lifecycle

    def _clock(self) -> SharedClock:
        clock = self._deps.clock
        if not isinstance(clock, SharedClock):
            raise Conflict("this simulator runs on a fixed clock that cannot be changed")
        return clock

    def read(self) -> ClockReading:
        """The clock now."""
        clock = self._clock()
        state = clock.state()
        return ClockReading(state.now(clock.system_now()), state.mode, state.offset.total_seconds())

    def advance(self, seconds: float) -> ClockReading:
        """Move the clock forward, then run every transition due by the new time."""
        clock = self._clock()
        state = self._change(lambda current, system: current.advanced(seconds, system))
        return self._reading(state, self._lifecycle.advance_due(state.now(clock.system_now())))

    def freeze(self, at: datetime | None = None) -> ClockReading:
        """Stop the clock (at its current time, or at `at`), then run what is due."""
        clock = self._clock()
        state = self._change(lambda current, system: current.freeze(system, at))
        return self._reading(state, self._lifecycle.advance_due(state.now(clock.system_now())))

    def unfreeze(self) -> ClockReading:
        """Let the clock run again from where it stands."""
        return self._reading(self._change(lambda current, system: current.unfreeze(system)), None)

    def system(self) -> ClockReading:
        """Back to the system clock (no offset)."""
        return self._reading(self._change(lambda current, system: ClockState()), None)

    def _change(self, how: _Change) -> ClockState:
        clock = self._clock()
        with self._deps.store.write() as session:
            state = how(ClockState.from_json(session.get_meta(CLOCK_KEY)), clock.system_now())
            session.set_meta(CLOCK_KEY, state.to_json())
            return state

    def _reading(self, state: ClockState, advanced: Advanced | None) -> ClockReading:
        now = state.now(self._clock().system_now())
        if advanced is None:
            return ClockReading(now, state.mode, state.offset.total_seconds())
        return ClockReading(now, state.mode, state.offset.total_seconds(), advanced.fired, advanced.next_due)
