"""A business error as the back office sends it: the right response BOD, ResponseCriteria/ChangeStatus, no noun."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from lxml import etree

from simulator.bod import availability, order, price, quote, reservation
from simulator.bod.application_area import parse_application_area
from simulator.bod.envelope import bod_bytes
from simulator.bod.errors import BodError
from simulator.bod.messages import ApplicationArea, BusinessError
from simulator.bod.reservation import parse_process_inventory_requirement_request

Builder = Callable[[etree._Element, ApplicationArea, ApplicationArea | None, tuple[BusinessError, ...]], bytes]


def _availability(
    bod: etree._Element, area: ApplicationArea, original: ApplicationArea | None, errors: tuple[BusinessError, ...]
) -> bytes:
    return availability.show_inventory_availability_from_fragments([], area, original, errors).encode()


def _reservation(
    bod: etree._Element, area: ApplicationArea, original: ApplicationArea | None, errors: tuple[BusinessError, ...]
) -> bytes:
    try:
        order_id = parse_process_inventory_requirement_request(bod).order_id
    except BodError:
        order_id = None
    return bod_bytes(reservation.build_acknowledge_inventory_requirement_response(order_id, [], area, original, errors))


def _price(
    bod: etree._Element, area: ApplicationArea, original: ApplicationArea | None, errors: tuple[BusinessError, ...]
) -> bytes:
    return bod_bytes(price.build_show_price_list_response([], area, original, errors))


def _order_ack(
    bod: etree._Element, area: ApplicationArea, original: ApplicationArea | None, errors: tuple[BusinessError, ...]
) -> bytes:
    return bod_bytes(order.build_acknowledge_order_response(None, area, original, errors))


def _show_order(detail: bool) -> Builder:
    def build(
        bod: etree._Element, area: ApplicationArea, original: ApplicationArea | None, errors: tuple[BusinessError, ...]
    ) -> bytes:
        return bod_bytes(order.build_show_order_response([], area, original, detail=detail, errors=errors))

    return build


def _quote_ack(
    bod: etree._Element, area: ApplicationArea, original: ApplicationArea | None, errors: tuple[BusinessError, ...]
) -> bytes:
    return bod_bytes(quote.build_acknowledge_quote_response(None, area, original, errors))


def _show_quote(detail: bool) -> Builder:
    def build(
        bod: etree._Element, area: ApplicationArea, original: ApplicationArea | None, errors: tuple[BusinessError, ...]
    ) -> bytes:
        return bod_bytes(quote.build_show_quote_response([], area, original, detail=detail, errors=errors))

    return build


BUILDERS: Final[dict[str, Builder]] = {
    "GetInventoryAvailability": _availability,
    "ReserveInventory": _reservation,
    "CancelInventoryReservation": _reservation,
    "CheckInventory": _reservation,
    "GetPriceList": _price,
    "CalculateOrder": _order_ack,
    "TransferOrder": _order_ack,
    "GetOrderSummary": _show_order(False),
    "GetOrderDetails": _show_order(True),
    "SubmitQuote": _quote_ack,
    "GetQuoteSummary": _show_quote(False),
    "GetQuoteDetails": _show_quote(True),
}


def business_error_bod(
    operation: str, bod: etree._Element, area: ApplicationArea, reason_code: str, reason: str
) -> bytes | None:
    """The response BOD (no envelope) of `operation` carrying one business error; None for an operation without
    a gen-C response builder (the caller answers with a SOAP Fault instead)."""
    build = BUILDERS.get(operation)
    if build is None:
        return None
    try:
        original: ApplicationArea | None = parse_application_area(bod)
    except BodError:
        original = None
    return build(bod, area, original, (BusinessError(reason_code=reason_code, reason=reason),))
