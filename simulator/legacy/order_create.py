"""The legacy Order Create buffer (PROLOG ON) as SendWCSOrderCmdImpl builds it, read and written."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from simulator.legacy import fixed
from simulator.legacy.ecedoc import prolog, read_buffer, segment
from simulator.legacy.errors import MalformedMessage
from simulator.legacy.layouts import ORDER_HDR010, ORDER_HDR020, ORDER_HDR030, ORDER_HDR040, ORDER_ITM010
from simulator.legacy.model import Notification, NotificationLine, money, parse_placed, placed_parts, quantity_text


def parse_order_create(text: str) -> Notification:
    """The notification in one Order Create buffer."""
    buffer = read_buffer(text)
    if buffer.msg_type != "ON":
        raise MalformedMessage("_ERR_NCPARSER_RETRIEVE_MSGINFO", f"expected message type ON, got {buffer.msg_type!r}")
    hdr010 = buffer.header("HDR010")
    if hdr010 is None:
        raise MalformedMessage("_ERR_NCPARSER_TAG_MISSING", "HDR010 is missing")
    head = fixed.parse(ORDER_HDR010, hdr010)
    buyer = fixed.parse(ORDER_HDR020, buffer.header("HDR020") or "")
    if not head["order_id"]:
        raise MalformedMessage("_ERR_NCPARSER_CANNOT_PARSE_FIELD", "NC_Order RefNumber is empty")
    items = [fixed.parse(ORDER_ITM010, record) for record in buffer.items("ITM010")]
    if not items:
        raise MalformedMessage("_ERR_NCPARSER_NO_ITM_TEMPLATE", "the order has no ITM010 record")
    try:
        placed = parse_placed(head["date"], head["time"])
    except ValueError as error:
        raise MalformedMessage("_ERR_NCPARSER_INVALID_DATE_FORMAT", "Date should be in YYYYMMDD format") from error
    return Notification(
        order_id=head["order_id"],
        currency=head["currency"],
        lines=tuple(_line(item, head["currency"], index) for index, item in enumerate(items)),
        placed=placed,
        total_net=_number(head["total"] or "0"),
        total_tax=_number(head["tax"]) if head["tax"] else None,
        total_shipping=_number(head["shipping"] or "0"),
        total_tax_shipping=_number(head["shipping_tax"] or "0"),
        store_id=head["store_id"],
        member_id=head["member_id"],
        logon_id=buyer.get("logon_id", ""),
        merchant_order=head["merchant_order"],
        custom_fields=tuple(head[name] for name in ("field1", "field2", "field3") if head[name]),
        source_format="legacy",
    )


def _line(item: dict[str, str], currency: str, index: int) -> NotificationLine:
    if not item["part_number"]:
        raise MalformedMessage("_ERR_NCPARSER_CANNOT_PARSE_FIELD", f"item {index + 1} has no NC_Item ProductNumber")
    return NotificationLine(
        item_id=item["item_id"] or str(index + 1),
        part_number=item["part_number"],
        quantity=_number(item["quantity"]),
        unit_price=_number(item["unit_price"] or "0"),
        currency=item["currency"] or currency,
        line_number=int(item["line"]) if item["line"].isdigit() else index + 1,
        description=item["description"],
        catentry_id=item["catentry_id"],
        status=item["state"],
    )


def _number(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise MalformedMessage("_ERR_NCPARSER_CANNOT_PARSE_FIELD", f"not a number: {value!r}") from error


def render_order_create(note: Notification) -> str:
    """The buffer, no separators, every field padded to its width."""
    date, time = placed_parts(note.placed)
    head = {
        "version": "01", "order_id": note.order_id, "date": date, "time": time, "currency": note.currency,
        "total": money(note.total_net), "tax": money(note.total_tax), "shipping": money(note.total_shipping),
        "shipping_tax": money(note.total_tax_shipping), "member_id": note.member_id, "store_id": note.store_id,
        "merchant_order": note.merchant_order,
    }
    head.update(zip(("field1", "field2", "field3"), note.custom_fields, strict=False))
    parts = [
        "<ECEDOC>", prolog("ON"), "<HEADER>",
        segment("HDR010", fixed.render(ORDER_HDR010, head)),
        segment("HDR020", fixed.render(ORDER_HDR020, {"version": "01", "logon_id": note.logon_id})),
        segment("HDR030", fixed.render(ORDER_HDR030, {"version": "01"})),
        segment("HDR040", fixed.render(ORDER_HDR040, {"version": "01"})),
        "</HEADER>", "<ITMLST>",
    ]
    for index, line in enumerate(note.lines):
        values = {
            "version": "01", "line": str(index + 1), "item_id": line.item_id, "catentry_id": line.catentry_id,
            "part_number": line.part_number, "description": line.description,
            "unit_price": money(line.unit_price), "currency": line.currency,
            "quantity": quantity_text(line.quantity), "state": line.status,
        }
        parts.append(segment("ITMDAT", segment("ITM010", fixed.render(ORDER_ITM010, values))))
    parts += ["</ITMLST>", "</ECEDOC>"]
    return "".join(parts)
