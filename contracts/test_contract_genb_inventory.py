"""Gen B: GetProductAvailability and ProcessOrderInventory (Check, Reserve, Cancel) on the same reservations."""

from __future__ import annotations

from decimal import Decimal

from conformance import genb
from conformance.data import ContractData, Needs
from conformance.requests import new_commerce_id, text_at
from conformance.target import Target


def on_hand(target: Target, data: ContractData) -> Decimal:
    result = genb.exchange(target, genb.load("genb_GetProductAvailability.xml", data))
    genb.check_success(result)
    return Decimal(text_at(result.nouns("ProductAvailability")[0], "QuantityOnHand") or "")


def test_product_availability_answers_the_sku_per_center(target: Target, needs: Needs) -> None:
    data = needs("store_id", "part")
    result = genb.exchange(target, genb.load("genb_GetProductAvailability.xml", data))
    genb.check_success(result)
    (record,) = result.nouns("ProductAvailability")
    assert text_at(record, "ProductIdentifier/SKU") == data.part
    assert text_at(record, "InventoryStatus") == "Available"
    quantity = record.find("{*}QuantityOnHand")
    assert quantity is not None and quantity.get("uom") and Decimal(quantity.text or "") >= 20
    centers = record.findall("{*}FulfillmentCenterInventory")
    assert centers and sum(Decimal(text_at(c, "QuantityOnHand") or "") for c in centers) == Decimal(quantity.text or "")


def test_unknown_sku_is_a_business_error(target: Target, needs: Needs) -> None:
    data = needs("store_id")
    request = genb.load("genb_GetProductAvailability.xml", data, **{"FULO-0101": data.unknown_part})
    result = genb.exchange(target, request)
    assert result.errors() and all(result.errors()) and not result.nouns("ProductAvailability")


def test_reserve_replaces_and_cancel_releases(target: Target, needs: Needs) -> None:
    data = needs("store_id", "part", "part_2")
    before = on_hand(target, data)
    order_id = new_commerce_id()
    for _ in range(2):
        result = genb.exchange(target, genb.load("genb_ReserveOrderInventory.xml", data, order_id))
        genb.check_success(result)
        assert text_at(result.bod, "OrderInventory/OrderIdentifier/OrderID") == order_id
        items = result.nouns("OrderInventory/OrderItemInventory")
        assert [text_at(item, "InventoryStatus") for item in items] == ["Allocated", "Allocated"]
        assert all(text_at(item, "FulfillmentCenterID") for item in items)
    assert on_hand(target, data) == before - 2 - (1 if data.part_2 == data.part else 0)
    genb.check_success(genb.exchange(target, genb.load("genb_CancelOrderInventory.xml", data, order_id)))
    assert on_hand(target, data) == before


def test_check_holds_nothing(target: Target, needs: Needs) -> None:
    data = needs("store_id", "part", "part_2")
    before = on_hand(target, data)
    result = genb.exchange(target, genb.load("genb_CheckOrderInventory.xml", data, new_commerce_id()))
    genb.check_success(result)
    assert len(result.nouns("OrderInventory/OrderItemInventory")) == 2
    assert on_hand(target, data) == before
