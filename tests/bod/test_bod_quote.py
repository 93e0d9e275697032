"""ProcessQuote (SubmitQuote) -> AcknowledgeQuote and GetQuote -> ShowQuote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree

from simulator.bod import quote as qt
from simulator.bod.errors import UnsupportedOperation
from simulator.bod.messages import (
    ApplicationArea,
    BusinessError,
    DocumentQuery,
    OrderDocument,
    OrderLine,
    QuoteDocument,
    SubmitQuoteRequest,
)

from .conftest import reparse

Loader = Callable[[str], etree._Element]
DN = "uid=buyer1,o=acme industrial,o=root organization"


def test_parses_submit_quote(load_bod: Loader) -> None:
    request = qt.parse_process_quote_request(load_bod("SubmitQuote.xml"))
    quote = request.quote
    assert (quote.quote_id, quote.external_quote_id) == ("31001", None)
    assert quote.expiration_date == datetime(2024, 6, 13, 23, 59, 59, tzinfo=UTC)
    assert quote.order.order_id == "21004"
    assert quote.order.order_type_code == "QUT"
    assert len(quote.order.lines) == 2


def test_other_action_code_is_unsupported(load_bod: Loader) -> None:
    bod = load_bod("SubmitQuote.xml")
    bod.find(".//{*}ActionExpression").set("actionCode", "CancelQuote")
    with pytest.raises(UnsupportedOperation):
        qt.parse_process_quote_request(bod)


QUOTE = QuoteDocument(
    quote_id="31001", external_quote_id="Q-000007", expiration_date=datetime(2024, 6, 13, 23, 59, 59),
    order=OrderDocument(order_id="21004", store_name="AuroraB2B", buyer_dn=DN, status="W",
                        placed_date=datetime(2024, 5, 14, 10, 0),
                        lines=(OrderLine(item_id="1", part_number="P1", quantity=Decimal(3), uom="C62"),)),
)


def test_submit_round_trip(request_area: ApplicationArea) -> None:
    request = SubmitQuoteRequest(request_area, QUOTE)
    bod = reparse(qt.build_process_quote_request(request))
    assert bod.findtext(".//{*}ActionExpression") == "/Quote"
    assert qt.parse_process_quote_request(bod) == request


def test_acknowledge_carries_the_external_quote_id(request_area: ApplicationArea,
                                                    response_area: ApplicationArea) -> None:
    answer = QuoteDocument(quote_id="31001", external_quote_id="Q-000007", order=OrderDocument(order_id="21004"))
    bod = reparse(qt.build_acknowledge_quote_response(answer, response_area, request_area))
    assert qt.parse_acknowledge_quote_response(bod).quote == answer
    error = BusinessError("_ERR_QUOTE", "Cannot quote")
    failed = qt.parse_acknowledge_quote_response(
        reparse(qt.build_acknowledge_quote_response(answer, response_area, request_area, [error])))
    assert (failed.quote, failed.header.errors) == (None, (error,))


def test_parses_list_and_detail_forms(load_bod: Loader) -> None:
    listing = qt.parse_get_quote_request(load_bod("GetQuote_oqc_list.xml"))
    assert (listing.buyer_dn, listing.statuses, listing.store_name, listing.max_items) == (
        DN, ("W", "M"), "AuroraB2B", 10)
    detail = qt.parse_get_quote_request(load_bod("GetQuote_external_details.xml"))
    assert detail.is_detail
    assert (detail.external_ids, detail.store_name) == (("Q-000007",), "AuroraB2B")


@pytest.mark.parametrize("query_fields", [
    {"access_profile": "IBM_External_Summary", "buyer_dn": DN, "statuses": ("W",), "store_name": "AuroraB2B"},
    {"access_profile": "IBM_External_Details", "external_ids": ("Q-1",), "store_name": "AuroraB2B"},
])
def test_get_quote_round_trip(request_area: ApplicationArea, query_fields: dict[str, object]) -> None:
    query = DocumentQuery(request_area, **query_fields)  # type: ignore[arg-type]
    assert qt.parse_get_quote_request(reparse(qt.build_get_quote_request(query))) == query


def test_show_quote_round_trip(request_area: ApplicationArea, response_area: ApplicationArea) -> None:
    detail = reparse(qt.build_show_quote_response([QUOTE], response_area, request_area, detail=True))
    assert qt.parse_show_quote_response(detail).quotes == (QUOTE,)
    summary = qt.parse_show_quote_response(
        reparse(qt.build_show_quote_response([QUOTE], response_area, request_area, detail=False)))
    assert summary.quotes[0].order.lines == ()
    assert summary.quotes[0].status == "W"
