"""CommerceStorefront: WebSphere Commerce's Order and Quote Capture flow (protocol.md sections 7 and 8).

Availability and offer prices are cached per part, store (and organization, for prices) with a TTL and a size
bound. Browse, product details and the cart read the cache and call out only on a miss. Order preparation
reserves inventory, refreshes prices (a fresh GetPriceList) and calculates; the Order Summary then makes no
call. The buyer places the order (TransferOrder) or creates a quote (SubmitQuote). A cart changed after a
reservation cancels it (CancelInventoryReservation). Every outbound call is counted per operation.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from simulator.bod.dispatch import Operation
from simulator.client.cache import CacheStats, TtlCache
from simulator.client.model import Buyer, Line, Order, Quote
from simulator.client.storefront import (
    ALLOCATED,
    BACKORDERED,
    UNALLOCATED,
    Availability,
    BackOffice,
    CartLine,
    Document,
    OfferPrice,
    OrderSummary,
    PricedLine,
    ProductView,
    ReservationOutcome,
    SummaryLine,
    no_calls,
)

AvailabilityKey = tuple[str, str]
"""(part number, store id)."""
PriceKey = tuple[str, str, str | None]
"""(part number, store id, organization DN)."""


class CheckoutError(Exception):
    """The buyer cannot do that now (empty cart, checkout not prepared, reservation failed)."""


@dataclass(frozen=True, slots=True)
class StorefrontStats:
    """Cache statistics and the outbound calls made, per operation."""

    availability: CacheStats
    prices: CacheStats
    calls: dict[str, int]


class CommerceStorefront:
    """One Commerce store: the service-level caches and the outbound port, shared by every shopper session."""

    def __init__(
        self,
        backoffice: BackOffice,
        *,
        ttl: float = 300.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        ids: Callable[[], str] | None = None,
        decrement_on_submit: bool = True,
    ) -> None:
        self.backoffice = backoffice
        self.decrement_on_submit = decrement_on_submit
        self.availability_cache: TtlCache[AvailabilityKey, Availability] = TtlCache(ttl, max_entries, clock)
        self.price_cache: TtlCache[PriceKey, OfferPrice] = TtlCache(ttl, max_entries, clock)
        self._calls: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._ids = ids or _numeric_ids()

    @property
    def store_id(self) -> str:
        """The online store's UniqueID."""
        return self.backoffice.store_id

    def login(self, logon_id: str, dn: str, organization_dn: str | None = None) -> ShopperSession:
        """A shopper session for a B2B buyer (logon id and distinguished name)."""
        return ShopperSession(self, Buyer(logon_id, dn, organization_dn))

    @property
    def stats(self) -> StorefrontStats:
        """A snapshot of the cache statistics and outbound calls."""
        return StorefrontStats(self.availability_cache.stats, self.price_cache.stats, self.outbound_calls())

    def outbound_calls(self) -> dict[str, int]:
        """Outbound calls made so far, per operation (every operation listed, zero included)."""
        with self._lock:
            return {**no_calls(), **self._calls}

    def next_id(self) -> str:
        """A new Commerce order or quote id."""
        return self._ids()

    def count(self, operation: Operation) -> None:
        """Record one outbound call."""
        with self._lock:
            self._calls[operation.value] += 1

    # -- cached reads ----------------------------------------------------------------------------------------

    def availability(self, part_number: str) -> Availability:
        """The cached availability, else one GetInventoryAvailability."""
        key = (part_number, self.store_id)
        found = self.availability_cache.get(key)
        if found is not None:
            return found
        self.count(Operation.GET_INVENTORY_AVAILABILITY)
        (fresh,) = self.backoffice.availability([part_number])
        self.availability_cache.put(key, fresh)
        return fresh

    def offer_price(self, buyer: Buyer, part_number: str) -> OfferPrice:
        """The cached offer price for the buyer's organization, else one GetPriceList."""
        key = (part_number, self.store_id, buyer.org_dn)
        found = self.price_cache.get(key)
        if found is not None:
            return found
        (fresh,) = self.fresh_prices(buyer, [(part_number, 1)])
        self.price_cache.put(key, fresh)
        return fresh

    def fresh_prices(self, buyer: Buyer, items: Sequence[tuple[str, int]]) -> list[OfferPrice]:
        """One GetPriceList, bypassing the cache."""
        self.count(Operation.GET_PRICE_LIST)
        return self.backoffice.offer_prices(buyer, items)

    def decrement(self, part_number: str, quantity: int) -> None:
        """Take a submitted quantity off the cached availability (INVCNF flag 8: decrement cache on submit)."""
        key = (part_number, self.store_id)
        cached = self.availability_cache.peek(key)
        if cached is not None:
            left = max(Decimal(0), cached.quantity - quantity)
            self.availability_cache.put(key, replace(cached, quantity=left))


class ShopperSession:
    """A logged-in buyer: browse, cart, checkout, order or quote, and the order and quote history."""

    def __init__(self, storefront: CommerceStorefront, buyer: Buyer) -> None:
        self.storefront = storefront
        self.buyer = buyer
        self._cart: dict[str, CartLine] = {}
        self._order_id = storefront.next_id()
        self._lines = itertools.count(1)
        self._reserved = False
        self._summary: OrderSummary | None = None

    @property
    def order_id(self) -> str:
        """The Commerce id of the current order (cart)."""
        return self._order_id

    @property
    def reserved(self) -> bool:
        """True while the back office holds a reservation for the current order."""
        return self._reserved

    @property
    def summary(self) -> OrderSummary | None:
        """The Order Summary of the last order preparation, while the cart is unchanged."""
        return self._summary

    # -- browse ----------------------------------------------------------------------------------------------

    def browse(self, part_number: str) -> ProductView:
        """A catalog page: availability and offer price from the cache (calls out on a miss)."""
        store = self.storefront
        return ProductView(part_number, store.availability(part_number), store.offer_price(self.buyer, part_number))

    def product_details(self, part_number: str) -> ProductView:
        """Product details: the same cached values; a missing offer price is fetched ("Get My Offer Price")."""
        return self.browse(part_number)

    # -- cart ------------------------------------------------------------------------------------------------

    def add_to_cart(self, part_number: str, quantity: int) -> CartLine:
        """Add a quantity of a part (priced and checked from the cache); adding again adds up."""
        if quantity <= 0:
            raise CheckoutError(f"quantity {quantity} must be positive")
        existing = self._cart.get(part_number)
        total = quantity + (existing.quantity if existing else 0)
        return self._set_line(part_number, total, existing)

    def change_cart(self, part_number: str, quantity: int) -> None:
        """Set a part's quantity (0 removes it); a reservation held for the order is cancelled."""
        if quantity < 0:
            raise CheckoutError(f"quantity {quantity} must not be negative")
        existing = self._cart.get(part_number)
        if quantity == 0:
            if existing is None:
                return
            self._release()
            del self._cart[part_number]
            return
        self._set_line(part_number, quantity, existing)

    def cart(self) -> tuple[CartLine, ...]:
        """The current order's lines."""
        return tuple(self._cart.values())

    def cart_total(self) -> Decimal:
        """The cart totalled from cached prices (no discounts, no charges)."""
        return sum((line.total for line in self._cart.values()), Decimal(0))

    def _set_line(self, part_number: str, quantity: int, existing: CartLine | None) -> CartLine:
        self._release()
        available = self.storefront.availability(part_number)
        offer = self.storefront.offer_price(self.buyer, part_number)
        item_id = existing.item_id if existing else f"{self._order_id}-{next(self._lines)}"
        line = CartLine(item_id, part_number, quantity, offer.price, available.status)
        self._cart[part_number] = line
        return line

    def _release(self) -> None:
        """The cart changes: drop the summary, and cancel the reservation if one is held."""
        self._summary = None
        if self._reserved:
            self.storefront.count(Operation.CANCEL_INVENTORY_RESERVATION)
            self.storefront.backoffice.cancel_reservation(self._order())
            self._reserved = False

    # -- checkout --------------------------------------------------------------------------------------------

    def prepare_checkout(self, allow_partial: bool = False) -> OrderSummary:
        """Order preparation: ReserveInventory, then a fresh GetPriceList, then CalculateOrder."""
        if not self._cart:
            raise CheckoutError("the cart is empty")
        store = self.storefront
        store.count(Operation.RESERVE_INVENTORY)
        outcome = store.backoffice.reserve(self._order(), allow_partial)
        self._reserved = outcome.held
        lines = tuple(self._cart.values())
        fresh = store.fresh_prices(self.buyer, [(line.part_number, line.quantity) for line in lines])
        for line, offer in zip(lines, fresh, strict=True):
            self._cart[line.part_number] = replace(line, unit_price=offer.price)
        store.count(Operation.CALCULATE_ORDER)
        totals = store.backoffice.calculate(self._order())
        self._summary = OrderSummary(self._order_id, _summary_lines(totals.lines, outcome), totals, outcome.errors)
        return self._summary

    def place_order(self) -> str:
        """Order: TransferOrder of the prepared order; the back office's ExternalOrderID."""
        self._submittable()
        store = self.storefront
        store.count(Operation.TRANSFER_ORDER)
        document = store.backoffice.transfer(self._order())
        if store.decrement_on_submit:
            for line in self._cart.values():
                store.decrement(line.part_number, line.quantity)
        self._reserved = False
        self._new_cart()
        return document.external_id

    def create_quote(self) -> str:
        """Create Quote: SubmitQuote of the prepared order, then release its reservation; the ExternalQuoteID."""
        if self._summary is None:
            raise CheckoutError("prepare the checkout before creating a quote")
        store = self.storefront
        store.count(Operation.SUBMIT_QUOTE)
        document = store.backoffice.submit_quote(Quote(store.next_id(), self._order()))
        self._release()
        self._new_cart()
        return document.external_id

    def _submittable(self) -> None:
        if self._summary is None:
            raise CheckoutError("prepare the checkout before placing the order")
        if not self._summary.can_submit:
            raise CheckoutError("the order cannot be placed: " + "; ".join(self._summary.problems))

    def _new_cart(self) -> None:
        self._cart = {}
        self._summary = None
        self._order_id = self.storefront.next_id()
        self._lines = itertools.count(1)

    def _order(self) -> Order:
        lines = tuple(
            Line(line.part_number, line.quantity, item_id=line.item_id, unit_price=line.unit_price)
            for line in self._cart.values()
        )
        return Order(self._order_id, self.buyer, lines, placed=None)

    # -- history ---------------------------------------------------------------------------------------------

    def orders(self, statuses: Sequence[str] = ()) -> list[Document]:
        """GetOrder IBM_External_Summary: the buyer's orders, every channel (every status unless given)."""
        self.storefront.count(Operation.GET_ORDER_SUMMARY)
        return self.storefront.backoffice.orders(self.buyer, statuses)

    def order_details(self, external_id: str) -> Document:
        """GetOrder IBM_External_Details of one order."""
        self.storefront.count(Operation.GET_ORDER_DETAILS)
        return self.storefront.backoffice.order(external_id)

    def quotes(self, statuses: Sequence[str] = ()) -> list[Document]:
        """GetQuote IBM_External_Summary: the buyer's quotes, every channel (every status unless given)."""
        self.storefront.count(Operation.GET_QUOTE_SUMMARY)
        return self.storefront.backoffice.quotes(self.buyer, statuses)

    def quote_details(self, external_id: str) -> Document:
        """GetQuote IBM_External_Details of one quote."""
        self.storefront.count(Operation.GET_QUOTE_DETAILS)
        return self.storefront.backoffice.quote(external_id)


def _summary_lines(priced: Sequence[PricedLine], outcome: ReservationOutcome) -> tuple[SummaryLine, ...]:
    held: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for chunk in outcome.allocations:
        held[chunk.item_id, chunk.status] += chunk.quantity
    return tuple(
        SummaryLine(
            line.item_id, line.part_number, line.quantity, line.unit_price, line.price,
            held[line.item_id, ALLOCATED], held[line.item_id, BACKORDERED], held[line.item_id, UNALLOCATED],
        )
        for line in priced
    )


def _numeric_ids() -> Callable[[], str]:
    """Commerce-like numeric ids from a random base, so two runs against one back office do not collide."""
    counter: Iterator[int] = itertools.count(random.randrange(10**8, 9 * 10**8))
    lock = threading.Lock()

    def next_id() -> str:
        with lock:
            return str(next(counter))

    return next_id

