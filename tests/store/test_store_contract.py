"""The Store contract: every test runs against the in-memory store and the SQLite store alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from simulator.backend.ports import Store
from simulator.domain.inventory import Holds
from simulator.domain.model import (
    AllocationStatus,
    Channel,
    FulfillmentCenter,
    FutureReceipt,
    OnlineStore,
    Organization,
    PhysicalStore,
    PriceBreak,
)
from simulator.domain.outbox import PushKind, PushRecord, PushState, RetryPolicy, claimed, failed, succeeded
from simulator.domain.query import OrderFilter
from simulator.domain.schedule import Timer
from simulator.store.errors import StoreError
from store.builders import (
    PARIS,
    T0,
    AnyStore,
    buyer,
    chunk,
    entry,
    level,
    order,
    price_list,
    quote,
    reservation,
)

ALLOCATED = AllocationStatus.ALLOCATED
BACKORDERED = AllocationStatus.BACKORDERED
UNALLOCATED = AllocationStatus.UNALLOCATED


class Boom(Exception):
    """Raised inside a write() to force a rollback."""


def test_both_stores_satisfy_the_port(store: AnyStore) -> None:
    port: Store = store
    with port.read() as session:
        assert session.get_meta("anything") is None


# catalog


def test_catalog_entries_by_part_number_and_by_id(store: AnyStore) -> None:
    with store.write() as s:
        s.put_catalog_entries(entry(p) for p in ("P2", "P1", "P3"))
    with store.read() as s:
        assert s.get_catalog_entry("P1") == entry("P1")
        assert s.get_catalog_entry_by_id("id-P2") == entry("P2")
        assert s.get_catalog_entry("nope") is None
        assert s.get_catalog_entry_by_id("nope") is None


def test_catalog_entry_replaced_keeps_one_id(store: AnyStore) -> None:
    with store.write() as s:
        s.put_catalog_entries([entry("P1", "old")])
        s.put_catalog_entries([entry("P1", "new", price="1.10")])
    with store.read() as s:
        assert s.get_catalog_entry_by_id("old") is None
        assert s.get_catalog_entry_by_id("new") == entry("P1", "new", price="1.10")
        assert s.list_catalog(0, 10).total == 1


def test_catalog_pages_by_part_number(store: AnyStore) -> None:
    with store.write() as s:
        s.put_catalog_entries(entry(f"P{i}") for i in range(5))
    with store.read() as s:
        first, last = s.list_catalog(0, 3), s.list_catalog(3, 3)
        assert [e.part_number for e in first.items] == ["P0", "P1", "P2"]
        assert [e.part_number for e in last.items] == ["P3", "P4"]
        assert first.total == last.total == 5
        assert s.list_catalog(10, 3).items == ()
        assert s.list_catalog(-1, 0).items == ()


# locations


def test_online_stores(store: AnyStore) -> None:
    with store.write() as s:
        s.put_online_store(OnlineStore("20202", "B2BStore", "EUR"))
        s.put_online_store(OnlineStore("10101", "Aurora", "USD"))
    with store.read() as s:
        assert s.get_online_store("10101") == OnlineStore("10101", "Aurora", "USD")
        assert s.find_online_store("B2BStore") == OnlineStore("20202", "B2BStore", "EUR")
        assert s.find_online_store("nope") is None
        assert [o.store_id for o in s.list_online_stores()] == ["10101", "20202"]


def test_online_store_renamed(store: AnyStore) -> None:
    with store.write() as s:
        s.put_online_store(OnlineStore("10101", "Aurora", "USD"))
        s.put_online_store(OnlineStore("10101", "Emerald", "USD"))
    with store.read() as s:
        assert s.find_online_store("Aurora") is None
        assert s.find_online_store("Emerald") == OnlineStore("10101", "Emerald", "USD")


def test_physical_stores_and_centers(store: AnyStore) -> None:
    with store.write() as s:
        s.put_physical_store(PhysicalStore("2", "EXT-2", "Downtown", "FC2"))
        s.put_physical_store(PhysicalStore("1", "EXT-1", "Mall", "FC1"))
        s.put_fulfillment_center(FulfillmentCenter("FC2", "East"))
        s.put_fulfillment_center(FulfillmentCenter("FC1", "West"))
        s.put_fulfillment_center(FulfillmentCenter("FC1", "West (renamed)"))
    with store.read() as s:
        assert s.get_physical_store("1") == PhysicalStore("1", "EXT-1", "Mall", "FC1")
        assert s.get_physical_store("9") is None
        assert s.find_physical_store("EXT-2") == PhysicalStore("2", "EXT-2", "Downtown", "FC2")
        assert s.find_physical_store("EXT-9") is None
        assert [p.store_id for p in s.list_physical_stores()] == ["1", "2"]
        centers = [FulfillmentCenter("FC1", "West (renamed)"), FulfillmentCenter("FC2", "East")]
        assert list(s.list_fulfillment_centers()) == centers


# stock and reservations


def test_stock_levels_by_center_with_receipts(store: AnyStore) -> None:
    receipts = (FutureReceipt(T0 + timedelta(days=3), 5), FutureReceipt(T0.astimezone(PARIS), 7))
    with store.write() as s:
        s.put_stock_levels([level("P1", "FC2", 3), level("P1", "FC1", 4, receipts), level("P2", "FC1", 9)])
        s.put_stock_levels([level("P1", "FC2", 30)])
    with store.read() as s:
        assert list(s.stock_levels("P1")) == [level("P1", "FC1", 4, receipts), level("P1", "FC2", 30)]
        assert list(s.stock_levels("nope")) == []


def test_holds_sum_allocated_and_backordered_per_center(store: AnyStore) -> None:
    with store.write() as s:
        s.put_reservation(
            reservation(
                "o1",
                chunk("1", "P1", 2, ALLOCATED, "FC1"),
                chunk("1", "P1", 3, BACKORDERED, "FC1"),
                chunk("1", "P1", 4, UNALLOCATED),
                chunk("2", "P1", 5, ALLOCATED, "FC2"),
                chunk("3", "P2", 6, ALLOCATED, "FC1"),
            )
        )
        s.put_reservation(reservation("o2", chunk("1", "P1", 10, ALLOCATED, "FC1")))
    with store.read() as s:
        assert s.holds("P1") == {"FC1": Holds(12, 3), "FC2": Holds(5, 0)}
        assert list(s.holds("P1")) == ["FC1", "FC2"]
        assert s.holds("P1", excluding_order="o2") == {"FC1": Holds(2, 3), "FC2": Holds(5, 0)}
        assert s.holds("P1", excluding_order="o1") == {"FC1": Holds(10, 0)}
        assert s.holds("P2") == {"FC1": Holds(6, 0)}
        assert s.holds("P3") == {}
        assert s.holds("P1", excluding_order="unknown") == s.holds("P1")
        assert s.holds("P2", excluding_order="o2") == {"FC1": Holds(6, 0)}
        assert s.holds("P3", excluding_order="o1") == {}


def test_holds_follow_many_replacements(store: AnyStore) -> None:
    with store.write() as s:
        for quantity in range(1, 6):
            first = reservation("o1", chunk("1", "P1", quantity, ALLOCATED), chunk("2", "P1", 1, BACKORDERED))
            s.put_reservation(first)
            s.put_reservation(reservation("o2", chunk("1", "P1", 2 * quantity, BACKORDERED, "FC2")))
        s.put_reservation(reservation("o3", chunk("1", "P1", 0, ALLOCATED, "FC3")))
    with store.read() as s:
        assert s.holds("P1") == {"FC1": Holds(5, 1), "FC2": Holds(0, 10), "FC3": Holds(0, 0)}
    with store.write() as s:
        s.delete_reservation("o2")
        s.put_reservation(reservation("o3", chunk("1", "P1", 4, UNALLOCATED)))
    with store.read() as s:
        assert s.holds("P1") == {"FC1": Holds(5, 1)}
        assert s.holds("P1", excluding_order="o1") == {}


def test_only_unallocated_chunks_hold_nothing(store: AnyStore) -> None:
    with store.write() as s:
        s.put_reservation(reservation("o1", chunk("1", "P1", 4, UNALLOCATED)))
    with store.read() as s:
        assert s.holds("P1") == {}
        got = s.get_reservation("o1")
        assert got is not None
        assert got.chunks == (chunk("1", "P1", 4, UNALLOCATED),)


def test_reservation_round_trip_and_replace(store: AnyStore) -> None:
    first = reservation("o1", chunk("1", "P1", 2, ALLOCATED), chunk("2", "P2", 1, BACKORDERED, "FC2"))
    second = reservation("o1", chunk("1", "P3", 1, ALLOCATED))
    with store.write() as s:
        s.put_reservation(first)
    with store.read() as s:
        assert s.get_reservation("o1") == first
    with store.write() as s:
        s.put_reservation(second)
    with store.read() as s:
        assert s.get_reservation("o1") == second
        assert s.holds("P1") == {}
        assert s.holds("P2") == {}
        assert s.holds("P3") == {"FC1": Holds(1, 0)}
        assert s.list_reservations(0, 10).total == 1


def test_delete_reservation_releases_holds(store: AnyStore) -> None:
    with store.write() as s:
        s.put_reservation(reservation("o1", chunk("1", "P1", 2, ALLOCATED)))
        s.delete_reservation("o1")
        s.delete_reservation("never-existed")
    with store.read() as s:
        assert s.get_reservation("o1") is None
        assert s.holds("P1") == {}


def test_reservations_page_by_order_id(store: AnyStore) -> None:
    made = [
        reservation(f"o{i}", chunk("1", "P1", i + 1, ALLOCATED), chunk("2", "P2", 1, BACKORDERED)) for i in range(5)
    ]
    with store.write() as s:
        for r in reversed(made):
            s.put_reservation(r)
    with store.read() as s:
        page = s.list_reservations(1, 3)
        assert page.items == tuple(made[1:4])
        assert page.total == 5


# members


def test_organizations(store: AnyStore) -> None:
    child = Organization("2", "ou=east,o=acme", "Acme East", parent_dn="o=acme")
    with store.write() as s:
        s.put_organization(child)
        s.put_organization(Organization("1", "o=acme", "Acme"))
    with store.read() as s:
        assert s.get_organization("ou=east,o=acme") == child
        assert s.get_organization("o=nope") is None
        page = s.list_organizations(0, 1)
        assert [o.dn for o in page.items] == ["o=acme"]
        assert page.total == 2


def test_buyers(store: AnyStore) -> None:
    with store.write() as s:
        for logon, org in (("cy", "o=acme"), ("ada", "o=acme"), ("bo", "o=beta"), ("di", "o=acme")):
            s.put_buyer(buyer(logon, org))
    with store.read() as s:
        assert s.get_buyer("ada") == buyer("ada")
        assert s.get_buyer("nobody") is None
        assert s.get_buyer_by_dn("uid=bo,o=beta") == buyer("bo", "o=beta")
        assert s.get_buyer_by_dn("uid=zz") is None
        everyone = s.list_buyers(0, 10)
        assert [b.logon_id for b in everyone.items] == ["ada", "bo", "cy", "di"]
        acme = s.list_buyers(1, 1, org_dn="o=acme")
        assert [b.logon_id for b in acme.items] == ["cy"]
        assert acme.total == 3


def test_buyer_moved_changes_dn_lookup(store: AnyStore) -> None:
    with store.write() as s:
        s.put_buyer(buyer("ada", "o=acme"))
        s.put_buyer(buyer("ada", "o=beta"))
    with store.read() as s:
        assert s.get_buyer_by_dn("uid=ada,o=acme") is None
        assert s.get_buyer_by_dn("uid=ada,o=beta") == buyer("ada", "o=beta")
        assert s.list_buyers(0, 10, org_dn="o=acme").total == 0


# prices


def test_price_lists_for_orgs_in_order_with_only_asked_parts(store: AnyStore) -> None:
    with store.write() as s:
        s.put_price_list(price_list("default", None, {"P1": "10", "P2": "20", "P3": "30"}))
        s.put_price_list(price_list("acme", "o=acme", {"P1": "8", "P3": "25"}))
        s.put_price_list(price_list("beta", "o=beta", {"P2": "18"}))
    with store.read() as s:
        lists = s.price_lists_for(["o=acme", "o=none", None], ["P3", "P1", "P9"])
    assert [pl.price_list_id for pl in lists] == ["acme", "default"]
    assert list(lists[0].prices) == ["P3", "P1"]
    assert lists[0] == price_list("acme", "o=acme", {"P3": "25", "P1": "8"})
    assert lists[1] == price_list("default", None, {"P3": "30", "P1": "10"})


def test_price_lists_for_no_parts_and_default_first(store: AnyStore) -> None:
    with store.write() as s:
        s.put_price_list(price_list("default", None, {"P1": "10"}))
        s.put_price_list(price_list("acme", "o=acme", {"P1": "8"}))
    with store.read() as s:
        lists = s.price_lists_for([None, "o=acme"], [])
    assert [(pl.price_list_id, pl.prices) for pl in lists] == [("default", {}), ("acme", {})]


def test_put_price_list_replaces_prices(store: AnyStore) -> None:
    with store.write() as s:
        s.put_price_list(price_list("acme", "o=acme", {"P1": "8", "P2": "9"}))
        s.put_price_list(price_list("acme", "o=beta", {"P2": "7"}))
    with store.read() as s:
        assert s.price_lists_for(["o=acme"], ["P1", "P2"]) == []
        assert s.price_lists_for(["o=beta"], ["P1", "P2"]) == [price_list("acme", "o=beta", {"P2": "7"})]


def test_set_price(store: AnyStore) -> None:
    breaks = (PriceBreak(1, Decimal("7.00")), PriceBreak(5, Decimal("6.50")))
    with store.write() as s:
        s.put_price_list(price_list("acme", "o=acme", {"P1": "8"}))
        s.set_price("acme", "P2", [PriceBreak(1, Decimal("3.10"))])
        s.set_price("acme", "P1", breaks)
    with store.read() as s:
        (got,) = s.price_lists_for(["o=acme"], ["P1", "P2"])
    assert got.prices["P1"] == breaks
    assert str(got.prices["P2"][0].price) == "3.10"


def test_set_price_needs_an_existing_list(store: AnyStore) -> None:
    with pytest.raises(StoreError, match="no price list"), store.write() as s:
        s.set_price("missing", "P1", [])


# orders and quotes


def test_order_round_trip_and_commerce_lookup(store: AnyStore) -> None:
    placed = T0.astimezone(PARIS)
    with store.write() as s:
        s.put_order(order("E1", placed, commerce_id="C1"))
        s.put_order(order("E2", commerce_id="C1", store_id="20202"))
    with store.read() as s:
        got = s.get_order("E1")
        assert got == order("E1", placed, commerce_id="C1")
        assert got is not None and got.placed.utcoffset() == timedelta(hours=1)
        assert got.amounts.grand_total == order("E1").amounts.grand_total
        assert s.get_order("nope") is None
        found = s.find_order_by_commerce_id("20202", "C1")
        assert found is not None and found.external_order_id == "E2"
        assert s.find_order_by_commerce_id("10101", "C9") is None


def test_order_commerce_id_changes(store: AnyStore) -> None:
    with store.write() as s:
        s.put_order(order("E1", commerce_id="C1"))
        s.put_order(order("E1", commerce_id="C2", status="S"))
    with store.read() as s:
        assert s.find_order_by_commerce_id("10101", "C1") is None
        found = s.find_order_by_commerce_id("10101", "C2")
        assert found is not None and found.status == "S"


def _orders_fixture(store: AnyStore) -> None:
    with store.write() as s:
        s.put_order(order("E3", T0, commerce_id="C3", status="S"))
        s.put_order(order("E1", T0, commerce_id="C1", logon="bo", org_dn="o=beta"))
        s.put_order(order("E2", T0 + timedelta(hours=1), commerce_id="C2", channel=Channel.PHONE))
        # 09:00 in Paris is 08:00 UTC: placed before T0 although the wall clock reads later.
        s.put_order(order("E4", T0.replace(hour=9, minute=0, tzinfo=PARIS), store_id="20202"))


def _ids(store: AnyStore, criteria: OrderFilter, offset: int = 0, limit: int = 50) -> tuple[list[str], int]:
    with store.read() as s:
        page = s.list_orders(criteria, offset, limit)
    return [o.external_order_id for o in page.items], page.total


def test_orders_newest_first_then_external_id(store: AnyStore) -> None:
    _orders_fixture(store)
    assert _ids(store, OrderFilter()) == (["E2", "E1", "E3", "E4"], 4)
    assert _ids(store, OrderFilter(), offset=1, limit=2) == (["E1", "E3"], 4)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (OrderFilter(store_id="20202"), ["E4"]),
        (OrderFilter(buyer_logon_id="bo"), ["E1"]),
        (OrderFilter(buyer_dn="uid=ada,o=acme"), ["E2", "E3", "E4"]),
        (OrderFilter(org_dn="o=beta"), ["E1"]),
        (OrderFilter(statuses=("S", "X")), ["E3"]),
        (OrderFilter(statuses=("C",)), ["E2", "E1", "E4"]),
        (OrderFilter(external_ids=("E4", "E1", "E9")), ["E1", "E4"]),
        (OrderFilter(commerce_ids=("C2", "C3")), ["E2", "E3"]),
        (OrderFilter(channel=Channel.PHONE), ["E2"]),
        (OrderFilter(channel="Web Channel"), ["E1", "E3", "E4"]),
        (OrderFilter(after_external_id="E2"), ["E1", "E3", "E4"]),
        (OrderFilter(store_id="10101", statuses=("C",), after_external_id="E2"), ["E1"]),
        (OrderFilter(after_external_id="nope"), []),
        (OrderFilter(store_id="nope"), []),
    ],
)
def test_order_filters(store: AnyStore, criteria: OrderFilter, expected: list[str]) -> None:
    _orders_fixture(store)
    assert _ids(store, criteria) == (expected, len(expected))


def test_quotes(store: AnyStore) -> None:
    with store.write() as s:
        s.put_quote(quote("Q1", T0, commerce_id="CQ1"))
        s.put_quote(quote("Q2", T0 + timedelta(days=1), commerce_id="CQ2", status="C"))
        s.put_quote(quote("Q3", T0, store_id="20202", logon="bo", org_dn="o=beta", channel=Channel.FAX))
    with store.read() as s:
        assert s.get_quote("Q1") == quote("Q1", T0, commerce_id="CQ1")
        assert s.get_quote("nope") is None
        found = s.find_quote_by_commerce_id("10101", "CQ2")
        assert found is not None and found.external_quote_id == "Q2"
        assert s.find_quote_by_commerce_id("20202", "CQ2") is None
        every = s.list_quotes(OrderFilter(), 0, 10)
        assert [q.external_quote_id for q in every.items] == ["Q2", "Q1", "Q3"]
        submitted = s.list_quotes(OrderFilter(statuses=("M",), commerce_ids=("CQ1", "CQ2")), 0, 10)
        assert [q.external_quote_id for q in submitted.items] == ["Q1"]
        fax = s.list_quotes(OrderFilter(channel=Channel.FAX, org_dn="o=beta", buyer_logon_id="bo"), 0, 10)
        assert [q.external_quote_id for q in fax.items] == ["Q3"]
        paged = s.list_quotes(OrderFilter(after_external_id="Q2", buyer_dn="uid=ada,o=acme"), 0, 1)
        assert ([q.external_quote_id for q in paged.items], paged.total) == (["Q1"], 1)


def test_naive_placed_date_is_refused(store: AnyStore) -> None:
    with pytest.raises(ValueError, match="naive"), store.write() as s:
        s.put_order(order("E1", T0.replace(tzinfo=None)))


# housekeeping


def test_next_value_counts_per_sequence(store: AnyStore) -> None:
    with store.write() as s:
        assert [s.next_value("orders") for _ in range(3)] == [1, 2, 3]
        assert s.next_value("quotes") == 1
    with store.write() as s:
        assert s.next_value("orders") == 4


def test_meta(store: AnyStore) -> None:
    with store.write() as s:
        s.set_meta("seed", "42")
        s.set_meta("seed", "43")
    with store.read() as s:
        assert s.get_meta("seed") == "43"
        assert s.get_meta("other") is None


def _fill(store: AnyStore) -> None:
    with store.write() as s:
        s.put_catalog_entries([entry("P1")])
        s.put_online_store(OnlineStore("10101", "Aurora", "USD"))
        s.put_physical_store(PhysicalStore("1", "EXT-1", "Mall", "FC1"))
        s.put_fulfillment_center(FulfillmentCenter("FC1", "West"))
        s.put_stock_levels([level("P1", "FC1", 5)])
        s.put_reservation(reservation("o1", chunk("1", "P1", 2, ALLOCATED)))
        s.put_organization(Organization("1", "o=acme", "Acme"))
        s.put_buyer(buyer("ada"))
        s.put_price_list(price_list("default", None, {"P1": "10"}))
        s.put_order(order("E1", commerce_id="C1"))
        s.put_quote(quote("Q1", commerce_id="CQ1"))
        s.next_value("orders")
        s.set_meta("seed", "42")


def _snapshot(store: AnyStore) -> tuple[object, ...]:
    with store.read() as s:
        return (
            s.list_catalog(0, 100),
            s.get_catalog_entry_by_id("id-P1"),
            s.list_online_stores(),
            s.find_online_store("Aurora"),
            s.list_physical_stores(),
            s.find_physical_store("EXT-1"),
            s.list_fulfillment_centers(),
            s.stock_levels("P1"),
            s.holds("P1"),
            s.list_reservations(0, 100),
            s.list_organizations(0, 100),
            s.list_buyers(0, 100),
            s.get_buyer_by_dn("uid=ada,o=acme"),
            s.price_lists_for([None, "o=acme"], ["P1"]),
            s.list_orders(OrderFilter(), 0, 100),
            s.find_order_by_commerce_id("10101", "C1"),
            s.list_quotes(OrderFilter(), 0, 100),
            s.find_quote_by_commerce_id("10101", "CQ1"),
            s.get_meta("seed"),
        )


def test_clear_deletes_everything(store: AnyStore) -> None:
    empty = _snapshot(store)
    _fill(store)
    assert _snapshot(store) != empty
    with store.write() as s:
        s.clear()
    assert _snapshot(store) == empty
    with store.write() as s:
        assert s.next_value("orders") == 1


def test_failed_write_applies_nothing(store: AnyStore) -> None:
    _fill(store)
    before = _snapshot(store)
    with pytest.raises(Boom), store.write() as s:
        s.put_catalog_entries([entry("P1", "changed"), entry("P2")])
        s.put_online_store(OnlineStore("10101", "Renamed", "USD"))
        s.put_physical_store(PhysicalStore("1", "EXT-9", "Mall", "FC1"))
        s.put_fulfillment_center(FulfillmentCenter("FC2", "East"))
        s.put_stock_levels([level("P1", "FC1", 99), level("P1", "FC2", 1)])
        s.put_reservation(reservation("o1", chunk("1", "P1", 5, BACKORDERED)))
        s.put_reservation(reservation("o2", chunk("1", "P1", 1, ALLOCATED)))
        s.put_organization(Organization("1", "o=acme", "Renamed"))
        s.put_buyer(buyer("ada", "o=beta"))
        s.put_price_list(price_list("default", "o=acme", {"P2": "1"}))
        s.set_price("default", "P1", [])
        s.put_order(order("E1", commerce_id="C9"))
        s.put_quote(quote("Q1", commerce_id="CQ9"))
        s.next_value("orders")
        s.set_meta("seed", "0")
        assert s.get_meta("seed") == "0"
        raise Boom
    assert _snapshot(store) == before
    with pytest.raises(Boom), store.write() as s:
        s.delete_reservation("o1")
        s.clear()
        raise Boom
    assert _snapshot(store) == before
    with store.write() as s:
        assert s.next_value("orders") == 2


def test_writes_inside_read_are_refused(store: AnyStore) -> None:
    with store.read() as s:
        with pytest.raises(StoreError, match="write"):
            s.next_value("orders")
        with pytest.raises(StoreError, match="write"):
            s.put_catalog_entries([entry("P1")])
        with pytest.raises(StoreError, match="write"):
            s.clear()
    with store.read() as s:
        assert s.get_catalog_entry("P1") is None


def test_transactions_do_not_nest(store: AnyStore) -> None:
    with store.write(), pytest.raises(StoreError, match="nested"), store.read():
        pass
    with store.read(), pytest.raises(StoreError, match="nested"), store.write():
        pass
    with store.write() as s:
        assert s.next_value("after") == 1


# lifecycle timers and the outbox (both stores)


def test_timers_are_due_in_time_order_and_manual_ones_never(store: AnyStore) -> None:
    with store.write() as s:
        s.set_timer(Timer("order", "B", T0 + timedelta(minutes=2)))
        s.set_timer(Timer("order", "A", T0 + timedelta(minutes=1)))
        s.set_timer(Timer("quote", "Q", None))
        s.set_timer(Timer("order", "C", T0 + timedelta(hours=1)))
    with store.read() as s:
        assert [t.key for t in s.due_timers(T0 + timedelta(minutes=5), 10)] == ["A", "B"]
        assert s.due_timers(T0, 10) == []
        assert s.next_timer_due() == T0 + timedelta(minutes=1)
        assert [t.key for t in s.list_timers("order")] == ["A", "B", "C"]
        assert s.list_timers("quote") == [Timer("quote", "Q", None)]
    with store.write() as s:
        s.set_timer(Timer("order", "A", T0 + timedelta(days=1)))
        s.clear_timer("order", "B")
        s.clear_timer("order", "nothing")
    with store.read() as s:
        assert [t.key for t in s.due_timers(T0 + timedelta(hours=2), 10)] == ["C"]


def test_stock_with_receipts_lists_only_levels_expecting_stock(store: AnyStore) -> None:
    with store.write() as s:
        s.put_stock_levels([
            level("P2", "FC1", 1, (FutureReceipt(T0, 5),)),
            level("P1", "FC1", 1),
            level("P1", "FC2", 0, (FutureReceipt(T0, 3),)),
        ])
    with store.read() as s:
        found = s.stock_with_receipts(0, 10)
        assert [(x.part_number, x.fc_id) for x in found.items] == [("P1", "FC2"), ("P2", "FC1")]
        assert found.total == 2


def _push(key: str, kind: PushKind = PushKind.SYNC_ORDER) -> PushRecord:
    return PushRecord(0, kind, key, '{"n": 1}', T0, PushState.PENDING, T0)


def test_pushes_get_ids_and_only_the_head_of_each_key_is_claimable(store: AnyStore) -> None:
    with store.write() as s:
        first = s.add_push(_push("order:1"))
        second = s.add_push(_push("order:1"))
        other = s.add_push(_push("part:P1", PushKind.SYNC_INVENTORY))
    assert first.push_id < second.push_id < other.push_id
    with store.read() as s:
        assert [p.push_id for p in s.claimable_pushes(T0, 10)] == [first.push_id, other.push_id]
        assert s.claimable_pushes(T0 - timedelta(seconds=1), 10) == []
        assert s.get_push(second.push_id) == second
    with store.write() as s:
        s.save_push(claimed(first, T0, timedelta(minutes=1)))
    with store.read() as s:  # a claimed push still blocks its key until its lease lapses
        assert [p.push_id for p in s.claimable_pushes(T0, 10)] == [other.push_id]
        assert s.claimable_pushes(T0 + timedelta(minutes=2), 10)[0].push_id == first.push_id
    with store.write() as s:
        s.save_push(succeeded(first, T0))
        s.save_push(failed(other, T0, "down", RetryPolicy(timedelta(seconds=1), timedelta(seconds=8), 1)))
    with store.read() as s:
        assert [p.push_id for p in s.claimable_pushes(T0, 10)] == [second.push_id]
        assert s.list_pushes([PushState.DEAD], 0, 10).items[0].last_error == "down"
        assert s.list_pushes([], 0, 10).total == 3
        assert s.list_pushes([PushState.PENDING, PushState.DELIVERED], 0, 1).total == 2


def test_saving_an_unknown_push_fails_and_pruning_keeps_the_newest(store: AnyStore) -> None:
    with pytest.raises(StoreError), store.write() as s:
        s.save_push(replace(_push("k"), push_id=99))
    with store.write() as s:
        records = [s.add_push(_push(f"k{i}")) for i in range(5)]
        for record in records:
            s.save_push(succeeded(record, T0))
        assert s.prune_pushes(PushState.DELIVERED, 2) == 3
    with store.read() as s:
        kept = s.list_pushes([PushState.DELIVERED], 0, 10).items
        assert [p.push_id for p in kept] == [r.push_id for r in records[3:]]


def test_outbox_writes_roll_back_and_clear_empties_them(store: AnyStore) -> None:
    with pytest.raises(Boom), store.write() as s:
        s.add_push(_push("k"))
        s.set_timer(Timer("order", "A", T0))
        raise Boom
    with store.read() as s:
        assert s.list_pushes([], 0, 10).total == 0 and s.list_timers("order") == []
    with store.write() as s:
        s.add_push(_push("k"))
        s.set_timer(Timer("order", "A", T0))
    with store.write() as s:
        s.clear()
    with store.read() as s:
        assert s.list_pushes([], 0, 10).total == 0 and s.list_timers("order") == []


def test_peek_meta_reads_inside_and_outside_a_transaction(store: AnyStore) -> None:
    assert store.peek_meta("clock") is None
    with store.write() as s:
        s.set_meta("clock", "frozen")
        assert store.peek_meta("clock") in (None, "frozen")  # own uncommitted write: either view is fine
    assert store.peek_meta("clock") == "frozen"
    with store.read():
        assert store.peek_meta("clock") == "frozen"
