"""Entities of the system of record: catalog, locations, stock, members, prices, orders, quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

UNIT_EACH = "C62"


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A sellable item: Commerce knows it by part number and catalog entry id."""

    part_number: str
    catentry_id: str
    name: str
    uom: str
    list_price: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class OnlineStore:
    """A Commerce store: UniqueID is the storeId, identifier its NameIdentifier."""

    store_id: str
    identifier: str
    currency: str


@dataclass(frozen=True, slots=True)
class FulfillmentCenter:
    """A warehouse (ship node) that holds stock."""

    fc_id: str
    name: str


@dataclass(frozen=True, slots=True)
class PhysicalStore:
    """A brick-and-mortar store; its stock is held by one fulfillment center."""

    store_id: str
    external_id: str
    name: str
    fc_id: str


@dataclass(frozen=True, slots=True)
class FutureReceipt:
    """Stock expected to arrive at a fulfillment center."""

    date: datetime
    quantity: int


@dataclass(frozen=True, slots=True)
class StockLevel:
    """Stock of one part at one fulfillment center."""

    part_number: str
    fc_id: str
    on_hand: int
    safety_stock: int = 0
    receipts: tuple[FutureReceipt, ...] = ()


class AllocationStatus(StrEnum):
    """InventoryStatus of a reservation chunk, as Commerce names it."""

    ALLOCATED = "Allocated"
    BACKORDERED = "Backordered"
    UNALLOCATED = "Unallocated"


@dataclass(frozen=True, slots=True)
class ReservationChunk:
    """Part of an order item's reservation, from one source (on hand, or one future receipt)."""

    order_item_id: str
    part_number: str
    quantity: int
    status: AllocationStatus
    fc_id: str | None = None
    available_date: datetime | None = None
    expected_ship_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class Reservation:
    """All stock held for one Commerce order, keyed by the Commerce order id."""

    order_id: str
    store_id: str
    chunks: tuple[ReservationChunk, ...]
    created: datetime

    def held_chunks(self) -> tuple[ReservationChunk, ...]:
        """The chunks that actually hold stock (allocated or backordered)."""
        return tuple(c for c in self.chunks if c.status is not AllocationStatus.UNALLOCATED)


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """A postal address as Commerce's member data carries it."""

    lines: tuple[str, ...] = ()
    city: str | None = None
    state: str | None = None
    country: str | None = None
    postal_code: str | None = None
    address_type: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact of an organization: a name, an address, phones, faxes and e-mails."""

    name: str | None = None
    address: PostalAddress | None = None
    telephones: tuple[str, ...] = ()
    faxes: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Organization:
    """A B2B buyer organization, known to Commerce by its distinguished name."""

    org_id: str
    dn: str
    name: str
    parent_dn: str | None = None
    org_type: str | None = None
    business_category: str | None = None
    description: str | None = None
    primary_contact: Contact | None = None
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True, slots=True)
class Buyer:
    """A B2B buyer: a person with a logon id who belongs to an organization."""

    logon_id: str
    dn: str
    org_dn: str
    first_name: str
    last_name: str
    email: str


@dataclass(frozen=True, slots=True)
class PriceBreak:
    """An offer price that applies from a minimum quantity up."""

    min_quantity: int
    price: Decimal


@dataclass(frozen=True, slots=True)
class PriceList:
    """A contract price list entitling one organization (or the store default when org_dn is None)."""

    price_list_id: str
    name: str
    contract_id: str
    currency: str
    org_dn: str | None
    prices: dict[str, tuple[PriceBreak, ...]] = field(default_factory=dict)


class Channel(StrEnum):
    """Commerce's ChannelName values for where an order was placed."""

    WEB = "Web Channel"
    PHONE = "Phone"
    EDI = "Electronic data feed"
    CSR = "B2B External"
    PHYSICAL_STORE = "Physical Store"
    FAX = "Fax"
    MESSAGING = "Commerce messaging"


@dataclass(frozen=True, slots=True)
class OrderAmounts:
    """Order-level totals, one currency."""

    currency: str
    product: Decimal
    adjustment: Decimal
    shipping: Decimal
    sales_tax: Decimal
    shipping_tax: Decimal

    @property
    def grand_total(self) -> Decimal:
        """Everything the buyer pays."""
        return self.product + self.adjustment + self.shipping + self.sales_tax + self.shipping_tax


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One order item as the back office holds it."""

    line_id: str
    part_number: str
    quantity: int
    unit_price: Decimal
    shipping: Decimal
    sales_tax: Decimal
    shipping_tax: Decimal
    status: str
    uom: str = UNIT_EACH
    commerce_item_id: str | None = None
    fc_id: str | None = None
    ship_date: datetime | None = None
    requested_ship_date: datetime | None = None

    @property
    def price(self) -> Decimal:
        """Unit price times quantity."""
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class Order:
    """An order in the back office, whichever channel placed it."""

    external_order_id: str
    store_id: str
    channel: Channel
    buyer_logon_id: str
    buyer_dn: str
    org_dn: str
    lines: tuple[OrderLine, ...]
    amounts: OrderAmounts
    status: str
    placed: datetime
    last_update: datetime
    commerce_order_id: str | None = None
    quote_id: str | None = None
    purchase_order_number: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote in the back office: an order template with an expiration date."""

    external_quote_id: str
    store_id: str
    channel: Channel
    buyer_logon_id: str
    buyer_dn: str
    org_dn: str
    lines: tuple[OrderLine, ...]
    amounts: OrderAmounts
    status: str
    placed: datetime
    last_update: datetime
    expiration: datetime
    commerce_quote_id: str | None = None
    commerce_order_id: str | None = None
