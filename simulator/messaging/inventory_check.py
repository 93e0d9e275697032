"""Commerce's CheckInventoryAvailabilityBE request answered from the system of record (read only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from simulator.backend.commands import AvailabilityKey, LocationRef, PartRef
from simulator.backend.service import Backend
from simulator.domain.errors import BackOfficeError, UnknownPart
from simulator.legacy.errors import MalformedMessage
from simulator.legacy.inventory_request import InventoryAnswer, InventoryAsk, read_request, render_reply
from simulator.legacy.outbound_model import ErrorReport
from simulator.legacy.wcs_error import render_error
from simulator.messaging.inbound import InboundOptions


@dataclass(frozen=True, slots=True)
class InventoryReply:
    """The Reply to send back (correlated by the transport), or the WCS_Error of a request that cannot be read."""

    ok: bool
    body: bytes


def answer_inventory_request(backend: Backend, raw: bytes, options: InboundOptions) -> InventoryReply:
    """Reply with what each asked part's store can promise; an unknown part is promised 0."""
    try:
        request, asks = read_request(raw)
    except MalformedMessage as error:
        report = ErrorReport(error.key, error.message, "GenericSystemError", "InventoryInquire")
        return InventoryReply(False, render_error(report))
    default_store = options.store_id or backend.inspect.locations().online_stores[0].store_id
    now = backend.deps.clock.now()
    try:
        answers = [_answer(backend, ask, options.store_id or ask.store_id or default_store, now) for ask in asks]
    except BackOfficeError as error:
        report = ErrorReport(f"_ERR_{error.reason_code}", error.message, "GenericApplicationError", "InventoryInquire")
        return InventoryReply(False, render_error(report))
    return InventoryReply(True, render_reply(request, answers))


def _answer(backend: Backend, ask: InventoryAsk, store_id: str, now: datetime) -> InventoryAnswer:
    key = AvailabilityKey(PartRef(part_number=ask.part_number), LocationRef(online_store_id=store_id))
    try:
        found = backend.inventory.availability([key])
    except UnknownPart:
        return InventoryAnswer(Decimal(0), now, "_ERR_UnknownPart")
    if not found:
        return InventoryAnswer(Decimal(0), now)
    availability = found[0].availability
    return InventoryAnswer(Decimal(availability.quantity), availability.available_date or now)
