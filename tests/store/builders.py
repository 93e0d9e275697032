"""Entity builders shared by the store tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from simulator.domain.model import (
    AllocationStatus,
    Buyer,
    CatalogEntry,
    Channel,
    FutureReceipt,
    Order,
    OrderAmounts,
    OrderLine,
    PriceBreak,
    PriceList,
    Quote,
    Reservation,
    ReservationChunk,
    StockLevel,
)
from simulator.store.memory import MemoryStore
from simulator.store.pg import PgStore
from simulator.store.sqlite import SqliteStore

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
PARIS = timezone(timedelta(hours=1))
ALLOCATED = AllocationStatus.ALLOCATED

AnyStore = MemoryStore | SqliteStore | PgStore


def entry(part: str, catentry_id: str | None = None, price: str = "9.99") -> CatalogEntry:
    """A catalog entry."""
    return CatalogEntry(part, catentry_id or f"id-{part}", f"Item {part}", "C62", Decimal(price), "USD")


def level(part: str, fc_id: str, on_hand: int, receipts: tuple[FutureReceipt, ...] = ()) -> StockLevel:
    """A stock level."""
    return StockLevel(part, fc_id, on_hand, safety_stock=1, receipts=receipts)


def chunk(
    item: str, part: str, quantity: int, status: AllocationStatus, fc_id: str | None = "FC1"
) -> ReservationChunk:
    """A reservation chunk."""
    held = status is not AllocationStatus.UNALLOCATED
    return ReservationChunk(
        order_item_id=item,
        part_number=part,
        quantity=quantity,
        status=status,
        fc_id=fc_id if held else None,
        available_date=T0 if held else None,
        expected_ship_date=T0 + timedelta(days=1) if held else None,
    )


def reservation(order_id: str, *chunks: ReservationChunk) -> Reservation:
    """A reservation."""
    return Reservation(order_id, "10101", tuple(chunks), T0)


def buyer(logon: str, org_dn: str = "o=acme") -> Buyer:
    """A buyer."""
    return Buyer(logon, f"uid={logon},{org_dn}", org_dn, "Ada", "Byron", f"{logon}@example.com")


def price_list(list_id: str, org_dn: str | None, prices: dict[str, str]) -> PriceList:
    """A price list with one break per part (and a second break at 10)."""
    return PriceList(
        list_id,
        f"List {list_id}",
        f"contract-{list_id}",
        "USD",
        org_dn,
        {
            part: (PriceBreak(1, Decimal(price)), PriceBreak(10, Decimal(price) - Decimal("0.50")))
            for part, price in prices.items()
        },
    )


def _line(line_id: str) -> OrderLine:
    return OrderLine(
        line_id=line_id,
        part_number="P1",
        quantity=2,
        unit_price=Decimal("10.00"),
        shipping=Decimal("1.50"),
        sales_tax=Decimal("0.80"),
        shipping_tax=Decimal("0.10"),
        status="C",
        commerce_item_id=f"ci-{line_id}",
        fc_id="FC1",
        ship_date=T0 + timedelta(days=2),
    )


AMOUNTS = OrderAmounts("USD", Decimal("20.00"), Decimal("-1.00"), Decimal("1.50"), Decimal("0.80"), Decimal("0.10"))


def order(
    external_id: str,
    placed: datetime = T0,
    *,
    commerce_id: str | None = None,
    store_id: str = "10101",
    logon: str = "ada",
    org_dn: str = "o=acme",
    status: str = "C",
    channel: Channel = Channel.WEB,
) -> Order:
    """An order."""
    return Order(
        external_order_id=external_id,
        store_id=store_id,
        channel=channel,
        buyer_logon_id=logon,
        buyer_dn=f"uid={logon},{org_dn}",
        org_dn=org_dn,
        lines=(_line("1"), _line("2")),
        amounts=AMOUNTS,
        status=status,
        placed=placed,
        last_update=placed,
        commerce_order_id=commerce_id,
        purchase_order_number="PO-1",
    )


def quote(
    external_id: str,
    placed: datetime = T0,
    *,
    commerce_id: str | None = None,
    store_id: str = "10101",
    logon: str = "ada",
    org_dn: str = "o=acme",
    status: str = "M",
    channel: Channel = Channel.CSR,
) -> Quote:
    """A quote."""
    return Quote(
        external_quote_id=external_id,
        store_id=store_id,
        channel=channel,
        buyer_logon_id=logon,
        buyer_dn=f"uid={logon},{org_dn}",
        org_dn=org_dn,
        lines=(_line("1"),),
        amounts=AMOUNTS,
        status=status,
        placed=placed,
        last_update=placed,
        expiration=placed + timedelta(days=30),
        commerce_quote_id=commerce_id,
    )
