"""Several worker processes with many threads reserving one scarce part never oversell it."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from support.world import online, parts_with

from simulator.app import create_backend
from simulator.backend.commands import PartRef, ReserveItem
from simulator.config import Settings
from simulator.domain.errors import InsufficientStock
from simulator.domain.inventory import AvailabilityStatus

PROCESSES = 2
THREADS = 8


def reserve_many(db: str, store_id: str, part: str, quantity: int, worker: int) -> list[int]:
    backend = create_backend(Settings(db=db))

    def one(n: int) -> int:
        item = ReserveItem("1", PartRef(part_number=part), quantity)
        try:
            backend.inventory.reserve(store_id, f"w{worker}-t{n}", [item], allow_partial=False)
        except InsufficientStock:
            return 0
        return quantity

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(one, range(THREADS)))


def test_concurrent_reservations_never_exceed_availability(tmp_path: Path) -> None:
    db = str(tmp_path / "race.db")
    backend = create_backend(Settings(db=db))
    backend.ensure_seeded()
    store_id = backend.inspect.locations().online_stores[0].store_id
    part = min(parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=6), key=lambda p: online(backend, p))
    available = online(backend, part)
    quantity = max(1, available // 6)

    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        results = pool.starmap(reserve_many, [(db, store_id, part, quantity, w) for w in range(PROCESSES)])

    reserved = sum(sum(r) for r in results)
    assert reserved <= available
    assert reserved == (available // quantity) * quantity
    assert online(backend, part) == available - reserved
    held = backend.inspect.reservations(0, 100)
    assert sum(c.quantity for r in held.items for c in r.chunks) == reserved
