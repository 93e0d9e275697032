"""ProcessOrder (CalculateOrder, TransferOrder) -> AcknowledgeOrder and GetOrder -> ShowOrder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree

from simulator.bod import order as od
from simulator.bod.errors import BadExpression, InvalidMessage, UnsupportedOperation
from simulator.bod.messages import (
    Address,
    Adjustment,
    ApplicationArea,
    BusinessError,
    DocumentQuery,
    LineAmounts,
    OrderAction,
    OrderAmounts,
    OrderDocument,
    OrderLine,
    PaymentInstruction,
    ProcessOrderRequest,
    RecordSet,
    ShippingInfo,
)

from .conftest import reparse

Loader = Callable[[str], etree._Element]
DN = "uid=buyer1,o=acme industrial,o=root organization"


def test_parses_calculate_order(load_bod: Loader) -> None:
    request = od.parse_process_order_request(load_bod("CalculateOrder.xml"))
    assert request.action is OrderAction.CALCULATE
    order = request.order
    assert (order.order_id, order.store_id, order.store_name) == ("21001", "553", "AuroraB2B")
    assert (order.buyer_dn, order.buyer_logon, order.organization_dn) == (
        DN, "buyer1", "o=acme industrial,o=root organization")
    assert order.currency == "USD"
    assert order.amounts is not None and order.amounts.grand_total == Decimal("271.20000")
    line = order.lines[0]
    assert line.amounts is not None
    assert (line.amounts.unit_price, line.amounts.item_price) == (Decimal("100.00000"), Decimal("200.00000"))
    assert line.amounts.adjustments[0].code == "SPRING10"
    assert order.payments[0].protocol_data == (("_display_value", "Pay in store"),)
    assert order.placed_date == datetime(2024, 5, 14, 10, 15, 29, tzinfo=UTC)


@pytest.mark.parametrize(("name", "action"), [("TransferOrder.xml", OrderAction.TRANSFER),
                                              ("Transfer_dom.xml", OrderAction.TRANSFER_SHORT)])
def test_parses_both_transfer_spellings(load_bod: Loader, name: str, action: OrderAction) -> None:
    request = od.parse_process_order_request(load_bod(name))
    assert request.action is action
    assert request.action.is_transfer


def test_accepts_the_wcf_application_area_form(load_bod: Loader) -> None:
    request = od.parse_process_order_request(load_bod("TransferOrder.xml"))
    assert request.application_area.store_id == "553"
    assert request.application_area.creation_date_time == "2024-05-14T10:16:01Z"


def test_unknown_action_code(load_bod: Loader) -> None:
    bod = load_bod("CalculateOrder.xml")
    bod.find(".//{*}ActionExpression").set("actionCode", "Submit")
    with pytest.raises(UnsupportedOperation):
        od.parse_process_order_request(bod)


def test_order_without_id_is_invalid(load_bod: Loader) -> None:
    bod = load_bod("CalculateOrder.xml")
    identifier = bod.find(".//{*}Order/{*}OrderIdentifier")
    identifier.getparent().remove(identifier)
    with pytest.raises(InvalidMessage):
        od.parse_process_order_request(bod)


FULL_ORDER = OrderDocument(
    order_id="21001", external_order_id="EXT-000042", store_id="553", store_name="AuroraB2B",
    channel="B2B External", quote_id="31001", external_quote_id="Q-7", buyer_po="PO-1",
    organization_id="601", organization_dn="o=acme", buyer_id="8001", buyer_dn=DN, buyer_logon="buyer1",
    bill_to=Address(lines=("1 Way",), city="Toronto", state="ON", country="CA", postal_code="M5V",
                    first_name="Bea", last_name="Buyer", phone="555-0100", email="bea@example.com"),
    amounts=OrderAmounts("USD", Decimal("110.00"), Decimal("100.00"), Decimal("-5.00"),
                         (Adjustment(Decimal("-5.00"), code="SAVE5", usage="Discount"),),
                         Decimal("10.00"), Decimal("5.00"), Decimal("0.00")),
    payments=(PaymentInstruction("PayInStore", Decimal("110.00"), "USD", "9001", 1, (("cc_brand", "VISA"),),
                                 "Pending"),),
    status="M", buyer_approval_status="Approved", description="d", comments="c",
    last_update_date=datetime(2024, 5, 14, 10, 0), placed_date=datetime(2024, 5, 14, 10, 5),
    lines=(OrderLine(
        item_id="1", external_item_id="EXT-000042-1", part_number="P1", catentry_id="10251",
        quantity=Decimal(2), uom="C62",
        amounts=LineAmounts("USD", Decimal("50"), Decimal(1), "C62", Decimal("100"), Decimal("-5"),
                            (Adjustment(Decimal("-5"), code="SAVE5"),), Decimal("10"), Decimal("5"), Decimal(0),
                            free_gift=False),
        shipping=ShippingInfo(address=Address(lines=("2 Dock",), city="Mississauga"), ship_mode_id="10851",
                              ship_mode_code="Standard", carrier="XYZ", instruction="leave at dock",
                              requested_ship_date=datetime(2024, 5, 20)),
        status="M", inventory_status="Allocated", fulfillment_status="Unreleased",
        available_date=datetime(2024, 5, 14), expected_ship_date=datetime(2024, 5, 15),
        time_shipped=datetime(2024, 5, 16), fulfillment_center="DC-East", fulfillment_center_id="715",
        comments="fragile", user_data=(("lineNote", "x"),),
    ),),
    shipping=ShippingInfo(ship_mode_code="Standard", carrier="XYZ"),
    order_type_code="ORD", ship_as_complete=True, user_data=(("MaxOrderStatus", "M"),),
)


def test_process_order_round_trip(request_area: ApplicationArea) -> None:
    request = ProcessOrderRequest(request_area, OrderAction.TRANSFER, FULL_ORDER)
    bod = reparse(od.build_process_order_request(request))
    assert bod.findtext(".//{*}ActionExpression") == "/Order"
    assert od.parse_process_order_request(bod) == request


def test_order_element_order_follows_the_schema(request_area: ApplicationArea) -> None:
    bod = od.build_process_order_request(ProcessOrderRequest(request_area, OrderAction.TRANSFER, FULL_ORDER))
    names = [etree.QName(child).localname for child in bod.find(".//{*}Order")]
    assert names.index("LastUpdateDate") < names.index("PlacedDate") < names.index("OrderItem")
    assert names.index("OrderItem") < names.index("OrderShippingInfo")
    assert names[-1] == "UserData"
    mode = bod.find(".//{*}OrderItemShippingInfo/{*}ShippingMode/{*}ShippingModeIdentifier")
    assert {etree.QName(e).namespace for e in mode.iter()} == {"http://www.ibm.com/xmlns/prod/commerce/9/order"}


def test_acknowledge_round_trip(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    acknowledged = OrderDocument(order_id="21001", external_order_id="EXT-000042", status="M",
                                 lines=(OrderLine(item_id="1", external_item_id="EXT-000042-1"),))
    bod = reparse(od.build_acknowledge_order_response(acknowledged, response_area, request_area))
    assert bod.find(".//{*}ResponseCriteria") is None
    result = od.parse_acknowledge_order_response(bod)
    assert result.order == acknowledged
    assert result.header.original == request_area


def test_calculate_acknowledge_carries_amounts(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    bod = reparse(od.build_acknowledge_order_response(FULL_ORDER, response_area, request_area))
    assert od.parse_acknowledge_order_response(bod).order == FULL_ORDER


def test_acknowledge_error(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    error = BusinessError("_ERR_CREDIT_HOLD", "Organization is on credit hold")
    bod = reparse(od.build_acknowledge_order_response(FULL_ORDER, response_area, request_area, [error]))
    result = od.parse_acknowledge_order_response(bod)
    assert (result.order, result.header.errors) == (None, (error,))


def test_parses_the_oqc_list_form(load_bod: Loader) -> None:
    query = od.parse_get_order_request(load_bod("GetOrder_oqc_list.xml"))
    assert (query.access_profile, query.is_detail) == ("IBM_External_Summary", False)
    assert (query.buyer_dn, query.statuses, query.store_name) == (DN, ("M", "C"), "AuroraB2B")
    assert (query.max_items, query.start) == (10, 0)


def test_parses_the_dom_history_form(load_bod: Loader) -> None:
    query = od.parse_get_order_request(load_bod("GetOrder_dom_history.xml"))
    assert query.unique_ids == ("21001", "21003")
    assert (query.after_external_id, query.external_ids) == ("EXT-000042", ())
    assert (query.store_id, query.buyer_logon, query.max_items) == ("553", "buyer1", 20)


def test_parses_the_detail_form(load_bod: Loader) -> None:
    query = od.parse_get_order_request(load_bod("GetOrder_external_details.xml"))
    assert query.is_detail
    assert (query.external_ids, query.store_name, query.after_external_id) == (("EXT-000042",), "AuroraB2B", None)


def test_parses_status_with_record_set_total(load_bod: Loader) -> None:
    query = od.parse_get_order_request(load_bod("GetOrder_summary_status_total.xml"))
    assert (query.access_profile, query.statuses, query.external_ids, query.record_set_total) == (
        "IBM_Summary", ("S",), ("EXT-000042",), 25)


@pytest.mark.parametrize("query_fields", [
    {"access_profile": "IBM_External_Summary", "buyer_dn": DN, "statuses": ("M", "C"), "store_name": "AuroraB2B",
     "max_items": 10, "start": 0},
    {"access_profile": "IBM_External_Summary", "unique_ids": ("1", "2"), "after_external_id": "E9",
     "store_id": "553", "buyer_logon": "buyer1", "max_items": 20},
    {"access_profile": "IBM_External_Details", "external_ids": ("EXT-1",), "store_name": "AuroraB2B"},
])
def test_get_order_round_trip(request_area: ApplicationArea, query_fields: dict[str, object]) -> None:
    query = DocumentQuery(request_area, **query_fields)  # type: ignore[arg-type]
    bod = reparse(od.build_get_order_request(query))
    assert od.parse_get_order_request(bod) == query


def test_unknown_profile_and_bad_noun(load_bod: Loader) -> None:
    bod = load_bod("GetOrder_oqc_list.xml")
    expression = bod.find(".//{*}Expression")
    original = expression.text or ""
    expression.text = original.replace("IBM_External_Summary", "IBM_Secret")
    with pytest.raises(UnsupportedOperation):
        od.parse_get_order_request(bod)
    expression.text = original.replace("/Order[", "/Quote[")
    with pytest.raises(BadExpression):
        od.parse_get_order_request(bod)


def test_show_order_summary_and_detail(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    record_set = RecordSet(count=1, total=3, start=0, complete=False)
    summary = reparse(od.build_show_order_response([FULL_ORDER], response_area, request_area, detail=False,
                                                   record_set=record_set))
    parsed = od.parse_show_order_response(summary)
    assert parsed.header.record_set == record_set
    assert parsed.orders[0].lines == ()
    assert parsed.orders[0].external_order_id == "EXT-000042"
    detail = reparse(od.build_show_order_response([FULL_ORDER], response_area, request_area, detail=True))
    assert od.parse_show_order_response(detail).orders == (FULL_ORDER,)


def test_show_order_error(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    error = BusinessError("_ERR_ORDER_NOT_FOUND", "No order EXT-9")
    bod = reparse(od.build_show_order_response([FULL_ORDER], response_area, request_area, detail=True,
                                               errors=[error]))
    assert od.parse_show_order_response(bod).orders == ()
