"""Every push type through a real HTTP receiver: SyncOrder, ChangeOrder, SyncInventoryAvailability,
SyncOrganization, SyncPerson; retries, dead letters, order per key, a restart with pending pushes."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from support.waiting import until

from lifecycle.conftest import NOW, a_buyer, drain, make_backend, place, settings_for, well_stocked
from simulator.app import create_backend
from simulator.backend.service import Backend
from simulator.client.cache import TtlCache
from simulator.client.receiver import ReceiverServer, cache_updater
from simulator.client.storefront import Availability
from simulator.domain.outbox import PushState
from simulator.push.dispatcher import Dispatcher
from simulator.push.runner import push_target
from simulator.push.sender import Sender
from simulator.store.sqlite import SqliteStore


def test_an_order_ships_and_the_storefront_shows_it_shipped(
    backend: Backend, dispatcher: Dispatcher, receiver: ReceiverServer
) -> None:
    order = place(backend, well_stocked(backend)[:1])
    backend.lifecycle.change_order(order.external_order_id, "ship", ship_date=NOW)
    drain(dispatcher)
    view = receiver.receiver.orders[order.commerce_order_id or ""]
    assert view.status == "S"
    assert view.external_order_id == order.external_order_id
    item = order.lines[0].commerce_item_id or ""
    assert view.line_status[item] == "S"
    assert view.time_shipped[item] == NOW
    assert receiver.receiver.kinds() == ["SyncOrder"]


def test_automatic_steps_push_one_sync_order_each_in_order(
    backend: Backend, dispatcher: Dispatcher, receiver: ReceiverServer
) -> None:
    order = place(backend, well_stocked(backend)[:1])
    backend.clock.advance(2 * 86400)
    drain(dispatcher)
    payloads = [p.payload for p in backend.outbox.listing([PushState.DELIVERED]).items]
    assert ['"status": "R"' in payloads[0], '"status": "S"' in payloads[1], '"status": "D"' in payloads[2]] == [
        True, True, True,
    ]
    assert receiver.receiver.kinds() == ["SyncOrder", "SyncOrder", "SyncOrder"]
    assert receiver.receiver.orders[order.commerce_order_id or ""].status == "D"


def test_commerce_down_pushes_retry_and_arrive_in_order(
    backend: Backend, dispatcher: Dispatcher, receiver: ReceiverServer
) -> None:
    receiver.receiver.fail_next(2)
    order = place(backend, well_stocked(backend)[:1])
    backend.clock.advance(3660)  # released, then shipped: two pushes for one order
    for _ in range(200):
        dispatcher.run_once()
        if len(receiver.receiver.received) >= 2:
            break
        time.sleep(0.01)
    assert receiver.receiver.failed == 2
    pushes = backend.outbox.listing([PushState.DELIVERED]).items
    assert [p.attempts for p in pushes] == [3, 1]  # the second waited behind the first
    seen = [p.payload for p in pushes]
    assert '"status": "R"' in seen[0] and '"status": "S"' in seen[1]
    assert receiver.receiver.orders[order.commerce_order_id or ""].status == "S"


def test_dead_letters_after_the_configured_failures_and_redelivery(
    backend: Backend, dispatcher: Dispatcher, receiver: ReceiverServer
) -> None:
    receiver.receiver.down = True
    order = place(backend, well_stocked(backend)[:1])
    backend.lifecycle.change_order(order.external_order_id, "cancel")
    assert until(lambda: dispatcher.run_once() >= 0 and backend.outbox.listing([PushState.DEAD]).total == 1)
    (dead,) = backend.outbox.listing([PushState.DEAD]).items
    assert dead.attempts == 4
    assert "HTTP 500" in (dead.last_error or "")
    receiver.receiver.down = False
    backend.outbox.redeliver(dead.push_id)
    drain(dispatcher)
    assert backend.outbox.get(dead.push_id).state is PushState.DELIVERED
    assert receiver.receiver.orders[order.commerce_order_id or ""].status == "X"


def test_a_refusing_confirm_bod_is_a_failure(
    backend: Backend, dispatcher: Dispatcher, receiver: ReceiverServer
) -> None:
    receiver.receiver.refuse = True
    order = place(backend, well_stocked(backend)[:1])
    backend.lifecycle.change_order(order.external_order_id, "ship")
    dispatcher.run_once()
    (pending,) = backend.outbox.listing([PushState.PENDING]).items
    assert "ConfirmBOD failure" in (pending.last_error or "")
    assert "_ERR_REFUSED" in (pending.last_error or "")


def test_stock_below_the_threshold_updates_the_storefront_cache_without_a_pull(
    backend: Backend, dispatcher: Dispatcher, receiver: ReceiverServer
) -> None:
    cache: TtlCache[tuple[str, str], Availability] = TtlCache(300, 100)
    receiver.receiver.on_inventory = cache_updater(cache, Availability)
    part = well_stocked(backend)[0]
    store = backend.inspect.locations().online_stores[0].store_id
    cache.put((part, store), Availability(part, "Available", Decimal(999)))
    for level in backend.inspect.stock(part).levels:
        backend.changes.set_stock(part, level.fc_id, 0)
    drain(dispatcher)
    cached = cache.peek((part, store))
    assert cached is not None and cached.quantity < 10
    assert receiver.receiver.kinds() == ["SyncInventoryAvailability"]  # one crossing, one push
    backend.lifecycle.receive_stock(part, backend.inspect.stock(part).levels[0].fc_id, 50)
    drain(dispatcher)
    back = cache.peek((part, store))
    assert back is not None and back.status == "Available" and back.quantity >= 50


def test_inventory_on_demand(backend: Backend, dispatcher: Dispatcher, receiver: ReceiverServer) -> None:
    parts = well_stocked(backend)[:2]
    backend.outbox.push_inventory(parts)
    drain(dispatcher)
    stores = {s.store_id for s in backend.inspect.locations().online_stores}
    assert set(receiver.receiver.availability) == {(p, s) for p in parts for s in stores}


def test_async_transfer_hands_over_the_external_id(
    backend: Backend, dispatcher: Dispatcher, receiver: ReceiverServer
) -> None:
    backend.lifecycle.update_settings({"async_transfer": True, "release": "manual"})
    order = place(backend, well_stocked(backend)[:1])
    drain(dispatcher)
    assert receiver.receiver.kinds() == ["ChangeOrder"]
    assert receiver.receiver.orders[order.commerce_order_id or ""].external_order_id == order.external_order_id


def test_organization_and_person_pushes(backend: Backend, dispatcher: Dispatcher, receiver: ReceiverServer) -> None:
    parent = backend.inspect.organizations(0, 1).items[0]
    dn = "o=New Supplies Inc.,o=Root Organization"
    backend.master_data.save_organization(dn, "New Supplies", parent.dn)
    backend.master_data.save_organization(dn, "New Supplies Ltd")
    backend.master_data.save_buyer(
        "newbuyer", {"dn": f"uid=newbuyer,{dn}", "org_dn": dn, "first_name": "Ann", "last_name": "Lee",
                     "email": "ann@example.com"},
    )
    buyer = a_buyer(backend)
    backend.master_data.save_buyer(buyer.logon_id, {"email": "changed@example.com"})
    drain(dispatcher)
    got = receiver.receiver
    # in order per member; different members' pushes may interleave
    assert [r.action for r in got.received if r.kind == "SyncOrganization"] == ["Add", "Change"]
    assert sorted(r.action for r in got.received if r.kind == "SyncPerson") == ["Add", "Change"]
    assert got.organizations[dn]["name"] == "New Supplies Ltd"
    assert got.persons[buyer.logon_id]["email"] == "changed@example.com"


def test_credentials_as_username_token_and_basic_auth(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver, push_user="wcsadmin", push_password="s3cret", push_auth="both")
    backend = make_backend(settings)
    target = push_target(settings)
    assert target is not None
    receiver.receiver.require_user = "wcsadmin"
    backend.outbox.push_inventory(well_stocked(backend)[:1])
    drain(Dispatcher(backend.outbox, Sender(target)))
    (got,) = receiver.receiver.received
    assert got.username == "wcsadmin"
    assert (got.authorization or "").startswith("Basic ")


def test_pending_pushes_survive_a_restart(tmp_path: Path, receiver: ReceiverServer) -> None:
    settings = settings_for(receiver, db=str(tmp_path / "sim.db"))
    first = create_backend(settings, SqliteStore(tmp_path / "sim.db"))
    first.ensure_seeded()
    first.clock.freeze(NOW)
    order = place(first, well_stocked(first)[:1])
    first.lifecycle.change_order(order.external_order_id, "ship")
    first.lifecycle.change_order(order.external_order_id, "deposit")
    first.outbox.claim(1, lease=timedelta(seconds=0))  # claimed, then the process "dies" before delivering
    first.deps.store.close()
    second = create_backend(settings, SqliteStore(tmp_path / "sim.db"))
    target = push_target(settings)
    assert target is not None
    drain(Dispatcher(second.outbox, Sender(target)))
    assert receiver.receiver.kinds() == ["SyncOrder", "SyncOrder"]
    assert receiver.receiver.orders[order.commerce_order_id or ""].status == "D"
    second.deps.store.close()


def test_two_dispatchers_on_one_database_never_send_a_push_twice(tmp_path: Path, receiver: ReceiverServer) -> None:
    settings = settings_for(receiver, db=str(tmp_path / "sim.db"))
    backend = create_backend(settings, SqliteStore(tmp_path / "sim.db"))
    backend.ensure_seeded()
    parts = well_stocked(backend, minimum=1)[:30]
    backend.outbox.push_inventory(parts)
    target = push_target(settings)
    assert target is not None
    others = [create_backend(settings, SqliteStore(tmp_path / "sim.db")) for _ in range(2)]
    dispatchers = [Dispatcher(b.outbox, Sender(target)) for b in others]
    threads = [threading.Thread(target=drain, args=(d,)) for d in dispatchers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    counts = Counter(r.bod_id for r in receiver.receiver.received)
    assert len(counts) == len(parts)
    assert set(counts.values()) == {1}
    for b in (backend, *others):
        b.deps.store.close()


def test_the_dispatcher_thread_delivers_in_the_background(
    backend: Backend, receiver: ReceiverServer
) -> None:
    target = push_target(settings_for(receiver))
    assert target is not None
    dispatcher = Dispatcher(backend.outbox, Sender(target), poll_seconds=0.02).start()
    try:
        order = place(backend, well_stocked(backend)[:1])
        backend.lifecycle.change_order(order.external_order_id, "ship")
        assert receiver.receiver.wait_for(lambda r: len(r.received) == 1, timeout=10)
    finally:
        dispatcher.stop()
