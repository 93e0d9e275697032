"""Order and quote operations go through Spyne's OrderServices, in SOAP 1.1 and 1.2, with Spyne's faults."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lxml import etree
from werkzeug.test import Client

from simulator.app import create_app
from simulator.bod import samples
from simulator.bod.namespaces import ORD, SOAP11, SOAP12
from simulator.config import Settings
from simulator.soap import spyne_services


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    yield Client(create_app(Settings(db=":memory:", products=60, anchor="2026-11-23")))


def soap12(body: bytes) -> bytes:
    return body.replace(SOAP11.encode(), SOAP12.encode())


def test_get_order_is_answered_by_spyne_in_the_request_soap_version(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered: list[str] = []
    original = spyne_services._answer

    def spy(ctx: object) -> etree._Element:
        answer = original(ctx)
        answered.append(etree.QName(answer).localname)
        return answer

    monkeypatch.setattr(spyne_services, "_answer", spy)
    for body, envelope, content_type in [
        (samples.load("GetOrder_oqc_list.xml"), SOAP11, "text/xml"),
        (soap12(samples.load("GetOrder_oqc_list.xml")), SOAP12, "application/soap+xml"),
    ]:
        response = client.post("/services/OrderServices", data=body, content_type=content_type)
        assert response.status_code == 200
        root = etree.fromstring(response.data)
        assert root.tag == f"{{{envelope}}}Envelope"
        assert root[0][0].tag == f"{{{ORD}}}ShowOrder"
        assert response.headers["Content-Type"].startswith(content_type)
    assert answered == ["ShowOrder", "ShowOrder"]


def test_a_codec_error_inside_an_order_operation_is_a_spyne_fault(client: Client) -> None:
    body = samples.load("GetOrder_oqc_list.xml").replace(b'maxItems="', b'maxItems="99999999999999999999999')
    response = client.post("/services/OrderServices", data=body, content_type="text/xml")
    assert response.status_code == 500
    fault = etree.fromstring(response.data).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
    assert fault is not None
    assert fault.findtext("faultcode") == "soap11env:Client.InvalidMessage"
    assert fault.find("faultactor") is not None, "Spyne writes faultactor; the lean path does not"
    assert "maxItems" in (fault.findtext("faultstring") or "")
