"""The one seeded random source of a world: a Random and a Faker seeded from the same seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from faker import Faker

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Source:
    """Everything random in a world comes from here; every date is relative to the anchor."""

    rng: random.Random
    fake: Faker
    anchor: datetime

    @classmethod
    def seeded(cls, seed: int, anchor: datetime) -> Source:
        """A source whose every draw is fixed by the seed."""
        fake = Faker("en_US")
        fake.seed_instance(seed)
        return cls(random.Random(seed), fake, anchor)

    def ago(self, min_minutes: int, max_minutes: int) -> datetime:
        """A moment between the two bounds before the anchor."""
        return self.anchor - timedelta(minutes=self.rng.randint(min_minutes, max_minutes))

    def unique_names(self, count: int, make: Callable[[], str]) -> list[str]:
        """Distinct Faker values, in draw order."""
        names: list[str] = []
        seen: set[str] = set()
        while len(names) < count:
            name = make()
            if name not in seen:
                seen.add(name)
                names.append(name)
        return names


DAY_MINUTES = 24 * 60
