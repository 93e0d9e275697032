"""The World: every entity a seeded back office starts with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from simulator.domain.model import (
    Buyer,
    CatalogEntry,
    FulfillmentCenter,
    OnlineStore,
    Order,
    Organization,
    PhysicalStore,
    PriceList,
    Quote,
    StockLevel,
)


@dataclass(frozen=True)
class World:
    """Every entity the back office starts with."""

    seed: int
    products: int
    anchor: datetime
    catalog: tuple[CatalogEntry, ...]
    online_stores: tuple[OnlineStore, ...]
    physical_stores: tuple[PhysicalStore, ...]
    fulfillment_centers: tuple[FulfillmentCenter, ...]
    stock: tuple[StockLevel, ...]
    organizations: tuple[Organization, ...]
    buyers: tuple[Buyer, ...]
    price_lists: tuple[PriceList, ...]
    orders: tuple[Order, ...]
    quotes: tuple[Quote, ...]
