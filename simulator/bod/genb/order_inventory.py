"""Gen-B ProcessOrderInventory (Check, Reserve, Cancel) -> AcknowledgeOrderInventory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from lxml import etree

from simulator.bod._xml import find, fmt_datetime, fmt_decimal, parse_datetime, parse_decimal, sub, text
from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import InvalidMessage, UnsupportedOperation
from simulator.bod.genb.common import (
    XPATH_LANGUAGE,
    build_product_identifier,
    build_response_verb,
    new_bod,
    numeric,
    product_identifier,
    sub_numeric,
)
from simulator.bod.genb.namespaces import INV, WCF
from simulator.bod.messages import ApplicationArea, BusinessError, ResponseHeader
from simulator.bod.namespaces import qname
from simulator.bod.verbs import action_code, build_process, nouns, parse_response_header

PROCESS_ROOT = qname(INV, "ProcessOrderInventory")
ACKNOWLEDGE_ROOT = qname(INV, "AcknowledgeOrderInventory")


class OrderInventoryAction(StrEnum):
    """The Process action codes of the three gen-B inventory services."""

    CHECK = "Check"
    RESERVE = "Reserve"
    CANCEL = "Cancel"


@dataclass(frozen=True, slots=True)
class ItemInventory:
    """One OrderItemInventory: asked for (request) or answered (response-side fields set)."""

    order_item_id: str
    sku: str | None
    catentry_id: str | None
    quantity: Decimal
    uom: str | None = None
    requested_ship: datetime | None = None
    status: str | None = None
    fc_id: str | None = None
    available: datetime | None = None
    ship: datetime | None = None


@dataclass(frozen=True, slots=True)
class OrderInventoryRequest:
    """A parsed ProcessOrderInventory."""

    application_area: ApplicationArea
    action: OrderInventoryAction
    order_id: str
    items: tuple[ItemInventory, ...]


def parse_process_order_inventory(bod: etree._Element) -> OrderInventoryRequest:
    """Action code, the Commerce order id and every OrderItemInventory."""
    code = action_code(bod)
    try:
        action = OrderInventoryAction(code)
    except ValueError:
        raise UnsupportedOperation(f"ProcessOrderInventory action code {code!r} is not supported") from None
    found = nouns(bod, "OrderInventory")
    if len(found) != 1:
        raise InvalidMessage(f"ProcessOrderInventory needs one OrderInventory, found {len(found)}", "OrderInventory")
    noun = found[0]
    order_id = numeric(text(noun, "OrderIdentifier/OrderID"), "OrderIdentifier/OrderID")
    if order_id is None:
        raise InvalidMessage("the OrderInventory has no OrderIdentifier/OrderID", "OrderIdentifier/OrderID")
    items = tuple(_item(element) for element in noun.iterfind(qname(INV, "OrderItemInventory")))
    return OrderInventoryRequest(parse_application_area(bod), action, order_id, items)


def _item(element: etree._Element) -> ItemInventory:
    item_id = numeric(text(element, "OrderItemIdentifier/OrderItemID"), "OrderItemIdentifier/OrderItemID")
    if item_id is None:
        raise InvalidMessage("an OrderItemInventory has no OrderItemIdentifier/OrderItemID", "OrderItemIdentifier")
    quantity = parse_decimal(text(element, "RequestedQuantity"), "RequestedQuantity")
    if quantity is None:
        raise InvalidMessage(f"order item {item_id} has no RequestedQuantity", "RequestedQuantity")
    sku, catentry = product_identifier(element)
    requested = find(element, "RequestedQuantity")
    return ItemInventory(
        order_item_id=item_id,
        sku=sku,
        catentry_id=catentry,
        quantity=quantity,
        uom=None if requested is None else requested.get("uom"),
        requested_ship=parse_datetime(text(element, "RequestedShipDateTime"), "RequestedShipDateTime"),
    )


def build_process_order_inventory(
    area: ApplicationArea, action: OrderInventoryAction, order_id: str, items: Sequence[ItemInventory]
) -> etree._Element:
    """A ProcessOrderInventory as Commerce writes it (action expression `Inventory`)."""
    root, data = new_bod(PROCESS_ROOT, area)
    build_process(data, action.value, "Inventory", language=XPATH_LANGUAGE)
    _build_noun(data, order_id, items)
    return root


def build_acknowledge_order_inventory(
    order_id: str,
    items: Sequence[ItemInventory] | None,
    area: ApplicationArea,
    original: ApplicationArea | None,
    errors: Sequence[BusinessError] = (),
) -> etree._Element:
    """AcknowledgeOrderInventory: the order id and each item with its status; no noun on a business error."""
    root, data = new_bod(ACKNOWLEDGE_ROOT, area)
    build_response_verb(data, "Acknowledge", original, errors)
    if items is not None and not errors:
        _build_noun(data, order_id, items)
    return root


def _build_noun(data: etree._Element, order_id: str, items: Sequence[ItemInventory]) -> None:
    noun = sub(data, qname(INV, "OrderInventory"))
    sub(sub(noun, qname(WCF, "OrderIdentifier")), qname(WCF, "OrderID"), order_id)
    for item in items:
        element = sub(noun, qname(INV, "OrderItemInventory"))
        sub_numeric(sub(element, qname(WCF, "OrderItemIdentifier")), qname(WCF, "OrderItemID"), item.order_item_id)
        build_product_identifier(element, item.sku or "", item.catentry_id)
        sub(element, qname(INV, "RequestedQuantity"), fmt_decimal(item.quantity), uom=item.uom)
        _optional_date(element, "RequestedShipDateTime", item.requested_ship)
        if item.status is not None:
            sub(element, qname(INV, "InventoryStatus"), item.status)
        sub_numeric(element, qname(INV, "FulfillmentCenterID"), item.fc_id)
        _optional_date(element, "AvailableDateTime", item.available)
        _optional_date(element, "ShipDateTime", item.ship)


def _optional_date(parent: etree._Element, local: str, value: datetime | None) -> None:
    if value is not None:
        sub(parent, qname(INV, local), fmt_datetime(value))


def parse_acknowledge_order_inventory(bod: etree._Element) -> tuple[ResponseHeader, list[ItemInventory]]:
    """The response header and every answered OrderItemInventory."""
    items: list[ItemInventory] = []
    for noun in nouns(bod, "OrderInventory"):
        items.extend(_answered_item(element) for element in noun.iterfind(qname(INV, "OrderItemInventory")))
    return parse_response_header(bod, "Acknowledge"), items


def _answered_item(element: etree._Element) -> ItemInventory:
    return replace(
        _item(element),
        status=text(element, "InventoryStatus"),
        fc_id=text(element, "FulfillmentCenterID"),
        available=parse_datetime(text(element, "AvailableDateTime"), "AvailableDateTime"),
        ship=parse_datetime(text(element, "ShipDateTime"), "ShipDateTime"),
    )
