"""The dashboard in real headless Chromium against a served simulator: an order's whole flow, faults, the journal
live, and the admin token."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from support.process import Simulator
from support.waiting import until

from simulator.client import BackOfficeClient
from simulator.client.model import Buyer, Line, Order
from simulator.client.receiver import ReceiverServer

from .conftest import serve

pytestmark = pytest.mark.slow
# The documentation's screenshot is rewritten only on request, so a test run leaves the tree as it found it:
# BACKOFFICE_SIM_WRITE_SCREENSHOT=1 .venv/bin/python -m pytest tests/dashboard -k whole_flow
DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "dashboard.png"
RUN = f"{os.getpid() % 10000:04d}"


def reference_client(sim: Simulator) -> tuple[BackOfficeClient, Buyer, list[str]]:
    """The reference client for the online store, a buyer, and two well-stocked parts."""
    shop = sim.get("/_admin/stores")["online_stores"][0]
    client = BackOfficeClient(sim.url, store_id=shop["store_id"], store_name=shop["identifier"])
    found = sim.get("/_admin/buyers?limit=1")["items"][0]
    parts = [e["part_number"] for e in sim.get("/_admin/catalog?limit=40")["items"]
             if sim.get(f"/_admin/stock/{e['part_number']}")["availability"]["quantity"] >= 30][:2]
    return client, Buyer(found["logon_id"], found["dn"], found["org_dn"]), parts


def place_order(sim: Simulator, commerce_order_id: str) -> None:
    """TransferOrder of two well-stocked parts, sent by the reference client over SOAP."""
    client, buyer, parts = reference_client(sim)
    lines = tuple(Line(p, 1, item_id=f"{commerce_order_id}-{i}") for i, p in enumerate(parts))
    ack = client.transfer_order(Order(commerce_order_id, buyer, lines))
    assert ack.order is not None and ack.order.external_order_id


def tab(page: Any, name: str) -> None:
    page.click(f'#tabs button[data-tab="{name}"]')


def test_an_order_placed_by_the_client_is_shipped_from_the_dashboard_and_its_push_delivered(
    page: Any, sim: Simulator, receiver: ReceiverServer
) -> None:
    commerce_id = f"DASH{RUN}1"
    page.goto(f"{sim.url}/_dashboard")
    page.wait_for_selector('[data-testid="orders-table"] tbody tr')
    row = page.locator(f'tr[data-commerce-order="{commerce_id}"]')
    assert row.count() == 0

    place_order(sim, commerce_id)
    row.wait_for()  # appears without a reload
    assert row.locator("td.status").inner_text() == "C"
    row.click()  # its lines unfold
    page.locator("table.lines tbody tr").first.wait_for()
    assert page.locator("table.lines tbody tr").count() == 2

    row.locator('button[data-action="ship"]').click()
    expect(row.locator("td.status")).to_have_text("S")
    external = row.get_attribute("data-order")
    assert sim.get(f"/_admin/orders/{external}")["status"] == "S"
    shot = page.screenshot(path=str(DOCS_SCREENSHOT) if os.environ.get("BACKOFFICE_SIM_WRITE_SCREENSHOT") else None)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000

    tab(page, "pushes")
    delivered = page.locator(f'tr[data-key="order:{external}"][data-state="delivered"]')
    delivered.first.wait_for(timeout=20_000)
    assert delivered.first.locator("td").nth(1).inner_text() == "SyncOrder"
    assert until(lambda: commerce_id in receiver.receiver.orders, timeout=10)
    assert receiver.receiver.orders[commerce_id].status == "S"

    sync_orders = sum(r.kind == "SyncOrder" for r in receiver.receiver.received)
    push_id = delivered.first.get_attribute("data-push")
    delivered.first.locator("button", has_text="redeliver").click()  # sent again
    assert until(lambda: sum(r.kind == "SyncOrder" for r in receiver.receiver.received) > sync_orders, timeout=20)
    assert until(lambda: sim.get(f"/_admin/pushes/{push_id}")["state"] == "delivered", timeout=10)


def test_a_fault_rule_is_added_through_the_form_and_removed(page: Any, sim: Simulator) -> None:
    page.goto(f"{sim.url}/_dashboard")
    tab(page, "faults")
    page.locator('#fault-form input[name="match.operation"]').fill("GetInventoryAvailability")
    page.select_option('[data-testid="effect-type"]', "http_status")
    page.locator('#fault-form input[name="effect.status"]').fill("502")
    rule = json.loads(page.locator('[data-testid="fault-json"]').input_value())
    assert rule["match"] == {"operation": "GetInventoryAvailability"}
    assert rule["effect"] == {"type": "http_status", "status": 502}

    page.click('[data-testid="fault-add"]')
    added = page.locator('[data-testid="faults-table"] tbody tr')
    added.first.wait_for()
    stored = sim.get("/_admin/faults")["items"]
    assert [(r["match"].get("operation"), r["effect"]["status"]) for r in stored] == [("GetInventoryAvailability", 502)]
    assert "status=502" in added.first.inner_text()

    page.click('button[data-scenario="batch-window"]')
    expect(added).to_have_count(2)
    assert len(sim.get("/_admin/faults")["items"]) == 2

    for stored_rule in stored:
        page.click(f'button[data-remove="{stored_rule["id"]}"]')
        page.locator(f'tr[data-rule="{stored_rule["id"]}"]').wait_for(state="detached")
    remaining = sim.get("/_admin/faults")["items"]
    assert [r["id"] for r in remaining] != [r["id"] for r in stored] and len(remaining) == 1
    page.click(f'button[data-remove="{remaining[0]["id"]}"]')
    expect(added).to_have_count(0)
    assert sim.get("/_admin/faults")["items"] == []


def test_the_journal_shows_new_exchanges_live_and_filtered(page: Any, sim: Simulator) -> None:
    commerce_id = f"DASH{RUN}2"
    page.goto(f"{sim.url}/_dashboard")
    tab(page, "journal")
    page.locator('[data-filters="journal"] input[name="commerce_order_id"]').fill(commerce_id)
    expect(page.locator('[data-summary="journal"]')).to_have_text(re.compile(r"^0 exchanges"))
    assert page.locator('[data-testid="journal-table"] tbody tr').count() == 0

    place_order(sim, commerce_id)
    entry = page.locator('[data-testid="journal-table"] tbody tr')
    entry.first.wait_for()  # no reload: the page polls
    assert entry.count() == 1
    cells = entry.first.locator("td").all_inner_texts()
    assert cells[3] == "TransferOrder" and cells[5] == "200" and cells[8] == commerce_id

    tab(page, "events")
    page.locator('[data-filters="events"] input[name="type"]').fill("order.transferred")
    transferred = page.locator('[data-testid="events-table"] tbody tr', has_text=commerce_id)
    expect(transferred).to_have_count(1)
    assert transferred.locator("td").nth(3).inner_text() == "order.transferred"


def test_clock_freeze_and_back_to_system_time(page: Any, sim: Simulator) -> None:
    page.goto(f"{sim.url}/_dashboard")
    tab(page, "clock")
    page.locator('[data-clock-field="mode"]').wait_for()
    page.click('button[data-clock="freeze"]')
    expect(page.locator('[data-clock-field="mode"]')).to_have_text("frozen")
    frozen = sim.get("/_admin/clock")
    assert frozen["mode"] == "frozen"
    page.fill("#advance-seconds", "3600")
    page.click('button[data-clock="advance"]')
    later = (datetime.fromisoformat(frozen["now"]) + timedelta(hours=1)).isoformat()
    expect(page.locator('[data-clock-field="now"]')).to_have_text(later)
    assert sim.get("/_admin/clock")["now"] == later
    page.click('button[data-clock="system"]')
    expect(page.locator('[data-clock-field="mode"]')).to_have_text("system")
    assert sim.get("/_admin/clock")["mode"] == "system"


def test_with_an_admin_token_the_page_asks_for_it_and_sends_it(page: Any, tmp_path: Path) -> None:
    token = f"dash-token-{RUN}"
    with serve(tmp_path, "--admin-token", token) as sim:
        page.goto(f"{sim.url}/_dashboard")
        dialog = page.locator('[data-testid="token-dialog"]')
        dialog.wait_for()  # the data calls were refused: the page asks
        assert page.locator('[data-testid="orders-table"] tbody tr').count() == 0

        page.fill('[data-testid="token-input"]', "wrong")
        page.click('[data-testid="token-save"]')
        expect(page.locator("#token-error")).to_contain_text("token")  # asked again, with the reason
        expect(dialog).to_be_visible()

        page.fill('[data-testid="token-input"]', token)
        page.click('[data-testid="token-save"]')
        page.locator('[data-testid="orders-table"] tbody tr').first.wait_for()
        assert not dialog.is_visible()
        assert page.evaluate("sessionStorage.getItem('backoffice-sim.token')") == token


def test_stock_is_set_per_fulfillment_center_and_the_price_changed(page: Any, sim: Simulator) -> None:
    part = sim.get("/_admin/catalog?offset=60&limit=1")["items"][0]["part_number"]
    center = sim.get(f"/_admin/stock/{part}")["levels"][0]["fc_id"]
    page.goto(f"{sim.url}/_dashboard")
    tab(page, "stock")
    page.fill('[data-testid="stock-part"]', part)
    page.press('[data-testid="stock-part"]', "Enter")
    row = page.locator(f'[data-testid="stock-table"] tr[data-fc="{center}"]')
    row.locator('input[data-field="on_hand"]').fill("77")
    row.locator("button", has_text="set").click()
    expect(row.locator("td").nth(1)).to_have_text("77")
    assert next(lv for lv in sim.get(f"/_admin/stock/{part}")["levels"] if lv["fc_id"] == center)["on_hand"] == 77

    page.fill('[data-testid="price-input"]', "12.34")
    page.click('[data-testid="change-price"]')
    expect(page.locator("#stock-view")).to_contain_text("Offer price: 12.34")
    assert sim.get(f"/_admin/prices/{part}")["price"] == "12.34"


def test_the_metrics_tab_charts_requests_per_operation(page: Any, sim: Simulator) -> None:
    page.goto(f"{sim.url}/_dashboard")
    tab(page, "metrics")
    place_order(sim, f"DASH{RUN}4")
    expect(page.locator('[data-testid="metrics-table"] tr[data-operation="TransferOrder"]')).to_have_count(1)
    assert page.locator('[data-testid="chart-rate"] canvas').count() == 1
    assert page.locator('[data-testid="chart-latency"] canvas').count() == 1


def test_the_tenant_selector_switches_the_world_looked_at(page: Any, sim: Simulator) -> None:
    commerce_id = f"DASH{RUN}3"
    place_order(sim, commerce_id)
    page.goto(f"{sim.url}/_dashboard")
    row = page.locator(f'tr[data-commerce-order="{commerce_id}"]')
    row.wait_for()
    page.fill('[data-testid="tenant"]', f"dash{RUN}")
    page.press('[data-testid="tenant"]', "Enter")
    expect(row).to_have_count(0, timeout=30_000)  # the tenant's own world: seeded afresh, without that order
    assert page.evaluate("sessionStorage.getItem('backoffice-sim.tenant')") == f"dash{RUN}"
    page.fill('[data-testid="tenant"]', "")
    page.press('[data-testid="tenant"]', "Enter")
    expect(row).to_have_count(1)


def test_a_submitted_quote_is_approved_and_another_rejected(page: Any, sim: Simulator) -> None:
    submitted = [q["external_quote_id"] for q in sim.get("/_admin/quotes?status=M&limit=500")["items"]]
    assert len(submitted) >= 2
    page.goto(f"{sim.url}/_dashboard")
    tab(page, "quotes")
    for quote_id, decision, outcome in ((submitted[0], "approve", "C"), (submitted[1], "reject", "X")):
        row = page.locator(f'tr[data-quote="{quote_id}"]')
        expect(row.locator("td.status")).to_have_text("M")
        row.locator("button", has_text=decision).click()
        expect(row.locator("td.status")).to_have_text(outcome)
        assert sim.get(f"/_admin/quotes/{quote_id}")["status"] == outcome


def test_a_lifecycle_timing_is_changed_from_the_form(page: Any, sim: Simulator) -> None:
    before = sim.get("/_admin/lifecycle")["inventory_threshold"]
    page.goto(f"{sim.url}/_dashboard")
    tab(page, "clock")
    field = page.locator('#lifecycle-form input[name="inventory_threshold"]')
    expect(field).to_have_value(str(before))
    field.fill(str(before + 5))
    page.click("#lifecycle-form button")
    expect(field).to_have_value(str(before + 5))
    assert sim.get("/_admin/lifecycle")["inventory_threshold"] == before + 5
    assert sim.get("/_admin/lifecycle")["ship"] == "manual"  # the others are sent back as they were


def test_orders_are_counted_and_filtered_by_channel(page: Any, sim: Simulator) -> None:
    phone = sim.get("/_admin/orders?channel=Phone&limit=1")["total"]
    assert phone > 0
    page.goto(f"{sim.url}/_dashboard")
    chip = page.locator('#order-channels button[data-channel="Phone"]')
    expect(chip).to_have_text(f"Phone ({phone})")
    chip.click()
    expect(page.locator('[data-summary="orders"]')).to_contain_text(f"{phone} orders")
    channels = page.locator('[data-testid="orders-table"] tbody tr td:nth-child(4)').all_inner_texts()
    assert channels and set(channels) == {"Phone"}


def test_a_reservation_made_over_soap_is_listed(page: Any, sim: Simulator) -> None:
    order_id = f"DASH{RUN}5"
    page.goto(f"{sim.url}/_dashboard")
    tab(page, "reservations")
    rows = page.locator('[data-testid="reservations-table"] tbody tr', has_text=order_id)
    expect(rows).to_have_count(0)
    client, buyer, parts = reference_client(sim)
    client.reserve_inventory(order_id, [Line(parts[0], 2, item_id=f"{order_id}-0")], buyer=buyer)
    expect(rows.first).to_be_visible()
    assert parts[0] in rows.first.inner_text()
