"""World snapshots: deterministic JSON of every table, a faithful round trip, refused where they cannot work."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulator.seed.world import build_world, load_world
from simulator.store.errors import StoreError
from simulator.store.memory import MemoryStore
from simulator.store.snapshot import SnapshotError, dumps
from simulator.store.sqlite import SqliteStore

ANCHOR = datetime(2026, 11, 23, tzinfo=UTC)


def _seeded(path: Path) -> SqliteStore:
    store = SqliteStore(path)
    with store.write() as session:
        load_world(session, build_world(7, 25, ANCHOR))
    return store


def test_round_trip_is_byte_identical(tmp_path: Path) -> None:
    source, target = _seeded(tmp_path / "a.db"), SqliteStore(tmp_path / "b.db")
    with source.read() as session:
        text = dumps(session.dump_tables())
    with target.write() as session:
        session.load_tables(json.loads(text))
    with target.read() as session:
        assert dumps(session.dump_tables()) == text
    with source.read() as session:
        assert dumps(session.dump_tables()) == text  # same state, same bytes
    assert json.loads(text)["tables"]["catalog"][0]["doc"]["json"]["part_number"]


def test_a_bad_snapshot_changes_nothing(tmp_path: Path) -> None:
    store = _seeded(tmp_path / "a.db")
    with store.read() as session:
        before = dumps(session.dump_tables())
    document = json.loads(before)
    document["schema_version"] = 999
    with pytest.raises(SnapshotError, match="schema version"), store.write() as session:
        session.load_tables(document)
    document = json.loads(before)
    document["tables"]["catalog"].append({"no_such_column": 1})
    with pytest.raises(SnapshotError), store.write() as session:
        session.load_tables(document)
    with store.read() as session:
        assert dumps(session.dump_tables()) == before


def test_the_memory_store_says_snapshots_need_sqlite() -> None:
    with pytest.raises(StoreError, match="SQLite"), MemoryStore().read() as session:
        session.dump_tables()
