"""Outbox entries for Commerce's legacy messaging: status of message-borne orders, stock, prices, customers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from simulator.backend import pushes
from simulator.backend.context import Deps
from simulator.backend.ports import Session
from simulator.domain import status
from simulator.domain.errors import UnknownPart
from simulator.domain.model import Buyer, Channel, Order
from simulator.domain.outbox import PushKind, PushRecord

CONFIRM: Final = "OrderConfirm"
SHIPPING: Final = "OrderShipping"
INVOICE: Final = "OrderInvoice"
STATUS: Final = "OrderStatus"
SEQUENCE: Final = "legacy_message"


def is_message_borne(order: Order) -> bool:
    """True for an order Commerce sent as a notification."""
    return order.channel == Channel.MESSAGING


def status_form(order: Order) -> str:
    """Which Update_WCS_OrderStatus form reports the order's current status."""
    return {status.ORDER_SHIPPED: SHIPPING, status.ORDER_DEPOSITED: INVOICE}.get(order.status, STATUS)


def enqueue_status(session: Session, order: Order, form: str, now: datetime) -> PushRecord:
    """One order-status message for a lifecycle step, keyed by order so they leave in order."""
    payload = pushes.order_payload(order, with_lines=True)
    payload.update(form=form, sequence=session.next_value(SEQUENCE), at=now.isoformat())
    return pushes.enqueue(session, PushKind.LEGACY_ORDER_STATUS, pushes.order_key(order), payload, now)


def enqueue_shipment(session: Session, order: Order, now: datetime) -> PushRecord:
    """Create_WCS_ShipmentConfirmation for a shipped order."""
    payload = pushes.order_payload(order, with_lines=False)
    payload.update(at=now.isoformat())
    return pushes.enqueue(session, PushKind.LEGACY_SHIPMENT, pushes.order_key(order), payload, now)


def order_step(session: Session, order: Order, policy: pushes.PushPolicy, now: datetime) -> None:
    """The messages a lifecycle step of a message-borne order sends."""
    if not policy.legacy:
        return
    enqueue_status(session, order, status_form(order), now)
    if policy.legacy_shipment and order.status == status.ORDER_SHIPPED:
        enqueue_shipment(session, order, now)


def enqueue_inventory(session: Session, part_number: str, now: datetime) -> PushRecord | None:
    """The available quantity of a part at every online store; None for an unknown part."""
    entry = session.get_catalog_entry(part_number)
    if entry is None:
        return None
    found = pushes.part_availability(session, part_number, now)
    payload = {
        "part_number": entry.part_number,
        "catentry_id": entry.catentry_id,
        "store_ids": [store.store_id for store in session.list_online_stores()],
        "quantity": found.quantity,
        "as_of": now.isoformat(),
    }
    return pushes.enqueue(session, PushKind.LEGACY_INVENTORY, f"part:{entry.part_number}", payload, now)


def enqueue_price(
    session: Session, part_number: str, currency: str, price: Decimal, now: datetime, catentry_id: str = "",
) -> PushRecord:
    """An offer price of a part."""
    payload: dict[str, Any] = {
        "part_number": part_number, "catentry_id": catentry_id, "currency": currency,
        "price": format(price, "f"), "as_of": now.isoformat(),
    }
    return pushes.enqueue(session, PushKind.LEGACY_PRICE, f"part:{part_number}", payload, now)


def enqueue_customer(session: Session, buyer: Buyer, created: bool, now: datetime) -> PushRecord:
    """A buyer created or changed: Create_/Update_WCS_Customer (NC/UC in the legacy family)."""
    payload = {
        "create": created, "logon_id": buyer.logon_id, "first_name": buyer.first_name,
        "last_name": buyer.last_name, "email": buyer.email,
        "store_id": next((store.store_id for store in session.list_online_stores()), ""),
    }
    return pushes.enqueue(session, PushKind.LEGACY_CUSTOMER, f"member:{buyer.dn}", payload, now)


class LegacyMessagingService:
    """Admin requests for legacy messages, each one transaction."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def push_inventory(self, part_numbers: Sequence[str]) -> list[PushRecord]:
        """An inventory message per part now; an unknown part refuses the whole request."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            records = []
            for part_number in part_numbers:
                record = enqueue_inventory(session, part_number, now)
                if record is None:
                    raise UnknownPart(f"unknown part {part_number}")
                records.append(record)
            return records

    def push_price(self, part_number: str, currency: str, price: Decimal) -> PushRecord:
        """A price message for a part now."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            entry = session.get_catalog_entry(part_number)
            if entry is None:
                raise UnknownPart(f"unknown part {part_number}")
            return enqueue_price(session, part_number, currency, price, now, entry.catentry_id)


def price_changed(
    session: Session, hooks: object, part_number: str, currency: str, price: Decimal, catentry_id: str, now: datetime,
) -> None:
    """A price message when legacy messaging is on (the hooks carry the push policy in force)."""
    policy = getattr(hooks, "policy", None)
    if isinstance(policy, pushes.PushPolicy) and policy.legacy:
        enqueue_price(session, part_number, currency, price, now, catentry_id)
