"""The bundled WSDLs: well-formed, document/literal SOAP 1.1, imports rewritable, loadable by zeep."""

from __future__ import annotations

import pytest
import zeep
from lxml import etree

from conformance.services import SERVICE_OPERATIONS
from simulator.bod import wsdl
from simulator.bod.errors import UnsupportedOperation

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/"


@pytest.mark.parametrize("service", wsdl.SERVICES)
def test_wsdl_is_document_literal_soap11(service: str) -> None:
    root = etree.fromstring(wsdl.wsdl_text(service).encode())
    assert root.find(f".//{{{SOAP_NS}}}binding").get("style") == "document"
    assert {body.get("use") for body in root.iter(f"{{{SOAP_NS}}}body")} == {"literal"}
    for message in root.iter(f"{{{WSDL_NS}}}message"):
        assert len(message.findall(f"{{{WSDL_NS}}}part")) == 1


def test_rewrites_imports_and_address() -> None:
    text = wsdl.wsdl_text("OrderServices", "http://sim:8080/xsd", "http://sim:8080/OrderServices")
    assert 'schemaLocation="http://sim:8080/xsd/order.xsd"' in text
    assert 'location="http://sim:8080/OrderServices"' in text
    assert 'schemaLocation="http://sim:8080/xsd/oagis.xsd"' in wsdl.schema_text("order.xsd", "http://sim:8080/xsd/")


def test_unknown_names() -> None:
    with pytest.raises(UnsupportedOperation):
        wsdl.wsdl_text("PaymentServices")
    with pytest.raises(UnsupportedOperation):
        wsdl.schema_text("../secret.xsd")




def test_every_service_has_its_expected_operations() -> None:
    assert set(SERVICE_OPERATIONS) == set(wsdl.SERVICES)


@pytest.mark.parametrize("service", wsdl.SERVICES)
def test_zeep_loads_the_wsdl_with_its_operations(service: str) -> None:
    client = zeep.Client(str(wsdl.WSDL_DIR / f"{service}.wsdl"))
    operations = client.wsdl.services[service].ports[f"{service}Port"].binding._operations
    assert set(operations) == SERVICE_OPERATIONS[service]
