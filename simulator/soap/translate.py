"""Mapping between codec messages (simulator.bod) and use-case inputs and results (simulator.backend)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

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
from simulator.backend.inventory import AvailabilityResult, ReservationResult
from simulator.backend.orders import CalculatedOrder
from simulator.bod import messages as m
from simulator.domain.errors import InvalidRequest
from simulator.domain.model import Order, OrderAmounts, OrderLine, Quote, ReservationChunk
from simulator.domain.pricing import OfferPrice

DEFAULT_CURRENCY = "USD"


def whole(quantity: Decimal | None, what: str) -> int:
    """A quantity Commerce sends as a decimal ("2.0"), as whole units."""
    if quantity is None:
        raise InvalidRequest(f"{what} has no quantity")
    if quantity != quantity.to_integral_value():
        raise InvalidRequest(f"{what} asks for a fractional quantity {quantity}")
    return int(quantity)


def availability_keys(query: m.AvailabilityQuery) -> list[AvailabilityKey]:
    """The (part, location) pairs of a GetInventoryAvailability."""
    return [_availability_key(key) for key in query.items]


@lru_cache(maxsize=65536)
def _availability_key(key: m.AvailabilityKey) -> AvailabilityKey:
    # Storefronts ask about the same (part, store) pairs over and over: each is translated once.
    return AvailabilityKey(
        PartRef(part_number=key.part_number, catentry_id=key.catentry_id),
        LocationRef(
            online_store_id=key.online_store_id,
            online_store_name=key.online_store_name,
            physical_store_id=key.physical_store_id,
            physical_store_external_id=key.physical_store_name,
        ),
    )


def availability_records(
    query: m.AvailabilityQuery, results: Sequence[AvailabilityResult]
) -> list[m.AvailabilityRecord]:
    """One record per requested key, identifiers echoed in the request's form."""
    return [availability_record(key, result) for key, result in zip(query.items, results, strict=True)]


def availability_record(key: m.AvailabilityKey, result: AvailabilityResult) -> m.AvailabilityRecord:
    """The record of one requested key."""
    found = result.availability
    return m.AvailabilityRecord(
        key=key,
        status=found.status.value,
        quantity=Decimal(found.quantity),
        uom=result.entry.uom,
        availability_date=found.available_date,
        fulfillment_centers=tuple(
            m.FulfillmentCenterAvailability(result.center_names.get(c.fc_id), c.fc_id, Decimal(c.quantity))
            for c in found.centers
        ),
    )


def reserve_items(order: m.OrderDocument) -> list[ReserveItem]:
    """The order items of an InventoryRequirement."""
    return [
        ReserveItem(
            order_item_id=_item_id(line),
            part=PartRef(part_number=line.part_number, catentry_id=line.catentry_id),
            quantity=whole(line.quantity, f"order item {_item_id(line)}"),
            physical_store_external_id=_pickup_store(line, order),
        )
        for line in order.lines
    ]


def _item_id(line: m.OrderLine) -> str:
    if not line.item_id:
        raise InvalidRequest("an order item has no OrderItemIdentifier/UniqueID")
    return line.item_id


def _pickup_store(line: m.OrderLine, order: m.OrderDocument) -> str | None:
    shipping = line.shipping or order.shipping
    if shipping is None or not shipping.is_pickup:
        return None
    return shipping.pickup_store_name


def reservation_chunks(result: ReservationResult) -> list[m.ReservationChunk]:
    """Reservation chunks as AcknowledgeInventoryRequirement reports them."""
    return [_chunk(chunk, result.center_names) for chunk in result.chunks]


def _chunk(chunk: ReservationChunk, names: dict[str, str]) -> m.ReservationChunk:
    return m.ReservationChunk(
        item_id=chunk.order_item_id,
        status=chunk.status.value,
        quantity=Decimal(chunk.quantity),
        available_date=chunk.available_date,
        expected_ship_date=chunk.expected_ship_date,
        fulfillment_center=names.get(chunk.fc_id) if chunk.fc_id else None,
    )


def price_items(query: m.PriceQuery) -> list[PriceItem]:
    """Parts, quantities and currencies of a GetPriceList."""
    fallback = query.application_area.context.get("currency", DEFAULT_CURRENCY)
    return [
        PriceItem(
            PartRef(part_number=key.part_number),
            whole(key.quantity, key.part_number) if key.quantity is not None else 1,
            key.currency or fallback,
        )
        for key in query.items
    ]


def price_entries(query: m.PriceQuery, offers: Sequence[OfferPrice]) -> list[m.PriceEntry]:
    """The entitled price of each requested part."""
    return [
        m.PriceEntry(
            part_number=offer.part_number,
            price=offer.price,
            currency=offer.currency,
            quantity=key.quantity if key.quantity is not None else Decimal(1),
            uom=key.uom or "C62",
            qualifier=offer.contract_id or None,
        )
        for key, offer in zip(query.items, offers, strict=True)
    ]


def buyer_of(order: m.OrderDocument) -> BuyerRef:
    """The buyer an order names."""
    return BuyerRef(logon_id=order.buyer_logon, dn=order.buyer_dn)


def order_draft(order: m.OrderDocument, area: m.ApplicationArea) -> OrderDraft:
    """An order as the use cases take it."""
    if not order.order_id:
        raise InvalidRequest("the order has no OrderIdentifier/UniqueID")
    store_id = area.store_id or order.store_id
    if not store_id:
        raise InvalidRequest("no storeId in the BusinessContext nor a StoreIdentifier on the order")
    lines = tuple(
        DraftLine(
            order_item_id=_item_id(line),
            part=PartRef(part_number=line.part_number, catentry_id=line.catentry_id),
            quantity=whole(line.quantity, f"order item {_item_id(line)}"),
            uom=line.uom or "C62",
            requested_ship_date=line.shipping.requested_ship_date if line.shipping else None,
            physical_store_external_id=_pickup_store(line, order),
        )
        for line in order.lines
    )
    currency = order.currency or area.context.get("currency") or DEFAULT_CURRENCY
    return OrderDraft(order.order_id, store_id, buyer_of(order), currency, lines, order.placed_date, order.buyer_po)


def quote_draft(quote: m.QuoteDocument, area: m.ApplicationArea) -> QuoteDraft:
    """A quote request as the use cases take it."""
    draft = order_draft(quote.order, area)
    return QuoteDraft(quote.quote_id or draft.commerce_order_id, draft, quote.expiration_date)


def calculated_document(calculated: CalculatedOrder) -> m.OrderDocument:
    """AcknowledgeOrder content for CalculateOrder: totals and per-item amounts."""
    currency = calculated.amounts.currency
    return m.OrderDocument(
        order_id=calculated.commerce_order_id,
        amounts=order_amounts(calculated.amounts),
        lines=tuple(
            m.OrderLine(
                item_id=line.order_item_id,
                part_number=line.part_number,
                quantity=Decimal(line.quantity),
                uom=line.uom,
                amounts=m.LineAmounts(
                    currency=currency,
                    unit_price=line.unit_price,
                    unit_quantity=Decimal(1),
                    unit_uom=line.uom,
                    item_price=line.price,
                    total_adjustment=Decimal("0.00"),
                    shipping_charge=line.shipping,
                    sales_tax=line.sales_tax,
                    shipping_tax=line.shipping_tax,
                ),
            )
            for line in calculated.lines
        ),
    )


def order_amounts(amounts: OrderAmounts) -> m.OrderAmounts:
    """Domain totals as OrderAmount."""
    return m.OrderAmounts(
        currency=amounts.currency,
        grand_total=amounts.grand_total,
        total_product_price=amounts.product,
        total_adjustment=amounts.adjustment,
        total_shipping_charge=amounts.shipping,
        total_sales_tax=amounts.sales_tax,
        total_shipping_tax=amounts.shipping_tax,
    )


def order_document(order: Order, detail: bool, center_names: dict[str, str]) -> m.OrderDocument:
    """An order as ShowOrder / AcknowledgeOrder report it; items only in detail."""
    return replace(
        _document(order, detail, center_names),
        order_id=order.commerce_order_id or order.external_order_id,
        external_order_id=order.external_order_id,
        quote_id=order.quote_id,
        buyer_po=order.purchase_order_number,
    )


def _document(source: Order | Quote, detail: bool, names: dict[str, str]) -> m.OrderDocument:
    """The Order noun content an order and a quote's order template share."""
    currency = source.amounts.currency
    return m.OrderDocument(
        store_id=source.store_id,
        channel=source.channel.value,
        organization_dn=source.org_dn,
        buyer_dn=source.buyer_dn,
        buyer_logon=source.buyer_logon_id,
        amounts=order_amounts(source.amounts),
        status=source.status,
        last_update_date=source.last_update,
        placed_date=source.placed,
        lines=tuple(_line(line, currency, names) for line in source.lines) if detail else (),
    )


def _line(line: OrderLine, currency: str, names: dict[str, str]) -> m.OrderLine:
    return m.OrderLine(
        item_id=line.commerce_item_id or line.line_id,
        external_item_id=line.line_id,
        part_number=line.part_number,
        quantity=Decimal(line.quantity),
        uom=line.uom,
        amounts=m.LineAmounts(
            currency=currency,
            unit_price=line.unit_price,
            unit_quantity=Decimal(1),
            unit_uom=line.uom,
            item_price=line.price,
            shipping_charge=line.shipping,
            sales_tax=line.sales_tax,
            shipping_tax=line.shipping_tax,
        ),
        shipping=m.ShippingInfo(requested_ship_date=line.requested_ship_date) if line.requested_ship_date else None,
        status=line.status,
        time_shipped=line.ship_date,
        fulfillment_center=names.get(line.fc_id) if line.fc_id else None,
        fulfillment_center_id=line.fc_id,
    )


def quote_document(quote: Quote, detail: bool, center_names: dict[str, str]) -> m.QuoteDocument:
    """A quote as ShowQuote / AcknowledgeQuote report it."""
    template = replace(_document(quote, detail, center_names), order_id=quote.commerce_order_id)
    return m.QuoteDocument(
        quote_id=quote.commerce_quote_id or quote.external_quote_id,
        external_quote_id=quote.external_quote_id,
        expiration_date=quote.expiration,
        order=template,
    )


def first(values: Iterable[str]) -> str | None:
    """The first of some values, if any."""
    return next(iter(values), None)
