"""Gen-B requests ("WebSphere Commerce integration"): the genb_ golden samples with ids substituted, and checks."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from conformance.checks import check_schema
from conformance.data import ContractData
from conformance.requests import SAMPLES, SOAP11, elements, paths, text_at, timestamp
from conformance.target import HttpResponse, Target

OA = "http://www.openapplications.org/oagis/9"
INV = "http://www.ibm.com/xmlns/prod/commerce/inventory"
ORD = "http://www.ibm.com/xmlns/prod/commerce/order"
MBR = "http://www.ibm.com/xmlns/prod/commerce/member"
# request root -> (service, response root in Clark notation, response verb)
PAIRS: dict[str, tuple[str, str, str]] = {
    f"{{{INV}}}GetProductAvailability": ("InventoryServices", f"{{{INV}}}ShowProductAvailability", "Show"),
    f"{{{INV}}}ProcessOrderInventory": ("InventoryServices", f"{{{INV}}}AcknowledgeOrderInventory", "Acknowledge"),
    f"{{{ORD}}}ProcessOrder": ("OrderServices", f"{{{ORD}}}AcknowledgeOrder", "Acknowledge"),
    f"{{{ORD}}}GetOrder": ("OrderServices", f"{{{ORD}}}ShowOrder", "Show"),
    f"{{{MBR}}}SyncOrganization": ("MemberServices", f"{{{OA}}}ConfirmBOD", "Confirm"),
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True, slots=True)
class GenBRequest:
    """A SOAP 1.1 envelope holding one gen-B BOD (BODID `???`, as Commerce sends it)."""

    envelope: etree._Element

    @property
    def bod(self) -> etree._Element:
        body = self.envelope.find(f"{{{SOAP11}}}Body")
        assert body is not None
        return next(child for child in body if isinstance(child.tag, str))

    @property
    def service(self) -> str:
        return PAIRS[self.bod.tag][0]

    @property
    def bod_id(self) -> str:
        return text_at(self.bod, "ApplicationArea/BODID") or ""

    def to_bytes(self) -> bytes:
        return etree.tostring(self.envelope, xml_declaration=True, encoding="UTF-8")


def load(name: str, data: ContractData, order_id: str | None = None, **extra: str) -> GenBRequest:
    """A genb_ sample with the store, parts, buyer and order id substituted; a fresh nine-digit CreationDateTime."""
    text = (SAMPLES / name).read_text()
    for old, new in extra.items():  # first, so they may name what the defaults below would replace
        text = text.replace(old, new)
    pairs = {
        ">553<": f">{data.store_id}<",
        "FULO-0101": data.part or "",
        "TOOL-0202": data.part_2 or data.part or "",
        "<wcf:CatalogEntryID>10251</wcf:CatalogEntryID>": "",
        "<wcf:CatalogEntryID>10252</wcf:CatalogEntryID>": "",
        "uid=buyer1,o=acme industrial,o=root organization": data.buyer_dn or "",
        "o=acme industrial,o=root organization": data.organization_dn or "",
        ">21001<": f">{order_id}<" if order_id else ">21001<",
    }
    for old, new in pairs.items():
        text = text.replace(old, new)
    request = GenBRequest(etree.fromstring(text.encode(), _PARSER))
    for element in elements(request.bod, "ApplicationArea/CreationDateTime"):
        element.text = timestamp()[:-1] + "000000Z"
    return request


@dataclass(frozen=True, slots=True)
class GenBExchange:
    """A gen-B request and its checked response BOD."""

    request: GenBRequest
    response: HttpResponse
    bod: etree._Element

    @property
    def verb(self) -> etree._Element:
        found = self.bod.find(f"{{*}}DataArea/{{{OA}}}{PAIRS[self.request.bod.tag][2]}")
        assert found is not None, "no response verb"
        return found

    def nouns(self, path: str) -> list[etree._Element]:
        return list(self.bod.iterfind(f"{{*}}DataArea/{paths(path)}"))

    def errors(self) -> list[str | None]:
        return [text_at(status, "ReasonCode") for status in self.verb.iterfind(paths("ResponseCriteria/ChangeStatus"))]


def exchange(target: Target, request: GenBRequest) -> GenBExchange:
    """POST a gen-B request; check HTTP 200 SOAP 1.1, the paired root, our XSD and the ApplicationAreas."""
    response = target.post_soap(request.service, request.to_bytes())
    assert response.status == 200, f"HTTP {response.status}: {response.body[:500]!r}"
    assert response.content_type.startswith("text/xml"), response.content_type
    envelope = etree.fromstring(response.body, _PARSER)
    body = envelope.find(f"{{{SOAP11}}}Body")
    assert body is not None, "no SOAP 1.1 Body"
    bod = next(child for child in body if isinstance(child.tag, str))
    expected = PAIRS[request.bod.tag][1]
    assert bod.tag == expected, f"expected {expected}, got {bod.tag!r}"
    check_schema(bod)
    result = GenBExchange(request, response, bod)
    bod_id = text_at(bod, "ApplicationArea/BODID")
    assert bod_id and bod_id != request.bod_id, "the response needs a new BODID"
    original = bod.find(".//" + paths("OriginalApplicationArea"))
    assert original is not None and text_at(original, "BODID") == request.bod_id, "BODID not echoed"
    return result


def check_success(result: GenBExchange) -> None:
    assert not result.errors(), f"unexpected business error(s): {result.errors()}"
