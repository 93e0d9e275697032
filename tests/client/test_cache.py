"""TtlCache: hits, misses, expiry after the TTL and LRU eviction at the size bound, on an injected clock."""

from __future__ import annotations

import pytest

from simulator.client.cache import CacheStats, TtlCache


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_miss_then_a_hit(clock: Clock) -> None:
    cache: TtlCache[str, int] = TtlCache(60, 10, clock)
    assert cache.get("a") is None
    cache.put("a", 1)
    assert cache.get("a") == 1
    assert cache.stats == CacheStats(hits=1, misses=1, size=1)


def test_an_entry_expires_after_the_ttl(clock: Clock) -> None:
    cache: TtlCache[str, int] = TtlCache(60, 10, clock)
    cache.put("a", 1)
    clock.now += 59.9
    assert cache.get("a") == 1
    clock.now += 0.1
    assert cache.get("a") is None
    assert cache.stats == CacheStats(hits=1, misses=1, expirations=1, size=0)


def test_put_again_restarts_the_ttl(clock: Clock) -> None:
    cache: TtlCache[str, int] = TtlCache(60, 10, clock)
    cache.put("a", 1)
    clock.now += 50
    cache.put("a", 2)
    clock.now += 50
    assert cache.get("a") == 2


def test_the_least_recently_used_entry_is_evicted_at_the_bound(clock: Clock) -> None:
    cache: TtlCache[str, int] = TtlCache(60, 2, clock)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # b is now the least recently used
    cache.put("c", 3)
    assert cache.peek("b") is None
    assert (cache.peek("a"), cache.peek("c")) == (1, 3)
    assert cache.stats.evictions == 1
    assert len(cache) == 2


def test_peek_counts_nothing_and_keeps_recency(clock: Clock) -> None:
    cache: TtlCache[str, int] = TtlCache(60, 2, clock)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.peek("a") == 1
    cache.put("c", 3)
    assert cache.peek("a") is None
    assert (cache.stats.hits, cache.stats.misses) == (0, 0)


def test_clear_and_discard_forget_entries_but_keep_statistics(clock: Clock) -> None:
    cache: TtlCache[str, int] = TtlCache(60, 10, clock)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.discard("a")
    assert cache.get("a") is None
    cache.clear()
    assert cache.stats == CacheStats(hits=1, misses=1, size=0)


@pytest.mark.parametrize(("ttl", "size"), [(0, 1), (1, 0), (-1, 5)])
def test_a_cache_needs_a_positive_ttl_and_bound(ttl: float, size: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        TtlCache(ttl, size)
