"""Journal, events, tenants, snapshots and metrics on the in-process WSGI app; the CLI's snapshot commands."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from support.process import cli
from werkzeug.test import Client

from simulator.app import Simulator, create_app
from simulator.client import BackOfficeClient
from simulator.client.model import Line
from simulator.client.transport import WsgiTransport
from simulator.config import Settings


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Simulator]:
    yield create_app(Settings(db=str(tmp_path / "w.db"), products=40, anchor="2026-11-23", journal_size=5))


def _client(app: Simulator, tenant: str | None = None) -> BackOfficeClient:
    store = app.backend.inspect.locations().online_stores[0]

    def tenanted(environ: dict[str, Any], start_response: Any) -> Any:
        if tenant:
            environ["HTTP_X_BACKOFFICE_TENANT"] = tenant
        return app(environ, start_response)

    return BackOfficeClient("http://sim", store_id=store.store_id, store_name=store.identifier,
                            transport=WsgiTransport(tenanted))


def _part(app: Simulator) -> str:
    for entry in app.backend.inspect.catalog(0, 40).items:
        if app.backend.inspect.stock(entry.part_number).availability.quantity >= 10:
            return entry.part_number
    raise LookupError("no available part")


def _get(app: Simulator, path: str, tenant: str | None = None) -> Any:
    response = Client(app).get(path, headers={"X-Backoffice-Tenant": tenant} if tenant else {})
    assert response.status_code == 200, response.data
    return response.get_json()


def test_journal_counts_calls_for_a_part_since_an_instant(app: Simulator) -> None:
    part = _part(app)
    client = _client(app)
    client.get_inventory_availability([part])
    since = _get(app, "/_admin/journal")["items"][-1]["at"]
    client.get_inventory_availability([part])
    client.reserve_inventory("5001", [Line(part, 1)])
    count = _get(app, f"/_admin/journal/count?operation=GetInventoryAvailability&part_number={part}&since={since}")
    assert count == {"count": 2}
    entry = _get(app, "/_admin/journal?operation=ReserveInventory")["items"][0]
    assert entry["commerce_order_id"] == "5001" and entry["bod_id"] and entry["status"] == 200
    assert entry["service"] == "InventoryServices" and entry["action_code"] == "ReserveInventory"
    assert [e["type"] for e in _get(app, "/_admin/events")["items"]] == ["reservation.created"]


def test_journal_is_a_bounded_ring_and_clears(app: Simulator) -> None:
    part = _part(app)
    client = _client(app)
    for _ in range(8):
        client.get_inventory_availability([part])
    journal = _get(app, "/_admin/journal")
    assert journal["total"] == 5
    assert Client(app).delete("/_admin/journal").get_json() == {"removed": 5}
    assert _get(app, "/_admin/journal")["total"] == 0


def test_tenants_have_isolated_worlds_and_reset_alone(app: Simulator) -> None:
    part = _part(app)
    _client(app, "alpha").reserve_inventory("6001", [Line(part, 2)])
    assert _get(app, "/_admin/reservations", "alpha")["total"] == 1
    assert _get(app, "/_admin/reservations")["total"] == 0
    assert _get(app, "/_admin/reservations", "beta")["total"] == 0
    assert _get(app, "/_admin/journal", "alpha")["total"] == 1
    assert _get(app, "/_admin/journal", "beta")["total"] == 0
    Client(app).post("/_admin/reset", headers={"X-Backoffice-Tenant": "alpha"})
    assert _get(app, "/_admin/reservations", "alpha")["total"] == 0
    bad = Client(app).get("/_admin/health", headers={"X-Backoffice-Tenant": "../etc"})
    assert bad.status_code == 400


def test_fault_rules_of_a_tenant_hit_only_that_tenant(app: Simulator) -> None:
    part = _part(app)
    rule = {"match": {"operation": "GetInventoryAvailability"}, "effect": {"type": "business_error"}}
    created = Client(app).post("/_admin/faults", json=rule, headers={"X-Backoffice-Tenant": "alpha"}).get_json()
    assert created["match"]["tenant"] == "alpha"
    assert _client(app, "alpha").get_inventory_availability([part]).header.errors
    assert not _client(app).get_inventory_availability([part]).header.errors
    assert _get(app, "/_admin/faults", "beta")["total"] == 0


def test_snapshot_save_change_restore(app: Simulator) -> None:
    part = _part(app)
    http = Client(app)
    assert http.post("/_admin/snapshots", json={"name": "before"}).status_code == 201
    _client(app).reserve_inventory("7001", [Line(part, 2)])
    assert _get(app, "/_admin/reservations")["total"] == 1
    assert http.post("/_admin/snapshots/before/restore").status_code == 200
    assert _get(app, "/_admin/reservations")["total"] == 0
    document = _get(app, "/_admin/snapshots/before")
    assert document["format"] == "backoffice-sim/snapshot" and "catalog" in document["tables"]
    assert http.put("/_admin/snapshots/copy", json=document).status_code == 201
    assert [s["name"] for s in _get(app, "/_admin/snapshots")["items"]] == ["before", "copy"]
    assert http.put("/_admin/snapshots/bad", json={"format": "nope"}).status_code == 400  # not a snapshot document


def test_metrics_in_prometheus_text(app: Simulator) -> None:
    part = _part(app)
    Client(app).post("/_admin/faults", json={"match": {"operation": "ReserveInventory"},
                                             "effect": {"type": "soap_fault"}, "mode": {"type": "once"}})
    client = _client(app)
    client.get_inventory_availability([part])
    with pytest.raises(Exception, match="fault injected"):
        client.reserve_inventory("7002", [Line(part, 1)])
    response = Client(app).get("/metrics")
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(response.data.decode()) for s in family.samples}
    inventory = ("operation", "GetInventoryAvailability")
    assert samples[("backoffice_soap_requests_total", (inventory, ("status", "200")))] == 1
    assert samples[("backoffice_soap_request_duration_seconds_bucket", (("le", "+Inf"), inventory))] == 1
    assert samples[("backoffice_soap_request_duration_seconds_count", (inventory,))] == 1
    fault = (("effect", "soap_fault"), ("operation", "ReserveInventory"))
    assert samples[("backoffice_faults_applied_total", fault)] == 1
    assert samples[("backoffice_reservations", ())] == 0 and ("backoffice_quotes", ()) in samples
    assert any(name == "backoffice_orders" for name, _ in samples)
    assert ("backoffice_pushes", (("state", "delivered"),)) in samples


def test_cli_exports_and_imports_a_snapshot(tmp_path: Path) -> None:
    db, out = tmp_path / "cli.db", tmp_path / "world.json"
    assert cli("seed", "--db", str(db), "--products", "20").returncode == 0
    exported = cli("snapshot", "export", "--db", str(db), "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    document = json.loads(out.read_text())
    assert len(document["tables"]["catalog"]) == 20
    other = tmp_path / "other.db"
    imported = cli("snapshot", "import", "--db", str(other), "--in", str(out))
    assert imported.returncode == 0, imported.stderr
    again = tmp_path / "again.json"
    assert cli("snapshot", "export", "--db", str(other), "--out", str(again)).returncode == 0
    assert again.read_text() == out.read_text()
    failed = cli("snapshot", "import", "--db", str(other), "--in", str(tmp_path / "missing.json"))
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1


def _answer_bod_id(app: Simulator, body: bytes) -> tuple[int, str | None]:
    response = Client(app).post("/services/InventoryServices", data=body, content_type="text/xml; charset=utf-8")
    found = re.search(rb"<oa:BODID>([^<]+)</oa:BODID>", response.data)
    return response.status_code, found.group(1).decode() if found else None


@pytest.mark.parametrize("effect", [{"type": "soap_fault"}, {"type": "http_status", "status": 503}])
def test_a_fault_answering_without_a_bod_leaves_the_bodids_alone(tmp_path: Path, effect: dict[str, Any]) -> None:
    sample = Path(__file__).parents[2] / "simulator/bod/samples/GetInventoryAvailability_partnumber_store_name.xml"
    request = sample.read_bytes()
    faulted, plain = (create_app(Settings(db=str(tmp_path / f"{name}.db"), products=40, anchor="2026-11-23"))
                      for name in ("faulted", "plain"))
    Client(faulted).post("/_admin/faults", json={"match": {"operation": "GetInventoryAvailability"},
                                                 "effect": effect, "mode": {"type": "once"}})
    assert _answer_bod_id(faulted, request)[0] >= 500
    status, after_fault = _answer_bod_id(faulted, request)
    assert status == 200 and after_fault is not None
    assert after_fault == _answer_bod_id(plain, request)[1]
