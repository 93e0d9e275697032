"""ProcessOrder -> AcknowledgeOrder (CalculateOrder, TransferOrder) and GetOrder -> ShowOrder."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import InvalidMessage, UnsupportedOperation
from simulator.bod.messages import (
    ApplicationArea,
    BusinessError,
    DocumentQuery,
    OrderAcknowledgement,
    OrderAction,
    OrderDocument,
    OrderList,
    ProcessOrderRequest,
    RecordSet,
)
from simulator.bod.namespaces import ORD, qname
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

PROCESS_ROOT = qname(ORD, "ProcessOrder")
ACKNOWLEDGE_ROOT = qname(ORD, "AcknowledgeOrder")
GET_ROOT = qname(ORD, "GetOrder")
SHOW_ROOT = qname(ORD, "ShowOrder")
NOUN = qname(ORD, "Order")
ACTION_EXPRESSION = "/Order"


def order_action(code: str) -> OrderAction:
    """Map a ProcessOrder action code to an OrderAction, or raise UnsupportedOperation."""
    try:
        return OrderAction(code)
    except ValueError:
        raise UnsupportedOperation(f"ProcessOrder action code {code!r} is not supported") from None


def parse_process_order_request(bod: etree._Element) -> ProcessOrderRequest:
    """Parse a ProcessOrder BOD (CalculateOrder, TransferOrder or Transfer)."""
    area = parse_application_area(bod)
    action = order_action(action_code(bod))
    found = nouns(bod, "Order")
    if not found:
        raise InvalidMessage("ProcessOrder carries no Order", "Order")
    order = parse_order_content(found[0])
    if order.order_id is None:
        raise InvalidMessage("the Order has no order id", "Order/OrderIdentifier/UniqueID")
    return ProcessOrderRequest(area, action, order)


def build_process_order_request(request: ProcessOrderRequest) -> etree._Element:
    """Build the ProcessOrder BOD Commerce sends."""
    root, data = new_bod(PROCESS_ROOT, request.application_area)
    build_process(data, request.action.value, ACTION_EXPRESSION)
    build_order_content(etree.SubElement(data, NOUN), request.order)
    return root


def build_acknowledge_order_response(order: OrderDocument | None, area: ApplicationArea,
                                     original: ApplicationArea | None,
                                     errors: Sequence[BusinessError] = ()) -> etree._Element:
    """Build AcknowledgeOrder: the order (ids, amounts, status) or, on error, ChangeStatus and no noun."""
    root, data = new_bod(ACKNOWLEDGE_ROOT, area)
    build_response_verb(data, "Acknowledge", original, errors)
    if order is not None and not errors:
        build_order_content(etree.SubElement(data, NOUN), order)
    return root


def parse_acknowledge_order_response(bod: etree._Element) -> OrderAcknowledgement:
    """Parse an AcknowledgeOrder BOD (client side)."""
    header = parse_response_header(bod, "Acknowledge")
    found = nouns(bod, "Order")
    return OrderAcknowledgement(header, parse_order_content(found[0]) if found else None)


def parse_get_order_request(bod: etree._Element) -> DocumentQuery:
    """Parse a GetOrder BOD, whatever expression form it uses."""
    return parse_document_query(bod, "Order")


def build_get_order_request(query: DocumentQuery) -> etree._Element:
    """Build the GetOrder BOD Commerce sends for a query."""
    root, data = new_bod(GET_ROOT, query.application_area)
    build_get(data, document_expression(query, "Order"), query.max_items, query.start)
    return root


def build_show_order_response(orders: Sequence[OrderDocument], area: ApplicationArea,
                              original: ApplicationArea | None, *, detail: bool,
                              record_set: RecordSet | None = None,
                              errors: Sequence[BusinessError] = ()) -> etree._Element:
    """Build ShowOrder: summaries (no items) or full orders, with the record-set attributes."""
    root, data = new_bod(SHOW_ROOT, area)
    if record_set is None:
        record_set = RecordSet(count=len(orders), total=len(orders))
    build_response_verb(data, "Show", original, errors, record_set)
    if not errors:
        for order in orders:
            build_order_content(etree.SubElement(data, NOUN), order, with_items=detail)
    return root


def parse_show_order_response(bod: etree._Element) -> OrderList:
    """Parse a ShowOrder BOD (client side)."""
    header = parse_response_header(bod, "Show")
    return OrderList(header, tuple(parse_order_content(noun) for noun in nouns(bod, "Order")))
