"""Steps of the gen-B DOM checkout: Commerce calling the older services through simulator.client.genb."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from pytest_bdd import parsers, then, when

from features.conftest import Environment, Scene
from features.drivers.admin import BuyerRecord, World
from simulator.bod.genb import member as gm
from simulator.bod.genb import order as go
from simulator.bod.genb import product_availability as gp
from simulator.bod.genb.order_inventory import OrderInventoryAction
from simulator.client.genb import GenBClient, Line


def _new_id() -> str:
    return str(10**11 + secrets.randbelow(9 * 10**11))


@dataclass
class GenBScene:
    """What the gen-B scenario remembers: the Commerce order, what the services answered."""

    order_id: str = field(default_factory=_new_id)
    lines: list[Line] = field(default_factory=list)
    availability: gp.ProductAvailability | None = None
    acknowledged: go.Order | None = None
    shown: go.Order | None = None
    organization_dn: str | None = None
    parent_dn: str | None = None


@pytest.fixture
def genb(environment: Environment, sim: World) -> Iterator[GenBClient]:
    """A gen-B client on the back office's URL, or on the in-process services when there is no URL."""
    target = environment.target
    if target.base_url is None and environment.services is None:
        pytest.skip("the gen-B scenario calls the older SOAP services; this client offers none")
    client = GenBClient(target.base_url or "http://in-process", target.store_id, transport=environment.services)
    yield client
    client.close()


@pytest.fixture
def genb_scene() -> GenBScene:
    """A fresh gen-B scenario memory."""
    return GenBScene()


@when(parsers.parse("the storefront asks the older services for the availability of the {kind} part"))
def _ask(genb: GenBClient, genb_scene: GenBScene, scene: Scene, kind: str) -> None:
    genb_scene.availability = genb.product_availability(scene.parts[kind].part_number)


REPORTED = "the older services report the back office's availability of the {kind} part per fulfillment center"
RESERVES = "the storefront reserves {quantity:d} of the {kind} part for the buyer's order through the older services"


@then(parsers.parse(REPORTED))
def _reported(sim: World, genb_scene: GenBScene, scene: Scene, kind: str) -> None:
    record, seeded = genb_scene.availability, scene.parts[kind]
    assert record is not None and record.sku == seeded.part_number
    assert record.status == "Available" and record.quantity_on_hand == seeded.quantity
    assert record.centers and sum(c.quantity_on_hand for c in record.centers) == seeded.quantity


@when(parsers.parse(RESERVES))
def _reserve(genb: GenBClient, genb_scene: GenBScene, scene: Scene, quantity: int, kind: str) -> None:
    genb_scene.lines = [Line(_new_id(), scene.parts[kind].part_number, quantity)]
    answered = genb.order_inventory(OrderInventoryAction.RESERVE, genb_scene.order_id, genb_scene.lines)
    assert [item.status for item in answered] == ["Allocated"]


@when("the storefront transfers the buyer's order through the older services")
def _transfer(genb: GenBClient, genb_scene: GenBScene, buyer: BuyerRecord) -> None:
    genb_scene.acknowledged = genb.transfer(genb_scene.order_id, buyer.dn, genb_scene.lines)


@then("the acknowledgement carries the back office's order id")
def _acknowledged(sim: World, genb_scene: GenBScene) -> None:
    order = genb_scene.acknowledged
    assert order is not None and order.header.order_id == genb_scene.order_id
    external = order.header.external_order_id or ""
    assert sim.order(external)["commerce_order_id"] == genb_scene.order_id


@when("the storefront gets the buyer's order through the older services")
def _get(genb: GenBClient, genb_scene: GenBScene) -> None:
    record_set, found = genb.orders(order_id=genb_scene.order_id)
    assert record_set is not None and record_set.count == 1
    genb_scene.shown = found[0]


@then(parsers.parse("the order shows {quantity:d} of the {kind} part for the buyer"))
def _shown(genb_scene: GenBScene, scene: Scene, buyer: BuyerRecord, quantity: int, kind: str) -> None:
    order = genb_scene.shown
    assert order is not None and order.header.customer_dn == buyer.dn
    assert [(i.sku, i.quantity) for i in order.items] == [(scene.parts[kind].part_number, Decimal(quantity))]


@when("Commerce creates an organization under the buyer's organization through the older services")
def _create(genb: GenBClient, genb_scene: GenBScene, buyer: BuyerRecord) -> None:
    genb_scene.parent_dn = buyer.org_dn
    genb_scene.organization_dn = f"o=Synced {_new_id()},{buyer.org_dn}"
    address = gm.PostalAddress(("1 Harbour Road",), "Halifax", "NS", "CA", "B3H 1A1", "B")
    noun = gm.OrganizationNoun(genb_scene.organization_dn, parent_dn=buyer.org_dn, name="Synced Traders",
                               org_type="O", contact=gm.ContactInfo(address, emails=("orders@synced.example.com",)))
    confirmation = genb.sync_organization("Create", [noun])
    assert confirmation.success, confirmation.errors


@then("the back office lists the new organization with its address")
def _listed(sim: World, genb_scene: GenBScene) -> None:
    held = {o["dn"]: o for o in sim.admin.get("/_admin/organizations", limit="500")["items"]}
    found = held[genb_scene.organization_dn or ""]
    assert found["parent_dn"] == genb_scene.parent_dn and found["primary_contact"]["address"]["city"] == "Halifax"


@then(parsers.parse("the new organization is entitled to its parent's price of the {kind} part"))
def _entitled(sim: World, genb_scene: GenBScene, scene: Scene, kind: str) -> None:
    part = scene.parts[kind].part_number
    assert sim.price(part, genb_scene.organization_dn or "") == sim.price(part, genb_scene.parent_dn or "")
