"""Outbox use cases: claim pushes for delivery, record how a delivery went, list, redeliver, push on demand."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from simulator.backend import pushes
from simulator.backend.context import Deps
from simulator.backend.ports import Page
from simulator.domain.errors import Conflict, InvalidRequest, NotFound, UnknownPart
from simulator.domain.outbox import (
    PushRecord,
    PushState,
    RetryPolicy,
    claimed,
    failed,
    redelivery,
    succeeded,
)

DELIVERED_KEPT: Final = 1000
"""The delivery log keeps this many delivered pushes."""
MAX_PAGE: Final = 500


def _system_now() -> datetime:
    return datetime.now(UTC)


class OutboxService:
    """Pushes in the outbox. Delivery runs on real time (retries are real seconds), not the simulated clock."""

    def __init__(
        self, deps: Deps, policy: pushes.PushPolicy, retry: RetryPolicy, wall: Callable[[], datetime] = _system_now
    ) -> None:
        self._deps = deps
        self.policy = policy
        self.retry = retry
        self._wall = wall

    def claim(self, limit: int, lease: timedelta) -> list[PushRecord]:
        """Claim pushes due for delivery (the head of each key only); none is claimed by two dispatchers."""
        now = self._wall()
        with self._deps.store.read() as session:
            if not session.claimable_pushes(now, 1):
                return []
        with self._deps.store.write() as session:
            found = session.claimable_pushes(now, limit)
            taken = [claimed(record, now, lease) for record in found]
            for record in taken:
                session.save_push(record)
            return taken

    def record(self, record: PushRecord, error: str | None) -> PushRecord:
        """Record one delivery attempt: delivered when `error` is None, else retried later or dead."""
        now = self._wall()
        with self._deps.store.write() as session:
            current = session.get_push(record.push_id)
            if current is None or current.state is not record.state or current.attempts != record.attempts:
                return current or record  # reset or redelivered meanwhile: this attempt no longer counts
            done = succeeded(current, now) if error is None else failed(current, now, error, self.retry)
            session.save_push(done)
            if done.state is PushState.DELIVERED:
                session.prune_pushes(PushState.DELIVERED, DELIVERED_KEPT)
            return done

    def listing(self, states: Sequence[PushState], offset: int = 0, limit: int = 50) -> Page[PushRecord]:
        """Pushes in these states (all when none), oldest first."""
        if limit <= 0:
            raise InvalidRequest(f"page size {limit} must be positive")
        with self._deps.store.read() as session:
            return session.list_pushes(states, max(0, offset), min(limit, MAX_PAGE))

    def get(self, push_id: int) -> PushRecord:
        """One push."""
        with self._deps.store.read() as session:
            found = session.get_push(push_id)
        if found is None:
            raise NotFound(f"unknown push {push_id}")
        return found

    def redeliver(self, push_id: int) -> PushRecord:
        """Queue a dead (or delivered) push again, due now."""
        with self._deps.store.write() as session:
            found = session.get_push(push_id)
            if found is None:
                raise NotFound(f"unknown push {push_id}")
            if found.state is PushState.DELIVERING:
                raise Conflict(f"push {push_id} is being delivered right now")
            again = redelivery(found, self._wall())
            session.save_push(again)
            return again

    def push_inventory(self, part_numbers: Sequence[str]) -> list[PushRecord]:
        """SyncInventoryAvailability of these parts now, whatever the threshold."""
        if not self.policy.enabled:
            raise Conflict("pushes are off: start the simulator with --push-url")
        if not part_numbers:
            raise InvalidRequest("name at least one part")
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            queued = [pushes.enqueue_inventory(session, part, now) for part in part_numbers]
            missing = [part for part, record in zip(part_numbers, queued, strict=True) if record is None]
            if missing:
                raise UnknownPart(f"unknown catalog entries {', '.join(missing)}")
            return [record for record in queued if record is not None]
