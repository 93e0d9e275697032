"""Two control stores on one PostgreSQL schema: rules, journal and snapshots written by one are read by the other."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.pg import fresh_schema
from support.waiting import until

from simulator.control.pg import PgControlStore
from simulator.control.records import Exchange, JournalQuery


@pytest.fixture
def pair() -> Iterator[tuple[PgControlStore, PgControlStore]]:
    with fresh_schema("control_hosts") as url:
        first, second = PgControlStore(url), PgControlStore(url)
        yield first, second
        first.close()
        second.close()


def test_a_rule_added_through_one_host_reaches_the_other(pair: tuple[PgControlStore, PgControlStore]) -> None:
    first, second = pair
    version = second.rules_version()
    rule = first.add_rule(None, "{}", 3, "t0")
    assert until(lambda: second.rules_version() != version, timeout=5)
    assert [r.rule_id for r in second.rules()] == [rule.rule_id]
    assert second.draw(rule.rule_id, lambda n: True) == 0 and first.draw(rule.rule_id, lambda n: True) == 1


def test_journal_and_snapshots_are_shared(pair: tuple[PgControlStore, PgControlStore]) -> None:
    first, second = pair
    exchange = Exchange(at="2026-01-01T00:00:00Z", tenant="", method="POST", path="/services", service="S",
                        operation="GetInventoryAvailability", action_code="A", status=200, duration_ms=1.0)
    first.record(exchange, [], [("calls", 1.0)])
    first.flush()
    found, total = second.journal(JournalQuery(), 0, 10)
    assert total == 1 and found[0].operation == "GetInventoryAvailability"
    assert second.counters() == {"calls": 1.0}
    first.save_snapshot("", "base", '{"a": 1}', "t0")
    assert second.snapshot("", "base") == '{"a": 1}'
