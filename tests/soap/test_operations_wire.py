"""Prices, calculate, transfer, order history and quotes over the wire, through the reference client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import pytest
from lxml import etree
from support import commerce as world
from support.commerce import Validated
from support.process import Simulator

from simulator.bod.envelope import SoapVersion
from simulator.bod.messages import OrderDocument
from simulator.bod.namespaces import SOAP12
from simulator.client import BackOfficeClient, Buyer, Line, Order, Quote, SoapFault
from simulator.domain.model import PriceList
from simulator.seed.world import build_world

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("operations-wire") / "sim.db") as running:
        yield running


@pytest.fixture(scope="module")
def two_buyers(sim: Simulator) -> tuple[Buyer, Buyer]:
    return world.buyers_of_two_organizations(sim)


@pytest.fixture(scope="module")
def price_lists(sim: Simulator) -> dict[str | None, PriceList]:
    """The seeded price lists, rebuilt from the seed, product count and anchor the server reports."""
    loaded = sim.get("/_admin/health")["world"]
    seeded = build_world(int(loaded["seed"]), int(loaded["products"]), datetime.fromisoformat(loaded["anchor"]))
    return {price_list.org_dn: price_list for price_list in seeded.price_lists}


@pytest.fixture(scope="module")
def plenty(sim: Simulator) -> list[str]:
    return world.parts_where(sim, world.available(minimum=40), count=3)


def expected_price(lists: dict[str | None, PriceList], buyer: Buyer, part: str, quantity: int) -> Decimal:
    """The buyer organization's contract price for the quantity, else the store's default list price."""
    for price_list in (lists.get(buyer.organization_dn), lists[None]):
        breaks = price_list.prices.get(part) if price_list else None
        if breaks:
            return max((b for b in breaks if b.min_quantity <= quantity), key=lambda b: b.min_quantity).price
    raise LookupError(part)


def total(*amounts: Decimal | None) -> Decimal:
    """The sum of amounts that must all be present."""
    assert all(amount is not None for amount in amounts)
    return sum((amount for amount in amounts if amount is not None), Decimal(0))


def cart(order_id: str, buyer: Buyer, parts: list[str], quantity: int = 2) -> Order:
    return Order(order_id, buyer, tuple(Line(part, quantity) for part in parts))


# -- prices ------------------------------------------------------------------------------------------------------


def test_two_organizations_get_their_own_contract_prices(
    client: BackOfficeClient, sim: Simulator, two_buyers: tuple[Buyer, Buyer],
    price_lists: dict[str | None, PriceList],
) -> None:
    parts = [entry["part_number"] for entry, _ in zip(world.catalog(sim), range(8), strict=False)]
    prices = {}
    for buyer in two_buyers:
        result = client.get_price_list(buyer.dn, parts)
        assert result.header.errors == () and [e.part_number for e in result.entries] == parts
        assert {(e.currency, e.quantity) for e in result.entries} == {("USD", Decimal(1))}
        prices[buyer.dn] = [e.price for e in result.entries]
        assert prices[buyer.dn] == [expected_price(price_lists, buyer, part, 1) for part in parts]
    first, second = (prices[buyer.dn] for buyer in two_buyers)
    assert first != second


def test_a_quantity_break_lowers_the_unit_price(
    client: BackOfficeClient, two_buyers: tuple[Buyer, Buyer], price_lists: dict[str | None, PriceList]
) -> None:
    buyer = two_buyers[0]
    contract = price_lists[buyer.organization_dn]
    part, breaks = next((p, b) for p, b in contract.prices.items() if len(b) > 1)
    top = max(b.min_quantity for b in breaks)
    result = client.get_price_list(buyer.dn, [(part, 1), (part, top)])
    single, bulk = result.entries
    assert (single.quantity, bulk.quantity) == (Decimal(1), Decimal(top))
    assert bulk.price < single.price
    assert bulk.price == expected_price(price_lists, buyer, part, top)


def test_an_unknown_shopper_is_a_business_error(client: BackOfficeClient, plenty: list[str]) -> None:
    result = client.get_price_list("uid=nobody,o=Nowhere,o=Root Organization", plenty[:1])
    assert [e.reason_code for e in result.header.errors] == ["UnknownBuyer"]
    assert result.entries == ()


# -- calculate and transfer --------------------------------------------------------------------------------------


def test_calculate_order_totals_add_up_at_the_entitled_prices(
    client: BackOfficeClient, sim: Simulator, two_buyers: tuple[Buyer, Buyer], plenty: list[str]
) -> None:
    buyer = two_buyers[1]
    before = world.orders_total(sim)
    order = Order("8100001", buyer, (Line(plenty[0], 3), Line(plenty[1], 12)))
    result = client.calculate_order(order)
    assert result.header.errors == () and result.order is not None and result.order.amounts is not None
    amounts, lines = result.order.amounts, result.order.lines
    assert amounts.grand_total == total(amounts.total_product_price, amounts.total_adjustment,
                                        amounts.total_shipping_charge, amounts.total_sales_tax,
                                        amounts.total_shipping_tax)
    assert amounts.total_product_price == total(*(line.amounts.item_price for line in lines if line.amounts))
    offers = client.get_price_list(buyer.dn, [(plenty[0], 3), (plenty[1], 12)]).entries
    for line, offer in zip(lines, offers, strict=True):
        assert line.amounts is not None and line.amounts.unit_price == offer.price
        assert line.amounts.item_price == offer.price * line.quantity  # type: ignore[operator]
    assert world.orders_total(sim) == before


@pytest.mark.parametrize("action", ["TransferOrder", "Transfer"])
def test_transfer_returns_an_external_id_once_and_consumes_the_reservation(
    client: BackOfficeClient, clean: Simulator, two_buyers: tuple[Buyer, Buyer], plenty: list[str], action: str
) -> None:
    order = cart("8200001", two_buyers[0], plenty[:2], quantity=4)
    on_hand = {part: sum(level["on_hand"] for level in world.stock(clean, part)["levels"]) for part in plenty[:2]}
    available = {part: world.online_quantity(clean, part) for part in plenty[:2]}
    assert client.reserve_inventory(order.order_id, order.lines).header.errors == ()
    before = world.orders_total(clean)
    first = client.transfer_order(order, action=action)
    assert first.header.errors == () and first.order is not None
    external_id = first.order.external_order_id
    assert external_id and first.order.order_id == order.order_id and first.order.status == "C"
    assert order.order_id not in world.reservations(clean)
    for part in plenty[:2]:
        assert sum(level["on_hand"] for level in world.stock(clean, part)["levels"]) == on_hand[part] - 4
        assert world.online_quantity(clean, part) == available[part] - 4
    again = client.transfer_order(order, action=action)
    assert again.order is not None and again.order.external_order_id == external_id
    assert world.orders_total(clean) == before + 1
    assert clean.get(f"/_admin/orders/{external_id}")["commerce_order_id"] == order.order_id


# -- order history -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def history_buyer(sim: Simulator) -> Buyer:
    """A buyer with at least two received (C) orders placed through other channels."""
    return world.buyer_with(sim, ("C",), minimum=2)


@pytest.fixture
def transferred(client: BackOfficeClient, clean: Simulator, history_buyer: Buyer, plenty: list[str]) -> str:
    """A new order of the history buyer, transferred through the client (status C)."""
    acknowledged = client.transfer_order(cart("8300001", history_buyer, plenty[:1]))
    assert acknowledged.order is not None and acknowledged.order.external_order_id
    return acknowledged.order.external_order_id


def test_the_oqc_order_list_has_other_channel_orders_and_the_new_one(
    client: BackOfficeClient, sim: Simulator, history_buyer: Buyer, transferred: str, validated: Validated
) -> None:
    result = client.get_orders(history_buyer.dn, ("M", "C"))
    assert "DistinguishedName=" in validated.last_request and "NameIdentifier=" in validated.last_request
    listed = {o.external_order_id: o for o in result.orders}
    expected = {o["external_order_id"] for o in world.orders_of(sim, history_buyer, ("M", "C"))}
    assert set(listed) == expected and transferred in listed
    assert sum(1 for o in listed.values() if o.channel != "Web Channel") >= 2
    assert {o.status for o in listed.values()} <= {"M", "C"}
    assert all(o.buyer_dn == history_buyer.dn and o.lines == () for o in listed.values())
    assert all(o.amounts is not None and o.amounts.grand_total for o in listed.values())


def test_the_oqc_order_list_pages_with_max_items(client: BackOfficeClient, sim: Simulator,
                                                 history_buyer: Buyer) -> None:
    statuses = ("C", "R", "S", "D", "X", "B", "M")
    total = len(world.orders_of(sim, history_buyer, statuses))
    assert total >= 3
    seen: list[str] = []
    for start in range(0, total, 2):
        page = client.get_orders(history_buyer.dn, statuses, max_items=2, start=start)
        record_set = page.header.record_set
        assert record_set is not None and record_set.total == total and record_set.start == start
        assert record_set.count == len(page.orders) == min(2, total - start)
        assert record_set.complete == (start + 2 >= total)
        seen += [o.external_order_id or "" for o in page.orders]
    assert len(seen) == len(set(seen)) == total


def test_dom_history_by_logon_id_and_store_unique_id(
    client: BackOfficeClient, sim: Simulator, history_buyer: Buyer, validated: Validated
) -> None:
    result = client.get_order_history(history_buyer.logon_id)
    assert "LogOnID=" in validated.last_request and "StoreIdentifier[(UniqueID=" in validated.last_request
    admin = [o["external_order_id"] for o in world.orders_of(sim, history_buyer)]
    assert [o.external_order_id for o in result.orders] == admin
    page = client.get_order_history(history_buyer.logon_id, max_items=2)
    assert page.header.record_set is not None and page.header.record_set.total == len(admin)
    assert [o.external_order_id for o in page.orders] == admin[:2]


def test_dom_history_cursor_continues_after_the_last_order_seen(
    client: BackOfficeClient, sim: Simulator, history_buyer: Buyer
) -> None:
    admin = [o["external_order_id"] for o in world.orders_of(sim, history_buyer)]
    first = client.get_order_history(history_buyer.logon_id, max_items=2)
    cursor = first.orders[-1].external_order_id
    following = client.get_order_history(history_buyer.logon_id, max_items=2, after=cursor)
    assert [o.external_order_id for o in following.orders] == admin[2:4]


def test_order_details_return_the_items(client: BackOfficeClient, sim: Simulator, history_buyer: Buyer) -> None:
    other = next(o for o in world.orders_of(sim, history_buyer) if o["channel"] != "Web Channel")
    result = client.get_order_details(other["external_order_id"])
    assert result.header.errors == () and len(result.orders) == 1
    found = result.orders[0]
    assert found.external_order_id == other["external_order_id"] and found.channel == other["channel"]
    assert [(line.part_number, line.quantity) for line in found.lines] == [
        (line["part_number"], Decimal(line["quantity"])) for line in other["lines"]]
    assert all(line.amounts is not None and line.amounts.unit_price for line in found.lines)


def test_an_unknown_external_order_id_is_UnknownOrder(client: BackOfficeClient) -> None:
    result = client.get_order_details("EXT-ORD-999999")
    assert [e.reason_code for e in result.header.errors] == ["UnknownOrder"]
    assert result.orders == ()


# -- quotes ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quote_buyer(sim: Simulator) -> Buyer:
    return world.buyer_with(sim, ("M", "C"), minimum=1, kind="quotes")


def test_submit_quote_returns_an_external_id_once(
    client: BackOfficeClient, clean: Simulator, quote_buyer: Buyer, plenty: list[str]
) -> None:
    before = int(clean.get("/_admin/quotes?limit=1")["total"])
    quote = Quote("9100001", cart("9100002", quote_buyer, plenty[:2]), datetime.fromisoformat("2027-01-31T00:00:00Z"))
    first = client.submit_quote(quote)
    assert first.header.errors == () and first.quote is not None and first.quote.external_quote_id
    again = client.submit_quote(quote)
    assert again.quote is not None and again.quote.external_quote_id == first.quote.external_quote_id
    assert int(clean.get("/_admin/quotes?limit=1")["total"]) == before + 1
    held = clean.get(f"/_admin/quotes/{first.quote.external_quote_id}")
    assert [line["part_number"] for line in held["lines"]] == plenty[:2]


def test_the_quote_list_has_other_channel_quotes_and_details_have_items(
    client: BackOfficeClient, clean: Simulator, quote_buyer: Buyer, plenty: list[str]
) -> None:
    submitted = client.submit_quote(Quote("9200001", cart("9200002", quote_buyer, plenty[:1])))
    assert submitted.quote is not None
    result = client.get_quotes(quote_buyer.dn, ("M", "C"))
    listed = {q.external_quote_id for q in result.quotes}
    expected = {q["external_quote_id"] for q in world.orders_of(clean, quote_buyer, ("M", "C"), kind="quotes")}
    assert listed == expected and submitted.quote.external_quote_id in listed
    assert any(q.order.channel != "Web Channel" for q in result.quotes)
    other = next(q for q in result.quotes if q.order.channel != "Web Channel")
    details = client.get_quote_details(other.external_quote_id or "")
    assert len(details.quotes) == 1 and details.quotes[0].order.lines
    assert details.quotes[0].expiration_date is not None


def test_an_unknown_external_quote_id_is_UnknownQuote(client: BackOfficeClient) -> None:
    result = client.get_quote_details("EXT-QUO-999999")
    assert [e.reason_code for e in result.header.errors] == ["UnknownQuote"]


# -- faults ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [SoapVersion.SOAP11, SoapVersion.SOAP12])
def test_a_malformed_order_is_a_soap_fault_in_the_request_version(sim: Simulator, version: SoapVersion) -> None:
    validated = Validated()
    with world.client_for(sim, validated, version=version) as faulty, pytest.raises(SoapFault) as raised:
        faulty.transfer_order(OrderDocument())
    assert raised.value.code == "Client.InvalidMessage" and raised.value.http_status == 500
    assert validated.faults == 1 and validated.last is not None
    content_type = validated.last.response.content_type
    assert content_type.startswith("application/soap+xml" if version is SoapVersion.SOAP12 else "text/xml")
    if version is SoapVersion.SOAP12:
        assert etree.fromstring(validated.last.response.body).tag == f"{{{SOAP12}}}Envelope"
