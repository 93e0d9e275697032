"""The `store` fixture: each contract test runs against the in-memory store and the SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.store.memory import MemoryStore
from simulator.store.sqlite import SqliteStore
from store.builders import AnyStore


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnyStore]:
    """Each contract test runs against both stores."""
    opened: AnyStore = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "store.db")
    yield opened
    opened.close()
