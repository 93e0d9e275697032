"""Writing pushes to the outbox inside the state change's transaction: what each push carries (JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from simulator.backend.inventory import current_supplies
from simulator.backend.ports import Session
from simulator.domain.inventory import Availability, availability
from simulator.domain.model import Buyer, Order, OrderLine, Organization
from simulator.domain.outbox import PushKind, PushRecord, PushState

ADD = "Add"
CHANGE = "Change"


@dataclass(frozen=True, slots=True)
class PushPolicy:
    """Whether pushes are written at all (a push URL is configured)."""

    enabled: bool = False
    legacy: bool = False
    legacy_shipment: bool = False


AT_ONCE = datetime(1970, 1, 1, tzinfo=UTC)
"""next_attempt of a new push: delivery runs on real time, `now` may be the simulated clock's."""


def enqueue(session: Session, kind: PushKind, key: str, payload: dict[str, Any], now: datetime) -> PushRecord:
    """Append one push to the outbox, due at once; `created` is the (simulated) time of the change."""
    record = PushRecord(0, kind, key, json.dumps(payload, sort_keys=True), now, PushState.PENDING, AT_ONCE)
    return session.add_push(record)


def order_key(order: Order) -> str:
    """Pushes about one order are delivered in order: their key."""
    return f"order:{order.external_order_id}"


def enqueue_order_status(session: Session, order: Order, now: datetime) -> PushRecord:
    """SyncOrder (Change): header and line statuses, ship dates."""
    return enqueue(session, PushKind.SYNC_ORDER, order_key(order), order_payload(order, with_lines=True), now)


def enqueue_order_handover(session: Session, order: Order, now: datetime) -> PushRecord:
    """ChangeOrder (Change /Order/OrderStatus): the external order id after an asynchronous transfer."""
    return enqueue(session, PushKind.CHANGE_ORDER, order_key(order), order_payload(order, with_lines=False), now)


def order_payload(order: Order, with_lines: bool) -> dict[str, Any]:
    """What an order push carries."""
    amounts = order.amounts
    payload: dict[str, Any] = {
        "store_id": order.store_id,
        "order_id": order.commerce_order_id,
        "external_order_id": order.external_order_id,
        "status": order.status,
        "buyer_logon_id": order.buyer_logon_id,
        "buyer_dn": order.buyer_dn,
        "placed": order.placed.isoformat(),
        "last_update": order.last_update.isoformat(),
        "currency": amounts.currency,
        "amounts": {
            "product": _money(amounts.product),
            "shipping": _money(amounts.shipping),
            "sales_tax": _money(amounts.sales_tax),
            "shipping_tax": _money(amounts.shipping_tax),
            "grand_total": _money(amounts.grand_total),
        },
    }
    if with_lines:
        payload["lines"] = [_line_payload(line) for line in order.lines]
    return payload


def _line_payload(line: OrderLine) -> dict[str, Any]:
    return {
        "item_id": line.commerce_item_id,
        "external_item_id": line.line_id,
        "part_number": line.part_number,
        "quantity": line.quantity,
        "uom": line.uom,
        "status": line.status,
        "time_shipped": None if line.ship_date is None else line.ship_date.isoformat(),
        "unit_price": _money(line.unit_price),
        "price": _money(line.price),
        "shipping": _money(line.shipping),
        "sales_tax": _money(line.sales_tax),
        "shipping_tax": _money(line.shipping_tax),
    }


def _money(value: Decimal) -> str:
    return format(value, "f")


def part_availability(session: Session, part_number: str, now: datetime) -> Availability:
    """What the online stores can promise of a part now (every fulfillment center)."""
    return availability(current_supplies(session, part_number, now))


def enqueue_inventory(session: Session, part_number: str, now: datetime) -> PushRecord | None:
    """SyncInventoryAvailability (Change) of a part at every online store; None for an unknown part."""
    entry = session.get_catalog_entry(part_number)
    if entry is None:
        return None
    found = part_availability(session, part_number, now)
    payload = {
        "part_number": entry.part_number,
        "catentry_id": entry.catentry_id,
        "uom": entry.uom,
        "store_ids": [store.store_id for store in session.list_online_stores()],
        "status": str(found.status),
        "quantity": found.quantity,
        "available_date": None if found.available_date is None else found.available_date.isoformat(),
        "as_of": now.isoformat(),
    }
    return enqueue(session, PushKind.SYNC_INVENTORY, f"part:{entry.part_number}", payload, now)


def enqueue_organization(session: Session, organization: Organization, action: str, now: datetime) -> PushRecord:
    """SyncOrganization (Add or Change)."""
    payload = {
        "action": action,
        "store_id": _first_store(session),
        "org_id": organization.org_id,
        "dn": organization.dn,
        "name": organization.name,
        "parent_dn": organization.parent_dn,
    }
    return enqueue(session, PushKind.SYNC_ORGANIZATION, f"member:{organization.dn}", payload, now)


def enqueue_person(session: Session, buyer: Buyer, action: str, now: datetime) -> PushRecord:
    """SyncPerson (Add or Change)."""
    payload = {
        "action": action,
        "store_id": _first_store(session),
        "logon_id": buyer.logon_id,
        "dn": buyer.dn,
        "org_dn": buyer.org_dn,
        "first_name": buyer.first_name,
        "last_name": buyer.last_name,
        "email": buyer.email,
    }
    return enqueue(session, PushKind.SYNC_PERSON, f"member:{buyer.dn}", payload, now)


def _first_store(session: Session) -> str | None:
    stores = session.list_online_stores()
    return stores[0].store_id if stores else None
