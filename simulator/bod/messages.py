"""Plain immutable messages (DTOs) the codec parses requests into and builds responses from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ApplicationArea:
    """The BOD ApplicationArea: BODID, CreationDateTime (as sent) and BusinessContext ContextData."""

    creation_date_time: str
    bod_id: str | None = None
    context_data: Pairs = ()
    sender: Pairs = ()

    @property
    def context(self) -> Mapping[str, str]:
        return dict(self.context_data)

    @property
    def store_id(self) -> str | None:
        for name, value in reversed(self.context_data):  # the last one, as `context` keeps it
            if name == "storeId":
                return value
        return None


@dataclass(frozen=True, slots=True)
class BusinessError:
    """A business error carried in ResponseCriteria/ChangeStatus (the noun is then left out)."""

    reason_code: str
    reason: str
    code: str = "Error"


@dataclass(frozen=True, slots=True)
class RecordSet:
    """The record-set attributes of a Show verb."""

    count: int
    total: int
    start: int = 0
    complete: bool = True
    reference_id: str | None = None


@dataclass(frozen=True, slots=True)
class ResponseHeader:
    """What every parsed response carries besides its nouns."""

    application_area: ApplicationArea
    original: ApplicationArea | None = None
    errors: tuple[BusinessError, ...] = ()
    record_set: RecordSet | None = None


class ItemForm(StrEnum):
    """How a catalog entry was identified in a request."""

    UNIQUE_ID = "UniqueID"
    PART_NUMBER = "PartNumber"


class LocationForm(StrEnum):
    """How a store was identified in an availability request."""

    ONLINE_UNIQUE_ID = "OnlineStoreIdentifier/UniqueID"
    ONLINE_NAME = "OnlineStoreIdentifier/ExternalIdentifier/NameIdentifier"
    PHYSICAL_UNIQUE_ID = "PhysicalStoreIdentifier/UniqueID"
    PHYSICAL_EXTERNAL = "PhysicalStoreIdentifier/ExternalIdentifier"


@dataclass(frozen=True, slots=True)
class AvailabilityKey:
    """One (catalog entry, location) pair asked about, with the forms the request used."""

    item: str
    item_form: ItemForm
    location: str
    location_form: LocationForm
    uom: str | None = None

    @property
    def part_number(self) -> str | None:
        return self.item if self.item_form is ItemForm.PART_NUMBER else None

    @property
    def catentry_id(self) -> str | None:
        return self.item if self.item_form is ItemForm.UNIQUE_ID else None

    @property
    def online_store_id(self) -> str | None:
        return self.location if self.location_form is LocationForm.ONLINE_UNIQUE_ID else None

    @property
    def online_store_name(self) -> str | None:
        return self.location if self.location_form is LocationForm.ONLINE_NAME else None

    @property
    def physical_store_id(self) -> str | None:
        return self.location if self.location_form is LocationForm.PHYSICAL_UNIQUE_ID else None

    @property
    def physical_store_name(self) -> str | None:
        return self.location if self.location_form is LocationForm.PHYSICAL_EXTERNAL else None


@dataclass(frozen=True, slots=True)
class AvailabilityQuery:
    """A parsed GetInventoryAvailability."""

    application_area: ApplicationArea
    items: tuple[AvailabilityKey, ...]
    access_profile: str = "IBM_Store_Details"


@dataclass(frozen=True, slots=True)
class FulfillmentCenterAvailability:
    """Availability at one fulfillment center inside an availability record."""

    name: str | None = None
    unique_id: str | None = None
    quantity: Decimal | None = None
    uom: str = "C62"


@dataclass(frozen=True, slots=True)
class AvailabilityRecord:
    """One InventoryAvailability noun of a ShowInventoryAvailability."""

    key: AvailabilityKey
    status: str
    quantity: Decimal = Decimal(0)
    uom: str = "C62"
    availability_date: datetime | None = None
    offset_seconds: int | None = None
    last_update: datetime | None = None
    fulfillment_centers: tuple[FulfillmentCenterAvailability, ...] = ()


@dataclass(frozen=True, slots=True)
class AvailabilityResult:
    """A parsed ShowInventoryAvailability."""

    header: ResponseHeader
    records: tuple[AvailabilityRecord, ...]


@dataclass(frozen=True, slots=True)
class Address:
    """A ContactInfo: contact name, postal address, phone and e-mail."""

    lines: tuple[str, ...] = ()
    city: str | None = None
    state: str | None = None
    country: str | None = None
    postal_code: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class ShippingInfo:
    """Order or order item shipping information."""

    address: Address | None = None
    ship_mode_id: str | None = None
    ship_mode_code: str | None = None
    carrier: str | None = None
    ship_mode_store_id: str | None = None
    instruction: str | None = None
    requested_ship_date: datetime | None = None
    pickup_store_id: str | None = None
    pickup_store_name: str | None = None

    @property
    def is_pickup(self) -> bool:
        return self.ship_mode_code == "PickupInStore" or bool(self.pickup_store_name or self.pickup_store_id)


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A promotion or discount adjustment."""

    amount: Decimal
    code: str | None = None
    usage: str | None = None
    display_level: str | None = None
    promotion_type: str | None = None


@dataclass(frozen=True, slots=True)
class LineAmounts:
    """OrderItemAmount: unit price, extended price, adjustments, shipping and taxes."""

    currency: str
    unit_price: Decimal | None = None
    unit_quantity: Decimal | None = None
    unit_uom: str | None = None
    item_price: Decimal | None = None
    total_adjustment: Decimal | None = None
    adjustments: tuple[Adjustment, ...] = ()
    shipping_charge: Decimal | None = None
    sales_tax: Decimal | None = None
    shipping_tax: Decimal | None = None
    free_gift: bool | None = None
    price_override: bool | None = None


@dataclass(frozen=True, slots=True)
class OrderAmounts:
    """OrderAmount: the order totals, all in one currency."""

    currency: str
    grand_total: Decimal | None = None
    total_product_price: Decimal | None = None
    total_adjustment: Decimal | None = None
    adjustments: tuple[Adjustment, ...] = ()
    total_shipping_charge: Decimal | None = None
    total_sales_tax: Decimal | None = None
    total_shipping_tax: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PaymentInstruction:
    """One payment instruction of OrderPaymentInfo."""

    method: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    unique_id: str | None = None
    sequence_number: int | None = None
    protocol_data: Pairs = ()
    status: str | None = None
    billing_address: Address | None = None


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One OrderItem: identity, product, quantity, amounts, shipping, status and fulfilment."""

    item_id: str | None = None
    external_item_id: str | None = None
    part_number: str | None = None
    catentry_id: str | None = None
    quantity: Decimal | None = None
    uom: str | None = None
    amounts: LineAmounts | None = None
    shipping: ShippingInfo | None = None
    status: str | None = None
    inventory_status: str | None = None
    fulfillment_status: str | None = None
    available_date: datetime | None = None
    expected_ship_date: datetime | None = None
    time_released: datetime | None = None
    time_shipped: datetime | None = None
    fulfillment_center: str | None = None
    fulfillment_center_id: str | None = None
    correlation_group: str | None = None
    description: str | None = None
    comments: str | None = None
    create_date: datetime | None = None
    last_update_date: datetime | None = None
    user_data: Pairs = ()


@dataclass(frozen=True, slots=True)
class OrderDocument:
    """The gen-C Order noun (also the InventoryRequirement noun and a quote's OrderTemplate)."""

    order_id: str | None = None
    external_order_id: str | None = None
    customer_order_number: str | None = None
    store_id: str | None = None
    store_name: str | None = None
    channel: str | None = None
    channel_id: str | None = None
    quote_id: str | None = None
    external_quote_id: str | None = None
    buyer_po: str | None = None
    organization_id: str | None = None
    organization_dn: str | None = None
    buyer_id: str | None = None
    buyer_dn: str | None = None
    buyer_logon: str | None = None
    bill_to: Address | None = None
    amounts: OrderAmounts | None = None
    payments: tuple[PaymentInstruction, ...] = ()
    status: str | None = None
    buyer_approval_status: str | None = None
    description: str | None = None
    comments: str | None = None
    last_update_date: datetime | None = None
    placed_date: datetime | None = None
    lines: tuple[OrderLine, ...] = ()
    shipping: ShippingInfo | None = None
    order_type_code: str | None = None
    ship_as_complete: bool | None = None
    user_data: Pairs = ()

    @property
    def currency(self) -> str | None:
        if self.amounts is not None:
            return self.amounts.currency
        return next((line.amounts.currency for line in self.lines if line.amounts), None)

    def user_value(self, name: str) -> str | None:
        return dict(self.user_data).get(name)


class InventoryAction(StrEnum):
    """ProcessInventoryRequirement action codes."""

    RESERVE = "ReserveInventory"
    CANCEL = "CancelInventoryReservation"
    CHECK = "CheckInventory"


@dataclass(frozen=True, slots=True)
class ReservationRequest:
    """A parsed ProcessInventoryRequirement: the action and the order (InventoryRequirement noun)."""

    application_area: ApplicationArea
    action: InventoryAction
    order: OrderDocument

    @property
    def order_id(self) -> str | None:
        return self.order.order_id

    @property
    def allow_partial(self) -> bool:
        return (self.order.user_value("IBM_AllowPartialReservation") or "N").strip().upper() in ("Y", "TRUE")


@dataclass(frozen=True, slots=True)
class ReservationChunk:
    """One reservation chunk of an order item: Allocated, Backordered or Unallocated."""

    item_id: str
    status: str
    quantity: Decimal | None = None
    uom: str | None = "C62"
    available_date: datetime | None = None
    expected_ship_date: datetime | None = None
    fulfillment_center: str | None = None


@dataclass(frozen=True, slots=True)
class ReservationResult:
    """A parsed AcknowledgeInventoryRequirement."""

    header: ResponseHeader
    order_id: str | None
    chunks: tuple[ReservationChunk, ...]


@dataclass(frozen=True, slots=True)
class PriceKey:
    """One item asked about in GetPriceList: part number, currency, quantity and unit."""

    part_number: str
    currency: str | None = None
    quantity: Decimal | None = None
    uom: str | None = None


@dataclass(frozen=True, slots=True)
class PriceQuery:
    """A parsed GetPriceList (IBM_Store_PriceEntry_DetailProfile)."""

    application_area: ApplicationArea
    items: tuple[PriceKey, ...]
    access_profile: str = "IBM_Store_PriceEntry_DetailProfile"

    @property
    def store_name(self) -> str | None:
        return self.application_area.context.get("storeIdentifier")

    @property
    def for_user(self) -> str | None:
        return self.application_area.context.get("forUser")

    @property
    def store_id(self) -> str | None:
        return self.application_area.store_id


@dataclass(frozen=True, slots=True)
class PriceEntry:
    """One PriceEntry of a ShowPriceList."""

    part_number: str
    price: Decimal
    currency: str
    quantity: Decimal | None = None
    uom: str | None = None
    catentry_id: str | None = None
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class PriceListResult:
    """A parsed ShowPriceList."""

    header: ResponseHeader
    entries: tuple[PriceEntry, ...]
    price_list_id: str | None = None
    price_list_name: str | None = None


class OrderAction(StrEnum):
    """ProcessOrder action codes the codec understands."""

    CALCULATE = "CalculateOrder"
    TRANSFER = "TransferOrder"
    TRANSFER_SHORT = "Transfer"

    @property
    def is_transfer(self) -> bool:
        return self is not OrderAction.CALCULATE


@dataclass(frozen=True, slots=True)
class ProcessOrderRequest:
    """A parsed ProcessOrder (CalculateOrder, TransferOrder or Transfer)."""

    application_area: ApplicationArea
    action: OrderAction
    order: OrderDocument


@dataclass(frozen=True, slots=True)
class OrderAcknowledgement:
    """A parsed AcknowledgeOrder (order is None when a business error left the noun out)."""

    header: ResponseHeader
    order: OrderDocument | None


DETAIL_PROFILES = frozenset({"IBM_External_Details", "IBM_Details"})


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """The filters of a GetOrder or GetQuote, whatever expression form carried them."""

    application_area: ApplicationArea
    access_profile: str
    statuses: tuple[str, ...] = ()
    buyer_dn: str | None = None
    buyer_logon: str | None = None
    store_id: str | None = None
    store_name: str | None = None
    unique_ids: tuple[str, ...] = ()
    external_ids: tuple[str, ...] = ()
    after_external_id: str | None = None
    record_set_total: int | None = None
    max_items: int | None = None
    start: int | None = None

    @property
    def is_detail(self) -> bool:
        return self.access_profile in DETAIL_PROFILES


OrderQuery = DocumentQuery
QuoteQuery = DocumentQuery


@dataclass(frozen=True, slots=True)
class OrderList:
    """A parsed ShowOrder."""

    header: ResponseHeader
    orders: tuple[OrderDocument, ...]


@dataclass(frozen=True, slots=True)
class QuoteDocument:
    """The Quote noun: quote ids, expiration and the order template."""

    quote_id: str | None = None
    external_quote_id: str | None = None
    expiration_date: datetime | None = None
    order: OrderDocument = field(default_factory=OrderDocument)

    @property
    def status(self) -> str | None:
        return self.order.status


@dataclass(frozen=True, slots=True)
class SubmitQuoteRequest:
    """A parsed ProcessQuote SubmitQuote."""

    application_area: ApplicationArea
    quote: QuoteDocument
    action: str = "SubmitQuote"


@dataclass(frozen=True, slots=True)
class QuoteAcknowledgement:
    """A parsed AcknowledgeQuote."""

    header: ResponseHeader
    quote: QuoteDocument | None


@dataclass(frozen=True, slots=True)
class QuoteList:
    """A parsed ShowQuote."""

    header: ResponseHeader
    quotes: tuple[QuoteDocument, ...]
