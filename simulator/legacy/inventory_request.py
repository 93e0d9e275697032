"""Request_WCS_BE_ProductInventory 1.0: Commerce's inventory check read, and the back office's Reply written."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from simulator.legacy.errors import MalformedMessage
from simulator.legacy.xmlread import message_name, read_document, text
from simulator.legacy.xmlwrite import amount, document, iso, sub

ROOT = "Request_WCS_BE_ProductInventory"
DTD_FILE = "Request_WCS_BE_ProductInventory_10.dtd"


@dataclass(frozen=True, slots=True)
class InventoryAsk:
    """One ProductInventoryInfo of a request."""

    part_number: str
    quantity: Decimal
    store_id: str = ""
    fulfillment_center_id: str = ""


@dataclass(frozen=True, slots=True)
class InventoryAnswer:
    """What the back office can promise for one ask."""

    available: Decimal
    estimated: datetime
    error_code: str = ""


def read_request(data: bytes) -> tuple[etree._Element, list[InventoryAsk]]:
    """The parsed request and its asks; refused unless it is a Request with at least one ProductSKU."""
    root = read_document(data)
    name, _version = message_name(root)
    if name != ROOT:
        raise MalformedMessage("_ERR_CMD_INVALID_MESSAGE", f"expected {ROOT}, got {name}")
    verb = root.find("ControlArea/Verb")
    if verb is None or verb.get("value") != "Request":
        raise MalformedMessage("_ERR_BAD_XML", 'Verb value must be "Request"')
    infos = root.findall("DataArea/ProductInventoryInfo")
    if not infos:
        raise MalformedMessage("_ERR_BAD_XML", "no ProductInventoryInfo")
    return root, [_ask(info) for info in infos]


def _ask(info: etree._Element) -> InventoryAsk:
    part = text(info, "ProductSKU")
    if not part:
        raise MalformedMessage("_ERR_BAD_XML", "ProductSKU is missing")
    try:
        quantity = Decimal(text(info, "RequestedQuantity") or "0")
    except InvalidOperation as error:
        raise MalformedMessage("_ERR_BAD_XML", "RequestedQuantity is not a number") from error
    return InventoryAsk(part, quantity, text(info, "StoreID"), text(info, "FulfillmentCenterID"))


def render_reply(request: etree._Element, answers: list[InventoryAnswer]) -> bytes:
    """The request copied with Verb Reply, ReplyStatus OK and one DeliveryInfo per ProductInventoryInfo."""
    root = copy.deepcopy(request)
    verb = root.find("ControlArea/Verb")
    if verb is not None:
        verb.set("value", "Reply")
        if verb.text and verb.text.strip():
            verb.text = "Reply"
    credentials = root.find("ControlArea/Credentials")
    if credentials is not None:
        root.find("ControlArea").remove(credentials)  # type: ignore[union-attr]
    for info, answer in zip(root.findall("DataArea/ProductInventoryInfo"), answers, strict=True):
        for old in info.findall("ReplyStatus") + info.findall("DeliveryInfo"):
            info.remove(old)
        comment = info.find("Comment")
        added = [_status(answer)]
        if not answer.error_code:
            delivery = etree.Element("DeliveryInfo")
            sub(delivery, "AvailableQuantity", amount(answer.available))
            sub(delivery, "EstimatedAvailDate", iso(answer.estimated))
            added.append(delivery)
        for element in added:
            if comment is not None:
                comment.addprevious(element)
            else:
                info.append(element)
    return document(root, DTD_FILE)


def _status(answer: InventoryAnswer) -> etree._Element:
    if answer.error_code:
        return etree.Element("ReplyStatus", status="ERROR", code=answer.error_code)
    return etree.Element("ReplyStatus", status="OK")
