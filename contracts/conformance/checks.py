"""Checks every paired response must pass: SOAP 1.1, the paired root, our XSD, BODIDs, record sets, errors."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from lxml import etree

from conformance.requests import SOAP11, Request, elements, paths, text_at
from conformance.target import HttpResponse, Target

XSD_ENTRY = Path(__file__).resolve().parent.parent / "xsd" / "bods.xsd"
NAMESPACES = {
    "inventory": "http://www.ibm.com/xmlns/prod/commerce/9/inventory",
    "order": "http://www.ibm.com/xmlns/prod/commerce/9/order",
    "price": "http://www.ibm.com/xmlns/prod/commerce/9/price",
}
PAIRS: dict[str, tuple[str, str, str]] = {
    "GetInventoryAvailability": ("inventory", "ShowInventoryAvailability", "Show"),
    "ProcessInventoryRequirement": ("inventory", "AcknowledgeInventoryRequirement", "Acknowledge"),
    "GetPriceList": ("price", "ShowPriceList", "Show"),
    "ProcessOrder": ("order", "AcknowledgeOrder", "Acknowledge"),
    "GetOrder": ("order", "ShowOrder", "Show"),
    "ProcessQuote": ("order", "AcknowledgeQuote", "Acknowledge"),
    "GetQuote": ("order", "ShowQuote", "Show"),
}
RECORDS = {"ShowInventoryAvailability": "InventoryAvailability", "ShowPriceList": "PriceList/PriceEntry",
           "ShowOrder": "Order", "ShowQuote": "Quote"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@lru_cache(maxsize=1)
def contract_schema() -> etree.XMLSchema:
    """Our XSD subset, compiled from contracts/xsd."""
    return etree.XMLSchema(etree.parse(str(XSD_ENTRY), _PARSER))


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its parsed response."""

    request: Request
    response: HttpResponse
    envelope: etree._Element

    @property
    def bod(self) -> etree._Element:
        body = self.envelope.find(f"{{{SOAP11}}}Body")
        assert body is not None, "the response envelope has no SOAP 1.1 Body"
        parts = [child for child in body if isinstance(child.tag, str)]
        assert len(parts) == 1, f"the SOAP Body must hold exactly one element, found {len(parts)}"
        return parts[0]

    @property
    def verb(self) -> etree._Element:
        verb_name = PAIRS[self.request.root_name][2]
        found = self.bod.find(f"{{*}}DataArea/{{*}}{verb_name}")
        assert found is not None, f"no DataArea/{verb_name} in the response"
        return found

    def nouns(self, path: str) -> list[etree._Element]:
        return list(self.bod.iterfind(f"{{*}}DataArea/{paths(path)}"))

    def text(self, path: str) -> str | None:
        return text_at(self.bod, path)

    def texts(self, path: str) -> list[str]:
        return [(element.text or "").strip() for element in elements(self.bod, path)]


def call(target: Target, request: Request) -> Exchange:
    """POST a request; parse whatever came back (the checks say what is wrong with it)."""
    response = target.post_soap(request.service, request.to_bytes())
    try:
        envelope = etree.fromstring(response.body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise AssertionError(f"HTTP {response.status}, not XML ({exc}): {response.body[:300]!r}") from exc
    return Exchange(request, response, envelope)


def exchange(target: Target, request: Request) -> Exchange:
    """POST a request and check the paired response every operation must return."""
    result = call(target, request)
    check_paired_response(result)
    return result


def check_paired_response(result: Exchange) -> None:
    response = result.response
    assert response.status == 200, f"HTTP {response.status}, expected 200: {response.body[:500]!r}"
    assert response.content_type.startswith("text/xml"), f"SOAP 1.1 needs text/xml, got {response.content_type!r}"
    assert result.envelope.tag == f"{{{SOAP11}}}Envelope", f"not a SOAP 1.1 Envelope: {result.envelope.tag!r}"
    namespace, root, _ = PAIRS[result.request.root_name]
    expected = f"{{{NAMESPACES[namespace]}}}{root}"
    assert result.bod.tag == expected, f"expected {expected}, got {result.bod.tag!r}"
    check_schema(result.bod)
    check_application_areas(result)


def check_schema(bod: etree._Element) -> None:
    schema = contract_schema()
    if not schema.validate(etree.ElementTree(etree.fromstring(etree.tostring(bod)))):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:5])
        raise AssertionError(f"the response does not validate against contracts/xsd: {errors}")


def check_application_areas(result: Exchange) -> None:
    bod_id = text_at(result.bod, "ApplicationArea/BODID")
    assert result.bod.find(paths("ApplicationArea")) is not None, "no ApplicationArea"
    assert bod_id, "the response ApplicationArea has no BODID"
    assert bod_id != result.request.bod_id, "the response reuses the request's BODID"
    assert text_at(result.bod, "ApplicationArea/CreationDateTime"), "the response has no CreationDateTime"
    original = result.verb.find(paths("OriginalApplicationArea"))
    assert original is not None, "the response verb has no OriginalApplicationArea"
    assert text_at(original, "BODID") == result.request.bod_id, "OriginalApplicationArea does not echo the BODID"


def errors(result: Exchange) -> list[tuple[str | None, str | None]]:
    """(ReasonCode, Reason) of every ResponseCriteria/ChangeStatus of the response verb."""
    return [(text_at(status, "ReasonCode"), text_at(status, "Reason"))
            for status in result.verb.iterfind(paths("ResponseCriteria/ChangeStatus"))]


def check_success(result: Exchange) -> None:
    found = errors(result)
    assert not found, f"unexpected business error(s): {found}"


def check_business_error(result: Exchange, noun: str) -> None:
    """A business error: ResponseCriteria/ChangeStatus with a ReasonCode, the noun left out, no fault."""
    found = errors(result)
    assert found, "expected ResponseCriteria/ChangeStatus for a business error, found none"
    assert all(code for code, _ in found), f"every ChangeStatus needs a ReasonCode: {found}"
    assert not result.nouns(noun), f"a business error response must leave out the {noun} noun"


def check_record_set(result: Exchange) -> dict[str, int | bool]:
    """Show record-set attributes: count = records, total >= count, complete iff the last page.

    OAGIS types count and total as positive integers: present when non-zero, absent (never "0") when zero.
    """
    verb = result.verb
    missing = [name for name in ("recordSetStartNumber", "recordSetCompleteIndicator") if verb.get(name) is None]
    assert not missing, f"Show lacks {missing}"
    count, total = (int(verb.get(name) or "0") for name in ("recordSetCount", "recordSetTotal"))
    assert verb.get("recordSetCount") != "0" and verb.get("recordSetTotal") != "0", "a zero count must be left out"
    start = int(verb.get("recordSetStartNumber") or "")
    complete = (verb.get("recordSetCompleteIndicator") or "").strip() in ("true", "1")
    records = len(result.nouns(RECORDS[etree.QName(result.bod).localname]))
    assert count == records, f"recordSetCount={count} but {records} records"
    assert total >= count, f"recordSetTotal={total} < recordSetCount={count}"
    assert complete == (start + count >= total), (
        f"recordSetCompleteIndicator={complete} with start={start} count={count} total={total}")
    return {"count": count, "total": total, "start": start, "complete": complete}


def decimal_of(value: str | None, what: str) -> Decimal:
    assert value is not None, f"{what} is missing"
    try:
        return Decimal(value)
    except ArithmeticError as exc:
        raise AssertionError(f"{what} is not a number: {value!r}") from exc


def check_fault(response: HttpResponse) -> etree._Element:
    """A SOAP 1.1 Fault with HTTP 500, faultcode and faultstring."""
    assert response.status == 500, f"a malformed request needs HTTP 500 and a Fault, got {response.status}"
    envelope = etree.fromstring(response.body, _PARSER)
    assert envelope.tag == f"{{{SOAP11}}}Envelope", f"not a SOAP 1.1 Envelope: {envelope.tag!r}"
    fault = envelope.find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
    assert fault is not None, "no soapenv:Fault in the Body"
    assert (fault.findtext("faultcode") or "").strip(), "the Fault has no faultcode"
    assert (fault.findtext("faultstring") or "").strip(), "the Fault has no faultstring"
    return fault
