"""The legacy fixed-width messages the back office sends: OS, PQ, PP, NC and UC buffers."""

from __future__ import annotations

from simulator.legacy import fixed
from simulator.legacy.ecedoc import prolog, segment
from simulator.legacy.layouts import CUSTOMER_HDR010, PRICE_HDR010, QUANTITY_HDR010, STATUS_HDR010, STATUS_ITM010
from simulator.legacy.outbound_model import CustomerUpdate, InventoryUpdate, PriceUpdate, StatusUpdate
from simulator.legacy.xmlwrite import amount, ymd


def order_status(update: StatusUpdate) -> str:
    """An Order Status Update (OS, version 02) buffer."""
    shipped = ymd(update.shipped_at)
    head = {
        "version": "01", "order_id": update.order_id, "currency": update.currency,
        "total": amount(update.total_net), "tax": amount(update.total_tax), "shipping": amount(update.total_shipping),
        "shipping_tax": amount(update.total_tax_shipping), "merchant_order": update.backend_order,
        "status": update.text, "actual_ship": shipped, "placed": ymd(update.placed),
    }
    items = "".join(
        segment("ITMDAT", segment("ITM010", fixed.render(STATUS_ITM010, {
            "version": "02", "order_id": update.order_id, "merchant_order": update.backend_order,
            "item_id": item.item_id, "merchant_item": item.backend_item, "status": item.text,
            "actual_ship": shipped, "placed": ymd(update.placed), "quantity": amount(item.quantity),
        })))
        for item in update.items
    )
    return ("<ECEDOC>" + prolog("OS", "02") + "<HEADER>" + segment("HDR010", fixed.render(STATUS_HDR010, head))
            + "</HEADER><ITMLST>" + items + "</ITMLST></ECEDOC>")


def quantity(update: InventoryUpdate) -> str:
    """A Product Quantity Update (PQ) buffer."""
    values = {"version": "01", "catentry_id": update.catentry_id, "quantity": str(update.quantity),
              "part_number": update.part_number, "store_id": update.store_id}
    return _single("PQ", "01", fixed.render(QUANTITY_HDR010, values))


def price(update: PriceUpdate) -> str:
    """A Product Price Update (PP, version 02) buffer."""
    values = {"version": "02", "catentry_id": update.catentry_id, "price": amount(update.price),
              "currency": update.currency, "precedence": update.precedence, "merchant_id": update.member_id,
              "part_number": update.part_number,
              "start": update.start.strftime("%Y-%m-%d %H:%M:%S.%f") if update.start else ""}
    return _single("PP", "02", fixed.render(PRICE_HDR010, values))


def customer(update: CustomerUpdate) -> str:
    """A Customer New (NC) or Customer Update (UC) buffer."""
    values = {"version": "01", "logon_id": update.logon_id, "password": update.password,
              "verify_password": update.password, "store_id": update.store_id, "last_name": update.last_name,
              "first_name": update.first_name, "phone1": update.phone, "addr1": update.address_line,
              "city": update.city, "state": update.state, "country": update.country, "zip": update.zip_code,
              "email1": update.email}
    return _single("NC" if update.create else "UC", "01", fixed.render(CUSTOMER_HDR010, values))


def _single(msg_type: str, version: str, hdr010: str) -> str:
    return "<ECEDOC>" + prolog(msg_type, version) + "<HEADER>" + segment("HDR010", hdr010) + "</HEADER></ECEDOC>"
