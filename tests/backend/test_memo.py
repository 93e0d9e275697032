"""The availability memo: answers are reused only while no process has written and the clock allows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from support.world import online, parts_with

from simulator.app import create_backend
from simulator.backend.commands import PartRef, ReserveItem
from simulator.backend.memo import VersionedMemo
from simulator.config import Settings
from simulator.domain.inventory import AvailabilityStatus
from simulator.store.sqlite import SqliteStore
from simulator.store.version import ChangeCounter

T0 = datetime(2026, 11, 23, tzinfo=UTC)


def test_a_write_through_another_store_instance_is_seen_at_once(tmp_path: Path) -> None:
    db = str(tmp_path / "memo.db")
    reader = create_backend(Settings(db=db, products=80), SqliteStore(db))
    reader.ensure_seeded()
    writer = create_backend(Settings(db=db, products=80), SqliteStore(db))
    store_id = reader.inspect.locations().online_stores[0].store_id
    part = parts_with(reader, AvailabilityStatus.AVAILABLE, minimum=3)[0]
    before = online(reader, part)
    with sqlite3.connect(db) as raw:  # a write that bypasses the store, so no change is signalled
        raw.execute("UPDATE stock_levels SET on_hand = on_hand + 100 WHERE part_number = ?", (part,))
    assert online(reader, part) == before, "the memo answers while nothing signalled a change"

    writer.inventory.reserve(store_id, "elsewhere", [ReserveItem("1", PartRef(part_number=part), 2)], False)

    fresh = create_backend(Settings(db=db, products=80), SqliteStore(db))
    assert online(fresh, part) > before  # +100 on hand at each center, 2 reserved
    assert online(reader, part) == online(fresh, part)


def test_change_counter_is_shared_through_the_file(tmp_path: Path) -> None:
    first, second = ChangeCounter(tmp_path / "c"), ChangeCounter(tmp_path / "c")
    start = second.value()
    first.bump()
    first.bump()
    assert second.value() == start + 2


def test_memo_entries_need_the_same_version_and_an_unexpired_clock() -> None:
    memo: VersionedMemo[str, int] = VersionedMemo(capacity=2)
    memo.put("a", 1, T0 + timedelta(hours=1), 10)
    assert memo.get("a", 1, T0) == 10
    assert memo.get("a", 2, T0) is None
    assert memo.get("a", 1, T0 + timedelta(hours=1)) is None
    memo.put("b", 1, None, 20)
    memo.put("c", 1, None, 30)
    assert memo.get("a", 1, T0) is None and memo.get("c", 1, T0) == 30
