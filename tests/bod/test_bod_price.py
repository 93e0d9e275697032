"""GetPriceList (IBM_Store_PriceEntry_DetailProfile) -> ShowPriceList."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from lxml import etree

from simulator.bod import price
from simulator.bod.errors import UnsupportedOperation
from simulator.bod.messages import ApplicationArea, BusinessError, PriceEntry, PriceKey, PriceQuery

from .conftest import reparse

Loader = Callable[[str], etree._Element]


def test_parses_the_commerce_request(load_bod: Loader) -> None:
    query = price.parse_get_price_list_request(load_bod("GetPriceList.xml"))
    assert query.items == (
        PriceKey("FULO-0101", "USD", Decimal("1.0"), "C62"),
        PriceKey("TOOL-0202", "USD", Decimal("10.0"), "C62"),
    )
    assert query.store_name == "AuroraB2B"
    assert query.for_user == "uid=buyer1,o=acme industrial,o=root organization"
    assert query.store_id == "553"


def test_request_round_trip_writes_the_commerce_shape() -> None:
    context = (("storeIdentifier", "S"), ("forUser", "uid=u"), ("storeId", "1"))
    area = ApplicationArea("2024-05-14T10:15:30", "b", context)
    keys = (PriceKey("P1", "USD", Decimal("1.0"), "C62"), PriceKey("P2", "EUR", Decimal("2.0"), "C62"))
    query = PriceQuery(area, keys)
    bod = reparse(price.build_get_price_list_request(query))
    assert bod.findtext(".//{*}Expression") == (
        "{_wcf.ap=IBM_Store_PriceEntry_DetailProfile}/PriceList[PriceEntry[(CatalogEntryIdentifier[ExternalIdentifier["
        "PartNumber='P1']] and Price[Price[@currency='USD'] and ((Quantity='1.0' and Quantity[@uom='C62']))]) or "
        "(CatalogEntryIdentifier[ExternalIdentifier[PartNumber='P2']] and Price[Price[@currency='EUR'] and "
        "((Quantity='2.0' and Quantity[@uom='C62']))])]]"
    )
    assert price.parse_get_price_list_request(bod) == query


def test_other_access_profile_is_unsupported(load_bod: Loader) -> None:
    bod = load_bod("GetPriceList.xml")
    expression = bod.find(".//{*}Expression")
    expression.text = (expression.text or "").replace("IBM_Store_PriceEntry_DetailProfile", "IBM_Admin_Details")
    with pytest.raises(UnsupportedOperation):
        price.parse_get_price_list_request(bod)


ENTRIES = (
    PriceEntry("FULO-0101", Decimal("95.50"), "USD", Decimal("1.0"), "C62", catentry_id="10251", qualifier="1"),
    PriceEntry("TOOL-0202", Decimal("38.00"), "USD"),
)


def test_response_validates_and_round_trips(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    bod = reparse(price.build_show_price_list_response(ENTRIES, response_area, request_area,
                                                       price_list_id="7001", price_list_name="Acme Contract"))
    result = price.parse_show_price_list_response(bod)
    assert result.entries == ENTRIES
    assert (result.price_list_id, result.price_list_name) == ("7001", "Acme Contract")


def test_error_response(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    error = BusinessError("_ERR_NO_PRICE", "No price for FULO-0101")
    bod = reparse(price.build_show_price_list_response(ENTRIES, response_area, request_area, [error]))
    result = price.parse_show_price_list_response(bod)
    assert result.entries == ()
    assert result.header.errors == (error,)
