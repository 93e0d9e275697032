"""End to end with the real `serve` (two workers, SQLite): notifications in over HTTP and files, messages out."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support.process import Simulator, cli
from support.waiting import until

from simulator.client.legacy_receiver import LegacyReceiver, LegacyReceiverServer
from simulator.client.legacy_sender import append, compose, post
from simulator.legacy.model import Notification, NotificationLine

pytestmark = pytest.mark.slow


@pytest.fixture
def commerce() -> Iterator[LegacyReceiverServer]:
    server = LegacyReceiverServer(LegacyReceiver()).start()
    yield server
    server.stop()


@contextmanager
def start(tmp_path: Path, *extra: str, **settings: Any) -> Iterator[Simulator]:
    config = tmp_path / "sim.toml"
    values = {"push_backoff_ms": 100, "push_backoff_max_ms": 400, "push_max_attempts": 50, "tick_ms": 100,
              "products": 120, "validation": "strict", **settings}
    config.write_text("\n".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + "\n")
    sim = Simulator(tmp_path / "sim.db", workers=2, extra=extra)
    os.environ["BACKOFFICE_SIM_CONFIG"] = str(config)
    try:
        sim.start()
    finally:
        del os.environ["BACKOFFICE_SIM_CONFIG"]
    try:
        yield sim
    finally:
        sim.stop()


def notification_for(sim: Simulator, order_id: str, count: int = 1) -> Notification:
    store_id = sim.get("/_admin/stores")["online_stores"][0]["store_id"]
    logon = sim.get("/_admin/buyers?limit=1")["items"][0]["logon_id"]
    parts = [e["part_number"] for e in sim.get("/_admin/catalog?limit=60")["items"]
             if sim.get(f"/_admin/stock/{e['part_number']}")["availability"]["quantity"] >= 30][:count]
    lines = tuple(NotificationLine(f"{order_id}{i}", p, Decimal(1), Decimal("9.99"), "USD", i)
                  for i, p in enumerate(parts))
    return Notification(order_id, "USD", lines, placed=datetime(2026, 11, 23, 9, 0), total_net=Decimal("9.99"),
                        store_id=store_id, member_id="3001", logon_id=logon)


def post_json(sim: Simulator, path: str, body: dict[str, Any] | None = None) -> Any:
    status, raw = sim.post(path, json.dumps(body or {}).encode())
    assert status == 200, raw
    return json.loads(raw)


def test_http_round_trip_confirm_ship_invoice_redelivery_and_malformed(
    tmp_path: Path, commerce: LegacyReceiverServer,
) -> None:
    with start(tmp_path, "--messaging-url", commerce.url) as sim:
        post_json(sim, "/_admin/clock/freeze")
        note = notification_for(sim, "18001")
        answer = post(sim.url + "/messages", compose(note))
        assert answer.status == 200 and answer.header("X-Message-Result") == "applied"
        external = answer.header("X-Backoffice-Order")
        view = commerce.receiver
        assert until(lambda: view.orders.get("18001") is not None)
        assert view.orders["18001"].backend_order == external and view.orders["18001"].forms == ["OrderConfirm"]
        listed = sim.get("/_admin/orders?channel=Commerce%20messaging&limit=50")["items"]
        assert [o["external_order_id"] for o in listed] == [external]

        again = post(sim.url + "/messages", compose(note, legacy=True))
        assert again.status == 200 and again.header("X-Message-Result") == "duplicate"
        assert again.header("X-Backoffice-Order") == external

        bad = post(sim.url + "/messages", b"<Report_NC_PurchaseOrder version='1.0'><DataArea/>")
        assert bad.status == 400 and bad.body.startswith(b'<WCS_Error type="GenericSystemError">')
        assert len(sim.get("/_admin/orders?channel=Commerce%20messaging&limit=50")["items"]) == 1
        # each worker queues its journal rows: they arrive in flush order, so compare them by result
        assert until(lambda: sim.get("/_admin/journal?service=Messaging")["total"] == 3)
        journaled = {e["action_code"]: e for e in sim.get("/_admin/journal?service=Messaging")["items"]}
        assert {code: e["status"] for code, e in journaled.items()} == {
            "applied": 200, "duplicate": 200, "malformed": 400}
        assert journaled["applied"]["operation"] == "Report_NC_PurchaseOrder"
        assert journaled["duplicate"]["operation"] == "ECEDOC"
        assert journaled["malformed"]["fault"] == "_ERR_BAD_XML"
        assert journaled["applied"]["commerce_order_id"] == "18001"

        post_json(sim, "/_admin/clock/advance", {"seconds": 200_000})
        assert until(lambda: "OrderInvoice" in view.orders["18001"].forms, timeout=20)
        forms = view.orders["18001"].forms
        assert forms.index("OrderShipping") < forms.index("OrderInvoice")


def test_a_wcs_error_answer_is_retried_and_visible_in_the_delivery_log(
    tmp_path: Path, commerce: LegacyReceiverServer,
) -> None:
    with start(tmp_path, "--messaging-url", commerce.url) as sim:
        commerce.receiver.fail_next(2)
        part = notification_for(sim, "x").lines[0].part_number
        queued = post_json(sim, "/_admin/messages/inventory", {"parts": [part]})
        assert len(queued["push_ids"]) == 1
        assert until(lambda: any(key[0] == part for key in commerce.receiver.inventory), timeout=20)
        (push,) = [p for p in sim.get("/_admin/pushes?state=delivered")["items"] if p["kind"] == "LegacyInventory"]
        assert push["attempts"] == 3
        status, raw = sim.post("/_admin/messages/inventory", b'{"parts": []}')
        assert status == 400, raw


def test_files_in_a_watched_directory_and_one_file_per_message_out(tmp_path: Path) -> None:
    inbox, outbox, errors = tmp_path / "in", tmp_path / "out", tmp_path / "err"
    inbox.mkdir()
    with start(tmp_path, "--messaging-inbox-dir", str(inbox), "--messaging-outbox-dir", str(outbox),
               "--messaging-error-dir", str(errors), "--messaging-family", "legacy") as sim:
        stream = inbox / "orders.txt"
        append(stream, compose(notification_for(sim, "19001")))
        append(stream, b"<ECEDOC><PROLOG>ON        01          </PROLOG><HEADER></HEADER></ECEDOC>")
        append(stream, compose(notification_for(sim, "19002"), legacy=True))
        append(stream, compose(notification_for(sim, "19001")))  # a redelivery
        assert until(lambda: (inbox / "done" / "orders.txt").exists(), timeout=20)
        listed = sim.get("/_admin/orders?channel=Commerce%20messaging&limit=50")["items"]
        assert sorted(o["commerce_order_id"] for o in listed) == ["19001", "19002"]
        assert sorted(p.name for p in errors.iterdir()) == ["orders.txt.1.error.xml", "orders.txt.1.msg"]
        assert b"_ERR_NCPARSER" in (errors / "orders.txt.1.error.xml").read_bytes()
        receiver = LegacyReceiver()
        assert until(lambda: receiver.read_directory(outbox) >= 0 and set(receiver.orders) == {"19001", "19002"},
                     timeout=20)
        assert receiver.names.count("OS") == 2
        assert all(view.forms == ["OS"] for view in receiver.orders.values())


def test_legacy_buffers_over_http_are_refused_at_start_up(tmp_path: Path) -> None:
    result = cli("serve", "--db", str(tmp_path / "x.db"), "--messaging-family", "legacy",
                 "--messaging-url", "http://127.0.0.1:9/adapter", timeout=60)
    assert result.returncode != 0
    assert "legacy cannot go over HTTP" in result.stderr + result.stdout
