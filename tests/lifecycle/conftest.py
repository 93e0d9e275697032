"""A small seeded world on the in-memory store, a frozen shared clock, and a real HTTP receiver for pushes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from simulator.app import create_backend
from simulator.backend.commands import BuyerRef, DraftLine, OrderDraft, PartRef
from simulator.backend.service import Backend
from simulator.client.receiver import CommerceReceiver, ReceiverServer
from simulator.config import Settings
from simulator.domain.model import Buyer, Order
from simulator.push.dispatcher import Dispatcher
from simulator.push.runner import push_target
from simulator.push.sender import Sender
from simulator.store.memory import MemoryStore

ANCHOR = datetime(2026, 11, 23, tzinfo=UTC)
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture
def receiver() -> Iterator[ReceiverServer]:
    server = ReceiverServer(CommerceReceiver()).start()
    yield server
    server.stop()


def settings_for(receiver: ReceiverServer | None, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "db": ":memory:", "seed": 42, "products": 120, "anchor": ANCHOR.isoformat(),
        "push_backoff_ms": 10, "push_backoff_max_ms": 40, "push_max_attempts": 4, "push_timeout_ms": 2000,
    }
    if receiver is not None:
        values["push_url"] = receiver.url
    values.update(extra)
    return Settings(**values)


def make_backend(settings: Settings) -> Backend:
    backend = create_backend(settings, MemoryStore())
    backend.clock.freeze(NOW)
    backend.ensure_seeded()
    return backend


@pytest.fixture
def backend(receiver: ReceiverServer) -> Backend:
    return make_backend(settings_for(receiver))


@pytest.fixture
def quiet_backend() -> Backend:
    """Pushes off."""
    return make_backend(settings_for(None))


def dispatcher_for(backend: Backend, settings: Settings) -> Dispatcher:
    target = push_target(settings)
    assert target is not None
    return Dispatcher(backend.outbox, Sender(target), poll_seconds=0.02)


@pytest.fixture
def dispatcher(backend: Backend, receiver: ReceiverServer) -> Dispatcher:
    return dispatcher_for(backend, settings_for(receiver))


def drain(dispatcher: Dispatcher, rounds: int = 50) -> int:
    """Deliver until nothing is claimable (bounded)."""
    total = 0
    for _ in range(rounds):
        sent = dispatcher.run_once()
        if not sent:
            return total
        total += sent
    return total


def store_id(backend: Backend) -> str:
    return backend.inspect.locations().online_stores[0].store_id


def a_buyer(backend: Backend) -> Buyer:
    return backend.inspect.buyers(0, 1).items[0]


def well_stocked(backend: Backend, minimum: int = 30) -> list[str]:
    from support.world import parts_with

    from simulator.domain.inventory import AvailabilityStatus

    return parts_with(backend, AvailabilityStatus.AVAILABLE, minimum)


def place(backend: Backend, parts: list[str], order_id: str = "7001", quantity: int = 2) -> Order:
    lines = tuple(DraftLine(f"{order_id}{i}", PartRef(part_number=p), quantity) for i, p in enumerate(parts))
    draft = OrderDraft(order_id, store_id(backend), BuyerRef(logon_id=a_buyer(backend).logon_id), "USD", lines)
    return backend.orders.transfer(draft).order
