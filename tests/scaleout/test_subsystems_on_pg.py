"""Master data, legacy messaging and the inbound services on a PostgreSQL world, as they run on SQLite.

Import and export on the command line and over the admin API (an error imports nothing, a re-import changes
nothing, an export equals SQLite's byte for byte); a legacy notification posted to a PostgreSQL-backed `serve`
becomes one order, also when two hosts on one schema receive it at once; a phone order is priced and, with
--payments, deposited after it ships.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support.pg import fresh_schema
from support.process import Simulator, cli
from support.waiting import until
from werkzeug.test import Client

from simulator.app import create_app, create_backend, open_store, world_anchor
from simulator.backend.clock import SystemClock
from simulator.backend.ports import Store
from simulator.client.legacy_receiver import LegacyReceiver
from simulator.client.legacy_sender import compose, post
from simulator.client.receiver import CommerceReceiver, ReceiverServer
from simulator.config import Settings
from simulator.legacy.model import Notification, NotificationLine
from simulator.masterdata.exporter import export_files
from simulator.masterdata.importer import ImportOptions, import_files
from simulator.masterdata.reader import SourceFile

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).parents[2] / "simulator/bod/samples/dataload"
ANCHOR = "2026-11-23"


def import_and_export(db: str, files: list[Path]) -> tuple[dict[str, int], dict[str, bytes]]:
    """Import the files in this process as `backoffice-sim import` does: what it wrote, and the world exported."""
    settings = Settings(db=db, anchor=ANCHOR)
    store = open_store(settings)
    try:
        options = ImportOptions(settings.seed, world_anchor(store, settings, SystemClock()))
        sources = [SourceFile(p.name, p.read_bytes()) for p in files]
        report = import_files(store, sources, options, None, create_backend(settings, store).watch_world)
        return dict(report.written), exported(store)
    finally:
        store.close()


def exported(store: Store) -> dict[str, bytes]:
    with store.read() as session:
        return export_files(session)


def test_cli_import_and_export_on_pg_equal_sqlite(tmp_path: Path) -> None:
    files = sorted(SAMPLES.glob("*.csv"))
    with fresh_schema("md_cli") as pg:
        done = cli("import", "--db", pg, "--anchor", ANCHOR, *map(str, files))  # a new world: gaps are seeded
        assert done.returncode == 0, done.stderr
        done = cli("export", "--db", pg, "--out", str(tmp_path / "pg"))
        assert done.returncode == 0, done.stderr
        written = {p.name: p.read_bytes() for p in sorted((tmp_path / "pg").iterdir())}
        assert written == import_and_export(str(tmp_path / "w.db"), files)[1]
        assert b"SKU-1001" in written["CatalogEntry.csv"]
        good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
        good.write_text("CatalogEntry\nPartNumber,Name,ListPrice\nNEW-9,Nine,9.00\n", encoding="utf-8")
        bad.write_text("CatalogEntryListPrice\nPartNumber,ListPrice\nSKU-1001,cheap\n", encoding="utf-8")
        failed = cli("import", "--db", pg, str(good), str(bad))
        assert failed.returncode != 0 and "column ListPrice value 'cheap'" in failed.stderr
        assert import_and_export(pg, files) == ({}, written)  # nothing from the failed import nor the repeat


def test_admin_import_and_export_on_pg() -> None:
    with fresh_schema("md_admin") as pg:
        app = create_app(Settings(db=pg, products=20, anchor=ANCHOR))
        client = Client(app)
        before = client.get("/_admin/export").data
        body = {"files": [{"name": "c.csv", "content": "CatalogEntry\nPartNumber,Name,ListPrice\nNEW-1,New,5.00\n"}]}
        answer = client.post("/_admin/import", json=body)
        assert answer.status_code == 200 and answer.json["written"]["catalog"] == 1
        after = client.get("/_admin/export").data
        assert after != before and b"NEW-1" in zipfile.ZipFile(io.BytesIO(after)).read("CatalogEntry.csv")
        repeated = client.post("/_admin/import", json=body)
        assert repeated.status_code == 200 and not repeated.json["written"], repeated.json
        refused = client.post("/_admin/import", json={"files": [
            {"name": "n.csv", "content": "CatalogEntry\nPartNumber,Name,ListPrice\nNEW-2,Two,6.00\n"},
            {"name": "p.csv", "content": "CatalogEntryListPrice\nPartNumber,ListPrice\nNEW-1,x\n"}]})
        assert refused.status_code == 422 and refused.json["problems"][0]["column"] == "ListPrice"
        assert client.get("/_admin/export").data == after
        replaced = client.post("/_admin/import", json={"replace": True, "files": [
            {"name": "r.csv", "content": "CatalogEntry\nPartNumber,Name,ListPrice\nNEW-R,Again,7.00\n"}]})
        assert replaced.status_code == 200, replaced.json
        catalog = zipfile.ZipFile(io.BytesIO(client.get("/_admin/export").data)).read("CatalogEntry.csv")
        assert b"NEW-R" in catalog and b"NEW-1" not in catalog


@contextmanager
def serve(db: str, tmp_path: Path, *extra: str, workers: int = 2, **settings: Any) -> Iterator[Simulator]:
    config = tmp_path / f"sim{len(list(tmp_path.glob('sim*.toml')))}.toml"
    values = {"push_backoff_ms": 100, "push_backoff_max_ms": 400, "push_max_attempts": 50, "tick_ms": 100,
              "push_poll_ms": 50, "products": 60, "lifecycle_release": "manual", **settings}
    config.write_text("\n".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + "\n")
    sim = Simulator(db, workers=workers, extra=extra, env={"BACKOFFICE_SIM_CONFIG": str(config)})  # type: ignore[arg-type]
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


def post_json(sim: Simulator, path: str, body: dict[str, Any] | None = None) -> Any:
    status, raw = sim.post(path, json.dumps(body or {}).encode())
    assert status == 200, raw
    return json.loads(raw)


def stocked(sim: Simulator, count: int) -> list[str]:
    return [e["part_number"] for e in sim.get("/_admin/catalog?limit=60")["items"]
            if sim.get(f"/_admin/stock/{e['part_number']}")["availability"]["quantity"] >= 30][:count]


def notification_for(sim: Simulator, order_id: str) -> Notification:
    store_id = sim.get("/_admin/stores")["online_stores"][0]["store_id"]
    logon = sim.get("/_admin/buyers?limit=1")["items"][0]["logon_id"]
    lines = tuple(NotificationLine(f"{order_id}{i}", p, Decimal(1), Decimal("9.99"), "USD", i)
                  for i, p in enumerate(stocked(sim, 2)))
    return Notification(order_id, "USD", lines, placed=datetime(2026, 11, 23, 9, 0), total_net=Decimal("19.98"),
                        store_id=store_id, member_id="3001", logon_id=logon)


def messaging_orders(sim: Simulator) -> list[dict[str, Any]]:
    return list(sim.get("/_admin/orders?channel=Commerce%20messaging&limit=50")["items"])


def test_legacy_notification_on_pg_is_one_order_also_on_two_hosts_at_once(tmp_path: Path) -> None:
    outbox = tmp_path / "out"
    with fresh_schema("legacy") as pg, ExitStack() as stack:
        hosts = [stack.enter_context(serve(pg, tmp_path, "--messaging-outbox-dir", str(outbox), workers=1,
                                           validation="strict")) for _ in range(2)]
        note = notification_for(hosts[0], "18001")
        answer = post(hosts[0].url + "/messages", compose(note))
        assert answer.status == 200 and answer.header("X-Message-Result") == "applied"
        external = answer.header("X-Backoffice-Order")
        again = post(hosts[1].url + "/messages", compose(note, legacy=True))
        assert again.header("X-Message-Result") == "duplicate" and again.header("X-Backoffice-Order") == external
        assert [o["external_order_id"] for o in messaging_orders(hosts[1])] == [external]

        racing = notification_for(hosts[0], "18002")
        with ThreadPoolExecutor(len(hosts) * 2) as pool:
            answers = list(pool.map(lambda h: post(h.url + "/messages", compose(racing)), hosts * 2))
        assert all(a.status == 200 for a in answers), [a.body for a in answers]
        results = sorted(a.header("X-Message-Result") or "" for a in answers)
        assert results == ["applied", "duplicate", "duplicate", "duplicate"]
        assert len({a.header("X-Backoffice-Order") for a in answers}) == 1
        assert sorted(o["commerce_order_id"] for o in messaging_orders(hosts[0])) == ["18001", "18002"]

        receiver = LegacyReceiver()
        assert until(lambda: receiver.read_directory(outbox) >= 0 and set(receiver.orders) == {"18001", "18002"},
                     timeout=20)
        assert all(view.forms == ["OrderConfirm"] for view in receiver.orders.values()), receiver.names


def test_inbound_order_on_pg_is_priced_and_deposited_after_it_ships(tmp_path: Path) -> None:
    receiver = ReceiverServer(CommerceReceiver()).start()
    oms = receiver.receiver.oms
    try:
        with (
            fresh_schema("inbound") as pg,
            serve(pg, tmp_path, "--push-url", receiver.url, "--payments", workers=1) as sim,
        ):
            buyer = sim.get("/_admin/buyers?limit=1")["items"][0]["logon_id"]
            parts = stocked(sim, 2)
            oms.contract_prices[buyer] = {parts[0]: Decimal("4.40"), parts[1]: Decimal("9.10")}
            lines = [{"part_number": p, "quantity": 3} for p in parts]
            body = {"buyer": buyer, "channel": "Phone", "lines": lines}
            status, raw = sim.post("/_admin/orders", json.dumps(body).encode())
            assert status == 201, raw
            order_id = json.loads(raw)["order"]["external_order_id"]
            assert until(lambda: sim.get(f"/_admin/orders/{order_id}")["pricing"]["status"] == "priced", timeout=20)
            priced = sim.get(f"/_admin/orders/{order_id}")
            assert [line["unit_price"] for line in priced["lines"]] == ["4.40", "9.10"]
            assert until(lambda: sim.get(f"/_admin/orders/{order_id}")["payment"]["status"] == "approved", timeout=20)
            post_json(sim, f"/_admin/orders/{order_id}/ship")
            assert until(lambda: sim.get(f"/_admin/orders/{order_id}")["payment"]["status"] == "deposited", timeout=20)
            paid = sim.get(f"/_admin/orders/{order_id}")["payment"]
            assert [s["action"] for s in paid["steps"]] == ["approve", "deposit"]
            kinds = {p["kind"] for p in sim.get("/_admin/pushes?state=delivered&limit=100")["items"]}
            assert kinds == {"PreprocessSalesOrder", "ProcessPaymentAction"}
    finally:
        receiver.stop()
