"""Gen-B GetProductAvailability -> ShowProductAvailability: one SKU per noun, answered per fulfillment center."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from lxml import etree

from simulator.bod._xml import find, findall, fmt_datetime, fmt_decimal, parse_datetime, parse_decimal, sub, text
from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import InvalidMessage
from simulator.bod.genb.common import (
    XPATH_LANGUAGE,
    build_product_identifier,
    build_response_verb,
    new_bod,
    product_identifier,
)
from simulator.bod.genb.namespaces import INV
from simulator.bod.messages import ApplicationArea, BusinessError, RecordSet, ResponseHeader
from simulator.bod.namespaces import OA, qname
from simulator.bod.verbs import data_area, nouns, parse_response_header

GET_ROOT = qname(INV, "GetProductAvailability")
SHOW_ROOT = qname(INV, "ShowProductAvailability")
_SKU_PREDICATE = re.compile(r"SKU\s*=\s*(?:'([^']*)'|\"([^\"]*)\")")


@dataclass(frozen=True, slots=True)
class ProductKey:
    """One product asked about: its SKU (part number) or catalog entry id."""

    sku: str | None
    catentry_id: str | None = None


@dataclass(frozen=True, slots=True)
class ProductAvailabilityQuery:
    """A parsed GetProductAvailability."""

    application_area: ApplicationArea
    products: tuple[ProductKey, ...]

    @property
    def store_id(self) -> str | None:
        return self.application_area.store_id


@dataclass(frozen=True, slots=True)
class Expected:
    """A future receipt: quantity and when it becomes available."""

    quantity: Decimal
    available: datetime


@dataclass(frozen=True, slots=True)
class CenterInventory:
    """Inventory at one fulfillment center (numeric id)."""

    fc_id: str
    quantity_on_hand: Decimal
    expected: tuple[Expected, ...] = ()


@dataclass(frozen=True, slots=True)
class ProductAvailability:
    """The answer for one product."""

    sku: str
    catentry_id: str | None
    status: str
    quantity_on_hand: Decimal
    uom: str
    expected: tuple[Expected, ...] = ()
    centers: tuple[CenterInventory, ...] = field(default_factory=tuple)


def parse_get_product_availability(bod: etree._Element) -> ProductAvailabilityQuery:
    """The products of the nouns (as Commerce sends them), else the SKU predicates of the Get expression."""
    keys = [ProductKey(*product_identifier(noun)) for noun in nouns(bod, "ProductAvailability")]
    if not keys:
        keys = [ProductKey(sku) for sku in _expression_skus(bod)]
    if not keys:
        raise InvalidMessage("GetProductAvailability names no product (ProductIdentifier/SKU)", "ProductAvailability")
    return ProductAvailabilityQuery(parse_application_area(bod), tuple(keys))


def _expression_skus(bod: etree._Element) -> list[str]:
    skus: list[str] = []
    for expression in findall(data_area(bod), "Get/Expression"):
        skus.extend(a or b for a, b in _SKU_PREDICATE.findall(expression.text or ""))
    return skus


def build_get_product_availability(area: ApplicationArea, products: Sequence[ProductKey]) -> etree._Element:
    """A GetProductAvailability as Commerce writes it: bare-noun expression, one noun per product."""
    root, data = new_bod(GET_ROOT, area)
    get = sub(data, qname(OA, "Get"))
    sub(get, qname(OA, "Expression"), "ProductAvailability", expressionLanguage=XPATH_LANGUAGE)
    for product in products:
        build_product_identifier(sub(data, qname(INV, "ProductAvailability")), product.sku or "", product.catentry_id)
    return root


def build_show_product_availability(
    records: Sequence[ProductAvailability],
    area: ApplicationArea,
    original: ApplicationArea | None,
    errors: Sequence[BusinessError] = (),
) -> etree._Element:
    """ShowProductAvailability with the Show record-set attributes (1-based start, as gen B counts)."""
    root, data = new_bod(SHOW_ROOT, area)
    record_set = RecordSet(count=len(records), total=len(records), start=1, complete=True)
    build_response_verb(data, "Show", original, errors, record_set)
    for record in records:
        _build_record(data, record)
    return root


def _build_record(data: etree._Element, record: ProductAvailability) -> None:
    noun = sub(data, qname(INV, "ProductAvailability"))
    build_product_identifier(noun, record.sku, record.catentry_id)
    sub(noun, qname(INV, "InventoryStatus"), record.status)
    _quantity(noun, "QuantityOnHand", record.quantity_on_hand, record.uom)
    _expected(noun, record.expected, record.uom)
    for center in record.centers:
        element = sub(noun, qname(INV, "FulfillmentCenterInventory"), fulfillmentCenterID=center.fc_id)
        _quantity(element, "QuantityOnHand", center.quantity_on_hand, record.uom)
        _expected(element, center.expected, record.uom)


def _quantity(parent: etree._Element, local: str, value: Decimal, uom: str) -> None:
    sub(parent, qname(INV, local), fmt_decimal(value), uom=uom)


def _expected(parent: etree._Element, expected: Sequence[Expected], uom: str) -> None:
    for receipt in expected:
        element = sub(parent, qname(INV, "ExpectedInventory"))
        _quantity(element, "Quantity", receipt.quantity, uom)
        sub(element, qname(INV, "AvailableDateTime"), fmt_datetime(receipt.available))


def parse_show_product_availability(bod: etree._Element) -> tuple[ResponseHeader, list[ProductAvailability]]:
    """The response header and every ProductAvailability of a ShowProductAvailability."""
    return parse_response_header(bod, "Show"), [_parse_record(noun) for noun in nouns(bod, "ProductAvailability")]


def _parse_record(noun: etree._Element) -> ProductAvailability:
    sku, catentry = product_identifier(noun)
    quantity = find(noun, "QuantityOnHand")
    return ProductAvailability(
        sku=sku or "",
        catentry_id=catentry,
        status=text(noun, "InventoryStatus") or "",
        quantity_on_hand=parse_decimal(text(noun, "QuantityOnHand"), "QuantityOnHand") or Decimal(0),
        uom=(quantity.get("uom") if quantity is not None else None) or "",
        expected=_parse_expected(noun),
        centers=tuple(
            CenterInventory(
                center.get("fulfillmentCenterID") or "",
                parse_decimal(text(center, "QuantityOnHand"), "QuantityOnHand") or Decimal(0),
                _parse_expected(center),
            )
            for center in noun.iterfind(qname(INV, "FulfillmentCenterInventory"))
        ),
    )


def _parse_expected(parent: etree._Element) -> tuple[Expected, ...]:
    return tuple(
        Expected(
            parse_decimal(text(element, "Quantity"), "ExpectedInventory/Quantity") or Decimal(0),
            parse_datetime(text(element, "AvailableDateTime"), "ExpectedInventory/AvailableDateTime") or datetime.min,
        )
        for element in parent.iterfind(qname(INV, "ExpectedInventory"))
    )
