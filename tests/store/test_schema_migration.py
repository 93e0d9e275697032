"""A version-1 database gains the lifecycle timers and the outbox when it is opened (schema version 2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from simulator.store.schema import SCHEMA_VERSION
from simulator.store.sqlite import SqliteStore


def test_a_version_1_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    SqliteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE timers")
        conn.execute("DROP TABLE outbox")
        conn.execute("PRAGMA user_version = 1")
    store = SqliteStore(path)
    with store.read() as session:
        assert session.list_timers("order") == []
        assert session.list_pushes([], 0, 10).total == 0
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
