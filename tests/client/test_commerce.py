"""CommerceStorefront: cache hits call nothing, TTL and size bound, order preparation, release on cart change."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from simulator.app import create_app
from simulator.client import BackOfficeClient, WsgiTransport
from simulator.client.adapter import ReferenceAdapter, Target
from simulator.client.commerce import CheckoutError, CommerceStorefront
from simulator.client.model import Buyer, Order, Quote
from simulator.client.outbound import SoapBackOffice
from simulator.client.storefront import (
    Allocation,
    Availability,
    Document,
    OfferPrice,
    PricedLine,
    ReservationOutcome,
    Totals,
)
from simulator.config import Settings

DN = "uid=pat,o=Acme,o=Root Organization"
OTHER_DN = "uid=sam,o=Zenith,o=Root Organization"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeBackOffice:
    """A back-office port that answers from dicts and records every call."""

    store_id = "10101"

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.prices = {("o=Acme,o=Root Organization", "P1"): Decimal("10.00"),
                       ("o=Zenith,o=Root Organization", "P1"): Decimal("12.00")}
        self.stock = {"P1": Decimal(100), "P2": Decimal(100)}
        self.reservations: dict[str, Order] = {}
        self.short: set[str] = set()

    def availability(self, parts: Sequence[str]) -> list[Availability]:
        self.calls.append("availability")
        return [Availability(p, "Available", self.stock[p]) for p in parts]

    def offer_prices(self, buyer: Buyer, items: Sequence[tuple[str, int]]) -> list[OfferPrice]:
        self.calls.append("prices")
        return [OfferPrice(p, self.prices.get((buyer.org_dn or "", p), Decimal("20.00")), "USD", Decimal(q))
                for p, q in items]

    def reserve(self, order: Order, allow_partial: bool) -> ReservationOutcome:
        self.calls.append("reserve")
        if any(line.part_number in self.short for line in order.lines):
            return ReservationOutcome(errors=("InsufficientStock: short",))
        self.reservations[order.order_id] = order
        return ReservationOutcome(tuple(Allocation(line.item_id or "", "Allocated", Decimal(line.quantity))
                                        for line in order.lines))

    def cancel_reservation(self, order: Order) -> None:
        self.calls.append("cancel")
        self.reservations.pop(order.order_id, None)

    def calculate(self, order: Order) -> Totals:
        self.calls.append("calculate")
        lines = tuple(PricedLine(line.item_id or "", line.part_number, int(line.quantity),
                                 line.unit_price or Decimal(0), (line.unit_price or Decimal(0)) * line.quantity)
                      for line in order.lines)
        product = sum((line.price for line in lines), Decimal(0))
        return Totals("USD", product, Decimal(8), Decimal(1), product + 9, lines)

    def transfer(self, order: Order) -> Document:
        self.calls.append("transfer")
        self.reservations.pop(order.order_id, None)
        return Document("EXT-1", "C", "Web Channel", order.order_id)

    def submit_quote(self, quote: Quote) -> Document:
        self.calls.append("quote")
        return Document("QUO-1", "M", "Web Channel", quote.quote_id)

    def orders(self, buyer: Buyer, statuses: Sequence[str]) -> list[Document]:
        self.calls.append("orders")
        return [Document("EXT-0", "C", "Phone")]

    def order(self, external_id: str) -> Document:
        self.calls.append("order")
        return Document(external_id, "C", "Phone")

    def quotes(self, buyer: Buyer, statuses: Sequence[str]) -> list[Document]:
        self.calls.append("quotes")
        return []

    def quote(self, external_id: str) -> Document:
        self.calls.append("quote-details")
        return Document(external_id, "M", "Phone")


@pytest.fixture
def port() -> FakeBackOffice:
    return FakeBackOffice()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(port: FakeBackOffice, clock: Clock) -> CommerceStorefront:
    counter = iter(range(1, 1000))
    return CommerceStorefront(port, ttl=60, max_entries=100, clock=clock, ids=lambda: str(next(counter)))


def test_browse_calls_out_on_a_miss_and_the_cart_reads_the_cache(store: CommerceStorefront,
                                                                  port: FakeBackOffice) -> None:
    shopper = store.login("pat", DN)
    view = shopper.browse("P1")
    assert view.offer is not None and view.offer.price == Decimal("10.00")
    assert port.calls == ["availability", "prices"]
    line = shopper.add_to_cart("P1", 2)
    assert port.calls == ["availability", "prices"]
    assert line.total == Decimal("20.00")
    assert store.outbound_calls()["GetInventoryAvailability"] == 1
    assert store.outbound_calls()["GetPriceList"] == 1
    stats = store.stats
    assert (stats.availability.hits, stats.availability.misses) == (1, 1)
    assert (stats.prices.hits, stats.prices.misses) == (1, 1)


def test_prices_are_cached_per_organization(store: CommerceStorefront, port: FakeBackOffice) -> None:
    first = store.login("pat", DN).browse("P1")
    second = store.login("sam", OTHER_DN).browse("P1")
    assert first.offer is not None and second.offer is not None
    assert (first.offer.price, second.offer.price) == (Decimal("10.00"), Decimal("12.00"))
    assert port.calls.count("prices") == 2
    assert port.calls.count("availability") == 1


def test_an_expired_entry_calls_out_again(store: CommerceStorefront, port: FakeBackOffice, clock: Clock) -> None:
    shopper = store.login("pat", DN)
    shopper.browse("P1")
    clock.now += 61
    shopper.browse("P1")
    assert port.calls == ["availability", "prices"] * 2
    assert store.stats.availability.expirations == 1


def test_the_size_bound_evicts(port: FakeBackOffice, clock: Clock) -> None:
    store = CommerceStorefront(port, ttl=60, max_entries=1, clock=clock)
    shopper = store.login("pat", DN)
    shopper.browse("P1")
    shopper.browse("P2")
    shopper.browse("P1")
    assert port.calls.count("availability") == 3
    assert store.stats.availability.evictions == 2


def test_order_preparation_reserves_refreshes_prices_and_calculates(store: CommerceStorefront,
                                                                    port: FakeBackOffice) -> None:
    shopper = store.login("pat", DN)
    shopper.add_to_cart("P1", 3)
    port.prices["o=Acme,o=Root Organization", "P1"] = Decimal("11.00")
    port.calls.clear()
    summary = shopper.prepare_checkout()
    assert port.calls == ["reserve", "prices", "calculate"]
    assert summary.line("P1").unit_price == Decimal("11.00")
    assert summary.line("P1").allocated == 3
    assert summary.totals.product == Decimal("33.00")
    assert shopper.place_order() == "EXT-1"
    assert port.calls[-1] == "transfer"
    assert shopper.cart() == ()


def test_a_changed_cart_cancels_the_reservation(store: CommerceStorefront, port: FakeBackOffice) -> None:
    shopper = store.login("pat", DN)
    shopper.add_to_cart("P1", 3)
    shopper.prepare_checkout()
    assert shopper.reserved and port.reservations
    shopper.change_cart("P1", 1)
    assert port.calls.count("cancel") == 1
    assert not shopper.reserved and not port.reservations
    assert store.outbound_calls()["CancelInventoryReservation"] == 1
    with pytest.raises(CheckoutError, match="prepare"):
        shopper.place_order()


def test_removing_a_line_cancels_and_a_cart_without_reservation_cancels_nothing(
        store: CommerceStorefront, port: FakeBackOffice) -> None:
    shopper = store.login("pat", DN)
    shopper.add_to_cart("P1", 1)
    shopper.add_to_cart("P2", 1)
    shopper.change_cart("P2", 0)
    assert "cancel" not in port.calls
    shopper.prepare_checkout()
    shopper.change_cart("P1", 0)
    assert port.calls.count("cancel") == 1
    assert shopper.cart() == ()


def test_a_failed_reservation_blocks_the_order(store: CommerceStorefront, port: FakeBackOffice) -> None:
    port.short.add("P1")
    shopper = store.login("pat", DN)
    shopper.add_to_cart("P1", 3)
    summary = shopper.prepare_checkout()
    assert not summary.can_submit and summary.problems
    with pytest.raises(CheckoutError, match="cannot be placed"):
        shopper.place_order()
    assert "transfer" not in port.calls


def test_a_quote_releases_the_reservation(store: CommerceStorefront, port: FakeBackOffice) -> None:
    shopper = store.login("pat", DN)
    shopper.add_to_cart("P1", 3)
    with pytest.raises(CheckoutError):
        shopper.create_quote()
    shopper.prepare_checkout()
    assert shopper.create_quote() == "QUO-1"
    assert port.calls[-2:] == ["quote", "cancel"]
    assert not port.reservations


def test_submit_decrements_the_cached_availability(store: CommerceStorefront, port: FakeBackOffice) -> None:
    shopper = store.login("pat", DN)
    shopper.browse("P1")
    shopper.add_to_cart("P1", 4)
    shopper.prepare_checkout()
    shopper.place_order()
    assert shopper.browse("P1").availability.quantity == 96
    assert port.calls.count("availability") == 1


def test_the_history_calls_out_every_time(store: CommerceStorefront, port: FakeBackOffice) -> None:
    shopper = store.login("pat", DN)
    assert shopper.orders()[0].from_other_channel
    shopper.orders()
    shopper.order_details("EXT-0")
    shopper.quotes()
    shopper.quote_details("Q")
    calls = store.outbound_calls()
    assert (calls["GetOrderSummary"], calls["GetOrderDetails"]) == (2, 1)
    assert (calls["GetQuoteSummary"], calls["GetQuoteDetails"]) == (1, 1)


def test_over_soap_the_storefront_counts_what_went_over_the_wire() -> None:
    app = create_app(Settings(db=":memory:"))
    client = BackOfficeClient("http://backoffice.test", store_id="10101", store_name="Elite",
                              transport=WsgiTransport(app))
    store = CommerceStorefront(SoapBackOffice(client))
    buyer = app.backend.inspect.buyers(0, 1).items[0]
    shopper = store.login(buyer.logon_id, buyer.dn)
    shopper.browse("BO-000001")
    shopper.add_to_cart("BO-000001", 2)
    summary = shopper.prepare_checkout()
    assert summary.can_submit and summary.line("BO-000001").allocated == 2
    external_id = shopper.place_order()
    assert shopper.order_details(external_id).external_id == external_id
    assert {op: n for op, n in store.outbound_calls().items() if n} == dict(client.calls)


def test_the_reference_adapter_needs_a_base_url() -> None:
    with pytest.raises(ValueError, match="base URL"):
        ReferenceAdapter(Target(None, "10101", "Elite"))
