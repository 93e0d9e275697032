"""The ControlStore contract: every test runs against the in-memory store, SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support.pg import fresh_schema

from simulator.control.memory import MemoryControlStore
from simulator.control.pg import PgControlStore
from simulator.control.ports import ControlStore
from simulator.control.records import Event, EventQuery, Exchange, JournalQuery
from simulator.control.sqlite import SqliteControlStore


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def control(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ControlStore]:
    if request.param == "postgres":
        with fresh_schema("control") as url:
            pg = PgControlStore(url, capacity=3)
            yield pg
            pg.close()
        return
    store: ControlStore = (MemoryControlStore(capacity=3) if request.param == "memory"
                           else SqliteControlStore(tmp_path / "c.db-control", capacity=3))
    yield store
    store.close()


def _exchange(at: str, operation: str = "GetInventoryAvailability", parts: tuple[str, ...] = ("P1",),
              tenant: str = "", fault: str | None = None) -> Exchange:
    return Exchange(at=at, tenant=tenant, method="POST", path="/services", service="InventoryServices",
                    operation=operation, action_code="IBM_Store_Details", status=200, duration_ms=1.0,
                    fault=fault, part_numbers=parts)


def test_rules_are_numbered_scoped_and_versioned(control: ControlStore) -> None:
    version = control.rules_version()
    first = control.add_rule(None, '{"a": 1}', None, "t0")
    second = control.add_rule("alpha", '{"b": 2}', 2, "t1")
    assert control.rules_version() != version
    assert [r.rule_id for r in control.rules()] == [first.rule_id, second.rule_id]
    assert [r.rule_id for r in control.rules("alpha")] == [second.rule_id]
    assert control.delete_rule(first.rule_id) and not control.delete_rule(first.rule_id)
    assert control.clear_rules("alpha") == 1 and control.rules() == []


def test_draws_spend_limited_rules_exactly(control: ControlStore) -> None:
    rule = control.add_rule(None, "{}", 5, "t0")
    with ThreadPoolExecutor(8) as pool:
        draws = list(pool.map(lambda _: control.draw(rule.rule_id, lambda n: True), range(20)))
    assert sorted(d for d in draws if d is not None) == [0, 1, 2, 3, 4]
    stored = control.get_rule(rule.rule_id)
    assert stored is not None and (stored.remaining, stored.applied, stored.draws) == (0, 5, 5)


def test_a_missed_draw_counts_but_spends_nothing(control: ControlStore) -> None:
    rule = control.add_rule(None, "{}", 1, "t0")
    assert control.draw(rule.rule_id, lambda n: n % 2 == 1) is None
    assert control.draw(rule.rule_id, lambda n: n % 2 == 1) == 1
    assert control.draw(rule.rule_id, lambda n: True) is None


def test_journal_is_a_ring_with_filters(control: ControlStore) -> None:
    for i in range(5):
        control.record(_exchange(f"2026-01-01T00:00:0{i}.000000Z", parts=(f"P{i % 2}",)), [], [("k", 1.0)])
    items, total = control.journal(JournalQuery(), 0, 10)
    assert total == 3 and [e.at[-9] for e in items] == ["2", "3", "4"]
    assert control.journal(JournalQuery(part_number="P0"), 0, 10)[1] == 2
    assert control.journal(JournalQuery(since="2026-01-01T00:00:03.000000Z"), 0, 10)[1] == 2
    assert control.journal(JournalQuery(faulted=True), 0, 10)[1] == 0
    assert control.counters() == {"k": 5.0}
    assert control.clear_journal() == 3


def test_events_and_tenants(control: ControlStore) -> None:
    control.record(_exchange("2026-01-01T00:00:00.000000Z", tenant="alpha"),
                   [Event("2026-01-01T00:00:00.000000Z", "alpha", "reservation.created", {"order": "1"})], [])
    control.add_events([Event("2026-01-01T00:00:01.000000Z", "", "price.changed", {})])
    assert control.journal(JournalQuery(tenant="alpha"), 0, 10)[1] == 1
    assert control.journal(JournalQuery(tenant=""), 0, 10)[1] == 0
    events, total = control.events(EventQuery(type="reservation.created"), 0, 10)
    assert total == 1 and events[0].subject == {"order": "1"}
    assert control.clear_events("alpha") == 1 and control.events(EventQuery(), 0, 10)[1] == 1


def test_snapshots_by_tenant_and_name(control: ControlStore) -> None:
    control.save_snapshot("", "b", "{}", "t0")
    control.save_snapshot("", "a", '{"x": 1}', "t1")
    control.save_snapshot("alpha", "a", "[]", "t2")
    assert [s.name for s in control.snapshots("")] == ["a", "b"]
    assert control.snapshot("alpha", "a") == "[]" and control.snapshot("alpha", "b") is None
    assert control.delete_snapshot("", "a") and not control.delete_snapshot("", "a")


def test_the_ring_spans_batches_and_numbers_are_never_reused(control: ControlStore) -> None:
    for i in range(2):
        control.record(_exchange(f"2026-01-01T00:00:0{i}.000000Z", tenant="alpha"), [], [])
    assert control.journal(JournalQuery(), 0, 10)[1] == 2  # reading writes the first batch
    for i in range(2, 4):
        control.record(_exchange(f"2026-01-01T00:00:0{i}.000000Z", tenant="beta" if i == 3 else "alpha"), [], [])
    items, total = control.journal(JournalQuery(), 0, 10)
    assert total == 3 and [e.at[-9] for e in items] == ["1", "2", "3"]
    seqs = [e.seq for e in items]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
    assert control.journal(JournalQuery(), 1, 1)[0][0].seq == seqs[1]
    assert control.clear_journal("alpha") == 2
    left, total = control.journal(JournalQuery(), 0, 10)
    assert total == 1 and left[0].tenant == "beta" and left[0].seq == seqs[2]
    assert control.clear_journal() == 1
    control.record(_exchange("2026-01-01T00:00:05.000000Z"), [], [])
    fresh = control.journal(JournalQuery(), 0, 10)[0]
    assert len(fresh) == 1 and fresh[0].seq > seqs[2]
