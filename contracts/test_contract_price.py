"""GetPriceList (IBM_Store_PriceEntry_DetailProfile) -> ShowPriceList with the buyer's offer prices."""

from __future__ import annotations

from conformance import requests as rq
from conformance.checks import check_business_error, check_record_set, check_success, decimal_of, exchange
from conformance.data import Needs
from conformance.target import Target


def test_price_list_prices_every_part_asked_for(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name", "buyer_dn", "currency", "part", "part_2")
    parts = [data.part or "", data.part_2 or ""]
    result = exchange(target, rq.price_request(data, parts))
    check_success(result)
    check_record_set(result)
    entries = result.nouns("PriceList/PriceEntry")
    priced = {rq.text_at(entry, "CatalogEntryIdentifier/ExternalIdentifier/PartNumber"): entry for entry in entries}
    assert set(priced) == set(parts), f"priced {sorted(map(str, priced))}, asked for {parts}"
    for part, entry in priced.items():
        price = entry.find(rq.paths("Price/Price"))
        assert price is not None, f"{part}: no Price/Price"
        assert price.get("currency") == data.currency, f"{part}: currency {price.get('currency')!r}"
        assert decimal_of(price.text, f"{part} price") > 0


def test_price_of_an_unknown_part_is_a_business_error(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name", "buyer_dn", "currency")
    result = exchange(target, rq.price_request(data, [data.unknown_part]))
    check_business_error(result, "PriceList")
