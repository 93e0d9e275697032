"""The stock mix: mostly available, some unavailable, backorderable and nearly gone parts."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from simulator.domain.model import StockLevel
from simulator.seed import World


def levels_by_part(world: World) -> dict[str, list[StockLevel]]:
    found: dict[str, list[StockLevel]] = defaultdict(list)
    for level in world.stock:
        found[level.part_number].append(level)
    return found


def test_every_part_is_stocked_at_one_to_three_known_centers(world: World) -> None:
    centers = {c.fc_id for c in world.fulfillment_centers}
    by_part = levels_by_part(world)
    assert set(by_part) == {e.part_number for e in world.catalog}
    for levels in by_part.values():
        assert 1 <= len(levels) <= 3
        assert len({level.fc_id for level in levels}) == len(levels)
        assert {level.fc_id for level in levels} <= centers


def test_some_parts_are_unavailable_everywhere(world: World) -> None:
    unavailable = [
        part
        for part, levels in levels_by_part(world).items()
        if all(level.on_hand == 0 and not level.receipts for level in levels)
    ]
    assert 0.02 * len(world.catalog) <= len(unavailable) <= 0.10 * len(world.catalog)


def test_some_parts_are_backorderable_within_a_month(world: World) -> None:
    backorderable = {
        part: levels
        for part, levels in levels_by_part(world).items()
        if all(level.on_hand == 0 for level in levels) and any(level.receipts for level in levels)
    }
    assert 0.02 * len(world.catalog) <= len(backorderable) <= 0.10 * len(world.catalog)
    for levels in backorderable.values():
        for receipt in (r for level in levels for r in level.receipts):
            assert world.anchor + timedelta(days=3) <= receipt.date <= world.anchor + timedelta(days=30)
            assert receipt.quantity > 0


def test_some_parts_are_nearly_gone(world: World) -> None:
    low = [levels for levels in levels_by_part(world).values() if sum(lv.on_hand for lv in levels) in (1, 2, 3)]
    assert len(low) >= 0.03 * len(world.catalog)
    assert all(level.safety_stock == 0 for levels in low for level in levels)


def test_most_parts_are_available_above_safety_stock(world: World) -> None:
    available = [
        levels
        for levels in levels_by_part(world).values()
        if any(level.on_hand > level.safety_stock for level in levels)
    ]
    assert len(available) >= 0.8 * len(world.catalog)
    for level in world.stock:
        assert 0 <= level.safety_stock <= 5
        assert 0 <= level.on_hand <= 500
        assert all(r.date > world.anchor for r in level.receipts)
