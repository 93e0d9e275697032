"""ProcessQuote (SubmitQuote) -> AcknowledgeQuote and GetQuote -> ShowQuote."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from simulator.bod._xml import find, fmt_datetime, parse_datetime, sub, sub_text, text
from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import InvalidMessage, UnsupportedOperation
from simulator.bod.messages import (
    ApplicationArea,
    BusinessError,
    DocumentQuery,
    OrderDocument,
    QuoteAcknowledgement,
    QuoteDocument,
    QuoteList,
    RecordSet,
    SubmitQuoteRequest,
)
from simulator.bod.namespaces import ORD, WCF, qname
from simulator.bod.order_codec import build_order_content, parse_order_content
from simulator.bod.queries import document_expression, parse_document_query
from simulator.bod.verbs import (
    action_code,
    build_get,
    build_process,
    build_response_verb,
    new_bod,
    nouns,
    parse_response_header,
)

PROCESS_ROOT = qname(ORD, "ProcessQuote")
ACKNOWLEDGE_ROOT = qname(ORD, "AcknowledgeQuote")
GET_ROOT = qname(ORD, "GetQuote")
SHOW_ROOT = qname(ORD, "ShowQuote")
NOUN = qname(ORD, "Quote")
SUBMIT = "SubmitQuote"
ACTION_EXPRESSION = "/Quote"


def build_quote(parent: etree._Element, quote: QuoteDocument, with_items: bool = True) -> etree._Element:
    """Append a Quote noun: QuoteIdentifier, ExpirationDate, OrderTemplate."""
    element = sub(parent, NOUN)
    if quote.quote_id or quote.external_quote_id:
        identifier = sub(element, qname(ORD, "QuoteIdentifier"))
        sub_text(identifier, qname(WCF, "UniqueID"), quote.quote_id)
        sub_text(identifier, qname(WCF, "ExternalQuoteID"), quote.external_quote_id)
    if quote.expiration_date is not None:
        sub(element, qname(ORD, "ExpirationDate"), fmt_datetime(quote.expiration_date))
    build_order_content(sub(element, qname(ORD, "OrderTemplate")), quote.order, with_items)
    return element


def parse_quote(element: etree._Element) -> QuoteDocument:
    """Parse a Quote noun."""
    template = find(element, "OrderTemplate")
    return QuoteDocument(
        quote_id=text(element, "QuoteIdentifier/UniqueID"),
        external_quote_id=text(element, "QuoteIdentifier/ExternalQuoteID"),
        expiration_date=parse_datetime(text(element, "ExpirationDate"), "ExpirationDate"),
        order=parse_order_content(template) if template is not None else OrderDocument(),
    )


def parse_process_quote_request(bod: etree._Element) -> SubmitQuoteRequest:
    """Parse a ProcessQuote SubmitQuote BOD."""
    area = parse_application_area(bod)
    code = action_code(bod)
    if code != SUBMIT:
        raise UnsupportedOperation(f"ProcessQuote action code {code!r} is not supported")
    found = nouns(bod, "Quote")
    if not found:
        raise InvalidMessage("ProcessQuote carries no Quote", "Quote")
    return SubmitQuoteRequest(area, parse_quote(found[0]), code)


def build_process_quote_request(request: SubmitQuoteRequest) -> etree._Element:
    """Build the ProcessQuote SubmitQuote BOD Commerce sends."""
    root, data = new_bod(PROCESS_ROOT, request.application_area)
    build_process(data, request.action, ACTION_EXPRESSION)
    build_quote(data, request.quote)
    return root


def build_acknowledge_quote_response(quote: QuoteDocument | None, area: ApplicationArea,
                                     original: ApplicationArea | None,
                                     errors: Sequence[BusinessError] = ()) -> etree._Element:
    """Build AcknowledgeQuote carrying the external quote id (or ChangeStatus and no noun)."""
    root, data = new_bod(ACKNOWLEDGE_ROOT, area)
    build_response_verb(data, "Acknowledge", original, errors)
    if quote is not None and not errors:
        build_quote(data, quote)
    return root


def parse_acknowledge_quote_response(bod: etree._Element) -> QuoteAcknowledgement:
    """Parse an AcknowledgeQuote BOD (client side)."""
    header = parse_response_header(bod, "Acknowledge")
    found = nouns(bod, "Quote")
    return QuoteAcknowledgement(header, parse_quote(found[0]) if found else None)


def parse_get_quote_request(bod: etree._Element) -> DocumentQuery:
    """Parse a GetQuote BOD, whatever expression form it uses."""
    return parse_document_query(bod, "Quote")


def build_get_quote_request(query: DocumentQuery) -> etree._Element:
    """Build the GetQuote BOD Commerce sends for a query."""
    root, data = new_bod(GET_ROOT, query.application_area)
    build_get(data, document_expression(query, "Quote"), query.max_items, query.start)
    return root


def build_show_quote_response(quotes: Sequence[QuoteDocument], area: ApplicationArea,
                              original: ApplicationArea | None, *, detail: bool,
                              record_set: RecordSet | None = None,
                              errors: Sequence[BusinessError] = ()) -> etree._Element:
    """Build ShowQuote: quote summaries or full quotes with their order template items."""
    root, data = new_bod(SHOW_ROOT, area)
    if record_set is None:
        record_set = RecordSet(count=len(quotes), total=len(quotes))
    build_response_verb(data, "Show", original, errors, record_set)
    if not errors:
        for quote in quotes:
            build_quote(data, quote, with_items=detail)
    return root


def parse_show_quote_response(bod: etree._Element) -> QuoteList:
    """Parse a ShowQuote BOD (client side)."""
    header = parse_response_header(bod, "Show")
    return QuoteList(header, tuple(parse_quote(noun) for noun in nouns(bod, "Quote")))
