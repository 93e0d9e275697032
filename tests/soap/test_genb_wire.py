"""The gen-B services through a real server: same state as gen C, schema-valid answers, business errors, faults."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import quote

import pytest
from support import commerce as world
from support.genb import ValidatingTransport, genb_client
from support.process import Simulator

from simulator.bod import samples
from simulator.bod.genb import member as gm
from simulator.bod.genb.order_inventory import OrderInventoryAction as Action
from simulator.client import BackOfficeClient, BusinessFault, Line
from simulator.client import Order as GenCOrder
from simulator.client.genb import GenBClient
from simulator.client.genb import Line as GenBLine

pytestmark = pytest.mark.slow

SOAP11_TYPE = "text/xml; charset=utf-8"


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("genb-wire") / "sim.db") as running:
        yield running


@pytest.fixture(scope="module")
def shop(sim: Simulator) -> world.Shop:
    return world.shop(sim)


@pytest.fixture(scope="module")
def pair(sim: Simulator, shop: world.Shop) -> Iterator[tuple[GenBClient, ValidatingTransport]]:
    client, transport = genb_client(sim.url, shop.store_id)
    yield client, transport
    client.close()
    assert transport.roots, "no gen-B answer was validated"


@pytest.fixture
def genb(pair: tuple[GenBClient, ValidatingTransport]) -> GenBClient:
    return pair[0]


@pytest.fixture(scope="module")
def genc(sim: Simulator) -> Iterator[BackOfficeClient]:
    with world.client_for(sim, world.Validated()) as opened:
        yield opened


def new_id() -> str:
    return str(10**11 + secrets.randbelow(9 * 10**11))


def test_product_availability_per_sku_and_center(clean: Simulator, genb: GenBClient) -> None:
    (part,) = world.parts_where(clean, world.in_several_centers(minimum=10, centers=2))
    record = genb.product_availability(part)
    assert record.sku == part and record.status == "Available"
    assert record.quantity_on_hand == world.online_quantity(clean, part)
    assert record.uom == "C62"
    for center in record.centers:
        assert center.quantity_on_hand == world.center_quantity(clean, part, center.fc_id)
    assert len(record.centers) >= 2


def test_product_availability_reports_future_receipts(clean: Simulator, genb: GenBClient) -> None:
    (part,) = world.parts_where(clean, world.with_status("Backorderable"))
    record = genb.product_availability(part)
    assert record.status == "Backordered" and record.quantity_on_hand == 0
    assert record.expected and all(e.quantity > 0 for e in record.expected)
    assert sum(e.quantity for c in record.centers for e in c.expected) == sum(e.quantity for e in record.expected)


def test_unknown_sku_is_a_business_error(clean: Simulator, genb: GenBClient) -> None:
    with pytest.raises(BusinessFault) as caught:
        genb.product_availability("NO-SUCH-PART-0000")
    assert caught.value.reason_code == "UnknownPart"


def test_reserve_via_gen_b_is_the_reservation_gen_c_sees(
    clean: Simulator, genb: GenBClient, genc: BackOfficeClient
) -> None:
    (part,) = world.parts_where(clean, world.available(minimum=10))
    before = world.online_quantity(clean, part)
    order_id, item_id = new_id(), new_id()
    answered = genb.order_inventory(Action.RESERVE, order_id, [GenBLine(item_id, part, 3)])
    assert [(a.order_item_id, a.status, a.quantity) for a in answered] == [(item_id, "Allocated", Decimal(3))]
    assert answered[0].fc_id and answered[0].available and answered[0].ship
    assert order_id in world.reservations(clean)
    seen = genc.get_inventory_availability([part]).records[0]
    assert seen.quantity == before - 3
    genc.cancel_inventory_reservation(order_id)  # gen C releases what gen B reserved
    assert order_id not in world.reservations(clean)
    assert world.online_quantity(clean, part) == before


def test_repeat_reserve_replaces_and_cancel_releases(clean: Simulator, genb: GenBClient) -> None:
    (part,) = world.parts_where(clean, world.available(minimum=10))
    before = world.online_quantity(clean, part)
    order_id, line = new_id(), GenBLine(new_id(), part, 2)
    genb.order_inventory(Action.RESERVE, order_id, [line])
    genb.order_inventory(Action.RESERVE, order_id, [line])
    assert world.online_quantity(clean, part) == before - 2
    cancelled = genb.order_inventory(Action.CANCEL, order_id, [line])
    assert [a.status for a in cancelled] == ["Released"]
    assert world.online_quantity(clean, part) == before


def test_check_holds_nothing(clean: Simulator, genb: GenBClient) -> None:
    (part,) = world.parts_where(clean, world.available(minimum=5))
    before = world.online_quantity(clean, part)
    order_id = new_id()
    answered = genb.order_inventory(Action.CHECK, order_id, [GenBLine(new_id(), part, 2)])
    assert answered[0].status == "Allocated"
    assert order_id not in world.reservations(clean) and world.online_quantity(clean, part) == before


def test_reserve_more_than_available_answers_unallocated(clean: Simulator, genb: GenBClient) -> None:
    (part,) = world.parts_where(clean, world.with_status("Unavailable"))
    answered = genb.order_inventory(Action.RESERVE, new_id(), [GenBLine(new_id(), part, 1)])
    assert answered[0].status == "Unallocated" and answered[0].fc_id is None


def test_transfer_via_gen_b_is_seen_by_gen_c(clean: Simulator, genb: GenBClient, genc: BackOfficeClient) -> None:
    (part,) = world.parts_where(clean, world.available(minimum=10))
    buyer = world.buyers(clean)[0]
    order_id, line = new_id(), GenBLine(new_id(), part, 2)
    genb.order_inventory(Action.RESERVE, order_id, [line])
    on_hand_before = sum(level["on_hand"] for level in world.stock(clean, part)["levels"])
    acknowledged = genb.transfer(order_id, buyer.dn, [line])
    external = acknowledged.header.external_order_id
    assert acknowledged.header.order_id == order_id and external
    assert acknowledged.header.status == "C" and acknowledged.items[0].fc_id
    assert order_id not in world.reservations(clean), "the transfer consumes the reservation"
    assert sum(level["on_hand"] for level in world.stock(clean, part)["levels"]) == on_hand_before - 2
    again = genb.transfer(order_id, buyer.dn, [line])
    assert again.header.external_order_id == external, "a repeated transfer is idempotent"
    details = genc.get_order_details(external).orders[0]
    assert details.order_id == order_id and details.lines[0].part_number == part
    assert clean.get(f"/_admin/orders/{external}")["commerce_order_id"] == order_id


def test_gen_c_transfer_is_seen_by_gen_b_get_order(
    clean: Simulator, genb: GenBClient, genc: BackOfficeClient
) -> None:
    (part,) = world.parts_where(clean, world.available(minimum=10))
    buyer = world.buyers(clean)[0]
    order_id = new_id()
    placed = genc.transfer_order(GenCOrder(order_id, buyer, (Line(part, 1, item_id=new_id()),)))
    external = placed.order.external_order_id
    record_set, found = genb.orders(order_id=order_id)
    assert record_set is not None and (record_set.count, record_set.start) == (1, 1)
    (shown,) = found
    assert (shown.header.order_id, shown.header.external_order_id) == (order_id, external)
    assert shown.header.charges is not None and shown.header.charges.product > 0
    assert [item.sku for item in shown.items] == [part]


def test_get_order_lists_a_customers_orders_with_one_based_paging(clean: Simulator, genb: GenBClient) -> None:
    buyer = world.buyer_with(clean, (), minimum=3)
    total = len(world.orders_of(clean, buyer))
    first_set, first = genb.orders(customer_dn=buyer.dn, start=1, max_items=2)
    second_set, second = genb.orders(customer_dn=buyer.dn, start=3, max_items=2)
    assert first_set is not None and second_set is not None
    assert (first_set.start, first_set.count, first_set.total) == (1, 2, total)
    assert second_set.start == 3 and not {o.header.external_order_id for o in first} & {
        o.header.external_order_id for o in second
    }


def test_get_order_of_an_unknown_id_is_a_business_error(clean: Simulator, genb: GenBClient) -> None:
    with pytest.raises(BusinessFault) as caught:
        genb.orders(order_id="999999999999")
    assert caught.value.reason_code == "UnknownOrder"


def test_create_organization_is_a_customer_at_once(clean: Simulator, genb: GenBClient, genc: BackOfficeClient) -> None:
    parent = world.buyers(clean)[0].organization_dn
    (part,) = world.parts_where(clean, world.available())
    dn = f"o=Synced {new_id()},{parent}"
    contact = gm.ContactInfo(gm.PostalAddress(("1 Harbour Road",), "Halifax", "NS", "CA", "B3H 1A1", "B"),
                             telephones=("+1 902 555 0100",), emails=("orders@synced.example.com",))
    noun = gm.OrganizationNoun(dn=dn, parent_dn=parent, name="Synced Traders", org_type="O", contact=contact,
                               contacts=(gm.ContactInfo(emails=("ap@synced.example.com",), name="Accounts"),))
    confirmation = genb.sync_organization("Create", [noun])
    assert confirmation.success and not confirmation.errors and confirmation.original_bod_id == "???"
    held = clean.get("/_admin/organizations?limit=500")
    found = {o["dn"]: o for o in held["items"]}[dn]
    assert found["name"] == "Synced Traders" and found["parent_dn"] == parent
    assert found["primary_contact"]["address"]["city"] == "Halifax"
    assert found["contacts"][0]["name"] == "Accounts"
    # usable at once: the organization is priced along its parent's contract
    offer = clean.get(f"/_admin/prices/{part}?organization={quote(dn)}")
    inherited = clean.get(f"/_admin/prices/{part}?organization={quote(parent or '')}")
    assert offer["price"] == inherited["price"]
    prices = genc.get_price_list(dn, [part])
    assert prices.entries[0].price == Decimal(offer["price"])


def test_update_merges_and_an_unknown_organization_fails_in_the_confirm_bod(
    clean: Simulator, genb: GenBClient
) -> None:
    org = world.buyers(clean)[0].organization_dn or ""
    updated = genb.sync_organization("Change", [gm.OrganizationNoun(dn=org, description="Key account")])
    assert updated.success
    found = {o["dn"]: o for o in clean.get("/_admin/organizations?limit=500")["items"]}[org]
    assert found["description"] == "Key account" and found["name"]
    failed = genb.sync_organization("Update", [gm.OrganizationNoun(dn="o=Nobody,o=Root Organization")])
    assert not failed.success
    assert [e.reason_code for e in failed.errors] == ["UnknownOrganization"]


@pytest.mark.parametrize("name", [n for n in samples.names() if n.startswith("genb_")])
def test_golden_samples_answer_with_schema_valid_bods(clean: Simulator, name: str) -> None:
    status, body = clean.post("/services/MemberServices", samples.load(name), SOAP11_TYPE)
    assert status == 200, body[:600]
    assert b"Fault>" not in body


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b'actionCode="Reserve"', b'actionCode="Hold"', b"not supported"),
        (b"<wcf:OrderID>21001</wcf:OrderID>", b"<wcf:OrderID>abc</wcf:OrderID>", b"schema violation"),
        (b'<inv:RequestedQuantity uom="C62">2.0</inv:RequestedQuantity>', b"", b"schema violation"),
    ],
)
def test_bad_gen_b_input_is_a_fault(clean: Simulator, old: bytes, new: bytes, message: bytes) -> None:
    body = samples.load("genb_ReserveOrderInventory.xml")
    assert old in body
    status, answer = clean.post("/services/InventoryServices", body.replace(old, new, 1), SOAP11_TYPE)
    assert status == 500 and b"faultstring" in answer and message in answer, answer[:600]
    assert not world.reservations(clean)


def test_get_order_without_a_selection_is_a_fault_or_business_error(clean: Simulator) -> None:
    body = samples.load("genb_GetOrder_by_id.xml")
    start, end = body.index(b"<ord:Order>"), body.index(b"</ord:Order>") + len(b"</ord:Order>")
    status, answer = clean.post("/services/OrderServices", body[:start] + body[end:], SOAP11_TYPE)
    assert status == 500 and b"faultstring" in answer
