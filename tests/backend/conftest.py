"""A small seeded world on the in-memory store, and helpers to find parts by their stock situation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from simulator.app import create_backend
from simulator.backend.clock import ManualClock
from simulator.backend.service import Backend
from simulator.config import Settings
from simulator.store.memory import MemoryStore

ANCHOR = datetime(2026, 11, 23, tzinfo=UTC)
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def backend(clock: ManualClock) -> Iterator[Backend]:
    settings = Settings(db=":memory:", seed=42, products=120, anchor=ANCHOR.isoformat())
    sim = create_backend(settings, MemoryStore(), clock)
    sim.ensure_seeded()
    yield sim


@pytest.fixture
def store_id(backend: Backend) -> str:
    return backend.inspect.locations().online_stores[0].store_id
