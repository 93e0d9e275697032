"""Answer Request_WCS_BE_ProductInventory from the system of record's available-to-promise."""

from __future__ import annotations

from datetime import datetime

from simulator.backend.commands import AvailabilityKey, LocationRef, PartRef
from simulator.backend.service import Backend
from simulator.broker.be_inventory import Delivery, InventoryAnswer, InventoryQuery, parse_request, render_reply
from simulator.domain.errors import BackOfficeError

UNKNOWN_PART = "_ERR_PROD_NOT_EXISTING"


def answer_inventory_request(backend: Backend, data: bytes) -> bytes:
    """The Reply document (NotAnInventoryRequest when the request cannot be read); one read transaction per part."""
    request = parse_request(data)
    default_store = _default_store(backend)
    now = backend.deps.clock.now()
    return render_reply(request, [_answer(backend, query, default_store, now) for query in request.queries])


def _default_store(backend: Backend) -> str:
    stores = backend.inspect.locations().online_stores
    return stores[0].store_id if stores else ""


def _answer(backend: Backend, query: InventoryQuery, default_store: str, now: datetime) -> InventoryAnswer:
    key = AvailabilityKey(PartRef(part_number=query.sku), LocationRef(online_store_id=query.store_id or default_store))
    try:
        [result] = backend.inventory.availability([key])
    except (BackOfficeError, ValueError) as exc:
        return InventoryAnswer(query, error_code=UNKNOWN_PART, comment=str(exc))
    available = result.availability
    now_quantity = min(query.quantity, available.quantity)
    deliveries = [Delivery(now_quantity, now)] if now_quantity or not query.quantity else []
    short = query.quantity - now_quantity
    if short > 0 and available.available_date is not None:
        deliveries.append(Delivery(short, available.available_date))
    if not deliveries:
        deliveries.append(Delivery(0, now))
    return InventoryAnswer(query, tuple(deliveries))
