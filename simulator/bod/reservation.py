"""ProcessInventoryRequirement -> AcknowledgeInventoryRequirement: reserve, cancel or check inventory."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from simulator.bod._xml import find, findall, sub, text
from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import InvalidMessage, UnsupportedOperation
from simulator.bod.messages import (
    ApplicationArea,
    BusinessError,
    InventoryAction,
    OrderLine,
    ReservationChunk,
    ReservationRequest,
    ReservationResult,
)
from simulator.bod.namespaces import INV, ORD, WCF, qname
from simulator.bod.order_codec import build_order_content, build_order_item, parse_order_content, parse_order_item
from simulator.bod.verbs import action_code, build_process, build_response_verb, new_bod, nouns, parse_response_header

PROCESS_ROOT = qname(INV, "ProcessInventoryRequirement")
ACKNOWLEDGE_ROOT = qname(INV, "AcknowledgeInventoryRequirement")
NOUN = qname(INV, "InventoryRequirement")
ACTION_EXPRESSION = "/InventoryRequirement[1]"
REQUEST_VERSION_ID = "6.0.0.4"


def inventory_action(code: str) -> InventoryAction:
    """Map an action code to an InventoryAction, or raise UnsupportedOperation."""
    try:
        return InventoryAction(code)
    except ValueError:
        raise UnsupportedOperation(f"ProcessInventoryRequirement action code {code!r} is not supported") from None


def parse_process_inventory_requirement_request(bod: etree._Element) -> ReservationRequest:
    """Parse a ProcessInventoryRequirement BOD."""
    area = parse_application_area(bod)
    action = inventory_action(action_code(bod))
    found = nouns(bod, "InventoryRequirement")
    if not found:
        raise InvalidMessage("ProcessInventoryRequirement carries no InventoryRequirement", "InventoryRequirement")
    order = parse_order_content(found[0])
    if order.order_id is None:
        raise InvalidMessage("the InventoryRequirement has no order id", "OrderIdentifier/UniqueID")
    return ReservationRequest(area, action, order)


def build_process_inventory_requirement_request(request: ReservationRequest) -> etree._Element:
    """Build the ProcessInventoryRequirement BOD Commerce sends."""
    root, data = new_bod(PROCESS_ROOT, request.application_area, REQUEST_VERSION_ID)
    build_process(data, request.action.value, ACTION_EXPRESSION)
    build_order_content(sub(data, NOUN), request.order)
    return root


def build_acknowledge_inventory_requirement_response(
    order_id: str | None, chunks: Sequence[ReservationChunk], area: ApplicationArea,
    original: ApplicationArea | None, errors: Sequence[BusinessError] = (),
) -> etree._Element:
    """Build AcknowledgeInventoryRequirement: one OrderItem per chunk, grouped by CorrelationGroup."""
    root, data = new_bod(ACKNOWLEDGE_ROOT, area)
    build_response_verb(data, "Acknowledge", original, errors)
    if errors:
        return root
    noun = sub(data, NOUN)
    if order_id is not None:
        sub(sub(noun, qname(ORD, "OrderIdentifier")), qname(WCF, "UniqueID"), order_id)
    for line in chunk_lines(chunks):
        build_order_item(sub(noun, qname(ORD, "OrderItem")), line)
    return root


def chunk_lines(chunks: Sequence[ReservationChunk]) -> list[OrderLine]:
    """Lay chunks out as order items: first chunk of an item identified, the rest correlated."""
    groups: dict[str, list[ReservationChunk]] = {}
    for chunk in chunks:
        groups.setdefault(chunk.item_id, []).append(chunk)
    lines = []
    for item_id, group in groups.items():
        unreserved = len(group) == 1 and group[0].status == "Unallocated"
        for index, chunk in enumerate(group):
            lines.append(OrderLine(
                item_id=item_id if index == 0 else None,
                quantity=chunk.quantity,
                uom=chunk.uom if chunk.quantity is not None else None,
                inventory_status=chunk.status,
                available_date=chunk.available_date,
                expected_ship_date=chunk.expected_ship_date,
                fulfillment_center=chunk.fulfillment_center,
                correlation_group=None if unreserved else item_id,
            ))
    return lines


def parse_acknowledge_inventory_requirement_response(bod: etree._Element) -> ReservationResult:
    """Parse an AcknowledgeInventoryRequirement BOD (client side)."""
    header = parse_response_header(bod, "Acknowledge")
    found = nouns(bod, "InventoryRequirement")
    if not found:
        return ReservationResult(header, None, ())
    noun = found[0]
    chunks = tuple(_chunk(parse_order_item(item)) for item in findall(noun, "OrderItem"))
    return ReservationResult(header, text(find(noun, "OrderIdentifier"), "UniqueID"), chunks)


def _chunk(line: OrderLine) -> ReservationChunk:
    item_id = line.item_id or line.correlation_group
    if item_id is None:
        raise InvalidMessage("an acknowledged order item has neither UniqueID nor CorrelationGroup", "OrderItem")
    return ReservationChunk(
        item_id=item_id,
        status=line.inventory_status or "",
        quantity=line.quantity,
        uom=line.uom,
        available_date=line.available_date,
        expected_ship_date=line.expected_ship_date,
        fulfillment_center=line.fulfillment_center,
    )
