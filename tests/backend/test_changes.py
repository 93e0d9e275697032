"""Changes behind Commerce's back: a contract price (by organization or price list) and a stock level."""

from __future__ import annotations

from decimal import Decimal

import pytest

from simulator.app import create_admin
from simulator.backend.service import Backend
from simulator.config import Settings
from simulator.domain.errors import InvalidRequest, NotFound, UnknownOrganization, UnknownPart


def a_part_and_org(backend: Backend) -> tuple[str, str]:
    part = backend.inspect.catalog(0, 1).items[0].part_number
    org = backend.inspect.organizations(0, 1).items[0].dn
    return part, org


def test_set_price_for_an_organization_changes_its_offer_price(backend: Backend) -> None:
    part, org = a_part_and_org(backend)
    default_before = backend.changes.price_of(part, None).price
    change = backend.changes.set_price(part, Decimal("123.45"), org_dn=org)
    assert (change.org_dn, change.price) == (org, Decimal("123.45"))
    assert backend.changes.price_of(part, org).price == Decimal("123.45")
    assert backend.changes.price_of(part, org, 50).price == Decimal("123.45")
    assert backend.changes.price_of(part, None).price == default_before


def test_set_price_in_a_price_list_by_id(backend: Backend) -> None:
    part, _ = a_part_and_org(backend)
    list_id = backend.changes.price_of(part, None).price_list_id
    backend.changes.set_price(part, Decimal("9.99"), price_list_id=list_id)
    assert backend.changes.price_of(part, None).price == Decimal("9.99")


@pytest.mark.parametrize("kwargs", [{}, {"price_list_id": "30000", "org_dn": "o=x"}])
def test_set_price_names_exactly_one_target(backend: Backend, kwargs: dict[str, str]) -> None:
    part, _ = a_part_and_org(backend)
    with pytest.raises(InvalidRequest):
        backend.changes.set_price(part, Decimal(1), **kwargs)  # type: ignore[arg-type]


def test_set_price_refuses_unknown_things(backend: Backend) -> None:
    part, org = a_part_and_org(backend)
    with pytest.raises(UnknownOrganization):
        backend.changes.set_price(part, Decimal(1), org_dn="o=Nobody")
    with pytest.raises(NotFound):
        backend.changes.set_price(part, Decimal(1), price_list_id="no-such-list")
    with pytest.raises(UnknownPart):
        backend.changes.set_price("NO-SUCH-PART", Decimal(1), org_dn=org)
    with pytest.raises(InvalidRequest):
        backend.changes.set_price(part, Decimal(0), org_dn=org)


def test_set_stock_changes_on_hand_and_availability(backend: Backend) -> None:
    part, _ = a_part_and_org(backend)
    centers = [c.fc_id for c in backend.inspect.locations().fulfillment_centers]
    for fc_id in centers:
        backend.changes.set_stock(part, fc_id, 0)
    level = backend.changes.set_stock(part, centers[0], 7)
    assert level.on_hand == 7
    view = backend.inspect.stock(part)
    assert view.availability.quantity == max(0, 7 - level.safety_stock)
    with pytest.raises(NotFound):
        backend.changes.set_stock(part, "no-such-center", 1)
    with pytest.raises(InvalidRequest):
        backend.changes.set_stock(part, centers[0], -1)


def test_the_admin_endpoints(backend: Backend) -> None:
    part, org = a_part_and_org(backend)
    client = create_admin(Settings(db=":memory:"), backend).test_client()
    answer = client.post("/_admin/prices", json={"part_number": part, "price": "42.50", "organization": org})
    assert answer.status_code == 200 and answer.get_json()["price"] == "42.50"
    shown = client.get(f"/_admin/prices/{part}", query_string={"organization": org, "quantity": "3"}).get_json()
    assert (shown["price"], shown["quantity"]) == ("42.50", 3)
    fc_id = backend.inspect.locations().fulfillment_centers[0].fc_id
    assert client.post(f"/_admin/stock/{part}", json={"fc_id": fc_id, "on_hand": 3}).get_json()["on_hand"] == 3
    bad_price = {"part_number": part, "price": "x", "organization": org}
    assert client.post("/_admin/prices", json=bad_price).status_code == 400
    assert client.post(f"/_admin/stock/{part}", json={"fc_id": fc_id, "on_hand": "3"}).status_code == 400
    assert client.post("/_admin/prices", data="nope").status_code == 400
    assert client.get(f"/_admin/prices/{part}", query_string={"quantity": "0"}).status_code == 400
    assert client.get(f"/_admin/prices/{part}", query_string={"organization": "o=Nobody"}).status_code == 404
