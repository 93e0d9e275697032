"""Request_WCS_BE_ProductInventory: a Reply with the back office's availability, valid against our DTD."""

from __future__ import annotations

from lxml import etree

from simulator.backend.service import Backend
from simulator.legacy import dtd
from simulator.messaging.inbound import InboundOptions
from simulator.messaging.inventory_check import answer_inventory_request
from tests.legacy.conftest import stocked
from tests.support.world import online


def request(*parts: str) -> bytes:
    infos = "".join(
        f"<ProductInventoryInfo><WCOrderId>18001</WCOrderId><WCOrderItemId>2000{i}</WCOrderItemId>"
        f"<ProductSKU>{part}</ProductSKU><RequestedQuantity>2</RequestedQuantity></ProductInventoryInfo>"
        for i, part in enumerate(parts)
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE Request_WCS_BE_ProductInventory SYSTEM "Request_WCS_BE_ProductInventory_10.dtd">\n'
            '<Request_WCS_BE_ProductInventory version="1.0"><ControlArea><Verb value="Request">Request</Verb>'
            '<Noun value="WCS_BE_ProductInventory">WCS_BE_ProductInventory</Noun></ControlArea>'
            f"<DataArea>{infos}</DataArea></Request_WCS_BE_ProductInventory>").encode()


def test_the_reply_copies_each_ask_and_adds_the_available_quantity(backend: Backend) -> None:
    part = stocked(backend)[0]
    raw = request(part, "NO-SUCH-PART")
    dtd.validate(raw)
    reply = answer_inventory_request(backend, raw, InboundOptions())
    assert reply.ok
    dtd.validate(reply.body)
    root = etree.fromstring(reply.body.split(b"\n", 2)[2])
    assert root.find("ControlArea/Verb").get("value") == "Reply"  # type: ignore[union-attr]
    infos = root.findall("DataArea/ProductInventoryInfo")
    assert [i.findtext("WCOrderItemId") for i in infos] == ["20000", "20001"]
    assert [i.find("ReplyStatus").get("status") for i in infos] == ["OK", "ERROR"]  # type: ignore[union-attr]
    assert infos[0].findtext("DeliveryInfo/AvailableQuantity") == str(online(backend, part))
    assert infos[1].find("ReplyStatus").get("code") == "_ERR_UnknownPart"  # type: ignore[union-attr]
    assert infos[1].find("DeliveryInfo") is None


def test_a_request_that_is_not_one_answers_a_wcs_error(backend: Backend) -> None:
    reply = answer_inventory_request(backend, request("X").replace(b'value="Request"', b'value="Reply"'),
                                     InboundOptions())
    assert not reply.ok and reply.body.startswith(b"<WCS_Error")
