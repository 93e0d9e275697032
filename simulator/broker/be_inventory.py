"""Request_WCS_BE_ProductInventory 1.0: read Commerce's availability request, write the back end's Reply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from lxml import etree

from simulator.legacy.xmlwrite import document

ROOT: Final = "Request_WCS_BE_ProductInventory"
DTD_FILE: Final = "Request_WCS_BE_ProductInventory_10.dtd"
_PARSER: Final = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_ECHOED: Final = ("WCOrderId", "WCOrderItemId", "ProductSKU", "RequestedQuantity", "RequestedDate", "StoreID",
                  "FulfillmentCenterID")


class NotAnInventoryRequest(ValueError):
    """The document is not a readable Request_WCS_BE_ProductInventory Request."""


@dataclass(frozen=True, slots=True)
class InventoryQuery:
    """One ProductInventoryInfo of the request: the part, the quantity, and the fields echoed in the reply."""

    sku: str
    quantity: int
    store_id: str | None
    echoed: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One DeliveryInfo: a quantity and when it can be had."""

    quantity: int
    date: datetime


@dataclass(frozen=True, slots=True)
class InventoryAnswer:
    """The reply to one query: OK with its deliveries, or ERROR with a message key."""

    query: InventoryQuery
    deliveries: tuple[Delivery, ...] = ()
    error_code: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class InventoryRequest:
    """A parsed request: its credentials (echoed back) and its queries."""

    logon_id: str | None
    password: str | None
    queries: tuple[InventoryQuery, ...]


def is_inventory_request(data: bytes) -> bool:
    """Whether a message looks like this request (its root element, found without a full parse)."""
    head = data[:2048]
    return f"<{ROOT}".encode() in head and b"<ECEDOC>" not in head


def parse_request(data: bytes) -> InventoryRequest:
    """The request's queries; NotAnInventoryRequest when it is not one, or a Reply, or lacks SKU or quantity."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise NotAnInventoryRequest(f"not well-formed XML: {exc}") from exc
    if root.tag != ROOT:
        raise NotAnInventoryRequest(f"the root element is {root.tag!s}, not {ROOT}")
    verb = root.find("ControlArea/Verb")
    if verb is not None and verb.get("value", "Request") != "Request":
        raise NotAnInventoryRequest(f"the Verb is {verb.get('value')}, not Request")
    queries = tuple(_query(info) for info in root.iterfind("DataArea/ProductInventoryInfo"))
    if not queries:
        raise NotAnInventoryRequest("the request has no ProductInventoryInfo")
    return InventoryRequest(
        _text(root, "ControlArea/Credentials/LogonId"), _text(root, "ControlArea/Credentials/Password"), queries,
    )


def _query(info: etree._Element) -> InventoryQuery:
    sku = _text(info, "ProductSKU")
    quantity = _text(info, "RequestedQuantity")
    if not sku:
        raise NotAnInventoryRequest("a ProductInventoryInfo has no ProductSKU")
    try:
        amount = int(float(quantity or ""))
    except ValueError:
        raise NotAnInventoryRequest(f"RequestedQuantity {quantity!r} of {sku} is not a number") from None
    if amount < 0:
        raise NotAnInventoryRequest(f"RequestedQuantity {quantity!r} of {sku} is negative")
    echoed = tuple((tag, value) for tag in _ECHOED if (value := _text(info, tag)) is not None)
    return InventoryQuery(sku, amount, _text(info, "StoreID"), echoed)


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None or found.text is None else found.text.strip()


def render_reply(request: InventoryRequest, answers: Sequence[InventoryAnswer]) -> bytes:
    """The Reply: each ProductInventoryInfo echoed, with its ReplyStatus and DeliveryInfo, in DTD order."""
    root = etree.Element(ROOT, version="1.0")
    control = etree.SubElement(root, "ControlArea")
    _sub(control, "Verb", "Reply", value="Reply")
    _sub(control, "Noun", "WCS_BE_ProductInventory", value="WCS_BE_ProductInventory")
    if request.logon_id:
        credentials = etree.SubElement(control, "Credentials")
        _sub(credentials, "LogonId", request.logon_id)
        _sub(credentials, "Password", request.password or "")
    data = etree.SubElement(root, "DataArea")
    for answer in answers:
        info = etree.SubElement(data, "ProductInventoryInfo")
        for tag, value in answer.query.echoed:
            _sub(info, tag, value)
        if answer.error_code is None:
            _sub(info, "ReplyStatus", None, status="OK")
        else:
            _sub(info, "ReplyStatus", None, status="ERROR", code=answer.error_code)
        for delivery in answer.deliveries:
            block = etree.SubElement(info, "DeliveryInfo")
            _sub(block, "AvailableQuantity", str(delivery.quantity))
            _sub(block, "EstimatedAvailDate", delivery.date.strftime("%Y-%m-%dT%H:%M:%S.%f"))
        if answer.comment:
            _sub(info, "Comment", answer.comment)
    return document(root, DTD_FILE)


def _sub(parent: etree._Element, tag: str, text: str | None, **attributes: str) -> etree._Element:
    child = etree.SubElement(parent, tag, attributes)
    if text is not None:
        child.text = text
    return child
