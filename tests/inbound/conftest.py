"""A seeded in-memory world pushing to a real reference receiver, with the OMS answers applied."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from simulator.app import create_backend
from simulator.backend.inbound import ChannelLine
from simulator.backend.service import Backend
from simulator.client.receiver import CommerceReceiver, ReceiverServer
from simulator.config import Settings
from simulator.domain.model import Buyer, Channel, Order
from simulator.push.dispatcher import Dispatcher
from simulator.push.oms import AnsweredDelivery
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


def settings_for(receiver: ReceiverServer, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "db": ":memory:", "seed": 42, "products": 120, "anchor": ANCHOR.isoformat(), "push_url": receiver.url,
        "push_backoff_ms": 10, "push_backoff_max_ms": 40, "push_max_attempts": 6, "push_timeout_ms": 2000,
        "lifecycle_release": "manual", **extra,
    }
    return Settings(**values)


def make_backend(settings: Settings) -> Backend:
    backend = create_backend(settings, MemoryStore())
    backend.clock.freeze(NOW)
    backend.ensure_seeded()
    return backend


def dispatcher_for(backend: Backend, settings: Settings) -> Dispatcher:
    target = push_target(settings)
    assert target is not None
    return Dispatcher(backend.outbox, AnsweredDelivery(Sender(target), backend.inbound), poll_seconds=0.02)


def drain(dispatcher: Dispatcher, rounds: int = 60) -> int:
    """Deliver until nothing is claimable (bounded); waits out short backoffs."""
    import time

    total = 0
    for _ in range(rounds):
        sent = dispatcher.run_once()
        total += sent
        if not sent:
            time.sleep(0.05)
            if not dispatcher.run_once():
                return total
    return total


def a_buyer(backend: Backend) -> Buyer:
    return backend.inspect.buyers(0, 1).items[0]


def store_id(backend: Backend) -> str:
    return backend.inspect.locations().online_stores[0].store_id


def stocked_parts(backend: Backend, count: int = 2) -> list[str]:
    from support.world import parts_with

    from simulator.domain.inventory import AvailabilityStatus

    return parts_with(backend, AvailabilityStatus.AVAILABLE, 30)[:count]


def phone_order(backend: Backend, parts: list[str], quantity: int = 2) -> Order:
    lines = [ChannelLine(part, quantity) for part in parts]
    return backend.inbound.place(store_id(backend), a_buyer(backend).logon_id, Channel.PHONE, lines)
