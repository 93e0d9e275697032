"""The online store, fulfillment centers and physical stores of a world."""

from __future__ import annotations

from simulator.domain.model import FulfillmentCenter, OnlineStore, PhysicalStore
from simulator.seed.randomness import Source

STORE_ID = "10101"
STORE_IDENTIFIER = "Elite"
CURRENCY = "USD"


def online_store() -> OnlineStore:
    """The one B2B Elite store Commerce calls from."""
    return OnlineStore(store_id=STORE_ID, identifier=STORE_IDENTIFIER, currency=CURRENCY)


def fulfillment_centers(source: Source) -> tuple[FulfillmentCenter, ...]:
    """Three to four distribution centers, named after Faker cities."""
    count = source.rng.randint(3, 4)
    cities = source.unique_names(count, source.fake.city)
    return tuple(
        FulfillmentCenter(fc_id=str(11001 + i), name=f"{city} Distribution Center") for i, city in enumerate(cities)
    )


def physical_stores(source: Source, centers: tuple[FulfillmentCenter, ...]) -> tuple[PhysicalStore, ...]:
    """Three to five branch stores, each stocked by one of the centers (every center serves at least one)."""
    count = source.rng.randint(max(3, len(centers)), 5)
    cities = source.unique_names(count, source.fake.city)
    return tuple(
        PhysicalStore(
            store_id=str(20001 + i),
            external_id=f"PS-{i + 1:03d}",
            name=f"{city} Branch",
            fc_id=centers[i % len(centers)].fc_id,
        )
        for i, city in enumerate(cities)
    )
