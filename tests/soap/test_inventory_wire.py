"""Inventory over the wire: availability in all four expression shapes, reservations, cancel, check, SOAP 1.2."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from lxml import etree
from support import commerce as world
from support.commerce import Shop, Validated
from support.process import Simulator

from simulator.bod.envelope import SoapVersion
from simulator.bod.messages import ItemForm, LocationForm, ReservationChunk
from simulator.bod.namespaces import ORD, SOAP12
from simulator.client import BackOfficeClient, BusinessFault, Line, raise_for_errors

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("inventory-wire") / "sim.db") as running:
        yield running


@pytest.fixture(scope="module")
def shop(sim: Simulator) -> Shop:
    return world.shop(sim)


@pytest.fixture(scope="module")
def plenty(sim: Simulator) -> list[str]:
    """Two parts with at least 40 available online and no future receipts."""
    return world.parts_where(sim, world.available(minimum=40), count=2)


@pytest.fixture(scope="module")
def backorderable(sim: Simulator) -> str:
    return world.parts_where(sim, world.with_status("Backorderable"))[0]


@pytest.fixture(scope="module")
def unavailable(sim: Simulator) -> str:
    return world.parts_where(sim, world.with_status("Unavailable"))[0]


def catentry_id(sim: Simulator, part_number: str) -> str:
    return str(world.stock(sim, part_number)["entry"]["catentry_id"])


def allocated(chunks: tuple[ReservationChunk, ...], item_id: str, status: str = "Allocated") -> Decimal:
    return sum((c.quantity or Decimal(0) for c in chunks if c.item_id == item_id and c.status == status), Decimal(0))


def held(sim: Simulator, order_id: str) -> int:
    return sum(c["quantity"] for c in world.reservations(sim).get(order_id, []) if c["status"] == "Allocated")


# -- availability ------------------------------------------------------------------------------------------------


def test_part_number_and_store_name_report_the_admin_quantities_for_every_status(
    client: BackOfficeClient, sim: Simulator, shop: Shop, plenty: list[str], backorderable: str, unavailable: str,
    validated: Validated,
) -> None:
    parts = [*plenty, backorderable, unavailable]
    result = client.get_inventory_availability(parts)
    assert "PartNumber='" in validated.last_request and "NameIdentifier=" in validated.last_request
    records = {r.key.item: r for r in result.records}
    assert list(records) == parts and result.header.record_set is not None and result.header.record_set.count == 4
    for record in result.records:
        assert (record.key.item_form, record.key.location, record.key.location_form) == (
            ItemForm.PART_NUMBER, shop.name, LocationForm.ONLINE_NAME)
    for part in plenty:
        assert records[part].status == "Available" and records[part].quantity == world.online_quantity(sim, part) > 0
    expected_date = world.stock(sim, backorderable)["availability"]["available_date"]
    assert records[backorderable].status == "Backorderable" and records[backorderable].quantity == 0
    backorder_date = records[backorderable].availability_date
    assert backorder_date is not None and backorder_date.isoformat() == expected_date
    assert records[unavailable].status == "Unavailable" and records[unavailable].quantity == 0
    assert records[unavailable].availability_date is None


def test_part_number_or_physical_store_external_identifier(
    client: BackOfficeClient, sim: Simulator, shop: Shop, plenty: list[str], validated: Validated
) -> None:
    store = shop.physical[0]
    result = client.get_inventory_availability(plenty, physical_stores=[store.external_id])
    assert f"PhysicalStoreIdentifier[(ExternalIdentifier='{store.external_id}')]" in validated.last_request
    assert len(result.records) == 4
    for part in plenty:
        online, physical = (r for r in result.records if r.key.item == part)
        assert (online.key.location_form, online.key.location) == (LocationForm.ONLINE_NAME, shop.name)
        assert (physical.key.location_form, physical.key.location) == (LocationForm.PHYSICAL_EXTERNAL,
                                                                      store.external_id)
        assert online.quantity == world.online_quantity(sim, part)
        assert physical.quantity == world.center_quantity(sim, part, store.fc_id)
        assert (physical.status == "Available") == (physical.quantity > 0)


def test_catentry_unique_id_and_online_store_unique_id(
    client: BackOfficeClient, sim: Simulator, shop: Shop, plenty: list[str], unavailable: str, validated: Validated
) -> None:
    ids = {catentry_id(sim, part): part for part in [*plenty, unavailable]}
    result = client.get_inventory_availability(ids, by=ItemForm.UNIQUE_ID)
    assert "CatalogEntryIdentifier[(UniqueID=" in validated.last_request
    assert [r.key.item for r in result.records] == list(ids)
    for record in result.records:
        assert (record.key.item_form, record.key.location_form, record.key.location) == (
            ItemForm.UNIQUE_ID, LocationForm.ONLINE_UNIQUE_ID, shop.store_id)
        assert record.quantity == world.online_quantity(sim, ids[record.key.item])
    assert result.records[-1].status == "Unavailable"


def test_catentry_unique_id_or_physical_store_unique_id(
    client: BackOfficeClient, sim: Simulator, shop: Shop, plenty: list[str], validated: Validated
) -> None:
    store = shop.physical[-1]
    ids = {catentry_id(sim, part): part for part in plenty}
    result = client.get_inventory_availability(ids, by=ItemForm.UNIQUE_ID, physical_stores=[store.store_id])
    assert f"PhysicalStoreIdentifier[(UniqueID='{store.store_id}')]" in validated.last_request
    physical = [r for r in result.records if r.key.location_form is LocationForm.PHYSICAL_UNIQUE_ID]
    assert len(result.records) == 4 and len(physical) == 2
    for record in physical:
        assert record.key.location == store.store_id and record.key.item_form is ItemForm.UNIQUE_ID
        assert record.quantity == world.center_quantity(sim, ids[record.key.item], store.fc_id)


def test_an_unknown_part_is_a_business_error_UnknownPart(client: BackOfficeClient, plenty: list[str]) -> None:
    result = client.get_inventory_availability([plenty[0], "NO-SUCH-PART"])
    assert [e.reason_code for e in result.header.errors] == ["UnknownPart"]
    assert "NO-SUCH-PART" in result.header.errors[0].reason
    assert result.records == ()
    with pytest.raises(BusinessFault) as raised:
        raise_for_errors(result)
    assert raised.value.reason_code == "UnknownPart"


# -- reservations ------------------------------------------------------------------------------------------------


def test_reserve_splits_across_centers_into_allocated_chunks_sharing_a_correlation_group(
    client: BackOfficeClient, clean: Simulator, shop: Shop, validated: Validated
) -> None:
    part = world.parts_where(clean, world.in_several_centers())[0]
    centers = world.stock(clean, part)["availability"]["centers"]
    quantity = max(c["quantity"] for c in centers) + 1
    before = world.online_quantity(clean, part)
    result = client.reserve_inventory("7100001", [Line(part, quantity, item_id="71000011")])
    assert result.header.errors == () and result.order_id == "7100001"
    assert len(result.chunks) >= 2 and {c.status for c in result.chunks} == {"Allocated"}
    assert allocated(result.chunks, "71000011") == quantity
    assert {c.fulfillment_center for c in result.chunks} <= set(shop.centers.values())
    items = validated.last_bod.findall(f".//{{{ORD}}}OrderItem")
    assert [i.findtext(f"{{{ORD}}}CorrelationGroup") for i in items] == ["71000011"] * len(items)
    assert items[0].find(f"{{{ORD}}}OrderItemIdentifier") is not None
    assert all(i.find(f"{{{ORD}}}OrderItemIdentifier") is None for i in items[1:])
    assert held(clean, "7100001") == quantity
    assert world.online_quantity(clean, part) == before - quantity


def test_partial_reservation_allowed_gives_allocated_and_unallocated(
    client: BackOfficeClient, clean: Simulator
) -> None:
    part = world.parts_where(clean, world.available(minimum=1, maximum=30))[0]
    on_hand = world.online_quantity(clean, part)
    result = client.reserve_inventory("7100002", [Line(part, on_hand + 3)], allow_partial=True)
    assert result.header.errors == ()
    assert allocated(result.chunks, "7100002-1") == on_hand
    assert allocated(result.chunks, "7100002-1", "Unallocated") == 3
    assert held(clean, "7100002") == on_hand and world.online_quantity(clean, part) == 0


def test_partial_not_allowed_is_InsufficientStock_and_holds_nothing(
    client: BackOfficeClient, clean: Simulator, plenty: list[str]
) -> None:
    part = world.parts_where(clean, world.available(minimum=1, maximum=30))[0]
    client.reserve_inventory("7100003", [Line(plenty[0], 2)])
    before, quantity = world.reservations(clean), world.online_quantity(clean, part)
    result = client.reserve_inventory("7100004", [Line(plenty[1], 1), Line(part, quantity + 1)])
    assert [e.reason_code for e in result.header.errors] == ["InsufficientStock"]
    assert result.chunks == ()
    assert world.reservations(clean) == before
    assert world.online_quantity(clean, part) == quantity


def test_a_repeated_reservation_replaces_the_first(client: BackOfficeClient, clean: Simulator,
                                                  plenty: list[str]) -> None:
    part = plenty[0]
    before = world.online_quantity(clean, part)
    client.reserve_inventory("7100005", [Line(part, 5)])
    again = client.reserve_inventory("7100005", [Line(part, 2)])
    assert allocated(again.chunks, "7100005-1") == 2
    assert held(clean, "7100005") == 2
    assert client.get_inventory_availability([part]).records[0].quantity == before - 2


def test_cancel_releases_the_reservation(client: BackOfficeClient, clean: Simulator, plenty: list[str]) -> None:
    part = plenty[1]
    before = world.online_quantity(clean, part)
    client.reserve_inventory("7100006", [Line(part, 4)])
    assert client.get_inventory_availability([part]).records[0].quantity == before - 4
    cancelled = client.cancel_inventory_reservation("7100006", [Line(part, 4)])
    assert cancelled.header.errors == () and cancelled.order_id == "7100006"
    assert "7100006" not in world.reservations(clean)
    assert client.get_inventory_availability([part]).records[0].quantity == before


def test_a_backorderable_part_is_reserved_as_backordered_with_its_available_date(
    client: BackOfficeClient, clean: Simulator, backorderable: str
) -> None:
    expected = world.stock(clean, backorderable)["availability"]["available_date"]
    result = client.reserve_inventory("7100007", [Line(backorderable, 2)])
    assert result.header.errors == ()
    assert [c.status for c in result.chunks] == ["Backordered"]
    chunk = result.chunks[0]
    assert chunk.quantity == 2 and chunk.available_date is not None
    assert chunk.available_date.isoformat() == expected
    assert chunk.fulfillment_center is not None


def test_check_inventory_answers_without_holding(client: BackOfficeClient, clean: Simulator,
                                                 plenty: list[str]) -> None:
    result = client.check_inventory("7100008", [Line(plenty[0], 3)])
    assert result.header.errors == () and allocated(result.chunks, "7100008-1") == 3
    assert "7100008" not in world.reservations(clean)


# -- SOAP 1.2 ----------------------------------------------------------------------------------------------------


def test_a_soap12_request_gets_a_soap12_answer(sim: Simulator, plenty: list[str]) -> None:
    validated = Validated()
    with world.client_for(sim, validated, version=SoapVersion.SOAP12) as soap12:
        result = soap12.get_inventory_availability(plenty[:1])
    exchange = validated.last
    assert exchange is not None and exchange.response.content_type.startswith("application/soap+xml")
    assert etree.fromstring(exchange.response.body).tag == f"{{{SOAP12}}}Envelope"
    assert result.records[0].quantity == world.online_quantity(sim, plenty[0])
