"""Held quantities of reservation chunks summed per (part, center): what both stores keep up to date."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from simulator.domain.inventory import Holds
from simulator.domain.model import AllocationStatus, ReservationChunk


class Tally(NamedTuple):
    """Allocated and backordered quantities, and how many chunks they come from."""

    allocated: int = 0
    backordered: int = 0
    chunks: int = 0

    def plus(self, other: Tally, sign: int = 1) -> Tally:
        """This tally with another added (sign 1) or taken out (sign -1)."""
        return Tally(
            self.allocated + sign * other.allocated,
            self.backordered + sign * other.backordered,
            self.chunks + sign * other.chunks,
        )

    def holds(self) -> Holds:
        """The quantities as the domain sees them."""
        return Holds(self.allocated, self.backordered)


def tally(chunks: Iterable[ReservationChunk]) -> dict[tuple[str, str], Tally]:
    """Sum the chunks that hold stock (allocated or backordered at a center) per (part, center)."""
    sums: dict[tuple[str, str], Tally] = {}
    for chunk in chunks:
        if chunk.fc_id is None or chunk.status is AllocationStatus.UNALLOCATED:
            continue
        allocated = chunk.status is AllocationStatus.ALLOCATED
        one = Tally(chunk.quantity if allocated else 0, 0 if allocated else chunk.quantity, 1)
        key = (chunk.part_number, chunk.fc_id)
        sums[key] = sums.get(key, Tally()).plus(one)
    return sums


def without(totals: dict[str, Tally], removed: dict[tuple[str, str], Tally]) -> dict[str, Holds]:
    """Per-center holds of one part once some chunks (of that part) are taken out; empty centers vanish."""
    left = dict(totals)
    for (_, fc_id), part in removed.items():
        left[fc_id] = left.get(fc_id, Tally()).plus(part, -1)
    return {fc_id: left[fc_id].holds() for fc_id in sorted(left) if left[fc_id].chunks > 0}
