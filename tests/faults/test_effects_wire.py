"""Every fault effect, through the wire on a real two-worker simulator."""

from __future__ import annotations

import time

import pytest
from lxml import etree

from faults.wire import Raw, Wire, post_soap, soap_request
from simulator.client import BackOfficeClient
from simulator.client.model import Line

pytestmark = pytest.mark.slow

GIA = {"operation": "GetInventoryAvailability"}


def _ok(raw: Raw) -> etree._Element:
    assert raw.error is None, raw.error
    assert raw.status == 200, raw.body[:300]
    return etree.fromstring(raw.body)


def _rule(wire: Wire, effect: dict[str, object], mode: dict[str, object] | None = None,
          match: dict[str, str] | None = None) -> dict[str, object]:
    return wire.rule({"match": match or GIA, "effect": effect, "mode": mode or {"type": "permanent"}})


def _timed(wire: Wire, request: tuple[bytes, dict[str, str]], timeout: float = 30) -> tuple[Raw, float]:
    started = time.perf_counter()
    raw = post_soap(wire, request, timeout)
    return raw, time.perf_counter() - started


def test_fixed_delay_holds_the_answer(wire: Wire, availability_request: tuple[bytes, dict[str, str]]) -> None:
    _rule(wire, {"type": "delay", "distribution": "fixed", "ms": 600})
    raw, took = _timed(wire, availability_request)
    _ok(raw)
    assert took >= 0.6
    assert wire.get("/_admin/journal?fault=delay")["total"] == 1


def test_uniform_and_lognormal_delays_stay_in_their_range(wire: Wire,
                                                          availability_request: tuple[bytes, dict[str, str]]) -> None:
    _rule(wire, {"type": "delay", "distribution": "uniform", "min_ms": 200, "max_ms": 400}, {"type": "once"})
    raw, took = _timed(wire, availability_request)
    _ok(raw)
    assert 0.2 <= took < 2.0
    _rule(wire, {"type": "delay", "distribution": "lognormal", "median_ms": 150, "sigma": 0.1}, {"type": "once"})
    raw, took = _timed(wire, availability_request)
    _ok(raw)
    assert 0.08 <= took < 2.0


def test_http_status_with_retry_after(wire: Wire, availability_request: tuple[bytes, dict[str, str]]) -> None:
    _rule(wire, {"type": "http_status", "status": 503, "retry_after": 7})
    raw = post_soap(wire, availability_request)
    assert raw.status == 503 and raw.headers is not None
    assert raw.headers.get("retry-after") == "7"


def test_soap_fault_with_the_given_code(wire: Wire, availability_request: tuple[bytes, dict[str, str]]) -> None:
    _rule(wire, {"type": "soap_fault", "code": "Server.Busy", "message": "try later"})
    raw = post_soap(wire, availability_request)
    assert raw.status == 500
    fault = etree.fromstring(raw.body)
    assert fault.findtext(".//faultcode") == "soapenv:Server.Busy"
    assert fault.findtext(".//faultstring") == "try later"


def test_business_error_is_a_proper_response_bod(wire: Wire, client: BackOfficeClient, part: str) -> None:
    _rule(wire, {"type": "business_error", "reason_code": "ERP.Down", "message": "ERP offline"})
    result = client.get_inventory_availability([part])
    assert [(e.reason_code, e.reason) for e in result.header.errors] == [("ERP.Down", "ERP offline")]
    assert not result.records


def test_business_error_on_a_reservation_keeps_the_order_id(wire: Wire, client: BackOfficeClient, part: str) -> None:
    _rule(wire, {"type": "business_error", "reason_code": "ERP.Locked"}, match={"operation": "ReserveInventory"})
    result = client.reserve_inventory("77001", [Line(part, 1)])
    assert [e.reason_code for e in result.header.errors] == ["ERP.Locked"]
    assert wire.get("/_admin/reservations")["total"] == 0


def test_connection_reset_before_processing_changes_nothing(wire: Wire, part: str) -> None:
    request = soap_request(wire, lambda c: c.reserve_inventory("77002", [Line(part, 2)]))
    _rule(wire, {"type": "connection_reset"}, match={"operation": "ReserveInventory"})
    raw = post_soap(wire, request)
    assert raw.error is not None
    assert wire.get("/_admin/reservations")["total"] == 0


def test_connection_reset_after_processing_commits(wire: Wire, part: str) -> None:
    request = soap_request(wire, lambda c: c.reserve_inventory("77003", [Line(part, 2)]))
    _rule(wire, {"type": "connection_reset", "after_processing": True}, match={"operation": "ReserveInventory"})
    raw = post_soap(wire, request)
    assert raw.error is not None
    assert wire.get("/_admin/reservations")["total"] == 1
    events = wire.get("/_admin/events?type=reservation.created")["items"]
    assert [e["subject"]["commerce_order_id"] for e in events] == ["77003"]


def test_empty_response(wire: Wire, availability_request: tuple[bytes, dict[str, str]]) -> None:
    _rule(wire, {"type": "empty_response"})
    raw = post_soap(wire, availability_request)
    assert raw.error is not None


def test_malformed_body_is_not_xml(wire: Wire, availability_request: tuple[bytes, dict[str, str]]) -> None:
    _rule(wire, {"type": "malformed_body"})
    raw = post_soap(wire, availability_request)
    assert raw.status == 200
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(raw.body)


def test_truncated_body(wire: Wire, availability_request: tuple[bytes, dict[str, str]]) -> None:
    whole = _ok(post_soap(wire, availability_request))
    _rule(wire, {"type": "truncated_body", "fraction": 0.5})
    raw = post_soap(wire, availability_request)
    assert raw.status == 200 and 0 < len(raw.body) < len(etree.tostring(whole))
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(raw.body)


def test_slow_dribble_delivers_the_whole_answer_slowly(wire: Wire,
                                                      availability_request: tuple[bytes, dict[str, str]]) -> None:
    _rule(wire, {"type": "dribble", "duration_ms": 800, "chunks": 4})
    raw, took = _timed(wire, availability_request)
    _ok(raw)
    assert took >= 0.75


def test_read_timeout_outlasts_commerce(wire: Wire, availability_request: tuple[bytes, dict[str, str]]) -> None:
    created = _rule(wire, {"type": "read_timeout"}, {"type": "once"})
    assert created["effect"] == {"type": "read_timeout", "seconds": 31.0}
    raw, took = _timed(wire, availability_request, timeout=1.5)
    assert isinstance(raw.error, TimeoutError)
    assert took < 5


def test_read_timeout_must_be_longer_than_thirty_seconds(wire: Wire) -> None:
    raw = wire.request("POST", "/_admin/faults", b'{"effect": {"type": "read_timeout", "seconds": 10}}',
                       {"Content-Type": "application/json"})
    assert raw.status == 400
    assert b"effect.read_timeout.seconds: Input should be greater than 30" in raw.body  # Commerce's read timeout
