"""Every served WSDL: fetchable at ?wsdl, document/literal SOAP 1.1, schemas reachable, loadable by zeep."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
import zeep
from lxml import etree

from conformance.services import SERVICE_OPERATIONS
from conformance.target import Target

WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
XSD = "http://www.w3.org/2001/XMLSchema"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def fetch_xml(target: Target, url: str) -> etree._Element:
    response = target.get(url)
    assert response.status == 200, f"GET {url}: HTTP {response.status}"
    return etree.fromstring(response.body, _PARSER)


@pytest.mark.parametrize("service", sorted(SERVICE_OPERATIONS))
def test_wsdl_is_served_as_document_literal_soap11(target: Target, service: str) -> None:
    wsdl = fetch_xml(target, target.wsdl_url(service))
    assert wsdl.tag == f"{{{WSDL}}}definitions"
    operations = {op.get("name") for op in wsdl.iterfind(f"{{{WSDL}}}portType/{{{WSDL}}}operation")}
    assert operations >= SERVICE_OPERATIONS[service]
    binding = wsdl.find(f"{{{WSDL}}}binding/{{{WSDL_SOAP}}}binding")
    assert binding is not None, "no SOAP 1.1 binding"
    assert binding.get("style") == "document"
    assert binding.get("transport") == "http://schemas.xmlsoap.org/soap/http"
    uses = {body.get("use") for body in wsdl.iter(f"{{{WSDL_SOAP}}}body")}
    assert uses == {"literal"}
    assert wsdl.find(f".//{{{WSDL}}}port/{{{WSDL_SOAP}}}address") is not None, "no soap:address"


@pytest.mark.parametrize("service", sorted(SERVICE_OPERATIONS))
def test_every_schema_the_wsdl_imports_is_served(target: Target, service: str) -> None:
    url = target.wsdl_url(service)
    pending, seen = [(url, fetch_xml(target, url))], {url}
    while pending:
        base, document = pending.pop()
        for element in document.iter(f"{{{XSD}}}import", f"{{{XSD}}}include"):
            location = element.get("schemaLocation")
            if location and (absolute := urljoin(base, location)) not in seen:
                seen.add(absolute)
                schema = fetch_xml(target, absolute)
                assert schema.tag == f"{{{XSD}}}schema", f"{absolute} is not an XML Schema"
                pending.append((absolute, schema))
    assert len(seen) > 1, "the WSDL imports no schema"


@pytest.mark.parametrize("service", sorted(SERVICE_OPERATIONS))
def test_zeep_loads_the_served_wsdl(target: Target, service: str) -> None:
    client = zeep.Client(target.wsdl_url(service))
    operations = {name for svc in client.wsdl.services.values() for port in svc.ports.values()
                  for name in port.binding._operations}
    assert operations >= SERVICE_OPERATIONS[service]
