"""Loading a world into the in-memory store: everything readable, sequences continue after the seed."""

from __future__ import annotations

from datetime import datetime

import pytest

from simulator.backend.ports import OrderFilter
from simulator.seed import SequenceMismatch, World, build_world, load_world
from simulator.store.memory import MemoryStore


@pytest.fixture(scope="module")
def small(anchor: datetime) -> World:
    return build_world(5, 60, anchor)


@pytest.fixture
def store(small: World) -> MemoryStore:
    store = MemoryStore()
    with store.write() as session:
        load_world(session, small)
    return store


def test_everything_is_readable_after_loading(small: World, store: MemoryStore) -> None:
    with store.read() as session:
        assert session.list_catalog(0, 1000).items == small.catalog
        assert tuple(session.list_online_stores()) == small.online_stores
        assert {c.fc_id for c in session.list_fulfillment_centers()} == {c.fc_id for c in small.fulfillment_centers}
        assert {s.store_id for s in session.list_physical_stores()} == {s.store_id for s in small.physical_stores}
        assert session.list_organizations(0, 100).total == len(small.organizations)
        assert session.list_buyers(0, 100).total == len(small.buyers)
        part = small.catalog[0].part_number
        assert set(session.stock_levels(part)) == {lv for lv in small.stock if lv.part_number == part}
        assert session.list_orders(OrderFilter(), 0, 1000).total == len(small.orders)
        assert session.get_order(small.orders[-1].external_order_id) == small.orders[-1]
        assert session.get_quote(small.quotes[0].external_quote_id) == small.quotes[0]


def test_contract_prices_are_readable_after_loading(small: World, store: MemoryStore) -> None:
    org = small.organizations[0]
    part = small.catalog[0].part_number
    with store.read() as session:
        lists = session.price_lists_for([org.dn, None], [part])
    assert {pl.org_dn for pl in lists} == {org.dn, None}
    contract = next(pl for pl in lists if pl.org_dn == org.dn)
    expected = next(pl for pl in small.price_lists if pl.org_dn == org.dn)
    assert contract.prices[part] == expected.prices[part]


def test_world_parameters_are_recorded(small: World, store: MemoryStore) -> None:
    with store.read() as session:
        assert session.get_meta("world.seed") == "5"
        assert session.get_meta("world.products") == "60"
        assert session.get_meta("world.anchor") == "2026-11-23T00:00:00+00:00"


def test_sequences_continue_after_the_seeded_orders_and_quotes(small: World, store: MemoryStore) -> None:
    with store.write() as session:
        assert session.next_value("order") == len(small.orders) + 1
        assert session.next_value("quote") == len(small.quotes) + 1


def test_loading_twice_is_refused(small: World, store: MemoryStore) -> None:
    with pytest.raises(SequenceMismatch), store.write() as session:
        load_world(session, small)


def test_progress_counts_every_entity(small: World) -> None:
    calls: list[tuple[int, int]] = []
    with MemoryStore().write() as session:
        load_world(session, small, lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1] >= len(small.catalog) + len(small.stock)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
