"""GetInventoryAvailability and ProcessInventoryRequirement (ReserveInventory, CancelInventoryReservation)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from lxml import etree

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

STATUSES = {"Available", "Backorderable", "Unavailable"}
RESERVATION_STATUSES = {"Allocated", "Backordered", "Unallocated"}


def records(result: Exchange) -> list[etree._Element]:
    return result.nouns("InventoryAvailability")


def identifier(record: etree._Element, path: str) -> str | None:
    return rq.text_at(record, "InventoryAvailabilityIdentifier/ExternalIdentifier/" + path)


def check_record(record: etree._Element) -> str:
    status = rq.text_at(record, "InventoryStatus")
    assert status in STATUSES, f"InventoryStatus {status!r}"
    quantity = record.find(rq.paths("AvailableQuantity"))
    assert quantity is not None and quantity.get("uom"), "AvailableQuantity@uom is required"
    if status == "Available":
        assert decimal_of(quantity.text, "AvailableQuantity") > 0, "Available needs a positive quantity"
    if status == "Backorderable":
        assert rq.text_at(record, "AvailabilityDateTime"), "Backorderable needs AvailabilityDateTime"
    return status


def test_availability_by_part_number_and_store_name(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name", "part")
    result = exchange(target, rq.availability_request(data, [rq.by_part_and_store_name(data, data.part or "")]))
    check_success(result)
    assert check_record_set(result)["count"] == 1
    (record,) = records(result)
    assert check_record(record) == "Available"
    assert identifier(record, "CatalogEntryIdentifier/ExternalIdentifier/PartNumber") == data.part
    assert identifier(record, "OnlineStoreIdentifier/ExternalIdentifier/NameIdentifier") == data.store_name


def test_availability_by_catalog_entry_and_store_unique_id(target: Target, needs: Needs) -> None:
    data = needs("store_id", "catentry_id")
    result = exchange(target, rq.availability_request(data, [rq.by_catentry_and_store_id(data)]))
    check_success(result)
    (record,) = records(result)
    check_record(record)
    assert identifier(record, "CatalogEntryIdentifier/UniqueID") == data.catentry_id
    assert identifier(record, "OnlineStoreIdentifier/UniqueID") == data.store_id


def test_availability_at_a_physical_store(target: Target, needs: Needs) -> None:
    data = needs("store_id", "part", "physical_store")
    result = exchange(target, rq.availability_request(data, [rq.by_part_and_physical_store(data)]))
    check_success(result)
    (record,) = records(result)
    check_record(record)
    assert identifier(record, "PhysicalStoreIdentifier/ExternalIdentifier") == data.physical_store


def test_availability_of_several_items_answers_one_record_each(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name", "part", "part_unavailable")
    keys = [rq.by_part_and_store_name(data, part) for part in (data.part or "", data.part_unavailable or "")]
    result = exchange(target, rq.availability_request(data, keys))
    check_success(result)
    assert check_record_set(result) == {"count": 2, "total": 2, "start": 0, "complete": True}
    statuses = {identifier(r, "CatalogEntryIdentifier/ExternalIdentifier/PartNumber"): check_record(r)
                for r in records(result)}
    assert statuses[data.part] == "Available"
    assert statuses[data.part_unavailable] in {"Unavailable", "Backorderable"}


def test_availability_of_an_unknown_part_is_a_business_error(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name")
    result = exchange(target, rq.availability_request(data, [rq.by_part_and_store_name(data, data.unknown_part)]))
    check_business_error(result, "InventoryAvailability")


def reserved_quantities(result: Exchange) -> dict[str, dict[str, Decimal]]:
    """Per order item (CorrelationGroup, else the item id): quantity per inventory status."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for item in result.nouns("InventoryRequirement/OrderItem"):
        key = rq.text_at(item, "CorrelationGroup") or rq.text_at(item, "OrderItemIdentifier/UniqueID") or ""
        status = rq.text_at(item, "OrderItemStatus/InventoryStatus") or ""
        assert status in RESERVATION_STATUSES, f"InventoryStatus {status!r}"
        quantity = rq.text_at(item, "Quantity")
        totals[key][status] += Decimal(quantity) if quantity else Decimal(0)
    return totals


def test_reserve_then_cancel_inventory(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name", "part")
    order_id = rq.new_commerce_id()
    reserve = rq.reserve_request(data, order_id)
    result = exchange(target, reserve)
    check_success(result)
    assert result.texts("InventoryRequirement/OrderIdentifier/UniqueID") == [order_id]
    quantities = reserved_quantities(result)
    first_item = rq.item_ids(reserve)[0]
    assert first_item in quantities, f"no reservation answer for order item {first_item}"
    assert quantities[first_item].get("Allocated", Decimal(0)) == Decimal(2), quantities[first_item]
    assert set(quantities) == set(rq.item_ids(reserve)), "every requested order item needs an answer"
    cancel = exchange(target, rq.cancel_request(data, order_id))
    check_success(cancel)
    assert cancel.texts("InventoryRequirement/OrderIdentifier/UniqueID") in ([], [order_id])


def available_quantity(target: Target, data: ContractData) -> Decimal:
    result = exchange(target, rq.availability_request(data, [rq.by_part_and_store_name(data, data.part or "")]))
    (record,) = records(result)
    return decimal_of(rq.text_at(record, "AvailableQuantity"), "AvailableQuantity")


def test_repeated_reservation_replaces_the_first(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name", "part")
    order_id = rq.new_commerce_id()
    reserve = rq.reserve_request(data, order_id)
    before = available_quantity(target, data)
    first = reserved_quantities(exchange(target, reserve))
    after_first = available_quantity(target, data)
    second = reserved_quantities(exchange(target, rq.resend(reserve)))
    after_second = available_quantity(target, data)
    check_success(exchange(target, rq.cancel_request(data, order_id)))
    after_cancel = available_quantity(target, data)
    assert first == second, "the same reservation answered differently the second time"
    assert after_first == before - 2, f"reserving 2 took availability from {before} to {after_first}"
    assert after_second == after_first, "a repeated reservation must replace the first, not add to it"
    assert after_cancel == before, f"cancelling did not release the reservation ({after_cancel} != {before})"
