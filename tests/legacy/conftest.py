"""A seeded in-memory world with legacy messaging on, and notifications built from its buyers and stocked parts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lifecycle.conftest import ANCHOR, make_backend
from support.world import parts_with

from simulator.backend.service import Backend
from simulator.config import Settings
from simulator.domain.inventory import AvailabilityStatus
from simulator.legacy.model import Notification, NotificationLine
from simulator.messaging.inbound import InboundOptions


def legacy_settings(outbox: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "db": ":memory:", "seed": 42, "products": 120, "anchor": ANCHOR.isoformat(),
        "messaging_outbox_dir": str(outbox), "push_backoff_ms": 10, "push_backoff_max_ms": 40,
        "push_max_attempts": 3, "push_timeout_ms": 2000,
    }
    values.update(extra)
    return Settings(**values)


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def backend(outbox: Path) -> Backend:
    return make_backend(legacy_settings(outbox))


@pytest.fixture
def options() -> InboundOptions:
    return InboundOptions(strict=True)


def stocked(backend: Backend, minimum: int = 30) -> list[str]:
    return parts_with(backend, AvailabilityStatus.AVAILABLE, minimum)


def notification(backend: Backend, order_id: str = "18001", quantity: int = 2, parts: int = 2) -> Notification:
    """An order as Commerce would notify it, for the seeded store, a seeded buyer and well-stocked parts."""
    store_id = backend.inspect.locations().online_stores[0].store_id
    buyer = backend.inspect.buyers(0, 1).items[0]
    lines = tuple(
        NotificationLine(f"{order_id}{index}", part, Decimal(quantity), Decimal("24.99"), "USD", index,
                         f"Part {part} & co")
        for index, part in enumerate(stocked(backend)[:parts])
    )
    return Notification(
        order_id=order_id, currency="USD", lines=lines, placed=datetime(2026, 11, 23, 9, 0, 5),
        total_net=Decimal("49.98"), total_tax=Decimal("4.95"), total_shipping=Decimal("7.50"), status="M",
        store_id=store_id, member_id="3001", logon_id=buyer.logon_id,
    )
