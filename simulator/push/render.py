"""Outbox records (JSON payloads written by the backend) rendered as the BODs Commerce's inbound services read."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from lxml import etree

from simulator.bod import push
from simulator.bod.application_area import new_area
from simulator.bod.genb.member import OrganizationNoun
from simulator.bod.messages import (
    ApplicationArea,
    AvailabilityKey,
    AvailabilityRecord,
    ItemForm,
    LineAmounts,
    LocationForm,
    OrderAmounts,
    OrderDocument,
    OrderLine,
)
from simulator.domain.outbox import PushKind, PushRecord


def bod_id(record: PushRecord) -> str:
    """The same BODID on every attempt of one push, so a receiver can spot a redelivery."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"backoffice-sim:push:{record.push_id}:{record.created.isoformat()}"))


def area_for(record: PushRecord, payload: dict[str, Any], now: datetime) -> ApplicationArea:
    """A fresh ApplicationArea with the store and language of the push."""
    store_id = payload.get("store_id") or next(iter(payload.get("store_ids") or []), None)
    context = (("storeId", str(store_id)), ("langId", "-1")) if store_id else ()
    return new_area(bod_id(record), now, context)


def render(record: PushRecord, now: datetime) -> etree._Element:
    """The BOD of one push."""
    if record.kind in (PushKind.PREPROCESS_SALES_ORDER, PushKind.PROCESS_PAYMENT_ACTION):
        from simulator.push.oms_render import render_oms  # it builds on this module's area_for

        return render_oms(record, now)
    payload: dict[str, Any] = json.loads(record.payload)
    area = area_for(record, payload, now)
    if record.kind is PushKind.SYNC_ORDER:
        return push.build_sync_order(area, order_document(payload))
    if record.kind is PushKind.CHANGE_ORDER:
        return push.build_change_order(area, order_document(payload))
    if record.kind is PushKind.SYNC_INVENTORY:
        return push.build_sync_inventory_availability(area, availability_records(payload))
    if record.kind is PushKind.SYNC_ORGANIZATION:
        return push.build_push_sync_organization(area, payload["action"], organization_noun(payload))
    return push.build_sync_person(area, payload["action"], person_noun(payload))


def _date(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def order_document(payload: dict[str, Any]) -> OrderDocument:
    """The Order noun of SyncOrder / ChangeOrder."""
    currency = payload["currency"]
    amounts = payload["amounts"]
    return OrderDocument(
        order_id=payload.get("order_id"),
        external_order_id=payload["external_order_id"],
        store_id=payload["store_id"],
        buyer_logon=payload.get("buyer_logon_id"),
        buyer_dn=payload.get("buyer_dn"),
        status=payload["status"],
        amounts=OrderAmounts(
            currency=currency,
            grand_total=Decimal(amounts["grand_total"]),
            total_product_price=Decimal(amounts["product"]),
            total_shipping_charge=Decimal(amounts["shipping"]),
            total_sales_tax=Decimal(amounts["sales_tax"]),
            total_shipping_tax=Decimal(amounts["shipping_tax"]),
        ),
        placed_date=_date(payload.get("placed")),
        last_update_date=_date(payload.get("last_update")),
        lines=tuple(_order_line(line, currency) for line in payload.get("lines", ())),
    )


def _order_line(line: dict[str, Any], currency: str) -> OrderLine:
    return OrderLine(
        item_id=line.get("item_id"),
        external_item_id=line["external_item_id"],
        part_number=line["part_number"],
        quantity=Decimal(line["quantity"]),
        uom=line["uom"],
        amounts=LineAmounts(
            currency=currency,
            unit_price=Decimal(line["unit_price"]),
            unit_quantity=Decimal(1),
            unit_uom=line["uom"],
            item_price=Decimal(line["price"]),
            shipping_charge=Decimal(line["shipping"]),
            sales_tax=Decimal(line["sales_tax"]),
            shipping_tax=Decimal(line["shipping_tax"]),
        ),
        status=line["status"],
        time_shipped=_date(line.get("time_shipped")),
    )


def availability_records(payload: dict[str, Any]) -> list[AvailabilityRecord]:
    """One InventoryAvailability per online store."""
    return [
        AvailabilityRecord(
            key=AvailabilityKey(payload["part_number"], ItemForm.PART_NUMBER, store_id, LocationForm.ONLINE_UNIQUE_ID),
            status=payload["status"],
            quantity=Decimal(payload["quantity"]),
            uom=payload["uom"],
            availability_date=_date(payload.get("available_date")),
            last_update=_date(payload.get("as_of")),
        )
        for store_id in payload["store_ids"]
    ]


def organization_noun(payload: dict[str, Any]) -> OrganizationNoun:
    """The Organization noun of SyncOrganization."""
    return OrganizationNoun(
        dn=payload["dn"], unique_id=payload.get("org_id"), parent_dn=payload.get("parent_dn"), name=payload.get("name")
    )


def person_noun(payload: dict[str, Any]) -> push.PersonNoun:
    """The Person noun of SyncPerson."""
    return push.PersonNoun(
        logon_id=payload["logon_id"],
        dn=payload.get("dn"),
        parent_dn=payload.get("org_dn"),
        first_name=payload.get("first_name"),
        last_name=payload.get("last_name"),
        email=payload.get("email"),
    )
