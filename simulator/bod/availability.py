"""GetInventoryAvailability -> ShowInventoryAvailability: the hot path, kept lean and string-built."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from lxml import etree

from simulator.bod._xml import esc, fmt_datetime, fmt_decimal, parse_datetime, parse_decimal, quote_attr, text
from simulator.bod.application_area import area_xml, parse_application_area
from simulator.bod.envelope import SoapVersion, envelope_bytes
from simulator.bod.errors import BadExpression
from simulator.bod.expression import Condition, control_prefix, literal, parse_expression
from simulator.bod.messages import (
    ApplicationArea,
    AvailabilityKey,
    AvailabilityQuery,
    AvailabilityRecord,
    AvailabilityResult,
    BusinessError,
    FulfillmentCenterAvailability,
    ItemForm,
    LocationForm,
    RecordSet,
)
from simulator.bod.namespaces import INV, XMLNS_DECLARATIONS, qname
from simulator.bod.verbs import (
    build_get,
    get_expression,
    new_bod,
    nouns,
    parse_response_header,
    response_verb_xml,
)

ACCESS_PROFILE = "IBM_Store_Details"
GET_ROOT = qname(INV, "GetInventoryAvailability")
SHOW_ROOT = qname(INV, "ShowInventoryAvailability")

_ITEM_SUFFIXES = (
    ("CatalogEntryIdentifier/UniqueID", ItemForm.UNIQUE_ID),
    ("CatalogEntryIdentifier/ExternalIdentifier/PartNumber", ItemForm.PART_NUMBER),
)
_LOCATION_SUFFIXES = tuple((form.value, form) for form in LocationForm)
_PartialKey = tuple[str, ItemForm, str | None, LocationForm | None, str | None]


def parse_get_inventory_availability_request(
    bod: etree._Element, area: ApplicationArea | None = None, expression: str | None = None
) -> AvailabilityQuery:
    """Parse a GetInventoryAvailability BOD into the (item, location) keys it asks about (its ApplicationArea and
    Get expression may come already read)."""
    area = area or parse_application_area(bod)
    profile, partial = _keys(expression or get_expression(bod))
    default_store = area.store_id
    items = tuple(dict.fromkeys(_complete(key, default_store) for key in partial))
    return AvailabilityQuery(area, items, profile or ACCESS_PROFILE)


@lru_cache(maxsize=65536)
def _complete(key: _PartialKey, default_store: str | None) -> AvailabilityKey:
    item, item_form, location, location_form, uom = key
    if location is None or location_form is None:
        if default_store is None:
            raise BadExpression(f"no store selected for catalog entry {item!r}")
        location, location_form = default_store, LocationForm.ONLINE_UNIQUE_ID
    return AvailabilityKey(item, item_form, location, location_form, uom)


@lru_cache(maxsize=16384)
def _keys(expression_text: str) -> tuple[str | None, tuple[_PartialKey, ...]]:
    expression = parse_expression(expression_text)
    keys = tuple(_key_of(alternative, expression_text) for alternative in expression.alternatives())
    return expression.access_profile, keys


def _key_of(alternative: Sequence[Condition], expression_text: str) -> _PartialKey:
    item: tuple[str, ItemForm] | None = None
    location: tuple[str, LocationForm] | None = None
    uom = None
    for condition in alternative:
        item = next(((condition.value, form) for suffix, form in _ITEM_SUFFIXES if condition.endswith(suffix)), item)
        location = next(
            ((condition.value, form) for suffix, form in _LOCATION_SUFFIXES if condition.endswith(suffix)), location
        )
        if condition.endswith("@uom"):
            uom = condition.value
    if item is None:
        raise BadExpression("no catalog entry selected", expression_text)
    return (item[0], item[1], *(location or (None, None)), uom)


def availability_expression(keys: Sequence[AvailabilityKey], access_profile: str = ACCESS_PROFILE) -> str:
    """Write the expression Commerce sends for these keys (one OR branch per catalog entry)."""
    groups: dict[tuple[str, ItemForm], list[AvailabilityKey]] = {}
    for key in keys:
        groups.setdefault((key.item, key.item_form), []).append(key)
    branches = [_item_clause(item, form, group) for (item, form), group in groups.items()]
    body = branches[0] if len(branches) == 1 else " or ".join(f"({branch})" for branch in branches)
    selection = f"InventoryAvailabilityIdentifier/ExternalIdentifier[{body}]"
    return f"{control_prefix(access_profile)}/InventoryAvailability[{selection}]"


def _item_clause(item: str, form: ItemForm, keys: Sequence[AvailabilityKey]) -> str:
    if form is ItemForm.UNIQUE_ID:
        entry = f"CatalogEntryIdentifier[(UniqueID={literal(item)})]"
    else:
        entry = f"CatalogEntryIdentifier/ExternalIdentifier[(PartNumber={literal(item)})]"
    locations = [_location_clause(key) for key in keys]
    where = locations[0] if len(locations) == 1 else "(" + " or ".join(locations) + ")"
    return f"{entry} and {where}"


def _location_clause(key: AvailabilityKey) -> str:
    value = literal(key.location)
    return {
        LocationForm.ONLINE_UNIQUE_ID: f"OnlineStoreIdentifier[(UniqueID={value})]",
        LocationForm.ONLINE_NAME: f"OnlineStoreIdentifier/ExternalIdentifier[(NameIdentifier={value})]",
        LocationForm.PHYSICAL_UNIQUE_ID: f"PhysicalStoreIdentifier[(UniqueID={value})]",
        LocationForm.PHYSICAL_EXTERNAL: f"PhysicalStoreIdentifier[(ExternalIdentifier={value})]",
    }[key.location_form]


def build_get_inventory_availability_request(query: AvailabilityQuery) -> etree._Element:
    """Build the GetInventoryAvailability BOD Commerce sends for a query."""
    root, data = new_bod(GET_ROOT, query.application_area)
    build_get(data, availability_expression(query.items, query.access_profile))
    return root


def show_inventory_availability_xml(
    records: Sequence[AvailabilityRecord],
    area: ApplicationArea,
    original: ApplicationArea | None,
    errors: Sequence[BusinessError] = (),
) -> str:
    """Serialize a ShowInventoryAvailability BOD as a string (no XML declaration)."""
    return show_inventory_availability_from_fragments(list(map(record_xml, records)), area, original, errors)


def show_inventory_availability_from_fragments(
    fragments: Sequence[str],
    area: ApplicationArea,
    original: ApplicationArea | None,
    errors: Sequence[BusinessError] = (),
) -> str:
    """ShowInventoryAvailability from InventoryAvailability nouns already serialized by record_xml."""
    count = 0 if errors else len(fragments)
    verb = response_verb_xml("Show", original, errors, RecordSet(count=count, total=count))
    nouns_xml = "" if errors else "".join(fragments)
    return (
        f'<_inv:ShowInventoryAvailability {XMLNS_DECLARATIONS} releaseID="9.0" versionID="7.0.0.0">'
        f"{area_xml(area)}<_inv:DataArea>{verb}{nouns_xml}</_inv:DataArea></_inv:ShowInventoryAvailability>"
    )


def show_inventory_availability_bytes(
    records: Sequence[AvailabilityRecord],
    area: ApplicationArea,
    original: ApplicationArea | None,
    version: SoapVersion,
    errors: Sequence[BusinessError] = (),
) -> bytes:
    """The complete response body (envelope included) without building a tree."""
    return envelope_bytes(show_inventory_availability_xml(records, area, original, errors).encode(), version)


def build_show_inventory_availability_response(
    records: Sequence[AvailabilityRecord],
    area: ApplicationArea,
    original: ApplicationArea | None,
    errors: Sequence[BusinessError] = (),
) -> etree._Element:
    """The ShowInventoryAvailability BOD as an element (same bytes as the string builder)."""
    return etree.fromstring(show_inventory_availability_xml(records, area, original, errors))


def record_xml(record: AvailabilityRecord) -> str:
    """One InventoryAvailability noun as a string."""
    parts = [
        "<_inv:InventoryAvailability><_inv:InventoryAvailabilityIdentifier><_wcf:ExternalIdentifier>",
        _catalog_entry_xml(record.key),
        _location_xml(record.key),
        "</_wcf:ExternalIdentifier></_inv:InventoryAvailabilityIdentifier>",
        f"<_inv:InventoryStatus>{esc(record.status)}</_inv:InventoryStatus>",
        f"<_inv:AvailableQuantity uom={quote_attr(record.uom)}>{fmt_decimal(record.quantity)}</_inv:AvailableQuantity>",
    ]
    if record.availability_date is not None:
        parts.append(f"<_inv:AvailabilityDateTime>{fmt_datetime(record.availability_date)}</_inv:AvailabilityDateTime>")
    if record.offset_seconds is not None:
        parts.append(f"<_inv:AvailabilityOffset>{record.offset_seconds}</_inv:AvailabilityOffset>")
    if record.last_update is not None:
        parts.append(f"<_inv:LastUpdateDateTime>{fmt_datetime(record.last_update)}</_inv:LastUpdateDateTime>")
    parts.extend(map(_center_xml, record.fulfillment_centers))
    parts.append("</_inv:InventoryAvailability>")
    return "".join(parts)


def _catalog_entry_xml(key: AvailabilityKey) -> str:
    value = esc(key.item)
    if key.item_form is ItemForm.UNIQUE_ID:
        return f"<_wcf:CatalogEntryIdentifier><_wcf:UniqueID>{value}</_wcf:UniqueID></_wcf:CatalogEntryIdentifier>"
    return (
        "<_wcf:CatalogEntryIdentifier><_wcf:ExternalIdentifier>"
        f"<_wcf:PartNumber>{value}</_wcf:PartNumber></_wcf:ExternalIdentifier></_wcf:CatalogEntryIdentifier>"
    )


def _location_xml(key: AvailabilityKey) -> str:
    value = esc(key.location)
    form = key.location_form
    if form is LocationForm.ONLINE_UNIQUE_ID:
        return f"<_wcf:OnlineStoreIdentifier><_wcf:UniqueID>{value}</_wcf:UniqueID></_wcf:OnlineStoreIdentifier>"
    if form is LocationForm.ONLINE_NAME:
        return (
            "<_wcf:OnlineStoreIdentifier><_wcf:ExternalIdentifier>"
            f"<_wcf:NameIdentifier>{value}</_wcf:NameIdentifier></_wcf:ExternalIdentifier></_wcf:OnlineStoreIdentifier>"
        )
    inner = "UniqueID" if form is LocationForm.PHYSICAL_UNIQUE_ID else "ExternalIdentifier"
    return f"<_wcf:PhysicalStoreIdentifier><_wcf:{inner}>{value}</_wcf:{inner}></_wcf:PhysicalStoreIdentifier>"


def _center_xml(center: FulfillmentCenterAvailability) -> str:
    identifier = ""
    if center.unique_id is not None:
        identifier += f"<_wcf:UniqueID>{esc(center.unique_id)}</_wcf:UniqueID>"
    if center.name is not None:
        identifier += f"<_wcf:Name>{esc(center.name)}</_wcf:Name>"
    quantity = (
        f"<_inv:AvailableQuantity uom={quote_attr(center.uom)}>{fmt_decimal(center.quantity)}</_inv:AvailableQuantity>"
        if center.quantity is not None
        else ""
    )
    return (
        "<_inv:FulfillmentCenterInventoryAvailability>"
        f"<_inv:FulfillmentCenterIdentifier>{identifier}</_inv:FulfillmentCenterIdentifier>{quantity}"
        "</_inv:FulfillmentCenterInventoryAvailability>"
    )


def parse_show_inventory_availability_response(bod: etree._Element) -> AvailabilityResult:
    """Parse a ShowInventoryAvailability BOD (client side)."""
    header = parse_response_header(bod, "Show")
    return AvailabilityResult(header, tuple(_parse_record(noun) for noun in nouns(bod, "InventoryAvailability")))


def _parse_record(noun: etree._Element) -> AvailabilityRecord:
    quantity_element = noun.find(qname(INV, "AvailableQuantity"))
    offset = text(noun, "AvailabilityOffset")
    return AvailabilityRecord(
        key=_parse_key(noun),
        status=text(noun, "InventoryStatus") or "",
        quantity=_quantity(quantity_element),
        uom=(quantity_element.get("uom") if quantity_element is not None else None) or "C62",
        availability_date=parse_datetime(text(noun, "AvailabilityDateTime"), "AvailabilityDateTime"),
        offset_seconds=int(offset) if offset is not None else None,
        last_update=parse_datetime(text(noun, "LastUpdateDateTime"), "LastUpdateDateTime"),
        fulfillment_centers=tuple(
            _parse_center(center) for center in noun.iterfind(qname(INV, "FulfillmentCenterInventoryAvailability"))
        ),
    )


def _quantity(element: etree._Element | None) -> Decimal:
    value = parse_decimal(text(element), "AvailableQuantity")
    return Decimal(0) if value is None else value


def _parse_key(noun: etree._Element) -> AvailabilityKey:
    identifier = "InventoryAvailabilityIdentifier/ExternalIdentifier"
    catentry, part = text(noun, f"{identifier}/CatalogEntryIdentifier/UniqueID"), None
    if catentry is None:
        part = text(noun, f"{identifier}/CatalogEntryIdentifier/ExternalIdentifier/PartNumber")
    item, item_form = (catentry, ItemForm.UNIQUE_ID) if catentry is not None else (part or "", ItemForm.PART_NUMBER)
    for suffix, form in _LOCATION_SUFFIXES:
        value = text(noun, f"{identifier}/{suffix}")
        if value is not None:
            return AvailabilityKey(item, item_form, value, form)
    return AvailabilityKey(item, item_form, "", LocationForm.ONLINE_UNIQUE_ID)


def _parse_center(element: etree._Element) -> FulfillmentCenterAvailability:
    quantity = element.find(qname(INV, "AvailableQuantity"))
    return FulfillmentCenterAvailability(
        name=text(element, "FulfillmentCenterIdentifier/Name"),
        unique_id=text(element, "FulfillmentCenterIdentifier/UniqueID"),
        quantity=parse_decimal(text(quantity), "AvailableQuantity"),
        uom=(quantity.get("uom") if quantity is not None else None) or "C62",
    )
