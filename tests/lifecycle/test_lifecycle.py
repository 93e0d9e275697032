"""Order, quote, reservation and receipt lifecycles on the shared clock, each progression mode, admin steps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lifecycle.conftest import NOW, a_buyer, place, store_id, well_stocked
from simulator.backend.commands import BuyerRef, DraftLine, OrderDraft, PartRef, QuoteDraft, ReserveItem
from simulator.backend.service import Backend
from simulator.domain.errors import Conflict
from simulator.domain.lifecycle import Progression, Timing, TransitionNotAllowed, header_status
from simulator.domain.model import OrderLine


def statuses(backend: Backend, external_id: str) -> tuple[str, list[str]]:
    order = backend.orders.get(external_id)
    return order.status, [line.status for line in order.lines]


def test_default_timings_release_after_60s_ship_after_1h_deposit_after_1d(quiet_backend: Backend) -> None:
    order = place(quiet_backend, well_stocked(quiet_backend)[:1])
    assert order.status == "C"
    quiet_backend.clock.advance(59)
    assert statuses(quiet_backend, order.external_order_id)[0] == "C"
    quiet_backend.clock.advance(1)
    assert statuses(quiet_backend, order.external_order_id) == ("R", ["R"])
    quiet_backend.clock.advance(3600)
    shipped = quiet_backend.orders.get(order.external_order_id)
    assert shipped.status == "S"
    assert shipped.lines[0].ship_date == NOW + timedelta(seconds=3660)
    quiet_backend.clock.advance(86400)
    assert statuses(quiet_backend, order.external_order_id) == ("D", ["D"])


def test_one_long_advance_runs_every_step_at_its_own_time(quiet_backend: Backend) -> None:
    order = place(quiet_backend, well_stocked(quiet_backend)[:1])
    reading = quiet_backend.clock.advance(10 * 86400)
    done = quiet_backend.orders.get(order.external_order_id)
    assert done.status == "D"
    assert done.lines[0].ship_date == NOW + timedelta(seconds=3660)
    assert reading.fired >= 1


def test_immediate_progression_applies_in_the_transfer(quiet_backend: Backend) -> None:
    quiet_backend.lifecycle.update_settings({"release": "immediate", "ship": "immediate", "deposit": "manual"})
    order = place(quiet_backend, well_stocked(quiet_backend)[:1])
    assert order.status == "S"
    quiet_backend.clock.advance(365 * 86400)
    assert statuses(quiet_backend, order.external_order_id)[0] == "S"  # deposit waits for an admin call
    assert quiet_backend.lifecycle.change_order(order.external_order_id, "deposit").status == "D"


def test_manual_progression_waits_for_the_admin_call(quiet_backend: Backend) -> None:
    quiet_backend.lifecycle.update_settings({"release": "manual"})
    order = place(quiet_backend, well_stocked(quiet_backend)[:1])
    quiet_backend.clock.advance(7 * 86400)
    assert statuses(quiet_backend, order.external_order_id)[0] == "C"
    released = quiet_backend.lifecycle.change_order(order.external_order_id, "release")
    assert released.status == "R"
    quiet_backend.clock.advance(3600)
    assert statuses(quiet_backend, order.external_order_id)[0] == "S"


def test_changing_a_timing_reschedules_open_orders(quiet_backend: Backend) -> None:
    order = place(quiet_backend, well_stocked(quiet_backend)[:1])
    quiet_backend.lifecycle.update_settings({"release": 5})
    quiet_backend.clock.advance(5)
    assert statuses(quiet_backend, order.external_order_id)[0] == "R"


def test_partial_shipment_keeps_the_header_released(quiet_backend: Backend) -> None:
    quiet_backend.lifecycle.update_settings({"ship": "manual"})
    order = place(quiet_backend, well_stocked(quiet_backend)[:2])
    first, second = order.lines
    ship_date = NOW + timedelta(hours=2)
    partial = quiet_backend.lifecycle.change_order(order.external_order_id, "ship", [first.line_id], ship_date)
    assert [line.status for line in partial.lines] == ["S", "C"]
    assert partial.lines[0].ship_date == ship_date
    assert partial.status == "C"
    quiet_backend.clock.advance(60)
    assert statuses(quiet_backend, order.external_order_id) == ("R", ["S", "R"])
    done = quiet_backend.lifecycle.change_order(order.external_order_id, "ship", [second.commerce_item_id or ""])
    assert done.status == "S"


def test_cancel_puts_the_stock_back(quiet_backend: Backend) -> None:
    from support.world import online

    part = well_stocked(quiet_backend)[0]
    before = online(quiet_backend, part)
    order = place(quiet_backend, [part], quantity=3)
    assert online(quiet_backend, part) == before - 3
    cancelled = quiet_backend.lifecycle.change_order(order.external_order_id, "cancel")
    assert cancelled.status == "X"
    assert online(quiet_backend, part) == before
    with pytest.raises(TransitionNotAllowed):
        quiet_backend.lifecycle.change_order(order.external_order_id, "ship")


def test_backorder_then_ship(quiet_backend: Backend) -> None:
    order = place(quiet_backend, well_stocked(quiet_backend)[:1])
    assert quiet_backend.lifecycle.change_order(order.external_order_id, "backorder").status == "B"
    quiet_backend.clock.advance(86400)
    assert statuses(quiet_backend, order.external_order_id)[0] == "B"
    assert quiet_backend.lifecycle.change_order(order.external_order_id, "ship").status == "S"


def test_header_letter_is_the_least_advanced_live_line() -> None:
    def line(letter: str) -> OrderLine:
        return OrderLine("l", "P", 1, 0, 0, 0, 0, letter)  # type: ignore[arg-type]

    assert header_status([line("S"), line("R")]) == "R"
    assert header_status([line("S"), line("X")]) == "S"
    assert header_status([line("X"), line("X")]) == "X"
    assert header_status([line("B"), line("D")]) == "B"


def test_timing_specs() -> None:
    assert Timing.parse("manual").progression is Progression.MANUAL
    assert Timing.parse(30) == Timing(Progression.AFTER, 30)
    assert Timing.parse("after:30") == Timing(Progression.AFTER, 30)
    assert Timing.parse("immediate").due(NOW) == NOW


def submit_quote(backend: Backend, days: int = 30, quote_id: str = "9001") -> str:
    part = well_stocked(backend)[0]
    order = OrderDraft(f"{quote_id}0", store_id(backend), BuyerRef(logon_id=a_buyer(backend).logon_id), "USD",
                       (DraftLine("1", PartRef(part_number=part), 1),))
    quote, _ = backend.quotes.submit(QuoteDraft(quote_id, order, NOW + timedelta(days=days)))
    return quote.external_quote_id


def test_quote_expires_at_its_expiration_date(quiet_backend: Backend) -> None:
    quote_id = submit_quote(quiet_backend, days=2)
    quiet_backend.clock.advance(2 * 86400 - 1)
    assert quiet_backend.quotes.get(quote_id).status == "M"
    quiet_backend.clock.advance(1)
    assert quiet_backend.quotes.get(quote_id).status == "L"


def test_quote_approved_by_hand_still_expires_and_cannot_be_rejected(quiet_backend: Backend) -> None:
    quote_id = submit_quote(quiet_backend, days=1)
    assert quiet_backend.lifecycle.decide_quote(quote_id, "approve").status == "C"
    with pytest.raises(Conflict):
        quiet_backend.lifecycle.decide_quote(quote_id, "reject")
    quiet_backend.clock.advance(86400)
    assert quiet_backend.quotes.get(quote_id).status == "L"


def test_quote_rejected_and_timed_approval(quiet_backend: Backend) -> None:
    rejected = submit_quote(quiet_backend, quote_id="9101")
    assert quiet_backend.lifecycle.decide_quote(rejected, "reject").status == "X"
    quiet_backend.lifecycle.update_settings({"quote_approval": 600})
    timed = submit_quote(quiet_backend, quote_id="9102")
    quiet_backend.clock.advance(600)
    assert quiet_backend.quotes.get(timed).status == "C"


def test_reservation_expires_after_the_configured_time(quiet_backend: Backend) -> None:
    quiet_backend.lifecycle.update_settings({"reservation_ttl": 300})
    part = well_stocked(quiet_backend)[0]
    quiet_backend.inventory.reserve(store_id(quiet_backend), "5001", [ReserveItem("1", PartRef(part), 2)], False)
    quiet_backend.clock.advance(299)
    assert quiet_backend.inspect.reservations(0, 50).total == 1
    quiet_backend.clock.advance(1)
    assert quiet_backend.inspect.reservations(0, 50).total == 0


def test_a_due_receipt_is_received_into_on_hand(quiet_backend: Backend) -> None:
    part = well_stocked(quiet_backend)[0]
    fc_id = quiet_backend.inspect.locations().fulfillment_centers[0].fc_id
    before = {s.fc_id: s for s in quiet_backend.inspect.stock(part).levels}
    on_hand = before[fc_id].on_hand if fc_id in before else 0
    quiet_backend.lifecycle.receive_stock(part, fc_id, 40, NOW + timedelta(hours=3))
    quiet_backend.clock.advance(3 * 3600)
    level = next(s for s in quiet_backend.inspect.stock(part).levels if s.fc_id == fc_id)
    assert level.on_hand == on_hand + 40
    assert all(r.date > NOW + timedelta(hours=3) for r in level.receipts)


def test_receiving_stock_now_adds_to_on_hand(quiet_backend: Backend) -> None:
    from support.world import online

    part = well_stocked(quiet_backend)[0]
    before = online(quiet_backend, part)
    fc_id = quiet_backend.inspect.locations().fulfillment_centers[0].fc_id
    quiet_backend.lifecycle.receive_stock(part, fc_id, 5)
    assert online(quiet_backend, part) == before + 5
