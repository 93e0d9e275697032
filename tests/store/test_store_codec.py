"""The entity codec: lossless round trips and deterministic text."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from simulator.domain.model import FutureReceipt, Organization, PriceBreak
from simulator.store.codec import decode, dumps, encode, instant_key, loads
from store.builders import ALLOCATED, PARIS, T0, buyer, chunk, entry, level, order, price_list, quote, reservation

ENTITIES: list[object] = [
    entry("P1", price="10.10"),
    level("P1", "FC1", 3, (FutureReceipt(T0.astimezone(PARIS), 4),)),
    reservation("o1", chunk("1", "P1", 2, ALLOCATED)),
    Organization("1", "ou=east,o=acme", "Acme East", parent_dn="o=acme"),
    buyer("ada"),
    price_list("acme", "o=acme", {"P1": "8.00", "P2": "9"}),
    price_list("default", None, {}),
    order("E1", commerce_id="C1"),
    quote("Q1"),
]


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: type(e).__name__)
def test_round_trip(entity: object) -> None:
    assert loads(type(entity), dumps(entity)) == entity
    assert decode(type(entity), json.loads(json.dumps(encode(entity)))) == entity


def test_scalars_are_written_plainly() -> None:
    data = encode(order("E1", T0.astimezone(PARIS)))
    assert isinstance(data, dict)
    assert data["channel"] == "Web Channel"
    assert data["placed"] == "2025-03-01T10:30:00+01:00"
    assert data["amounts"] == {
        "adjustment": "-1.00",
        "currency": "USD",
        "product": "20.00",
        "sales_tax": "0.80",
        "shipping": "1.50",
        "shipping_tax": "0.10",
    }
    assert encode(PriceBreak(1, Decimal("1.50"))) == {"min_quantity": 1, "price": "1.50"}


def test_text_is_deterministic_with_sorted_keys() -> None:
    text = dumps(price_list("acme", "o=acme", {"P2": "9", "P1": "8"}))
    assert text == dumps(price_list("acme", "o=acme", {"P2": "9", "P1": "8"}))
    assert text.index('"contract_id"') < text.index('"currency"') < text.index('"name"')
    assert text.index('"P1"') < text.index('"P2"')
    assert " " not in text.replace("List acme", "")


def test_decimal_exponent_survives() -> None:
    decoded = loads(PriceBreak, dumps(PriceBreak(1, Decimal("3.10"))))
    assert str(decoded.price) == "3.10"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        dumps(FutureReceipt(datetime(2025, 1, 1), 1))


def test_instant_key_orders_by_instant_not_wall_clock() -> None:
    paris_nine = T0.replace(hour=9, minute=0, tzinfo=PARIS)
    assert instant_key(paris_nine) < instant_key(T0)
    assert instant_key(T0 + timedelta(microseconds=1)) - instant_key(T0) == 1


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError):
        encode(1.5)
    with pytest.raises(TypeError):
        encode({1, 2})
