"""The `store` fixture: each contract test runs against the in-memory store, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.pg import fresh_schema

from simulator.store.memory import MemoryStore
from simulator.store.pg import PgStore
from simulator.store.sqlite import SqliteStore
from store.builders import AnyStore


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnyStore]:
    """Each contract test runs against every store (PostgreSQL in a schema of its own, dropped after)."""
    if request.param == "postgres":
        with fresh_schema("store") as url:
            pg = PgStore(url)
            yield pg
            pg.close()
        return
    opened: AnyStore = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "store.db")
    yield opened
    opened.close()
