"""A bounded (LRU) cache whose entries expire after a TTL, on an injectable clock, with hit/miss statistics."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class CacheStats:
    """What a cache has done: hits, misses, evictions (size bound) and expirations (TTL), and its size now."""

    hits: int = 0
    misses: int = 0
    evictions: int = 0
    expirations: int = 0
    size: int = 0


class TtlCache(Generic[K, V]):
    """Entries live `ttl` seconds and at most `max_entries` are kept; the least recently used goes first."""

    def __init__(self, ttl: float, max_entries: int, clock: Callable[[], float] = time.monotonic) -> None:
        if ttl <= 0 or max_entries <= 0:
            raise ValueError("a cache needs a positive ttl and a positive size bound")
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = self._misses = self._evictions = self._expirations = 0

    def get(self, key: K) -> V | None:
        """The cached value, or None on a miss (absent or expired); a hit makes the entry most recently used."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] <= self._clock():
                del self._entries[key]
                self._expirations += 1
                found = None
            if found is None:
                self._misses += 1
                return None
            self._entries.move_to_end(key)
            self._hits += 1
            return found[1]

    def peek(self, key: K) -> V | None:
        """The cached value if present and fresh, without counting a hit or a miss or touching its recency."""
        with self._lock:
            found = self._entries.get(key)
            return found[1] if found is not None and found[0] > self._clock() else None

    def put(self, key: K, value: V) -> None:
        """Remember a value for `ttl` seconds, evicting the least recently used entry when full."""
        with self._lock:
            self._entries[key] = (self._clock() + self.ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
                self._evictions += 1

    def discard(self, key: K) -> None:
        """Forget one entry (no statistics change)."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget every entry; the statistics are kept."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    @property
    def stats(self) -> CacheStats:
        """A snapshot of the statistics."""
        with self._lock:
            return CacheStats(self._hits, self._misses, self._evictions, self._expirations, len(self._entries))
