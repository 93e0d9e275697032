"""The real server: `backoffice-sim serve` with several workers, the /_admin control plane, restarts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.process import Simulator
from support.world import parts_with

from simulator.app import create_backend
from simulator.backend.commands import BuyerRef, DraftLine, OrderDraft, PartRef, QuoteDraft, ReserveItem
from simulator.backend.service import Backend
from simulator.config import Settings
from simulator.domain.inventory import AvailabilityStatus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("server") / "sim.db") as running:
        yield running


def backend_on(db: Path) -> Backend:
    return create_backend(Settings(db=str(db)))


def test_a_new_database_is_seeded_and_served(tmp_path: Path) -> None:
    with Simulator(tmp_path / "fresh.db") as sim:
        health = sim.get("/_admin/health")
    assert health["status"] == "ok"
    assert health["world"]["seed"] == "42"


def test_every_entity_is_inspectable(sim: Simulator) -> None:
    stores = sim.get("/_admin/stores")
    assert stores["online_stores"] and stores["physical_stores"] and len(stores["fulfillment_centers"]) >= 2
    catalog = sim.get("/_admin/catalog?offset=5&limit=3")
    assert len(catalog["items"]) == 3 and catalog["total"] == 1000 and catalog["offset"] == 5
    part = catalog["items"][0]["part_number"]
    stock = sim.get(f"/_admin/stock/{part}")
    assert stock["entry"]["part_number"] == part and stock["availability"]["status"]
    organizations = sim.get("/_admin/organizations")
    buyers = sim.get("/_admin/buyers?organization=" + organizations["items"][0]["dn"].replace(" ", "%20"))
    assert buyers["items"] and all(b["org_dn"] == organizations["items"][0]["dn"] for b in buyers["items"])
    orders = sim.get("/_admin/orders?limit=5")
    assert orders["total"] > 5 and len(orders["items"]) == 5
    one = sim.get("/_admin/orders/" + orders["items"][0]["external_order_id"])
    assert one["lines"]
    assert sim.get("/_admin/quotes")["total"] > 0
    assert sim.get("/_admin/reservations")["items"] == []


def test_bad_paging_and_unknown_ids_are_problem_json(sim: Simulator) -> None:
    import urllib.error
    import urllib.request

    for path, status in [
        ("/_admin/catalog?limit=0", 400),
        ("/_admin/catalog?offset=x", 400),
        ("/_admin/stock/NO-SUCH", 404),
        ("/_admin/orders/NOPE", 404),
        ("/_admin/nothing", 404),
    ]:
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(sim.url + path, timeout=10)
        assert caught.value.code == status, path
        assert caught.value.headers["Content-Type"] == "application/problem+json"
        assert json.loads(caught.value.read())["status"] == status


def test_reset_returns_to_the_seeded_world(sim: Simulator) -> None:
    backend = backend_on(sim.db)
    store_id = backend.inspect.locations().online_stores[0].store_id
    part = parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=2)[0]
    backend.inventory.reserve(store_id, "reset-me", [ReserveItem("1", PartRef(part_number=part), 1)], False)
    assert sim.get("/_admin/reservations")["total"] == 1
    status, _ = sim.post("/_admin/reset")
    assert status == 200
    assert sim.get("/_admin/reservations")["total"] == 0


def test_a_restart_keeps_orders_quotes_and_reservations(tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    with Simulator(db) as sim:
        backend = backend_on(db)
        store_id = backend.inspect.locations().online_stores[0].store_id
        buyer = backend.inspect.buyers(0, 1).items[0]
        part = parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=3)[0]
        backend.inventory.reserve(store_id, "r-1", [ReserveItem("1", PartRef(part_number=part), 1)], False)
        draft = OrderDraft(
            "o-1", store_id, BuyerRef(logon_id=buyer.logon_id), "USD", (DraftLine("1", PartRef(part_number=part), 1),)
        )
        order = backend.orders.transfer(draft).order
        quote, _ = backend.quotes.submit(QuoteDraft("q-1", draft))
        before = (sim.get("/_admin/orders")["total"], sim.get("/_admin/quotes")["total"])
    with Simulator(db) as sim:
        assert (sim.get("/_admin/orders")["total"], sim.get("/_admin/quotes")["total"]) == before
        assert sim.get("/_admin/orders/" + order.external_order_id)["commerce_order_id"] == "o-1"
        assert sim.get("/_admin/quotes/" + quote.external_quote_id)["commerce_quote_id"] == "q-1"
        assert [r["order_id"] for r in sim.get("/_admin/reservations")["items"]] == ["r-1"]
