"""Record layouts of every legacy message, (legacy-messaging.md sections 2 and 4; inferred tails)."""

from __future__ import annotations

from simulator.legacy.fixed import layout

PROLOG = layout(("type", 10), ("version", 2), ("reserved", 10))

_ADDRESS = (
    ("addr1", 50), ("addr2", 50), ("addr3", 50), ("city", 30), ("state", 20), ("country", 30), ("zip", 20),
)

ORDER_HDR010 = layout(
    ("version", 2), ("order_id", 10), ("date", 8), ("time", 6), ("currency", 10), ("total", 16), ("tax", 16),
    ("shipping", 16), ("shipping_tax", 16), ("member_id", 10), ("store_id", 10), ("merchant_order", 30),
    ("billto_id", 10), ("field1", 10), ("field2", 16), ("field3", 254),
)
ORDER_HDR020 = layout(
    ("version", 2), ("logon_id", 31), ("last_name", 30), ("middle_name", 30), ("first_name", 30), *_ADDRESS,
    ("email1", 254), ("email2", 254), ("phone1", 30), ("phone2", 30), ("fax", 30), ("company", 80),
    ("group", 50),
)
ORDER_HDR030 = layout(
    ("version", 2), ("last_name", 30), ("middle_name", 30), ("first_name", 30), *_ADDRESS,
    ("email1", 254), ("email2", 254), ("phone1", 30), ("phone2", 30), ("fax", 30),
)
ORDER_HDR040 = layout(
    ("version", 2), ("name", 80), ("addr1", 50), ("addr2", 50), ("addr3", 50), ("city", 30), ("state", 20),
    ("country", 30), ("zip", 20), ("phone", 30), ("contact_last", 30), ("contact_middle", 30),
    ("contact_first", 30), ("contact_title", 30), ("contact_phone1", 30), ("contact_phone2", 30),
    ("contact_email1", 254), ("contact_email2", 254),
)
ORDER_ITM010 = layout(
    ("version", 2), ("line", 3), ("item_id", 10), ("catentry_id", 10), ("part_number", 64), ("description", 254),
    ("unit_price", 16), ("currency", 10), ("quantity", 10), ("shipto_id", 10), ("shipmode_id", 10), ("state", 1),
    ("shipto_last", 30), ("shipto_middle", 30), ("shipto_first", 30),
)

STATUS_HDR010 = layout(
    ("version", 2), ("order_id", 10), ("currency", 10), ("total", 16), ("tax", 16), ("shipping", 16),
    ("shipping_tax", 16), ("merchant_order", 30), ("status", 32), ("schedule_ship", 8), ("actual_ship", 8),
    ("placed", 8),
)
STATUS_ITM010 = layout(
    ("version", 2), ("order_id", 10), ("merchant_order", 30), ("item_id", 10), ("merchant_item", 30),
    ("status", 32), ("schedule_ship", 8), ("actual_ship", 8), ("placed", 8), ("quantity", 10),
)
PRICE_HDR010 = layout(
    ("version", 2), ("catentry_id", 10), ("price", 16), ("currency", 10), ("shopper_group", 10), ("precedence", 10),
    ("merchant_id", 10), ("part_number", 64), ("offer_id", 10), ("start", 26), ("end", 26),
)
QUANTITY_HDR010 = layout(
    ("version", 2), ("catentry_id", 10), ("quantity", 10), ("part_number", 64), ("store_id", 10),
)
CUSTOMER_HDR010 = layout(
    ("version", 2), ("logon_id", 31), ("password", 12), ("verify_password", 12), ("store_id", 10),
    ("method_comm", 2), ("challenge_question", 250), ("challenge_answer", 250), ("field1", 254), ("field2", 254),
    ("title", 5), ("last_name", 30), ("first_name", 30), ("middle_name", 30), ("company", 80), ("phone1", 30),
    ("phone2", 30), ("fax", 30), *_ADDRESS, ("email1", 254), ("email2", 254),
)
