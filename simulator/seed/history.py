"""Orders and quotes each buyer placed through other channels (phone, EDI, CSR, branch store)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from simulator.domain import status
from simulator.domain.model import (
    Buyer,
    CatalogEntry,
    Channel,
    Order,
    OrderLine,
    Organization,
    PhysicalStore,
    PriceList,
    Quote,
)
from simulator.domain.pricing import ChargePolicy, LineCharges, charge_line, entitled_price, total
from simulator.seed.locations import CURRENCY, STORE_ID
from simulator.seed.randomness import DAY_MINUTES, Source

POLICY = ChargePolicy()
QUOTE_VALIDITY = timedelta(days=30)
ORDER_CHANNELS = (Channel.PHONE, Channel.EDI, Channel.CSR, Channel.PHYSICAL_STORE)
ORDER_CHANNEL_WEIGHTS = (3, 3, 2, 2)
QUOTE_CHANNELS = (Channel.PHONE, Channel.EDI, Channel.CSR, Channel.PHYSICAL_STORE)
QUOTE_CHANNEL_WEIGHTS = (4, 2, 3, 1)


@dataclass(frozen=True, slots=True)
class _Plan:
    """How old an order (or quote) in a status is, and whether its lines are at a center or shipped."""

    status: str
    weight: int
    min_age_minutes: int
    max_age_minutes: int
    at_center: bool = False
    shipped: bool = False


ORDER_PLANS = (
    _Plan(status.ORDER_RECEIVED, 15, 30, 2 * DAY_MINUTES),
    _Plan(status.ORDER_RELEASED, 15, DAY_MINUTES, 6 * DAY_MINUTES, at_center=True),
    _Plan(status.ORDER_SHIPPED, 30, 5 * DAY_MINUTES, 120 * DAY_MINUTES, at_center=True, shipped=True),
    _Plan(status.ORDER_DEPOSITED, 30, 10 * DAY_MINUTES, 365 * DAY_MINUTES, at_center=True, shipped=True),
    _Plan(status.ORDER_CANCELLED, 10, DAY_MINUTES, 365 * DAY_MINUTES),
)
QUOTE_PLANS = (
    _Plan(status.QUOTE_SUBMITTED, 40, 60, 20 * DAY_MINUTES),
    _Plan(status.QUOTE_APPROVED, 35, DAY_MINUTES, 25 * DAY_MINUTES),
    _Plan(status.QUOTE_EXPIRED, 25, 35 * DAY_MINUTES, 200 * DAY_MINUTES),
)


@dataclass(frozen=True, slots=True)
class Market:
    """What buyers can order, from where, and at which entitled prices."""

    catalog: tuple[CatalogEntry, ...]
    fc_ids: tuple[str, ...]
    physical_stores: tuple[PhysicalStore, ...]
    entitlements: dict[str, tuple[PriceList, ...]]

    @classmethod
    def of(
        cls,
        catalog: tuple[CatalogEntry, ...],
        fc_ids: tuple[str, ...],
        physical_stores: tuple[PhysicalStore, ...],
        orgs: tuple[Organization, ...],
        lists: tuple[PriceList, ...],
    ) -> Market:
        """Entitlement chains (own contract, parent's contract, store default) per organization."""
        by_org = {pl.org_dn: pl for pl in lists}
        chains = {
            org.dn: tuple(pl for pl in (by_org.get(org.dn), by_org.get(org.parent_dn), by_org[None]) if pl)
            for org in orgs
        }
        return cls(catalog, fc_ids, physical_stores, chains)


def orders(source: Source, market: Market, buyers: Sequence[Buyer]) -> tuple[Order, ...]:
    """Three to six orders per buyer, numbered EXT-ORD-000001... in the order they were placed."""
    drafts = [_order(source, market, b) for b in buyers for _ in range(source.rng.randint(3, 6))]
    drafts.sort(key=lambda o: o.placed)
    numbered = []
    for number, draft in enumerate(drafts, start=1):
        external_id = external_order_id(number)
        numbered.append(replace(draft, external_order_id=external_id, lines=_number(draft.lines, external_id)))
    return tuple(numbered)


def quotes(source: Source, market: Market, buyers: Sequence[Buyer]) -> tuple[Quote, ...]:
    """One to three quotes per buyer, numbered EXT-QUO-000001... in the order they were placed."""
    drafts = [_quote(source, market, b) for b in buyers for _ in range(source.rng.randint(1, 3))]
    drafts.sort(key=lambda q: q.placed)
    numbered = []
    for number, draft in enumerate(drafts, start=1):
        external_id = external_quote_id(number)
        numbered.append(replace(draft, external_quote_id=external_id, lines=_number(draft.lines, external_id)))
    return tuple(numbered)


def external_order_id(number: int) -> str:
    """The back office's order number for a sequence value (as the backend formats it)."""
    return f"EXT-ORD-{number:06d}"


def external_quote_id(number: int) -> str:
    """The back office's quote number for a sequence value (as the backend formats it)."""
    return f"EXT-QUO-{number:06d}"


def _number(lines: tuple[OrderLine, ...], external_id: str) -> tuple[OrderLine, ...]:
    return tuple(replace(line, line_id=f"{external_id}-{n:02d}") for n, line in enumerate(lines, start=1))


def _order(source: Source, market: Market, buyer: Buyer) -> Order:
    rng = source.rng
    plan = rng.choices(ORDER_PLANS, weights=[p.weight for p in ORDER_PLANS])[0]
    channel = rng.choices(ORDER_CHANNELS, weights=ORDER_CHANNEL_WEIGHTS)[0]
    placed = source.ago(plan.min_age_minutes, plan.max_age_minutes)
    fc_id = _center(source, market, channel) if plan.at_center else None
    lines, charges = _lines(source, market, buyer, plan.status, placed)
    lines = tuple(_fulfil(source, line, fc_id, placed, plan.shipped) for line in lines)
    return Order(
        external_order_id="",
        store_id=STORE_ID,
        channel=channel,
        buyer_logon_id=buyer.logon_id,
        buyer_dn=buyer.dn,
        org_dn=buyer.org_dn,
        lines=lines,
        amounts=total(charges, CURRENCY),
        status=plan.status,
        placed=placed,
        last_update=min(source.anchor, _order_update(source, plan, placed, lines)),
        purchase_order_number=_po_number(source, channel),
    )


def _quote(source: Source, market: Market, buyer: Buyer) -> Quote:
    rng = source.rng
    plan = rng.choices(QUOTE_PLANS, weights=[p.weight for p in QUOTE_PLANS])[0]
    placed = source.ago(plan.min_age_minutes, plan.max_age_minutes)
    expiration = placed + QUOTE_VALIDITY
    lines, charges = _lines(source, market, buyer, plan.status, placed)
    if plan.status == status.QUOTE_EXPIRED:
        updated = expiration
    else:
        updated = min(source.anchor, placed + timedelta(minutes=rng.randint(0, 2 * DAY_MINUTES)))
    return Quote(
        external_quote_id="",
        store_id=STORE_ID,
        channel=rng.choices(QUOTE_CHANNELS, weights=QUOTE_CHANNEL_WEIGHTS)[0],
        buyer_logon_id=buyer.logon_id,
        buyer_dn=buyer.dn,
        org_dn=buyer.org_dn,
        lines=lines,
        amounts=total(charges, CURRENCY),
        status=plan.status,
        placed=placed,
        last_update=updated,
        expiration=expiration,
    )


def _lines(
    source: Source, market: Market, buyer: Buyer, line_status: str, placed: datetime
) -> tuple[tuple[OrderLine, ...], list[LineCharges]]:
    rng = source.rng
    count = min(len(market.catalog), rng.choices((1, 2, 3, 4, 5), weights=(3, 4, 3, 2, 1))[0])
    lines: list[OrderLine] = []
    charges: list[LineCharges] = []
    for entry in rng.sample(market.catalog, count):
        quantity = rng.randint(1, 5) if rng.random() < 0.7 else rng.randint(6, 120)
        offer = entitled_price(market.entitlements[buyer.org_dn], entry.part_number, quantity, CURRENCY)
        charge = charge_line(POLICY, offer.price if offer else entry.list_price, quantity)
        charges.append(charge)
        requested = placed + timedelta(days=rng.randint(2, 10)) if rng.random() < 0.5 else None
        lines.append(
            OrderLine(
                line_id="",
                part_number=entry.part_number,
                quantity=quantity,
                unit_price=charge.unit_price,
                shipping=charge.shipping,
                sales_tax=charge.sales_tax,
                shipping_tax=charge.shipping_tax,
                status=line_status,
                uom=entry.uom,
                requested_ship_date=requested,
            )
        )
    return tuple(lines), charges


def _center(source: Source, market: Market, channel: Channel) -> str:
    if channel is Channel.PHYSICAL_STORE and market.physical_stores:
        return source.rng.choice(market.physical_stores).fc_id
    return source.rng.choice(market.fc_ids)


def _fulfil(source: Source, line: OrderLine, fc_id: str | None, placed: datetime, shipped: bool) -> OrderLine:
    ship_date = placed + timedelta(minutes=source.rng.randint(12 * 60, 4 * DAY_MINUTES)) if shipped else None
    return replace(line, fc_id=fc_id, ship_date=ship_date)


def _order_update(source: Source, plan: _Plan, placed: datetime, lines: tuple[OrderLine, ...]) -> datetime:
    rng = source.rng
    ship_dates = [line.ship_date for line in lines if line.ship_date is not None]
    if ship_dates:
        settled = rng.randint(1, 5) if plan.status == status.ORDER_DEPOSITED else 0
        return max(ship_dates) + timedelta(days=settled)
    if plan.status == status.ORDER_RECEIVED:
        return placed
    return placed + timedelta(minutes=rng.randint(60, 20 * 60))


def _po_number(source: Source, channel: Channel) -> str | None:
    if channel is Channel.EDI or source.rng.random() < 0.4:
        return f"PO-{source.rng.randint(100000, 999999)}"
    return None
