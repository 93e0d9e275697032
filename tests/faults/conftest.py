"""One real simulator (two workers) for the fault tests; every test starts with no rules and an empty journal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.commerce import available, client_for, parts_where
from support.process import Simulator

from faults.wire import Wire, soap_request
from simulator.client import BackOfficeClient


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    """The simulator the fault tests share."""
    db: Path = tmp_path_factory.mktemp("faults") / "faults.db"
    with Simulator(db, workers=2, extra=("--products", "120", "--threads", "64")) as sim:
        yield sim


@pytest.fixture
def wire(running: Simulator) -> Iterator[Wire]:
    """A clean slate: world reset, no rules, empty journal and events."""
    wire = Wire(running)
    wire.admin("POST", "/_admin/reset")
    for path in ("/_admin/faults", "/_admin/journal", "/_admin/events"):
        wire.admin("DELETE", path)
    yield wire
    wire.admin("DELETE", "/_admin/faults")


@pytest.fixture
def client(wire: Wire) -> Iterator[BackOfficeClient]:
    """The reference back-office client on the shared simulator."""
    found = client_for(wire.sim, timeout=10)
    yield found
    found.close()


@pytest.fixture
def part(wire: Wire) -> str:
    """A part with plenty available."""
    return parts_where(wire.sim, available(minimum=20))[0]


@pytest.fixture
def availability_request(wire: Wire, part: str) -> tuple[bytes, dict[str, str]]:
    """A GetInventoryAvailability request for `part`, as the reference client sends it."""
    return soap_request(wire, lambda c: c.get_inventory_availability([part]))
