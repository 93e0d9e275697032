"""Inputs of the use cases, independent of any wire format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class PartRef:
    """A catalog entry named by part number or by catalog entry id."""

    part_number: str | None = None
    catentry_id: str | None = None


@dataclass(frozen=True, slots=True)
class LocationRef:
    """Where availability is asked: an online store (id or name) or a physical store (id or external id)."""

    online_store_id: str | None = None
    online_store_name: str | None = None
    physical_store_id: str | None = None
    physical_store_external_id: str | None = None


@dataclass(frozen=True, slots=True)
class AvailabilityKey:
    """One (part, location) pair of an availability request."""

    part: PartRef
    location: LocationRef


@dataclass(frozen=True, slots=True)
class ReserveItem:
    """One order item to reserve; a physical store means pickup there."""

    order_item_id: str
    part: PartRef
    quantity: int
    physical_store_external_id: str | None = None


@dataclass(frozen=True, slots=True)
class PriceItem:
    """A part, a quantity and a currency to price."""

    part: PartRef
    quantity: int
    currency: str


@dataclass(frozen=True, slots=True)
class DraftLine:
    """One line of an order Commerce sends for calculation, transfer or quoting."""

    order_item_id: str
    part: PartRef
    quantity: int
    uom: str = "C62"
    requested_ship_date: datetime | None = None
    physical_store_external_id: str | None = None


@dataclass(frozen=True, slots=True)
class BuyerRef:
    """The buyer as Commerce names it: logon id and/or distinguished name."""

    logon_id: str | None = None
    dn: str | None = None


@dataclass(frozen=True, slots=True)
class OrderDraft:
    """An order as Commerce sends it."""

    commerce_order_id: str
    store_id: str
    buyer: BuyerRef
    currency: str
    lines: tuple[DraftLine, ...]
    placed: datetime | None = None
    purchase_order_number: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteDraft:
    """A quote request as Commerce sends it (SubmitQuote)."""

    commerce_quote_id: str
    order: OrderDraft
    expiration: datetime | None = None


@dataclass(frozen=True, slots=True)
class LineAmounts:
    """A calculated line: entitled unit price and charges."""

    order_item_id: str
    part_number: str
    quantity: int
    uom: str
    unit_price: Decimal
    price: Decimal
    shipping: Decimal
    sales_tax: Decimal
    shipping_tax: Decimal
