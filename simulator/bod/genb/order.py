"""Gen-B Order noun (OrderHeader + OrderItem): ProcessOrder Transfer -> AcknowledgeOrder, GetOrder -> ShowOrder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from lxml import etree

from simulator.bod._xml import find, fmt_datetime, fmt_decimal, parse_datetime, parse_decimal, sub, text
from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import InvalidMessage
from simulator.bod.genb.common import (
    XPATH_LANGUAGE,
    build_product_identifier,
    build_response_verb,
    new_bod,
    numeric,
    product_identifier,
    sub_numeric,
)
from simulator.bod.genb.namespaces import ORD, WCF
from simulator.bod.messages import ApplicationArea, BusinessError, RecordSet, ResponseHeader
from simulator.bod.namespaces import OA, qname
from simulator.bod.verbs import action_code, build_process, int_attr, nouns, parse_response_header, verb

PROCESS_ROOT = qname(ORD, "ProcessOrder")
ACKNOWLEDGE_ROOT = qname(ORD, "AcknowledgeOrder")
GET_ROOT = qname(ORD, "GetOrder")
SHOW_ROOT = qname(ORD, "ShowOrder")


@dataclass(frozen=True, slots=True)
class Charges:
    """Order-level totals in one currency."""

    currency: str
    product: Decimal
    adjustment: Decimal
    shipping: Decimal
    sales_tax: Decimal
    shipping_tax: Decimal


@dataclass(frozen=True, slots=True)
class Item:
    """A gen-B OrderItem (request fields, plus charges, status and fulfillment in answers)."""

    order_item_id: str | None
    sku: str | None
    catentry_id: str | None
    quantity: Decimal
    uom: str | None = None
    requested_ship: datetime | None = None
    external_item_id: str | None = None
    unit_price: Decimal | None = None
    price: Decimal | None = None
    shipping: Decimal | None = None
    sales_tax: Decimal | None = None
    shipping_tax: Decimal | None = None
    status: str | None = None
    fc_id: str | None = None
    ship: datetime | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Header:
    """A gen-B OrderHeader: ids, references, charges, status and dates."""

    order_id: str | None = None
    external_order_id: str | None = None
    store_id: str | None = None
    buyer_po: str | None = None
    organization_dn: str | None = None
    customer_id: str | None = None
    customer_dn: str | None = None
    charges: Charges | None = None
    currency: str | None = None
    status: str | None = None
    last_update: datetime | None = None
    placed: datetime | None = None


@dataclass(frozen=True, slots=True)
class Order:
    """A gen-B Order noun."""

    header: Header
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class TransferRequest:
    """A parsed ProcessOrder Transfer."""

    application_area: ApplicationArea
    action: str
    order: Order


@dataclass(frozen=True, slots=True)
class OrderSelection:
    """A parsed GetOrder: the empty Get's paging and the OrderHeader selection."""

    application_area: ApplicationArea
    header: Header
    start: int = 1
    max_items: int | None = None


def parse_process_order(bod: etree._Element) -> TransferRequest:
    """ProcessOrder with the gen-B Order noun."""
    code = action_code(bod)
    found = nouns(bod, "Order")
    if len(found) != 1:
        raise InvalidMessage(f"ProcessOrder needs one Order noun, found {len(found)}", "Order")
    order = parse_order(found[0])
    if order.header.order_id is None:
        raise InvalidMessage("the order has no OrderHeader/OrderIdentifier/OrderID", "OrderHeader/OrderIdentifier")
    return TransferRequest(parse_application_area(bod), code, order)


def parse_order(noun: etree._Element) -> Order:
    """OrderHeader and every OrderItem."""
    header_element = noun.find(qname(ORD, "OrderHeader"))
    if header_element is None:
        raise InvalidMessage("the Order has no OrderHeader", "Order/OrderHeader")
    items = tuple(_parse_item(element) for element in noun.iterfind(qname(ORD, "OrderItem")))
    return Order(parse_header(header_element), items)


def parse_header(header: etree._Element) -> Header:
    """The fields of an OrderHeader the back office uses."""
    total = find(header, "OrderCharges/TotalProductPrice")
    return Header(
        order_id=numeric(text(header, "OrderIdentifier/OrderID"), "OrderIdentifier/OrderID"),
        external_order_id=text(header, "OrderIdentifier/ExternalOrderID"),
        store_id=numeric(text(header, "OrderReferences/StoreID"), "OrderReferences/StoreID"),
        buyer_po=text(header, "OrderReferences/BuyerPONumber"),
        organization_dn=text(header, "OrderReferences/BuyerOrganizationIdentifier/DistinguishedName"),
        customer_id=text(header, "OrderReferences/CustomerIdentifier/UniqueID"),
        customer_dn=text(header, "OrderReferences/CustomerIdentifier/DistinguishedName"),
        currency=None if total is None else total.get("currency"),
        status=text(header, "OrderStatus/Status"),
        placed=parse_datetime(text(header, "PlacedDateTime"), "PlacedDateTime"),
    )


def _parse_item(element: etree._Element) -> Item:
    quantity = parse_decimal(text(element, "Quantity"), "OrderItem/Quantity")
    if quantity is None:
        raise InvalidMessage("an OrderItem has no Quantity", "OrderItem/Quantity")
    sku, catentry = product_identifier(element)
    quantity_element = find(element, "Quantity")
    return Item(
        order_item_id=numeric(text(element, "OrderItemIdentifier/OrderItemID"), "OrderItemIdentifier/OrderItemID"),
        sku=sku,
        catentry_id=catentry,
        quantity=quantity,
        uom=None if quantity_element is None else quantity_element.get("uom"),
        requested_ship=parse_datetime(
            text(element, "OrderItemShippingInfo/RequestedShipDateTime"), "OrderItemShippingInfo/RequestedShipDateTime"
        ),
    )


def parse_get_order(bod: etree._Element) -> OrderSelection:
    """GetOrder as Commerce sends it: an empty Get and the selection in Order/OrderHeader."""
    get = verb(bod, "Get")
    found = nouns(bod, "Order")
    header_element = found[0].find(qname(ORD, "OrderHeader")) if found else None
    if header_element is None:
        raise InvalidMessage("GetOrder selects nothing: no Order/OrderHeader", "Order/OrderHeader")
    start = int_attr(get, "recordSetStartNumber")
    return OrderSelection(
        application_area=parse_application_area(bod),
        header=parse_header(header_element),
        start=start if start is not None and start > 0 else 1,
        max_items=int_attr(get, "maxItems"),
    )


def build_process_order(area: ApplicationArea, order: Order, action: str = "Transfer") -> etree._Element:
    """A ProcessOrder Transfer as Commerce writes it (action expression `Order`)."""
    root, data = new_bod(PROCESS_ROOT, area)
    build_process(data, action, "Order", language=XPATH_LANGUAGE)
    build_order(data, order)
    return root


def build_get_order(area: ApplicationArea, header: Header, start: int = 1, max_items: int = 10) -> etree._Element:
    """A GetOrder as Commerce writes it: a Get with only the paging attributes, the selection in OrderHeader."""
    root, data = new_bod(GET_ROOT, area)
    sub(data, qname(OA, "Get"), recordSetStartNumber=str(start), maxItems=str(max_items))
    build_order(data, Order(header))
    return root


def build_acknowledge_order(
    order: Order | None, area: ApplicationArea, original: ApplicationArea | None, errors: Sequence[BusinessError] = ()
) -> etree._Element:
    """AcknowledgeOrder: no response criteria on success; on a business error, ResponseCriteria and no noun."""
    root, data = new_bod(ACKNOWLEDGE_ROOT, area)
    build_response_verb(data, "Acknowledge", original, errors)
    if order is not None and not errors:
        build_order(data, order)
    return root


def build_show_order(
    orders: Sequence[Order],
    area: ApplicationArea,
    original: ApplicationArea | None,
    record_set: RecordSet | None,
    errors: Sequence[BusinessError] = (),
) -> etree._Element:
    """ShowOrder with gen-B Order nouns and the record-set attributes (1-based start)."""
    root, data = new_bod(SHOW_ROOT, area)
    build_response_verb(data, "Show", original, errors, record_set)
    if not errors:
        for order in orders:
            build_order(data, order)
    return root


def build_order(data: etree._Element, order: Order) -> None:
    """Append an Order noun: OrderHeader then OrderItem*, in schema order."""
    noun = sub(data, qname(ORD, "Order"))
    _build_header(sub(noun, qname(ORD, "OrderHeader")), order.header)
    for item in order.items:
        _build_item(sub(noun, qname(ORD, "OrderItem")), item)


def _build_header(element: etree._Element, header: Header) -> None:
    if header.order_id is not None or header.external_order_id is not None:
        identifier = sub(element, qname(WCF, "OrderIdentifier"))
        sub_numeric(identifier, qname(WCF, "OrderID"), header.order_id)
        if header.external_order_id is not None:
            sub(identifier, qname(WCF, "ExternalOrderID"), header.external_order_id)
    _build_references(element, header)
    if header.charges is not None:
        _build_charges(sub(element, qname(ORD, "OrderCharges")), header.charges)
    if header.status is not None:
        sub(sub(element, qname(ORD, "OrderStatus")), qname(ORD, "Status"), header.status)
    _date(element, "LastUpdateDateTime", header.last_update)
    _date(element, "PlacedDateTime", header.placed)


def _build_references(element: etree._Element, header: Header) -> None:
    if not (header.store_id or header.buyer_po or header.organization_dn or header.customer_dn or header.customer_id):
        return
    references = sub(element, qname(ORD, "OrderReferences"))
    sub_numeric(references, qname(ORD, "StoreID"), header.store_id)
    if header.buyer_po is not None:
        sub(references, qname(ORD, "BuyerPONumber"), header.buyer_po)
    if header.organization_dn is not None:
        organization = sub(references, qname(ORD, "BuyerOrganizationIdentifier"))
        sub(organization, qname(WCF, "DistinguishedName"), header.organization_dn)
    if header.customer_dn is not None or header.customer_id is not None:
        customer = sub(references, qname(ORD, "CustomerIdentifier"))
        sub_numeric(customer, qname(WCF, "UniqueID"), header.customer_id)
        if header.customer_dn is not None:
            sub(customer, qname(WCF, "DistinguishedName"), header.customer_dn)


def _build_charges(element: etree._Element, charges: Charges) -> None:
    for local, value in (
        ("TotalProductPrice", charges.product),
        ("TotalAdjustment", charges.adjustment),
        ("TotalShippingCharge", charges.shipping),
        ("TotalSalesTax", charges.sales_tax),
        ("TotalShippingTax", charges.shipping_tax),
    ):
        sub(element, qname(ORD, local), fmt_decimal(value), currency=charges.currency)


def _build_item(element: etree._Element, item: Item) -> None:
    if item.order_item_id is not None or item.external_item_id is not None:
        identifier = sub(element, qname(WCF, "OrderItemIdentifier"))
        sub_numeric(identifier, qname(WCF, "OrderItemID"), item.order_item_id)
        if item.external_item_id is not None:
            sub(identifier, qname(WCF, "ExternalOrderItemID"), item.external_item_id)
    build_product_identifier(element, item.sku or "", item.catentry_id)
    sub(element, qname(ORD, "Quantity"), fmt_decimal(item.quantity), uom=item.uom)
    if item.unit_price is not None:
        _build_item_charges(sub(element, qname(ORD, "OrderItemCharges")), item)
    if item.requested_ship is not None:
        _date(sub(element, qname(ORD, "OrderItemShippingInfo")), "RequestedShipDateTime", item.requested_ship)
    if item.status is not None:
        sub(sub(element, qname(ORD, "OrderItemStatus")), qname(ORD, "Status"), item.status)
    if item.fc_id is not None or item.ship is not None:
        fulfillment = sub(element, qname(ORD, "OrderItemFulfillmentInfo"))
        sub_numeric(fulfillment, qname(ORD, "FulfillmentCenterID"), item.fc_id)
        _date(fulfillment, "ShipDateTime", item.ship)


def _build_item_charges(element: etree._Element, item: Item) -> None:
    currency = item.currency
    unit = sub(element, qname(WCF, "UnitPrice"))
    sub(unit, qname(WCF, "Price"), fmt_decimal(item.unit_price or Decimal(0)), currency=currency)
    sub(unit, qname(WCF, "Quantity"), "1", uom=item.uom)
    for local, value in (
        ("OrderItemPrice", item.price),
        ("ShippingCharge", item.shipping),
        ("SalesTax", item.sales_tax),
        ("ShippingTax", item.shipping_tax),
    ):
        if value is not None:
            sub(element, qname(ORD, local), fmt_decimal(value), currency=currency)


def _date(parent: etree._Element, local: str, value: datetime | None) -> None:
    if value is not None:
        sub(parent, qname(ORD, local), fmt_datetime(value))


def parse_acknowledge_order(bod: etree._Element) -> tuple[ResponseHeader, Order | None]:
    """The response header and the acknowledged order (None on a business error)."""
    found = nouns(bod, "Order")
    return parse_response_header(bod, "Acknowledge"), _parse_answer(found[0]) if found else None


def parse_show_order(bod: etree._Element) -> tuple[ResponseHeader, list[Order]]:
    """The response header (with the record set) and every order shown."""
    return parse_response_header(bod, "Show"), [_parse_answer(noun) for noun in nouns(bod, "Order")]


def _parse_answer(noun: etree._Element) -> Order:
    order = parse_order(noun)
    header_element = noun.find(qname(ORD, "OrderHeader"))
    items = tuple(
        replace(
            item,
            external_item_id=text(element, "OrderItemIdentifier/ExternalOrderItemID"),
            status=text(element, "OrderItemStatus/Status"),
            fc_id=text(element, "OrderItemFulfillmentInfo/FulfillmentCenterID"),
        )
        for item, element in zip(order.items, noun.iterfind(qname(ORD, "OrderItem")), strict=True)
    )
    header = order.header
    if header_element is not None:
        header = replace(
            header,
            last_update=parse_datetime(text(header_element, "LastUpdateDateTime"), "LastUpdateDateTime"),
            charges=_parse_charges(header_element),
        )
    return Order(header, items)


def _parse_charges(header: etree._Element) -> Charges | None:
    charges = find(header, "OrderCharges")
    if charges is None:
        return None

    def amount(local: str) -> Decimal:
        return parse_decimal(text(charges, local), f"OrderCharges/{local}") or Decimal(0)

    first = find(charges, "TotalProductPrice")
    return Charges(
        currency=(first.get("currency") if first is not None else None) or "",
        product=amount("TotalProductPrice"),
        adjustment=amount("TotalAdjustment"),
        shipping=amount("TotalShippingCharge"),
        sales_tax=amount("TotalSalesTax"),
        shipping_tax=amount("TotalShippingTax"),
    )
