"""Small caller-side values (buyer, order line, order, quote) and how they become the codec's Order noun."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from simulator.bod.messages import (
    Address,
    LineAmounts,
    OrderAmounts,
    OrderDocument,
    OrderLine,
    QuoteDocument,
    ShippingInfo,
)

PENDING = "P"
ORDER_TYPE = "ORD"
STANDARD_SHIPPING = "Standard Delivery"
PICKUP = "PickupInStore"
PARTIAL_FLAG = "IBM_AllowPartialReservation"


@dataclass(frozen=True, slots=True)
class Buyer:
    """A B2B buyer as Commerce names it: logon id, distinguished name and organization DN."""

    logon_id: str
    dn: str
    organization_dn: str | None = None
    member_id: str | None = None

    @property
    def org_dn(self) -> str | None:
        """The organization DN given, else the DN without its first (uid=) component."""
        if self.organization_dn is not None:
            return self.organization_dn
        _, comma, rest = self.dn.partition(",")
        return rest if comma else None


@dataclass(frozen=True, slots=True)
class Line:
    """One order item: part, quantity, and optionally its id, unit price, pickup store and ship date."""

    part_number: str
    quantity: int | Decimal = 1
    item_id: str | None = None
    catentry_id: str | None = None
    unit_price: Decimal | None = None
    uom: str = "C62"
    pickup_store: str | None = None
    requested_ship_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class Order:
    """A Commerce order (cart) to reserve, calculate, transfer or quote."""

    order_id: str
    buyer: Buyer
    lines: tuple[Line, ...]
    currency: str = "USD"
    placed: datetime | None = None
    purchase_order: str | None = None
    ship_to: Address | None = None
    bill_to: Address | None = None
    ship_mode: str = STANDARD_SHIPPING


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote request: the Commerce quote id, its order and when it expires."""

    quote_id: str
    order: Order
    expiration: datetime | None = None


@dataclass(frozen=True, slots=True)
class Store:
    """The online store the client speaks for."""

    store_id: str
    name: str


def commerce_quantity(quantity: int | Decimal) -> Decimal:
    """A quantity as Commerce writes it: whole numbers with one decimal ('2.0')."""
    value = Decimal(quantity)
    return value.quantize(Decimal("0.1")) if value == value.to_integral_value() else value


def item_id(order_id: str, index: int, line: Line) -> str:
    """A line's item id: the one given, else `<order id>-<n>` (1-based)."""
    return line.item_id or f"{order_id}-{index + 1}"


def order_document(order: Order, store: Store, now: datetime, *, partial: bool | None = None) -> OrderDocument:
    """The full Order noun Commerce sends for an order (also the InventoryRequirement and a quote template)."""
    buyer = order.buyer
    return OrderDocument(
        order_id=order.order_id,
        store_id=store.store_id,
        store_name=store.name,
        buyer_po=order.purchase_order,
        organization_dn=buyer.org_dn,
        buyer_id=buyer.member_id,
        buyer_dn=buyer.dn,
        buyer_logon=buyer.logon_id,
        bill_to=order.bill_to,
        amounts=_amounts(order),
        status=PENDING,
        last_update_date=now,
        placed_date=order.placed or now,
        lines=tuple(_line(order, index, line, store) for index, line in enumerate(order.lines)),
        shipping=ShippingInfo(ship_mode_code=order.ship_mode, ship_mode_store_id=store.store_id),
        order_type_code=ORDER_TYPE,
        ship_as_complete=True,
        user_data=() if partial is None else ((PARTIAL_FLAG, "Y" if partial else "N"),),
    )


def requirement(order_id: str, lines: Sequence[Line], buyer: Buyer | None, store: Store, now: datetime,
                partial: bool | None) -> OrderDocument:
    """The InventoryRequirement noun of a reservation request (buyer optional)."""
    if buyer is not None:
        return order_document(Order(order_id, buyer, tuple(lines)), store, now, partial=partial)
    order = Order(order_id, Buyer("", ""), tuple(lines))
    return OrderDocument(
        order_id=order_id,
        store_id=store.store_id,
        store_name=store.name,
        status=PENDING,
        lines=tuple(_line(order, index, line, store) for index, line in enumerate(lines)),
        order_type_code=ORDER_TYPE,
        ship_as_complete=True,
        user_data=() if partial is None else ((PARTIAL_FLAG, "Y" if partial else "N"),),
    )


def quote_document(quote: Quote, store: Store, now: datetime) -> QuoteDocument:
    """The Quote noun of a SubmitQuote: quote id, expiration and the order as its template."""
    return QuoteDocument(quote_id=quote.quote_id, expiration_date=quote.expiration,
                         order=order_document(quote.order, store, now))


def _line(order: Order, index: int, line: Line, store: Store) -> OrderLine:
    return OrderLine(
        item_id=item_id(order.order_id, index, line),
        part_number=line.part_number,
        catentry_id=line.catentry_id,
        quantity=commerce_quantity(line.quantity),
        uom=line.uom,
        amounts=_line_amounts(order.currency, line),
        shipping=_line_shipping(order, line, store),
        status=PENDING,
    )


def _line_amounts(currency: str, line: Line) -> LineAmounts | None:
    if line.unit_price is None:
        return None
    return LineAmounts(
        currency=currency,
        unit_price=line.unit_price,
        unit_quantity=Decimal(1),
        unit_uom=line.uom,
        item_price=line.unit_price * Decimal(line.quantity),
        free_gift=False,
    )


def _line_shipping(order: Order, line: Line, store: Store) -> ShippingInfo:
    mode = PICKUP if line.pickup_store else order.ship_mode
    return ShippingInfo(
        address=None if line.pickup_store else order.ship_to,
        ship_mode_code=mode,
        ship_mode_store_id=store.store_id,
        requested_ship_date=line.requested_ship_date,
        pickup_store_name=line.pickup_store,
    )


def _amounts(order: Order) -> OrderAmounts | None:
    if not order.lines or any(line.unit_price is None for line in order.lines):
        return None
    product = sum((line.unit_price or Decimal(0)) * Decimal(line.quantity) for line in order.lines)
    return OrderAmounts(currency=order.currency, total_product_price=Decimal(product))
