"""The domain scenarios by name, through the wire."""

from __future__ import annotations

from decimal import Decimal

import pytest
from support.commerce import buyers

from faults.wire import Wire, post_soap, soap_request
from simulator.client import BackOfficeClient, Buyer
from simulator.client.model import Line

pytestmark = pytest.mark.slow


def test_the_scenarios_are_listed(wire: Wire) -> None:
    names = [s["name"] for s in wire.get("/_admin/faults/scenarios")["items"]]
    assert names == ["reservation-response-lost", "price-changed-at-checkout", "batch-window",
                     "partial-availability"]


def test_reservation_committed_but_response_lost(wire: Wire, client: BackOfficeClient, part: str) -> None:
    wire.admin("POST", "/_admin/faults/scenarios/reservation-response-lost", {"part_number": part})
    request = soap_request(wire, lambda c: c.reserve_inventory("88001", [Line(part, 3)]))
    assert post_soap(wire, request).error is not None
    held = wire.get("/_admin/reservations")["items"]
    assert [r["order_id"] for r in held] == ["88001"]
    retried = client.reserve_inventory("88001", [Line(part, 3)])  # Commerce retries: the same order, no double hold
    assert not retried.header.errors
    assert wire.get("/_admin/reservations")["total"] == 1


def test_price_changed_between_browse_and_checkout(wire: Wire, client: BackOfficeClient, part: str) -> None:
    buyer: Buyer = buyers(wire.sim)[0]
    (browse,) = client.get_price_list(buyer.dn, [part]).entries
    wire.admin("POST", "/_admin/faults/scenarios/price-changed-at-checkout", {"part_number": part, "factor": "1.25"})
    client.reserve_inventory("88002", [Line(part, 1)], buyer=buyer)
    (checkout,) = client.get_price_list(buyer.dn, [part]).entries
    assert checkout.price == (browse.price * Decimal("1.25")).quantize(Decimal("0.01"))
    assert wire.get("/_admin/events?type=price.changed")["total"] >= 1


def test_batch_window_fails_every_call_for_its_clock_seconds(wire: Wire, client: BackOfficeClient,
                                                             part: str) -> None:
    availability = soap_request(wire, lambda c: c.get_inventory_availability([part]))
    wire.admin("POST", "/_admin/faults/scenarios/batch-window", {"seconds": 600})
    raw = post_soap(wire, availability)
    assert raw.status == 503 and raw.headers is not None and raw.headers.get("retry-after") == "600"
    assert b"Server.BatchWindow" in raw.body
    wire.admin("POST", "/_admin/clock/advance", {"seconds": 601})
    assert post_soap(wire, availability).status == 200


def test_partial_availability_at_checkout(wire: Wire, client: BackOfficeClient, part: str) -> None:
    wire.admin("POST", "/_admin/faults/scenarios/partial-availability", {"part_number": part, "available": 2})
    result = client.reserve_inventory("88003", [Line(part, 5)], allow_partial=True)
    allocated = sum(int(c.quantity) for c in result.chunks if str(c.status) == "Allocated")
    assert allocated == 2
    assert wire.get(f"/_admin/stock/{part}")["availability"]["quantity"] == 0


def test_unknown_scenario_and_bad_parameters(wire: Wire) -> None:
    assert wire.request("POST", "/_admin/faults/scenarios/nope").status == 404
    raw = wire.request("POST", "/_admin/faults/scenarios/batch-window", b"{}", {"Content-Type": "application/json"})
    assert raw.status == 400
