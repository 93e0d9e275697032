"""Two backends on one PostgreSQL schema, in one process: what each host sees of the other's work, without HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.pg import fresh_schema
from support.world import online, parts_with

from simulator.app import create_backend, tenant_db
from simulator.backend.commands import BuyerRef, DraftLine, OrderDraft, PartRef, ReserveItem
from simulator.backend.service import Backend
from simulator.backend.snapshots import SnapshotService
from simulator.config import Settings
from simulator.domain.errors import NotFound
from simulator.domain.inventory import AvailabilityStatus
from simulator.store.pg_url import PgTarget

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture
def hosts() -> Iterator[tuple[Backend, Backend, str]]:
    with fresh_schema("backends") as url:
        settings = Settings(db=url, products=30, push_url="http://127.0.0.1:9/unused")
        first, second = create_backend(settings), create_backend(settings)
        first.ensure_seeded()
        assert not second.ensure_seeded()
        yield first, second, url
        first.deps.store.close()
        second.deps.store.close()


def store_of(backend: Backend) -> str:
    return backend.inspect.locations().online_stores[0].store_id


def place(backend: Backend, part: str, order_id: str) -> str:
    buyer = backend.inspect.buyers(0, 1).items[0]
    lines = (DraftLine(f"{order_id}1", PartRef(part_number=part), 1),)
    draft = OrderDraft(order_id, store_of(backend), BuyerRef(logon_id=buyer.logon_id), "USD", lines)
    return backend.orders.transfer(draft).order.external_order_id


def test_a_reservation_on_one_host_empties_the_others_memo(hosts: tuple[Backend, Backend, str]) -> None:
    first, second, _ = hosts
    part = parts_with(first, AvailabilityStatus.AVAILABLE, minimum=5)[0]
    before = online(second, part)
    assert online(second, part) == before  # now memoized in the second host
    first.inventory.reserve(store_of(first), "M1", [ReserveItem("1", PartRef(part_number=part), 3)], False)
    assert online(second, part) == before - 3


def test_the_clock_is_shared(hosts: tuple[Backend, Backend, str]) -> None:
    first, second, _ = hosts
    assert second.clock.read().now != NOW
    first.clock.freeze(NOW)
    assert second.deps.clock.now() == NOW
    second.clock.advance(60)
    assert first.deps.clock.now() == NOW + timedelta(seconds=60)


def test_each_due_step_is_taken_by_one_host(hosts: tuple[Backend, Backend, str]) -> None:
    first, second, _ = hosts
    first.clock.freeze(NOW)
    part = parts_with(first, AvailabilityStatus.AVAILABLE, minimum=5)[0]
    externals = [place(first if n % 2 else second, part, f"90{n}") for n in range(6)]
    later = NOW + timedelta(days=3)
    with first.deps.store.read() as session:
        due = len(session.due_timers(later, 10_000))
    assert due >= len(externals)
    with ThreadPoolExecutor(2) as pool:
        fired = list(pool.map(lambda b: b.lifecycle.advance_due(later).fired, [first, second]))
    assert sum(fired) >= due
    assert first.lifecycle.advance_due(later).fired == 0 and second.lifecycle.advance_due(later).fired == 0


def test_each_push_is_claimed_by_one_host(hosts: tuple[Backend, Backend, str]) -> None:
    first, second, _ = hosts
    parts = parts_with(first, AvailabilityStatus.AVAILABLE)[:10]
    queued = {r.push_id for r in first.outbox.push_inventory(parts)}
    with ThreadPoolExecutor(4) as pool:
        claims = list(pool.map(lambda b: b.outbox.claim(3, timedelta(seconds=30)), [first, second] * 4))
    taken = [r.push_id for batch in claims for r in batch]
    assert len(taken) == len(set(taken)), "no push claimed twice"
    assert set(taken) <= queued and len(taken) == min(len(queued), 24)


def test_reset_and_snapshots_through_one_host_are_seen_by_the_other(hosts: tuple[Backend, Backend, str]) -> None:
    first, second, _ = hosts
    part = parts_with(first, AvailabilityStatus.AVAILABLE, minimum=5)[0]
    snapshot = SnapshotService(first.deps).export()
    external = place(first, part, "9901")
    assert second.orders.get(external).external_order_id == external
    SnapshotService(second.deps).restore(snapshot)
    with pytest.raises(NotFound):
        first.orders.get(external)
    assert SnapshotService(first.deps).export() == snapshot
    external = place(second, part, "9902")
    first.reset()
    with pytest.raises(NotFound):
        second.orders.get(external)


def test_a_tenant_is_a_schema_of_its_own(hosts: tuple[Backend, Backend, str]) -> None:
    first, _, url = hosts
    tenant_url = tenant_db(url, "acme")
    assert PgTarget.parse(tenant_url).schema == PgTarget.parse(url).schema + "_tenant_acme"
    tenant = create_backend(Settings(db=tenant_url, products=30))
    try:
        tenant.ensure_seeded()
        part = parts_with(first, AvailabilityStatus.AVAILABLE, minimum=5)[0]
        external = place(tenant, part, "9903")
        assert tenant.orders.get(external).external_order_id == external
        with pytest.raises(NotFound):
            first.orders.get(external)
    finally:
        tenant.deps.store.close()


def test_a_sqlite_snapshot_restores_on_postgresql(hosts: tuple[Backend, Backend, str], tmp_path: Path) -> None:
    first, _, _ = hosts
    lite = create_backend(Settings(db=str(tmp_path / "lite.db"), products=30))
    try:
        lite.ensure_seeded()
        document = SnapshotService(lite.deps).export()
        SnapshotService(first.deps).restore(document)
        assert SnapshotService(first.deps).export() == document
    finally:
        lite.deps.store.close()
