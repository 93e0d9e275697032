"""A small seeded world shared by the seed tests (building it is deterministic and side-effect free)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulator.seed import World, build_world

ANCHOR = datetime(2026, 11, 23, tzinfo=UTC)
PRODUCTS = 400


@pytest.fixture(scope="package")
def anchor() -> datetime:
    return ANCHOR


@pytest.fixture(scope="package")
def world() -> World:
    return build_world(42, PRODUCTS, ANCHOR)
