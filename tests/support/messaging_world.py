"""A seeded SQLite world for messaging tests, and Commerce order notifications against it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from simulator.app import create_backend
from simulator.config import Settings
from simulator.domain.inventory import AvailabilityStatus
from simulator.legacy.model import Notification, NotificationLine
from simulator.legacy.report import render_report
from support.world import parts_with


@dataclass(frozen=True)
class MessagingWorld:
    """A database seeded ahead of serving, with a store, a buyer and parts in stock."""

    db: Path
    store_id: str
    logon_id: str
    parts: tuple[str, ...]


def seeded_world(db: Path, products: int = 120) -> MessagingWorld:
    backend = create_backend(Settings(db=str(db), products=products))
    try:
        backend.ensure_seeded()
        store = backend.inspect.locations().online_stores[0].store_id
        buyer = backend.inspect.buyers(0, 1).items[0].logon_id
        parts = tuple(parts_with(backend, AvailabilityStatus.AVAILABLE, minimum=50))
    finally:
        backend.deps.store.close()
    assert parts, "the seeded world has parts in stock"
    return MessagingWorld(db, store, buyer, parts)


def notification(world: MessagingWorld, order_id: str, part: str | None = None, quantity: int = 1) -> str:
    """Report_NC_PurchaseOrder as Commerce's OrderCreateXML.jsp writes it, for one line."""
    line = NotificationLine(item_id=f"{order_id}1", part_number=part or world.parts[0], quantity=Decimal(quantity),
                            unit_price=Decimal("10.00"), currency="USD")
    note = Notification(order_id=order_id, currency="USD", lines=(line,), total_net=Decimal("10.00") * quantity,
                        store_id=world.store_id, member_id="1", logon_id=world.logon_id)
    return render_report(note)
