"""The latency profile's back-office delay is the simulator's own delay fault, armed for a run and removed after."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from support.commerce import client_for, parts_where
from support.process import Simulator

from load import latency

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("latency") / "sim.db", workers=1) as running:
        yield running


def timed_call(sim: Simulator, part: str) -> float:
    client = client_for(sim)
    started = time.perf_counter()
    result = client.get_inventory_availability([part])
    elapsed = time.perf_counter() - started
    assert result.records, "the delayed call is still answered as usual"
    return elapsed


def test_armed_rule_delays_every_call_and_disarm_removes_it(sim: Simulator) -> None:
    part = parts_where(sim, lambda entry: True)[0]
    timed_call(sim, part)  # warm the worker
    rule_id = latency.arm(sim.url, median_ms=150, sigma=0.01)
    rules = sim.get("/_admin/faults")["items"]
    assert [rule["effect"]["type"] for rule in rules if rule["id"] == rule_id] == ["delay"]
    assert min(timed_call(sim, part) for _ in range(3)) >= 0.12
    latency.disarm(sim.url, rule_id)
    assert all(rule["id"] != rule_id for rule in sim.get("/_admin/faults")["items"])
    assert timed_call(sim, part) < 0.12
