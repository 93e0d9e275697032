"""A memo of availability answers, valid while the store is unchanged and the clock allows."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class _Entry(Generic[V]):
    version: Hashable
    expires: datetime | None
    value: V


class VersionedMemo(Generic[K, V]):
    """Answers remembered per process, each tagged with the store's data version it was computed at.

    An entry is used only while the version is the same and the clock is before its expiry.
    """

    def __init__(self, capacity: int = 50_000) -> None:
        self._capacity = capacity
        self._store: dict[K, _Entry[V]] = {}

    def _entries(self) -> dict[K, _Entry[V]]:
        return self._store

    def get(self, key: K, version: Hashable, now: datetime) -> V | None:
        """The remembered answer, if still valid."""
        entry = self._entries().get(key)
        if entry is None or entry.version != version or (entry.expires is not None and now >= entry.expires):
            return None
        return entry.value

    def put(self, key: K, version: Hashable, expires: datetime | None, value: V) -> None:
        """Remember an answer; the memo is emptied when it reaches its capacity."""
        entries = self._entries()
        if len(entries) >= self._capacity:
            entries.clear()
        entries[key] = _Entry(version, expires, value)
