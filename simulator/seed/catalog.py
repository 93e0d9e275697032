"""The catalog and its stock: mostly available, some out of stock, backorderable, or nearly gone."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from simulator.domain.model import UNIT_EACH, CatalogEntry, FulfillmentCenter, FutureReceipt, StockLevel
from simulator.seed.locations import CURRENCY
from simulator.seed.randomness import Source

BRANDS = 300
UNAVAILABLE_SHARE = 0.05
BACKORDERABLE_SHARE = 0.05
LOW_STOCK_SHARE = 0.08
MIN_CENTS, MAX_CENTS = 100, 200_000
QUALIFIERS = (
    "Heavy-Duty", "Stainless", "Galvanized", "Industrial", "Compact", "Ergonomic", "Cordless", "Insulated",
    "Reinforced", "Precision", "Weatherproof", "High-Visibility", "Commercial", "Low-Profile", "Modular",
)  # fmt: skip
PRODUCTS = (
    "Hex Bolt", "Ball Bearing", "Safety Gloves", "Drill Bit Set", "Cable Ties", "Pipe Fitting",
    "Circuit Breaker", "Extension Cord", "Work Light", "Toolbox", "Shelf Bracket", "Hose Clamp",
    "Utility Knife", "Tape Measure", "Socket Set", "Torque Wrench", "Filing Cabinet", "Desk Lamp",
    "Copy Paper", "Storage Bin", "Hand Truck", "Ladder", "Safety Goggles", "Hard Hat", "Padlock",
    "Caster Wheel", "Air Filter", "Shop Vacuum", "Workbench", "Label Printer", "Pallet Jack",
    "Wire Spool", "Door Hinge", "Fastener Kit", "Respirator Mask", "Angle Grinder", "Impact Driver",
)  # fmt: skip

Tick = Callable[[], None]


def catalog_and_stock(
    source: Source, products: int, centers: tuple[FulfillmentCenter, ...], tick: Tick
) -> tuple[tuple[CatalogEntry, ...], tuple[StockLevel, ...]]:
    """`products` catalog entries and their stock levels at one to three centers each."""
    brands = source.unique_names(min(BRANDS, max(products, 1)), source.fake.last_name)
    fc_ids = [center.fc_id for center in centers]
    entries: list[CatalogEntry] = []
    levels: list[StockLevel] = []
    for index in range(products):
        entry = _entry(source, index, brands)
        entries.append(entry)
        levels.extend(_stock(source, entry.part_number, fc_ids))
        tick()
    return tuple(entries), tuple(levels)


def _entry(source: Source, index: int, brands: list[str]) -> CatalogEntry:
    rng = source.rng
    model = f"{chr(65 + rng.randrange(26))}{rng.randint(100, 999)}"
    name = f"{rng.choice(brands)} {rng.choice(QUALIFIERS)} {rng.choice(PRODUCTS)} {model}"
    return CatalogEntry(
        part_number=f"BO-{index + 1:06d}",
        catentry_id=str(10001 + index),
        name=name,
        uom=UNIT_EACH,
        list_price=Decimal(_list_price_cents(source)).scaleb(-2),
        currency=CURRENCY,
    )


def _list_price_cents(source: Source) -> int:
    """Log-uniform between 1.00 and 2000.00: many cheap parts, a few expensive ones."""
    exponent = source.rng.uniform(math.log(MIN_CENTS), math.log(MAX_CENTS))
    return min(MAX_CENTS, max(MIN_CENTS, round(math.exp(exponent))))


def _stock(source: Source, part: str, fc_ids: list[str]) -> list[StockLevel]:
    rng = source.rng
    draw = rng.random()
    if draw < UNAVAILABLE_SHARE:
        return [StockLevel(part, fc, 0) for fc in _centers(source, fc_ids)]
    if draw < UNAVAILABLE_SHARE + BACKORDERABLE_SHARE:
        return _backorderable(source, part, fc_ids)
    if draw < UNAVAILABLE_SHARE + BACKORDERABLE_SHARE + LOW_STOCK_SHARE:
        return [StockLevel(part, rng.choice(fc_ids), rng.randint(1, 3))]
    return [_available(source, part, fc) for fc in _centers(source, fc_ids)]


def _centers(source: Source, fc_ids: list[str]) -> list[str]:
    return source.rng.sample(fc_ids, source.rng.randint(1, min(3, len(fc_ids))))


def _backorderable(source: Source, part: str, fc_ids: list[str]) -> list[StockLevel]:
    rng = source.rng
    first, *others = _centers(source, fc_ids)
    receipt = FutureReceipt(source.anchor + timedelta(days=rng.randint(3, 30)), rng.randint(10, 200))
    return [StockLevel(part, first, 0, receipts=(receipt,)), *(StockLevel(part, fc, 0) for fc in others)]


def _available(source: Source, part: str, fc: str) -> StockLevel:
    rng = source.rng
    on_hand = rng.randint(5, 500)
    return StockLevel(part, fc, on_hand, rng.randint(0, min(5, on_hand - 1)))
