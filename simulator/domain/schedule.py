"""Timers: when a lifecycle entity (order, quote, reservation, stock receipt) is next due for a transition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

ORDER: Final = "order"
QUOTE: Final = "quote"
RESERVATION: Final = "reservation"
RECEIPT: Final = "receipt"


@dataclass(frozen=True, slots=True)
class Timer:
    """One entity the lifecycle watches; `due` is None while its next step waits for an admin call."""

    kind: str
    key: str
    due: datetime | None
