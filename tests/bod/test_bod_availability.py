"""GetInventoryAvailability -> ShowInventoryAvailability: every expression shape, round trips, hot path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree

from simulator.bod import availability as av
from simulator.bod import envelope, xmlsafe
from simulator.bod.errors import BadExpression, InvalidMessage
from simulator.bod.messages import (
    ApplicationArea,
    AvailabilityKey,
    AvailabilityQuery,
    AvailabilityRecord,
    BusinessError,
    FulfillmentCenterAvailability,
    ItemForm,
    LocationForm,
)

from .conftest import reparse

Loader = Callable[[str], etree._Element]


def _keys(load_bod: Loader, name: str) -> list[tuple[str, ItemForm, str, LocationForm]]:
    query = av.parse_get_inventory_availability_request(load_bod(name))
    return [(k.item, k.item_form, k.location, k.location_form) for k in query.items]


def test_shape_1_catentry_and_online_store_id(load_bod: Loader) -> None:
    query = av.parse_get_inventory_availability_request(load_bod("GetInventoryAvailability_catentry_online_id.xml"))
    assert query.access_profile == "IBM_Store_Details"
    assert query.application_area.store_id == "553"
    assert query.application_area.bod_id == "6b0e3c1a-0001-4a55-9f30-000000000001"
    (key,) = query.items
    assert (key.catentry_id, key.online_store_id, key.part_number) == ("55301088100", "553", None)


def test_shape_2_online_or_physical_store_id(load_bod: Loader) -> None:
    assert _keys(load_bod, "GetInventoryAvailability_catentry_online_or_physical_id.xml") == [
        ("55301088100", ItemForm.UNIQUE_ID, "553", LocationForm.ONLINE_UNIQUE_ID),
        ("55301088100", ItemForm.UNIQUE_ID, "10501", LocationForm.PHYSICAL_UNIQUE_ID),
    ]


def test_shape_3_part_numbers_and_store_name_several_items(load_bod: Loader) -> None:
    assert _keys(load_bod, "GetInventoryAvailability_partnumber_store_name.xml") == [
        ("FULO-0101", ItemForm.PART_NUMBER, "AuroraB2B", LocationForm.ONLINE_NAME),
        ("TOOL-[0202]", ItemForm.PART_NUMBER, "AuroraB2B", LocationForm.ONLINE_NAME),
    ]


def test_shape_4_store_name_or_physical_external_id(load_bod: Loader) -> None:
    assert _keys(load_bod, "GetInventoryAvailability_partnumber_store_name_or_physical.xml") == [
        ("FULO-0101", ItemForm.PART_NUMBER, "AuroraB2B", LocationForm.ONLINE_NAME),
        ("FULO-0101", ItemForm.PART_NUMBER, "Store_Toronto_01", LocationForm.PHYSICAL_EXTERNAL),
    ]


def _bod_with_expression(expression: str, context: str = '<_wcf:ContextData name="storeId">9</_wcf:ContextData>') -> (
    etree._Element
):
    return xmlsafe.parse(f'''<_inv:GetInventoryAvailability releaseID="9.0"
        xmlns:_inv="http://www.ibm.com/xmlns/prod/commerce/9/inventory"
        xmlns:_wcf="http://www.ibm.com/xmlns/prod/commerce/9/foundation"
        xmlns:oa="http://www.openapplications.org/oagis/9">
      <_wcf:ApplicationArea><oa:CreationDateTime>2024-01-01T00:00:00Z</oa:CreationDateTime>
        <_wcf:BusinessContext>{context}</_wcf:BusinessContext></_wcf:ApplicationArea>
      <_inv:DataArea><oa:Get><oa:Expression>{expression}</oa:Expression></oa:Get></_inv:DataArea>
    </_inv:GetInventoryAvailability>'''.encode())


def test_missing_store_defaults_to_context_store_id() -> None:
    bod = _bod_with_expression("/InventoryAvailability[InventoryAvailabilityIdentifier/ExternalIdentifier["
                               "CatalogEntryIdentifier/ExternalIdentifier[(PartNumber='P1')]]]")
    (key,) = av.parse_get_inventory_availability_request(bod).items
    assert (key.part_number, key.online_store_id) == ("P1", "9")


def test_expression_without_item_is_bad() -> None:
    with pytest.raises(BadExpression):
        av.parse_get_inventory_availability_request(
            _bod_with_expression("/InventoryAvailability[InventoryAvailabilityIdentifier]"))


def test_missing_expression_is_invalid() -> None:
    with pytest.raises(InvalidMessage):
        av.parse_get_inventory_availability_request(_bod_with_expression(""))


KEYS = (
    AvailabilityKey("55301088100", ItemForm.UNIQUE_ID, "553", LocationForm.ONLINE_UNIQUE_ID),
    AvailabilityKey("55301088100", ItemForm.UNIQUE_ID, "10501", LocationForm.PHYSICAL_UNIQUE_ID),
    AvailabilityKey("FULO-0101", ItemForm.PART_NUMBER, "AuroraB2B", LocationForm.ONLINE_NAME),
    AvailabilityKey("FULO-0101", ItemForm.PART_NUMBER, "Toronto's & Co", LocationForm.PHYSICAL_EXTERNAL),
)


def test_build_request_then_parse_round_trip(request_area: ApplicationArea) -> None:
    query = AvailabilityQuery(request_area, KEYS)
    bod = reparse(av.build_get_inventory_availability_request(query))
    assert av.parse_get_inventory_availability_request(bod) == query


def test_single_item_request_matches_the_commerce_sample(request_area: ApplicationArea) -> None:
    expression = av.availability_expression(KEYS[:1])
    assert expression == (
        "{_wcf.ap=IBM_Store_Details}/InventoryAvailability[InventoryAvailabilityIdentifier/ExternalIdentifier["
        "CatalogEntryIdentifier[(UniqueID='55301088100')] and OnlineStoreIdentifier[(UniqueID='553')]]]"
    )


RECORDS = (
    AvailabilityRecord(KEYS[0], "Available", Decimal("135.0"), last_update=datetime(2024, 5, 1, 8, 0)),
    AvailabilityRecord(KEYS[1], "Backorderable", Decimal(0),
                       availability_date=datetime(2024, 6, 1, tzinfo=UTC), offset_seconds=86400),
    AvailabilityRecord(KEYS[2], "Unavailable", Decimal(0)),
    AvailabilityRecord(KEYS[3], "Available", Decimal("4"), fulfillment_centers=(
        FulfillmentCenterAvailability(name="Toronto DC", unique_id="715838084", quantity=Decimal("4")),
    )),
)


def test_response_validates_and_round_trips(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    bod = reparse(av.build_show_inventory_availability_response(RECORDS, response_area, request_area))
    result = av.parse_show_inventory_availability_response(bod)
    assert result.records == RECORDS
    assert result.header.application_area == response_area
    assert result.header.original == request_area
    assert result.header.record_set is not None
    assert (result.header.record_set.count, result.header.record_set.total) == (4, 4)


def test_response_echoes_the_request_forms(load_bod: Loader, response_area: ApplicationArea) -> None:
    query = av.parse_get_inventory_availability_request(load_bod("GetInventoryAvailability_partnumber_store_name.xml"))
    records = [AvailabilityRecord(key, "Available", Decimal(1)) for key in query.items]
    bod = av.build_show_inventory_availability_response(records, response_area, query.application_area)
    assert [t.text for t in bod.iter("{*}PartNumber")] == ["FULO-0101", "TOOL-[0202]"]
    assert [t.text for t in bod.iter("{*}NameIdentifier")] == ["AuroraB2B", "AuroraB2B"]
    assert bod.find(".//{*}CatalogEntryIdentifier/{*}UniqueID") is None


def test_business_error_response_validates(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    error = BusinessError("_ERR_UNKNOWN_PART", "Part <X> & co is unknown")
    bod = reparse(av.build_show_inventory_availability_response(RECORDS, response_area, request_area, [error]))
    result = av.parse_show_inventory_availability_response(bod)
    assert result.records == ()
    assert result.header.errors == (error,)


@pytest.mark.parametrize("version", list(envelope.SoapVersion))
def test_hot_path_bytes_equal_the_tree_form(request_area: ApplicationArea, response_area: ApplicationArea,
                                            version: envelope.SoapVersion) -> None:
    raw = av.show_inventory_availability_bytes(RECORDS, response_area, request_area, version)
    unwrapped = envelope.unwrap(xmlsafe.parse(raw))
    assert unwrapped.version is version
    tree = av.build_show_inventory_availability_response(RECORDS, response_area, request_area)
    assert etree.tostring(unwrapped.bod, method="c14n", exclusive=True) == etree.tostring(
        tree, method="c14n", exclusive=True)
