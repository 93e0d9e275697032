"""SoapBackOffice: the storefront's back-office port over SOAP/HTTP, through BackOfficeClient."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from simulator.bod.messages import BusinessError, OrderDocument, QuoteDocument
from simulator.client.backoffice import BackOfficeClient
from simulator.client.errors import BusinessFault, raise_for_errors
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

ZERO = Decimal(0)


class SoapBackOffice:
    """Each port method is one outbound SOAP call; business errors raise BusinessFault (except a reservation's)."""

    def __init__(self, client: BackOfficeClient) -> None:
        self.client = client

    @property
    def store_id(self) -> str:
        """The online store's UniqueID."""
        return self.client.store.store_id

    def availability(self, parts: Sequence[str]) -> list[Availability]:
        """GetInventoryAvailability at the online store, by part number."""
        result = raise_for_errors(self.client.get_inventory_availability(parts))
        return [
            Availability(record.key.item, record.status, record.quantity, record.availability_date)
            for record in result.records
        ]

    def offer_prices(self, buyer: Buyer, items: Sequence[tuple[str, int]]) -> list[OfferPrice]:
        """GetPriceList for the buyer, in request order."""
        result = raise_for_errors(self.client.get_price_list(buyer.dn, items))
        by_part = {entry.part_number: entry for entry in result.entries}
        prices = []
        for part_number, quantity in items:
            entry = by_part.get(part_number)
            if entry is None:
                raise _missing(f"no price for {part_number}")
            prices.append(OfferPrice(part_number, entry.price, entry.currency, entry.quantity or Decimal(quantity)))
        return prices

    def reserve(self, order: Order, allow_partial: bool) -> ReservationOutcome:
        """ReserveInventory; a business error (InsufficientStock) comes back as the outcome's errors."""
        result = self.client.reserve_inventory(order.order_id, order.lines, allow_partial=allow_partial,
                                               buyer=order.buyer)
        if result.header.errors:
            return ReservationOutcome(errors=tuple(f"{e.reason_code}: {e.reason}" for e in result.header.errors))
        return ReservationOutcome(tuple(
            Allocation(chunk.item_id, chunk.status, chunk.quantity or ZERO, chunk.available_date)
            for chunk in result.chunks
        ))

    def cancel_reservation(self, order: Order) -> None:
        """CancelInventoryReservation of the order."""
        raise_for_errors(self.client.cancel_inventory_reservation(order.order_id, order.lines, buyer=order.buyer))

    def calculate(self, order: Order) -> Totals:
        """CalculateOrder: the back office's totals."""
        answer = raise_for_errors(self.client.calculate_order(order)).order
        if answer is None or answer.amounts is None:
            raise _missing(f"CalculateOrder of {order.order_id} answered no amounts")
        amounts = answer.amounts
        lines = tuple(
            PricedLine(
                line.item_id or "",
                line.part_number or "",
                int(line.quantity or 0),
                (line.amounts.unit_price if line.amounts else None) or ZERO,
                (line.amounts.item_price if line.amounts else None) or ZERO,
            )
            for line in answer.lines
        )
        tax = (amounts.total_sales_tax or ZERO) + (amounts.total_shipping_tax or ZERO)
        return Totals(amounts.currency, amounts.total_product_price or ZERO, amounts.total_shipping_charge or ZERO,
                      tax, amounts.grand_total or ZERO, lines)

    def transfer(self, order: Order) -> Document:
        """TransferOrder: the back office's order (its ExternalOrderID)."""
        answer = raise_for_errors(self.client.transfer_order(order)).order
        if answer is None or not answer.external_order_id:
            raise _missing(f"TransferOrder of {order.order_id} answered no ExternalOrderID")
        return order_view(answer)

    def submit_quote(self, quote: Quote) -> Document:
        """SubmitQuote: the back office's quote (its ExternalQuoteID)."""
        answer = raise_for_errors(self.client.submit_quote(quote)).quote
        if answer is None or not answer.external_quote_id:
            raise _missing(f"SubmitQuote of {quote.quote_id} answered no ExternalQuoteID")
        return quote_view(answer)

    def orders(self, buyer: Buyer, statuses: Sequence[str]) -> list[Document]:
        """GetOrder IBM_External_Summary by buyer DN."""
        return [order_view(o) for o in raise_for_errors(self.client.get_orders(buyer.dn, statuses)).orders]

    def order(self, external_id: str) -> Document:
        """GetOrder IBM_External_Details."""
        found = raise_for_errors(self.client.get_order_details(external_id)).orders
        if not found:
            raise _missing(f"no order {external_id}")
        return order_view(found[0])

    def quotes(self, buyer: Buyer, statuses: Sequence[str]) -> list[Document]:
        """GetQuote IBM_External_Summary by buyer DN."""
        return [quote_view(q) for q in raise_for_errors(self.client.get_quotes(buyer.dn, statuses)).quotes]

    def quote(self, external_id: str) -> Document:
        """GetQuote IBM_External_Details."""
        found = raise_for_errors(self.client.get_quote_details(external_id)).quotes
        if not found:
            raise _missing(f"no quote {external_id}")
        return quote_view(found[0])


def order_view(order: OrderDocument, external_id: str | None = None, commerce_id: str | None = None) -> Document:
    """A Document from the Order noun of an answer."""
    return Document(
        external_id=external_id or order.external_order_id or "",
        status=order.status,
        channel=order.channel,
        commerce_id=commerce_id or order.order_id,
        placed=order.placed_date,
        grand_total=order.amounts.grand_total if order.amounts else None,
        lines=tuple(
            DocumentLine(line.part_number or "", line.quantity or ZERO,
                         line.amounts.unit_price if line.amounts else None, line.status)
            for line in order.lines
        ),
    )


def quote_view(quote: QuoteDocument) -> Document:
    """A Document from the Quote noun of an answer."""
    return order_view(quote.order, quote.external_quote_id or "", quote.quote_id)


def _missing(message: str) -> BusinessFault:
    return BusinessFault((BusinessError("NotFound", message),))
