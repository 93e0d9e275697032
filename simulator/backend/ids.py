"""Identifiers from one seeded random source, so the same seed gives the same ids."""

from __future__ import annotations

import random
import threading
import uuid


class SeededIds:
    """BODIDs (UUIDs) drawn from a seeded generator."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def bod_id(self) -> str:
        """A new UUID for a response BODID."""
        with self._lock:
            bits = self._random.getrandbits(128)
        return str(uuid.UUID(int=bits, version=4))


def external_order_id(number: int) -> str:
    """The back office's order number for a sequence value."""
    return f"EXT-ORD-{number:06d}"


def external_quote_id(number: int) -> str:
    """The back office's quote number for a sequence value."""
    return f"EXT-QUO-{number:06d}"
