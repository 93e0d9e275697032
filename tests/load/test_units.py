"""The pieces of load/ that need no Locust run: shapes and the reporting transport."""

from __future__ import annotations

from typing import Any

import pytest

from load.reporting import LocustTransport, business_errors
from load.run import seconds
from load.stages import at, stages
from simulator.client import BackOfficeClient, HttpResponse
from simulator.client.transport import Transport


def test_shapes_peak_at_the_users_and_end_with_the_run() -> None:
    for shape in ("steady", "ramp", "spike"):
        plan = stages(shape, 20, 100)
        assert max(stage.users for stage in plan) == 20
        assert plan[-1].end == 100 and at(plan, 100) is None
    ramp = stages("ramp", 20, 100)
    assert at(ramp, 0).users == 2 and at(ramp, 90).users == 20  # type: ignore[union-attr]
    spike = stages("spike", 20, 100)
    assert [at(spike, t).users for t in (10, 50, 90)] == [5, 20, 5]  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        stages("sawtooth", 1, 1)


def test_durations() -> None:
    assert seconds("20s") == 20 and seconds("2m") == 120 and seconds("1h30m") == 5400 and seconds("7") == 7
    with pytest.raises(ValueError):
        seconds("soon")


class _Events:
    def __init__(self) -> None:
        self.fired: list[dict[str, Any]] = []

    def fire(self, **kwargs: Any) -> None:
        self.fired.append(kwargs)


class _Canned:
    def __init__(self, status: int, body: bytes) -> None:
        self.answer = HttpResponse(status, {"content-type": "text/xml; charset=utf-8"}, body)

    def post(self, url: str, body: bytes, headers: Any, timeout: float) -> HttpResponse:
        return self.answer


FAULT = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
         b"<faultcode>s:Client</faultcode><faultstring>bad</faultstring></s:Fault></s:Body></s:Envelope>")


def _client(inner: Transport) -> tuple[BackOfficeClient, _Events]:
    events = _Events()
    transport = LocustTransport(events, inner)
    client = BackOfficeClient("http://127.0.0.1:9", store_id="1", store_name="S", transport=transport,
                              on_exchange=transport.on_exchange)
    return client, events


def test_a_fault_is_reported_as_a_failure_under_its_operation() -> None:
    client, events = _client(_Canned(500, FAULT))
    with pytest.raises(Exception, match="SOAP Fault"):
        client.get_inventory_availability(["P1"])
    (fired,) = events.fired
    assert fired["request_type"] == "soap" and fired["name"] == "GetInventoryAvailability"
    assert fired["exception"] is not None and fired["response_length"] == len(FAULT)


def test_a_non_soap_answer_is_a_failure_named_by_its_service() -> None:
    client, events = _client(_Canned(404, b"<html/>"))
    with pytest.raises(Exception):  # noqa: B017 - whatever the client raises, Locust saw a failure
        client.get_inventory_availability(["P1"])
    assert events.fired[0]["name"] == "InventoryServices" and events.fired[0]["exception"] is not None


def test_business_errors_are_read_from_change_status() -> None:
    from lxml import etree

    bod = etree.fromstring(
        b'<AcknowledgeInventoryRequirement xmlns="urn:x" xmlns:oa="http://www.openapplications.org/oagis/9">'
        b"<oa:DataArea><oa:Acknowledge><oa:ResponseCriteria><oa:ChangeStatus><oa:Code>Error</oa:Code>"
        b"<oa:ReasonCode>InsufficientStock</oa:ReasonCode><oa:Reason>short</oa:Reason></oa:ChangeStatus>"
        b"</oa:ResponseCriteria></oa:Acknowledge></oa:DataArea></AcknowledgeInventoryRequirement>")
    (error,) = business_errors(bod)
    assert error.reason_code == "InsufficientStock" and error.reason == "short"
