"""The order notification as read from either wire format, independent of the backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class NotificationLine:
    """One order item of a notification."""

    item_id: str
    part_number: str
    quantity: Decimal
    unit_price: Decimal
    currency: str
    line_number: int = 0
    description: str = ""
    catentry_id: str = ""
    status: str = ""


@dataclass(frozen=True, slots=True)
class Notification:
    """Commerce's order notification: Report_NC_PurchaseOrder or the legacy Order Create buffer."""

    order_id: str
    currency: str
    lines: tuple[NotificationLine, ...]
    placed: datetime | None = None
    total_net: Decimal = Decimal(0)
    total_tax: Decimal | None = None
    total_shipping: Decimal = Decimal(0)
    total_tax_shipping: Decimal = Decimal(0)
    status: str = ""
    store_id: str = ""
    member_id: str = ""
    logon_id: str = ""
    merchant_order: str = ""
    custom_fields: tuple[str, ...] = field(default_factory=tuple)
    source_format: str = "xml"


def placed_parts(placed: datetime | None) -> tuple[str, str]:
    """YYYYMMDD and HHMMSS of a timestamp, as the JSP cuts them; empty when unknown."""
    if placed is None:
        return "", ""
    return placed.strftime("%Y%m%d"), placed.strftime("%H%M%S")


def parse_placed(date: str, time: str) -> datetime | None:
    """The timestamp of YYYYMMDD + optional HHMMSS, or None when the date is empty."""
    if not date:
        return None
    return datetime.strptime(date + (time or "000000"), "%Y%m%d%H%M%S")


def money(value: Decimal | None) -> str:
    """A DECIMAL(20,5) column as the data bean prints it."""
    return "" if value is None else f"{value:.5f}"


def quantity_text(value: Decimal) -> str:
    """ORDERITEMS.QUANTITY, a DOUBLE, as Java prints it (2.0)."""
    return repr(float(value))
