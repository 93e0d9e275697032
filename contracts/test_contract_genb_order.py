"""Gen B: ProcessOrder Transfer (OrderHeader/OrderItem) -> AcknowledgeOrder; GetOrder with an empty Get -> ShowOrder."""

from __future__ import annotations

import pytest

from conformance import genb
from conformance.data import Needs
from conformance.requests import new_commerce_id, text_at
from conformance.target import Target


@pytest.fixture(scope="module")
def transferred(target: Target, needs: Needs) -> tuple[str, str]:
    data = needs("store_id", "part", "part_2", "buyer_dn")
    order_id = new_commerce_id()
    result = genb.exchange(target, genb.load("genb_TransferOrder.xml", data, order_id))
    genb.check_success(result)
    assert result.verb.find("{*}ResponseCriteria") is None, "a transfer succeeds with no response criteria"
    assert text_at(result.bod, "OrderHeader/OrderIdentifier/OrderID") == order_id
    external = text_at(result.bod, "OrderHeader/OrderIdentifier/ExternalOrderID")
    assert external, "no ExternalOrderID"
    return order_id, external


def test_transfer_twice_gets_the_same_external_id(target: Target, needs: Needs, transferred: tuple[str, str]) -> None:
    data = needs("store_id", "part", "part_2", "buyer_dn")
    order_id, external = transferred
    again = genb.exchange(target, genb.load("genb_TransferOrder.xml", data, order_id))
    assert text_at(again.bod, "OrderHeader/OrderIdentifier/ExternalOrderID") == external


def test_get_order_by_commerce_id(target: Target, needs: Needs, transferred: tuple[str, str]) -> None:
    data = needs("store_id")
    order_id, external = transferred
    result = genb.exchange(target, genb.load("genb_GetOrder_by_id.xml", data, order_id))
    genb.check_success(result)
    assert result.verb.get("recordSetStartNumber") == "1" and result.verb.get("recordSetCount") == "1"
    (order,) = result.nouns("Order")
    assert text_at(order, "OrderHeader/OrderIdentifier/ExternalOrderID") == external
    assert len(order.findall("{*}OrderItem")) == 2


def test_get_order_lists_the_customers_orders(target: Target, needs: Needs, transferred: tuple[str, str]) -> None:
    data = needs("store_id", "buyer_dn")
    result = genb.exchange(target, genb.load("genb_GetOrder_customer.xml", data))
    genb.check_success(result)
    count, total = int(result.verb.get("recordSetCount") or ""), int(result.verb.get("recordSetTotal") or "")
    assert count == len(result.nouns("Order")) and total >= count >= 1


def test_get_order_of_an_unknown_id_is_a_business_error(target: Target, needs: Needs) -> None:
    data = needs("store_id")
    result = genb.exchange(target, genb.load("genb_GetOrder_by_id.xml", data, "999999999999"))
    assert result.errors() and all(result.errors()) and not result.nouns("Order")
