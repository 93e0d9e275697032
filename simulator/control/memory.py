"""The in-memory ControlStore, for `--db :memory:` (one worker) and tests."""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from collections.abc import Sequence

from simulator.control.records import (
    ANY_TENANT,
    Decide,
    Event,
    EventQuery,
    Exchange,
    JournalQuery,
    SnapshotInfo,
    StoredRule,
)


class MemoryControlStore:
    """Everything in this process's memory behind one lock."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._lock = threading.Lock()
        self._rules: dict[int, StoredRule] = {}
        self._next_rule = 1
        self._version = 0
        self._journal: deque[Exchange] = deque(maxlen=max(capacity, 1))
        self._events: deque[Event] = deque(maxlen=max(capacity, 1))
        self._seq = 0
        self._counters: dict[str, float] = {}
        self._snapshots: dict[tuple[str, str], tuple[str, str]] = {}

    # fault rules

    def rules_version(self) -> int:
        """Changes whenever a rule is added or removed."""
        return self._version

    def add_rule(self, tenant: str | None, spec: str, remaining: int | None, created: str) -> StoredRule:
        """Store a rule; ids increase."""
        with self._lock:
            rule = StoredRule(self._next_rule, tenant, spec, remaining, created=created)
            self._rules[rule.rule_id] = rule
            self._next_rule += 1
            self._version += 1
            return rule

    def rules(self, tenant: str = ANY_TENANT) -> list[StoredRule]:
        """Rules by id; a tenant selects the rules scoped to it."""
        with self._lock:
            found = sorted(self._rules.values(), key=lambda r: r.rule_id)
        return [r for r in found if tenant == ANY_TENANT or r.tenant == tenant]

    def get_rule(self, rule_id: int) -> StoredRule | None:
        """One rule with its current counters."""
        with self._lock:
            return self._rules.get(rule_id)

    def delete_rule(self, rule_id: int) -> bool:
        """Remove a rule; False when there was none."""
        with self._lock:
            found = self._rules.pop(rule_id, None) is not None
            self._version += 1
            return found

    def clear_rules(self, tenant: str = ANY_TENANT) -> int:
        """Remove the rules of a tenant (or all); how many went."""
        with self._lock:
            gone = [i for i, r in self._rules.items() if tenant == ANY_TENANT or r.tenant == tenant]
            for rule_id in gone:
                del self._rules[rule_id]
            self._version += 1
            return len(gone)

    def draw(self, rule_id: int, decide: Decide) -> int | None:
        """Count one draw of a rule and, if `decide` says so and it has uses left, spend one; the draw number."""
        with self._lock:
            rule = self._rules.get(rule_id)
            if rule is None or (rule.remaining is not None and rule.remaining <= 0):
                return None
            number = rule.draws
            hit = decide(number)
            remaining = rule.remaining - 1 if hit and rule.remaining is not None else rule.remaining
            self._rules[rule_id] = dataclasses.replace(
                rule, draws=number + 1, applied=rule.applied + int(hit), remaining=remaining
            )
            return number if hit else None

    # journal, events, counters

    def record(self, exchange: Exchange, events: Sequence[Event], counters: Sequence[tuple[str, float]]) -> None:
        """Append an exchange and its events, add to counters."""
        with self._lock:
            self._seq += 1
            if self._capacity > 0:
                self._journal.append(dataclasses.replace(exchange, seq=self._seq))
            self._append_events(events)
            for key, amount in counters:
                self._counters[key] = self._counters.get(key, 0.0) + amount

    def add_events(self, events: Sequence[Event]) -> None:
        """Append domain events."""
        with self._lock:
            self._append_events(events)

    def _append_events(self, events: Sequence[Event]) -> None:
        for event in events:
            self._seq += 1
            if self._capacity > 0:
                self._events.append(dataclasses.replace(event, seq=self._seq))

    def journal(self, query: JournalQuery, offset: int, limit: int) -> tuple[list[Exchange], int]:
        """Matching exchanges, oldest first, and how many match."""
        with self._lock:
            found = [e for e in self._journal if query.matches(e)]
        return found[offset : offset + limit], len(found)

    def clear_journal(self, tenant: str = ANY_TENANT) -> int:
        """Forget the exchanges of a tenant (or all)."""
        with self._lock:
            kept = [e for e in self._journal if tenant != ANY_TENANT and e.tenant != tenant]
            gone = len(self._journal) - len(kept)
            self._journal = deque(kept, maxlen=self._journal.maxlen)
            return gone

    def events(self, query: EventQuery, offset: int, limit: int) -> tuple[list[Event], int]:
        """Matching events, oldest first, and how many match."""
        with self._lock:
            found = [e for e in self._events if query.matches(e)]
        return found[offset : offset + limit], len(found)

    def clear_events(self, tenant: str = ANY_TENANT) -> int:
        """Forget the events of a tenant (or all)."""
        with self._lock:
            kept = [e for e in self._events if tenant != ANY_TENANT and e.tenant != tenant]
            gone = len(self._events) - len(kept)
            self._events = deque(kept, maxlen=self._events.maxlen)
            return gone

    def counters(self) -> dict[str, float]:
        """Every metric counter by key."""
        with self._lock:
            return dict(self._counters)

    # snapshots

    def save_snapshot(self, tenant: str, name: str, body: str, created: str) -> SnapshotInfo:
        """Store (or replace) a named snapshot."""
        with self._lock:
            self._snapshots[(tenant, name)] = (body, created)
        return SnapshotInfo(tenant, name, created, len(body.encode()))

    def snapshot(self, tenant: str, name: str) -> str | None:
        """A snapshot's JSON text."""
        with self._lock:
            found = self._snapshots.get((tenant, name))
        return None if found is None else found[0]

    def snapshots(self, tenant: str) -> list[SnapshotInfo]:
        """A tenant's snapshots by name."""
        with self._lock:
            items = sorted((k, v) for k, v in self._snapshots.items() if k[0] == tenant)
        return [SnapshotInfo(t, n, created, len(body.encode())) for (t, n), (body, created) in items]

    def delete_snapshot(self, tenant: str, name: str) -> bool:
        """Remove a snapshot; False when there was none."""
        with self._lock:
            return self._snapshots.pop((tenant, name), None) is not None

    def close(self) -> None:
        """Nothing to release."""
