"""Identifiers from one seeded random source, so the same seed gives the same ids."""

from __future__ import annotations

import random
import threading

_KEEP = ~((0xC000 << 48) | (0xF000 << 64)) & (2**128 - 1)
_VERSION_4 = (0x8000 << 48) | (4 << 76)


class SeededIds:
    """BODIDs (UUIDs) drawn from a seeded generator."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def bod_id(self) -> str:
        """A new UUID for a response BODID."""
        with self._lock:
            bits = self._random.getrandbits(128)
        # The version-4 UUID of these bits, as uuid.UUID(int=bits, version=4) writes it, without building one.
        bits = (bits & _KEEP) | _VERSION_4
        digits = f"{bits:032x}"
        return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def external_order_id(number: int) -> str:
    """The back office's order number for a sequence value."""
    return f"EXT-ORD-{number:06d}"


def external_quote_id(number: int) -> str:
    """The back office's quote number for a sequence value."""
    return f"EXT-QUO-{number:06d}"
