"""Offer prices from contract price lists, and order charges (shipping and tax)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from simulator.domain.model import OrderAmounts, PriceBreak, PriceList

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Round to cents, half up, as invoices do."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def price_for_quantity(breaks: Sequence[PriceBreak], quantity: int) -> Decimal | None:
    """The price of the highest break whose minimum the quantity reaches."""
    eligible = [b for b in breaks if b.min_quantity <= max(quantity, 1)]
    if not eligible:
        return None
    return max(eligible, key=lambda b: b.min_quantity).price


@dataclass(frozen=True, slots=True)
class OfferPrice:
    """The entitled price of one part for one buyer organization, and where it came from."""

    part_number: str
    price: Decimal
    currency: str
    quantity: int
    price_list_id: str
    contract_id: str


def entitled_price(
    lists: Sequence[PriceList], part_number: str, quantity: int, currency: str
) -> OfferPrice | None:
    """The first list in entitlement order (own contract, parent's, store default) that prices the part."""
    for price_list in lists:
        if price_list.currency != currency:
            continue
        breaks = price_list.prices.get(part_number)
        price = price_for_quantity(breaks, quantity) if breaks else None
        if price is not None:
            return OfferPrice(
                part_number, price, currency, quantity, price_list.price_list_id, price_list.contract_id
            )
    return None


@dataclass(frozen=True, slots=True)
class ChargePolicy:
    """How the back office charges shipping and tax (a flat rate per line, a percentage tax)."""

    shipping_per_line: Decimal = Decimal("7.50")
    shipping_per_unit: Decimal = Decimal("0.25")
    sales_tax_rate: Decimal = Decimal("0.0825")
    shipping_tax_rate: Decimal = Decimal("0.0825")

    def shipping(self, quantity: int) -> Decimal:
        """Shipping charge for one line."""
        return money(self.shipping_per_line + self.shipping_per_unit * quantity)

    def sales_tax(self, amount: Decimal) -> Decimal:
        """Sales tax on a line's price."""
        return money(amount * self.sales_tax_rate)

    def shipping_tax(self, shipping: Decimal) -> Decimal:
        """Tax on a line's shipping charge."""
        return money(shipping * self.shipping_tax_rate)


@dataclass(frozen=True, slots=True)
class LineCharges:
    """Charges for one line."""

    unit_price: Decimal
    quantity: int
    shipping: Decimal
    sales_tax: Decimal
    shipping_tax: Decimal

    @property
    def price(self) -> Decimal:
        """Unit price times quantity."""
        return money(self.unit_price * self.quantity)


def charge_line(policy: ChargePolicy, unit_price: Decimal, quantity: int) -> LineCharges:
    """Price, shipping and taxes of one line."""
    price = money(unit_price * quantity)
    shipping = policy.shipping(quantity)
    return LineCharges(unit_price, quantity, shipping, policy.sales_tax(price), policy.shipping_tax(shipping))


def total(lines: Sequence[LineCharges], currency: str) -> OrderAmounts:
    """Order totals from its lines."""
    return OrderAmounts(
        currency=currency,
        product=sum((line.price for line in lines), Decimal("0.00")),
        adjustment=Decimal("0.00"),
        shipping=sum((line.shipping for line in lines), Decimal("0.00")),
        sales_tax=sum((line.sales_tax for line in lines), Decimal("0.00")),
        shipping_tax=sum((line.shipping_tax for line in lines), Decimal("0.00")),
    )
