"""The in-process adapter: the reference storefront on a back-office port that calls the use cases directly.

This is the only module of features/ that imports simulator.backend or simulator.app: it builds a Backend on the
in-memory store and serves the admin API to the steps through Flask's test client, with no socket.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from features.drivers.admin import AdminError
from simulator.app import create_admin, create_app, create_backend
from simulator.backend.commands import (
    AvailabilityKey,
    BuyerRef,
    DraftLine,
    LocationRef,
    OrderDraft,
    PartRef,
    PriceItem,
    QuoteDraft,
    ReserveItem,
)
from simulator.backend.ports import OrderFilter
from simulator.backend.service import Backend
from simulator.client.adapter import ALL_CAPABILITIES, Adapter, StorefrontAdapter, Target
from simulator.client.commerce import CommerceStorefront
from simulator.client.model import Buyer, Order, Quote
from simulator.client.storefront import (
    Allocation,
    Availability,
    Document,
    DocumentLine,
    OfferPrice,
    PricedLine,
    ReservationOutcome,
    Totals,
)
from simulator.client.transport import WsgiTransport
from simulator.config import Settings
from simulator.domain.errors import InsufficientStock
from simulator.domain.model import Order as BackOfficeOrder
from simulator.domain.model import Quote as BackOfficeQuote

MAX_PAGE = 500


class InProcessBackOffice:
    """The storefront's back-office port, one use case call per outbound operation."""

    def __init__(self, backend: Backend, store_id: str, currency: str = "USD") -> None:
        self.backend = backend
        self._store_id = store_id
        self.currency = currency

    @property
    def store_id(self) -> str:
        """The online store's UniqueID."""
        return self._store_id

    def availability(self, parts: Sequence[str]) -> list[Availability]:
        """GetInventoryAvailability at the online store."""
        keys = [AvailabilityKey(PartRef(part_number=p), LocationRef(online_store_id=self._store_id)) for p in parts]
        return [
            Availability(r.entry.part_number, r.availability.status.value, Decimal(r.availability.quantity),
                         r.availability.available_date)
            for r in self.backend.inventory.availability(keys)
        ]

    def offer_prices(self, buyer: Buyer, items: Sequence[tuple[str, int]]) -> list[OfferPrice]:
        """GetPriceList for (part, quantity) pairs."""
        wanted = [PriceItem(PartRef(part_number=part), quantity, self.currency) for part, quantity in items]
        offers = self.backend.prices.offer_prices(self._store_id, BuyerRef(buyer.logon_id, buyer.dn), wanted)
        return [OfferPrice(o.part_number, o.price, o.currency, Decimal(o.quantity)) for o in offers]

    def reserve(self, order: Order, allow_partial: bool) -> ReservationOutcome:
        """ReserveInventory; InsufficientStock comes back as the outcome's errors."""
        items = [ReserveItem(line.item_id or "", PartRef(part_number=line.part_number), int(line.quantity))
                 for line in order.lines]
        try:
            held = self.backend.inventory.reserve(self._store_id, order.order_id, items, allow_partial)
        except InsufficientStock as exc:
            return ReservationOutcome(errors=(f"{exc.reason_code}: {exc.message}",))
        return ReservationOutcome(tuple(
            Allocation(c.order_item_id, c.status.value, Decimal(c.quantity), c.available_date) for c in held.chunks
        ))

    def cancel_reservation(self, order: Order) -> None:
        """CancelInventoryReservation."""
        self.backend.inventory.cancel(self._store_id, order.order_id)

    def calculate(self, order: Order) -> Totals:
        """CalculateOrder."""
        calculated = self.backend.orders.calculate(self._draft(order))
        amounts = calculated.amounts
        lines = tuple(PricedLine(line.order_item_id, line.part_number, line.quantity, line.unit_price, line.price)
                      for line in calculated.lines)
        return Totals(amounts.currency, amounts.product, amounts.shipping, amounts.sales_tax + amounts.shipping_tax,
                      amounts.grand_total, lines)

    def transfer(self, order: Order) -> Document:
        """TransferOrder."""
        return _document(self.backend.orders.transfer(self._draft(order)).order)

    def submit_quote(self, quote: Quote) -> Document:
        """SubmitQuote."""
        submitted, _ = self.backend.quotes.submit(QuoteDraft(quote.quote_id, self._draft(quote.order),
                                                             quote.expiration))
        return _document(submitted)

    def orders(self, buyer: Buyer, statuses: Sequence[str]) -> list[Document]:
        """GetOrder IBM_External_Summary."""
        criteria = OrderFilter(store_id=self._store_id, buyer_dn=buyer.dn, statuses=tuple(statuses))
        return [_document(o) for o in self.backend.orders.find(criteria, 0, MAX_PAGE).items]

    def order(self, external_id: str) -> Document:
        """GetOrder IBM_External_Details."""
        return _document(self.backend.orders.get(external_id))

    def quotes(self, buyer: Buyer, statuses: Sequence[str]) -> list[Document]:
        """GetQuote IBM_External_Summary."""
        criteria = OrderFilter(store_id=self._store_id, buyer_dn=buyer.dn, statuses=tuple(statuses))
        return [_document(q) for q in self.backend.quotes.find(criteria, 0, MAX_PAGE).items]

    def quote(self, external_id: str) -> Document:
        """GetQuote IBM_External_Details."""
        return _document(self.backend.quotes.get(external_id))

    def _draft(self, order: Order) -> OrderDraft:
        lines = tuple(DraftLine(line.item_id or "", PartRef(part_number=line.part_number), int(line.quantity))
                      for line in order.lines)
        return OrderDraft(order.order_id, self._store_id, BuyerRef(order.buyer.logon_id, order.buyer.dn),
                          order.currency, lines, order.placed, order.purchase_order)


def _document(found: BackOfficeOrder | BackOfficeQuote) -> Document:
    if isinstance(found, BackOfficeQuote):
        external_id, commerce_id = found.external_quote_id, found.commerce_quote_id
    else:
        external_id, commerce_id = found.external_order_id, found.commerce_order_id
    return Document(
        external_id=external_id,
        status=found.status,
        channel=found.channel.value,
        commerce_id=commerce_id,
        placed=found.placed,
        grand_total=found.amounts.grand_total,
        lines=tuple(DocumentLine(line.part_number, Decimal(line.quantity), line.unit_price, line.status)
                    for line in found.lines),
    )


class InProcessAdmin:
    """The admin API through Flask's test client."""

    def __init__(self, settings: Settings, backend: Backend) -> None:
        self._client = create_admin(settings, backend).test_client()

    def get(self, path: str, **params: str) -> Any:
        """GET a JSON answer."""
        response = self._client.get(path, query_string=params)
        if response.status_code >= 400:
            raise AdminError(f"GET {path}: {response.status_code} {response.get_data(as_text=True)}")
        return response.get_json()

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """POST a JSON body, get a JSON answer."""
        response = self._client.post(path, json=body or {})
        if response.status_code >= 400:
            raise AdminError(f"POST {path}: {response.status_code} {response.get_data(as_text=True)}")
        return response.get_json()


class InProcess:
    """A seeded in-memory back office, its admin API, and the adapter factory on it."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings(db=":memory:")
        self.backend = create_backend(self.settings)
        self.backend.ensure_seeded()
        self.admin = InProcessAdmin(self.settings, self.backend)
        self.services = WsgiTransport(create_app(self.settings, self.backend))

    def factory(self, target: Target) -> Adapter:
        """The reference storefront on the in-process port."""
        port = InProcessBackOffice(self.backend, target.store_id, target.currency)
        return StorefrontAdapter("inprocess", CommerceStorefront(port), ALL_CAPABILITIES)
