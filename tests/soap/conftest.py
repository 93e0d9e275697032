"""Fixtures the wire tests share; each module starts its own server as the `sim` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support import commerce as world
from support.commerce import Validated
from support.process import Simulator

from simulator.client import BackOfficeClient


@pytest.fixture(scope="module")
def validated() -> Validated:
    """Counts (and checks against the bundled XSD) every response BOD the module's client receives."""
    return Validated()


@pytest.fixture(scope="module")
def client(sim: Simulator, validated: Validated) -> Iterator[BackOfficeClient]:
    """The reference back-office client on the module's server; every answer must have been validated."""
    with world.client_for(sim, validated) as opened:
        yield opened
    assert validated.bods + validated.faults == sum(opened.calls.values()), "a response escaped validation"


@pytest.fixture
def clean(sim: Simulator) -> Simulator:
    """The module's server, back to the seeded world."""
    status, _ = sim.post("/_admin/reset")
    assert status == 200
    return sim
