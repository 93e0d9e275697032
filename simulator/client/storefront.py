"""What a Commerce storefront shows a buyer, and the back-office port it calls out through (one method per call)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from simulator.bod.dispatch import Operation
from simulator.client.model import Buyer, Order, Quote

WEB_CHANNEL = "Web Channel"
"""ChannelName of orders and quotes placed through the storefront; anything else came from another channel."""

ALLOCATED = "Allocated"
BACKORDERED = "Backordered"
UNALLOCATED = "Unallocated"


@dataclass(frozen=True, slots=True)
class Availability:
    """Inventory status of a part at the online store: Available, Backorderable or Unavailable."""

    part_number: str
    status: str
    quantity: Decimal
    available_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class OfferPrice:
    """The buyer organization's contract (offer) price of a part for a quantity."""

    part_number: str
    price: Decimal
    currency: str
    quantity: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True)
class ProductView:
    """A product details (or catalog browse) page: availability and offer price."""

    part_number: str
    availability: Availability
    offer: OfferPrice | None


@dataclass(frozen=True, slots=True)
class CartLine:
    """One item of the current order, priced from the cache (no discounts)."""

    item_id: str
    part_number: str
    quantity: int
    unit_price: Decimal | None
    inventory_status: str | None = None

    @property
    def total(self) -> Decimal:
        """Unit price times quantity (0 when there is no price yet)."""
        return (self.unit_price or Decimal(0)) * self.quantity


@dataclass(frozen=True, slots=True)
class Allocation:
    """One chunk of a reservation: Allocated, Backordered or Unallocated quantity of an order item."""

    item_id: str
    status: str
    quantity: Decimal
    available_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReservationOutcome:
    """What a ReserveInventory held, or the business errors that stopped it."""

    allocations: tuple[Allocation, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def held(self) -> bool:
        """True when the back office holds the reservation."""
        return not self.errors


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A line as the back office calculated it."""

    item_id: str
    part_number: str
    quantity: int
    unit_price: Decimal
    price: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    """The back office's CalculateOrder answer."""

    currency: str
    product: Decimal
    shipping: Decimal
    tax: Decimal
    grand_total: Decimal
    lines: tuple[PricedLine, ...] = ()


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """An Order Summary line: refreshed price, and how much of it the reservation holds."""

    item_id: str
    part_number: str
    quantity: int
    unit_price: Decimal
    price: Decimal
    allocated: Decimal = Decimal(0)
    backordered: Decimal = Decimal(0)
    unallocated: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class OrderSummary:
    """The Order Summary page: built at order preparation, shown with no external call."""

    order_id: str
    lines: tuple[SummaryLine, ...]
    totals: Totals
    problems: tuple[str, ...] = ()

    @property
    def can_submit(self) -> bool:
        """An order can be placed only once its reservation succeeded."""
        return not self.problems

    def line(self, part_number: str) -> SummaryLine:
        """The summary line of a part."""
        return next(line for line in self.lines if line.part_number == part_number)


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """A line of an order or quote as the back office reports it."""

    part_number: str
    quantity: Decimal
    unit_price: Decimal | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """An order or a quote in the back office, from any channel."""

    external_id: str
    status: str | None
    channel: str | None
    commerce_id: str | None = None
    placed: datetime | None = None
    grand_total: Decimal | None = None
    lines: tuple[DocumentLine, ...] = field(default=())

    @property
    def from_other_channel(self) -> bool:
        """True when the order or quote was not placed through the storefront."""
        return self.channel != WEB_CHANNEL


class BackOffice(Protocol):
    """The outbound calls a storefront makes, one method per call (SOAP, in-process or anything else)."""

    @property
    def store_id(self) -> str: ...

    def availability(self, parts: Sequence[str]) -> list[Availability]:
        """GetInventoryAvailability at the online store."""
        ...

    def offer_prices(self, buyer: Buyer, items: Sequence[tuple[str, int]]) -> list[OfferPrice]:
        """GetPriceList for (part, quantity) pairs."""
        ...

    def reserve(self, order: Order, allow_partial: bool) -> ReservationOutcome:
        """ProcessInventoryRequirement ReserveInventory."""
        ...

    def cancel_reservation(self, order: Order) -> None:
        """ProcessInventoryRequirement CancelInventoryReservation."""
        ...

    def calculate(self, order: Order) -> Totals:
        """ProcessOrder CalculateOrder."""
        ...

    def transfer(self, order: Order) -> Document:
        """ProcessOrder TransferOrder: the order the back office now holds."""
        ...

    def submit_quote(self, quote: Quote) -> Document:
        """ProcessQuote SubmitQuote: the quote the back office now holds."""
        ...

    def orders(self, buyer: Buyer, statuses: Sequence[str]) -> list[Document]:
        """GetOrder IBM_External_Summary for the buyer (every status when none is given)."""
        ...

    def order(self, external_id: str) -> Document:
        """GetOrder IBM_External_Details."""
        ...

    def quotes(self, buyer: Buyer, statuses: Sequence[str]) -> list[Document]:
        """GetQuote IBM_External_Summary for the buyer (every status when none is given)."""
        ...

    def quote(self, external_id: str) -> Document:
        """GetQuote IBM_External_Details."""
        ...


class Shopper(Protocol):
    """A logged-in buyer in the Order and Quote Capture flow: what the feature steps drive."""

    def browse(self, part_number: str) -> ProductView: ...
    def product_details(self, part_number: str) -> ProductView: ...
    def add_to_cart(self, part_number: str, quantity: int) -> CartLine: ...
    def change_cart(self, part_number: str, quantity: int) -> None: ...
    def cart(self) -> tuple[CartLine, ...]: ...
    def prepare_checkout(self, allow_partial: bool = False) -> OrderSummary: ...
    def place_order(self) -> str: ...
    def create_quote(self) -> str: ...
    def orders(self) -> list[Document]: ...
    def order_details(self, external_id: str) -> Document: ...
    def quotes(self) -> list[Document]: ...
    def quote_details(self, external_id: str) -> Document: ...


OUTBOUND_OPERATIONS: tuple[str, ...] = tuple(op.value for op in Operation)


def no_calls() -> Mapping[str, int]:
    """Every outbound operation with a zero count."""
    return dict.fromkeys(OUTBOUND_OPERATIONS, 0)
