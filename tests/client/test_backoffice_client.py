"""The reference client against the in-process WSGI app: requests as Commerce builds them, faults, counters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from simulator.app import Simulator, create_app
from simulator.bod import schema
from simulator.bod.envelope import SoapVersion, unwrap
from simulator.bod.messages import OrderDocument
from simulator.bod.namespaces import SOAP11, SOAP12, WSSE
from simulator.client import (
    BackOfficeClient,
    BusinessFault,
    Buyer,
    HttpResponse,
    Line,
    Order,
    ProtocolError,
    Quote,
    SoapFault,
    WsgiTransport,
)
from simulator.client.soap import PASSWORD_TEXT
from simulator.config import Settings

BASE = "http://backoffice.test"


@dataclass(frozen=True, slots=True)
class Sent:
    """One request the client posted."""

    url: str
    headers: Mapping[str, str]
    body: bytes

    @property
    def envelope(self) -> etree._Element:
        return etree.fromstring(self.body)

    @property
    def bod(self) -> etree._Element:
        return unwrap(self.envelope).bod


@dataclass
class Recording:
    """A transport that records each request and forwards it to another transport."""

    inner: WsgiTransport
    sent: list[Sent] = field(default_factory=list)

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> HttpResponse:
        self.sent.append(Sent(url, dict(headers), body))
        return self.inner.post(url, body, headers, timeout)


@dataclass
class Canned:
    """A transport that answers every request with the same response."""

    response: HttpResponse

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> HttpResponse:
        return self.response


@pytest.fixture(scope="module")
def app() -> Simulator:
    return create_app(Settings(db=":memory:", products=200, anchor="2026-11-23"))


@pytest.fixture(scope="module")
def store(app: Simulator) -> tuple[str, str]:
    online = app.backend.inspect.locations().online_stores[0]
    return online.store_id, online.identifier


@pytest.fixture(scope="module")
def buyer(app: Simulator) -> Buyer:
    found = app.backend.inspect.buyers(0, 1).items[0]
    return Buyer(found.logon_id, found.dn, found.org_dn)


@pytest.fixture(scope="module")
def part(app: Simulator) -> str:
    return app.backend.inspect.catalog(0, 1).items[0].part_number


def client_on(app: Simulator, store: tuple[str, str], **options: Any) -> tuple[BackOfficeClient, Recording]:
    recording = Recording(WsgiTransport(app))
    client = BackOfficeClient(BASE, store_id=store[0], store_name=store[1], transport=recording, **options)
    return client, recording


def every_operation(client: BackOfficeClient, buyer: Buyer, part: str) -> None:
    order = Order("5000001", buyer, (Line(part, 2, unit_price=Decimal("10.00")),))
    client.get_inventory_availability([part], physical_stores=["PS-001"])
    client.reserve_inventory(order.order_id, order.lines, allow_partial=True, buyer=buyer)
    client.check_inventory(order.order_id, order.lines)
    client.cancel_inventory_reservation(order.order_id)
    client.get_price_list(buyer.dn, [part, (part, 10)])
    client.calculate_order(order)
    acknowledged = client.transfer_order(order)
    client.transfer_order(order, action="Transfer")
    client.get_orders(buyer.dn, max_items=5)
    client.get_order_history(buyer.logon_id, after="EXT-ORD-000001", max_items=5)
    client.get_order_details((acknowledged.order and acknowledged.order.external_order_id) or "")
    submitted = client.submit_quote(Quote("5000002", order, datetime(2027, 1, 31, tzinfo=UTC)))
    client.get_quotes(buyer.dn, ("M",))
    client.get_quote_details((submitted.quote and submitted.quote.external_quote_id) or "")


def test_every_request_is_a_schema_valid_soap11_bod_posted_to_its_service(
    app: Simulator, store: tuple[str, str], buyer: Buyer, part: str
) -> None:
    client, recording = client_on(app, store)
    every_operation(client, buyer, part)
    assert len(recording.sent) == 14
    services = {"ProcessInventoryRequirement": "Inventory", "GetInventoryAvailability": "Inventory",
                "GetPriceList": "Price", "ProcessOrder": "Order", "GetOrder": "Order", "ProcessQuote": "Order",
                "GetQuote": "Order"}
    for sent in recording.sent:
        schema.validate(sent.bod)
        assert sent.envelope.tag == f"{{{SOAP11}}}Envelope"
        service = services[etree.QName(sent.bod).localname]
        assert sent.url == f"{BASE}/services/{service}Services"
        assert sent.headers["SOAPAction"] == f'"http://localhost/services/{service}Services.wsdl"'
        assert sent.headers["Content-Type"].startswith("text/xml")
        assert sent.envelope.find(f"{{{SOAP11}}}Header") is None


def test_the_application_area_carries_a_new_bodid_a_timestamp_and_the_business_context(
    app: Simulator, store: tuple[str, str], buyer: Buyer, part: str
) -> None:
    client, recording = client_on(app, store, catalog_id="10552")
    client.get_inventory_availability([part])
    client.get_inventory_availability([part])
    client.get_price_list(buyer.dn, [part])
    areas = [sent.bod.find("{*}ApplicationArea") for sent in recording.sent]
    assert all(area is not None for area in areas)
    stamps = [area.findtext("{*}CreationDateTime") or "" for area in areas if area is not None]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp) for stamp in stamps)
    bod_ids = [area.findtext("{*}BODID") for area in areas if area is not None]
    assert len(set(bod_ids)) == 3
    context = [
        {data.get("name"): data.text for data in area.iterfind("{*}BusinessContext/{*}ContextData")}
        for area in areas if area is not None
    ]
    assert context[0] == {"storeId": store[0], "langId": "-1", "catalogId": "10552", "currency": "USD",
                          "locale": "en_US", "partialAuthentication": "false"}
    assert context[2] == {"storeIdentifier": store[1], "forUser": buyer.dn, "storeId": store[0]}


def test_the_clock_and_bodids_can_be_injected(app: Simulator, store: tuple[str, str], part: str) -> None:
    moment = datetime(2026, 11, 23, 10, 15, 30, 123456, tzinfo=UTC)
    client, recording = client_on(app, store, clock=lambda: moment, bod_ids=lambda: "bod-1")
    result = client.get_inventory_availability([part])
    assert b"<oa:CreationDateTime>2026-11-23T10:15:30.123Z</oa:CreationDateTime>" in recording.sent[0].body
    assert result.header.original is not None and result.header.original.bod_id == "bod-1"


def test_a_username_makes_a_ws_security_username_token(app: Simulator, store: tuple[str, str], part: str) -> None:
    client, recording = client_on(app, store, username="wcsadmin", password="passw0rd")
    assert client.get_inventory_availability([part]).records
    security = recording.sent[0].envelope.find(f"{{{SOAP11}}}Header/{{{WSSE}}}Security")
    assert security is not None and security.get(f"{{{SOAP11}}}mustUnderstand") == "1"
    assert security.findtext(f"{{{WSSE}}}UsernameToken/{{{WSSE}}}Username") == "wcsadmin"
    password = security.find(f"{{{WSSE}}}UsernameToken/{{{WSSE}}}Password")
    assert password is not None and password.text == "passw0rd" and password.get("Type") == PASSWORD_TEXT


def test_soap12_requests_use_the_soap12_envelope_and_content_type(
    app: Simulator, store: tuple[str, str], part: str
) -> None:
    client, recording = client_on(app, store, soap_version=SoapVersion.SOAP12)
    assert client.get_inventory_availability([part]).records
    sent = recording.sent[0]
    assert sent.envelope.tag == f"{{{SOAP12}}}Envelope" and "SOAPAction" not in sent.headers
    assert sent.headers["Content-Type"].startswith("application/soap+xml")
    assert 'action="http://localhost/services/InventoryServices.wsdl"' in sent.headers["Content-Type"]


def test_calls_are_counted_per_operation(app: Simulator, store: tuple[str, str], buyer: Buyer, part: str) -> None:
    client, _ = client_on(app, store)
    every_operation(client, buyer, part)
    client.get_inventory_availability([part])
    assert client.calls == {
        "GetInventoryAvailability": 2, "ReserveInventory": 1, "CheckInventory": 1, "CancelInventoryReservation": 1,
        "GetPriceList": 1, "CalculateOrder": 1, "TransferOrder": 2, "GetOrderSummary": 2, "GetOrderDetails": 1,
        "SubmitQuote": 1, "GetQuoteSummary": 1, "GetQuoteDetails": 1,
    }


@pytest.mark.parametrize("version", [SoapVersion.SOAP11, SoapVersion.SOAP12])
def test_a_fault_raises_soap_fault_and_is_still_counted(
    app: Simulator, store: tuple[str, str], version: SoapVersion
) -> None:
    client, _ = client_on(app, store, soap_version=version)
    with pytest.raises(SoapFault) as raised:
        client.transfer_order(OrderDocument())
    assert raised.value.code == "Client.InvalidMessage" and raised.value.http_status == 500
    assert "order id" in raised.value.message
    assert client.calls["TransferOrder"] == 1


def test_business_errors_are_returned_or_raised_on_request(app: Simulator, store: tuple[str, str]) -> None:
    lenient, _ = client_on(app, store)
    result = lenient.get_inventory_availability(["NO-SUCH-PART"])
    assert [e.reason_code for e in result.header.errors] == ["UnknownPart"]
    strict, _ = client_on(app, store, raise_business_errors=True)
    with pytest.raises(BusinessFault) as raised:
        strict.get_inventory_availability(["NO-SUCH-PART"])
    assert raised.value.reason_code == "UnknownPart" and raised.value.errors == result.header.errors


def test_an_answer_that_is_no_soap_is_a_protocol_error(store: tuple[str, str]) -> None:
    page = HttpResponse(502, {"content-type": "text/html"}, b"<html><body>Bad gateway</body></html>")
    client = BackOfficeClient(BASE, store_id=store[0], store_name=store[1], transport=Canned(page))
    with pytest.raises(ProtocolError) as raised:
        client.get_inventory_availability(["P1"])
    assert raised.value.http_status == 502
    garbage = BackOfficeClient(BASE, store_id="1", store_name="S", transport=Canned(HttpResponse(200, {}, b"not xml")))
    with pytest.raises(ProtocolError):
        garbage.get_price_list("uid=x", ["P1"])
