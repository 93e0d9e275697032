"""ProcessOrder (CalculateOrder, TransferOrder) and GetOrder (IBM_External_Details, IBM_External_Summary)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from conformance import requests as rq
from conformance.checks import (
    Exchange,
    check_business_error,
    check_record_set,
    check_success,
    decimal_of,
    exchange,
)
from conformance.data import ContractData, Needs
from conformance.target import Target

TOTAL_PARTS = ("TotalProductPrice", "TotalAdjustment", "TotalShippingCharge", "TotalSalesTax", "TotalShippingTax")
MAX_PAGES = 40


@dataclass(frozen=True, slots=True)
class Transferred:
    """An order transferred by this run: the Commerce order id and the external order id it got."""

    data: ContractData
    order_id: str
    external_id: str
    first: Exchange


@pytest.fixture(scope="module")
def transferred(target: Target, needs: Needs) -> Transferred:
    data = needs("store_id", "store_name", "buyer_dn", "buyer_logon", "part")
    order_id = rq.new_commerce_id()
    result = exchange(target, rq.transfer_request(data, order_id))
    check_success(result)
    external_id = result.text("Order/OrderIdentifier/ExternalOrderID")
    assert external_id, "TransferOrder must answer the ExternalOrderID"
    return Transferred(data, order_id, external_id, result)


def test_calculate_order_returns_consistent_amounts(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name", "buyer_dn", "buyer_logon", "part")
    request = rq.calculate_request(data, rq.new_commerce_id())
    result = exchange(target, request)
    check_success(result)
    (order,) = result.nouns("Order")
    grand_total = order.find(rq.paths("OrderAmount/GrandTotal"))
    assert grand_total is not None and grand_total.get("currency"), "OrderAmount/GrandTotal@currency is required"
    parts = [rq.text_at(order, f"OrderAmount/{name}") for name in TOTAL_PARTS]
    total = sum((decimal_of(value, "total") for value in parts if value is not None), Decimal(0))
    assert decimal_of(grand_total.text, "GrandTotal") == total, f"GrandTotal {grand_total.text} != sum {total}"
    items = [item for item in result.nouns("Order/OrderItem") if item.find(rq.paths("OrderItemAmount")) is not None]
    assert len(items) == len(rq.item_ids(request)), "every order item needs its OrderItemAmount"


def test_transfer_order_answers_the_external_order_id(transferred: Transferred) -> None:
    result = transferred.first
    assert result.text("Order/OrderIdentifier/UniqueID") == transferred.order_id
    assert transferred.external_id


def test_transfer_order_is_idempotent(target: Target, transferred: Transferred) -> None:
    again = exchange(target, rq.transfer_request(transferred.data, transferred.order_id))
    check_success(again)
    assert again.text("Order/OrderIdentifier/ExternalOrderID") == transferred.external_id


def test_order_details_by_external_id(target: Target, transferred: Transferred) -> None:
    result = exchange(target, rq.order_details_request(transferred.data, transferred.external_id))
    check_success(result)
    check_record_set(result)
    (order,) = result.nouns("Order")
    assert rq.text_at(order, "OrderIdentifier/ExternalOrderID") == transferred.external_id
    assert rq.text_at(order, "OrderStatus/Status"), "the order needs OrderStatus/Status"
    parts = {p.text for p in order.iterfind(".//" + rq.paths("OrderItem/CatalogEntryIdentifier/ExternalIdentifier"
                                                                  "/PartNumber"))}
    assert transferred.data.part in parts, f"the transferred part is not among the items: {parts}"


def test_order_details_of_an_unknown_order_is_a_business_error(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name")
    result = exchange(target, rq.order_details_request(data, data.unknown_order))
    check_business_error(result, "Order")


def external_ids_of(result: Exchange) -> list[str]:
    return [rq.text_at(order, "OrderIdentifier/ExternalOrderID") or "" for order in result.nouns("Order")]


def test_oqc_order_list_honours_status_and_holds_the_transfer(target: Target, transferred: Transferred) -> None:
    details = exchange(target, rq.order_details_request(transferred.data, transferred.external_id))
    status = details.text("Order/OrderStatus/Status") or ""
    result = exchange(target, rq.order_list_request(transferred.data, (status,), max_items=500))
    check_success(result)
    record_set = check_record_set(result)
    assert record_set["count"] <= 500, "maxItems not honoured"
    assert {rq.text_at(o, "OrderStatus/Status") for o in result.nouns("Order")} == {status}
    if record_set["complete"]:
        assert transferred.external_id in external_ids_of(result), "the transferred order is not listed"


def test_dom_order_history_pages_and_holds_the_transfer(target: Target, transferred: Transferred) -> None:
    data, seen, page_size = transferred.data, [], 5
    for page in range(MAX_PAGES):
        request = rq.order_history_request(data, max_items=page_size)
        get = request.bod.find(".//" + rq.paths("DataArea/Get"))
        assert get is not None
        get.set("recordSetStartNumber", str(page * page_size))
        result = exchange(target, request)
        check_success(result)
        record_set = check_record_set(result)
        assert record_set["count"] <= page_size, "maxItems not honoured"
        seen.extend(external_ids_of(result))
        if transferred.external_id in seen or record_set["complete"]:
            break
    assert transferred.external_id in seen, "the transferred order is not in the buyer's order history"


def test_dom_order_history_by_commerce_order_id(target: Target, transferred: Transferred) -> None:
    result = exchange(target, rq.order_history_request(transferred.data, unique_ids=(transferred.order_id,)))
    check_success(result)
    check_record_set(result)
    assert external_ids_of(result) == [transferred.external_id]
