"""Rule modes (permanent, once, next N, seeded probability) and rules shared by every worker, through the wire."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from faults.wire import Wire, post_soap

pytestmark = pytest.mark.slow

FAULT = {"type": "soap_fault", "code": "Server.Busy"}
GIA = {"operation": "GetInventoryAvailability"}
Request = tuple[bytes, dict[str, str]]


def _pattern(wire: Wire, request: Request, calls: int) -> list[int]:
    return [post_soap(wire, request).status for _ in range(calls)]


def test_permanent_hits_every_call(wire: Wire, availability_request: Request) -> None:
    wire.rule({"match": GIA, "effect": FAULT})
    assert _pattern(wire, availability_request, 4) == [500] * 4


def test_once_hits_one_call(wire: Wire, availability_request: Request) -> None:
    rule = wire.rule({"match": GIA, "effect": FAULT, "mode": {"type": "once"}})
    assert _pattern(wire, availability_request, 3) == [500, 200, 200]
    assert wire.get(f"/_admin/faults/{rule['id']}") | {"created": ""} == rule | {
        "remaining": 0, "draws": 1, "applied": 1, "created": ""}


def test_next_n_hits_n_calls_across_workers(wire: Wire, availability_request: Request) -> None:
    wire.rule({"match": GIA, "effect": FAULT, "mode": {"type": "times", "count": 5}})
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: post_soap(wire, availability_request).status, range(12)))
    assert sorted(statuses) == [200] * 7 + [500] * 5


def test_same_seed_same_sequence(wire: Wire, availability_request: Request) -> None:
    mode = {"type": "probability", "probability": 0.5, "seed": 1234}
    wire.rule({"match": GIA, "effect": FAULT, "mode": mode})
    first = _pattern(wire, availability_request, 16)
    wire.admin("DELETE", "/_admin/faults")
    wire.rule({"match": GIA, "effect": FAULT, "mode": mode})
    assert _pattern(wire, availability_request, 16) == first
    assert 0 < first.count(500) < 16
    wire.admin("DELETE", "/_admin/faults")
    wire.rule({"match": GIA, "effect": FAULT, "mode": {**mode, "seed": 99}})
    assert _pattern(wire, availability_request, 16) != first


def test_rules_match_on_part_store_organization_and_action_code(wire: Wire, availability_request: Request,
                                                                part: str) -> None:
    wire.rule({"match": {**GIA, "part_number": "NO-SUCH-PART"}, "effect": FAULT})
    wire.rule({"match": {"organization": "o=nobody"}, "effect": FAULT})
    wire.rule({"match": {"store": "no-store"}, "effect": FAULT})
    wire.rule({"match": {"action_code": "ReserveInventory"}, "effect": FAULT})
    wire.rule({"match": {"service": "PriceServices"}, "effect": FAULT})
    assert post_soap(wire, availability_request).status == 200
    store = wire.get("/_admin/stores")["online_stores"][0]["store_id"]
    wire.rule({"match": {"service": "InventoryServices", "action_code": "IBM_Store_Details", "part_number": part,
                         "store": store}, "effect": FAULT})
    assert post_soap(wire, availability_request).status == 500


def test_delays_never_hold_a_worker_hostage(wire: Wire, availability_request: Request, part: str) -> None:
    wire.rule({"match": {**GIA, "part_number": part}, "effect": {"type": "delay", "ms": 3000}})
    fast_request = (availability_request[0].replace(part.encode(), b"NO-SUCH-PART"), availability_request[1])
    with ThreadPoolExecutor(40) as pool:
        slow = [pool.submit(post_soap, wire, availability_request) for _ in range(30)]
        time.sleep(0.3)  # every delayed request is now asleep in the server
        started = time.perf_counter()
        fast = [pool.submit(post_soap, wire, fast_request) for _ in range(10)]
        assert all(f.result().status == 200 for f in fast)
        undelayed = time.perf_counter() - started
        assert all(s.result().status == 200 for s in slow)
    assert undelayed < 1.5, f"10 undelayed calls took {undelayed:.2f} s behind 30 delayed ones"
