"""Determinism of the world: same inputs, same content hash; anchors and progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from simulator.seed import World, build_world, content_hash, default_anchor


def test_same_seed_builds_the_same_world(world: World) -> None:
    again = build_world(world.seed, world.products, world.anchor)
    assert again == world
    assert content_hash(again) == content_hash(world)


def test_different_seed_builds_a_different_world(world: World) -> None:
    assert content_hash(build_world(world.seed + 1, world.products, world.anchor)) != content_hash(world)


def test_anchor_moves_the_world(world: World) -> None:
    assert content_hash(build_world(world.seed, world.products, world.anchor + timedelta(days=1))) != content_hash(
        world
    )


def test_anchor_in_another_zone_is_the_same_instant(anchor: datetime) -> None:
    eastern = anchor.astimezone(timezone(timedelta(hours=-5)))
    assert content_hash(build_world(7, 30, eastern)) == content_hash(build_world(7, 30, anchor))


def test_the_world_has_every_kind_of_entity(world: World) -> None:
    assert len(world.catalog) == world.products
    assert [s.store_id for s in world.online_stores] == ["10101"]
    assert world.online_stores[0].currency == "USD"
    assert len(world.fulfillment_centers) >= 3
    assert 3 <= len(world.physical_stores) <= 5
    assert {s.fc_id for s in world.physical_stores} <= {c.fc_id for c in world.fulfillment_centers}
    assert world.orders and world.quotes


def test_catalog_entries_are_readable_and_unique(world: World) -> None:
    assert world.catalog[0].part_number == "BO-000001"
    assert world.catalog[0].catentry_id == "10001"
    assert len({e.part_number for e in world.catalog}) == world.products
    assert len({e.catentry_id for e in world.catalog}) == world.products
    for entry in world.catalog:
        assert entry.uom == "C62"
        assert 1 <= entry.list_price <= 2000
        assert entry.list_price.as_tuple().exponent == -2


def test_progress_is_reported_up_to_the_total(anchor: datetime) -> None:
    calls: list[tuple[int, int]] = []
    build_world(1, 2500, anchor, lambda done, total: calls.append((done, total)))
    assert len(calls) >= 5
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1][0] == calls[-1][1]


def test_default_anchor_is_midnight_utc_of_the_day() -> None:
    late_evening_in_new_york = datetime(2026, 3, 9, 22, 15, tzinfo=timezone(timedelta(hours=-4)))
    assert default_anchor(late_evening_in_new_york) == datetime(2026, 3, 10, tzinfo=UTC)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        default_anchor(datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        build_world(1, 10, datetime(2026, 1, 1))


def test_a_world_needs_products(anchor: datetime) -> None:
    with pytest.raises(ValueError, match="at least one product"):
        build_world(1, 0, anchor)
