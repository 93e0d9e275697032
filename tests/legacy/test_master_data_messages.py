"""Price, customer, inventory-threshold and shipment-confirmation messages, written with the change, in each family."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from simulator.backend.service import Backend
from simulator.client.legacy_receiver import LegacyReceiver
from simulator.client.legacy_sender import compose
from simulator.domain.outbox import PushKind, PushRecord, PushState
from simulator.legacy import dtd
from simulator.legacy.outbound_model import Family
from simulator.messaging.inbound import Hints, InboundOptions, apply_message
from simulator.messaging.render import RenderOptions, render
from tests.legacy.conftest import legacy_settings, make_backend, notification, stocked


def pending(backend: Backend, kind: PushKind) -> list[PushRecord]:
    return [r for r in backend.outbox.listing([PushState.PENDING], 0, 500).items if r.kind is kind]


def read_all(records: list[PushRecord], family: Family) -> LegacyReceiver:
    receiver = LegacyReceiver()
    for record in records:
        message = render(record, RenderOptions(family, catalog_owner="7000000000000000002"))
        if message.body.startswith(b"<?xml"):
            dtd.validate(message.body)
        assert receiver.receive(message.body) is None
    return receiver


def test_a_price_change_writes_a_price_message(backend: Backend) -> None:
    part = stocked(backend)[0]
    org = backend.inspect.buyers(0, 1).items[0].org_dn
    backend.changes.set_price(part, Decimal("12.34"), org_dn=org)
    records = pending(backend, PushKind.LEGACY_PRICE)
    assert len(records) == 1
    for family in Family:
        assert read_all(records, family).prices[part] in ("12.34", "12.34000")


def test_a_buyer_created_then_changed_writes_create_then_update(backend: Backend) -> None:
    org = backend.inspect.buyers(0, 1).items[0].org_dn
    fields = {"dn": "uid=ana,o=x", "org_dn": org, "first_name": "Ana", "last_name": "Rivera",
              "email": "ana@example.com"}
    backend.master_data.save_buyer("ana@example.com", fields)
    backend.master_data.save_buyer("ana@example.com", {"last_name": "Rivera-Ng"})
    records = pending(backend, PushKind.LEGACY_CUSTOMER)
    assert len(records) == 2
    for family in Family:
        receiver = read_all(records, family)
        assert receiver.customers == {"ana@example.com": "Update"}
    assert read_all(records[:1], Family.WCS).names == ["Create_WCS_Customer"]
    assert read_all(records[:1], Family.LEGACY).names == ["NC"]


def test_stock_crossing_the_threshold_writes_an_inventory_message(backend: Backend) -> None:
    part = stocked(backend)[0]
    stock = backend.inspect.stock(part)
    center = stock.levels[0].fc_id
    backend.changes.set_stock(part, center, 0)
    for level in stock.levels[1:]:
        backend.changes.set_stock(part, level.fc_id, 0)
    records = [r for r in pending(backend, PushKind.LEGACY_INVENTORY) if part in r.payload]
    assert records
    catentry = json.loads(records[-1].payload)["catentry_id"]
    for family in Family:
        named = catentry if family is Family.NC else part  # 1.0 names the catalog entry id, not the SKU
        inventory = read_all(records[-1:], family).inventory
        assert {qty for (name, _store), qty in inventory.items() if name == named} == {0}


def test_shipment_confirmation_only_when_enabled(tmp_path: Path) -> None:
    for enabled in (False, True):
        backend = make_backend(legacy_settings(tmp_path, messaging_shipment_confirmation=enabled))
        apply_message(backend, compose(notification(backend)), Hints(), InboundOptions())
        backend.clock.advance(200_000)
        records = pending(backend, PushKind.LEGACY_SHIPMENT)
        assert len(records) == int(enabled)
        if enabled:
            assert read_all(records, Family.WCS).shipments == ["18001"]


def test_nothing_is_written_without_a_destination(tmp_path: Path) -> None:
    settings = legacy_settings(tmp_path, messaging_outbox_dir=None)
    backend = make_backend(settings)
    outcome = apply_message(backend, compose(notification(backend)), Hints(), InboundOptions())
    assert outcome.ok
    backend.clock.advance(200_000)
    assert backend.outbox.listing([PushState.PENDING], 0, 10).total == 0
