"""GetPriceList (IBM_Store_PriceEntry_DetailProfile) -> ShowPriceList: offer prices by part number."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from lxml import etree

from simulator.bod._xml import attr, find, findall, fmt_decimal, parse_decimal, sub, sub_text, text
from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import BadExpression, UnsupportedOperation
from simulator.bod.expression import Condition, control_prefix, literal, parse_expression
from simulator.bod.messages import (
    ApplicationArea,
    BusinessError,
    PriceEntry,
    PriceKey,
    PriceListResult,
    PriceQuery,
    RecordSet,
)
from simulator.bod.namespaces import PRC, WCF, qname
from simulator.bod.order_codec import build_catalog_entry
from simulator.bod.verbs import build_get, build_response_verb, get_expression, new_bod, nouns, parse_response_header

ACCESS_PROFILE = "IBM_Store_PriceEntry_DetailProfile"
GET_ROOT = qname(PRC, "GetPriceList")
SHOW_ROOT = qname(PRC, "ShowPriceList")


def parse_get_price_list_request(bod: etree._Element) -> PriceQuery:
    """Parse a GetPriceList BOD into the (part, currency, quantity, uom) keys it asks about."""
    area = parse_application_area(bod)
    expression = parse_expression(get_expression(bod))
    if expression.access_profile != ACCESS_PROFILE:
        raise UnsupportedOperation(f"GetPriceList access profile {expression.access_profile!r} is not supported")
    keys = tuple(dict.fromkeys(_key(alternative, expression.text) for alternative in expression.alternatives()))
    return PriceQuery(area, keys, ACCESS_PROFILE)


def _key(alternative: Sequence[Condition], expression_text: str) -> PriceKey:
    values: dict[str, str] = {}
    for condition in alternative:
        for field, suffix in (
            ("part", "CatalogEntryIdentifier/ExternalIdentifier/PartNumber"),
            ("currency", "Price/@currency"),
            ("uom", "Quantity/@uom"),
            ("quantity", "Price/Quantity"),
        ):
            if condition.endswith(suffix):
                values[field] = condition.value
    if "part" not in values:
        raise BadExpression("no part number selected", expression_text)
    quantity = values.get("quantity")
    return PriceKey(values["part"], values.get("currency"), parse_decimal(quantity, "Quantity"), values.get("uom"))


def price_expression(keys: Sequence[PriceKey], access_profile: str = ACCESS_PROFILE) -> str:
    """Write the expression Commerce's price client sends: one OR branch per part number."""
    branches = " or ".join(f"({_entry_clause(key)})" for key in keys)
    return f"{control_prefix(access_profile)}/PriceList[PriceEntry[{branches}]]"


def _entry_clause(key: PriceKey) -> str:
    clause = f"CatalogEntryIdentifier[ExternalIdentifier[PartNumber={literal(key.part_number)}]]"
    price = []
    if key.currency is not None:
        price.append(f"Price[@currency={literal(key.currency)}]")
    if key.quantity is not None:
        uom = f" and Quantity[@uom={literal(key.uom)}]" if key.uom is not None else ""
        price.append(f"((Quantity={literal(fmt_decimal(key.quantity))}{uom}))")
    return f"{clause} and Price[{' and '.join(price)}]" if price else clause


def build_get_price_list_request(query: PriceQuery) -> etree._Element:
    """Build the GetPriceList BOD Commerce sends."""
    root, data = new_bod(GET_ROOT, query.application_area)
    build_get(data, price_expression(query.items, query.access_profile))
    return root


def build_show_price_list_response(entries: Sequence[PriceEntry], area: ApplicationArea,
                                   original: ApplicationArea | None, errors: Sequence[BusinessError] = (),
                                   price_list_id: str | None = None,
                                   price_list_name: str | None = None) -> etree._Element:
    """Build ShowPriceList: one PriceList holding a PriceEntry per priced item."""
    root, data = new_bod(SHOW_ROOT, area)
    count = 0 if errors else len(entries)
    build_response_verb(data, "Show", original, errors, RecordSet(count=count, total=count))
    if errors:
        return root
    price_list = sub(data, qname(PRC, "PriceList"))
    if price_list_id or price_list_name:
        identifier = sub(price_list, qname(PRC, "PriceListIdentifier"))
        sub_text(identifier, qname(WCF, "UniqueID"), price_list_id)
        if price_list_name is not None:
            sub(sub(identifier, qname(WCF, "ExternalIdentifier")), qname(WCF, "Name"), price_list_name)
    for entry in entries:
        _build_entry(price_list, entry)
    return root


def _build_entry(price_list: etree._Element, entry: PriceEntry) -> None:
    element = sub(price_list, qname(PRC, "PriceEntry"))
    price = sub(element, qname(WCF, "Price"))
    sub(price, qname(WCF, "Price"), fmt_decimal(entry.price), currency=entry.currency)
    if entry.quantity is not None:
        sub(price, qname(WCF, "Quantity"), fmt_decimal(entry.quantity), uom=entry.uom)
    sub_text(element, qname(WCF, "Qualifier"), entry.qualifier)
    build_catalog_entry(element, qname(PRC, "CatalogEntryIdentifier"), entry.catentry_id, entry.part_number)


def parse_show_price_list_response(bod: etree._Element) -> PriceListResult:
    """Parse a ShowPriceList BOD (client side)."""
    header = parse_response_header(bod, "Show")
    found = nouns(bod, "PriceList")
    if not found:
        return PriceListResult(header, ())
    price_list = found[0]
    return PriceListResult(
        header,
        tuple(_parse_entry(entry) for entry in findall(price_list, "PriceEntry")),
        text(price_list, "PriceListIdentifier/UniqueID"),
        text(price_list, "PriceListIdentifier/ExternalIdentifier/Name"),
    )


def _parse_entry(entry: etree._Element) -> PriceEntry:
    price = find(entry, "Price/Price")
    quantity = find(entry, "Price/Quantity")
    return PriceEntry(
        part_number=text(entry, "CatalogEntryIdentifier/ExternalIdentifier/PartNumber") or "",
        price=parse_decimal(text(price), "PriceEntry/Price/Price") or Decimal(0),
        currency=attr(price, "currency") or "",
        quantity=parse_decimal(text(quantity), "PriceEntry/Price/Quantity"),
        uom=attr(quantity, "uom"),
        catentry_id=text(entry, "CatalogEntryIdentifier/UniqueID"),
        qualifier=text(entry, "Qualifier"),
    )
