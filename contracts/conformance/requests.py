"""Requests exactly as Commerce sends them: the golden samples with ids substituted, Get expressions from the codec."""

from __future__ import annotations

import copy
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from lxml import etree

from conformance.data import ContractData
from simulator.bod.availability import availability_expression
from simulator.bod.messages import ApplicationArea, AvailabilityKey, DocumentQuery, ItemForm, LocationForm, PriceKey
from simulator.bod.price import price_expression
from simulator.bod.queries import document_expression

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
OA = "http://www.openapplications.org/oagis/9"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE_OF_ROOT = {
    "GetInventoryAvailability": "InventoryServices",
    "ProcessInventoryRequirement": "InventoryServices",
    "GetPriceList": "PriceServices",
    "ProcessOrder": "OrderServices",
    "GetOrder": "OrderServices",
    "ProcessQuote": "OrderServices",
    "GetQuote": "OrderServices",
}
_DUMMY_AREA = ApplicationArea(creation_date_time="")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


@dataclass(frozen=True, slots=True)
class Request:
    """A SOAP 1.1 envelope holding one BOD, and the service it is posted to."""

    envelope: etree._Element

    @property
    def bod(self) -> etree._Element:
        body = self.envelope.find(f"{{{SOAP11}}}Body")
        assert body is not None
        return next(child for child in body if isinstance(child.tag, str))

    @property
    def root_name(self) -> str:
        return etree.QName(self.bod).localname

    @property
    def service(self) -> str:
        return SERVICE_OF_ROOT[self.root_name]

    @property
    def bod_id(self) -> str:
        return text_at(self.bod, "ApplicationArea/BODID") or ""

    def to_bytes(self) -> bytes:
        return etree.tostring(self.envelope, xml_declaration=True, encoding="UTF-8")


def new_commerce_id() -> str:
    """A fresh numeric id as Commerce uses for orders and items (unique across runs on a persistent target)."""
    return str(10**11 + secrets.randbelow(9 * 10**11))


def paths(path: str) -> str:
    return "/".join(f"{{*}}{step}" for step in path.split("/"))


def elements(root: etree._Element, path: str) -> list[etree._Element]:
    return list(root.iterfind(".//" + paths(path)))


def text_at(root: etree._Element, path: str) -> str | None:
    found = root.find(".//" + paths(path))
    return None if found is None or found.text is None else found.text.strip()


def set_all(root: etree._Element, path: str, value: str) -> None:
    for element in elements(root, path):
        element.text = value


def timestamp(days: int = 0) -> str:
    """A dateTime as Commerce writes it (milliseconds, Z), `days` from now."""
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def load_sample(name: str) -> Request:
    """A sample with a fresh BODID and CreationDateTime."""
    envelope = etree.fromstring((SAMPLES / name).read_bytes(), _PARSER)
    request = Request(envelope)
    area = request.bod.find(paths("ApplicationArea"))
    assert area is not None, f"{name} has no ApplicationArea"
    set_all(area, "BODID", str(uuid.uuid4()))
    set_all(area, "CreationDateTime", timestamp())
    return request


def set_context(request: Request, data: ContractData) -> None:
    """BusinessContext: storeId everywhere; storeIdentifier and forUser where the sample carries them."""
    values = {"storeId": data.store_id, "storeIdentifier": data.store_name, "forUser": data.buyer_dn,
              "currency": data.currency}
    for element in elements(request.bod, "ApplicationArea/BusinessContext/ContextData"):
        value = values.get(element.get("name") or "")
        if value is not None:
            element.text = value


def set_expression(request: Request, expression: str, max_items: int | None = None) -> None:
    get = request.bod.find(".//" + paths("DataArea/Get"))
    assert get is not None
    set_all(get, "Expression", expression)
    if max_items is not None:
        get.set("maxItems", str(max_items))


# Get requests -------------------------------------------------------------------------------------------------


def availability_request(data: ContractData, keys: list[AvailabilityKey]) -> Request:
    request = load_sample("GetInventoryAvailability_partnumber_store_name.xml")
    set_context(request, data)
    set_expression(request, availability_expression(keys))
    return request


def by_part_and_store_name(data: ContractData, part: str) -> AvailabilityKey:
    return AvailabilityKey(part, ItemForm.PART_NUMBER, data.store_name or "", LocationForm.ONLINE_NAME)


def by_catentry_and_store_id(data: ContractData) -> AvailabilityKey:
    return AvailabilityKey(data.catentry_id or "", ItemForm.UNIQUE_ID, data.store_id or "",
                           LocationForm.ONLINE_UNIQUE_ID)


def by_part_and_physical_store(data: ContractData) -> AvailabilityKey:
    return AvailabilityKey(data.part or "", ItemForm.PART_NUMBER, data.physical_store or "",
                           LocationForm.PHYSICAL_EXTERNAL)


def price_request(data: ContractData, parts: list[str]) -> Request:
    request = load_sample("GetPriceList.xml")
    set_context(request, data)
    keys = [PriceKey(part, data.currency, Decimal("1.0"), data.uom) for part in parts]
    set_expression(request, price_expression(keys))
    return request


def document_query(noun: str, **filters: object) -> str:
    query = DocumentQuery(application_area=_DUMMY_AREA, **filters)  # type: ignore[arg-type]
    return document_expression(query, noun)


def order_details_request(data: ContractData, external_id: str) -> Request:
    request = load_sample("GetOrder_external_details.xml")
    set_context(request, data)
    set_expression(request, document_query("Order", access_profile="IBM_External_Details",
                                           external_ids=(external_id,), store_name=data.store_name))
    return request


def order_list_request(data: ContractData, statuses: tuple[str, ...], max_items: int = 50) -> Request:
    """The OQC order list: buyer DN, statuses and store name."""
    request = load_sample("GetOrder_oqc_list.xml")
    set_context(request, data)
    set_expression(request, document_query("Order", access_profile="IBM_External_Summary", buyer_dn=data.buyer_dn,
                                           statuses=statuses, store_name=data.store_name), max_items)
    return request


def order_history_request(data: ContractData, unique_ids: tuple[str, ...] = (), max_items: int = 50) -> Request:
    """The DOM order history: order ids, store id and buyer logon id."""
    request = load_sample("GetOrder_dom_history.xml")
    set_context(request, data)
    set_expression(request, document_query("Order", access_profile="IBM_External_Summary", unique_ids=unique_ids,
                                           store_id=data.store_id, buyer_logon=data.buyer_logon), max_items)
    return request


def quote_details_request(data: ContractData, external_id: str) -> Request:
    request = load_sample("GetQuote_external_details.xml")
    set_context(request, data)
    set_expression(request, document_query("Quote", access_profile="IBM_External_Details",
                                           external_ids=(external_id,), store_name=data.store_name))
    return request


def quote_list_request(data: ContractData, statuses: tuple[str, ...], max_items: int = 50) -> Request:
    request = load_sample("GetQuote_oqc_list.xml")
    set_context(request, data)
    set_expression(request, document_query("Quote", access_profile="IBM_External_Summary", buyer_dn=data.buyer_dn,
                                           statuses=statuses, store_name=data.store_name), max_items)
    return request


# Requests carrying an order -----------------------------------------------------------------------------------


def order_request(sample: str, data: ContractData, order_id: str) -> Request:
    """A sample whose order noun (Order, InventoryRequirement or a quote's OrderTemplate) is filled from data."""
    request = load_sample(sample)
    set_context(request, data)
    fill_order(request.bod, data, order_id)
    return request


def fill_order(bod: etree._Element, data: ContractData, order_id: str) -> None:
    set_all(bod, "OrderIdentifier/UniqueID", order_id)
    set_all(bod, "StoreIdentifier/UniqueID", data.store_id or "")
    set_all(bod, "StoreIdentifier/ExternalIdentifier/NameIdentifier", data.store_name or "")
    set_all(bod, "ShippingModeIdentifier/ExternalIdentifier/StoreUniqueID", data.store_id or "")
    set_all(bod, "OrganizationIdentifier/DistinguishedName", data.organization_dn or "")
    set_all(bod, "BuyerIdentifier/DistinguishedName", data.buyer_dn or "")
    set_all(bod, "BuyerIdentifier/ExternalIdentifier/Identifier", data.buyer_logon or "")
    set_all(bod, "LastUpdateDate", timestamp())
    set_all(bod, "PlacedDate", timestamp())
    set_all(bod, "RequestedShipDate", timestamp(days=6))
    set_all(bod, "Quote/ExpirationDate", timestamp(days=30))
    if data.currency:
        for element in bod.iter():
            if element.get("currency") is not None:
                element.set("currency", data.currency)
    _fill_items(bod, data)


def _fill_items(bod: etree._Element, data: ContractData) -> None:
    items = elements(bod, "OrderItem")
    delivery, pickup = items[0], items[1:]
    _set_item(delivery, data.part or "", data.uom, data.catentry_id)
    for item in pickup:
        if data.part_2 is None or data.physical_store is None:
            parent = item.getparent()
            assert parent is not None
            parent.remove(item)
            continue
        _set_item(item, data.part_2, data.uom, None)
        set_all(item, "PhysicalStoreIdentifier/ExternalIdentifier", data.physical_store)
        set_all(item, "PhysicalStoreIdentifier/UniqueID", data.physical_store_id or data.physical_store)


def _set_item(item: etree._Element, part: str, uom: str, catentry_id: str | None) -> None:
    set_all(item, "OrderItemIdentifier/UniqueID", new_commerce_id())
    set_all(item, "CatalogEntryIdentifier/ExternalIdentifier/PartNumber", part)
    for identifier in elements(item, "CatalogEntryIdentifier"):
        unique = identifier.find(paths("UniqueID"))
        if unique is not None and catentry_id:
            unique.text = catentry_id
        elif unique is not None:
            identifier.remove(unique)
    for quantity in elements(item, "Quantity"):
        quantity.set("uom", uom)


def item_ids(request: Request) -> list[str]:
    return [element.text or "" for element in elements(request.bod, "OrderItem/OrderItemIdentifier/UniqueID")]


def reserve_request(data: ContractData, order_id: str) -> Request:
    return order_request("ReserveInventory.xml", data, order_id)


def cancel_request(data: ContractData, order_id: str) -> Request:
    return order_request("CancelInventoryReservation.xml", data, order_id)


def calculate_request(data: ContractData, order_id: str) -> Request:
    return order_request("CalculateOrder.xml", data, order_id)


def transfer_request(data: ContractData, order_id: str) -> Request:
    return order_request("TransferOrder.xml", data, order_id)


def submit_quote_request(data: ContractData, order_id: str, quote_id: str) -> Request:
    request = order_request("SubmitQuote.xml", data, order_id)
    set_all(request.bod, "Quote/QuoteIdentifier/UniqueID", quote_id)
    return request


def resend(request: Request) -> Request:
    """The same BOD again with a new BODID (Commerce retries with a new message)."""
    again = Request(copy.deepcopy(request.envelope))
    area = again.bod.find(paths("ApplicationArea"))
    assert area is not None
    set_all(area, "BODID", str(uuid.uuid4()))
    return again
