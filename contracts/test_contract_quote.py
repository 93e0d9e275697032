"""ProcessQuote (SubmitQuote) and GetQuote (IBM_External_Details, IBM_External_Summary)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conformance import requests as rq
from conformance.checks import Exchange, check_business_error, check_record_set, check_success, exchange
from conformance.data import ContractData, Needs
from conformance.target import Target


@dataclass(frozen=True, slots=True)
class Submitted:
    """A quote submitted by this run."""

    data: ContractData
    quote_id: str
    external_id: str
    first: Exchange


@pytest.fixture(scope="module")
def submitted(target: Target, needs: Needs) -> Submitted:
    data = needs("store_id", "store_name", "buyer_dn", "buyer_logon", "part")
    quote_id = rq.new_commerce_id()
    result = exchange(target, rq.submit_quote_request(data, rq.new_commerce_id(), quote_id))
    check_success(result)
    external_id = result.text("Quote/QuoteIdentifier/ExternalQuoteID")
    assert external_id, "SubmitQuote must answer the ExternalQuoteID"
    return Submitted(data, quote_id, external_id, result)


def test_submit_quote_answers_the_external_quote_id(submitted: Submitted) -> None:
    assert submitted.first.text("Quote/QuoteIdentifier/UniqueID") in (None, submitted.quote_id)
    assert submitted.external_id


def test_quote_details_by_external_id(target: Target, submitted: Submitted) -> None:
    result = exchange(target, rq.quote_details_request(submitted.data, submitted.external_id))
    check_success(result)
    check_record_set(result)
    (quote,) = result.nouns("Quote")
    assert rq.text_at(quote, "QuoteIdentifier/ExternalQuoteID") == submitted.external_id
    assert rq.text_at(quote, "ExpirationDate"), "a quote needs its ExpirationDate"
    assert quote.find(rq.paths("OrderTemplate")) is not None, "a quote needs its OrderTemplate"
    assert rq.text_at(quote, "OrderTemplate/OrderStatus/Status"), "the quote needs a status"


def test_quote_details_of_an_unknown_quote_is_a_business_error(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name")
    result = exchange(target, rq.quote_details_request(data, data.unknown_quote))
    check_business_error(result, "Quote")


def test_oqc_quote_list_honours_status_and_holds_the_submission(target: Target, submitted: Submitted) -> None:
    details = exchange(target, rq.quote_details_request(submitted.data, submitted.external_id))
    status = details.text("Quote/OrderTemplate/OrderStatus/Status") or ""
    result = exchange(target, rq.quote_list_request(submitted.data, (status,), max_items=500))
    check_success(result)
    record_set = check_record_set(result)
    quotes = result.nouns("Quote")
    assert {rq.text_at(q, "OrderTemplate/OrderStatus/Status") for q in quotes} == {status}
    listed = [rq.text_at(q, "QuoteIdentifier/ExternalQuoteID") for q in quotes]
    if record_set["complete"]:
        assert submitted.external_id in listed, "the submitted quote is not listed"
