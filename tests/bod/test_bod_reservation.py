"""ProcessInventoryRequirement -> AcknowledgeInventoryRequirement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree

from simulator.bod import reservation as rs
from simulator.bod.errors import InvalidMessage, UnsupportedOperation
from simulator.bod.messages import (
    ApplicationArea,
    BusinessError,
    InventoryAction,
    OrderDocument,
    OrderLine,
    ReservationChunk,
    ReservationRequest,
    ShippingInfo,
)

from .conftest import reparse

Loader = Callable[[str], etree._Element]


def test_parses_the_reserve_sample(load_bod: Loader) -> None:
    request = rs.parse_process_inventory_requirement_request(load_bod("ReserveInventory.xml"))
    assert request.action is InventoryAction.RESERVE
    assert request.order_id == "21001"
    assert request.allow_partial is False
    assert request.order.ship_as_complete is True
    first, second = request.order.lines
    assert (first.item_id, first.part_number, first.quantity) == ("ITEM1", "FULO-0101", Decimal("2.0"))
    assert first.uom == "C62"
    assert first.shipping is not None and first.shipping.address is not None
    assert first.shipping.address.lines == ("25 Warehouse Road", "Dock 4")
    assert first.shipping.requested_ship_date == datetime(2024, 5, 20, tzinfo=UTC)
    assert first.shipping.ship_mode_code == "Standard Delivery"
    assert second.shipping is not None and second.shipping.is_pickup
    assert second.shipping.pickup_store_name == "Store_Toronto_01"


def test_reads_allow_partial_from_order_user_data(load_bod: Loader) -> None:
    assert rs.parse_process_inventory_requirement_request(load_bod("ReserveInventory_partial.xml")).allow_partial


def test_parses_cancel(load_bod: Loader) -> None:
    request = rs.parse_process_inventory_requirement_request(load_bod("CancelInventoryReservation.xml"))
    assert request.action is InventoryAction.CANCEL
    assert request.order_id == "21001"
    assert not request.allow_partial


def test_unknown_action_code(load_bod: Loader) -> None:
    bod = load_bod("ReserveInventory.xml")
    bod.find(".//{*}ActionExpression").set("actionCode", "DecrementCache")
    with pytest.raises(UnsupportedOperation):
        rs.parse_process_inventory_requirement_request(bod)


def test_missing_noun_is_invalid(load_bod: Loader) -> None:
    bod = load_bod("ReserveInventory.xml")
    noun = bod.find(".//{*}InventoryRequirement")
    noun.getparent().remove(noun)
    with pytest.raises(InvalidMessage):
        rs.parse_process_inventory_requirement_request(bod)


def test_build_request_round_trip(request_area: ApplicationArea) -> None:
    order = OrderDocument(
        order_id="5001", store_id="553", ship_as_complete=False,
        lines=(OrderLine(item_id="1", part_number="P1", quantity=Decimal(3), uom="C62",
                         shipping=ShippingInfo(ship_mode_code="PickupInStore", pickup_store_name="S1")),),
        user_data=(("IBM_AllowPartialReservation", "Y"),),
    )
    request = ReservationRequest(request_area, InventoryAction.RESERVE, order)
    bod = reparse(rs.build_process_inventory_requirement_request(request))
    assert bod.get("versionID") == "6.0.0.4"
    assert bod.findtext(".//{*}ActionExpression") == "/InventoryRequirement[1]"
    assert rs.parse_process_inventory_requirement_request(bod) == request


CHUNKS = (
    ReservationChunk("1", "Allocated", Decimal(2), available_date=datetime(2024, 5, 14),
                     expected_ship_date=datetime(2024, 5, 15), fulfillment_center="DC-East"),
    ReservationChunk("1", "Backordered", Decimal(1), available_date=datetime(2024, 6, 1),
                     expected_ship_date=datetime(2024, 6, 2), fulfillment_center="DC-West"),
    ReservationChunk("1", "Unallocated", Decimal(1)),
    ReservationChunk("2", "Unallocated", Decimal(5)),
)


def test_acknowledge_lays_out_chunks(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    bod = reparse(rs.build_acknowledge_inventory_requirement_response("5001", CHUNKS, response_area, request_area))
    items = bod.findall(".//{*}OrderItem")
    assert [i.findtext("{*}OrderItemIdentifier/{*}UniqueID") for i in items] == ["1", None, None, "2"]
    assert [i.findtext("{*}CorrelationGroup") for i in items] == ["1", "1", "1", None]
    assert items[0].findtext("{*}FulfillmentCenter/{*}FulfillmentCenterIdentifier/{*}Name") == "DC-East"
    result = rs.parse_acknowledge_inventory_requirement_response(bod)
    assert result.order_id == "5001"
    assert result.chunks == CHUNKS
    assert result.header.original == request_area


def test_acknowledge_error_leaves_the_noun_out(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    error = BusinessError("_ERR_INSUFFICIENT_INVENTORY", "Not enough stock", code="5001")
    bod = reparse(rs.build_acknowledge_inventory_requirement_response("5001", CHUNKS, response_area, request_area,
                                                                      [error]))
    result = rs.parse_acknowledge_inventory_requirement_response(bod)
    assert result.chunks == ()
    assert result.header.errors == (error,)
