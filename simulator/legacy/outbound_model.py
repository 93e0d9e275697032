"""What the back office tells Commerce, independent of the format family that carries it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class Family(StrEnum):
    """The message family a site's Commerce reads: WCS (2.0/3.0), NC (1.0) or legacy fixed-width buffers."""

    WCS = "wcs"
    NC = "nc"
    LEGACY = "legacy"


class StatusForm(StrEnum):
    """The DataArea child of Update_WCS_OrderStatus, which picks Commerce's command."""

    CONFIRM = "OrderConfirm"
    SHIPPING = "OrderShipping"
    INVOICE = "OrderInvoice"
    STATUS = "OrderStatus"


@dataclass(frozen=True, slots=True)
class Credentials:
    """ControlArea/Credentials; empty logon id means none are written."""

    logon_id: str = ""
    password: str = ""


@dataclass(frozen=True, slots=True)
class StatusItem:
    """One order item's status."""

    item_id: str
    backend_item: str
    part_number: str
    quantity: Decimal
    shipped: Decimal = Decimal(0)
    condition: str = "C"
    text: str = ""


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """An order's status as the back office reports it at one lifecycle step."""

    form: StatusForm
    order_id: str
    backend_order: str
    condition: str
    text: str
    currency: str
    total_net: Decimal
    total_tax: Decimal
    total_shipping: Decimal
    total_tax_shipping: Decimal
    sequence: int
    timestamp: datetime
    placed: datetime | None = None
    shipped_at: datetime | None = None
    invoice_value: Decimal | None = None
    items: tuple[StatusItem, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class InventoryUpdate:
    """The absolute quantity of a part at a store (and fulfillment center)."""

    part_number: str
    store_id: str
    quantity: int
    catentry_id: str = ""
    fulfillment_center_id: str = ""


@dataclass(frozen=True, slots=True)
class PriceUpdate:
    """An offer price of a part."""

    part_number: str
    member_id: str
    currency: str
    price: Decimal
    precedence: str = "0"
    catentry_id: str = ""
    start: datetime | None = None


@dataclass(frozen=True, slots=True)
class CustomerUpdate:
    """A registered buyer created or changed by the back office."""

    create: bool
    logon_id: str
    last_name: str
    store_id: str
    first_name: str = ""
    address_line: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    country: str = ""
    email: str = ""
    phone: str = ""
    password: str = ""


@dataclass(frozen=True, slots=True)
class ShipmentConfirmation:
    """A release shipped."""

    order_id: str
    release_number: str
    ship_mode_id: str
    shipped_at: datetime
    shipping_costs: Decimal
    currency: str
    weight: Decimal
    weight_measure: str = "KGM"
    tracking_id: str = ""


@dataclass(frozen=True, slots=True)
class ErrorReport:
    """A WCS_Error: Commerce's answer shape for a message that failed."""

    message_key: str
    message: str
    error_type: str = "GenericApplicationError"
    command: str = ""
    attributes: tuple[tuple[str, str], ...] = field(default_factory=tuple)
