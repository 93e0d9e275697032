"""A gen-B client for a running simulator whose every response BOD is validated against the bundled XSD."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from simulator.bod import schema, xmlsafe
from simulator.bod.envelope import unwrap
from simulator.bod.namespaces import SOAP11
from simulator.client.genb import GenBClient
from simulator.client.transport import HttpResponse, HttpTransport

FAULT = f"{{{SOAP11}}}Fault"


@dataclass
class ValidatingTransport:
    """HTTP, plus: every answered BOD must validate; records the roots answered and the last request sent."""

    inner: HttpTransport = field(default_factory=HttpTransport)
    roots: list[str] = field(default_factory=list)
    faults: int = 0
    last_request: bytes = b""
    last_bod: etree._Element | None = None

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> HttpResponse:
        self.last_request = body
        response = self.inner.post(url, body, headers, timeout)
        bod = unwrap(xmlsafe.parse(response.body, 64 * 1024 * 1024)).bod
        if bod.tag == FAULT:
            self.faults += 1
            return response
        schema.validate(bod)
        self.last_bod = bod
        self.roots.append(etree.QName(bod).localname)
        return response

    def close(self) -> None:
        self.inner.close()


def genb_client(url: str, store_id: str) -> tuple[GenBClient, ValidatingTransport]:
    """A gen-B client on the simulator at `url`, and the transport that validated what it received."""
    transport = ValidatingTransport()
    return GenBClient(url, store_id, transport=transport), transport
