"""Mapping between the gen-B codec messages (simulator.bod.genb) and use-case inputs and results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from simulator.backend.commands import (
    AvailabilityKey,
    BuyerRef,
    DraftLine,
    LocationRef,
    OrderDraft,
    PartRef,
    ReserveItem,
)
from simulator.backend.inventory import AvailabilityResult, ReservationResult
from simulator.backend.members import OrganizationData
from simulator.bod.genb import member as gm
from simulator.bod.genb import order as go
from simulator.bod.genb import order_inventory as gi
from simulator.bod.genb import product_availability as gp
from simulator.domain.errors import InvalidRequest
from simulator.domain.inventory import AvailabilityStatus
from simulator.domain.model import AllocationStatus, Contact, Order, PostalAddress, ReservationChunk
from simulator.soap.translate import DEFAULT_CURRENCY, whole

# Gen B's InventoryStatus has no "Backorderable": stock promised from a future receipt is reported Backordered.
_AVAILABILITY_STATUS = {
    AvailabilityStatus.AVAILABLE: "Available",
    AvailabilityStatus.BACKORDERABLE: "Backordered",
    AvailabilityStatus.UNAVAILABLE: "Unavailable",
}
_SEVERITY = {AllocationStatus.ALLOCATED: 0, AllocationStatus.BACKORDERED: 1, AllocationStatus.UNALLOCATED: 2}


def product_keys(query: gp.ProductAvailabilityQuery, store_id: str) -> list[AvailabilityKey]:
    """One (part, online store) pair per product asked about."""
    return [
        AvailabilityKey(PartRef(part_number=p.sku, catentry_id=p.catentry_id), LocationRef(online_store_id=store_id))
        for p in query.products
    ]


def product_availability(result: AvailabilityResult) -> gp.ProductAvailability:
    """ShowProductAvailability content: available-to-promise, future receipts, per fulfillment center."""
    found = result.availability
    centers = tuple(
        gp.CenterInventory(center.fc_id, Decimal(center.quantity), _expected(center.expected))
        for center in found.centers
    )
    totals: dict[datetime, int] = {}
    for center in found.centers:
        for date, quantity in center.expected:
            totals[date] = totals.get(date, 0) + quantity
    return gp.ProductAvailability(
        sku=result.entry.part_number,
        catentry_id=result.entry.catentry_id,
        status=_AVAILABILITY_STATUS[found.status],
        quantity_on_hand=Decimal(found.quantity),
        uom=result.entry.uom,
        expected=_expected(tuple(sorted(totals.items()))),
        centers=centers,
    )


def _expected(receipts: Sequence[tuple[datetime, int]]) -> tuple[gp.Expected, ...]:
    return tuple(gp.Expected(Decimal(quantity), date) for date, quantity in receipts if quantity > 0)


def reserve_items(request: gi.OrderInventoryRequest) -> list[ReserveItem]:
    """The order items of a ProcessOrderInventory."""
    return [
        ReserveItem(
            order_item_id=item.order_item_id,
            part=PartRef(part_number=item.sku, catentry_id=item.catentry_id),
            quantity=whole(item.quantity, f"order item {item.order_item_id}"),
        )
        for item in request.items
    ]


def answered_items(request: gi.OrderInventoryRequest, result: ReservationResult | None) -> list[gi.ItemInventory]:
    """Each requested item with its status: the worst of its chunks (Cancel: Released), the main center, dates."""
    chunks: dict[str, list[ReservationChunk]] = {}
    for chunk in result.chunks if result is not None else ():
        chunks.setdefault(chunk.order_item_id, []).append(chunk)
    cancelled = request.action is gi.OrderInventoryAction.CANCEL
    answered = []
    for item in request.items:
        mine = chunks.get(item.order_item_id, [])
        if cancelled or not mine:
            answered.append(_replace_status(item, "Released" if cancelled else None))
            continue
        answered.append(_answered(item, mine))
    return answered


def _replace_status(item: gi.ItemInventory, status: str | None) -> gi.ItemInventory:
    return replace(item, status=status, fc_id=None, available=None, ship=None)


def _answered(item: gi.ItemInventory, chunks: list[ReservationChunk]) -> gi.ItemInventory:
    worst = max(chunks, key=lambda c: _SEVERITY[c.status])
    held = [c for c in chunks if c.fc_id is not None]
    main = max(held, key=lambda c: c.quantity) if held else None
    available = max((c.available_date for c in held if c.available_date), default=None)
    ship = max((c.expected_ship_date for c in held if c.expected_ship_date), default=None)
    return replace(
        item,
        sku=chunks[0].part_number,
        status=worst.status.value,
        fc_id=main.fc_id if main else None,
        available=available,
        ship=ship,
    )


def transfer_draft(request: go.TransferRequest) -> OrderDraft:
    """A gen-B order as the transfer use case takes it."""
    header = request.order.header
    store_id = request.application_area.store_id or header.store_id
    if not store_id:
        raise InvalidRequest("no storeId in the BusinessContext nor OrderReferences/StoreID on the order")
    if not header.customer_dn:
        raise InvalidRequest("the order has no OrderReferences/CustomerIdentifier/DistinguishedName")
    lines = tuple(_draft_line(index, item) for index, item in enumerate(request.order.items, start=1))
    currency = header.currency or request.application_area.context.get("currency") or DEFAULT_CURRENCY
    return OrderDraft(
        commerce_order_id=header.order_id or "",
        store_id=store_id,
        buyer=BuyerRef(dn=header.customer_dn),
        currency=currency,
        lines=lines,
        placed=header.placed,
        purchase_order_number=header.buyer_po,
    )


def _draft_line(index: int, item: go.Item) -> DraftLine:
    item_id = item.order_item_id or str(index)
    return DraftLine(
        order_item_id=item_id,
        part=PartRef(part_number=item.sku, catentry_id=item.catentry_id),
        quantity=whole(item.quantity, f"order item {item_id}"),
        uom=item.uom or "C62",
        requested_ship_date=item.requested_ship,
    )


def genb_order(order: Order) -> go.Order:
    """An order in the gen-B noun shape: header with ids, references, charges and status; every item."""
    amounts = order.amounts
    header = go.Header(
        order_id=order.commerce_order_id,
        external_order_id=order.external_order_id,
        store_id=order.store_id,
        buyer_po=order.purchase_order_number,
        organization_dn=order.org_dn,
        customer_dn=order.buyer_dn,
        charges=go.Charges(
            amounts.currency,
            amounts.product,
            amounts.adjustment,
            amounts.shipping,
            amounts.sales_tax,
            amounts.shipping_tax,
        ),
        status=order.status,
        last_update=order.last_update,
        placed=order.placed,
    )
    items = tuple(
        go.Item(
            order_item_id=line.commerce_item_id,
            external_item_id=line.line_id,
            sku=line.part_number,
            catentry_id=None,
            quantity=Decimal(line.quantity),
            uom=line.uom,
            requested_ship=line.requested_ship_date,
            unit_price=line.unit_price,
            price=line.price,
            shipping=line.shipping,
            sales_tax=line.sales_tax,
            shipping_tax=line.shipping_tax,
            status=line.status,
            fc_id=line.fc_id,
            ship=line.ship_date,
            currency=amounts.currency,
        )
        for line in order.lines
    )
    return go.Order(header, items)


def organization_data(noun: gm.OrganizationNoun) -> OrganizationData:
    """An Organization noun as the member use case takes it."""
    return OrganizationData(
        dn=noun.dn,
        unique_id=noun.unique_id,
        parent_dn=noun.parent_dn,
        name=noun.name,
        org_type=noun.org_type,
        business_category=noun.business_category,
        description=noun.description,
        primary_contact=_contact(noun.contact) if noun.contact else None,
        contacts=tuple(_contact(contact) for contact in noun.contacts),
    )


def _contact(contact: gm.ContactInfo) -> Contact:
    address = contact.address
    return Contact(
        name=contact.name,
        address=PostalAddress(
            address.lines, address.city, address.state, address.country, address.postal_code, address.address_type
        )
        if address
        else None,
        telephones=contact.telephones,
        faxes=contact.faxes,
        emails=contact.emails,
    )
